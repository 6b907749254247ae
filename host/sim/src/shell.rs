//! The device's command line: what it echoes and prints for what is typed. Pure, so every
//! platform's behaviour is tested without a network.

use std::collections::VecDeque;

use crate::SimPlatform;
use crate::personality::Commit;
use crate::running::context_of;
use crate::stored::Stored;

/// Lines per screen when paging is on.
const PAGE: usize = 24;

/// What the shell asks its transport to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum ShellOutput {
    Data(String),
    Close,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Awaiting {
    Command,
    EnableSecret,
    /// The rest of a long output, waiting for a key at the pager.
    More(VecDeque<String>),
    /// IOS-XR asking what to do with uncommitted changes on `end`.
    UncommittedChanges,
}

/// One login session on a simulated device.
pub(crate) struct Shell {
    platform: SimPlatform,
    hostname: String,
    user: String,
    enable_secret: String,
    privileged: bool,
    paging: bool,
    /// `Some(path)` in configuration mode; the path names the sub-modes entered.
    config: Option<Vec<String>>,
    candidate: Vec<(Vec<String>, String)>,
    awaiting: Awaiting,
    line: String,
    after_cr: bool,
    /// Lines typed in configuration mode so far in this session.
    config_lines: usize,
    /// Fault: the configuration line with this number (from 1) is rejected.
    pub fail_config_line: Option<usize>,
    /// Fault: a `commit confirmed` cuts this session off, as a change that breaks management
    /// access would.
    pub cut_off_on_confirmed: bool,
    /// Every line typed (never a secret), for the device's accounting log.
    typed: Vec<String>,
}

impl Shell {
    pub fn new(platform: SimPlatform, hostname: &str, user: &str, enable_secret: &str) -> Shell {
        Shell {
            platform,
            hostname: hostname.to_string(),
            user: user.to_string(),
            enable_secret: enable_secret.to_string(),
            privileged: !platform.starts_unprivileged(),
            paging: true,
            config: None,
            candidate: Vec::new(),
            awaiting: Awaiting::Command,
            line: String::new(),
            after_cr: false,
            config_lines: 0,
            fail_config_line: None,
            cut_off_on_confirmed: false,
            typed: Vec::new(),
        }
    }

    /// The banner and first prompt.
    pub fn greeting(&self) -> String {
        format!("{}{}", self.platform.banner(&self.hostname), self.prompt())
    }

    pub fn prompt(&self) -> String {
        let context = self
            .config
            .as_ref()
            .map(|path| path.last().and_then(|last| context_of(last)).unwrap_or(""));
        self.platform
            .prompt(&self.hostname, &self.user, self.privileged, context)
    }

    /// The lines typed since the last call, secrets left out.
    pub fn take_typed(&mut self) -> Vec<String> {
        std::mem::take(&mut self.typed)
    }

    /// Feeds typed bytes; returns what the device sends back, in order.
    pub fn input(&mut self, bytes: &[u8], stored: &mut Stored) -> Vec<ShellOutput> {
        let mut out = Vec::new();
        for &byte in bytes {
            if let Awaiting::More(_) = self.awaiting {
                self.pager_key(byte, &mut out);
                continue;
            }
            // CR LF from a client ends one line, not two.
            let after_cr = std::mem::replace(&mut self.after_cr, byte == b'\r');
            if byte == b'\n' && after_cr {
                continue;
            }
            match byte {
                b'\r' | b'\n' => {
                    let line = std::mem::take(&mut self.line);
                    if self.awaiting != Awaiting::EnableSecret {
                        out.push(ShellOutput::Data("\r\n".to_string()));
                    }
                    self.execute(line.trim(), stored, &mut out);
                }
                0x7f | 0x08 => {
                    if self.line.pop().is_some() && self.awaiting != Awaiting::EnableSecret {
                        out.push(ShellOutput::Data("\u{8} \u{8}".to_string()));
                    }
                }
                byte => {
                    let ch = byte as char;
                    self.line.push(ch);
                    if self.awaiting != Awaiting::EnableSecret {
                        out.push(ShellOutput::Data(ch.to_string()));
                    }
                }
            }
        }
        merge(out)
    }

    fn pager_key(&mut self, byte: u8, out: &mut Vec<ShellOutput>) {
        let Awaiting::More(rest) = &mut self.awaiting else {
            return;
        };
        let clear = format!("\r{}\r", " ".repeat(self.platform.more().len()));
        let take = match byte {
            b' ' => PAGE - 1,
            b'\r' | b'\n' => 1,
            b'q' | b'Q' | 0x03 => {
                rest.clear();
                0
            }
            _ => return,
        };
        let mut text = clear;
        for _ in 0..take {
            match rest.pop_front() {
                Some(line) => {
                    text.push_str(&line);
                    text.push_str("\r\n");
                }
                None => break,
            }
        }
        if rest.is_empty() {
            self.awaiting = Awaiting::Command;
            text.push_str(&self.prompt());
        } else {
            text.push_str(self.platform.more());
        }
        out.push(ShellOutput::Data(text));
    }

