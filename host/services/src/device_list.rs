//! One page of the device list, as the web UI shows it: the inventory filtered by field,
//! searched by `q` (name, address, platform, location, role, tenant, tags), sorted by a column
//! and cut to `limit` rows from `offset`, with the total count for the pager. For a user who
//! sees every device the database does all of it (`Store::device_page`); scoped grants, name
//! patterns and non-ASCII searches are filtered here.

use aurum_inventory::{Device, DeviceFilter};
use aurum_store::{DevicePageQuery, DeviceSort};
use serde::Serialize;

use crate::authz;
use crate::identity::{Permission, Principal};
use crate::{ServiceError, Services};

/// The columns a device list sorts by.
pub const DEVICE_SORTS: [&str; 6] = ["name", "platform", "location", "role", "tenant", "status"];

/// What page of the device list to show.
#[derive(Debug, Clone, Default)]
pub struct DeviceListQuery {
    pub filter: DeviceFilter,
    /// Case-insensitive substring over the device's visible fields.
    pub q: String,
    /// One of [`DEVICE_SORTS`]; anything else sorts by name.
    pub sort: String,
    pub descending: bool,
    pub offset: usize,
    pub limit: usize,
}

/// One page and how many devices match in all.
#[derive(Debug, Clone, Serialize)]
pub struct DevicePage {
    pub count: usize,
    pub devices: Vec<Device>,
}

impl Services {
    /// The page of devices `query` asks for, among those the principal may see
    /// (`view_device` on each, as the API lists them).
    pub async fn device_page(
        &self,
        principal: &Principal,
        query: &DeviceListQuery,
    ) -> Result<DevicePage, ServiceError> {
        let limit = query.limit.clamp(1, 1000);
        let in_sql = DevicePageQuery {
            filter: query.filter.clone(),
            q: query.q.clone(),
            q_tags: true,
            sort: DeviceSort::parse(&query.sort).unwrap_or_default(),
            descending: query.descending,
            offset: query.offset,
            limit,
        };
        // Who sees every device gets the page the database reads: 50 rows, not the inventory.
        if authz::allows(principal, Permission::VIEW_DEVICE) && in_sql.in_sql() {
            let (count, devices) = self.store.device_page(&in_sql).await?;
            return Ok(DevicePage { count, devices });
        }
        let mut devices = self
            .inventory
            .visible_devices(principal, &query.filter)
            .await?;
        let q = query.q.trim().to_lowercase();
        if !q.is_empty() {
            devices.retain(|device| matches_search(device, &q));
        }
        let key = |d: &Device| -> String {
            match query.sort.as_str() {
                "platform" => d.platform.clone().unwrap_or_default(),
                "location" => d.location.clone().unwrap_or_default(),
                "role" => d.role.clone().unwrap_or_default(),
                "tenant" => d.tenant.clone().unwrap_or_default(),
                "status" => format!("{:?}", d.status),
                _ => String::new(),
            }
        };
        devices.sort_by(|a, b| key(a).cmp(&key(b)).then_with(|| a.name.cmp(&b.name)));
        if query.descending {
            devices.reverse();
        }
        let count = devices.len();
        let devices = devices.into_iter().skip(query.offset).take(limit).collect();
        Ok(DevicePage { count, devices })
    }

    /// One device of the inventory by name, if the principal may see it (`view_device` on
    /// it); otherwise the same "no device" error as for a name that does not exist.
    pub async fn device(&self, principal: &Principal, name: &str) -> Result<Device, ServiceError> {
        self.inventory.device(principal, name).await
    }

    /// The choices for the device list's filters: the names of the locations, roles,
    /// platforms, tenants, tags and saved filters, each kind only for holders of its `view_*`
    /// permission (an empty menu otherwise).
    pub async fn device_filter_choices(
        &self,
        principal: &Principal,
    ) -> Result<FilterChoices, ServiceError> {
        let may = |name: &str| -> Result<bool, ServiceError> {
            Ok(authz::allows(principal, Permission::named(name)?))
        };
        let names = |objects: Vec<aurum_inventory::NamedObject>| {
            objects.into_iter().map(|o| o.name).collect::<Vec<_>>()
        };
        let store = &self.store;
        let mut choices = FilterChoices::default();
        if may("view_location")? {
            choices.locations = store
                .locations()
                .await?
                .into_iter()
                .map(|l| l.name)
                .collect();
        }
        if may("view_role")? {
            choices.roles = names(store.roles().await?);
        }
        if may("view_platform")? {
            choices.platforms = store
                .platforms()
                .await?
                .into_iter()
                .map(|p| p.name)
                .collect();
        }
        if may("view_tenant")? {
            choices.tenants = names(store.tenants().await?);
        }
        if may("view_tag")? {
            choices.tags = names(store.tags().await?);
        }
        if may("view_savedfilter")? {
            choices.saved_filters = store
                .saved_filters()
                .await?
                .into_iter()
                .map(|f| f.name)
                .collect();
        }
        Ok(choices)
    }

    /// The device filter a saved filter stands for; needs `view_savedfilter`. The devices it
    /// selects are still only those the principal may see.
    pub async fn saved_filter(
        &self,
        principal: &Principal,
        name: &str,
    ) -> Result<DeviceFilter, ServiceError> {
        authz::require(principal, Permission::named("view_savedfilter")?)?;
        Ok(self.store.saved_filter(name).await?.filter)
    }
}

/// The values the device list offers in its filter menus.
#[derive(Debug, Clone, Default, Serialize)]
pub struct FilterChoices {
    pub locations: Vec<String>,
    pub roles: Vec<String>,
    pub platforms: Vec<String>,
    pub tenants: Vec<String>,
    pub tags: Vec<String>,
    pub saved_filters: Vec<String>,
}

fn matches_search(device: &Device, q: &str) -> bool {
    let fields = [
        Some(device.name.as_str()),
        device.address.as_deref(),
        device.platform.as_deref(),
        device.location.as_deref(),
        device.role.as_deref(),
        device.tenant.as_deref(),
    ];
    fields
        .into_iter()
        .flatten()
        .chain(device.tags.iter().map(String::as_str))
        .any(|field| field.to_lowercase().contains(q))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn search_looks_at_every_visible_field_case_insensitively() {
        let mut device = Device::named("ams1-leaf1");
        device.tags = vec!["Core".into()];
        device.address = Some("192.0.2.7".into());
        assert!(matches_search(&device, "leaf"));
        assert!(matches_search(&device, "core"));
        assert!(matches_search(&device, "0.2.7"));
        assert!(!matches_search(&device, "spine"));
    }
}
