use super::*;

const INDEX: &str = "# comment\n\nTemplate, Hostname, Platform, Command\n\n\
a_show_version.textfsm, .*, a_os, sh[[ow]] ver[[sion]]\n\
a_show_both.textfsm:a_show_extra.textfsm, .*, a_os, sh[[ow]] both\n\
bad, row\n";

fn index(dir: &Path) -> TemplateIndex {
    std::fs::write(dir.join("index"), INDEX).unwrap();
    std::fs::write(
        dir.join("a_show_version.textfsm"),
        "Value VERSION (\\S+)\n\nStart\n  ^Version ${VERSION}\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("a_show_both.textfsm"),
        "Value Key PORT (\\S+)\nValue STATE (\\S+)\n\nStart\n  ^${PORT} ${STATE} -> Record\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("a_show_extra.textfsm"),
        "Value Key PORT (\\S+)\nValue SPEED (\\d+)\n\nStart\n  ^${PORT} \\S+ ${SPEED} -> Record\n",
    )
    .unwrap();
    TemplateIndex::load(dir).unwrap()
}

#[test]
fn expands_completions() {
    assert_eq!(expand_completion("sh[[ow]] ver"), "sh(o(w)?)? ver");
    assert_eq!(expand_completion("[[a]]x[[bc]]"), "(a)?x(b(c)?)?");
    assert_eq!(expand_completion("a [[]] b"), "a [[]] b");
}

#[test]
fn finds_rows_by_platform_and_abbreviated_command() {
    let dir = tempfile::tempdir().unwrap();
    let index = index(dir.path());
    assert_eq!(index.entries().len(), 2);
    assert_eq!(index.find("a_os", "sh ver").unwrap().unwrap().line(), 5);
    assert_eq!(
        index
            .find("a_os", "show version | i x")
            .unwrap()
            .unwrap()
            .line(),
        5
    );
    assert!(index.find("b_os", "show version").unwrap().is_none());
    let records = index.parse("a_os", "sho ver", "Version 1.2\n").unwrap();
    assert_eq!(records[0]["version"], "1.2");
    let error = index.parse("b_os", "show version", "").unwrap_err();
    assert!(matches!(error, TextFsmError::NoTemplate { .. }), "{error}");
}

#[test]
fn merges_several_templates_by_key() {
    let dir = tempfile::tempdir().unwrap();
    let index = index(dir.path());
    let table = index
        .parse_table("a_os", "show both", "e1 up 100\ne2 down 10\n")
        .unwrap();
    assert_eq!(table.header, vec!["PORT", "STATE", "SPEED"]);
    assert_eq!(table.rows[1], vec!["e2", "down", "10"]);
}

#[test]
fn template_errors_name_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let index = index(dir.path());
    assert!(index.template("a_show_version.textfsm").is_ok());
    std::fs::write(
        dir.path().join("a_show_version.textfsm"),
        "Value X (x)\n\nStart\n  ^$Y\n",
    )
    .unwrap();
    let fresh = TemplateIndex::load(dir.path()).unwrap();
    let error = fresh
        .parse("a_os", "show version", "")
        .unwrap_err()
        .to_string();
    assert!(error.contains("a_show_version.textfsm, line 4"), "{error}");
    assert!(
        index.template("a_show_version.textfsm").is_ok(),
        "cached before the file changed"
    );
}
