use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use aurum_connect::CompiledSpec;
use aurum_plugin::Registry;

use crate::ServiceError;

/// Where driver specs come from: the plugin registry in Aurum, anything in tests.
pub trait DriverCatalog: Send + Sync {
    /// The compiled spec of the driver plugin `name`.
    fn spec(&self, name: &str) -> Result<Arc<CompiledSpec>, ServiceError>;
}

/// Driver specs from the plugin registry, described once per driver and compiled once.
pub struct RegistryDrivers {
    registry: Arc<Registry>,
    compiled: Mutex<HashMap<String, Arc<CompiledSpec>>>,
}

impl RegistryDrivers {
    pub fn new(registry: Arc<Registry>) -> Self {
        Self {
            registry,
            compiled: Mutex::new(HashMap::new()),
        }
    }
}

impl DriverCatalog for RegistryDrivers {
    fn spec(&self, name: &str) -> Result<Arc<CompiledSpec>, ServiceError> {
        if let Some(spec) = self.compiled.lock().expect("driver cache lock").get(name) {
            return Ok(spec.clone());
        }
        let failed = |reason: String| ServiceError::Driver {
            driver: name.to_string(),
            reason,
        };
        let plugin = self
            .registry
            .driver(name)
            .map_err(|e| failed(e.to_string()))?;
        let spec = plugin.describe().map_err(|e| failed(e.to_string()))?;
        let compiled = Arc::new(CompiledSpec::compile(spec).map_err(|e| failed(e.to_string()))?);
        self.compiled
            .lock()
            .expect("driver cache lock")
            .insert(name.to_string(), compiled.clone());
        Ok(compiled)
    }
}
