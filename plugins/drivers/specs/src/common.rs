//! Pieces the Cisco-like platforms share.

use aurum_sdk::{Command, Credential, Mode, Replacement, Step, Transition};

/// A host name as devices allow it in prompts.
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

/// Secrets every Cisco-like backup masks: SNMP communities, user and enable secrets.
pub(crate) fn cisco_secret_masks() -> Vec<Replacement> {
    vec![
        replace(r"^(snmp-server community) \S+", "$1 <removed>"),
        // `secret 9 HASH` on IOS, `secret sha512 HASH` on EOS.
        replace(
            r"^(username \S+ .*(?:secret|password) (?:\d+|sha512)) \S+",
            "$1 <removed>",
        ),
        // Nested under a user, as IOS-XR writes it.
        replace(r"^(\s+(?:secret|password) \d+) \S+", "$1 <removed>"),
        replace(r"^(enable (?:secret|password) \d+) \S+", "$1 <removed>"),
    ]
}
