//! GETs of JSON with the server's token, one page at a time, with a time limit per page and
//! the server's paging followed only within the configured server.

use std::sync::Arc;
use std::time::Duration;

use http_body_util::{BodyExt, Empty};
use hyper::body::Bytes;
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;
use rustls::pki_types::CertificateDer;
use rustls::pki_types::pem::PemObject;
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
    timeout: Duration,
    client: Client<hyper_rustls::HttpsConnector<HttpConnector>, Empty<Bytes>>,
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
        let tls = tls_config(source_name, server.ca_file.as_deref())?;
        let https = hyper_rustls::HttpsConnectorBuilder::new()
            .with_tls_config(tls)
            .https_or_http()
            .enable_http1()
            .build();
        Ok(JsonClient {
            source_name: source_name.to_string(),
            base,
            token,
            timeout: Duration::from_secs(server.timeout_secs.max(1)),
            client: Client::builder(TokioExecutor::new()).build(https),
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
        let request = hyper::Request::get(url.as_str())
            .header("Authorization", format!("Token {}", self.token))
            .header("Accept", "application/json")
            .header("User-Agent", concat!("aurum/", env!("CARGO_PKG_VERSION")))
            .body(Empty::<Bytes>::new())
            .map_err(|e| SotError::Shape {
                url: url.to_string(),
                message: e.to_string(),
            })?;
        let secs = self.timeout.as_secs();
        let timed_out = || SotError::Timeout {
            source_name: self.source_name.clone(),
            url: url.to_string(),
            secs,
        };
        let exchange = async {
            let response =
                self.client
                    .request(request)
                    .await
                    .map_err(|e| SotError::Unreachable {
                        source_name: self.source_name.clone(),
                        url: url.to_string(),
                        message: error_chain(&e),
                    })?;
            let status = response.status().as_u16();
            let body = response
                .into_body()
                .collect()
                .await
                .map_err(|e| SotError::Unreachable {
                    source_name: self.source_name.clone(),
                    url: url.to_string(),
                    message: format!("the answer broke off: {e}"),
                })?;
            Ok::<_, SotError>((status, body.to_bytes()))
        };
        let (status, body) = tokio::time::timeout(self.timeout, exchange)
            .await
            .map_err(|_| timed_out())??;
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

/// The system's roots plus the configured CA file, with ring as the crypto provider (chosen
/// explicitly: another crate of the build may enable a second one).
fn tls_config(
    source_name: &str,
    ca_file: Option<&std::path::Path>,
) -> Result<rustls::ClientConfig, SotError> {
    let mut roots = rustls::RootCertStore::empty();
    for cert in rustls_native_certs::load_native_certs().certs {
        roots.add(cert).ok();
    }
    if let Some(path) = ca_file {
        let ca_error = |message: String| SotError::CaFile {
            source_name: source_name.to_string(),
            path: path.display().to_string(),
            message,
        };
        let certs: Vec<CertificateDer<'static>> = CertificateDer::pem_file_iter(path)
            .map_err(|e| ca_error(e.to_string()))?
            .collect::<Result<_, _>>()
            .map_err(|e| ca_error(e.to_string()))?;
        if certs.is_empty() {
            return Err(ca_error("holds no PEM certificate".to_string()));
        }
        for cert in certs {
            roots.add(cert).map_err(|e| ca_error(e.to_string()))?;
        }
    }
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    Ok(rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .expect("ring supports the default protocol versions")
        .with_root_certificates(roots)
        .with_no_client_auth())
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

/// An error with its causes, which is where hyper keeps "connection refused".
fn error_chain(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}
