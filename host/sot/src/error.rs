/// What can go wrong talking to a source of truth. Each message names the server or the
/// object and what to do next; nothing has been applied when one is returned.
#[derive(Debug, thiserror::Error)]
pub enum SotError {
    #[error("[sot.{source_name}] url `{url}` is not a usable URL: {reason}")]
    BadUrl {
        source_name: String,
        url: String,
        reason: String,
    },
    #[error("[sot.{source_name}] token: {message}")]
    Token {
        source_name: String,
        message: String,
    },
    #[error("[sot.{source_name}] ca_file {path}: {message}")]
    CaFile {
        source_name: String,
        path: String,
        message: String,
    },
    #[error(
        "cannot reach {url}: {message}; check [sot.{source_name}] url and that the server is up"
    )]
    Unreachable {
        source_name: String,
        url: String,
        message: String,
    },
    #[error(
        "{url} did not answer within {secs} s; raise [sot.{source_name}] timeout_secs or lower page_size"
    )]
    Timeout {
        source_name: String,
        url: String,
        secs: u64,
    },
    #[error(
        "{url} refused the token (HTTP {status}): {body}; check [sot.{source_name}] token and the token's permissions there"
    )]
    Unauthorized {
        source_name: String,
        url: String,
        status: u16,
        body: String,
    },
    #[error("{url} answered HTTP {status}: {body}")]
    Status {
        url: String,
        status: u16,
        body: String,
    },
    #[error("{url} answered with something other than the expected JSON: {message}")]
    Shape { url: String, message: String },
    #[error(
        "{url} pointed its next page at {next}, another server; refusing to send the token there"
    )]
    ForeignNextPage { url: String, next: String },
    #[error("{object}: {message}")]
    Object { object: String, message: String },
}
