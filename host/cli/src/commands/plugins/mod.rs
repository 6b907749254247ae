//! `aurum plugins`: what is registered, a contract check, a new plugin's skeleton, and a
//! driver replayed against a recorded session.

mod new;
mod replay;

use std::process::ExitCode;

use crate::cli::PluginsCommand;
use crate::context::Context;
use crate::output::table;

pub async fn run(context: &Context, command: PluginsCommand) -> anyhow::Result<ExitCode> {
    match command {
        PluginsCommand::List => {
            let registry = context.registry()?;
            let rows: Vec<Vec<String>> = registry
                .list()
                .into_iter()
                .map(|p| {
                    vec![
                        p.name,
                        format!("{:?}", p.kind).to_lowercase(),
                        p.backend.to_string(),
                        p.version,
                        p.source,
                    ]
                })
                .collect();
            print!(
                "{}",
                table(&["NAME", "KIND", "BACKEND", "VERSION", "SOURCE"], &rows)
            );
        }
        PluginsCommand::Check { name } => {
            let report = context.registry()?.check(&name)?;
            println!("{report}");
        }
        PluginsCommand::New(plugin) => new::run(plugin)?,
        PluginsCommand::Test {
            name,
            recording,
            expected,
        } => return replay::run(context, &name, &recording, expected.as_deref()).await,
    }
    Ok(ExitCode::SUCCESS)
}
