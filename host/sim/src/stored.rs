//! What a device keeps: the running configuration it works with, and the startup
//! configuration it boots from. Only a save changes the startup configuration, so a test can
//! tell a change that was saved from one that would be lost at the next reload.

use crate::SimPlatform;
use crate::running::RunningConfig;

/// The running and startup configurations of one device.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Stored {
    pub running: RunningConfig,
    pub startup: RunningConfig,
}

impl Stored {
    /// A device that booted from `text`: both configurations start equal.
    pub(crate) fn parse(platform: SimPlatform, text: &str) -> Stored {
        let running = RunningConfig::parse(platform, text);
        Stored {
            startup: running.clone(),
            running,
        }
    }

    /// `write memory`, `copy running-config startup-config`, or a commit on the platforms
    /// where a commit is what persists a change (IOS-XR, Junos).
    pub(crate) fn save(&mut self) {
        self.startup = self.running.clone();
    }
}
