//! Sessions driven by the shipped driver specs against the simulator, including every fault
//! it can inject. Each failure must come back as the error an operator can act on.

use std::sync::Arc;
use std::time::Duration;

use aurum_connect::{
    CompiledSpec, ConnectError, Credentials, KnownHosts, RetryPolicy, Session, SessionOptions,
    Target,
};
use aurum_sim::{Faults, Fleet, FleetSpec, SimDevice, SimPlatform, sample_config};

const PLATFORMS: [SimPlatform; 5] = SimPlatform::ALL;

fn options() -> SessionOptions {
    SessionOptions {
        connect_timeout: Duration::from_secs(5),
        auth_timeout: Duration::from_secs(5),
        command_timeout: Duration::from_secs(5),
        retry: RetryPolicy {
            attempts: 2,
            base: Duration::from_millis(10),
            cap: Duration::from_millis(20),
        },
        ..SessionOptions::default()
    }
}

fn spec(platform: SimPlatform) -> Arc<CompiledSpec> {
    Arc::new(
        CompiledSpec::compile(aurum_driver_specs::by_platform(platform.name()).unwrap()).unwrap(),
    )
}

fn target(name: &str, addr: std::net::SocketAddr, password: &str, enable: &str) -> Target {
    Target {
        name: name.to_string(),
        host: addr.ip().to_string(),
        port: addr.port(),
        credentials: Credentials {
            username: "admin".into(),
            password: Some(password.into()),
            enable_secret: Some(enable.into()),
            private_key: None,
        },
    }
}

/// A session with a fresh in-memory known-hosts store.
async fn open(
    target: &Target,
    platform: SimPlatform,
    options: &SessionOptions,
) -> Result<Session, ConnectError> {
    Session::open(
        target,
        spec(platform),
        options,
        Arc::new(KnownHosts::in_memory()),
    )
    .await
}

/// One device of `platform` with a 40-interface config, alone in its fleet.
async fn single(platform: SimPlatform) -> (Fleet, Arc<SimDevice>, Target) {
    let mut fleet = Fleet::start(&FleetSpec {
        devices: 0,
        ..FleetSpec::default()
    })
    .await
    .unwrap();
    let device = Arc::new(
        SimDevice::new(
            "r1",
            platform,
            "admin",
            "pw",
            "en",
            &sample_config(platform, "r1", 40),
        )
        .unwrap(),
    );
    let addr = fleet
        .add(device.clone(), "127.0.0.1:0".parse().unwrap())
        .await
        .unwrap();
    (fleet, device, target("r1", addr, "pw", "en"))
}

#[tokio::test]
async fn every_platform_backs_up_a_clean_configuration() {
    for platform in PLATFORMS {
        let (_fleet, _device, target) = single(platform).await;
        let mut session = open(&target, platform, &options())
            .await
            .unwrap_or_else(|e| panic!("{platform}: {e}"));
        let version = session.send_command("show version").await.unwrap();
        assert!(
            version.output.contains("r1") || version.output.contains("Version"),
            "{platform}: {}",
            version.output
        );
        assert!(
            !version.output.contains("show version"),
            "{platform}: the echo is removed"
        );

        let backup = session
            .backup()
            .await
            .unwrap_or_else(|e| panic!("{platform}: {e}"));
        assert!(
            !backup.contains("--More--") && !backup.contains("---(more)---"),
            "{platform}"
        );
        assert!(
            !backup.contains("Current configuration :"),
            "{platform}: volatile line dropped"
        );
        assert!(
            !backup.contains("## Last commit"),
            "{platform}: volatile line dropped"
        );
        assert!(
            !backup.contains("s3cr3t-ro"),
            "{platform}: secret masked\n{backup}"
        );
        let interfaces = backup.matches("description r1 port").count()
            + backup.matches("description \"r1 port").count();
        assert_eq!(
            interfaces, 40,
            "{platform}: whole config, nothing lost to the pager\n{backup}"
        );
        let last = backup.lines().last().unwrap();
        assert!(
            !last.contains('#') && !last.contains('>'),
            "{platform}: the prompt is not part of the backup: {last}"
        );
        session.close().await;
    }
}

