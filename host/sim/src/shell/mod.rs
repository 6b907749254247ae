//! The device's command line: what it echoes and prints for what is typed. Pure, so every
//! platform's behaviour is tested without a network.

use std::collections::VecDeque;

use crate::SimPlatform;
use crate::personality::Commit;
use crate::running::{RunningConfig, context_of};
use crate::stored::Stored;

mod configure;
mod rollback;
mod sessions;

/// Lines per screen when paging is on.
const PAGE: usize = 24;
/// The command that shows one interface's block of the running configuration.
const SHOW_INTERFACE: &str = "show running-config interface ";

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
    /// The EOS configuration session configuration mode works in, if any.
    session: Option<String>,
    candidate: Vec<(Vec<String>, String)>,
    /// A configuration Junos `load override` put in the candidate, replacing the running one
    /// at the next commit.
    loaded: Option<RunningConfig>,
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
            session: None,
            candidate: Vec::new(),
            loaded: None,
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
        let context = self.config.as_ref().map(|path| {
            self.session_context(path.last().and_then(|last| context_of(last)).unwrap_or(""))
        });
        self.platform.prompt(
            &self.hostname,
            &self.user,
            self.privileged,
            context.as_deref(),
        )
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
        if self.session_exec(line, stored, out) || self.rollback_exec(line, stored, out) {
            return;
        }
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
            _ if !junos && self.privileged && line.starts_with(SHOW_INTERFACE) => {
                let name = line[SHOW_INTERFACE.len()..].trim();
                stored.running.interface_section(name).unwrap_or_else(|| {
                    self.platform
                        .invalid_input(self.prompt().len() + SHOW_INTERFACE.len())
                })
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

    pub(super) fn session(platform: SimPlatform) -> (Shell, Stored) {
        let shell = Shell::new(platform, "r1", "admin", "en4ble");
        let stored = Stored::parse(platform, &sample_config(platform, "r1", 2));
        (shell, stored)
    }

    pub(super) fn text(out: Vec<ShellOutput>) -> String {
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
    fn exit_closes_the_session() {
        let (mut shell, mut stored) = session(SimPlatform::CiscoIos);
        assert_eq!(
            shell.input(b"exit\n", &mut stored).last(),
            Some(&ShellOutput::Close)
        );
    }
}
