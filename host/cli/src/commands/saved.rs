use std::process::ExitCode;

use aurum_inventory::CommandsDocument;

use crate::cli::CommandsCommand;
use crate::context::{Context, read_user_file};
use crate::output::table;

pub async fn run(context: &Context, command: CommandsCommand) -> anyhow::Result<ExitCode> {
    let store = context.open_store().await?;
    match command {
        CommandsCommand::Import { file } => {
            let name = file.display().to_string();
            let doc = CommandsDocument::parse(&read_user_file(&file)?, &name)?;
            store.upsert_commands(&doc.commands).await?;
            println!("saved {} command(s) from {name}", doc.commands.len());
        }
        CommandsCommand::List => {
            let rows: Vec<Vec<String>> = store
                .commands()
                .await?
                .into_iter()
                .map(|c| {
                    vec![
                        c.name,
                        c.kind.as_str().to_string(),
                        c.command,
                        if c.platforms.is_empty() {
                            "all".to_string()
                        } else {
                            c.platforms.join(",")
                        },
                    ]
                })
                .collect();
            print!(
                "{}",
                table(&["NAME", "KIND", "COMMAND", "PLATFORMS"], &rows)
            );
        }
    }
    store.close().await;
    Ok(ExitCode::SUCCESS)
}
