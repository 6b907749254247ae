//! Devices: list (field filters, `q=`, pages), show, create, update, delete. Reads need
//! `view_device` on each device; writes `add_device`, `change_device` or `delete_device` on
//! the device (before and after a change), so a scoped grant can neither see nor move a
//! device out of its saved filter. A device the principal may not see is "no device".

use aurum_inventory::{Device, DeviceFilter, InventoryDocument, ValidationPolicy};
use aurum_store::StoreError;

use serde_json::Value;

use super::body::{invalid, merge_patch, refuse_nul, typed};
use super::{InventoryService, Page, PageRequest, matches_q};
use crate::ServiceError;
use crate::identity::{Permission, Principal};

/// Which devices to list.
#[derive(Debug, Clone, Default)]
pub struct DeviceQuery {
    pub filter: DeviceFilter,
    pub q: Option<String>,
    pub page: PageRequest,
}

impl InventoryService {
    /// The devices the query selects that the principal may see, one page of them.
    pub async fn devices(
        &self,
        principal: &Principal,
        query: &DeviceQuery,
    ) -> Result<Page<Device>, ServiceError> {
        let in_sql = aurum_store::DevicePageQuery {
            filter: query.filter.clone(),
            q: query.q.clone().unwrap_or_default(),
            q_tags: false,
            offset: query.page.offset,
            limit: query.page.limit,
            ..aurum_store::DevicePageQuery::default()
        };
        // Who sees every device gets the page the database reads, not the whole inventory.
        if crate::authz::allows(principal, Permission::VIEW_DEVICE) && in_sql.in_sql() {
            let (count, results) = self.store.device_page(&in_sql).await?;
            return Ok(Page { count, results });
        }
        let devices = self.visible_devices(principal, &query.filter).await?;
        let q = query.q.as_deref();
        let matching: Vec<Device> = devices
            .into_iter()
            .filter(|d| {
                matches_q(
                    q,
                    &[
                        &d.name,
                        d.address.as_deref().unwrap_or_default(),
                        d.platform.as_deref().unwrap_or_default(),
                        d.location.as_deref().unwrap_or_default(),
                        d.role.as_deref().unwrap_or_default(),
                        d.tenant.as_deref().unwrap_or_default(),
                    ],
                )
            })
            .collect();
        Ok(Page::of(matching, query.page))
    }

    /// Every device the filter selects that the principal may see (`view_device`), by name.
    pub async fn visible_devices(
        &self,
        principal: &Principal,
        filter: &DeviceFilter,
    ) -> Result<Vec<Device>, ServiceError> {
        let devices = self.store.devices(filter).await?;
        self.authz
            .retain_devices(principal, Permission::VIEW_DEVICE, devices)
            .await
    }

    /// One device, if the principal may see it.
    pub async fn device(&self, principal: &Principal, name: &str) -> Result<Device, ServiceError> {
        self.authz.visible_device(principal, name).await
    }

    /// Adds a device (validated like an import: its platform, location, ... must exist).
    pub async fn create_device(
        &self,
        principal: &Principal,
        device: Device,
    ) -> Result<Device, ServiceError> {
        let add = Permission::named("add_device")?;
        self.authz.require_device(principal, add, &device).await?;
        match self.store.device(&device.name).await {
            Ok(_) => {
                return Err(StoreError::AlreadyExists {
                    what: "device",
                    name: device.name.clone(),
                    hint: "change it with PUT /api/devices/NAME/ instead".to_string(),
                }
                .into());
            }
            Err(StoreError::NotFound { .. }) => {}
            Err(error) => return Err(error.into()),
        }
        self.write_device(&device).await?;
        Ok(self.store.device(&device.name).await?)
    }

    /// Replaces the device `name` with `device` (same name: renaming is delete and create).
    pub async fn update_device(
        &self,
        principal: &Principal,
        name: &str,
        device: Device,
    ) -> Result<Device, ServiceError> {
        let current = self.authz.visible_device(principal, name).await?;
        if device.name != name {
            return Err(ServiceError::DeviceInvalid {
                device: name.to_string(),
                reason: format!("the body names another device, `{}`", device.name),
                hint: "a device keeps its name; delete it and create the new one".to_string(),
            });
        }
        let change = Permission::named("change_device")?;
        self.authz
            .require_device(principal, change, &current)
            .await?;
        self.authz
            .require_device(principal, change, &device)
            .await?;
        self.write_device(&device).await?;
        Ok(self.store.device(name).await?)
    }

    /// Changes the fields of the device `name` that `patch` names (a JSON merge patch: `null`
    /// removes a field), checked as [`InventoryService::update_device`] checks a whole device.
    pub async fn patch_device(
        &self,
        principal: &Principal,
        name: &str,
        patch: Value,
    ) -> Result<Device, ServiceError> {
        let current = self.authz.visible_device(principal, name).await?;
        let change = Permission::named("change_device")?;
        self.authz
            .require_device(principal, change, &current)
            .await?;
        let what = format!("device `{name}`");
        if !patch.is_object() {
            return Err(invalid(&what, "the body must be a JSON object".into()));
        }
        let mut merged = serde_json::to_value(&current).unwrap_or(Value::Null);
        merge_patch(&mut merged, patch);
        let device: Device = typed(&what, merged)?;
        self.update_device(principal, name, device).await
    }

    /// Deletes the device `name`.
    pub async fn delete_device(
        &self,
        principal: &Principal,
        name: &str,
    ) -> Result<(), ServiceError> {
        let current = self.authz.visible_device(principal, name).await?;
        let delete = Permission::named("delete_device")?;
        self.authz
            .require_device(principal, delete, &current)
            .await?;
        Ok(self.store.delete_device(name).await?)
    }

    /// Writes one device through the import, so it is validated and upserted in one
    /// transaction exactly as a file's devices are. Literal secrets are not involved: a
    /// device names its secrets group.
    async fn write_device(&self, device: &Device) -> Result<(), ServiceError> {
        let value = serde_json::to_value(device).unwrap_or(Value::Null);
        refuse_nul(&format!("device `{}`", device.name), &value)?;
        let mut document = InventoryDocument::default();
        document.devices.push(device.clone());
        let source = format!("device {}", device.name);
        self.store
            .import(&document, &source, ValidationPolicy::default(), false)
            .await?;
        Ok(())
    }
}
