//! Hooks from the shell: a webhook receiver on 127.0.0.1 hears each event of a backup once,
//! signed with the shared secret; a hook that cannot be reached never fails the job and shows
//! on `aurum jobs ID` and in `/metrics`.

mod support;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::sync::mpsc;

use hmac::{KeyInit, Mac};
use support::{Scratch, credentials, start_sim};

const SECRET: &str = "e2e-hook-secret";

/// One POST the receiver got: its signature header and its body.
struct Delivery {
    signature: String,
    body: Vec<u8>,
}

/// Accepts POSTs on 127.0.0.1 and answers 200, sending each one down the channel.
fn start_receiver() -> (String, mpsc::Receiver<Delivery>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/aurum", listener.local_addr().unwrap());
    let (send, receive) = mpsc::channel();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let mut stream = stream.unwrap();
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let (mut length, mut signature) = (0, String::new());
            loop {
                let mut line = String::new();
                reader.read_line(&mut line).unwrap();
                let line = line.trim_end();
                if line.is_empty() {
                    break;
                }
                if let Some((name, value)) = line.split_once(": ") {
                    match name.to_ascii_lowercase().as_str() {
                        "content-length" => length = value.parse().unwrap(),
                        "x-aurum-signature" => signature = value.to_string(),
                        _ => {}
                    }
                }
            }
            let mut body = vec![0; length];
            reader.read_exact(&mut body).unwrap();
            stream
                .write_all(b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
                .unwrap();
            let _ = send.send(Delivery { signature, body });
        }
    });
    (url, receive)
}

/// What the receiver got so far, each checked against the secret, as JSON.
fn verified(deliveries: &mpsc::Receiver<Delivery>) -> Vec<serde_json::Value> {
    deliveries
        .try_iter()
        .map(|delivery| {
            let mut mac = hmac::Hmac::<sha2::Sha256>::new_from_slice(SECRET.as_bytes()).unwrap();
            mac.update(&delivery.body);
            let expected: String = mac
                .finalize()
                .into_bytes()
                .iter()
                .map(|b| format!("{b:02x}"))
                .collect();
            assert_eq!(delivery.signature, format!("sha256={expected}"));
            serde_json::from_slice(&delivery.body).unwrap()
        })
        .collect()
}

