//! Stored secrets: sealed values by name. The store keeps what the secrets service gives it
//! (key id, nonce, ciphertext); encrypting and the master key are the service's, so the key
//! never reaches this crate.

use crate::error::QueryContext;
use crate::time::now_millis;
use crate::{Store, StoreError};

/// One sealed secret as stored: which key sealed it, its nonce and its ciphertext (hex).
#[derive(Clone, PartialEq, Eq)]
pub struct SealedSecret {
    pub name: String,
    pub key_id: String,
    pub nonce: String,
    pub ciphertext: String,
    pub updated_at: i64,
}

/// Shown without the sealed bytes: they are useless without the key, but nothing secret-shaped
/// belongs in a log line.
impl std::fmt::Debug for SealedSecret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SealedSecret")
            .field("name", &self.name)
            .field("key_id", &self.key_id)
            .finish_non_exhaustive()
    }
}

type SealedRow = (String, String, String, String, i64);

fn sealed(row: SealedRow) -> SealedSecret {
    let (name, key_id, nonce, ciphertext, updated_at) = row;
    SealedSecret {
        name,
        key_id,
        nonce,
        ciphertext,
        updated_at,
    }
}

impl Store {
    /// Creates or replaces the sealed secret `name`.
    pub async fn put_stored_secret(&self, secret: &SealedSecret) -> Result<(), StoreError> {
        let now = now_millis();
        sqlx::query(
            "INSERT INTO stored_secrets (name, key_id, nonce, ciphertext, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $5) ON CONFLICT (name) DO UPDATE SET \
             key_id = excluded.key_id, nonce = excluded.nonce, ciphertext = excluded.ciphertext, \
             updated_at = excluded.updated_at",
        )
        .bind(&secret.name)
        .bind(&secret.key_id)
        .bind(&secret.nonce)
        .bind(&secret.ciphertext)
        .bind(now)
        .execute(&self.pool)
        .await
        .context("storing a secret")?;
        Ok(())
    }

    /// The sealed secret `name`, if there is one.
    pub async fn stored_secret(&self, name: &str) -> Result<Option<SealedSecret>, StoreError> {
        let row: Option<SealedRow> = sqlx::query_as(
            "SELECT name, key_id, nonce, ciphertext, updated_at FROM stored_secrets WHERE name = $1",
        )
        .bind(name)
        .fetch_optional(&self.pool)
        .await
        .context("reading a stored secret")?;
        Ok(row.map(sealed))
    }

    /// Every sealed secret, by name.
    pub async fn stored_secrets(&self) -> Result<Vec<SealedSecret>, StoreError> {
        let rows: Vec<SealedRow> = sqlx::query_as(
            "SELECT name, key_id, nonce, ciphertext, updated_at FROM stored_secrets ORDER BY name",
        )
        .fetch_all(&self.pool)
        .await
        .context("listing stored secrets")?;
        Ok(rows.into_iter().map(sealed).collect())
    }

    /// Removes the sealed secret `name`; false when there was none.
    pub async fn remove_stored_secret(&self, name: &str) -> Result<bool, StoreError> {
        let done = sqlx::query("DELETE FROM stored_secrets WHERE name = $1")
            .bind(name)
            .execute(&self.pool)
            .await
            .context("removing a stored secret")?;
        Ok(done.rows_affected() > 0)
    }

    /// Replaces every sealed secret with its re-sealed form in one transaction (key rotation):
    /// either all rows move to the new key or none do. A secret added, changed or removed since
    /// the caller read them fails the rotation rather than leaving a row under the old key.
    pub async fn reseal_stored_secrets(&self, resealed: &[SealedSecret]) -> Result<(), StoreError> {
        let mut tx = self
            .begin_write()
            .await
            .context("starting a key rotation")?;
        let (count,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM stored_secrets")
            .fetch_one(&mut *tx)
            .await
            .context("counting stored secrets")?;
        if count != resealed.len() as i64 {
            tx.rollback().await.context("abandoning a key rotation")?;
            return Err(StoreError::Conflict {
                what: "stored secrets".into(),
                message: format!(
                    "{count} secrets are stored but {} were re-encrypted; a secret was added or removed during the rotation, run it again",
                    resealed.len()
                ),
            });
        }
        for secret in resealed {
            let done = sqlx::query(
                "UPDATE stored_secrets SET key_id = $1, nonce = $2, ciphertext = $3 WHERE name = $4 AND updated_at = $5",
            )
            .bind(&secret.key_id)
            .bind(&secret.nonce)
            .bind(&secret.ciphertext)
            .bind(&secret.name)
            .bind(secret.updated_at)
            .execute(&mut *tx)
            .await
            .context("re-encrypting a stored secret")?;
            if done.rows_affected() != 1 {
                tx.rollback().await.context("abandoning a key rotation")?;
                return Err(StoreError::Conflict {
                    what: format!("stored secret `{}`", secret.name),
                    message: "it changed during the rotation; run it again".into(),
                });
            }
        }
        tx.commit().await.context("committing a key rotation")?;
        Ok(())
    }
}
