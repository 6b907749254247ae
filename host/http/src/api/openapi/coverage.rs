//! The description against the router: every route and method `api::routes()` answers must be
//! described, and every described one must be routed, so a route added without its
//! description (or a description left behind by a removed route) fails here. Methods are
//! found by asking the router itself: a method it does not route answers 405 before any
//! handler runs; a routed one reaches its handler, which refuses at once for want of the
//! principal the token check would have added, so the probe touches no data.

use std::collections::BTreeSet;

use axum::body::Body;
use axum::http::{Method, Request, StatusCode};
use serde_json::Value;
use tower::ServiceExt;

use super::document;
use crate::AppState;

const METHODS: [Method; 5] = [
    Method::GET,
    Method::POST,
    Method::PUT,
    Method::PATCH,
    Method::DELETE,
];

/// The paths outside `api::routes()`, in `serve.rs`: the token exchange (open), the docs
/// page (a token or a web session), and the service's endpoints at the names their clients
/// expect (`NAMED_ROUTES`).
const OUTSIDE_ROUTES: [&str; 6] = [
    "/api/tokens/provision",
    "/api/docs",
    "/healthz",
    "/readyz",
    "/metrics",
    "/graphql",
];

/// The paths written without the trailing slash, at the names their clients look for:
/// OpenAPI tools, probes, Prometheus and GraphQL clients. They answer only at that name.
const NAMED_ROUTES: [&str; 5] = [
    "/api/openapi.json",
    "/healthz",
    "/readyz",
    "/metrics",
    "/graphql",
];

async fn state(dir: &std::path::Path) -> AppState {
    let store = aurum_store::Store::open_in_data_dir(dir, &aurum_store::StoreOptions::default())
        .await
        .unwrap();
    let loaded = aurum_config::LoadedConfig::defaults();
    AppState::new(aurum_services::Services::over(store, &loaded, dir).unwrap())
}

/// A concrete path for a route's template: each `{param}` a value its extractor accepts.
fn concrete(template: &str) -> String {
    template
        .split('/')
        .map(|segment| match segment {
            "{name}" => "x",
            "{kind}" => "backup",
            "{number}" | "{id}" => "1",
            other if other.starts_with('{') => panic!("no probe value for {other} in {template}"),
            other => other,
        })
        .collect::<Vec<_>>()
        .join("/")
}

/// `(path, method)` of every route and method the router answers.
async fn routed(state: AppState) -> BTreeSet<(String, String)> {
    let router = crate::api::router().with_state(state);
    let mut found = BTreeSet::new();
    for (template, _) in crate::api::routes() {
        for method in METHODS {
            let request = Request::builder()
                .method(method.clone())
                .uri(concrete(&template))
                .body(Body::empty())
                .unwrap();
            let status = router.clone().oneshot(request).await.unwrap().status();
            if status != StatusCode::METHOD_NOT_ALLOWED {
                assert_ne!(status, StatusCode::NOT_FOUND, "{method} {template}");
                found.insert((template.clone(), method.as_str().to_string()));
            }
        }
    }
    found
}

/// `(path without its trailing slash, METHOD)` of every operation described.
fn described(document: &Value) -> BTreeSet<(String, String)> {
    let mut found = BTreeSet::new();
    for (path, item) in document["paths"].as_object().unwrap() {
        assert!(
            path.ends_with('/') || NAMED_ROUTES.contains(&path.as_str()),
            "{path}: write paths with the trailing slash"
        );
        let path = path.trim_end_matches('/');
        if OUTSIDE_ROUTES.contains(&path) {
            continue;
        }
        for method in item.as_object().unwrap().keys() {
            if method != "parameters" {
                found.insert((path.to_string(), method.to_uppercase()));
            }
        }
    }
    found
}

#[tokio::test]
async fn every_routed_method_is_described_and_every_described_one_is_routed() {
    let dir = tempfile::tempdir().unwrap();
    let routed = routed(state(dir.path()).await).await;
    let described = described(&document());
    let undescribed: Vec<_> = routed.difference(&described).collect();
    let unrouted: Vec<_> = described.difference(&routed).collect();
    assert!(
        undescribed.is_empty(),
        "routed but not in the OpenAPI description (add them in api/openapi/): {undescribed:?}"
    );
    assert!(
        unrouted.is_empty(),
        "described but not routed (remove them from api/openapi/): {unrouted:?}"
    );
    assert!(routed.len() > 30, "the probe found only {routed:?}");
}

#[tokio::test]
async fn the_routes_outside_the_api_router_are_described_as_routed() {
    let dir = tempfile::tempdir().unwrap();
    let state = state(dir.path()).await;
    // Past the token check, so a method the route lacks meets the router's 405.
    let root = aurum_services::identity::NewUserRequest {
        name: "root".into(),
        password: "root's password".into(),
        superuser: true,
        ..Default::default()
    };
    state.identity.add_user(&root).await.unwrap();
    let token = state
        .identity
        .issue_token("root", None)
        .await
        .unwrap()
        .token;
    let app = crate::app(state);
    let document = document();
    for path in OUTSIDE_ROUTES {
        let written = match NAMED_ROUTES.contains(&path) {
            true => path.to_string(),
            false => format!("{path}/"),
        };
        let item = &document["paths"][&written];
        assert!(item.is_object(), "{written} is not described");
        for method in METHODS {
            let request = Request::builder()
                .method(method.clone())
                .uri(path)
                .header("authorization", format!("Token {token}"))
                .body(Body::empty())
                .unwrap();
            let status = app.clone().oneshot(request).await.unwrap().status();
            let routed = status != StatusCode::METHOD_NOT_ALLOWED;
            let key = method.as_str().to_lowercase();
            assert_eq!(
                routed,
                item.get(&key).is_some(),
                "{method} {path}: {status}"
            );
        }
    }
}

/// Every `$ref` names a component that exists, and every path parameter is declared.
#[test]
fn references_resolve_and_path_parameters_are_declared() {
    let document = document();
    let mut refs = Vec::new();
    collect_refs(&document, &mut refs);
    assert!(!refs.is_empty());
    for reference in refs {
        let pointer = reference.trim_start_matches('#');
        assert!(
            document.pointer(pointer).is_some(),
            "{reference} does not resolve"
        );
    }
    for (path, item) in document["paths"].as_object().unwrap() {
        for (method, operation) in item.as_object().unwrap() {
            if method == "parameters" {
                continue;
            }
            let declared: BTreeSet<&str> = item["parameters"]
                .as_array()
                .into_iter()
                .chain(operation["parameters"].as_array())
                .flatten()
                .filter(|p| p["in"] == "path")
                .map(|p| p["name"].as_str().unwrap())
                .collect();
            let in_path: BTreeSet<&str> = path
                .split('/')
                .filter_map(|s| s.strip_prefix('{')?.strip_suffix('}'))
                .collect();
            assert_eq!(declared, in_path, "{method} {path}");
        }
    }
}

fn collect_refs(value: &Value, refs: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            if let Some(Value::String(reference)) = map.get("$ref") {
                refs.push(reference.clone());
            }
            map.values().for_each(|v| collect_refs(v, refs));
        }
        Value::Array(items) => items.iter().for_each(|v| collect_refs(v, refs)),
        _ => {}
    }
}
