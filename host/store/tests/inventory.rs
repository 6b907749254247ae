//! Import, export and reads of the source of truth, on SQLite and PostgreSQL alike.

mod common;

use aurum_inventory::{
    DeviceFilter, Format, InventoryDocument, ValidationPolicy, parse_document, shipped_platforms,
};
use aurum_store::StoreError;
use common::TestDb;

const FLEET: &str = r#"
locations:
  - { name: ams1, parent: emea }
  - { name: emea, description: Europe }
secrets_groups:
  - name: lab
    username: { env: AURUM_USER }
    password: { env: AURUM_PASSWORD }
saved_filters:
  - name: ams-leaves
    filter: { location: [ams1], role: [leaf] }
devices:
  - { name: ams1-leaf1, address: 127.0.0.11, platform: arista_eos, location: ams1, role: leaf, tags: [pci, core], secrets_group: lab, data: { asn: 65011 } }
  - { name: ams1-leaf2, address: 127.0.0.12, platform: arista_eos, location: ams1, role: leaf, tenant: acme }
  - { name: ams1-spine1, address: 127.0.0.13, port: 2222, platform: cisco_nxos, location: ams1, role: spine, status: planned }
"#;

fn doc(text: &str) -> InventoryDocument {
    parse_document(text, Format::Yaml, "fleet.yaml").unwrap()
}

async fn seed_platforms(db: &TestDb) {
    let mut platforms = InventoryDocument::default();
    platforms.platforms = shipped_platforms();
    db.store
        .import(&platforms, "platforms", ValidationPolicy::default(), false)
        .await
        .unwrap();
}

async fn import_then_export_round_trips_and_reimport_is_idempotent(db: &TestDb) {
    seed_platforms(db).await;
    let first = db
        .store
        .import(
            &doc(FLEET),
            "fleet.yaml",
            ValidationPolicy::default(),
            false,
        )
        .await
        .unwrap();
    assert_eq!((first.devices_created, first.devices_updated), (3, 0));
    assert!(first.applied);

    let exported = db.store.export().await.unwrap();
    let leaf1 = exported
        .devices
        .iter()
        .find(|d| d.name == "ams1-leaf1")
        .unwrap();
    assert_eq!(leaf1.tags, ["core", "pci"]);
    assert_eq!(leaf1.data["asn"], 65011);
    assert_eq!(exported.locations[0].name, "emea", "parents come first");
    assert_eq!(exported.tenants.len(), 1, "referenced tenant was created");

    let again = db
        .store
        .import(&exported, "export.yaml", ValidationPolicy::default(), false)
        .await
        .unwrap();
    assert_eq!((again.devices_created, again.devices_updated), (0, 3));
    let yaml = exported.to_yaml();
    assert_eq!(db.store.export().await.unwrap().to_yaml(), yaml);
    assert_eq!(
        parse_document(&yaml, Format::Yaml, "export.yaml").unwrap(),
        exported
    );
}

async fn a_bad_row_rejects_the_whole_file(db: &TestDb) {
    seed_platforms(db).await;
    let bad = format!("{FLEET}  - {{ name: broken, address: 10.0.0.999, platform: cisco_xe }}\n");
    let err = db
        .store
        .import(&doc(&bad), "fleet.yaml", ValidationPolicy::default(), false)
        .await
        .unwrap_err();
    let StoreError::ImportRejected(inner) = &err else {
        panic!("expected a rejected import, got {err:?}");
    };
    let message = inner.to_string();
    assert!(
        message.starts_with("fleet.yaml: 2 problem(s), nothing was imported"),
        "{message}"
    );
    assert!(
        message.contains("devices[3] (broken): address `10.0.0.999`"),
        "{message}"
    );
    assert!(message.contains("unknown platform `cisco_xe`"), "{message}");
    // Nothing from the file is there: not the valid devices, not the secrets group.
    assert!(
        db.store
            .devices(&DeviceFilter::default())
            .await
            .unwrap()
            .is_empty()
    );
    assert!(db.store.export().await.unwrap().secrets_groups.is_empty());
}

