//! Hiding secrets with the driver's masks (`cleanup.mask_secrets` of its spec): in backups,
//! and in any other device output before it is stored, such as the toolkit's command log.

use std::borrow::Cow;

use crate::CompiledSpec;

impl CompiledSpec {
    /// `text` with every secret the driver knows replaced, line by line, line endings kept.
    /// Borrowed when nothing needed masking, which is nearly always for `show` output.
    pub fn mask_secrets<'a>(&self, text: &'a str) -> Cow<'a, str> {
        let mut masked: Option<String> = None;
        let mut copied = 0;
        let mut at = 0;
        for piece in text.split_inclusive('\n') {
            let line = piece.trim_end_matches(['\n', '\r']);
            if let Cow::Owned(line) = self.mask_line(line) {
                let out = masked.get_or_insert_with(|| String::with_capacity(text.len()));
                out.push_str(&text[copied..at]);
                out.push_str(&line);
                out.push_str(&piece[piece.trim_end_matches(['\n', '\r']).len()..]);
                copied = at + piece.len();
            }
            at += piece.len();
        }
        match masked {
            Some(mut out) => {
                out.push_str(&text[copied..]);
                Cow::Owned(out)
            }
            None => Cow::Borrowed(text),
        }
    }

    /// One line (without its line ending) with the driver's masks applied in order.
    pub(crate) fn mask_line<'a>(&self, line: &'a str) -> Cow<'a, str> {
        let mut line = Cow::Borrowed(line);
        for (pattern, replacement) in &self.mask_secrets {
            if pattern.is_match(&line) {
                line = Cow::Owned(
                    pattern
                        .replace_all(&line, replacement.as_str())
                        .into_owned(),
                );
            }
        }
        line
    }
}

#[cfg(test)]
mod tests {
    use aurum_sdk::{DriverSpec, Mode, OutputCleanup, Replacement};

    use crate::CompiledSpec;

    fn spec() -> CompiledSpec {
        CompiledSpec::compile(DriverSpec {
            platform: "test".into(),
            default_mode: "privileged".into(),
            modes: vec![Mode {
                name: "privileged".into(),
                prompt: "r1#".into(),
                prompt_exclusions: vec![],
            }],
            transitions: vec![],
            on_open: vec![],
            on_close: vec![],
            failure_indicators: vec![],
            backup_commands: vec![],
            save_commands: vec![],
            cleanup: OutputCleanup {
                mask_secrets: vec![Replacement {
                    pattern: r"^(\s*neighbor \S+ password(?: \d)?) \S+".into(),
                    replacement: "$1 <removed>".into(),
                }],
                ..OutputCleanup::default()
            },
            dialect: Default::default(),
            safe_apply: Default::default(),
            remediation: Default::default(),
            ntc_platform: None,
            pager_markers: vec![],
        })
        .unwrap()
    }

    #[test]
    fn secrets_are_masked_line_by_line_and_line_endings_kept() {
        let spec = spec();
        let text = "router bgp 65000\r\n neighbor 192.0.2.1 password 7 0822455D0A16\r\n neighbor 192.0.2.1 remote-as 65001\r\nr1#";
        assert_eq!(
            spec.mask_secrets(text),
            "router bgp 65000\r\n neighbor 192.0.2.1 password 7 <removed>\r\n neighbor 192.0.2.1 remote-as 65001\r\nr1#"
        );
        assert_eq!(
            spec.mask_secrets("a\n neighbor x password s3cret"),
            "a\n neighbor x password <removed>"
        );
    }

    #[test]
    fn output_without_secrets_is_not_copied() {
        let text = "interface Gi1\n description uplink\n";
        assert!(matches!(
            spec().mask_secrets(text),
            std::borrow::Cow::Borrowed(_)
        ));
    }
}
