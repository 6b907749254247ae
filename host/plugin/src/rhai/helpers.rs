//! Native helpers registered on the Rhai engine: the heavy lifting scripts would otherwise do
//! slowly, one operation at a time (line filtering, regex replacement, JSON).
//!
//! Regexes are compiled with a size limit and cached per thread, so a script calling
//! `regex_replace` in a loop pays for compilation once.

use std::cell::RefCell;
use std::collections::HashMap;

use regex::{Regex, RegexBuilder};
use rhai::{Dynamic, Engine, EvalAltResult, Position};

type RhaiResult<T> = Result<T, Box<EvalAltResult>>;

const REGEX_SIZE_LIMIT: usize = 1 << 20;
const REGEX_CACHE_ENTRIES: usize = 256;

thread_local! {
    static REGEXES: RefCell<HashMap<String, Regex>> = RefCell::new(HashMap::new());
}

fn regex(pattern: &str) -> RhaiResult<Regex> {
    if let Some(found) = REGEXES.with(|c| c.borrow().get(pattern).cloned()) {
        return Ok(found);
    }
    let compiled = RegexBuilder::new(pattern)
        .multi_line(true)
        .size_limit(REGEX_SIZE_LIMIT)
        .build()
        .map_err(|e| error(format!("invalid regex {pattern:?}: {e}")))?;
    REGEXES.with(|c| {
        let mut cache = c.borrow_mut();
        if cache.len() >= REGEX_CACHE_ENTRIES {
            cache.clear();
        }
        cache.insert(pattern.to_owned(), compiled.clone());
    });
    Ok(compiled)
}

fn error(message: String) -> Box<EvalAltResult> {
    Box::new(EvalAltResult::ErrorRuntime(message.into(), Position::NONE))
}

fn filter_lines(text: &str, pattern: &str, keep_matching: bool) -> RhaiResult<String> {
    let re = regex(pattern)?;
    let mut out = String::with_capacity(text.len());
    for line in text.lines() {
        if re.is_match(line) == keep_matching {
            out.push_str(line);
            out.push('\n');
        }
    }
    Ok(out)
}

pub(crate) fn register(engine: &mut Engine) {
    engine.register_fn("keep_lines", |text: &str, pattern: &str| {
        filter_lines(text, pattern, true)
    });
    engine.register_fn("drop_lines", |text: &str, pattern: &str| {
        filter_lines(text, pattern, false)
    });
    engine.register_fn(
        "regex_match",
        |text: &str, pattern: &str| -> RhaiResult<bool> { Ok(regex(pattern)?.is_match(text)) },
    );
    engine.register_fn(
        "regex_replace",
        |text: &str, pattern: &str, replacement: &str| -> RhaiResult<String> {
            Ok(regex(pattern)?.replace_all(text, replacement).into_owned())
        },
    );
    engine.register_fn("split_lines", |text: &str| -> rhai::Array {
        text.lines().map(|l| Dynamic::from(l.to_owned())).collect()
    });
    engine.register_fn("json_parse", |text: &str| -> RhaiResult<Dynamic> {
        let value: serde_json::Value =
            serde_json::from_str(text).map_err(|e| error(format!("invalid JSON: {e}")))?;
        rhai::serde::to_dynamic(value)
    });
    engine.register_fn("json_stringify", |value: Dynamic| -> RhaiResult<String> {
        let value: serde_json::Value = rhai::serde::from_dynamic(&value)?;
        Ok(value.to_string())
    });
}
