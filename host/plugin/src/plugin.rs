use std::sync::Arc;

use aurum_sdk::{PluginInfo, PluginKind};

use crate::{
    CompliancePlugin, DriverPlugin, PostprocessorPlugin, RemediationPlugin, TransposerPlugin,
};

/// A loaded plugin of any kind, behind its kind's trait.
#[derive(Clone)]
pub enum Plugin {
    Driver(Arc<dyn DriverPlugin>),
    Compliance(Arc<dyn CompliancePlugin>),
    Transposer(Arc<dyn TransposerPlugin>),
    Postprocessor(Arc<dyn PostprocessorPlugin>),
    Remediation(Arc<dyn RemediationPlugin>),
}

impl Plugin {
    /// The kind, from the variant (always equal to `info().kind`: the registry checks it).
    pub fn kind(&self) -> PluginKind {
        match self {
            Plugin::Driver(_) => PluginKind::Driver,
            Plugin::Compliance(_) => PluginKind::Compliance,
            Plugin::Transposer(_) => PluginKind::Transposer,
            Plugin::Postprocessor(_) => PluginKind::Postprocessor,
            Plugin::Remediation(_) => PluginKind::Remediation,
        }
    }

    /// What the plugin said about itself at load.
    pub fn info(&self) -> &PluginInfo {
        match self {
            Plugin::Driver(p) => p.info(),
            Plugin::Compliance(p) => p.info(),
            Plugin::Transposer(p) => p.info(),
            Plugin::Postprocessor(p) => p.info(),
            Plugin::Remediation(p) => p.info(),
        }
    }

    /// Wraps one backend object, which implements every kind's trait, as the given kind.
    pub(crate) fn of_kind<T>(kind: PluginKind, plugin: T) -> Self
    where
        T: DriverPlugin
            + CompliancePlugin
            + TransposerPlugin
            + PostprocessorPlugin
            + RemediationPlugin
            + 'static,
    {
        let plugin = Arc::new(plugin);
        match kind {
            PluginKind::Driver => Plugin::Driver(plugin),
            PluginKind::Compliance => Plugin::Compliance(plugin),
            PluginKind::Transposer => Plugin::Transposer(plugin),
            PluginKind::Postprocessor => Plugin::Postprocessor(plugin),
            PluginKind::Remediation => Plugin::Remediation(plugin),
        }
    }
}

impl std::fmt::Debug for Plugin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Plugin")
            .field("kind", &self.kind())
            .field("info", self.info())
            .finish()
    }
}
