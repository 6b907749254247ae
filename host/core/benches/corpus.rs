//! Benchmark (not a test): generates a deterministic IOS-like corpus, writes it to a directory
//! (so `benches/peers.py` can time netutils and hier_config on the same data, and
//! `benches/cli.py` the `aurum` binary), then times compliance (all features per device, each
//! config parsed once) and remediation on one core, and the large figure (10,000 device checks
//! × 20 features) on all cores.
//!
//! ```text
//! cargo bench -p aurum-core --bench corpus -- --dir /tmp/aurum-corpus
//! python3 host/core/benches/peers.py /tmp/aurum-corpus --limit 40
//! ```
//! Options: `--dir D` (default: a temp dir), `--devices N` (1000), `--features N` (the first N
//! of the 20 features), `--drift PCT` (the share of devices whose intended config differs;
//! 100), `--scale N` (10000 device checks, cycling over the corpus), `--threads T` (available
//! cores), `--dump FILE` (write Aurum's results as JSON for `peers.py --check`),
//! `--only compliance|remediation|none` (`none`: write the corpus and stop), `--findings`
//! (the one-core compliance run builds verdicts and findings only, as a text report does).
//!
//! The directory gets `running/device-NNNNN.cfg`, `intended/device-NNNNN.cfg` (paired by file
//! name, as `aurum compliance check` and `aurum remediation` take folders), `features.json`
//! (netutils' feature list) and `rules.yml` (the same features as Golden Config rules).

use aurum_core::compliance::{Detail, Report, check_with_detail};
use aurum_core::remediation::{RemediationOptions, Remediator};
use aurum_core::{Rule, check};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::time::Instant;

/// Deterministic generator (SplitMix64), so the corpus is the same on every machine.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
}

/// The 20 features of the corpus: (name, ordered, top-level prefixes). `--features N` takes
/// the first N, so the ones covering most lines come first.
const FEATURES: &[(&str, bool, &[&str])] = &[
    ("hostname", true, &["hostname "]),
    ("aaa", true, &["aaa "]),
    ("users", false, &["username ", "enable secret "]),
    ("ntp", false, &["ntp "]),
    ("logging", false, &["logging "]),
    ("snmp", false, &["snmp-server "]),
    ("banner", true, &["banner "]),
    ("vlan", false, &["vlan "]),
    ("interfaces", false, &["interface "]),
    ("bgp", false, &["router bgp "]),
    ("routes", false, &["ip route "]),
    ("acl", true, &["ip access-list "]),
    ("service", false, &["service "]),
    ("domain", false, &["ip domain ", "ip name-server "]),
    ("ssh", false, &["ip ssh "]),
    ("spanning_tree", false, &["spanning-tree "]),
    ("ospf", false, &["router ospf "]),
    ("line", false, &["line "]),
    ("errdisable", false, &["errdisable "]),
    ("clock", false, &["clock "]),
];

/// Writes the same line to running and intended, or a variant to intended.
struct Pair {
    run: String,
    int: String,
    lines: usize,
    /// This device's intended config differs; otherwise every variant is written as `run`.
    drifts: bool,
}
impl Pair {
    fn both(&mut self, l: &str) {
        self.run.push_str(l);
        self.run.push('\n');
        self.int.push_str(l);
        self.int.push('\n');
        self.lines += 1;
    }
    fn diff(&mut self, run: Option<&str>, int: Option<&str>) {
        let int = if self.drifts { int } else { run };
        if let Some(l) = run {
            self.run.push_str(l);
            self.run.push('\n');
        }
        if let Some(l) = int {
            self.int.push_str(l);
            self.int.push('\n');
        }
        self.lines += 1;
    }
    fn maybe(&mut self, rng: &mut Rng, pct: u64, run: &str, int: &str) {
        if rng.chance(pct) {
            self.diff(Some(run), Some(int))
        } else {
            self.both(run)
        }
    }
}

