//! `aurum sot sync` against a stand-in for Nautobot's REST API (its documented shapes): a
//! dry run keeps nothing, a full sync brings every kind, an incremental one brings changes
//! and deletions, local edits of synced objects are refused, and every failure (bad token,
//! a 500 on a later page, a page that hangs, nobody listening, a platform without a driver)
//! names its cause and leaves the inventory as it was.

#[path = "support/fake_nautobot.rs"]
mod fake_nautobot;
mod support;

use fake_nautobot::{FakeNautobot, reference};
use serde_json::{Value, json};
use support::Scratch;

const TOKEN: &str = "0123456789abcdef0123456789abcdef01234567";

/// Two sites under a region, three platforms (one Aurum has no driver for, unused), a role,
/// a tenant, two tags, a secrets group, three devices with interfaces and addresses.
fn seed(fake: &FakeNautobot) {
    let mut state = fake.state();
    let platform = |id: &str, name: &str, driver: &str| json!({"id": id, "name": name, "network_driver": driver, "description": ""});
    state.seed(
        "/api/dcim/platforms/",
        platform("p-ios", "Cisco IOS", "cisco_ios"),
    );
    state.seed(
        "/api/dcim/platforms/",
        platform("p-eos", "Arista EOS", "arista_eos"),
    );
    state.seed(
        "/api/dcim/platforms/",
        platform("p-odd", "Odd OS", "odd_os"),
    );
    state.seed(
        "/api/dcim/locations/",
        json!({"id": "l-eu", "name": "Europe", "parent": null, "description": "region"}),
    );
    for (id, name) in [("l-ams", "ams1"), ("l-fra", "fra1")] {
        state.seed(
            "/api/dcim/locations/",
            json!({"id": id, "name": name, "parent": reference("dcim.location", "l-eu"), "description": ""}),
        );
    }
    state.seed(
        "/api/extras/roles/",
        json!({"id": "r-leaf", "name": "leaf", "description": "access"}),
    );
    state.seed(
        "/api/tenancy/tenants/",
        json!({"id": "t-a", "name": "tenant-a", "description": ""}),
    );
    for (id, name) in [("g-pci", "pci"), ("g-lab", "lab")] {
        state.seed(
            "/api/extras/tags/",
            json!({"id": id, "name": name, "description": ""}),
        );
    }
    state.seed(
        "/api/extras/secrets-groups/",
        json!({"id": "s-core", "name": "core-creds", "description": ""}),
    );
    for (id, name, platform, location, ip) in [
        ("d-1", "ams1-leaf1", "p-ios", "l-ams", "10.0.0.1/24"),
        ("d-2", "ams1-leaf2", "p-ios", "l-ams", "10.0.0.2/24"),
        ("d-3", "fra1-spine1", "p-eos", "l-fra", "10.0.1.1/24"),
    ] {
        state.seed(
            "/api/dcim/devices/",
            device(id, name, platform, location, ip, "Active"),
        );
        state.seed(
            "/api/dcim/interfaces/",
            json!({"id": format!("i-{id}"), "device": reference("dcim.device", id), "name": "Ethernet1", "description": "uplink", "enabled": true}),
        );
        state.seed(
            "/api/ipam/ip-addresses/",
            json!({"id": format!("ip-{id}"), "address": ip, "interfaces": [reference("dcim.interface", &format!("i-{id}"))]}),
        );
    }
    state.seed(
        "/api/ipam/vlans/",
        json!({"id": "v-10", "vid": 10, "name": "users", "location": reference("dcim.location", "l-ams")}),
    );
}

