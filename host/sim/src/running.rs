//! A device's running configuration, changed by what is typed in configuration mode.

use crate::SimPlatform;

/// One configuration line and the lines nested under it.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Node {
    text: String,
    children: Vec<Node>,
}

/// The configuration as the device holds it: an indented tree for the Cisco-like platforms, a
/// list of `set` statements for Junos.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct RunningConfig {
    platform: SimPlatform,
    roots: Vec<Node>,
}

/// Commands that open a configuration sub-mode, with the prompt suffix each shows.
const CONTEXTS: [(&str, &str); 12] = [
    ("interface ", "if"),
    ("router ", "router"),
    ("vlan ", "vlan"),
    ("line ", "line"),
    ("vrf ", "vrf"),
    ("ip access-list ", "ext-nacl"),
    ("ipv6 access-list ", "ipv6-acl"),
    ("route-map ", "route-map"),
    ("class-map ", "cmap"),
    ("policy-map ", "pmap"),
    ("address-family ", "router-af"),
    ("neighbor ", "nbr"),
];

/// Whether a line opens a sub-mode, and the prompt suffix it shows.
pub(crate) fn context_of(line: &str) -> Option<&'static str> {
    CONTEXTS
        .iter()
        .find(|(prefix, _)| line.starts_with(prefix))
        .map(|(_, suffix)| *suffix)
}

impl RunningConfig {
    /// Reads configuration text: indentation nests lines; `!` and blank lines separate.
    pub(crate) fn parse(platform: SimPlatform, text: &str) -> Self {
        let mut roots: Vec<Node> = Vec::new();
        for raw in text.lines() {
            let line = raw.trim_end();
            let trimmed = line.trim_start();
            if trimmed.is_empty() || trimmed.starts_with('!') || trimmed == "end" {
                continue;
            }
            let depth = (line.len() - trimmed.len()).min(2);
            let mut level = &mut roots;
            for _ in 0..depth {
                if level.is_empty() {
                    break;
                }
                let last = level.len() - 1;
                level = &mut level[last].children;
            }
            level.push(Node {
                text: trimmed.to_string(),
                children: Vec::new(),
            });
        }
        RunningConfig { platform, roots }
    }

    /// Applies one configuration line typed under `path` (the sub-modes entered so far).
    /// `no LINE` (or Junos `delete LINE`) removes; anything else adds once.
    pub(crate) fn apply(&mut self, path: &[String], line: &str) {
        let platform = self.platform;
        let Some(level) = self.level_mut(path) else {
            return;
        };
        let negation = match platform {
            SimPlatform::JuniperJunos => line.strip_prefix("delete "),
            _ => line.strip_prefix("no "),
        };
        if let Some(removed) = negation {
            match platform {
                SimPlatform::JuniperJunos => {
                    let prefix = format!("set {removed}");
                    level.retain(|n| {
                        !(n.text == prefix || n.text.starts_with(&format!("{prefix} ")))
                    });
                }
                _ => level
                    .retain(|n| n.text != removed && !n.text.starts_with(&format!("{removed} "))),
            }
            return;
        }
        if !level.iter().any(|n| n.text == line) {
            level.push(Node {
                text: line.to_string(),
                children: Vec::new(),
            });
        }
    }

    /// Whether the sub-mode path still exists (it may not after a `no`).
    pub(crate) fn has_path(&self, path: &[String]) -> bool {
        let mut level = &self.roots;
        for part in path {
            match level.iter().find(|n| &n.text == part) {
                Some(node) => level = &node.children,
                None => return false,
            }
        }
        true
    }

    fn level_mut(&mut self, path: &[String]) -> Option<&mut Vec<Node>> {
        let mut level = &mut self.roots;
        for part in path {
            let index = level.iter().position(|n| &n.text == part)?;
            level = &mut level[index].children;
        }
        Some(level)
    }

