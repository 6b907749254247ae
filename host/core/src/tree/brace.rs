//! Brace layout (F5 BIG-IP): `{` opens a section, `}` closes it, a value with one `"` runs
//! until a line ending in `"`.

use super::prep::{Prepared, prepare};
use super::{Builder, join};
use crate::dialect::Spec;
use crate::error::CoreError;
use crate::text::lstrip;
use std::borrow::Cow;

pub(crate) fn parse<'a>(b: &mut Builder<'a>, spec: Spec, text: &'a str) -> Result<(), CoreError> {
    let Prepared { lines, .. } = prepare(&spec, text)?;
    let mut it = lines;
    while let Some(line) = it.next() {
        let opens = line.text.ends_with('{');
        let closes = lstrip(&line.text) == "}";
        let quoted = line.text.matches('"').count() == 1;
        let no = line.no;
        let prev = line.text.clone();
        b.push(line.text, no);
        if opens {
            let last = b.last().unwrap_or(0);
            b.stack.push(last);
        } else if closes {
            b.stack.pop();
        } else if quoted {
            // A multi-line quoted value: join it into the line that opened it. netutils also
            // drops one parent level here; kept for parity.
            let mut block = vec![prev];
            for l in it.by_ref() {
                let end = l.text.ends_with('"');
                block.push(l.text);
                if end {
                    b.replace_last(Cow::Owned(join(&block)));
                    b.stack.pop();
                    break;
                }
            }
        }
    }
    Ok(())
}