/// `(event, device)` of each delivery, sorted.
fn names(events: &[serde_json::Value]) -> Vec<(String, String)> {
    let mut names: Vec<(String, String)> = events
        .iter()
        .map(|e| {
            (
                e["event"].as_str().unwrap().to_string(),
                e["device"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    names.sort();
    names
}

#[test]
fn a_webhook_hears_each_event_of_a_backup_once_signed_and_a_dead_hook_fails_nothing() {
    let (url, deliveries) = start_receiver();
    let scratch = Scratch::new();
    let _sim = start_sim(&scratch, &[]);
    scratch.write(
        "aurum.toml",
        &format!(
            "[ssh]\nconcurrency = 3\nhost_key_checking = \"off\"\nretry_attempts = 1\n\n\
             [hooks.receiver]\nwebhook = \"{url}\"\nsecret = {{ env = \"AURUM_E2E_HOOK_SECRET\" }}\n\n\
             [hooks.nobody]\nwebhook = \"http://127.0.0.1:1/\"\nevents = [\"job_finished\"]\n\
             retries = 1\nretry_base_ms = 10\n"
        ),
    );
    // A device nobody answers for: its backup fails.
    scratch.write(
        "dead.yaml",
        "devices:\n  - { name: dead-1, address: 127.0.0.1, port: 1, platform: cisco_ios, secrets_group: sim }\n",
    );
    scratch.run(&["init"]).ok();
    scratch.run(&["inventory", "import", "sim.yaml"]).ok();
    scratch.run(&["inventory", "import", "dead.yaml"]).ok();
    let backup = |expect_job: &str| {
        let out = credentials(&mut scratch.command())
            .env("AURUM_E2E_HOOK_SECRET", SECRET)
            .args(["backup"])
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout).to_string();
        assert!(
            stdout.contains(expect_job),
            "{stdout}\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
    };

    backup("backup (job 1): partial: 6 device(s): 5 ok, 1 failed; 5 changed");
    let first = verified(&deliveries);
    let mut expected: Vec<(String, String)> = ["dead-1"]
        .iter()
        .map(|d| ("device_failed".to_string(), d.to_string()))
        .collect();
    let listed = scratch
        .run(&["inventory", "list", "--filter", "role=sim"])
        .ok()
        .stdout;
    for device in listed
        .lines()
        .skip(1)
        .filter_map(|l| l.split_whitespace().next())
    {
        expected.push(("device_backed_up".to_string(), device.to_string()));
    }
    expected.push(("job_finished".to_string(), String::new()));
    expected.sort();
    assert_eq!(names(&first), expected, "each event once");
    let backed_up = first
        .iter()
        .find(|e| e["event"] == "device_backed_up")
        .unwrap();
    assert_eq!(backed_up["job"], 1);
    assert_eq!(backed_up["details"]["first"], true);
    assert!(
        backed_up["details"]["added"].as_u64().unwrap() > 0,
        "{backed_up}"
    );
    let failed = first
        .iter()
        .find(|e| e["event"] == "device_failed")
        .unwrap();
    assert!(
        failed["error"].as_str().unwrap().contains("127.0.0.1"),
        "{failed}"
    );
    let finished = first.iter().find(|e| e["event"] == "job_finished").unwrap();
    assert_eq!(finished["status"], "partial");
    assert_eq!(finished["details"]["commits"].as_array().unwrap().len(), 1);

    // Nothing changed: no device_backed_up this time, the failure and the end again.
    backup("backup (job 2): partial: 6 device(s): 5 unchanged, 1 failed");
    let second = verified(&deliveries);
    assert_eq!(
        names(&second),
        [
            ("device_failed".to_string(), "dead-1".to_string()),
            ("job_finished".to_string(), String::new())
        ]
    );

    // The hook nobody listens on failed both times, and only says so on the job.
    let job = scratch.run(&["jobs", "2"]).ok().stdout;
    assert!(job.contains("1 hook failure(s)"), "{job}");
    assert!(
        job.contains("nobody") && job.contains("job_finished"),
        "{job}"
    );
    assert!(job.contains("after 2 tries"), "{job}");

    // And in the metrics an operator scrapes.
    let admin = support::token(&scratch, "admin");
    let (_server, addr) = support::serve(&scratch);
    let (status, metrics) =
        support::http_with(&addr, "GET", "/metrics", &[("Authorization", &admin)], None);
    assert_eq!(status, 200, "{metrics}");
    assert!(
        metrics.contains("aurum_hook_failures_total{hook=\"nobody\",event=\"job_finished\"} 2"),
        "{metrics}"
    );
    assert!(!metrics.contains("hook=\"receiver\""), "{metrics}");
}

/// An HTTPS receiver (Python's `ssl` over a certificate `openssl` makes for 127.0.0.1): each
/// POST's signature header and body go to a JSON-lines file.
fn start_tls_receiver(scratch: &Scratch) -> (String, std::process::Child, std::path::PathBuf) {
    let dir = scratch.path();
    // A private CA, and the receiver's certificate signed by it (a CA's own certificate is
    // refused as a server's, rightly).
    scratch.write(
        "leaf.ext",
        "subjectAltName=IP:127.0.0.1\nbasicConstraints=CA:FALSE\n",
    );
    for args in [
        "req -x509 -newkey rsa:2048 -nodes -days 1 -keyout ca.key -out ca.pem -subj /CN=aurum-test-ca",
        "req -newkey rsa:2048 -nodes -keyout key.pem -out leaf.csr -subj /CN=127.0.0.1",
        "x509 -req -in leaf.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 1 -out cert.pem -extfile leaf.ext",
    ] {
        let made = std::process::Command::new("openssl")
            .args(args.split(' '))
            .current_dir(dir)
            .output()
            .expect("openssl makes the certificates (cargo xtask test installs it)");
        assert!(
            made.status.success(),
            "openssl {args}: {}",
            String::from_utf8_lossy(&made.stderr)
        );
    }
    let script = scratch.write(
        "receiver.py",
        r#"
import http.server, json, ssl, sys
class Receiver(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        with open("deliveries.jsonl", "a") as out:
            out.write(json.dumps({"signature": self.headers.get("X-Aurum-Signature", ""), "body": body.decode()}) + "\n")
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()
    def log_message(self, *args):
        pass
server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Receiver)
context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
context.load_cert_chain("cert.pem", "key.pem")
server.socket = context.wrap_socket(server.socket, server_side=True)
print(server.server_address[1], flush=True)
server.serve_forever()
"#,
    );
    let mut child = std::process::Command::new("python3")
        .arg(&script)
        .current_dir(dir)
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut port = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut port)
        .unwrap();
    (
        format!("https://127.0.0.1:{}/aurum", port.trim()),
        child,
        dir.join("deliveries.jsonl"),
    )
}

#[test]
fn an_https_webhook_is_delivered_signed_to_a_receiver_of_a_private_ca() {
    let scratch = Scratch::new();
    let (url, mut receiver, deliveries) = start_tls_receiver(&scratch);
    let _sim = start_sim(&scratch, &[]);
    scratch.write(
        "aurum.toml",
        &format!(
            "[ssh]\nconcurrency = 3\nhost_key_checking = \"off\"\nretry_attempts = 1\n\n\
             [hooks.tls]\nwebhook = \"{url}\"\nca_file = \"ca.pem\"\nevents = [\"job_finished\"]\n\
             secret = {{ env = \"AURUM_E2E_HOOK_SECRET\" }}\n\n\
             [hooks.untrusted]\nwebhook = \"{url}\"\nevents = [\"job_finished\"]\nretries = 0\n"
        ),
    );
    scratch.run(&["init"]).ok();
    scratch.run(&["inventory", "import", "sim.yaml"]).ok();
    let out = credentials(&mut scratch.command())
        .env("AURUM_E2E_HOOK_SECRET", SECRET)
        .args(["backup"])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout).to_string();
    assert!(stdout.contains("backup (job 1)"), "{stdout}");
    let jobs = scratch.run(&["jobs", "1"]).ok().stdout;
    receiver.kill().ok();
    receiver.wait().ok();

    let lines = std::fs::read_to_string(&deliveries).unwrap_or_default();
    let received: Vec<serde_json::Value> = lines
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(
        received.len(),
        1,
        "only the hook trusting the CA got through: {lines}\n{stdout}\n{jobs}"
    );
    let (tx, rx) = mpsc::channel();
    tx.send(Delivery {
        signature: received[0]["signature"].as_str().unwrap().to_string(),
        body: received[0]["body"].as_str().unwrap().as_bytes().to_vec(),
    })
    .unwrap();
    let events = verified(&rx);
    assert_eq!(events[0]["event"], "job_finished");
    // The hook without the CA file cannot verify the certificate: a failure on the job.
    assert!(
        jobs.contains("untrusted") && jobs.to_ascii_lowercase().contains("certificate"),
        "{jobs}"
    );
}
