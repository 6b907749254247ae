//! netutils' compliance JSON for one device, written straight into bytes in the layout of
//! `serde_json::to_string_pretty`. The report repeats both sections of every feature, so it is
//! as large as the input; a compliant feature's two sections are equal, so its `actual` is
//! escaped once and copied as `intended`.

use aurum_core::FeatureResult;

/// Appends the report of `results` (a map from feature to result, in rule order) as pretty
/// JSON whose lines after the first are indented by `level` extra levels.
pub fn write(out: &mut Vec<u8>, results: &[FeatureResult], level: usize) {
    if results.is_empty() {
        out.extend_from_slice(b"{}");
        return;
    }
    out.extend_from_slice(b"{");
    for (n, r) in results.iter().enumerate() {
        if n > 0 {
            out.push(b',');
        }
        newline(out, level + 1);
        string(out, &r.feature);
        out.extend_from_slice(b": {");
        let field = |out: &mut Vec<u8>, name: &str| {
            newline(out, level + 2);
            out.push(b'"');
            out.extend_from_slice(name.as_bytes());
            out.extend_from_slice(b"\": ");
        };
        let flag = |out: &mut Vec<u8>, name: &str, value: bool| {
            field(out, name);
            out.extend_from_slice(if value { b"true," } else { b"false," });
        };
        flag(out, "compliant", r.compliant);
        field(out, "missing");
        string(out, &r.missing);
        out.push(b',');
        field(out, "extra");
        string(out, &r.extra);
        out.push(b',');
        flag(out, "cannot_parse", r.cannot_parse);
        flag(out, "unordered_compliant", r.unordered_compliant);
        flag(out, "ordered_compliant", r.ordered_compliant);
        field(out, "actual");
        let start = out.len();
        string(out, &r.actual);
        let end = out.len();
        out.push(b',');
        field(out, "intended");
        if r.intended == r.actual {
            out.extend_from_within(start..end);
        } else {
            string(out, &r.intended);
        }
        newline(out, level + 1);
        out.push(b'}');
    }
    newline(out, level);
    out.push(b'}');
}

fn newline(out: &mut Vec<u8>, level: usize) {
    out.push(b'\n');
    out.extend(std::iter::repeat_n(b' ', level * 2));
}

/// A JSON string literal, escaped as serde_json escapes it.
fn string(out: &mut Vec<u8>, text: &str) {
    super::json_escape::string(out, text);
}

#[cfg(test)]
mod tests {
    use super::*;
    use aurum_core::{Rule, check};

    #[test]
    fn the_bytes_are_what_serde_json_prints_for_the_report() {
        let rules = [
            Rule::cli("ntp", false, &["ntp "]),
            Rule::cli("interfaces", true, &["interface "]),
            Rule::cli("banner", true, &["banner "]),
        ];
        let actual =
            "ntp server 1\ninterface Gi1\n description \"old\" \\ \\t\nbanner motd ^C\nhi\n^C\n";
        let intended =
            "ntp server 2\ninterface Gi1\n description \"old\" \\ \\t\nbanner motd ^C\nhi\n^C\n";
        let results = check("cisco_ios", &rules, actual, intended).unwrap();
        assert!(results[1].ordered_compliant && !results[0].compliant);
        let report = aurum_core::Report(&results);
        let mut top = Vec::new();
        write(&mut top, &results, 0);
        assert_eq!(
            String::from_utf8(top).unwrap(),
            serde_json::to_string_pretty(&report).unwrap()
        );
        // One level down, as an entry of the devices object.
        let devices = std::collections::BTreeMap::from([("r1", report)]);
        let whole = serde_json::to_string_pretty(&devices).unwrap();
        let mut nested = b"{\n  \"r1\": ".to_vec();
        write(&mut nested, &results, 1);
        nested.extend_from_slice(b"\n}");
        assert_eq!(String::from_utf8(nested).unwrap(), whole);
        let mut empty = Vec::new();
        write(&mut empty, &[], 1);
        assert_eq!(empty, b"{}");
    }
}
