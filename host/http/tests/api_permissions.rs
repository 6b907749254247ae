//! Every mutating operation the OpenAPI document describes, through the real app against a
//! simulated fleet: 401 without a token, 403 for a user holding every grant the call needs
//! but the one it is about (named in the message), and the documented success with it: a
//! saved command created, replaced and deleted, a device patch, a show command and a bulk
//! run, a job, a plan made, approved, cancelled, deployed and rolled back. The inventory's other writes have the same matrix in
//! `inventory_http.rs`, the device's create, replace and delete in `api_http.rs`; the first
//! test fails when the document gains an operation none of them covers.
//!
//! Then the object-level constraint on plans: a grant scoped to the branch devices lists,
//! shows, approves and deploys their plans only; the core's plan is "no such plan" to a user
//! who may not see it, and refused naming the device to one who may see but not approve it.

use std::collections::BTreeSet;

use aurum_config::LoadedConfig;
use aurum_http::{AppState, app};
use aurum_inventory::{Format, ValidationPolicy, parse_document, shipped_platforms};
use aurum_services::Services;
use aurum_services::identity::NewUserRequest;
use aurum_sim::{Fleet, FleetSpec, SimPlatform};
use aurum_store::{NewPlan, Store, StoreOptions};
use axum::body::Body;
use axum::http::{Method, Request, StatusCode};
use http_body_util::BodyExt;
use serde_json::{Value, json};
use tower::ServiceExt;

struct Lab {
    _dir: tempfile::TempDir,
    _fleet: Fleet,
    state: AppState,
}

impl Lab {
    /// Two simulated IOS routers: `br1` (role branch) and `core1` (role core).
    async fn start() -> Lab {
        let dir = tempfile::tempdir().unwrap();
        let fleet = Fleet::start(&FleetSpec {
            devices: 2,
            platforms: vec![SimPlatform::CiscoIos],
            password: "pw".into(),
            enable_secret: "en".into(),
            ..FleetSpec::default()
        })
        .await
        .unwrap();
        let mut inventory = String::from(
            "secrets_groups:\n  - { name: lab, username: { literal: admin }, password: { literal: pw }, enable_secret: { literal: en } }\nsaved_filters:\n  - { name: branch, filter: { role: [branch] } }\nroles:\n  - { name: branch }\n  - { name: core }\ndevices:\n",
        );
        for (device, (name, role)) in fleet
            .devices()
            .iter()
            .zip([("br1", "branch"), ("core1", "core")])
        {
            inventory.push_str(&format!(
                "  - {{ name: {name}, address: {}, port: {}, platform: cisco_ios, role: {role}, secrets_group: lab }}\n",
                device.addr.ip(),
                device.addr.port(),
            ));
        }
        let store = Store::open_in_data_dir(dir.path(), &StoreOptions::default())
            .await
            .unwrap();
        let mut doc = parse_document(&inventory, Format::Yaml, "lab.yaml").unwrap();
        doc.platforms = shipped_platforms();
        let policy = ValidationPolicy {
            allow_literal_secrets: true,
        };
        store.import(&doc, "lab.yaml", policy, false).await.unwrap();
        let mut loaded = LoadedConfig::defaults();
        loaded.config.ssh.retry_attempts = 1;
        loaded.config.ssh.command_timeout_secs = 5;
        let services = Services::over(store, &loaded, dir.path()).unwrap();
        Lab {
            state: AppState::new(services),
            _fleet: fleet,
            _dir: dir,
        }
    }

    /// A user holding `grants`, and a token of theirs.
    async fn user(&self, name: &str, superuser: bool, grants: &[&str]) -> String {
        let identity = &self.state.identity;
        identity
            .add_user(&NewUserRequest {
                name: name.into(),
                password: format!("{name}'s password"),
                superuser,
                permissions: grants.iter().map(|grant| grant.to_string()).collect(),
                ..NewUserRequest::default()
            })
            .await
            .unwrap();
        identity.issue_token(name, None).await.unwrap().token
    }

