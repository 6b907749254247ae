//! The session logic against scripted devices: what a credential looks like wherever a typed
//! line is named, and when one is typed at all.

use std::sync::Arc;

use aurum_sdk::{Credential, DriverSpec, Mode, Step, Transition};

use super::*;
use crate::Credentials;
use crate::transport::Scripted;

const ENABLE_SECRET: &str = "hunter2-enable";

fn spec() -> Arc<CompiledSpec> {
    let mode = |name: &str, prompt: &str, exclusions: &[&str]| Mode {
        name: name.into(),
        prompt: prompt.into(),
        prompt_exclusions: exclusions.iter().map(|s| s.to_string()).collect(),
    };
    Arc::new(
        CompiledSpec::compile(DriverSpec {
            platform: "test".into(),
            default_mode: "privileged".into(),
            modes: vec![mode("exec", r"r1>", &[]), mode("privileged", r"r1#", &[])],
            transitions: vec![Transition {
                from: "exec".into(),
                to: "privileged".into(),
                steps: vec![
                    Step::text_expect("enable", r"[Pp]assword:"),
                    Step::secret(Credential::EnableSecret),
                ],
            }],
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
            pager_markers: vec![],
        })
        .unwrap(),
    )
}

/// A session at the exec prompt of a device that answers with `replies`.
fn session(script: Scripted) -> Session {
    Session {
        transport: Transport::Scripted(script),
        spec: spec(),
        target: Target {
            name: "r1".into(),
            host: "127.0.0.1".into(),
            port: 22,
            credentials: Credentials {
                username: "admin".into(),
                password: Some("hunter2-login".into()),
                enable_secret: Some(ENABLE_SECRET.into()),
                private_key: None,
            },
        },
        options: SessionOptions::default(),
        mode: 0,
    }
}

fn replies(chunks: &[&str]) -> std::collections::VecDeque<Vec<u8>> {
    chunks.iter().map(|c| c.as_bytes().to_vec()).collect()
}

#[tokio::test]
async fn a_failing_send_of_a_secret_step_does_not_show_the_secret() {
    let mut session = session(Scripted {
        broken: true,
        ..Scripted::default()
    });
    let error = session
        .step(&Step::secret(Credential::EnableSecret))
        .await
        .unwrap_err();
    let (shown, debug) = (error.to_string(), format!("{error:?}"));
    assert!(
        !shown.contains(ENABLE_SECRET) && !debug.contains(ENABLE_SECRET),
        "{debug}"
    );
    assert!(
        shown.contains("the connection to r1 at 127.0.0.1:22 closed while sending `<secret>`"),
        "{shown}"
    );

    // A text step is still named as it was typed.
    let error = session.step(&Step::text("enable")).await.unwrap_err();
    assert!(
        error.to_string().contains("while sending `enable`"),
        "{error}"
    );
}

#[tokio::test]
async fn the_secret_is_typed_only_when_the_device_asks_for_it() {
    let mut asked = session(Scripted {
        replies: replies(&["enable\r\nPassword: ", "\r\nr1#"]),
        ..Scripted::default()
    });
    asked.enter_mode("privileged").await.unwrap();
    let Transport::Scripted(script) = &asked.transport else {
        unreachable!()
    };
    assert_eq!(
        script.typed,
        format!("enable\n{ENABLE_SECRET}\n").as_bytes()
    );

    // A device that answers `enable` with its exec prompt again would echo a secret typed
    // there, into the error below and every log it reaches.
    let mut refused = session(Scripted {
        replies: replies(&["enable\r\n% No password set\r\nr1>"]),
        ..Scripted::default()
    });
    let error = refused.enter_mode("privileged").await.unwrap_err();
    let Transport::Scripted(script) = &refused.transport else {
        unreachable!()
    };
    assert_eq!(script.typed, b"enable\n", "no secret typed at a prompt");
    assert!(
        error.to_string().contains(
            "r1 did not enter privileged mode; it answered: enable  % No password set  r1>"
        ),
        "{error}"
    );
}

#[tokio::test]
async fn config_commands_on_a_platform_without_configuration_mode_say_so() {
    let mut session = session(Scripted::default());
    let error = session.configure("hostname r2").await.unwrap_err();
    assert!(
        error.to_string().contains(
            "driver for platform `test` is unusable: it has no configuration mode, so config commands cannot run on this platform"
        ),
        "{error}"
    );
    let Transport::Scripted(script) = &session.transport else {
        unreachable!()
    };
    assert!(script.typed.is_empty(), "nothing typed");
}