    /// The configuration as the device prints it for `show running-config`.
    pub(crate) fn render(&self, hostname: &str) -> String {
        match self.platform {
            SimPlatform::JuniperJunos => {
                let mut out = String::from("## Last commit: 2026-11-21 09:00:00 UTC by aurum\r\n");
                for node in &self.roots {
                    out.push_str(&node.text);
                    out.push_str("\r\n");
                }
                out
            }
            platform => {
                let mut body = String::new();
                render_nodes(&self.roots, 0, &mut body);
                let header = match platform {
                    SimPlatform::CiscoIos => format!(
                        "Building configuration...\r\n\r\nCurrent configuration : {} bytes\r\n!\r\n! Last configuration change at 09:00:00 UTC Sat Nov 21 2026\r\n!\r\n",
                        body.len()
                    ),
                    SimPlatform::CiscoNxos => format!(
                        "\r\n!Command: show running-config\r\n!Running configuration last done at: Sat Nov 21 09:00:00 2026\r\n!Time: Sat Nov 21 09:00:00 2026\r\n\r\nversion 10.3(4a) Bios:version 05.47\r\nhostname {hostname}\r\n"
                    ),
                    SimPlatform::CiscoIosxr => "Building configuration...\r\n!! IOS XR Configuration 7.9.2\r\n!! Last configuration change at Sat Nov 21 09:00:00 2026 by aurum\r\n!\r\n".to_string(),
                    SimPlatform::AristaEos => "! Command: show running-config\r\n! device: ".to_string() + hostname + " (DCS-7050SX3-48YC8, EOS-4.31.2F)\r\n!\r\n",
                    SimPlatform::AcmeOs => format!(
                        "! ACME OS 4.2 running configuration, {} bytes\r\n!\r\n",
                        body.len()
                    ),
                    SimPlatform::JuniperJunos => unreachable!("handled above"),
                };
                let body = if platform == SimPlatform::CiscoNxos {
                    body.replace(&format!("hostname {hostname}\r\n"), "")
                } else {
                    body
                };
                format!("{header}{body}end\r\n")
            }
        }
    }
}

impl RunningConfig {
    /// `show running-config interface NAME` on the Cisco-like platforms: that interface's
    /// block as IOS prints it, or `None` when the device has no such interface.
    pub(crate) fn interface_section(&self, name: &str) -> Option<String> {
        let wanted = format!("interface {name}");
        let node = self
            .roots
            .iter()
            .find(|node| node.text.eq_ignore_ascii_case(&wanted))?;
        let mut body = String::new();
        render_nodes(std::slice::from_ref(node), 0, &mut body);
        let body = body.trim_end_matches("!\r\n");
        Some(format!(
            "Building configuration...\r\n\r\nCurrent configuration : {} bytes\r\n!\r\n{body}end\r\n",
            body.len()
        ))
    }
}

fn render_nodes(nodes: &[Node], depth: usize, out: &mut String) {
    for node in nodes {
        for _ in 0..depth {
            out.push(' ');
        }
        out.push_str(&node.text);
        out.push_str("\r\n");
        render_nodes(&node.children, depth + 1, out);
        if depth == 0 && !node.children.is_empty() {
            out.push_str("!\r\n");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_nest_apply_and_negate() {
        let mut config = RunningConfig::parse(
            SimPlatform::CiscoIos,
            "hostname r1\n!\ninterface Gi1\n description uplink\n shutdown\n!\nntp server 10.0.0.1\nend\n",
        );
        config.apply(&["interface Gi1".to_string()], "no shutdown");
        config.apply(&[], "ntp server 10.0.0.2");
        config.apply(&[], "ntp server 10.0.0.2");
        config.apply(&[], "no ntp server 10.0.0.1");
        config.apply(&[], "interface Gi2");
        config.apply(&["interface Gi2".to_string()], "description new");
        let shown = config.render("r1");
        assert!(
            shown.contains("interface Gi1\r\n description uplink\r\n!\r\n"),
            "{shown}"
        );
        assert_eq!(shown.matches("ntp server 10.0.0.2").count(), 1);
        assert!(!shown.contains("10.0.0.1"));
        assert!(shown.contains("interface Gi2\r\n description new\r\n"));
        assert!(shown.ends_with("end\r\n"));
        let section = config.interface_section("gi1").unwrap();
        assert!(
            section.ends_with("!\r\ninterface Gi1\r\n description uplink\r\nend\r\n"),
            "{section}"
        );
        assert_eq!(config.interface_section("Gi9"), None);
    }

    #[test]
    fn junos_set_and_delete() {
        let mut config = RunningConfig::parse(
            SimPlatform::JuniperJunos,
            "set system host-name r1\nset system ntp server 10.0.0.1\n",
        );
        config.apply(&[], "set system ntp server 10.0.0.2");
        config.apply(&[], "delete system ntp server 10.0.0.1");
        let shown = config.render("r1");
        assert!(shown.contains("set system ntp server 10.0.0.2"));
        assert!(!shown.contains("10.0.0.1"));
    }
}
