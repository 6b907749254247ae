//! Aurum's outbound HTTP: one client for the REST APIs of sources of truth and for webhooks,
//! `http://` or `https://` (rustls with ring as the crypto provider, the system's roots plus
//! an optional CA file), a time limit per exchange. It knows nothing of what it carries.

use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use http_body_util::{BodyExt, Full};
use hyper::body::Bytes;
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;
use rustls::pki_types::CertificateDer;
use rustls::pki_types::pem::PemObject;

/// Why an exchange did not happen; the caller adds which server and what to do.
#[derive(Debug, thiserror::Error)]
pub enum ClientError {
    #[error("the CA file {path}: {message}")]
    CaFile { path: String, message: String },
    #[error("`{url}` is not a request Aurum can send: {message}")]
    Request { url: String, message: String },
    #[error("cannot reach {url}: {message}")]
    Unreachable { url: String, message: String },
    #[error("{url} did not answer within {}", shown(*after))]
    Timeout { url: String, after: Duration },
}

/// A status and a body.
#[derive(Debug, Clone)]
pub struct Answer {
    pub status: u16,
    pub body: Bytes,
}

/// A pooled HTTP(S) client. Cheap to clone.
#[derive(Clone)]
pub struct HttpClient {
    client: Client<hyper_rustls::HttpsConnector<HttpConnector>, Full<Bytes>>,
    timeout: Duration,
}

impl HttpClient {
    /// A client trusting the system's roots and, if given, the certificates of `ca_file`.
    pub fn new(ca_file: Option<&Path>, timeout: Duration) -> Result<HttpClient, ClientError> {
        let tls = tls_config(ca_file)?;
        let https = hyper_rustls::HttpsConnectorBuilder::new()
            .with_tls_config(tls)
            .https_or_http()
            .enable_http1()
            .build();
        Ok(HttpClient {
            client: Client::builder(TokioExecutor::new()).build(https),
            timeout,
        })
    }

    /// The per-exchange time limit.
    pub fn timeout(&self) -> Duration {
        self.timeout
    }

    /// One request with `headers` and `body` (empty for a GET), within the time limit.
    pub async fn send(
        &self,
        method: &str,
        url: &str,
        headers: &[(&str, &str)],
        body: Vec<u8>,
    ) -> Result<Answer, ClientError> {
        let mut request = hyper::Request::builder()
            .method(method)
            .uri(url)
            .header("User-Agent", concat!("aurum/", env!("CARGO_PKG_VERSION")));
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        let request =
            request
                .body(Full::new(Bytes::from(body)))
                .map_err(|e| ClientError::Request {
                    url: url.to_string(),
                    message: e.to_string(),
                })?;
        let unreachable = |message: String| ClientError::Unreachable {
            url: url.to_string(),
            message,
        };
        let exchange = async {
            let response = self
                .client
                .request(request)
                .await
                .map_err(|e| unreachable(error_chain(&e)))?;
            let status = response.status().as_u16();
            let body = response
                .into_body()
                .collect()
                .await
                .map_err(|e| unreachable(format!("the answer broke off: {e}")))?;
            Ok(Answer {
                status,
                body: body.to_bytes(),
            })
        };
        tokio::time::timeout(self.timeout, exchange)
            .await
            .map_err(|_| ClientError::Timeout {
                url: url.to_string(),
                after: self.timeout,
            })?
    }
}

/// The system's roots plus the CA file, with ring chosen explicitly as the provider (another
/// crate of the build may enable a second one, and rustls would then refuse to pick).
fn tls_config(ca_file: Option<&Path>) -> Result<rustls::ClientConfig, ClientError> {
    let mut roots = rustls::RootCertStore::empty();
    for cert in rustls_native_certs::load_native_certs().certs {
        roots.add(cert).ok();
    }
    if let Some(path) = ca_file {
        let ca_error = |message: String| ClientError::CaFile {
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

/// `30 s`, or `300 ms` below a second.
fn shown(duration: Duration) -> String {
    match duration.subsec_millis() {
        0 => format!("{} s", duration.as_secs()),
        _ => format!("{} ms", duration.as_millis()),
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

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    #[tokio::test]
    async fn a_post_carries_its_headers_and_body_and_returns_the_status() {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}/hook", listener.local_addr().unwrap());
        let server = tokio::spawn(async move {
            let (mut socket, _) = listener.accept().await.unwrap();
            let mut seen = Vec::new();
            let mut buffer = [0u8; 4096];
            while !String::from_utf8_lossy(&seen).contains("{\"a\":1}") {
                let read = socket.read(&mut buffer).await.unwrap();
                seen.extend_from_slice(&buffer[..read]);
            }
            socket
                .write_all(b"HTTP/1.1 202 Accepted\r\nContent-Length: 2\r\n\r\nok")
                .await
                .unwrap();
            String::from_utf8_lossy(&seen).into_owned()
        });
        let client = HttpClient::new(None, Duration::from_secs(5)).unwrap();
        let answer = client
            .send("POST", &url, &[("X-Test", "yes")], b"{\"a\":1}".to_vec())
            .await
            .unwrap();
        assert_eq!((answer.status, &answer.body[..]), (202, &b"ok"[..]));
        let request = server.await.unwrap();
        assert!(request.starts_with("POST /hook HTTP/1.1"), "{request}");
        assert!(
            request.to_ascii_lowercase().contains("x-test: yes"),
            "{request}"
        );
    }

    #[tokio::test]
    async fn nobody_listening_and_a_silent_server_are_told_apart() {
        let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}/", closed.local_addr().unwrap());
        drop(closed);
        let client = HttpClient::new(None, Duration::from_millis(300)).unwrap();
        let error = client.send("GET", &url, &[], Vec::new()).await.unwrap_err();
        assert!(matches!(error, ClientError::Unreachable { .. }), "{error}");

        let silent = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}/", silent.local_addr().unwrap());
        let error = client.send("GET", &url, &[], Vec::new()).await.unwrap_err();
        assert!(
            error.to_string().contains("did not answer within 300 ms"),
            "{error}"
        );
        drop(silent);
    }

    #[test]
    fn a_ca_file_without_certificates_is_refused_by_name() {
        let dir = std::env::temp_dir().join(format!("aurum-http-client-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("ca.pem");
        std::fs::write(&file, "not a certificate\n").unwrap();
        let error = HttpClient::new(Some(&file), Duration::from_secs(1))
            .err()
            .unwrap()
            .to_string();
        assert!(
            error.contains("ca.pem") && error.contains("no PEM certificate"),
            "{error}"
        );
        std::fs::remove_dir_all(&dir).ok();
    }
}
