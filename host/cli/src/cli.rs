use std::net::SocketAddr;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// Golden configuration for network devices: back up, render, check compliance, remediate.
#[derive(Debug, Parser)]
#[command(name = "aurum", version, about, long_about = None, after_help = EXAMPLES)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[command(subcommand)]
    pub command: Command,
}

const EXAMPLES: &str = "\
Examples:
  aurum init                                  create ./aurum-data with a database and aurum.toml
  aurum inventory import examples/inventory.yaml
  aurum inventory list --filter role=leaf --filter location=ams1
  aurum config check                          validate aurum.toml and print the effective config
  aurum serve --listen 127.0.0.1:8080
  aurum demo                                  the whole tour on a throw-away data directory";

#[derive(Debug, Args)]
pub struct GlobalArgs {
    /// Configuration file. Default: ./aurum.toml, else DATA_DIR/aurum.toml, else built-in defaults.
    #[arg(long, global = true, env = "AURUM_CONFIG", value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Where the database and repositories live. Default: [data_dir] in aurum.toml, else ./aurum-data.
    #[arg(long, global = true, env = "AURUM_DATA_DIR", value_name = "DIR")]
    pub data_dir: Option<PathBuf>,
    /// More log output: -v for debug, -vv for trace. RUST_LOG overrides.
    #[arg(short, long, global = true, action = clap::ArgAction::Count)]
    pub verbose: u8,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create the data directory, the database, a commented aurum.toml and the shipped platforms.
    #[command(after_help = "Example:\n  aurum --data-dir /var/lib/aurum init")]
    Init,
    /// Validate and show configuration.
    #[command(subcommand)]
    Config(ConfigCommand),
    /// The source of truth: devices, platforms, locations, saved filters.
    #[command(subcommand)]
    Inventory(InventoryCommand),
    /// Serve the web UI (sign in at /), the REST API (/api/, reference at /api/docs/),
    /// POST /graphql and /metrics (with `Authorization: Token ...`), the open probes /healthz
    /// and /readyz, and run [golden.schedules].
    #[command(after_help = "Example:\n  aurum serve --listen 127.0.0.1:8080")]
    Serve {
        /// Address to listen on; overrides [server] listen.
        #[arg(long, value_name = "ADDR")]
        listen: Option<SocketAddr>,
    },
    /// Run golden-config device tasks from the job queue, and [golden.schedules], until Ctrl-C.
    /// Start several against PostgreSQL to spread jobs over processes; every worker needs the
    /// same aurum.toml.
    #[command(
        after_help = "Examples:\n  aurum worker\n  aurum worker --no-schedules    only device tasks; schedules run elsewhere"
    )]
    Worker {
        /// Do not run [golden.schedules] here. Running them in several processes is safe (each
        /// firing starts one job); this keeps the clock in fewer places.
        #[arg(long)]
        no_schedules: bool,
    },
    /// Run a command on devices over SSH and see the output.
    #[command(after_help = RUN_EXAMPLES)]
    Run(RunArgs),
    /// Saved commands of the toolkit.
    #[command(subcommand)]
    Commands(CommandsCommand),
    /// The log of every command run: entries, statistics, CSV/JSON export.
    #[command(
        after_help = "Examples:\n  aurum log --device ams1-leaf1 --limit 20\n  aurum log --stats\n  aurum log --csv > commands.csv"
    )]
    Log(LogArgs),
    /// Start simulated devices on loopback and write their inventory file.
    #[command(
        after_help = "Example:\n  aurum sim --devices 500 --platforms cisco_ios,arista_eos --inventory sim.yaml"
    )]
    Sim(SimArgs),
    /// Plugins: what is registered, a contract check of one, a new driver, a recorded test.
    #[command(subcommand)]
    Plugins(PluginsCommand),
    /// Back up running configs of the devices in scope (database history + git).
    #[command(
        after_help = "Examples:\n  aurum backup\n  aurum backup --filter role=leaf --dry-run\n  aurum backup --setting dc --filter location=ams1"
    )]
    Backup(JobArgs),
    /// Render intended configs from templates and source-of-truth data (database + git).
    #[command(
        after_help = "Examples:\n  aurum intended\n  aurum intended --filter platform=arista_eos"
    )]
    Intended(JobArgs),
    /// Backup, intended and compliance, one after the other.
    #[command(
        name = "run-all",
        after_help = "Example:\n  aurum run-all --filter location=ams1"
    )]
    RunAll(JobArgs),
    /// Render one device's intended config now and show the diff to the stored one (stores nothing).
    #[command(after_help = "Example:\n  aurum render ams1-leaf1")]
    Render { device: String },
    /// Query the inventory with GraphQL (the schema `POST /graphql` serves) and print JSON.
    #[command(after_help = GRAPHQL_EXAMPLES)]
    Graphql(GraphqlArgs),
    /// The REST API's OpenAPI description (what `GET /api/schema/` serves); needs no database.
    #[command(subcommand)]
    Api(ApiCommand),
    /// Recent jobs, or one job with every device's result.
    #[command(after_help = "Examples:\n  aurum jobs\n  aurum jobs 12")]
    Jobs { id: Option<i64> },
    /// Per-feature compliance (offline on files, for CI pipelines).
    #[command(subcommand)]
    Compliance(ComplianceCommand),
    /// The commands that turn a running config into the intended one (hier_config-style).
    #[command(
        after_help = "Examples:\n  aurum remediation --platform cisco_ios --running backup.cfg --intended intended.cfg\n  aurum remediation --platform arista_eos --running backups/ --intended intended/ --json\n  aurum remediation --platform cisco_ios --plugin my_remediation --running r.cfg --intended i.cfg\n\nExit codes: 0 nothing to change, 1 remediation needed, 2 error."
    )]
    Remediation(RemediationArgs),
    /// Config plans: create from compliance results, intended configs or a template; list,
    /// show, approve, cancel, edit, roll back.
    #[command(subcommand, after_help = PLAN_EXAMPLES)]
    Plan(PlanCommand),
    /// Deploy approved config plans: one task per device, line by line, stopping at the first
    /// line a device rejects; then back the devices up and check compliance again.
    #[command(
        after_help = "Examples:\n  aurum deploy 3 4\n  aurum deploy 3 4 5 --filter role=leaf --fail-job-on-device-failure\n\nExit codes: 0 every device completed, 1 a device failed, 2 refused."
    )]
    Deploy(DeployArgs),
    /// Users of the HTTP API: add, change a password, list, remove, make an API token.
    #[command(subcommand, after_help = USER_EXAMPLES)]
    User(UserCommand),
    /// Groups of users and the permissions their members get.
    #[command(subcommand, after_help = GROUP_EXAMPLES)]
    Group(GroupCommand),
    /// Secrets stored encrypted in the database, for `{ stored: NAME }` references.
    #[command(subcommand, after_help = crate::commands::secrets::SECRETS_EXAMPLES)]
    Secrets(crate::commands::secrets::SecretsCommand),
    /// Carry a setup over from another tool: `aurum import golden-config`.
    #[command(subcommand)]
    Import(crate::commands::import::ImportCommand),
    /// Sync the inventory from a source of truth (Nautobot, NetBox) configured in [sot.*].
    #[command(subcommand, after_help = crate::commands::sot::SOT_EXAMPLES)]
    Sot(crate::commands::sot::SotCommand),
    /// Print a device's intended config through the [postprocessing] chain (secrets rendered).
    /// Returned only: nothing of it is stored or logged.
    #[command(after_help = "Example:\n  aurum postprocess ams1-edge1 > ams1-edge1.cfg")]
    Postprocess { device: String },
    /// Run the whole tour on a fresh data directory: init, import the example inventory, show it.
    #[command(after_help = "Example:\n  aurum demo --data-dir /tmp/aurum-demo")]
    Demo {
        /// Examples folder to load (inventory.yaml).
        #[arg(long, value_name = "DIR", default_value = "examples")]
        examples: PathBuf,
        /// Stop after the summary instead of serving the web UI over the demo's data.
        #[arg(long)]
        no_serve: bool,
        /// Where the web UI listens after the summary (default: [server] listen).
        #[arg(long, value_name = "ADDR")]
        listen: Option<std::net::SocketAddr>,
    },
}

