//! The plans' pages: the list paged and filtered; approving and cancelling by who may; what
//! a plan's page shows.

use super::*;

/// A manual plan for `device` made by carol, as the store takes it.
fn plan(device: &str) -> aurum_store::NewPlan {
    aurum_store::NewPlan {
        device: device.into(),
        plan_type: "manual".into(),
        features: vec![],
        commands: "ntp server 10.9.9.9\n".into(),
        change_control_id: String::new(),
        change_control_url: String::new(),
        compliance_job: None,
        created_by: "carol".into(),
        compliance_before: String::new(),
    }
}
#[tokio::test]
async fn plans_are_approved_and_cancelled_from_their_page_by_who_may() {
    let (_dir, state) = state().await;
    state
        .identity
        .add_user(&NewUserRequest {
            name: "carol".into(),
            password: "carol's password".into(),
            permissions: vec![
                "view_device".into(),
                "view_config".into(),
                "approve_plan".into(),
            ],
            ..NewUserRequest::default()
        })
        .await
        .unwrap();
    let ids = state
        .services
        .store
        .create_plans(&[plan("r1"), plan("r2")])
        .await
        .unwrap();

    let (cookie, csrf) = signed_in(&state, "carol", "carol's password").await;
    let page = send(&state, get("/plans/", Some(&cookie))).await;
    assert!(
        page.body
            .contains(&format!(r#"action="/plans/{}/approve""#, ids[0])),
        "{}",
        page.body
    );
    let form = format!("csrf_token={csrf}");
    let approved = send(
        &state,
        post_form(&format!("/plans/{}/approve", ids[0]), &cookie, &[], &form),
    )
    .await;
    assert_eq!(approved.status, StatusCode::SEE_OTHER, "{}", approved.body);
    let cancelled = send(
        &state,
        post_form(&format!("/plans/{}/cancel", ids[1]), &cookie, &[], &form),
    )
    .await;
    assert_eq!(
        cancelled.status,
        StatusCode::SEE_OTHER,
        "{}",
        cancelled.body
    );
    let status = |id: i64| {
        let store = state.services.store.clone();
        async move { store.plan(id).await.unwrap().status }
    };
    assert_eq!(status(ids[0]).await, aurum_store::PlanStatus::Approved);
    assert_eq!(status(ids[1]).await, aurum_store::PlanStatus::Cancelled);
    let page = send(&state, get("/plans/", Some(&cookie))).await;
    assert!(
        page.body
            .contains(&format!(r#"action="/plans/{}/deploy""#, ids[0])),
        "an approved plan offers Deploy: {}",
        page.body
    );

    // Carol may approve, not deploy; the refusal names the permission and sends nothing.
    let refused = send(
        &state,
        post_form(&format!("/plans/{}/deploy", ids[0]), &cookie, &[], &form),
    )
    .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN, "{}", refused.body);
    assert!(refused.body.contains("deploy"), "{}", refused.body);
    assert_eq!(status(ids[0]).await, aurum_store::PlanStatus::Approved);
}
#[tokio::test]
async fn a_plans_page_shows_its_commands_transcript_failure_compliance_and_the_users_actions() {
    let (_dir, state) = state().await;
    import(&state, "devices:\n  - name: r1\n").await;
    add_admin(&state, "root").await;
    state
        .identity
        .add_user(&NewUserRequest {
            name: "carol".into(),
            password: "carol's password".into(),
            permissions: vec![
                "view_device".into(),
                "view_config".into(),
                "approve_plan".into(),
            ],
            ..NewUserRequest::default()
        })
        .await
        .unwrap();
    let store = &state.services.store;
    let ids = store
        .create_plans(&[aurum_store::NewPlan {
            device: "r1".into(),
            plan_type: "remediation".into(),
            features: vec!["snmp".into()],
            commands: "snmp-server community {{ \"sg\" | secret(\"community\") }} RO\nntp server 10.9.9.9\n".into(),
            change_control_id: "CHG-4711".into(),
            change_control_url: "https://itsm.example.net/CHG-4711".into(),
            compliance_job: None,
            created_by: "carol".into(),
            compliance_before: r#"{"snmp": false, "ntp": true}"#.into(),
        }])
        .await
        .unwrap();
    let id = ids[0];
    assert!(store.approve_plan(id, "root").await.unwrap());
    // A deploy that stopped at the second line, as the deploy job records one.
    let job = store.start_job("deploy", "plans", "root").await.unwrap();
    store
        .add_pending_devices(job, &[("r1".into(), String::new())])
        .await
        .unwrap();
    assert!(store.claim_plan(id, job).await.unwrap());
    store
        .record_device_result(
            job,
            &aurum_store::DeviceOutcome {
                device: "r1".into(),
                status: aurum_store::OutcomeStatus::Failed,
                changed: false,
                error: "line 2 `ntp server 10.9.9.9` was refused: % Invalid input".into(),
            },
        )
        .await
        .unwrap();
    store
        .finish_job(job, aurum_store::JobStatus::Failed, "1 failed", &[])
        .await
        .unwrap();
    store
        .finish_plan(
            id,
            &aurum_store::PlanOutcome {
                status: aurum_store::PlanStatus::Failed,
                output:
                    "> snmp-server community <secret> RO\n> ntp server 10.9.9.9\n% Invalid input\n"
                        .into(),
                pre_change: Some("hostname r1\n".into()),
                checkpoint: Some("aurum-plan-1".into()),
            },
        )
        .await
        .unwrap();
    store
        .set_plan_compliance_after(id, r#"{"snmp": true, "ntp": true}"#)
        .await
        .unwrap();

    let (cookie, _) = signed_in(&state, "root", "root's password").await;
    let list = send(&state, get("/plans/", Some(&cookie))).await;
    assert!(
        list.body.contains(&format!(r#"href="/plans/{id}/""#)),
        "{}",
        list.body
    );
    let tab = send(&state, get("/devices/r1/plans/", Some(&cookie))).await;
    assert_eq!(tab.status, StatusCode::OK, "{}", tab.body);
    assert!(
        tab.body.contains(&format!(r#"href="/plans/{id}/""#)),
        "{}",
        tab.body
    );

    let page = send(&state, get(&format!("/plans/{id}/"), Some(&cookie))).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    for expected in [
        "Failed",
        "remediation",
        "by carol",
        "by root",
        "CHG-4711",
        // minijinja escapes `/` in HTML; browsers read it back.
        r#"href="https:&#x2f;&#x2f;itsm.example.net&#x2f;CHG-4711""#,
        // The secret is still its template reference, escaped as HTML.
        "secret(&quot;community&quot;)",
        "% Invalid input",
        "line 2 `ntp server 10.9.9.9` was refused",
        &format!(r#"href="/jobs/{job}/""#),
        "not compliant",
        &format!(r#"action="/plans/{id}/cancel""#),
        &format!(r#"action="/plans/{id}/rollback""#),
        "hostname r1",
    ] {
        assert!(page.body.contains(expected), "{expected}: {}", page.body);
    }
    assert!(
        !page
            .body
            .contains(&format!(r#"action="/plans/{id}/deploy""#))
    );

    // Carol may cancel, not roll back: her page offers only that, and it returns here.
    let (carol, carol_csrf) = signed_in(&state, "carol", "carol's password").await;
    let page = send(&state, get(&format!("/plans/{id}/"), Some(&carol))).await;
    assert!(
        page.body
            .contains(&format!(r#"action="/plans/{id}/cancel""#))
    );
    assert!(
        !page
            .body
            .contains(&format!(r#"action="/plans/{id}/rollback""#))
    );
    let forged = send(
        &state,
        post_form(
            &format!("/plans/{id}/cancel"),
            &carol,
            &[],
            "csrf_token=forged",
        ),
    )
    .await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);
    let refused = send(
        &state,
        post_form(
            &format!("/plans/{id}/rollback"),
            &carol,
            &[],
            &format!("csrf_token={carol_csrf}"),
        ),
    )
    .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN, "{}", refused.body);
    let cancelled = send(
        &state,
        post_form(
            &format!("/plans/{id}/cancel"),
            &carol,
            &[],
            &format!("csrf_token={carol_csrf}"),
        ),
    )
    .await;
    assert_eq!(
        cancelled.status,
        StatusCode::SEE_OTHER,
        "{}",
        cancelled.body
    );
    assert_eq!(cancelled.location, Some(format!("/plans/{id}/")));
    assert_eq!(
        store.plan(id).await.unwrap().status,
        aurum_store::PlanStatus::Cancelled
    );
}

#[tokio::test]
async fn the_plans_page_is_paged_and_filtered_by_status_and_device() {
    let (_dir, state) = state().await;
    let mut plans = vec![plan("r1"); 60];
    plans.extend(vec![plan("r2"); 3]);
    let store = &state.services.store;
    let ids = store.create_plans(&plans).await.unwrap();
    for id in &ids[60..62] {
        assert!(store.approve_plan(*id, "carol").await.unwrap());
    }
    let (cookie, _) = carol_signed_in(&state, &["view_device", "view_config"]).await;
    let rows = |body: &str| body.matches(">Plan #").count();

    let first = send(&state, get("/plans/", Some(&cookie))).await;
    assert!(
        first.body.contains("63 plan(s), page 1 of 2"),
        "{}",
        first.body
    );
    assert_eq!(rows(&first.body), 50);
    assert!(first.body.contains(r#"href="?page=2" id="next-page""#));
    let second = send(&state, get("/plans/?page=2", Some(&cookie))).await;
    assert_eq!(rows(&second.body), 13);

    let branch = send(&state, get("/plans/?q=R2", Some(&cookie))).await;
    assert!(branch.body.contains("3 plan(s)"), "{}", branch.body);
    let approved = send(&state, get("/plans/?status=approved&q=r2", Some(&cookie))).await;
    assert!(approved.body.contains("2 plan(s)"), "{}", approved.body);
    assert_eq!(rows(&approved.body), 2);
    let none = send(&state, get("/plans/?status=failed", Some(&cookie))).await;
    assert!(none.body.contains("No plan matches."), "{}", none.body);
}
