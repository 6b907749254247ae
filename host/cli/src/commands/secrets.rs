//! `aurum secrets`: values stored encrypted in the database (set, list, remove, rotate the
//! master key) for `{ stored: NAME }` references in secrets groups. A value is read from an
//! environment variable, a file or standard input, never from the command line (where `ps`
//! shows it), and is never printed.

use std::io::Read as _;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context as _, bail};
use aurum_services::secrets::{KEY_ENV, NEXT_KEY_ENV, SecretsService};
use clap::Subcommand;
use zeroize::Zeroizing;

use crate::context::Context;
use crate::output::{table, utc};

#[derive(Debug, Subcommand)]
pub enum SecretsCommand {
    /// Store a secret encrypted under the master key (AURUM_SECRETS_KEY, else
    /// DATA_DIR/secrets.key, created 0600 on first use). The value comes from --from-env,
    /// --from-file or standard input (one line; the newline is dropped).
    Set {
        name: String,
        /// Read the value from this environment variable.
        #[arg(long, value_name = "VAR", conflicts_with = "from_file")]
        from_env: Option<String>,
        /// Read the value from this file (a trailing newline is dropped).
        #[arg(long, value_name = "FILE")]
        from_file: Option<PathBuf>,
    },
    /// Stored secrets: name, the master key they are encrypted under, last change. Never values.
    List {
        #[arg(long)]
        json: bool,
    },
    /// Remove a stored secret.
    Remove { name: String },
    /// Re-encrypt every stored secret under a new master key, all or none. With the key file,
    /// a new one is generated and replaces it; with AURUM_SECRETS_KEY, the new key is read
    /// from AURUM_SECRETS_NEW_KEY and you install it afterwards.
    RotateKey,
}

pub const SECRETS_EXAMPLES: &str = "\
Examples:
  printf '%s' \"$SNMP_COMMUNITY\" | aurum secrets set snmp-community
  aurum secrets set tacacs-key --from-env TACACS_KEY
  aurum secrets list
  aurum secrets rotate-key

Refer to a stored secret from a secrets group: password: { stored: core-password }";

pub async fn run(context: &Context, command: SecretsCommand) -> anyhow::Result<ExitCode> {
    let store = context.open_store().await?;
    let secrets = SecretsService::new(store.clone(), context.data_dir());
    match command {
        SecretsCommand::Set {
            name,
            from_env,
            from_file,
        } => {
            let value = read_value(&name, from_env, from_file)?;
            secrets.set(&name, &value).await?;
            println!("stored secret `{name}`; refer to it as {{ stored: {name} }}");
        }
        SecretsCommand::List { json } => {
            let listed = secrets.list().await?;
            if json {
                println!("{}", serde_json::to_string_pretty(&listed)?);
            } else if listed.is_empty() {
                println!("no stored secrets; add one with `aurum secrets set NAME`");
            } else {
                let rows: Vec<Vec<String>> = listed
                    .into_iter()
                    .map(|s| vec![s.name, s.key_id, utc(s.updated_at)])
                    .collect();
                print!("{}", table(&["NAME", "KEY", "UPDATED"], &rows));
            }
        }
        SecretsCommand::Remove { name } => {
            secrets.remove(&name).await?;
            println!("removed secret `{name}`");
        }
        SecretsCommand::RotateKey => {
            let rotation = secrets.rotate_key().await?;
            println!(
                "re-encrypted {} secret(s) from master key {} to {}",
                rotation.secrets, rotation.old_key, rotation.new_key
            );
            match rotation.key_file {
                Some(path) => println!("the new key is in {}", path.display()),
                None => println!(
                    "now set {KEY_ENV} to the value of {NEXT_KEY_ENV} everywhere Aurum runs, then unset {NEXT_KEY_ENV}"
                ),
            }
        }
    }
    store.close().await;
    Ok(ExitCode::SUCCESS)
}

fn read_value(
    name: &str,
    from_env: Option<String>,
    from_file: Option<PathBuf>,
) -> anyhow::Result<Zeroizing<String>> {
    let mut value = Zeroizing::new(String::new());
    match (from_env, from_file) {
        (Some(var), _) => {
            *value = std::env::var(&var)
                .with_context(|| format!("environment variable {var} is not set"))?;
        }
        (None, Some(path)) => {
            *value = std::fs::read_to_string(&path)
                .with_context(|| format!("cannot read {}", path.display()))?;
        }
        (None, None) => {
            std::io::stdin()
                .read_to_string(&mut value)
                .context("cannot read the secret from standard input")?;
        }
    }
    let trimmed = value.trim_end_matches(['\r', '\n']).len();
    value.truncate(trimmed);
    if value.is_empty() {
        bail!(
            "the value for secret `{name}` is empty; give it on standard input, --from-env or --from-file"
        );
    }
    Ok(value)
}
