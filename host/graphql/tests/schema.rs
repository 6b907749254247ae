//! The GraphQL API over a small inventory, on SQLite and PostgreSQL alike: Nautobot-shaped
//! queries, filters, relations, stored configs, and SoT queries run per device.

#[path = "../../store/tests/common/mod.rs"]
mod common;

use std::path::Path;

use aurum_graphql::{Api, SotQuery};
use aurum_inventory::{
    Format, InventoryDocument, ValidationPolicy, parse_document, shipped_platforms,
};
use aurum_store::ConfigKind;
use common::TestDb;
use serde_json::json;

const FLEET: &str = r#"
locations:
  - { name: emea, description: Europe }
  - { name: ams1, parent: emea, description: Amsterdam }
roles:
  - { name: leaf, description: Fabric leaf }
tenants:
  - { name: netops }
tags:
  - { name: pci, description: In PCI scope }
secrets_groups:
  - name: fleet
    username: { env: AURUM_USERNAME }
    password: { env: AURUM_PASSWORD }
devices:
  - { name: ams1-leaf1, address: 127.0.0.11, platform: arista_eos, location: ams1, role: leaf, tenant: netops, tags: [pci, core], secrets_group: fleet, data: { asn: 65011 } }
  - { name: ams1-leaf2, address: leaf2.example.net, platform: arista_eos, location: ams1, role: leaf }
  - { name: ams1-spine1, platform: cisco_nxos, location: ams1, role: spine, status: planned }
"#;

async fn api(db: &TestDb) -> Api {
    let mut platforms = InventoryDocument::default();
    platforms.platforms = shipped_platforms();
    db.store
        .import(&platforms, "platforms", ValidationPolicy::default(), false)
        .await
        .unwrap();
    let fleet = parse_document(FLEET, Format::Yaml, "fleet.yaml").unwrap();
    db.store
        .import(&fleet, "fleet.yaml", ValidationPolicy::default(), false)
        .await
        .unwrap();
    Api::new(db.store.clone())
}

async fn a_golden_config_style_query_resolves_every_relation(db: &TestDb) {
    let api = api(db).await;
    db.store
        .save_config_version(
            "ams1-leaf1",
            ConfigKind::Backup,
            "hostname ams1-leaf1\n",
            None,
        )
        .await
        .unwrap();
    let response = api
        .execute_json(
            "query ($device_id: ID!) { device(id: $device_id) { id name primary_ip4 { address } \
             status { name } platform { name network_driver driver } \
             location { name parent { name description } } role { name description } \
             tenant { name } tags { name description } secrets_group { name } \
             config_context data backup_config intended_config } }",
            json!({ "device_id": "ams1-leaf1" }),
        )
        .await;
    assert_eq!(
        response,
        json!({ "data": { "device": {
            "id": "ams1-leaf1",
            "name": "ams1-leaf1",
            "primary_ip4": { "address": "127.0.0.11" },
            "status": { "name": "active" },
            "platform": { "name": "arista_eos", "network_driver": "arista_eos", "driver": "arista_eos" },
            "location": { "name": "ams1", "parent": { "name": "emea", "description": "Europe" } },
            "role": { "name": "leaf", "description": "Fabric leaf" },
            "tenant": { "name": "netops" },
            "tags": [ { "name": "core", "description": "" }, { "name": "pci", "description": "In PCI scope" } ],
            "secrets_group": { "name": "fleet" },
            "config_context": { "asn": 65011 },
            "data": { "asn": 65011 },
            "backup_config": "hostname ams1-leaf1\n",
            "intended_config": null,
        } } })
    );
}

async fn devices_filter_like_the_inventory_list(db: &TestDb) {
    let api = api(db).await;
    let names = |response: serde_json::Value| -> Vec<String> {
        assert!(response.get("errors").is_none(), "{response}");
        response["data"]["devices"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["name"].as_str().unwrap().to_string())
            .collect()
    };
    let all = api.execute_json("{ devices { name } }", json!({})).await;
    assert_eq!(names(all).len(), 3);
    // A single value stands for a one-element list, as GraphQL coerces it.
    let leaves = api
        .execute_json(
            "{ devices(role: \"leaf\", status: [\"active\"]) { name } }",
            json!({}),
        )
        .await;
    assert_eq!(names(leaves), ["ams1-leaf1", "ams1-leaf2"]);
    let tagged = api
        .execute_json(
            "{ devices(tag: [\"pci\"], name: [\"ams1-*\"]) { name } }",
            json!({}),
        )
        .await;
    assert_eq!(names(tagged), ["ams1-leaf1"]);
    let none = api
        .execute_json("{ devices(location: [\"fra1\"]) { name } }", json!({}))
        .await;
    assert!(names(none).is_empty());
    let leaf2 = api
        .execute_json(
            "{ device(name: \"ams1-leaf2\") { primary_ip4 { address } tenant { name } } }",
            json!({}),
        )
        .await;
    assert_eq!(
        leaf2,
        json!({ "data": { "device": { "primary_ip4": null, "tenant": null } } })
    );
    let missing = api
        .execute_json("{ device(id: \"nope\") { name } }", json!({}))
        .await;
    assert_eq!(missing, json!({ "data": { "device": null } }));
}

