use super::users::strings;
use crate::error::QueryContext;
use crate::time::now_millis;
use crate::{Store, StoreError};

/// A stored group: its permissions and members.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroupRecord {
    pub name: String,
    pub permissions: Vec<String>,
    pub members: Vec<String>,
}

impl Store {
    /// Creates a group with its permissions in one transaction; a taken name is refused.
    pub async fn create_group(&self, name: &str, permissions: &[String]) -> Result<(), StoreError> {
        let mut tx = self.pool.begin().await.context("starting to add a group")?;
        let inserted = sqlx::query(
            "INSERT INTO groups (name, created_at) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING",
        )
        .bind(name)
        .bind(now_millis())
        .execute(&mut *tx)
        .await
        .context("adding a group")?;
        if inserted.rows_affected() == 0 {
            return Err(StoreError::AlreadyExists {
                what: "group",
                name: name.to_string(),
                hint: "pick another name; `aurum group list` shows the groups".to_string(),
            });
        }
        for permission in permissions {
            sqlx::query(
                "INSERT INTO group_permissions (group_name, permission) VALUES ($1, $2) \
                 ON CONFLICT (group_name, permission) DO NOTHING",
            )
            .bind(name)
            .bind(permission)
            .execute(&mut *tx)
            .await
            .context("granting a group a permission")?;
        }
        tx.commit().await.context("committing a new group")?;
        Ok(())
    }

    /// Every group, by name, with its permissions and members.
    pub async fn groups(&self) -> Result<Vec<GroupRecord>, StoreError> {
        let names: Vec<(String,)> = sqlx::query_as("SELECT name FROM groups ORDER BY name")
            .fetch_all(&self.pool)
            .await
            .context("listing groups")?;
        let mut groups = Vec::with_capacity(names.len());
        for (name,) in names {
            let permissions = strings(
                self,
                "SELECT permission FROM group_permissions WHERE group_name = $1 ORDER BY permission",
                &name,
            )
            .await?;
            let members = strings(
                self,
                "SELECT username FROM user_groups WHERE group_name = $1 ORDER BY username",
                &name,
            )
            .await?;
            groups.push(GroupRecord {
                name,
                permissions,
                members,
            });
        }
        Ok(groups)
    }
}
