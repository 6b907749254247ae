//! Configuration mode: which lines a platform accepts, the candidate of the platforms that
//! commit (IOS-XR, Junos), `commit confirmed` and its rollback, and the faults a test can ask
//! for (a rejected nth line, a session cut off on commit). EOS sessions are in `sessions.rs`,
//! Junos `save` / `load override` in `rollback.rs`.

use super::{Awaiting, Shell, ShellOutput, unknown_word_offset};
use crate::SimPlatform;
use crate::personality::Commit;
use crate::running::context_of;
use crate::stored::Stored;

impl Shell {
    pub(super) fn enter_config(&mut self, out: &mut Vec<ShellOutput>) {
        self.config = Some(Vec::new());
        let hint = match self.platform {
            SimPlatform::JuniperJunos => "Entering configuration mode\r\n",
            SimPlatform::CiscoIosxr => "",
            _ => "Enter configuration commands, one per line.  End with CNTL/Z.\r\n",
        };
        out.push(ShellOutput::Data(format!("{hint}{}", self.prompt())));
    }

    pub(super) fn configure(
        &mut self,
        line: &str,
        stored: &mut Stored,
        out: &mut Vec<ShellOutput>,
    ) {
        let path = self.config.clone().unwrap_or_default();
        let junos = self.platform == SimPlatform::JuniperJunos;
        if !line.is_empty() {
            self.config_lines += 1;
            if self.fail_config_line == Some(self.config_lines) {
                let text = self
                    .platform
                    .invalid_input(self.prompt().len() + unknown_word_offset(line));
                self.print(text, out);
                return;
            }
        }
        if self.session_line(line, stored, out) || self.junos_file(line, stored, out) {
            return;
        }
        if junos && let Some(minutes) = line.strip_prefix("commit confirmed") {
            self.commit_confirmed(minutes.trim(), stored, out);
            return;
        }
        match line {
            "" => {}
            "end" if !junos => {
                if self.platform.commit() == Commit::Candidate && !self.candidate.is_empty() {
                    self.awaiting = Awaiting::UncommittedChanges;
                    out.push(ShellOutput::Data(
                        "Uncommitted changes found, commit them before exiting(yes/no/cancel)? [cancel]:".to_string(),
                    ));
                    return;
                }
                self.config = None;
            }
            "abort" if self.platform == SimPlatform::CiscoIosxr => {
                self.candidate.clear();
                self.config = None;
            }
            "exit configuration-mode" | "exit" | "quit" if junos => {
                self.candidate.clear();
                self.loaded = None;
                self.config = None;
                out.push(ShellOutput::Data(format!(
                    "Exiting configuration mode\r\n\r\n{}",
                    self.prompt()
                )));
                return;
            }
            "exit" => {
                let mut path = path;
                if path.pop().is_none() {
                    self.config = None;
                } else {
                    self.config = Some(path);
                }
            }
            "commit" if self.platform.commit() == Commit::Candidate => {
                // A plain commit also confirms a pending `commit confirmed`.
                stored.pending = None;
                self.commit_candidate(stored);
                if junos {
                    out.push(ShellOutput::Data(format!(
                        "commit complete\r\n{}",
                        self.prompt()
                    )));
                    return;
                }
            }
            _ if line.starts_with("do ") => {
                let saved = self.config.take();
                self.exec(&line[3..], stored, out);
                self.config = saved;
                if let Some(ShellOutput::Data(last)) = out.last_mut() {
                    // `do` prints the configuration prompt, not the exec one.
                    let exec_prompt =
                        self.platform
                            .prompt(&self.hostname, &self.user, self.privileged, None);
                    if let Some(stripped) = last.strip_suffix(&exec_prompt) {
                        *last = format!("{stripped}{}", self.prompt());
                    }
                }
                return;
            }
            _ if !self.accepts(line) => {
                let text = self
                    .platform
                    .invalid_input(self.prompt().len() + unknown_word_offset(line));
                self.print(text, out);
                return;
            }
            _ => {
                let session = self
                    .session
                    .as_ref()
                    .and_then(|name| stored.sessions.get_mut(name));
                match (session, self.platform.commit()) {
                    (Some(session), _) => session.apply(&path, line),
                    (None, Commit::Immediate) => stored.running.apply(&path, line),
                    (None, Commit::Candidate) => {
                        self.candidate.push((path.clone(), line.to_string()))
                    }
                }
                if !junos && context_of(line).is_some() && path.len() < 2 {
                    let mut deeper = path;
                    deeper.push(line.to_string());
                    self.config = Some(deeper);
                }
            }
        }
        out.push(ShellOutput::Data(self.prompt()));
    }

