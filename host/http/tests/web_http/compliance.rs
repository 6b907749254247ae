//! The compliance overview: its device pie, feature pie and per-feature bars count the
//! seeded results, and the device list's filters (and a scoped grant) narrow the pivot, the
//! charts and the pager.

use super::*;
use aurum_store::{ComplianceRow, DeviceOutcome, DeviceResult, JobStatus, OutcomeStatus};

/// r1 compliant in ntp and snmp, r2 not in snmp, r3 (fra1) not in ntp, r4 (fra1) never
/// checked, and 101 unchecked devices in "bulk", one more than a page of the pivot.
async fn seeded() -> (tempfile::TempDir, AppState) {
    let (dir, state) = state().await;
    let mut yaml = [
        "locations: [{ name: ams1 }, { name: fra1 }, { name: bulk }]",
        "saved_filters:",
        "  - { name: frankfurt, filter: { location: [fra1] } }",
        "devices:",
        "  - { name: r1, location: ams1 }",
        "  - { name: r2, location: ams1 }",
        "  - { name: r3, location: fra1 }",
        "  - { name: r4, location: fra1 }",
        "",
    ]
    .join("\n");
    for i in 0..101 {
        yaml.push_str(&format!("  - {{ name: bulk{i:03}, location: bulk }}\n"));
    }
    import(&state, &yaml).await;
    let store = &state.services.store;
    let job = store.start_job("compliance", "all", "root").await.unwrap();
    let checked: Vec<(String, String)> = ["r1", "r2", "r3"]
        .iter()
        .map(|d| (d.to_string(), "default".to_string()))
        .collect();
    store.add_pending_devices(job, &checked).await.unwrap();
    let row = |device: &str, feature: &str, compliant: bool| ComplianceRow {
        device: device.into(),
        feature: feature.into(),
        platform: "cisco_ios".into(),
        compliant,
        ordered: false,
        missing: String::new(),
        extra: String::new(),
        actual: String::new(),
        intended: String::new(),
        remediation: String::new(),
    };
    let result = |device: &str, rows: Vec<ComplianceRow>| DeviceResult {
        outcome: DeviceOutcome {
            device: device.into(),
            status: if rows.iter().all(|r| r.compliant) {
                OutcomeStatus::Compliant
            } else {
                OutcomeStatus::NonCompliant
            },
            changed: false,
            error: String::new(),
        },
        compliance: Some(rows),
        version: None,
    };
    store
        .record_device_results(
            job,
            &mut [
                result("r1", vec![row("r1", "ntp", true), row("r1", "snmp", true)]),
                result("r2", vec![row("r2", "ntp", true), row("r2", "snmp", false)]),
                result("r3", vec![row("r3", "ntp", false)]),
            ],
        )
        .await
        .unwrap();
    store
        .finish_job(job, JobStatus::Partial, "2 non-compliant", &[])
        .await
        .unwrap();
    add_admin(&state, "root").await;
    (dir, state)
}

