//! The compliance pivot, Nautobot's overview: devices × features, one page of devices at a
//! time, filterable like the device list. Only the page's devices' results are read; for a
//! user who sees every device the names, the columns and the totals come from the copies
//! kept against the data versions (`overview`), so a page costs about the same at 100
//! devices as at 10,000.

use std::collections::BTreeMap;

use serde::Serialize;

use aurum_inventory::DeviceFilter;

use super::GoldenService;
use crate::ServiceError;
use crate::identity::{Permission, Principal};
use crate::inventory::{Page, PageRequest, matches_q};

/// One device's row: each feature's result (`true` compliant), absent where it has none.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PivotRow {
    pub device: String,
    pub features: BTreeMap<String, bool>,
    pub compliant: usize,
    pub non_compliant: usize,
}

/// One page of the pivot: the columns (every feature with a result) and the page's rows.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Pivot {
    pub features: Vec<String>,
    pub count: usize,
    pub results: Vec<PivotRow>,
}

/// One feature's result over many devices: how many are compliant, how many were checked.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FeatureTotal {
    pub feature: String,
    pub compliant: usize,
    pub checked: usize,
}

/// The pivot summed over every device a query selects (the overview's bars and pies), not
/// one page.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PivotTotals {
    pub features: Vec<FeatureTotal>,
    /// Devices the query selects, with or without results: the device pie's whole.
    pub devices: usize,
    /// Devices with at least one result.
    pub checked_devices: usize,
    /// Devices with results, all of them compliant.
    pub compliant_devices: usize,
}

impl PivotTotals {
    /// Devices with at least one non-compliant result.
    pub fn non_compliant_devices(&self) -> usize {
        self.checked_devices.saturating_sub(self.compliant_devices)
    }

    /// Devices the query selects that have no result yet (never checked).
    pub fn unchecked_devices(&self) -> usize {
        self.devices.saturating_sub(self.checked_devices)
    }
}

/// Which rows of the pivot.
#[derive(Debug, Clone, Default)]
pub struct PivotQuery {
    pub filter: DeviceFilter,
    pub q: Option<String>,
    pub page: PageRequest,
}

impl GoldenService {
    /// The pivot rows of the devices the principal may see (`view_device`) that the query
    /// selects, by device name, one page of them.
    pub async fn pivot(
        &self,
        principal: &Principal,
        query: &PivotQuery,
    ) -> Result<Pivot, ServiceError> {
        self.require_feature(aurum_config::Feature::Compliance)?;
        let versions = self.store.data_versions().await?;
        let page = if self.sees_every_device(principal, query) {
            let names = self.every_device_name(versions).await?;
            let matching: Vec<&String> = names
                .iter()
                .filter(|name| name_matches(query.q.as_deref(), name))
                .collect();
            Page {
                count: matching.len(),
                results: matching
                    .into_iter()
                    .skip(query.page.offset)
                    .take(query.page.limit)
                    .cloned()
                    .collect(),
            }
        } else {
            Page::of(self.pivot_devices(principal, query).await?, query.page)
        };
        let mut rows: BTreeMap<String, PivotRow> = page
            .results
            .iter()
            .map(|name| {
                let row = PivotRow {
                    device: name.clone(),
                    features: BTreeMap::new(),
                    compliant: 0,
                    non_compliant: 0,
                };
                (name.clone(), row)
            })
            .collect();
        for (device, feature, compliant) in self.store.compliance_of_devices(&page.results).await? {
            if let Some(row) = rows.get_mut(&device) {
                row.features.insert(feature, compliant);
                match compliant {
                    true => row.compliant += 1,
                    false => row.non_compliant += 1,
                }
            }
        }
        Ok(Pivot {
            features: self.summary(versions).await?.features.clone(),
            count: page.count,
            results: rows.into_values().collect(),
        })
    }

