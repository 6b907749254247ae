//! Stored secrets (set, list, remove, rotate the master key) and the one resolver for every
//! credential reference: environment, file, literal, or stored in the database.

use std::path::{Path, PathBuf};

use aurum_inventory::CredentialRef;
use aurum_store::Store;
use zeroize::Zeroizing;

use super::cipher;
use super::keyring::{self, KeySource, MasterKey, NEXT_KEY_ENV, secrets_error};
use crate::ServiceError;

/// A stored secret as listed: never its value.
#[derive(Debug, Clone, serde::Serialize)]
pub struct StoredSecretInfo {
    pub name: String,
    pub key_id: String,
    pub updated_at: i64,
}

/// What a key rotation did.
#[derive(Debug)]
pub struct Rotation {
    pub old_key: String,
    pub new_key: String,
    pub secrets: usize,
    /// The key file now in use; `None` when the key comes from the environment, whose new
    /// value the caller must install.
    pub key_file: Option<PathBuf>,
}

/// Reads and writes stored secrets under the master key. Cheap to clone.
#[derive(Debug, Clone)]
pub struct SecretsService {
    store: Store,
    data_dir: PathBuf,
}

impl SecretsService {
    pub fn new(store: Store, data_dir: &Path) -> SecretsService {
        SecretsService {
            store,
            data_dir: data_dir.to_path_buf(),
        }
    }

    /// Encrypts `value` as the stored secret `name` (replacing it); creates the key file on
    /// first use when no key is configured.
    pub async fn set(&self, name: &str, value: &str) -> Result<(), ServiceError> {
        check_name(name)?;
        if value.is_empty() {
            return Err(secrets_error(format!(
                "the value of secret `{name}` is empty"
            )));
        }
        let keys = keyring::load(&self.data_dir, true)?;
        let sealed = cipher::seal(&keys.current, name, value)?;
        self.store.put_stored_secret(&sealed).await?;
        Ok(())
    }

    /// Every stored secret's name, key id and last change.
    pub async fn list(&self) -> Result<Vec<StoredSecretInfo>, ServiceError> {
        Ok(self
            .store
            .stored_secrets()
            .await?
            .into_iter()
            .map(|s| StoredSecretInfo {
                name: s.name,
                key_id: s.key_id,
                updated_at: s.updated_at,
            })
            .collect())
    }

    /// Removes a stored secret; an unknown name is an error naming it.
    pub async fn remove(&self, name: &str) -> Result<(), ServiceError> {
        match self.store.remove_stored_secret(name).await? {
            true => Ok(()),
            false => Err(unknown(name)),
        }
    }

    /// Re-encrypts every stored secret under a new master key in one transaction. With a key
    /// file, the new key is generated and staged beside it first, then replaces it; with
    /// `AURUM_SECRETS_KEY`, the new key is read from `AURUM_SECRETS_NEW_KEY`.
    pub async fn rotate_key(&self) -> Result<Rotation, ServiceError> {
        let keys = keyring::load(&self.data_dir, false)?;
        let new_key = match &keys.source {
            KeySource::Env => {
                let text = Zeroizing::new(std::env::var(NEXT_KEY_ENV).map_err(|_| {
                    secrets_error(format!(
                        "the master key comes from {}; set {NEXT_KEY_ENV} to the new key (64 hex digits, \
                         e.g. `openssl rand -hex 32`) and run rotate-key again",
                        keyring::KEY_ENV
                    ))
                })?);
                MasterKey::parse(&text, NEXT_KEY_ENV)?
            }
            KeySource::File(_) => {
                let key = MasterKey::generate()?;
                keyring::stage_next(&self.data_dir, &key)?;
                key
            }
        };
        if new_key.id == keys.current.id {
            return Err(secrets_error(format!(
                "the new master key is the current one ({}); choose another",
                new_key.id
            )));
        }
        let result = self.reseal(&keys, &new_key).await;
        let secrets = match result {
            Ok(count) => count,
            Err(error) => {
                if matches!(keys.source, KeySource::File(_)) {
                    keyring::discard_next(&self.data_dir);
                }
                return Err(error);
            }
        };
        let key_file = match keys.source {
            KeySource::File(_) => Some(keyring::promote_next(&self.data_dir)?),
            KeySource::Env => None,
        };
        tracing::info!(old = %keys.current.id, new = %new_key.id, secrets, "rotated the secrets master key");
        Ok(Rotation {
            old_key: keys.current.id.clone(),
            new_key: new_key.id.clone(),
            secrets,
            key_file,
        })
    }

    async fn reseal(
        &self,
        keys: &keyring::Keyring,
        new_key: &MasterKey,
    ) -> Result<usize, ServiceError> {
        let rows = self.store.stored_secrets().await?;
        let mut resealed = Vec::with_capacity(rows.len());
        for row in &rows {
            let value = cipher::open(keys.key(&row.key_id, &row.name)?, row)?;
            let mut sealed = cipher::seal(new_key, &row.name, &value)?;
            sealed.updated_at = row.updated_at;
            resealed.push(sealed);
        }
        self.store.reseal_stored_secrets(&resealed).await?;
        Ok(resealed.len())
    }

    /// The value behind a credential reference, read at the moment it is needed. The error
    /// names the reference (never a value) and how to fix it.
    pub async fn resolve(
        &self,
        reference: &CredentialRef,
    ) -> Result<Zeroizing<String>, ServiceError> {
        match reference {
            CredentialRef::Stored(name) => {
                let sealed = self
                    .store
                    .stored_secret(name)
                    .await?
                    .ok_or_else(|| unknown(name))?;
                let keys = keyring::load(&self.data_dir, false)?;
                cipher::open(keys.key(&sealed.key_id, name)?, &sealed)
            }
            other => other.resolve().map(Zeroizing::new).map_err(secrets_error),
        }
    }
}

fn unknown(name: &str) -> ServiceError {
    secrets_error(format!(
        "no stored secret named `{name}`; see `aurum secrets list`, or store it with `aurum secrets set {name}`"
    ))
}

/// Secret names: letters, digits and `. _ - /`, at most 128, so they read well in references.
fn check_name(name: &str) -> Result<(), ServiceError> {
    let ok = !name.is_empty()
        && name.len() <= 128
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-' | '/'));
    match ok {
        true => Ok(()),
        false => Err(secrets_error(format!(
            "invalid secret name `{name}`: use letters, digits and . _ - / (at most 128)"
        ))),
    }
}
