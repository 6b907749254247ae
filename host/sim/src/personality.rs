use std::fmt;
use std::str::FromStr;

use crate::SimError;

/// The platforms the simulator can impersonate, named as Aurum's shipped platforms are.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SimPlatform {
    CiscoIos,
    CiscoNxos,
    CiscoIosxr,
    AristaEos,
    JuniperJunos,
    /// A Cisco-like platform Aurum ships no driver for, to prove that a vendor's plugin
    /// alone makes a platform work (`docs/plugins.md`). Not in [`SimPlatform::ALL`].
    AcmeOs,
}

/// How a configuration change reaches the running configuration.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Commit {
    /// Each line applies as it is entered (IOS, NX-OS, EOS).
    Immediate,
    /// Lines collect in a candidate until `commit` (IOS-XR, Junos).
    Candidate,
}

impl SimPlatform {
    pub const ALL: [SimPlatform; 5] = [
        SimPlatform::CiscoIos,
        SimPlatform::CiscoNxos,
        SimPlatform::CiscoIosxr,
        SimPlatform::AristaEos,
        SimPlatform::JuniperJunos,
    ];

    /// The platforms with a driver Aurum ships, and the one it does not.
    pub const ANY: [SimPlatform; 6] = [
        SimPlatform::CiscoIos,
        SimPlatform::CiscoNxos,
        SimPlatform::CiscoIosxr,
        SimPlatform::AristaEos,
        SimPlatform::JuniperJunos,
        SimPlatform::AcmeOs,
    ];