fn device(i: usize, drift: u64) -> (String, String) {
    let mut r = Rng(0xA11CE ^ (i as u64).wrapping_mul(0x1000_0001));
    let target = 800 + r.below(2201) as usize;
    // A separate stream, so the share of drifting devices leaves their contents unchanged.
    let drifts = Rng(0xD21F7 ^ i as u64).below(100) < drift;
    let mut p = Pair {
        run: String::new(),
        int: String::new(),
        lines: 0,
        drifts,
    };
    p.both("version 15.2");
    p.both("service timestamps debug datetime msec");
    p.both("service timestamps log datetime msec");
    p.maybe(
        &mut r,
        10,
        "no service password-encryption",
        "service password-encryption",
    );
    p.both("!");
    p.both(&format!("hostname dev-{i:05}"));
    p.both("!");
    p.both("aaa new-model");
    p.both("aaa authentication login default group tacacs+ local");
    p.maybe(
        &mut r,
        8,
        "aaa authorization exec default group tacacs+ local",
        "aaa authorization exec default group tacacs+ local if-authenticated",
    );
    p.both("aaa accounting exec default start-stop group tacacs+");
    p.both(&format!(
        "username admin privilege 15 secret 9 $9$x{:x}",
        r.next()
    ));
    p.both(&format!("enable secret 9 $9$e{:x}", r.next()));
    p.both("clock timezone UTC 0 0");
    p.both("ip domain name example.net");
    p.both("ip name-server 10.0.0.53");
    p.both("ip ssh version 2");
    p.both("errdisable recovery cause bpduguard");
    p.both("errdisable recovery interval 300");
    p.both("spanning-tree mode rapid-pvst");
    p.both("spanning-tree extend system-id");
    let ntp = 2 + r.below(4);
    for n in 0..ntp {
        p.maybe(
            &mut r,
            5,
            &format!("ntp server 10.0.{}.{}", i % 250, n + 1),
            &format!("ntp server 10.1.{}.{}", i % 250, n + 1),
        );
    }
    for n in 0..(2 + r.below(4)) {
        p.both(&format!("logging host 10.2.{}.{}", i % 250, n + 1));
    }
    p.both("logging buffered 64000");
    p.both("snmp-server community s3cr3t RO");
    p.maybe(
        &mut r,
        10,
        &format!("snmp-server location Site {}", i % 97),
        &format!("snmp-server location Site {} Row {}", i % 97, i % 7),
    );
    p.both("snmp-server contact noc@example.net");
    p.both("banner motd ^C");
    p.both("Authorized access only");
    p.both(&format!(" Device dev-{i:05}"));
    p.both("^C");
    let vlans = 10 + r.below(50);
    for v in 0..vlans {
        p.both(&format!("vlan {}", 100 + v));
        p.maybe(
            &mut r,
            3,
            &format!(" name VLAN_{}", 100 + v),
            &format!(" name VLAN_{}_NEW", 100 + v),
        );
    }
    p.both("router ospf 1");
    p.both(&format!(" router-id 10.255.{}.{}", i / 250 % 250, i % 250));
    for n in 0..(2 + r.below(6)) {
        p.both(&format!(" network 10.{}.{}.0 0.0.0.255 area 0", n, i % 250));
    }
    p.both(&format!("router bgp {}", 65000 + i % 500));
    p.both(&format!(
        " bgp router-id 10.255.{}.{}",
        i / 250 % 250,
        i % 250
    ));
    let neighbors = 2 + r.below(6);
    for n in 0..neighbors {
        p.both(&format!(
            " neighbor 192.0.2.{} remote-as {}",
            n + 1,
            64512 + n
        ));
        p.maybe(
            &mut r,
            5,
            &format!(" neighbor 192.0.2.{} description peer-{n}", n + 1),
            &format!(" neighbor 192.0.2.{} description peer-{n}-updated", n + 1),
        );
    }
    p.both(" address-family ipv4");
    for n in 0..neighbors {
        p.both(&format!("  neighbor 192.0.2.{} activate", n + 1));
    }
    p.both(" exit-address-family");
    for n in 0..(5 + r.below(40)) {
        let l = format!(
            "ip route 172.{}.{}.0 255.255.255.0 10.0.0.{}",
            16 + n % 16,
            n,
            1 + n % 4
        );
        if r.chance(3) {
            p.diff(Some(&l), None)
        } else {
            p.both(&l)
        }
    }
    for a in 0..(3 + r.below(8)) {
        p.both(&format!("ip access-list extended ACL_{a}"));
        for e in 0..(5 + r.below(25)) {
            p.both(&format!(
                " permit tcp 10.{a}.{e}.0 0.0.0.255 any eq {}",
                1000 + e
            ));
        }
        if r.chance(5) {
            p.diff(None, Some(" deny ip any any log"));
        }
    }
    p.both("line con 0");
    p.both(" exec-timeout 5 0");
    p.both("line vty 0 4");
    p.both(" transport input ssh");
    p.both(" access-class ACL_0 in");
    // interfaces fill the device up to its target size
    let mut n = 0;
    while p.lines < target {
        let slot = n % 48 + 1;
        let module = n / 48 + 1;
        p.both(&format!("interface GigabitEthernet{module}/0/{slot}"));
        p.maybe(
            &mut r,
            2,
            &format!(" description access port {n}"),
            &format!(" description access port {n} (moved)"),
        );
        if n % 6 == 0 {
            p.both(" switchport mode trunk");
            p.both(" switchport trunk allowed vlan 100-120");
        } else {
            p.both(" switchport mode access");
            p.maybe(
                &mut r,
                2,
                &format!(" switchport access vlan {}", 100 + n as u64 % vlans),
                &format!(" switchport access vlan {}", 100 + (n as u64 + 1) % vlans),
            );
            p.both(" spanning-tree portfast");
        }
        if r.chance(1) {
            p.diff(Some(" shutdown"), Some(" no shutdown"))
        } else {
            p.both(" no shutdown")
        }
        n += 1;
    }
    p.both("end");
    (p.run, p.int)
}

