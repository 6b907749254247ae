//! How a platform applies a change so that a bad one undoes itself, and how it restores an
//! earlier configuration: its own section of the driver spec, because not every platform
//! has either and the host must not guess.
//!
//! Placeholders the host fills in: `{name}` (the deploy's name for its checkpoint or
//! configuration session, or the name a platform gave its checkpoint, see
//! [`Checkpoint::name_from`]), `{minutes}` and `{timer}` (the rollback timer as minutes, or as
//! `HH:MM:SS`).

use serde::{Deserialize, Serialize};

use crate::Command;

/// The safe-apply and rollback abilities of a platform. Both absent: a deploy saves with the
/// driver's save commands and a rollback is refused naming the platform.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct SafeApply {
    /// A commit the device rolls back by itself unless it is confirmed (Junos `commit
    /// confirmed N`, EOS configuration sessions with `commit timer`); replaces the save
    /// commands in a deploy.
    pub confirmed_commit: Option<ConfirmedCommit>,
    /// A copy of the running configuration kept on the device before a change, and the
    /// command that puts it back (IOS and EOS `configure replace`, NX-OS checkpoints, Junos
    /// `load override`, IOS-XR `rollback configuration to`).
    pub checkpoint: Option<Checkpoint>,
}

/// A commit with an automatic rollback timer, confirmed after a post-deploy check.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConfirmedCommit {
    /// Enters configuration mode for the change instead of the driver's transition, e.g. a
    /// named session whose lines reach the running configuration only at the commit (EOS:
    /// `configure session {name}` from privileged mode). None (the default, and every 0.2/0.3
    /// driver): the driver's transition to `configuration`.
    #[serde(default)]
    pub enter: Option<Command>,
    /// The commit that starts the timer; `{minutes}` is replaced by [`ConfirmedCommit::minutes`]
    /// and `{timer}` by the same time as `HH:MM:SS` (EOS `commit timer {timer}`).
    pub commit: Command,
    /// Minutes before the device rolls the commit back by itself.
    pub minutes: u32,
    /// Commands that must succeed after the commit before it is confirmed.
    #[serde(default)]
    pub check: Vec<Command>,
    /// The command that confirms the commit (Junos: `commit`; EOS: `configure session {name}
    /// commit`).
    pub confirm: Command,
    /// Discards the change when one of its lines is rejected, so nothing of it reaches the
    /// running configuration (EOS: `abort` inside the session). None: what was sent before
    /// the rejected line is left as it is (on a candidate platform it was never committed).
    #[serde(default)]
    pub abort: Option<Command>,
    /// Whether the driver's save commands run after the confirmation, for platforms whose
    /// commit changes only the running configuration (EOS: `write memory`).
    #[serde(default)]
    pub save_after: bool,
}

/// A named copy of the running configuration on the device, and its restore. A rollback
/// runs the restore, then the driver's save commands (which commit it on IOS-XR and Junos).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Checkpoint {
    /// Saves the running configuration; `{name}` is replaced by the checkpoint's name.
    pub save: Command,
    /// Replaces the running configuration with the checkpoint `{name}`.
    pub restore: Command,
    /// For platforms that name their own checkpoints: a regex over the save's output whose
    /// first group is the name the restore is given (IOS-XR: the last commit's id in `show
    /// configuration commit list 1`). A save whose output does not match fails the deploy
    /// before anything is sent. None (the default): the host names the checkpoint.
    #[serde(default)]
    pub name_from: Option<String>,
}

impl ConfirmedCommit {
    /// `command` with the timer placeholders filled in.
    pub fn with_timer(&self, command: &str) -> String {
        let seconds = u64::from(self.minutes) * 60;
        let timer = format!(
            "{:02}:{:02}:{:02}",
            seconds / 3600,
            (seconds / 60) % 60,
            seconds % 60
        );
        command
            .replace("{minutes}", &self.minutes.to_string())
            .replace("{timer}", &timer)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn command(text: &str) -> Command {
        Command {
            mode: "configuration".into(),
            command: text.into(),
        }
    }

    #[test]
    fn the_timer_is_given_in_minutes_or_as_hh_mm_ss() {
        let commit = ConfirmedCommit {
            enter: None,
            commit: command("commit timer {timer}"),
            minutes: 75,
            check: Vec::new(),
            confirm: command("commit"),
            abort: None,
            save_after: false,
        };
        assert_eq!(
            commit.with_timer("commit timer {timer}"),
            "commit timer 01:15:00"
        );
        assert_eq!(
            commit.with_timer("commit confirmed {minutes}"),
            "commit confirmed 75"
        );
    }

    #[test]
    fn a_0_3_spec_without_the_new_fields_still_reads() {
        let json = r#"{"confirmed_commit": {"commit": {"mode": "configuration", "command": "commit confirmed {minutes}"}, "minutes": 5, "confirm": {"mode": "configuration", "command": "commit"}},
                       "checkpoint": {"save": {"mode": "privileged", "command": "copy running-config flash:{name}"}, "restore": {"mode": "privileged", "command": "configure replace flash:{name} force"}}}"#;
        let safe: SafeApply = serde_json::from_str(json).unwrap();
        let commit = safe.confirmed_commit.unwrap();
        assert_eq!(
            (commit.enter, commit.abort, commit.save_after),
            (None, None, false)
        );
        assert_eq!(safe.checkpoint.unwrap().name_from, None);
    }
}
