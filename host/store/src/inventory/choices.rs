//! What a command's interface, VLAN and IP variables may be on one device, from the synced
//! (or otherwise stored) interfaces, VLANs and IP addresses: offered as choices, not imposed.

use serde::Serialize;

use crate::error::QueryContext;
use crate::{Store, StoreError};

/// Choices per variable kind, sorted.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct VariableChoices {
    /// The device's interfaces.
    pub interfaces: Vec<String>,
    /// VLAN IDs of the device's location, and of none (global ones), with their names.
    pub vlans: Vec<(i64, String)>,
    /// Host addresses on the device's interfaces.
    pub ip_addresses: Vec<String>,
}

impl Store {
    pub async fn variable_choices(&self, device: &str) -> Result<VariableChoices, StoreError> {
        let interfaces: Vec<(String,)> = sqlx::query_as(
            "SELECT i.name FROM interfaces i JOIN devices d ON d.id = i.device_id \
             WHERE d.name = $1 ORDER BY i.name",
        )
        .bind(device)
        .fetch_all(&self.pool)
        .await
        .context("reading a device's interfaces")?;
        let vlans: Vec<(i64, String)> = sqlx::query_as(
            "SELECT v.vid, v.name FROM vlans v WHERE v.location_id IS NULL \
             OR v.location_id = (SELECT location_id FROM devices WHERE name = $1) \
             ORDER BY v.vid, v.name",
        )
        .bind(device)
        .fetch_all(&self.pool)
        .await
        .context("reading a device's VLANs")?;
        let addresses: Vec<(String,)> = sqlx::query_as(
            "SELECT a.address FROM ip_addresses a JOIN interfaces i ON i.id = a.interface_id \
             JOIN devices d ON d.id = i.device_id WHERE d.name = $1 ORDER BY a.address",
        )
        .bind(device)
        .fetch_all(&self.pool)
        .await
        .context("reading a device's IP addresses")?;
        let mut vlans = vlans;
        vlans.dedup_by_key(|(vid, _)| *vid);
        Ok(VariableChoices {
            interfaces: interfaces.into_iter().map(|(n,)| n).collect(),
            vlans,
            ip_addresses: addresses
                .into_iter()
                .map(|(a,)| a.split('/').next().unwrap_or(&a).to_string())
                .collect(),
        })
    }
}
