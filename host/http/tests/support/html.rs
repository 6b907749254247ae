//! A small HTML checker for the accessibility test: it tokenises a page (tags, attributes,
//! text; the pages are our own templates, so no error recovery is needed) and reports what a
//! screen-reader or keyboard user would miss: a form field without a label, an image without
//! `alt`, a link or button without a name, a table without headers, a positive `tabindex`
//! (which breaks the tab order), no `lang`, no title, not exactly one `h1`, no skip link.

use std::collections::HashSet;

/// One piece of a page.
#[derive(Debug)]
enum Token {
    Open {
        name: String,
        attrs: Vec<(String, String)>,
    },
    Close(String),
    Text(String),
}

fn tokens(html: &str) -> Vec<Token> {
    let mut out = Vec::new();
    let mut rest = html;
    while !rest.is_empty() {
        if let Some(after) = rest.strip_prefix("<!--") {
            rest = after.find("-->").map_or("", |end| &after[end + 3..]);
        } else if rest.starts_with("<!") {
            rest = rest.find('>').map_or("", |end| &rest[end + 1..]);
        } else if let Some(after) = rest.strip_prefix("</") {
            let end = after.find('>').unwrap_or(after.len());
            out.push(Token::Close(after[..end].trim().to_ascii_lowercase()));
            rest = after.get(end + 1..).unwrap_or("");
        } else if rest.starts_with('<') && rest[1..].starts_with(|c: char| c.is_ascii_alphabetic())
        {
            let (token, after) = open_tag(&rest[1..]);
            let raw_text =
                matches!(&token, Token::Open { name, .. } if name == "script" || name == "style");
            let close = match &token {
                Token::Open { name, .. } => format!("</{name}"),
                _ => unreachable!(),
            };
            out.push(token);
            rest = after;
            if raw_text {
                rest = rest.find(&close).map_or("", |end| &rest[end..]);
            }
        } else {
            let first = rest.chars().next().map_or(1, char::len_utf8);
            let end = rest[first..].find('<').map_or(rest.len(), |i| i + first);
            out.push(Token::Text(rest[..end].to_string()));
            rest = &rest[end..];
        }
    }
    out
}

/// A start tag (after its `<`): the token and what follows its `>`.
fn open_tag(text: &str) -> (Token, &str) {
    let name_end = text
        .find(|c: char| c.is_whitespace() || c == '>' || c == '/')
        .unwrap_or(text.len());
    let name = text[..name_end].to_ascii_lowercase();
    let mut rest = &text[name_end..];
    let mut attrs = Vec::new();
    loop {
        rest = rest.trim_start();
        if let Some(after) = rest.strip_prefix("/>").or_else(|| rest.strip_prefix('>')) {
            return (Token::Open { name, attrs }, after);
        }
        if rest.is_empty() {
            return (Token::Open { name, attrs }, rest);
        }
        if let Some(after) = rest.strip_prefix('/') {
            rest = after;
            continue;
        }
        let key_end = rest
            .find(|c: char| c.is_whitespace() || c == '=' || c == '>' || c == '/')
            .unwrap_or(rest.len());
        let key = rest[..key_end].to_ascii_lowercase();
        rest = &rest[key_end..];
        let mut value = String::new();
        if let Some(after) = rest.trim_start().strip_prefix('=') {
            let after = after.trim_start();
            if let Some(quote) = after.chars().next().filter(|c| *c == '"' || *c == '\'') {
                let body = &after[1..];
                let end = body.find(quote).unwrap_or(body.len());
                value = body[..end].to_string();
                rest = body.get(end + 1..).unwrap_or("");
            } else {
                let end = after
                    .find(|c: char| c.is_whitespace() || c == '>')
                    .unwrap_or(after.len());
                value = after[..end].to_string();
                rest = &after[end..];
            }
        }
        attrs.push((key, value));
    }
}

fn attr<'a>(attrs: &'a [(String, String)], key: &str) -> Option<&'a str> {
    attrs
        .iter()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.as_str())
}

fn has_text(value: Option<&str>) -> bool {
    value.is_some_and(|v| !v.trim().is_empty())
}

