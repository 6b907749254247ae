//! `aurum plugins new driver NAME --rhai|--rust`: a driver skeleton that already works
//! against a Cisco IOS-like device, written in the current folder, so a vendor edits rather
//! than starts from nothing.

use std::path::Path;

use anyhow::{Context as _, bail};

use crate::cli::NewPlugin;

const RHAI: &str = include_str!("skeleton.rhai");
const RUST_LIB: &str = include_str!("skeleton_lib.rs");
const RUST_MANIFEST: &str = include_str!("skeleton_Cargo.toml");

pub fn run(plugin: NewPlugin) -> anyhow::Result<()> {
    let NewPlugin::Driver { name, rhai, .. } = plugin;
    if name.is_empty()
        || !name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
    {
        bail!(
            "`{name}` is not a plugin name: use lower-case letters, digits and `_`, e.g. acme_os"
        );
    }
    let fill = |template: &str| template.replace("{{NAME}}", &name);
    let (written, next) = if rhai {
        let file = format!("{name}.rhai");
        create(Path::new(&file), &fill(RHAI))?;
        (
            file.clone(),
            format!("[plugins.{name}]\nkind = \"driver\"\nrhai = \"{file}\""),
        )
    } else {
        let sdk = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../sdk");
        let sdk = sdk.canonicalize().unwrap_or(sdk);
        let manifest = fill(RUST_MANIFEST)
            .replace("{{SDK}}", &sdk.display().to_string())
            .replace("{{CRATE}}", &name);
        std::fs::create_dir_all(Path::new(&name).join("src"))
            .with_context(|| format!("cannot create the folder {name}/src"))?;
        create(&Path::new(&name).join("Cargo.toml"), &manifest)?;
        create(&Path::new(&name).join("src/lib.rs"), &fill(RUST_LIB))?;
        (
            format!("{name}/ (Cargo.toml, src/lib.rs)"),
            format!(
                "cd {name} && cargo build --release --target wasm32-wasip2\n\n[plugins.{name}]\nkind = \"driver\"\nwasm = \"{name}/target/wasm32-wasip2/release/{name}.wasm\""
            ),
        )
    };
    println!("wrote {written}\nnext:\n{next}");
    println!(
        "then: aurum plugins test {name} --recording FILE (record one with `aurum sim --record FILE`)"
    );
    Ok(())
}

/// Writes a new file; an existing one is never overwritten.
fn create(path: &Path, text: &str) -> anyhow::Result<()> {
    use std::io::Write as _;
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .with_context(|| format!("cannot create {} (is it there already?)", path.display()))?;
    file.write_all(text.as_bytes())
        .with_context(|| format!("cannot write {}", path.display()))
}
