//! Pieces the Cisco-like platforms share.

use aurum_sdk::{Checkpoint, Command, Credential, Mode, Replacement, SafeApply, Step, Transition};

/// A host name as devices allow it in prompts.
/// The pagers of the shipped platforms (` --More-- `, `---(more 45%)---`, `<--- More --->`)
/// at the end of the output.
pub(crate) const PAGER: &str =
    r"(?i)(?:-+\s*\(?more(?:\s+\d+%)?\)?\s*-+|<-+\s*more\s*-+>|--\s*more\s*--)(?:\s*\(\d+%\))?\s*$";

pub(crate) const HOST: &str = r"[\w.\-@/:]{1,63}";

pub(crate) fn mode(name: &str, prompt: &str, exclusions: &[&str]) -> Mode {
    Mode {
        name: name.to_string(),
        prompt: prompt.to_string(),
        prompt_exclusions: exclusions.iter().map(|s| s.to_string()).collect(),
    }
}

pub(crate) fn transition(from: &str, to: &str, steps: Vec<Step>) -> Transition {
    Transition {
        from: from.to_string(),
        to: to.to_string(),
        steps,
    }
}

/// `enable`, answering the secret prompt if one comes.
pub(crate) fn enable() -> Vec<Step> {
    vec![
        Step::text_expect("enable", r"[Pp]assword:"),
        Step::secret(Credential::EnableSecret),
    ]
}

pub(crate) fn command(mode: &str, command: &str) -> Command {
    Command {
        mode: mode.to_string(),
        command: command.to_string(),
    }
}

pub(crate) fn replace(pattern: &str, replacement: &str) -> Replacement {
    Replacement {
        pattern: pattern.to_string(),
        replacement: replacement.to_string(),
    }
}

pub(crate) fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| s.to_string()).collect()
}

/// How a Cisco-like CLI differs from the others in its modes.
pub(crate) struct CiscoModes<'a> {
    /// What may stand before the host name in a prompt (IOS-XR's `RP/0/RP0/CPU0:`).
    pub node: &'a str,
    /// Characters allowed in the configuration sub-mode name, `(config-if)`.
    pub context: &'a str,
    /// Whether sessions may start unprivileged (`>`), reached with `enable`.
    pub exec: bool,
    /// The command that leaves configuration mode.
    pub leave_configuration: &'a str,
}

impl CiscoModes<'_> {
    /// The modes (exec when present, privileged, configuration) and the transitions between
    /// them, the same on every Cisco-like platform but for these details.
    pub(crate) fn build(&self) -> (Vec<Mode>, Vec<Transition>) {
        let (node, context) = (self.node, self.context);
        let mut modes = Vec::new();
        let mut transitions = Vec::new();
        if self.exec {
            modes.push(mode("exec", &format!("{node}{HOST}>"), &[]));
            transitions.push(transition("exec", "privileged", enable()));
            transitions.push(transition(
                "privileged",
                "exec",
                vec![Step::text("disable")],
            ));
        }
        modes.push(mode(
            "privileged",
            &format!("{node}{HOST}#"),
            &[r"\(config"],
        ));
        modes.push(mode(
            "configuration",
            &format!(r"{node}{HOST}\(config[{context}]{{0,32}}\)#"),
            &[],
        ));
        transitions.push(transition(
            "privileged",
            "configuration",
            vec![Step::text("configure terminal")],
        ));
        transitions.push(transition(
            "configuration",
            "privileged",
            vec![Step::text(self.leave_configuration)],
        ));
        (modes, transitions)
    }
}

/// A copy of the running configuration in flash before a change, restored with `configure
/// replace` (IOS and EOS).
pub(crate) fn flash_checkpoint() -> SafeApply {
    SafeApply {
        confirmed_commit: None,
        checkpoint: Some(Checkpoint {
            save: command("privileged", "copy running-config flash:{name}"),
            restore: command("privileged", "configure replace flash:{name} force"),
            name_from: None,
        }),
    }
}
