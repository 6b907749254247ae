//! Postprocessing with `render_secrets`, end to end on the real binary: secrets stored
//! encrypted (`aurum secrets set`), from the environment and from a file, rendered with the
//! password-hash filters into a device's intended config by `aurum postprocess` and by
//! `GET /api/devices/{name}/postprocessing` (200 for a user with `view_secrets`, 403 without),
//! through a chain with the shipped Rhai postprocessor; a wrong master key is a clear error,
//! and a key rotation keeps every secret readable. Then the data directory (database, job
//! queue, key files), the git repositories and every line logged are searched for the planted
//! values: none is found.

mod support;

use std::io::Write as _;
use std::process::Stdio;

use support::{Run, Scratch};

const PASSWORD: &str = "pp-PLANTED-1d9e4c$/x";
const SNMP: &str = "snmp-PLANTED-77ab02";
const TACACS: &str = "tac-PLANTED-5e31f0";
const NTP: &str = "ntp-PLANTED-0c4d2b";
const PLANTED: [&str; 4] = [PASSWORD, SNMP, TACACS, NTP];

const INVENTORY: &str = "\
secrets_groups:
  - name: core
    username: { env: AURUM_USERNAME }
    password: { stored: core-password }
    secrets:
      snmp: { stored: snmp-community }
      tacacs: { env: TACACS_KEY }
      ntp: { file: ntp.key }
devices:
  - { name: r1, address: 127.0.0.1, platform: cisco_ios, secrets_group: core }
";