/// A device at depth 1, as `?depth=1&include=config_context` returns it.
fn device(id: &str, name: &str, platform: &str, location: &str, ip: &str, status: &str) -> Value {
    json!({
        "id": id,
        "name": name,
        "display": name,
        "platform": {"id": platform, "object_type": "dcim.platform", "name": "?"},
        "location": {"id": location, "object_type": "dcim.location"},
        "role": {"id": "r-leaf", "object_type": "extras.role", "name": "leaf"},
        "tenant": {"id": "t-a", "object_type": "tenancy.tenant"},
        "secrets_group": {"id": "s-core", "object_type": "extras.secretsgroup"},
        "tags": [{"id": "g-pci", "object_type": "extras.tag"}],
        "status": {"id": "st-1", "object_type": "extras.status", "name": status},
        "primary_ip4": {"id": format!("ip-{id}"), "object_type": "ipam.ipaddress", "address": ip},
        "config_context": {"ntp": ["10.1.1.1"], "snmp": {"location": name}},
    })
}

fn configure(scratch: &Scratch, url: &str, extra: &str) {
    scratch.write(
        "aurum.toml",
        &format!(
            "[sot.nautobot]\nurl = \"{url}\"\ntoken = {{ env = \"TEST_NAUTOBOT_TOKEN\" }}\npage_size = 2\n{extra}"
        ),
    );
}

fn aurum(scratch: &Scratch, args: &[&str]) -> support::Run {
    scratch.run_with_env(&[("TEST_NAUTOBOT_TOKEN", TOKEN)], args)
}

