//! Benchmark (not a test): `show running-config` from a simulated fleet, fetched by Aurum's
//! sessions and by netmiko with 50 threads, in the same run against the same devices.
//!
//! cargo bench -p aurum-connect --bench fleet_vs_netmiko -- [--devices 1000] [--concurrency 100]
//!     [--python /work/venv-bench/bin/python] [--netmiko-devices 200]
//!
//! Prints configs/s for both and the ratio. netmiko's figure is measured on the first
//! `--netmiko-devices` devices (all by default) so a slow peer does not make the run endless.

use std::sync::Arc;
use std::time::{Duration, Instant};

use aurum_connect::{
    CompiledSpec, Credentials, KnownHosts, RetryPolicy, Session, SessionOptions, Target,
};
use aurum_sim::{Fleet, FleetSpec, SimPlatform};

/// The allocator of the `aurum` binary, so the benchmark measures what ships.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

struct Args {
    devices: usize,
    concurrency: usize,
    interfaces: usize,
    python: Option<String>,
    netmiko_devices: Option<usize>,
}

fn args() -> Args {
    let mut args = Args {
        devices: 1000,
        concurrency: 100,
        interfaces: 24,
        python: None,
        netmiko_devices: None,
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let mut value = || it.next().expect("flag needs a value");
        match flag.as_str() {
            "--devices" => args.devices = value().parse().expect("a number"),
            "--concurrency" => args.concurrency = value().parse().expect("a number"),
            "--interfaces" => args.interfaces = value().parse().expect("a number"),
            "--python" => args.python = Some(value()),
            "--netmiko-devices" => args.netmiko_devices = Some(value().parse().expect("a number")),
            _ => {} // cargo bench passes --bench
        }
    }
    args
}

fn cpu_seconds() -> f64 {
    // SAFETY: getrusage only writes into the struct we pass.
    let mut usage: libc_rusage = unsafe { std::mem::zeroed() };
    unsafe { getrusage(0, &mut usage) };
    let t = |tv: [i64; 2]| tv[0] as f64 + tv[1] as f64 / 1e6;
    t(usage.utime) + t(usage.stime)
}

#[repr(C)]
struct libc_rusage {
    utime: [i64; 2],
    stime: [i64; 2],
    rest: [i64; 14],
}

unsafe extern "C" {
    fn getrusage(who: i32, usage: *mut libc_rusage) -> i32;
}

#[tokio::main]
async fn main() {
    let args = args();
    let fleet = Fleet::start(&FleetSpec {
        devices: args.devices,
        platforms: vec![SimPlatform::CiscoIos],
        interfaces: args.interfaces,
        username: "admin".into(),
        password: "admin".into(),
        enable_secret: "enable".into(),
        ..FleetSpec::default()
    })
    .await
    .expect("the fleet starts");
    let devices = fleet.devices();
    let spec = Arc::new(
        CompiledSpec::compile(aurum_driver_specs::cisco_ios()).expect("the shipped spec compiles"),
    );
    let options = SessionOptions {
        command_timeout: Duration::from_secs(60),
        retry: RetryPolicy {
            attempts: 3,
            base: Duration::from_millis(50),
            cap: Duration::from_millis(500),
        },
        ..SessionOptions::default()
    };
    let known_hosts = Arc::new(KnownHosts::in_memory());

    let cpu_before = cpu_seconds();
    let started = Instant::now();
    let semaphore = Arc::new(tokio::sync::Semaphore::new(args.concurrency));
    let mut tasks = Vec::with_capacity(devices.len());
    for device in &devices {
        let target = Target {
            name: device.name.clone(),
            host: device.addr.ip().to_string(),
            port: device.addr.port(),
            credentials: Credentials {
                username: "admin".into(),
                password: Some("admin".into()),
                enable_secret: Some("enable".into()),
                private_key: None,
            },
        };
        let (spec, options, known_hosts, semaphore) = (
            spec.clone(),
            options.clone(),
            known_hosts.clone(),
            semaphore.clone(),
        );
        tasks.push(tokio::spawn(async move {
            let _permit = semaphore.acquire().await.expect("open semaphore");
            let mut session = Session::open(&target, spec, &options, known_hosts).await?;
            let config = session.backup().await?;
            session.close().await;
            Ok::<usize, aurum_connect::ConnectError>(config.len())
        }));
    }
    let mut ok = 0;
    let mut bytes = 0;
    for task in tasks {
        match task.await.expect("task joins") {
            Ok(len) => {
                ok += 1;
                bytes += len;
            }
            Err(error) => eprintln!("aurum: {error}"),
        }
    }
    let aurum_seconds = started.elapsed().as_secs_f64();
    let aurum_cpu = cpu_seconds() - cpu_before;
    let aurum_rate = ok as f64 / aurum_seconds;
    println!(
        "aurum:   {ok}/{} configs ({:.1} MB) in {aurum_seconds:.2} s = {aurum_rate:.1} configs/s \
         (process CPU {aurum_cpu:.2} s, simulator included; concurrency {})",
        devices.len(),
        bytes as f64 / 1e6,
        args.concurrency
    );

    let Some(python) = args.python else {
        println!("netmiko: skipped (pass --python PATH to a python with netmiko installed)");
        return;
    };
    let subset = args
        .netmiko_devices
        .unwrap_or(devices.len())
        .min(devices.len());
    let list: Vec<String> = devices[..subset]
        .iter()
        .map(|d| {
            format!(
                r#"{{"name":"{}","host":"{}","port":{},"username":"admin","password":"admin","secret":"enable"}}"#,
                d.name,
                d.addr.ip(),
                d.addr.port()
            )
        })
        .collect();
    let file = std::env::temp_dir().join(format!("aurum-netmiko-{}.json", std::process::id()));
    std::fs::write(&file, format!("[{}]", list.join(","))).expect("temp file");
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/benches/netmiko_fleet.py");
    // The simulator keeps serving from this process while netmiko runs in another.
    let output = tokio::process::Command::new(&python)
        .arg(script)
        .arg(&file)
        .arg("50")
        .output()
        .await
        .expect("python runs");
    let _ = std::fs::remove_file(&file);
    let stdout = String::from_utf8_lossy(&output.stdout);
    let Some(line) = stdout.lines().last() else {
        println!(
            "netmiko failed: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        return;
    };
    let field = |name: &str| -> f64 {
        line.split(&format!("\"{name}\": "))
            .nth(1)
            .and_then(|rest| rest.split([',', '}']).next())
            .and_then(|v| v.trim().parse().ok())
            .unwrap_or(f64::NAN)
    };
    let (netmiko_ok, netmiko_seconds, netmiko_cpu) =
        (field("ok"), field("seconds"), field("cpu_seconds"));
    let netmiko_rate = netmiko_ok / netmiko_seconds;
    println!(
        "netmiko: {netmiko_ok}/{subset} configs in {netmiko_seconds:.2} s = {netmiko_rate:.1} configs/s \
         (netmiko process CPU {netmiko_cpu:.2} s, 50 threads)"
    );
    println!(
        "ratio:   aurum is {:.1}x netmiko in configs/s",
        aurum_rate / netmiko_rate
    );
    drop(fleet);
}