    pub fn name(self) -> &'static str {
        match self {
            SimPlatform::AcmeOs => "acme_os",
            SimPlatform::CiscoIos => "cisco_ios",
            SimPlatform::CiscoNxos => "cisco_nxos",
            SimPlatform::CiscoIosxr => "cisco_iosxr",
            SimPlatform::AristaEos => "arista_eos",
            SimPlatform::JuniperJunos => "juniper_junos",
        }
    }

    /// Text shown before the first prompt, as a real device's MOTD/login banner.
    pub(crate) fn banner(self, hostname: &str) -> String {
        match self {
            SimPlatform::CiscoIos => format!(
                "\r\n**************************************************\r\n\
                 * {hostname}: authorised access only.            *\r\n\
                 * Disconnect IMMEDIATELY if you are not allowed. *\r\n\
                 **************************************************\r\n\r\n"
            ),
            SimPlatform::CiscoNxos => "Cisco Nexus Operating System (NX-OS) Software\r\n\
                 TAC support: http://www.cisco.com/tac\r\n\
                 Copyright (C) 2002-2024, Cisco and/or its affiliates.\r\n"
                .to_string(),
            SimPlatform::CiscoIosxr => "\r\nIMPORTANT:  READ CAREFULLY\r\nWelcome to the Demo Version of Cisco IOS XRv (the \"Software\").\r\n\r\n".to_string(),
            SimPlatform::AristaEos => "Last login: Sat Nov 21 09:00:00 2026 from 127.0.0.1\r\n".to_string(),
            SimPlatform::JuniperJunos => "--- JUNOS 23.4R1.9 Kernel 64-bit  JNPR-14.1-20231213\r\n".to_string(),
            SimPlatform::AcmeOs => format!("ACME OS 4.2 on {hostname}\r\n\r\n"),
        }
    }

    /// Whether a session starts unprivileged and needs `enable` with the secret.
    pub(crate) fn starts_unprivileged(self) -> bool {
        matches!(
            self,
            SimPlatform::CiscoIos | SimPlatform::AristaEos | SimPlatform::AcmeOs
        )
    }

    /// Whether the platform keeps configuration copies in `flash:` and can `configure replace`
    /// the running configuration with one (IOS, EOS).
    pub(crate) fn has_flash(self) -> bool {
        matches!(self, SimPlatform::CiscoIos | SimPlatform::AristaEos)
    }

    pub(crate) fn commit(self) -> Commit {
        match self {
            SimPlatform::CiscoIosxr | SimPlatform::JuniperJunos => Commit::Candidate,
            _ => Commit::Immediate,
        }
    }

    /// The prompt for a mode. `context` is the configuration sub-mode (e.g. `if`), if any.
    pub(crate) fn prompt(
        self,
        hostname: &str,
        user: &str,
        privileged: bool,
        config: Option<&str>,
    ) -> String {
        match self {
            SimPlatform::JuniperJunos => match config {
                Some(_) => format!("\r\n[edit]\r\n{user}@{hostname}# "),
                None => format!("{user}@{hostname}> "),
            },
            SimPlatform::CiscoIosxr => match config {
                Some("") => format!("RP/0/RP0/CPU0:{hostname}(config)#"),
                Some(context) => format!("RP/0/RP0/CPU0:{hostname}(config-{context})#"),
                None => format!("RP/0/RP0/CPU0:{hostname}#"),
            },
            _ => match config {
                Some("") => format!("{hostname}(config)#"),
                Some(context) => format!("{hostname}(config-{context})#"),
                None if privileged => format!("{hostname}#"),
                None => format!("{hostname}>"),
            },
        }
    }

    /// What the platform prints when the running configuration is saved to startup.
    pub(crate) fn saved(self) -> &'static str {
        match self {
            SimPlatform::CiscoNxos => {
                "[########################################] 100%\r\nCopy complete, now saving to disk (please wait)...\r\nCopy complete.\r\n"
            }
            SimPlatform::AristaEos => "Copy completed successfully.\r\n",
            _ => "Building configuration...\r\n[OK]\r\n",
        }
    }

    /// The pager marker shown when paging is on and output is longer than a screen.
    pub(crate) fn more(self) -> &'static str {
        match self {
            SimPlatform::JuniperJunos => "---(more)---",
            SimPlatform::AristaEos => " --More-- ",
            _ => " --More-- ",
        }
    }

    /// The command that turns paging off.
    pub(crate) fn is_paging_off(self, line: &str) -> bool {
        match self {
            SimPlatform::JuniperJunos => line == "set cli screen-length 0",
            SimPlatform::AcmeOs => line == "screen-length 0",
            _ => matches!(
                line,
                "terminal length 0" | "terminal len 0" | "term len 0" | "terminal pager 0"
            ),
        }
    }

    /// The platform's exact complaint about a command it does not know; `column` is where the
    /// unknown word starts on the screen (prompt included), where the `^` goes.
    pub(crate) fn invalid_input(self, column: usize) -> String {
        let marker = format!("{}^", " ".repeat(column));
        match self {
            SimPlatform::CiscoIos | SimPlatform::CiscoIosxr => {
                format!("{marker}\r\n% Invalid input detected at '^' marker.\r\n")
            }
            SimPlatform::CiscoNxos => format!("{marker}\r\n% Invalid command at '^' marker.\r\n"),
            SimPlatform::AristaEos => "% Invalid input\r\n".to_string(),
            SimPlatform::JuniperJunos => format!("{marker}\r\nunknown command.\r\n"),
            SimPlatform::AcmeOs => "% Unknown command\r\n".to_string(),
        }
    }

    /// Text of `show version`.
    pub(crate) fn version(self, hostname: &str) -> String {
        match self {
            SimPlatform::CiscoIos => format!(
                "Cisco IOS XE Software, Version 17.09.04a\r\nCisco IOS Software [Cupertino], Catalyst L3 Switch Software (CAT9K_IOSXE), Version 17.9.4a, RELEASE SOFTWARE (fc3)\r\n\
                 {hostname} uptime is 12 weeks, 3 days, 4 hours, 5 minutes\r\nSystem image file is \"flash:packages.conf\"\r\n\
                 cisco C9300-48P (X86) processor with 1331521K/6147K bytes of memory.\r\nProcessor board ID FOC2224X0AB\r\n\
                 Configuration register is 0x102\r\n"
            ),
            SimPlatform::CiscoNxos => format!(
                "Cisco Nexus Operating System (NX-OS) Software\r\nSoftware\r\n  NXOS: version 10.3(4a) [Maintenance Release]\r\n\
                 Hardware\r\n  cisco Nexus9000 C93180YC-FX Chassis\r\n  Device name: {hostname}\r\n\
                 Kernel uptime is 84 day(s), 3 hour(s), 2 minute(s), 1 second(s)\r\n"
            ),
            SimPlatform::CiscoIosxr => format!(
                "Cisco IOS XR Software, Version 7.9.2\r\nCopyright (c) 2013-2023 by Cisco Systems, Inc.\r\n\r\n\
                 Build Information:\r\n Built By     : ingunawa\r\n\r\n{hostname} uptime is 4 weeks, 1 day, 2 hours\r\n\
                 cisco ASR9K Series (Intel 686 F6M14S4) processor with 6291456K bytes of memory.\r\n"
            ),
            SimPlatform::AristaEos => format!(
                "Arista DCS-7050SX3-48YC8-R\r\nHardware version: 11.02\r\nSerial number: JPE20180001\r\n\
                 System MAC address: 2899.3a00.0001\r\n\r\nSoftware image version: 4.31.2F\r\nArchitecture: x86_64\r\n\
                 Uptime: 10 weeks, 2 days, 1 hour and 5 minutes\r\nHostname: {hostname}\r\n"
            ),
            SimPlatform::JuniperJunos => format!(
                "Hostname: {hostname}\r\nModel: mx204\r\nJunos: 23.4R1.9\r\nJUNOS OS Kernel 64-bit  [20231213.2a4c1ef_builder_stable_13]\r\n"
            ),
            SimPlatform::AcmeOs => {
                format!("ACME OS version 4.2.1\r\nHostname: {hostname}\r\nModel: R-100\r\n")
            }
        }
    }
}

impl fmt::Display for SimPlatform {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for SimPlatform {
    type Err = SimError;

    fn from_str(name: &str) -> Result<Self, SimError> {
        SimPlatform::ANY
            .into_iter()
            .find(|p| p.name() == name)
            .ok_or_else(|| SimError::UnknownPlatform(name.to_string()))
    }
}
