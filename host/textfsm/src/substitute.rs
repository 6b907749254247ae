//! `${NAME}`, `$NAME` and `$$` in rules, with the rules of Python's `string.Template`:
//! any other `$` is an error, and so is an unknown name.

use std::collections::HashMap;

/// Replaces value references in `text` with their regex templates.
pub(crate) fn substitute(text: &str, values: &HashMap<String, String>) -> Result<String, String> {
    let mut out = String::with_capacity(text.len() * 2);
    let mut rest = text;
    while let Some(at) = rest.find('$') {
        out.push_str(&rest[..at]);
        let after = &rest[at + 1..];
        if let Some(tail) = after.strip_prefix('$') {
            out.push('$');
            rest = tail;
            continue;
        }
        let (name, tail) = if let Some(braced) = after.strip_prefix('{') {
            let len = identifier_len(braced);
            if len == 0 || !braced[len..].starts_with('}') {
                return Err(invalid(text));
            }
            (&braced[..len], &braced[len + 1..])
        } else {
            let len = identifier_len(after);
            if len == 0 {
                return Err(invalid(text));
            }
            (&after[..len], &after[len..])
        };
        let value = values.get(name).ok_or_else(|| invalid(text))?;
        out.push_str(value);
        rest = tail;
    }
    out.push_str(rest);
    Ok(out)
}

/// Length of the ASCII identifier (`[_a-zA-Z][_a-zA-Z0-9]*`) at the start of `text`.
fn identifier_len(text: &str) -> usize {
    let mut len = 0;
    for (i, c) in text.char_indices() {
        let ok = c == '_' || c.is_ascii_alphabetic() || (i > 0 && c.is_ascii_digit());
        if !ok {
            break;
        }
        len = i + 1;
    }
    len
}

fn invalid(text: &str) -> String {
    format!("Duplicate or invalid variable substitution: '{text}' (write $$ for a literal $)")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn substitutes_like_string_template() {
        let values = HashMap::from([("A".to_string(), "(?P<A>x)".to_string())]);
        assert_eq!(
            substitute("^${A} $A$$", &values).unwrap(),
            "^(?P<A>x) (?P<A>x)$"
        );
        assert!(substitute("^$B", &values).is_err());
        assert!(substitute("^x$", &values).is_err());
        assert!(substitute("^${A", &values).is_err());
        assert!(substitute("^$Ab", &values).is_err());
    }
}
