//! Golden-config jobs from the command line: backup, intended, compliance, with a progress bar,
//! a summary, and exit code 1 when a device failed (2 when the job could not run).

use std::collections::{BTreeMap, BTreeSet};
use std::process::ExitCode;

use aurum_inventory::DeviceFilter;
use aurum_services::golden::{DeviceEvent, JobKind, JobProgress, JobReport, JobRequest};
use aurum_services::toolkit::Principal;
use aurum_store::JobStatus;

use crate::cli::JobArgs;
use crate::context::Context;
use crate::output::table;

pub async fn run(context: &Context, kinds: &[JobKind], args: JobArgs) -> anyhow::Result<ExitCode> {
    let (store, golden) = context.golden().await?;
    // A run-all with one kind switched off is refused before its first job starts.
    golden.require_jobs(kinds)?;
    let request = JobRequest {
        setting: args.setting.clone(),
        filter: DeviceFilter::parse_terms(&args.filter)?,
        dry_run: args.dry_run,
        principal: Principal::owner(),
        no_local_worker: args.no_local_worker,
    };
    let mut reports = Vec::new();
    for &kind in kinds {
        let bar = progress_bar(kind.as_str(), args.json);
        let progress = Bar(&bar);
        let report = golden.run_job_reporting(kind, &request, progress).await?;
        bar.finish_and_clear();
        if !args.json {
            print_report(&report, args.dry_run);
        }
        reports.push(report);
    }
    golden.stop_local_worker().await;
    store.close().await;
    if args.json {
        println!("{}", serde_json::to_string_pretty(&reports)?);
    }
    let failed = reports.iter().any(|r| r.status != JobStatus::Succeeded);
    Ok(if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// A job's progress on a terminal bar: its length is the job's device count, and a failed
/// device is printed above it with its reason.
/// A progress bar on stderr labelled `label` (hidden for `--json`); its length comes from the
/// job once its scope is resolved (`started`).
pub(crate) fn progress_bar(label: &str, hidden: bool) -> indicatif::ProgressBar {
    if hidden {
        return indicatif::ProgressBar::hidden();
    }
    let bar =
        indicatif::ProgressBar::with_draw_target(None, indicatif::ProgressDrawTarget::stderr());
    bar.set_style(
        indicatif::ProgressStyle::with_template(&format!(
            "{label:<10} {{bar:40}} {{pos}}/{{len}}  {{msg}}"
        ))
        .expect("the template is valid"),
    );
    bar
}

/// Shows a job's device results on a progress bar; failures are printed as they come.
pub(crate) struct Bar<'a>(pub(crate) &'a indicatif::ProgressBar);

impl JobProgress for Bar<'_> {
    fn started(&self, devices: usize) {
        self.0.set_length(devices as u64);
    }

    fn device(&self, event: &DeviceEvent) {
        self.0.inc(1);
        self.0.set_message(event.device.clone());
        if event.status == aurum_store::OutcomeStatus::Failed {
            self.0.println(format!("{}: {}", event.device, event.error));
        }
    }
}

fn print_report(report: &JobReport, dry_run: bool) {
    let id = report
        .job_id
        .map_or_else(|| "dry run".to_string(), |id| format!("job {id}"));
    println!(
        "{} ({id}): {}: {}",
        report.kind,
        report.status.as_str(),
        report.summary
    );
    if dry_run {
        for device in report.devices.iter().filter(|d| d.changed) {
            println!("  would change {}", device.device);
        }
    }
    for commit in &report.commits {
        println!("  commit {commit}");
    }
}

pub async fn render(context: &Context, device: &str) -> anyhow::Result<ExitCode> {
    let (store, golden) = context.golden().await?;
    let rendered = golden.render_one(&Principal::owner(), device).await?;
    store.close().await;
    print!("{}", rendered.config);
    if rendered.diff.is_empty() {
        eprintln!("(same as the stored intended config)");
    } else {
        eprintln!("{}", rendered.diff);
    }
    Ok(ExitCode::SUCCESS)
}

