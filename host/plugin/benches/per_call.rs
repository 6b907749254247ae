//! Per-call cost of each backend: a postprocessor stripping SNMP communities from a
//! 2,000-line config (WASM: fresh store + instantiate + call), and an empty call.
//!
//! cargo bench -p aurum-plugin --bench per_call -- --warm-up-time 1 --measurement-time 3

use std::path::Path;
use std::sync::Arc;

use aurum_plugin::{PluginError, PluginInfo, PluginKind, PostprocessorPlugin, Registry};
use criterion::{Criterion, criterion_group, criterion_main};
use serde_json::json;

/// The same transformation as the shipped plugins, as a builtin: the floor to compare with.
struct BuiltinStrip(PluginInfo);

impl PostprocessorPlugin for BuiltinStrip {
    fn info(&self) -> &PluginInfo {
        &self.0
    }

    fn process(&self, config: &str, _context: &serde_json::Value) -> Result<String, PluginError> {
        Ok(config
            .lines()
            .filter(|l| !l.trim_start().starts_with("snmp-server community "))
            .fold(String::with_capacity(config.len()), |mut out, l| {
                out.push_str(l);
                out.push('\n');
                out
            }))
    }
}

fn big_config() -> String {
    (0..2000)
        .map(|i| match i % 10 {
            0 => format!("snmp-server community secret{i} RO\n"),
            1 => format!("interface GigabitEthernet0/{i}\n"),
            2 => format!(" description link {i}\n"),
            3 => "!\n".to_owned(),
            _ => format!(
                " ip address 10.{}.{}.1 255.255.255.0\n",
                i / 256 % 256,
                i % 256
            ),
        })
        .collect()
}

fn entry(name: &str, backend: &str, path: &Path) -> String {
    format!(
        "[plugins.{name}]\nkind = \"postprocessor\"\n{backend} = {:?}\n",
        path.display().to_string()
    )
}

fn per_call(c: &mut Criterion) {
    let toml = [
        entry(
            "strip_snmp_communities",
            "wasm",
            &aurum_plugin_fixtures::wasm("strip_snmp"),
        ),
        entry(
            "strip_snmp_communities_rhai",
            "rhai",
            &aurum_plugin_fixtures::source("rhai/strip_snmp_communities.rhai"),
        ),
        entry(
            "strip_snmp_native",
            "native",
            &aurum_plugin_fixtures::native("strip_snmp_native"),
        ),
    ]
    .concat();
    let config = aurum_config::parse_str(&toml, "bench", Path::new("/")).expect("valid config");
    let cache = tempfile::tempdir().expect("temp dir");
    let builtin = BuiltinStrip(PluginInfo::new(
        "strip_builtin",
        "0",
        PluginKind::Postprocessor,
    ));
    let registry = Registry::builder()
        .builtin(aurum_plugin::Plugin::Postprocessor(Arc::new(builtin)))
        .load(&config, &cache.path().join("wasm"))
        .expect("plugins load");

    let big = big_config();
    let context = json!({"device": {"name": "bench"}});
    let backends = [
        ("builtin", "strip_builtin"),
        ("wasm", "strip_snmp_communities"),
        ("rhai", "strip_snmp_communities_rhai"),
        ("native", "strip_snmp_native"),
    ];
    let mut group = c.benchmark_group("postprocess_2000_lines");
    for (backend, name) in backends {
        let plugin = registry.postprocessor(name).expect("registered");
        let expected = plugin.process(&big, &context).expect("works");
        assert_eq!(expected.lines().count(), 1800);
        group.bench_function(backend, |b| {
            b.iter(|| plugin.process(&big, &context).expect("works"))
        });
    }
    group.finish();

    let mut group = c.benchmark_group("empty_call");
    for (backend, name) in backends {
        let plugin = registry.postprocessor(name).expect("registered");
        group.bench_function(backend, |b| {
            b.iter(|| plugin.process("", &context).expect("works"))
        });
    }
    group.finish();
}

criterion_group!(benches, per_call);
criterion_main!(benches);
