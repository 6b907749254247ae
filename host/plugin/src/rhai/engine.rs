//! The hardened Rhai engine, one per script so each gets its own `[plugins.NAME.limits]`.
//!
//! Scripts get the language and the helpers in [`super::helpers`], nothing else: no `eval`,
//! no module imports (so no file access through `import`), no I/O functions (Rhai has none
//! built in), bounded call depth, expression depth and data sizes (strings, arrays and maps,
//! nested contents included). Per-call budgets (operations and a wall-clock deadline) are set
//! by the caller through [`Budget`] and enforced in `on_progress`, which checks the deadline
//! at every operation against the coarse [`clock`](super::clock).

use std::cell::RefCell;

use rhai::module_resolvers::DummyModuleResolver;
use rhai::{Dynamic, Engine};

use super::clock;
use crate::Limits;
use crate::limits::usize_of;

/// Why `on_progress` stopped a script; carried in `ErrorTerminated`.
pub(crate) const STOP_DEADLINE: &str = "aurum:deadline";
pub(crate) const STOP_OPERATIONS: &str = "aurum:operations";

/// The budget of the call running on this thread.
pub(crate) struct Budget {
    /// The [`clock`] reading at which the call must stop.
    pub(crate) deadline: u64,
    pub(crate) max_operations: u64,
}

thread_local! {
    static BUDGET: RefCell<Option<Budget>> = const { RefCell::new(None) };
}

/// Runs `f` under `budget`; the budget is cleared afterwards even if `f` fails.
pub(crate) fn with_budget<R>(budget: Budget, f: impl FnOnce() -> R) -> R {
    struct Reset(Option<Budget>);
    impl Drop for Reset {
        fn drop(&mut self) {
            let previous = self.0.take();
            BUDGET.with(|b| *b.borrow_mut() = previous);
        }
    }
    let previous = BUDGET.with(|b| b.borrow_mut().replace(budget));
    let _reset = Reset(previous);
    f()
}

fn progress(operations: u64) -> Option<Dynamic> {
    BUDGET.with(|b| {
        let budget = b.borrow();
        let budget = budget.as_ref()?;
        if operations > budget.max_operations {
            return Some(STOP_OPERATIONS.into());
        }
        if clock::now() >= budget.deadline {
            return Some(STOP_DEADLINE.into());
        }
        None
    })
}

/// An engine for the script registered as `plugin`, with its limits.
pub(crate) fn build(plugin: &str, limits: &Limits) -> Engine {
    let mut engine = Engine::new();
    engine.set_module_resolver(DummyModuleResolver::new());
    engine.set_max_modules(0);
    engine.disable_symbol("eval");
    engine.set_max_call_levels(usize_of(limits.max_call_depth));
    engine.set_max_expr_depths(128, 64);
    engine.set_max_string_size(usize_of(limits.max_string_bytes));
    engine.set_max_array_size(usize_of(limits.max_array_len));
    engine.set_max_map_size(usize_of(limits.max_map_len));
    engine.set_max_variables(10_000);
    engine.set_max_functions(10_000);
    engine.on_progress(progress);
    let name = plugin.to_owned();
    engine.on_print(move |text| tracing::info!(plugin = %name, "{text}"));
    let name = plugin.to_owned();
    engine.on_debug(move |text, source, position| {
        tracing::debug!(plugin = %name, source = source.unwrap_or(""), %position, "{text}");
    });
    super::helpers::register(&mut engine);
    engine
}
