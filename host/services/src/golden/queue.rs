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
use crate::ServiceError;

/// The queue's file beside the embedded store.
pub const SQLITE_QUEUE_FILE: &str = "queue.db";

/// How often an idle worker looks for new tasks; also how soon a task enqueued by another
/// process starts.
pub(crate) const POLL_INTERVAL: Duration = Duration::from_millis(200);

/// The apalis storage of device tasks, and its queue's name. Cheap to clone (a pool handle).
#[derive(Clone)]
pub(crate) struct Queue {
    name: String,
    pub(crate) storage: Storage,
}

/// apalis storage by database kind.
#[derive(Clone)]
pub(crate) enum Storage {
    Sqlite(SqliteStorage<DeviceTask>),
    Postgres(PostgresStorage<DeviceTask>),
}

impl Queue {
    /// Opens (creating and migrating) the queue that belongs to `store`. `batch` is how many
    /// tasks a worker takes at once: its concurrency, so idle workers elsewhere get the rest.
    /// A worker tells the queue it is alive every `heartbeat`; one silent for `lease` is
    /// presumed dead and its tasks go back to the queue, to run elsewhere.
    pub(crate) async fn open(
        store: &Store,
        data_dir: &Path,
        batch: usize,
        heartbeat: Duration,
        lease: Duration,
    ) -> Result<Queue, ServiceError> {
        let name = queue_name(store);
        let missed = usize::try_from(lease.as_secs().div_ceil(heartbeat.as_secs().max(1)))
            .unwrap_or(usize::MAX)
            .max(2);
        let storage = match store.kind() {
            DbKind::Sqlite => {
                let path = data_dir.join(SQLITE_QUEUE_FILE);
                let shown = path.display().to_string();
                let fail = |action, e: &dyn std::fmt::Display| queue_error(&shown, action, e);
                std::fs::create_dir_all(data_dir).map_err(|e| fail("creating its folder", &e))?;
                let options = apalis_sqlite::SqliteConnectOptions::new()
                    .filename(&path)
                    .create_if_missing(true)
                    .busy_timeout(Duration::from_secs(10));
                // One connection: every queue statement writes (fetch, lock, ack, heartbeat),
                // SQLite runs one writer at a time anyway, and a second connection would only
                // wait in SQLite's sleeping busy handler (or fail upgrading a read transaction)
                // while this process's tasks queue fairly for the one.
                let pool = apalis_sqlite::SqlitePoolOptions::new()
                    .max_connections(1)
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
                plan_acks_by_task_id(&pool)
                    .await
                    .map_err(|e| fail("tuning", &e))?;
                let config = apalis_sqlite::Config::default()
                    .queue(&name)
                    .batch_size(batch.max(1))
                    .heartbeat_interval(heartbeat)
                    .missed_heartbeats(missed);
                Storage::Sqlite(SqliteStorage::new(&pool).with_config(config))
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
                    .queue(&name)
                    .batch_size(batch.max(1))
                    .heartbeat_interval(heartbeat)
                    .missed_heartbeats(missed);
                Storage::Postgres(PostgresStorage::new(&pool).with_config(config))
            }
        };
        Ok(Queue { name, storage })
    }

    /// Enqueues a job's device tasks.
    pub(crate) async fn push(&self, tasks: Vec<DeviceTask>) -> Result<(), ServiceError> {
        match &self.storage {
            Storage::Sqlite(storage) => storage
                .clone()
                .push_bulk(tasks)
                .await
                .map_err(|e| queue_error("sqlite", "enqueuing device tasks", &e)),
            Storage::Postgres(storage) => storage
                .clone()
                .push_bulk(tasks)
                .await
                .map_err(|e| queue_error("postgres", "enqueuing device tasks", &e)),
        }
    }
}

impl Queue {
    /// Deletes this queue's tasks that finished more than `older_than` ago; the job and
    /// device rows in the store are the record, done tasks are only apalis's bookkeeping.
    /// Returns how many went.
    pub(crate) async fn tidy(&self, older_than: Duration) -> Result<u64, ServiceError> {
        let seconds = i64::try_from(older_than.as_secs()).unwrap_or(i64::MAX);
        let result = match &self.storage {
            Storage::Sqlite(storage) => {
                let cutoff = std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
                    - seconds;
                sqlx::query(
                    "DELETE FROM Jobs WHERE job_type = ?1 AND status IN ('Done', 'Killed') \
                     AND done_at < ?2",
                )
                .bind(&self.name)
                .bind(cutoff)
                .execute(storage.pool())
                .await
                .map(|r| r.rows_affected())
            }
            Storage::Postgres(storage) => sqlx::query(
                "DELETE FROM apalis.jobs WHERE job_type = $1 AND status IN ('Done', 'Killed') \
                 AND done_at < now() - make_interval(secs => $2)",
            )
            .bind(&self.name)
            .bind(seconds as f64)
            .execute(storage.pool())
            .await
            .map(|r| r.rows_affected()),
        };
        result.map_err(|e| queue_error("tasks", "deleting finished tasks", &e))
    }
}

