//! Parsing and validating inventory files as `aurum inventory import` sees them.

use aurum_inventory::{
    DeviceStatus, Format, InventoryError, KnownNames, ValidationPolicy, parse_document,
    validate_document,
};

fn known() -> KnownNames {
    KnownNames {
        platforms: ["cisco_ios", "arista_eos"].map(String::from).into(),
        locations: Default::default(),
        secrets_groups: ["lab"].map(String::from).into(),
    }
}

fn rejected(result: Result<aurum_inventory::InventoryDocument, InventoryError>) -> Vec<String> {
    match result {
        Err(InventoryError::Rejected { issues, .. }) => {
            issues.iter().map(|i| i.to_string()).collect()
        }
        other => panic!("expected a rejected file, got {other:?}"),
    }
}

#[test]
fn yaml_with_every_section_parses() {
    let text = r#"
platforms:
  - { name: vyos, driver: vyos, network_os: vyos }
locations:
  - { name: emea }
  - { name: ams1, parent: emea }
roles: [{ name: leaf }]
tenants: [{ name: acme }]
tags: [{ name: pci, description: in PCI scope }]
secrets_groups:
  - name: prod
    username: { env: AURUM_USER }
    password: { file: /run/secrets/pw }
saved_filters:
  - name: ams-leaves
    filter: { location: [ams1], role: [leaf] }
devices:
  - name: ams1-leaf1
    address: 192.0.2.11
    platform: arista_eos
    location: ams1
    role: leaf
    tenant: acme
    tags: [pci]
    secrets_group: prod
    data: { asn: 65011, loopback: 10.255.0.11 }
  - name: ams1-fw1
    address: fw1.ams1.example.net
    port: 2222
    platform: vyos
    status: planned
"#;
    let doc = parse_document(text, Format::Yaml, "inv.yaml").unwrap();
    assert_eq!(doc.devices.len(), 2);
    assert_eq!(doc.devices[1].port, 2222);
    assert_eq!(doc.devices[1].status, DeviceStatus::Planned);
    assert_eq!(doc.devices[0].data["asn"], 65011);
    assert!(validate_document(&doc, &known(), ValidationPolicy::default()).is_empty());
    // Export writes what import reads.
    let again = parse_document(&doc.to_yaml(), Format::Yaml, "export.yaml").unwrap();
    assert_eq!(again, doc);
}

#[test]
fn a_bare_yaml_list_is_a_list_of_devices() {
    let doc = parse_document("- name: r1\n- name: r2\n", Format::Yaml, "inv.yaml").unwrap();
    assert_eq!(doc.devices.len(), 2);
}

#[test]
fn yaml_row_errors_are_all_reported() {
    let text = "devices:\n  - address: 10.0.0.1\n  - name: r2\n    port: seventy\n  - name: r3\n    colour: red\n";
    let issues = rejected(parse_document(text, Format::Yaml, "inv.yaml"));
    assert_eq!(issues.len(), 3, "{issues:#?}");
    assert!(issues[0].starts_with("devices[0]") && issues[0].contains("missing field `name`"));
    assert!(issues[1].starts_with("devices[1] (r2)"), "{}", issues[1]);
    assert!(issues[2].contains("colour"), "{}", issues[2]);
}

#[test]
fn unknown_yaml_section_is_an_error() {
    let err = parse_document("routers: []\n", Format::Yaml, "inv.yaml")
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("unknown section `routers`") && err.contains("inv.yaml"),
        "{err}"
    );
}

#[test]
fn csv_with_netbox_names_parses() {
    let text = "name,primary_ip4,platform,site,device_role,tenant,tags,status,port\n\
                nyc-leaf1,10.0.0.1,cisco_ios,nyc,leaf,acme,\"pci,core\",active,22\n\
                nyc-leaf2,10.0.0.2,cisco_ios,nyc,leaf,,,offline,\n";
    let doc = parse_document(text, Format::Csv, "inv.csv").unwrap();
    assert_eq!(doc.devices.len(), 2);
    let leaf1 = &doc.devices[0];
    assert_eq!(leaf1.address.as_deref(), Some("10.0.0.1"));
    assert_eq!(leaf1.location.as_deref(), Some("nyc"));
    assert_eq!(leaf1.role.as_deref(), Some("leaf"));
    assert_eq!(leaf1.tags, ["pci", "core"]);
    assert_eq!(doc.devices[1].tenant, None);
    assert_eq!(doc.devices[1].status, DeviceStatus::Offline);
}

#[test]
fn csv_row_errors_name_the_row() {
    let text = "name,address,port,status\nr1,10.0.0.1,22,active\n,10.0.0.2,22,active\nr3,10.0.0.3,99999,active\nr4,10.0.0.4,22,broken\n";
    let issues = rejected(parse_document(text, Format::Csv, "inv.csv"));
    assert_eq!(issues.len(), 3, "{issues:#?}");
    assert!(
        issues[0].starts_with("row 3: missing field `name`"),
        "{}",
        issues[0]
    );
    assert!(
        issues[1].starts_with("row 4 (r3): port `99999`"),
        "{}",
        issues[1]
    );
    assert!(
        issues[2].starts_with("row 5 (r4): unknown status `broken`"),
        "{}",
        issues[2]
    );
}

#[test]
fn csv_unknown_column_is_an_error() {
    let err = parse_document("name,colour\nr1,red\n", Format::Csv, "inv.csv")
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("unknown column `colour`") && err.contains("inv.csv"),
        "{err}"
    );
}

#[test]
fn validation_reports_every_bad_row() {
    let text = "name,address,platform,secrets_group\n\
                r1,10.0.0.1,cisco_ios,lab\n\
                r2,10.0.0.300,cisco_ios,\n\
                r1,10.0.0.3,cisco_ios,\n\
                r4,10.0.0.4,cisco_xe,\n\
                r5,10.0.0.5,,vault\n";
    let doc = parse_document(text, Format::Csv, "inv.csv").unwrap();
    let issues: Vec<String> = validate_document(&doc, &known(), ValidationPolicy::default())
        .iter()
        .map(|i| i.to_string())
        .collect();
    insta::assert_snapshot!(issues.join("\n"));
}

#[test]
fn literal_credentials_need_explicit_permission() {
    let text = "secrets_groups:\n  - name: lab2\n    username: { literal: admin }\n    password: { literal: admin }\n";
    let doc = parse_document(text, Format::Yaml, "inv.yaml").unwrap();
    let refused = validate_document(&doc, &known(), ValidationPolicy::default());
    assert_eq!(refused.len(), 1);
    assert!(refused[0].reason.contains("allow_literal_secrets"));
    let allowed = validate_document(
        &doc,
        &known(),
        ValidationPolicy {
            allow_literal_secrets: true,
        },
    );
    assert!(allowed.is_empty());
}

#[test]
fn location_parent_must_exist() {
    let doc = parse_document(
        "locations:\n  - { name: a, parent: nowhere }\n",
        Format::Yaml,
        "inv.yaml",
    )
    .unwrap();
    let issues = validate_document(&doc, &known(), ValidationPolicy::default());
    assert_eq!(issues.len(), 1);
    assert!(
        issues[0]
            .reason
            .contains("unknown parent location `nowhere`")
    );
}
