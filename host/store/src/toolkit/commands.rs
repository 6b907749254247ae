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