/// What "saved" means per platform: IOS, NX-OS and EOS copy the running configuration to the
/// startup configuration (`write memory`, `copy running-config startup-config`); IOS-XR and
/// Junos commit the candidate, which both applies and persists it. Either way the startup
/// configuration must equal the running one afterwards, and hold the change.
#[tokio::test]
async fn a_config_command_is_applied_and_saved_on_every_platform() {
    for platform in PLATFORMS {
        let (_fleet, device, target) = single(platform).await;
        let mut session = open(&target, platform, &options()).await.unwrap();
        let line = if platform == SimPlatform::JuniperJunos {
            "set system ntp server 192.0.2.99"
        } else {
            "ntp server 192.0.2.99"
        };
        session
            .configure(line)
            .await
            .unwrap_or_else(|e| panic!("{platform}: {e}"));
        assert_eq!(
            session.mode(),
            session.spec().spec.default_mode,
            "{platform}: back in the default mode"
        );
        let running = device.running_config();
        assert!(running.contains("192.0.2.99"), "{platform}: applied");
        assert_eq!(device.startup_config(), running, "{platform}: saved");
        session.close().await;
    }
}

#[tokio::test]
async fn a_rejected_config_line_is_not_saved() {
    let (_fleet, device, target) = single(SimPlatform::CiscoIos).await;
    let mut session = open(&target, SimPlatform::CiscoIos, &options())
        .await
        .unwrap();
    let before = device.startup_config();
    let error = session
        .configure("ntp server 192.0.2.98\nfrobnicate now")
        .await
        .unwrap_err();
    assert!(
        error
            .to_string()
            .contains("r1 rejected `frobnicate now`: % Invalid input detected"),
        "{error}"
    );
    assert_eq!(device.startup_config(), before, "nothing saved");
}

#[tokio::test]
async fn a_pager_that_was_not_turned_off_is_answered() {
    let (_fleet, _device, target) = single(SimPlatform::CiscoIos).await;
    let mut raw_spec = aurum_driver_specs::cisco_ios();
    raw_spec.on_open.clear();
    let spec = Arc::new(CompiledSpec::compile(raw_spec).unwrap());
    let mut session = Session::open(&target, spec, &options(), Arc::new(KnownHosts::in_memory()))
        .await
        .unwrap();
    let backup = session.backup().await.unwrap();
    assert!(!backup.contains("More"), "{backup}");
    assert_eq!(backup.matches("description r1 port").count(), 40);
    assert!(backup.trim_end().ends_with("end"));
}

#[tokio::test]
async fn a_rejected_command_names_the_device_and_the_error_line() {
    let (_fleet, _device, target) = single(SimPlatform::CiscoNxos).await;
    let mut session = open(&target, SimPlatform::CiscoNxos, &options())
        .await
        .unwrap();
    let error = session.send_command("show verison").await.unwrap_err();
    let message = error.to_string();
    assert!(
        matches!(error, ConnectError::CommandRejected { .. }),
        "{error:?}"
    );
    assert!(
        message.contains("r1 rejected `show verison`: % Invalid command at '^' marker."),
        "{message}"
    );
    // The session is still usable.
    assert!(session.send_command("show clock").await.is_ok());
}

#[tokio::test]
async fn a_wrong_enable_secret_says_so() {
    let (_fleet, _device, mut target) = single(SimPlatform::CiscoIos).await;
    target.credentials.enable_secret = Some("wrong".into());
    let error = open(&target, SimPlatform::CiscoIos, &options())
        .await
        .err()
        .unwrap();
    let message = error.to_string();
    assert!(
        matches!(error, ConnectError::ModeChange { .. }),
        "{error:?}"
    );
    assert!(
        message.contains("did not enter privileged mode") && message.contains("Access denied"),
        "{message}"
    );
}

#[tokio::test]
async fn rejected_authentication_fails_fast_with_the_user_named() {
    let (_fleet, device, target) = single(SimPlatform::AristaEos).await;
    device.set_faults(Faults {
        reject_auth: true,
        ..Faults::default()
    });
    let error = open(&target, SimPlatform::AristaEos, &options())
        .await
        .err()
        .unwrap();
    assert!(
        matches!(error, ConnectError::AuthFailed { .. }),
        "{error:?}"
    );
    assert!(!error.is_retryable());
    assert!(error.to_string().contains("as `admin` failed"), "{error}");
}

#[tokio::test]
async fn an_unreachable_device_is_retried_then_reported() {
    let closed = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap();
    let target = target("ghost", closed, "pw", "en");
    let error = open(&target, SimPlatform::CiscoIos, &options())
        .await
        .err()
        .unwrap();
    assert!(
        matches!(error, ConnectError::Unreachable { .. }),
        "{error:?}"
    );
    let message = error.to_string();
    assert!(
        message.contains(&format!("cannot reach ghost at {closed}")),
        "{message}"
    );
}

