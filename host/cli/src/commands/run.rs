use std::process::ExitCode;

use anyhow::{Context as _, bail};
use aurum_connect::Credentials;
use aurum_inventory::{CommandKind, DeviceFilter};
use aurum_services::toolkit::{AdhocTarget, CommandRequest, Principal, RunOutcome};

use crate::cli::RunArgs;
use crate::context::Context;

/// `aurum run`: one device, a filtered set, or an ad-hoc address; with `--parse`, each
/// successful output parsed too.
pub async fn run(context: &Context, args: RunArgs) -> anyhow::Result<ExitCode> {
    let many = !args.filter.is_empty() || args.saved_filter.is_some();
    let (device, text) = split_words(&args, many || args.host.is_some())?;
    let request = request(&args, text)?;
    let (store, toolkit) = context.toolkit().await?;
    if args.parse {
        // Unusable templates refuse the run before anything is sent.
        toolkit.check_templates()?;
    }
    let principal = Principal::owner();

    let outcomes: Vec<Result<RunOutcome, (String, String)>> = if let Some(host) = &args.host {
        let target = AdhocTarget {
            host: host.clone(),
            port: args.port,
            platform: args
                .platform
                .clone()
                .expect("clap requires --platform with --host"),
            credentials: adhoc_credentials(
                args.username
                    .clone()
                    .expect("clap requires --username with --host"),
            )?,
        };
        vec![Ok(toolkit.run_adhoc(&principal, &target, &request).await?)]
    } else if many {
        let mut filter = DeviceFilter::parse_terms(&args.filter)?;
        let mut devices = store.devices(&filter).await?;
        if let Some(name) = &args.saved_filter {
            filter = store.saved_filter(name).await?.filter;
            devices.retain(|d| filter.matches(d));
        }
        if devices.is_empty() {
            bail!("no device matches {}", filter.describe());
        }
        let bar = progress_bar(devices.len(), args.json);
        let results = toolkit
            .run_many(&principal, devices, &request, |result| {
                bar.inc(1);
                if let Err((device, error))
                | Ok(RunOutcome {
                    device,
                    error: Some(error),
                    ..
                }) = result
                {
                    bar.println(format!("{device}: {error}"));
                }
            })
            .await;
        bar.finish_and_clear();
        results
    } else {
        let name = device.expect("split_words returns a device for a single run");
        vec![Ok(toolkit.run_named(&principal, &name, &request).await?)]
    };
    store.close().await;
    let mut outcomes = outcomes;
    if args.parse {
        for outcome in outcomes.iter_mut().flatten().filter(|o| o.success) {
            toolkit.parse(outcome)?;
        }
    }

    if args.json {
        let json: Vec<serde_json::Value> = outcomes
            .iter()
            .map(|r| match r {
                Ok(outcome) => serde_json::to_value(outcome).expect("outcomes serialise"),
                Err((device, error)) => {
                    serde_json::json!({ "device": device, "success": false, "error": error })
                }
            })
            .collect();
        println!("{}", serde_json::to_string_pretty(&json)?);
    } else {
        print_outcomes(&outcomes, outcomes.len() > 1);
    }
    let refused = outcomes.iter().any(|r| r.is_err());
    let failed = outcomes.iter().any(|r| matches!(r, Ok(o) if !o.success));
    Ok(if refused {
        ExitCode::from(2)
    } else if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// The device (for a single run) and the free-text command, from the positional words.
fn split_words(
    args: &RunArgs,
    no_device: bool,
) -> anyhow::Result<(Option<String>, Option<String>)> {
    let mut words = args.words.iter().cloned();
    let device = if no_device { None } else { words.next() };
    let text = words.next();
    if words.next().is_some() {
        bail!("too many arguments: quote the command, e.g. aurum run DEVICE 'show version'");
    }
    if !no_device && device.is_none() {
        bail!(
            "name a device, or select devices with --filter or --saved-filter, or an address with --host"
        );
    }
    match (&text, &args.saved) {
        (None, None) => bail!("give the command to run, or --saved NAME"),
        (Some(_), Some(_)) => bail!("give either a command or --saved NAME, not both"),
        _ => Ok((device, text)),
    }
}

fn request(args: &RunArgs, text: Option<String>) -> anyhow::Result<CommandRequest> {
    match (&args.saved, text) {
        (Some(name), _) => {
            let variables = args
                .vars
                .iter()
                .map(|pair| {
                    pair.split_once('=')
                        .map(|(k, v)| (k.trim().to_string(), v.to_string()))
                        .with_context(|| format!("--var {pair}: write it as NAME=VALUE"))
                })
                .collect::<anyhow::Result<_>>()?;
            Ok(CommandRequest::Saved {
                name: name.clone(),
                variables,
            })
        }
        (None, Some(text)) => Ok(CommandRequest::Text {
            text,
            kind: if args.config_command {
                CommandKind::Config
            } else {
                CommandKind::Show
            },
        }),
        (None, None) => bail!("give the command to run, or --saved NAME"),
    }
}

/// Credentials for `--host`: the password from AURUM_PASSWORD or a prompt, as `ssh` would ask.
fn adhoc_credentials(username: String) -> anyhow::Result<Credentials> {
    let password = match std::env::var("AURUM_PASSWORD") {
        Ok(password) => password,
        Err(_) => rpassword::prompt_password(format!("{username}'s password: "))
            .context("no AURUM_PASSWORD and no terminal to ask for the password")?,
    };
    Ok(Credentials {
        username,
        password: Some(password),
        enable_secret: std::env::var("AURUM_ENABLE_SECRET").ok(),
        private_key: None,
    })
}

fn progress_bar(total: usize, quiet: bool) -> indicatif::ProgressBar {
    if quiet {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::with_draw_target(
        Some(total as u64),
        indicatif::ProgressDrawTarget::stderr(),
    );
    bar.set_style(
        indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} devices  {elapsed}")
            .expect("the template is valid"),
    );
    bar
}

fn print_outcomes(outcomes: &[Result<RunOutcome, (String, String)>], headers: bool) {
    for result in outcomes {
        match result {
            Ok(outcome) => {
                if headers {
                    let mark = if outcome.success { "ok" } else { "FAILED" };
                    println!(
                        "=== {} ({mark}, {} ms)",
                        outcome.device,
                        outcome.duration.as_millis()
                    );
                }
                print!("{}", outcome.output);
                if let Some(parsed) = &outcome.parsed {
                    println!(
                        "--- parsed\n{}",
                        serde_json::to_string_pretty(parsed).unwrap_or_default()
                    );
                }
                if let Some(reason) = &outcome.unparsed {
                    println!("--- not parsed: {reason}");
                }
                if let Some(error) = &outcome.error {
                    eprintln!("error: {error}");
                    if let Some(guidance) = &outcome.guidance {
                        eprintln!("  {guidance}");
                    }
                }
            }
            Err((device, error)) => {
                if headers {
                    println!("=== {device} (refused)");
                }
                eprintln!("error: {error}");
            }
        }
    }
}
