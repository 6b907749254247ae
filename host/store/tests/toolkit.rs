//! Saved commands and the command log, on SQLite and PostgreSQL alike.

mod common;

use aurum_inventory::CommandsDocument;
use aurum_store::{CommandLogEntry, CommandLogQuery, SlotReservation};
use common::TestDb;
use futures_util::TryStreamExt;

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

    let exported: Vec<CommandLogEntry> = db
        .store
        .command_log_stream(&CommandLogQuery::default())
        .try_collect()
        .await
        .unwrap();
    assert_eq!(exported.len(), 4, "an export is every row");
    assert_eq!(exported[0].device, "r2", "newest first");

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

/// Ten runs reserving at once, each on its own connection, with a limit of 3: exactly 3 get a
/// slot, the other 7 are told when one frees.
async fn concurrent_reservations_get_exactly_the_limit(db: &TestDb) {
    let window_ms = 600_000;
    let attempts: Vec<_> = (0..10)
        .map(|_| {
            let store = db.store.clone();
            tokio::spawn(async move { store.reserve_rate_slot("r1", 3, window_ms).await })
        })
        .collect();
    let mut granted = Vec::new();
    let mut waits = Vec::new();
    for attempt in attempts {
        match attempt.await.unwrap().unwrap() {
            SlotReservation::Granted(slot) => granted.push(slot),
            SlotReservation::Full { retry_after_ms } => waits.push(retry_after_ms),
        }
    }
    assert_eq!((granted.len(), waits.len()), (3, 7), "{waits:?}");
    assert!(
        waits.iter().all(|w| (590_000..=window_ms).contains(w)),
        "{waits:?}"
    );
    // Another device has its own slots.
    assert!(matches!(
        db.store
            .reserve_rate_slot("r2", 3, window_ms)
            .await
            .unwrap(),
        SlotReservation::Granted(_)
    ));
    // A slot given back (its run failed) is free again, once.
    db.store.release_rate_slot(granted[0]).await.unwrap();
    assert!(matches!(
        db.store
            .reserve_rate_slot("r1", 3, window_ms)
            .await
            .unwrap(),
        SlotReservation::Granted(_)
    ));
    assert!(matches!(
        db.store
            .reserve_rate_slot("r1", 3, window_ms)
            .await
            .unwrap(),
        SlotReservation::Full { .. }
    ));
}

/// Slots older than the window no longer count.
async fn slots_expire_with_the_window(db: &TestDb) {
    assert!(matches!(
        db.store.reserve_rate_slot("r1", 1, 50).await.unwrap(),
        SlotReservation::Granted(_)
    ));
    let SlotReservation::Full { retry_after_ms } =
        db.store.reserve_rate_slot("r1", 1, 50).await.unwrap()
    else {
        panic!("the second run inside the window must wait");
    };
    assert!(retry_after_ms <= 50, "{retry_after_ms}");
    tokio::time::sleep(std::time::Duration::from_millis(60)).await;
    assert!(matches!(
        db.store.reserve_rate_slot("r1", 1, 50).await.unwrap(),
        SlotReservation::Granted(_)
    ));
}

on_both_databases!(
    saved_commands_round_trip,
    the_log_answers_queries_stats_and_the_rate_window,
    concurrent_reservations_get_exactly_the_limit,
    slots_expire_with_the_window
);
