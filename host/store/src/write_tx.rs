//! Write transactions, one writer at a time per SQLite file in this process.
//!
//! SQLite has one writer. A connection that finds the write lock taken waits in SQLite's busy
//! handler, which sleeps (1, 2, 5, 10, 15, 20, 25 ... ms) and tries again instead of being told
//! when the lock is free. Under a job's hundred concurrent device tasks, writers slept while
//! the lock sat free and held pool connections that readers needed: the backup job kept about
//! 1.2 of 2 cores busy. Here writers of one process queue on an async mutex instead, handed
//! over at once in arrival order, and only the first in line holds a connection. The busy
//! timeout remains for writers in other processes (`aurum worker`s on one data directory).

use std::collections::HashMap;
use std::ops::{Deref, DerefMut};
use std::sync::{Arc, Mutex, OnceLock};

use sqlx::{Any, AnyConnection, Transaction};

use crate::{DbKind, Store};

/// A transaction that reads, then writes; derefs to its connection, as a `Transaction` does.
pub(crate) struct WriteTx {
    tx: Transaction<'static, Any>,
    /// This process's turn on the SQLite file, released with the transaction.
    _turn: Option<tokio::sync::OwnedMutexGuard<()>>,
}

impl WriteTx {
    pub(crate) async fn commit(self) -> Result<(), sqlx::Error> {
        self.tx.commit().await
    }

    pub(crate) async fn rollback(self) -> Result<(), sqlx::Error> {
        self.tx.rollback().await
    }
}

impl Deref for WriteTx {
    type Target = AnyConnection;

    fn deref(&self) -> &AnyConnection {
        &self.tx
    }
}

impl DerefMut for WriteTx {
    fn deref_mut(&mut self) -> &mut AnyConnection {
        &mut self.tx
    }
}

/// The writer turn of each SQLite file this process has opened, by URL: stores opened twice on
/// one file share it.
pub(crate) fn writer_turn(url: &str) -> Arc<tokio::sync::Mutex<()>> {
    static TURNS: OnceLock<Mutex<HashMap<String, Arc<tokio::sync::Mutex<()>>>>> = OnceLock::new();
    TURNS
        .get_or_init(Mutex::default)
        .lock()
        .expect("never poisoned: no panics inside")
        .entry(url.to_owned())
        .or_default()
        .clone()
}

impl Store {
    /// A transaction that reads, then writes. On SQLite it waits for this process's writer
    /// turn, then takes the write lock at once (`BEGIN IMMEDIATE`), so concurrent writers
    /// (device tasks of one job) wait their turn instead of failing with "database is locked"
    /// when a read transaction tries to become a write one.
    pub(crate) async fn begin_write(&self) -> Result<WriteTx, sqlx::Error> {
        match self.kind() {
            DbKind::Sqlite => {
                let turn = self.writer.clone().lock_owned().await;
                let tx = self.pool.begin_with("BEGIN IMMEDIATE").await?;
                Ok(WriteTx {
                    tx,
                    _turn: Some(turn),
                })
            }
            DbKind::Postgres => Ok(WriteTx {
                tx: self.pool.begin().await?,
                _turn: None,
            }),
        }
    }
}
