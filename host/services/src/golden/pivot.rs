//! The compliance pivot, Nautobot's overview: devices × features, one page of devices at a
//! time, filterable like the device list. Only the page's devices' results are read, so a
//! page costs the same at 100 devices as at 10,000.

use std::collections::BTreeMap;

use serde::Serialize;

use aurum_inventory::DeviceFilter;

use super::GoldenService;
use crate::ServiceError;
use crate::identity::{Permission, Principal};
use crate::inventory::{Page, PageRequest, matches_q};

/// One device's row: each feature's result (`true` compliant), absent where it has none.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PivotRow {
    pub device: String,
    pub features: BTreeMap<String, bool>,
    pub compliant: usize,
    pub non_compliant: usize,
}

/// One page of the pivot: the columns (every feature with a result) and the page's rows.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Pivot {
    pub features: Vec<String>,
    pub count: usize,
    pub results: Vec<PivotRow>,
}

/// Which rows of the pivot.
#[derive(Debug, Clone, Default)]
pub struct PivotQuery {
    pub filter: DeviceFilter,
    pub q: Option<String>,
    pub page: PageRequest,
}

impl GoldenService {
    /// The pivot rows of the devices the principal may see (`view_device`) that the query
    /// selects, by device name, one page of them.
    pub async fn pivot(
        &self,
        principal: &Principal,
        query: &PivotQuery,
    ) -> Result<Pivot, ServiceError> {
        let devices = self.store.devices(&query.filter).await?;
        let devices = self
            .authz
            .retain_devices(principal, Permission::VIEW_DEVICE, devices)
            .await?;
        let names: Vec<String> = devices
            .into_iter()
            .map(|d| d.name)
            .filter(|name| matches_q(query.q.as_deref(), &[name]))
            .collect();
        let page = Page::of(names, query.page);
        let mut rows: BTreeMap<String, PivotRow> = page
            .results
            .iter()
            .map(|name| {
                let row = PivotRow {
                    device: name.clone(),
                    features: BTreeMap::new(),
                    compliant: 0,
                    non_compliant: 0,
                };
                (name.clone(), row)
            })
            .collect();
        for (device, feature, compliant) in self.store.compliance_of_devices(&page.results).await? {
            if let Some(row) = rows.get_mut(&device) {
                row.features.insert(feature, compliant);
                match compliant {
                    true => row.compliant += 1,
                    false => row.non_compliant += 1,
                }
            }
        }
        Ok(Pivot {
            features: self.store.compliance_features().await?,
            count: page.count,
            results: rows.into_values().collect(),
        })
    }
}
