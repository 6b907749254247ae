//! Browser sessions and failed-login counts. The store keeps what it is given: a session's id
//! arrives hashed, and the lockout policy (how many failures, how long) is the services'.

use crate::error::QueryContext;
use crate::time::now_millis;
use crate::{Store, StoreError};

/// A stored browser session, found by the hash of its cookie's id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WebSessionRecord {
    pub username: String,
    pub csrf_token: String,
    pub created_at: i64,
    pub expires_at: i64,
}

impl Store {
    /// Stores a new session of `username`; expired sessions of anyone are removed on the way,
    /// so the table holds live sessions only.
    pub async fn insert_web_session(
        &self,
        id_hash: &str,
        username: &str,
        csrf_token: &str,
        expires_at: i64,
    ) -> Result<(), StoreError> {
        const CONTEXT: &str = "storing a browser session";
        let now = now_millis();
        sqlx::query("DELETE FROM web_sessions WHERE expires_at <= $1")
            .bind(now)
            .execute(&self.pool)
            .await
            .context(CONTEXT)?;
        sqlx::query(
            "INSERT INTO web_sessions (id_hash, username, csrf_token, created_at, expires_at) \
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(id_hash)
        .bind(username)
        .bind(csrf_token)
        .bind(now)
        .bind(expires_at)
        .execute(&self.pool)
        .await
        .context(CONTEXT)?;
        Ok(())
    }

    /// The unexpired session with this id hash, if any.
    pub async fn web_session(&self, id_hash: &str) -> Result<Option<WebSessionRecord>, StoreError> {
        let row: Option<(String, String, i64, i64)> = sqlx::query_as(
            "SELECT username, csrf_token, created_at, expires_at FROM web_sessions \
             WHERE id_hash = $1 AND expires_at > $2",
        )
        .bind(id_hash)
        .bind(now_millis())
        .fetch_optional(&self.pool)
        .await
        .context("looking up a browser session")?;
        Ok(row.map(
            |(username, csrf_token, created_at, expires_at)| WebSessionRecord {
                username,
                csrf_token,
                created_at,
                expires_at,
            },
        ))
    }

    /// Ends a session (logout); ending one that is gone is not an error.
    pub async fn delete_web_session(&self, id_hash: &str) -> Result<(), StoreError> {
        sqlx::query("DELETE FROM web_sessions WHERE id_hash = $1")
            .bind(id_hash)
            .execute(&self.pool)
            .await
            .context("ending a browser session")?;
        Ok(())
    }

    /// When logins as `username` are locked until (epoch ms), if they are now.
    pub async fn login_locked_until(&self, username: &str) -> Result<Option<i64>, StoreError> {
        let row: Option<(Option<i64>,)> =
            sqlx::query_as("SELECT locked_until FROM login_failures WHERE username = $1")
                .bind(username)
                .fetch_optional(&self.pool)
                .await
                .context("reading failed logins")?;
        let now = now_millis();
        Ok(row.and_then(|(until,)| until).filter(|until| *until > now))
    }

    /// Counts one failed login of `username`; failures older than `window_ms` start the count
    /// afresh. At `max_failures` the name is locked for `lock_ms`. Returns the lock's end when
    /// this failure set one.
    pub async fn record_login_failure(
        &self,
        username: &str,
        max_failures: u32,
        window_ms: i64,
        lock_ms: i64,
    ) -> Result<Option<i64>, StoreError> {
        const CONTEXT: &str = "counting a failed login";
        let now = now_millis();
        let mut tx = self.begin_write().await.context(CONTEXT)?;
        let row: Option<(i64, i64)> =
            sqlx::query_as("SELECT failures, last_failure FROM login_failures WHERE username = $1")
                .bind(username)
                .fetch_optional(&mut *tx)
                .await
                .context(CONTEXT)?;
        let failures = match row {
            Some((failures, last)) if now - last < window_ms => failures + 1,
            _ => 1,
        };
        let locked_until = (failures >= i64::from(max_failures.max(1))).then_some(now + lock_ms);
        // A lock restarts the count, so the next lock needs as many failures again.
        let stored = if locked_until.is_some() { 0 } else { failures };
        sqlx::query(
            "INSERT INTO login_failures (username, failures, last_failure, locked_until) \
             VALUES ($1, $2, $3, $4) ON CONFLICT (username) DO UPDATE SET \
             failures = excluded.failures, last_failure = excluded.last_failure, \
             locked_until = COALESCE(excluded.locked_until, login_failures.locked_until)",
        )
        .bind(username)
        .bind(stored)
        .bind(now)
        .bind(locked_until)
        .execute(&mut *tx)
        .await
        .context(CONTEXT)?;
        tx.commit().await.context(CONTEXT)?;
        Ok(locked_until)
    }

    /// Forgets `username`'s failed logins (after a successful one).
    pub async fn clear_login_failures(&self, username: &str) -> Result<(), StoreError> {
        sqlx::query("DELETE FROM login_failures WHERE username = $1")
            .bind(username)
            .execute(&self.pool)
            .await
            .context("clearing failed logins")?;
        Ok(())
    }
}
