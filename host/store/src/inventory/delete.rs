//! Removing a device: its row and its tags go; its config versions, compliance results and
//! command log stay (they are history, keyed by name).

use crate::error::QueryContext;
use crate::{Store, StoreError};

impl Store {
    /// Deletes the device named `name`; a name that does not exist is `NotFound`.
    pub async fn delete_device(&self, name: &str) -> Result<(), StoreError> {
        if let Some(source) = self.managed_by("devices", name).await? {
            return Err(StoreError::Conflict {
                what: format!("device `{name}`"),
                message: format!(
                    "it is synced from {source}, so it is deleted there: delete it in {source} and run `aurum sot sync`"
                ),
            });
        }
        let mut tx = self
            .pool
            .begin()
            .await
            .context("starting a device's deletion")?;
        sqlx::query(
            "DELETE FROM device_tags WHERE device_id IN (SELECT id FROM devices WHERE name = $1)",
        )
        .bind(name)
        .execute(&mut *tx)
        .await
        .context("deleting a device's tags")?;
        let deleted = sqlx::query("DELETE FROM devices WHERE name = $1")
            .bind(name)
            .execute(&mut *tx)
            .await
            .context("deleting a device")?;
        if deleted.rows_affected() == 0 {
            return Err(StoreError::NotFound {
                what: "device",
                name: name.to_string(),
                hint: "list devices with `aurum inventory list` or GET /api/devices/".to_string(),
            });
        }
        tx.commit()
            .await
            .context("committing a device's deletion")?;
        Ok(())
    }
}