#[derive(Debug, Subcommand)]
pub enum ApiCommand {
    /// Print the OpenAPI 3.1 document as JSON, for code generators and API checkers.
    #[command(after_help = "Example:\n  aurum api schema > aurum-openapi.json")]
    Schema,
}

const RUN_EXAMPLES: &str = "\
Examples:
  aurum run ams1-leaf1 'show version'
  aurum run --filter role=leaf 'show clock'             many devices at once, with progress
  aurum run ams1-leaf1 --saved interface --var interface=Ethernet1
  aurum run ams1-edge1 --config-command 'ntp server 192.0.2.1'
  AURUM_PASSWORD=... aurum run --host 127.0.0.1 --port 2222 --platform cisco_ios --username admin 'show version'

Exit codes: 0 every run succeeded, 1 a device failed or rejected the command, 2 refused or error.";

const GRAPHQL_EXAMPLES: &str = "\
Examples:
  aurum graphql '{ devices(role: \"leaf\") { name location { name } tags { name } } }'
  aurum graphql --file examples/sot.graphql --var device_id=ams1-leaf1
  aurum graphql --sdl > schema.graphql

Exit codes: 0 no errors, 1 the response has errors, 2 the query could not run.";

#[derive(Debug, Args)]
pub struct GraphqlArgs {
    /// The query text; or use --file.
    #[arg(value_name = "QUERY", required_unless_present_any = ["file", "sdl"], conflicts_with = "file")]
    pub query: Option<String>,
    /// Read the query from a file (a setting's sot_query, say).
    #[arg(long, short, value_name = "FILE")]
    pub file: Option<PathBuf>,
    /// A variable: NAME=TEXT for a string, NAME:=JSON for any JSON value; repeat for several.
    #[arg(long = "var", value_name = "NAME=VALUE")]
    pub vars: Vec<String>,
    /// Print the schema (SDL) instead; needs no database.
    #[arg(long, conflicts_with_all = ["query", "file", "vars"])]
    pub sdl: bool,
}

