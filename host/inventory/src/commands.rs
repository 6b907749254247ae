//! Saved commands of the toolkit: text with `<variables>`, a type (`show` or `config`) and the
//! platforms they apply to; and the substitution that turns one into the text sent to a device.

use std::net::IpAddr;

use serde::{Deserialize, Serialize};

use crate::{ImportIssue, InventoryError};

/// Whether a command only reads (`show`) or changes the device (`config`); running `config`
/// commands needs its own permission.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum CommandKind {
    #[default]
    Show,
    Config,
}

impl CommandKind {
    pub fn as_str(self) -> &'static str {
        match self {
            CommandKind::Show => "show",
            CommandKind::Config => "config",
        }
    }
}

/// What a variable's value must look like.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum VariableKind {
    #[default]
    Text,
    Interface,
    Vlan,
    Ip,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VariableDef {
    pub name: String,
    #[serde(default)]
    pub kind: VariableKind,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
}

/// A saved command, e.g. `show interfaces <interface>` for the Cisco platforms.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CommandDef {
    pub name: String,
    pub command: String,
    #[serde(default)]
    pub kind: CommandKind,
    /// Platform names; empty means every platform.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub platforms: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub variables: Vec<VariableDef>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
}

/// A commands file: `commands: [...]`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CommandsDocument {
    #[serde(default)]
    pub commands: Vec<CommandDef>,
}

impl CommandsDocument {
    /// Parses and checks a commands file; every problem is reported at once.
    pub fn parse(text: &str, file: &str) -> Result<CommandsDocument, InventoryError> {
        let doc: CommandsDocument =
            serde_norway::from_str(text).map_err(|e| InventoryError::Syntax {
                file: file.to_string(),
                format: "YAML",
                message: e.to_string(),
            })?;
        doc.check(file)?;
        Ok(doc)
    }

    /// Checks the commands as a whole file would be checked (`file` names where they came
    /// from, e.g. an API request): unique names, every `<variable>` declared and every declared
    /// one used; every problem is reported at once.
    pub fn check(&self, file: &str) -> Result<(), InventoryError> {
        let doc = self;
        let mut issues = Vec::new();
        for (index, command) in doc.commands.iter().enumerate() {
            let mut issue = |reason: String| {
                issues.push(ImportIssue {
                    row: format!("commands[{index}]"),
                    name: Some(command.name.clone()),
                    reason,
                })
            };
            if doc.commands[..index].iter().any(|c| c.name == command.name) {
                issue("duplicate name".to_string());
            }
            if command.name.trim().is_empty() || command.name.trim() != command.name {
                issue("a name must not be empty nor start or end with a space".to_string());
            }
            if command.command.trim().is_empty() {
                issue("the command text is empty".to_string());
            }
            let used = placeholders(&command.command);
            for name in &used {
                if !command.variables.iter().any(|v| &v.name == name) {
                    issue(format!(
                        "`<{name}>` is used but not declared under `variables`"
                    ));
                }
            }
            for variable in &command.variables {
                if !used.contains(&variable.name) {
                    issue(format!(
                        "variable `{}` is declared but not used in the command",
                        variable.name
                    ));
                }
            }
        }
        if issues.is_empty() {
            Ok(())
        } else {
            Err(InventoryError::Rejected {
                file: file.to_string(),
                issues,
            })
        }
    }
}

/// The `<name>` placeholders of a command text, in order of appearance.
pub fn placeholders(text: &str) -> Vec<String> {
    let mut names = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find('<') {
        let after = &rest[start + 1..];
        let Some(end) = after.find('>') else { break };
        let name = &after[..end];
        if !name.is_empty()
            && name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
            && !names.iter().any(|n| n == name)
        {
            names.push(name.to_string());
        }
        rest = &after[end + 1..];
    }
    names
}

/// Fills in a command's variables, validating each value by its kind. Values with newlines or
/// control characters are refused whatever the kind: they could smuggle a second command.
pub fn substitute(command: &CommandDef, values: &[(String, String)]) -> Result<String, String> {
    let mut text = command.command.clone();
    for variable in &command.variables {
        let value = values
            .iter()
            .find(|(name, _)| name == &variable.name)
            .map(|(_, v)| v.as_str())
            .ok_or_else(|| {
                format!(
                    "missing value for `<{}>`; pass --var {}=VALUE",
                    variable.name, variable.name
                )
            })?;
        validate_value(variable, value)?;
        text = text.replace(&format!("<{}>", variable.name), value);
    }
    if let Some((name, _)) = values
        .iter()
        .find(|(name, _)| !command.variables.iter().any(|v| &v.name == name))
    {
        return Err(format!(
            "command `{}` has no variable `{name}`",
            command.name
        ));
    }
    Ok(text)
}

