//! A device that streams output and never shows a prompt: the session must stop at
//! `max_output_bytes` with an error naming the device and the cap, long before the command
//! timeout, and its memory must stay near the cap. This test binary counts every allocation
//! to check the second part.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use aurum_connect::{
    CompiledSpec, ConnectError, Credentials, KnownHosts, Session, SessionOptions, Target,
};
use aurum_sim::{Faults, Fleet, FleetSpec, SimDevice, SimPlatform, sample_config};

/// The system allocator, keeping the bytes in use and their high-water mark.
struct Counting;

static IN_USE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

fn grew(bytes: usize) {
    let now = IN_USE.fetch_add(bytes, Ordering::Relaxed) + bytes;
    PEAK.fetch_max(now, Ordering::Relaxed);
}

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        grew(layout.size());
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        IN_USE.fetch_sub(layout.size(), Ordering::Relaxed);
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        if new_size > layout.size() {
            grew(new_size - layout.size());
        } else {
            IN_USE.fetch_sub(layout.size() - new_size, Ordering::Relaxed);
        }
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

const CAP: usize = 4 * 1024 * 1024;

#[tokio::test]
async fn endless_output_stops_at_the_cap_with_memory_bounded() {
    let mut fleet = Fleet::start(&FleetSpec {
        devices: 0,
        ..FleetSpec::default()
    })
    .await
    .unwrap();
    let platform = SimPlatform::CiscoIos;
    let device = Arc::new(
        SimDevice::new(
            "r1",
            platform,
            "admin",
            "pw",
            "en",
            &sample_config(platform, "r1", 4),
        )
        .unwrap(),
    );
    let addr = fleet
        .add(device.clone(), "127.0.0.1:0".parse().unwrap())
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
        // Far longer than the test may take: an error here must come from the cap.
        command_timeout: Duration::from_secs(20),
        max_output_bytes: CAP,
        ..SessionOptions::default()
    };
    let spec = CompiledSpec::compile(aurum_driver_specs::cisco_ios()).unwrap();
    let mut session = Session::open(
        &target,
        Arc::new(spec),
        &options,
        Arc::new(KnownHosts::in_memory()),
    )
    .await
    .unwrap();
    device.set_faults(Faults {
        endless_output: true,
        ..Faults::default()
    });

    let before = IN_USE.load(Ordering::Relaxed);
    PEAK.store(before, Ordering::Relaxed);
    let error = session.send_command("show logging").await.unwrap_err();
    let peak = PEAK.load(Ordering::Relaxed) - before;

    assert!(
        matches!(error, ConnectError::OutputTooLarge { .. }),
        "the cap, not the timeout: {error:?}"
    );
    let message = error.to_string();
    assert!(
        message.starts_with(&format!(
            "r1 at {addr} sent more than 4194304 bytes, still without a prompt, while waiting for the output of `show logging`"
        )),
        "{message}"
    );
    assert!(message.contains("[ssh] max_output_bytes"), "{message}");
    // The buffer doubles as it grows, so up to twice the cap, plus what the simulated device
    // and russh hold in flight; an unbounded read would hold everything sent in 20 s.
    assert!(
        peak < 4 * CAP,
        "{peak} bytes allocated at the peak for a cap of {CAP}"
    );
    session.close().await;
}