async fn a_dry_run_keeps_nothing(db: &TestDb) {
    seed_platforms(db).await;
    let summary = db
        .store
        .import(&doc(FLEET), "fleet.yaml", ValidationPolicy::default(), true)
        .await
        .unwrap();
    assert_eq!(summary.devices_created, 3);
    assert!(!summary.applied);
    assert!(
        db.store
            .devices(&DeviceFilter::default())
            .await
            .unwrap()
            .is_empty()
    );
}

async fn filters_and_saved_filters_select_devices(db: &TestDb) {
    seed_platforms(db).await;
    db.store
        .import(
            &doc(FLEET),
            "fleet.yaml",
            ValidationPolicy::default(),
            false,
        )
        .await
        .unwrap();
    let saved = db.store.saved_filter("ams-leaves").await.unwrap();
    let names: Vec<String> = db
        .store
        .devices(&saved.filter)
        .await
        .unwrap()
        .into_iter()
        .map(|d| d.name)
        .collect();
    assert_eq!(names, ["ams1-leaf1", "ams1-leaf2"]);
    let planned = DeviceFilter::parse_terms(&["status=planned"]).unwrap();
    let spine = db.store.devices(&planned).await.unwrap();
    assert_eq!(spine.len(), 1);
    assert_eq!(spine[0].port, 2222);

    let missing = db.store.saved_filter("nope").await.unwrap_err().to_string();
    assert!(
        missing.contains("`nope`") && missing.contains("ams-leaves"),
        "{missing}"
    );
}

async fn one_device_by_name(db: &TestDb) {
    seed_platforms(db).await;
    db.store
        .import(
            &doc(FLEET),
            "fleet.yaml",
            ValidationPolicy::default(),
            false,
        )
        .await
        .unwrap();
    let leaf = db.store.device("ams1-leaf1").await.unwrap();
    assert_eq!(leaf.platform.as_deref(), Some("arista_eos"));
    assert_eq!(leaf.secrets_group.as_deref(), Some("lab"));
    assert_eq!(leaf.tags, ["core", "pci"]);
    let err = db.store.device("nope").await.unwrap_err().to_string();
    assert!(
        err.contains("no device named `nope`") && err.contains("aurum inventory list"),
        "{err}"
    );
}

async fn updates_replace_tags_and_fields(db: &TestDb) {
    seed_platforms(db).await;
    db.store
        .import(
            &doc(FLEET),
            "fleet.yaml",
            ValidationPolicy::default(),
            false,
        )
        .await
        .unwrap();
    let update = "devices:\n  - { name: ams1-leaf1, address: 127.0.0.21, platform: cisco_ios, tags: [lab] }\n";
    db.store
        .import(
            &doc(update),
            "update.yaml",
            ValidationPolicy::default(),
            false,
        )
        .await
        .unwrap();
    let leaf = db.store.device("ams1-leaf1").await.unwrap();
    assert_eq!(leaf.address.as_deref(), Some("127.0.0.21"));
    assert_eq!(leaf.platform.as_deref(), Some("cisco_ios"));
    assert_eq!(leaf.tags, ["lab"]);
    assert_eq!(
        leaf.location, None,
        "an upsert writes the row as the file gives it"
    );
}

