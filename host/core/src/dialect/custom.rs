//! Dialects a driver plugin describes instead of inheriting a netutils one: its comment
//! markers, its banners and how sections nest. A vendor's platform is parsed, checked and
//! remediated like a shipped one without Aurum knowing its name in advance.
//!
//! The parser works on `Copy` dialects with `'static` rules (the shipped ones are constants),
//! so a described dialect is registered once per name and kept for the life of the process; a
//! plugin reloaded with the same description finds its registration again, one with a new
//! description replaces it.

use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::sync::{LazyLock, RwLock};

use regex::Regex;

use super::Dialect;
use crate::error::CoreError;

/// How a described dialect's sections nest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Sections {
    /// A line indented deeper than the one before is its child (Cisco-like).
    Indent,
    /// A line ending in `{` opens a section, a line `}` closes it (Junos-, F5-like).
    Braces,
    /// Every line stands alone (`set`-style configurations).
    Flat,
}

impl Sections {
    /// Reads `indent`, `braces` or `flat`.
    pub fn from_name(name: &str) -> Result<Sections, CoreError> {
        match name.trim().to_ascii_lowercase().as_str() {
            "" | "indent" => Ok(Sections::Indent),
            "braces" => Ok(Sections::Braces),
            "flat" => Ok(Sections::Flat),
            other => Err(CoreError::Rules(format!(
                "dialect sections `{other}`: use indent, braces or flat"
            ))),
        }
    }
}

/// A multi-line banner as a driver describes it: it starts at a line matching `start`; it ends
/// at the delimiter the start's first capture group caught (`banner motd ^C`), the same line
/// included when the delimiter appears again on it, or, when `start` captures nothing, at the
/// first later line matching `end`.
#[derive(Debug)]
pub struct CustomBanner {
    pub(crate) start: Regex,
    pub(crate) end: Option<Regex>,
}

/// What a driver says about its configuration text, before it is registered.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct DialectDescription {
    /// Prefixes of comment lines, dropped before parsing (e.g. `!`, `#`).
    pub comment_markers: Vec<String>,
    /// `(start, end)` regexes of each banner kind.
    pub banners: Vec<(String, Option<String>)>,
    /// How sections nest; none: indented.
    pub sections: Option<Sections>,
}

/// A registered described dialect: its name and its parsing rules.
#[derive(Debug)]
pub struct CustomDialect {
    name: &'static str,
    description: DialectDescription,
    pub(crate) comment_chars: &'static [&'static str],
    pub(crate) banners: Vec<CustomBanner>,
    pub(crate) sections: Sections,
}

impl CustomDialect {
    /// The platform name the dialect was registered under.
    pub fn name(&self) -> &'static str {
        self.name
    }
}

impl PartialEq for CustomDialect {
    fn eq(&self, other: &Self) -> bool {
        self.name == other.name && self.description == other.description
    }
}

impl Eq for CustomDialect {}

impl Hash for CustomDialect {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.name.hash(state);
    }
}

static REGISTERED: LazyLock<RwLock<HashMap<String, &'static CustomDialect>>> =
    LazyLock::new(Default::default);

impl Dialect {
    /// Registers the dialect a driver describes under its platform `name` (a name no shipped
    /// dialect uses), so [`Dialect::from_name`] finds it; the same description again returns
    /// the registration already made. Errors name the bad regex or the taken name.
    pub fn describe(name: &str, description: &DialectDescription) -> Result<Dialect, CoreError> {
        let key = name.trim().to_ascii_lowercase();
        if super::names::builtin(&key).is_some() {
            return Err(CoreError::Rules(format!(
                "platform `{name}` describes its own dialect, but `{key}` is a dialect Aurum ships; name the platform otherwise, or set dialect.network_os = \"{key}\" to inherit it"
            )));
        }
        if key.is_empty() {
            return Err(CoreError::Rules(
                "a described dialect needs the platform's name".to_string(),
            ));
        }
        let registered = REGISTERED.read().unwrap_or_else(|e| e.into_inner());
        if let Some(found) = registered
            .get(&key)
            .filter(|d| &d.description == description)
        {
            return Ok(Dialect::Custom(found));
        }
        drop(registered);
        let dialect: &'static CustomDialect = Box::leak(Box::new(build(&key, description)?));
        REGISTERED
            .write()
            .unwrap_or_else(|e| e.into_inner())
            .insert(key, dialect);
        Ok(Dialect::Custom(dialect))
    }

    /// The described dialect registered under `name`, if any.
    pub(crate) fn registered(name: &str) -> Option<Dialect> {
        let registered = REGISTERED.read().unwrap_or_else(|e| e.into_inner());
        registered.get(name).map(|d| Dialect::Custom(d))
    }
}

