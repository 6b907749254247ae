/// Why a service refused or failed a request. Each message names the device, user or plugin
/// and says what to do next.
#[derive(Debug, thiserror::Error)]
pub enum ServiceError {
    #[error(transparent)]
    Store(#[from] aurum_store::StoreError),
    #[error(transparent)]
    Config(#[from] aurum_config::ConfigError),
    #[error(transparent)]
    Plugin(#[from] aurum_plugin::PluginError),
    #[error("source of truth: {0}")]
    Sot(#[from] aurum_sot::SotError),
    #[error(
        "no [sot.{source_name}] in {file}; add its url and token, e.g. url = \"https://nautobot.example.net\" and token = {{ env = \"NAUTOBOT_TOKEN\" }}"
    )]
    SotNotConfigured {
        source_name: &'static str,
        file: String,
    },
    #[error("cannot install the shipped drivers into {}: {source}; check that the data directory is writable", dir.display())]
    DriverInstall {
        dir: std::path::PathBuf,
        source: std::io::Error,
    },
    #[error("device {device}: {reason}; {hint}")]
    DeviceInvalid {
        device: String,
        reason: String,
        hint: String,
    },
    /// A body sent to create or change an inventory object that cannot be one: the reason
    /// names the field.
    #[error("{what}: {reason}; {hint}")]
    ObjectInvalid {
        what: String,
        reason: String,
        hint: String,
    },
    #[error("command refused for {device}: {reason}")]
    CommandInvalid { device: String, reason: String },
    #[error(
        "user `{user}` may not run config commands (`{command}` on {device}); ask for [toolkit] config_users or config_groups, or the execute_config permission"
    )]
    PermissionDenied {
        user: String,
        device: String,
        command: String,
    },
    #[error(
        "user `{user}` lacks the permission `{permission}` on {object}; ask an administrator to grant it (`aurum user add USER --permission {permission}`, or `{permission}:SAVED_FILTER` for some devices only)"
    )]
    Forbidden {
        user: String,
        permission: String,
        object: String,
    },
    #[error(
        "rate limit reached for {device}: {limit} successful commands per {window_secs}s; retry in {retry_after_secs}s"
    )]
    RateLimited {
        device: String,
        limit: u32,
        window_secs: u64,
        retry_after_secs: u64,
    },
    #[error("{location}: {reason}; fix the template and render again")]
    Template { location: String, reason: String },
    #[error("{reason}")]
    Job { reason: String },
    #[error(
        "the job queue ({queue}): {action} failed: {message}; check the database, then run the job again"
    )]
    Queue {
        queue: String,
        action: &'static str,
        message: String,
    },
    #[error("{reason}")]
    Unauthenticated { reason: String },
    #[error("invalid search pattern `{pattern}`: {reason}")]
    BadPattern { pattern: String, reason: String },
    #[error("unknown permission `{name}`; the permissions are: {known}")]
    UnknownPermission { name: String, known: String },
    #[error("invalid {what} name `{name}`: use letters, digits and . _ - @ + (at most 150)")]
    InvalidName { what: &'static str, name: String },
    #[error("{reason}")]
    Identity { reason: String },
    #[error("driver `{driver}`: {reason}")]
    Driver { driver: String, reason: String },
    #[error(transparent)]
    Core(#[from] aurum_core::CoreError),
    /// A session with a device failed; the connect error names the device already.
    #[error("{source} ({guidance})")]
    Session {
        device: String,
        source: Box<aurum_connect::ConnectError>,
        guidance: &'static str,
    },
    #[error(
        "{device}: no {what} within {limit:?}; raise [golden] device_timeout_secs or check the device"
    )]
    DeviceTimeout {
        device: String,
        what: &'static str,
        limit: std::time::Duration,
    },
    /// A plan in a state that does not allow the step (approving an approved plan).
    #[error("{reason}")]
    Plan { reason: String },
    /// A plan request the caller must fix: no device matches, an unknown feature, a manual
    /// plan without its template.
    #[error("{reason}")]
    PlanInvalid { reason: String },
    /// A capability this installation switched off in `[features]`.
    #[error(
        "the {feature} feature is disabled in aurum.toml [features] ({feature} = false); set it to true and restart Aurum to use it"
    )]
    FeatureDisabled { feature: &'static str },
    #[error("secrets: {reason}")]
    Secrets { reason: String },
    #[error("postprocessing {device}: step `{step}` failed: {reason}")]
    Postprocess {
        device: String,
        step: String,
        reason: String,
    },
}
