//! The REST API as a script meets it: `aurum user add` grants a permission scoped by a saved
//! filter (`view_device:branch`), `aurum user token` prints a token, and `aurum serve` answers
//! `/api/devices/` with the branch devices only, the core as "no device", pages NetBox-style,
//! and refuses a write without its permission.

mod support;

use support::{Scratch, http_with};

const INVENTORY: &str = "\
saved_filters:
  - { name: branch, filter: { role: [branch] } }
roles:
  - { name: branch }
  - { name: core }
devices:
  - { name: br1, platform: cisco_ios, role: branch }
  - { name: br2, platform: cisco_ios, role: branch }
  - { name: core1, platform: cisco_ios, role: core }
";

fn token(scratch: &Scratch, user: &str) -> String {
    let run = scratch.run(&["user", "token", user]).ok();
    format!("Token {}", run.stdout.lines().last().unwrap())
}

#[test]
fn a_scoped_grant_shows_its_devices_and_hides_the_rest_over_http() {
    let scratch = Scratch::new();
    scratch.write("inventory.yaml", INVENTORY);
    scratch.run(&["init"]).ok();
    scratch.run(&["inventory", "import", "inventory.yaml"]).ok();
    let typo = scratch.run(&[
        "user",
        "add",
        "bob",
        "--password",
        "pw-bob-1",
        "--permission",
        "view_device:brnch",
    ]);
    assert_ne!(typo.code, 0);
    assert!(typo.stderr.contains("brnch"), "{}", typo.stderr);
    scratch
        .run(&[
            "user",
            "add",
            "bob",
            "--password",
            "pw-bob-1",
            "--permission",
            "view_device:branch",
        ])
        .ok();
    let bob = token(&scratch, "bob");
    let admin = token(&scratch, "admin");

    let (mut child, addr) = support::serve(&scratch);
    let get =
        |path: &str, auth: &str| http_with(&addr, "GET", path, &[("Authorization", auth)], None);

    let (status, body) = http_with(&addr, "GET", "/api/devices/", &[], None);
    assert_eq!(status, 401, "{body}");
    let (status, body) = get("/api/devices/?limit=2", &admin);
    assert_eq!(status, 200, "{body}");
    let page: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(page["count"], 3);
    assert_eq!(page["next"], "/api/devices/?limit=2&offset=2");
    let (_, body) = get("/api/devices", &bob);
    let page: serde_json::Value = serde_json::from_str(&body).unwrap();
    let names: Vec<&str> = page["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["br1", "br2"]);
    let (status, body) = get("/api/devices/core1/", &bob);
    assert_eq!(status, 404, "{body}");
    assert!(body.contains("no device named `core1`"), "{body}");

    let new = r#"{"name":"br3","platform":"cisco_ios","role":"branch"}"#;
    let (status, body) = http_with(
        &addr,
        "POST",
        "/api/devices/",
        &[("Authorization", &bob)],
        Some(new),
    );
    assert_eq!(status, 403, "{body}");
    assert!(body.contains("add_device"), "{body}");
    let (status, body) = http_with(
        &addr,
        "POST",
        "/api/devices/",
        &[("Authorization", &admin)],
        Some(new),
    );
    assert_eq!(status, 201, "{body}");
    let (status, _) = get("/api/devices/br3", &bob);
    assert_eq!(status, 200);
    let _ = child.kill();
    let _ = child.wait();
}
