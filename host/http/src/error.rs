use std::net::SocketAddr;

use aurum_services::ServiceError;

/// Why the HTTP app could not serve, or why a request failed: a service's refusal keeps its
/// message (see `response.rs` for its status).
#[derive(Debug, thiserror::Error)]
pub enum HttpError {
    #[error(
        "cannot listen on {addr}: {source}; is another process using the port? Pick another with --listen or [server] listen"
    )]
    Bind {
        addr: SocketAddr,
        source: std::io::Error,
    },
    #[error("the HTTP server stopped: {0}")]
    Serve(std::io::Error),
    #[error(transparent)]
    Service(#[from] ServiceError),
    /// A request the client must change (a malformed parameter or body): 400 with the reason.
    #[error("{0}")]
    BadRequest(String),
}
