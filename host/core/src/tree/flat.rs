//! The flat layout of described dialects: every line stands alone at the top level, whatever
//! its indentation (`set`-style configurations).

use super::Builder;
use super::prep::{Prepared, prepare};
use crate::dialect::Spec;
use crate::error::CoreError;
use crate::text::lstrip;
use std::borrow::Cow;

pub(crate) fn parse<'a>(b: &mut Builder<'a>, spec: Spec, text: &'a str) -> Result<(), CoreError> {
    let Prepared { lines, .. } = prepare(&spec, text)?;
    for line in lines {
        let text = match line.text {
            Cow::Borrowed(text) => Cow::Borrowed(lstrip(text)),
            Cow::Owned(text) => Cow::Owned(lstrip(&text).to_string()),
        };
        b.push(text, line.no);
    }
    Ok(())
}
