//! The jobs page's read, on SQLite and PostgreSQL alike.

use aurum_store::JobStatus;

use crate::common::TestDb;

/// The jobs page's read: newest first by default, filtered by kind and status, searched on
/// the starter and scope in any case, sorted by a column, one window at a time, counted.
async fn the_jobs_list_filters_sorts_and_pages_in_sql(db: &TestDb) {
    use aurum_store::{JobQuery, JobSort};
    let store = &db.store;
    let mut ids = Vec::new();
    for (kind, scope, user) in [
        ("backup", "all", "alice"),
        ("compliance", "role=leaf", "Bob"),
        ("intended", "all", "alice"),
        ("backup", "location=ams1", "carol"),
        ("deploy", "plans 4", "bob"),
    ] {
        ids.push(store.start_job(kind, scope, user).await.unwrap());
    }
    store
        .finish_job(ids[0], JobStatus::Succeeded, "done", &[])
        .await
        .unwrap();
    store
        .finish_job(ids[3], JobStatus::Failed, "2 failed", &[])
        .await
        .unwrap();
    let read = |query: JobQuery| async move {
        let (count, jobs) = store.job_page(&query).await.unwrap();
        (count, jobs.iter().map(|job| job.id).collect::<Vec<i64>>())
    };
    let all = read(JobQuery::default()).await;
    assert_eq!(
        all,
        (5, ids.iter().rev().copied().collect()),
        "newest first"
    );
    let window = read(JobQuery {
        offset: 1,
        limit: Some(2),
        ..JobQuery::default()
    })
    .await;
    assert_eq!(window, (5, vec![ids[3], ids[2]]));
    let backups = read(JobQuery {
        kind: Some("backup".into()),
        ..JobQuery::default()
    })
    .await;
    assert_eq!(backups, (2, vec![ids[3], ids[0]]));
    let failed = read(JobQuery {
        status: Some(JobStatus::Failed),
        ..JobQuery::default()
    })
    .await;
    assert_eq!(failed, (1, vec![ids[3]]));
    let bob = read(JobQuery {
        q: Some("BOB".into()),
        ..JobQuery::default()
    })
    .await;
    assert_eq!(bob, (2, vec![ids[4], ids[1]]), "the starter, any case");
    let leaf = read(JobQuery {
        q: Some("role=l".into()),
        ..JobQuery::default()
    })
    .await;
    assert_eq!(leaf.1, [ids[1]], "the scope");
    let by_kind = read(JobQuery {
        sort: JobSort::Kind,
        ..JobQuery::default()
    })
    .await;
    assert_eq!(
        by_kind.1,
        [ids[3], ids[0], ids[1], ids[4], ids[2]],
        "A to Z, ties newest first"
    );
    let by_user_reversed = read(JobQuery {
        sort: JobSort::User,
        descending: Some(true),
        ..JobQuery::default()
    })
    .await;
    assert_eq!(
        by_user_reversed.1,
        [ids[3], ids[4], ids[2], ids[0], ids[1]],
        "byte order reversed: carol, bob, alice, alice, Bob"
    );
}

crate::on_both_databases!(the_jobs_list_filters_sorts_and_pages_in_sql);
