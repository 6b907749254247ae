//! The builtin `render_secrets` step: a second render of the intended config in a minijinja
//! environment that has nothing but secret lookups and password-hash filters: no other
//! filters, functions, globals, loader or HTML escaping, and the template's text kept byte for
//! byte (trailing newline included). A secret is looked up by secrets group and key, for a
//! principal that holds `view_secrets` on the group; a refusal or a failed lookup fails the
//! whole render with an error that names the group and key, never a value.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use aurum_inventory::SecretsGroup;
use minijinja::{Environment, Error, ErrorKind, UndefinedBehavior, Value};
use tokio::runtime::Handle;
use zeroize::Zeroizing;

use super::hashes;
use crate::ServiceError;
use crate::authz;
use crate::identity::{Permission, Principal};
use crate::secrets::SecretsService;

/// Operations a render may take (minijinja fuel): generous for any config, finite for a loop.
const FUEL: u64 = 5_000_000;

/// What a render needs to look secrets up.
pub struct SecretLookup {
    pub principal: Principal,
    /// Whether the principal holds `view_secrets` on the device (`authz`, decided by the
    /// caller before the blocking render).
    pub may_view_secrets: bool,
    pub groups: HashMap<String, SecretsGroup>,
    pub secrets: SecretsService,
    pub device: String,
}

/// The filters only this render offers: an intended-config template that uses one is told to
/// leave the markup for postprocessing.
pub const SECRET_FILTERS: [&str; 6] = [
    "get_secret_by_secret_group_name",
    "secret",
    "encrypt_cisco_type5",
    "encrypt_cisco_type7",
    "encrypt_cisco_type9",
    "encrypt_juniper_type9",
];

/// A render's result and the secret values it put in, so later steps' errors can be scrubbed.
pub struct Rendered {
    pub config: String,
    pub revealed: Vec<Zeroizing<String>>,
}

/// Renders `config` with the lookup's secrets. Call from a blocking thread: stored secrets
/// are read through `runtime`.
pub fn render(
    config: &str,
    lookup: SecretLookup,
    runtime: Handle,
) -> Result<Rendered, ServiceError> {
    let refusal: Arc<Mutex<Option<ServiceError>>> = Arc::new(Mutex::new(None));
    let revealed: Arc<Mutex<Vec<Zeroizing<String>>>> = Arc::default();
    let device = lookup.device.clone();
    let mut env = Environment::empty();
    env.set_keep_trailing_newline(true);
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    env.set_auto_escape_callback(|_| minijinja::AutoEscape::None);
    env.set_fuel(Some(FUEL));

    let lookup = Arc::new(lookup);
    let failed = refusal.clone();
    let shown = revealed.clone();
    let secret = move |group: String, key: String| -> Result<String, Error> {
        match look_up(&lookup, &runtime, &group, &key) {
            Ok(value) => {
                shown.lock().expect("not poisoned").push(value.clone());
                Ok(value.to_string())
            }
            Err(error) => {
                let message = error.to_string();
                failed.lock().expect("not poisoned").get_or_insert(error);
                Err(Error::new(ErrorKind::InvalidOperation, message))
            }
        }
    };
    env.add_filter("get_secret_by_secret_group_name", secret.clone());
    env.add_filter("secret", secret);
    env.add_filter(
        "encrypt_cisco_type5",
        |password: String, salt: Option<String>| {
            hashes::encrypt_type5(&password, salt.as_deref()).map_err(hash_error)
        },
    );
    // Type 7 and Juniper $9$ are reversible encodings, not hashes: their results are as
    // secret as their input, so they are revealed values too (masked wherever a caller keeps
    // a record, e.g. a deploy's transcript).
    let shown = revealed.clone();
    env.add_filter(
        "encrypt_cisco_type7",
        move |password: String, salt: Option<u8>| {
            let encoded = hashes::encrypt_type7(&password, salt).map_err(hash_error)?;
            shown
                .lock()
                .expect("not poisoned")
                .push(Zeroizing::new(encoded.clone()));
            Ok::<_, Error>(encoded)
        },
    );
    env.add_filter(
        "encrypt_cisco_type9",
        |password: String, salt: Option<String>| {
            hashes::encrypt_type9(&password, salt.as_deref()).map_err(hash_error)
        },
    );
    let shown = revealed.clone();
    env.add_filter("encrypt_juniper_type9", move |password: String| {
        let encoded = hashes::encrypt_juniper9(&password).map_err(hash_error)?;
        shown
            .lock()
            .expect("not poisoned")
            .push(Zeroizing::new(encoded.clone()));
        Ok::<_, Error>(encoded)
    });

    let rendered = env
        .render_str(config, Value::UNDEFINED)
        .map_err(|error| render_error(&device, &error));
    if let Some(error) = refusal.lock().expect("not poisoned").take() {
        return Err(error);
    }
    let revealed = std::mem::take(&mut *revealed.lock().expect("not poisoned"));
    Ok(Rendered {
        config: rendered?,
        revealed,
    })
}

fn look_up(
    lookup: &SecretLookup,
    runtime: &Handle,
    group: &str,
    key: &str,
) -> Result<Zeroizing<String>, ServiceError> {
    if !lookup.may_view_secrets {
        return Err(authz::forbidden(
            &lookup.principal,
            Permission::VIEW_SECRETS,
            &format!("secrets group `{group}` (for device {})", lookup.device),
        ));
    }
    let unknown = |reason: String| ServiceError::Postprocess {
        device: lookup.device.clone(),
        step: aurum_config::RENDER_SECRETS.to_string(),
        reason,
    };
    let found = lookup
        .groups
        .get(group)
        .ok_or_else(|| unknown(format!("secrets group `{group}` does not exist")))?;
    let reference = found.reference(key).ok_or_else(|| {
        unknown(format!(
            "secrets group `{group}` has no `{key}` (it has username, password, enable_secret, private_key{}{})",
            if found.secrets.is_empty() { "" } else { ", " },
            found.secrets.keys().cloned().collect::<Vec<_>>().join(", ")
        ))
    })?;
    runtime
        .block_on(lookup.secrets.resolve(reference))
        .map_err(|error| unknown(format!("`{key}` of secrets group `{group}`: {error}")))
}

fn hash_error(reason: String) -> Error {
    Error::new(ErrorKind::InvalidOperation, reason)
}

/// The template error, with its line: minijinja's plain display has no source or values.
fn render_error(device: &str, error: &Error) -> ServiceError {
    let mut reason = error.kind().to_string();
    if let Some(detail) = error.detail() {
        reason = format!("{reason}: {detail}");
    }
    if let Some(line) = error.line() {
        reason = format!("line {line}: {reason}");
    }
    ServiceError::Postprocess {
        device: device.to_string(),
        step: aurum_config::RENDER_SECRETS.to_string(),
        reason,
    }
}
