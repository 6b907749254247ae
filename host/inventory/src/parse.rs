use std::path::Path;

use serde::de::DeserializeOwned;
use serde_norway::Value;

use crate::model::{default_port, empty_object};
use crate::{Device, ImportIssue, InventoryDocument, InventoryError};

/// The file formats import understands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Yaml,
    Csv,
}

impl Format {
    /// Guesses from the file name; `None` when the extension says nothing.
    pub fn from_path(path: &Path) -> Option<Format> {
        match path.extension()?.to_str()?.to_ascii_lowercase().as_str() {
            "yaml" | "yml" => Some(Format::Yaml),
            "csv" => Some(Format::Csv),
            _ => None,
        }
    }
}

/// Parses an inventory file. Row-level problems are collected over the whole file and reported
/// together, so one import run shows every mistake at once.
pub fn parse_document(
    text: &str,
    format: Format,
    file: &str,
) -> Result<InventoryDocument, InventoryError> {
    match format {
        Format::Yaml => parse_yaml(text, file),
        Format::Csv => parse_csv(text, file),
    }
}

const SECTIONS: [&str; 8] = [
    "platforms",
    "locations",
    "roles",
    "tenants",
    "tags",
    "secrets_groups",
    "saved_filters",
    "devices",
];

fn parse_yaml(text: &str, file: &str) -> Result<InventoryDocument, InventoryError> {
    let syntax = |message: String| InventoryError::Syntax {
        file: file.to_string(),
        format: "YAML",
        message,
    };
    let root: Value = serde_norway::from_str(text).map_err(|e| syntax(e.to_string()))?;
    let mut doc = InventoryDocument::default();
    let mut issues = Vec::new();
    let mapping = match root {
        Value::Null => return Ok(doc),
        Value::Sequence(devices) => {
            doc.devices = rows(&devices, "devices", &mut issues);
            return finish(doc, issues, file);
        }
        Value::Mapping(mapping) => mapping,
        _ => {
            return Err(syntax(
                "expected a mapping of sections or a list of devices".to_string(),
            ));
        }
    };
    for (key, value) in mapping {
        let Some(section) = key.as_str() else {
            return Err(syntax(format!(
                "section names must be strings, found {key:?}"
            )));
        };
        let items = match value {
            Value::Sequence(items) => items,
            Value::Null => continue,
            _ => return Err(syntax(format!("section `{section}` must be a list"))),
        };
        match section {
            "platforms" => doc.platforms = rows(&items, section, &mut issues),
            "locations" => doc.locations = rows(&items, section, &mut issues),
            "roles" => doc.roles = rows(&items, section, &mut issues),
            "tenants" => doc.tenants = rows(&items, section, &mut issues),
            "tags" => doc.tags = rows(&items, section, &mut issues),
            "secrets_groups" => doc.secrets_groups = rows(&items, section, &mut issues),
            "saved_filters" => doc.saved_filters = rows(&items, section, &mut issues),
            "devices" => doc.devices = rows(&items, section, &mut issues),
            other => {
                return Err(syntax(format!(
                    "unknown section `{other}`; sections are {}",
                    SECTIONS.join(", ")
                )));
            }
        }
    }
    finish(doc, issues, file)
}

/// Deserialises each entry on its own so one bad row does not hide the others.
fn rows<T: DeserializeOwned>(
    items: &[Value],
    section: &str,
    issues: &mut Vec<ImportIssue>,
) -> Vec<T> {
    let mut parsed = Vec::with_capacity(items.len());
    for (index, item) in items.iter().enumerate() {
        match serde_norway::from_value::<T>(item.clone()) {
            Ok(row) => parsed.push(row),
            Err(error) => issues.push(ImportIssue {
                row: format!("{section}[{index}]"),
                name: item.get("name").and_then(Value::as_str).map(str::to_string),
                reason: error.to_string(),
            }),
        }
    }
    parsed
}

