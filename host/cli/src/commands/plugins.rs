use std::process::ExitCode;

use crate::cli::PluginsCommand;
use crate::context::Context;
use crate::output::table;

pub fn run(context: &Context, command: PluginsCommand) -> anyhow::Result<ExitCode> {
    let registry = context.registry()?;
    match command {
        PluginsCommand::List => {
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
            let report = registry.check(&name)?;
            println!("{report}");
        }
    }
    Ok(ExitCode::SUCCESS)
}
