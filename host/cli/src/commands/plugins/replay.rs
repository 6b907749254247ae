//! `aurum plugins test NAME --recording FILE [--expected FILE]`: a driver against a recorded
//! session, offline. The recording is served by a simulated device on loopback that answers
//! each line the driver types with the recorded answer (and stops at the first line that is
//! not the recorded one), so the driver runs through the same session code as against a real
//! device. Shows the cleaned backup, its diff to the expected file, and what was sent.

use std::path::Path;
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::{Context as _, anyhow};
use aurum_connect::{CompiledSpec, Credentials, KnownHosts, Session, SessionOptions, Target};
use aurum_sim::{Fleet, FleetSpec, Recording, SimDevice, SimPlatform};

use crate::context::{Context, read_user_file};

/// The credentials the recorded session was made with: `AURUM_USERNAME`, `AURUM_PASSWORD`,
/// `AURUM_ENABLE_SECRET`, else `aurum sim`'s defaults.
fn credential(variable: &str, default: &str) -> String {
    std::env::var(variable).unwrap_or_else(|_| default.to_string())
}

pub async fn run(
    context: &Context,
    name: &str,
    recording_path: &Path,
    expected: Option<&Path>,
) -> anyhow::Result<ExitCode> {
    let registry = context.registry()?;
    let driver = registry
        .driver(name)
        .with_context(|| format!("register the driver as [plugins.{name}] in aurum.toml"))?;
    let spec = Arc::new(CompiledSpec::compile(driver.describe()?)?);
    let recording = Recording::parse(&read_user_file(recording_path)?)
        .map_err(|e| anyhow!("{}: {e}", recording_path.display()))?;
    let expected = expected
        .map(|path| read_user_file(path).map(|text| (path, text)))
        .transpose()?;
    let (username, password, enable) = (
        credential("AURUM_USERNAME", "admin"),
        credential("AURUM_PASSWORD", "admin"),
        credential("AURUM_ENABLE_SECRET", "enable"),
    );
    let device = Arc::new(
        SimDevice::new(
            "recorded",
            SimPlatform::CiscoIos,
            &username,
            &password,
            &enable,
            "",
        )?
        .with_recording(recording),
    );
    let mut fleet = Fleet::start(&FleetSpec {
        devices: 0,
        ..FleetSpec::default()
    })
    .await?;
    let addr = fleet.add(device.clone(), "127.0.0.1:0".parse()?).await?;
    let target = Target {
        name: format!("{} (recorded)", recording_path.display()),
        host: addr.ip().to_string(),
        port: addr.port(),
        credentials: Credentials {
            username,
            password: Some(password.clone()),
            enable_secret: Some(enable.clone()),
            private_key: None,
        },
    };
    let backup = async {
        let mut session = Session::open(
            &target,
            spec,
            &SessionOptions::default(),
            Arc::new(KnownHosts::in_memory()),
        )
        .await?;
        let raw = session.backup().await;
        session.close().await;
        anyhow::Ok(driver.clean(&raw?)?)
    }
    .await;
    println!("=== sent");
    for line in device.replayed_lines() {
        let shown = if line == password || line == enable {
            "<secret>"
        } else {
            line.as_str()
        };
        println!("{shown}");
    }
    let backup = backup.with_context(|| format!("driver `{name}` against the recording"))?;
    println!("=== backup (cleaned by {name})\n{backup}");
    let Some((path, expected)) = expected else {
        return Ok(ExitCode::SUCCESS);
    };
    if backup == expected {
        println!("=== same as {}", path.display());
        return Ok(ExitCode::SUCCESS);
    }
    println!("=== diff to {} (- expected, + backup)", path.display());
    let diff = similar::TextDiff::from_lines(&expected, &backup);
    print!("{}", diff.unified_diff().context_radius(2));
    Ok(ExitCode::from(1))
}
