//! Creating, changing and deleting the inventory's other kinds through the real app
//! (`oneshot`): for every mutating endpoint of platforms, locations, roles, tenants, tags,
//! secrets groups and saved filters, 401 without a token, 403 for a user holding every
//! permission of the kind but that one (named in the message), and 201/200/204 with it. Then
//! what must be refused: a taken name, an object still in use (naming the devices), a bad
//! field (named), a location inside itself, and an object synced from a source of truth.

use aurum_config::LoadedConfig;
use aurum_http::{AppState, app};
use aurum_inventory::{Format, ValidationPolicy, parse_document, shipped_platforms};
use aurum_services::Services;
use aurum_services::identity::NewUserRequest;
use aurum_store::{Store, StoreOptions};
use axum::body::Body;
use axum::http::{Method, Request, StatusCode};
use http_body_util::BodyExt;
use serde_json::{Value, json};
use tower::ServiceExt;

const INVENTORY: &str = "
secrets_groups:
  - { name: lab, username: { env: LAB_USER }, password: { env: LAB_PASSWORD } }
saved_filters:
  - { name: branch, filter: { role: [branch] } }
locations:
  - { name: eu }
  - { name: ams, parent: eu }
roles:
  - { name: branch }
tags:
  - { name: edge }
devices:
  - { name: br1, platform: cisco_ios, role: branch, location: ams, tags: [edge], secrets_group: lab }
  - { name: br2, platform: cisco_ios, role: branch }
";

struct Api {
    _dir: tempfile::TempDir,
    state: AppState,
}

impl Api {
    async fn start() -> Api {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open_in_data_dir(dir.path(), &StoreOptions::default())
            .await
            .unwrap();
        let mut doc = parse_document(INVENTORY, Format::Yaml, "lab.yaml").unwrap();
        doc.platforms = shipped_platforms();
        store
            .import(&doc, "lab.yaml", ValidationPolicy::default(), false)
            .await
            .unwrap();
        let services = Services::over(store, &LoadedConfig::defaults(), dir.path()).unwrap();
        Api {
            state: AppState::new(services),
            _dir: dir,
        }
    }

    async fn admin(&self) -> String {
        self.user_of("root", true, &[]).await
    }

    async fn user(&self, name: &str, grants: &[String]) -> String {
        self.user_of(name, false, grants).await
    }

    async fn user_of(&self, name: &str, superuser: bool, grants: &[String]) -> String {
        self.state
            .identity
            .add_user(&NewUserRequest {
                name: name.into(),
                password: format!("{name}'s password"),
                superuser,
                permissions: grants.to_vec(),
                ..NewUserRequest::default()
            })
            .await
            .unwrap();
        self.state
            .identity
            .issue_token(name, None)
            .await
            .unwrap()
            .token
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
        let body = if bytes.is_empty() {
            Value::Null
        } else {
            serde_json::from_slice(&bytes)
                .unwrap_or_else(|_| panic!("{path}: not JSON: {}", String::from_utf8_lossy(&bytes)))
        };
        (status, body)
    }
}

/// One kind's path segment, permission object and the bodies its writes send.
struct Kind {
    segment: &'static str,
    object: &'static str,
    create: Value,
    replace: Value,
    patch: Value,
}

fn kinds() -> Vec<Kind> {
    vec![
        Kind {
            segment: "platforms",
            object: "platform",
            create: json!({"name": "new", "driver": "cisco_ios"}),
            replace: json!({"name": "new", "driver": "arista_eos", "description": "replaced"}),
            patch: json!({"description": "patched"}),
        },
        Kind {
            segment: "locations",
            object: "location",
            create: json!({"name": "new"}),
            replace: json!({"name": "new", "parent": "eu"}),
            patch: json!({"parent": "ams", "description": "patched"}),
        },
        Kind {
            segment: "roles",
            object: "role",
            create: json!({"name": "new"}),
            replace: json!({"description": "replaced"}),
            patch: json!({"description": "patched"}),
        },
        Kind {
            segment: "tenants",
            object: "tenant",
            create: json!({"name": "new"}),
            replace: json!({"name": "new", "description": "replaced"}),
            patch: json!({"description": "patched"}),
        },
        Kind {
            segment: "tags",
            object: "tag",
            create: json!({"name": "new"}),
            replace: json!({"name": "new", "description": "replaced"}),
            patch: json!({"description": "patched"}),
        },
        Kind {
            segment: "secrets-groups",
            object: "secretsgroup",
            create: json!({"name": "new", "password": {"env": "SECRET_VARIABLE"}}),
            replace: json!({"name": "new", "username": {"env": "SECRET_USER"}, "password": {"stored": "SECRET_STORED"}}),
            patch: json!({"username": null, "secrets": {"snmp": {"file": "/run/SECRET_FILE"}}}),
        },
        Kind {
            segment: "saved-filters",
            object: "savedfilter",
            create: json!({"name": "new", "filter": {"role": ["branch"]}}),
            replace: json!({"name": "new", "filter": {"tag": ["edge"]}, "description": "replaced"}),
            patch: json!({"filter": {"role": ["core"]}}),
        },
    ]
}

