//! What the compliance overview reads on every view but changes only with the data: every
//! device's name (the pivot's rows for a user who sees all of them), the pivot's columns and
//! the totals of its bars. Each is kept in memory against the store's data versions
//! ([`aurum_store::DataVersions`]), which move in the transactions that change them in any
//! process, so a view costs one small query and the page's results instead of scanning
//! 10,000 devices and 200,000 results; a view after a write reads them again. Views that
//! arrive together at a new version (a page asks for the pivot and its totals at once, and
//! several users open it after a job) wait for one read instead of each scanning the tables.

use std::sync::{Arc, Mutex};

use aurum_store::{ComplianceTotals, DataVersions};

use super::GoldenService;
use crate::ServiceError;

/// The compliance side of the overview at one pair of versions.
#[derive(Debug)]
pub(super) struct Summary {
    /// Every feature with a stored result, sorted: the pivot's columns.
    pub features: Vec<String>,
    pub totals: ComplianceTotals,
}

/// The (devices, compliance) data versions a summary was read at.
type SummaryKey = (i64, i64);

/// The kept copies, each with the version it was read at.
#[derive(Debug, Default)]
pub(super) struct OverviewCache {
    names: Mutex<Option<(i64, Arc<Vec<String>>)>>,
    /// Kept under the (devices, compliance) versions it was read at.
    summary: Mutex<Option<(SummaryKey, Arc<Summary>)>>,
    /// Held while the names are read from the database.
    reading_names: tokio::sync::Mutex<()>,
    /// Held while the summary is read from the database.
    reading_summary: tokio::sync::Mutex<()>,
}

impl OverviewCache {
    fn names_at(&self, devices: i64) -> Option<Arc<Vec<String>>> {
        match &*self.names.lock().expect("overview lock") {
            Some((at, names)) if *at == devices => Some(names.clone()),
            _ => None,
        }
    }

    fn summary_at(&self, key: (i64, i64)) -> Option<Arc<Summary>> {
        match &*self.summary.lock().expect("overview lock") {
            Some((at, summary)) if *at == key => Some(summary.clone()),
            _ => None,
        }
    }
}

impl GoldenService {
    /// Every device's name in byte order (on both databases), as of `versions`.
    pub(super) async fn every_device_name(
        &self,
        versions: DataVersions,
    ) -> Result<Arc<Vec<String>>, ServiceError> {
        if let Some(names) = self.overview.names_at(versions.devices) {
            return Ok(names);
        }
        let _reading = self.overview.reading_names.lock().await;
        if let Some(names) = self.overview.names_at(versions.devices) {
            return Ok(names);
        }
        // Read after the versions: what is kept is at least as new as the version it is
        // kept under, so a write in between only costs one more read.
        let mut names = self.store.device_names().await?;
        names.sort_unstable();
        let names = Arc::new(names);
        *self.overview.names.lock().expect("overview lock") =
            Some((versions.devices, names.clone()));
        Ok(names)
    }

    /// The pivot's columns and the totals over the inventory's devices, as of `versions`.
    pub(super) async fn summary(
        &self,
        versions: DataVersions,
    ) -> Result<Arc<Summary>, ServiceError> {
        let key = (versions.devices, versions.compliance);
        if let Some(summary) = self.overview.summary_at(key) {
            return Ok(summary);
        }
        let _reading = self.overview.reading_summary.lock().await;
        if let Some(summary) = self.overview.summary_at(key) {
            return Ok(summary);
        }
        let (features, totals) = tokio::try_join!(
            self.store.compliance_features(),
            self.store.compliance_totals()
        )?;
        let summary = Arc::new(Summary { features, totals });
        *self.overview.summary.lock().expect("overview lock") = Some((key, summary.clone()));
        Ok(summary)
    }
}
