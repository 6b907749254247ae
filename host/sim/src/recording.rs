//! Recorded sessions: what a device printed for each line typed, replayed byte for byte so a
//! driver can be tested against a real device's transcript (Oxidized's simulation files and
//! scrapli's golden files do the same).
//!
//! The format is plain text: `>>> greeting` then the banner and first prompt, then one
//! `>>> send: LINE` block per line the client types, holding what the device printed in
//! answer (its echo included). Line ends become `\r\n`; the last line break of a block is not
//! sent, so a block can end on a prompt. A line typed at a password prompt is recorded as
//! `>>> send: <secret>` ([`SECRET`]), never as itself, and replays whatever is typed there.

/// What a recording holds in place of a line typed at a password prompt.
pub const SECRET: &str = "<secret>";

/// One line typed and the device's answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Exchange {
    pub send: String,
    pub answer: String,
}

impl Exchange {
    /// Whether `typed` is the line this exchange waits for (any line, at a secret).
    pub fn expects(&self, typed: &str) -> bool {
        self.send == SECRET || self.send == typed
    }
}

/// A whole recorded session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recording {
    pub greeting: String,
    pub exchanges: Vec<Exchange>,
}

impl Recording {
    /// Parses a recording; the error names the line that is wrong.
    pub fn parse(text: &str) -> Result<Recording, String> {
        let mut greeting: Option<String> = None;
        let mut exchanges = Vec::new();
        let mut current: Option<(Option<String>, Vec<&str>)> = None;
        let finish = |block: (Option<String>, Vec<&str>),
                      greeting: &mut Option<String>,
                      exchanges: &mut Vec<Exchange>| {
            let answer = block.1.join("\r\n");
            match block.0 {
                None => *greeting = Some(answer),
                Some(send) => exchanges.push(Exchange { send, answer }),
            }
        };
        for (number, line) in text.lines().enumerate() {
            if let Some(marker) = line.strip_prefix(">>> ") {
                if let Some(block) = current.take() {
                    finish(block, &mut greeting, &mut exchanges);
                }
                if marker == "greeting" {
                    if greeting.is_some() || !exchanges.is_empty() {
                        return Err(format!(
                            "line {}: `>>> greeting` must come first and once",
                            number + 1
                        ));
                    }
                    current = Some((None, Vec::new()));
                } else if let Some(send) = marker.strip_prefix("send: ") {
                    current = Some((Some(send.to_string()), Vec::new()));
                } else {
                    return Err(format!(
                        "line {}: unknown marker `>>> {marker}`",
                        number + 1
                    ));
                }
            } else {
                match &mut current {
                    Some((_, lines)) => lines.push(line),
                    None if line.trim().is_empty() || line.starts_with('#') => {}
                    None => return Err(format!("line {}: text before `>>> greeting`", number + 1)),
                }
            }
        }
        if let Some(block) = current.take() {
            finish(block, &mut greeting, &mut exchanges);
        }
        Ok(Recording {
            greeting: greeting.ok_or("no `>>> greeting` block")?,
            exchanges,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_become_exchanges() {
        let recording = Recording::parse(
            "# comment\n>>> greeting\nbanner\nr1>\n>>> send: enable\nenable\nPassword: \n",
        )
        .unwrap();
        assert_eq!(recording.greeting, "banner\r\nr1>");
        assert_eq!(recording.exchanges[0].send, "enable");
        assert_eq!(recording.exchanges[0].answer, "enable\r\nPassword: ");
        assert!(Recording::parse("text\n>>> greeting\n").is_err());
    }
}