    fn execute(&mut self, line: &str, stored: &mut Stored, out: &mut Vec<ShellOutput>) {
        if self.awaiting != Awaiting::EnableSecret && !line.is_empty() {
            self.typed.push(line.to_string());
        }
        match std::mem::replace(&mut self.awaiting, Awaiting::Command) {
            Awaiting::EnableSecret => {
                if line == self.enable_secret {
                    self.privileged = true;
                    out.push(ShellOutput::Data(format!("\r\n{}", self.prompt())));
                } else {
                    out.push(ShellOutput::Data(format!(
                        "\r\n% Access denied\r\n\r\n{}",
                        self.prompt()
                    )));
                }
                return;
            }
            Awaiting::UncommittedChanges => {
                match line {
                    "yes" => self.commit_candidate(stored),
                    "no" => self.candidate.clear(),
                    _ => {
                        out.push(ShellOutput::Data(self.prompt()));
                        return;
                    }
                }
                self.config = None;
                out.push(ShellOutput::Data(self.prompt()));
                return;
            }
            Awaiting::Command | Awaiting::More(_) => {}
        }
        if self.config.is_some() {
            self.configure(line, stored, out);
        } else {
            self.exec(line, stored, out);
        }
    }

    fn exec(&mut self, line: &str, stored: &mut Stored, out: &mut Vec<ShellOutput>) {
        let junos = self.platform == SimPlatform::JuniperJunos;
        let text = match line {
            "" => String::new(),
            _ if self.platform.is_paging_off(line) => {
                self.paging = false;
                String::new()
            }
            _ if line.starts_with("terminal width") || line == "set cli screen-width 0" => {
                String::new()
            }
            "enable" if !self.privileged => {
                self.awaiting = Awaiting::EnableSecret;
                out.push(ShellOutput::Data("Password: ".to_string()));
                return;
            }
            "enable" => String::new(),
            "disable" if self.platform.starts_unprivileged() => {
                self.privileged = false;
                String::new()
            }
            "exit" | "logout" | "quit" => {
                out.push(ShellOutput::Close);
                return;
            }
            "show version" => self.platform.version(&self.hostname),
            "show clock" => "*09:00:00.000 UTC Sat Nov 21 2026\r\n".to_string(),
            "show running-config" | "show run" if !junos && self.privileged => {
                stored.running.render(&self.hostname)
            }
            "show startup-config" | "show start"
                if self.platform.commit() == Commit::Immediate && self.privileged =>
            {
                stored.startup.render(&self.hostname)
            }
            "show configuration" | "show configuration | display set" if junos => {
                stored.running.render(&self.hostname)
            }
            "show system uptime" if junos => {
                "Current time: 2026-11-21 09:00:00 UTC\r\nSystem booted: 2026-08-01 09:00:00 UTC (16w1d 00:00 ago)\r\n".to_string()
            }
            _ if self.platform.has_flash() && self.privileged && line.starts_with("copy running-config flash:") => {
                let name = &line["copy running-config flash:".len()..];
                stored.files.insert(name.to_string(), stored.running.clone());
                format!("Copy in progress...\r\n{} bytes copied\r\n", stored.running.render(&self.hostname).len())
            }
            _ if self.platform.has_flash() && self.privileged && line.starts_with("configure replace flash:") => {
                let name = line["configure replace flash:".len()..].trim_end_matches(" force");
                match stored.files.get(name) {
                    Some(saved) => {
                        stored.running = saved.clone();
                        "Total number of passes: 1\r\nRollback Done\r\n".to_string()
                    }
                    None => format!("%Error opening flash:{name} (No such file or directory)\r\n"),
                }
            }
            "configure terminal" | "conf t" if !junos && self.privileged => {
                self.enter_config(out);
                return;
            }
            "configure"
                if matches!(
                    self.platform,
                    SimPlatform::CiscoIosxr | SimPlatform::JuniperJunos
                ) =>
            {
                self.enter_config(out);
                return;
            }
            "write memory" | "write" | "copy running-config startup-config"
                if self.platform.commit() == Commit::Immediate && self.privileged =>
            {
                stored.save();
                self.platform.saved().to_string()
            }
            _ => self
                .platform
                .invalid_input(self.prompt().len() + unknown_word_offset(line)),
        };
        self.print(text, out);
    }

    fn enter_config(&mut self, out: &mut Vec<ShellOutput>) {
        self.config = Some(Vec::new());
        let hint = match self.platform {
            SimPlatform::JuniperJunos => "Entering configuration mode\r\n",
            SimPlatform::CiscoIosxr => "",
            _ => "Enter configuration commands, one per line.  End with CNTL/Z.\r\n",
        };
        out.push(ShellOutput::Data(format!("{hint}{}", self.prompt())));
    }

