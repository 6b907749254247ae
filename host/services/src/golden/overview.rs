//! Reading golden-config results for the web UI: the compliance pivot (devices x features),
//! one device's per-feature results, its configuration history and a diff between any two
//! versions, and the jobs with their per-device results. Each read checks its permission:
//! configurations and compliance details need `view_config`, everything else `view_device`.

use std::collections::{BTreeMap, BTreeSet};

use aurum_store::{ComplianceRow, ConfigKind, ConfigVersion, JobRecord};
use serde::Serialize;

use super::GoldenService;
use crate::ServiceError;
use crate::device_list::require;
use crate::identity::Principal;

/// The compliance pivot: the features (columns), and per device its result per feature.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Pivot {
    pub features: Vec<String>,
    /// (device, one entry per feature: `Some(compliant)` or `None` when not checked).
    pub rows: Vec<(String, Vec<Option<bool>>)>,
    /// Per feature: (compliant devices, checked devices).
    pub totals: Vec<(usize, usize)>,
}

/// One line of a diff between two configurations: `' '`, `'-'` or `'+'`, and the text.
#[derive(Debug, Clone, Serialize)]
pub struct DiffLine {
    pub tag: char,
    pub text: String,
}

impl GoldenService {
    /// The pivot over every stored compliance result (devices limited to `devices` when
    /// given); needs `view_device`.
    pub async fn pivot(
        &self,
        principal: &Principal,
        devices: Option<&BTreeSet<String>>,
    ) -> Result<Pivot, ServiceError> {
        require(principal, "view_device")?;
        let results = self.store.compliance_pivot().await?;
        let features: Vec<String> = results
            .iter()
            .map(|(_, f, _)| f.clone())
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        let column: BTreeMap<&str, usize> = features
            .iter()
            .enumerate()
            .map(|(i, f)| (f.as_str(), i))
            .collect();
        let mut by_device: BTreeMap<String, Vec<Option<bool>>> = BTreeMap::new();
        let mut totals = vec![(0, 0); features.len()];
        for (device, feature, compliant) in &results {
            if devices.is_some_and(|wanted| !wanted.contains(device)) {
                continue;
            }
            let index = column[feature.as_str()];
            by_device
                .entry(device.clone())
                .or_insert_with(|| vec![None; features.len()])[index] = Some(*compliant);
            totals[index].1 += 1;
            if *compliant {
                totals[index].0 += 1;
            }
        }
        Ok(Pivot {
            features,
            rows: by_device.into_iter().collect(),
            totals,
        })
    }

    /// One device's compliance per feature (one feature when named); needs `view_config`
    /// (the results carry configuration lines).
    pub async fn device_compliance(
        &self,
        principal: &Principal,
        device: &str,
        feature: Option<&str>,
    ) -> Result<Vec<ComplianceRow>, ServiceError> {
        require(principal, "view_config")?;
        Ok(self.store.device_compliance(device, feature).await?)
    }

    /// Every stored version of a device's configuration of `kind`, newest first; needs
    /// `view_config`.
    pub async fn config_history(
        &self,
        principal: &Principal,
        device: &str,
        kind: ConfigKind,
    ) -> Result<Vec<ConfigVersion>, ServiceError> {
        require(principal, "view_config")?;
        let mut versions = self.store.config_history(device, kind).await?;
        versions.reverse();
        Ok(versions)
    }

    /// The line diff from version `from` to version `to` (each its `valid_from`), needs
    /// `view_config`.
    pub async fn config_diff(
        &self,
        principal: &Principal,
        device: &str,
        kind: ConfigKind,
        from: i64,
        to: i64,
    ) -> Result<Vec<DiffLine>, ServiceError> {
        let versions = self.config_history(principal, device, kind).await?;
        let find = |at: i64| {
            versions
                .iter()
                .find(|v| v.valid_from == at)
                .ok_or_else(|| ServiceError::NotFound {
                    what: "configuration version",
                    name: format!("{device}@{at}"),
                    hint: "pick versions from the device's Configs tab",
                })
        };
        Ok(diff_lines(&find(from)?.config, &find(to)?.config))
    }

    /// The newest jobs first, at most `limit`; needs `view_device`.
    pub async fn jobs(
        &self,
        principal: &Principal,
        limit: i64,
    ) -> Result<Vec<JobRecord>, ServiceError> {
        require(principal, "view_device")?;
        Ok(self.store.jobs(limit).await?)
    }

    /// One job with every device's result; needs `view_device`.
    pub async fn job(&self, principal: &Principal, id: i64) -> Result<JobRecord, ServiceError> {
        require(principal, "view_device")?;
        Ok(self.store.job(id).await?)
    }
}

/// A line diff of two texts, every line tagged.
pub fn diff_lines(old: &str, new: &str) -> Vec<DiffLine> {
    similar::TextDiff::from_lines(old, new)
        .iter_all_changes()
        .map(|change| DiffLine {
            tag: match change.tag() {
                similar::ChangeTag::Equal => ' ',
                similar::ChangeTag::Delete => '-',
                similar::ChangeTag::Insert => '+',
            },
            text: change.value().trim_end_matches('\n').to_string(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_diff_tags_removed_added_and_kept_lines() {
        let lines = diff_lines("a\nb\nc\n", "a\nc\nd\n");
        let tags: String = lines.iter().map(|l| l.tag).collect();
        assert_eq!(tags, " - +");
        assert_eq!(lines[3].text, "d");
    }
}
