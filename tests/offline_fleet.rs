//! `aurum compliance check` and `aurum remediation` over folders of many devices: the same
//! report, in file-name order, whether one core or several do the work.

mod support;

use std::path::PathBuf;

use support::Scratch;

const RULES: &str = "\
- feature_slug: ntp
  platform_network_driver: cisco_ios
  config_ordered: false
  match_config: \"ntp server\"
- feature_slug: interfaces
  platform_network_driver: cisco_ios
  config_ordered: true
  match_config: \"interface \"
";

/// A device's running and intended configs; every third device drifts.
fn device(n: usize) -> (String, String) {
    let mut running = format!("hostname r{n}\nntp server 10.0.0.{}\n", n % 7);
    for port in 0..(5 + n % 11) {
        running.push_str(&format!(
            "interface Gi0/{port}\n description port {port}\n!\n"
        ));
    }
    let intended = if n.is_multiple_of(3) {
        running.replace("description port 1\n", "description uplink\n")
            + &format!("ntp server 10.9.9.{n}\n")
    } else {
        running.clone()
    };
    (running, intended)
}

/// 30 paired devices, and one running config without an intended one (an error entry).
fn fleet(scratch: &Scratch) -> (PathBuf, PathBuf, PathBuf) {
    let (running, intended) = (
        scratch.path().join("running"),
        scratch.path().join("intended"),
    );
    std::fs::create_dir_all(&running).unwrap();
    std::fs::create_dir_all(&intended).unwrap();
    for n in 0..30 {
        let (r, i) = device(n);
        std::fs::write(running.join(format!("r{n:02}.cfg")), r).unwrap();
        std::fs::write(intended.join(format!("r{n:02}.cfg")), i).unwrap();
    }
    std::fs::write(running.join("r15-orphan.cfg"), "hostname orphan\n").unwrap();
    (running, intended, scratch.write("rules.yml", RULES))
}

#[test]
fn compliance_of_a_folder_is_the_same_on_one_core_and_on_four() {
    let scratch = Scratch::new();
    let (running, intended, rules) = fleet(&scratch);
    let run = |jobs: &str, json: bool| {
        let mut args = vec![
            "compliance",
            "check",
            "--platform",
            "cisco_ios",
            "--rules",
            rules.to_str().unwrap(),
            "--actual",
            running.to_str().unwrap(),
            "--intended",
            intended.to_str().unwrap(),
            "--jobs",
            jobs,
        ];
        if json {
            args.push("--json");
        }
        scratch.run(&args)
    };
    let (one, four) = (run("1", false), run("4", false));
    assert_eq!(one.code, 2, "an unpaired file is an error: {}", one.stderr);
    assert_eq!(one.stdout, four.stdout);
    assert_eq!(one.stderr, four.stderr);
    assert!(
        one.stderr
            .contains("r15-orphan.cfg: no file named r15-orphan.cfg in"),
        "{}",
        one.stderr
    );
    let headers: Vec<&str> = one
        .stdout
        .lines()
        .filter(|l| l.starts_with("=== "))
        .collect();
    assert_eq!(headers.len(), 30, "the orphan has no report");
    assert!(
        headers.windows(2).all(|w| w[0] < w[1]),
        "file-name order: {headers:?}"
    );
    assert!(
        one.stdout
            .contains("--- ntp missing:\nntp server 10.9.9.3\n"),
        "{}",
        one.stdout
    );

    let (one, four) = (run("1", true), run("4", true));
    assert_eq!(one.code, 2);
    assert_eq!(one.stdout, four.stdout);
    let report: serde_json::Value = serde_json::from_str(&one.stdout).unwrap();
    let devices = report.as_object().unwrap();
    assert_eq!(devices.len(), 31);
    assert!(
        devices["r15-orphan.cfg"]["error"]
            .as_str()
            .unwrap()
            .contains("no file named")
    );
    let r03 = &devices["r03.cfg"]["interfaces"];
    assert_eq!(r03["compliant"], false);
    assert_eq!(r03["missing"], "interface Gi0/1\n description uplink");
    assert_eq!(r03["extra"], "interface Gi0/1\n description port 1");
    assert_eq!(devices["r04.cfg"]["ntp"]["compliant"], true);
    assert_eq!(
        devices["r04.cfg"]["interfaces"]["actual"],
        devices["r04.cfg"]["interfaces"]["intended"]
    );
}

#[test]
fn remediation_of_a_folder_is_the_same_on_one_core_and_on_three() {
    let scratch = Scratch::new();
    let (running, intended, _) = fleet(&scratch);
    std::fs::remove_file(running.join("r15-orphan.cfg")).unwrap();
    let run = |jobs: &str, json: bool| {
        let mut args = vec![
            "remediation",
            "--platform",
            "cisco_ios",
            "--running",
            running.to_str().unwrap(),
            "--intended",
            intended.to_str().unwrap(),
            "--jobs",
            jobs,
        ];
        if json {
            args.push("--json");
        }
        scratch.run(&args)
    };
    let (one, three) = (run("1", false), run("3", false));
    assert_eq!(
        one.code, 1,
        "drifted devices need remediation: {}",
        one.stderr
    );
    assert_eq!(one.stdout, three.stdout);
    assert!(
        one.stdout.contains(
            "=== r03.cfg\ninterface Gi0/1\n  description uplink\nntp server 10.9.9.3\n=== r04.cfg\n"
        ),
        "{}",
        one.stdout
    );
    let (one, three) = (run("1", true), run("3", true));
    assert_eq!(one.stdout, three.stdout);
    let report: serde_json::Value = serde_json::from_str(&one.stdout).unwrap();
    assert_eq!(report.as_object().unwrap().len(), 30);
    assert_eq!(report["r04.cfg"]["remediation"], "");
    assert_eq!(
        report["r06.cfg"]["remediation"],
        "interface Gi0/1\n  description uplink\nntp server 10.9.9.6"
    );
}

#[test]
fn zero_jobs_is_refused_naming_the_option() {
    let scratch = Scratch::new();
    let (running, intended, _) = fleet(&scratch);
    let run = scratch.run(&[
        "remediation",
        "--platform",
        "cisco_ios",
        "--running",
        running.to_str().unwrap(),
        "--intended",
        intended.to_str().unwrap(),
        "--jobs",
        "0",
    ]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("--jobs"), "{}", run.stderr);
}
