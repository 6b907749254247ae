//! A loaded Rhai script: compiled once to an AST, its functions called by name.

use aurum_sdk::{DriverSpec, Findings, PluginInfo, PluginKind};
use rhai::{AST, CallFnOptions, Dynamic, Engine, EvalAltResult, FuncArgs, Scope};
use serde::de::DeserializeOwned;
use serde_json::Value;

use super::clock;
use super::engine::{Budget, STOP_DEADLINE, STOP_OPERATIONS, build, with_budget};
use crate::contract::check_info;
use crate::{
    CompliancePlugin, DriverPlugin, Limits, PluginError, PostprocessorPlugin, RemediationPlugin,
    TransposerPlugin,
};

/// The functions (name, number of parameters) a script of each kind must define; the same
/// names and arities as the WIT worlds.
fn contract(kind: PluginKind) -> &'static [(&'static str, usize)] {
    match kind {
        PluginKind::Driver => &[("info", 0), ("describe", 0), ("clean", 1)],
        PluginKind::Compliance => &[("info", 0), ("check", 3)],
        PluginKind::Transposer => &[("info", 0), ("transpose", 1)],
        PluginKind::Postprocessor => &[("info", 0), ("process", 2)],
        PluginKind::Remediation => &[("info", 0), ("remediate", 3)],
    }
}

pub(crate) struct RhaiPlugin {
    name: String,
    limits: Limits,
    engine: Engine,
    ast: AST,
    info: PluginInfo,
    spec: Option<DriverSpec>,
}

impl RhaiPlugin {
    /// Compiles `source`, checks the functions it defines against the kind's contract, then
    /// asks the script who it is (and a driver for its spec).
    pub(crate) fn load(
        name: &str,
        kind: PluginKind,
        path: &std::path::Path,
        source: &[u8],
        limits: Limits,
    ) -> Result<Self, PluginError> {
        let compile_error = |reason: String| PluginError::Compile {
            name: name.to_owned(),
            path: path.to_owned(),
            reason,
        };
        let source =
            std::str::from_utf8(source).map_err(|e| compile_error(format!("not UTF-8: {e}")))?;
        let engine = build(name, &limits);
        let ast = engine
            .compile(source)
            .map_err(|e| compile_error(e.to_string()))?;
        for (function, arity) in contract(kind) {
            let defined = ast
                .iter_functions()
                .any(|f| f.name == *function && f.params.len() == *arity);
            if !defined {
                return Err(PluginError::refused(
                    name,
                    format!(
                        "a {kind} script must define `fn {function}` with {arity} parameter(s)"
                    ),
                ));
            }
        }
        let mut plugin = RhaiPlugin {
            name: name.to_owned(),
            limits,
            engine,
            ast,
            info: PluginInfo::new(name, "", kind),
            spec: None,
        };
        plugin.info = plugin.call_typed("info", ())?;
        check_info(name, kind, &plugin.info)?;
        if kind == PluginKind::Driver {
            plugin.spec = Some(plugin.call_typed("describe", ())?);
        }
        Ok(plugin)
    }

    /// Calls a script function under this plugin's budget.
    fn call(&self, function: &str, args: impl FuncArgs) -> Result<Dynamic, PluginError> {
        let budget = Budget {
            deadline: clock::deadline_after(self.limits.timeout()),
            max_operations: self.limits.max_operations,
        };
        with_budget(budget, || {
            let mut scope = Scope::new();
            let options = CallFnOptions::new().eval_ast(false).rewind_scope(true);
            self.engine
                .call_fn_with_options::<Dynamic>(options, &mut scope, &self.ast, function, args)
        })
        .map_err(|e| self.classify(*e))
    }

    fn call_typed<T: DeserializeOwned>(
        &self,
        function: &str,
        args: impl FuncArgs,
    ) -> Result<T, PluginError> {
        let value = self.call(function, args)?;
        rhai::serde::from_dynamic(&value)
            .map_err(|e| PluginError::invalid(&self.name, format!("`{function}` returned {e}")))
    }

    fn call_string(&self, function: &str, args: impl FuncArgs) -> Result<String, PluginError> {
        let value = self.call(function, args)?;
        let type_name = value.type_name();
        value.into_string().map_err(|_| {
            PluginError::invalid(
                &self.name,
                format!("`{function}` must return a string, not {type_name}"),
            )
        })
    }

