//! Name → dialect mapping.

use crate::error::CoreError;

/// A configuration dialect, the unit the parser and compliance work in. Obtain one with
/// [`Dialect::from_name`], which accepts netutils `network_os` names (`cisco_ios`), hier_config
/// platform names (`CISCO_IOS`), a few common aliases and the platforms whose drivers
/// described their own dialect, case-insensitively.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[allow(missing_docs)]
pub enum Dialect {
    AdvaFsp150f2,
    AdvaFsp150f3,
    AristaEos,
    ArubaAoscx,
    ArubaOs,
    BigipF5,
    CienaSaos,
    CiscoAireos,
    CiscoAsa,
    CiscoIos,
    CiscoIosxr,
    CiscoNxos,
    ExtremeNetiron,
    FortinetFortios,
    HpComware,
    JuniperJunos,
    Linux,
    MikrotikRouteros,
    MrvOptiswitch,
    Netscaler,
    NokiaSros,
    NvidiaOnyx,
    PaloaltoPanos,
    RadEtx,
    RuckusFastiron,
    UbiquitiAiros,
    /// A dialect a driver plugin describes (see [`Dialect::describe`]).
    Custom(&'static super::CustomDialect),
}

/// Every accepted name and its dialect (netutils names first, then aliases).
const NAMES: &[(&str, Dialect)] = &[
    ("adva_fsp150f2", Dialect::AdvaFsp150f2),
    ("adva_fsp150f3", Dialect::AdvaFsp150f3),
    ("arista_eos", Dialect::AristaEos),
    ("aruba_aoscx", Dialect::ArubaAoscx),
    ("aruba_os", Dialect::ArubaOs),
    ("aruba_osswitch", Dialect::ArubaOs),
    ("bigip_f5", Dialect::BigipF5),
    ("ciena_saos", Dialect::CienaSaos),
    ("ciena_saos10", Dialect::CienaSaos),
    ("cisco_aireos", Dialect::CiscoAireos),
    ("cisco_asa", Dialect::CiscoAsa),
    ("cisco_ios", Dialect::CiscoIos),
    ("cisco_iosxr", Dialect::CiscoIosxr),
    ("cisco_nxos", Dialect::CiscoNxos),
    ("citrix_netscaler", Dialect::Netscaler),
    ("extreme_netiron", Dialect::ExtremeNetiron),
    ("fortinet_fortios", Dialect::FortinetFortios),
    ("hp_comware", Dialect::HpComware),
    ("juniper_junos", Dialect::JuniperJunos),
    ("linux", Dialect::Linux),
    ("mikrotik_routeros", Dialect::MikrotikRouteros),
    ("mrv_optiswitch", Dialect::MrvOptiswitch),
    ("netscaler", Dialect::Netscaler),
    ("nokia_sros", Dialect::NokiaSros),
    ("nvidia_onyx", Dialect::NvidiaOnyx),
    ("paloalto_panos", Dialect::PaloaltoPanos),
    ("rad_etx", Dialect::RadEtx),
    ("ruckus_fastiron", Dialect::RuckusFastiron),
    ("ubiquiti_airos", Dialect::UbiquitiAiros),
    // hier_config platform names and common aliases
    ("cisco_xe", Dialect::CiscoIos),
    ("cisco_iosxe", Dialect::CiscoIos),
    ("cisco_xr", Dialect::CiscoIosxr),
    ("hp_comware5", Dialect::HpComware),
    ("fortinet_fortigate", Dialect::FortinetFortios),
    ("juniper", Dialect::JuniperJunos),
    ("junos", Dialect::JuniperJunos),
    ("eos", Dialect::AristaEos),
    ("ios", Dialect::CiscoIos),
    ("nxos", Dialect::CiscoNxos),
    ("iosxr", Dialect::CiscoIosxr),
];

/// The netutils `network_os` names Aurum parses, for error messages and docs.
pub const SUPPORTED_NETWORK_OS: &[&str] = &[
    "adva_fsp150f2",
    "adva_fsp150f3",
    "arista_eos",
    "aruba_aoscx",
    "aruba_os",
    "aruba_osswitch",
    "bigip_f5",
    "ciena_saos",
    "ciena_saos10",
    "cisco_aireos",
    "cisco_asa",
    "cisco_ios",
    "cisco_iosxr",
    "cisco_nxos",
    "citrix_netscaler",
    "extreme_netiron",
    "fortinet_fortios",
    "hp_comware",
    "juniper_junos",
    "linux",
    "mikrotik_routeros",
    "mrv_optiswitch",
    "netscaler",
    "nokia_sros",
    "nvidia_onyx",
    "paloalto_panos",
    "rad_etx",
    "ruckus_fastiron",
    "ubiquiti_airos",
];

/// The shipped dialect of a lower-case name or alias.
pub(super) fn builtin(lower: &str) -> Option<Dialect> {
    NAMES.iter().find(|(n, _)| *n == lower).map(|(_, d)| *d)
}

impl Dialect {
    /// Maps a platform / network-OS name to its dialect. Errors list the supported names so a
    /// typo in inventory or `aurum.toml` is easy to fix.
    pub fn from_name(name: &str) -> Result<Dialect, CoreError> {
        let lower = name.trim().to_ascii_lowercase();
        builtin(&lower)
            .or_else(|| Dialect::registered(&lower))
            .ok_or_else(|| CoreError::UnsupportedPlatform {
                name: name.to_string(),
                supported: SUPPORTED_NETWORK_OS.join(", "),
            })
    }

    /// The canonical netutils `network_os` name of the dialect (a described dialect's
    /// platform name).
    pub fn name(self) -> &'static str {
        if let Dialect::Custom(custom) = self {
            return custom.name();
        }
        NAMES
            .iter()
            .find(|(_, d)| *d == self)
            .map(|(n, _)| *n)
            .unwrap_or("unknown")
    }

    /// netutils keeps leading/trailing whitespace of extracted sections for these dialects.
    pub(crate) fn strips_sections(self) -> bool {
        self != Dialect::HpComware
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_map_case_insensitively() {
        assert_eq!(Dialect::from_name("CISCO_IOS").unwrap(), Dialect::CiscoIos);
        assert_eq!(Dialect::from_name("cisco_xr").unwrap(), Dialect::CiscoIosxr);
        assert_eq!(
            Dialect::from_name("ciena_saos10").unwrap(),
            Dialect::CienaSaos
        );
        assert_eq!(Dialect::CiscoNxos.name(), "cisco_nxos");
    }

    #[test]
    fn unknown_name_lists_supported() {
        let err = Dialect::from_name("cisco_ioz").unwrap_err().to_string();
        assert!(
            err.contains("cisco_ioz") && err.contains("juniper_junos"),
            "{err}"
        );
    }

    #[test]
    fn every_supported_name_resolves() {
        for n in SUPPORTED_NETWORK_OS {
            assert!(!Dialect::from_name(n).unwrap().name().is_empty());
        }
    }
}
