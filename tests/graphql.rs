//! The GraphQL layer from the shell: `aurum graphql`, `POST /graphql` on `aurum serve`, and
//! intended jobs whose templates render from a setting's SoT query, with templates from a
//! folder or from a local bare git repository.

mod support;

use std::path::Path;

use support::Scratch;

const INVENTORY: &str = r#"
locations:
  - { name: emea }
  - { name: ams1, parent: emea }
tags:
  - { name: pci }
saved_filters:
  - { name: leaves, filter: { role: [leaf] } }
  - { name: edges, filter: { role: [border] } }
devices:
  - { name: ams1-leaf1, platform: arista_eos, location: ams1, role: leaf, tags: [pci], data: { asn: 65011 } }
  - { name: ams1-leaf2, platform: arista_eos, location: ams1, role: leaf, data: { asn: 65012 } }
  - { name: ams1-edge1, platform: cisco_ios, location: ams1, role: border, data: { asn: 65000 } }
"#;

const SOT: &str = "query ($device_id: ID!) {\n  device(id: $device_id) { name location { name parent { name } } tags { name } data }\n}\n";

const TEMPLATE: &str = "hostname {{ device.name }}\n\
    snmp-server location {{ device.location.name }} ({{ device.location.parent.name }})\n\
    {% for tag in device.tags %}! tag {{ tag.name }}\n{% endfor %}\
    router bgp {{ device.data.asn }}\n";

/// A scratch data directory with the inventory imported and `aurum.toml` as given.
fn setup(config: &str) -> Scratch {
    let scratch = Scratch::new();
    scratch.write("aurum.toml", config);
    scratch.write("inventory.yaml", INVENTORY);
    scratch.run(&["init"]).ok();
    scratch.run(&["inventory", "import", "inventory.yaml"]).ok();
    scratch
}

fn templates(dir: &Path) {
    std::fs::create_dir_all(dir).unwrap();
    for platform in ["arista_eos", "cisco_ios"] {
        std::fs::write(dir.join(format!("{platform}.j2")), TEMPLATE).unwrap();
    }
}

fn intended_file(scratch: &Scratch, device: &str) -> String {
    std::fs::read_to_string(
        scratch
            .data_dir()
            .join(format!("repos/intended/ams1/{device}.cfg")),
    )
    .unwrap()
}

fn git(dir: &Path, args: &[&str]) -> String {
    let output = std::process::Command::new("git")
        .args(["-c", "user.name=t", "-c", "user.email=t@localhost", "-C"])
        .arg(dir)
        .args(args)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).trim().to_string()
}

