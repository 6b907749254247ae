//! The checkpoint a deploy leaves on the device before it changes anything: the driver's save
//! command under the deploy's name, or, on platforms that name their own checkpoints (IOS-XR's
//! commit ids), the name read from the save's output. The name is stored on the plan for
//! `aurum plan rollback`.

use aurum_connect::Session;
use aurum_plugin::Checkpoint;

use super::session::Transcript;

/// Saves the checkpoint `name` (the host's name for it); returns the name the restore is to
/// be given, or why the checkpoint could not be taken.
pub(crate) async fn save_checkpoint(
    session: &mut Session,
    checkpoint: &Checkpoint,
    name: &str,
    transcript: &mut Transcript,
) -> Result<String, String> {
    let save = checkpoint.save.command.replace("{name}", name);
    let out = session
        .send_command_in(&checkpoint.save.mode, &save)
        .await
        .map_err(|error| format!("the pre-change checkpoint `{save}` failed ({error})"))?;
    transcript.sent(&save, &out.output);
    let Some(pattern) = &checkpoint.name_from else {
        return Ok(name.to_string());
    };
    named_by_device(pattern, &out.output).ok_or_else(|| {
        format!(
            "the pre-change checkpoint `{save}` did not print what the driver's `name_from` ({pattern}) expects, so there would be nothing to roll back to"
        )
    })
}

/// The first group of `pattern` in `output`; None when the pattern does not match (or, were
/// it invalid, though the driver's regexes are checked when it loads).
fn named_by_device(pattern: &str, output: &str) -> Option<String> {
    let regex = regex::Regex::new(pattern).ok()?;
    let name = regex.captures(output)?.get(1)?.as_str().trim();
    (!name.is_empty()).then(|| name.to_string())
}

#[cfg(test)]
mod tests {
    use super::named_by_device;

    #[test]
    fn an_ios_xr_commit_id_names_the_checkpoint() {
        let listed = "SNo. Label/ID              User      Line                Client      Time Stamp\n\
                      ~~~~ ~~~~~~~~              ~~~~      ~~~~                ~~~~~~      ~~~~~~~~~~\n\
                      1    1000000017            admin     vty0                CLI         Sat Nov 21 09:00:00 2026\n";
        let pattern = r"(?m)^\s*1\s+(\d{6,})\s";
        assert_eq!(
            named_by_device(pattern, listed).as_deref(),
            Some("1000000017")
        );
        assert_eq!(named_by_device(pattern, "No commits found\n"), None);
    }
}