    async fn send(
        &self,
        method: &Method,
        path: &str,
        body: Option<&Value>,
        token: Option<&str>,
    ) -> (StatusCode, Value) {
        let mut request = Request::builder().method(method.clone()).uri(path);
        if let Some(token) = token {
            request = request.header("authorization", format!("Token {token}"));
        }
        let body = match body {
            Some(body) => {
                request = request.header("content-type", "application/json");
                Body::from(body.to_string())
            }
            None => Body::empty(),
        };
        let response = app(self.state.clone())
            .oneshot(request.body(body).unwrap())
            .await
            .unwrap();
        let status = response.status();
        let bytes = response.into_body().collect().await.unwrap().to_bytes();
        let body = match bytes.is_empty() {
            true => Value::Null,
            false => serde_json::from_slice(&bytes).unwrap_or_else(|_| {
                panic!("{path}: not JSON: {}", String::from_utf8_lossy(&bytes))
            }),
        };
        (status, body)
    }

    /// Plans for `device` made straight in the store, `approved` of them approved.
    async fn plans(&self, device: &str, count: usize, approved: usize) -> Vec<i64> {
        let plan = NewPlan {
            device: device.into(),
            plan_type: "manual".into(),
            features: vec![],
            commands: "ntp server 10.9.9.9\n".into(),
            change_control_id: String::new(),
            change_control_url: String::new(),
            compliance_job: None,
            created_by: "root".into(),
            compliance_before: String::new(),
        };
        let store = &self.state.services.store;
        let ids = store.create_plans(&vec![plan; count]).await.unwrap();
        for id in &ids[..approved] {
            assert!(store.approve_plan(*id, "root").await.unwrap());
        }
        ids
    }
}

/// One mutating call: the documented operation it exercises, the grants it needs, the one
/// of them this case takes away, and what it answers with all of them.
struct Case {
    operation: (&'static str, &'static str),
    path: String,
    body: Option<Value>,
    grants: &'static [&'static str],
    needs: &'static str,
    success: StatusCode,
}

/// The operations whose matrix is in another file (`inventory_http.rs`, `api_http.rs`,
/// `auth_http.rs`).
fn covered_elsewhere(method: &str, path: &str) -> bool {
    const KINDS: [&str; 7] = [
        "platforms",
        "locations",
        "roles",
        "tenants",
        "tags",
        "secrets-groups",
        "saved-filters",
    ];
    let kind = KINDS
        .iter()
        .any(|kind| path == format!("/api/{kind}/") || path == format!("/api/{kind}/{{name}}/"));
    let device = matches!(
        (method, path),
        ("post", "/api/devices/") | ("put" | "delete", "/api/devices/{name}/")
    );
    // A password buys a token (`auth_http.rs`); it is the one call that needs no permission.
    let provision = (method, path) == ("post", "/api/tokens/provision/");
    // GraphQL only reads; its token refusal is `auth_http.rs`'s, its `view_config` check on
    // config fields `graphql_http.rs`'s.
    let graphql = (method, path) == ("post", "/graphql");
    kind || device || provision || graphql
}

