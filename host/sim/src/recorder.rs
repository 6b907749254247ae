//! Records a live session in the format [`crate::Recording`] parses (`aurum sim --record`):
//! the greeting, then each line the client typed with what the device answered, so a
//! session with a simulated (or any emulated) device becomes a replayable test of a driver.

use std::path::PathBuf;

/// One session being recorded; the file is written when the session ends (on drop), so
/// every new session replaces it.
pub(crate) struct Recorder {
    path: PathBuf,
    text: String,
    /// The line being typed.
    line: Vec<u8>,
    /// Output that arrived while a line was half typed (its echo): it belongs to that line's
    /// answer, written after the line's marker.
    held: String,
}

/// Line endings as the recording file writes them (the parser joins lines with `\r\n`).
fn normalise(text: &str) -> String {
    text.replace("\r\n", "\n").replace('\r', "\n")
}

/// Whether the device's last words ask for a password, so the next line is a secret.
fn at_password_prompt(text: &str) -> bool {
    let last = text.trim_end().rsplit('\n').next().unwrap_or_default();
    last.to_ascii_lowercase().ends_with("password:")
}

impl Recorder {
    pub(crate) fn new(path: PathBuf) -> Recorder {
        Recorder {
            path,
            text: String::from("# Recorded by `aurum sim --record`.\n>>> greeting\n"),
            line: Vec::new(),
            held: String::new(),
        }
    }

    /// Bytes the client typed.
    pub(crate) fn typed(&mut self, bytes: &[u8]) {
        for byte in bytes {
            if *byte != b'\r' && *byte != b'\n' {
                self.line.push(*byte);
                continue;
            }
            let line = String::from_utf8_lossy(&std::mem::take(&mut self.line))
                .trim()
                .to_string();
            if line.is_empty() {
                continue;
            }
            let line = match at_password_prompt(&self.text) {
                true => crate::recording::SECRET.to_string(),
                false => line,
            };
            if !self.text.ends_with('\n') {
                self.text.push('\n');
            }
            self.text.push_str(&format!(">>> send: {line}\n"));
            self.text.push_str(&std::mem::take(&mut self.held));
        }
    }

    /// Text the device sent.
    pub(crate) fn answered(&mut self, text: &str) {
        let text = normalise(text);
        match self.line.is_empty() {
            true => self.text.push_str(&text),
            false => self.held.push_str(&text),
        }
    }

    fn contents(&self) -> String {
        let mut text = self.text.clone();
        text.push_str(&self.held);
        if !text.ends_with('\n') {
            text.push('\n');
        }
        text
    }
}

impl Drop for Recorder {
    fn drop(&mut self) {
        if let Err(e) = std::fs::write(&self.path, self.contents()) {
            eprintln!(
                "aurum sim: cannot write the recording {}: {e}",
                self.path.display()
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Recording;

    #[test]
    fn a_recorded_session_parses_back_into_its_exchanges() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s.session");
        {
            let mut recorder = Recorder::new(path.clone());
            recorder.answered("\r\nWelcome\r\nr1>");
            recorder.typed(b"ena");
            recorder.answered("ena");
            recorder.typed(b"ble\r");
            recorder.answered("ble\r\nPassword: ");
            recorder.typed(b"secret\n");
            recorder.answered("\r\nr1#");
        }
        let recording = Recording::parse(&std::fs::read_to_string(&path).unwrap()).unwrap();
        assert_eq!(recording.greeting, "\r\nWelcome\r\nr1>");
        assert_eq!(recording.exchanges.len(), 2);
        assert_eq!(recording.exchanges[0].send, "enable");
        assert_eq!(recording.exchanges[0].answer, "enable\r\nPassword: ");
        assert_eq!(
            recording.exchanges[1].send, "<secret>",
            "never the secret itself"
        );
        assert!(
            !std::fs::read_to_string(&path)
                .unwrap()
                .contains(">>> send: secret")
        );
        assert_eq!(recording.exchanges[1].answer, "\r\nr1#");
    }
}
