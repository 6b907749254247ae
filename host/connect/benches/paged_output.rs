//! Benchmark (not a test): one backup of a growing configuration with the pager left on, so
//! the session answers a `--More--` every 23 lines. Reading costs each chunk plus a fixed
//! window, so the time per MiB must stay flat as the configuration grows; before, every pager
//! answer copied the whole output received so far (quadratic).
//!
//! cargo bench -p aurum-connect --bench paged_output
//!
//! Prints, per size, the configuration's bytes, pages answered, seconds and MiB/s.

use std::sync::Arc;
use std::time::Instant;

use aurum_connect::{CompiledSpec, Credentials, KnownHosts, Session, SessionOptions, Target};
use aurum_sim::{Fleet, FleetSpec, SimDevice, SimPlatform, sample_config};

/// The allocator of the `aurum` binary, so the benchmark measures what ships.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[tokio::main]
async fn main() {
    let platform = SimPlatform::CiscoIos;
    let mut spec = aurum_driver_specs::cisco_ios();
    spec.on_open.clear(); // paging stays on
    let spec = Arc::new(CompiledSpec::compile(spec).unwrap());
    println!("interfaces  bytes       pages  seconds  MiB/s");
    for interfaces in [500, 2_000, 8_000] {
        let mut fleet = Fleet::start(&FleetSpec {
            devices: 0,
            ..FleetSpec::default()
        })
        .await
        .unwrap();
        let config = sample_config(platform, "r1", interfaces);
        let device =
            Arc::new(SimDevice::new("r1", platform, "admin", "pw", "en", &config).unwrap());
        let addr = fleet
            .add(device, "127.0.0.1:0".parse().unwrap())
            .await
            .unwrap();
        let target = Target {
            name: "r1".into(),
            host: addr.ip().to_string(),
            port: addr.port(),
            credentials: Credentials {
                username: "admin".into(),
                password: Some("pw".into()),
                enable_secret: Some("en".into()),
                private_key: None,
            },
        };
        let options = SessionOptions {
            command_timeout: std::time::Duration::from_secs(600),
            ..SessionOptions::default()
        };
        let mut session = Session::open(
            &target,
            spec.clone(),
            &options,
            Arc::new(KnownHosts::in_memory()),
        )
        .await
        .unwrap();
        let started = Instant::now();
        let backup = session.backup().await.unwrap();
        let seconds = started.elapsed().as_secs_f64();
        let pages = backup.lines().count() / 23;
        println!(
            "{interfaces:>10}  {:>10}  {pages:>5}  {seconds:>7.3}  {:>5.1}",
            backup.len(),
            backup.len() as f64 / 1024.0 / 1024.0 / seconds
        );
        session.close().await;
    }
}
