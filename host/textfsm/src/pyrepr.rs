//! `str()` of Python values, for the one place textfsm's output goes through it: clitable
//! (and so ntc-templates' `parse_output`) stores each `List` element as `str(element)`,
//! so an unmatched group reads `"None"` and a named-group element reads like a Python dict.

use serde_json::Value;

/// `str(value)` for a `List` element: strings as they are, `None`, dict reprs.
pub(crate) fn py_str(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => py_repr(other),
    }
}

/// `repr(value)` for the values a textfsm table holds.
fn py_repr(value: &Value) -> String {
    match value {
        Value::Null => "None".to_string(),
        Value::String(s) => repr_str(s),
        Value::Array(items) => format!(
            "[{}]",
            items.iter().map(py_repr).collect::<Vec<_>>().join(", ")
        ),
        Value::Object(map) => format!(
            "{{{}}}",
            map.iter()
                .map(|(k, v)| format!("{}: {}", repr_str(k), py_repr(v)))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        Value::Bool(b) => if *b { "True" } else { "False" }.to_string(),
        Value::Number(n) => n.to_string(),
    }
}

/// Python's string repr: single quotes unless the text has a `'` and no `"`.
fn repr_str(text: &str) -> String {
    let quote = if text.contains('\'') && !text.contains('"') {
        '"'
    } else {
        '\''
    };
    let mut out = String::with_capacity(text.len() + 2);
    out.push(quote);
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c == quote => {
                out.push('\\');
                out.push(c);
            }
            c if (c as u32) < 0x20 || c as u32 == 0x7f => {
                out.push_str(&format!("\\x{:02x}", c as u32))
            }
            c => out.push(c),
        }
    }
    out.push(quote);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn matches_python_str() {
        assert_eq!(py_str(&json!("a")), "a");
        assert_eq!(py_str(&Value::Null), "None");
        assert_eq!(
            py_str(&json!({"k": "x", "v": null})),
            "{'k': 'x', 'v': None}"
        );
        assert_eq!(py_str(&json!({"k": "it's"})), "{'k': \"it's\"}");
    }
}
