//! The source of truth: what Aurum knows about the network before it talks to it.
//!
//! This crate holds the model (devices, platforms, locations, roles, tenants, tags, secrets
//! groups, saved filters), the file formats operators bring it in with (YAML and NetBox-style
//! CSV), and the validation that decides whether an import may be applied. It does no I/O
//! beyond what the caller hands it, so the store and the CLI share one set of rules.

mod commands;
mod credential;
mod document;
mod error;
mod filter;
mod kind;
mod model;
mod parse;
mod platforms;
mod sync;
mod validate;

pub use commands::{
    CommandDef, CommandKind, CommandsDocument, VariableDef, VariableKind, check_free_text,
    placeholders, substitute,
};
pub use credential::CredentialRef;
pub use document::InventoryDocument;
pub use error::{ImportIssue, InventoryError};
pub use filter::DeviceFilter;
pub use kind::ObjectKind;
pub use model::{Device, DeviceStatus, Location, NamedObject, Platform, SavedFilter, SecretsGroup};
pub use parse::{Format, parse_document};
pub use platforms::shipped_platforms;
pub use sync::{
    SyncAction, SyncBatch, SyncChange, SyncKind, SyncReport, SyncedDevice, SyncedInterface,
    SyncedIpAddress, SyncedLocation, SyncedNamed, SyncedPlatform, SyncedVlan,
};
pub use validate::{KnownNames, ValidationPolicy, validate_document};
