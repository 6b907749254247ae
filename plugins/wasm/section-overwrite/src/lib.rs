//! Remediation by sectional overwrite: every top-level line of the running section that the
//! intended section lacks is negated, then the intended section is sent whole. For features
//! an operator would rather rewrite than patch (access lists, route maps, prefix lists), where
//! a line-by-line merge could leave entries in the wrong order.

use aurum_sdk::{Plugin, PluginInfo, PluginKind, Remediation};

struct SectionOverwrite;

impl Plugin for SectionOverwrite {
    fn info() -> PluginInfo {
        PluginInfo::new(
            "section_overwrite",
            env!("CARGO_PKG_VERSION"),
            PluginKind::Remediation,
        )
    }
}

/// The command that removes a top-level line: Junos turns `set X` into `delete X`; the rest
/// say `no X`, and negating a negation (`no X`) restores the default (`X`).
fn negate(platform: &str, line: &str) -> String {
    match platform {
        "juniper_junos" => format!("delete {}", line.strip_prefix("set ").unwrap_or(line)),
        _ => match line.strip_prefix("no ") {
            Some(positive) => positive.to_owned(),
            None => format!("no {line}"),
        },
    }
}

/// Top-level lines: not indented, not blank, not a `!` or `#` comment.
fn top_level(text: &str) -> impl Iterator<Item = &str> {
    text.lines().map(str::trim_end).filter(|line| {
        !line.is_empty()
            && !line.starts_with([' ', '\t'])
            && !line.starts_with('!')
            && !line.starts_with('#')
    })
}

fn overwrite(platform: &str, running: &str, intended: &str) -> String {
    let wanted: Vec<&str> = top_level(intended).collect();
    let mut out = String::new();
    for line in top_level(running).filter(|line| !wanted.contains(line)) {
        out.push_str(&negate(platform, line));
        out.push('\n');
    }
    for line in intended.lines().map(str::trim_end) {
        if !line.trim().is_empty() && !line.trim_start().starts_with('!') {
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

impl Remediation for SectionOverwrite {
    fn remediate(platform: String, running: String, intended: String) -> Result<String, String> {
        Ok(overwrite(&platform, &running, &intended))
    }
}

aurum_sdk::export_remediation!(SectionOverwrite);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stale_sections_are_negated_then_the_intended_section_is_sent_whole() {
        let running = "ip access-list extended EDGE\n 10 permit tcp any any eq 22\nip access-list extended OLD\n 10 deny ip any any\n";
        let intended = "ip access-list extended EDGE\n 10 permit tcp any any eq 443\n 20 permit tcp any any eq 22\n";
        assert_eq!(
            overwrite("cisco_ios", running, intended),
            "no ip access-list extended OLD\nip access-list extended EDGE\n 10 permit tcp any any eq 443\n 20 permit tcp any any eq 22\n"
        );
    }

    #[test]
    fn junos_deletes_and_a_negated_line_is_restored() {
        assert_eq!(
            overwrite("juniper_junos", "set system ntp server 192.0.2.1\n", ""),
            "delete system ntp server 192.0.2.1\n"
        );
        assert_eq!(
            overwrite("cisco_ios", "no ip domain lookup\n", ""),
            "ip domain lookup\n"
        );
    }
}