    /// Junos `commit confirmed [MINUTES]` (10 by default): commits, and rolls back by itself
    /// unless confirmed within that many minutes.
    fn commit_confirmed(&mut self, minutes: &str, stored: &mut Stored, out: &mut Vec<ShellOutput>) {
        let minutes = if minutes.is_empty() {
            Ok(10)
        } else {
            minutes.parse::<u32>()
        };
        let Ok(minutes) = minutes.map(|m| m.clamp(1, 65535)) else {
            let text = "error: invalid value for confirmed timeout\r\n".to_string();
            self.print(text, out);
            return;
        };
        let before = stored
            .pending
            .take()
            .map(|p| (p.running, p.startup))
            .unwrap_or_else(|| (stored.running.clone(), stored.startup.clone()));
        self.commit_candidate(stored);
        stored.await_confirmation(minutes, before);
        out.push(ShellOutput::Data(format!(
            "configuration check succeeds\r\ncommit confirmed will be automatically rolled back in {minutes} minutes unless confirmed\r\ncommit complete\r\n{}",
            self.prompt()
        )));
        if self.cut_off_on_confirmed {
            out.push(ShellOutput::Close);
        }
    }

    /// Whether a configuration line starts with a keyword the platform knows.
    fn accepts(&self, line: &str) -> bool {
        const CISCO: &[&str] = &[
            "hostname",
            "interface",
            "description",
            "ip",
            "ipv6",
            "no",
            "shutdown",
            "vlan",
            "name",
            "router",
            "neighbor",
            "network",
            "ntp",
            "logging",
            "snmp-server",
            "username",
            "enable",
            "service",
            "line",
            "transport",
            "switchport",
            "mtu",
            "speed",
            "duplex",
            "banner",
            "aaa",
            "spanning-tree",
            "access-list",
            "route-map",
            "vrf",
            "address-family",
            "redistribute",
            "channel-group",
            "feature",
            "management",
            "permit",
            "deny",
            "remote-as",
            "bgp",
            "match",
            "set",
            "clock",
            "domain",
            "exec-timeout",
            "login",
        ];
        let first = line.split_whitespace().next().unwrap_or("");
        match self.platform {
            SimPlatform::JuniperJunos => matches!(first, "set" | "delete"),
            _ => CISCO.contains(&first),
        }
    }

