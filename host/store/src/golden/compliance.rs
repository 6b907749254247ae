use serde::Serialize;

use crate::error::QueryContext;
use crate::{Store, StoreError};

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
    /// one query over the device index, however many devices the store holds.
    pub async fn compliance_of_devices(
        &self,
        devices: &[String],
    ) -> Result<Vec<(String, String, bool)>, StoreError> {
        if devices.is_empty() {
            return Ok(Vec::new());
        }
        let placeholders: Vec<String> = (1..=devices.len()).map(|i| format!("${i}")).collect();
        let sql = format!(
            "SELECT device, feature, compliant FROM compliance_results WHERE device IN ({}) \
             ORDER BY device, feature",
            placeholders.join(", ")
        );
        let mut query = sqlx::query_as::<_, (String, String, i64)>(sqlx::AssertSqlSafe(sql));
        for device in devices {
            query = query.bind(device);
        }
        let rows = query
            .fetch_all(&self.pool)
            .await
            .context("reading a page of the compliance overview")?;
        Ok(rows.into_iter().map(|(d, f, c)| (d, f, c != 0)).collect())
    }

    /// Per feature, over the results of every device in the inventory: `(feature, compliant,
    /// checked)`, sorted. Summed by the database: the overview's bars without reading each of
    /// (at 10,000 devices x 20 features) 200,000 results.
    pub async fn compliance_feature_totals(&self) -> Result<Vec<(String, i64, i64)>, StoreError> {
        sqlx::query_as(
            "SELECT c.feature, CAST(SUM(c.compliant) AS BIGINT), COUNT(*) \
             FROM compliance_results c JOIN devices d ON d.name = c.device \
             GROUP BY c.feature ORDER BY c.feature",
        )
        .fetch_all(&self.pool)
        .await
        .context("summing compliance per feature")
    }

    /// Over every device of the inventory with a result: `(checked devices, devices
    /// compliant in every feature checked)`.
    pub async fn compliance_device_totals(&self) -> Result<(i64, i64), StoreError> {
        sqlx::query_as(
            "SELECT COUNT(*), CAST(COALESCE(SUM(ok), 0) AS BIGINT) FROM ( \
               SELECT MIN(c.compliant) AS ok \
               FROM compliance_results c JOIN devices d ON d.name = c.device \
               GROUP BY c.device \
             ) per_device",
        )
        .fetch_one(&self.pool)
        .await
        .context("summing compliance per device")
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
