//! Config plans on SQLite and PostgreSQL alike: each change of status is conditional on the
//! current one, approval is recorded apart, and an approved plan's commands never change.

mod common;

use aurum_store::{NewPlan, PlanOutcome, PlanStatus};
use common::TestDb;

fn new_plan(device: &str) -> NewPlan {
    NewPlan {
        device: device.into(),
        plan_type: "remediation".into(),
        features: vec!["ntp".into(), "snmp".into()],
        commands: "ntp server 192.0.2.1\n".into(),
        change_control_id: "CHG-1".into(),
        change_control_url: "https://changes.example/1".into(),
        compliance_job: None,
        created_by: "alice".into(),
        compliance_before: r#"{"ntp":false}"#.into(),
    }
}

async fn plans_move_only_from_the_status_each_step_expects(db: &TestDb) {
    let ids = db
        .store
        .create_plans(&[new_plan("r1"), new_plan("r2")])
        .await
        .unwrap();
    assert_eq!(ids.len(), 2);
    let first = db.store.plan(ids[0]).await.unwrap();
    assert_eq!(first.status, PlanStatus::NotApproved);
    assert_eq!(first.features, ["ntp", "snmp"]);
    assert!(first.approved_by.is_none());

    // Not approved: cannot be claimed for sending; its commands may change.
    assert!(!db.store.claim_plan(ids[0], 1).await.unwrap_or(true));
    assert!(
        db.store
            .replace_plan_commands(ids[0], "ntp server 192.0.2.2\n")
            .await
            .unwrap()
    );

    assert!(db.store.approve_plan(ids[0], "bob").await.unwrap());
    assert!(!db.store.approve_plan(ids[0], "bob").await.unwrap(), "once");
    let approved = db.store.plan(ids[0]).await.unwrap();
    assert_eq!(approved.status, PlanStatus::Approved);
    assert_eq!(approved.approved_by.as_deref(), Some("bob"));
    assert!(approved.approved_at.is_some());
    assert!(
        !db.store
            .replace_plan_commands(ids[0], "other\n")
            .await
            .unwrap(),
        "an approved plan's commands never change"
    );
    assert_eq!(
        db.store.plan(ids[0]).await.unwrap().commands,
        "ntp server 192.0.2.2\n"
    );

    // Cancelled after approval: never claimed.
    assert!(db.store.approve_plan(ids[1], "bob").await.unwrap());
    assert!(db.store.cancel_plan(ids[1]).await.unwrap());
    assert!(!db.store.cancel_plan(ids[1]).await.unwrap());
    let approved_only = db.store.plans(Some(PlanStatus::Approved)).await.unwrap();
    assert_eq!(approved_only.len(), 1);

    let job = db.store.start_job("deploy", "plans", "bob").await.unwrap();
    assert!(!db.store.claim_plan(ids[1], job).await.unwrap());
    assert!(db.store.claim_plan(ids[0], job).await.unwrap());
    assert!(
        !db.store.claim_plan(ids[0], job).await.unwrap(),
        "claimed once"
    );
    assert!(
        !db.store.cancel_plan(ids[0]).await.unwrap(),
        "not while in progress"
    );
    db.store
        .finish_plan(
            ids[0],
            &PlanOutcome {
                status: PlanStatus::Completed,
                output: "> ntp server 192.0.2.2\n".into(),
                pre_change: Some("hostname r1\n".into()),
                checkpoint: Some("aurum-plan-1.cfg".into()),
            },
        )
        .await
        .unwrap();
    db.store
        .set_plan_compliance_after(ids[0], r#"{"ntp":true}"#)
        .await
        .unwrap();
    let done = db.store.plan(ids[0]).await.unwrap();
    assert_eq!(done.status, PlanStatus::Completed);
    assert_eq!(done.deploy_job, Some(job));
    assert_eq!(done.pre_change.as_deref(), Some("hostname r1\n"));
    assert_eq!(done.compliance_after.as_deref(), Some(r#"{"ntp":true}"#));
    assert_eq!(
        db.store.plans(None).await.unwrap()[0].id,
        ids[1],
        "newest first"
    );
    assert!(db.store.plan(9999).await.is_err());
}

on_both_databases!(plans_move_only_from_the_status_each_step_expects);
