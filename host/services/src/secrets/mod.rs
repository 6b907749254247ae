//! Secrets: values stored encrypted in the database under a master key that never enters it,
//! and one resolver for every credential reference (environment, file, stored). A value
//! leaves the process only in the response that asked for it (postprocessing's
//! `render_secrets`, a device login); it is never logged, stored in the clear or put in an error.

mod cipher;
mod keyring;
mod service;

pub use keyring::{KEY_ENV, NEXT_KEY_ENV};
pub use service::{Rotation, SecretsService, StoredSecretInfo};
