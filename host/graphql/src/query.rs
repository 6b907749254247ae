//! The query root: devices (filtered as `aurum inventory list` filters them), one device, and
//! the objects devices point at.

use async_graphql::{Context, ID, Object, Result};
use aurum_inventory::{DeviceFilter, NamedObject};
use aurum_store::StoreError;

use crate::lookup::Kind;
use crate::objects::{
    DeviceNode, LocationNode, PlatformNode, Role, SecretsGroup, Tag, Tenant, lookup,
};

pub(crate) struct QueryRoot;

#[Object(
    name = "Query",
    rename_fields = "snake_case",
    rename_args = "snake_case"
)]
impl QueryRoot {
    /// Devices matching every given argument; within one argument any value may match, and
    /// names accept `*` wildcards (`devices(role: ["leaf", "spine"], location: "ams1")`).
    #[allow(clippy::too_many_arguments)]
    async fn devices(
        &self,
        ctx: &Context<'_>,
        name: Option<Vec<String>>,
        location: Option<Vec<String>>,
        role: Option<Vec<String>>,
        platform: Option<Vec<String>>,
        tenant: Option<Vec<String>>,
        tag: Option<Vec<String>>,
        status: Option<Vec<String>>,
    ) -> Result<Vec<DeviceNode>> {
        let filter = DeviceFilter {
            name: name.unwrap_or_default(),
            location: location.unwrap_or_default(),
            role: role.unwrap_or_default(),
            platform: platform.unwrap_or_default(),
            tenant: tenant.unwrap_or_default(),
            tag: tag.unwrap_or_default(),
            status: status.unwrap_or_default(),
        };
        let devices = lookup(ctx)?.store.devices(&filter).await?;
        Ok(devices.into_iter().map(DeviceNode).collect())
    }

    /// One device by id (its name, as `$device_id` is bound) or by name; null when there is
    /// none.
    async fn device(
        &self,
        ctx: &Context<'_>,
        id: Option<ID>,
        name: Option<String>,
    ) -> Result<Option<DeviceNode>> {
        let wanted = match (id, name) {
            (Some(id), Some(name)) if id.0 != name => {
                return Err(format!(
                    "`id: {}` and `name: {name}` name two devices; give one",
                    id.0
                )
                .into());
            }
            (Some(id), _) => id.0,
            (None, Some(name)) => name,
            (None, None) => return Err("give `id` or `name`, e.g. device(id: $device_id)".into()),
        };
        match lookup(ctx)?.store.device(&wanted).await {
            Ok(device) => Ok(Some(DeviceNode(device))),
            Err(StoreError::NotFound { .. }) => Ok(None),
            Err(error) => Err(error.into()),
        }
    }

    async fn platforms(
        &self,
        ctx: &Context<'_>,
        name: Option<Vec<String>>,
    ) -> Result<Vec<PlatformNode>> {
        let platforms = lookup(ctx)?.platforms().await?;
        Ok(platforms
            .iter()
            .filter(|p| wanted(&name, &p.name))
            .cloned()
            .map(PlatformNode)
            .collect())
    }

    async fn locations(
        &self,
        ctx: &Context<'_>,
        name: Option<Vec<String>>,
    ) -> Result<Vec<LocationNode>> {
        let locations = lookup(ctx)?.locations().await?;
        Ok(locations
            .iter()
            .filter(|l| wanted(&name, &l.name))
            .cloned()
            .map(LocationNode)
            .collect())
    }

    async fn roles(&self, ctx: &Context<'_>, name: Option<Vec<String>>) -> Result<Vec<Role>> {
        named(ctx, Kind::Role, &name).await
    }

    async fn tenants(&self, ctx: &Context<'_>, name: Option<Vec<String>>) -> Result<Vec<Tenant>> {
        named(ctx, Kind::Tenant, &name).await
    }

    async fn tags(&self, ctx: &Context<'_>, name: Option<Vec<String>>) -> Result<Vec<Tag>> {
        named(ctx, Kind::Tag, &name).await
    }

    /// Secrets groups by name only: credentials and their references are never exposed.
    async fn secrets_groups(
        &self,
        ctx: &Context<'_>,
        name: Option<Vec<String>>,
    ) -> Result<Vec<SecretsGroup>> {
        let groups = lookup(ctx)?.store.secrets_groups().await?;
        Ok(groups
            .into_iter()
            .filter(|g| wanted(&name, &g.name))
            .map(|g| SecretsGroup { name: g.name })
            .collect())
    }
}

/// Whether an object passes an optional `name` argument (exact names).
fn wanted(names: &Option<Vec<String>>, name: &str) -> bool {
    names
        .as_ref()
        .is_none_or(|names| names.iter().any(|n| n == name))
}

async fn named<T: From<NamedObject>>(
    ctx: &Context<'_>,
    kind: Kind,
    name: &Option<Vec<String>>,
) -> Result<Vec<T>> {
    let objects = lookup(ctx)?.named(kind).await?;
    Ok(objects
        .iter()
        .filter(|o| wanted(name, &o.name))
        .cloned()
        .map(T::from)
        .collect())
}
