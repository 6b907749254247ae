use crate::error::QueryContext;
use crate::time::now_millis;
use crate::{Store, StoreError};

/// A user to create: the password already hashed by the caller.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewUser {
    pub name: String,
    pub password_hash: String,
    pub superuser: bool,
    pub groups: Vec<String>,
    pub permissions: Vec<String>,
}

/// A stored user with what it is granted: its own permissions and those it has through its
/// groups, kept apart so a listing can say where a permission comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserRecord {
    pub name: String,
    pub password_hash: String,
    pub superuser: bool,
    pub groups: Vec<String>,
    pub permissions: Vec<String>,
    pub group_permissions: Vec<String>,
    pub created_at: i64,
}

impl Store {
    /// Creates a user with its groups and permissions in one transaction; a taken name or a
    /// group that does not exist refuses the whole user.
    pub async fn create_user(&self, user: &NewUser) -> Result<(), StoreError> {
        let mut tx = self.pool.begin().await.context("starting to add a user")?;
        let inserted = sqlx::query(
            "INSERT INTO users (name, password_hash, superuser, created_at) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (name) DO NOTHING",
        )
        .bind(&user.name)
        .bind(&user.password_hash)
        .bind(i64::from(user.superuser))
        .bind(now_millis())
        .execute(&mut *tx)
        .await
        .context("adding a user")?;
        if inserted.rows_affected() == 0 {
            return Err(StoreError::AlreadyExists {
                what: "user",
                name: user.name.clone(),
                hint: "pick another name, or change its password with `aurum user passwd`"
                    .to_string(),
            });
        }
        for group in &user.groups {
            let exists: Option<(String,)> =
                sqlx::query_as("SELECT name FROM groups WHERE name = $1")
                    .bind(group)
                    .fetch_optional(&mut *tx)
                    .await
                    .context("looking up a group")?;
            if exists.is_none() {
                return Err(StoreError::NotFound {
                    what: "group",
                    name: group.clone(),
                    hint: format!("create it first with `aurum group add {group}`"),
                });
            }
            sqlx::query("INSERT INTO user_groups (username, group_name) VALUES ($1, $2)")
                .bind(&user.name)
                .bind(group)
                .execute(&mut *tx)
                .await
                .context("adding a user to a group")?;
        }
        for permission in &user.permissions {
            sqlx::query(
                "INSERT INTO user_permissions (username, permission) VALUES ($1, $2) \
                 ON CONFLICT (username, permission) DO NOTHING",
            )
            .bind(&user.name)
            .bind(permission)
            .execute(&mut *tx)
            .await
            .context("granting a user a permission")?;
        }
        tx.commit().await.context("committing a new user")?;
        Ok(())
    }

    /// A user by name, with its groups and permissions; `None` when there is none.
    pub async fn user(&self, name: &str) -> Result<Option<UserRecord>, StoreError> {
        let row: Option<(String, String, i64, i64)> = sqlx::query_as(
            "SELECT name, password_hash, superuser, created_at FROM users WHERE name = $1",
        )
        .bind(name)
        .fetch_optional(&self.pool)
        .await
        .context("looking up a user")?;
        match row {
            Some(row) => Ok(Some(self.user_from_row(row).await?)),
            None => Ok(None),
        }
    }

    /// Every user, by name.
    pub async fn users(&self) -> Result<Vec<UserRecord>, StoreError> {
        let rows: Vec<(String, String, i64, i64)> = sqlx::query_as(
            "SELECT name, password_hash, superuser, created_at FROM users ORDER BY name",
        )
        .fetch_all(&self.pool)
        .await
        .context("listing users")?;
        let mut users = Vec::with_capacity(rows.len());
        for row in rows {
            users.push(self.user_from_row(row).await?);
        }
        Ok(users)
    }

    /// Replaces a user's password hash; its tokens stay valid (revoke them apart).
    pub async fn set_password_hash(&self, name: &str, hash: &str) -> Result<(), StoreError> {
        let updated = sqlx::query("UPDATE users SET password_hash = $1 WHERE name = $2")
            .bind(hash)
            .bind(name)
            .execute(&self.pool)
            .await
            .context("changing a password")?;
        if updated.rows_affected() == 0 {
            return Err(no_user(name));
        }
        Ok(())
    }

    /// Removes a user with its memberships, permissions and tokens.
    pub async fn remove_user(&self, name: &str) -> Result<(), StoreError> {
        let removed = sqlx::query("DELETE FROM users WHERE name = $1")
            .bind(name)
            .execute(&self.pool)
            .await
            .context("removing a user")?;
        if removed.rows_affected() == 0 {
            return Err(no_user(name));
        }
        Ok(())
    }

    /// A user's row with its groups and permissions, read in one query (every API request
    /// authenticates through here).
    async fn user_from_row(
        &self,
        (name, password_hash, superuser, created_at): (String, String, i64, i64),
    ) -> Result<UserRecord, StoreError> {
        let rows: Vec<(String, String)> = sqlx::query_as(
            "SELECT 'g', group_name FROM user_groups WHERE username = $1 \
             UNION ALL SELECT 'p', permission FROM user_permissions WHERE username = $1 \
             UNION ALL SELECT DISTINCT 'q', p.permission FROM group_permissions p \
             JOIN user_groups g ON g.group_name = p.group_name WHERE g.username = $1",
        )
        .bind(&name)
        .fetch_all(&self.pool)
        .await
        .context("reading a user's groups and permissions")?;
        let (mut groups, mut permissions, mut group_permissions) =
            (Vec::new(), Vec::new(), Vec::new());
        for (list, value) in rows {
            match list.as_str() {
                "g" => groups.push(value),
                "p" => permissions.push(value),
                _ => group_permissions.push(value),
            }
        }
        for list in [&mut groups, &mut permissions, &mut group_permissions] {
            list.sort_unstable();
            list.dedup();
        }
        Ok(UserRecord {
            name,
            password_hash,
            superuser: superuser != 0,
            groups,
            permissions,
            group_permissions,
            created_at,
        })
    }
}

/// The first column of every row `sql` returns for `key`.
pub(super) async fn strings(
    store: &Store,
    sql: &'static str,
    key: &str,
) -> Result<Vec<String>, StoreError> {
    let rows: Vec<(String,)> = sqlx::query_as(sql)
        .bind(key)
        .fetch_all(&store.pool)
        .await
        .context("reading identity rows")?;
    Ok(rows.into_iter().map(|(value,)| value).collect())
}

pub(super) fn no_user(name: &str) -> StoreError {
    StoreError::NotFound {
        what: "user",
        name: name.to_string(),
        hint: "list them with `aurum user list`".to_string(),
    }
}
