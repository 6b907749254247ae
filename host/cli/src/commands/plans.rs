//! `aurum plan ...` and `aurum deploy`: config plans from the shell. Exit codes: 0 done,
//! 1 a device failed (deploy) or was not restored (rollback), 2 refused or could not run.

use std::process::ExitCode;

use anyhow::Context as _;
use aurum_inventory::DeviceFilter;
use aurum_services::plans::{DeployRequest, PlanRequest, PlanType};
use aurum_services::toolkit::Principal;
use aurum_store::{PlanRecord, PlanStatus};

use crate::cli::{DeployArgs, PlanCommand, PlanCreateArgs};
use crate::context::Context;
use crate::output::{table, utc};

pub async fn run(context: &Context, command: PlanCommand) -> anyhow::Result<ExitCode> {
    let services = context.services().await?;
    let plans = &services.plans;
    let me = Principal::owner();
    match command {
        PlanCommand::Create(args) => {
            let request = create_request(&args)?;
            let created = plans.create(&me, &request).await?;
            for (device, why) in &created.skipped {
                eprintln!("{device}: no plan: {why}");
            }
            for id in &created.ids {
                println!("{id}");
            }
            if created.ids.is_empty() {
                eprintln!("no plan was made");
                return Ok(ExitCode::from(1));
            }
        }
        PlanCommand::List { status, json } => {
            let status = status.as_deref().map(parse_status).transpose()?;
            let list = plans.list(&me, status).await?;
            if json {
                println!("{}", serde_json::to_string_pretty(&list)?);
            } else {
                let rows: Vec<Vec<String>> = list.iter().map(row).collect();
                print!(
                    "{}",
                    table(
                        &[
                            "ID",
                            "DEVICE",
                            "TYPE",
                            "STATUS",
                            "APPROVED BY",
                            "CHANGE",
                            "LINES"
                        ],
                        &rows
                    )
                );
            }
        }
        PlanCommand::Show { id, json } => {
            let plan = plans.show(&me, id).await?;
            if json {
                println!("{}", serde_json::to_string_pretty(&plan)?);
            } else {
                print!("{}", describe(&plan));
            }
        }
        PlanCommand::Approve { id } => {
            let plan = plans.approve(&me, id).await?;
            println!("plan {id} ({}) approved by {}", plan.device, me.name);
        }
        PlanCommand::Cancel { id } => {
            let plan = plans.cancel(&me, id).await?;
            println!("plan {id} ({}) cancelled", plan.device);
        }
        PlanCommand::Edit { id, commands } => {
            let text = std::fs::read_to_string(&commands)
                .with_context(|| format!("cannot read {}", commands.display()))?;
            let plan = plans.edit(&me, id, &text).await?;
            println!(
                "plan {id} ({}) now has {} line(s)",
                plan.device,
                plan.commands.lines().count()
            );
        }
        PlanCommand::Rollback { id } => {
            let report = plans.rollback(&me, id).await?;
            services.golden.stop_local_worker().await;
            print!("{}", report.output);
            println!("{}", report.recheck);
            if !report.restored {
                return Ok(ExitCode::from(1));
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

pub async fn deploy(context: &Context, args: DeployArgs) -> anyhow::Result<ExitCode> {
    let services = context.services().await?;
    let interrupted = services.store.fail_interrupted_jobs().await?;
    if interrupted > 0 {
        eprintln!("marked {interrupted} interrupted job(s) as failed");
    }
    let request = DeployRequest {
        plans: args.plans.clone(),
        filter: DeviceFilter::parse_terms(&args.filter)?,
        fail_job_on_device_failure: args.fail_job_on_device_failure,
        no_local_worker: args.no_local_worker,
    };
    let bar = super::jobs::progress_bar("deploy", args.json);
    let report = services
        .plans
        .deploy_reporting(&Principal::owner(), &request, super::jobs::Bar(&bar))
        .await;
    bar.finish_and_clear();
    services.golden.stop_local_worker().await;
    let report = report?;
    if args.json {
        println!("{}", serde_json::to_string_pretty(&report)?);
    } else {
        for device in &report.devices {
            let sent: Vec<String> = device.sent.iter().map(|id| id.to_string()).collect();
            println!(
                "{}  {}  plans [{}]  {}",
                device.device,
                device.status.label(),
                sent.join(", "),
                device.note
            );
            for (id, why) in &device.not_sent {
                println!("  plan {id} not sent: {why}");
            }
        }
        println!(
            "deploy job {}: {}; {}",
            report.job,
            report.status.as_str(),
            report.recheck
        );
    }
    let all_completed = report
        .devices
        .iter()
        .all(|d| d.status == PlanStatus::Completed);
    Ok(if all_completed {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

fn create_request(args: &PlanCreateArgs) -> anyhow::Result<PlanRequest> {
    let plan_type = PlanType::parse(&args.plan_type).with_context(|| {
        format!(
            "unknown plan type `{}`; the types are: {}",
            args.plan_type,
            PlanType::NAMES
        )
    })?;
    if args.device.is_empty() == args.filter.is_empty() {
        anyhow::bail!(
            "name the devices with --device NAME (repeatable) or --filter FIELD=VALUES, one or the other"
        );
    }
    let mut filter = DeviceFilter::parse_terms(&args.filter)?;
    filter.name.extend(args.device.iter().cloned());
    let template = match &args.template {
        Some(path) => Some(
            std::fs::read_to_string(path)
                .with_context(|| format!("cannot read the template {}", path.display()))?,
        ),
        None => None,
    };
    Ok(PlanRequest {
        plan_type,
        filter,
        features: args.feature.clone(),
        template,
        change_control_id: args.change_id.clone(),
        change_control_url: args.change_url.clone(),
    })
}

fn parse_status(name: &str) -> anyhow::Result<PlanStatus> {
    PlanStatus::parse(name).with_context(|| {
        let names: Vec<&str> = PlanStatus::ALL.iter().map(|s| s.as_str()).collect();
        format!(
            "unknown plan status `{name}`; the statuses are: {}",
            names.join(", ")
        )
    })
}

fn row(plan: &PlanRecord) -> Vec<String> {
    vec![
        plan.id.to_string(),
        plan.device.clone(),
        plan.plan_type.clone(),
        plan.status.label().to_string(),
        plan.approved_by.clone().unwrap_or_else(|| "-".into()),
        if plan.change_control_id.is_empty() {
            "-".into()
        } else {
            plan.change_control_id.clone()
        },
        plan.commands.lines().count().to_string(),
    ]
}

/// A plan as a person reads it.
fn describe(plan: &PlanRecord) -> String {
    let mut out = format!(
        "plan {}  {}  {}\ntype: {}{}\ncreated by {} (compliance job {})\n",
        plan.id,
        plan.device,
        plan.status.label(),
        plan.plan_type,
        if plan.features.is_empty() {
            String::new()
        } else {
            format!(" (features: {})", plan.features.join(", "))
        },
        plan.created_by,
        plan.compliance_job
            .map(|j| j.to_string())
            .unwrap_or_else(|| "none".into()),
    );
    match (&plan.approved_by, plan.approved_at) {
        (Some(by), Some(at)) => out.push_str(&format!("approved by {by} at {}\n", utc(at))),
        _ => out.push_str("not approved\n"),
    }
    if !plan.change_control_id.is_empty() || !plan.change_control_url.is_empty() {
        out.push_str(&format!(
            "change control: {} {}\n",
            plan.change_control_id, plan.change_control_url
        ));
    }
    if let Some(job) = plan.deploy_job {
        out.push_str(&format!("deploy job: {job}\n"));
    }
    out.push_str(&format!(
        "compliance before: {}\n",
        compliance(&plan.compliance_before)
    ));
    if let Some(after) = &plan.compliance_after {
        out.push_str(&format!("compliance after: {}\n", compliance(after)));
    }
    out.push_str("commands:\n");
    for line in plan.commands.lines() {
        out.push_str(&format!("  {line}\n"));
    }
    if !plan.output.is_empty() {
        out.push_str("device output:\n");
        for line in plan.output.lines() {
            out.push_str(&format!("  {line}\n"));
        }
    }
    out
}

/// `{"ntp": false, ...}` as `ntp: non-compliant, ...`.
fn compliance(json: &str) -> String {
    let map: std::collections::BTreeMap<String, bool> =
        serde_json::from_str(json).unwrap_or_default();
    if map.is_empty() {
        return "no results".into();
    }
    map.iter()
        .map(|(feature, ok)| {
            format!(
                "{feature}: {}",
                if *ok { "compliant" } else { "non-compliant" }
            )
        })
        .collect::<Vec<_>>()
        .join(", ")
}
