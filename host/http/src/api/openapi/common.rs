//! The pieces every operation of the description shares: schema references, NetBox's list
//! parameters and page envelope, and the one error shape behind each refusal status, so each
//! resource file says only what is particular to its routes.

use serde_json::{Map, Value, json};

/// A reference to the component schema `name`.
pub(super) fn schema(name: &str) -> Value {
    json!({ "$ref": format!("#/components/schemas/{name}") })
}

/// An array of `items`.
pub(super) fn array(items: Value) -> Value {
    json!({ "type": "array", "items": items })
}

/// A string or JSON `null` (OpenAPI 3.1 spells nullable as a type list).
pub(super) fn nullable(kind: &str) -> Value {
    json!({ "type": [kind, "null"] })
}

/// A path parameter; `{name}` and the like are always required.
pub(super) fn path_param(name: &str, schema: Value, description: &str) -> Value {
    json!({ "name": name, "in": "path", "required": true, "schema": schema, "description": description })
}

/// An optional query parameter.
pub(super) fn query_param(name: &str, schema: Value, description: &str) -> Value {
    json!({ "name": name, "in": "query", "required": false, "schema": schema, "description": description })
}

/// `limit`, `offset` and `q`, as every NetBox-style list takes them (`page.rs`).
pub(super) fn list_params() -> Vec<Value> {
    vec![
        query_param(
            "limit",
            json!({ "type": "integer", "minimum": 0 }),
            "Results per page (default 50; 0 or more than 1000 means 1000).",
        ),
        query_param(
            "offset",
            json!({ "type": "integer", "minimum": 0 }),
            "Results to skip.",
        ),
        query_param(
            "q",
            json!({ "type": "string" }),
            "Search: results whose name (or description, command) contains this text, any case.",
        ),
    ]
}

/// The fields a device filter takes, as `aurum_inventory`'s filter lists them (it does not
/// export its list; the test below fails when the two differ).
pub(super) const FILTER_FIELDS: [&str; 7] = [
    "name", "location", "role", "platform", "tenant", "tag", "status",
];

/// The device filter fields as query parameters (`?role=leaf,spine&location=ams1`).
pub(super) fn device_filter_params() -> Vec<Value> {
    FILTER_FIELDS
        .iter()
        .map(|field| {
            query_param(
                field,
                json!({ "type": "string" }),
                &format!("Only devices whose {field} is one of these comma-separated values (names take `*`)."),
            )
        })
        .collect()
}

/// A NetBox page of `item`: `count`, links to the pages around it, and the results.
pub(super) fn paginated(item: Value) -> Value {
    json!({
        "type": "object",
        "required": ["count", "next", "previous", "results"],
        "properties": {
            "count": { "type": "integer", "minimum": 0 },
            "next": nullable("string"),
            "previous": nullable("string"),
            "results": array(item),
        },
    })
}

/// What each refusal status means; every one answers `{"error": "..."}`.
pub(super) const ERRORS: [(u16, &str); 9] = [
    (
        400,
        "The request must change: a malformed parameter or body, or an invalid value.",
    ),
    (401, "No valid token: send `Authorization: Token <token>`."),
    (403, "The user lacks the permission named in the message."),
    (
        404,
        "No such object, or one the user may not see (the same message for both); or a feature switched off in aurum.toml [features], the message naming its switch.",
    ),
    (
        409,
        "The object exists already, or its state does not allow this.",
    ),
    (413, "The body is larger than [server] max_body_bytes."),
    (
        415,
        "A body was sent without `Content-Type: application/json`.",
    ),
    (
        422,
        "The JSON body does not fit the operation's schema; or (postprocessing) the device's config cannot go through the [postprocessing] chain as it stands.",
    ),
    (
        429,
        "The toolkit's rate limit: wait the `Retry-After` seconds.",
    ),
];

/// One operation being described. Every operation needs a token unless made [`Op::open`],
/// and so may answer 401, besides the errors named with [`Op::errors`].
pub(super) struct Op {
    op: Map<String, Value>,
    responses: Map<String, Value>,
}