#[tokio::test]
async fn every_write_of_every_kind_needs_its_one_permission() {
    let api = Api::start().await;
    for kind in kinds() {
        let grants = |lacking: &str| -> Vec<String> {
            ["view", "add", "change", "delete"]
                .iter()
                .filter(|verb| **verb != lacking)
                .map(|verb| format!("{verb}_{}", kind.object))
                .collect()
        };
        let all = api.user(&format!("all-{}", kind.object), &grants("")).await;
        let list = format!("/api/{}/", kind.segment);
        let one = format!("/api/{}/new", kind.segment);
        for (method, path, body, verb, success) in [
            (
                Method::POST,
                &list,
                Some(&kind.create),
                "add",
                StatusCode::CREATED,
            ),
            (
                Method::PUT,
                &one,
                Some(&kind.replace),
                "change",
                StatusCode::OK,
            ),
            (
                Method::PATCH,
                &one,
                Some(&kind.patch),
                "change",
                StatusCode::OK,
            ),
            (Method::DELETE, &one, None, "delete", StatusCode::NO_CONTENT),
        ] {
            let context = format!("{method} {path}");
            let (status, _) = api.send(&method, path, body, None).await;
            assert_eq!(status, StatusCode::UNAUTHORIZED, "{context}");

            let permission = format!("{verb}_{}", kind.object);
            let lacking = api
                .user(&format!("no-{permission}-{method}"), &grants(verb))
                .await;
            let (status, refused) = api.send(&method, path, body, Some(&lacking)).await;
            assert_eq!(status, StatusCode::FORBIDDEN, "{context}: {refused}");
            let message = refused["error"].as_str().unwrap();
            assert!(
                message.contains(&format!("`{permission}`")),
                "{context}: {message}"
            );

            let (status, done) = api.send(&method, path, body, Some(&all)).await;
            assert_eq!(status, success, "{context}: {done}");
            assert!(
                !done.to_string().contains("SECRET_"),
                "{context} shows a credential reference: {done}"
            );
            match method {
                Method::POST => assert_eq!(done["name"], "new", "{context}"),
                Method::PUT | Method::PATCH => {
                    let (_, shown) = api.send(&Method::GET, path, None, Some(&all)).await;
                    assert_eq!(shown, done, "{context}: GET shows what the write answered");
                }
                _ => {
                    let (status, _) = api.send(&Method::GET, path, None, Some(&all)).await;
                    assert_eq!(status, StatusCode::NOT_FOUND, "{context}");
                }
            }
        }
    }
}