async fn related_objects_list_and_secrets_stay_hidden(db: &TestDb) {
    let api = api(db).await;
    let response = api
        .execute_json(
            "{ platforms(name: [\"cisco_nxos\"]) { name network_driver } locations { name parent { name } } \
             roles { name } tenants { name } tags { name } secrets_groups { name } }",
            json!({}),
        )
        .await;
    assert_eq!(
        response,
        json!({ "data": {
            "platforms": [ { "name": "cisco_nxos", "network_driver": "cisco_nxos" } ],
            "locations": [ { "name": "ams1", "parent": { "name": "emea" } }, { "name": "emea", "parent": null } ],
            "roles": [ { "name": "leaf" }, { "name": "spine" } ],
            "tenants": [ { "name": "netops" } ],
            "tags": [ { "name": "core" }, { "name": "pci" } ],
            "secrets_groups": [ { "name": "fleet" } ],
        } })
    );
    let probe = api
        .execute_json("{ secrets_groups { name password } }", json!({}))
        .await;
    let text = probe.to_string();
    assert!(text.contains("Unknown field \\\"password\\\""), "{text}");
    assert!(!text.contains("AURUM_PASSWORD"), "{text}");
}

async fn sot_queries_run_per_device_and_errors_name_file_and_device(db: &TestDb) {
    // As a job runs them: one handle whose requests share the related objects.
    let api = api(db).await.for_job();
    let path = Path::new("/etc/aurum/sot.graphql");
    let query = SotQuery::parse(
        path,
        "query ($device_id: ID!) { device(id: $device_id) { name location { name } tags { name } } }".into(),
    )
    .unwrap();
    let data = query.run(&api, "ams1-leaf1").await.unwrap();
    assert_eq!(
        data,
        json!({ "device": { "name": "ams1-leaf1", "location": { "name": "ams1" }, "tags": [ { "name": "core" }, { "name": "pci" } ] } })
    );

    let other = query.run(&api, "ams1-spine1").await.unwrap();
    assert_eq!(other["device"]["location"]["name"], "ams1");
    assert_eq!(other["device"]["tags"], json!([]));

    let unknown = SotQuery::parse(
        path,
        "query ($device_id: ID!) { device(id: $device_id) { name hostname } }".into(),
    )
    .unwrap();
    let error = unknown
        .run(&api, "ams1-leaf1")
        .await
        .unwrap_err()
        .to_string();
    assert!(error.contains("/etc/aurum/sot.graphql"), "{error}");
    assert!(error.contains("ams1-leaf1"), "{error}");
    assert!(error.contains("Unknown field \"hostname\""), "{error}");
    assert!(error.contains("aurum graphql --file"), "{error}");

    let error = query.run(&api, "ghost").await.unwrap_err().to_string();
    assert!(error.contains("no device has id `ghost`"), "{error}");
}

/// A switched-off feature's configs are gone from GraphQL: the field is an error naming the
/// switch, and the rest of the answer stands.
async fn a_switched_off_features_config_field_is_refused(db: &TestDb) {
    let api = api(db).await.with_configs_off(&[ConfigKind::Backup]);
    for kind in [ConfigKind::Backup, ConfigKind::Intended] {
        db.store
            .save_config_version("ams1-leaf1", kind, "hostname ams1-leaf1\n", None)
            .await
            .unwrap();
    }
    let response = api
        .execute_json(
            "{ device(id: \"ams1-leaf1\") { name backup_config intended_config } }",
            json!({}),
        )
        .await;
    let errors = response["errors"].to_string();
    assert!(
        errors.contains("[features] (backup = false)") && errors.contains("backup_config"),
        "{response}"
    );
    let intended = api
        .execute_json(
            "{ device(id: \"ams1-leaf1\") { name intended_config } }",
            json!({}),
        )
        .await;
    assert_eq!(
        intended,
        json!({ "data": { "device": { "name": "ams1-leaf1", "intended_config": "hostname ams1-leaf1\n" } } })
    );
}

on_both_databases!(
    a_switched_off_features_config_field_is_refused,
    a_golden_config_style_query_resolves_every_relation,
    devices_filter_like_the_inventory_list,
    related_objects_list_and_secrets_stay_hidden,
    sot_queries_run_per_device_and_errors_name_file_and_device,
);
