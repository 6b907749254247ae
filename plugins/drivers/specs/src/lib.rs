//! The platforms of the drivers Aurum ships, described as data in the manner of scrapli's
//! platform definitions and Oxidized's models: prompts per mode, how to move between modes,
//! paging off, failure indicators, the backup command and its clean-up, the config dialect.
//!
//! Each shipped WASM driver exports one of these; the host's tests use them directly against
//! the simulator.

mod arista_eos;
mod cisco_ios;
mod cisco_iosxr;
mod cisco_nxos;
mod common;
mod juniper_junos;
mod masks;

use aurum_sdk::DriverSpec;

pub use arista_eos::arista_eos;
pub use cisco_ios::cisco_ios;
pub use cisco_iosxr::cisco_iosxr;
pub use cisco_nxos::cisco_nxos;
pub use juniper_junos::juniper_junos;

/// The spec of a shipped platform by name.
pub fn by_platform(name: &str) -> Option<DriverSpec> {
    match name {
        "cisco_ios" => Some(cisco_ios()),
        "cisco_nxos" => Some(cisco_nxos()),
        "cisco_iosxr" => Some(cisco_iosxr()),
        "arista_eos" => Some(arista_eos()),
        "juniper_junos" => Some(juniper_junos()),
        _ => None,
    }
}

/// The final touch every shipped driver gives a backup after the host's clean-up: leading
/// blank lines dropped, one trailing newline, and an empty backup refused (an empty file in
/// the backup repository would look like a device with no configuration).
pub fn finish_backup(raw: &str) -> Result<String, String> {
    let body = raw.trim_start_matches(['\n', '\r']).trim_end();
    if body.is_empty() {
        return Err(
            "the backup is empty after clean-up; check the backup command's output".to_string(),
        );
    }
    Ok(format!("{body}\n"))
}

/// Declares a shipped WASM driver: its `info()` and its spec from this crate.
#[macro_export]
macro_rules! shipped_driver {
    ($name:literal, $spec:path) => {
        struct ShippedDriver;

        impl aurum_sdk::Plugin for ShippedDriver {
            fn info() -> aurum_sdk::PluginInfo {
                aurum_sdk::PluginInfo::new(
                    $name,
                    env!("CARGO_PKG_VERSION"),
                    aurum_sdk::PluginKind::Driver,
                )
            }
        }

        impl aurum_sdk::Driver for ShippedDriver {
            fn describe() -> aurum_sdk::DriverSpec {
                $spec()
            }

            fn clean(raw: String) -> Result<String, String> {
                $crate::finish_backup(&raw)
            }
        }

        aurum_sdk::export_driver!(ShippedDriver);
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_shipped_spec_names_its_platform_and_modes() {
        for name in [
            "cisco_ios",
            "cisco_nxos",
            "cisco_iosxr",
            "arista_eos",
            "juniper_junos",
        ] {
            let spec = by_platform(name).unwrap();
            assert_eq!(spec.platform, name);
            assert!(
                spec.modes.iter().any(|m| m.name == spec.default_mode),
                "{name}"
            );
            assert!(
                spec.modes.iter().any(|m| m.name == "configuration"),
                "{name}"
            );
            assert!(!spec.backup_commands.is_empty(), "{name}");
        }
    }

    #[test]
    fn finishing_a_backup() {
        assert_eq!(
            finish_backup("\n\nhostname r1\n\n").unwrap(),
            "hostname r1\n"
        );
        assert!(finish_backup("\n \n").is_err());
    }
}