/// A page read by the database is the page filtering the whole inventory in memory gives:
/// for filters, searches (taken literally, any case), every sort in both directions (in byte
/// order on PostgreSQL too) and windows.
async fn a_page_read_in_sql_is_the_page_filtered_in_memory(db: &TestDb) {
    use aurum_store::{DevicePageQuery, DeviceSort};
    seed_platforms(db).await;
    let mut yaml = String::from(
        "locations:\n  - { name: ams1 }\n  - { name: Nyc1 }\nroles:\n  - { name: leaf }\n  - { name: spine }\n\
         tenants:\n  - { name: acme }\ndevices:\n",
    );
    let platforms = ["cisco_ios", "arista_eos", "juniper_junos"];
    for n in 0..40 {
        // Upper case sorts before lower case byte-wise; `_` and `%` must match themselves.
        let name = match n % 4 {
            0 => format!("Edge{n:02}"),
            1 => format!("leaf_{n:02}"),
            2 => format!("spine%{n:02}"),
            _ => format!("r{n:02}"),
        };
        let mut fields = vec![
            format!("name: \"{name}\""),
            format!("platform: {}", platforms[n % 3]),
        ];
        if n % 5 != 0 {
            fields.push(format!("location: {}", ["ams1", "Nyc1"][n % 2]));
        }
        if n % 3 != 0 {
            fields.push(format!("role: {}", ["leaf", "spine"][n % 2]));
        }
        if n % 7 == 0 {
            fields.push("tenant: acme".into());
        }
        if n % 6 == 0 {
            fields.push("status: planned".into());
        }
        if n % 4 == 1 {
            fields.push("tags: [pci, Core]".into());
        }
        if n % 9 == 0 {
            fields.push(format!("address: 192.0.2.{n}"));
        }
        yaml.push_str(&format!("  - {{ {} }}\n", fields.join(", ")));
    }
    db.store
        .import(&doc(&yaml), "page.yaml", ValidationPolicy::default(), false)
        .await
        .unwrap();
    let all = db.store.devices(&DeviceFilter::default()).await.unwrap();
    let in_memory = |query: &DevicePageQuery| {
        let q = query.q.trim().to_lowercase();
        let mut devices: Vec<_> = all
            .iter()
            .filter(|d| query.filter.matches(d))
            .filter(|d| {
                let mut fields = vec![d.name.clone()];
                for field in [&d.address, &d.platform, &d.location, &d.role, &d.tenant] {
                    fields.extend(field.clone());
                }
                if query.q_tags {
                    fields.extend(d.tags.iter().cloned());
                }
                q.is_empty() || fields.iter().any(|f| f.to_lowercase().contains(&q))
            })
            .cloned()
            .collect();
        let key = |d: &aurum_inventory::Device| match query.sort {
            DeviceSort::Name => String::new(),
            DeviceSort::Platform => d.platform.clone().unwrap_or_default(),
            DeviceSort::Location => d.location.clone().unwrap_or_default(),
            DeviceSort::Role => d.role.clone().unwrap_or_default(),
            DeviceSort::Tenant => d.tenant.clone().unwrap_or_default(),
            DeviceSort::Status => d.status.as_str().to_string(),
        };
        devices.sort_by(|a, b| key(a).cmp(&key(b)).then_with(|| a.name.cmp(&b.name)));
        if query.descending {
            devices.reverse();
        }
        let count = devices.len();
        let page: Vec<_> = devices
            .into_iter()
            .skip(query.offset)
            .take(query.limit)
            .collect();
        (count, page)
    };
    let filters = [
        DeviceFilter::default(),
        DeviceFilter {
            location: vec!["ams1".into()],
            ..DeviceFilter::default()
        },
        DeviceFilter {
            role: vec!["leaf".into(), "spine".into()],
            tenant: vec!["acme".into()],
            ..DeviceFilter::default()
        },
        DeviceFilter {
            tag: vec!["Core".into()],
            status: vec!["active".into()],
            ..DeviceFilter::default()
        },
        DeviceFilter {
            name: vec!["r03".into(), "Edge04".into()],
            ..DeviceFilter::default()
        },
    ];
    let searches = [
        "",
        "EDGE",
        "_1",
        "%",
        "ams",
        "core",
        "192.0.2.1",
        "nothing-matches",
    ];
    let sorts = [
        DeviceSort::Name,
        DeviceSort::Platform,
        DeviceSort::Location,
        DeviceSort::Role,
        DeviceSort::Tenant,
        DeviceSort::Status,
    ];
    let mut compared = 0;
    for filter in &filters {
        for q in searches {
            for (i, sort) in sorts.iter().enumerate() {
                let query = DevicePageQuery {
                    filter: filter.clone(),
                    q: q.into(),
                    q_tags: i % 2 == 0,
                    sort: *sort,
                    descending: i % 3 == 1,
                    offset: [0, 3, 25][i % 3],
                    limit: [7, 50][i % 2],
                };
                assert!(query.in_sql());
                assert_eq!(
                    db.store.device_page(&query).await.unwrap(),
                    in_memory(&query),
                    "{query:?}"
                );
                compared += 1;
            }
        }
    }
    assert_eq!(compared, 240);
}

on_both_databases!(
    a_page_read_in_sql_is_the_page_filtered_in_memory,
    import_then_export_round_trips_and_reimport_is_idempotent,
    a_bad_row_rejects_the_whole_file,
    a_dry_run_keeps_nothing,
    filters_and_saved_filters_select_devices,
    one_device_by_name,
    updates_replace_tags_and_fields,
);
