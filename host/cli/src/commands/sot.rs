//! `aurum sot sync`: pull the inventory from the configured Nautobot (or NetBox) in one
//! transaction, printing each change; `--dry-run` prints them and keeps nothing. The local
//! CLI acts as the installation's owner.

use std::process::ExitCode;

use aurum_inventory::{SyncAction, SyncReport};
use aurum_services::identity::Principal;
use aurum_services::sot::SyncOptions;
use aurum_sot::Flavor;
use clap::{Subcommand, ValueEnum};

use crate::context::Context;
use crate::output::{table, utc};

#[derive(Debug, Subcommand)]
pub enum SotCommand {
    /// Sync the inventory from the source of truth: incremental after the first sync
    /// (what changed since, plus deletions from its change log), full with --full.
    Sync {
        /// Which configured source: [sot.nautobot] or [sot.netbox].
        #[arg(long, value_enum, default_value_t = SourceArg::Nautobot)]
        source: SourceArg,
        /// Print what would change and keep nothing.
        #[arg(long)]
        dry_run: bool,
        /// Read everything, and delete here what the source no longer has.
        #[arg(long)]
        full: bool,
        /// The report as JSON.
        #[arg(long)]
        json: bool,
    },
    /// When each configured source was last synced.
    Status,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum SourceArg {
    Nautobot,
    Netbox,
}

impl From<SourceArg> for Flavor {
    fn from(source: SourceArg) -> Flavor {
        match source {
            SourceArg::Nautobot => Flavor::Nautobot,
            SourceArg::Netbox => Flavor::NetBox,
        }
    }
}

pub const SOT_EXAMPLES: &str = "\
Examples:
  aurum sot sync --dry-run
  aurum sot sync
  aurum sot sync --full --json
  aurum sot status

Configure the source in aurum.toml:
  [sot.nautobot]
  url = \"https://nautobot.example.net\"
  token = { env = \"NAUTOBOT_TOKEN\" }";

pub async fn run(context: &Context, command: SotCommand) -> anyhow::Result<ExitCode> {
    let services = context.services().await?;
    let result = dispatch(&services, command).await;
    services.store.close().await;
    result
}

async fn dispatch(
    services: &aurum_services::Services,
    command: SotCommand,
) -> anyhow::Result<ExitCode> {
    match command {
        SotCommand::Sync {
            source,
            dry_run,
            full,
            json,
        } => {
            let options = SyncOptions {
                flavor: source.into(),
                dry_run,
                full,
            };
            let report = services.sot.sync(&Principal::owner(), options).await?;
            if json {
                println!("{}", serde_json::to_string_pretty(&report)?);
            } else {
                print!("{}", describe(&report));
            }
        }
        SotCommand::Status => {
            let mut rows = Vec::new();
            for flavor in [Flavor::Nautobot, Flavor::NetBox] {
                let Ok(server) = services.sot.server(flavor) else {
                    continue;
                };
                let state = services.store.sync_state(flavor.name()).await?;
                rows.push(vec![
                    flavor.name().to_string(),
                    server.url.clone(),
                    state.map_or("never".into(), |s| utc(s.last_synced_at)),
                    state
                        .filter(|s| s.last_full_at > 0)
                        .map_or("never".into(), |s| utc(s.last_full_at)),
                ]);
            }
            if rows.is_empty() {
                eprintln!(
                    "no source of truth configured; add [sot.nautobot] url and token to aurum.toml"
                );
                return Ok(ExitCode::from(2));
            }
            print!(
                "{}",
                table(&["SOURCE", "URL", "LAST SYNC", "LAST FULL SYNC"], &rows)
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// The change lines, the notes, and a summary line.
fn describe(report: &SyncReport) -> String {
    let mut text = String::new();
    let prefix = if report.applied { "" } else { "would " };
    for change in &report.changes {
        text.push_str(&format!(
            "{prefix}{} {} {}",
            change.action.as_str(),
            change.kind.label(),
            change.name
        ));
        if !change.detail.is_empty() {
            text.push_str(&format!(" ({})", change.detail));
        }
        text.push('\n');
    }
    for note in &report.notes {
        text.push_str(&format!("note: {note}\n"));
    }
    let counts = [
        SyncAction::Create,
        SyncAction::Adopt,
        SyncAction::Update,
        SyncAction::Delete,
    ]
    .map(|action| format!("{} {}", report.count(action), action.as_str()));
    text.push_str(&format!(
        "{} sync from {}: {}, {} unchanged{}\n",
        if report.full { "full" } else { "incremental" },
        report.source,
        counts.join(", "),
        report.unchanged,
        if report.applied {
            ""
        } else {
            " (dry run: nothing applied)"
        }
    ));
    text
}