#[derive(Debug, Args)]
pub struct RunArgs {
    /// DEVICE and COMMAND, or only COMMAND with --filter, --saved-filter or --host.
    #[arg(value_name = "DEVICE COMMAND", num_args = 0..=2)]
    pub words: Vec<String>,
    /// Run a saved command instead of free text.
    #[arg(long, value_name = "NAME")]
    pub saved: Option<String>,
    /// A value for the saved command's variable; repeat for several.
    #[arg(long = "var", value_name = "NAME=VALUE")]
    pub vars: Vec<String>,
    /// Run on every device matching FIELD=VALUE[,VALUE]; repeat to narrow.
    #[arg(long, short, value_name = "TERM")]
    pub filter: Vec<String>,
    /// Run on the devices of a saved filter.
    #[arg(long, value_name = "NAME")]
    pub saved_filter: Option<String>,
    /// The free-text command changes configuration (needs config permission).
    #[arg(long)]
    pub config_command: bool,
    /// Also parse the output with TextFSM templates ([toolkit] textfsm_templates).
    #[arg(long)]
    pub parse: bool,
    /// Print results as JSON.
    #[arg(long)]
    pub json: bool,
    /// An address not in the inventory (needs --platform and --username; the password comes
    /// from AURUM_PASSWORD or a prompt, the enable secret from AURUM_ENABLE_SECRET).
    #[arg(long, value_name = "ADDR", requires_all = ["platform", "username"])]
    pub host: Option<String>,
    #[arg(long, default_value_t = 22)]
    pub port: u16,
    #[arg(long, value_name = "PLATFORM")]
    pub platform: Option<String>,
    #[arg(long, value_name = "USER")]
    pub username: Option<String>,
}

const USER_EXAMPLES: &str = "\
Examples:
  aurum user add alice --group netops --permission view_config     asks for the password
  AURUM_USER_PASSWORD=... aurum user add ci-bot --permission run_job
  aurum user token ci-bot --expires 90                             the token is the last line
  aurum user tokens ci-bot && aurum user revoke-token PREFIX
  curl -H \"Authorization: Token $TOKEN\" -d '{\"query\":\"{ devices { name } }\"}' http://127.0.0.1:8080/graphql

The local CLI needs no user: on the data directory it acts as the installation's owner,
logged as cli:<os user>. Users are for everything reached over HTTP.";

const GROUP_EXAMPLES: &str = "\
Examples:
  aurum group add netops --permission execute_config --permission view_config
  aurum group list";