#[tokio::test]
async fn every_mutating_operation_needs_its_one_permission() {
    let lab = Lab::start().await;
    let root = lab.user("root", true, &[]).await;
    // The first is approved: the deploy case sends it and the rollback case undoes it.
    let [deploy, approve, cancel]: [i64; 3] = lab.plans("br1", 3, 1).await.try_into().unwrap();
    let store = &lab.state.services.store;
    let saved = |name: &str| aurum_inventory::CommandDef {
        name: name.into(),
        command: "show interfaces <interface>".into(),
        kind: Default::default(),
        platforms: vec!["cisco_ios".into()],
        variables: vec![aurum_inventory::VariableDef {
            name: "interface".into(),
            kind: aurum_inventory::VariableKind::Interface,
            description: String::new(),
        }],
        description: String::new(),
    };
    store
        .upsert_commands(&[saved("replaced"), saved("deleted")])
        .await
        .unwrap();
    let cases = [
        Case {
            operation: ("post", "/api/commands/"),
            path: "/api/commands/".into(),
            body: Some(
                json!({"name": "uplink", "command": "show interfaces <port>", "kind": "show",
                "variables": [{"name": "port", "kind": "interface"}]}),
            ),
            grants: &["view_command", "add_command"],
            needs: "add_command",
            success: StatusCode::CREATED,
        },
        Case {
            operation: ("put", "/api/commands/{name}/"),
            path: "/api/commands/replaced/".into(),
            body: Some(json!({"name": "replaced", "command": "show clock", "kind": "show"})),
            grants: &["view_command", "change_command"],
            needs: "change_command",
            success: StatusCode::OK,
        },
        Case {
            operation: ("delete", "/api/commands/{name}/"),
            path: "/api/commands/deleted/".into(),
            body: None,
            grants: &["view_command", "delete_command"],
            needs: "delete_command",
            success: StatusCode::NO_CONTENT,
        },
        Case {
            operation: ("patch", "/api/devices/{name}/"),
            path: "/api/devices/br1/".into(),
            body: Some(json!({"data": {"snmp_location": "rack 4"}})),
            grants: &["view_device", "change_device"],
            needs: "change_device",
            success: StatusCode::OK,
        },
        Case {
            operation: ("post", "/api/toolkit/run/"),
            path: "/api/toolkit/run".into(),
            body: Some(json!({"device": "br1", "command": "show version"})),
            grants: &["view_device", "execute_show"],
            needs: "execute_show",
            success: StatusCode::OK,
        },
        Case {
            operation: ("post", "/api/toolkit/bulk/"),
            path: "/api/toolkit/bulk".into(),
            body: Some(json!({"filter": {"name": ["br1"]}, "command": "show version"})),
            grants: &["view_device", "execute_show"],
            needs: "execute_show",
            success: StatusCode::OK,
        },
        Case {
            operation: ("post", "/api/jobs/"),
            path: "/api/jobs/".into(),
            body: Some(json!({"kind": "backup", "devices": ["br1"]})),
            grants: &["view_device", "run_job"],
            needs: "run_job",
            success: StatusCode::ACCEPTED,
        },
        Case {
            operation: ("post", "/api/plans/"),
            path: "/api/plans/".into(),
            body: Some(
                json!({"type": "manual", "devices": ["br1"], "template": "ntp server 10.9.8.{{ 7 }}\n"}),
            ),
            grants: &["view_device", "add_plan"],
            needs: "add_plan",
            success: StatusCode::CREATED,
        },
        Case {
            operation: ("post", "/api/plans/{id}/approve/"),
            path: format!("/api/plans/{approve}/approve/"),
            body: None,
            grants: &["view_config", "approve_plan"],
            needs: "approve_plan",
            success: StatusCode::OK,
        },
        Case {
            operation: ("post", "/api/plans/{id}/cancel/"),
            path: format!("/api/plans/{cancel}/cancel/"),
            body: None,
            grants: &["view_config", "approve_plan"],
            needs: "approve_plan",
            success: StatusCode::OK,
        },
        Case {
            operation: ("post", "/api/deploy/"),
            path: "/api/deploy/".into(),
            body: Some(json!({"plans": [deploy]})),
            grants: &["view_config", "deploy"],
            needs: "deploy",
            success: StatusCode::OK,
        },
        Case {
            operation: ("post", "/api/plans/{id}/rollback/"),
            path: format!("/api/plans/{deploy}/rollback/"),
            body: None,
            grants: &["view_config", "deploy"],
            needs: "deploy",
            success: StatusCode::OK,
        },
    ];

    let (status, document) = lab
        .send(&Method::GET, "/api/openapi.json", None, Some(&root))
        .await;
    assert_eq!(status, StatusCode::OK);
    let mut uncovered = BTreeSet::new();
    for (path, item) in document["paths"].as_object().unwrap() {
        for method in ["post", "put", "patch", "delete"] {
            let tested = cases.iter().any(|case| case.operation == (method, path));
            if item.get(method).is_some() && !tested && !covered_elsewhere(method, path) {
                uncovered.insert(format!("{method} {path}"));
            }
        }
    }
    assert!(
        uncovered.is_empty(),
        "operations without a permission case: {uncovered:?}"
    );

    for (index, case) in cases.iter().enumerate() {
        let method = Method::from_bytes(case.operation.0.to_uppercase().as_bytes()).unwrap();
        let context = format!("{method} {}", case.path);
        let body = case.body.as_ref();
        let (status, _) = lab.send(&method, &case.path, body, None).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "{context}");

        let lacking: Vec<&str> = case
            .grants
            .iter()
            .copied()
            .filter(|grant| *grant != case.needs)
            .collect();
        let without = lab.user(&format!("without-{index}"), false, &lacking).await;
        let (status, refused) = lab.send(&method, &case.path, body, Some(&without)).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{context}: {refused}");
        let message = refused["error"].as_str().unwrap();
        assert!(
            message.contains(&format!("`{}`", case.needs)),
            "{context}: {message}"
        );

        let with = lab.user(&format!("with-{index}"), false, case.grants).await;
        let (status, done) = lab.send(&method, &case.path, body, Some(&with)).await;
        assert_eq!(status, case.success, "{context}: {done}");
        match case.operation.1 {
            "/api/toolkit/run/" => {
                assert_eq!(done["success"], true, "{context}: {done}");
                assert!(
                    done["output"].as_str().unwrap().contains("Cisco"),
                    "{context}: {done}"
                );
            }
            "/api/deploy/" => {
                assert_eq!(done["devices"][0]["status"], "completed", "{done}");
                assert_eq!(done["devices"][0]["sent"], json!([deploy]), "{done}");
                // The re-check needs no `run_job` of its own: it is part of the deploy.
                let recheck = done["recheck"].as_str().unwrap();
                // (The lab has no compliance rules, so the backup is what it re-checks.)
                assert!(recheck.starts_with("backup job"), "{recheck}");
                assert!(!recheck.contains("lacks"), "{recheck}");
            }
            "/api/plans/{id}/rollback/" => {
                assert_eq!(done["restored"], true, "{done}");
                let recheck = done["recheck"].as_str().unwrap();
                assert!(recheck.starts_with("backup job"), "{recheck}");
            }
            "/api/toolkit/bulk/" => {
                assert_eq!(done["results"][0]["outcome"]["success"], true, "{done}")
            }
            "/api/plans/{id}/cancel/" => assert_eq!(done["status"], "cancelled", "{done}"),
            "/api/commands/" => {
                let stored = store.command("uplink").await.unwrap();
                assert_eq!(stored.command, "show interfaces <port>");
            }
            "/api/commands/{name}/" if method == Method::PUT => {
                assert_eq!(
                    store.command("replaced").await.unwrap().command,
                    "show clock"
                );
            }
            "/api/commands/{name}/" => assert!(store.command("deleted").await.is_err()),
            _ => {}
        }
    }
    lab.state.services.golden.stop_local_worker().await;
}

