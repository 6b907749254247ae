//! Parsed output: TextFSM templates in the ntc-templates layout, loaded when first asked for, so
//! a wrong `[toolkit] textfsm_templates` fails `aurum run --parse` and nothing else (a backup
//! never parses).

use std::path::PathBuf;
use std::sync::{Arc, OnceLock};

use aurum_textfsm::{TemplateIndex, TextFsmError};

use super::{RunOutcome, ToolkitService};
use crate::ServiceError;

/// The configured templates folder and its index once loaded (or why it could not be).
pub(crate) struct Templates {
    folder: Option<PathBuf>,
    index: OnceLock<Result<Arc<TemplateIndex>, String>>,
}

impl Templates {
    pub(crate) fn new(folder: Option<PathBuf>) -> Templates {
        Templates {
            folder,
            index: OnceLock::new(),
        }
    }

    /// The index, loaded on first use; the error names the folder and the setting to fix.
    pub(crate) fn index(&self) -> Result<Arc<TemplateIndex>, ServiceError> {
        let failed = |reason: String| ServiceError::Driver {
            driver: "textfsm".to_string(),
            reason,
        };
        let Some(folder) = &self.folder else {
            return Err(failed(
                "parsing needs TextFSM templates: set [toolkit] textfsm_templates to the ntc-templates folder holding `index`"
                    .to_string(),
            ));
        };
        self.index
            .get_or_init(|| {
                TemplateIndex::load(folder).map(Arc::new).map_err(|e| {
                    format!(
                        "cannot use the TextFSM templates in {} ([toolkit] textfsm_templates): {e}",
                        folder.display()
                    )
                })
            })
            .clone()
            .map_err(failed)
    }

    /// Parses a successful outcome's output: records in `parsed`, or in `unparsed` why there
    /// are none (no template for its platform and command, or the template failed on it).
    /// Only templates that cannot be loaded at all are an error.
    /// `platform` is the driver's ntc-templates name for its platform.
    pub(crate) fn parse(
        &self,
        outcome: &mut RunOutcome,
        platform: &str,
    ) -> Result<(), ServiceError> {
        let index = self.index()?;
        match index.parse(platform, &outcome.command, &outcome.output) {
            Ok(records) => {
                outcome.parsed = Some(serde_json::Value::Array(
                    records.into_iter().map(serde_json::Value::Object).collect(),
                ));
            }
            Err(TextFsmError::NoTemplate { .. }) => {
                outcome.unparsed = Some(format!(
                    "no TextFSM template for `{}` on platform {platform} in {}",
                    outcome.command,
                    index.dir().display()
                ));
            }
            Err(error) => outcome.unparsed = Some(error.to_string()),
        }
        Ok(())
    }
}

impl ToolkitService {
    /// Checks that parsing can work (the configured templates load), so a `--parse` run can
    /// refuse before it sends anything.
    pub fn check_templates(&self) -> Result<(), ServiceError> {
        self.templates.index().map(drop)
    }

    /// Parses a successful outcome's output with the TextFSM template the ntc-templates index
    /// names for its platform (the driver's `ntc_platform`, else its platform name) and
    /// command: the records in `outcome.parsed`, or in `outcome.unparsed` why there are none.
    /// Only unusable templates are an error.
    pub fn parse(&self, outcome: &mut RunOutcome) -> Result<(), ServiceError> {
        let spec = self.drivers.spec(&outcome.driver)?;
        let platform = spec
            .spec
            .ntc_platform
            .as_deref()
            .unwrap_or(&spec.spec.platform);
        self.templates.parse(outcome, platform)
    }
}