    fn classify(&self, error: EvalAltResult) -> PluginError {
        let name = self.name.clone();
        match error {
            EvalAltResult::ErrorTerminated(token, _) if token.to_string() == STOP_DEADLINE => {
                PluginError::DeadlineExceeded {
                    name,
                    timeout_ms: self.limits.timeout_ms,
                }
            }
            EvalAltResult::ErrorTerminated(token, _) if token.to_string() == STOP_OPERATIONS => {
                self.operations_exceeded()
            }
            EvalAltResult::ErrorTooManyOperations(_) => self.operations_exceeded(),
            EvalAltResult::ErrorDataTooLarge(what, position) => {
                self.data_too_large(&what, position)
            }
            EvalAltResult::ErrorStackOverflow(position) => PluginError::limit(
                &name,
                "max_call_depth",
                format!(
                    "function calls nested deeper than {} ({position})",
                    self.limits.max_call_depth
                ),
            ),
            EvalAltResult::ErrorTooManyModules(_) => {
                PluginError::refused(&name, "scripts may not import modules")
            }
            // A limit hit inside a script function is still that limit; other errors keep
            // the function they happened in.
            EvalAltResult::ErrorInFunctionCall(function, _, inner, _) => {
                match self.classify(*inner) {
                    PluginError::Failed { name, message } => PluginError::Failed {
                        name,
                        message: format!("{message} in function `{function}`"),
                    },
                    PluginError::Trapped { name, message } => PluginError::Trapped {
                        name,
                        message: format!("{message} in function `{function}`"),
                    },
                    limit => limit,
                }
            }
            EvalAltResult::ErrorRuntime(value, position) => PluginError::Failed {
                name,
                message: format!("{value} ({position})"),
            },
            other => PluginError::Trapped {
                name,
                message: other.to_string(),
            },
        }
    }
}

impl RhaiPlugin {
    fn operations_exceeded(&self) -> PluginError {
        PluginError::limit(
            &self.name,
            "max_operations",
            format!(
                "more than {} operations in one call",
                self.limits.max_operations
            ),
        )
    }

    /// Names the limit from Rhai's description of what grew too large.
    fn data_too_large(&self, what: &str, position: rhai::Position) -> PluginError {
        let (setting, detail) = if what.contains("string") {
            let limit = self.limits.max_string_bytes;
            (
                "max_string_bytes",
                format!("a string (or the strings in one value) longer than {limit} bytes"),
            )
        } else if what.contains("array") {
            let limit = self.limits.max_array_len;
            (
                "max_array_len",
                format!("an array (nested arrays included) of more than {limit} elements"),
            )
        } else if what.contains("map") {
            let limit = self.limits.max_map_len;
            (
                "max_map_len",
                format!("an object map (nested maps included) of more than {limit} entries"),
            )
        } else {
            return PluginError::Trapped {
                name: self.name.clone(),
                message: format!("{what} too large ({position})"),
            };
        };
        PluginError::limit(&self.name, setting, format!("{detail} ({position})"))
    }
}

fn to_dynamic(value: &Value) -> Dynamic {
    rhai::serde::to_dynamic(value).unwrap_or(Dynamic::UNIT)
}

impl PostprocessorPlugin for RhaiPlugin {
    fn info(&self) -> &PluginInfo {
        &self.info
    }

    fn process(&self, config: &str, context: &Value) -> Result<String, PluginError> {
        self.call_string("process", (config.to_owned(), to_dynamic(context)))
    }
}

impl TransposerPlugin for RhaiPlugin {
    fn info(&self) -> &PluginInfo {
        &self.info
    }

    fn transpose(&self, data: &Value) -> Result<Value, PluginError> {
        self.call_typed("transpose", (to_dynamic(data),))
    }
}

impl CompliancePlugin for RhaiPlugin {
    fn info(&self) -> &PluginInfo {
        &self.info
    }

    fn check(&self, feature: &str, actual: &str, intended: &str) -> Result<Findings, PluginError> {
        self.call_typed(
            "check",
            (feature.to_owned(), actual.to_owned(), intended.to_owned()),
        )
    }
}

impl RemediationPlugin for RhaiPlugin {
    fn info(&self) -> &PluginInfo {
        &self.info
    }

    fn remediate(
        &self,
        platform: &str,
        running: &str,
        intended: &str,
    ) -> Result<String, PluginError> {
        self.call_string(
            "remediate",
            (platform.to_owned(), running.to_owned(), intended.to_owned()),
        )
    }
}

impl DriverPlugin for RhaiPlugin {
    fn info(&self) -> &PluginInfo {
        &self.info
    }

    fn describe(&self) -> Result<DriverSpec, PluginError> {
        self.spec
            .clone()
            .ok_or_else(|| PluginError::refused(&self.name, "not a driver (a host bug)"))
    }

    fn clean(&self, raw: &str) -> Result<String, PluginError> {
        self.call_string("clean", (raw.to_owned(),))
    }
}
