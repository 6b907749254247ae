//! Idle driver instances kept for `clean()`. A backup job cleans every device's config with
//! the same driver; instantiating the component (a WASI context, fresh linear memory) for each
//! device cost more than many cleanups themselves. A driver's instance is reused only by the
//! same driver's `clean()`, it gets a new deadline per call, and one that trapped is dropped.

use std::sync::Mutex;

use wasmtime::Store;

use super::bindings::driver::Driver;
use super::store::State;

/// At most this many idle instances per driver (about one per concurrent device cleanup).
const KEPT: usize = 16;

#[derive(Default)]
pub(crate) struct Idle {
    instances: Mutex<Vec<(Store<State>, Driver)>>,
}

impl Idle {
    pub(crate) fn take(&self) -> Option<(Store<State>, Driver)> {
        self.instances.lock().expect("never poisoned").pop()
    }

    pub(crate) fn give_back(&self, instance: (Store<State>, Driver)) {
        let mut instances = self.instances.lock().expect("never poisoned");
        if instances.len() < KEPT {
            instances.push(instance);
        }
    }
}
