//! Compiles the shipped WASM drivers from `plugins/drivers/` so `aurum` embeds what the
//! source says, and writes the embed list from `plugins/drivers/shipped.txt`, the one table
//! of shipped platforms.

use std::fmt::Write as _;
use std::path::PathBuf;

fn main() {
    let manifest_dir = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").expect("set by cargo"));
    let plugins = aurum_build_support::plugins_workspace(&manifest_dir);
    let drivers_dir = plugins.join("drivers");
    println!("cargo:rerun-if-changed={}", drivers_dir.display());
    let table_path = drivers_dir.join("shipped.txt");
    let table = std::fs::read_to_string(&table_path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", table_path.display()));
    let rows: Vec<(String, String)> = table
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
        .map(|line| {
            let fields: Vec<&str> = line.split('|').map(str::trim).collect();
            assert_eq!(fields.len(), 4, "{}: `{line}`", table_path.display());
            (fields[0].to_string(), fields[1].to_string())
        })
        .collect();
    let crates: Vec<&str> = rows
        .iter()
        .filter(|(_, source)| !source.ends_with(".rhai"))
        .map(|(_, source)| source.as_str())
        .collect();
    let out_dir = PathBuf::from(std::env::var_os("OUT_DIR").expect("set by cargo"));
    let built = aurum_build_support::build(
        &plugins,
        &crates,
        &[],
        Some("wasm32-wasip2"),
        &out_dir.join("drivers-target"),
    );
    let mut list = String::from("[\n");
    for (name, source) in &rows {
        let (file_name, path) = match source.strip_suffix(".rhai") {
            Some(_) => (format!("{name}.rhai"), drivers_dir.join(source)),
            None => (
                format!("{name}.wasm"),
                built.join(format!("{}.wasm", source.replace('-', "_"))),
            ),
        };
        writeln!(
            list,
            "    ShippedDriver {{ name: {name:?}, file_name: {file_name:?}, bytes: include_bytes!({:?}) }},",
            path.display().to_string()
        )
        .expect("writing to a string");
    }
    list.push(']');
    std::fs::write(out_dir.join("shipped.rs"), list).expect("writing the embed list");
}