fn finish(
    doc: InventoryDocument,
    issues: Vec<ImportIssue>,
    file: &str,
) -> Result<InventoryDocument, InventoryError> {
    if issues.is_empty() {
        Ok(doc)
    } else {
        Err(InventoryError::Rejected {
            file: file.to_string(),
            issues,
        })
    }
}

/// Columns a device CSV may have; NetBox export names are accepted as aliases.
const CSV_COLUMNS: [&str; 11] = [
    "name",
    "address",
    "port",
    "platform",
    "location",
    "role",
    "tenant",
    "tags",
    "status",
    "secrets_group",
    "data",
];

fn canonical_column(header: &str) -> Option<&'static str> {
    let header = header.trim().to_ascii_lowercase();
    let name = match header.as_str() {
        "primary_ip" | "primary_ip4" | "primary_ip6" | "host" => "address",
        "site" => "location",
        "device_role" => "role",
        other => other,
    };
    CSV_COLUMNS.into_iter().find(|c| *c == name)
}

/// A CSV of devices, one per row, with a header naming the columns.
fn parse_csv(text: &str, file: &str) -> Result<InventoryDocument, InventoryError> {
    let syntax = |message: String| InventoryError::Syntax {
        file: file.to_string(),
        format: "CSV",
        message,
    };
    let mut reader = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let headers = reader.headers().map_err(|e| syntax(e.to_string()))?.clone();
    let mut columns = Vec::with_capacity(headers.len());
    for header in &headers {
        let column = canonical_column(header).ok_or_else(|| {
            syntax(format!(
                "unknown column `{header}`; columns are {}",
                CSV_COLUMNS.join(", ")
            ))
        })?;
        if columns.contains(&column) {
            return Err(syntax(format!(
                "column `{column}` appears twice in the header"
            )));
        }
        columns.push(column);
    }
    if !columns.contains(&"name") {
        return Err(syntax("the header has no `name` column".to_string()));
    }

    let mut doc = InventoryDocument::default();
    let mut issues = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| syntax(e.to_string()))?;
        let line = record.position().map_or(0, |p| p.line());
        match csv_device(&columns, &record) {
            Ok(device) => {
                doc.devices.push(device);
                doc.device_lines.push(line);
            }
            Err((name, reason)) => issues.push(ImportIssue {
                row: format!("row {line}"),
                name,
                reason,
            }),
        }
    }
    finish(doc, issues, file)
}

fn csv_device(
    columns: &[&str],
    record: &csv::StringRecord,
) -> Result<Device, (Option<String>, String)> {
    let cell = |column: &str| {
        columns
            .iter()
            .position(|c| *c == column)
            .and_then(|i| record.get(i))
            .filter(|v| !v.is_empty())
            .map(str::to_string)
    };
    let name = cell("name");
    let fail = |reason: String| (name.clone(), reason);
    let mut device = Device::named(
        name.clone()
            .ok_or_else(|| fail("missing field `name`".to_string()))?,
    );
    device.address = cell("address");
    device.port = match cell("port") {
        Some(port) => port
            .parse()
            .map_err(|_| fail(format!("port `{port}` is not a number from 1 to 65535")))?,
        None => default_port(),
    };
    device.platform = cell("platform");
    device.location = cell("location");
    device.role = cell("role");
    device.tenant = cell("tenant");
    device.tags = cell("tags")
        .map(|tags| {
            tags.split([',', ';'])
                .map(str::trim)
                .filter(|t| !t.is_empty())
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default();
    if let Some(status) = cell("status") {
        device.status = status.parse().map_err(fail)?;
    }
    device.secrets_group = cell("secrets_group");
    device.data = match cell("data") {
        Some(json) => serde_json::from_str(&json)
            .map_err(|e| fail(format!("`data` is not valid JSON: {e}")))?,
        None => empty_object(),
    };
    Ok(device)
}
