//! `aurum user` and `aurum group`: identity for everything reached over HTTP. Passwords are
//! read from --password, AURUM_USER_PASSWORD or a prompt, and never printed; a token is
//! printed once, alone on the last line, so `| tail -1` captures it.

use std::process::ExitCode;

use anyhow::{Context as _, bail};
use aurum_services::identity::{IdentityService, NewUserRequest};

use crate::cli::{GroupCommand, UserCommand};
use crate::context::Context;
use crate::output::{table, utc};

pub async fn run(context: &Context, command: UserCommand) -> anyhow::Result<ExitCode> {
    let store = context.open_store().await?;
    let identity = IdentityService::new(store.clone());
    match command {
        UserCommand::Add {
            name,
            password,
            superuser,
            groups,
            permissions,
        } => {
            IdentityService::check_new_user(&name, &permissions)?;
            let password = password_for(&name, password)?;
            identity
                .add_user(&NewUserRequest {
                    name: name.clone(),
                    password,
                    superuser,
                    groups,
                    permissions,
                })
                .await?;
            println!(
                "added {}user `{name}`; make it an API token with `aurum user token {name}`",
                if superuser { "super" } else { "" }
            );
        }
        UserCommand::Passwd { name, password } => {
            let password = password_for(&name, password)?;
            identity.set_password(&name, &password).await?;
            println!("changed the password of `{name}`");
        }
        UserCommand::List => list_users(&identity).await?,
        UserCommand::Remove { name } => {
            identity.remove_user(&name).await?;
            println!("removed user `{name}` and its tokens");
        }
        UserCommand::Tokens { name } => {
            let rows: Vec<Vec<String>> = identity
                .tokens(&name)
                .await?
                .into_iter()
                .map(|t| {
                    vec![
                        t.prefix,
                        utc(t.created_at),
                        t.expires_at.map_or("never".to_string(), utc),
                        t.last_used_at.map_or("-".to_string(), utc),
                    ]
                })
                .collect();
            print!(
                "{}",
                table(&["PREFIX", "CREATED", "EXPIRES", "LAST USED"], &rows)
            );
        }
        UserCommand::RevokeToken { prefix } => {
            identity.revoke_token(&prefix).await?;
            println!("revoked the API token {prefix}");
        }
        UserCommand::Token { name, expires } => {
            let issued = identity.issue_token(&name, expires).await?;
            let until = issued.expires_at.map_or("never expires".to_string(), |at| {
                format!("expires {}", utc(at))
            });
            println!(
                "API token for `{name}` (prefix {}, {until}); shown once, send it as `Authorization: Token <token>`:",
                issued.prefix
            );
            println!("{}", issued.token);
        }
    }
    store.close().await;
    Ok(ExitCode::SUCCESS)
}

pub async fn group(context: &Context, command: GroupCommand) -> anyhow::Result<ExitCode> {
    let store = context.open_store().await?;
    let identity = IdentityService::new(store.clone());
    match command {
        GroupCommand::Add { name, permissions } => {
            identity.add_group(&name, &permissions).await?;
            println!("added group `{name}`; add users with `aurum user add NAME --group {name}`");
        }
        GroupCommand::List => {
            let rows: Vec<Vec<String>> = identity
                .groups()
                .await?
                .into_iter()
                .map(|g| vec![g.name, list(&g.permissions), list(&g.members)])
                .collect();
            print!("{}", table(&["NAME", "PERMISSIONS", "MEMBERS"], &rows));
        }
    }
    store.close().await;
    Ok(ExitCode::SUCCESS)
}

async fn list_users(identity: &IdentityService) -> anyhow::Result<()> {
    let mut rows = Vec::new();
    for user in identity.users().await? {
        let tokens = identity.tokens(&user.name).await?;
        let last_used = tokens.iter().filter_map(|t| t.last_used_at).max();
        let mut permissions = user.permissions.clone();
        permissions.extend(
            user.group_permissions
                .iter()
                .filter(|p| !user.permissions.contains(p))
                .map(|p| format!("{p} (group)")),
        );
        rows.push(vec![
            user.name,
            if user.superuser { "yes" } else { "no" }.to_string(),
            list(&user.groups),
            list(&permissions),
            tokens.len().to_string(),
            last_used.map_or("-".to_string(), utc),
        ]);
    }
    print!(
        "{}",
        table(
            &[
                "NAME",
                "SUPERUSER",
                "GROUPS",
                "PERMISSIONS",
                "TOKENS",
                "TOKEN LAST USED"
            ],
            &rows
        )
    );
    Ok(())
}

fn list(items: &[String]) -> String {
    if items.is_empty() {
        "-".to_string()
    } else {
        items.join(",")
    }
}

/// The password for `user`: the flag, else AURUM_USER_PASSWORD, else asked twice at the
/// terminal.
fn password_for(user: &str, flag: Option<String>) -> anyhow::Result<String> {
    if let Some(password) = flag {
        return Ok(password);
    }
    if let Ok(password) = std::env::var("AURUM_USER_PASSWORD") {
        return Ok(password);
    }
    let no_terminal =
        "no --password, no AURUM_USER_PASSWORD and no terminal to ask for the password";
    let first =
        rpassword::prompt_password(format!("password for `{user}`: ")).context(no_terminal)?;
    let again = rpassword::prompt_password("again: ").context(no_terminal)?;
    if first != again {
        bail!("the passwords differ; nothing was changed, try again");
    }
    Ok(first)
}