/// Where a password comes from, said once for every command that takes one.
const PASSWORD_HELP: &str = "The password. Visible to other local users in `ps`: prefer AURUM_USER_PASSWORD or the prompt (asked twice when neither is given)";

#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Add a user, with its groups and permissions.
    Add {
        name: String,
        #[arg(long, help = PASSWORD_HELP)]
        password: Option<String>,
        /// Every permission, now and later.
        #[arg(long)]
        superuser: bool,
        /// A group (made with `aurum group add`) to join; repeat for several.
        #[arg(long = "group", value_name = "GROUP")]
        groups: Vec<String>,
        /// A permission (view_device, change_device, ..., execute_config, run_job, deploy,
        /// view_config, view_secrets, ...); repeat for several. A wrong name lists them all.
        #[arg(long = "permission", value_name = "PERM")]
        permissions: Vec<String>,
    },
    /// Change a user's password.
    Passwd {
        name: String,
        #[arg(long, help = PASSWORD_HELP)]
        password: Option<String>,
    },
    /// Users, their groups, permissions and tokens (never a password or token).
    List,
    /// Remove a user and its tokens.
    Remove { name: String },
    /// A user's API tokens: prefix, creation, expiry and last use (never the token).
    Tokens { name: String },
    /// Revoke an API token by its prefix (from `aurum user tokens`).
    RevokeToken { prefix: String },
    /// Make an API token for a user; it is shown once, on the last line.
    Token {
        name: String,
        /// Days until the token stops working; without it, it never expires.
        #[arg(long, value_name = "DAYS", value_parser = clap::value_parser!(u32).range(1..))]
        expires: Option<u32>,
    },
}

#[derive(Debug, Subcommand)]
pub enum GroupCommand {
    /// Add a group and the permissions its members get.
    Add {
        name: String,
        /// A permission for the group's members; repeat for several.
        #[arg(long = "permission", value_name = "PERM")]
        permissions: Vec<String>,
    },
    /// Groups, their permissions and members.
    List,
}

#[derive(Debug, Subcommand)]
pub enum CommandsCommand {
    /// Save the commands of a YAML file (`commands: [{name, command, kind, platforms, variables}]`).
    #[command(after_help = "Example:\n  aurum commands import examples/commands.yaml")]
    Import { file: PathBuf },
    /// List saved commands.
    List,
}

#[derive(Debug, Args)]
pub struct LogArgs {
    #[arg(long)]
    pub device: Option<String>,
    #[arg(long)]
    pub user: Option<String>,
    /// At most this many entries in the table, newest first (--csv and --json export every
    /// matching entry).
    #[arg(long, default_value_t = 50, conflicts_with_all = ["csv", "json"])]
    pub limit: i64,
    /// Counts instead of entries.
    #[arg(long)]
    pub stats: bool,
    #[arg(long, conflicts_with = "csv")]
    pub json: bool,
    #[arg(long)]
    pub csv: bool,
}