    fn configure(&mut self, line: &str, stored: &mut Stored, out: &mut Vec<ShellOutput>) {
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
                match self.platform.commit() {
                    Commit::Immediate => stored.running.apply(&path, line),
                    Commit::Candidate => self.candidate.push((path.clone(), line.to_string())),
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

    /// Applies the candidate; on these platforms a commit is also what persists the change.
    fn commit_candidate(&mut self, stored: &mut Stored) {
        for (path, line) in self.candidate.drain(..) {
            if stored.running.has_path(&path) {
                stored.running.apply(&path, &line);
            }
            // IOS-XR sub-modes exist only once their parent line is committed.
        }
        stored.save();
    }

    /// Prints command output, paging it when paging is on, then the prompt.
    fn print(&mut self, text: String, out: &mut Vec<ShellOutput>) {
        let lines: Vec<&str> = text.split("\r\n").collect();
        let lines = match lines.last() {
            Some(&"") => &lines[..lines.len() - 1],
            _ => &lines[..],
        };
        if self.paging && lines.len() >= PAGE {
            let mut page = String::new();
            for line in &lines[..PAGE - 1] {
                page.push_str(line);
                page.push_str("\r\n");
            }
            page.push_str(self.platform.more());
            self.awaiting =
                Awaiting::More(lines[PAGE - 1..].iter().map(|l| l.to_string()).collect());
            out.push(ShellOutput::Data(page));
        } else {
            out.push(ShellOutput::Data(format!("{text}{}", self.prompt())));
        }
    }
}

/// Where the word a device would complain about starts: the second word of a `show`, else the
/// first.
fn unknown_word_offset(line: &str) -> usize {
    if line.starts_with("show ") { 5 } else { 0 }
}

/// Joins adjacent data chunks so the transport sends fewer, larger packets.
fn merge(out: Vec<ShellOutput>) -> Vec<ShellOutput> {
    let mut merged: Vec<ShellOutput> = Vec::with_capacity(out.len());
    for item in out {
        match (merged.last_mut(), item) {
            (Some(ShellOutput::Data(previous)), ShellOutput::Data(next)) => {
                previous.push_str(&next)
            }
            (_, item) => merged.push(item),
        }
    }
    merged
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sample_config;

    fn session(platform: SimPlatform) -> (Shell, Stored) {
        let shell = Shell::new(platform, "r1", "admin", "en4ble");
        let stored = Stored::parse(platform, &sample_config(platform, "r1", 2));
        (shell, stored)
    }

    fn text(out: Vec<ShellOutput>) -> String {
        out.into_iter()
            .map(|o| match o {
                ShellOutput::Data(d) => d,
                ShellOutput::Close => "<close>".to_string(),
            })
            .collect()
    }

    #[test]
    fn ios_enable_secret_and_invalid_input() {
        let (mut shell, mut stored) = session(SimPlatform::CiscoIos);
        assert!(shell.greeting().ends_with("r1>"));
        assert_eq!(
            text(shell.input(b"enable\n", &mut stored)),
            "enable\r\nPassword: "
        );
        assert_eq!(
            text(shell.input(b"wrong\n", &mut stored)),
            "\r\n% Access denied\r\n\r\nr1>"
        );
        shell.input(b"enable\n", &mut stored);
        assert_eq!(text(shell.input(b"en4ble\n", &mut stored)), "\r\nr1#");
        let invalid = text(shell.input(b"show verison\n", &mut stored));
        assert_eq!(
            invalid,
            "show verison\r\n        ^\r\n% Invalid input detected at '^' marker.\r\nr1#"
        );
    }

    #[test]
    fn paging_until_turned_off() {
        let (mut shell, mut stored) = session(SimPlatform::AristaEos);
        shell.input(b"enable\r", &mut stored);
        shell.input(b"en4ble\r", &mut stored);
        let first = text(shell.input(b"show running-config\r\n", &mut stored));
        assert!(first.ends_with(" --More-- "), "{first}");
        let rest = text(shell.input(b" ", &mut stored));
        let rest = if rest.ends_with(" --More-- ") {
            text(shell.input(b"q", &mut stored))
        } else {
            rest
        };
        assert!(rest.ends_with("r1#"), "{rest}");
        shell.input(b"terminal length 0\n", &mut stored);
        let whole = text(shell.input(b"show running-config\n", &mut stored));
        assert!(
            !whole.contains("--More--") && whole.ends_with("end\r\nr1#"),
            "{whole}"
        );
    }

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

    #[test]
    fn exit_closes_the_session() {
        let (mut shell, mut stored) = session(SimPlatform::CiscoIos);
        assert_eq!(
            shell.input(b"exit\n", &mut stored).last(),
            Some(&ShellOutput::Close)
        );
    }
}