/// Checks free text typed for an ad-hoc command the same way.
pub fn check_free_text(text: &str) -> Result<(), String> {
    if text.trim().is_empty() {
        return Err("the command is empty".to_string());
    }
    if text.chars().any(|c| c.is_control()) {
        return Err(
            "the command contains a newline or control character; send one command at a time"
                .to_string(),
        );
    }
    Ok(())
}

fn validate_value(variable: &VariableDef, value: &str) -> Result<(), String> {
    let name = &variable.name;
    if value.chars().any(|c| c.is_control()) {
        return Err(format!(
            "value of `{name}` contains a newline or control character"
        ));
    }
    if value.trim().is_empty() {
        return Err(format!("value of `{name}` is empty"));
    }
    let ok = match variable.kind {
        VariableKind::Text => true,
        VariableKind::Interface => is_interface_name(value),
        VariableKind::Vlan => value.parse::<u16>().is_ok_and(|v| (1..=4094).contains(&v)),
        VariableKind::Ip => value.parse::<IpAddr>().is_ok() || is_prefix(value),
    };
    if ok {
        Ok(())
    } else {
        let expected = match variable.kind {
            VariableKind::Text => "text",
            VariableKind::Interface => {
                "an interface name such as GigabitEthernet1/0/1 or ge-0/0/0.0"
            }
            VariableKind::Vlan => "a VLAN ID from 1 to 4094",
            VariableKind::Ip => "an IP address or prefix",
        };
        Err(format!("value `{value}` of `{name}` is not {expected}"))
    }
}

fn is_interface_name(value: &str) -> bool {
    let mut chars = value.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && value.chars().any(|c| c.is_ascii_digit())
        && value
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '/' | '.' | '-' | ':'))
}

fn is_prefix(value: &str) -> bool {
    value.split_once('/').is_some_and(|(addr, len)| {
        addr.parse::<IpAddr>().is_ok_and(|ip| {
            len.parse::<u8>()
                .is_ok_and(|l| l <= if ip.is_ipv4() { 32 } else { 128 })
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn command(text: &str, variables: &[(&str, VariableKind)]) -> CommandDef {
        CommandDef {
            name: "c".into(),
            command: text.into(),
            kind: CommandKind::Show,
            platforms: vec![],
            variables: variables
                .iter()
                .map(|(n, k)| VariableDef {
                    name: n.to_string(),
                    kind: *k,
                    description: String::new(),
                })
                .collect(),
            description: String::new(),
        }
    }

    fn vals(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect()
    }

    #[test]
    fn substitution_validates_by_kind() {
        let c = command(
            "show interfaces <interface> | include <pattern>",
            &[
                ("interface", VariableKind::Interface),
                ("pattern", VariableKind::Text),
            ],
        );
        assert_eq!(
            substitute(&c, &vals(&[("interface", "Gi1/0/1"), ("pattern", "rate")])).unwrap(),
            "show interfaces Gi1/0/1 | include rate"
        );
        assert!(
            substitute(
                &c,
                &vals(&[("interface", "Gi1/0/1; reload"), ("pattern", "x")])
            )
            .is_err()
        );
        assert!(
            substitute(&c, &vals(&[("interface", "Gi1"), ("pattern", "a\nreload")]))
                .unwrap_err()
                .contains("newline")
        );
        assert!(
            substitute(&c, &vals(&[("interface", "Gi1")]))
                .unwrap_err()
                .contains("--var pattern=")
        );
        let vlan = command("show vlan id <vlan>", &[("vlan", VariableKind::Vlan)]);
        assert!(substitute(&vlan, &vals(&[("vlan", "4095")])).is_err());
        assert!(substitute(&vlan, &vals(&[("vlan", "10")])).is_ok());
        let ip = command("ping <ip>", &[("ip", VariableKind::Ip)]);
        assert!(substitute(&ip, &vals(&[("ip", "10.0.0.1")])).is_ok());
        assert!(substitute(&ip, &vals(&[("ip", "10.0.0.0/24")])).is_ok());
        assert!(substitute(&ip, &vals(&[("ip", "10.0.0.0/33")])).is_err());
    }

    #[test]
    fn a_file_with_undeclared_or_unused_variables_is_rejected() {
        let text = "commands:\n  - { name: a, command: 'show <x>' }\n  - name: b\n    command: show clock\n    variables: [{ name: y }]\n";
        let err = CommandsDocument::parse(text, "commands.yaml")
            .unwrap_err()
            .to_string();
        assert!(err.contains("`<x>` is used but not declared"), "{err}");
        assert!(
            err.contains("variable `y` is declared but not used"),
            "{err}"
        );
    }

    #[test]
    fn free_text_refuses_control_characters() {
        assert!(check_free_text("show version").is_ok());
        assert!(check_free_text("show version\nreload").is_err());
        assert!(check_free_text("  ").is_err());
    }
}
