//! Arista EOS configuration sessions: `configure session NAME` works on a copy of the running
//! configuration that reaches it only at `commit`; `commit timer HH:MM:SS` applies it and rolls
//! it back by itself unless `configure session NAME commit` confirms it in time; `abort`
//! throws a session away; `show configuration sessions` lists them.

use super::{Shell, ShellOutput};
use crate::SimPlatform;
use crate::stored::Stored;

/// How many characters of a session's name its prompt shows, as EOS does.
const PROMPT_NAME: usize = 6;

impl Shell {
    /// The prompt's configuration context inside a session, `s-NAME` (then `-CONTEXT` in a
    /// sub-mode), or `context` as it is outside one.
    pub(super) fn session_context(&self, context: &str) -> String {
        match &self.session {
            None => context.to_string(),
            Some(name) => {
                let shown: String = name.chars().take(PROMPT_NAME).collect();
                match context {
                    "" => format!("s-{shown}"),
                    context => format!("s-{shown}-{context}"),
                }
            }
        }
    }

    /// `configure session NAME [commit | abort]` and `show configuration sessions` in
    /// privileged mode; false when `line` is none of them (or this is not EOS).
    pub(super) fn session_exec(
        &mut self,
        line: &str,
        stored: &mut Stored,
        out: &mut Vec<ShellOutput>,
    ) -> bool {
        if self.platform != SimPlatform::AristaEos || !self.privileged {
            return false;
        }
        if line == "show configuration sessions" {
            let text = list_sessions(stored);
            self.print(text, out);
            return true;
        }
        let Some(rest) = line.strip_prefix("configure session") else {
            return false;
        };
        let words: Vec<&str> = rest.split_whitespace().collect();
        let text = match words.as_slice() {
            [name] => {
                let running = stored.running.clone();
                stored.sessions.entry(name.to_string()).or_insert(running);
                self.session = Some(name.to_string());
                self.enter_config(out);
                return true;
            }
            [name, "commit"] => commit_session(name, stored),
            [name, "abort"] => abort_session(name, stored),
            _ => "% Incomplete command\r\n".to_string(),
        };
        self.print(text, out);
        true
    }

    /// A line typed inside a session that ends it or commits it; false for any other line
    /// (which changes the session's copy, not the running configuration).
    pub(super) fn session_line(
        &mut self,
        line: &str,
        stored: &mut Stored,
        out: &mut Vec<ShellOutput>,
    ) -> bool {
        let Some(name) = self.session.clone() else {
            return false;
        };
        let at_top = self.config.as_ref().is_some_and(|path| path.is_empty());
        let text = match line {
            "commit" => {
                if let Some(config) = stored.sessions.remove(&name) {
                    stored.running = config;
                }
                String::new()
            }
            "abort" => {
                stored.sessions.remove(&name);
                String::new()
            }
            // The session stays, pending, until it is committed or aborted.
            "end" => String::new(),
            "exit" if at_top => String::new(),
            _ => match line.strip_prefix("commit timer ") {
                None => return false,
                Some(timer) => match parse_timer(timer) {
                    None => "% Invalid input (the timer is HH:MM:SS)\r\n".to_string(),
                    Some(seconds) => {
                        self.commit_with_timer(&name, seconds, stored);
                        String::new()
                    }
                },
            },
        };
        if !text.is_empty() {
            self.print(text, out);
            return true;
        }
        self.config = None;
        self.session = None;
        out.push(ShellOutput::Data(self.prompt()));
        if line.starts_with("commit timer") && self.cut_off_on_confirmed {
            out.push(ShellOutput::Close);
        }
        true
    }

    /// Applies the session and starts its timer: unless confirmed within `seconds` of device
    /// time, the device puts back what it replaced.
    fn commit_with_timer(&mut self, name: &str, seconds: u64, stored: &mut Stored) {
        let Some(config) = stored.sessions.remove(name) else {
            return;
        };
        let before = stored
            .pending
            .take()
            .map(|p| (p.running, p.startup))
            .unwrap_or_else(|| (stored.running.clone(), stored.startup.clone()));
        stored.running = config;
        let after = stored.minute.mul_f64(seconds as f64 / 60.0);
        stored.await_confirmation_for(after, before, Some(name.to_string()));
    }
}

/// `configure session NAME commit`: confirms the session's timed commit, or commits a
/// session not committed yet.
fn commit_session(name: &str, stored: &mut Stored) -> String {
    if stored
        .pending
        .as_ref()
        .is_some_and(|p| p.session.as_deref() == Some(name))
    {
        stored.pending = None;
        return String::new();
    }
    match stored.sessions.remove(name) {
        Some(config) => {
            stored.running = config;
            String::new()
        }
        None => format!("% Session {name} does not exist\r\n"),
    }
}

/// `configure session NAME abort`: rolls a timed commit back now, or throws the session away.
fn abort_session(name: &str, stored: &mut Stored) -> String {
    if stored
        .pending
        .as_ref()
        .is_some_and(|p| p.session.as_deref() == Some(name))
        && let Some(pending) = stored.pending.take()
    {
        stored.running = pending.running;
        stored.startup = pending.startup;
        return String::new();
    }
    match stored.sessions.remove(name) {
        Some(_) => String::new(),
        None => format!("% Session {name} does not exist\r\n"),
    }
}

