use super::users::no_user;
use crate::error::QueryContext;
use crate::time::now_millis;
use crate::{Store, StoreError};

/// A stored API token: never the token, only its public prefix and its hash.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiTokenRecord {
    pub id: i64,
    pub username: String,
    pub prefix: String,
    pub token_hash: String,
    pub created_at: i64,
    pub expires_at: Option<i64>,
    pub last_used_at: Option<i64>,
}

type TokenRow = (i64, String, String, String, i64, Option<i64>, Option<i64>);

impl Store {
    /// Stores a token of `username` by its prefix and hash; `expires_at` in epoch ms.
    pub async fn insert_api_token(
        &self,
        username: &str,
        prefix: &str,
        token_hash: &str,
        expires_at: Option<i64>,
    ) -> Result<(), StoreError> {
        if self.user(username).await?.is_none() {
            return Err(no_user(username));
        }
        sqlx::query(
            "INSERT INTO api_tokens (username, prefix, token_hash, created_at, expires_at) \
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(username)
        .bind(prefix)
        .bind(token_hash)
        .bind(now_millis())
        .bind(expires_at)
        .execute(&self.pool)
        .await
        .context("storing an API token")?;
        Ok(())
    }

    /// The token with this prefix, if any: the lookup before its hash is compared.
    pub async fn api_token_by_prefix(
        &self,
        prefix: &str,
    ) -> Result<Option<ApiTokenRecord>, StoreError> {
        let row: Option<TokenRow> = sqlx::query_as(
            "SELECT id, username, prefix, token_hash, created_at, expires_at, last_used_at \
             FROM api_tokens WHERE prefix = $1",
        )
        .bind(prefix)
        .fetch_optional(&self.pool)
        .await
        .context("looking up an API token")?;
        Ok(row.map(token_from_row))
    }

    /// A user's tokens, newest first.
    pub async fn api_tokens(&self, username: &str) -> Result<Vec<ApiTokenRecord>, StoreError> {
        let rows: Vec<TokenRow> = sqlx::query_as(
            "SELECT id, username, prefix, token_hash, created_at, expires_at, last_used_at \
             FROM api_tokens WHERE username = $1 ORDER BY id DESC",
        )
        .bind(username)
        .fetch_all(&self.pool)
        .await
        .context("listing API tokens")?;
        Ok(rows.into_iter().map(token_from_row).collect())
    }

    /// Deletes the token with this prefix; `NotFound` when there is none.
    pub async fn delete_api_token(&self, prefix: &str) -> Result<(), StoreError> {
        let deleted = sqlx::query("DELETE FROM api_tokens WHERE prefix = $1")
            .bind(prefix)
            .execute(&self.pool)
            .await
            .context("revoking an API token")?;
        if deleted.rows_affected() == 0 {
            return Err(StoreError::NotFound {
                what: "API token with prefix",
                name: prefix.to_string(),
                hint: "list a user's tokens with `aurum user tokens NAME`".to_string(),
            });
        }
        Ok(())
    }

    /// Records that the token was just used, for `aurum user list` and audits; at most once a
    /// minute per token, so a busy client does not make every request a database write.
    pub async fn touch_api_token(&self, id: i64) -> Result<(), StoreError> {
        sqlx::query(
            "UPDATE api_tokens SET last_used_at = $1 WHERE id = $2 \
             AND (last_used_at IS NULL OR last_used_at < $1 - 60000)",
        )
        .bind(now_millis())
        .bind(id)
        .execute(&self.pool)
        .await
        .context("recording an API token's use")?;
        Ok(())
    }
}

fn token_from_row(row: TokenRow) -> ApiTokenRecord {
    let (id, username, prefix, token_hash, created_at, expires_at, last_used_at) = row;
    ApiTokenRecord {
        id,
        username,
        prefix,
        token_hash,
        created_at,
        expires_at,
        last_used_at,
    }
}
