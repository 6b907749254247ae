use std::collections::{HashMap, VecDeque};

use aurum_sdk::{DriverSpec, Step};
use regex::Regex;

use crate::ConnectError;

/// A mode with its prompt compiled.
#[derive(Debug)]
pub(crate) struct CompiledMode {
    pub name: String,
    pub prompt: Regex,
    pub exclusions: Vec<Regex>,
}

/// A driver spec with every regex compiled once, checked when the driver is loaded rather than
/// in the middle of a session.
#[derive(Debug)]
pub struct CompiledSpec {
    pub spec: DriverSpec,
    pub(crate) modes: Vec<CompiledMode>,
    pub(crate) failure_indicators: Vec<Regex>,
    pub(crate) expects: HashMap<String, Regex>,
    pub(crate) drop_lines: Vec<Regex>,
    pub(crate) mask_secrets: Vec<(Regex, String)>,
    /// The driver's pager markers as one regex; `None` when the platform names none.
    pub(crate) pager: Option<Regex>,
}

impl CompiledSpec {
    pub fn compile(spec: DriverSpec) -> Result<CompiledSpec, ConnectError> {
        let platform = spec.platform.clone();
        let compile = |pattern: &str, what: &str| {
            Regex::new(pattern).map_err(|e| ConnectError::Spec {
                platform: platform.clone(),
                reason: format!("{what} `{pattern}` is not a valid regex: {e}"),
            })
        };
        let mut modes = Vec::with_capacity(spec.modes.len());
        for mode in &spec.modes {
            modes.push(CompiledMode {
                name: mode.name.clone(),
                prompt: compile(&format!("^(?:{})\\s*$", mode.prompt), "prompt")?,
                exclusions: mode
                    .prompt_exclusions
                    .iter()
                    .map(|p| compile(p, "prompt exclusion"))
                    .collect::<Result<_, _>>()?,
            });
        }
        if !modes.iter().any(|m| m.name == spec.default_mode) {
            return Err(ConnectError::Spec {
                platform,
                reason: format!(
                    "default mode `{}` is not among its modes",
                    spec.default_mode
                ),
            });
        }
        let mut expects = HashMap::new();
        let steps = spec
            .on_open
            .iter()
            .chain(&spec.on_close)
            .chain(spec.transitions.iter().flat_map(|t| &t.steps));
        for step in steps {
            if let Some(pattern) = &step.expect {
                expects.insert(
                    pattern.clone(),
                    compile(&format!("(?:{pattern})\\s*$"), "expect")?,
                );
            }
        }
        for transition in &spec.transitions {
            for end in [&transition.from, &transition.to] {
                if !modes.iter().any(|m| &m.name == end) {
                    return Err(ConnectError::Spec {
                        platform,
                        reason: format!("a transition names unknown mode `{end}`"),
                    });
                }
            }
        }
        let failure_indicators = spec
            .failure_indicators
            .iter()
            .map(|p| compile(p, "failure indicator"))
            .collect::<Result<_, _>>()?;
        let drop_lines = spec
            .cleanup
            .drop_lines
            .iter()
            .map(|p| compile(p, "volatile-line pattern"))
            .collect::<Result<_, _>>()?;
        let mask_secrets = spec
            .cleanup
            .mask_secrets
            .iter()
            .map(|r| {
                Ok((
                    compile(&r.pattern, "secret pattern")?,
                    r.replacement.clone(),
                ))
            })
            .collect::<Result<_, ConnectError>>()?;
        let pager = match spec.pager_markers.as_slice() {
            [] => None,
            markers => {
                let alternatives: Vec<String> =
                    markers.iter().map(|m| format!("(?:{m})")).collect();
                Some(compile(&alternatives.join("|"), "pager marker")?)
            }
        };
        Ok(CompiledSpec {
            spec,
            modes,
            failure_indicators,
            expects,
            drop_lines,
            mask_secrets,
            pager,
        })
    }

    /// The mode whose prompt `line` is, if any: the first whose pattern matches and whose
    /// exclusions do not.
    pub(crate) fn mode_of_prompt(&self, line: &str) -> Option<usize> {
        self.modes
            .iter()
            .position(|m| m.prompt.is_match(line) && !m.exclusions.iter().any(|x| x.is_match(line)))
    }

    pub(crate) fn mode_index(&self, name: &str) -> Option<usize> {
        self.modes.iter().position(|m| m.name == name)
    }

    /// The steps that lead from one mode to another, through the fewest transitions.
    pub(crate) fn route(&self, from: usize, to: usize) -> Option<Vec<(&[Step], usize)>> {
        if from == to {
            return Some(Vec::new());
        }
        let mut previous: HashMap<usize, (usize, usize)> = HashMap::new();
        let mut queue = VecDeque::from([from]);
        while let Some(mode) = queue.pop_front() {
            for (index, transition) in self.spec.transitions.iter().enumerate() {
                let (Some(a), Some(b)) = (
                    self.mode_index(&transition.from),
                    self.mode_index(&transition.to),
                ) else {
                    continue;
                };
                if a != mode || b == from || previous.contains_key(&b) {
                    continue;
                }
                previous.insert(b, (a, index));
                if b == to {
                    let mut path = Vec::new();
                    let mut at = to;
                    while at != from {
                        let (before, index) = previous[&at];
                        path.push((self.spec.transitions[index].steps.as_slice(), at));
                        at = before;
                    }
                    path.reverse();
                    return Some(path);
                }
                queue.push_back(b);
            }
        }
        None
    }

    /// The first line of `output` matching a failure indicator.
    pub(crate) fn failure_in<'a>(&self, output: &'a str) -> Option<&'a str> {
        output
            .lines()
            .find(|line| self.failure_indicators.iter().any(|r| r.is_match(line)))
    }
}
