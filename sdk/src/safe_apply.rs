//! How a platform applies a change so that a bad one undoes itself, and how it restores an
//! earlier configuration: its own section of the driver spec, because not every platform
//! has either and the host must not guess.

use serde::{Deserialize, Serialize};

use crate::Command;

/// The safe-apply and rollback abilities of a platform. Both absent: a deploy saves with the
/// driver's save commands and a rollback is refused naming the platform.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct SafeApply {
    /// A commit the device rolls back by itself unless it is confirmed (Junos `commit
    /// confirmed N`); replaces the save commands in a deploy.
    pub confirmed_commit: Option<ConfirmedCommit>,
    /// A copy of the running configuration kept on the device before a change, and the
    /// command that puts it back (IOS and EOS `configure replace`).
    pub checkpoint: Option<Checkpoint>,
}

/// A commit with an automatic rollback timer, confirmed after a post-deploy check.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConfirmedCommit {
    /// The commit that starts the timer; `{minutes}` is replaced by [`ConfirmedCommit::minutes`].
    pub commit: Command,
    /// Minutes before the device rolls the commit back by itself.
    pub minutes: u32,
    /// Commands that must succeed after the commit before it is confirmed.
    #[serde(default)]
    pub check: Vec<Command>,
    /// The command that confirms the commit (Junos: `commit`).
    pub confirm: Command,
}

/// A named copy of the running configuration on the device, and its restore.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Checkpoint {
    /// Saves the running configuration; `{name}` is replaced by the checkpoint's name.
    pub save: Command,
    /// Replaces the running configuration with the checkpoint `{name}`.
    pub restore: Command,
}