#[tokio::test]
async fn a_grant_scoped_to_the_branch_covers_the_branch_plans_only() {
    let lab = Lab::start().await;
    let [branch_approved, branch_new]: [i64; 2] = lab.plans("br1", 2, 1).await.try_into().unwrap();
    let [core_approved, core_new]: [i64; 2] = lab.plans("core1", 2, 1).await.try_into().unwrap();
    let post = |path: String, body: Option<Value>, token: String| {
        let lab = &lab;
        async move {
            lab.send(&Method::POST, &path, body.as_ref(), Some(&token))
                .await
        }
    };

    // Seeing: the branch's plans are listed and shown, the core's are "no such plan".
    let reader = lab.user("reader", false, &["view_config:branch"]).await;
    let (status, listed) = lab
        .send(&Method::GET, "/api/plans/", None, Some(&reader))
        .await;
    assert_eq!(status, StatusCode::OK, "{listed}");
    assert_eq!(listed["count"], 2, "{listed}");
    let devices: BTreeSet<&str> = listed["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|plan| plan["device"].as_str().unwrap())
        .collect();
    assert_eq!(devices, BTreeSet::from(["br1"]));
    let show = |id: i64| format!("/api/plans/{id}/");
    let (status, _) = lab
        .send(&Method::GET, &show(branch_new), None, Some(&reader))
        .await;
    assert_eq!(status, StatusCode::OK);
    let (status, hidden) = lab
        .send(&Method::GET, &show(core_new), None, Some(&reader))
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND, "{hidden}");
    let (status, missing) = lab
        .send(&Method::GET, &show(9999), None, Some(&reader))
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(
        hidden["error"]
            .as_str()
            .unwrap()
            .replace(&core_new.to_string(), "N"),
        missing["error"].as_str().unwrap().replace("9999", "N"),
        "a hidden plan reads as a missing one"
    );

    // Approving: a plan the user may see but not approve is refused naming its device; one
    // it may not see is "no such plan".
    let approver = lab
        .user("approver", false, &["view_config", "approve_plan:branch"])
        .await;
    let approve = |id: i64| format!("/api/plans/{id}/approve/");
    let (status, refused) = post(approve(core_new), None, approver.clone()).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{refused}");
    assert!(
        refused["error"].as_str().unwrap().contains("device core1"),
        "{refused}"
    );
    let narrow = lab
        .user(
            "narrow",
            false,
            &["view_config:branch", "approve_plan:branch"],
        )
        .await;
    let (status, _) = post(approve(core_new), None, narrow.clone()).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, approved) = post(approve(branch_new), None, narrow).await;
    assert_eq!(status, StatusCode::OK, "{approved}");
    assert_eq!(approved["approved_by"], "narrow");

    // Deploying: one plan outside the grant refuses the whole request, before any is sent.
    let deployer = lab
        .user("deployer", false, &["view_config", "deploy:branch"])
        .await;
    let both = json!({"plans": [branch_approved, core_approved]});
    let (status, refused) = post("/api/deploy/".into(), Some(both), deployer.clone()).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{refused}");
    assert!(
        refused["error"].as_str().unwrap().contains("device core1"),
        "{refused}"
    );
    let (_, plan) = lab
        .send(&Method::GET, &show(branch_approved), None, Some(&deployer))
        .await;
    assert_eq!(plan["status"], "approved", "nothing was sent: {plan}");

    // Making plans: devices outside the grant are as if they did not match.
    let maker = lab
        .user("maker", false, &["view_device", "add_plan:branch"])
        .await;
    let manual = |filter: Value| {
        Some(json!({"type": "manual", "filter": filter, "template": "ntp server 10.1.1.1\n"}))
    };
    let (status, made) = post(
        "/api/plans/".into(),
        manual(json!({"role": ["branch", "core"]})),
        maker.clone(),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{made}");
    assert_eq!(made["ids"].as_array().unwrap().len(), 1, "{made}");
    let (status, refused) = post(
        "/api/plans/".into(),
        manual(json!({"name": ["core1"]})),
        maker,
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{refused}");
    assert!(
        refused["error"]
            .as_str()
            .unwrap()
            .contains("no device matches"),
        "{refused}"
    );
    lab.state.services.golden.stop_local_worker().await;
}