    /// Applies the candidate (over a configuration `load override` loaded, if any) and
    /// records the commit; on these platforms a commit is also what persists the change.
    pub(super) fn commit_candidate(&mut self, stored: &mut Stored) {
        if let Some(loaded) = self.loaded.take() {
            stored.running = loaded;
        }
        for (path, line) in self.candidate.drain(..) {
            if stored.running.has_path(&path) {
                stored.running.apply(&path, &line);
            }
            // IOS-XR sub-modes exist only once their parent line is committed.
        }
        stored.save();
        stored.record_commit();
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::{session, text};
    use crate::SimPlatform;

    #[test]
    fn configuration_mode_changes_the_running_config() {
        let (mut shell, mut stored) = session(SimPlatform::CiscoNxos);
        shell.input(b"configure terminal\n", &mut stored);
        assert!(
            text(shell.input(b"interface Ethernet1/9\n", &mut stored)).ends_with("r1(config-if)#")
        );
        shell.input(b"description added by test\n", &mut stored);
        shell.input(b"exit\n", &mut stored);
        shell.input(b"ntp server 192.0.2.1\n", &mut stored);
        let bad = text(shell.input(b"frobnicate\n", &mut stored));
        assert!(bad.contains("% Invalid command at '^' marker."), "{bad}");
        assert!(text(shell.input(b"end\n", &mut stored)).ends_with("r1#"));
        shell.input(b"terminal length 0\n", &mut stored);
        let config = text(shell.input(b"show running-config\n", &mut stored));
        assert!(
            config.contains("interface Ethernet1/9\r\n description added by test\r\n"),
            "{config}"
        );
        assert!(config.contains("ntp server 192.0.2.1\r\n"));
    }

    #[test]
    fn iosxr_and_junos_apply_only_on_commit() {
        let (mut shell, mut stored) = session(SimPlatform::CiscoIosxr);
        shell.input(
            b"terminal length 0\nconfigure\nntp server 192.0.2.9\n",
            &mut stored,
        );
        assert!(!stored.running.render("r1").contains("192.0.2.9"));
        shell.input(b"commit\nend\n", &mut stored);
        assert!(stored.running.render("r1").contains("ntp server 192.0.2.9"));

        let (mut shell, mut stored) = session(SimPlatform::JuniperJunos);
        assert!(shell.greeting().ends_with("admin@r1> "));
        let entered = text(shell.input(b"configure\n", &mut stored));
        assert!(entered.ends_with("[edit]\r\nadmin@r1# "), "{entered}");
        shell.input(b"set system ntp server 192.0.2.7\n", &mut stored);
        assert!(text(shell.input(b"commit\n", &mut stored)).contains("commit complete"));
        shell.input(b"exit\n", &mut stored);
        assert!(
            stored
                .running
                .render("r1")
                .contains("set system ntp server 192.0.2.7")
        );
        let unknown = text(shell.input(b"shwo version\n", &mut stored));
        assert!(unknown.contains("unknown command."), "{unknown}");
    }

    #[test]
    fn only_a_save_changes_the_startup_config() {
        for (platform, save) in [
            (SimPlatform::CiscoIos, "write memory"),
            (SimPlatform::CiscoNxos, "copy running-config startup-config"),
            (SimPlatform::AristaEos, "write memory"),
        ] {
            let (mut shell, mut stored) = session(platform);
            shell.input(b"enable\nen4ble\nterminal length 0\n", &mut stored);
            shell.input(
                b"configure terminal\nntp server 192.0.2.3\nend\n",
                &mut stored,
            );
            assert!(
                stored.running.render("r1").contains("192.0.2.3"),
                "{platform}"
            );
            let startup = text(shell.input(b"show startup-config\n", &mut stored));
            assert!(!startup.contains("192.0.2.3"), "{platform}: not saved yet");
            let saved = text(shell.input(format!("{save}\n").as_bytes(), &mut stored));
            assert!(saved.ends_with("r1#"), "{platform}: {saved}");
            assert_eq!(stored.startup, stored.running, "{platform}");
            let startup = text(shell.input(b"show startup-config\n", &mut stored));
            assert!(startup.contains("ntp server 192.0.2.3"), "{platform}");
        }

        let (mut shell, mut stored) = session(SimPlatform::JuniperJunos);
        shell.input(b"configure\nset system ntp server 192.0.2.4\n", &mut stored);
        assert_eq!(stored.startup, stored.running, "nothing committed yet");
        assert!(!stored.running.render("r1").contains("192.0.2.4"));
        shell.input(b"commit\n", &mut stored);
        assert!(stored.startup.render("r1").contains("192.0.2.4"));
    }

    #[test]
    fn a_fault_rejects_the_nth_configuration_line_and_nothing_else() {
        let (mut shell, mut stored) = session(SimPlatform::CiscoIos);
        shell.fail_config_line = Some(2);
        shell.input(b"enable\nen4ble\nconfigure terminal\n", &mut stored);
        shell.input(b"ntp server 192.0.2.1\n", &mut stored);
        let second = text(shell.input(b"ntp server 192.0.2.2\n", &mut stored));
        assert!(second.contains("% Invalid input detected"), "{second}");
        shell.input(b"ntp server 192.0.2.3\n", &mut stored);
        let running = stored.running.render("r1");
        assert!(running.contains("192.0.2.1") && running.contains("192.0.2.3"));
        assert!(
            !running.contains("192.0.2.2"),
            "the rejected line is not applied"
        );
        let typed = shell.take_typed();
        assert!(typed.contains(&"ntp server 192.0.2.2".to_string()));
        assert!(
            !typed.contains(&"en4ble".to_string()),
            "secrets are never kept"
        );
    }

    #[test]
    fn junos_commit_confirmed_rolls_back_unless_confirmed() {
        let (mut shell, mut stored) = session(SimPlatform::JuniperJunos);
        stored.minute = std::time::Duration::from_millis(5);
        let before = stored.running.clone();
        shell.input(b"configure\nset system ntp server 192.0.2.8\n", &mut stored);
        let answer = text(shell.input(b"commit confirmed 1\n", &mut stored));
        assert!(
            answer.contains("rolled back in 1 minutes unless confirmed"),
            "{answer}"
        );
        assert!(stored.running.render("r1").contains("192.0.2.8"));
        stored.expire(std::time::Instant::now() + std::time::Duration::from_millis(10));
        assert_eq!(stored.running, before, "not confirmed: rolled back");

        shell.input(
            b"set system ntp server 192.0.2.9\ncommit confirmed 1\ncommit\n",
            &mut stored,
        );
        stored.expire(std::time::Instant::now() + std::time::Duration::from_millis(10));
        assert!(
            stored.running.render("r1").contains("192.0.2.9"),
            "confirmed: kept"
        );
    }

    #[test]
    fn configure_replace_restores_a_flash_copy() {
        let (mut shell, mut stored) = session(SimPlatform::CiscoIos);
        shell.input(b"enable\nen4ble\n", &mut stored);
        shell.input(b"copy running-config flash:before.cfg\n", &mut stored);
        shell.input(
            b"configure terminal\nntp server 192.0.2.5\nend\n",
            &mut stored,
        );
        assert!(stored.running.render("r1").contains("192.0.2.5"));
        let done = text(shell.input(b"configure replace flash:before.cfg force\n", &mut stored));
        assert!(done.contains("Rollback Done"), "{done}");
        assert!(!stored.running.render("r1").contains("192.0.2.5"));
        let missing = text(shell.input(b"configure replace flash:nope.cfg force\n", &mut stored));
        assert!(
            missing.contains("%Error opening flash:nope.cfg"),
            "{missing}"
        );
    }
}