/// Tells SQLite's planner what apalis's task table looks like in use: one worker locks
/// thousands of tasks, so its `lock_by` index says little. Without that statistic SQLite runs
/// apalis's acknowledgement through that index, visiting every task the worker ever locked
/// once per ack, which made a 10,000-device job quadratic; with it, tasks are looked up by id.
async fn plan_acks_by_task_id(pool: &apalis_sqlite::SqlitePool) -> Result<(), sqlx::Error> {
    let mut conn = pool.acquire().await?;
    sqlx::query("ANALYZE Jobs").execute(&mut *conn).await?;
    sqlx::query(
        "INSERT OR REPLACE INTO sqlite_stat1 (tbl, idx, stat) VALUES ('Jobs', 'LIdx', '1000000 1000000')",
    )
    .execute(&mut *conn)
    .await?;
    // The bundled SQLite keeps STAT4 samples too; with them it plans a statement again
    // whenever a bound value changes, so every ack of a new task id was parsed and planned
    // again (1.5 % of a backup job's samples). The one statistic above is all the planner needs.
    let stat4: Option<(i64,)> =
        sqlx::query_as("SELECT 1 FROM sqlite_schema WHERE name = 'sqlite_stat4'")
            .fetch_optional(&mut *conn)
            .await?;
    if stat4.is_some() {
        sqlx::query("DELETE FROM sqlite_stat4 WHERE tbl = 'Jobs'")
            .execute(&mut *conn)
            .await?;
    }
    // Reload the statistics into this connection; new connections read them when they open.
    sqlx::query("ANALYZE sqlite_schema")
        .execute(&mut *conn)
        .await?;
    Ok(())
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

fn queue_error(queue: &str, action: &'static str, error: &dyn std::fmt::Display) -> ServiceError {
    ServiceError::Queue {
        queue: queue.to_string(),
        action,
        message: error.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use aurum_store::StoreOptions;

    use super::*;
    use crate::golden::JobKind;

    fn task(device: &str) -> DeviceTask {
        DeviceTask {
            kind: JobKind::Backup,
            job: Some(1),
            devices: vec![device.into()],
            setting: "default".into(),
            reply: None,
            shared: None,
        }
    }

    /// Pushes two tasks, marks one done long ago, and tidies: only that one goes.
    async fn tidy_keeps_what_is_not_finished(
        store: &Store,
        data_dir: &Path,
        done: &'static str,
    ) -> Queue {
        let second = Duration::from_secs(1);
        let queue = Queue::open(store, data_dir, 1, second, 4 * second)
            .await
            .unwrap();
        queue.push(vec![task("r1"), task("r2")]).await.unwrap();
        let marked = match &queue.storage {
            Storage::Sqlite(storage) => sqlx::query(done)
                .bind(&queue.name)
                .execute(storage.pool())
                .await
                .unwrap()
                .rows_affected(),
            Storage::Postgres(storage) => sqlx::query(done)
                .bind(&queue.name)
                .execute(storage.pool())
                .await
                .unwrap()
                .rows_affected(),
        };
        assert_eq!(marked, 1);
        assert_eq!(queue.tidy(Duration::from_secs(60)).await.unwrap(), 1);
        assert_eq!(queue.tidy(Duration::from_secs(60)).await.unwrap(), 0);
        queue
    }

    #[tokio::test]
    async fn finished_tasks_are_tidied_on_sqlite() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open_in_data_dir(dir.path(), &StoreOptions::default())
            .await
            .unwrap();
        let _queue = tidy_keeps_what_is_not_finished(
            &store,
            dir.path(),
            "UPDATE Jobs SET status = 'Done', done_at = 0 \
             WHERE id = (SELECT MIN(id) FROM Jobs WHERE job_type = ?1)",
        )
        .await;
        assert!(dir.path().join(SQLITE_QUEUE_FILE).is_file());
    }

    #[tokio::test]
    async fn finished_tasks_are_tidied_on_postgres_in_the_stores_own_queue() {
        let url = std::env::var("AURUM_TEST_POSTGRES_URL")
            .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/test".to_string());
        let schema = format!("aurum_queue_test_{}", std::process::id());
        let dir = tempfile::tempdir().unwrap();
        let options = StoreOptions {
            postgres_schema: Some(schema.clone()),
            ..StoreOptions::default()
        };
        let store = Store::open(&url, &options).await.unwrap();
        assert_eq!(queue_name(&store), format!("aurum-golden-devices:{schema}"));
        let queue = tidy_keeps_what_is_not_finished(
            &store,
            dir.path(),
            "UPDATE apalis.jobs SET status = 'Done', done_at = now() - interval '1 day' \
             WHERE id = (SELECT MIN(id) FROM apalis.jobs WHERE job_type = $1)",
        )
        .await;
        // apalis's tables are shared by every schema: remove this test's queue, then its schema.
        if let Storage::Postgres(storage) = &queue.storage {
            sqlx::query("DELETE FROM apalis.jobs WHERE job_type = $1")
                .bind(&queue.name)
                .execute(storage.pool())
                .await
                .unwrap();
        }
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "DROP SCHEMA \"{schema}\" CASCADE"
        )))
        .execute(&store.pool_for_tests())
        .await
        .unwrap();
    }
}
