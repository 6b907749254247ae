//! Users, groups, permissions and API tokens, on SQLite and PostgreSQL alike.

mod common;

use aurum_store::{NewUser, StoreError};
use common::TestDb;

fn user(name: &str, groups: &[&str], permissions: &[&str]) -> NewUser {
    NewUser {
        name: name.into(),
        password_hash: format!("hash-of-{name}"),
        superuser: false,
        groups: groups.iter().map(|g| g.to_string()).collect(),
        permissions: permissions.iter().map(|p| p.to_string()).collect(),
    }
}

async fn users_carry_their_groups_and_both_kinds_of_permission(db: &TestDb) {
    db.store
        .create_group("netops", &["execute_config".into(), "view_device".into()])
        .await
        .unwrap();
    db.store
        .create_user(&user("alice", &["netops"], &["run_job", "view_device"]))
        .await
        .unwrap();
    let alice = db.store.user("alice").await.unwrap().unwrap();
    assert_eq!(alice.groups, ["netops"]);
    assert_eq!(alice.permissions, ["run_job", "view_device"]);
    assert_eq!(alice.group_permissions, ["execute_config", "view_device"]);
    assert!(!alice.superuser);
    assert_eq!(alice.password_hash, "hash-of-alice");

    let groups = db.store.groups().await.unwrap();
    assert_eq!(groups.len(), 1);
    assert_eq!(groups[0].members, ["alice"]);

    let taken = db.store.create_user(&user("alice", &[], &[])).await;
    assert!(
        matches!(taken, Err(StoreError::AlreadyExists { .. })),
        "{taken:?}"
    );
    let taken = db.store.create_group("netops", &[]).await.unwrap_err();
    assert!(
        taken
            .to_string()
            .contains("group named `netops` already exists"),
        "{taken}"
    );
}

async fn a_missing_group_refuses_the_whole_user(db: &TestDb) {
    let error = db
        .store
        .create_user(&user("bob", &["nobody"], &["run_job"]))
        .await
        .unwrap_err()
        .to_string();
    assert!(error.contains("aurum group add nobody"), "{error}");
    assert!(
        db.store.user("bob").await.unwrap().is_none(),
        "nothing half-made"
    );
}

async fn passwords_change_and_removal_takes_tokens_along(db: &TestDb) {
    db.store
        .create_user(&user("carol", &[], &[]))
        .await
        .unwrap();
    db.store
        .set_password_hash("carol", "new-hash")
        .await
        .unwrap();
    assert_eq!(
        db.store.user("carol").await.unwrap().unwrap().password_hash,
        "new-hash"
    );
    let missing = db.store.set_password_hash("nobody", "x").await.unwrap_err();
    assert!(
        missing.to_string().contains("no user named `nobody`"),
        "{missing}"
    );

    db.store
        .insert_api_token("carol", "abcd1234", "sha-of-token", Some(42))
        .await
        .unwrap();
    let token = db
        .store
        .api_token_by_prefix("abcd1234")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (
            token.username.as_str(),
            token.token_hash.as_str(),
            token.expires_at,
            token.last_used_at
        ),
        ("carol", "sha-of-token", Some(42), None)
    );
    db.store.touch_api_token(token.id).await.unwrap();
    let used = db.store.api_tokens("carol").await.unwrap();
    assert!(used[0].last_used_at.is_some());
    tokio::time::sleep(std::time::Duration::from_millis(5)).await;
    db.store.touch_api_token(token.id).await.unwrap();
    let again = db.store.api_tokens("carol").await.unwrap();
    assert_eq!(
        again[0].last_used_at, used[0].last_used_at,
        "written at most once a minute"
    );
    db.store
        .insert_api_token("carol", "revoked1", "sha-of-other", None)
        .await
        .unwrap();
    db.store.delete_api_token("revoked1").await.unwrap();
    assert!(
        db.store
            .api_token_by_prefix("revoked1")
            .await
            .unwrap()
            .is_none()
    );
    let again = db.store.delete_api_token("revoked1").await.unwrap_err();
    assert!(again.to_string().contains("aurum user tokens"), "{again}");
    assert!(
        db.store
            .api_token_by_prefix("other")
            .await
            .unwrap()
            .is_none()
    );
    assert!(
        db.store
            .insert_api_token("nobody", "p", "h", None)
            .await
            .is_err()
    );

    db.store.remove_user("carol").await.unwrap();
    assert!(db.store.user("carol").await.unwrap().is_none());
    assert!(
        db.store
            .api_token_by_prefix("abcd1234")
            .await
            .unwrap()
            .is_none()
    );
    assert!(db.store.remove_user("carol").await.is_err());
}

on_both_databases!(
    users_carry_their_groups_and_both_kinds_of_permission,
    a_missing_group_refuses_the_whole_user,
    passwords_change_and_removal_takes_tokens_along
);
