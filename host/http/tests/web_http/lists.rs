//! The lists read by the database a page at a time: the command log (sorted by any column,
//! searched and filtered, its statistics those of what the filter matches, each entry on a
//! page of its own; only for users who may read the log), the jobs, and a device's config
//! history.

use super::*;
use aurum_store::CommandLogEntry;

/// Devices of these names, nothing else about them.
async fn import_devices(state: &AppState, names: &[String]) {
    use aurum_inventory::{Format, ValidationPolicy, parse_document};
    let yaml: String = std::iter::once("devices:\n".to_string())
        .chain(names.iter().map(|name| format!("  - name: {name}\n")))
        .collect();
    let inventory = parse_document(&yaml, Format::Yaml, "inventory.yaml").unwrap();
    let policy = ValidationPolicy::default();
    state
        .services
        .store
        .import(&inventory, "inventory.yaml", policy, false)
        .await
        .unwrap();
}

/// `runs` entries on r1…r3, every fifth a failed `show version`, the rest `show clock`.
async fn logged(state: &AppState, runs: i64) {
    let now = CommandLogEntry::now();
    for n in 0..runs {
        let failed = n % 5 == 0;
        let entry = CommandLogEntry {
            id: 0,
            at: now - (runs - n) * 1_000,
            username: "carol".into(),
            device: format!("r{}", n % 3 + 1),
            command: if failed { "show version" } else { "show clock" }.into(),
            kind: "show".into(),
            driver: "cisco_ios".into(),
            transport: "russh".into(),
            success: !failed,
            output: format!("output of run {n}"),
            error: if failed {
                "timed out".into()
            } else {
                String::new()
            },
            duration_ms: n,
        };
        state.services.store.log_command(&entry).await.unwrap();
    }
}

