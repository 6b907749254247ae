//! Compiles the shipped WASM drivers from `plugins/drivers/` so `aurum` embeds what the
//! source says.

use std::path::PathBuf;

const DRIVERS: [&str; 5] = [
    "driver-cisco-ios",
    "driver-cisco-nxos",
    "driver-cisco-iosxr",
    "driver-arista-eos",
    "driver-juniper-junos",
];

fn main() {
    let manifest_dir = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").expect("set by cargo"));
    let plugins = aurum_build_support::plugins_workspace(&manifest_dir);
    println!(
        "cargo:rerun-if-changed={}",
        plugins.join("drivers").display()
    );
    let out_dir = PathBuf::from(std::env::var_os("OUT_DIR").expect("set by cargo"));
    let built = aurum_build_support::build(
        &plugins,
        &DRIVERS,
        &[],
        Some("wasm32-wasip2"),
        &out_dir.join("drivers-target"),
    );
    println!(
        "cargo:rustc-env=AURUM_SHIPPED_DRIVERS_DIR={}",
        built.display()
    );
}
