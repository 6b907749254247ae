//! Opening a store: migrations on first start, refusing a schema from a newer Aurum.

mod common;

use aurum_store::{StoreError, StoreOptions};
use common::TestDb;

async fn migrations_run_once_and_reopen_is_idempotent(db: &TestDb) {
    let supported = db.store.supported_schema_version();
    assert!(supported >= 1);
    assert_eq!(db.store.schema_version().await.unwrap(), Some(supported));
    let again = db.reopen().await.unwrap();
    assert_eq!(again.schema_version().await.unwrap(), Some(supported));
    again.ping().await.unwrap();
    again.close().await;
}

async fn a_newer_schema_is_refused_with_a_clear_error(db: &TestDb) {
    sqlx::query(
        "INSERT INTO _sqlx_migrations (version, description, success, checksum, execution_time) \
         VALUES ($1, 'from the future', TRUE, $2, 0)",
    )
    .bind(9_000_000_000_i64)
    .bind(vec![0_u8; 48])
    .execute(&db.store.pool_for_tests())
    .await
    .unwrap();
    let err = db.reopen().await.unwrap_err();
    assert!(
        matches!(
            err,
            StoreError::SchemaTooNew {
                found: 9_000_000_000,
                ..
            }
        ),
        "{err:?}"
    );
    let message = err.to_string();
    assert!(
        message.contains("newer than this Aurum") && message.contains("upgrade Aurum"),
        "{message}"
    );
}

on_both_databases!(
    migrations_run_once_and_reopen_is_idempotent,
    a_newer_schema_is_refused_with_a_clear_error,
);

#[tokio::test]
async fn sqlite_uses_wal_and_lives_in_the_data_dir() {
    let dir = tempfile::tempdir().unwrap();
    let data_dir = dir.path().join("nested").join("data");
    let store = aurum_store::Store::open_in_data_dir(&data_dir, &StoreOptions::default())
        .await
        .unwrap();
    assert!(data_dir.join("aurum.db").exists());
    let (mode,): (String,) = sqlx::query_as("PRAGMA journal_mode")
        .fetch_one(&store.pool_for_tests())
        .await
        .unwrap();
    assert_eq!(mode, "wal");
    store.close().await;
}

#[tokio::test]
async fn an_unreachable_postgres_names_the_url_without_the_password() {
    let options = StoreOptions {
        connect_timeout: std::time::Duration::from_secs(2),
        ..StoreOptions::default()
    };
    // Port 1 on loopback: nothing listens there.
    let err = aurum_store::Store::open("postgres://aurum:s3cret@127.0.0.1:1/aurum", &options)
        .await
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("postgres://aurum:***@127.0.0.1:1/aurum"),
        "{err}"
    );
    assert!(!err.contains("s3cret"), "{err}");
    assert!(err.contains("[database] url"), "{err}");
}

#[tokio::test]
async fn debug_of_a_postgres_store_shows_no_password() {
    let (url, password) = common::postgres_url_with_passwords();
    let db = TestDb::postgres_at(url).await;
    db.store.ping().await.unwrap();
    let debug = format!("{:?}", db.store);
    assert!(!debug.contains(&password), "{debug}");
    assert!(debug.contains("password=***"), "{debug}");
    assert!(!db.store.url().contains(&password), "{}", db.store.url());
    db.cleanup().await;
}

#[tokio::test]
async fn an_sslpassword_is_refused_without_showing_it() {
    let url = format!(
        "{}?sslmode=disable&sslpassword=k3y-phrase",
        common::postgres_url()
    );
    let err = aurum_store::Store::open(&url, &StoreOptions::default())
        .await
        .unwrap_err()
        .to_string();
    assert!(err.contains("`sslpassword` is not supported"), "{err}");
    assert!(err.contains("sslpassword=***"), "{err}");
    assert!(!err.contains("k3y-phrase"), "{err}");
}
