//! Recognising what the device is waiting for at the end of its output: a prompt, a pager, or
//! an expected question. Pure functions over the received text.

use std::sync::LazyLock;

use regex::Regex;

use crate::CompiledSpec;

/// How much of the end of the output is looked at for a prompt, a pager or an expected
/// answer. Bounded so that each chunk read costs the same however long the output already
/// is; no prompt or question is anywhere near this long.
pub(crate) const TAIL_WINDOW: usize = 4096;

/// What the end of the received text shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Tail {
    /// The prompt of this mode: the command's output is complete.
    Prompt(usize),
    /// A pager waiting for a key.
    Pager,
    /// The answer a step was waiting for (a password question, a confirmation).
    Expected,
    /// Nothing yet: keep reading.
    Incomplete,
}

/// The unfinished last line of `text`, as the terminal shows it (after the last carriage
/// return that is not part of a line ending).
pub(crate) fn last_line(text: &str) -> &str {
    let line = text.rsplit('\n').next().unwrap_or(text);
    let line = line.trim_end_matches('\r');
    line.rsplit('\r').next().unwrap_or(line)
}

/// Classifies the end of what has been received so far.
pub(crate) fn classify(text: &str, spec: &CompiledSpec, expect: Option<&Regex>) -> Tail {
    let line = strip_ansi(last_line(text));
    if let Some(expect) = expect
        && expect.is_match(text)
    {
        return Tail::Expected;
    }
    if spec
        .pager
        .as_ref()
        .is_some_and(|pager| pager.is_match(&line))
    {
        return Tail::Pager;
    }
    match spec.mode_of_prompt(line.trim_end()) {
        Some(mode) => Tail::Prompt(mode),
        None => Tail::Incomplete,
    }
}

/// Removes terminal escape sequences (colours, cursor moves) some devices send.
pub(crate) fn strip_ansi(text: &str) -> String {
    static ANSI: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b[()][A-Za-z0-9]").expect("valid"));
    if text.contains('\x1b') {
        ANSI.replace_all(text, "").into_owned()
    } else {
        text.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use aurum_sdk::{DriverSpec, Mode};

    fn spec() -> CompiledSpec {
        let mode = |name: &str, prompt: &str, exclusions: &[&str]| Mode {
            name: name.to_string(),
            prompt: prompt.to_string(),
            prompt_exclusions: exclusions.iter().map(|s| s.to_string()).collect(),
        };
        CompiledSpec::compile(DriverSpec {
            platform: "test".into(),
            default_mode: "privileged".into(),
            modes: vec![
                mode("exec", r"[\w.\-]+>", &[]),
                mode("privileged", r"[\w.\-]+#", &[r"\(config"]),
                mode("configuration", r"[\w.\-]+\(config[\w.\-]*\)#", &[]),
            ],
            transitions: vec![],
            on_open: vec![],
            on_close: vec![],
            failure_indicators: vec![],
            backup_commands: vec![],
            save_commands: vec![],
            cleanup: Default::default(),
            dialect: Default::default(),
            safe_apply: Default::default(),
            remediation: Default::default(),
            ntc_platform: None,
            pager_markers: vec![
                r"(?i)--\s*more\s*--\s*$".into(),
                r"(?i)-+\(more( \d+%)?\)-+$".into(),
                r"(?i)<-+ more -+>$".into(),
            ],
        })
        .unwrap()
    }

    #[test]
    fn prompts_pagers_and_partial_output() {
        let spec = spec();
        assert_eq!(classify("banner\r\nr1>", &spec, None), Tail::Prompt(0));
        assert_eq!(classify("output\r\nr1#", &spec, None), Tail::Prompt(1));
        assert_eq!(classify("r1(config-if)#", &spec, None), Tail::Prompt(2));
        assert_eq!(
            classify("line one\r\nline two\r\n", &spec, None),
            Tail::Incomplete
        );
        assert_eq!(classify("a\r\n --More-- ", &spec, None), Tail::Pager);
        assert_eq!(classify("a\r\n---(more 45%)---", &spec, None), Tail::Pager);
        assert_eq!(classify("a\r\n<--- More --->", &spec, None), Tail::Pager);
        let password = Regex::new(r"[Pp]assword:\s*$").unwrap();
        assert_eq!(
            classify("enable\r\nPassword: ", &spec, Some(&password)),
            Tail::Expected
        );
        assert_eq!(classify("\x1b[1mr1#\x1b[0m", &spec, None), Tail::Prompt(1));
    }

    #[test]
    fn a_platform_without_pager_markers_never_pages() {
        let mut plain = spec().spec;
        plain.pager_markers.clear();
        let plain = CompiledSpec::compile(plain).unwrap();
        assert_eq!(classify("a\r\n --More-- ", &plain, None), Tail::Incomplete);
    }

    #[test]
    fn a_prompt_inside_output_is_not_the_end() {
        let spec = spec();
        assert_eq!(
            classify("r1#\r\nmore output", &spec, None),
            Tail::Incomplete
        );
    }
}
