//! A golden-config setting's source-of-truth aggregation query, as in Nautobot Golden Config:
//! a GraphQL file run once per device with `$device_id` bound, whose `data` (its top-level
//! `device` object and whatever else it asks for) becomes the template context.

use std::path::{Path, PathBuf};

use async_graphql::parser::parse_query;

use crate::{Api, GraphqlError, Request, Variables, error_messages};

/// The variable every SoT query declares, as Golden Config's do.
const DEVICE_ID: &str = "device_id";

/// A query file, read and checked once per job, run per device.
#[derive(Debug, Clone)]
pub struct SotQuery {
    path: PathBuf,
    text: String,
}

impl SotQuery {
    /// Reads the file and checks that it parses and declares `$device_id`, so a broken query
    /// is reported once with its file rather than as a puzzle per device.
    pub fn load(path: &Path) -> Result<SotQuery, GraphqlError> {
        let text = std::fs::read_to_string(path).map_err(|source| GraphqlError::Read {
            path: path.display().to_string(),
            source,
        })?;
        Self::parse(path, text)
    }

    /// Checks query text that came from somewhere other than a file; `path` names it.
    pub fn parse(path: &Path, text: String) -> Result<SotQuery, GraphqlError> {
        let invalid = |message: String| GraphqlError::Invalid {
            path: path.display().to_string(),
            message,
        };
        let document = parse_query(&text).map_err(|e| {
            let at = e
                .positions()
                .next()
                .map(|p| format!(" (line {}, column {})", p.line, p.column))
                .unwrap_or_default();
            invalid(format!("syntax error{at}: {}", e.to_string().trim()))
        })?;
        let declares = document.operations.iter().any(|(_, operation)| {
            operation
                .node
                .variable_definitions
                .iter()
                .any(|v| v.node.name.node.as_str() == DEVICE_ID)
        });
        if !declares {
            return Err(invalid(
                "the query does not declare `$device_id`; start it with `query ($device_id: ID!) { device(id: $device_id) { ... } }`"
                    .to_string(),
            ));
        }
        Ok(SotQuery {
            path: path.to_path_buf(),
            text,
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Runs the query for one device and returns its `data`. Any GraphQL error, even beside
    /// partial data, fails the device: a template must never render from half its context.
    pub async fn run(&self, api: &Api, device: &str) -> Result<serde_json::Value, GraphqlError> {
        let error = |message: String| GraphqlError::Execute {
            path: self.path.display().to_string(),
            device: device.to_string(),
            message,
        };
        let variables = Variables::from_json(serde_json::json!({ DEVICE_ID: device }));
        let response = api
            .execute(Request::new(self.text.clone()).variables(variables))
            .await;
        if !response.errors.is_empty() {
            return Err(error(error_messages(&response.errors)));
        }
        let data = response
            .data
            .into_json()
            .map_err(|e| error(format!("the result is not JSON: {e}")))?;
        if data.get("device").is_some_and(serde_json::Value::is_null) {
            return Err(error(format!(
                "`device` is null: no device has id `{device}`; query `device(id: $device_id)`"
            )));
        }
        Ok(data)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn invalid(text: &str) -> String {
        SotQuery::parse(Path::new("q/sot.graphql"), text.to_string())
            .unwrap_err()
            .to_string()
    }

    #[test]
    fn a_syntax_error_names_the_file_and_the_position() {
        let error = invalid("query ($device_id: ID!) {\n  device(id: $device_id) { name \n");
        assert!(
            error.starts_with("SoT query q/sot.graphql: syntax error (line"),
            "{error}"
        );
    }

    #[test]
    fn a_query_without_device_id_is_rejected_with_the_shape_to_use() {
        let error = invalid("{ devices { name } }");
        assert!(error.contains("q/sot.graphql"), "{error}");
        assert!(error.contains("does not declare `$device_id`"), "{error}");
        assert!(error.contains("query ($device_id: ID!)"), "{error}");
    }

    #[test]
    fn a_missing_file_says_which_setting_key_to_check() {
        let error = SotQuery::load(Path::new("/nonexistent/sot.graphql"))
            .unwrap_err()
            .to_string();
        assert!(error.contains("/nonexistent/sot.graphql"), "{error}");
        assert!(error.contains("sot_query"), "{error}");
    }

    #[test]
    fn the_sdl_has_nautobot_field_names() {
        let sdl = crate::sdl();
        for field in [
            "device(id: ID, name: String): Device",
            "network_driver: String!",
            "secrets_groups(name: [String!]): [SecretsGroup!]!",
            "config_context: JSON!",
        ] {
            assert!(sdl.contains(field), "`{field}` missing from\n{sdl}");
        }
    }
}
