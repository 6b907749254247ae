use std::fmt;
use std::path::PathBuf;

use serde::de::{self, MapAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::ConfigError;
use crate::mask_url_password;

/// Where a secret comes from. In TOML either a plain string (a literal, for development), or
/// `{ env = "NAME" }`, or `{ file = "/path" }`. The value is resolved only when needed, so a
/// configuration can be checked on a machine that does not hold the secrets.
#[derive(Clone, PartialEq, Eq)]
pub enum SecretSource {
    Literal(String),
    Env(String),
    File(PathBuf),
}

impl SecretSource {
    /// Reads the secret's value; `origin` names the configuration file for the error message.
    pub fn resolve(&self, origin: &str) -> Result<String, ConfigError> {
        match self {
            SecretSource::Literal(value) => Ok(value.clone()),
            SecretSource::Env(name) => std::env::var(name).map_err(|_| ConfigError::MissingEnv {
                name: name.clone(),
                file: origin.to_string(),
            }),
            SecretSource::File(path) => std::fs::read_to_string(path)
                .map(|text| text.trim_end_matches(['\r', '\n']).to_string())
                .map_err(|source| ConfigError::SecretFile {
                    path: path.clone(),
                    source,
                }),
        }
    }

    /// Relative secret files are relative to the configuration file, not the working directory.
    pub(crate) fn rebase(&mut self, base: &std::path::Path) {
        if let SecretSource::File(path) = self
            && path.is_relative()
        {
            *path = base.join(&*path);
        }
    }
}

impl fmt::Debug for SecretSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SecretSource::Literal(_) => f.write_str("Literal(***)"),
            SecretSource::Env(name) => write!(f, "Env({name})"),
            SecretSource::File(path) => write!(f, "File({})", path.display()),
        }
    }
}

/// Serialises the reference, never a literal value: printing a configuration must not leak.
impl Serialize for SecretSource {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            SecretSource::Literal(value) => serializer.serialize_str(&mask_literal(value)),
            SecretSource::Env(name) => {
                let mut map = serializer.serialize_map(Some(1))?;
                map.serialize_entry("env", name)?;
                map.end()
            }
            SecretSource::File(path) => {
                let mut map = serializer.serialize_map(Some(1))?;
                map.serialize_entry("file", path)?;
                map.end()
            }
        }
    }
}

impl<'de> Deserialize<'de> for SecretSource {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(SecretVisitor)
    }
}

struct SecretVisitor;

impl<'de> Visitor<'de> for SecretVisitor {
    type Value = SecretSource;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(r#"a string, { env = "NAME" } or { file = "PATH" }"#)
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<SecretSource, E> {
        Ok(SecretSource::Literal(value.to_string()))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<SecretSource, A::Error> {
        let Some(key) = map.next_key::<String>()? else {
            return Err(de::Error::custom(
                r#"empty secret reference: use { env = "NAME" } or { file = "PATH" }"#,
            ));
        };
        let source = match key.as_str() {
            "env" => SecretSource::Env(map.next_value()?),
            "file" => SecretSource::File(map.next_value()?),
            other => return Err(de::Error::unknown_field(other, &["env", "file"])),
        };
        if let Some(extra) = map.next_key::<String>()? {
            return Err(de::Error::custom(format!(
                "a secret reference takes exactly one of `env` or `file`, found also `{extra}`"
            )));
        }
        Ok(source)
    }
}

/// A literal URL keeps everything but its password (so `config check` still shows which
/// database is used); any other literal is hidden entirely.
fn mask_literal(value: &str) -> String {
    if value.contains("://") {
        mask_url_password(value)
    } else {
        "***".to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::mask_literal;

    #[test]
    fn masks_only_the_password_of_a_url() {
        assert_eq!(
            mask_literal("postgres://u:pw@h:5432/db"),
            "postgres://u:***@h:5432/db"
        );
        assert_eq!(mask_literal("postgres://u@h/db"), "postgres://u@h/db");
        assert_eq!(
            mask_literal("sqlite:///var/aurum.db"),
            "sqlite:///var/aurum.db"
        );
        assert_eq!(mask_literal("hunter2"), "***");
    }
}
