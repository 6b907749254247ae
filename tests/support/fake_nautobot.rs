//! A stand-in for Nautobot's REST API on loopback, in the shapes its documentation gives
//! (paginated `{count, next, previous, results}`, `Authorization: Token`, references as
//! `{id, object_type, url}` objects, `last_updated__gte` filters, the change log), so the
//! sync's errors (bad token, a 500, a page that hangs) can be provoked on purpose. The
//! real-server test is `tests/nautobot_anchor.rs`.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::{Value, json};

/// What the fake holds and how it misbehaves; tests change it between syncs.
#[derive(Default)]
pub struct State {
    pub token: String,
    /// Objects by endpoint path (`/api/dcim/devices/`).
    pub objects: BTreeMap<String, Vec<Value>>,
    /// `/api/extras/object-changes/` entries.
    pub changes: Vec<Value>,
    /// Requests whose path starts with this answer this status.
    pub fail: Option<(String, u16)>,
    /// Requests whose path starts with this never answer.
    pub hang: Option<String>,
    /// Every request's path and query, for assertions on paging and filters.
    pub requests: Vec<String>,
}

/// Now, as Nautobot writes `last_updated`.
fn now() -> String {
    let millis = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_millis() as i64;
    aurum_config::UtcTime::from_millis(millis).iso8601()
}

impl State {
    /// Adds an object last changed long ago (before any sync's window).
    pub fn seed(&mut self, path: &str, mut object: Value) {
        object["last_updated"] = json!("2020-01-01T00:00:00Z");
        self.objects
            .entry(path.to_string())
            .or_default()
            .push(object);
    }

    /// Puts (or replaces, by id) an object, stamped as changed now.
    pub fn put(&mut self, path: &str, mut object: Value) {
        object["last_updated"] = json!(now());
        let list = self.objects.entry(path.to_string()).or_default();
        let id = object["id"].clone();
        match list.iter_mut().find(|o| o["id"] == id) {
            Some(existing) => *existing = object,
            None => list.push(object),
        }
    }

    /// Removes an object and records the deletion in the change log.
    pub fn delete(&mut self, path: &str, object_type: &str, id: &str) {
        if let Some(list) = self.objects.get_mut(path) {
            list.retain(|o| o["id"] != json!(id));
        }
        let time = now();
        self.changes.push(json!({
            "id": format!("change-{}", self.changes.len()),
            "action": "delete",
            "changed_object_type": object_type,
            "changed_object_id": id,
            "time": time,
        }));
    }
}

pub struct FakeNautobot {
    pub url: String,
    pub state: Arc<Mutex<State>>,
}

impl FakeNautobot {
    pub fn start(token: &str) -> FakeNautobot {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let state = Arc::new(Mutex::new(State {
            token: token.to_string(),
            ..State::default()
        }));
        let shared = state.clone();
        let base = url.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let state = shared.clone();
                let base = base.clone();
                std::thread::spawn(move || serve(stream, &state, &base));
            }
        });
        FakeNautobot { url, state }
    }

    pub fn state(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap()
    }
}

/// `{id, object_type, url}`, how Nautobot refers to an object at depth 0.
pub fn reference(object_type: &str, id: &str) -> Value {
    json!({"id": id, "object_type": object_type, "url": format!("/api/{id}/")})
}

fn serve(stream: TcpStream, state: &Mutex<State>, base: &str) {
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut writer = stream;
    loop {
        let mut request_line = String::new();
        if reader.read_line(&mut request_line).unwrap_or(0) == 0 {
            return;
        }
        let mut authorization = String::new();
        loop {
            let mut header = String::new();
            if reader.read_line(&mut header).unwrap_or(0) == 0 {
                return;
            }
            let header = header.trim_end();
            if header.is_empty() {
                break;
            }
            if let Some((name, value)) = header.split_once(':')
                && name.eq_ignore_ascii_case("authorization")
            {
                authorization = value.trim().to_string();
            }
        }
        let target = request_line
            .split_whitespace()
            .nth(1)
            .unwrap_or("/")
            .to_string();
        let (status, body) = answer(state, base, &target, &authorization);
        if status == 0 {
            std::thread::sleep(Duration::from_secs(30));
            return;
        }
        let body = body.to_string();
        let reason = if status == 200 { "OK" } else { "Error" };
        let head = format!(
            "HTTP/1.1 {status} {reason}\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n",
            body.len()
        );
        if writer.write_all(head.as_bytes()).is_err() || writer.write_all(body.as_bytes()).is_err()
        {
            return;
        }
    }
}

/// The status and body for one request; status 0 means: never answer.
fn answer(state: &Mutex<State>, base: &str, target: &str, authorization: &str) -> (u16, Value) {
    let mut state = state.lock().unwrap();
    state.requests.push(target.to_string());
    let (path, query) = target.split_once('?').unwrap_or((target, ""));
    let params: BTreeMap<String, String> = query
        .split('&')
        .filter_map(|pair| pair.split_once('='))
        .map(|(k, v)| (k.to_string(), decode(v)))
        .collect();
    if authorization != format!("Token {}", state.token) {
        return (403, json!({"detail": "Invalid token."}));
    }
    if let Some(prefix) = &state.hang
        && path.starts_with(prefix.as_str())
    {
        return (0, Value::Null);
    }
    if let Some((prefix, status)) = &state.fail
        && path.starts_with(prefix.as_str())
        && params.contains_key("offset")
    {
        return (*status, json!({"detail": "Internal Server Error"}));
    }
    // Nautobot 3 has no `last_updated` filter on interfaces: a strict 400, as there.
    if path == "/api/dcim/interfaces/" && params.contains_key("last_updated__gte") {
        return (400, json!({"last_updated__gte": ["Unknown filter field"]}));
    }
    let all: Vec<Value> = if path == "/api/extras/object-changes/" {
        state
            .changes
            .iter()
            .filter(|c| params.get("action").is_none_or(|a| c["action"] == json!(a)))
            .filter(|c| {
                params
                    .get("time__gte")
                    .is_none_or(|t| c["time"].as_str().unwrap_or("") >= t.as_str())
            })
            .cloned()
            .collect()
    } else {
        let Some(objects) = state.objects.get(path) else {
            return (404, json!({"detail": "Not found."}));
        };
        objects
            .iter()
            .filter(|o| {
                params
                    .get("last_updated__gte")
                    .is_none_or(|t| o["last_updated"].as_str().unwrap_or("") >= t.as_str())
            })
            .cloned()
            .collect()
    };
    let limit: usize = params
        .get("limit")
        .and_then(|l| l.parse().ok())
        .unwrap_or(50);
    let offset: usize = params
        .get("offset")
        .and_then(|o| o.parse().ok())
        .unwrap_or(0);
    let page: Vec<Value> = all.iter().skip(offset).take(limit).cloned().collect();
    let next = (offset + limit < all.len()).then(|| {
        let mut kept: Vec<String> = params
            .iter()
            .filter(|(k, _)| k.as_str() != "offset")
            .map(|(k, v)| format!("{k}={v}"))
            .collect();
        kept.push(format!("offset={}", offset + limit));
        format!("{base}{path}?{}", kept.join("&"))
    });
    (
        200,
        json!({"count": all.len(), "next": next, "previous": null, "results": page}),
    )
}

/// Percent-decoding of a query value (`%3A` in times).
fn decode(value: &str) -> String {
    let bytes = value.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' if i + 2 < bytes.len() => {
                let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap_or("");
                out.push(u8::from_str_radix(hex, 16).unwrap_or(b'?'));
                i += 3;
            }
            b'+' => {
                out.push(b' ');
                i += 1;
            }
            byte => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}
