use std::path::Path;
use std::sync::{Arc, Once};
use std::time::Duration;

use sqlx::any::AnyPoolOptions;
use sqlx::migrate::Migrator;
use sqlx::{AnyConnection, AnyPool, AssertSqlSafe, Connection, Executor};

use crate::StoreError;
use crate::error::QueryContext;

static SQLITE_MIGRATIONS: Migrator = sqlx::migrate!("../../migrations/sqlite");
static POSTGRES_MIGRATIONS: Migrator = sqlx::migrate!("../../migrations/postgres");

/// Which database a store talks to; the rare query that differs asks this.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DbKind {
    Sqlite,
    Postgres,
}

impl DbKind {
    /// Tells the kind from a URL, or says which URLs are accepted.
    pub fn from_url(url: &str) -> Option<DbKind> {
        if url.starts_with("sqlite:") {
            Some(DbKind::Sqlite)
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Some(DbKind::Postgres)
        } else {
            None
        }
    }

    fn migrator(self) -> &'static Migrator {
        match self {
            DbKind::Sqlite => &SQLITE_MIGRATIONS,
            DbKind::Postgres => &POSTGRES_MIGRATIONS,
        }
    }
}

/// How to open a store; everything has a default.
#[derive(Debug, Clone)]
pub struct StoreOptions {
    pub max_connections: u32,
    pub connect_timeout: Duration,
    /// PostgreSQL only: the schema Aurum's tables live in (created if missing). Lets several
    /// installations, or parallel test runs, share one database.
    pub postgres_schema: Option<String>,
}

impl Default for StoreOptions {
    fn default() -> Self {
        Self {
            max_connections: 8,
            connect_timeout: Duration::from_secs(10),
            postgres_schema: None,
        }
    }
}

/// The handle every repository method hangs off. Cheap to clone (a pool and shared texts):
/// every service holds one, and the HTTP stack clones its state per request and connection.
#[derive(Debug, Clone)]
pub struct Store {
    pub(crate) pool: AnyPool,
    kind: DbKind,
    url: Arc<str>,
    /// The URL as given, password included; only for opening other pools on the same database.
    connect_url: ConnectUrl,
    postgres_schema: Option<Arc<str>>,
    /// This process's writer turn on the SQLite file (`write_tx`); unused on PostgreSQL.
    pub(crate) writer: Arc<tokio::sync::Mutex<()>>,
}

impl Store {
    /// The embedded default: `aurum.db` in the data directory, created with it if needed.
    pub async fn open_in_data_dir(
        data_dir: &Path,
        options: &StoreOptions,
    ) -> Result<Store, StoreError> {
        std::fs::create_dir_all(data_dir).map_err(|source| StoreError::DataDir {
            path: data_dir.display().to_string(),
            source,
        })?;
        let url = format!("sqlite://{}", data_dir.join("aurum.db").display());
        Store::open(&url, options).await
    }

    /// Connects, checks the schema is not newer than this binary, and runs pending migrations.
    pub async fn open(url: &str, options: &StoreOptions) -> Result<Store, StoreError> {
        static DRIVERS: Once = Once::new();
        DRIVERS.call_once(sqlx::any::install_default_drivers);

        let shown = aurum_config::mask_url_password(url);
        let kind = DbKind::from_url(url).ok_or_else(|| StoreError::Connect {
            url: shown.clone(),
            source: sqlx::Error::Configuration("expected a sqlite:// or postgres:// URL".into()),
        })?;
        refuse_unsupported_secrets(url, &shown)?;
        let connect_url = match kind {
            DbKind::Sqlite if !url.contains('?') => format!("{url}?mode=rwc"),
            _ => url.to_string(),
        };
        if let (DbKind::Postgres, Some(schema)) = (kind, &options.postgres_schema) {
            create_schema(&connect_url, schema, &shown).await?;
        }

        let schema = options.postgres_schema.clone();
        let pool = AnyPoolOptions::new()
            .max_connections(options.max_connections)
            .acquire_timeout(options.connect_timeout)
            .after_connect(move |conn, _meta| {
                let schema = schema.clone();
                Box::pin(async move { prepare_connection(conn, kind, schema.as_deref()).await })
            })
            .connect(&connect_url)
            .await
            .map_err(|source| StoreError::Connect {
                url: shown.clone(),
                source,
            })?;

        if kind == DbKind::Sqlite {
            // WAL lets readers (the web UI, reports) proceed while a job writes. The mode is
            // stored in the file, so setting it once per open is enough.
            pool.execute("PRAGMA journal_mode = WAL")
                .await
                .context("switching SQLite to WAL mode")?;
        }

        let store = Store {
            pool,
            kind,
            url: shown.into(),
            connect_url: ConnectUrl(url.into()),
            postgres_schema: options.postgres_schema.as_deref().map(Arc::from),
            writer: crate::write_tx::writer_turn(&connect_url),
        };
        store.check_schema_version().await?;
        kind.migrator()
            .run(&store.pool)
            .await
            .map_err(|source| StoreError::Migrate {
                url: store.url.to_string(),
                source,
            })?;
        tracing::debug!(url = %store.url, "store opened and migrated");
        Ok(store)
    }

