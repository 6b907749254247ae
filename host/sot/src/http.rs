//! GETs of JSON with the server's token, one page at a time, with a time limit per page and
//! the server's paging followed only within the configured server.

use std::time::Duration;

use aurum_http_client::{ClientError, HttpClient};
use serde_json::Value;
use url::Url;

use crate::SotError;

/// Tries of one GET whose connection fails.
const GET_TRIES: u32 = 3;

/// A JSON client for one server.
pub(crate) struct JsonClient {
    source_name: String,
    base: Url,
    token: String,
    client: HttpClient,
}

impl JsonClient {
    pub(crate) fn new(
        source_name: &str,
        server: &aurum_config::SotServer,
        token: String,
    ) -> Result<JsonClient, SotError> {
        let bad_url = |reason: String| SotError::BadUrl {
            source_name: source_name.to_string(),
            url: server.url.clone(),
            reason,
        };
        let mut base = Url::parse(&server.url).map_err(|e| bad_url(e.to_string()))?;
        if !matches!(base.scheme(), "http" | "https") {
            return Err(bad_url("use http:// or https://".to_string()));
        }
        if !base.path().ends_with('/') {
            let path = format!("{}/", base.path());
            base.set_path(&path);
        }
        let timeout = Duration::from_secs(server.timeout_secs.max(1));
        let client = HttpClient::new(server.ca_file.as_deref(), timeout).map_err(|e| match e {
            ClientError::CaFile { path, message } => SotError::CaFile {
                source_name: source_name.to_string(),
                path,
                message,
            },
            other => SotError::Unreachable {
                source_name: source_name.to_string(),
                url: server.url.clone(),
                message: other.to_string(),
            },
        })?;
        Ok(JsonClient {
            source_name: source_name.to_string(),
            base,
            token,
            client,
        })
    }

    /// The URL of `path` (relative to the server's base, e.g. `api/dcim/devices/`) with `query`.
    pub(crate) fn url(&self, path: &str, query: &[(&str, String)]) -> Url {
        let mut url = self.base.join(path).expect("API paths are relative URLs");
        if !query.is_empty() {
            let mut pairs = url.query_pairs_mut();
            for (key, value) in query {
                pairs.append_pair(key, value);
            }
        }
        url
    }

    /// Every object of a paginated list (`{count, next, results}`), following `next` links.
    pub(crate) async fn list(&self, first: Url) -> Result<Vec<Value>, SotError> {
        let mut objects = Vec::new();
        let mut next = Some(first);
        while let Some(url) = next.take() {
            let page = self.get(&url).await?;
            let shape = |message: &str| SotError::Shape {
                url: url.to_string(),
                message: message.to_string(),
            };
            let results = page
                .get("results")
                .and_then(Value::as_array)
                .ok_or_else(|| {
                    shape("no `results` list; is this the REST API of the configured server?")
                })?;
            objects.extend(results.iter().cloned());
            next = match page.get("next") {
                Some(Value::String(link)) => Some(self.same_server(&url, link)?),
                _ => None,
            };
        }
        Ok(objects)
    }

    /// The server's `next` link, only on the configured host. Its scheme and port are the
    /// configured ones: a server behind a proxy often links to its own internal address.
    fn same_server(&self, current: &Url, link: &str) -> Result<Url, SotError> {
        let mut next = current.join(link).map_err(|e| SotError::Shape {
            url: current.to_string(),
            message: format!("its `next` link `{link}` is not a URL: {e}"),
        })?;
        if next.host_str() != self.base.host_str() {
            return Err(SotError::ForeignNextPage {
                url: current.to_string(),
                next: link.to_string(),
            });
        }
        next.set_scheme(self.base.scheme()).ok();
        next.set_port(self.base.port()).ok();
        Ok(next)
    }

    /// One GET, retried twice with doubling waits when the connection fails (a server that
    /// closes idle keep-alive connections resets the next request on one): a GET is safe to
    /// repeat. Statuses are not retried: a 500 or a refused token will not mend in a second.
    pub(crate) async fn get(&self, url: &Url) -> Result<Value, SotError> {
        let mut wait = Duration::from_millis(200);
        let mut tries = 1;
        loop {
            match self.get_once(url).await {
                Err(SotError::Unreachable { .. }) if tries < GET_TRIES => {
                    tokio::time::sleep(wait).await;
                    wait *= 2;
                    tries += 1;
                }
                result => return result,
            }
        }
    }

    async fn get_once(&self, url: &Url) -> Result<Value, SotError> {
        let authorization = format!("Token {}", self.token);
        let headers = [
            ("Authorization", authorization.as_str()),
            ("Accept", "application/json"),
        ];
        let answer = self
            .client
            .send("GET", url.as_str(), &headers, Vec::new())
            .await
            .map_err(|error| match error {
                ClientError::Timeout { .. } => SotError::Timeout {
                    source_name: self.source_name.clone(),
                    url: url.to_string(),
                    secs: self.client.timeout().as_secs(),
                },
                other => SotError::Unreachable {
                    source_name: self.source_name.clone(),
                    url: url.to_string(),
                    message: match other {
                        ClientError::Unreachable { message, .. } => message,
                        other => other.to_string(),
                    },
                },
            })?;
        let (status, body) = (answer.status, answer.body);
        match status {
            200 => serde_json::from_slice(&body).map_err(|e| SotError::Shape {
                url: url.to_string(),
                message: e.to_string(),
            }),
            401 | 403 => Err(SotError::Unauthorized {
                source_name: self.source_name.clone(),
                url: url.to_string(),
                status,
                body: snippet(&body),
            }),
            _ => Err(SotError::Status {
                url: url.to_string(),
                status,
                body: snippet(&body),
            }),
        }
    }
}

/// The start of an error body, on one line: enough to read Django's `detail`.
fn snippet(body: &[u8]) -> String {
    let text = String::from_utf8_lossy(body);
    let line: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    match line.char_indices().nth(300) {
        Some((cut, _)) => format!("{}...", &line[..cut]),
        None => line,
    }
}
