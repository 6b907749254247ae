//! `aurum serve` answers health and readiness probes over real HTTP on loopback, warns of
//! rate-limit bypasses naming nobody, and logs each request (as JSON when configured) with
//! the user it served.

mod support;

use support::Scratch;

#[test]
fn serve_answers_healthz_and_readyz_then_stops_on_sigterm() {
    let scratch = Scratch::new();
    let (mut child, addr) = support::serve(&scratch);
    let (status, body) = support::http(&addr, "GET", "/healthz", None);
    assert_eq!(status, 200, "{body}");
    assert!(body.contains("\"status\":\"ok\""), "{body}");
    let (status, body) = support::http(&addr, "GET", "/readyz", None);
    assert_eq!(status, 200, "{body}");
    assert!(body.contains("\"status\":\"ready\""), "{body}");

    // SIGTERM asks for a graceful stop; the process must exit cleanly.
    let pid = child.id().to_string();
    std::process::Command::new("kill")
        .args(["-TERM", &pid])
        .status()
        .unwrap();
    let status = child.wait().unwrap();
    assert!(status.success(), "aurum serve exited with {status}");
}

#[test]
fn a_taken_port_is_a_clear_error() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = taken.local_addr().unwrap().to_string();
    let scratch = Scratch::new();
    let run = scratch.run(&["serve", "--listen", &addr]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains(&format!("cannot listen on {addr}")),
        "{}",
        run.stderr
    );
}

#[test]
fn with_json_logs_each_request_is_one_object_naming_its_user() {
    use std::io::BufRead;
    let scratch = Scratch::new();
    scratch.run(&["init"]).ok();
    let token = support::token(&scratch, "admin");
    let config = scratch.write(
        "json-logs.toml",
        "[logging]\nlevel = \"info\"\nformat = \"json\"\n\n[toolkit.rate_limit]\nbypass_users = [\"admin\", \"robot\"]\n",
    );
    let mut child = scratch
        .command()
        .env("AURUM_CONFIG", &config)
        .args(["serve", "--listen", "127.0.0.1:0"])
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = std::io::BufReader::new(child.stderr.take().unwrap()).lines();
    let mut start = Vec::new();
    let addr = loop {
        let line = lines.next().expect("aurum serve exited").unwrap();
        if let Some(url) = line.strip_prefix("aurum listening on http://") {
            break url.trim().to_string();
        }
        start.push(line);
    };
    // A bypass naming no user is a typo that would exempt nobody: warned of at start.
    let warnings: Vec<&String> = start
        .iter()
        .filter(|l| l.contains("bypass_users"))
        .collect();
    assert_eq!(warnings.len(), 1, "{start:?}");
    assert!(warnings[0].contains("user `robot`"), "{start:?}");
    let (status, _) = support::http_with(
        &addr,
        "GET",
        "/api/devices/",
        &[("Authorization", &token)],
        None,
    );
    assert_eq!(status, 200);
    let (status, _) = support::http(&addr, "GET", "/api/devices/", None);
    assert_eq!(status, 401);
    child.kill().unwrap();
    child.wait().unwrap();

    let requests: Vec<serde_json::Value> = lines
        .map(Result::unwrap)
        .map(|line| {
            serde_json::from_str(&line).unwrap_or_else(|e| panic!("not JSON ({e}): {line}"))
        })
        .filter(|event: &serde_json::Value| event["fields"]["message"] == "request")
        .collect();
    let fields: Vec<(&str, &str, u64)> = requests
        .iter()
        .map(|event| {
            let fields = &event["fields"];
            (
                fields["route"].as_str().unwrap(),
                fields["user"].as_str().unwrap(),
                fields["status"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        fields,
        [("/api/devices/", "admin", 200), ("/api/devices/", "-", 401)],
        "{requests:?}"
    );
    assert_eq!(requests[0]["level"], "INFO");
}
