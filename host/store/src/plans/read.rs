//! Reading plans back.

use super::{PlanRecord, PlanStatus};
use crate::error::QueryContext;
use crate::{Store, StoreError};

pub(super) const COLUMNS: &str = "id, device, plan_type, features, commands, status, change_control_id, \
     change_control_url, compliance_job, created_by, created_at, approved_by, approved_at, deploy_job, \
     pre_change, checkpoint, output, compliance_before, compliance_after, updated_at";

type Row = (
    (
        i64,
        String,
        String,
        String,
        String,
        String,
        String,
        String,
        Option<i64>,
        String,
    ),
    (
        i64,
        Option<String>,
        Option<i64>,
        Option<i64>,
        Option<String>,
        Option<String>,
        String,
        String,
        Option<String>,
        i64,
    ),
);

fn record(row: Row) -> Result<PlanRecord, StoreError> {
    let (a, b) = row;
    let status = PlanStatus::parse(&a.5).ok_or_else(|| StoreError::Corrupt {
        what: format!("status of plan {}", a.0),
        message: format!("`{}` is not a plan status", a.5),
    })?;
    Ok(PlanRecord {
        id: a.0,
        device: a.1,
        plan_type: a.2,
        features: a
            .3
            .split(',')
            .filter(|f| !f.is_empty())
            .map(String::from)
            .collect(),
        commands: a.4,
        status,
        change_control_id: a.6,
        change_control_url: a.7,
        compliance_job: a.8,
        created_by: a.9,
        created_at: b.0,
        approved_by: b.1,
        approved_at: b.2,
        deploy_job: b.3,
        pre_change: b.4,
        checkpoint: b.5,
        output: b.6,
        compliance_before: b.7,
        compliance_after: b.8,
        updated_at: b.9,
    })
}

/// sqlx reads tuples of at most 16 columns; a plan has 20, read as two halves.
fn split(row: &sqlx::any::AnyRow) -> Result<Row, sqlx::Error> {
    use sqlx::Row as _;
    Ok((
        (
            row.try_get(0)?,
            row.try_get(1)?,
            row.try_get(2)?,
            row.try_get(3)?,
            row.try_get(4)?,
            row.try_get(5)?,
            row.try_get(6)?,
            row.try_get(7)?,
            row.try_get(8)?,
            row.try_get(9)?,
        ),
        (
            row.try_get(10)?,
            row.try_get(11)?,
            row.try_get(12)?,
            row.try_get(13)?,
            row.try_get(14)?,
            row.try_get(15)?,
            row.try_get(16)?,
            row.try_get(17)?,
            row.try_get(18)?,
            row.try_get(19)?,
        ),
    ))
}

impl Store {
    /// One plan, or an error naming it and how to list them.
    pub async fn plan(&self, id: i64) -> Result<PlanRecord, StoreError> {
        let row = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {COLUMNS} FROM config_plans WHERE id = $1"
        )))
        .bind(id)
        .fetch_optional(&self.pool)
        .await
        .context("reading a plan")?
        .ok_or_else(|| StoreError::NotFound {
            what: "plan",
            name: id.to_string(),
            hint: "list the plans with `aurum plan list`".into(),
        })?;
        record(split(&row).context("reading a plan")?)
    }

    /// Plans, newest first, optionally of one status only.
    pub async fn plans(&self, status: Option<PlanStatus>) -> Result<Vec<PlanRecord>, StoreError> {
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {COLUMNS} FROM config_plans WHERE ($1 IS NULL OR status = $1) ORDER BY id DESC"
        )))
        .bind(status.map(PlanStatus::as_str))
        .fetch_all(&self.pool)
        .await
        .context("listing plans")?;
        rows.iter()
            .map(|row| record(split(row).context("listing plans")?))
            .collect()
    }

    /// The last compliance job that checked `device` (its results are the stored ones).
    pub async fn last_compliance_job(&self, device: &str) -> Result<Option<i64>, StoreError> {
        let (job,): (Option<i64>,) = sqlx::query_as(
            "SELECT MAX(j.id) FROM jobs j JOIN job_devices d ON d.job_id = j.id \
             WHERE j.kind = 'compliance' AND d.device = $1 AND d.status IN ('compliant', 'non-compliant')",
        )
        .bind(device)
        .fetch_one(&self.pool)
        .await
        .context("finding a device's last compliance job")?;
        Ok(job)
    }
}