/// What is wrong with `html` for assistive technology, one line per problem (empty: none).
/// `signed_in` pages must also offer the skip link to `#main`.
pub fn problems(html: &str) -> Vec<String> {
    let tokens = tokens(html);
    let mut problems = Vec::new();
    let label_targets: HashSet<&str> = tokens
        .iter()
        .filter_map(|t| match t {
            Token::Open { name, attrs } if name == "label" => attr(attrs, "for"),
            _ => None,
        })
        .collect();
    let ids: HashSet<&str> = tokens
        .iter()
        .filter_map(|t| match t {
            Token::Open { attrs, .. } => attr(attrs, "id"),
            _ => None,
        })
        .collect();
    let mut labels_open = 0usize;
    // Open links and buttons: (tag, what identifies it, whether it has a name so far).
    let mut named: Vec<(String, String, bool)> = Vec::new();
    let mut tables: Vec<(String, bool)> = Vec::new();
    let (mut h1, mut title, mut in_title, mut lang) = (0, String::new(), false, false);
    for token in &tokens {
        match token {
            Token::Open { name, attrs } => {
                let what = format!(
                    "<{name} {}>",
                    attrs
                        .iter()
                        .map(|(k, v)| format!("{k}=\"{v}\""))
                        .collect::<Vec<_>>()
                        .join(" ")
                );
                if let Some(tabindex) = attr(attrs, "tabindex")
                    && tabindex.trim().parse::<i32>().is_ok_and(|n| n > 0)
                {
                    problems.push(format!("positive tabindex breaks the tab order: {what}"));
                }
                let aria_named = has_text(attr(attrs, "aria-label"))
                    || attr(attrs, "aria-labelledby").is_some_and(|id| ids.contains(id));
                match name.as_str() {
                    "html" => lang = has_text(attr(attrs, "lang")),
                    "title" => in_title = true,
                    "h1" => h1 += 1,
                    "label" => labels_open += 1,
                    "img" => {
                        if attr(attrs, "alt").is_none() {
                            problems.push(format!("image without alt: {what}"));
                        }
                        if let Some(open) = named.last_mut() {
                            open.2 |= has_text(attr(attrs, "alt"));
                        }
                    }
                    "input" | "select" | "textarea" => {
                        let kind = attr(attrs, "type").unwrap_or("text");
                        let exempt = name == "input"
                            && matches!(kind, "hidden" | "submit" | "button" | "reset");
                        let by_for = attr(attrs, "id").is_some_and(|id| label_targets.contains(id));
                        if !exempt && !aria_named && !by_for && labels_open == 0 {
                            problems.push(format!("form field without a label: {what}"));
                        }
                    }
                    "a" | "button" => named.push((
                        name.clone(),
                        what,
                        aria_named || has_text(attr(attrs, "title")),
                    )),
                    "table" => tables.push((what, false)),
                    "th" => {
                        if let Some(table) = tables.last_mut() {
                            table.1 = true;
                        }
                    }
                    _ => {}
                }
            }
            Token::Close(name) => match name.as_str() {
                "title" => in_title = false,
                "label" => labels_open = labels_open.saturating_sub(1),
                "a" | "button" => {
                    if let Some((tag, what, has_name)) = named.pop()
                        && !has_name
                    {
                        problems.push(format!("{tag} without a name: {what}"));
                    }
                }
                "table" => {
                    if let Some((what, headers)) = tables.pop()
                        && !headers
                    {
                        problems.push(format!("table without headers: {what}"));
                    }
                }
                _ => {}
            },
            Token::Text(text) => {
                if in_title {
                    title.push_str(text);
                }
                if !text.trim().is_empty()
                    && let Some(open) = named.last_mut()
                {
                    open.2 = true;
                }
            }
        }
    }
    if !lang {
        problems.push("<html> has no lang".to_string());
    }
    if title.trim().is_empty() {
        problems.push("no <title>".to_string());
    }
    if h1 != 1 {
        problems.push(format!("{h1} <h1> elements; a page has exactly one"));
    }
    if !html.contains(r##"href="#main""##) || !ids.contains("main") {
        problems.push("no skip link to #main".to_string());
    }
    problems
}

#[test]
fn the_checker_finds_what_it_looks_for() {
    let good = r##"<!doctype html><html lang="en"><head><title>T</title></head><body>
        <a href="#main">Skip</a><main id="main"><h1>One</h1>
        <label for="q">Search</label><input id="q" name="q"><input type="hidden" name="t">
        <label><input type="checkbox" name="c"> Case</label><select aria-label="Kind"></select>
        <a href="/x"><img src="i.png" alt="Home"></a><button><span>Go</span></button>
        <table><thead><tr><th>A</th></tr></thead></table></main></body></html>"##;
    assert_eq!(problems(good), Vec::<String>::new());
    let bad = good
        .replace(r#"<label for="q">Search</label>"#, "")
        .replace(r#" alt="Home""#, "")
        .replace("<span>Go</span>", "")
        .replace("<th>A</th>", "<td>A</td>")
        .replace(r#" lang="en""#, "")
        .replace("<h1>One</h1>", "")
        .replace(r#"<select aria-label="Kind">"#, r#"<select tabindex="3">"#);
    let found = problems(&bad).join("\n");
    for expected in [
        "form field without a label: <input id=\"q\"",
        "form field without a label: <select",
        "image without alt",
        "a without a name",
        "button without a name",
        "table without headers",
        "positive tabindex",
        "no lang",
        "0 <h1>",
    ] {
        assert!(found.contains(expected), "{expected} in:\n{found}");
    }
}
