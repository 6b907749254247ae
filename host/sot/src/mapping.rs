//! From a source's objects to a sync batch: what both Nautobot and NetBox share (platform
//! drivers, statuses, devices without names or with unknown platforms, duplicate names).

use std::collections::{BTreeMap, BTreeSet, HashMap};

use aurum_inventory::{DeviceStatus, SyncedDevice, SyncedLocation, SyncedPlatform};

use crate::SotError;

/// What maps a source's names onto Aurum's.
pub(crate) struct Mapping<'a> {
    pub(crate) source_name: &'a str,
    /// `network_driver` to Aurum driver, where they differ.
    pub(crate) drivers: &'a BTreeMap<String, String>,
    /// The drivers this installation has.
    pub(crate) known_drivers: &'a BTreeSet<String>,
    pub(crate) statuses: &'a BTreeMap<String, String>,
}

/// A platform as the source has it, before its driver is checked.
pub(crate) struct RawPlatform {
    pub(crate) id: String,
    pub(crate) name: String,
    pub(crate) network_driver: String,
    pub(crate) description: String,
}

impl Mapping<'_> {
    /// Platforms whose driver Aurum has, and for the others why not (they are skipped; a
    /// device on one is an error).
    pub(crate) fn platforms(
        &self,
        raw: Vec<RawPlatform>,
        notes: &mut Vec<String>,
    ) -> (Vec<SyncedPlatform>, HashMap<String, String>) {
        let mut synced = Vec::new();
        let mut refused = HashMap::new();
        for platform in raw {
            let driver = self
                .drivers
                .get(&platform.network_driver)
                .cloned()
                .unwrap_or_else(|| platform.network_driver.clone());
            if self.known_drivers.contains(&driver) {
                synced.push(SyncedPlatform {
                    id: platform.id,
                    name: platform.name,
                    driver,
                    description: platform.description,
                });
                continue;
            }
            let why = if platform.network_driver.is_empty() {
                format!(
                    "platform `{}` has no network driver in {}; set one there, e.g. cisco_ios",
                    platform.name, self.source_name
                )
            } else {
                format!(
                    "platform `{}` has network driver `{}`, and Aurum has no driver `{driver}` (it has {}); \
                     map it with [sot.{}] drivers = {{ {} = \"DRIVER\" }} or add a driver plugin",
                    platform.name,
                    platform.network_driver,
                    self.known_drivers
                        .iter()
                        .cloned()
                        .collect::<Vec<_>>()
                        .join(", "),
                    self.source_name,
                    platform.network_driver,
                )
            };
            notes.push(format!("skipped {why}"));
            refused.insert(platform.id, why);
        }
        (synced, refused)
    }

    /// A status name there (`Active`, `Maintenance`) as Aurum's.
    pub(crate) fn status(&self, device: &str, name: &str) -> Result<DeviceStatus, SotError> {
        let mapped = self.statuses.get(name).map_or(name, String::as_str);
        mapped.parse().map_err(|reason: String| SotError::Object {
            object: format!("device `{device}`"),
            message: format!(
                "its status `{name}` has no Aurum equivalent ({reason}); map it with [sot.{}] statuses = {{ {name} = \"offline\" }}",
                self.source_name
            ),
        })
    }
}

/// Devices on a platform without a driver fail the sync, naming each (first five).
pub(crate) fn check_device_platforms(
    devices: &[SyncedDevice],
    refused: &HashMap<String, String>,
) -> Result<(), SotError> {
    let stranded: Vec<&SyncedDevice> = devices
        .iter()
        .filter(|d| d.platform.as_ref().is_some_and(|p| refused.contains_key(p)))
        .collect();
    let Some(first) = stranded.first() else {
        return Ok(());
    };
    let names: Vec<&str> = stranded.iter().take(5).map(|d| d.name.as_str()).collect();
    let more = stranded.len().saturating_sub(names.len());
    let why = &refused[first.platform.as_ref().expect("filtered on a platform")];
    Err(SotError::Object {
        object: format!(
            "device `{}`{}",
            names.join("`, `"),
            if more > 0 {
                format!(" and {more} more")
            } else {
                String::new()
            }
        ),
        message: format!("nothing was applied: {why}"),
    })
}

/// Two devices of one name cannot both live in Aurum, which names devices uniquely.
pub(crate) fn check_unique_device_names(
    devices: &[SyncedDevice],
    source: &str,
) -> Result<(), SotError> {
    let mut seen: HashMap<&str, &str> = HashMap::new();
    for device in devices {
        if let Some(other) = seen.insert(&device.name, &device.id) {
            return Err(SotError::Object {
                object: format!("device `{}`", device.name),
                message: format!(
                    "{source} has two devices of that name (ids {other} and {}); Aurum names devices uniquely, so rename one there",
                    device.id
                ),
            });
        }
    }
    Ok(())
}

/// Location names need only be unique under one parent there, but are unique in Aurum: a
/// name that repeats is qualified by its parent's (`ams1 / Floor 1`), every time the same.
pub(crate) fn qualify_location_names(locations: &mut [SyncedLocation]) {
    let mut count: HashMap<String, usize> = HashMap::new();
    for location in locations.iter() {
        *count.entry(location.name.clone()).or_default() += 1;
    }
    let names: HashMap<String, String> = locations
        .iter()
        .map(|l| (l.id.clone(), l.name.clone()))
        .collect();
    for location in locations.iter_mut() {
        if count[&location.name] > 1 {
            let parent = location
                .parent
                .as_ref()
                .and_then(|p| names.get(p))
                .map_or("(top)", String::as_str);
            location.name = format!("{parent} / {}", location.name);
        }
    }
}
