//! What a device keeps: the running configuration it works with, the startup configuration
//! it boots from, named copies (flash files, NX-OS checkpoints, Junos saved files), the
//! commit database of the commit platforms, EOS configuration sessions not committed yet, and
//! a commit waiting for its confirmation. Only a save changes the startup configuration, so a
//! test can tell a change that was saved from one that would be lost at the next reload.

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use crate::SimPlatform;
use crate::running::RunningConfig;

/// The configurations of one device.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Stored {
    pub running: RunningConfig,
    pub startup: RunningConfig,
    /// Copies saved with `copy running-config flash:NAME`, NX-OS `checkpoint NAME` or Junos
    /// `save PATH`, by name.
    pub files: BTreeMap<String, RunningConfig>,
    /// A `commit confirmed` (or EOS `commit timer`) not confirmed yet: the device rolls it
    /// back at its deadline.
    pub pending: Option<PendingCommit>,
    /// EOS configuration sessions entered and not committed or aborted: each a copy of the
    /// running configuration with the session's lines applied.
    pub sessions: BTreeMap<String, RunningConfig>,
    /// The commit database of IOS-XR and Junos, oldest first: each commit's id and the
    /// configuration it left.
    pub commits: Vec<(u64, RunningConfig)>,
    /// How long a minute of a commit-confirmed timer lasts (shorter in tests).
    pub minute: Duration,
}

/// What a confirmed commit replaced, and when the device puts it back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct PendingCommit {
    pub deadline: Instant,
    pub running: RunningConfig,
    pub startup: RunningConfig,
    /// The EOS configuration session the commit came from; `configure session NAME commit`
    /// confirms it.
    pub session: Option<String>,
}

/// The id of a device's first commit (IOS-XR numbers its commits from 1000000001).
const FIRST_COMMIT: u64 = 1_000_000_001;

impl Stored {
    /// A device that booted from `text`: both configurations start equal.
    pub(crate) fn parse(platform: SimPlatform, text: &str) -> Stored {
        let running = RunningConfig::parse(platform, text);
        Stored {
            startup: running.clone(),
            commits: vec![(FIRST_COMMIT, running.clone())],
            running,
            files: BTreeMap::new(),
            pending: None,
            sessions: BTreeMap::new(),
            minute: Duration::from_secs(60),
        }
    }

    /// Records the running configuration as a new commit; returns its id.
    pub(crate) fn record_commit(&mut self) -> u64 {
        let id = self.commits.last().map_or(FIRST_COMMIT, |(id, _)| id + 1);
        self.commits.push((id, self.running.clone()));
        id
    }

    /// `write memory`, `copy running-config startup-config`, or a commit on the platforms
    /// where a commit is what persists a change (IOS-XR, Junos).
    pub(crate) fn save(&mut self) {
        self.startup = self.running.clone();
    }

    /// Starts the rollback timer of a confirmed commit: `before` is what the commit replaced.
    pub(crate) fn await_confirmation(
        &mut self,
        minutes: u32,
        before: (RunningConfig, RunningConfig),
    ) {
        self.await_confirmation_for(self.minute * minutes, before, None);
    }

    /// Starts a rollback timer of `after` (device time: minutes last [`Stored::minute`]),
    /// for the EOS session `session` when there is one.
    pub(crate) fn await_confirmation_for(
        &mut self,
        after: Duration,
        before: (RunningConfig, RunningConfig),
        session: Option<String>,
    ) {
        self.pending = Some(PendingCommit {
            deadline: Instant::now() + after,
            running: before.0,
            startup: before.1,
            session,
        });
    }

    /// Rolls an unconfirmed commit back once its deadline has passed, as the device's timer
    /// would; called whenever the device is looked at, so the effect is the same as a timer.
    pub(crate) fn expire(&mut self, now: Instant) {
        if self.pending.as_ref().is_some_and(|p| p.deadline <= now)
            && let Some(pending) = self.pending.take()
        {
            self.running = pending.running;
            self.startup = pending.startup;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unconfirmed_commit_is_rolled_back_at_its_deadline() {
        let mut stored = Stored::parse(SimPlatform::JuniperJunos, "set system host-name r1\n");
        stored.minute = Duration::from_millis(10);
        let before = (stored.running.clone(), stored.startup.clone());
        stored.running.apply(&[], "set system ntp server 192.0.2.1");
        stored.save();
        stored.await_confirmation(1, before.clone());
        stored.expire(Instant::now());
        assert!(stored.running.render("r1").contains("192.0.2.1"), "not yet");
        stored.expire(Instant::now() + Duration::from_millis(20));
        assert_eq!((stored.running.clone(), stored.startup.clone()), before);
        assert!(stored.pending.is_none());
    }
}
