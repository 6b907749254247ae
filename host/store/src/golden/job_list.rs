//! The jobs list read by the database: filtered by kind and status, searched on who started
//! it and its scope, sorted by any column and cut to one page, with the count of all that
//! match.

use sqlx::AssertSqlSafe;

use super::jobs::{JOB_COLUMNS, JobRow, job_from_row};
use crate::error::QueryContext;
use crate::sql_where::{Bind, Where, order_and_window};
use crate::{JobRecord, JobStatus, Store, StoreError};

/// The columns the jobs list sorts by.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum JobSort {
    /// When it started (newest first unless reversed).
    #[default]
    Started,
    Kind,
    Status,
    /// Who started it.
    User,
}

impl JobSort {
    /// Every sort, in the order views offer them.
    pub const ALL: [JobSort; 4] = [
        JobSort::Started,
        JobSort::Kind,
        JobSort::Status,
        JobSort::User,
    ];

    /// The name views use: `started`, `kind`, `status`, `user`.
    pub fn name(self) -> &'static str {
        match self {
            JobSort::Started => "started",
            JobSort::Kind => "kind",
            JobSort::Status => "status",
            JobSort::User => "user",
        }
    }

    pub fn parse(name: &str) -> Option<JobSort> {
        JobSort::ALL.into_iter().find(|sort| sort.name() == name)
    }

    /// The newest job reads best first; names A to Z.
    pub fn descending_by_default(self) -> bool {
        self == JobSort::Started
    }

    fn column(self) -> &'static str {
        match self {
            JobSort::Started => "id",
            JobSort::Kind => "kind",
            JobSort::Status => "status",
            JobSort::User => "started_by",
        }
    }
}

/// Which jobs a list page shows. The default is every job, newest first.
#[derive(Debug, Clone, Default)]
pub struct JobQuery {
    /// `backup`, `intended`, `compliance`, `deploy`, …
    pub kind: Option<String>,
    pub status: Option<JobStatus>,
    /// Jobs whose starter or scope contains this text, any ASCII case.
    pub q: Option<String>,
    pub sort: JobSort,
    /// `None` sorts in the column's own direction ([`JobSort::descending_by_default`]).
    pub descending: Option<bool>,
    pub offset: i64,
    pub limit: Option<i64>,
}

impl Store {
    /// One page of the jobs `query` matches, and how many match in all.
    pub async fn job_page(&self, query: &JobQuery) -> Result<(i64, Vec<JobRecord>), StoreError> {
        let mut filter = Where::default();
        filter.equals("kind", query.kind.clone().map(Bind::Text));
        filter.equals(
            "status",
            query
                .status
                .map(|status| Bind::Text(status.as_str().to_string())),
        );
        filter.contains(self.kind(), &["started_by", "scope"], query.q.as_deref());
        let clause = filter.clause();
        let descending = query
            .descending
            .unwrap_or_else(|| query.sort.descending_by_default());
        // Ties (and the started order itself, the id) fall to the newest job.
        let ties = "id DESC";
        let window = order_and_window(
            self.kind(),
            query.sort.column(),
            query.sort != JobSort::Started,
            descending,
            ties,
            query.offset,
            query.limit,
        );
        let mut count = sqlx::query_as::<_, (i64,)>(AssertSqlSafe(format!(
            "SELECT COUNT(*) FROM jobs{clause}"
        )));
        let mut page = sqlx::query_as::<_, JobRow>(AssertSqlSafe(format!(
            "SELECT {JOB_COLUMNS} FROM jobs{clause}{window}"
        )));
        for value in filter.binds {
            (count, page) = match value {
                Bind::Text(text) => (count.bind(text.clone()), page.bind(text)),
                Bind::Integer(number) => (count.bind(number), page.bind(number)),
            };
        }
        let (total,) = count.fetch_one(&self.pool).await.context("counting jobs")?;
        let rows = page.fetch_all(&self.pool).await.context("listing jobs")?;
        Ok((total, rows.into_iter().map(job_from_row).collect()))
    }
}
