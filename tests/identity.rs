//! Identity from an operator's shell: `aurum init` makes the superuser `admin` (its password
//! printed once), `aurum user add|token|list|passwd|remove` and `aurum group add|list` manage
//! users, and `aurum serve` answers `POST /graphql` only with a valid, unexpired token of a
//! user that still exists. Tokens and passwords are stored hashed and never printed (SQLite and
//! PostgreSQL).

mod support;

use support::{Run, Scratch, http, http_with};

const INVENTORY: &str = "devices:\n  - { name: r1, platform: cisco_ios }\n";
const QUERY: &str = r#"{"query":"{ devices { name } }"}"#;
const ALICE_PASSWORD: &str = "alice-Secret-7f3e";

fn graphql(addr: &str, authorization: Option<&str>) -> (u16, String) {
    match authorization {
        Some(value) => http_with(
            addr,
            "POST",
            "/graphql",
            &[("Authorization", value)],
            Some(QUERY),
        ),
        None => http(addr, "POST", "/graphql", Some(QUERY)),
    }
}

fn everything_printed(runs: &[&Run]) -> String {
    runs.iter()
        .map(|r| format!("{}{}", r.stdout, r.stderr))
        .collect()
}

/// Every file of the data directory, as bytes: where a stored secret would show.
fn data_dir_bytes(scratch: &Scratch) -> Vec<u8> {
    let mut bytes = Vec::new();
    for entry in std::fs::read_dir(scratch.data_dir()).unwrap() {
        let path = entry.unwrap().path();
        if path.is_file() {
            bytes.extend(std::fs::read(&path).unwrap());
        }
    }
    bytes
}

fn contains(haystack: &[u8], needle: &str) -> bool {
    haystack
        .windows(needle.len())
        .any(|window| window == needle.as_bytes())
}

/// Makes every token of the scratch's SQLite database expired, as time would.
fn expire_every_token(scratch: &Scratch) {
    use sqlx::{Connection, Executor};
    let url = format!("sqlite://{}", scratch.data_dir().join("aurum.db").display());
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
        .block_on(async {
            sqlx::any::install_default_drivers();
            let mut conn = sqlx::AnyConnection::connect(&url).await.unwrap();
            conn.execute("UPDATE api_tokens SET expires_at = 1")
                .await
                .unwrap();
            conn.close().await.unwrap();
        });
}

#[test]
fn init_creates_admin_once_and_prints_its_password_only_then() {
    let scratch = Scratch::new();
    let first = scratch.run(&["init"]).ok();
    let line = first
        .stdout
        .lines()
        .find(|l| l.starts_with("created superuser `admin` with password "))
        .unwrap_or_else(|| panic!("{}", first.stdout));
    let password = line.split_whitespace().nth(5).unwrap().to_string();
    assert_eq!(password.len(), 20, "{line}");

    let again = scratch.run(&["init"]).ok();
    assert!(
        again.stdout.contains("superuser `admin` already present"),
        "{}",
        again.stdout
    );
    let list = scratch.run(&["user", "list"]).ok();
    let admin = list
        .stdout
        .lines()
        .find(|l| l.starts_with("admin "))
        .unwrap();
    assert!(admin.contains(" yes "), "a superuser: {admin}");
    assert!(!everything_printed(&[&again, &list]).contains(&password));
    assert!(
        !contains(&data_dir_bytes(&scratch), &password),
        "stored hashed"
    );

    // The printed password is the real one: it buys an API token over HTTP.
    let (mut child, addr) = support::serve(&scratch);
    let body = serde_json::json!({ "username": "admin", "password": password }).to_string();
    let (status, answer) = http(&addr, "POST", "/api/tokens/provision", Some(&body));
    assert_eq!(status, 201, "{answer}");
    let token: serde_json::Value = serde_json::from_str(&answer).unwrap();
    let authorization = format!("Token {}", token["token"].as_str().unwrap());
    assert_eq!(graphql(&addr, Some(&authorization)).0, 200);
    let wrong = serde_json::json!({ "username": "admin", "password": "guess" }).to_string();
    assert_eq!(
        http(&addr, "POST", "/api/tokens/provision", Some(&wrong)).0,
        401
    );
    let _ = child.kill();
    let _ = child.wait();
}

#[test]
fn init_takes_the_admin_password_from_the_environment() {
    let scratch = Scratch::new();
    let init = scratch
        .run_with_env(&[("AURUM_ADMIN_PASSWORD", "from-the-env-1234")], &["init"])
        .ok();
    assert!(
        init.stdout.contains("password in AURUM_ADMIN_PASSWORD"),
        "{}",
        init.stdout
    );
    assert!(
        !init.stdout.contains("from-the-env-1234"),
        "{}",
        init.stdout
    );
}

