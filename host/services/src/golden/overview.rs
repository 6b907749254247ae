//! What the compliance overview reads on every view but changes only with the data: every
//! device's name (the pivot's rows for a user who sees all of them), the pivot's columns and
//! the totals of its bars. Each is kept in memory against the store's data versions
//! ([`aurum_store::DataVersions`]), which move in the transactions that change them in any
//! process, so a view costs one small query and the page's results instead of scanning
//! 10,000 devices and 200,000 results; a view after a write reads them again.

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

/// The kept copies, each with the version it was read at.
#[derive(Debug, Default)]
pub(super) struct OverviewCache {
    names: Mutex<Option<(i64, Arc<Vec<String>>)>>,
    /// Kept under the (devices, compliance) versions it was read at.
    summary: Mutex<Option<((i64, i64), Arc<Summary>)>>,
}

impl GoldenService {
    /// Every device's name in byte order (on both databases), as of `versions`.
    pub(super) async fn every_device_name(
        &self,
        versions: DataVersions,
    ) -> Result<Arc<Vec<String>>, ServiceError> {
        if let Some((at, names)) = &*self.overview.names.lock().expect("overview lock")
            && *at == versions.devices
        {
            return Ok(names.clone());
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
        if let Some((at, summary)) = &*self.overview.summary.lock().expect("overview lock")
            && *at == key
        {
            return Ok(summary.clone());
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
