//! Per-request memory of the objects devices point at: each kind is read from the store at
//! most once per request, so a query over a thousand devices costs a handful of reads.

use aurum_inventory::{Location, NamedObject, Platform};
use aurum_store::{Store, StoreError};
use tokio::sync::OnceCell;

pub(crate) struct Lookup {
    pub(crate) store: Store,
    platforms: OnceCell<Vec<Platform>>,
    locations: OnceCell<Vec<Location>>,
    roles: OnceCell<Vec<NamedObject>>,
    tenants: OnceCell<Vec<NamedObject>>,
    tags: OnceCell<Vec<NamedObject>>,
}

/// Which list of named objects.
#[derive(Clone, Copy)]
pub(crate) enum Kind {
    Role,
    Tenant,
    Tag,
}

impl Lookup {
    pub(crate) fn new(store: Store) -> Lookup {
        Lookup {
            store,
            platforms: OnceCell::new(),
            locations: OnceCell::new(),
            roles: OnceCell::new(),
            tenants: OnceCell::new(),
            tags: OnceCell::new(),
        }
    }

    pub(crate) async fn platforms(&self) -> Result<&[Platform], StoreError> {
        Ok(self
            .platforms
            .get_or_try_init(|| self.store.platforms())
            .await?)
    }

    pub(crate) async fn locations(&self) -> Result<&[Location], StoreError> {
        Ok(self
            .locations
            .get_or_try_init(|| self.store.locations())
            .await?)
    }

    pub(crate) async fn named(&self, kind: Kind) -> Result<&[NamedObject], StoreError> {
        let (cell, store) = (self.cell(kind), &self.store);
        Ok(cell
            .get_or_try_init(|| async move {
                match kind {
                    Kind::Role => store.roles().await,
                    Kind::Tenant => store.tenants().await,
                    Kind::Tag => store.tags().await,
                }
            })
            .await?)
    }

    fn cell(&self, kind: Kind) -> &OnceCell<Vec<NamedObject>> {
        match kind {
            Kind::Role => &self.roles,
            Kind::Tenant => &self.tenants,
            Kind::Tag => &self.tags,
        }
    }

    pub(crate) async fn platform(&self, name: &str) -> Result<Option<Platform>, StoreError> {
        Ok(self
            .platforms()
            .await?
            .iter()
            .find(|p| p.name == name)
            .cloned())
    }

    pub(crate) async fn location(&self, name: &str) -> Result<Option<Location>, StoreError> {
        Ok(self
            .locations()
            .await?
            .iter()
            .find(|l| l.name == name)
            .cloned())
    }

    /// A named object by name; one the tables do not hold (never after a valid import) is
    /// still shown by its name rather than dropped.
    pub(crate) async fn one(&self, kind: Kind, name: &str) -> Result<NamedObject, StoreError> {
        Ok(self
            .named(kind)
            .await?
            .iter()
            .find(|o| o.name == name)
            .cloned()
            .unwrap_or_else(|| NamedObject {
                name: name.to_string(),
                description: String::new(),
            }))
    }
}
