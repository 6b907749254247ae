use futures_util::{Stream, StreamExt, TryStreamExt};
use serde::Serialize;

use crate::error::QueryContext;
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
}

/// Which log entries to read, newest first. `limit` is for views; exports leave it `None`.
#[derive(Debug, Clone, Default)]
pub struct CommandLogQuery {
    pub device: Option<String>,
    pub username: Option<String>,
    pub since_ms: Option<i64>,
    pub limit: Option<i64>,
}

/// Counts for `aurum log --stats`.
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

    /// The entries matching `query`, newest first, at most `query.limit` (the table view).
    pub async fn command_log(
        &self,
        query: &CommandLogQuery,
    ) -> Result<Vec<CommandLogEntry>, StoreError> {
        self.command_log_stream(query).try_collect().await
    }

    /// Every entry matching `query`, newest first, read as the caller consumes them: an export
    /// of a log of millions of rows never holds more than one in memory.
    pub fn command_log_stream<'a>(
        &'a self,
        query: &'a CommandLogQuery,
    ) -> impl Stream<Item = Result<CommandLogEntry, StoreError>> + Send + 'a {
        sqlx::query_as::<_, LogRow>(
            "SELECT at, username, device, command, kind, driver, transport, success, output, error, duration_ms \
             FROM command_log WHERE ($1 IS NULL OR device = $1) AND ($2 IS NULL OR username = $2) \
             AND at >= $3 ORDER BY at DESC, id DESC LIMIT $4",
        )
        .bind(&query.device)
        .bind(&query.username)
        .bind(query.since_ms.unwrap_or(0))
        .bind(query.limit.unwrap_or(i64::MAX))
        .fetch(&self.pool)
        .map(|row| row.context("reading the command log").map(entry_from_row))
    }

    pub async fn command_stats(&self, since_ms: Option<i64>) -> Result<CommandStats, StoreError> {
        let since = since_ms.unwrap_or(0);
        let (total, succeeded, devices, users): (i64, i64, i64, i64) = sqlx::query_as(
            "SELECT COUNT(*), COALESCE(CAST(SUM(success) AS BIGINT), 0), COUNT(DISTINCT device), COUNT(DISTINCT username) \
             FROM command_log WHERE at >= $1",
        )
        .bind(since)
        .fetch_one(&self.pool)
        .await
        .context("summarising the command log")?;
        let top_commands: Vec<(String, i64)> = sqlx::query_as(
            "SELECT command, COUNT(*) AS runs FROM command_log WHERE at >= $1 \
             GROUP BY command ORDER BY runs DESC, command LIMIT 10",
        )
        .bind(since)
        .fetch_all(&self.pool)
        .await
        .context("summarising the command log")?;
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

fn entry_from_row(r: LogRow) -> CommandLogEntry {
    CommandLogEntry {
        at: r.0,
        username: r.1,
        device: r.2,
        command: r.3,
        kind: r.4,
        driver: r.5,
        transport: r.6,
        success: r.7 != 0,
        output: r.8,
        error: r.9,
        duration_ms: r.10,
    }
}

impl CommandLogEntry {
    /// A new entry stamped now.
    pub fn now() -> i64 {
        now_millis()
    }
}
