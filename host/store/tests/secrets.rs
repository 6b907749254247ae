//! Stored secrets (migration 0012) and secrets groups' further secrets, on SQLite and
//! PostgreSQL alike, and the upgrade of an installation that has the later migrations
//! (0013, 0014) but not 0012.

mod common;

use aurum_inventory::{CredentialRef, Format, ValidationPolicy, parse_document};
use aurum_store::{SealedSecret, StoreError};
use common::TestDb;

fn sealed(name: &str, key_id: &str, ciphertext: &str) -> SealedSecret {
    SealedSecret {
        name: name.to_string(),
        key_id: key_id.to_string(),
        nonce: "00112233445566778899aabb".to_string(),
        ciphertext: ciphertext.to_string(),
        updated_at: 0,
    }
}

async fn stored_secrets_are_put_replaced_listed_and_removed(db: &TestDb) {
    let store = &db.store;
    assert!(store.stored_secret("snmp").await.unwrap().is_none());
    store
        .put_stored_secret(&sealed("snmp", "k1", "aa"))
        .await
        .unwrap();
    store
        .put_stored_secret(&sealed("core", "k1", "bb"))
        .await
        .unwrap();
    store
        .put_stored_secret(&sealed("snmp", "k1", "cc"))
        .await
        .unwrap();
    let listed = store.stored_secrets().await.unwrap();
    let names: Vec<&str> = listed.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, ["core", "snmp"]);
    let snmp = store.stored_secret("snmp").await.unwrap().unwrap();
    assert_eq!(
        (snmp.key_id.as_str(), snmp.ciphertext.as_str()),
        ("k1", "cc")
    );
    assert!(snmp.updated_at > 0);
    assert!(store.remove_stored_secret("snmp").await.unwrap());
    assert!(!store.remove_stored_secret("snmp").await.unwrap());
    assert_eq!(store.stored_secrets().await.unwrap().len(), 1);
}

async fn a_rotation_moves_every_row_or_none(db: &TestDb) {
    let store = &db.store;
    store
        .put_stored_secret(&sealed("a", "old", "01"))
        .await
        .unwrap();
    store
        .put_stored_secret(&sealed("b", "old", "02"))
        .await
        .unwrap();
    let read = store.stored_secrets().await.unwrap();
    let resealed = |rows: &[SealedSecret]| -> Vec<SealedSecret> {
        rows.iter()
            .map(|s| SealedSecret {
                key_id: "new".into(),
                ciphertext: format!("{}ff", s.ciphertext),
                ..s.clone()
            })
            .collect()
    };
    // One row short (a secret added during the rotation): refused, nothing moved.
    let err = store
        .reseal_stored_secrets(&resealed(&read[..1]))
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::Conflict { .. }), "{err:?}");
    assert!(
        store
            .stored_secrets()
            .await
            .unwrap()
            .iter()
            .all(|s| s.key_id == "old")
    );
    // A row changed since it was read: refused, nothing moved.
    let mut stale = resealed(&read);
    stale[1].updated_at -= 1;
    assert!(store.reseal_stored_secrets(&stale).await.is_err());
    assert!(
        store
            .stored_secrets()
            .await
            .unwrap()
            .iter()
            .all(|s| s.key_id == "old")
    );
    store.reseal_stored_secrets(&resealed(&read)).await.unwrap();
    let after = store.stored_secrets().await.unwrap();
    assert!(after.iter().all(|s| s.key_id == "new"), "{after:?}");
    assert_eq!(after[0].ciphertext, "01ff");
}

async fn a_groups_further_secrets_are_stored_as_references(db: &TestDb) {
    let document = parse_document(
        "secrets_groups:\n  - name: core\n    username: { env: AURUM_USER }\n    secrets:\n      snmp: { stored: snmp-ro }\n      tacacs: { env: TACACS_KEY }\n",
        Format::Yaml,
        "groups.yaml",
    )
    .unwrap();
    db.store
        .import(&document, "groups.yaml", ValidationPolicy::default(), false)
        .await
        .unwrap();
    let group = db.store.secrets_group("core").await.unwrap().unwrap();
    assert_eq!(
        group.secrets.get("snmp"),
        Some(&CredentialRef::Stored("snmp-ro".into()))
    );
    assert_eq!(
        group.reference("tacacs"),
        Some(&CredentialRef::Env("TACACS_KEY".into()))
    );
    assert!(group.reference("nope").is_none());
}

/// An installation upgraded from a build with 0013 and 0014 but no 0012 gets 0012 on its
/// next start (sqlx applies a missing lower version), and the table works.
async fn an_installation_without_0012_gets_it_on_upgrade(db: &TestDb) {
    let pool = db.store.pool_for_tests();
    for statement in [
        "DROP TABLE stored_secrets",
        "ALTER TABLE secrets_groups DROP COLUMN secrets",
        "DELETE FROM _sqlx_migrations WHERE version = 12",
    ] {
        sqlx::query(statement).execute(&pool).await.unwrap();
    }
    let upgraded = db.reopen().await.unwrap();
    let (applied,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM _sqlx_migrations WHERE version = 12")
            .fetch_one(&upgraded.pool_for_tests())
            .await
            .unwrap();
    assert_eq!(applied, 1);
    upgraded
        .put_stored_secret(&sealed("after-upgrade", "k", "aa"))
        .await
        .unwrap();
    assert!(
        upgraded
            .stored_secret("after-upgrade")
            .await
            .unwrap()
            .is_some()
    );
    upgraded.close().await;
}

on_both_databases!(
    stored_secrets_are_put_replaced_listed_and_removed,
    a_rotation_moves_every_row_or_none,
    a_groups_further_secrets_are_stored_as_references,
    an_installation_without_0012_gets_it_on_upgrade,
);