#[test]
fn intended_renders_from_the_sot_query_and_a_bad_query_fails_only_its_devices() {
    let config = "[golden.settings.fabric]\nscope = \"leaves\"\nsot_query = \"sot.graphql\"\n\
                  intended_path = \"{{ device.location }}/{{ device.name }}.cfg\"\n\
                  [golden.settings.edge]\nscope = \"edges\"\nsot_query = \"broken.graphql\"\n";
    let scratch = setup(config);
    templates(&scratch.path().join("templates"));
    scratch.write("sot.graphql", SOT);
    scratch.write(
        "broken.graphql",
        "query ($device_id: ID!) { device(id: $device_id) { name hostname } }\n",
    );

    let run = scratch.run(&["intended", "--json"]);
    assert_eq!(
        run.code, 1,
        "one device failed\n{}\n{}",
        run.stdout, run.stderr
    );
    let reports: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let devices = reports[0]["devices"].as_array().unwrap();
    let status = |name: &str| {
        devices
            .iter()
            .find(|d| d["device"] == name)
            .unwrap_or_else(|| panic!("{name} missing from {devices:?}"))
            .clone()
    };
    assert_eq!(status("ams1-leaf1")["status"], "ok");
    assert_eq!(status("ams1-leaf2")["status"], "ok");
    let edge = status("ams1-edge1");
    assert_eq!(edge["status"], "failed");
    let error = edge["error"].as_str().unwrap();
    assert!(error.contains("broken.graphql"), "{error}");
    assert!(error.contains("ams1-edge1"), "{error}");
    assert!(error.contains("Unknown field \"hostname\""), "{error}");

    assert_eq!(
        intended_file(&scratch, "ams1-leaf1"),
        "hostname ams1-leaf1\nsnmp-server location ams1 (emea)\n! tag pci\nrouter bgp 65011\n"
    );
    assert_eq!(
        intended_file(&scratch, "ams1-leaf2"),
        "hostname ams1-leaf2\nsnmp-server location ams1 (emea)\nrouter bgp 65012\n"
    );

    // The ad-hoc render uses the same query.
    let render = scratch.run(&["render", "ams1-leaf1"]).ok();
    assert!(render.stdout.contains("! tag pci\n"), "{}", render.stdout);
    let render = scratch.run(&["render", "ams1-edge1"]);
    assert_eq!(render.code, 2);
    assert!(
        render.stderr.contains("broken.graphql"),
        "{}",
        render.stderr
    );

    // A query that does not declare $device_id is refused before it runs, naming the file.
    scratch.write("broken.graphql", "{ devices { name } }\n");
    let run = scratch.run(&["intended", "--filter", "role=border", "--json"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stdout
            .contains("broken.graphql: the query does not declare `$device_id`"),
        "{}",
        run.stdout
    );
}

#[test]
fn aurum_graphql_runs_queries_files_and_prints_the_schema() {
    let scratch = setup("");
    scratch.write("sot.graphql", SOT);
    let run = scratch
        .run(&[
            "graphql",
            "--file",
            "sot.graphql",
            "--var",
            "device_id=ams1-leaf1",
        ])
        .ok();
    let response: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(
        response["data"]["device"]["location"]["parent"]["name"],
        "emea"
    );
    assert_eq!(response["data"]["device"]["tags"][0]["name"], "pci");

    let run = scratch
        .run(&[
            "graphql",
            "{ devices(tag: \"pci\") { name platform { network_driver } } }",
        ])
        .ok();
    let response: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(
        response["data"]["devices"],
        serde_json::json!([{ "name": "ams1-leaf1", "platform": { "network_driver": "arista_eos" } }])
    );

    let run = scratch.run(&["graphql", "{ devices { serial } }"]);
    assert_eq!(run.code, 1, "a response with errors exits 1");
    assert!(
        run.stdout.contains("Unknown field \\\"serial\\\""),
        "{}",
        run.stdout
    );

    let sdl = scratch.run(&["graphql", "--sdl"]).ok();
    assert!(sdl.stdout.contains("type Device {"), "{}", sdl.stdout);
    assert!(
        sdl.stdout.contains("network_driver: String!"),
        "{}",
        sdl.stdout
    );
}

#[test]
fn serve_answers_graphql_over_http() {
    let scratch = setup("");
    let token = support::api_token(&scratch, "reader");
    let (mut child, addr) = support::serve(&scratch);
    let request = serde_json::json!({
        "query": "query ($device_id: ID!) { device(id: $device_id) { name role { name } } }",
        "variables": { "device_id": "ams1-edge1" },
    });
    let authorization = format!("Token {token}");
    let (status, body) = support::http_with(
        &addr,
        "POST",
        "/graphql",
        &[("Authorization", &authorization)],
        Some(&request.to_string()),
    );
    let _ = child.kill();
    let _ = child.wait();
    assert_eq!(status, 200, "{body}");
    let response: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(
        response,
        serde_json::json!({ "data": { "device": { "name": "ams1-edge1", "role": { "name": "border" } } } })
    );
}

#[test]
fn templates_render_from_the_newest_commit_of_a_local_bare_repository() {
    let scratch = Scratch::new();
    let work = scratch.path().join("templates-work");
    templates(&work.join("golden"));
    git(&work, &["init", "-q", "-b", "main"]);
    git(&work, &["add", "."]);
    git(&work, &["commit", "-q", "-m", "first templates"]);
    let bare = scratch.path().join("templates.git");
    git(
        scratch.path(),
        &[
            "clone",
            "-q",
            "--bare",
            work.to_str().unwrap(),
            bare.to_str().unwrap(),
        ],
    );
    let config = "[golden.settings.fabric]\nsot_query = \"sot.graphql\"\n\
                  templates_repo = { url = \"templates.git\", branch = \"main\", path = \"golden\" }\n";
    scratch.write("aurum.toml", config);
    scratch.write("inventory.yaml", INVENTORY);
    scratch.write("sot.graphql", SOT);
    scratch.run(&["init"]).ok();
    scratch.run(&["inventory", "import", "inventory.yaml"]).ok();

    let run = scratch.run(&["intended", "--json"]).ok();
    let first = git(&bare, &["rev-parse", "main"]);
    assert!(
        run.stdout
            .contains(&format!("templates.git main @ {first}")),
        "{}",
        run.stdout
    );
    assert!(intended_file(&scratch, "ams1-edge1").contains("router bgp 65000\n"));
    let intended = scratch.data_dir().join("repos/intended");
    let message = git(&intended, &["log", "-1", "--format=%B"]);
    assert!(message.contains(&format!("@ {first}")), "{message}");

    // A new commit on the branch is what the next job renders.
    std::fs::write(
        work.join("golden/cisco_ios.j2"),
        "hostname {{ device.name }}\nbanner motd managed by aurum\n",
    )
    .unwrap();
    git(&work, &["commit", "-q", "-am", "a banner"]);
    git(&work, &["push", "-q", bare.to_str().unwrap(), "main"]);
    let second = git(&bare, &["rev-parse", "main"]);
    let run = scratch.run(&["intended", "--json"]).ok();
    assert!(
        run.stdout.contains(&format!("@ {second}")),
        "{}",
        run.stdout
    );
    assert_eq!(
        intended_file(&scratch, "ams1-edge1"),
        "hostname ams1-edge1\nbanner motd managed by aurum\n"
    );

    // A branch that does not exist fails every device of the setting, saying what to check.
    scratch.write(
        "aurum.toml",
        &config.replace("branch = \"main\"", "branch = \"prod\""),
    );
    let run = scratch.run(&["intended", "--json"]);
    assert_eq!(run.code, 1);
    assert!(run.stdout.contains("`prod`"), "{}", run.stdout);
    assert!(run.stdout.contains("templates_repo"), "{}", run.stdout);
}

#[test]
fn a_transposer_runs_on_the_sot_data_before_the_template() {
    let config = "[plugins.site_code]\nkind = \"transposer\"\nrhai = \"site_code.rhai\"\n\
                  [golden.settings.fabric]\nsot_query = \"sot.graphql\"\ntransposer = \"site_code\"\n";
    let scratch = setup(config);
    scratch.write(
        "site_code.rhai",
        "fn info() { #{ name: \"site_code\", version: \"0.1.0\", kind: \"transposer\", api_version: \"0.3.0\" } }\n\
         fn transpose(data) { data.site = data.device.location.name.to_upper(); data }\n",
    );
    scratch.write("sot.graphql", SOT);
    let dir = scratch.path().join("templates");
    std::fs::create_dir_all(&dir).unwrap();
    for platform in ["arista_eos", "cisco_ios"] {
        std::fs::write(
            dir.join(format!("{platform}.j2")),
            "hostname {{ device.name }}.{{ site }}\n",
        )
        .unwrap();
    }
    let render = scratch.run(&["render", "ams1-leaf2"]).ok();
    assert_eq!(render.stdout, "hostname ams1-leaf2.AMS1\n");
}
