use std::process::ExitCode;

use aurum_store::CommandLogQuery;

use crate::cli::LogArgs;
use crate::context::Context;
use crate::output::table;

pub async fn run(context: &Context, args: LogArgs) -> anyhow::Result<ExitCode> {
    let store = context.open_store().await?;
    if args.stats {
        let stats = store.command_stats(None).await?;
        if args.json {
            println!("{}", serde_json::to_string_pretty(&stats)?);
        } else {
            println!(
                "{} command(s): {} succeeded, {} failed, on {} device(s) by {} user(s)",
                stats.total, stats.succeeded, stats.failed, stats.devices, stats.users
            );
            let rows: Vec<Vec<String>> = stats
                .top_commands
                .iter()
                .map(|(command, runs)| vec![runs.to_string(), command.clone()])
                .collect();
            print!("{}", table(&["RUNS", "COMMAND"], &rows));
        }
        store.close().await;
        return Ok(ExitCode::SUCCESS);
    }
    let entries = store
        .command_log(&CommandLogQuery {
            device: args.device,
            username: args.user,
            since_ms: None,
            limit: Some(args.limit),
        })
        .await?;
    store.close().await;
    if args.json {
        println!("{}", serde_json::to_string_pretty(&entries)?);
    } else if args.csv {
        let mut writer = csv::Writer::from_writer(std::io::stdout());
        for entry in &entries {
            writer.serialize(entry)?;
        }
        writer.flush()?;
    } else {
        let rows: Vec<Vec<String>> = entries
            .iter()
            .map(|e| {
                vec![
                    e.at.to_string(),
                    e.username.clone(),
                    e.device.clone(),
                    if e.success {
                        "ok".into()
                    } else {
                        "FAILED".into()
                    },
                    format!("{} ms", e.duration_ms),
                    e.transport.clone(),
                    e.command.clone(),
                ]
            })
            .collect();
        print!(
            "{}",
            table(
                &[
                    "AT (ms)", "USER", "DEVICE", "RESULT", "TIME", "VIA", "COMMAND"
                ],
                &rows
            )
        );
    }
    Ok(ExitCode::SUCCESS)
}
