//! `aurum serve` answers health and readiness probes over real HTTP on loopback.

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
