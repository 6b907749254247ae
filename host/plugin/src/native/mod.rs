//! The native backend: a `cdylib` exporting `aurum_plugin_entry` (see `aurum_sdk::native`).
//!
//! Native plugins run in the host process with the host's privileges: no sandbox, no
//! deadline, no memory limit can be enforced on them. They are for integrators who trust the
//! code and need its speed. What the host does guarantee: the table's ABI version and size
//! are checked before any call, the library is never unloaded (its code may be referenced by
//! the table for the life of the process), every buffer goes back to the plugin's own
//! `free`, a panic is caught inside the plugin and reported as a trap, and the library loaded
//! is the bytes that were read and checked against the pin, never whatever the path holds a
//! moment later (see [`verified_copy`]).

mod verified_copy;

use std::path::Path;

use aurum_sdk::native::{
    Buffer, ENTRY_SYMBOL, NATIVE_ABI_VERSION, NativeTable, STATUS_BAD_CALL, STATUS_ERROR,
    STATUS_OK, STATUS_PANIC,
};
use aurum_sdk::{DriverSpec, Findings, PluginInfo, PluginKind};
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::contract::check_info;
use crate::{
    CompliancePlugin, DriverPlugin, PluginError, PostprocessorPlugin, RemediationPlugin,
    TransposerPlugin,
};

pub(crate) struct NativePlugin {
    name: String,
    table: &'static NativeTable,
    info: PluginInfo,
    spec: Option<DriverSpec>,
}

impl NativePlugin {
    /// Loads `bytes`, the verified contents of `path`, as a library (for good), and checks
    /// its table and its info.
    pub(crate) fn load(
        name: &str,
        kind: PluginKind,
        path: &Path,
        bytes: &[u8],
    ) -> Result<Self, PluginError> {
        let compile_error = |reason: String| PluginError::Compile {
            name: name.to_owned(),
            path: path.to_owned(),
            reason,
        };
        // Loading a library runs its initialisers; a native plugin is trusted code by
        // definition (see the module docs), pinned by sha256 when the operator wants that.
        let library = verified_copy::load_library(path, bytes).map_err(compile_error)?;
        // Never unloaded: the table and its function pointers live in the library.
        let library: &'static libloading::Library = Box::leak(Box::new(library));
        // SAFETY: the symbol's type is the one `aurum_sdk::export_native!` defines.
        let entry = unsafe { library.get::<extern "C" fn() -> *const NativeTable>(ENTRY_SYMBOL) }
            .map_err(|e| {
            PluginError::refused(
                name,
                format!("it exports no `aurum_plugin_entry` symbol: {e}"),
            )
        })?;
        let table = entry();
        if table.is_null() {
            return Err(PluginError::refused(
                name,
                "its entry point returned no table",
            ));
        }
        // SAFETY: non-null, and the plugin promises a table that lives as long as the library.
        // Only the two leading u32 fields are read before the size is checked.
        let (abi_version, struct_size) = unsafe { ((*table).abi_version, (*table).struct_size) };
        if abi_version != NATIVE_ABI_VERSION {
            return Err(PluginError::refused(
                name,
                format!("native ABI version {abi_version}, this host speaks {NATIVE_ABI_VERSION}"),
            ));
        }
        if (struct_size as usize) < std::mem::size_of::<NativeTable>() {
            return Err(PluginError::refused(
                name,
                format!("its table is too small ({struct_size} bytes)"),
            ));
        }
        // SAFETY: checked above: non-null, known version, large enough.
        let table: &'static NativeTable = unsafe { &*table };
        let mut plugin = NativePlugin {
            name: name.to_owned(),
            table,
            info: PluginInfo::new(name, "", kind),
            spec: None,
        };
        let mut out = Buffer::empty();
        // SAFETY: `out` is a valid buffer; the table's functions follow the sdk's contract.
        let status = unsafe { (table.info)(&mut out) };
        let text = plugin.take(out)?;
        plugin.info = plugin.decode("info", status, text)?;
        check_info(name, kind, &plugin.info)?;
        if kind == PluginKind::Driver {
            plugin.spec = Some(plugin.call("describe", &[])?);
        }
        Ok(plugin)
    }

    /// Copies a buffer the plugin filled into a `String`, then hands it back to the plugin.
    fn take(&self, out: Buffer) -> Result<String, PluginError> {
        let bytes = if out.ptr.is_null() {
            Vec::new()
        } else {
            // SAFETY: the plugin filled `out` with `len` initialised bytes at `ptr`.
            unsafe { std::slice::from_raw_parts(out.ptr, out.len) }.to_vec()
        };
        // SAFETY: `out` came from this plugin and is freed exactly once.
        unsafe { (self.table.free)(out) };
        String::from_utf8(bytes)
            .map_err(|_| PluginError::invalid(&self.name, "output is not UTF-8"))
    }

