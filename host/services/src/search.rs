//! Config search: a regular expression across every device's latest backup (or intended)
//! configuration, returning the matching lines with context, grouped by device. The texts are
//! kept in memory: a search reads the store's configs version and, only when it moved, the
//! (device, digest) list and the configurations whose digest changed, so searching 10,000
//! configs costs a scan of memory, not of the database.

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex};

use aurum_inventory::DeviceFilter;
use aurum_store::{ConfigKind, Store};
use regex::RegexBuilder;
use serde::Serialize;

use crate::authz::{self, DeviceScope};
use crate::identity::{Permission, Principal};
use crate::{ServiceError, Services};

/// Matching devices on one page at most, so a pattern like `.` cannot make a page of
/// gigabytes; every match is counted, and the rest are on the next pages.
pub const MAX_PAGE: usize = 500;
/// Matching lines per device shown at most.
pub const MAX_LINES_PER_DEVICE: usize = 50;

/// What to search.
#[derive(Debug, Clone)]
pub struct SearchQuery {
    pub pattern: String,
    pub kind: ConfigKind,
    /// Lines of context before and after each match.
    pub context: usize,
    pub case_insensitive: bool,
    /// Matching devices to skip (by name order) and to show after them, at most [`MAX_PAGE`].
    pub offset: usize,
    pub limit: usize,
}

/// One run of lines around matches: (line number from 1, text, whether it matched).
#[derive(Debug, Clone, Serialize)]
pub struct Hunk {
    pub lines: Vec<(usize, String, bool)>,
}

/// A device whose configuration matched.
#[derive(Debug, Clone, Serialize)]
pub struct DeviceMatches {
    pub device: String,
    pub matches: usize,
    pub hunks: Vec<Hunk>,
}

/// The result of a search.
#[derive(Debug, Clone, Serialize)]
pub struct SearchResults {
    pub searched: usize,
    /// Every device whose configuration matched, on this page or not.
    pub matched: usize,
    /// This page's devices, with their lines.
    pub devices: Vec<DeviceMatches>,
}

/// Every current configuration of one kind, sorted by device: (device, text).
type Configs = Arc<Vec<(String, Arc<str>)>>;

/// One kind's cached configurations: by device (digest, text), the same sorted by device for
/// searches to share, and the configs version they were read at.
#[derive(Debug, Default)]
struct KindCache {
    version: Option<i64>,
    by_device: HashMap<String, (String, Arc<str>)>,
    sorted: Configs,
}

/// The in-memory copy of the current configurations, by kind then device.
#[derive(Debug, Clone, Default)]
pub struct ConfigCache {
    inner: Arc<Mutex<HashMap<&'static str, KindCache>>>,
    /// Held while the copy is brought up to date, so searches arriving together after a job
    /// (or at start, when every configuration is read) wait for one refresh instead of each
    /// reading every changed configuration.
    refreshing: Arc<tokio::sync::Mutex<()>>,
}

impl ConfigCache {
    /// The copy of `kind`, if it was read at `version`.
    fn kept(&self, kind: ConfigKind, version: i64) -> Option<Configs> {
        let cache = self.inner.lock().expect("config cache lock");
        cache
            .get(kind.as_str())
            .filter(|known| known.version == Some(version))
            .map(|known| known.sorted.clone())
    }

    /// The current configurations of `kind`, by device name. While the store's configs
    /// version has not moved this is the copy kept from the last search (no query but the
    /// version's); else the (device, digest) list is read and only configurations whose
    /// digest changed are fetched.
    async fn refresh(&self, store: &Store, kind: ConfigKind) -> Result<Configs, ServiceError> {
        let version = store.data_versions().await?.configs;
        if let Some(kept) = self.kept(kind, version) {
            return Ok(kept);
        }
        let _refreshing = self.refreshing.lock().await;
        if let Some(kept) = self.kept(kind, version) {
            return Ok(kept);
        }
        // Read after the version: what is kept is at least as new as the version it is kept
        // under, so a version stored meanwhile costs one more refresh, never a stale search.
        let digests = store.current_configs(kind, None).await?;
        let stale: Vec<String> = {
            let cache = self.inner.lock().expect("config cache lock");
            let known = cache.get(kind.as_str());
            digests
                .iter()
                .filter(|(device, digest, _)| {
                    known
                        .and_then(|k| k.by_device.get(device))
                        .is_none_or(|(d, _)| d != digest)
                })
                .map(|(device, _, _)| device.clone())
                .collect()
        };
        let fetched = if stale.is_empty() {
            Vec::new()
        } else {
            store.current_configs(kind, Some(&stale)).await?
        };
        let mut cache = self.inner.lock().expect("config cache lock");
        let entry = cache.entry(kind.as_str()).or_default();
        for (device, digest, config) in fetched {
            entry.by_device.insert(device, (digest, Arc::from(config)));
        }
        let current: HashSet<&str> = digests.iter().map(|(d, _, _)| d.as_str()).collect();
        entry
            .by_device
            .retain(|device, _| current.contains(device.as_str()));
        let mut sorted: Vec<(String, Arc<str>)> = entry
            .by_device
            .iter()
            .map(|(device, (_, text))| (device.clone(), text.clone()))
            .collect();
        sorted.sort_by(|a, b| a.0.cmp(&b.0));
        entry.sorted = Arc::new(sorted);
        entry.version = Some(version);
        Ok(entry.sorted.clone())
    }
}