fn build(name: &str, description: &DialectDescription) -> Result<CustomDialect, CoreError> {
    let leak = |text: &str| -> &'static str { Box::leak(text.to_string().into_boxed_str()) };
    let comment_chars: Vec<&'static str> = description
        .comment_markers
        .iter()
        .map(|m| m.trim())
        .filter(|m| !m.is_empty())
        .map(leak)
        .collect();
    let regex = |what: &str, pattern: &str| {
        Regex::new(pattern).map_err(|e| {
            CoreError::Rules(format!(
                "platform `{name}`: the banner {what} regex `{pattern}` is invalid: {e}"
            ))
        })
    };
    let mut banners = Vec::with_capacity(description.banners.len());
    for (start, end) in &description.banners {
        let start = regex("start", start)?;
        let end = end.as_deref().map(|end| regex("end", end)).transpose()?;
        if start.captures_len() < 2 && end.is_none() {
            return Err(CoreError::Rules(format!(
                "platform `{name}`: the banner starting at `{}` has no end: capture the delimiter in the start regex, or give an end regex",
                start.as_str()
            )));
        }
        banners.push(CustomBanner { start, end });
    }
    Ok(CustomDialect {
        name: leak(name),
        description: description.clone(),
        comment_chars: Box::leak(comment_chars.into_boxed_slice()),
        banners,
        sections: description.sections.unwrap_or(Sections::Indent),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ConfigTree;

    fn hash_comments(name: &str) -> Dialect {
        Dialect::describe(
            name,
            &DialectDescription {
                comment_markers: vec!["#".to_string()],
                banners: vec![(r"^banner \S+ (\S)".to_string(), None)],
                sections: Some(Sections::Indent),
            },
        )
        .unwrap()
    }

    #[test]
    fn a_described_dialect_drops_its_own_comments_and_keeps_banners_whole() {
        let dialect = hash_comments("test_hash_os");
        let text = "# a comment\nhostname r1\nbanner motd %\nkeep out\n# not a comment here\n%\ninterface p1\n description up\n";
        let tree = ConfigTree::parse(dialect, text).unwrap();
        let lines = tree.to_lines();
        let texts: Vec<&str> = lines.iter().map(|(t, _)| t.as_str()).collect();
        assert!(!texts.contains(&"# a comment"), "{texts:?}");
        assert!(texts.contains(&"hostname r1"), "{texts:?}");
        let banner = lines
            .iter()
            .find(|(t, _)| t.starts_with("banner motd"))
            .unwrap();
        assert_eq!(banner.0, "banner motd %");
        let body = lines
            .iter()
            .find(|(_, p)| p == &vec!["banner motd %".to_string()])
            .unwrap();
        assert!(
            body.0.contains("keep out") && body.0.ends_with('%'),
            "{body:?}"
        );
        assert!(lines.contains(&(
            " description up".to_string(),
            vec!["interface p1".to_string()]
        )));
        // A `!` line is configuration here, not a comment as on Cisco.
        let tree = ConfigTree::parse(dialect, "hostname r1\n!\n").unwrap();
        assert_eq!(tree.len(), 2);
    }

    #[test]
    fn a_one_line_banner_closes_on_its_own_line() {
        let dialect = hash_comments("test_one_line_os");
        let tree = ConfigTree::parse(dialect, "banner motd ^hi^\nhostname r1\n").unwrap();
        let texts: Vec<String> = tree.to_lines().into_iter().map(|(t, _)| t).collect();
        assert_eq!(texts, vec!["banner motd ^hi^", "hostname r1"]);
    }

    #[test]
    fn an_unclosed_banner_is_an_error_naming_the_platform_and_line() {
        let dialect = hash_comments("test_unclosed_os");
        let e = ConfigTree::parse(dialect, "hostname r1\nbanner motd %\nnever closed\n")
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("test_unclosed_os") && e.contains("line 2"),
            "{e}"
        );
    }

    #[test]
    fn braces_and_flat_sections() {
        let braces = Dialect::describe(
            "test_brace_os",
            &DialectDescription {
                comment_markers: vec!["#".to_string()],
                sections: Some(Sections::Braces),
                ..DialectDescription::default()
            },
        )
        .unwrap();
        let tree = ConfigTree::parse(braces, "system {\n    host-name r1;\n}\n# note\n").unwrap();
        assert_eq!(
            tree.to_lines()[1],
            (
                "    host-name r1;".to_string(),
                vec!["system {".to_string()]
            )
        );
        assert_eq!(tree.len(), 3);
        let flat = Dialect::describe(
            "test_flat_os",
            &DialectDescription {
                sections: Some(Sections::Flat),
                ..DialectDescription::default()
            },
        )
        .unwrap();
        let tree = ConfigTree::parse(flat, "set a 1\n  set b 2\n").unwrap();
        assert!(
            tree.to_lines()
                .iter()
                .all(|(_, parents)| parents.is_empty())
        );
        assert_eq!(tree.to_lines()[1].0, "set b 2");
    }

    #[test]
    fn registration_is_found_by_name_and_refuses_shipped_names_and_bad_rules() {
        let dialect = hash_comments("Test_Found_OS");
        assert_eq!(Dialect::from_name("test_found_os").unwrap(), dialect);
        assert_eq!(dialect.name(), "test_found_os");
        assert_eq!(hash_comments("test_found_os"), dialect, "registered once");
        let shipped = Dialect::describe("cisco_ios", &DialectDescription::default())
            .unwrap_err()
            .to_string();
        assert!(shipped.contains("network_os"), "{shipped}");
        let endless = Dialect::describe(
            "test_endless_os",
            &DialectDescription {
                banners: vec![("^banner".to_string(), None)],
                ..DialectDescription::default()
            },
        )
        .unwrap_err()
        .to_string();
        assert!(endless.contains("no end"), "{endless}");
        let bad = Dialect::describe(
            "test_bad_os",
            &DialectDescription {
                banners: vec![("^banner (".to_string(), None)],
                ..DialectDescription::default()
            },
        )
        .unwrap_err()
        .to_string();
        assert!(
            bad.contains("invalid") && bad.contains("test_bad_os"),
            "{bad}"
        );
    }
}
