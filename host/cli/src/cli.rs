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
    /// Serve the HTTP API (/healthz and /readyz for now).
    #[command(after_help = "Example:\n  aurum serve --listen 127.0.0.1:8080")]
    Serve {
        /// Address to listen on; overrides [server] listen.
        #[arg(long, value_name = "ADDR")]
        listen: Option<SocketAddr>,
    },
    /// Run the whole tour on a fresh data directory: init, import the example inventory, show it.
    #[command(after_help = "Example:\n  aurum demo --data-dir /tmp/aurum-demo")]
    Demo {
        /// Examples folder to load (inventory.yaml).
        #[arg(long, value_name = "DIR", default_value = "examples")]
        examples: PathBuf,
    },
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
