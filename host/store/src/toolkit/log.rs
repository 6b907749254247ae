use futures_util::{Stream, StreamExt, TryStreamExt};
use serde::Serialize;
use sqlx::AssertSqlSafe;

use super::log_query::{CommandLogQuery, order_and_window, where_clause};
use crate::error::QueryContext;
use crate::sql_where::Bind;
use crate::time::now_millis;
use crate::{Store, StoreError};

/// One command sent to a device, or refused before it was sent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CommandLogEntry {
    /// Unix epoch milliseconds.
    pub at: i64,
    pub username: String,
    pub device: String,
    /// The final text after variable substitution.
    pub command: String,
    pub kind: String,
    pub driver: String,
    /// `russh`, `openssh`, or `none` when refused before connecting.
    pub transport: String,
    pub success: bool,
    pub output: String,
    pub error: String,
    pub duration_ms: i64,
    /// The entry's number in the log, for its own page; 0 until it is written. Last, so an
    /// export's columns keep their places.
    pub id: i64,
}

/// Counts of the entries a query's filter matches (`aurum log --stats`, the log page).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct CommandStats {
    pub total: i64,
    pub succeeded: i64,
    pub failed: i64,
    pub devices: i64,
    pub users: i64,
    /// The most-run commands with their counts.
    pub top_commands: Vec<(String, i64)>,
}

type LogRow = (
    i64,
    i64,
    String,
    String,
    String,
    String,
    String,
    String,
    i64,
    String,
    String,
    i64,
);

impl Store {
    pub async fn log_command(&self, entry: &CommandLogEntry) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO command_log (at, username, device, command, kind, driver, transport, success, output, error, duration_ms) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
        )
        .bind(entry.at)
        .bind(&entry.username)
        .bind(&entry.device)
        .bind(&entry.command)
        .bind(&entry.kind)
        .bind(&entry.driver)
        .bind(&entry.transport)
        .bind(i64::from(entry.success))
        .bind(&entry.output)
        .bind(&entry.error)
        .bind(entry.duration_ms)
        .execute(&self.pool)
        .await
        .context("writing the command log")?;
        Ok(())
    }

    /// The entries matching `query`, in its order and window (the table view).
    pub async fn command_log(
        &self,
        query: &CommandLogQuery,
    ) -> Result<Vec<CommandLogEntry>, StoreError> {
        self.command_log_stream(query).try_collect().await
    }

    /// Every entry matching `query`, in its order and window, read as the caller consumes
    /// them: an export of a log of millions of rows never holds more than one in memory.
    pub fn command_log_stream<'a>(
        &'a self,
        query: &'a CommandLogQuery,
    ) -> impl Stream<Item = Result<CommandLogEntry, StoreError>> + Send + 'a {
        let filter = where_clause(query, self.kind());
        let clause = filter.clause();
        let sql = format!(
            "SELECT {LOG_COLUMNS} FROM command_log{clause}{}",
            order_and_window(query, self.kind())
        );
        let mut select = sqlx::query_as::<_, LogRow>(AssertSqlSafe(sql));
        for value in filter.binds {
            select = match value {
                Bind::Text(text) => select.bind(text),
                Bind::Integer(number) => select.bind(number),
            };
        }
        select
            .fetch(&self.pool)
            .map(|row| row.context("reading the command log").map(entry_from_row))
    }

    /// How many entries `query`'s filter and search match (its order and window aside).
    pub async fn command_log_count(&self, query: &CommandLogQuery) -> Result<i64, StoreError> {
        Ok(self.command_stats(query).await?.total)
    }

    /// The entry numbered `id`; a number not in the log is a [`StoreError::NotFound`].
    pub async fn command_log_entry(&self, id: i64) -> Result<CommandLogEntry, StoreError> {
        let row = sqlx::query_as::<_, LogRow>(AssertSqlSafe(format!(
            "SELECT {LOG_COLUMNS} FROM command_log WHERE id = $1"
        )))
        .bind(id)
        .fetch_optional(&self.pool)
        .await
        .context("reading a command log entry")?;
        row.map(entry_from_row).ok_or_else(|| StoreError::NotFound {
            what: "command log entry",
            name: id.to_string(),
            hint: "the command log page lists the entries".to_string(),
        })
    }

    /// Counts of runs, failures, devices and users, and the most-run commands, among the
    /// entries `query`'s filter and search match. Over the whole log each count is its own
    /// query, reading its column's index (migration 0019) rather than every row with its
    /// output; a filtered log is read once for all of them.
    pub async fn command_stats(&self, query: &CommandLogQuery) -> Result<CommandStats, StoreError> {
        const CONTEXT: &str = "summarising the command log";
        let filter = where_clause(query, self.kind());
        let clause = filter.clause();
        let bound = |select: String| {
            let mut counting = sqlx::query_as::<_, (i64, i64, i64, i64)>(AssertSqlSafe(select));
            for value in filter.binds.iter().cloned() {
                counting = match value {
                    Bind::Text(text) => counting.bind(text),
                    Bind::Integer(number) => counting.bind(number),
                };
            }
            counting.fetch_one(&self.pool)
        };
        let (total, succeeded, devices, users) = if clause.is_empty() {
            // The whole log: each count from its column's index, at once.
            let count = |what: &str| bound(format!("SELECT {what}, 0, 0, 0 FROM command_log"));
            let ((total, ..), (succeeded, ..), (devices, ..), (users, ..)) = tokio::try_join!(
                count("COUNT(*)"),
                count("COALESCE(CAST(SUM(success) AS BIGINT), 0)"),
                count("COUNT(DISTINCT device)"),
                count("COUNT(DISTINCT username)"),
            )
            .context(CONTEXT)?;
            (total, succeeded, devices, users)
        } else {
            // A filter or search reads its rows once, for every count.
            bound(format!(
                "SELECT COUNT(*), COALESCE(CAST(SUM(success) AS BIGINT), 0), \
                 COUNT(DISTINCT device), COUNT(DISTINCT username) FROM command_log{clause}"
            ))
            .await
            .context(CONTEXT)?
        };
        let mut top = sqlx::query_as::<_, (String, i64)>(AssertSqlSafe(format!(
            "SELECT command, COUNT(*) AS runs FROM command_log{clause} \
             GROUP BY command ORDER BY runs DESC, command LIMIT 10"
        )));
        for value in filter.binds {
            top = match value {
                Bind::Text(text) => top.bind(text),
                Bind::Integer(number) => top.bind(number),
            };
        }
        let top_commands = top.fetch_all(&self.pool).await.context(CONTEXT)?;
        Ok(CommandStats {
            total,
            succeeded,
            failed: total - succeeded,
            devices,
            users,
            top_commands,
        })
    }
}

/// The columns of a [`LogRow`], in its order.
const LOG_COLUMNS: &str = "id, at, username, device, command, kind, driver, transport, success, output, error, duration_ms";

fn entry_from_row(r: LogRow) -> CommandLogEntry {
    CommandLogEntry {
        id: r.0,
        at: r.1,
        username: r.2,
        device: r.3,
        command: r.4,
        kind: r.5,
        driver: r.6,
        transport: r.7,
        success: r.8 != 0,
        output: r.9,
        error: r.10,
        duration_ms: r.11,
    }
}

impl CommandLogEntry {
    /// A new entry stamped now.
    pub fn now() -> i64 {
        now_millis()
    }
}
