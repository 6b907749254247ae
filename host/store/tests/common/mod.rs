#![allow(dead_code)] // each test binary uses a different part of this module
//! Every store test runs on both databases: SQLite in a temporary directory and PostgreSQL in
//! a schema of its own, so parallel runs (and parallel CI jobs) never see each other's rows.

use std::sync::atomic::{AtomicUsize, Ordering};

use aurum_store::{Store, StoreOptions};

/// Where the PostgreSQL of the test machine is; CI sets nothing and gets the default.
pub fn postgres_url() -> String {
    std::env::var("AURUM_TEST_POSTGRES_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/test".to_string())
}

/// The test database's URL with a password in its userinfo and again as `password=`, as an
/// operator may write it, and that password. The test machine trusts loopback, so an added
/// password does no harm; a password the URL already has is reused.
pub fn postgres_url_with_passwords() -> (String, String) {
    let url = postgres_url();
    let (scheme, rest) = url.split_once("://").expect("a postgres:// URL");
    let (userinfo, host) = rest.split_once('@').expect("a postgres URL with a user");
    let (url, password) = match userinfo.split_once(':') {
        Some((_, password)) => (url.clone(), password.to_string()),
        None => (
            format!("{scheme}://{userinfo}:hunter2-secret@{host}"),
            "hunter2-secret".to_string(),
        ),
    };
    let separator = if url.contains('?') { '&' } else { '?' };
    (format!("{url}{separator}password={password}"), password)
}

pub struct TestDb {
    pub store: Store,
    pub url: String,
    pub options: StoreOptions,
    _dir: Option<tempfile::TempDir>,
}

impl TestDb {
    pub async fn sqlite() -> TestDb {
        let dir = tempfile::tempdir().unwrap();
        let url = format!("sqlite://{}", dir.path().join("aurum.db").display());
        let options = StoreOptions::default();
        let store = Store::open(&url, &options).await.unwrap();
        TestDb {
            store,
            url,
            options,
            _dir: Some(dir),
        }
    }

    pub async fn postgres() -> TestDb {
        TestDb::postgres_at(postgres_url()).await
    }

    /// A store in a schema of its own on the PostgreSQL at `url`.
    pub async fn postgres_at(url: String) -> TestDb {
        static COUNTER: AtomicUsize = AtomicUsize::new(0);
        let schema = format!(
            "aurum_test_{}_{}_{}",
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::Relaxed),
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap()
                .subsec_nanos()
        );
        let options = StoreOptions {
            postgres_schema: Some(schema),
            max_connections: 4,
            ..StoreOptions::default()
        };
        let store = Store::open(&url, &options).await.unwrap_or_else(|e| {
            panic!("PostgreSQL is required for the store tests (set AURUM_TEST_POSTGRES_URL): {e}")
        });
        TestDb {
            store,
            url,
            options,
            _dir: None,
        }
    }

    /// Opens the same database again, as a restarted process would.
    pub async fn reopen(&self) -> Result<Store, aurum_store::StoreError> {
        Store::open(&self.url, &self.options).await
    }

    /// Drops the PostgreSQL schema; the SQLite directory goes with the value.
    pub async fn cleanup(self) {
        self.store.close().await;
        if let Some(schema) = &self.options.postgres_schema {
            use sqlx::{Connection, Executor};
            let mut conn = sqlx::AnyConnection::connect(&self.url).await.unwrap();
            conn.execute(sqlx::AssertSqlSafe(format!(
                "DROP SCHEMA \"{schema}\" CASCADE"
            )))
            .await
            .unwrap();
            conn.close().await.unwrap();
        }
    }
}

/// Declares one test per backend for an `async fn(&TestDb)`.
#[macro_export]
macro_rules! on_both_databases {
    ($($name:ident),+ $(,)?) => {
        $(
            mod $name {
                #[tokio::test]
                async fn sqlite() {
                    let db = $crate::common::TestDb::sqlite().await;
                    super::$name(&db).await;
                    db.cleanup().await;
                }

                #[tokio::test]
                async fn postgres() {
                    let db = $crate::common::TestDb::postgres().await;
                    super::$name(&db).await;
                    db.cleanup().await;
                }
            }
        )+
    };
}
