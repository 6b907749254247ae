//! Which command-log entries a view, an export or the statistics read: a filter (device,
//! user, time, outcome), a search, an order and a window. One WHERE clause serves the page,
//! its count and its statistics, so the three always agree.

use crate::DbKind;
use crate::sql_where::{self, Bind, Where};

/// The columns the log sorts by.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum LogSort {
    /// When the command ran (newest first unless reversed).
    #[default]
    At,
    Device,
    Username,
    Command,
    /// How long it took (longest first unless reversed).
    Duration,
}

impl LogSort {
    /// Every sort, in the order views offer them.
    pub const ALL: [LogSort; 5] = [
        LogSort::At,
        LogSort::Device,
        LogSort::Username,
        LogSort::Command,
        LogSort::Duration,
    ];

    /// The name views and the API use: `at`, `device`, `username`, `command`, `duration`.
    pub fn name(self) -> &'static str {
        match self {
            LogSort::At => "at",
            LogSort::Device => "device",
            LogSort::Username => "username",
            LogSort::Command => "command",
            LogSort::Duration => "duration",
        }
    }

    /// The sort of that name.
    pub fn parse(name: &str) -> Option<LogSort> {
        LogSort::ALL.into_iter().find(|sort| sort.name() == name)
    }

    /// Times and durations read best largest first; names A to Z.
    pub fn descending_by_default(self) -> bool {
        matches!(self, LogSort::At | LogSort::Duration)
    }

    fn column(self) -> &'static str {
        match self {
            LogSort::At => "at",
            LogSort::Device => "device",
            LogSort::Username => "username",
            LogSort::Command => "command",
            LogSort::Duration => "duration_ms",
        }
    }

    fn is_text(self) -> bool {
        matches!(self, LogSort::Device | LogSort::Username | LogSort::Command)
    }
}

/// Which log entries to read. `limit` is for views; exports leave it `None`. The default is
/// every entry, newest first.
#[derive(Debug, Clone, Default)]
pub struct CommandLogQuery {
    pub device: Option<String>,
    pub username: Option<String>,
    /// Only entries at or after this time, Unix epoch milliseconds.
    pub since_ms: Option<i64>,
    /// Only runs that succeeded (`Some(true)`) or that failed (`Some(false)`).
    pub success: Option<bool>,
    /// Only entries whose command, device or user contains this text, any ASCII case.
    pub q: Option<String>,
    pub sort: LogSort,
    /// `None` sorts in the column's own direction ([`LogSort::descending_by_default`]).
    pub descending: Option<bool>,
    pub offset: i64,
    pub limit: Option<i64>,
}

/// The query's WHERE clause and its values, in order.
pub(super) fn where_clause(query: &CommandLogQuery, kind: DbKind) -> Where {
    let mut filter = Where::default();
    filter.equals("device", query.device.clone().map(Bind::Text));
    filter.equals("username", query.username.clone().map(Bind::Text));
    filter.at_least("at", query.since_ms);
    filter.equals(
        "success",
        query.success.map(|s| Bind::Integer(i64::from(s))),
    );
    filter.contains(kind, &["command", "device", "username"], query.q.as_deref());
    filter
}

/// The query's ORDER BY, LIMIT and OFFSET; ties fall to the newest entry.
pub(super) fn order_and_window(query: &CommandLogQuery, kind: DbKind) -> String {
    let descending = query
        .descending
        .unwrap_or_else(|| query.sort.descending_by_default());
    let ties = match (query.sort, descending) {
        (LogSort::At, true) => "id DESC",
        (LogSort::At, false) => "id ASC",
        _ => "at DESC, id DESC",
    };
    sql_where::order_and_window(
        kind,
        query.sort.column(),
        query.sort.is_text(),
        descending,
        ties,
        query.offset,
        query.limit,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_filter_and_search_make_one_clause() {
        let query = CommandLogQuery {
            device: Some("r1".into()),
            success: Some(false),
            q: Some("ver".into()),
            ..CommandLogQuery::default()
        };
        let filter = where_clause(&query, DbKind::Sqlite);
        assert_eq!(
            filter.clause(),
            " WHERE device = $1 AND success = $2 AND (command LIKE $3 ESCAPE '\\' \
             OR device LIKE $3 ESCAPE '\\' OR username LIKE $3 ESCAPE '\\')"
        );
        assert_eq!(filter.binds[1], Bind::Integer(0));
    }

    #[test]
    fn each_column_sorts_its_own_way_unless_told() {
        let mut query = CommandLogQuery::default();
        assert_eq!(
            order_and_window(&query, DbKind::Sqlite),
            format!(" ORDER BY at DESC, id DESC LIMIT {} OFFSET 0", i64::MAX)
        );
        query.sort = LogSort::Device;
        query.limit = Some(50);
        query.offset = 100;
        assert_eq!(
            order_and_window(&query, DbKind::Postgres),
            " ORDER BY device COLLATE \"C\" ASC, at DESC, id DESC LIMIT 50 OFFSET 100"
        );
        query.descending = Some(true);
        assert!(order_and_window(&query, DbKind::Sqlite).starts_with(" ORDER BY device DESC"));
        assert_eq!(LogSort::parse("duration"), Some(LogSort::Duration));
        assert_eq!(LogSort::parse("output"), None);
    }
}
