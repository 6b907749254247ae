//! The one hardened Rhai engine shared by every script.
//!
//! Scripts get the language and the helpers in [`super::helpers`], nothing else: no `eval`,
//! no module imports (so no file access through `import`), no I/O functions (Rhai has none
//! built in), bounded call depth, expression depth and data sizes. Per-call budgets
//! (operations and a wall-clock deadline) are set by the caller through [`Budget`] and
//! enforced in `on_progress`.

use std::cell::RefCell;
use std::sync::OnceLock;
use std::time::Instant;

use rhai::module_resolvers::DummyModuleResolver;
use rhai::{Dynamic, Engine};

/// Why `on_progress` stopped a script; carried in `ErrorTerminated`.
pub(crate) const STOP_DEADLINE: &str = "aurum:deadline";
pub(crate) const STOP_OPERATIONS: &str = "aurum:operations";

/// How often (in operations) the deadline is checked; reading the clock every operation
/// would dominate small scripts.
const CLOCK_EVERY: u64 = 1024;

/// The limits of the call running on this thread, and the plugin it belongs to (for logs).
pub(crate) struct Budget {
    pub(crate) plugin: String,
    pub(crate) deadline: Instant,
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

fn current_plugin() -> String {
    BUDGET.with(|b| {
        b.borrow()
            .as_ref()
            .map(|b| b.plugin.clone())
            .unwrap_or_default()
    })
}

fn progress(operations: u64) -> Option<Dynamic> {
    BUDGET.with(|b| {
        let budget = b.borrow();
        let budget = budget.as_ref()?;
        if operations > budget.max_operations {
            return Some(STOP_OPERATIONS.into());
        }
        if operations.is_multiple_of(CLOCK_EVERY) && Instant::now() >= budget.deadline {
            return Some(STOP_DEADLINE.into());
        }
        None
    })
}

/// The shared engine.
pub(crate) fn engine() -> &'static Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(build)
}

fn build() -> Engine {
    let mut engine = Engine::new();
    engine.set_module_resolver(DummyModuleResolver::new());
    engine.set_max_modules(0);
    engine.disable_symbol("eval");
    engine.set_max_call_levels(64);
    engine.set_max_expr_depths(128, 64);
    engine.set_max_string_size(64 * 1024 * 1024);
    engine.set_max_array_size(1_000_000);
    engine.set_max_map_size(1_000_000);
    engine.set_max_variables(10_000);
    engine.set_max_functions(10_000);
    engine.on_progress(progress);
    engine.on_print(|text| tracing::info!(plugin = %current_plugin(), "{text}"));
    engine.on_debug(|text, source, position| {
        tracing::debug!(plugin = %current_plugin(), source = source.unwrap_or(""), %position, "{text}");
    });
    super::helpers::register(&mut engine);
    engine
}
