use std::io::Write as _;
use std::process::ExitCode;

use aurum_store::{CommandLogEntry, CommandLogQuery, Store};
use futures_util::StreamExt as _;

use crate::cli::LogArgs;
use crate::context::Context;
use crate::output::table;

pub async fn run(context: &Context, args: LogArgs) -> anyhow::Result<ExitCode> {
    let store = context.open_store().await?;
    if args.stats {
        let stats = store.command_stats(&CommandLogQuery::default()).await?;
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
    let query = CommandLogQuery {
        device: args.device,
        username: args.user,
        ..CommandLogQuery::default()
    };
    let exported = if args.json {
        export_json(&store, &query).await
    } else if args.csv {
        export_csv(&store, &query).await
    } else {
        let entries = store
            .command_log(&CommandLogQuery {
                limit: Some(args.limit),
                ..query
            })
            .await;
        entries
            .map_err(Into::into)
            .map(|entries| print_table(&entries))
    };
    store.close().await;
    exported?;
    Ok(ExitCode::SUCCESS)
}

/// Every matching entry as CSV, written as it is read.
async fn export_csv(store: &Store, query: &CommandLogQuery) -> anyhow::Result<()> {
    let mut writer = csv::Writer::from_writer(std::io::BufWriter::new(std::io::stdout()));
    let mut entries = std::pin::pin!(store.command_log_stream(query));
    while let Some(entry) = entries.next().await {
        writer.serialize(entry?)?;
    }
    writer.flush()?;
    Ok(())
}

/// Every matching entry as one JSON array, written element by element as it is read.
async fn export_json(store: &Store, query: &CommandLogQuery) -> anyhow::Result<()> {
    let mut out = std::io::BufWriter::new(std::io::stdout());
    let mut entries = std::pin::pin!(store.command_log_stream(query));
    let mut first = true;
    out.write_all(b"[")?;
    while let Some(entry) = entries.next().await {
        out.write_all(if first { b"\n" } else { b",\n" })?;
        first = false;
        serde_json::to_writer_pretty(&mut out, &entry?)?;
    }
    out.write_all(if first { b"]\n" } else { b"\n]\n" })?;
    out.flush()?;
    Ok(())
}

fn print_table(entries: &[CommandLogEntry]) {
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
