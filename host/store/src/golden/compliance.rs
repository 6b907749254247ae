use serde::Serialize;

use crate::error::QueryContext;
use crate::{DbKind, Store, StoreError};

/// The compliance overview's totals over the inventory's devices.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ComplianceTotals {
    /// `(feature, compliant devices, checked devices)`, by feature.
    pub features: Vec<(String, usize, usize)>,
    pub checked_devices: usize,
    /// Devices compliant in every feature they were checked for.
    pub compliant_devices: usize,
}

/// One feature's compliance on one device.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ComplianceRow {
    pub device: String,
    pub feature: String,
    pub platform: String,
    pub compliant: bool,
    pub ordered: bool,
    pub missing: String,
    pub extra: String,
    pub actual: String,
    pub intended: String,
    pub remediation: String,
}

type Row = (
    String,
    String,
    String,
    i64,
    i64,
    String,
    String,
    String,
    String,
    String,
);

impl Store {
    /// The devices × features pivot: (device, feature, compliant) for every stored result, in
    /// one query over the (feature, compliant) index.
    pub async fn compliance_pivot(&self) -> Result<Vec<(String, String, bool)>, StoreError> {
        let rows: Vec<(String, String, i64)> = sqlx::query_as(
            "SELECT device, feature, compliant FROM compliance_results ORDER BY device, feature",
        )
        .fetch_all(&self.pool)
        .await
        .context("reading the compliance overview")?;
        Ok(rows.into_iter().map(|(d, f, c)| (d, f, c != 0)).collect())
    }

    /// The (device, feature, compliant) results of these devices only: one page of the pivot,
    /// one query over the device index, however many devices the store holds. The database
    /// folds each device's results into one JSON row: rows cross from SQLite's thread one at a
    /// time, so a page of 50 devices x 20 features is 50 of them, not 1,000.
    pub async fn compliance_of_devices(
        &self,
        devices: &[String],
    ) -> Result<Vec<(String, String, bool)>, StoreError> {
        if devices.is_empty() {
            return Ok(Vec::new());
        }
        let placeholders: Vec<String> = (1..=devices.len()).map(|i| format!("${i}")).collect();
        let folded = match self.kind() {
            DbKind::Sqlite => "json_group_array(json_array(feature, compliant))",
            DbKind::Postgres => "CAST(json_agg(json_build_array(feature, compliant)) AS TEXT)",
        };
        let sql = format!(
            "SELECT device, {folded} FROM compliance_results WHERE device IN ({}) GROUP BY device",
            placeholders.join(", ")
        );
        let mut query = sqlx::query_as::<_, (String, String)>(sqlx::AssertSqlSafe(sql));
        for device in devices {
            query = query.bind(device);
        }
        let rows = query
            .fetch_all(&self.pool)
            .await
            .context("reading a page of the compliance overview")?;
        let mut results = Vec::with_capacity(rows.len() * 20);
        for (device, features) in rows {
            let features: Vec<(String, i64)> = serde_json::from_str(&features)
                .map_err(|e| sqlx::Error::Decode(Box::new(e)))
                .context("reading a page of the compliance overview")?;
            results.extend(
                features
                    .into_iter()
                    .map(|(feature, compliant)| (device.clone(), feature, compliant != 0)),
            );
        }
        results.sort_unstable_by(|a, b| (&a.0, &a.1).cmp(&(&b.0, &b.1)));
        Ok(results)
    }