fn rules(features: usize) -> Vec<Rule> {
    FEATURES[..features]
        .iter()
        .map(|(n, o, s)| Rule::cli(*n, *o, s))
        .collect()
}

/// netutils' feature list, for `peers.py`.
fn rules_json(features: usize) -> String {
    let v: Vec<serde_json::Value> = FEATURES[..features]
        .iter()
        .map(|(n, o, s)| serde_json::json!({"name": n, "ordered": o, "section": s}))
        .collect();
    serde_json::to_string_pretty(&v).unwrap_or_default()
}

/// The same features as Golden Config compliance rules, for `aurum compliance check --rules`.
fn rules_yaml(features: usize) -> String {
    let mut out = String::new();
    for (name, ordered, prefixes) in &FEATURES[..features] {
        // A JSON string is a YAML double-quoted scalar; it keeps the prefixes' trailing spaces.
        let match_config = serde_json::to_string(&prefixes.join("\n")).unwrap_or_default();
        let _ = write!(
            out,
            "- feature_slug: {name}\n  platform_network_driver: cisco_ios\n  config_ordered: {ordered}\n  config_type: cli\n  match_config: {match_config}\n"
        );
    }
    out
}

/// Process CPU time (user + system) from /proc, when available.
fn cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    let rest = stat.rsplit_once(')')?.1;
    let f: Vec<&str> = rest.split_whitespace().collect();
    let ticks: f64 = f.get(11)?.parse::<f64>().ok()? + f.get(12)?.parse::<f64>().ok()?;
    Some(ticks / 100.0)
}