impl Services {
    /// Searches the current configuration of `query.kind` of every device the principal may
    /// read configurations of (`view_config` on it); no such grant at all is refused.
    pub async fn search_configs(
        &self,
        principal: &Principal,
        query: &SearchQuery,
    ) -> Result<SearchResults, ServiceError> {
        crate::features::require(&self.config, aurum_config::Feature::ConfigSearch)?;
        crate::features::require(&self.config, crate::features::of_kind(query.kind))?;
        let visible: Option<HashSet<String>> = match self
            .authz
            .device_scope(principal, Permission::VIEW_CONFIG)
            .await?
        {
            DeviceScope::All => None,
            DeviceScope::Matching(filters) if filters.is_empty() => {
                return Err(authz::forbidden(
                    principal,
                    Permission::VIEW_CONFIG,
                    "any device's configuration",
                ));
            }
            scope => Some(
                self.store
                    .devices(&DeviceFilter::default())
                    .await?
                    .into_iter()
                    .filter(|d| scope.covers(d))
                    .map(|d| d.name)
                    .collect(),
            ),
        };
        let regex = RegexBuilder::new(&query.pattern)
            .case_insensitive(query.case_insensitive)
            .multi_line(true)
            .size_limit(1 << 20)
            .build()
            .map_err(|e| ServiceError::BadPattern {
                pattern: query.pattern.clone(),
                reason: e.to_string(),
            })?;
        let configs = self.config_cache.refresh(&self.store, query.kind).await?;
        let configs: Vec<&(String, Arc<str>)> = configs
            .iter()
            .filter(|(device, _)| visible.as_ref().is_none_or(|v| v.contains(device)))
            .collect();
        let searched = configs.len();
        let context = query.context.min(10);
        let page = query.offset..query.offset.saturating_add(query.limit.clamp(1, MAX_PAGE));
        let mut devices = Vec::new();
        let mut matched = 0;
        for (device, text) in configs {
            // One pass over the whole text first: most configurations do not match at all,
            // and one off this page is only counted.
            if !regex.is_match(text) {
                continue;
            }
            if page.contains(&matched) {
                devices.push(matches_in(device, text, &regex, context));
            }
            matched += 1;
        }
        Ok(SearchResults {
            searched,
            matched,
            devices,
        })
    }
}

fn matches_in(device: &str, text: &str, regex: &regex::Regex, context: usize) -> DeviceMatches {
    let lines: Vec<&str> = text.lines().collect();
    let hits: Vec<usize> = lines
        .iter()
        .enumerate()
        .filter(|(_, line)| regex.is_match(line))
        .map(|(i, _)| i)
        .collect();
    let mut hunks: Vec<Hunk> = Vec::new();
    let mut last_end = None;
    for &hit in hits.iter().take(MAX_LINES_PER_DEVICE) {
        let start = hit.saturating_sub(context);
        let end = (hit + context).min(lines.len().saturating_sub(1));
        let from = match last_end {
            Some(e) if start <= e + 1 => e + 1,
            _ => {
                hunks.push(Hunk { lines: Vec::new() });
                start
            }
        };
        let hunk = hunks.last_mut().expect("a hunk was pushed");
        for (i, line) in lines.iter().enumerate().take(end + 1).skip(from) {
            hunk.lines
                .push((i + 1, line.to_string(), hits.binary_search(&i).is_ok()));
        }
        last_end = Some(end.max(last_end.unwrap_or(0)));
    }
    DeviceMatches {
        device: device.to_string(),
        matches: hits.len(),
        hunks,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_search_sees_what_another_process_stored_and_rereads_nothing_else() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open_in_data_dir(dir.path(), &Default::default())
            .await
            .unwrap();
        let save = |store: Store, device: &'static str, text: &'static str| async move {
            store
                .save_config_version(device, ConfigKind::Backup, text, None)
                .await
                .unwrap()
        };
        save(store.clone(), "r1", "hostname r1\nntp server 10.0.0.1\n").await;
        let cache = ConfigCache::default();
        let first = cache.refresh(&store, ConfigKind::Backup).await.unwrap();
        assert!(first[0].1.contains("10.0.0.1"));
        let again = cache.refresh(&store, ConfigKind::Backup).await.unwrap();
        assert!(
            Arc::ptr_eq(&first, &again),
            "nothing stored since: the kept copy"
        );

        let other = Store::open_in_data_dir(dir.path(), &Default::default())
            .await
            .unwrap();
        save(other.clone(), "r1", "hostname r1\nntp server 10.0.0.9\n").await;
        save(other, "r2", "hostname r2\n").await;
        let after = cache.refresh(&store, ConfigKind::Backup).await.unwrap();
        let devices: Vec<&str> = after.iter().map(|(d, _)| d.as_str()).collect();
        assert_eq!(devices, ["r1", "r2"]);
        assert!(after[0].1.contains("10.0.0.9"), "{}", after[0].1);
    }

    #[test]
    fn matches_come_with_context_and_adjacent_ones_share_a_hunk() {
        let text = "hostname r1\n!\nntp server 1.1.1.1\nntp server 2.2.2.2\n!\nsnmp x\n!\nend\nntp source lo0\n";
        let regex = regex::Regex::new("^ntp").unwrap();
        let found = matches_in("r1", text, &regex, 1);
        assert_eq!(found.matches, 3);
        assert_eq!(found.hunks.len(), 2);
        let first: Vec<usize> = found.hunks[0].lines.iter().map(|l| l.0).collect();
        assert_eq!(first, vec![2, 3, 4, 5]);
        assert!(found.hunks[0].lines[1].2 && !found.hunks[0].lines[0].2);
        assert_eq!(found.hunks[1].lines.last().unwrap().1, "ntp source lo0");
    }
}