#[derive(Debug, Args)]
pub struct SimArgs {
    #[arg(long, default_value_t = 5)]
    pub devices: usize,
    /// Platforms, used round-robin.
    #[arg(
        long,
        value_delimiter = ',',
        default_value = "cisco_ios,cisco_nxos,cisco_iosxr,arista_eos,juniper_junos"
    )]
    pub platforms: Vec<String>,
    /// Interfaces per device (sets the size of each configuration).
    #[arg(long, default_value_t = 24)]
    pub interfaces: usize,
    /// First port on 127.0.0.1; 0 lets the system pick free ports.
    #[arg(long, default_value_t = 0)]
    pub port: u16,
    /// Write the fleet's inventory here.
    #[arg(long, value_name = "FILE", default_value = "sim-inventory.yaml")]
    pub inventory: PathBuf,
    #[arg(long, default_value = "admin")]
    pub username: String,
    #[arg(long, default_value = "admin")]
    pub password: String,
    #[arg(long, default_value = "enable")]
    pub enable_secret: String,
    /// Make every device answer slowly: a delay before each chunk of output (fault injection).
    #[arg(long, value_name = "MS")]
    pub slow_ms: Option<u64>,
    /// Make DEVICE reject the Nth configuration line of each session with its invalid-input
    /// error (fault injection, e.g. `sim-ios-0001=3`); repeatable.
    #[arg(long, value_name = "DEVICE=N")]
    pub fail_config_line: Vec<String>,
    /// Make a commit with a rollback timer on DEVICE (Junos `commit confirmed`, EOS `commit
    /// timer`) cut its management access off until the device rolls the commit back (fault
    /// injection); repeatable.
    #[arg(long, value_name = "DEVICE")]
    pub cut_off_on_commit_confirmed: Vec<String>,
    /// How long a minute of a `commit confirmed` (or EOS `commit timer`) timer lasts, in
    /// milliseconds.
    #[arg(long, value_name = "MS", default_value_t = 60_000)]
    pub minute_ms: u64,
    /// Append `DEVICE<TAB>LINE` to FILE for every line typed on any device.
    #[arg(long, value_name = "FILE")]
    pub typed_log: Option<std::path::PathBuf>,
    /// Record each session to FILE (the format `aurum plugins test --recording` replays);
    /// every new session replaces the file.
    #[arg(long, value_name = "FILE")]
    pub record: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum PluginsCommand {
    /// Every registered plugin: name, kind, backend, version, source.
    List,
    /// Load a plugin, check its contract and run it on sample input.
    #[command(after_help = "Example:\n  aurum plugins check cisco_ios")]
    Check { name: String },
    /// Write a new plugin's skeleton in the current folder.
    #[command(subcommand)]
    New(NewPlugin),
    /// Replay a recorded session against a driver: the cleaned backup, its diff to an
    /// expected file, and what the session sent. Exit code 1 when the backup differs.
    #[command(
        after_help = "Example:\n  aurum sim --platforms cisco_ios --devices 1 --record ios.session\n  aurum plugins test my_ios --recording ios.session --expected ios.expected"
    )]
    Test {
        /// The driver plugin, as registered in [plugins.NAME] (or shipped).
        name: String,
        /// The recorded session (`>>> greeting`, then `>>> send: LINE` blocks).
        #[arg(long, value_name = "FILE")]
        recording: PathBuf,
        /// The backup the driver must make of it.
        #[arg(long, value_name = "FILE")]
        expected: Option<PathBuf>,
    },
}

/// The kinds of plugin `aurum plugins new` writes.
#[derive(Debug, Subcommand)]
pub enum NewPlugin {
    /// A driver that already works against a Cisco IOS-like device: prompts, enable, paging
    /// off, `show running-config`, clean-up, dialect.
    #[command(
        after_help = "Examples:\n  aurum plugins new driver acme_os --rhai   # writes acme_os.rhai\n  aurum plugins new driver acme_os --rust   # writes the crate acme_os/"
    )]
    Driver {
        /// The plugin's name, as it will be registered in [plugins.NAME].
        name: String,
        /// A Rhai script, NAME.rhai.
        #[arg(long, conflicts_with = "rust", required_unless_present = "rust")]
        rhai: bool,
        /// A Rust crate built to WebAssembly, NAME/.
        #[arg(long)]
        rust: bool,
    },
}

#[derive(Debug, Args)]
pub struct JobArgs {
    /// Narrow the scope: FIELD=VALUE[,VALUE]; repeat to narrow further.
    #[arg(long, short, value_name = "TERM")]
    pub filter: Vec<String>,
    /// Only the devices of this golden-config setting.
    #[arg(long, value_name = "NAME")]
    pub setting: Option<String>,
    /// Do the work but store, write and commit nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Print the job report as JSON.
    #[arg(long)]
    pub json: bool,
    /// Only enqueue the job and wait: running `aurum worker` processes do the devices.
    #[arg(long)]
    pub no_local_worker: bool,
}

