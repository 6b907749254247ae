//! Browser sessions for the web UI: a login (user name and password) makes a new random
//! session id, so an id planted before login is never the one in use afterwards; the database
//! keeps only the id's SHA-256, beside the session's CSRF token, which every unsafe request
//! must send back. Repeated failed logins lock the user name for a while, whether or not the
//! name exists, so guessing passwords through the form is slow and tells nothing.

use super::{IdentityService, Principal, tokens};
use crate::ServiceError;
use crate::clock::now_millis;

/// How long a session lasts after login.
pub const SESSION_LIFETIME_MS: i64 = 12 * 60 * 60 * 1000;
/// Failed logins of one user name within [`FAILURE_WINDOW_MS`] that lock it.
pub const MAX_LOGIN_FAILURES: u32 = 5;
/// How far back failed logins count.
pub const FAILURE_WINDOW_MS: i64 = 15 * 60 * 1000;
/// How long a locked user name stays locked.
pub const LOCKOUT_MS: i64 = 15 * 60 * 1000;

const ID_BYTES: usize = 32;

/// A session just made at login: the id goes into the cookie and exists nowhere else.
#[derive(Debug, Clone)]
pub struct NewWebSession {
    pub id: String,
    pub csrf_token: String,
    pub principal: Principal,
    pub expires_at: i64,
}

/// A live session found by its cookie.
#[derive(Debug, Clone)]
pub struct WebSession {
    pub principal: Principal,
    pub csrf_token: String,
}

impl IdentityService {
    /// Logs `username` in with `password`: a new session, or why not. A locked name is refused
    /// before the password is looked at; a wrong password counts towards the lock.
    pub async fn login(
        &self,
        username: &str,
        password: &str,
    ) -> Result<NewWebSession, ServiceError> {
        let store = &self.store;
        if let Some(until) = store.login_locked_until(username).await? {
            return Err(locked(username, until));
        }
        let principal = match self.authenticate_password(username, password).await {
            Ok(principal) => principal,
            Err(ServiceError::Unauthenticated { reason }) => {
                let lock = store
                    .record_login_failure(
                        username,
                        MAX_LOGIN_FAILURES,
                        FAILURE_WINDOW_MS,
                        LOCKOUT_MS,
                    )
                    .await?;
                tracing::warn!(user = %username, locked = lock.is_some(), "failed web login");
                return Err(match lock {
                    Some(until) => locked(username, until),
                    None => ServiceError::Unauthenticated { reason },
                });
            }
            Err(other) => return Err(other),
        };
        store.clear_login_failures(username).await?;
        let id = random_hex()?;
        let csrf_token = random_hex()?;
        let expires_at = now_millis() + SESSION_LIFETIME_MS;
        store
            .insert_web_session(&tokens::hash(&id), &principal.name, &csrf_token, expires_at)
            .await?;
        tracing::info!(user = %principal.name, "web login");
        Ok(NewWebSession {
            id,
            csrf_token,
            principal,
            expires_at,
        })
    }

    /// The live session behind a cookie's id, with its user as stored now (so a removed
    /// permission takes effect at the next request); `None` for an unknown or expired id.
    pub async fn web_session(&self, id: &str) -> Result<Option<WebSession>, ServiceError> {
        let store = &self.store;
        let Some(record) = store.web_session(&tokens::hash(id)).await? else {
            return Ok(None);
        };
        let Some(user) = store.user(&record.username).await? else {
            return Ok(None);
        };
        Ok(Some(WebSession {
            principal: Principal::from_user(user),
            csrf_token: record.csrf_token,
        }))
    }

    /// Ends the session behind a cookie's id.
    pub async fn logout(&self, id: &str) -> Result<(), ServiceError> {
        Ok(self.store.delete_web_session(&tokens::hash(id)).await?)
    }
}

/// Whether a CSRF token a request sent is its session's, compared in constant time.
pub fn csrf_matches(session: &WebSession, sent: &str) -> bool {
    tokens::same_hash(&session.csrf_token, sent)
}

fn locked(username: &str, until: i64) -> ServiceError {
    let minutes = ((until - now_millis()).max(0) + 59_999) / 60_000;
    ServiceError::Unauthenticated {
        reason: format!(
            "too many failed logins for `{username}`; try again in {minutes} minute(s), or ask an administrator to set a new password with `aurum user passwd {username}`"
        ),
    }
}

fn random_hex() -> Result<String, ServiceError> {
    let mut bytes = [0u8; ID_BYTES];
    getrandom::fill(&mut bytes).map_err(|e| ServiceError::Identity {
        reason: format!("the operating system gave no random bytes for a session: {e}"),
    })?;
    Ok(tokens::hex(&bytes))
}
