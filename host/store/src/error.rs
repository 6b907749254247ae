/// What can go wrong between Aurum and its database. Each message says what to do next.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error(
        "cannot open the database at {url}: {source}; check [database] url in aurum.toml and that the server is running"
    )]
    Connect { url: String, source: sqlx::Error },
    #[error("cannot create the data directory {path}: {source}")]
    DataDir {
        path: String,
        source: std::io::Error,
    },
    #[error(
        "the database at {url} has schema version {found}, newer than this Aurum understands (up to {supported}); \
         upgrade Aurum, or point [database] url at another database"
    )]
    SchemaTooNew {
        url: String,
        found: i64,
        supported: i64,
    },
    #[error(
        "migrating the database at {url} failed: {source}; the failed migration was rolled back, fix the cause and start again"
    )]
    Migrate {
        url: String,
        source: sqlx::migrate::MigrateError,
    },
    #[error("database error while {context}: {source}")]
    Query {
        context: &'static str,
        source: sqlx::Error,
    },
    #[error("{0}")]
    ImportRejected(#[from] aurum_inventory::InventoryError),
    #[error("no {what} named `{name}`; {hint}")]
    NotFound {
        what: &'static str,
        name: String,
        hint: String,
    },
    #[error("a {what} named `{name}` already exists; {hint}")]
    AlreadyExists {
        what: &'static str,
        name: String,
        hint: String,
    },
    #[error("git repository {repo}: {action} failed: {message}")]
    Git {
        repo: String,
        action: String,
        message: String,
    },
    #[error("git remote {remote}: {message}; fix the remote's credentials in aurum.toml")]
    RemoteCredentials { remote: String, message: String },
    #[error("stored {what} is unreadable: {message}")]
    Corrupt { what: String, message: String },
    #[error("{what}: {message}")]
    Conflict { what: String, message: String },
}

/// Attaches what the store was doing to a database error.
pub(crate) trait QueryContext<T> {
    fn context(self, context: &'static str) -> Result<T, StoreError>;
}

impl<T> QueryContext<T> for Result<T, sqlx::Error> {
    fn context(self, context: &'static str) -> Result<T, StoreError> {
        self.map_err(|source| StoreError::Query { context, source })
    }
}