/// The template renders the postprocessing markup into the intended config untouched.
const TEMPLATE: &str = "hostname {{ device.name }}\n{% raw %}\
enable secret 9 {{ \"core\" | get_secret_by_secret_group_name(\"password\") | encrypt_cisco_type9(\"abcdefghijklmn\") }}
username ops secret 5 {{ \"core\" | secret(\"password\") | encrypt_cisco_type5(\"MHkb\") }}
snmp-server community public RO
snmp-server host 192.0.2.9 version 2c {{ \"core\" | secret(\"snmp\") }}
tacacs-server key 7 {{ \"core\" | secret(\"tacacs\") | encrypt_cisco_type7(7) }}
ntp authentication-key 1 md5 {{ \"core\" | secret(\"ntp\") }}
{% endraw %}";

/// What the chain returns: hashes as netutils computes them for the same salts, the secrets in
/// place, and the community line gone (the shipped Rhai postprocessor ran second).
const EXPECTED: &str = "hostname r1
enable secret 9 $9$abcdefghijklmn$EDwaRIJb/xzIIZ.lTXW7dKd44ibJESlPW81/MeoYlhY
username ops secret 5 $1$MHkb$doqQ11wgg7HIzUoqo8DHL0
snmp-server host 192.0.2.9 version 2c snmp-PLANTED-77ab02
tacacs-server key 7 071B204F0339352439262E28497F2E77793565
ntp authentication-key 1 md5 ntp-PLANTED-0c4d2b
";

struct Fixture {
    scratch: Scratch,
    logged: String,
}

impl Fixture {
    /// `aurum -v ARGS` with the environment secrets; keeps what it logged.
    fn run(&mut self, env: &[(&str, &str)], args: &[&str], stdin: Option<&str>) -> Run {
        let mut command = self.scratch.command();
        command
            .env("AURUM_USERNAME", "admin")
            .env("TACACS_KEY", TACACS)
            .env("AURUM_USER_PASSWORD", "a test password")
            .envs(env.iter().copied())
            .arg("-v")
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        let mut child = command.spawn().unwrap();
        let mut input = child.stdin.take().unwrap();
        if let Some(text) = stdin {
            input.write_all(text.as_bytes()).unwrap();
        }
        drop(input);
        let output = child.wait_with_output().unwrap();
        let run = Run {
            code: output.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        };
        self.logged.push_str(&run.stderr);
        run
    }

    fn ok(&mut self, env: &[(&str, &str)], args: &[&str], stdin: Option<&str>) -> String {
        self.run(env, args, stdin).ok().stdout
    }
}

#[test]
fn render_secrets_reaches_only_the_permitted_caller_and_nothing_is_kept() {
    let mut fx = Fixture {
        scratch: Scratch::new(),
        logged: String::new(),
    };
    let root = support::examples().parent().unwrap().to_path_buf();
    let templates = fx.scratch.path().join("templates");
    std::fs::create_dir_all(&templates).unwrap();
    std::fs::write(templates.join("cisco_ios.j2"), TEMPLATE).unwrap();
    fx.scratch.write("ntp.key", &format!("{NTP}\n"));
    fx.scratch.write("inventory.yaml", INVENTORY);
    fx.scratch.write(
        "aurum.toml",
        &format!(
            "[golden.settings.lab]\ntemplates = \"templates\"\n\
             [plugins.strip_snmp_communities_rhai]\nkind = \"postprocessor\"\nrhai = \"{}\"\n\
             [postprocessing]\nsubscribed = [\"render_secrets\", \"strip_snmp_communities_rhai\"]\n",
            root.join("plugins/rhai/strip_snmp_communities.rhai").display()
        ),
    );

    fx.ok(&[], &["init"], None);
    fx.ok(
        &[],
        &["secrets", "set", "core-password"],
        Some(&format!("{PASSWORD}\n")),
    );
    fx.ok(
        &[("SNMP", SNMP)],
        &["secrets", "set", "snmp-community", "--from-env", "SNMP"],
        None,
    );
    let listed = fx.ok(&[], &["secrets", "list"], None);
    assert!(
        listed.contains("core-password") && listed.contains("snmp-community"),
        "{listed}"
    );
    let key_file = fx.scratch.data_dir().join("secrets.key");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&key_file).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600, "the key file is private");
    }
    fx.ok(&[], &["inventory", "import", "inventory.yaml"], None);
    fx.ok(&[], &["intended"], None);

    // The owner's CLI gets the chain's result, byte for byte.
    let out = fx.ok(&[], &["postprocess", "r1"], None);
    assert_eq!(out, EXPECTED);

    // A wrong master key is named as such; nothing is printed as a config.
    let other_key = "ab".repeat(32);
    let wrong = fx.run(
        &[("AURUM_SECRETS_KEY", &other_key)],
        &["postprocess", "r1"],
        None,
    );
    assert_ne!(wrong.code, 0);
    assert!(wrong.stdout.is_empty(), "{}", wrong.stdout);
    assert!(
        wrong.stderr.contains("core-password") && wrong.stderr.contains("master key"),
        "{}",
        wrong.stderr
    );
    // A missing stored secret names itself; a missing key file is a clear error too.
    fx.ok(&[], &["secrets", "remove", "snmp-community"], None);
    let missing = fx.run(&[], &["postprocess", "r1"], None);
    assert_ne!(missing.code, 0);
    assert!(missing.stdout.is_empty());
    assert!(
        missing
            .stderr
            .contains("no stored secret named `snmp-community`"),
        "{}",
        missing.stderr
    );
    fx.ok(
        &[("SNMP", SNMP)],
        &["secrets", "set", "snmp-community", "--from-env", "SNMP"],
        None,
    );

    // Rotation re-encrypts under a new key file; every secret still reads.
    let before = std::fs::read_to_string(&key_file).unwrap();
    let rotated = fx.ok(&[], &["secrets", "rotate-key"], None);
    assert!(rotated.contains("re-encrypted 2 secret(s)"), "{rotated}");
    assert_ne!(std::fs::read_to_string(&key_file).unwrap(), before);
    assert_eq!(fx.ok(&[], &["postprocess", "r1"], None), EXPECTED);

    // Over HTTP: the intended config needs view_config on the device, its secrets
    // view_secrets too. A user with both gets it, one with view_config only gets 403 naming
    // the group, one without view_config gets 403 naming that.
    let see = ["--permission", "view_device", "--permission", "view_config"];
    let mut args = vec!["user", "add", "viewer", "--permission", "view_secrets"];
    args.extend(see);
    fx.ok(&[], &args, None);
    let mut args = vec!["user", "add", "plain"];
    args.extend(see);
    fx.ok(&[], &args, None);
    fx.ok(
        &[],
        &["user", "add", "blind", "--permission", "view_device"],
        None,
    );
    let token = |fx: &mut Fixture, name: &str| {
        fx.ok(&[], &["user", "token", name], None)
            .lines()
            .last()
            .unwrap()
            .to_string()
    };
    let viewer = token(&mut fx, "viewer");
    let plain = token(&mut fx, "plain");
    let blind = token(&mut fx, "blind");
    let log_path = fx.scratch.path().join("serve.log");
    let mut server = fx
        .scratch
        .command()
        .env("AURUM_USERNAME", "admin")
        .env("TACACS_KEY", TACACS)
        .args(["-v", "serve", "--listen", "127.0.0.1:0"])
        .stderr(std::fs::File::create(&log_path).unwrap())
        .spawn()
        .unwrap();
    let addr = loop {
        let text = std::fs::read_to_string(&log_path).unwrap();
        if let Some(line) = text
            .lines()
            .find_map(|l| l.strip_prefix("aurum listening on http://"))
        {
            break line.trim().to_string();
        }
        assert!(
            server.try_wait().unwrap().is_none(),
            "aurum serve exited:\n{text}"
        );
        std::thread::sleep(std::time::Duration::from_millis(50));
    };
    let get = |token: &str, path: &str| {
        let auth = format!("Token {token}");
        support::http_with(&addr, "GET", path, &[("Authorization", &auth)], None)
    };
    let (status, body) = get(&viewer, "/api/devices/r1/postprocessing");
    assert_eq!(status, 200, "{body}");
    let json: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(json["config"], EXPECTED);
    assert_eq!(
        json["steps"],
        serde_json::json!(["render_secrets", "strip_snmp_communities_rhai"])
    );
    let (status, body) = get(&plain, "/api/devices/r1/postprocessing");
    assert_eq!(status, 403, "{body}");
    assert!(
        body.contains("`plain`") && body.contains("`core`") && body.contains("view_secrets"),
        "{body}"
    );
    let (status, body) = get(&blind, "/api/devices/r1/postprocessing");
    assert_eq!(status, 403, "{body}");
    assert!(
        body.contains("`blind`") && body.contains("view_config") && !body.contains("`core`"),
        "{body}"
    );
    let (status, body) = get(&viewer, "/api/devices/nope/postprocessing");
    assert_eq!(status, 404, "{body}");
    let (status, _) = support::http(&addr, "GET", "/api/devices/r1/postprocessing", None);
    assert_eq!(status, 401);
    let _ = server.kill();
    let _ = server.wait();
    fx.logged
        .push_str(&std::fs::read_to_string(&log_path).unwrap());
    std::fs::remove_file(&log_path).unwrap();

    // Nothing kept anything: logs, every file of the data directory, the repositories.
    for secret in PLANTED {
        assert!(!fx.logged.contains(secret), "logged: {secret}");
    }
    let found = support::files_under(&fx.scratch.data_dir());
    assert!(found.iter().any(|f| f.ends_with("aurum.db")));
    assert!(found.iter().any(|f| f.ends_with("queue.db")));
    for file in &found {
        let bytes = std::fs::read(file).unwrap();
        for secret in PLANTED {
            let hit = bytes.windows(secret.len()).any(|w| w == secret.as_bytes());
            assert!(!hit, "{} holds {secret}", file.display());
        }
    }
    let intended = support::git_history(&fx.scratch.data_dir().join("repos/intended"));
    assert!(
        intended.contains("encrypt_cisco_type9"),
        "the intended config keeps the markup"
    );
    for secret in PLANTED {
        assert!(
            !intended.contains(secret),
            "the intended history holds {secret}"
        );
    }
}