#[derive(Debug, Subcommand)]
pub enum ComplianceCommand {
    /// Check stored backups against stored intended configs, per feature, with remediation.
    Run(JobArgs),
    /// The devices × features overview.
    #[command(
        after_help = "Examples:\n  aurum compliance report\n  aurum compliance report --csv > compliance.csv"
    )]
    Report {
        #[arg(long, conflicts_with = "csv")]
        json: bool,
        #[arg(long)]
        csv: bool,
    },
    /// One device: intended vs actual, missing, extra and remediation per feature.
    #[command(
        after_help = "Examples:\n  aurum compliance show ams1-edge1 ntp\n  aurum compliance show ams1-edge1 --json"
    )]
    Show {
        device: String,
        feature: Option<String>,
        /// Every feature's row as JSON (compliant, ordered, missing, extra, actual, intended,
        /// remediation), compliant ones included.
        #[arg(long)]
        json: bool,
    },
    /// Compare actual and intended configs per feature, with no database or inventory.
    #[command(
        after_help = "Examples:\n  aurum compliance check --platform cisco_ios --rules rules.yml --actual r1.cfg --intended r1-intended.cfg\n  aurum compliance check --platform cisco_ios --rules rules.yml --actual backups/ --intended intended/ --json\n\nRULES.yml is Golden Config's compliance_rules YAML (feature_slug, platform_name or\nplatform_network_driver, config_ordered, match_config, config_type).\nExit codes: 0 compliant, 1 non-compliant, 2 error."
    )]
    Check(ComplianceCheckArgs),
}

#[derive(Debug, Args)]
pub struct ComplianceCheckArgs {
    /// Network OS of the configs (netutils names: cisco_ios, arista_eos, juniper_junos, ...).
    #[arg(long)]
    pub platform: String,
    /// Golden Config compliance rules (a `compliance_rules` list or a whole properties file).
    #[arg(long, value_name = "RULES.yml")]
    pub rules: std::path::PathBuf,
    /// The running config, or a folder of them paired with --intended by file name.
    #[arg(long, value_name = "FILE|DIR")]
    pub actual: std::path::PathBuf,
    #[arg(long, value_name = "FILE|DIR")]
    pub intended: std::path::PathBuf,
    /// netutils' JSON: per feature compliant, ordered_compliant, unordered_compliant, missing,
    /// extra, actual, intended (one entry per device for folders).
    #[arg(long)]
    pub json: bool,
    /// Devices compared at once (default: every core). The report keeps file-name order.
    #[arg(long, short = 'j', value_name = "N")]
    pub jobs: Option<std::num::NonZeroUsize>,
}

#[derive(Debug, Args)]
pub struct RemediationArgs {
    /// Platform (hier_config or netutils names: cisco_ios, arista_eos, juniper_junos, ...).
    #[arg(long)]
    pub platform: String,
    #[arg(long, value_name = "FILE|DIR")]
    pub running: std::path::PathBuf,
    #[arg(long, value_name = "FILE|DIR")]
    pub intended: std::path::PathBuf,
    /// A JSON object per device instead of text.
    #[arg(long)]
    pub json: bool,
    /// A remediation plugin (a `[plugins.NAME]` of kind `remediation` in the configuration)
    /// instead of the built-in engine; `[golden.remediation.PLATFORM] plugin` does the same
    /// from the configuration.
    #[arg(long, value_name = "NAME")]
    pub plugin: Option<String>,
    /// Devices remediated at once (default: every core). The output keeps file-name order.
    #[arg(long, short = 'j', value_name = "N")]
    pub jobs: Option<std::num::NonZeroUsize>,
}

#[derive(Debug, Subcommand)]
pub enum ConfigCommand {
    /// Validate a configuration file and print the effective configuration, secrets masked.
    #[command(
        after_help = "Examples:\n  aurum config check\n  aurum config check /etc/aurum/aurum.toml"
    )]
    Check {
        /// The file to check; defaults to the configuration Aurum would use.
        file: Option<PathBuf>,
    },
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum FileFormat {
    Yaml,
    Csv,
}