    pub fn kind(&self) -> DbKind {
        self.kind
    }

    /// The URL with any password masked, for messages and logs.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The URL as configured, password included. Only for components that need their own pool
    /// on the same database (the job queue); never show or log it, use [`Store::url`].
    pub fn connect_url(&self) -> &str {
        &self.connect_url.0
    }

    /// PostgreSQL only: the schema Aurum's tables live in, when one is configured.
    pub fn postgres_schema(&self) -> Option<&str> {
        self.postgres_schema.as_deref()
    }

    /// Cheap liveness probe for `/readyz`.
    pub async fn ping(&self) -> Result<(), StoreError> {
        sqlx::query("SELECT 1")
            .execute(&self.pool)
            .await
            .context("checking the database connection")?;
        Ok(())
    }

    /// The newest migration applied to this database, if any.
    pub async fn schema_version(&self) -> Result<Option<i64>, StoreError> {
        // The migrations table does not exist in a brand-new database.
        let row: Result<(Option<i64>,), _> =
            sqlx::query_as("SELECT MAX(version) FROM _sqlx_migrations WHERE success = TRUE")
                .fetch_one(&self.pool)
                .await;
        Ok(row.ok().and_then(|(v,)| v))
    }

    /// The newest migration this binary knows.
    pub fn supported_schema_version(&self) -> i64 {
        self.kind
            .migrator()
            .iter()
            .map(|m| m.version)
            .max()
            .unwrap_or(0)
    }

    /// Refuses a database migrated by a newer Aurum: running old code on a new schema could
    /// write rows the newer version cannot read.
    async fn check_schema_version(&self) -> Result<(), StoreError> {
        let supported = self.supported_schema_version();
        match self.schema_version().await? {
            Some(found) if found > supported => Err(StoreError::SchemaTooNew {
                url: self.url.to_string(),
                found,
                supported,
            }),
            _ => Ok(()),
        }
    }

    /// Raw pool access for tests that must set up states the API cannot produce (such as a
    /// schema written by a newer Aurum).
    #[doc(hidden)]
    pub fn pool_for_tests(&self) -> AnyPool {
        self.pool.clone()
    }

    /// Closes every pooled connection; used before the process exits.
    pub async fn close(&self) {
        self.pool.close().await;
    }
}

/// The URL with its password, wrapped so that no `Debug` of the store can print it.
#[derive(Clone)]
struct ConnectUrl(Arc<str>);

impl std::fmt::Debug for ConnectUrl {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&aurum_config::mask_url_password(&self.0))
    }
}

/// libpq's `sslpassword` (the client key's passphrase) is unknown to sqlx, which would log
/// the parameter's value as "unrecognized"; refusing it keeps the passphrase out of the logs.
fn refuse_unsupported_secrets(url: &str, shown: &str) -> Result<(), StoreError> {
    if aurum_config::url_query_parameters(url)
        .iter()
        .any(|name| name == "sslpassword")
    {
        return Err(StoreError::Connect {
            url: shown.to_string(),
            source: sqlx::Error::Configuration(
                "`sslpassword` is not supported: use an unencrypted client key (`sslkey`) \
                 readable only by Aurum"
                    .into(),
            ),
        });
    }
    Ok(())
}

async fn prepare_connection(
    conn: &mut AnyConnection,
    kind: DbKind,
    schema: Option<&str>,
) -> Result<(), sqlx::Error> {
    match kind {
        // Statement journals (a multi-row statement inside a transaction keeps one) stay in
        // memory rather than in temporary files written and read back per statement.
        DbKind::Sqlite => {
            conn.execute(
                "PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000; PRAGMA synchronous = NORMAL; \
                 PRAGMA temp_store = MEMORY",
            )
            .await?;
        }
        DbKind::Postgres => {
            if let Some(schema) = schema {
                conn.execute(AssertSqlSafe(format!(
                    "SET search_path TO {}",
                    quote_ident(schema)
                )))
                .await?;
            }
        }
    }
    Ok(())
}

async fn create_schema(url: &str, schema: &str, shown: &str) -> Result<(), StoreError> {
    let mut conn = AnyConnection::connect(url)
        .await
        .map_err(|source| StoreError::Connect {
            url: shown.to_string(),
            source,
        })?;
    conn.execute(AssertSqlSafe(format!(
        "CREATE SCHEMA IF NOT EXISTS {}",
        quote_ident(schema)
    )))
    .await
    .context("creating the PostgreSQL schema")?;
    conn.close()
        .await
        .context("closing the set-up connection")?;
    Ok(())
}

fn quote_ident(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}
