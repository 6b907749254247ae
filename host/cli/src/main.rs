//! `aurum`: the command-line edge of Aurum. Parses arguments, sets up logging, runs one
//! command and turns its outcome into an exit code: 0 success, 1 findings (such as
//! non-compliance), 2 errors, as `diff` does, so scripts and CI pipelines can tell them apart.

mod cli;
mod commands;
mod context;
mod output;

use std::process::ExitCode;

use clap::Parser;

use aurum_services::golden::JobKind;

use crate::cli::{ApiCommand, Cli, Command};
use crate::context::Context;

/// Sessions with hundreds of devices at once allocate and free many small buffers (SSH
/// packets, tokio tasks); glibc's allocator spent about 15% of a fleet fetch's CPU on that,
/// mimalloc far less (`cargo bench -p aurum-connect --bench fleet_vs_netmiko`).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(error) => {
            eprintln!("error: {}", describe(&error));
            ExitCode::from(2)
        }
    }
}

/// The error and its causes on one line, each said once. Many errors already name their
/// cause in their own message (`cannot read FILE: No such file`) and also report it as
/// their source, so printing the whole chain would say the cause twice.
fn describe(error: &anyhow::Error) -> String {
    let mut message = error.to_string();
    for cause in error.chain().skip(1) {
        let cause = cause.to_string();
        if !message.contains(&cause) {
            message.push_str(": ");
            message.push_str(&cause);
        }
    }
    message
}

fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    let context = Context::resolve(&cli.global)?;
    init_logging(cli.global.verbose, &context.loaded.config.logging);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    runtime.block_on(async move {
        match cli.command {
            Command::Init => commands::init::run(&context).await,
            Command::Config(command) => commands::config::run(&context, command),
            Command::Inventory(command) => commands::inventory::run(&context, command).await,
            Command::Serve { listen } => commands::serve::run(&context, listen).await,
            Command::Worker { no_schedules } => {
                commands::worker::run(&context, !no_schedules).await
            }
            Command::Run(args) => commands::run::run(&context, args).await,
            Command::Commands(command) => commands::saved::run(&context, command).await,
            Command::Log(args) => commands::log::run(&context, args).await,
            Command::Sim(args) => commands::sim::run(args).await,
            Command::Plugins(command) => commands::plugins::run(&context, command).await,
            Command::Compliance(command) => commands::compliance::run(&context, command).await,
            Command::Backup(args) => commands::jobs::run(&context, &[JobKind::Backup], args).await,
            Command::Intended(args) => {
                commands::jobs::run(&context, &[JobKind::Intended], args).await
            }
            Command::RunAll(args) => {
                let kinds = [JobKind::Backup, JobKind::Intended, JobKind::Compliance];
                commands::jobs::run(&context, &kinds, args).await
            }
            Command::Render { device } => commands::jobs::render(&context, &device).await,
            Command::Graphql(args) => commands::graphql::run(&context, args).await,
            Command::Api(ApiCommand::Schema) => print_schema(),
            Command::Jobs { id } => commands::jobs::list(&context, id).await,
            Command::Remediation(args) => commands::compliance::remediation(&context, args),
            Command::Plan(command) => commands::plans::run(&context, command).await,
            Command::Deploy(args) => commands::plans::deploy(&context, args).await,
            Command::User(command) => commands::user::run(&context, command).await,
            Command::Group(command) => commands::user::group(&context, command).await,
            Command::Secrets(command) => commands::secrets::run(&context, command).await,
            Command::Sot(command) => commands::sot::run(&context, command).await,
            Command::Import(command) => commands::import::run(&context, command).await,
            Command::Postprocess { device } => commands::postprocess::run(&context, &device).await,
            Command::Demo {
                examples,
                no_serve,
                listen,
            } => commands::demo::run(&context, &examples, (!no_serve).then_some(listen)).await,
        }
    })
}

/// `aurum api schema`: the OpenAPI document on stdout. A reader that stops early (`| head`)
/// is not an error.
fn print_schema() -> anyhow::Result<ExitCode> {
    use std::io::Write;
    let text = serde_json::to_string_pretty(&aurum_http::openapi_document())?;
    match writeln!(std::io::stdout().lock(), "{text}") {
        Err(error) if error.kind() != std::io::ErrorKind::BrokenPipe => Err(error.into()),
        _ => Ok(ExitCode::SUCCESS),
    }
}

fn init_logging(verbose: u8, logging: &aurum_config::LoggingConfig) {
    use tracing_subscriber::EnvFilter;
    let configured = &logging.level;
    let filter = match verbose {
        // The job engine's own lifecycle lines (worker started, stopped) are debug detail here.
        0 => EnvFilter::try_from_default_env().unwrap_or_else(|_| {
            EnvFilter::new(format!(
                "{configured},apalis=warn,apalis_core=warn,apalis_sqlite=warn,apalis_postgres=warn,apalis_cron=warn"
            ))
        }),
        1 => EnvFilter::new("debug"),
        _ => EnvFilter::new("trace"),
    };
    let lines = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_target(false);
    match logging.format {
        aurum_config::LogFormat::Text => lines.init(),
        aurum_config::LogFormat::Json => lines.json().init(),
    }
}
