//! Changing a device's configuration so that the change lasts: the lines in configuration
//! mode, then the driver's save steps, each in the mode it names (`write memory` from
//! privileged mode on IOS and EOS, `copy running-config startup-config` on NX-OS, `commit`
//! inside configuration mode on IOS-XR and Junos), then back to the default mode.

use crate::{CommandOutput, ConnectError, Session};

/// The mode every driver names for configuration commands.
const CONFIGURATION: &str = "configuration";

impl Session {
    /// Sends each non-blank line of `lines` in configuration mode, saves, and returns to the
    /// default mode. Returns what the configuration lines printed. A rejected line stops
    /// there, unsaved: the error names the device, the line and the device's complaint.
    pub async fn configure(&mut self, lines: &str) -> Result<String, ConnectError> {
        if self.spec().mode_index(CONFIGURATION).is_none() {
            return Err(ConnectError::Spec {
                platform: self.spec().spec.platform.clone(),
                reason: "it has no configuration mode, so config commands cannot run on this platform; run the command as a show command".into(),
            });
        }
        self.enter_mode(CONFIGURATION).await?;
        let mut output = String::new();
        for line in lines.lines().map(str::trim_end).filter(|l| !l.is_empty()) {
            output.push_str(&self.send_command(line).await?.output);
        }
        self.save().await?;
        let default_mode = self.spec().spec.default_mode.clone();
        self.enter_mode(&default_mode).await?;
        Ok(output)
    }

    /// Runs the driver's save steps in order, each in the mode it names, so a change survives
    /// a reload (or, on commit platforms, takes effect at all).
    pub async fn save(&mut self) -> Result<Vec<CommandOutput>, ConnectError> {
        let saves = self.spec().spec.save_commands.clone();
        let mut outputs = Vec::with_capacity(saves.len());
        for save in &saves {
            outputs.push(self.send_command_in(&save.mode, &save.command).await?);
        }
        Ok(outputs)
    }
}
