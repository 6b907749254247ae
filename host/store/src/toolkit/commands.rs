use aurum_inventory::{CommandDef, CommandKind};

use crate::error::QueryContext;
use crate::{Store, StoreError};

type CommandRow = (String, String, String, String, String, String);

impl Store {
    /// Saves commands, replacing those of the same name, in one transaction.
    pub async fn upsert_commands(&self, commands: &[CommandDef]) -> Result<(), StoreError> {
        let mut tx = self
            .pool
            .begin()
            .await
            .context("starting to save commands")?;
        for command in commands {
            sqlx::query(
                "INSERT INTO commands (name, command, kind, platforms, variables, description) \
                 VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (name) DO UPDATE SET command = excluded.command, \
                 kind = excluded.kind, platforms = excluded.platforms, variables = excluded.variables, \
                 description = excluded.description",
            )
            .bind(&command.name)
            .bind(&command.command)
            .bind(command.kind.as_str())
            .bind(serde_json::to_string(&command.platforms).expect("strings serialise"))
            .bind(serde_json::to_string(&command.variables).expect("variables serialise"))
            .bind(&command.description)
            .execute(&mut *tx)
            .await
            .context("saving a command")?;
        }
        tx.commit().await.context("committing saved commands")?;
        Ok(())
    }

    /// Saves a new command; one of the same name is an `AlreadyExists`, not replaced.
    pub async fn create_command(&self, command: &CommandDef) -> Result<(), StoreError> {
        let sql = "INSERT INTO commands (name, command, kind, platforms, variables, description) \
                   VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (name) DO NOTHING";
        if self
            .write_command(sql, command, "saving a new command")
            .await?
            == 0
        {
            return Err(StoreError::AlreadyExists {
                what: "saved command",
                name: command.name.clone(),
                hint: "replace it with PUT, or choose another name".to_string(),
            });
        }
        Ok(())
    }

    /// Replaces the saved command of `command.name`; a missing one is a `NotFound`.
    pub async fn replace_command(&self, command: &CommandDef) -> Result<(), StoreError> {
        let sql = "UPDATE commands SET command = $2, kind = $3, platforms = $4, variables = $5, \
                   description = $6 WHERE name = $1";
        if self
            .write_command(sql, command, "replacing a command")
            .await?
            == 0
        {
            // Names the saved ones.
            self.command(&command.name).await?;
        }
        Ok(())
    }

    /// Runs `sql` with the command's columns as `$1`..`$6` (name, command, kind, platforms,
    /// variables, description); the rows it wrote.
    async fn write_command(
        &self,
        sql: &'static str,
        command: &CommandDef,
        context: &'static str,
    ) -> Result<u64, StoreError> {
        Ok(sqlx::query(sql)
            .bind(&command.name)
            .bind(&command.command)
            .bind(command.kind.as_str())
            .bind(serde_json::to_string(&command.platforms).expect("strings serialise"))
            .bind(serde_json::to_string(&command.variables).expect("variables serialise"))
            .bind(&command.description)
            .execute(&self.pool)
            .await
            .context(context)?
            .rows_affected())
    }

    /// Deletes a saved command; a missing one is a `NotFound`. Its log entries stay (they
    /// hold the text that ran).
    pub async fn delete_command(&self, name: &str) -> Result<(), StoreError> {
        let deleted = sqlx::query("DELETE FROM commands WHERE name = $1")
            .bind(name)
            .execute(&self.pool)
            .await
            .context("deleting a command")?
            .rows_affected();
        if deleted == 0 {
            self.command(name).await?;
        }
        Ok(())
    }

    pub async fn commands(&self) -> Result<Vec<CommandDef>, StoreError> {
        let rows: Vec<CommandRow> = sqlx::query_as(
            "SELECT name, command, kind, platforms, variables, description FROM commands ORDER BY name",
        )
        .fetch_all(&self.pool)
        .await
        .context("listing commands")?;
        rows.into_iter().map(command_from_row).collect()
    }

    /// A saved command by name; the error lists the ones that exist.
    pub async fn command(&self, name: &str) -> Result<CommandDef, StoreError> {
        let all = self.commands().await?;
        let names: Vec<String> = all.iter().map(|c| c.name.clone()).collect();
        all.into_iter()
            .find(|c| c.name == name)
            .ok_or_else(|| StoreError::NotFound {
                what: "saved command",
                name: name.to_string(),
                hint: if names.is_empty() {
                    "none are saved; import them with `aurum commands import FILE`".to_string()
                } else {
                    format!("saved: {}", names.join(", "))
                },
            })
    }
}

fn command_from_row(row: CommandRow) -> Result<CommandDef, StoreError> {
    let (name, command, kind, platforms, variables, description) = row;
    let corrupt = |what: &str, message: String| StoreError::Corrupt {
        what: format!("{what} of command `{name}`"),
        message,
    };
    let kind = match kind.as_str() {
        "show" => CommandKind::Show,
        "config" => CommandKind::Config,
        other => return Err(corrupt("kind", format!("unknown kind `{other}`"))),
    };
    let platforms =
        serde_json::from_str(&platforms).map_err(|e| corrupt("platforms", e.to_string()))?;
    let variables =
        serde_json::from_str(&variables).map_err(|e| corrupt("variables", e.to_string()))?;
    Ok(CommandDef {
        name,
        command,
        kind,
        platforms,
        variables,
        description,
    })
}
