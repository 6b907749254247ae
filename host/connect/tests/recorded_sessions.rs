//! Every shipped driver against a recorded session of its platform: the driver must type
//! exactly the recorded lines and turn the recorded output into the expected backup.
//! `AURUM_UPDATE_RECORDINGS=1` rewrites the expected files after a deliberate change.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use aurum_connect::{CompiledSpec, Credentials, KnownHosts, Session, SessionOptions, Target};
use aurum_sim::{Fleet, FleetSpec, Recording, SimDevice, SimPlatform};

fn recordings() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../plugins/drivers/recordings")
}

async fn replay(platform: SimPlatform) -> String {
    let text = std::fs::read_to_string(recordings().join(format!("{platform}.session"))).unwrap();
    let recording = Recording::parse(&text).unwrap_or_else(|e| panic!("{platform}.session: {e}"));
    let device = SimDevice::new("recorded", platform, "admin", "pw", "en", "")
        .unwrap()
        .with_recording(recording);
    let mut fleet = Fleet::start(&FleetSpec {
        devices: 0,
        ..FleetSpec::default()
    })
    .await
    .unwrap();
    let addr = fleet
        .add(Arc::new(device), "127.0.0.1:0".parse().unwrap())
        .await
        .unwrap();
    let target = Target {
        name: format!("recorded {platform}"),
        host: addr.ip().to_string(),
        port: addr.port(),
        credentials: Credentials {
            username: "admin".into(),
            password: Some("pw".into()),
            enable_secret: Some("en".into()),
            private_key: None,
        },
    };
    let spec = Arc::new(
        CompiledSpec::compile(aurum_driver_specs::by_platform(platform.name()).unwrap()).unwrap(),
    );
    let mut session = Session::open(
        &target,
        spec,
        &SessionOptions::default(),
        Arc::new(KnownHosts::in_memory()),
    )
    .await
    .unwrap_or_else(|e| panic!("{platform}: {e}"));
    let backup = session
        .backup()
        .await
        .unwrap_or_else(|e| panic!("{platform}: {e}"));
    session.close().await;
    aurum_driver_specs::finish_backup(&backup).unwrap()
}

#[tokio::test]
async fn every_shipped_driver_reproduces_its_recorded_backup() {
    for platform in SimPlatform::ALL {
        let backup = replay(platform).await;
        let expected_path = recordings().join(format!("{platform}.expected"));
        if std::env::var_os("AURUM_UPDATE_RECORDINGS").is_some() {
            std::fs::write(&expected_path, &backup).unwrap();
            continue;
        }
        let expected = std::fs::read_to_string(&expected_path).unwrap_or_else(|e| {
            panic!(
                "{}: {e}; run with AURUM_UPDATE_RECORDINGS=1 once",
                expected_path.display()
            )
        });
        assert_eq!(
            backup,
            expected,
            "{platform}: the backup differs from {}",
            expected_path.display()
        );
        for volatile in [
            "Current configuration :",
            "Last configuration change",
            "!Time:",
            "## Last commit",
            "{master:0}",
        ] {
            assert!(
                !backup.contains(volatile),
                "{platform}: volatile `{volatile}` kept"
            );
        }
        for secret in ["$9$", "$6$", "$5$", "community public"] {
            assert!(
                !backup.contains(secret),
                "{platform}: secret `{secret}` not masked\n{backup}"
            );
        }
    }
}
