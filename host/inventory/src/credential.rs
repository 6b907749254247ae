use serde::{Deserialize, Serialize};

/// Where a device credential lives. Aurum stores the reference, never the value, so the
/// database and its backups hold no secrets; a literal is for labs and must be allowed
/// explicitly in `aurum.toml` (`[inventory] allow_literal_secrets = true`). A stored secret
/// is encrypted in Aurum's database under the master key (`aurum secrets set NAME`); only the
/// services can read it, so [`CredentialRef::resolve`] refuses it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "RawCredential", into = "RawCredential")]
pub enum CredentialRef {
    Env(String),
    File(String),
    Literal(String),
    Stored(String),
}

impl CredentialRef {
    pub fn is_literal(&self) -> bool {
        matches!(self, CredentialRef::Literal(_))
    }

    /// Reads the credential at the moment it is needed; the error says which reference failed.
    pub fn resolve(&self) -> Result<String, String> {
        match self {
            CredentialRef::Env(name) => {
                std::env::var(name).map_err(|_| format!("environment variable {name} is not set"))
            }
            CredentialRef::File(path) => std::fs::read_to_string(path)
                .map(|text| text.trim_end_matches(['\r', '\n']).to_string())
                .map_err(|error| format!("cannot read secret file {path}: {error}")),
            CredentialRef::Literal(value) => Ok(value.clone()),
            CredentialRef::Stored(name) => Err(format!(
                "stored secret `{name}` is read through Aurum's secrets service, not directly"
            )),
        }
    }
}

/// `{ env: NAME }`, `{ file: PATH }`, `{ literal: VALUE }` or `{ stored: NAME }` as written
/// in YAML.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCredential {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    env: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    file: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    literal: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    stored: Option<String>,
}

impl TryFrom<RawCredential> for CredentialRef {
    type Error = String;

    fn try_from(raw: RawCredential) -> Result<Self, String> {
        match (raw.env, raw.file, raw.literal, raw.stored) {
            (Some(name), None, None, None) => Ok(CredentialRef::Env(name)),
            (None, Some(path), None, None) => Ok(CredentialRef::File(path)),
            (None, None, Some(value), None) => Ok(CredentialRef::Literal(value)),
            (None, None, None, Some(name)) => Ok(CredentialRef::Stored(name)),
            _ => Err("a credential is exactly one of { env: NAME }, { file: PATH }, { literal: VALUE } or { stored: NAME }".into()),
        }
    }
}

impl From<CredentialRef> for RawCredential {
    fn from(credential: CredentialRef) -> Self {
        let mut raw = RawCredential {
            env: None,
            file: None,
            literal: None,
            stored: None,
        };
        match credential {
            CredentialRef::Env(name) => raw.env = Some(name),
            CredentialRef::File(path) => raw.file = Some(path),
            CredentialRef::Literal(value) => raw.literal = Some(value),
            CredentialRef::Stored(name) => raw.stored = Some(name),
        }
        raw
    }
}