fn list_sessions(stored: &Stored) -> String {
    let mut text = String::from(
        "Maximum number of completed sessions: 1\r\nMaximum number of pending sessions: 5\r\n\r\n  Name                 State                     \r\n  -------------------- --------------------------\r\n",
    );
    if let Some(name) = stored.pending.as_ref().and_then(|p| p.session.as_ref()) {
        text.push_str(&format!("  {name:<20} pending-commit-timer\r\n"));
    }
    for name in stored.sessions.keys() {
        text.push_str(&format!("  {name:<20} pending\r\n"));
    }
    text
}

/// `HH:MM:SS` in seconds.
fn parse_timer(timer: &str) -> Option<u64> {
    let parts: Vec<u64> = timer
        .trim()
        .split(':')
        .map(|p| p.parse().ok())
        .collect::<Option<_>>()?;
    match parts.as_slice() {
        [h, m, s] if *m < 60 && *s < 60 => Some(h * 3600 + m * 60 + s),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use std::time::{Duration, Instant};

    use super::super::tests::{session, text};
    use super::*;

    /// How long a timer of `seconds` lasts on a device whose minutes last `minute`.
    fn device_time(minute: Duration, seconds: u64) -> Duration {
        minute.mul_f64(seconds as f64 / 60.0)
    }

    fn privileged() -> (Shell, Stored) {
        let (mut shell, mut stored) = session(SimPlatform::AristaEos);
        shell.input(b"enable\nen4ble\nterminal length 0\n", &mut stored);
        (shell, stored)
    }

    #[test]
    fn a_session_changes_nothing_until_it_is_committed() {
        let (mut shell, mut stored) = privileged();
        let entered = text(shell.input(b"configure session aurum-plan-7\n", &mut stored));
        assert!(entered.ends_with("r1(config-s-aurum-)#"), "{entered}");
        let sub = text(shell.input(b"interface Ethernet9\n", &mut stored));
        assert!(sub.ends_with("r1(config-s-aurum--if)#"), "{sub}");
        shell.input(b"description in a session\nexit\n", &mut stored);
        shell.input(b"ntp server 192.0.2.44\n", &mut stored);
        assert!(!stored.running.render("r1").contains("192.0.2.44"));
        let listed = text(shell.input(b"do show configuration sessions\n", &mut stored));
        assert!(listed.contains("aurum-plan-7"), "{listed}");
        assert!(text(shell.input(b"commit\n", &mut stored)).ends_with("r1#"));
        let running = stored.running.render("r1");
        assert!(running.contains("ntp server 192.0.2.44"), "{running}");
        assert!(running.contains("description in a session"), "{running}");
        assert!(stored.sessions.is_empty());

        shell.input(
            b"configure session other\nntp server 192.0.2.45\nabort\n",
            &mut stored,
        );
        assert!(!stored.running.render("r1").contains("192.0.2.45"));
        let gone = text(shell.input(b"configure session other commit\n", &mut stored));
        assert!(gone.contains("% Session other does not exist"), "{gone}");
    }

    #[test]
    fn a_timed_commit_rolls_back_unless_confirmed() {
        let (mut shell, mut stored) = privileged();
        stored.minute = Duration::from_millis(60);
        let before = stored.running.clone();
        shell.input(
            b"configure session s1\nntp server 192.0.2.46\n",
            &mut stored,
        );
        let committed = text(shell.input(b"commit timer 00:01:00\n", &mut stored));
        assert!(committed.ends_with("r1#"), "{committed}");
        assert!(stored.running.render("r1").contains("192.0.2.46"));
        let listed = text(shell.input(b"show configuration sessions\n", &mut stored));
        assert!(
            listed.contains("s1                   pending-commit-timer"),
            "{listed}"
        );
        stored.expire(Instant::now() + device_time(stored.minute, 61));
        assert_eq!(stored.running, before, "not confirmed: rolled back");

        shell.input(
            b"configure session s2\nntp server 192.0.2.47\ncommit timer 00:01:00\n",
            &mut stored,
        );
        assert_eq!(
            text(shell.input(b"configure session s2 commit\n", &mut stored)),
            "configure session s2 commit\r\nr1#"
        );
        stored.expire(Instant::now() + device_time(stored.minute, 61));
        assert!(
            stored.running.render("r1").contains("192.0.2.47"),
            "confirmed: kept"
        );
        assert_eq!(parse_timer("00:05:00"), Some(300));
        assert_eq!(parse_timer("5"), None);
    }

    #[test]
    fn a_cut_off_timed_commit_closes_the_session() {
        let (mut shell, mut stored) = privileged();
        shell.cut_off_on_confirmed = true;
        shell.input(
            b"configure session s3\nntp server 192.0.2.48\n",
            &mut stored,
        );
        let out = shell.input(b"commit timer 00:05:00\n", &mut stored);
        assert_eq!(out.last(), Some(&ShellOutput::Close));
        assert!(stored.pending.is_some());
    }
}
