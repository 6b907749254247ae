use aurum_store::{ApiTokenRecord, GroupRecord, NewUser, Store, UserRecord};

use super::{Principal, passwords, tokens};
use crate::ServiceError;
use crate::authz::Grant;
use crate::clock::now_millis;

/// How stale a token's recorded last use may get before a request writes it again (the
/// store's own condition is the same minute).
const TOUCH_EVERY_MS: i64 = 60_000;

/// The name `aurum init` gives the first superuser.
pub(crate) const FIRST_ADMIN: &str = "admin";

/// A user to add, as the CLI (and later the API) asks for it: the password in clear, hashed
/// here and nowhere else.
#[derive(Debug, Clone, Default)]
pub struct NewUserRequest {
    pub name: String,
    pub password: String,
    pub superuser: bool,
    pub groups: Vec<String>,
    pub permissions: Vec<String>,
}

/// A token just made: the only time the whole token exists outside its holder.
#[derive(Debug, Clone)]
pub struct IssuedToken {
    pub token: String,
    pub prefix: String,
    /// Epoch milliseconds; `None` never expires.
    pub expires_at: Option<i64>,
}

/// Users, groups, passwords and tokens: every rule about them (valid names, known permission
/// names, hashing, expiry) is here, so the CLI and HTTP cannot disagree.
#[derive(Debug, Clone)]
pub struct IdentityService {
    pub(super) store: Store,
}

impl IdentityService {
    pub fn new(store: Store) -> Self {
        Self { store }
    }

    /// Checks what can be checked without the database (the name, the permission names), so a
    /// caller can refuse a typo before it asks for a password.
    pub fn check_new_user(name: &str, permissions: &[String]) -> Result<(), ServiceError> {
        check_name("user", name)?;
        known_permissions(permissions).map(drop)
    }

    pub async fn add_user(&self, request: &NewUserRequest) -> Result<(), ServiceError> {
        Self::check_new_user(&request.name, &request.permissions)?;
        check_password(&request.name, &request.password)?;
        let permissions = known_permissions(&request.permissions)?;
        self.check_scopes(&permissions).await?;
        let user = NewUser {
            name: request.name.clone(),
            password_hash: passwords::hash_password(&request.password)?,
            superuser: request.superuser,
            groups: request.groups.clone(),
            permissions,
        };
        Ok(self.store.create_user(&user).await?)
    }

    pub async fn set_password(&self, name: &str, password: &str) -> Result<(), ServiceError> {
        check_password(name, password)?;
        let hash = passwords::hash_password(password)?;
        Ok(self.store.set_password_hash(name, &hash).await?)
    }

    pub async fn remove_user(&self, name: &str) -> Result<(), ServiceError> {
        Ok(self.store.remove_user(name).await?)
    }

    pub async fn users(&self) -> Result<Vec<UserRecord>, ServiceError> {
        Ok(self.store.users().await?)
    }

    pub async fn add_group(&self, name: &str, permissions: &[String]) -> Result<(), ServiceError> {
        check_name("group", name)?;
        let permissions = known_permissions(permissions)?;
        self.check_scopes(&permissions).await?;
        Ok(self.store.create_group(name, &permissions).await?)
    }

    /// Refuses a scoped grant whose saved filter does not exist (a typo would grant nothing).
    async fn check_scopes(&self, grants: &[String]) -> Result<(), ServiceError> {
        for grant in grants {
            if let Some(scope) = Grant::parse(grant)?.scope {
                self.store.saved_filter(&scope).await?;
            }
        }
        Ok(())
    }

    pub async fn groups(&self) -> Result<Vec<GroupRecord>, ServiceError> {
        Ok(self.store.groups().await?)
    }

    /// The entries of a configured users list and groups list (the rate limit's bypass lists)
    /// that name no stored user or group, as "user `bob`": a typo there silently bypasses
    /// nobody, so `aurum serve` warns of each at start. `"*"` and the CLI's `cli:` names are
    /// never stored and are not reported.
    pub async fn unknown_names(
        &self,
        users: &[String],
        groups: &[String],
    ) -> Result<Vec<String>, ServiceError> {
        let mut unknown = Vec::new();
        if !users.is_empty() {
            let stored = self.store.users().await?;
            unknown.extend(
                users
                    .iter()
                    .filter(|name| *name != "*" && !name.starts_with("cli:"))
                    .filter(|name| !stored.iter().any(|user| &user.name == *name))
                    .map(|name| format!("user `{name}`")),
            );
        }
        if !groups.is_empty() {
            let stored = self.store.groups().await?;
            unknown.extend(
                groups
                    .iter()
                    .filter(|name| *name != "*")
                    .filter(|name| !stored.iter().any(|group| &group.name == *name))
                    .map(|name| format!("group `{name}`")),
            );
        }
        Ok(unknown)
    }

    /// A user's tokens (prefix, expiry, last use; never the token), newest first.
    pub async fn tokens(&self, user: &str) -> Result<Vec<ApiTokenRecord>, ServiceError> {
        if self.store.user(user).await?.is_none() {
            return Err(aurum_store::StoreError::NotFound {
                what: "user",
                name: user.to_string(),
                hint: "list them with `aurum user list`".to_string(),
            }
            .into());
        }
        Ok(self.store.api_tokens(user).await?)
    }

    /// Revokes the token with this prefix (as `aurum user tokens` shows it): it stops working
    /// at its next use.
    pub async fn revoke_token(&self, prefix: &str) -> Result<(), ServiceError> {
        Ok(self.store.delete_api_token(prefix).await?)
    }