fn arg(args: &[String], name: &str) -> Option<String> {
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1).cloned())
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.iter().any(|a| a == "--bench") && args.len() <= 2 {
        // `cargo bench` without `--`: still run with defaults.
    }
    let dir = arg(&args, "--dir")
        .map(PathBuf::from)
        .unwrap_or_else(|| std::env::temp_dir().join("aurum-corpus"));
    let devices: usize = arg(&args, "--devices")
        .and_then(|s| s.parse().ok())
        .unwrap_or(1000);
    let scale: usize = arg(&args, "--scale")
        .and_then(|s| s.parse().ok())
        .unwrap_or(10_000);
    let threads: usize = arg(&args, "--threads")
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(2, |n| n.get()));
    let features: usize = arg(&args, "--features")
        .and_then(|s| s.parse().ok())
        .unwrap_or(FEATURES.len())
        .clamp(1, FEATURES.len());
    let drift: u64 = arg(&args, "--drift")
        .and_then(|s| s.parse().ok())
        .unwrap_or(100);
    let dump = arg(&args, "--dump").map(PathBuf::from);
    let only = arg(&args, "--only").unwrap_or_default();
    // What a text report asks for (verdicts and findings, no sections), as the CLI does.
    let detail = if args.iter().any(|a| a == "--findings") {
        Detail::Findings
    } else {
        Detail::Full
    };

    let t = Instant::now();
    let corpus: Vec<(String, String)> = (0..devices).map(|i| device(i, drift)).collect();
    write_corpus(&dir, &corpus, features);
    let lines: usize = corpus.iter().map(|(r, _)| r.lines().count()).sum();
    println!(
        "corpus: {devices} devices, {lines} running-config lines ({}..{} per device), {} features, written to {} in {:.2}s",
        corpus
            .iter()
            .map(|(r, _)| r.lines().count())
            .min()
            .unwrap_or(0),
        corpus
            .iter()
            .map(|(r, _)| r.lines().count())
            .max()
            .unwrap_or(0),
        features,
        dir.display(),
        t.elapsed().as_secs_f64()
    );
    let drifted = corpus.iter().filter(|(r, i)| r != i).count();
    println!("drift: {drifted} of {devices} devices differ from their intended config");
    if only == "none" {
        return;
    }
    let rules = rules(features);
    let opts = RemediationOptions::for_platform("cisco_ios").expect("built-in platform");
    let remediator = Remediator::new("cisco_ios", &opts).expect("built-in options compile");

    // Compliance, one core.
    if only.is_empty() || only == "compliance" {
        let c0 = cpu_seconds();
        let t = Instant::now();
        let mut non_compliant = 0usize;
        for (run, int) in &corpus {
            let res = check_with_detail("cisco_ios", &rules, run, int, None, detail)
                .expect("corpus parses");
            non_compliant += res.iter().filter(|r| !r.compliant).count();
        }
        let wall = t.elapsed().as_secs_f64();
        let cpu = c0
            .and_then(|c| cpu_seconds().map(|d| d - c))
            .unwrap_or(wall);
        println!(
            "compliance (1 core): {devices} devices x {} features in {wall:.3}s wall, {cpu:.3} CPU-s => {:.0} devices/CPU-s ({} non-compliant features)",
            rules.len(),
            devices as f64 / cpu.max(1e-9),
            non_compliant
        );
    }
    // Remediation, one core.
    if only.is_empty() || only == "remediation" {
        let c0 = cpu_seconds();
        let t = Instant::now();
        let mut remediation_lines = 0usize;
        for (run, int) in &corpus {
            remediation_lines += remediator
                .remediate(run, int)
                .expect("corpus remediates")
                .lines()
                .count();
        }
        let wall = t.elapsed().as_secs_f64();
        let cpu = c0
            .and_then(|c| cpu_seconds().map(|d| d - c))
            .unwrap_or(wall);
        println!(
            "remediation (1 core): {devices} devices in {wall:.3}s wall, {cpu:.3} CPU-s => {:.0} devices/CPU-s ({remediation_lines} remediation lines)",
            devices as f64 / cpu.max(1e-9)
        );
    }
    // Scale: `scale` device checks x 20 features over all cores.
    let c0 = cpu_seconds();
    let t = Instant::now();
    std::thread::scope(|s| {
        for k in 0..threads {
            let (corpus, rules) = (&corpus, &rules);
            s.spawn(move || {
                let mut i = k;
                while i < scale {
                    let (run, int) = &corpus[i % corpus.len()];
                    std::hint::black_box(
                        check("cisco_ios", rules, run, int).expect("corpus parses"),
                    );
                    i += threads;
                }
            });
        }
    });
    let wall = t.elapsed().as_secs_f64();
    let cpu = c0
        .and_then(|c| cpu_seconds().map(|d| d - c))
        .unwrap_or(wall * threads as f64);
    println!(
        "compliance ({threads} threads): {scale} device checks x {} features in {wall:.3}s wall, {cpu:.3} CPU-s => {:.0} devices/s wall; {:.2}s on {threads} idle cores",
        rules.len(),
        scale as f64 / wall,
        cpu / threads as f64
    );

    if let Some(path) = dump {
        let mut out = serde_json::Map::new();
        for (i, (run, int)) in corpus.iter().enumerate() {
            let res = check("cisco_ios", &rules, run, int).expect("corpus parses");
            let rem = remediator.remediate(run, int).expect("corpus remediates");
            out.insert(
                format!("device-{i:05}.cfg"),
                serde_json::json!({"compliance": serde_json::to_value(Report(&res)).unwrap_or_default(), "remediation": rem}),
            );
        }
        std::fs::write(&path, serde_json::to_string(&out).unwrap_or_default()).expect("write dump");
        println!("dumped results to {}", path.display());
    }
}

fn write_corpus(dir: &Path, corpus: &[(String, String)], features: usize) {
    let (running, intended) = (dir.join("running"), dir.join("intended"));
    for d in [&running, &intended] {
        // A smaller corpus written over a larger one must not keep the larger one's devices.
        let _ = std::fs::remove_dir_all(d);
        std::fs::create_dir_all(d).expect("create corpus dir");
    }
    for (i, (run, int)) in corpus.iter().enumerate() {
        let name = format!("device-{i:05}.cfg");
        std::fs::write(running.join(&name), run).expect("write running");
        std::fs::write(intended.join(&name), int).expect("write intended");
    }
    std::fs::write(dir.join("features.json"), rules_json(features)).expect("write features");
    std::fs::write(dir.join("rules.yml"), rules_yaml(features)).expect("write rules");
}