/// The pivot's device names, in order.
fn pivot_rows(body: &str) -> Vec<String> {
    let table = &body[body.find(r#"id="pivot""#).expect("the pivot")..];
    let table = &table[..table.find("</table>").unwrap()];
    table
        .split(r#"<tr><td><a href="/devices/"#)
        .skip(1)
        .map(|row| row[..row.find('/').unwrap()].to_string())
        .collect()
}

/// The accessible name of the chart in the element with `id`.
fn chart_name<'a>(body: &'a str, id: &str) -> &'a str {
    let at = body
        .find(&format!(r#"id="{id}""#))
        .unwrap_or_else(|| panic!("no #{id} in {body}"));
    let chart = &body[at..];
    assert!(chart.contains(r#"<svg class="chart"#), "#{id} has no chart");
    let marker = r#"role="img" aria-label=""#;
    let start = chart.find(marker).expect("a named chart") + marker.len();
    &chart[start..start + chart[start..].find('"').unwrap()]
}

#[tokio::test]
async fn the_overview_draws_pies_and_bars_of_the_results_and_follows_the_filter() {
    let (_dir, state) = seeded().await;
    let (cookie, _) = signed_in(&state, "root", "root's password").await;

    let all = send(&state, get("/compliance/", Some(&cookie))).await;
    assert_eq!(all.status, StatusCode::OK, "{}", all.body);
    assert_eq!(
        chart_name(&all.body, "device-pie"),
        "Devices: 1 compliant, 2 not compliant, 102 no result"
    );
    assert_eq!(
        chart_name(&all.body, "feature-pie"),
        "Feature results: 3 compliant, 2 not compliant"
    );
    assert_eq!(
        chart_name(&all.body, "feature-bars"),
        "Compliant devices by feature: ntp: 2 compliant, 1 not compliant; \
         snmp: 1 compliant, 1 not compliant"
    );
    // The labels are text too, not only the image's name.
    for label in [
        ">1 compliant</text>",
        ">102 no result</text>",
        ">2/3 (66%)</text>",
    ] {
        assert!(all.body.contains(label), "{label} in {}", all.body);
    }
    assert_eq!(pivot_rows(&all.body).len(), 100, "one page of 105 devices");

    for (filtered, choice) in [
        ("/compliance/?location=fra1", "fra1"),
        ("/compliance/?saved=frankfurt", "frankfurt"),
    ] {
        let fra = send(&state, get(filtered, Some(&cookie))).await;
        assert_eq!(fra.status, StatusCode::OK, "{filtered}: {}", fra.body);
        assert_eq!(pivot_rows(&fra.body), ["r3", "r4"], "{filtered}");
        assert_eq!(
            chart_name(&fra.body, "device-pie"),
            "Devices: 0 compliant, 1 not compliant, 1 no result",
            "{filtered}"
        );
        assert_eq!(
            chart_name(&fra.body, "feature-pie"),
            "Feature results: 0 compliant, 1 not compliant",
            "{filtered}"
        );
        assert_eq!(
            chart_name(&fra.body, "feature-bars"),
            "Compliant devices by feature: ntp: 0 compliant, 1 not compliant",
            "{filtered}"
        );
        let kept = format!("<option selected>{choice}</option>");
        assert!(
            fra.body.contains(&kept),
            "{filtered}: the form keeps {choice}"
        );
    }

    // The pager keeps the filter; its second page holds the last device.
    let bulk = send(&state, get("/compliance/?location=bulk", Some(&cookie))).await;
    assert!(
        bulk.body
            .contains(r#"href="?location=bulk&amp;offset=100">next</a>"#),
        "{}",
        bulk.body
    );
    let second = send(
        &state,
        get("/compliance/?location=bulk&offset=100", Some(&cookie)),
    )
    .await;
    assert_eq!(pivot_rows(&second.body), ["bulk100"]);
    assert!(
        second
            .body
            .contains(r#"href="?location=bulk&amp;offset=0">previous</a>"#),
        "{}",
        second.body
    );
    assert!(
        second
            .body
            .contains("Devices: 0 compliant, 0 not compliant, 101 no result"),
        "the charts count every page: {}",
        second.body
    );

    // A grant scoped to Frankfurt counts Frankfurt only, and a filter outside it is empty.
    state
        .identity
        .add_user(&NewUserRequest {
            name: "carol".into(),
            password: "carol's password".into(),
            permissions: vec!["view_device:frankfurt".into()],
            ..NewUserRequest::default()
        })
        .await
        .unwrap();
    let (carol, _) = signed_in(&state, "carol", "carol's password").await;
    let scoped = send(&state, get("/compliance/", Some(&carol))).await;
    assert_eq!(scoped.status, StatusCode::OK, "{}", scoped.body);
    assert_eq!(pivot_rows(&scoped.body), ["r3", "r4"]);
    assert_eq!(
        chart_name(&scoped.body, "device-pie"),
        "Devices: 0 compliant, 1 not compliant, 1 no result"
    );
    let outside = send(&state, get("/compliance/?location=ams1", Some(&carol))).await;
    assert_eq!(pivot_rows(&outside.body), Vec::<String>::new());
    assert_eq!(
        chart_name(&outside.body, "device-pie"),
        "Devices: 0 compliant, 0 not compliant, 0 no result"
    );
    assert!(
        outside.body.contains(">no results</text>"),
        "{}",
        outside.body
    );
}
