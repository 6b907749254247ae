//! A JSON object of devices written one device at a time: byte for byte what
//! `serde_json::to_string_pretty` prints for the whole map, without ever holding it. The
//! compliance report repeats both configs' sections, so the whole map is as large as the
//! input; building it first cost more than the compliance itself.

use std::io::{self, Write};

use serde::Serialize;

/// The start of a device's entry, `"name": `, for a value written one level down.
pub fn key(name: &str, capacity: usize) -> Vec<u8> {
    let mut out = Vec::with_capacity(capacity + name.len() + 4);
    // Serialising a string into memory cannot fail.
    serde_json::to_writer(&mut out, name).expect("a string serialises");
    out.extend_from_slice(b": ");
    out
}

/// One device's entry, rendered by a worker: `"name": value`, indented one level.
pub fn entry(name: &str, value: &impl Serialize) -> Vec<u8> {
    let mut pretty = key(name, 4096);
    let start = pretty.len();
    serde_json::to_writer_pretty(&mut pretty, value).expect("a report serialises");
    indent(pretty, start)
}

/// A single value at the top level (one device given as two files).
pub fn value(value: &impl Serialize) -> Vec<u8> {
    let mut pretty = serde_json::to_vec_pretty(value).expect("a report serialises");
    pretty.push(b'\n');
    pretty
}

/// Indents every line after the first of `bytes[start..]` by two spaces. JSON strings never
/// hold a raw newline, so every newline is one of the pretty printer's.
fn indent(bytes: Vec<u8>, start: usize) -> Vec<u8> {
    let extra = newlines(&bytes[start..]) * 2;
    if extra == 0 {
        return bytes;
    }
    let mut out = Vec::with_capacity(bytes.len() + extra);
    for piece in bytes.split_inclusive(|b| *b == b'\n') {
        out.extend_from_slice(piece);
        if piece.ends_with(b"\n") {
            out.extend_from_slice(b"  ");
        }
    }
    out
}

fn newlines(bytes: &[u8]) -> usize {
    bytes.iter().filter(|b| **b == b'\n').count()
}

/// Writes the entries of one object as they come, with the pretty printer's separators.
pub struct ObjectWriter<W: Write> {
    out: W,
    entries: usize,
}

impl<W: Write> ObjectWriter<W> {
    /// Starts an object on `out`.
    pub fn new(out: W) -> ObjectWriter<W> {
        ObjectWriter { out, entries: 0 }
    }

    /// Writes one entry made by [`entry`].
    pub fn push(&mut self, entry: &[u8]) -> io::Result<()> {
        self.out.write_all(if self.entries == 0 {
            b"{\n  "
        } else {
            b",\n  "
        })?;
        self.entries += 1;
        self.out.write_all(entry)
    }

    /// Closes the object (`{}` when it had no entry) and flushes.
    pub fn finish(mut self) -> io::Result<()> {
        self.out
            .write_all(if self.entries == 0 { b"{}\n" } else { b"\n}\n" })?;
        self.out.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn streamed_object_is_what_the_pretty_printer_prints_for_the_whole_map() {
        let devices = [
            ("r\"2", serde_json::json!({"error": "cannot read"})),
            (
                "r1.cfg",
                serde_json::json!({"ntp": {"compliant": true, "missing": "a\nb", "n": [1, 2]}}),
            ),
            ("r3", serde_json::json!({})),
        ];
        let mut out = Vec::new();
        let mut writer = ObjectWriter::new(&mut out);
        for (name, value) in &devices {
            writer.push(&entry(name, value)).unwrap();
        }
        writer.finish().unwrap();
        let whole: serde_json::Map<String, serde_json::Value> = devices
            .iter()
            .map(|(n, v)| (n.to_string(), v.clone()))
            .collect();
        let expected = serde_json::to_string_pretty(&whole).unwrap() + "\n";
        assert_eq!(String::from_utf8(out).unwrap(), expected);
    }

    #[test]
    fn an_empty_object_is_braces() {
        let mut out = Vec::new();
        ObjectWriter::new(&mut out).finish().unwrap();
        assert_eq!(out, b"{}\n");
    }
}
