//! The web UI in a real headless Chromium (Debian's `chromium` and `chromium-driver`, which
//! `cargo xtask test` installs), driven over WebDriver: `aurum demo` serves the example fleet
//! on its simulator; a superuser signs in, selects every device of the list with its
//! select-all box, runs a show command from a device's Toolkit tab and sees the parsed table,
//! then a saved command with a variable, runs backup and compliance from the golden-config
//! home and watches the jobs finish (then `/metrics` counts them), opens the pivot and a
//! feature's diff, and searches the configs, with the text contrast of eight pages checked;
//! a user without `execute_config` signs in by keyboard alone, sees no config commands and is
//! refused when posting one anyway. A post without the session's CSRF token (or with
//! another) is refused and runs nothing; after logging out the session is gone. Every step
//! saves a screenshot in `target/web-screenshots/`.

mod support;

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use fantoccini::{Client, ClientBuilder, Locator};
use support::Scratch;

const ADMIN_PASSWORD: &str = "browser-test-admin";
const VIEWER_PASSWORD: &str = "browser-test-viewer";

struct Killed(Child);

impl Drop for Killed {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// A copy of examples/ whose aurum.toml also names ntc-templates, so the Toolkit parses.
fn examples_with_templates(scratch: &Scratch) -> PathBuf {
    let templates = std::env::var("AURUM_NTC_TEMPLATES").expect(
        "AURUM_NTC_TEMPLATES is not set (the ntc-templates `templates` folder); run the tests with `cargo xtask test`",
    );
    let copy = scratch.path().join("examples");
    let status = Command::new("cp")
        .args(["-r"])
        .arg(support::examples())
        .arg(&copy)
        .status()
        .unwrap();
    assert!(status.success());
    let config = copy.join("aurum.toml");
    let mut text = std::fs::read_to_string(&config).unwrap();
    text.push_str(&format!("\n[toolkit]\ntextfsm_templates = {templates:?}\n"));
    std::fs::write(&config, text).unwrap();
    copy
}

/// `aurum demo` serving its UI on a free port: the child and the address.
fn serve_demo(scratch: &Scratch, examples: &Path) -> (Killed, String) {
    let mut child = scratch
        .command()
        .env("AURUM_ADMIN_PASSWORD", ADMIN_PASSWORD)
        .arg("demo")
        .arg("--examples")
        .arg(examples)
        .args(["--listen", "127.0.0.1:0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let addr = loop {
        let line = lines
            .next()
            .expect("aurum demo exited before serving")
            .unwrap();
        if let Some(rest) = line.strip_prefix("== Web UI on http://") {
            break rest.split('/').next().unwrap().to_string();
        }
    };
    std::thread::spawn(move || lines.for_each(drop));
    (Killed(child), addr)
}

/// Signs in with the keyboard alone, as a user who cannot use a mouse: the user name field
/// has the focus, Tab reaches the password, Enter submits. Then, on the page it lands on, the
/// first Tab reaches the skip link and following it puts the focus past the navigation.
async fn sign_in_by_keyboard(client: &Client, base: &str, user: &str, password: &str) {
    const TAB: &str = "\u{E004}";
    const ENTER: &str = "\u{E007}";
    client.goto(&format!("{base}/")).await.unwrap();
    let focused = |client: &Client| {
        let client = client.clone();
        async move {
            let id = client
                .execute(
                    "return document.activeElement.id || document.activeElement.className;",
                    vec![],
                )
                .await
                .unwrap();
            id.as_str().unwrap_or_default().to_string()
        }
    };
    assert_eq!(
        focused(client).await,
        "username",
        "the login form opens on its first field"
    );
    let keys = format!("{user}{TAB}{password}{ENTER}");
    client
        .active_element()
        .await
        .unwrap()
        .send_keys(&keys)
        .await
        .unwrap();
    client
        .wait()
        .for_element(Locator::Id("golden-table"))
        .await
        .unwrap();
    client
        .execute("document.activeElement.blur();", vec![])
        .await
        .unwrap();
    press(client, TAB).await;
    assert_eq!(
        focused(client).await,
        "skip-link",
        "the first Tab reaches the skip link"
    );
    press(client, ENTER).await;
    let url = client.current_url().await.unwrap();
    assert_eq!(url.fragment(), Some("main"), "{url}");
}

/// One key pressed and released on the page, wherever the focus is.
async fn press(client: &Client, key: &str) {
    use fantoccini::actions::{InputSource, KeyAction, KeyActions};
    let key = key.chars().next().unwrap();
    let actions = KeyActions::new("keyboard".into())
        .then(KeyAction::Down { value: key })
        .then(KeyAction::Up { value: key });
    client.perform_actions(actions).await.unwrap();
}

/// Text on `path` whose contrast with what is behind it is under WCAG AA (4.5:1, or 3:1 for
/// large text), as Chromium renders it: one line per offence, naming the element.
async fn low_contrast(client: &Client, base: &str, path: &str) -> Vec<String> {
    client.goto(&format!("{base}{path}")).await.unwrap();
    let script = r#"
        // Computed colours may be oklch() or oklab(); a canvas turns any into sRGB bytes.
        const pixel = document.createElement('canvas').getContext('2d', { willReadFrequently: true });
        const rgba = (color) => {
            pixel.clearRect(0, 0, 1, 1);
            pixel.fillStyle = color;
            pixel.fillRect(0, 0, 1, 1);
            const [r, g, b, a] = pixel.getImageData(0, 0, 1, 1).data;
            return [r, g, b, a / 255];
        };
        const luminance = ([r, g, b]) => {
            const channel = (c) => { c /= 255; return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4; };
            return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
        };
        const behind = (element) => {
            for (let e = element; e; e = e.parentElement) {
                const c = rgba(getComputedStyle(e).backgroundColor);
                if (c[3] > 0.9) return c.slice(0, 3);
            }
            return [255, 255, 255];
        };
        const offences = [];
        for (const e of document.querySelectorAll('body *')) {
            const own = [...e.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim());
            const style = getComputedStyle(e);
            if (!own || style.visibility === 'hidden' || e.offsetParent === null) continue;
            if (e.closest('.visually-hidden, .skip-link, pre.config')) continue;
            const fore = rgba(style.color);
            if (fore[3] < 0.9) continue;
            const [a, b] = [luminance(fore), luminance(behind(e))];
            const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
            const size = parseFloat(style.fontSize), bold = parseInt(style.fontWeight) >= 700;
            const needed = size >= 24 || (bold && size >= 18.66) ? 3 : 4.5;
            if (ratio < needed) {
                offences.push(`${e.tagName.toLowerCase()}.${e.className} "${e.textContent.trim().slice(0, 30)}": ${ratio.toFixed(2)} (${style.color} on ${behind(e)})`);
            }
        }
        return offences;
    "#;
    let found = client.execute(script, vec![]).await.unwrap();
    found
        .as_array()
        .unwrap()
        .iter()
        .map(|line| format!("{path}: {}", line.as_str().unwrap()))
        .collect()
}

/// What Prometheus scrapes from the same process after the demo's jobs and the UI's: the
/// jobs and device results, the golden-config gauges per feature as the demo's summary gives
/// them, the show command run from the Toolkit tab, and the driver plugin calls behind them.
fn scrape_shows_the_work_done(scratch: &Scratch, addr: &str) {
    let admin = support::token(scratch, "admin");
    let (status, text) =
        support::http_with(addr, "GET", "/metrics", &[("Authorization", &admin)], None);
    assert_eq!(status, 200, "{text}");
    let sample = |series: &str| -> f64 {
        text.lines()
            .find_map(|line| line.strip_prefix(series)?.trim().parse().ok())
            .unwrap_or_else(|| panic!("no sample of {series}:\n{text}"))
    };
    // The demo's backup before serving, and the UI's.
    assert!(sample(r#"aurum_jobs_total{kind="backup",status="succeeded"}"#) >= 2.0);
    assert!(sample(r#"aurum_job_device_results_total{kind="backup",status="ok"}"#) >= 7.0);
    for (feature, devices, compliant) in [("hostname", 7.0, 7.0), ("snmp", 7.0, 0.0)] {
        let labels = format!("{{feature=\"{feature}\"}}");
        assert_eq!(
            sample(&format!("aurum_golden_devices_per_feature{labels}")),
            devices
        );
        assert_eq!(
            sample(&format!(
                "aurum_golden_compliant_devices_per_feature{labels}"
            )),
            compliant
        );
    }
    assert!(sample(r#"aurum_command_runs_total{outcome="succeeded"}"#) >= 1.0);
    assert!(
        sample(r#"aurum_plugin_calls_total{plugin="cisco_ios",kind="driver",result="ok"}"#) >= 1.0
    );
}

/// chromedriver on a free port, once it answers.
fn start_chromedriver() -> (Killed, u16) {
    let driver = ["/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver"]
        .into_iter()
        .find(|p| Path::new(p).exists())
        .expect("chromedriver is not installed; `cargo xtask test` installs Debian's chromium and chromium-driver");
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    // Killed at once, so a chromedriver that never listens is still ended and reaped.
    let child = Killed(
        Command::new(driver)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap(),
    );
    for _ in 0..100 {
        if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
            return (child, port);
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    panic!("chromedriver did not start listening on {port}");
}

async fn browser(port: u16) -> Client {
    let mut caps = serde_json::Map::new();
    caps.insert(
        "goog:chromeOptions".to_string(),
        serde_json::json!({
            "binary": "/usr/bin/chromium",
            "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1400,1000"]
        }),
    );
    // This test binary links rustls with two crypto providers (aurum's ring, fantoccini's
    // aws-lc), so rustls cannot pick one by itself: choose ring, as Aurum does.
    let _ = rustls::crypto::ring::default_provider().install_default();
    ClientBuilder::rustls()
        .expect("rustls")
        .capabilities(caps)
        .connect(&format!("http://127.0.0.1:{port}"))
        .await
        .expect("connecting to chromedriver")
}

/// Types `text` into the field with id `id`.
async fn type_into(client: &Client, id: &str, text: &str) {
    client
        .find(Locator::Id(id))
        .await
        .unwrap()
        .send_keys(text)
        .await
        .unwrap();
}

/// Clicks the element with id `id`, brought to the middle of the window first, as a user
/// scrolls to it (at once: Tabler scrolls smoothly, and a click during the glide lands
/// elsewhere).
async fn click_id(client: &Client, id: &str) {
    let element = client.find(Locator::Id(id)).await.unwrap();
    click(client, element).await;
}

async fn click(client: &Client, element: fantoccini::elements::Element) {
    client
        .execute(
            "arguments[0].scrollIntoView({block: 'center', behavior: 'instant'});",
            vec![serde_json::to_value(&element).unwrap()],
        )
        .await
        .unwrap();
    element.click().await.unwrap();
}

fn screenshots() -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../target/web-screenshots");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

async fn shot(client: &Client, name: &str) {
    let png = client.screenshot().await.unwrap();
    std::fs::write(screenshots().join(format!("{name}.png")), png).unwrap();
}

async fn sign_in(client: &Client, base: &str, user: &str, password: &str) {
    client.goto(&format!("{base}/")).await.unwrap();
    let url = client.current_url().await.unwrap();
    assert_eq!(
        url.path(),
        "/login",
        "a signed-out browser goes to the login page"
    );
    type_into(client, "username", user).await;
    type_into(client, "password", password).await;
    click_id(client, "sign-in").await;
    client
        .wait()
        .for_element(Locator::Id("golden-table"))
        .await
        .unwrap();
}

async fn text_of(client: &Client, css: &str) -> String {
    client
        .wait()
        .at_most(Duration::from_secs(60))
        .for_element(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("no {css}: {e}"))
        .text()
        .await
        .unwrap()
}

/// Waits until the job page's status is no longer `running` (its server-sent events reload
/// the page when the job finishes) and returns it.
async fn finished_job(client: &Client) -> String {
    for _ in 0..240 {
        if let Ok(state) = client.find(Locator::Id("job-state")).await
            && let Ok(text) = state.text().await
            && text != "running"
        {
            return text;
        }
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
    panic!("the job did not finish within a minute");
}

async fn run_job(client: &Client, base: &str, kind: &str) -> String {
    client.goto(&format!("{base}/golden/")).await.unwrap();
    client
        .find(Locator::Css(&format!("#job-kind option[value='{kind}']")))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    click_id(client, "start-job").await;
    client
        .wait()
        .for_element(Locator::Id("job-devices"))
        .await
        .unwrap();
    finished_job(client).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_web_ui_in_a_real_browser() {
    let scratch = Scratch::new();
    let examples = examples_with_templates(&scratch);
    let (_demo, addr) = serve_demo(&scratch, &examples);
    let base = format!("http://{addr}");
    scratch
        .run_with_env(
            &[("AURUM_USER_PASSWORD", VIEWER_PASSWORD)],
            &[
                "user",
                "add",
                "viewer",
                "--permission",
                "view_device",
                "--permission",
                "view_config",
                "--permission",
                "execute_show",
                "--permission",
                "view_command",
            ],
        )
        .ok();
    let (_driver, port) = start_chromedriver();
    let client = browser(port).await;

    // Signed out, `/` is the login page; a wrong password says so.
    client.goto(&format!("{base}/")).await.unwrap();
    type_into(&client, "username", "admin").await;
    type_into(&client, "password", "wrong").await;
    click_id(&client, "sign-in").await;
    assert!(
        text_of(&client, "#login-error")
            .await
            .contains("wrong user name or password")
    );
    shot(&client, "login").await;
    sign_in(&client, &base, "admin", ADMIN_PASSWORD).await;
    shot(&client, "golden-home").await;

    // Toolkit: a show command on a simulated IOS device, raw and parsed.
    client.goto(&format!("{base}/devices/")).await.unwrap();
    let list = text_of(&client, "#devices").await;
    assert!(list.contains("ams1-edge1"), "{list}");
    // The select-all box ticks every device of the page, and clears them again.
    let ticked = "return [...document.querySelectorAll('#devices input[name=device]')].filter(b => b.checked).length;";
    click_id(&client, "select-all").await;
    let count = client.execute(ticked, vec![]).await.unwrap();
    assert_eq!(
        count.as_u64(),
        Some(8),
        "every example device is on the first page"
    );
    shot(&client, "devices").await;
    click_id(&client, "select-all").await;
    assert_eq!(
        client.execute(ticked, vec![]).await.unwrap().as_u64(),
        Some(0)
    );
    client
        .goto(&format!("{base}/devices/ams1-edge1/"))
        .await
        .unwrap();
    let title = text_of(&client, "h1.page-title").await;
    assert!(
        title.contains("ams1-edge1"),
        "the device page names it: {title}"
    );
    type_into(&client, "command-text", "show version").await;
    click_id(&client, "run-command").await;
    let parsed = text_of(&client, "#parsed-table").await;
    assert!(
        parsed.contains("ams1-edge1"),
        "the parsed table names the host: {parsed}"
    );
    assert!(text_of(&client, "#raw-output").await.contains("Cisco IOS"));
    // A saved command with a variable (the demo imports examples/commands.yaml): its field
    // filled in, its own Run button, and the device's answer for that interface.
    type_into(&client, "var-1-interface-config", "GigabitEthernet1/0/1").await;
    let run = client
        .find(Locator::Css(
            "form:has(input[name=command][value=interface-config]) button[type=submit]",
        ))
        .await
        .unwrap();
    click(&client, run).await;
    let mut raw = String::new();
    for _ in 0..60 {
        raw = text_of(&client, "#raw-output").await;
        if raw.contains("interface GigabitEthernet1/0/1") {
            break;
        }
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
    assert!(raw.contains("interface GigabitEthernet1/0/1"), "{raw}");
    assert!(
        !raw.contains("GigabitEthernet1/0/2"),
        "one interface only: {raw}"
    );
    shot(&client, "toolkit").await;

    // The same run posted from the page without the session's CSRF token, then with a wrong
    // one, is refused before anything runs: the log holds the one run above only.
    let status_of = |headers: &str| {
        format!(
            "return fetch('/devices/ams1-edge1/run', {{method: 'POST', headers: {{'Content-Type': \
             'application/x-www-form-urlencoded'{headers}}}, body: 'text=show+clock&kind=show'}}) \
             .then(async r => r.status + ' ' + await r.text());"
        )
    };
    for headers in ["", ", 'X-CSRF-Token': 'not-this-sessions'"] {
        let answer = client.execute(&status_of(headers), vec![]).await.unwrap();
        let answer = answer.as_str().unwrap_or_default().to_string();
        assert!(answer.starts_with("403 "), "{answer}");
        assert!(answer.contains("CSRF token"), "{answer}");
    }
    client
        .goto(&format!("{base}/log/?device=ams1-edge1"))
        .await
        .unwrap();
    let log = text_of(&client, "#log").await;
    assert!(log.contains("show version"), "{log}");
    assert!(!log.contains("show clock"), "a refused post ran: {log}");

    // Golden config home: backup, then compliance, each followed to its end.
    assert_eq!(run_job(&client, &base, "backup").await, "succeeded");
    shot(&client, "job").await;
    run_job(&client, &base, "intended").await;
    let compliance = run_job(&client, &base, "compliance").await;
    assert!(
        compliance == "succeeded" || compliance == "partial",
        "{compliance}"
    );
    scrape_shows_the_work_done(&scratch, &addr);

    // The pivot, and one non-compliant cell's feature diff.
    client.goto(&format!("{base}/compliance/")).await.unwrap();
    let pivot = text_of(&client, "#pivot").await;
    assert!(!pivot.is_empty());
    shot(&client, "compliance").await;
    let cell = client
        .find(Locator::Css("#pivot td.cell-bad a, #pivot td.cell-ok a"))
        .await
        .unwrap_or_else(|e| panic!("the pivot has no result cell ({e}): {pivot}"));
    // Below the charts: brought to the middle of the window first, as a user scrolls to it
    // (at once: Tabler scrolls smoothly, and a click during the glide lands elsewhere).
    client
        .execute(
            "arguments[0].scrollIntoView({block: 'center', behavior: 'instant'});",
            vec![serde_json::to_value(&cell).unwrap()],
        )
        .await
        .unwrap();
    cell.click().await.unwrap();
    let feature = text_of(&client, "div.card[id^='feature-'] .card-title").await;
    assert!(!feature.is_empty());
    shot(&client, "feature-diff").await;

    // Config search: a regex over the latest backups, with the matching lines.
    client
        .goto(&format!("{base}/search/?q=%5Ehostname&context=1"))
        .await
        .unwrap();
    let summary = text_of(&client, "#search-summary").await;
    assert!(summary.contains("match"), "{summary}");
    assert!(text_of(&client, ".search-hit").await.contains("hostname"));
    shot(&client, "search").await;

    // Text contrast as Chromium renders the pages a user spends the day on.
    let mut offences = Vec::new();
    for path in [
        "/golden/",
        "/devices/",
        "/devices/ams1-edge1/",
        "/compliance/",
        "/jobs/",
        "/log/",
        "/plans/",
        "/settings/",
    ] {
        offences.extend(low_contrast(&client, &base, path).await);
    }
    assert!(
        offences.is_empty(),
        "under WCAG AA contrast:\n{}",
        offences.join("\n")
    );

    // Log out; the session is gone.
    client.goto(&format!("{base}/golden/")).await.unwrap();
    client
        .find(Locator::Css("form[action='/logout'] button"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    client.goto(&format!("{base}/devices/")).await.unwrap();
    assert_eq!(client.current_url().await.unwrap().path(), "/login");

    // A user without execute_config: no config commands offered, and a crafted post refused.
    sign_in_by_keyboard(&client, &base, "viewer", VIEWER_PASSWORD).await;
    client
        .goto(&format!("{base}/devices/ams1-edge1/"))
        .await
        .unwrap();
    let kinds = text_of(&client, "#command-kind").await;
    assert!(!kinds.contains("config"), "{kinds}");
    client
        .execute(
            "const s = document.getElementById('command-kind'); \
             const o = document.createElement('option'); o.value = 'config'; o.selected = true; s.appendChild(o); \
             document.getElementById('command-text').value = 'ntp server 192.0.2.1'; \
             document.getElementById('free-command').removeAttribute('hx-post'); \
             document.getElementById('free-command').submit();",
            vec![],
        )
        .await
        .unwrap();
    let refused = text_of(&client, "#run-refused").await;
    assert!(refused.contains("may not run config commands"), "{refused}");
    shot(&client, "config-refused").await;
    client.close().await.unwrap();
}
