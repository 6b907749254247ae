//! One committer per repository at a time, across every process sharing the database: on
//! PostgreSQL a transaction-scoped advisory lock keyed by the repository (held until the
//! guard is released or dropped, and released by the server if the process dies); on SQLite,
//! where the processes share one machine and usually one process, a lock in this process.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

use sha2::{Digest, Sha256};

use crate::error::QueryContext;
use crate::{DbKind, Store, StoreError};

/// Held while a repository is committed to and pushed; dropping it releases the lock.
pub struct CommitLock {
    _transaction: Option<sqlx::Transaction<'static, sqlx::Any>>,
    _local: tokio::sync::OwnedMutexGuard<()>,
}

/// This process's lock per repository key.
fn local_locks() -> &'static Mutex<HashMap<i64, Arc<tokio::sync::Mutex<()>>>> {
    static LOCKS: OnceLock<Mutex<HashMap<i64, Arc<tokio::sync::Mutex<()>>>>> = OnceLock::new();
    LOCKS.get_or_init(Mutex::default)
}

/// A stable 64-bit key for a repository (its path or URL).
fn key(repository: &str) -> i64 {
    let digest = Sha256::digest(repository.as_bytes());
    i64::from_be_bytes(digest[..8].try_into().expect("eight bytes"))
}

impl Store {
    /// Waits until no other committer (in this process, or on PostgreSQL in any process)
    /// holds `repository`, then holds it until the returned guard is dropped.
    pub async fn lock_repository(&self, repository: &str) -> Result<CommitLock, StoreError> {
        let key = key(repository);
        // The local lock first: tasks of this process queue here without a connection each.
        let local = local_locks()
            .lock()
            .expect("never poisoned: no panics inside")
            .entry(key)
            .or_default()
            .clone();
        let local = local.lock_owned().await;
        let transaction = match self.kind() {
            DbKind::Sqlite => None,
            DbKind::Postgres => {
                let mut tx = self
                    .pool
                    .begin()
                    .await
                    .context("starting to lock a repository")?;
                sqlx::query("SELECT pg_advisory_xact_lock($1)::text")
                    .bind(key)
                    .execute(&mut *tx)
                    .await
                    .context("waiting for the repository's commit lock")?;
                Some(tx)
            }
        };
        Ok(CommitLock {
            _transaction: transaction,
            _local: local,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_stable_and_differ_by_repository() {
        assert_eq!(key("/data/repos/backups"), key("/data/repos/backups"));
        assert_ne!(key("/data/repos/backups"), key("/data/repos/intended"));
    }
}
