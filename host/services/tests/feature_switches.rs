//! `[features]` switches as every caller meets them: a switched-off feature is refused by the
//! services themselves, naming its switch, so the CLI, the API, the web UI and schedules all
//! refuse it. A run-all with one kind switched off is refused before any job is recorded.

use aurum_config::{Feature, LoadedConfig};
use aurum_inventory::{CommandKind, DeviceFilter, Format, ValidationPolicy, parse_document};
use aurum_services::golden::{JobKind, JobRequest};
use aurum_services::identity::Principal;
use aurum_services::search::SearchQuery;
use aurum_services::toolkit::CommandRequest;
use aurum_services::{ServiceError, Services};
use aurum_store::{ConfigKind, Store, StoreOptions};

async fn services(switch_off: &[Feature]) -> (tempfile::TempDir, Services) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open_in_data_dir(dir.path(), &StoreOptions::default())
        .await
        .unwrap();
    let document = parse_document("devices:\n  - name: r1\n", Format::Yaml, "i.yaml").unwrap();
    store
        .import(&document, "i.yaml", ValidationPolicy::default(), false)
        .await
        .unwrap();
    let mut loaded = LoadedConfig::defaults();
    for feature in switch_off {
        let features = &mut loaded.config.features;
        match feature {
            Feature::Backup => features.backup = false,
            Feature::Intended => features.intended = false,
            Feature::Compliance => features.compliance = false,
            Feature::Toolkit => features.toolkit = false,
            Feature::ConfigSearch => features.config_search = false,
            Feature::Plans => features.plans = false,
            Feature::Deploy => features.deploy = false,
            Feature::Postprocessing => features.postprocessing = false,
        }
    }
    let services = Services::over(store, &loaded, dir.path()).unwrap();
    (dir, services)
}

/// Asserts `result` is the refusal of `switch`, with a message naming it and `[features]`.
fn refused<T: std::fmt::Debug>(result: Result<T, ServiceError>, switch: &str) {
    match result {
        Err(error @ ServiceError::FeatureDisabled { feature }) => {
            assert_eq!(feature, switch);
            let message = error.to_string();
            assert!(
                message.contains("aurum.toml [features]")
                    && message.contains(&format!("{switch} = false")),
                "{message}"
            );
        }
        other => panic!("expected `{switch}` to be refused, got {other:?}"),
    }
}

fn request() -> JobRequest {
    JobRequest {
        filter: DeviceFilter::default(),
        principal: Principal::owner(),
        ..JobRequest::default()
    }
}

#[tokio::test]
async fn a_job_of_a_switched_off_kind_is_refused_however_it_is_started() {
    let (_dir, services) = services(&[Feature::Compliance]).await;
    let golden = &services.golden;
    refused(golden.compliance(&request(), |_| {}).await, "compliance");
    let mut dry = request();
    dry.dry_run = true;
    refused(golden.compliance(&dry, |_| {}).await, "compliance");
    refused(
        golden.enqueue(JobKind::Compliance, &request()).await,
        "compliance",
    );
    // A run-all (the API's and the web UI's start, the CLI's and schedules' check) is refused
    // whole: its backup does not run first.
    let all = [JobKind::Backup, JobKind::Intended, JobKind::Compliance];
    refused(golden.start(&all, request()).await, "compliance");
    refused(golden.require_jobs(&all), "compliance");
    assert!(
        golden
            .require_jobs(&[JobKind::Backup, JobKind::Intended])
            .is_ok()
    );
    let jobs = golden.jobs(&Principal::owner(), 10).await.unwrap();
    assert!(jobs.is_empty(), "nothing was recorded: {jobs:?}");
    refused(
        golden.device_compliance(&Principal::owner(), "r1").await,
        "compliance",
    );
}

#[tokio::test]
async fn the_toolkit_search_plans_deploy_and_postprocessing_switches_are_refused_by_their_services()
{
    let owner = Principal::owner();
    let (_dir, services) = services(&[
        Feature::Toolkit,
        Feature::ConfigSearch,
        Feature::Deploy,
        Feature::Postprocessing,
        Feature::Backup,
    ])
    .await;
    let show = CommandRequest::Text {
        text: "show version".into(),
        kind: CommandKind::Show,
    };
    refused(
        services.toolkit.run_named(&owner, "r1", &show).await,
        "toolkit",
    );
    refused(services.toolkit.commands(&owner).await, "toolkit");
    let query = SearchQuery {
        pattern: "ntp".into(),
        kind: ConfigKind::Intended,
        context: 0,
        case_insensitive: false,
        offset: 0,
        limit: 50,
    };
    refused(
        services.search_configs(&owner, &query).await,
        "config_search",
    );
    refused(
        services.postprocess.intended(&owner, "r1").await,
        "postprocessing",
    );
    refused(
        services
            .golden
            .versions(&owner, "r1", ConfigKind::Backup)
            .await,
        "backup",
    );
    assert!(
        services
            .golden
            .versions(&owner, "r1", ConfigKind::Intended)
            .await
            .is_ok()
    );
    // Plans stay (their switch is on); deploying them does not.
    assert!(services.plans.list(&owner, None).await.unwrap().is_empty());
    let deploy = aurum_services::plans::DeployRequest {
        plans: vec![1],
        ..Default::default()
    };
    refused(services.plans.deploy(&owner, &deploy).await, "deploy");
    refused(services.plans.rollback(&owner, 1).await, "deploy");
}
