//! Where device tasks wait: apalis storage beside Aurum's store. SQLite (the embedded default)
//! gets its own file in the data directory, because apalis keeps its own tables and migration
//! history that must not mix with Aurum's; PostgreSQL uses the store's database, with apalis's
//! tables in its own `apalis` schema and one queue per Aurum schema, so installations (and
//! parallel tests) that share a database never take each other's tasks.

use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

use apalis::prelude::TaskSink;
use apalis_postgres::PostgresStorage;
use apalis_sqlite::SqliteStorage;
use aurum_store::{DbKind, Store};
use sqlx::Executor;

use super::task::DeviceTask;
use crate::ServerError;

/// The queue's file beside the embedded store.
pub const SQLITE_QUEUE_FILE: &str = "queue.db";

/// How often an idle worker looks for new tasks; also how soon a task enqueued by another
/// process starts.
pub(crate) const POLL_INTERVAL: Duration = Duration::from_millis(200);

/// How often a worker tells the queue it is alive; a worker silent for three of these is
/// presumed dead and its tasks go back to the queue (where they find their job failed, or run).
const HEARTBEAT: Duration = Duration::from_secs(10);

/// The apalis storage of device tasks. Cheap to clone (a pool handle).
#[derive(Clone)]
pub(crate) enum Queue {
    Sqlite(SqliteStorage<DeviceTask>),
    Postgres(PostgresStorage<DeviceTask>),
}

impl Queue {
    /// Opens (creating and migrating) the queue that belongs to `store`. `batch` is how many
    /// tasks a worker takes at once: its concurrency, so idle workers elsewhere get the rest.
    pub(crate) async fn open(
        store: &Store,
        data_dir: &Path,
        batch: usize,
    ) -> Result<Queue, ServerError> {
        match store.kind() {
            DbKind::Sqlite => {
                let path = data_dir.join(SQLITE_QUEUE_FILE);
                let shown = path.display().to_string();
                let fail = |action, e: &dyn std::fmt::Display| queue_error(&shown, action, e);
                std::fs::create_dir_all(data_dir).map_err(|e| fail("creating its folder", &e))?;
                let options = apalis_sqlite::SqliteConnectOptions::new()
                    .filename(&path)
                    .create_if_missing(true)
                    .busy_timeout(Duration::from_secs(10));
                let pool = apalis_sqlite::SqlitePoolOptions::new()
                    .max_connections(4)
                    .connect_with(options)
                    .await
                    .map_err(|e| fail("opening", &e))?;
                // Two processes creating the queue at the same moment (a CLI job and a worker
                // on a fresh data directory) race on SQLite's unlocked migrations; the loser
                // finds the tables made on its next try.
                let mut attempt = 1;
                while let Err(error) = SqliteStorage::setup(&pool).await {
                    if attempt == 3 {
                        return Err(fail("migrating", &error));
                    }
                    attempt += 1;
                    tokio::time::sleep(Duration::from_millis(250)).await;
                }
                let config = apalis_sqlite::Config::default()
                    .queue(queue_name(store))
                    .batch_size(batch.max(1))
                    .heartbeat_interval(HEARTBEAT)
                    .missed_heartbeats(3);
                Ok(Queue::Sqlite(SqliteStorage::new(&pool).with_config(config)))
            }
            DbKind::Postgres => {
                let shown = store.url().to_string();
                let fail = |action, e: &dyn std::fmt::Display| queue_error(&shown, action, e);
                let options = apalis_postgres::PgConnectOptions::from_str(store.connect_url())
                    .map_err(|e| fail("reading the database URL", &e))?;
                migrate_postgres(options.clone())
                    .await
                    .map_err(|e| fail("migrating the `apalis` schema", &e))?;
                // apalis's types (hstore) live where its migrations put them: `apalis`, or
                // `public` when the extension was already there.
                let pool = sqlx::postgres::PgPoolOptions::new()
                    .max_connections(4)
                    .after_connect(|conn, _| {
                        Box::pin(async move {
                            conn.execute("SET search_path TO apalis, public")
                                .await
                                .map(|_| ())
                        })
                    })
                    .connect_with(options)
                    .await
                    .map_err(|e| fail("connecting", &e))?;
                let config = apalis_postgres::Config::default()
                    .queue(queue_name(store))
                    .batch_size(batch.max(1))
                    .heartbeat_interval(HEARTBEAT)
                    .missed_heartbeats(3);
                Ok(Queue::Postgres(
                    PostgresStorage::new(&pool).with_config(config),
                ))
            }
        }
    }

    /// Enqueues a job's device tasks.
    pub(crate) async fn push(&self, tasks: Vec<DeviceTask>) -> Result<(), ServerError> {
        match self {
            Queue::Sqlite(storage) => storage
                .clone()
                .push_bulk(tasks)
                .await
                .map_err(|e| queue_error("sqlite", "enqueuing device tasks", &e)),
            Queue::Postgres(storage) => storage
                .clone()
                .push_bulk(tasks)
                .await
                .map_err(|e| queue_error("postgres", "enqueuing device tasks", &e)),
        }
    }
}

/// One queue per store: Aurum's PostgreSQL schema, if any, is part of the name.
fn queue_name(store: &Store) -> String {
    match store.postgres_schema() {
        Some(schema) => format!("aurum-golden-devices:{schema}"),
        None => "aurum-golden-devices".to_string(),
    }
}

/// Runs apalis's migrations with their history in the `apalis` schema, apart from Aurum's
/// `_sqlx_migrations` (which would otherwise refuse versions it does not know).
async fn migrate_postgres(options: apalis_postgres::PgConnectOptions) -> Result<(), sqlx::Error> {
    let pool = sqlx::postgres::PgPoolOptions::new()
        .max_connections(1)
        .after_connect(|conn, _| {
            Box::pin(async move {
                conn.execute(
                    "SET client_min_messages TO warning; CREATE SCHEMA IF NOT EXISTS apalis; \
                     SET search_path TO apalis",
                )
                .await
                .map(|_| ())
            })
        })
        .connect_with(options)
        .await?;
    let result = PostgresStorage::<()>::migrations().run(&pool).await;
    pool.close().await;
    result.map_err(sqlx::Error::from)
}

fn queue_error(queue: &str, action: &'static str, error: &dyn std::fmt::Display) -> ServerError {
    ServerError::Queue {
        queue: queue.to_string(),
        action,
        message: error.to_string(),
    }
}
