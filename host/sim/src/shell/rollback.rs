//! The restores of the platforms without a flash copy: NX-OS checkpoints (`checkpoint NAME`,
//! `rollback running-config checkpoint NAME`), the IOS-XR commit database (`show configuration
//! commit list`, `rollback configuration to ID`) and Junos saved files (`save PATH`, `load
//! override PATH` in configuration mode, applied by the next commit).

use super::{Shell, ShellOutput};
use crate::SimPlatform;
use crate::stored::Stored;

impl Shell {
    /// The exec-mode commands of NX-OS checkpoints and the IOS-XR commit database; false when
    /// `line` is none of them.
    pub(super) fn rollback_exec(
        &mut self,
        line: &str,
        stored: &mut Stored,
        out: &mut Vec<ShellOutput>,
    ) -> bool {
        if !self.privileged {
            return false;
        }
        let text = match self.platform {
            SimPlatform::CiscoNxos => {
                if let Some(name) = line.strip_prefix("checkpoint ") {
                    stored
                        .files
                        .insert(name.trim().to_string(), stored.running.clone());
                    "Done\r\n".to_string()
                } else if let Some(name) = line.strip_prefix("rollback running-config checkpoint ")
                {
                    match stored.files.get(name.trim()) {
                        Some(saved) => {
                            stored.running = saved.clone();
                            "Note: Applying config parallelly may fail Rollback verification\r\nCollecting Running-Config\r\n#Generating Rollback Patch\r\nExecuting Rollback Patch\r\n#Generating Running-config for verification\r\n#Generating Patch for verification\r\nVerification is Successful.\r\n\r\nRollback completed successfully.\r\n".to_string()
                        }
                        None => format!("ERROR: Checkpoint name {} not found\r\n", name.trim()),
                    }
                } else {
                    return false;
                }
            }
            SimPlatform::CiscoIosxr => {
                if let Some(count) = line.strip_prefix("show configuration commit list") {
                    commit_list(stored, count.trim().parse().unwrap_or(usize::MAX))
                } else if let Some(id) = line.strip_prefix("rollback configuration to ") {
                    let found = id
                        .trim()
                        .parse::<u64>()
                        .ok()
                        .and_then(|id| stored.commits.iter().find(|(c, _)| *c == id))
                        .map(|(_, config)| config.clone());
                    match found {
                        Some(config) => {
                            stored.running = config;
                            stored.save();
                            stored.record_commit();
                            format!(
                                "Loading Rollback Changes.\r\nLoaded Rollback Changes in 1 sec\r\nCommitting.\r\nUpdated Commit database in 1 sec\r\nConfiguration successfully rolled back to '{}'.\r\n",
                                id.trim()
                            )
                        }
                        None => self.platform.invalid_input(
                            self.prompt().len() + "rollback configuration to ".len(),
                        ),
                    }
                } else {
                    return false;
                }
            }
            _ => return false,
        };
        self.print(text, out);
        true
    }

    /// Junos `save PATH` and `load override PATH` in configuration mode; false when `line` is
    /// neither (or this is not Junos).
    pub(super) fn junos_file(
        &mut self,
        line: &str,
        stored: &mut Stored,
        out: &mut Vec<ShellOutput>,
    ) -> bool {
        if self.platform != SimPlatform::JuniperJunos {
            return false;
        }
        let text = if let Some(path) = line.strip_prefix("save ") {
            let path = path.trim();
            let lines = stored.running.render(&self.hostname).lines().count();
            stored
                .files
                .insert(path.to_string(), stored.running.clone());
            format!("Wrote {lines} lines of configuration to '{path}'\r\n")
        } else if let Some(path) = line.strip_prefix("load override ") {
            let path = path.trim();
            match stored.files.get(path) {
                Some(saved) => {
                    self.candidate.clear();
                    self.loaded = Some(saved.clone());
                    "load complete\r\n".to_string()
                }
                None => format!(
                    "error: could not open configuration database: {path}: No such file or directory\r\n"
                ),
            }
        } else {
            return false;
        };
        self.print(text, out);
        true
    }
}