    /// Makes a token for `user`, valid for `expires_days` days (forever when `None`).
    pub async fn issue_token(
        &self,
        user: &str,
        expires_days: Option<u32>,
    ) -> Result<IssuedToken, ServiceError> {
        let (token, prefix) = tokens::generate()?;
        let expires_at = expires_days.map(|days| now_millis() + i64::from(days) * 86_400_000);
        self.store
            .insert_api_token(user, &prefix, &tokens::hash(&token), expires_at)
            .await?;
        Ok(IssuedToken {
            token,
            prefix,
            expires_at,
        })
    }

    /// The principal behind an `Authorization` header (`Token <token>`), recording the token's
    /// use; every way it can fail is `Unauthenticated` with the reason for the client.
    pub async fn authenticate_header(
        &self,
        header: Option<&str>,
    ) -> Result<Principal, ServiceError> {
        let unauthenticated = |reason: &str| ServiceError::Unauthenticated {
            reason: reason.to_string(),
        };
        let header = header
            .ok_or_else(|| unauthenticated("no API token: send `Authorization: Token <token>`"))?;
        // Authentication schemes are case-insensitive (RFC 9110), the token is not.
        let token = header
            .trim()
            .split_once(' ')
            .filter(|(scheme, _)| scheme.eq_ignore_ascii_case(tokens::TOKEN_SCHEME))
            .map(|(_, token)| token.trim())
            .ok_or_else(|| unauthenticated("the Authorization header must be `Token <token>`"))?;
        let invalid =
            || unauthenticated("invalid API token; make one with `aurum user token NAME`");
        let prefix = tokens::prefix_of(token).ok_or_else(invalid)?;
        let record = self
            .store
            .api_token_by_prefix(prefix)
            .await?
            .ok_or_else(invalid)?;
        if !tokens::same_hash(&record.token_hash, &tokens::hash(token)) {
            return Err(invalid());
        }
        if record.expires_at.is_some_and(|at| at <= now_millis()) {
            return Err(unauthenticated(
                "the API token has expired; make a new one with `aurum user token NAME`",
            ));
        }
        let user = self
            .store
            .user(&record.username)
            .await?
            .ok_or_else(invalid)?;
        // Last use is kept to the minute: skipping the write when it is fresh keeps a busy
        // client's requests from queueing on the database's write lock.
        if record
            .last_used_at
            .is_none_or(|at| at < now_millis() - TOUCH_EVERY_MS)
        {
            self.store.touch_api_token(record.id).await?;
        }
        Ok(Principal::from_user(user))
    }

    /// The principal of `name` if `password` is theirs. An unknown user costs the same hash
    /// as a wrong password, so timing does not tell which names exist.
    pub async fn authenticate_password(
        &self,
        name: &str,
        password: &str,
    ) -> Result<Principal, ServiceError> {
        let user = self.store.user(name).await?;
        let stored = match &user {
            Some(user) => user.password_hash.clone(),
            None => passwords::hash_password("no such user")?,
        };
        match user {
            Some(user) if passwords::verify_password(password, &stored) => {
                Ok(Principal::from_user(user))
            }
            _ => Err(ServiceError::Unauthenticated {
                reason: "wrong user name or password".to_string(),
            }),
        }
    }

    /// Creates the first superuser `admin` with `password` unless a user of that name exists;
    /// true when it was created.
    pub async fn ensure_first_admin(&self, password: &str) -> Result<bool, ServiceError> {
        if self.store.user(FIRST_ADMIN).await?.is_some() {
            return Ok(false);
        }
        self.add_user(&NewUserRequest {
            name: FIRST_ADMIN.to_string(),
            password: password.to_string(),
            superuser: true,
            ..NewUserRequest::default()
        })
        .await?;
        Ok(true)
    }

    /// Whether the first admin exists already (so `aurum init` need not make a password).
    pub async fn first_admin_exists(&self) -> Result<bool, ServiceError> {
        Ok(self.store.user(FIRST_ADMIN).await?.is_some())
    }
}

/// Names are what logs, config lists (`config_users`) and tokens refer to: keep them plain.
/// `cli:` is the local owner's, so no stored user can pose as it.
fn check_name(what: &'static str, name: &str) -> Result<(), ServiceError> {
    let plain = !name.is_empty()
        && name.len() <= 150
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-' | '@' | '+'));
    if plain {
        Ok(())
    } else {
        Err(ServiceError::InvalidName {
            what,
            name: name.to_string(),
        })
    }
}

fn check_password(user: &str, password: &str) -> Result<(), ServiceError> {
    if password.is_empty() {
        return Err(ServiceError::Identity {
            reason: format!(
                "the password for `{user}` is empty; give one with --password, AURUM_USER_PASSWORD or the prompt"
            ),
        });
    }
    Ok(())
}

/// Grants in their stored form: known permission names, each optionally scoped to a saved
/// filter (`execute_show:branch-routers`, see `crate::authz`).
fn known_permissions(names: &[String]) -> Result<Vec<String>, ServiceError> {
    names
        .iter()
        .map(|name| Grant::parse(name).map(|grant| grant.to_text()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_plain_and_cli_is_reserved() {
        assert!(check_name("user", "alice.smith@example").is_ok());
        for bad in ["", "cli:alice", "two words", "a/b"] {
            let error = check_name("user", bad).unwrap_err().to_string();
            assert!(error.contains("user name"), "{error}");
        }
    }

    #[test]
    fn unknown_permissions_are_refused_by_name() {
        let error = known_permissions(&["view_device".into(), "deploy_all".into()]).unwrap_err();
        assert!(error.to_string().contains("`deploy_all`"), "{error}");
    }
}
