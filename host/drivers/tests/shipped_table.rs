//! `plugins/drivers/shipped.txt` is the one table of shipped platforms: the embedded drivers,
//! the inventory's default platforms and the docs' platform table all follow it, and each
//! driver's own dialect names the network OS the table gives it.
//! `AURUM_UPDATE_DOCS=1` rewrites the table in docs/plugins.md after a deliberate change.

use std::path::PathBuf;

use aurum_config::Config;
use aurum_plugin::Registry;

const START: &str = "<!-- shipped-platforms: generated from plugins/drivers/shipped.txt -->\n";
const END: &str = "<!-- /shipped-platforms -->";

fn docs() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../docs/plugins.md")
}

#[test]
fn the_embedded_drivers_and_default_platforms_follow_the_table() {
    let platforms = aurum_inventory::shipped_platforms();
    let embedded: Vec<&str> = aurum_drivers::shipped().iter().map(|d| d.name).collect();
    let named: Vec<&str> = platforms.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(embedded, named);
    let dir = tempfile::tempdir().unwrap();
    let config =
        aurum_drivers::with_shipped_drivers(&Config::default(), &dir.path().join("drivers"))
            .unwrap();
    let registry = Registry::load(&config, &dir.path().join("cache")).unwrap();
    for platform in &platforms {
        let spec = registry
            .driver(&platform.driver)
            .unwrap()
            .describe()
            .unwrap();
        assert_eq!(
            spec.dialect.network_os.as_deref(),
            Some(platform.network_os.as_str()),
            "driver {} and shipped.txt disagree on the network OS",
            platform.driver
        );
    }
}

#[test]
fn the_docs_platform_table_is_the_shipped_table() {
    let mut table =
        String::from("| platform | driver | network OS | description |\n|---|---|---|---|\n");
    for (platform, driver) in aurum_inventory::shipped_platforms()
        .iter()
        .zip(aurum_drivers::shipped())
    {
        table.push_str(&format!(
            "| `{}` | `{}` | `{}` | {} |\n",
            platform.name, driver.file_name, platform.network_os, platform.description
        ));
    }
    let text = std::fs::read_to_string(docs()).unwrap();
    let (before, rest) = text
        .split_once(START)
        .unwrap_or_else(|| panic!("docs/plugins.md has no `{}` marker", START.trim()));
    let (current, after) = rest.split_once(END).expect("the table's end marker");
    if std::env::var_os("AURUM_UPDATE_DOCS").is_some() {
        std::fs::write(docs(), format!("{before}{START}{table}{END}{after}")).unwrap();
        return;
    }
    assert_eq!(
        current, table,
        "docs/plugins.md's platform table is stale; run with AURUM_UPDATE_DOCS=1"
    );
}
