//! Reading the JSON body of an inventory edit: a merge patch (RFC 7396) applied to the stored
//! object for a partial change, then the typed object read from the result with every error
//! naming the field it is about (`filter.role[0]: invalid type ...`), so the client knows what
//! to fix. Strings may not hold NUL, which PostgreSQL refuses to store.

use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::ServiceError;

/// `value` as a `T`, or `ObjectInvalid` naming `what` and the offending field.
pub(super) fn typed<T: DeserializeOwned>(what: &str, value: Value) -> Result<T, ServiceError> {
    refuse_nul(what, &value)?;
    serde_path_to_error::deserialize(value).map_err(|error| {
        let path = error.path().to_string();
        let reason = match path.as_str() {
            "." | "" => error.inner().to_string(),
            _ => format!("`{path}`: {}", error.inner()),
        };
        invalid(what, reason)
    })
}

/// Refuses a body with a NUL character in any string, naming where.
pub(super) fn refuse_nul(what: &str, value: &Value) -> Result<(), ServiceError> {
    match nul_at(value, String::new()) {
        Some(path) => Err(invalid(what, format!("`{path}` contains a NUL character"))),
        None => Ok(()),
    }
}

/// The refusal of a body, with the hint every such refusal shares.
pub(super) fn invalid(what: &str, reason: String) -> ServiceError {
    ServiceError::ObjectInvalid {
        what: what.to_string(),
        reason,
        hint: "fix the body and send it again (the API's schema is at /api/schema/)".to_string(),
    }
}

/// RFC 7396: every member of `patch` replaces the target's, `null` removes it, objects merge
/// member by member; a patch that is not an object replaces the whole target.
pub(super) fn merge_patch(target: &mut Value, patch: Value) {
    let Value::Object(members) = patch else {
        *target = patch;
        return;
    };
    if !target.is_object() {
        *target = Value::Object(serde_json::Map::new());
    }
    let Value::Object(fields) = target else {
        unreachable!("made an object above")
    };
    for (key, value) in members {
        if value.is_null() {
            fields.remove(&key);
        } else {
            merge_patch(fields.entry(key).or_insert(Value::Null), value);
        }
    }
}

/// Where in `value` a string (or a member name) holds a NUL, if anywhere.
fn nul_at(value: &Value, path: String) -> Option<String> {
    match value {
        Value::String(text) if text.contains('\0') => Some(display(path)),
        Value::Array(items) => items
            .iter()
            .enumerate()
            .find_map(|(index, item)| nul_at(item, format!("{path}[{index}]"))),
        Value::Object(members) => members.iter().find_map(|(key, item)| {
            let inner = if path.is_empty() {
                key.clone()
            } else {
                format!("{path}.{key}")
            };
            if key.contains('\0') {
                return Some(display(inner));
            }
            nul_at(item, inner)
        }),
        _ => None,
    }
}

fn display(path: String) -> String {
    if path.is_empty() {
        ".".to_string()
    } else {
        path
    }
}

#[cfg(test)]
mod tests {
    use aurum_inventory::SavedFilter;
    use serde_json::json;

    use super::*;

    #[test]
    fn a_merge_patch_replaces_members_removes_nulls_and_merges_objects() {
        let mut target =
            json!({"name": "r", "description": "old", "filter": {"role": ["a"], "tag": ["t"]}});
        merge_patch(
            &mut target,
            json!({"description": null, "filter": {"role": ["b"]}}),
        );
        assert_eq!(
            target,
            json!({"name": "r", "filter": {"role": ["b"], "tag": ["t"]}})
        );
    }

    #[test]
    fn errors_name_the_field() {
        let wrong = typed::<SavedFilter>(
            "saved filter `x`",
            json!({"name": "x", "filter": {"role": [1]}}),
        )
        .unwrap_err()
        .to_string();
        assert!(wrong.contains("`filter.role[0]`"), "{wrong}");
        let missing = typed::<SavedFilter>("saved filter `x`", json!({"name": "x"}))
            .unwrap_err()
            .to_string();
        assert!(missing.contains("missing field `filter`"), "{missing}");
        let unknown = typed::<SavedFilter>(
            "saved filter `x`",
            json!({"name": "x", "filter": {}, "colour": 1}),
        )
        .unwrap_err()
        .to_string();
        assert!(unknown.contains("unknown field `colour`"), "{unknown}");
        let nul = typed::<SavedFilter>(
            "saved filter `x`",
            json!({"name": "x", "filter": {"tag": ["a\u{0}"]}}),
        )
        .unwrap_err()
        .to_string();
        assert!(nul.contains("`filter.tag[0]` contains a NUL"), "{nul}");
    }
}