#[test]
fn graphql_over_http_needs_a_valid_unexpired_token_of_an_existing_user() {
    let scratch = Scratch::new();
    scratch.write("inventory.yaml", INVENTORY);
    scratch.run(&["init"]).ok();
    scratch.run(&["inventory", "import", "inventory.yaml"]).ok();
    let group = scratch
        .run(&["group", "add", "netops", "--permission", "execute_config"])
        .ok();
    // -v: debug logging must not carry the password either.
    let add = scratch
        .run(&[
            "-v",
            "user",
            "add",
            "alice",
            "--password",
            ALICE_PASSWORD,
            "--group",
            "netops",
            "--permission",
            "view_config",
        ])
        .ok();
    let token_run = scratch
        .run(&["user", "token", "alice", "--expires", "30"])
        .ok();
    let token = token_run.stdout.lines().last().unwrap().to_string();
    assert!(
        token.starts_with("aurum_"),
        "the token is the last line: {}",
        token_run.stdout
    );
    assert!(
        token_run.stdout.contains("expires "),
        "{}",
        token_run.stdout
    );

    let (mut child, addr) = support::serve(&scratch);
    let (status, body) = graphql(&addr, None);
    assert_eq!(status, 401, "no token: {body}");
    assert!(!body.contains("r1"), "{body}");
    assert!(body.contains("Authorization: Token"), "{body}");

    let wrong = format!("{}{}", &token[..token.len() - 4], "0000");
    let (status, body) = graphql(&addr, Some(&format!("Token {wrong}")));
    assert_eq!(status, 401, "a wrong token: {body}");
    assert!(body.contains("invalid API token"), "{body}");

    let authorization = format!("Token {token}");
    let (status, body) = graphql(&addr, Some(&authorization));
    assert_eq!(status, 200, "{body}");
    assert!(body.contains(r#""name":"r1""#), "{body}");

    // Probes stay open and name no path or URL.
    let (status, ready) = http(&addr, "GET", "/readyz", None);
    assert_eq!(status, 200);
    assert!(
        !ready.contains(&*scratch.data_dir().to_string_lossy()),
        "{ready}"
    );

    let list = scratch.run(&["user", "list"]).ok();
    let alice = list
        .stdout
        .lines()
        .find(|l| l.starts_with("alice "))
        .unwrap();
    assert!(alice.contains("netops"), "{alice}");
    assert!(
        alice.contains("view_config,execute_config (group)"),
        "{alice}"
    );
    assert!(
        alice.contains(" UTC"),
        "the token's last use is shown: {alice}"
    );

    expire_every_token(&scratch);
    let (status, body) = graphql(&addr, Some(&authorization));
    assert_eq!(status, 401, "an expired token: {body}");
    assert!(body.contains("expired"), "{body}");

    let fresh = scratch.run(&["user", "token", "alice"]).ok();
    assert!(fresh.stdout.contains("never expires"), "{}", fresh.stdout);
    let fresh = format!("Token {}", fresh.stdout.lines().last().unwrap());
    assert_eq!(graphql(&addr, Some(&fresh)).0, 200);

    // A token revoked by its prefix stops working; the listing shows no token.
    let tokens = scratch.run(&["user", "tokens", "alice"]).ok();
    assert!(
        tokens.stdout.contains("1970-01-01 00:00 UTC"),
        "the expired one: {}",
        tokens.stdout
    );
    assert!(!tokens.stdout.contains("aurum_"), "{}", tokens.stdout);
    let fresh_prefix = fresh.split('_').nth(1).unwrap();
    let never = tokens
        .stdout
        .lines()
        .find(|l| l.starts_with(fresh_prefix))
        .unwrap_or_else(|| panic!("{}", tokens.stdout));
    assert!(never.contains("never"), "{never}");
    scratch.run(&["user", "revoke-token", fresh_prefix]).ok();
    assert_eq!(graphql(&addr, Some(&fresh)).0, 401, "a revoked token");

    let last = scratch.run(&["user", "token", "alice"]).ok();
    let last = format!("Token {}", last.stdout.lines().last().unwrap());
    assert_eq!(graphql(&addr, Some(&last)).0, 200);
    let removed = scratch.run(&["user", "remove", "alice"]).ok();
    assert_eq!(graphql(&addr, Some(&last)).0, 401, "a removed user's token");
    let gone = scratch.run(&["user", "tokens", "alice"]);
    assert!(
        gone.stderr.contains("no user named `alice`"),
        "{}",
        gone.stderr
    );
    let _ = child.kill();
    let _ = child.wait();

    // Stored hashed: neither the token nor the password is in any file of the data directory.
    let stored = data_dir_bytes(&scratch);
    assert!(!contains(&stored, &token), "the token is stored hashed");
    assert!(
        !contains(&stored, &token[token.len() - 64..]),
        "not even its secret part"
    );
    assert!(
        !contains(&stored, ALICE_PASSWORD),
        "the password is stored hashed"
    );
    let printed = everything_printed(&[&group, &add, &token_run, &list, &removed]);
    assert!(!printed.contains(ALICE_PASSWORD), "{printed}");
}

#[test]
fn passwords_come_from_the_environment_or_a_terminal_and_can_change() {
    let scratch = Scratch::new();
    scratch.run(&["init"]).ok();
    let no_terminal = scratch.run(&["user", "add", "bob"]);
    assert_eq!(no_terminal.code, 2);
    assert!(
        no_terminal
            .stderr
            .contains("no --password, no AURUM_USER_PASSWORD and no terminal"),
        "{}",
        no_terminal.stderr
    );
    let typo = scratch.run(&["user", "add", "bob", "--permission", "view_devices"]);
    assert_eq!(typo.code, 2);
    assert!(
        typo.stderr.contains("unknown permission `view_devices`"),
        "{}",
        typo.stderr
    );
    let no_group = scratch.run(&["user", "add", "bob", "--password", "x", "--group", "ghosts"]);
    assert!(
        no_group.stderr.contains("aurum group add ghosts"),
        "{}",
        no_group.stderr
    );

    scratch
        .run_with_env(
            &[("AURUM_USER_PASSWORD", "first-pass-1")],
            &["user", "add", "bob"],
        )
        .ok();
    let passwd = scratch
        .run_with_env(
            &[("AURUM_USER_PASSWORD", "second-pass-2")],
            &["user", "passwd", "bob"],
        )
        .ok();
    assert!(!passwd.stdout.contains("second-pass-2"));
    let (mut child, addr) = support::serve(&scratch);
    let provision = |password: &str| {
        let body = serde_json::json!({ "username": "bob", "password": password }).to_string();
        http(&addr, "POST", "/api/tokens/provision", Some(&body)).0
    };
    assert_eq!(
        provision("first-pass-1"),
        401,
        "the old password no longer works"
    );
    assert_eq!(provision("second-pass-2"), 201);
    let _ = child.kill();
    let _ = child.wait();
}

#[test]
fn tokens_work_and_are_stored_hashed_on_postgres() {
    use sqlx::{Connection, Row};
    let url = std::env::var("AURUM_TEST_POSTGRES_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/test".to_string());
    let schema = format!("aurum_e2e_identity_{}", std::process::id());
    let scratch = Scratch::new();
    scratch.write(
        "aurum.toml",
        &format!(
            "[database]\nurl = {{ env = \"AURUM_E2E_DATABASE_URL\" }}\nschema = \"{schema}\"\n"
        ),
    );
    let env = [("AURUM_E2E_DATABASE_URL", url.as_str())];
    scratch.run_with_env(&env, &["init"]).ok();
    let with_password = [env[0], ("AURUM_USER_PASSWORD", ALICE_PASSWORD)];
    scratch
        .run_with_env(&with_password, &["user", "add", "alice"])
        .ok();
    let issued = scratch
        .run_with_env(&env, &["user", "token", "alice", "--expires", "7"])
        .ok();
    let token = issued.stdout.lines().last().unwrap().to_string();

    let (mut child, addr) = support::serve_with_env(&scratch, &env);
    assert_eq!(graphql(&addr, None).0, 401);
    assert_eq!(graphql(&addr, Some(&format!("Token {token}"))).0, 200);
    let _ = child.kill();
    let _ = child.wait();

    let stored: Vec<String> = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
        .block_on(async {
            sqlx::any::install_default_drivers();
            let mut conn = sqlx::AnyConnection::connect(&url).await.unwrap();
            let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
                "SELECT t.prefix || ' ' || t.token_hash || ' ' || COALESCE(CAST(t.last_used_at AS TEXT), '-') \
                 || ' ' || u.password_hash FROM \"{schema}\".api_tokens t JOIN \"{schema}\".users u ON u.name = t.username"
            )))
            .fetch_all(&mut conn)
            .await
            .unwrap();
            conn.close().await.unwrap();
            rows.iter().map(|r| r.get::<String, _>(0)).collect()
        });
    support::drop_schema(&url, &schema);
    assert_eq!(stored.len(), 1, "{stored:?}");
    assert!(
        !stored[0].contains(&token[token.len() - 64..]),
        "{stored:?}"
    );
    assert!(!stored[0].contains(ALICE_PASSWORD), "{stored:?}");
    assert!(stored[0].contains("$argon2id$"), "{stored:?}");
    assert!(
        !stored[0].contains(" - "),
        "the use is recorded: {stored:?}"
    );
}
