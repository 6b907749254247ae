//! Saved commands edited one at a time (the API's `POST`, `PUT` and `DELETE` on
//! `/api/commands/`), checked as an imported commands file is: declared and used variables,
//! a name and a text. Each edit needs its own permission (`add_command`, `change_command`,
//! `delete_command`), unscoped: a saved command is offered on every device of its platforms.

use aurum_inventory::{CommandDef, CommandsDocument};

use super::{Principal, ToolkitService};
use crate::ServiceError;
use crate::authz;
use crate::identity::Permission;

impl ToolkitService {
    /// One saved command; needs `view_command`.
    pub async fn command(
        &self,
        principal: &Principal,
        name: &str,
    ) -> Result<CommandDef, ServiceError> {
        self.require_toolkit()?;
        authz::require(principal, Permission::VIEW_COMMAND)?;
        Ok(self.store().command(name).await?)
    }

    /// Saves a new command; one of that name already saved is refused (409 over HTTP).
    pub async fn create_command(
        &self,
        principal: &Principal,
        command: CommandDef,
    ) -> Result<CommandDef, ServiceError> {
        self.require_toolkit()?;
        authz::require(principal, Permission::ADD_COMMAND)?;
        let command = checked(command)?;
        self.store().create_command(&command).await?;
        tracing::info!(user = %principal.name, command = %command.name, "saved command created");
        Ok(command)
    }

    /// Replaces the saved command called `name` (the body may not rename it).
    pub async fn replace_command(
        &self,
        principal: &Principal,
        name: &str,
        command: CommandDef,
    ) -> Result<CommandDef, ServiceError> {
        self.require_toolkit()?;
        authz::require(principal, Permission::CHANGE_COMMAND)?;
        if command.name != name {
            return Err(invalid(
                name,
                format!("the body names `{}`", command.name),
                "a saved command keeps its name; create one under the new name and delete this",
            ));
        }
        let command = checked(command)?;
        self.store().replace_command(&command).await?;
        tracing::info!(user = %principal.name, command = %name, "saved command replaced");
        Ok(command)
    }

    /// Deletes the saved command called `name`; the log keeps what it ran.
    pub async fn delete_command(
        &self,
        principal: &Principal,
        name: &str,
    ) -> Result<(), ServiceError> {
        self.require_toolkit()?;
        authz::require(principal, Permission::DELETE_COMMAND)?;
        self.store().delete_command(name).await?;
        tracing::info!(user = %principal.name, command = %name, "saved command deleted");
        Ok(())
    }
}

/// `command` when it passes the commands file's checks.
fn checked(command: CommandDef) -> Result<CommandDef, ServiceError> {
    let document = CommandsDocument {
        commands: vec![command],
    };
    let name = document.commands[0].name.clone();
    document.check("the request").map_err(|error| {
        invalid(
            &name,
            error.to_string(),
            "declare each <variable> the command uses under `variables`",
        )
    })?;
    Ok(document.commands.into_iter().next().expect("one command"))
}

fn invalid(name: &str, reason: String, hint: &str) -> ServiceError {
    ServiceError::ObjectInvalid {
        what: format!("saved command `{name}`"),
        reason,
        hint: hint.to_string(),
    }
}