#[tokio::test]
async fn a_changed_host_key_is_refused_with_both_fingerprints() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("known_hosts");
    let (_fleet, device, target) = single(SimPlatform::CiscoIos).await;
    let known = Arc::new(KnownHosts::load(&store).unwrap());
    Session::open(&target, spec(SimPlatform::CiscoIos), &options(), known)
        .await
        .unwrap()
        .close()
        .await;
    assert!(
        std::fs::read_to_string(&store)
            .unwrap()
            .contains("ssh-ed25519"),
        "pinned on first use"
    );

    device.set_faults(Faults {
        changed_host_key: true,
        ..Faults::default()
    });
    let reloaded = Arc::new(KnownHosts::load(&store).unwrap());
    let error = Session::open(&target, spec(SimPlatform::CiscoIos), &options(), reloaded)
        .await
        .err()
        .unwrap();
    let message = error.to_string();
    assert!(
        matches!(error, ConnectError::HostKeyChanged { .. }),
        "{error:?}"
    );
    assert!(
        message.contains("host key of r1") && message.matches("SHA256:").count() == 2,
        "{message}"
    );
    assert!(message.contains(&store.display().to_string()), "{message}");
}

#[tokio::test]
async fn a_prompt_that_never_comes_times_out_with_what_was_seen() {
    let (_fleet, device, target) = single(SimPlatform::CiscoIos).await;
    device.set_faults(Faults {
        no_prompt: true,
        ..Faults::default()
    });
    let mut options = options();
    options.command_timeout = Duration::from_millis(500);
    let error = open(&target, SimPlatform::CiscoIos, &options)
        .await
        .err()
        .unwrap();
    let message = error.to_string();
    assert!(matches!(error, ConnectError::Timeout { .. }), "{error:?}");
    assert!(
        message.contains("waiting for the first prompt of r1"),
        "{message}"
    );
    assert!(message.contains("prompt pattern"), "{message}");
}

#[tokio::test]
async fn a_slow_device_works_within_the_timeout_and_fails_past_it() {
    let (_fleet, device, target) = single(SimPlatform::CiscoNxos).await;
    device.set_faults(Faults {
        slow: Some(Duration::from_millis(30)),
        ..Faults::default()
    });
    let mut session = open(&target, SimPlatform::CiscoNxos, &options())
        .await
        .unwrap();
    assert!(session.send_command("show clock").await.is_ok());
    session.close().await;

    device.set_faults(Faults {
        slow: Some(Duration::from_millis(800)),
        ..Faults::default()
    });
    let mut options = options();
    options.command_timeout = Duration::from_millis(300);
    let error = open(&target, SimPlatform::CiscoNxos, &options)
        .await
        .err()
        .unwrap();
    assert!(matches!(error, ConnectError::Timeout { .. }), "{error:?}");
}

#[tokio::test]
async fn a_connection_dropped_mid_output_is_reported() {
    let (_fleet, device, target) = single(SimPlatform::AristaEos).await;
    let mut session = open(&target, SimPlatform::AristaEos, &options())
        .await
        .unwrap();
    device.set_faults(Faults {
        drop_mid_output: true,
        ..Faults::default()
    });
    let error = session.backup().await.unwrap_err();
    assert!(
        matches!(error, ConnectError::Disconnected { .. }),
        "{error:?}"
    );
    assert!(error.to_string().contains("closed"), "{error}");
}

#[tokio::test]
async fn keyboard_interactive_login_works_when_password_is_refused() {
    let (_fleet, device, target) = single(SimPlatform::CiscoIos).await;
    device.set_faults(Faults {
        keyboard_interactive_only: true,
        ..Faults::default()
    });
    let mut session = open(&target, SimPlatform::CiscoIos, &options())
        .await
        .unwrap();
    assert!(
        session
            .send_command("show clock")
            .await
            .unwrap()
            .output
            .contains("2026")
    );
    session.close().await;

    let mut wrong = target.clone();
    wrong.credentials.password = Some("nope".into());
    let error = open(&wrong, SimPlatform::CiscoIos, &options())
        .await
        .err()
        .unwrap();
    assert!(
        matches!(error, ConnectError::AuthFailed { .. }),
        "{error:?}"
    );
}
