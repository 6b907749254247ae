//! The OpenAPI check: `aurum serve` on a scratch data directory with the example inventory,
//! its description fetched from `GET /api/schema/` with a token (and refused without one),
//! the same document `aurum api schema` prints offline, and schemathesis (exported by
//! `cargo xtask test` as `AURUM_SCHEMATHESIS`) run against it over the safe methods with a
//! bounded number of examples: any 5xx, a status, content type or body the description does
//! not allow fails the test with schemathesis' report.

mod support;

use std::process::Command;
use std::time::Instant;

use support::{Scratch, http_with, token};

/// Examples per operation: enough for the boundary values of every parameter, small enough
/// that the run stays under a minute on two cores.
const EXAMPLES: &str = "20";

#[test]
fn the_served_description_matches_what_every_safe_route_answers() {
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
    let run = Command::new(&schemathesis)
        .current_dir(scratch.path())
        .env("SCHEMATHESIS_HOOKS", "")
        .args(["run", &format!("http://{addr}/api/schema/")])
        .args(["--header", &format!("Authorization: {admin}")])
        .args(["--include-method", "GET"])
        .args(["--max-examples", EXAMPLES, "--seed", "1", "--workers", "2"])
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
        "schemathesis found answers the description does not allow ({}):\n{report}\n{}",
        run.status,
        String::from_utf8_lossy(&run.stderr)
    );
    assert!(report.contains("passed"), "{report}");
    eprintln!(
        "schemathesis: {:.1}s, {}",
        started.elapsed().as_secs_f64(),
        report
            .lines()
            .rev()
            .find(|l| l.contains("generated"))
            .unwrap_or_default()
            .trim()
    );
}
