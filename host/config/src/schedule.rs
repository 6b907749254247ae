//! `[golden.schedules.NAME]`: golden-config jobs started by the clock, run by `aurum serve` and
//! `aurum worker`.

use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// One schedule: which job, over which devices, when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Schedule {
    /// When, as a cron expression with seconds: `sec min hour day-of-month month day-of-week
    /// [year]`, e.g. `"0 0 2 * * *"` for 02:00 every day (UTC).
    pub cron: String,
    /// Which job to start.
    pub job: ScheduledJob,
    /// Only devices of this golden-config setting.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub setting: Option<String>,
    /// Filter terms as `--filter` takes them (`role=leaf`, `location=ams1`); none is every device.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub filter: Vec<String>,
}

/// The jobs a schedule can start.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ScheduledJob {
    Backup,
    Intended,
    Compliance,
    /// Backup, then intended, then compliance.
    RunAll,
    /// `aurum sot sync` of every configured source of truth (`[sot.nautobot]`, `[sot.netbox]`),
    /// incremental after the first.
    SotSync,
}

impl ScheduledJob {
    /// The job kinds this starts, in order.
    pub fn kinds(self) -> &'static [&'static str] {
        match self {
            ScheduledJob::Backup => &["backup"],
            ScheduledJob::Intended => &["intended"],
            ScheduledJob::Compliance => &["compliance"],
            ScheduledJob::RunAll => &["backup", "intended", "compliance"],
            ScheduledJob::SotSync => &[],
        }
    }
}

impl Schedule {
    /// The parsed cron expression, or why it is not one.
    pub fn parse_cron(&self) -> Result<cron::Schedule, String> {
        cron::Schedule::from_str(self.cron.trim()).map_err(|e| {
            format!(
                "`{}` is not a cron expression ({e}); write 6 or 7 fields, seconds first: \
                 sec min hour day-of-month month day-of-week [year], e.g. \"0 0 2 * * *\"",
                self.cron
            )
        })
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::{ConfigError, parse_str};

    #[test]
    fn schedules_parse_with_their_jobs_and_filters() {
        let config = parse_str(
            "[golden.schedules.nightly]\ncron = \"0 0 2 * * *\"\njob = \"run-all\"\n\
             filter = [\"role=leaf\"]\n\n[golden.schedules.hourly]\ncron = \"0 0 * * * *\"\n\
             job = \"backup\"\n",
            "aurum.toml",
            Path::new("/etc/aurum"),
        )
        .unwrap();
        let nightly = &config.golden.schedules["nightly"];
        assert_eq!(nightly.job, ScheduledJob::RunAll);
        assert_eq!(nightly.job.kinds(), ["backup", "intended", "compliance"]);
        assert_eq!(nightly.filter, ["role=leaf"]);
        assert!(nightly.parse_cron().is_ok());
        assert_eq!(config.golden.schedules["hourly"].job, ScheduledJob::Backup);
    }

    #[test]
    fn a_bad_cron_expression_names_the_schedule() {
        let error = parse_str(
            "[golden.schedules.nightly]\ncron = \"at two\"\njob = \"backup\"\n",
            "aurum.toml",
            Path::new("/etc/aurum"),
        )
        .unwrap_err();
        let ConfigError::Semantic {
            section, message, ..
        } = &error
        else {
            panic!("{error:?}");
        };
        assert_eq!(section, "[golden.schedules.nightly] cron");
        assert!(
            message.contains("`at two` is not a cron expression"),
            "{message}"
        );
        assert!(error.to_string().starts_with("aurum.toml: "), "{error}");
    }

    #[test]
    fn unknown_keys_and_jobs_are_named_with_their_line() {
        for (text, line, needle) in [
            (
                "[golden.schedules.x]\ncron = \"0 0 2 * * *\"\njob = \"backup\"\nfliter = []\n",
                4,
                "fliter",
            ),
            (
                "[golden.schedules.x]\ncron = \"0 0 2 * * *\"\njob = \"backups\"\n",
                3,
                "backups",
            ),
        ] {
            match parse_str(text, "aurum.toml", Path::new("/etc/aurum")) {
                Err(ConfigError::Invalid {
                    line: found,
                    message,
                    ..
                }) => {
                    assert_eq!(found, line, "{message}");
                    assert!(message.contains(needle), "{message}");
                }
                other => panic!("expected an invalid-config error, got {other:?}"),
            }
        }
    }

    #[test]
    fn a_schedule_naming_a_missing_setting_is_an_error() {
        let error = parse_str(
            "[golden.settings.dc]\n\n[golden.schedules.x]\ncron = \"0 0 2 * * *\"\njob = \"backup\"\nsetting = \"lab\"\n",
            "aurum.toml",
            Path::new("/etc/aurum"),
        )
        .unwrap_err();
        assert!(
            error.to_string().contains("no [golden.settings.lab]"),
            "{error}"
        );
    }
}
