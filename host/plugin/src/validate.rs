//! Validation of a driver's spec at load time, so a broken regex or a transition to a mode
//! that does not exist is reported when the plugin loads, not in the middle of a session.

use aurum_sdk::{DriverSpec, Step};

use crate::PluginError;

/// Every regex compiles, the default mode and every mode a transition or command names exist.
pub(crate) fn driver_spec(name: &str, spec: &DriverSpec) -> Result<(), PluginError> {
    let problem = |reason: String| PluginError::invalid(name, format!("describe(): {reason}"));
    if spec.modes.is_empty() {
        return Err(problem("no modes".into()));
    }
    let has_mode = |mode: &str| spec.modes.iter().any(|m| m.name == mode);
    let known = || {
        spec.modes
            .iter()
            .map(|m| m.name.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    };
    if !has_mode(&spec.default_mode) {
        return Err(problem(format!(
            "default mode `{}` is not among the modes ({})",
            spec.default_mode,
            known()
        )));
    }
    for mode in &spec.modes {
        regex(&format!("prompt of mode `{}`", mode.name), &mode.prompt).map_err(problem)?;
        for exclusion in &mode.prompt_exclusions {
            regex(
                &format!("prompt exclusion of mode `{}`", mode.name),
                exclusion,
            )
            .map_err(problem)?;
        }
    }
    for transition in &spec.transitions {
        for end in [&transition.from, &transition.to] {
            if !has_mode(end) {
                return Err(problem(format!(
                    "a transition names unknown mode `{end}` ({})",
                    known()
                )));
            }
        }
        steps(
            &format!("transition {} -> {}", transition.from, transition.to),
            &transition.steps,
        )
        .map_err(problem)?;
    }
    steps("on_open", &spec.on_open).map_err(problem)?;
    steps("on_close", &spec.on_close).map_err(problem)?;
    if spec.backup_commands.is_empty() {
        return Err(problem("no backup commands".into()));
    }
    let safe = &spec.safe_apply;
    let commit = safe.confirmed_commit.iter().flat_map(|c| {
        [
            Some(&c.commit),
            Some(&c.confirm),
            c.enter.as_ref(),
            c.abort.as_ref(),
        ]
        .into_iter()
        .flatten()
        .chain(&c.check)
    });
    let checkpoint = safe.checkpoint.iter().flat_map(|c| [&c.save, &c.restore]);
    for command in spec
        .backup_commands
        .iter()
        .chain(&spec.save_commands)
        .chain(commit)
        .chain(checkpoint)
    {
        if !has_mode(&command.mode) {
            return Err(problem(format!(
                "command `{}` runs in unknown mode `{}` ({})",
                command.command,
                command.mode,
                known()
            )));
        }
    }
    if let Some(pattern) = safe.checkpoint.as_ref().and_then(|c| c.name_from.as_ref()) {
        regex("safe_apply.checkpoint.name_from", pattern).map_err(problem)?;
    }
    for pattern in &spec.failure_indicators {
        regex("failure indicator", pattern).map_err(problem)?;
    }
    for pattern in &spec.cleanup.drop_lines {
        regex("cleanup.drop_lines", pattern).map_err(problem)?;
    }
    for replacement in &spec.cleanup.mask_secrets {
        regex("cleanup.mask_secrets", &replacement.pattern).map_err(problem)?;
    }
    for banner in &spec.dialect.banners {
        regex("banner start", &banner.start).map_err(problem)?;
        if let Some(end) = &banner.end {
            regex("banner end", end).map_err(problem)?;
        }
    }
    Ok(())
}

fn steps(what: &str, steps: &[Step]) -> Result<(), String> {
    for step in steps {
        if let Some(expect) = &step.expect {
            regex(&format!("expect of a step in {what}"), expect)?;
        }
    }
    Ok(())
}

/// Parses the pattern only: building its automaton (Unicode classes make that the bulk of a
/// start-up) waits until a session needs the driver, when `CompiledSpec` compiles it once.
fn regex(what: &str, pattern: &str) -> Result<(), String> {
    regex_syntax::Parser::new()
        .parse(pattern)
        .map(drop)
        .map_err(|e| format!("{what}: invalid regex {pattern:?}: {e}"))
}

#[cfg(test)]
mod tests {
    use aurum_sdk::{Command, Mode, Transition};

    use super::*;

    fn spec() -> DriverSpec {
        DriverSpec {
            platform: "p".into(),
            default_mode: "exec".into(),
            modes: vec![Mode {
                name: "exec".into(),
                prompt: r"^\S+>$".into(),
                prompt_exclusions: vec![],
            }],
            transitions: vec![],
            on_open: vec![Step::text("terminal length 0")],
            on_close: vec![],
            failure_indicators: vec!["% Invalid".into()],
            backup_commands: vec![Command {
                mode: "exec".into(),
                command: "show run".into(),
            }],
            save_commands: vec![],
            cleanup: Default::default(),
            dialect: Default::default(),
            safe_apply: Default::default(),
            remediation: Default::default(),
            ntc_platform: None,
            pager_markers: vec![],
        }
    }

    fn problem(spec: &DriverSpec) -> String {
        driver_spec("d", spec).unwrap_err().to_string()
    }

    #[test]
    fn a_sound_spec_passes() {
        driver_spec("d", &spec()).unwrap();
    }

    #[test]
    fn every_reference_and_regex_is_checked() {
        let mut s = spec();
        s.default_mode = "enable".into();
        assert!(problem(&s).contains("default mode `enable`"));

        let mut s = spec();
        s.transitions.push(Transition {
            from: "exec".into(),
            to: "config".into(),
            steps: vec![],
        });
        assert!(problem(&s).contains("unknown mode `config`"));

        let mut s = spec();
        s.on_open.push(Step::text_expect("enable", "(["));
        assert!(problem(&s).contains("on_open"));

        let mut s = spec();
        s.backup_commands.clear();
        assert!(problem(&s).contains("no backup commands"));

        let mut s = spec();
        s.save_commands.push(Command {
            mode: "config".into(),
            command: "write".into(),
        });
        assert!(problem(&s).contains("command `write`"));

        let mut s = spec();
        s.cleanup.drop_lines.push("*".into());
        assert!(problem(&s).contains("cleanup.drop_lines"));

        let exec = |command: &str| Command {
            mode: "exec".into(),
            command: command.into(),
        };
        let mut s = spec();
        s.safe_apply.checkpoint = Some(aurum_sdk::Checkpoint {
            save: exec("show configuration commit list 1"),
            restore: Command {
                mode: "config".into(),
                command: "rollback configuration to {name}".into(),
            },
            name_from: Some(r"^1\s+(\d+)".into()),
        });
        assert!(problem(&s).contains("command `rollback configuration to {name}`"));
        s.safe_apply.checkpoint.as_mut().unwrap().restore.mode = "exec".into();
        driver_spec("d", &s).unwrap();
        s.safe_apply.checkpoint.as_mut().unwrap().name_from = Some("(".into());
        assert!(problem(&s).contains("name_from"));

        let mut s = spec();
        s.safe_apply.confirmed_commit = Some(aurum_sdk::ConfirmedCommit {
            enter: Some(Command {
                mode: "privileged".into(),
                command: "configure session {name}".into(),
            }),
            commit: exec("commit timer {timer}"),
            minutes: 5,
            check: vec![],
            confirm: exec("configure session {name} commit"),
            abort: None,
            save_after: true,
        });
        assert!(problem(&s).contains("command `configure session {name}`"));
    }
}
