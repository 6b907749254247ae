//! Webhook hooks: the event POSTed as JSON over HTTP or HTTPS, its body signed with the
//! hook's shared secret (HMAC-SHA256, as GitHub's webhooks are: `X-Aurum-Signature:
//! sha256=HEX`), so a receiver can tell Aurum sent it. A failed try (no connection, a timeout,
//! a status other than 2xx) is retried with doubling waits.

use std::time::Duration;

use aurum_http_client::HttpClient;
use hmac::{KeyInit, Mac};

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
    client: &HttpClient,
    url: &str,
    body: &[u8],
    secret: Option<&str>,
    retries: u32,
    base: Duration,
) -> Result<(), String> {
    if !(url.starts_with("http://") || url.starts_with("https://")) {
        return Err(format!("`{url}`: a webhook is an http:// or https:// URL"));
    }
    let signature = secret.map(|secret| sign(secret, body));
    let mut headers = vec![("Content-Type", "application/json")];
    if let Some(signature) = &signature {
        headers.push((SIGNATURE_HEADER, signature.as_str()));
    }
    let mut wait = base;
    let mut attempt = 0;
    loop {
        let result = match client.send("POST", url, &headers, body.to_vec()).await {
            Ok(answer) if (200..300).contains(&answer.status) => Ok(()),
            Ok(answer) => Err(format!("the receiver answered HTTP {}", answer.status)),
            Err(error) => Err(error.to_string()),
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

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    #[test]
    fn the_signature_is_hmac_sha256_of_the_body_in_hex() {
        // RFC 4231, test case 2.
        assert_eq!(
            sign("Jefe", b"what do ya want for nothing?"),
            "sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
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
        let client = HttpClient::new(None, Duration::from_secs(5)).unwrap();
        let error = post_with_retries(&client, &url, b"{}", None, 1, Duration::from_millis(10))
            .await
            .unwrap_err();
        assert!(error.contains("after 2 tries"), "{error}");
        assert!(error.contains("503"), "{error}");
        server.await.unwrap();
    }
}
