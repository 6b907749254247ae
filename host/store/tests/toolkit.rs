//! Saved commands and the command log, on SQLite and PostgreSQL alike.

mod common;

use aurum_inventory::CommandsDocument;
use aurum_store::{CommandLogEntry, CommandLogQuery};
use common::TestDb;

const COMMANDS: &str = r#"
commands:
  - name: interface
    command: show interfaces <interface>
    platforms: [cisco_ios, arista_eos]
    variables: [{ name: interface, kind: interface }]
  - { name: clock, command: show clock }
  - { name: shut, command: shutdown, kind: config }
"#;

fn entry(device: &str, command: &str, success: bool, at: i64) -> CommandLogEntry {
    CommandLogEntry {
        at,
        username: "alice".into(),
        device: device.into(),
        command: command.into(),
        kind: "show".into(),
        driver: "cisco_ios".into(),
        transport: "russh".into(),
        success,
        output: if success { "ok".into() } else { String::new() },
        error: if success {
            String::new()
        } else {
            "timeout".into()
        },
        duration_ms: 12,
    }
}

async fn saved_commands_round_trip(db: &TestDb) {
    let doc = CommandsDocument::parse(COMMANDS, "commands.yaml").unwrap();
    db.store.upsert_commands(&doc.commands).await.unwrap();
    db.store.upsert_commands(&doc.commands).await.unwrap();
    let saved = db.store.commands().await.unwrap();
    assert_eq!(saved.len(), 3);
    assert_eq!(
        db.store.command("interface").await.unwrap(),
        doc.commands[0]
    );
    let missing = db.store.command("nope").await.unwrap_err().to_string();
    assert!(
        missing.contains("saved: clock, interface, shut"),
        "{missing}"
    );
}

async fn the_log_answers_queries_stats_and_the_rate_window(db: &TestDb) {
    let now = CommandLogEntry::now();
    db.store
        .log_command(&entry("r1", "show clock", true, now - 120_000))
        .await
        .unwrap();
    db.store
        .log_command(&entry("r1", "show clock", true, now - 1_000))
        .await
        .unwrap();
    db.store
        .log_command(&entry("r1", "show version", false, now - 500))
        .await
        .unwrap();
    db.store
        .log_command(&entry("r2", "show clock", true, now))
        .await
        .unwrap();

    let r1 = db
        .store
        .command_log(&CommandLogQuery {
            device: Some("r1".into()),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(r1.len(), 3);
    assert_eq!(r1[0].command, "show version", "newest first");
    assert!(!r1[0].success);

    let recent = db
        .store
        .successful_commands_within("r1", 60_000)
        .await
        .unwrap();
    assert_eq!(recent.len(), 1, "only successes inside the window count");

    let stats = db.store.command_stats(None).await.unwrap();
    assert_eq!(
        (
            stats.total,
            stats.succeeded,
            stats.failed,
            stats.devices,
            stats.users
        ),
        (4, 3, 1, 2, 1)
    );
    assert_eq!(stats.top_commands[0], ("show clock".to_string(), 3));
}

on_both_databases!(
    saved_commands_round_trip,
    the_log_answers_queries_stats_and_the_rate_window
);
