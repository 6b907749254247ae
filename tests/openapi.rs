//! The OpenAPI check: `aurum serve` on a scratch data directory with the example inventory,
//! its description fetched from `GET /api/schema/` with a token (and refused without one),
//! the same document `aurum api schema` prints offline, and schemathesis (exported by
//! `cargo xtask test` as `AURUM_SCHEMATHESIS`) run against it with a bounded number of
//! examples, first over the safe methods, then over the actions (jobs, the toolkit's run and
//! bulk run, plans made, approved, cancelled, rolled back and deployed, and a token bought
//! with a password), then over the inventory's writes (POST, PUT, PATCH and DELETE of
//! devices, platforms, locations, roles, tenants, tags, secrets groups and saved filters;
//! POST, PUT and DELETE of saved commands):
//! any 5xx, a status, content type or body the description does not allow fails the test
//! with schemathesis' report. The actions run before the inventory's writes, so the only
//! devices they can reach are the example's, on loopback addresses where nothing listens.

mod support;

use std::process::Command;
use std::time::Instant;

use support::{Scratch, http_with, token};

/// Examples per operation: enough for the boundary values of every parameter, small enough
/// that the run stays under a minute on two cores.
const EXAMPLES: &str = "20";
/// Examples per write operation: bodies are bigger to generate, and 30-odd operations share
/// the minute.
const WRITE_EXAMPLES: &str = "10";
/// The operation ids of every POST that is not an inventory write (the test checks that this
/// selects exactly those 9 operations).
const ACTIONS: &str = "^(jobs_start|toolkit_run|toolkit_bulk|plans_(create|approve|cancel|rollback)|deploy|tokens_provision)$";
/// The operation ids of the writes fuzzed: every inventory kind's create, replace, patch and
/// delete, and the saved commands' create, replace and delete (the test checks that this
/// selects exactly those 35 operations).
const INVENTORY_WRITES: &str = "^((devices|platforms|locations|roles|tenants|tags|secrets_groups|saved_filters)_(create|update|patch|delete)|commands_(create|update|delete))$";

#[test]
fn the_served_description_matches_what_reads_actions_and_inventory_writes_answer() {
    let schemathesis = std::env::var("AURUM_SCHEMATHESIS").expect(
        "AURUM_SCHEMATHESIS is not set (schemathesis from PyPI); run the tests with `cargo xtask test`, \
         or set it to target/schemathesis-venv/bin/schemathesis after one such run",
    );
    let scratch = Scratch::new();
    scratch.run(&["init"]).ok();
    let inventory = support::examples().join("inventory.yaml");
    scratch
        .run(&["inventory", "import", inventory.to_str().unwrap()])
        .ok();
    let admin = token(&scratch, "admin");
    let offline: serde_json::Value =
        serde_json::from_str(&scratch.run(&["api", "schema"]).ok().stdout).unwrap();
    assert_eq!(offline["openapi"], "3.1.0");

    let (_server, addr) = support::serve(&scratch);
    let (status, body) = http_with(&addr, "GET", "/api/schema/", &[], None);
    assert_eq!(status, 401, "{body}");
    let (status, body) = http_with(
        &addr,
        "GET",
        "/api/schema",
        &[("Authorization", &admin)],
        None,
    );
    assert_eq!(status, 200, "{body}");
    let served: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(
        served, offline,
        "aurum api schema and GET /api/schema/ differ"
    );

    let started = Instant::now();
    let safe = run_schemathesis(
        &schemathesis,
        &scratch,
        &addr,
        &admin,
        &["--include-method", "GET", "--max-examples", EXAMPLES],
    );
    eprintln!(
        "schemathesis, safe methods: {:.1}s, {}",
        started.elapsed().as_secs_f64(),
        summary(&safe)
    );

    let started = Instant::now();
    let actions = run_schemathesis(
        &schemathesis,
        &scratch,
        &addr,
        &admin,
        &[
            "--include-operation-id-regex",
            ACTIONS,
            "--max-examples",
            WRITE_EXAMPLES,
        ],
    );
    eprintln!(
        "schemathesis, actions: {:.1}s, {}",
        started.elapsed().as_secs_f64(),
        summary(&actions)
    );
    assert!(
        actions.contains("Selected: 9/"),
        "the actions fuzzed are not the 9 non-inventory POSTs:\n{actions}"
    );

    // The inventory's writes, last: a device they create may have any address.
    let started = Instant::now();
    let writes = run_schemathesis(
        &schemathesis,
        &scratch,
        &addr,
        &admin,
        &[
            // One filter (schemathesis joins different filters with "or"): the inventory
            // writes by operation id, `{kind}_{create|update|patch|delete}`.
            "--include-operation-id-regex",
            INVENTORY_WRITES,
            "--max-examples",
            WRITE_EXAMPLES,
        ],
    );
    eprintln!(
        "schemathesis, inventory writes: {:.1}s, {}",
        started.elapsed().as_secs_f64(),
        summary(&writes)
    );
    assert!(
        writes.contains("Selected: 35/"),
        "the writes fuzzed are not the 35 inventory and saved-command writes:\n{writes}"
    );
    // The server survived the fuzzing and still answers.
    let (status, body) = http_with(
        &addr,
        "GET",
        "/api/devices/",
        &[("Authorization", &admin)],
        None,
    );
    assert_eq!(status, 200, "{body}");
}

/// Runs schemathesis against the served description with `filters`; fails the test with its
/// report on any 5xx, undocumented status or content type, or response that breaks its
/// schema. Returns its report.
fn run_schemathesis(
    schemathesis: &str,
    scratch: &Scratch,
    addr: &str,
    token: &str,
    filters: &[&str],
) -> String {
    let run = Command::new(schemathesis)
        .current_dir(scratch.path())
        .env("SCHEMATHESIS_HOOKS", "")
        .args(["run", &format!("http://{addr}/api/schema/")])
        .args(["--header", &format!("Authorization: {token}")])
        .args(filters)
        .args(["--seed", "1", "--workers", "2"])
        .args([
            "--checks",
            "not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance",
        ])
        // No --max-time: with one, fuzzing and the stateful phase repeat until it is spent;
        // the examples per operation are the bound.
        .arg("--no-color")
        .output()
        .unwrap_or_else(|e| panic!("cannot run {schemathesis} ({e}); delete target/schemathesis-venv and run `cargo xtask test`"));
    let report = String::from_utf8_lossy(&run.stdout);
    assert!(
        run.status.success(),
        "schemathesis ({filters:?}) found answers the description does not allow ({}):\n{report}\n{}",
        run.status,
        String::from_utf8_lossy(&run.stderr)
    );
    assert!(report.contains("passed"), "{report}");
    report.into_owned()
}

/// The report's line that counts the cases generated.
fn summary(report: &str) -> &str {
    report
        .lines()
        .rev()
        .find(|l| l.contains("generated"))
        .unwrap_or_default()
        .trim()
}
