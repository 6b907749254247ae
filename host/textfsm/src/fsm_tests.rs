//! Behaviour of the engine, case by case; expectations checked against Python textfsm.

use serde_json::{Value, json};

use crate::{Template, TextFsmError};

fn rows(template: &str, text: &str) -> Vec<Vec<Value>> {
    Template::parse_str(template, "t.textfsm")
        .unwrap()
        .parse(text)
        .unwrap()
        .rows
}

#[test]
fn filldown_keeps_a_value_across_records() {
    let t = "Value Filldown VRF (\\S+)\nValue ROUTE (\\S+)\n\nStart\n  ^VRF ${VRF}\n  ^R ${ROUTE} -> Record\n";
    let got = rows(t, "VRF a\nR 1\nR 2\nVRF b\nR 3\n");
    let expected = [["a", "1"], ["a", "2"], ["b", "3"], ["b", ""]];
    // The last row is textfsm's too: the implicit record at the end keeps the filled-down
    // value, and a record with any value set is saved.
    assert_eq!(got, expected.map(|r| r.map(Value::from).to_vec()).to_vec());
}

#[test]
fn required_drops_records_without_the_value() {
    let t = "Value Required A (\\d+)\nValue B (\\w+)\n\nStart\n  ^a ${A}\n  ^b ${B} -> Record\n";
    assert_eq!(
        rows(t, "b x\na 1\nb y\n"),
        vec![vec![json!("1"), json!("y")]]
    );
}

#[test]
fn list_gathers_matches_and_named_groups() {
    let t = "Value NAME (\\S+)\nValue List IPS (\\S+)\nValue List PAIRS ((?P<k>\\w+)=(?P<v>\\w+))\n\n\
             Start\n  ^name ${NAME}\n  ^ip ${IPS}\n  ^kv ${PAIRS}\n  ^end -> Record\n";
    let got = rows(t, "name a\nip 1\nip 2\nkv x=1\nend\nname b\nend\n");
    assert_eq!(
        got[0],
        vec![json!("a"), json!(["1", "2"]), json!([{"k": "x", "v": "1"}])]
    );
    assert_eq!(got[1], vec![json!("b"), json!([]), json!([])]);
}

#[test]
fn fillup_copies_a_value_into_earlier_records() {
    let t = "Value A (\\d)\nValue Fillup B (\\w)\n\nStart\n  ^a ${A} -> Record\n  ^b ${B}\n";
    let got = rows(t, "a 1\na 2\nb x\n");
    let expected = [["1", "x"], ["2", "x"], ["", "x"]];
    assert_eq!(got, expected.map(|r| r.map(Value::from).to_vec()).to_vec());
}

#[test]
fn key_marks_columns() {
    let t =
        Template::parse_str("Value Key A (\\d)\nValue B (\\d)\n\nStart\n  ^${A}\n", "t").unwrap();
    assert_eq!(t.values_with(crate::ValueOption::Key), vec!["A"]);
}

#[test]
fn continue_matches_the_same_line_again() {
    let t = "Value A (\\d)\nValue B (\\d)\n\nStart\n  ^${A} -> Continue\n  ^\\d ${B} -> Record\n";
    assert_eq!(rows(t, "1 2\n"), vec![vec![json!("1"), json!("2")]]);
}

#[test]
fn clear_and_clearall_reset_values() {
    let t = "Value Filldown A (\\d)\nValue B (\\d)\n\nStart\n  ^a ${A}\n  ^b ${B}\n  ^clear -> Clear\n  ^all -> Clearall\n  ^rec -> Record\n";
    let got = rows(t, "a 1\nb 2\nclear\nrec\nb 3\nall\nrec\nb 4\nrec\n");
    assert_eq!(
        got,
        vec![vec![json!("1"), json!("")], vec![json!(""), json!("4")]]
    );
}

#[test]
fn error_action_rejects_the_output() {
    let t = "Value A (\\d)\n\nStart\n  ^${A} -> Record\n  ^. -> Error \"unexpected line\"\n";
    let error = Template::parse_str(t, "t.textfsm")
        .unwrap()
        .parse("1\nx\n")
        .unwrap_err();
    assert!(
        matches!(&error, TextFsmError::Rejected { rule_line: 5, .. }),
        "{error}"
    );
    assert!(error.to_string().contains("unexpected line"));
}

#[test]
fn eof_state_suppresses_the_last_implicit_record() {
    let implicit = "Value A (\\d)\n\nStart\n  ^${A}\n";
    assert_eq!(rows(implicit, "1\n"), vec![vec![json!("1")]]);
    assert_eq!(
        rows(&format!("{implicit}\nEOF\n"), "1\n"),
        Vec::<Vec<Value>>::new()
    );
}

#[test]
fn end_and_eof_transitions_stop_parsing() {
    let t = "Value A (\\d)\n\nStart\n  ^${A} -> Record\n  ^stop -> End\n  ^eof -> EOF\n";
    assert_eq!(rows(t, "1\nstop\n2\n").len(), 1);
    assert_eq!(rows(t, "1\neof\n2\n").len(), 1);
}

#[test]
fn states_switch_and_empty_records_are_dropped() {
    let t = "Value A (\\d)\nValue B (\\d)\n\nStart\n  ^begin -> Body\n\nBody\n  ^${A} ${B} -> Record\n  ^done -> Start\n";
    assert_eq!(
        rows(t, "1 1\nbegin\n2 3\ndone\n4 5\n"),
        vec![vec![json!("2"), json!("3")]]
    );
    assert!(rows(t, "").is_empty());
}

#[test]
fn optional_groups_that_do_not_take_part_are_empty() {
    let t = "Value A (\\d)\nValue B (\\w)\n\nStart\n  ^${A}( ${B})? -> Record\n";
    assert_eq!(
        rows(t, "1\n2 x\n"),
        vec![vec![json!("1"), json!("")], vec![json!("2"), json!("x")]]
    );
}
