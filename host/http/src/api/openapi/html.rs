//! `GET /api/docs/`: the OpenAPI description rendered on the server as one HTML page
//! (operations grouped by tag, their parameters, request bodies and responses, then every
//! component schema), styled by the app's embedded stylesheet only: no CDN, no script, so it
//! works offline and under a `default-src 'self'` policy. It is drawn from the same
//! [`super::document`] the JSON is, so the two cannot disagree.

use std::fmt::Write;

use serde_json::{Map, Value};

/// The methods an operation may have, in the order a reader expects them.
const METHODS: [&str; 5] = ["get", "post", "put", "patch", "delete"];

/// The whole page for `document`.
pub(crate) fn page(document: &Value) -> String {
    let mut out = String::with_capacity(256 * 1024);
    let title = text(&document["info"]["title"]);
    let version = text(&document["info"]["version"]);
    let _ = write!(
        out,
        "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{} · Aurum</title>\n\
         <link rel=\"stylesheet\" href=\"/static/tabler.min.css\">\n\
         <link rel=\"stylesheet\" href=\"/static/aurum.css\">\n</head>\n<body>\n\
         <main class=\"container-xl py-3\" id=\"api-docs\">\n\
         <p><a href=\"/\">Aurum</a> · <a href=\"/api/schema/\">OpenAPI JSON</a></p>\n\
         <h1>{} <small class=\"text-secondary\">{}</small></h1>\n<p>{}</p>\n",
        esc(&title),
        esc(&title),
        esc(&version),
        prose(&text(&document["info"]["description"])),
    );
    if let Some(scheme) = document["components"]["securitySchemes"]["token"].as_object() {
        let _ = writeln!(
            out,
            "<p><strong>Authentication:</strong> header <code>{}</code>: {}</p>",
            esc(&text(&scheme["name"].clone())),
            prose(&text(&scheme["description"].clone()))
        );
    }
    let groups = by_tag(document);
    out.push_str("<nav><ul class=\"list-inline\">\n");
    for (tag, _) in &groups {
        let _ = writeln!(
            out,
            "<li class=\"list-inline-item\"><a href=\"#tag-{}\">{}</a></li>",
            anchor(tag),
            esc(tag)
        );
    }
    out.push_str(
        "<li class=\"list-inline-item\"><a href=\"#schemas\">Schemas</a></li>\n</ul></nav>\n",
    );
    for (tag, operations) in &groups {
        let _ = writeln!(out, "<h2 id=\"tag-{}\">{}</h2>", anchor(tag), esc(tag));
        for (path, method, operation, shared) in operations {
            operation_html(&mut out, document, path, method, operation, shared);
        }
    }
    out.push_str("<h2 id=\"schemas\">Schemas</h2>\n");
    if let Some(schemas) = document["components"]["schemas"].as_object() {
        for (name, schema) in schemas {
            schema_html(&mut out, name, schema);
        }
    }
    out.push_str("</main>\n</body>\n</html>\n");
    out
}

/// `(path, method, operation, path-level parameters)`, one list per tag, tags in the order
/// they first appear.
type Operations<'a> = Vec<(&'a str, &'a str, &'a Value, &'a Value)>;

