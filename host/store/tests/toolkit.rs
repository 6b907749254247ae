//! Saved commands and the command log, on SQLite and PostgreSQL alike.

mod common;

use aurum_inventory::CommandsDocument;
use aurum_store::{CommandLogEntry, CommandLogQuery, LogSort, SlotReservation};
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
        id: 0,
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

    let stats = db
        .store
        .command_stats(&CommandLogQuery::default())
        .await
        .unwrap();
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

/// The log page's reads: a window in any column's order, a search, an outcome filter, the
/// count and statistics of what the filter matches (not of the page), and one entry by id.
async fn the_log_pages_sorts_searches_and_counts_in_sql(db: &TestDb) {
    let now = CommandLogEntry::now();
    let mut runs = vec![
        entry("r2", "show clock", true, now - 4_000),
        entry("r1", "show version", false, now - 3_000),
        entry("R3", "show ip_route", true, now - 2_000),
        entry("r1", "show clock", true, now - 1_000),
    ];
    runs[2].username = "bob".into();
    runs[2].duration_ms = 900;
    for run in &runs {
        db.store.log_command(run).await.unwrap();
    }
    let read = |query: CommandLogQuery| async move {
        let entries = db.store.command_log(&query).await.unwrap();
        let count = db.store.command_log_count(&query).await.unwrap();
        let devices: Vec<String> = entries.iter().map(|e| e.device.clone()).collect();
        (devices, count)
    };
    // Newest first, one page of two, then the next.
    let page = |offset| CommandLogQuery {
        offset,
        limit: Some(2),
        ..CommandLogQuery::default()
    };
    assert_eq!(read(page(0)).await, (vec!["r1".into(), "R3".into()], 4));
    assert_eq!(read(page(2)).await, (vec!["r1".into(), "r2".into()], 4));
    // By device in byte order (upper case first on both databases), ties newest first.
    let by_device = CommandLogQuery {
        sort: LogSort::Device,
        ..CommandLogQuery::default()
    };
    let (devices, _) = read(by_device.clone()).await;
    assert_eq!(devices, ["R3", "r1", "r1", "r2"]);
    let (devices, _) = read(CommandLogQuery {
        descending: Some(true),
        ..by_device
    })
    .await;
    assert_eq!(devices, ["r2", "r1", "r1", "R3"]);
    // Longest first.
    let (devices, _) = read(CommandLogQuery {
        sort: LogSort::Duration,
        limit: Some(1),
        ..CommandLogQuery::default()
    })
    .await;
    assert_eq!(devices, ["R3"]);
    // A search in any case, with `_` taken literally; then by user, and by outcome.
    let search = |q: &str| CommandLogQuery {
        q: Some(q.into()),
        ..CommandLogQuery::default()
    };
    assert_eq!(read(search("IP_ROUTE")).await.1, 1);
    assert_eq!(read(search("ip_r%")).await.1, 0, "`%` is literal");
    assert_eq!(read(search("r3")).await.1, 1, "devices are searched");
    assert_eq!(read(search("BOB")).await.1, 1, "users are searched");
    let failed = CommandLogQuery {
        success: Some(false),
        ..CommandLogQuery::default()
    };
    assert_eq!(read(failed.clone()).await, (vec!["r1".into()], 1));
    // The statistics follow the filter.
    let clock = db.store.command_stats(&search("clock")).await.unwrap();
    assert_eq!((clock.total, clock.devices, clock.failed), (2, 2, 0));
    assert_eq!(clock.top_commands, [("show clock".to_string(), 2)]);
    assert_eq!(db.store.command_stats(&failed).await.unwrap().failed, 1);
    // One entry by the id a listing gave it; an unknown id names what to look at.
    let listed = db.store.command_log(&failed).await.unwrap();
    let one = db.store.command_log_entry(listed[0].id).await.unwrap();
    assert_eq!(one, listed[0]);
    assert_eq!(one.command, "show version");
    let missing = db
        .store
        .command_log_entry(listed[0].id + 1000)
        .await
        .unwrap_err()
        .to_string();
    assert!(missing.contains("command log entry"), "{missing}");
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
    the_log_pages_sorts_searches_and_counts_in_sql,
    concurrent_reservations_get_exactly_the_limit,
    slots_expire_with_the_window
);
