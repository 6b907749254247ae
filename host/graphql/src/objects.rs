//! The object types, named and shaped as Nautobot's GraphQL names them (snake_case fields,
//! `platform { network_driver }`, `status { name }`, `tags { name }`), so Golden Config queries
//! carry over. Related objects resolve through the request's [`Lookup`].

use std::net::Ipv4Addr;

use async_graphql::{Context, ID, Json, Object, Result, SimpleObject};
use aurum_inventory::{Device, Location, NamedObject, Platform};
use aurum_store::ConfigKind;

use crate::lookup::{Kind, Lookup};

/// A network device of the inventory.
pub(crate) struct DeviceNode(pub(crate) Device);

#[Object(
    name = "Device",
    rename_fields = "snake_case",
    rename_args = "snake_case"
)]
impl DeviceNode {
    /// The device's id: Aurum identifies devices by their unique name, which survives export
    /// and re-import, so `$device_id` is bound to the name.
    async fn id(&self) -> ID {
        ID(self.0.name.clone())
    }

    async fn name(&self) -> &str {
        &self.0.name
    }

    /// Management address: an IP address or a DNS name.
    async fn address(&self) -> Option<&str> {
        self.0.address.as_deref()
    }

    async fn port(&self) -> i32 {
        i32::from(self.0.port)
    }

    /// The management address when it is an IPv4 address (Nautobot's `primary_ip4`); the
    /// address has no prefix length, as Aurum stores none.
    #[graphql(name = "primary_ip4")]
    async fn primary_ip4(&self) -> Option<IpAddress> {
        let address = self.0.address.as_deref()?;
        address.parse::<Ipv4Addr>().ok().map(|_| IpAddress {
            address: address.to_string(),
        })
    }

    async fn status(&self) -> Status {
        Status {
            name: self.0.status.as_str().to_string(),
        }
    }

    async fn platform(&self, ctx: &Context<'_>) -> Result<Option<PlatformNode>> {
        let Some(name) = &self.0.platform else {
            return Ok(None);
        };
        Ok(lookup(ctx)?.platform(name).await?.map(PlatformNode))
    }

    async fn location(&self, ctx: &Context<'_>) -> Result<Option<LocationNode>> {
        let Some(name) = &self.0.location else {
            return Ok(None);
        };
        Ok(lookup(ctx)?.location(name).await?.map(LocationNode))
    }

    async fn role(&self, ctx: &Context<'_>) -> Result<Option<Role>> {
        named(ctx, Kind::Role, self.0.role.as_deref()).await
    }

    async fn tenant(&self, ctx: &Context<'_>) -> Result<Option<Tenant>> {
        named(ctx, Kind::Tenant, self.0.tenant.as_deref()).await
    }

    async fn tags(&self, ctx: &Context<'_>) -> Result<Vec<Tag>> {
        let lookup = lookup(ctx)?;
        let mut tags = Vec::with_capacity(self.0.tags.len());
        for name in &self.0.tags {
            tags.push(lookup.one(Kind::Tag, name).await?.into());
        }
        Ok(tags)
    }

    /// The secrets group's name; credentials and their references are never exposed.
    async fn secrets_group(&self) -> Option<SecretsGroup> {
        self.0
            .secrets_group
            .as_ref()
            .map(|name| SecretsGroup { name: name.clone() })
    }

    /// Free-form source-of-truth data of the device (ASN, loopbacks, ...).
    async fn data(&self) -> Json<serde_json::Value> {
        Json(self.0.data.clone())
    }

    /// The same data under Nautobot's name for it, so `config_context` queries work as is.
    async fn config_context(&self) -> Json<serde_json::Value> {
        Json(self.0.data.clone())
    }

    /// The text of the newest stored backup, if any.
    async fn backup_config(&self, ctx: &Context<'_>) -> Result<Option<String>> {
        config(ctx, &self.0.name, ConfigKind::Backup).await
    }

    /// The text of the newest stored intended configuration, if any.
    async fn intended_config(&self, ctx: &Context<'_>) -> Result<Option<String>> {
        config(ctx, &self.0.name, ConfigKind::Intended).await
    }
}