fn device_names(scratch: &Scratch) -> Vec<String> {
    let list = aurum(scratch, &["inventory", "list", "--json"]).ok();
    let devices: Value = serde_json::from_str(&list.stdout).unwrap();
    devices
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["name"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn dry_run_full_and_incremental_syncs_bring_nautobot_objects_and_changes() {
    let fake = FakeNautobot::start(TOKEN);
    seed(&fake);
    let scratch = Scratch::new();
    configure(&scratch, &fake.url, "");
    aurum(&scratch, &["init"]).ok();

    let dry = aurum(&scratch, &["sot", "sync", "--dry-run"]).ok();
    assert!(
        dry.stdout.contains("would create device ams1-leaf1"),
        "{}",
        dry.stdout
    );
    assert!(
        dry.stdout.contains("(dry run: nothing applied)"),
        "{}",
        dry.stdout
    );
    assert!(device_names(&scratch).is_empty(), "a dry run kept devices");

    let full = aurum(&scratch, &["sot", "sync"]).ok();
    // 2 platforms, 3 locations, a role, a tenant, 2 tags, a secrets group, 3 devices,
    // 3 interfaces, a VLAN and 3 addresses.
    assert!(
        full.stdout
            .contains("full sync from nautobot: 20 create, 0 adopt, 0 update, 0 delete"),
        "{}",
        full.stdout
    );
    assert!(
        full.stdout.contains("create device ams1-leaf1\n"),
        "{}",
        full.stdout
    );
    assert!(
        full.stdout.contains("note: skipped platform `Odd OS`"),
        "an unused platform without a driver is reported: {}",
        full.stdout
    );
    assert!(
        full.stdout
            .contains("create interface ams1-leaf1 Ethernet1"),
        "{}",
        full.stdout
    );
    assert!(
        full.stdout.contains("create VLAN 10 (users)"),
        "{}",
        full.stdout
    );
    // Paged: the devices came two per page.
    assert!(
        fake.state()
            .requests
            .iter()
            .any(|r| r.starts_with("/api/dcim/devices/") && r.contains("offset=2")),
        "{:?}",
        fake.state().requests
    );

    let shown = aurum(&scratch, &["inventory", "show", "ams1-leaf1", "--json"]).ok();
    let leaf: Value = serde_json::from_str(&shown.stdout).unwrap();
    assert_eq!(leaf["address"], "10.0.0.1");
    assert_eq!(leaf["platform"], "Cisco IOS");
    assert_eq!(leaf["location"], "ams1");
    assert_eq!(leaf["role"], "leaf");
    assert_eq!(leaf["tenant"], "tenant-a");
    assert_eq!(leaf["secrets_group"], "core-creds");
    assert_eq!(leaf["tags"], json!(["pci"]));
    assert_eq!(leaf["status"], "active");
    assert_eq!(leaf["data"]["ntp"], json!(["10.1.1.1"]));
    let platforms = aurum(&scratch, &["inventory", "platforms"]).ok();
    assert!(
        platforms
            .stdout
            .lines()
            .any(|l| l.starts_with("Cisco IOS") && l.contains("cisco_ios")),
        "the platform's network driver picks the Aurum driver: {}",
        platforms.stdout
    );

    // Nautobot changes: a rename and a status change on one device, another deleted.
    {
        let mut state = fake.state();
        state.put(
            "/api/dcim/devices/",
            device(
                "d-1",
                "ams1-leaf01",
                "p-ios",
                "l-ams",
                "10.0.0.1/24",
                "Offline",
            ),
        );
        state.delete("/api/ipam/ip-addresses/", "ipam.ipaddress", "ip-d-2");
        state.delete("/api/dcim/interfaces/", "dcim.interface", "i-d-2");
        state.delete("/api/dcim/devices/", "dcim.device", "d-2");
        state.requests.clear();
    }
    let incremental = aurum(&scratch, &["sot", "sync"]).ok();
    assert!(
        incremental.stdout.contains("update device ams1-leaf01 (name: ams1-leaf1 -> ams1-leaf01; status: active -> offline; data)"),
        "{}",
        incremental.stdout
    );
    assert!(
        incremental.stdout.contains("delete device ams1-leaf2"),
        "{}",
        incremental.stdout
    );
    assert!(
        incremental
            .stdout
            .contains("delete interface ams1-leaf2 Ethernet1")
            && incremental.stdout.contains("delete IP address 10.0.0.2/24"),
        "{}",
        incremental.stdout
    );
    assert!(
        incremental
            .stdout
            .contains("incremental sync from nautobot"),
        "{}",
        incremental.stdout
    );
    assert!(
        !incremental.stdout.contains("fra1-spine1"),
        "an unchanged device is not reported: {}",
        incremental.stdout
    );
    assert!(
        fake.state()
            .requests
            .iter()
            .any(|r| r.starts_with("/api/dcim/devices/") && r.contains("last_updated__gte=")),
        "{:?}",
        fake.state().requests
    );
    assert_eq!(device_names(&scratch), ["ams1-leaf01", "fra1-spine1"]);

    let status = aurum(&scratch, &["sot", "status"]).ok();
    assert!(status.stdout.contains(&fake.url), "{}", status.stdout);

    // A full sync afterwards finds nothing to change.
    let again = aurum(&scratch, &["sot", "sync", "--full", "-v"]).ok();
    assert!(
        again
            .stdout
            .contains("0 create, 0 adopt, 0 update, 0 delete"),
        "{}",
        again.stdout
    );

    // The API token is used, never kept: not in the database, any file or the log.
    assert!(!again.stderr.contains(TOKEN), "the token is logged");
    for file in support::files_under(&scratch.data_dir()) {
        let bytes = std::fs::read(&file).unwrap();
        assert!(
            !bytes.windows(TOKEN.len()).any(|w| w == TOKEN.as_bytes()),
            "the token is in {}",
            file.display()
        );
    }
}

#[test]
fn synced_objects_are_edited_in_nautobot_not_here() {
    let fake = FakeNautobot::start(TOKEN);
    seed(&fake);
    let scratch = Scratch::new();
    configure(&scratch, &fake.url, "");
    aurum(&scratch, &["init"]).ok();
    aurum(&scratch, &["sot", "sync"]).ok();

    let file = scratch.write(
        "edit.yaml",
        "devices:\n  - name: ams1-leaf1\n    address: 192.0.2.99\n    platform: Cisco IOS\n",
    );
    let edit = aurum(&scratch, &["inventory", "import", file.to_str().unwrap()]);
    assert_ne!(edit.code, 0, "{}", edit.stdout);
    assert!(
        edit.stderr.contains("device `ams1-leaf1`")
            && edit.stderr.contains("synced from nautobot")
            && edit.stderr.contains("aurum sot sync"),
        "{}",
        edit.stderr
    );
    let shown = aurum(&scratch, &["inventory", "show", "ams1-leaf1", "--json"]).ok();
    assert!(shown.stdout.contains("10.0.0.1"), "{}", shown.stdout);

    // A local device of the same name as a Nautobot one is adopted by the next full sync.
    let local = scratch.write(
        "local.yaml",
        "devices:\n  - name: lab-router\n    address: 192.0.2.7\n",
    );
    aurum(&scratch, &["inventory", "import", local.to_str().unwrap()]).ok();
    fake.state().put(
        "/api/dcim/devices/",
        device(
            "d-9",
            "lab-router",
            "p-ios",
            "l-fra",
            "10.0.9.9/24",
            "Planned",
        ),
    );
    let adopt = aurum(&scratch, &["sot", "sync", "--full"]).ok();
    assert!(
        adopt.stdout.contains("adopt device lab-router"),
        "{}",
        adopt.stdout
    );
    let shown = aurum(&scratch, &["inventory", "show", "lab-router", "--json"]).ok();
    assert!(shown.stdout.contains("10.0.9.9"), "{}", shown.stdout);
}

#[test]
fn failures_name_their_cause_and_apply_nothing() {
    let fake = FakeNautobot::start(TOKEN);
    seed(&fake);
    let scratch = Scratch::new();
    configure(&scratch, &fake.url, "timeout_secs = 1\n");
    aurum(&scratch, &["init"]).ok();

    let wrong = scratch.run_with_env(
        &[("TEST_NAUTOBOT_TOKEN", "not-the-token")],
        &["sot", "sync"],
    );
    assert_ne!(wrong.code, 0);
    assert!(
        wrong.stderr.contains("refused the token (HTTP 403)")
            && wrong.stderr.contains("Invalid token")
            && wrong.stderr.contains("[sot.nautobot] token"),
        "{}",
        wrong.stderr
    );
    assert!(
        !wrong.stderr.contains("not-the-token"),
        "the token is never printed: {}",
        wrong.stderr
    );

    fake.state().fail = Some(("/api/dcim/devices/".to_string(), 500));
    let broken = aurum(&scratch, &["sot", "sync"]);
    assert_ne!(broken.code, 0);
    assert!(
        broken.stderr.contains("/api/dcim/devices/") && broken.stderr.contains("HTTP 500"),
        "{}",
        broken.stderr
    );
    assert!(
        device_names(&scratch).is_empty(),
        "the first page was not applied"
    );

    fake.state().fail = None;
    fake.state().hang = Some("/api/ipam/vlans/".to_string());
    let hung = aurum(&scratch, &["sot", "sync"]);
    assert_ne!(hung.code, 0);
    assert!(
        hung.stderr.contains("/api/ipam/vlans/")
            && hung.stderr.contains("did not answer within 1 s"),
        "{}",
        hung.stderr
    );
    assert!(device_names(&scratch).is_empty());
    fake.state().hang = None;

    // A device on a platform Aurum has no driver for stops the whole sync, named.
    fake.state().put(
        "/api/dcim/devices/",
        device("d-7", "odd-box", "p-odd", "l-ams", "10.0.7.7/24", "Active"),
    );
    let odd = aurum(&scratch, &["sot", "sync"]);
    assert_ne!(odd.code, 0);
    assert!(
        odd.stderr.contains("device `odd-box`")
            && odd.stderr.contains("`odd_os`")
            && odd.stderr.contains("drivers = {"),
        "{}",
        odd.stderr
    );
    assert!(device_names(&scratch).is_empty());

    // With the mapping configured, the same device syncs.
    configure(
        &scratch,
        &fake.url,
        "timeout_secs = 1\ndrivers = { odd_os = \"cisco_ios\" }\n",
    );
    aurum(&scratch, &["sot", "sync"]).ok();
    assert_eq!(device_names(&scratch).len(), 4);

    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let nobody = format!("http://{}", closed.local_addr().unwrap());
    drop(closed);
    configure(&scratch, &nobody, "");
    let unreachable = aurum(&scratch, &["sot", "sync"]);
    assert_ne!(unreachable.code, 0);
    assert!(
        unreachable.stderr.contains("cannot reach") && unreachable.stderr.contains(&nobody),
        "{}",
        unreachable.stderr
    );
}

#[test]
fn a_sync_applies_on_postgres_too() {
    let url = std::env::var("AURUM_TEST_POSTGRES_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/test".to_string());
    let schema = format!("aurum_sot_{}", std::process::id());
    let fake = FakeNautobot::start(TOKEN);
    seed(&fake);
    let scratch = Scratch::new();
    configure(
        &scratch,
        &fake.url,
        &format!(
            "\n[database]\nurl = {{ env = \"AURUM_E2E_DATABASE_URL\" }}\nschema = \"{schema}\"\n"
        ),
    );
    let run = |args: &[&str]| {
        scratch
            .run_with_env(
                &[
                    ("TEST_NAUTOBOT_TOKEN", TOKEN),
                    ("AURUM_E2E_DATABASE_URL", &url),
                ],
                args,
            )
            .ok()
    };
    run(&["init"]);
    let full = run(&["sot", "sync"]);
    assert!(full.stdout.contains("20 create"), "{}", full.stdout);
    fake.state()
        .delete("/api/dcim/devices/", "dcim.device", "d-3");
    let incremental = run(&["sot", "sync"]);
    assert!(
        incremental.stdout.contains("delete device fra1-spine1"),
        "{}",
        incremental.stdout
    );
    let list = run(&["inventory", "list"]);
    assert!(
        list.stdout.contains("ams1-leaf2") && !list.stdout.contains("fra1-spine1"),
        "{}",
        list.stdout
    );
    support::drop_schema(&url, &schema);
}

#[test]
fn a_sot_sync_schedule_keeps_the_inventory_in_sync() {
    let fake = FakeNautobot::start(TOKEN);
    seed(&fake);
    let scratch = Scratch::new();
    configure(
        &scratch,
        &fake.url,
        "\n[golden.schedules.sot]\ncron = \"* * * * * *\"\njob = \"sot-sync\"\n",
    );
    aurum(&scratch, &["init"]).ok();
    let mut worker = scratch
        .command()
        .arg("worker")
        .env("TEST_NAUTOBOT_TOKEN", TOKEN)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    let mut names = Vec::new();
    while std::time::Instant::now() < deadline {
        names = device_names(&scratch);
        if names.len() == 3 {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(300));
    }
    // A change there arrives with a later firing.
    fake.state()
        .delete("/api/dcim/devices/", "dcim.device", "d-3");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    let mut after = Vec::new();
    while std::time::Instant::now() < deadline {
        after = device_names(&scratch);
        if after.len() == 2 {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(300));
    }
    worker.kill().unwrap();
    let output = worker.wait_with_output().unwrap();
    let log = String::from_utf8_lossy(&output.stderr);
    assert_eq!(names, ["ams1-leaf1", "ams1-leaf2", "fra1-spine1"], "{log}");
    assert_eq!(after, ["ams1-leaf1", "ams1-leaf2"], "{log}");
}

/// NetBox 4's shapes (its documented API; NetBox itself cannot be installed here): sites and
/// regions as locations, `device-roles`, platforms by slug, `{value, label}` statuses,
/// integer ids, addresses assigned through `assigned_object_*`.
#[test]
fn a_netbox_sync_maps_its_shapes() {
    let fake = FakeNautobot::start(TOKEN);
    {
        let mut state = fake.state();
        let nested = |id: u64| json!({"id": id, "url": format!("/api/x/{id}/"), "display": "x"});
        state.seed(
            "/api/dcim/platforms/",
            json!({"id": 1, "name": "Cisco IOS", "slug": "cisco_ios"}),
        );
        state.seed(
            "/api/dcim/regions/",
            json!({"id": 1, "name": "Europe", "parent": null}),
        );
        state.seed(
            "/api/dcim/sites/",
            json!({"id": 1, "name": "ams1", "region": nested(1)}),
        );
        state.seed(
            "/api/dcim/locations/",
            json!({"id": 1, "name": "Hall A", "site": nested(1), "parent": null}),
        );
        state.seed("/api/dcim/device-roles/", json!({"id": 7, "name": "leaf"}));
        state.seed(
            "/api/tenancy/tenants/",
            json!({"id": 3, "name": "tenant-a"}),
        );
        state.seed("/api/extras/tags/", json!({"id": 5, "name": "pci"}));
        state.seed(
            "/api/dcim/devices/",
            json!({
                "id": 11, "name": "ams1-leaf1", "platform": nested(1), "site": nested(1),
                "location": nested(1), "role": nested(7), "tenant": nested(3), "tags": [nested(5)],
                "status": {"value": "planned", "label": "Planned"},
                "primary_ip4": {"id": 21, "address": "10.9.0.1/24"},
                "config_context": {"ntp": ["10.1.1.1"]}
            }),
        );
        state.seed(
            "/api/dcim/devices/",
            json!({"id": 12, "name": "ams1-leaf2", "platform": nested(1), "site": nested(1),
                   "location": null, "device_role": nested(7), "tenant": null, "tags": [],
                   "status": {"value": "active", "label": "Active"}, "primary_ip4": null}),
        );
        state.seed(
            "/api/dcim/interfaces/",
            json!({"id": 31, "device": nested(11), "name": "Gi0/1", "enabled": true}),
        );
        state.seed(
            "/api/ipam/vlans/",
            json!({"id": 41, "vid": 20, "name": "servers", "site": nested(1)}),
        );
        state.seed(
            "/api/ipam/ip-addresses/",
            json!({"id": 21, "address": "10.9.0.1/24", "assigned_object_type": "dcim.interface", "assigned_object_id": 31}),
        );
    }
    let scratch = Scratch::new();
    scratch.write(
        "aurum.toml",
        &format!(
            "[sot.netbox]\nurl = \"{}\"\ntoken = {{ env = \"TEST_NAUTOBOT_TOKEN\" }}\n",
            fake.url
        ),
    );
    aurum(&scratch, &["init"]).ok();
    let sync = aurum(&scratch, &["sot", "sync", "--source", "netbox"]).ok();
    assert!(
        sync.stdout.contains("full sync from netbox"),
        "{}",
        sync.stdout
    );
    assert!(
        sync.stdout.contains("create location Hall A"),
        "{}",
        sync.stdout
    );

    let shown = aurum(&scratch, &["inventory", "show", "ams1-leaf1", "--json"]).ok();
    let leaf: Value = serde_json::from_str(&shown.stdout).unwrap();
    assert_eq!(leaf["address"], "10.9.0.1");
    assert_eq!(
        leaf["location"], "Hall A",
        "a device's location is its location, else its site"
    );
    assert_eq!(leaf["role"], "leaf");
    assert_eq!(leaf["status"], "planned");
    assert_eq!(leaf["tags"], json!(["pci"]));
    assert_eq!(leaf["data"]["ntp"], json!(["10.1.1.1"]));
    let other = aurum(&scratch, &["inventory", "show", "ams1-leaf2", "--json"]).ok();
    let other: Value = serde_json::from_str(&other.stdout).unwrap();
    assert_eq!(other["location"], "ams1");
    assert_eq!(other["role"], "leaf", "NetBox 3's device_role is read too");
    let platforms = aurum(&scratch, &["inventory", "platforms"]).ok();
    assert!(
        platforms
            .stdout
            .lines()
            .any(|l| l.starts_with("Cisco IOS") && l.contains("cisco_ios")),
        "{}",
        platforms.stdout
    );
}