fn by_tag(document: &Value) -> Vec<(String, Operations<'_>)> {
    let mut groups: Vec<(String, Operations<'_>)> = Vec::new();
    let Some(paths) = document["paths"].as_object() else {
        return groups;
    };
    for (path, item) in paths {
        for method in METHODS {
            let Some(operation) = item.get(method) else {
                continue;
            };
            let tag = operation["tags"][0].as_str().unwrap_or("other").to_string();
            let entry = (path.as_str(), method, operation, &item["parameters"]);
            match groups.iter_mut().find(|(t, _)| *t == tag) {
                Some((_, list)) => list.push(entry),
                None => groups.push((tag, vec![entry])),
            }
        }
    }
    groups
}

fn operation_html(
    out: &mut String,
    document: &Value,
    path: &str,
    method: &str,
    operation: &Value,
    shared: &Value,
) {
    let id = text(&operation["operationId"]);
    let _ = writeln!(
        out,
        "<section class=\"card mb-3\" id=\"op-{}\"><div class=\"card-body\">\n\
         <h3 class=\"card-title\"><span class=\"badge bg-blue-lt text-uppercase\">{}</span> \
         <code>{}</code> {}</h3>\n<p class=\"text-secondary\"><code>{}</code></p>",
        anchor(&id),
        esc(method),
        esc(path),
        esc(&text(&operation["summary"])),
        esc(&id),
    );
    if let Some(description) = operation["description"].as_str() {
        let _ = writeln!(out, "<p>{}</p>", prose(description));
    }
    if operation["security"].as_array().is_some_and(Vec::is_empty) {
        out.push_str("<p><em>Needs no token.</em></p>\n");
    }
    let parameters: Vec<&Value> = shared
        .as_array()
        .into_iter()
        .chain(operation["parameters"].as_array())
        .flatten()
        .collect();
    if !parameters.is_empty() {
        out.push_str("<h4>Parameters</h4>\n<table class=\"table table-sm\"><thead><tr><th>Name</th><th>In</th><th>Type</th><th>Required</th><th>Description</th></tr></thead><tbody>\n");
        for parameter in parameters {
            let _ = writeln!(
                out,
                "<tr><td><code>{}</code></td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                esc(&text(&parameter["name"])),
                esc(&text(&parameter["in"])),
                shape(&parameter["schema"]),
                yes_no(parameter["required"].as_bool().unwrap_or(false)),
                prose(&text(&parameter["description"])),
            );
        }
        out.push_str("</tbody></table>\n");
    }
    if let Some(content) = operation["requestBody"]["content"].as_object() {
        out.push_str("<h4>Request body</h4>\n<ul>\n");
        for (media, body) in content {
            let _ = writeln!(
                out,
                "<li><code>{}</code>: {}</li>",
                esc(media),
                shape(&body["schema"])
            );
        }
        out.push_str("</ul>\n");
    }
    out.push_str("<h4>Responses</h4>\n<table class=\"table table-sm\"><thead><tr><th>Status</th><th>Description</th><th>Body</th></tr></thead><tbody>\n");
    if let Some(responses) = operation["responses"].as_object() {
        for (status, response) in responses {
            let response = resolve(document, response);
            let body = response["content"]
                .as_object()
                .map(|content| {
                    content
                        .iter()
                        .map(|(media, c)| {
                            format!("<code>{}</code> {}", esc(media), shape(&c["schema"]))
                        })
                        .collect::<Vec<_>>()
                        .join("<br>")
                })
                .unwrap_or_default();
            let _ = writeln!(
                out,
                "<tr><td>{}</td><td>{}</td><td>{}</td></tr>",
                esc(status),
                prose(&text(&response["description"])),
                body
            );
        }
    }
    out.push_str("</tbody></table>\n</div></section>\n");
}

fn schema_html(out: &mut String, name: &str, schema: &Value) {
    let _ = writeln!(
        out,
        "<section class=\"mb-3\" id=\"schema-{}\"><h3>{}</h3>",
        anchor(name),
        esc(name)
    );
    if let Some(description) = schema["description"].as_str() {
        let _ = writeln!(out, "<p>{}</p>", prose(description));
    }
    match schema["properties"].as_object() {
        Some(properties) => {
            let required = required_of(schema);
            out.push_str("<table class=\"table table-sm\"><thead><tr><th>Field</th><th>Type</th><th>Required</th><th>Description</th></tr></thead><tbody>\n");
            for (field, property) in properties {
                let _ = writeln!(
                    out,
                    "<tr><td><code>{}</code></td><td>{}</td><td>{}</td><td>{}</td></tr>",
                    esc(field),
                    shape(property),
                    yes_no(required.contains(&field.as_str())),
                    prose(&text(&property["description"])),
                );
            }
            out.push_str("</tbody></table>\n");
            if schema["additionalProperties"] == Value::Bool(false) {
                out.push_str("<p class=\"text-secondary\">No other fields are accepted.</p>\n");
            }
        }
        None => {
            let _ = writeln!(out, "<p>{}</p>", shape(schema));
        }
    }
    out.push_str("</section>\n");
}

/// A schema in a few words, with links to the component schemas it names.
fn shape(schema: &Value) -> String {
    let Some(fields) = schema.as_object() else {
        return "any".to_string();
    };
    if let Some(reference) = fields.get("$ref").and_then(Value::as_str) {
        let name = reference.rsplit('/').next().unwrap_or(reference);
        return format!("<a href=\"#schema-{}\">{}</a>", anchor(name), esc(name));
    }
    for combinator in ["oneOf", "anyOf", "allOf"] {
        if let Some(options) = fields.get(combinator).and_then(Value::as_array) {
            let joiner = if combinator == "allOf" {
                " and "
            } else {
                " or "
            };
            return options.iter().map(shape).collect::<Vec<_>>().join(joiner);
        }
    }
    let mut words = match fields.get("type") {
        Some(Value::Array(kinds)) => kinds.iter().map(text).collect::<Vec<_>>().join(" or "),
        Some(kind) => text(kind),
        None => "any".to_string(),
    };
    words = esc(&words);
    if words.starts_with("array") {
        words = format!("array of {}", shape(&schema["items"]));
    } else if let Some(properties) = fields.get("properties").and_then(Value::as_object) {
        words = format!("object {}", inline_object(schema, properties));
    } else if let Some(values) = fields.get("additionalProperties").filter(|v| v.is_object()) {
        words = format!("object of {}", shape(values));
    }
    if let Some(choices) = fields.get("enum").and_then(Value::as_array) {
        let choices: Vec<String> = choices
            .iter()
            .map(|c| format!("<code>{}</code>", esc(&text(c))))
            .collect();
        let _ = write!(words, ", one of {}", choices.join(", "));
    }
    for (bound, word) in [("minimum", "at least"), ("maximum", "at most")] {
        if let Some(limit) = fields.get(bound) {
            let _ = write!(words, ", {word} {}", esc(&limit.to_string()));
        }
    }
    if let Some(default) = fields.get("default") {
        let _ = write!(
            words,
            ", default <code>{}</code>",
            esc(&default.to_string())
        );
    }
    words
}

/// `{ name, size? }`: an inline object's fields, optional ones marked.
fn inline_object(schema: &Value, properties: &Map<String, Value>) -> String {
    let required = required_of(schema);
    let fields: Vec<String> = properties
        .iter()
        .map(|(field, property)| {
            let optional = if required.contains(&field.as_str()) {
                ""
            } else {
                "?"
            };
            format!("<code>{}{optional}</code>: {}", esc(field), shape(property))
        })
        .collect();
    format!("{{ {} }}", fields.join(", "))
}

fn required_of(schema: &Value) -> Vec<&str> {
    schema["required"]
        .as_array()
        .map(|r| r.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default()
}

/// A `$ref` to `#/components/responses/...` replaced by what it names.
fn resolve<'a>(document: &'a Value, value: &'a Value) -> &'a Value {
    match value["$ref"].as_str() {
        Some(reference) => document
            .pointer(reference.trim_start_matches('#'))
            .unwrap_or(value),
        None => value,
    }
}

/// A string value's text; any other value as JSON.
fn text(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

fn yes_no(yes: bool) -> &'static str {
    if yes { "yes" } else { "no" }
}

/// Escaped text with `code` spans, as the descriptions write them.
fn prose(text: &str) -> String {
    text.split('`')
        .enumerate()
        .map(|(index, part)| match index % 2 {
            1 => format!("<code>{}</code>", esc(part)),
            _ => esc(part),
        })
        .collect()
}

/// An id attribute's value: letters, digits, `-` and `_` only.
fn anchor(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '_' {
                c
            } else {
                '-'
            }
        })
        .collect()
}

fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn every_operation_and_schema_is_on_the_page_and_nothing_is_fetched_from_elsewhere() {
        let document = super::super::document();
        let html = page(&document);
        for (_, item) in document["paths"].as_object().unwrap() {
            for method in METHODS {
                if let Some(operation) = item.get(method) {
                    let id = operation["operationId"].as_str().unwrap();
                    assert!(html.contains(&format!("id=\"op-{id}\"")), "{id}");
                }
            }
        }
        for name in document["components"]["schemas"]
            .as_object()
            .unwrap()
            .keys()
        {
            assert!(html.contains(&format!("id=\"schema-{name}\"")), "{name}");
        }
        assert!(html.contains("<a href=\"#schema-Platform\">Platform</a>"));
        assert!(!html.contains("src="), "the page loads no script or image");
        for link in html.split("href=\"").skip(1) {
            assert!(link.starts_with('/') || link.starts_with('#'), "{link:.60}");
        }
    }

    #[test]
    fn shapes_read_as_words_and_text_is_escaped() {
        assert_eq!(
            shape(&json!({"type": "array", "items": {"$ref": "#/components/schemas/Device"}})),
            "array of <a href=\"#schema-Device\">Device</a>"
        );
        assert_eq!(
            shape(&json!({"type": ["string", "null"]})),
            "string or null"
        );
        assert_eq!(
            shape(&json!({"type": "string", "enum": ["a"], "default": "a"})),
            "string, one of <code>a</code>, default <code>&quot;a&quot;</code>"
        );
        assert_eq!(
            prose("use `<b>` & go"),
            "use <code>&lt;b&gt;</code> &amp; go"
        );
    }
}
