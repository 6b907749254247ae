//! Webhook hooks: the event POSTed as JSON over HTTP/1.1, its body signed with the hook's
//! shared secret (HMAC-SHA256, as GitHub's webhooks are: `X-Aurum-Signature: sha256=HEX`), so
//! a receiver can tell Aurum sent it. A failed try (no connection, a timeout, a status other
//! than 2xx) is retried with doubling waits.

use std::time::Duration;

use hmac::{KeyInit, Mac};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// The header carrying the body's signature.
const SIGNATURE_HEADER: &str = "X-Aurum-Signature";

/// `sha256=HEX` of `body` under `secret`: what a receiver recomputes to check a delivery.
fn sign(secret: &str, body: &[u8]) -> String {
    let mut mac =
        hmac::Hmac::<sha2::Sha256>::new_from_slice(secret.as_bytes()).expect("any key length");
    mac.update(body);
    let digest = mac.finalize().into_bytes();
    let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
    format!("sha256={hex}")
}

/// POSTs `body` to `url`, retrying `retries` times after the first try.
pub(super) async fn post_with_retries(
    url: &str,
    body: &[u8],
    secret: Option<&str>,
    timeout: Duration,
    retries: u32,
    base: Duration,
) -> Result<(), String> {
    let target = Target::parse(url)?;
    let mut wait = base;
    let mut attempt = 0;
    loop {
        let result = match tokio::time::timeout(timeout, post(&target, body, secret)).await {
            Ok(result) => result,
            Err(_) => Err(format!("no answer within {timeout:?}")),
        };
        match result {
            Ok(()) => return Ok(()),
            Err(error) if attempt >= retries => {
                return Err(format!(
                    "POST {url} failed after {} tries: {error}",
                    attempt + 1
                ));
            }
            Err(_) => {
                attempt += 1;
                tokio::time::sleep(wait).await;
                wait = wait.saturating_mul(2);
            }
        }
    }
}

/// Where a webhook goes: `http://HOST[:PORT][/PATH]`.
struct Target {
    /// `HOST:PORT` to connect to.
    address: String,
    /// The `Host` header.
    host: String,
    path: String,
}

impl Target {
    fn parse(url: &str) -> Result<Target, String> {
        let rest = url
            .strip_prefix("http://")
            .ok_or_else(|| format!("`{url}`: only http:// webhooks are supported"))?;
        let (host, path) = match rest.find('/') {
            Some(slash) => (&rest[..slash], &rest[slash..]),
            None => (rest, "/"),
        };
        if host.is_empty() {
            return Err(format!("`{url}` names no host"));
        }
        let address = match host.rsplit_once(':') {
            Some((_, port)) if port.parse::<u16>().is_ok() => host.to_string(),
            _ => format!("{host}:80"),
        };
        Ok(Target {
            address,
            host: host.to_string(),
            path: path.to_string(),
        })
    }
}

/// One try: connect, send, read the status line.
async fn post(target: &Target, body: &[u8], secret: Option<&str>) -> Result<(), String> {
    let mut stream = tokio::net::TcpStream::connect(&target.address)
        .await
        .map_err(|e| format!("cannot connect to {}: {e}", target.address))?;
    let mut head = format!(
        "POST {} HTTP/1.1\r\nHost: {}\r\nUser-Agent: aurum\r\nContent-Type: application/json\r\n\
         Content-Length: {}\r\nConnection: close\r\n",
        target.path,
        target.host,
        body.len()
    );
    if let Some(secret) = secret {
        head.push_str(&format!("{SIGNATURE_HEADER}: {}\r\n", sign(secret, body)));
    }
    head.push_str("\r\n");
    let io = |e: std::io::Error| format!("talking to {}: {e}", target.address);
    stream.write_all(head.as_bytes()).await.map_err(io)?;
    stream.write_all(body).await.map_err(io)?;
    let mut answer = Vec::new();
    // The status line is all we need; the receiver closes after its answer.
    let mut chunk = [0u8; 1024];
    while !answer.windows(2).any(|w| w == b"\r\n") && answer.len() < 8192 {
        let read = stream.read(&mut chunk).await.map_err(io)?;
        if read == 0 {
            break;
        }
        answer.extend_from_slice(&chunk[..read]);
    }
    let line = String::from_utf8_lossy(&answer);
    let line = line.lines().next().unwrap_or_default();
    match line
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse::<u16>().ok())
    {
        Some(status) if (200..300).contains(&status) => Ok(()),
        Some(_) => Err(format!("the receiver answered `{line}`")),
        None => Err("the receiver sent no HTTP status line".to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_signature_is_hmac_sha256_of_the_body_in_hex() {
        // RFC 4231, test case 2.
        assert_eq!(
            sign("Jefe", b"what do ya want for nothing?"),
            "sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
    }

    #[test]
    fn targets_default_to_port_80_and_the_root_path() {
        let target = Target::parse("http://127.0.0.1").unwrap();
        assert_eq!(
            (target.address.as_str(), target.path.as_str()),
            ("127.0.0.1:80", "/")
        );
        let target = Target::parse("http://127.0.0.1:8080/hooks/aurum").unwrap();
        assert_eq!(target.address, "127.0.0.1:8080");
        assert_eq!(target.path, "/hooks/aurum");
        assert!(Target::parse("https://example.net/").is_err());
    }

    #[tokio::test]
    async fn a_receiver_that_refuses_is_retried_then_reported() {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}/x", listener.local_addr().unwrap());
        let server = tokio::spawn(async move {
            for status in ["500 Internal Server Error", "503 Service Unavailable"] {
                let (mut socket, _) = listener.accept().await.unwrap();
                let mut buffer = [0u8; 4096];
                let _ = socket.read(&mut buffer).await;
                let reply = format!("HTTP/1.1 {status}\r\nContent-Length: 0\r\n\r\n");
                socket.write_all(reply.as_bytes()).await.unwrap();
            }
        });
        let error = post_with_retries(
            &url,
            b"{}",
            None,
            Duration::from_secs(5),
            1,
            Duration::from_millis(10),
        )
        .await
        .unwrap_err();
        assert!(error.contains("after 2 tries"), "{error}");
        assert!(error.contains("503"), "{error}");
        server.await.unwrap();
    }
}