    /// Per feature, over every device the query selects that the principal may see (all
    /// pages): compliant and checked devices, and how many devices are compliant in every
    /// feature they were checked for.
    pub async fn pivot_totals(
        &self,
        principal: &Principal,
        query: &PivotQuery,
    ) -> Result<PivotTotals, ServiceError> {
        self.require_feature(aurum_config::Feature::Compliance)?;
        if self.sees_every_device(principal, query) && query.q.as_deref().is_none_or(str::is_empty)
        {
            return self.totals_of_every_device().await;
        }
        let names = self.pivot_devices(principal, query).await?;
        let mut features: BTreeMap<String, FeatureTotal> = BTreeMap::new();
        let mut devices: BTreeMap<String, bool> = BTreeMap::new();
        let mut results = Vec::new();
        // In chunks: one query's bound parameters are limited on both databases.
        for chunk in names.chunks(500) {
            results.extend(self.store.compliance_of_devices(chunk).await?);
        }
        for (device, feature, compliant) in results {
            let total = features.entry(feature.clone()).or_insert(FeatureTotal {
                feature,
                compliant: 0,
                checked: 0,
            });
            total.checked += 1;
            total.compliant += usize::from(compliant);
            *devices.entry(device).or_insert(true) &= compliant;
        }
        Ok(PivotTotals {
            features: features.into_values().collect(),
            devices: names.len(),
            checked_devices: devices.len(),
            compliant_devices: devices.values().filter(|ok| **ok).count(),
        })
    }

    /// Whether the query selects every device, for a principal who sees all of them.
    fn sees_every_device(&self, principal: &Principal, query: &PivotQuery) -> bool {
        query.filter.is_empty() && crate::authz::allows(principal, Permission::VIEW_DEVICE)
    }

    /// The totals over the whole inventory, summed by the database once per data version.
    async fn totals_of_every_device(&self) -> Result<PivotTotals, ServiceError> {
        let versions = self.store.data_versions().await?;
        let (names, summary) =
            tokio::try_join!(self.every_device_name(versions), self.summary(versions))?;
        let totals = &summary.totals;
        Ok(PivotTotals {
            features: totals
                .features
                .iter()
                .map(|(feature, compliant, checked)| FeatureTotal {
                    feature: feature.clone(),
                    compliant: *compliant,
                    checked: *checked,
                })
                .collect(),
            devices: names.len(),
            checked_devices: totals.checked_devices,
            compliant_devices: totals.compliant_devices,
        })
    }

    /// The names of the devices the query selects that the principal may see, in order.
    /// Without a field filter, for a principal who sees every device, only the names are
    /// read: whole devices (with their relations and data) cost most of a pivot request.
    async fn pivot_devices(
        &self,
        principal: &Principal,
        query: &PivotQuery,
    ) -> Result<Vec<String>, ServiceError> {
        if self.sees_every_device(principal, query) {
            let names = self
                .every_device_name(self.store.data_versions().await?)
                .await?;
            return Ok(names
                .iter()
                .filter(|name| name_matches(query.q.as_deref(), name))
                .cloned()
                .collect());
        }
        let devices = self.store.devices(&query.filter).await?;
        let devices = self
            .authz
            .retain_devices(principal, Permission::VIEW_DEVICE, devices)
            .await?;
        Ok(devices
            .into_iter()
            .map(|d| d.name)
            .filter(|name| matches_q(query.q.as_deref(), &[name]))
            .collect())
    }
}

/// Whether a device name contains the search `q`, ignoring case, as [`matches_q`] decides it;
/// an ASCII name and search (the common case) are compared without allocating, which a view
/// does for each of 10,000 names.
fn name_matches(q: Option<&str>, name: &str) -> bool {
    let Some(q) = q.map(str::trim).filter(|q| !q.is_empty()) else {
        return true;
    };
    if q.is_ascii() && name.is_ascii() {
        return name
            .as_bytes()
            .windows(q.len())
            .any(|window| window.eq_ignore_ascii_case(q.as_bytes()));
    }
    matches_q(Some(q), &[name])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_name_matches_a_search_as_the_device_list_does() {
        for (q, name) in [
            (None, "r1"),
            (Some(" "), "r1"),
            (Some("R0"), "ams-r01"),
            (Some("ams-r01"), "AMS-R01"),
            (Some("é"), "Évry-r1"),
            (Some("r1"), "sw2"),
            (Some("toolong"), "r1"),
        ] {
            assert_eq!(
                name_matches(q, name),
                matches_q(q, &[name]),
                "q={q:?} name={name}"
            );
        }
    }
}