impl Op {
    pub fn new(tag: &str, id: &str, summary: &str) -> Op {
        let mut op = Map::new();
        op.insert("tags".into(), json!([tag]));
        op.insert("operationId".into(), json!(id));
        op.insert("summary".into(), json!(summary));
        let mut responses = Map::new();
        responses.insert("401".into(), error_ref(401));
        Op { op, responses }
    }

    pub fn describe(mut self, text: &str) -> Op {
        self.op.insert("description".into(), json!(text));
        self
    }

    pub fn params(mut self, params: impl IntoIterator<Item = Value>) -> Op {
        let list = self.op.entry("parameters").or_insert_with(|| json!([]));
        if let Value::Array(list) = list {
            list.extend(params);
        }
        self
    }

    /// A required JSON body of `schema`; axum refuses a body without its content type (415)
    /// or not of the schema's shape (422).
    pub fn body(mut self, schema: Value) -> Op {
        self = self.errors(&[415, 422]);
        self.op.insert(
            "requestBody".into(),
            json!({ "required": true, "content": { "application/json": { "schema": schema } } }),
        );
        self
    }

    /// A success answered with a JSON body of `schema`.
    pub fn reply(self, status: u16, description: &str, schema: Value) -> Op {
        self.reply_as(status, description, "application/json", schema)
    }

    pub fn reply_as(mut self, status: u16, description: &str, media: &str, schema: Value) -> Op {
        let reply =
            json!({ "description": description, "content": { media: { "schema": schema } } });
        self.responses.insert(status.to_string(), reply);
        self
    }

    /// A success without a body.
    pub fn empty(mut self, status: u16, description: &str) -> Op {
        self.responses
            .insert(status.to_string(), json!({ "description": description }));
        self
    }

    pub fn errors(mut self, statuses: &[u16]) -> Op {
        for status in statuses {
            self.responses
                .insert(status.to_string(), error_ref(*status));
        }
        self
    }

    /// Needs no token (the token exchange): no security requirement, no 401 for a missing one.
    pub fn open(mut self) -> Op {
        self.op.insert("security".into(), json!([]));
        self.responses.remove("401");
        self
    }

    pub fn build(mut self) -> Value {
        self.op
            .insert("responses".into(), Value::Object(self.responses));
        Value::Object(self.op)
    }
}

fn error_ref(status: u16) -> Value {
    json!({ "$ref": format!("#/components/responses/E{status}") })
}

/// `components.responses`: one entry per refusal status, each the error shape (429 with its
/// `Retry-After` header).
pub(super) fn error_responses() -> Value {
    let mut responses = Map::new();
    for (status, description) in ERRORS {
        let mut response = json!({
            "description": description,
            "content": { "application/json": { "schema": schema("Error") } },
        });
        if status == 429 {
            response["headers"] = json!({
                "Retry-After": {
                    "description": "Seconds until the limit lets the next command through.",
                    "schema": { "type": "integer", "minimum": 1 },
                }
            });
        }
        if status == 401 {
            response["headers"] = json!({
                "WWW-Authenticate": { "description": "`Token`.", "schema": { "type": "string" } }
            });
        }
        responses.insert(format!("E{status}"), response);
    }
    Value::Object(responses)
}

#[cfg(test)]
mod tests {
    use aurum_inventory::DeviceFilter;

    #[test]
    fn the_filter_fields_are_the_inventorys() {
        for field in super::FILTER_FIELDS {
            assert!(
                DeviceFilter::parse_terms(&[format!("{field}=x")]).is_ok(),
                "{field}"
            );
        }
        let refused = DeviceFilter::parse_terms(&["colour=red"])
            .unwrap_err()
            .to_string();
        assert!(
            refused.contains(&format!("use one of {}", super::FILTER_FIELDS.join(", "))),
            "{refused}"
        );
    }
}