pub async fn list(context: &Context, id: Option<i64>) -> anyhow::Result<ExitCode> {
    let store = context.open_store().await?;
    store.fail_interrupted_jobs().await?;
    match id {
        Some(id) => {
            let job = store.job(id).await?;
            println!(
                "job {} {} ({}) by {}: {} — {}",
                job.id,
                job.kind,
                job.scope,
                job.started_by,
                job.status.as_str(),
                job.summary
            );
            let rows: Vec<Vec<String>> = job
                .devices
                .iter()
                .map(|d| {
                    vec![
                        d.device.clone(),
                        d.status.to_string(),
                        if d.changed { "yes".into() } else { "no".into() },
                        d.error.clone(),
                    ]
                })
                .collect();
            print!(
                "{}",
                table(&["DEVICE", "STATUS", "CHANGED", "ERROR"], &rows)
            );
            // A hook never fails the job; this is where its failures show.
            let failures = store.hook_failures(id).await?;
            if !failures.is_empty() {
                println!("\n{} hook failure(s):", failures.len());
                let rows: Vec<Vec<String>> = failures
                    .into_iter()
                    .map(|f| vec![f.hook, f.event, f.device, f.error])
                    .collect();
                print!("{}", table(&["HOOK", "EVENT", "DEVICE", "ERROR"], &rows));
            }
        }
        None => {
            let rows: Vec<Vec<String>> = store
                .jobs(30)
                .await?
                .into_iter()
                .map(|j| {
                    vec![
                        j.id.to_string(),
                        j.kind,
                        j.status.as_str().to_string(),
                        j.scope,
                        j.summary,
                    ]
                })
                .collect();
            print!(
                "{}",
                table(&["ID", "KIND", "STATUS", "SCOPE", "SUMMARY"], &rows)
            );
        }
    }
    store.close().await;
    Ok(ExitCode::SUCCESS)
}

/// The devices × features table from one query.
pub async fn report(context: &Context, json: bool, csv: bool) -> anyhow::Result<ExitCode> {
    let store = context.open_store().await?;
    let pivot = store.compliance_pivot().await?;
    store.close().await;
    let features: BTreeSet<&str> = pivot.iter().map(|(_, f, _)| f.as_str()).collect();
    let mut devices: BTreeMap<&str, BTreeMap<&str, bool>> = BTreeMap::new();
    for (device, feature, compliant) in &pivot {
        devices
            .entry(device)
            .or_default()
            .insert(feature, *compliant);
    }
    if json {
        println!("{}", serde_json::to_string_pretty(&devices)?);
        return Ok(ExitCode::SUCCESS);
    }
    let mut header = vec!["DEVICE"];
    header.extend(features.iter().copied());
    let rows: Vec<Vec<String>> = devices
        .iter()
        .map(|(device, results)| {
            let mut row = vec![device.to_string()];
            row.extend(features.iter().map(|f| match results.get(f) {
                Some(true) => "ok".to_string(),
                Some(false) => "DRIFT".to_string(),
                None => "-".to_string(),
            }));
            row
        })
        .collect();
    if csv {
        let mut writer = ::csv::Writer::from_writer(std::io::stdout());
        writer.write_record(&header)?;
        for row in &rows {
            writer.write_record(row)?;
        }
        writer.flush()?;
    } else {
        print!("{}", table(&header, &rows));
        let total = pivot.len();
        let compliant = pivot.iter().filter(|(_, _, c)| *c).count();
        println!(
            "{compliant}/{total} device-features compliant across {} device(s)",
            devices.len()
        );
    }
    Ok(ExitCode::SUCCESS)
}

pub async fn show(
    context: &Context,
    device: &str,
    feature: Option<&str>,
    json: bool,
) -> anyhow::Result<ExitCode> {
    let store = context.open_store().await?;
    let rows = store.device_compliance(device, feature).await?;
    store.close().await;
    if rows.is_empty() {
        anyhow::bail!(
            "no compliance results for {device}; run `aurum compliance run --filter name={device}`"
        );
    }
    if json {
        println!("{}", serde_json::to_string_pretty(&rows)?);
        return Ok(ExitCode::SUCCESS);
    }
    for row in rows {
        let verdict = if row.compliant {
            "compliant"
        } else {
            "NOT compliant"
        };
        println!("=== {} / {}: {verdict}", row.device, row.feature);
        if !row.compliant {
            println!("--- intended\n{}\n--- actual\n{}", row.intended, row.actual);
            if !row.missing.is_empty() {
                println!("--- missing\n{}", row.missing);
            }
            if !row.extra.is_empty() {
                println!("--- extra\n{}", row.extra);
            }
            if !row.remediation.is_empty() {
                println!("--- remediation\n{}", row.remediation);
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