/// `show configuration commit list [N]`: the newest `count` commits, newest first.
fn commit_list(stored: &Stored, count: usize) -> String {
    let mut text = String::from(
        "SNo. Label/ID              User      Line                Client      Time Stamp\r\n~~~~ ~~~~~~~~              ~~~~      ~~~~                ~~~~~~      ~~~~~~~~~~\r\n",
    );
    for (n, (id, _)) in stored.commits.iter().rev().take(count).enumerate() {
        text.push_str(&format!(
            "{:<4} {id:<21} admin     vty0                CLI         Sat Nov 21 09:00:00 2026\r\n",
            n + 1
        ));
    }
    text
}

#[cfg(test)]
mod tests {
    use super::super::tests::{session, text};
    use crate::SimPlatform;

    #[test]
    fn nxos_rolls_back_to_a_checkpoint() {
        let (mut shell, mut stored) = session(SimPlatform::CiscoNxos);
        let before = stored.running.clone();
        shell.input(b"terminal length 0\n", &mut stored);
        assert!(text(shell.input(b"checkpoint aurum-plan-1.cfg\n", &mut stored)).contains("Done"));
        shell.input(
            b"configure terminal\nntp server 192.0.2.61\nend\n",
            &mut stored,
        );
        let done = text(shell.input(
            b"rollback running-config checkpoint aurum-plan-1.cfg\n",
            &mut stored,
        ));
        assert!(done.contains("Rollback completed successfully"), "{done}");
        assert_eq!(stored.running, before);
        let missing = text(shell.input(b"rollback running-config checkpoint nope\n", &mut stored));
        assert!(
            missing.contains("ERROR: Checkpoint name nope not found"),
            "{missing}"
        );
    }

    #[test]
    fn iosxr_rolls_back_to_a_commit() {
        let (mut shell, mut stored) = session(SimPlatform::CiscoIosxr);
        let before = stored.running.clone();
        shell.input(b"terminal length 0\n", &mut stored);
        let listed = text(shell.input(b"show configuration commit list 1\n", &mut stored));
        assert!(listed.contains("\r\n1    1000000001 "), "{listed}");
        shell.input(
            b"configure\nntp server 192.0.2.62\ncommit\nend\n",
            &mut stored,
        );
        let listed = text(shell.input(b"show configuration commit list 1\n", &mut stored));
        assert!(listed.contains("\r\n1    1000000002 "), "{listed}");
        let done = text(shell.input(b"rollback configuration to 1000000001\n", &mut stored));
        assert!(
            done.contains("successfully rolled back to '1000000001'"),
            "{done}"
        );
        assert_eq!(stored.running, before);
        assert_eq!(stored.startup, before, "a rollback is a commit");
        let bad = text(shell.input(b"rollback configuration to 42\n", &mut stored));
        assert!(bad.contains("% Invalid input detected"), "{bad}");
    }

    #[test]
    fn junos_loads_a_saved_file_over_the_configuration() {
        let (mut shell, mut stored) = session(SimPlatform::JuniperJunos);
        let before = stored.running.clone();
        shell.input(b"configure\n", &mut stored);
        let saved = text(shell.input(b"save /var/tmp/aurum-plan-1.cfg\n", &mut stored));
        assert!(saved.contains("to '/var/tmp/aurum-plan-1.cfg'"), "{saved}");
        shell.input(b"set system ntp server 192.0.2.63\ncommit\n", &mut stored);
        assert_ne!(stored.running, before);
        let loaded = text(shell.input(b"load override /var/tmp/aurum-plan-1.cfg\n", &mut stored));
        assert!(loaded.contains("load complete"), "{loaded}");
        assert_ne!(stored.running, before, "applied only by the commit");
        shell.input(b"commit\n", &mut stored);
        assert_eq!(stored.running, before);
        let missing = text(shell.input(b"load override /var/tmp/nope\n", &mut stored));
        assert!(missing.contains("error: could not open"), "{missing}");
    }
}