#[derive(Debug, Subcommand)]
pub enum InventoryCommand {
    /// Import devices and related objects from YAML or CSV: upsert by name, all or nothing.
    #[command(
        after_help = "Examples:\n  aurum inventory import fleet.yaml\n  aurum inventory import netbox-devices.csv --dry-run"
    )]
    Import {
        file: PathBuf,
        /// Format of the file; guessed from the extension when omitted.
        #[arg(long, value_enum)]
        format: Option<FileFormat>,
        /// Validate and count without writing anything.
        #[arg(long)]
        dry_run: bool,
    },
    /// Export the whole inventory as YAML (the format import reads).
    #[command(after_help = "Example:\n  aurum inventory export --output inventory.yaml")]
    Export {
        /// Write to this file instead of standard output.
        #[arg(long, short, value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// List devices, optionally filtered.
    #[command(
        after_help = "Examples:\n  aurum inventory list --filter role=leaf,spine --filter location=ams1\n  aurum inventory list --saved ams-leaves --json"
    )]
    List {
        /// FIELD=VALUE[,VALUE...]; fields: name (with * wildcards), location, role, platform, tenant, tag, status.
        #[arg(long, short, value_name = "TERM")]
        filter: Vec<String>,
        /// Start from a saved filter (narrowed further by --filter).
        #[arg(long, value_name = "NAME")]
        saved: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Show one device with everything Aurum knows about it.
    #[command(after_help = "Example:\n  aurum inventory show ams1-leaf1 --json")]
    Show {
        device: String,
        #[arg(long)]
        json: bool,
    },
    /// List platforms and the driver and network OS of each.
    Platforms,
    /// List saved filters and how many devices each selects.
    Filters,
}

const PLAN_EXAMPLES: &str = "Examples:
  aurum plan create --type remediation --device ams1-leaf1 --feature ntp
  aurum plan create --type intended --filter role=leaf --change-id CHG-42
  aurum plan create --type manual --filter platform=cisco_ios --template banner.j2
  aurum plan list --status approved
  aurum plan show 3
  aurum plan approve 3
  aurum plan cancel 3
  aurum plan rollback 3";

#[derive(Debug, Subcommand)]
pub enum PlanCommand {
    /// Make one plan per device that has something to change; prints the new plan ids.
    Create(PlanCreateArgs),
    /// Plans, newest first.
    List {
        /// Only plans of this status: not_approved, approved, in_progress, completed, failed,
        /// cancelled.
        #[arg(long, value_name = "STATUS")]
        status: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// One plan: its commands, approval, the device's output and compliance before and after.
    Show {
        id: i64,
        #[arg(long)]
        json: bool,
    },
    /// Approve a plan (needs approve_plan); its commands are fixed from then on.
    Approve { id: i64 },
    /// Cancel a plan: it is never sent, even by a deploy that queued it earlier.
    Cancel { id: i64 },
    /// Replace the commands of a plan that is not approved yet.
    Edit {
        id: i64,
        /// The new commands, one per line.
        #[arg(long, value_name = "FILE")]
        commands: PathBuf,
    },
    /// Restore the configuration the plan's device had before the plan was deployed, where
    /// the platform can (IOS and EOS `configure replace`).
    Rollback { id: i64 },
}

#[derive(Debug, Args)]
pub struct PlanCreateArgs {
    /// intended, missing, remediation or manual.
    #[arg(long = "type", value_name = "TYPE")]
    pub plan_type: String,
    /// One device (repeatable), or use --filter.
    #[arg(long, value_name = "NAME")]
    pub device: Vec<String>,
    /// Devices matching FIELD=VALUE[,VALUE] (repeatable).
    #[arg(long, value_name = "FIELD=VALUES")]
    pub filter: Vec<String>,
    /// Only these compliance features (repeatable; default: every feature).
    #[arg(long, value_name = "FEATURE")]
    pub feature: Vec<String>,
    /// A manual plan's commands: a minijinja template rendered per device with its SoT data.
    #[arg(long, value_name = "FILE")]
    pub template: Option<PathBuf>,
    /// The change-control ticket this change belongs to.
    #[arg(long, value_name = "ID", default_value = "")]
    pub change_id: String,
    /// A link to the change-control ticket.
    #[arg(long, value_name = "URL", default_value = "")]
    pub change_url: String,
}

#[derive(Debug, Args)]
pub struct DeployArgs {
    /// The plans to deploy.
    #[arg(required = true, value_name = "ID")]
    pub plans: Vec<i64>,
    /// Only the plans of devices matching FIELD=VALUE[,VALUE] (repeatable).
    #[arg(long, value_name = "FIELD=VALUES")]
    pub filter: Vec<String>,
    /// Mark the job failed when any device fails (default: partial).
    #[arg(long)]
    pub fail_job_on_device_failure: bool,
    #[arg(long)]
    pub json: bool,
    /// Only enqueue the deploy and wait: running `aurum worker` processes do the devices.
    #[arg(long)]
    pub no_local_worker: bool,
}