/// The log table's rows, each as its cells' text.
fn rows(body: &str) -> Vec<String> {
    let table = &body[body.find(r#"id="log""#).expect("the log table")..];
    let tbody = &table[table.find("<tbody>").unwrap()..table.find("</tbody>").unwrap()];
    tbody
        .split("<tr>")
        .skip(1)
        .map(|row| row.to_string())
        .collect()
}

#[tokio::test]
async fn the_log_pages_sorts_searches_and_shows_each_entry() {
    let (_dir, state) = state().await;
    add_admin(&state, "root").await;
    logged(&state, 60).await;
    let (cookie, _) = signed_in(&state, "root", "root's password").await;

    let first = send(&state, get("/log/", Some(&cookie))).await;
    assert_eq!(first.status, StatusCode::OK, "{}", first.body);
    assert!(
        first.body.contains("60 run(s), page 1 of 2"),
        "{}",
        first.body
    );
    assert_eq!(rows(&first.body).len(), 50);
    assert!(
        rows(&first.body)[0].contains("output of run 59"),
        "newest first"
    );
    let second = send(&state, get("/log/?page=2", Some(&cookie))).await;
    assert_eq!(rows(&second.body).len(), 10);
    assert!(rows(&second.body)[9].contains("output of run 0"));

    // Longest first, then reversed; the header links keep the search.
    let longest = send(&state, get("/log/?sort=duration&q=clock", Some(&cookie))).await;
    assert!(
        rows(&longest.body)[0].contains(">59 ms<"),
        "{}",
        longest.body
    );
    assert!(
        longest
            .body
            .contains("href=\"?q=clock&amp;sort=-duration\"")
    );
    let shortest = send(&state, get("/log/?sort=-duration&q=clock", Some(&cookie))).await;
    assert!(
        rows(&shortest.body)[0].contains(">1 ms<"),
        "{}",
        shortest.body
    );

    // The failed runs: 12 of them, the statistics theirs, the pager keeping the filter.
    let failed = send(
        &state,
        get("/log/?outcome=failed&per_page=5", Some(&cookie)),
    )
    .await;
    assert!(failed.body.contains("12 runs"), "{}", failed.body);
    assert!(failed.body.contains("0 succeeded"), "{}", failed.body);
    assert!(
        failed.body.contains("outcome=failed&amp;page=2"),
        "{}",
        failed.body
    );
    assert!(
        rows(&failed.body)
            .iter()
            .all(|row| row.contains("show version"))
    );
    let top = &failed.body[failed.body.find("top-commands").unwrap()..];
    assert!(
        top.contains("show version") && !top.contains("show clock"),
        "{top}"
    );
    let csv = send(
        &state,
        get("/log/export?format=csv&outcome=failed", Some(&cookie)),
    )
    .await;
    assert_eq!(
        csv.body.lines().count(),
        13,
        "a header and the 12 failed runs"
    );

    // A device's runs, searched in any case.
    let r2 = send(&state, get("/log/?q=R2", Some(&cookie))).await;
    assert!(r2.body.contains("20 runs"), "{}", r2.body);

    // Each entry's own page, reached from the list.
    let marker = "<td><a href=\"/log/";
    let start = first.body.find(marker).unwrap() + marker.len();
    let id = &first.body[start..start + first.body[start..].find('/').unwrap()];
    let entry = send(&state, get(&format!("/log/{id}/"), Some(&cookie))).await;
    assert_eq!(entry.status, StatusCode::OK, "{}", entry.body);
    assert!(entry.body.contains("output of run 59"), "{}", entry.body);
    let missing = send(&state, get("/log/999999/", Some(&cookie))).await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND, "{}", missing.body);
    assert!(
        missing.body.contains("command log entry"),
        "{}",
        missing.body
    );

    // alice may see devices but not the log (which holds outputs).
    let (alice, _) = signed_in(&state, "alice", "alice's password").await;
    for path in ["/log/", &format!("/log/{id}/")] {
        let refused = send(&state, get(path, Some(&alice))).await;
        assert_eq!(
            refused.status,
            StatusCode::FORBIDDEN,
            "{path}: {}",
            refused.body
        );
        assert!(!refused.body.contains("output of run"), "{path}");
    }
}

#[tokio::test]
async fn the_jobs_page_filters_sorts_and_pages() {
    let (_dir, state) = state().await;
    add_admin(&state, "root").await;
    let store = &state.services.store;
    for n in 0..60 {
        let kind = if n % 3 == 0 { "compliance" } else { "backup" };
        let user = if n == 7 { "dave" } else { "root" };
        store.start_job(kind, "all", user).await.unwrap();
    }
    let (cookie, _) = signed_in(&state, "root", "root's password").await;
    let first = send(&state, get("/jobs/", Some(&cookie))).await;
    assert_eq!(first.status, StatusCode::OK, "{}", first.body);
    assert!(
        first.body.contains("60 job(s), page 1 of 2"),
        "{}",
        first.body
    );
    assert!(first.body.contains(">#60<"), "newest first");
    assert!(!first.body.contains(">#10<"), "page 1 holds 60 to 11");
    let next = send(&state, get("/jobs/?page=2", Some(&cookie))).await;
    assert!(next.body.contains(">#10<") && next.body.contains(">#1<"));
    let compliance = send(&state, get("/jobs/?kind=compliance", Some(&cookie))).await;
    assert!(compliance.body.contains("20 job(s)"), "{}", compliance.body);
    assert!(
        compliance
            .body
            .contains("href=\"?kind=compliance&amp;sort=user\""),
        "the headers keep the filter: {}",
        compliance.body
    );
    let dave = send(&state, get("/jobs/?q=DAV", Some(&cookie))).await;
    assert!(
        dave.body.contains("1 job(s)") && dave.body.contains(">#8<"),
        "{}",
        dave.body
    );
    let by_user = send(&state, get("/jobs/?sort=-user&per_page=1", Some(&cookie))).await;
    assert!(
        by_user.body.contains(">#60<"),
        "root sorts after dave: {}",
        by_user.body
    );
    let by_user = send(&state, get("/jobs/?sort=user&per_page=1", Some(&cookie))).await;
    assert!(
        by_user.body.contains(">#8<"),
        "dave first: {}",
        by_user.body
    );
}

#[tokio::test]
async fn a_devices_config_history_is_paged_newest_first() {
    let (_dir, state) = state().await;
    let store = &state.services.store;
    import_devices(&state, &["r1".to_string()]).await;
    for version in 1..=55 {
        store
            .save_config_version(
                "r1",
                aurum_store::ConfigKind::Backup,
                &format!("hostname r1\n! version {version}\n"),
                None,
            )
            .await
            .unwrap();
    }
    let (cookie, _) = carol_signed_in(&state, &["view_device", "view_config"]).await;
    let versions = |body: &str| body.matches("aria-label=\"diff from version").count();

    let newest = send(
        &state,
        get("/devices/r1/configs/?kind=backup", Some(&cookie)),
    )
    .await;
    assert!(
        newest.body.contains("55 version(s), page 1 of 2"),
        "{}",
        newest.body
    );
    assert_eq!(versions(&newest.body), 50);
    assert!(newest.body.contains("#55</td>"), "newest first");
    assert!(newest.body.contains("! version 55"), "the newest is shown");
    let older = send(
        &state,
        get("/devices/r1/configs/?kind=backup&page=2", Some(&cookie)),
    )
    .await;
    assert_eq!(versions(&older.body), 5);
    assert!(older.body.contains("#1</td>") && !older.body.contains("#6</td>"));
    // The newest version is still the one shown, and a diff across pages still answers.
    assert!(older.body.contains("! version 55"), "{}", older.body);
    let diff = send(
        &state,
        get(
            "/devices/r1/configs/?kind=backup&from=1&to=55&page=2",
            Some(&cookie),
        ),
    )
    .await;
    assert!(
        diff.body.contains("Diff of version 1 → 55"),
        "{}",
        diff.body
    );
}

#[tokio::test]
async fn config_search_counts_every_match_and_pages_the_devices() {
    let (_dir, state) = state().await;
    let store = &state.services.store;
    let names: Vec<String> = (1..=65).map(|n| format!("r{n:02}")).collect();
    import_devices(&state, &names).await;
    for (index, name) in names.iter().enumerate() {
        // Five devices in the middle have no NTP server.
        let ntp = if (30..35).contains(&index) {
            ""
        } else {
            "ntp server 10.0.0.1\n"
        };
        store
            .save_config_version(
                name,
                aurum_store::ConfigKind::Backup,
                &format!("hostname {name}\n{ntp}"),
                None,
            )
            .await
            .unwrap();
    }
    let (cookie, _) = carol_signed_in(&state, &["view_device", "view_config"]).await;
    let hits = |body: &str| body.matches("search-hit").count();

    let first = send(&state, get("/search/?q=%5Entp&kind=backup", Some(&cookie))).await;
    assert!(
        first
            .body
            .contains("60 of 65 configuration(s) match; page 1 of 2"),
        "{}",
        first.body
    );
    assert_eq!(hits(&first.body), 50);
    assert!(first.body.contains("/devices/r01/configs/"));
    assert!(
        !first.body.contains("/devices/r31/configs/"),
        "r31 has no NTP server"
    );
    assert!(
        first.body.contains("page=2\" id=\"next-page\""),
        "{}",
        first.body
    );
    let second = send(
        &state,
        get(
            "/search/?q=%5Entp&kind=backup&context=2&page=2",
            Some(&cookie),
        ),
    )
    .await;
    assert_eq!(hits(&second.body), 10);
    assert!(second.body.contains("/devices/r65/configs/"));
    assert!(!second.body.contains("/devices/r01/configs/"));
}