    /// Per feature, over the results of every device in the inventory: `(feature, compliant,
    /// checked)`, sorted; and `(checked devices, devices compliant in every feature checked)`.
    /// Summed by the database, without joining 200,000 results (10,000 devices x 20 features)
    /// to the devices: everything is summed from the indexes, then the results of devices no
    /// longer in the inventory (kept as history) are taken off.
    pub async fn compliance_totals(&self) -> Result<ComplianceTotals, StoreError> {
        let mut features: Vec<(String, i64, i64)> = sqlx::query_as(
            "SELECT feature, CAST(SUM(compliant) AS BIGINT), COUNT(*) FROM compliance_results \
             GROUP BY feature ORDER BY feature",
        )
        .fetch_all(&self.pool)
        .await
        .context("summing compliance per feature")?;
        // Counted from a DISTINCT walk of the primary key: `COUNT(DISTINCT device)` builds a
        // temporary b-tree instead (SQLite, 1.5 s at 1,000,000 results against 74 ms).
        let (checked,): (i64,) = sqlx::query_as(
            "SELECT COUNT(*) FROM (SELECT DISTINCT device FROM compliance_results) d",
        )
        .fetch_one(&self.pool)
        .await
        .context("counting checked devices")?;
        let failing: Vec<(String,)> =
            sqlx::query_as("SELECT DISTINCT device FROM compliance_results WHERE compliant = 0")
                .fetch_all(&self.pool)
                .await
                .context("listing non-compliant devices")?;
        let gone: Vec<(String,)> = sqlx::query_as(
            "SELECT device FROM compliance_results GROUP BY device \
             EXCEPT SELECT name FROM devices",
        )
        .fetch_all(&self.pool)
        .await
        .context("listing results of devices no longer in the inventory")?;
        let gone: std::collections::HashSet<String> = gone.into_iter().map(|(d,)| d).collect();
        if !gone.is_empty() {
            let names: Vec<String> = gone.iter().cloned().collect();
            for chunk in names.chunks(500) {
                for (_, feature, compliant) in self.compliance_of_devices(chunk).await? {
                    if let Some(total) = features.iter_mut().find(|(f, _, _)| *f == feature) {
                        total.1 -= i64::from(compliant);
                        total.2 -= 1;
                    }
                }
            }
            features.retain(|(_, _, checked)| *checked > 0);
        }
        let failing = failing.iter().filter(|(d,)| !gone.contains(d)).count();
        let checked = usize::try_from(checked).unwrap_or_default() - gone.len();
        Ok(ComplianceTotals {
            features: features
                .into_iter()
                .map(|(feature, compliant, checked)| {
                    let count = |n: i64| usize::try_from(n).unwrap_or_default();
                    (feature, count(compliant), count(checked))
                })
                .collect(),
            checked_devices: checked,
            compliant_devices: checked - failing,
        })
    }

    /// Every feature with a stored result, sorted: the pivot's columns. Walked through the
    /// `(feature, compliant)` index one feature at a time (a loose index scan, which neither
    /// database does for `DISTINCT` itself), so 20 features over 200,000 results cost 20
    /// index seeks, not a scan of every result on every pivot request.
    pub async fn compliance_features(&self) -> Result<Vec<String>, StoreError> {
        let rows: Vec<(String,)> = sqlx::query_as(
            "WITH RECURSIVE f (feature) AS ( \
               SELECT MIN(feature) FROM compliance_results \
               UNION ALL \
               SELECT (SELECT MIN(c.feature) FROM compliance_results c WHERE c.feature > f.feature) \
               FROM f WHERE f.feature IS NOT NULL \
             ) SELECT feature FROM f WHERE feature IS NOT NULL ORDER BY feature",
        )
        .fetch_all(&self.pool)
        .await
        .context("listing compliance features")?;
        Ok(rows.into_iter().map(|(f,)| f).collect())
    }

    /// Every result of one device, optionally one feature.
    pub async fn device_compliance(
        &self,
        device: &str,
        feature: Option<&str>,
    ) -> Result<Vec<ComplianceRow>, StoreError> {
        let rows: Vec<Row> = sqlx::query_as(
            "SELECT device, feature, platform, compliant, ordered, missing, extra, actual, intended, remediation \
             FROM compliance_results WHERE device = $1 AND ($2 IS NULL OR feature = $2) ORDER BY feature",
        )
        .bind(device)
        .bind(feature)
        .fetch_all(&self.pool)
        .await
        .context("reading a device's compliance")?;
        Ok(rows
            .into_iter()
            .map(|r| ComplianceRow {
                device: r.0,
                feature: r.1,
                platform: r.2,
                compliant: r.3 != 0,
                ordered: r.4 != 0,
                missing: r.5,
                extra: r.6,
                actual: r.7,
                intended: r.8,
                remediation: r.9,
            })
            .collect())
    }
}