pub(crate) fn lookup<'a>(ctx: &Context<'a>) -> Result<&'a Lookup> {
    ctx.data::<std::sync::Arc<Lookup>>()
        .map(|shared| shared.as_ref())
}

async fn named<T: From<NamedObject>>(
    ctx: &Context<'_>,
    kind: Kind,
    name: Option<&str>,
) -> Result<Option<T>> {
    match name {
        None => Ok(None),
        Some(name) => Ok(Some(lookup(ctx)?.one(kind, name).await?.into())),
    }
}

async fn config(ctx: &Context<'_>, device: &str, kind: ConfigKind) -> Result<Option<String>> {
    if ctx
        .data_opt::<crate::ConfigsOff>()
        .is_some_and(|off| off.0.contains(&kind))
    {
        let feature = match kind {
            ConfigKind::Backup => "backup",
            ConfigKind::Intended => "intended",
        };
        return Err(async_graphql::Error::new(format!(
            "the {feature} feature is disabled in aurum.toml [features] ({feature} = false); set it to true and restart Aurum to read this field"
        )));
    }
    let allowed = ctx
        .data_opt::<crate::Access>()
        .is_some_and(|access| access.may_read_config(device));
    if !allowed {
        return Err(async_graphql::Error::new(format!(
            "configs are sensitive: reading {device}'s needs the view_config permission on it"
        )));
    }
    let store = &lookup(ctx)?.store;
    Ok(store.current_config(device, kind).await?.map(|v| v.config))
}

/// A kind of device: its driver plugin and the network OS its configs are parsed as.
pub(crate) struct PlatformNode(pub(crate) Platform);

#[Object(name = "Platform", rename_fields = "snake_case")]
impl PlatformNode {
    async fn name(&self) -> &str {
        &self.0.name
    }

    /// The network OS in netutils' names (`cisco_ios`, `arista_eos`), as Nautobot's field.
    async fn network_driver(&self) -> &str {
        &self.0.network_os
    }

    /// The same as `network_driver`, under Aurum's name for it.
    async fn network_os(&self) -> &str {
        &self.0.network_os
    }

    /// The driver plugin Aurum talks to the device with.
    async fn driver(&self) -> &str {
        &self.0.driver
    }

    async fn description(&self) -> &str {
        &self.0.description
    }
}

/// A site, building or room; locations nest through `parent`.
pub(crate) struct LocationNode(pub(crate) Location);

#[Object(name = "Location", rename_fields = "snake_case")]
impl LocationNode {
    async fn name(&self) -> &str {
        &self.0.name
    }

    async fn description(&self) -> &str {
        &self.0.description
    }

    async fn parent(&self, ctx: &Context<'_>) -> Result<Option<LocationNode>> {
        let Some(name) = &self.0.parent else {
            return Ok(None);
        };
        Ok(lookup(ctx)?.location(name).await?.map(LocationNode))
    }
}

/// A management address.
#[derive(SimpleObject)]
#[graphql(rename_fields = "snake_case")]
pub(crate) struct IpAddress {
    pub address: String,
}

/// A lifecycle status (`active`, `planned`, ...).
#[derive(SimpleObject)]
#[graphql(rename_fields = "snake_case")]
pub(crate) struct Status {
    pub name: String,
}

/// Credentials by name only: what a template may know about them.
#[derive(SimpleObject)]
#[graphql(rename_fields = "snake_case")]
pub(crate) struct SecretsGroup {
    pub name: String,
}

/// Roles, tenants and tags are each a name and a description, as distinct GraphQL types so
/// queries read as Nautobot's do.
macro_rules! named_object {
    ($($(#[$doc:meta])* $type:ident),+ $(,)?) => {
        $(
            $(#[$doc])*
            #[derive(SimpleObject)]
            #[graphql(rename_fields = "snake_case")]
            pub(crate) struct $type {
                pub name: String,
                pub description: String,
            }

            impl From<NamedObject> for $type {
                fn from(object: NamedObject) -> Self {
                    Self {
                        name: object.name,
                        description: object.description,
                    }
                }
            }
        )+
    };
}

named_object!(
    /// A device's function (`spine`, `leaf`, `border`).
    Role,
    /// Who a device belongs to.
    Tenant,
    /// A label devices carry (`pci`, `lab`).
    Tag,
);