    fn decode<T: DeserializeOwned>(
        &self,
        function: &str,
        status: i32,
        text: String,
    ) -> Result<T, PluginError> {
        let name = self.name.clone();
        match status {
            STATUS_OK => serde_json::from_str(&text)
                .map_err(|e| PluginError::invalid(&name, format!("`{function}` returned {e}"))),
            STATUS_ERROR => Err(PluginError::Failed {
                name,
                message: text,
            }),
            STATUS_PANIC => Err(PluginError::Trapped {
                name,
                message: format!("panicked: {text}"),
            }),
            STATUS_BAD_CALL => Err(PluginError::refused(&name, format!("`{function}`: {text}"))),
            other => Err(PluginError::invalid(
                &name,
                format!("`{function}` returned status {other}"),
            )),
        }
    }

    fn call<T: DeserializeOwned>(&self, function: &str, args: &[&str]) -> Result<T, PluginError> {
        let args = serde_json::to_vec(args)
            .map_err(|e| PluginError::invalid(&self.name, e.to_string()))?;
        let mut out = Buffer::empty();
        // SAFETY: both slices are valid for the call; `out` is a valid buffer.
        let status = unsafe {
            (self.table.call)(
                function.as_ptr(),
                function.len(),
                args.as_ptr(),
                args.len(),
                &mut out,
            )
        };
        let text = self.take(out)?;
        self.decode(function, status, text)
    }
}

impl PostprocessorPlugin for NativePlugin {
    fn info(&self) -> &PluginInfo {
        &self.info
    }

    fn process(&self, config: &str, context: &Value) -> Result<String, PluginError> {
        self.call("process", &[config, &context.to_string()])
    }
}

impl TransposerPlugin for NativePlugin {
    fn info(&self) -> &PluginInfo {
        &self.info
    }

    fn transpose(&self, data: &Value) -> Result<Value, PluginError> {
        let json: String = self.call("transpose", &[&data.to_string()])?;
        serde_json::from_str(&json).map_err(|e| {
            PluginError::invalid(&self.name, format!("transpose did not return JSON: {e}"))
        })
    }
}

impl CompliancePlugin for NativePlugin {
    fn info(&self) -> &PluginInfo {
        &self.info
    }

    fn check(&self, feature: &str, actual: &str, intended: &str) -> Result<Findings, PluginError> {
        self.call("check", &[feature, actual, intended])
    }
}

impl RemediationPlugin for NativePlugin {
    fn info(&self) -> &PluginInfo {
        &self.info
    }

    fn remediate(
        &self,
        platform: &str,
        running: &str,
        intended: &str,
    ) -> Result<String, PluginError> {
        self.call("remediate", &[platform, running, intended])
    }
}

impl DriverPlugin for NativePlugin {
    fn info(&self) -> &PluginInfo {
        &self.info
    }

    fn describe(&self) -> Result<DriverSpec, PluginError> {
        self.spec
            .clone()
            .ok_or_else(|| PluginError::refused(&self.name, "not a driver (a host bug)"))
    }

    fn clean(&self, raw: &str) -> Result<String, PluginError> {
        self.call("clean", &[raw])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The path is swapped for another library after its bytes were verified: what loads
    /// must be the verified bytes.
    #[test]
    fn the_verified_bytes_load_even_if_the_path_was_swapped() {
        let verified = std::fs::read(aurum_plugin_fixtures::native("strip_snmp_native")).unwrap();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("plugin.so");
        std::fs::copy(aurum_plugin_fixtures::native("hostile_native"), &path).unwrap();
        let plugin = NativePlugin::load(
            "strip_snmp_native",
            PluginKind::Postprocessor,
            &path,
            &verified,
        )
        .unwrap();
        assert_eq!(plugin.info.name, "strip_snmp_native");
        let out = PostprocessorPlugin::process(
            &plugin,
            "hostname r1\nsnmp-server community public RO\n",
            &Value::Null,
        )
        .unwrap();
        assert_eq!(out, "hostname r1\n");
        // And the next library loaded is itself, not the previous one again.
        let other = std::fs::read(&path).unwrap();
        let plugin =
            NativePlugin::load("hostile_native", PluginKind::Postprocessor, &path, &other).unwrap();
        assert_eq!(plugin.info.name, "hostile_native");
    }
}