#[tokio::test]
async fn patches_merge_and_secrets_groups_show_only_which_credentials_they_have() {
    let api = Api::start().await;
    let admin = api.admin().await;
    let group = json!({"name": "core", "username": {"env": "U"}, "password": {"env": "P"}});
    let (status, created) = api
        .send(
            &Method::POST,
            "/api/secrets-groups",
            Some(&group),
            Some(&admin),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    assert_eq!(
        created,
        json!({"name": "core", "has_username": true, "has_password": true,
               "has_enable_secret": false, "has_private_key": false, "secrets": []})
    );
    let patch = json!({"username": null, "secrets": {"snmp": {"env": "SNMP"}}});
    let (status, patched) = api
        .send(
            &Method::PATCH,
            "/api/secrets-groups/core/",
            Some(&patch),
            Some(&admin),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{patched}");
    assert_eq!(patched["has_username"], false);
    assert_eq!(
        patched["has_password"], true,
        "a patch keeps what it does not name"
    );
    assert_eq!(patched["secrets"], json!(["snmp"]));

    let patch = json!({"parent": "ams", "description": "a room"});
    let (status, moved) = api
        .send(
            &Method::POST,
            "/api/locations/",
            Some(&json!({"name": "room"})),
            Some(&admin),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{moved}");
    let (status, moved) = api
        .send(
            &Method::PATCH,
            "/api/locations/room",
            Some(&patch),
            Some(&admin),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{moved}");
    assert_eq!(
        moved,
        json!({"name": "room", "parent": "ams", "description": "a room"})
    );

    // Devices take a merge patch too; a bad field is named.
    let (status, device) = api
        .send(
            &Method::PATCH,
            "/api/devices/br2/",
            Some(&json!({"role": null, "port": 2222})),
            Some(&admin),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{device}");
    assert_eq!(device["port"], 2222);
    assert!(device.get("role").is_none(), "{device}");
    assert_eq!(device["platform"], "cisco_ios");
    let (status, refused) = api
        .send(
            &Method::PATCH,
            "/api/devices/br2/",
            Some(&json!({"port": "ssh"})),
            Some(&admin),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{refused}");
    assert!(
        refused["error"].as_str().unwrap().contains("`port`"),
        "{refused}"
    );
}

#[tokio::test]
async fn taken_names_objects_in_use_bad_fields_and_synced_objects_are_refused() {
    let api = Api::start().await;
    let admin = api.admin().await;
    api.user("bob", &["view_device:branch".to_string()]).await;
    let send = |method: Method, path: &'static str, body: Option<Value>| {
        let api = &api;
        let admin = admin.clone();
        async move {
            let (status, body) = api.send(&method, path, body.as_ref(), Some(&admin)).await;
            let error = body["error"].as_str().unwrap_or_default().to_string();
            (status, error)
        }
    };

    let (status, error) = send(
        Method::POST,
        "/api/platforms/",
        Some(json!({"name": "cisco_ios", "driver": "cisco_ios"})),
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT, "{error}");
    assert!(error.contains("`cisco_ios` already exists"), "{error}");

    for (path, names) in [
        ("/api/platforms/cisco_ios/", "devices br1, br2"),
        ("/api/roles/branch/", "devices br1, br2"),
        ("/api/tags/edge/", "devices br1"),
        ("/api/secrets-groups/lab/", "devices br1"),
        ("/api/locations/ams/", "devices br1"),
        ("/api/locations/eu/", "child locations ams"),
        (
            "/api/saved-filters/branch/",
            "user bob's `view_device:branch`",
        ),
    ] {
        let (status, error) = send(Method::DELETE, path, None).await;
        assert_eq!(status, StatusCode::CONFLICT, "{path}: {error}");
        assert!(error.contains(names), "{path}: {error}");
    }

    for (method, path, body, field) in [
        (
            Method::POST,
            "/api/platforms/",
            json!({"name": "p", "driver": 5}),
            "`driver`",
        ),
        (
            Method::POST,
            "/api/platforms/",
            json!({"name": "p"}),
            "missing field `driver`",
        ),
        (
            Method::POST,
            "/api/platforms/",
            json!({"name": "p", "driver": ""}),
            "`driver` is empty",
        ),
        (
            Method::POST,
            "/api/roles/",
            json!({"name": "r", "colour": "red"}),
            "unknown field `colour`",
        ),
        (
            Method::POST,
            "/api/roles/",
            json!({"name": " r"}),
            "leading or trailing spaces",
        ),
        (
            Method::POST,
            "/api/locations/",
            json!({"name": "l", "parent": "nowhere"}),
            "unknown parent location `nowhere`",
        ),
        (
            Method::PATCH,
            "/api/locations/eu/",
            json!({"parent": "ams"}),
            "`parent`",
        ),
        (
            Method::PUT,
            "/api/tags/edge/",
            json!({"name": "other"}),
            "`name` must stay `edge`",
        ),
        (
            Method::POST,
            "/api/secrets-groups/",
            json!({"name": "s", "password": {"literal": "pw"}}),
            "literal credentials are not allowed",
        ),
        (
            Method::POST,
            "/api/secrets-groups/",
            json!({"name": "s", "password": {"env": "A", "file": "B"}}),
            "`password`",
        ),
        (
            Method::POST,
            "/api/saved-filters/",
            json!({"name": "f", "filter": {"status": ["gone"]}}),
            "unknown status `gone`",
        ),
        (
            Method::POST,
            "/api/saved-filters/",
            json!({"name": "f", "filter": {"role": [1]}}),
            "`filter.role[0]`",
        ),
        (
            Method::POST,
            "/api/tenants/",
            json!(["not", "an", "object"]),
            "must be a JSON object",
        ),
    ] {
        let context = format!("{method} {path} {body}");
        let (status, error) = send(method, path, Some(body)).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{context}: {error}");
        assert!(error.contains(field), "{context}: {error}");
    }
    let (status, _) = send(
        Method::PUT,
        "/api/tags/nope/",
        Some(json!({"name": "nope"})),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = send(Method::DELETE, "/api/tags/nope", None).await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    // An object synced from a source of truth is changed and deleted there.
    sqlx::query("UPDATE tags SET source = 'nautobot', source_id = 't-1' WHERE name = 'edge'")
        .execute(&api.state.store.pool_for_tests())
        .await
        .unwrap();
    let (status, error) = send(
        Method::PATCH,
        "/api/tags/edge/",
        Some(json!({"description": "x"})),
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT, "{error}");
    assert!(error.contains("synced from nautobot"), "{error}");
    sqlx::query("DELETE FROM device_tags")
        .execute(&api.state.store.pool_for_tests())
        .await
        .unwrap();
    let (status, error) = send(Method::DELETE, "/api/tags/edge/", None).await;
    assert_eq!(status, StatusCode::CONFLICT, "{error}");
    assert!(error.contains("delete it in nautobot"), "{error}");
}
