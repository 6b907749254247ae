//! The native (C ABI) contract, for integrators who need native speed.
//!
//! A native plugin is a `cdylib` exporting one symbol, [`ENTRY_SYMBOL`], an
//! `extern "C" fn() -> *const NativeTable`. The table is versioned ([`NATIVE_ABI_VERSION`],
//! `struct_size`) so a host can refuse, or later adapt to, a table it does not know.
//!
//! Data crosses as UTF-8 buffers: `call` takes the function's name and its arguments as a
//! JSON array of strings (the WIT arguments, in order) and fills `out` with the JSON result
//! (a string, a [`crate::Findings`] or a [`crate::DriverSpec`]) or an error message. Every
//! buffer the plugin hands out is freed by the plugin's own `free`, so host and plugin may use
//! different allocators. A panic is caught inside the plugin (see [`export_native!`]) and
//! reported as [`STATUS_PANIC`]; it never unwinds into the host. The host never unloads a
//! native library.
//!
//! [`export_native!`]: crate::export_native

use std::panic::{AssertUnwindSafe, catch_unwind};

use crate::{Compliance, Driver, PluginInfo, Postprocessor, Remediation, Transposer};

/// Version of [`NativeTable`]'s layout and calling convention.
pub const NATIVE_ABI_VERSION: u32 = 1;

/// The symbol a native plugin exports (NUL-terminated for `dlsym`).
pub const ENTRY_SYMBOL: &[u8] = b"aurum_plugin_entry\0";

/// The call succeeded; `out` holds the JSON result.
pub const STATUS_OK: i32 = 0;
/// The plugin returned an error; `out` holds its message.
pub const STATUS_ERROR: i32 = 1;
/// The plugin panicked; `out` holds the panic message.
pub const STATUS_PANIC: i32 = 2;
/// The host asked for a function the plugin lacks, or sent malformed arguments.
pub const STATUS_BAD_CALL: i32 = 3;

/// A byte buffer owned by the plugin until passed back to [`NativeTable::free`].
#[repr(C)]
#[derive(Debug)]
pub struct Buffer {
    pub ptr: *mut u8,
    pub len: usize,
    pub cap: usize,
}

impl Buffer {
    /// An empty buffer, for the host to pass as `out`.
    pub const fn empty() -> Self {
        Buffer {
            ptr: std::ptr::null_mut(),
            len: 0,
            cap: 0,
        }
    }

    fn from_string(text: String) -> Self {
        let mut bytes = std::mem::ManuallyDrop::new(text.into_bytes());
        Buffer {
            ptr: bytes.as_mut_ptr(),
            len: bytes.len(),
            cap: bytes.capacity(),
        }
    }
}

/// The table a native plugin's entry point returns; it must live as long as the library.
#[repr(C)]
pub struct NativeTable {
    pub abi_version: u32,
    /// `size_of::<NativeTable>()` as the plugin was compiled: a later, longer table keeps
    /// these fields first, so a host can tell which fields exist.
    pub struct_size: u32,
    /// Fills `out` with the JSON [`PluginInfo`]; returns a status.
    pub info: unsafe extern "C" fn(out: *mut Buffer) -> i32,
    /// Calls `function` with a JSON array of string arguments; fills `out`; returns a status.
    pub call: unsafe extern "C" fn(
        function: *const u8,
        function_len: usize,
        args: *const u8,
        args_len: usize,
        out: *mut Buffer,
    ) -> i32,
    /// Frees a buffer this plugin filled.
    pub free: unsafe extern "C" fn(buffer: Buffer),
}

/// How one kind's functions are reached by name; implemented for the kind adapters below.
#[doc(hidden)]
pub trait Dispatch {
    fn info() -> PluginInfo;
    /// Calls `function`, returning its JSON result.
    fn call(function: &str, args: Vec<String>) -> Result<String, CallError>;
}

#[doc(hidden)]
pub enum CallError {
    BadCall(String),
    Plugin(String),
}

fn args<const N: usize>(function: &str, args: Vec<String>) -> Result<[String; N], CallError> {
    let found = args.len();
    args.try_into()
        .map_err(|_| CallError::BadCall(format!("`{function}` takes {N} arguments, got {found}")))
}

fn json<T: serde::Serialize>(value: &T) -> Result<String, CallError> {
    serde_json::to_string(value).map_err(|e| CallError::Plugin(e.to_string()))
}

macro_rules! adapter {
    ($name:ident, $bound:ident, |$function:ident, $args:ident| $body:expr) => {
        #[doc(hidden)]
        pub struct $name<T>(std::marker::PhantomData<T>);
        impl<T: $bound> Dispatch for $name<T> {
            fn info() -> PluginInfo {
                T::info()
            }
            fn call($function: &str, $args: Vec<String>) -> Result<String, CallError> {
                $body
            }
        }
    };
}

adapter!(
    PostprocessorAdapter,
    Postprocessor,
    |function, a| match function {
        "process" => {
            let [config, context] = args(function, a)?;
            json(&T::process(config, context).map_err(CallError::Plugin)?)
        }
        _ => Err(CallError::BadCall(format!("no function `{function}`"))),
    }
);

adapter!(
    TransposerAdapter,
    Transposer,
    |function, a| match function {
        "transpose" => {
            let [data] = args(function, a)?;
            json(&T::transpose(data).map_err(CallError::Plugin)?)
        }
        _ => Err(CallError::BadCall(format!("no function `{function}`"))),
    }
);

adapter!(
    ComplianceAdapter,
    Compliance,
    |function, a| match function {
        "check" => {
            let [feature, actual, intended] = args(function, a)?;
            json(&T::check(feature, actual, intended).map_err(CallError::Plugin)?)
        }
        _ => Err(CallError::BadCall(format!("no function `{function}`"))),
    }
);

adapter!(
    RemediationAdapter,
    Remediation,
    |function, a| match function {
        "remediate" => {
            let [platform, running, intended] = args(function, a)?;
            json(&T::remediate(platform, running, intended).map_err(CallError::Plugin)?)
        }
        _ => Err(CallError::BadCall(format!("no function `{function}`"))),
    }
);

adapter!(DriverAdapter, Driver, |function, a| match function {
    "describe" => {
        let [] = args(function, a)?;
        json(&T::describe())
    }
    "clean" => {
        let [raw] = args(function, a)?;
        json(&T::clean(raw).map_err(CallError::Plugin)?)
    }
    _ => Err(CallError::BadCall(format!("no function `{function}`"))),
});

fn panic_message(payload: Box<dyn std::any::Any + Send>) -> String {
    if let Some(s) = payload.downcast_ref::<&str>() {
        (*s).to_owned()
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s.clone()
    } else {
        "panic with a non-string payload".to_owned()
    }
}

unsafe fn write(out: *mut Buffer, text: String) {
    if !out.is_null() {
        // SAFETY: the host passes a valid, writable `Buffer`.
        unsafe { out.write(Buffer::from_string(text)) };
    }
}

#[doc(hidden)]
pub unsafe extern "C" fn info<D: Dispatch>(out: *mut Buffer) -> i32 {
    let result = catch_unwind(|| serde_json::to_string(&D::info()));
    let (status, text) = match result {
        Ok(Ok(text)) => (STATUS_OK, text),
        Ok(Err(e)) => (STATUS_ERROR, e.to_string()),
        Err(payload) => (STATUS_PANIC, panic_message(payload)),
    };
    // SAFETY: forwarded from the caller's contract.
    unsafe { write(out, text) };
    status
}

#[doc(hidden)]
pub unsafe extern "C" fn call<D: Dispatch>(
    function: *const u8,
    function_len: usize,
    args: *const u8,
    args_len: usize,
    out: *mut Buffer,
) -> i32 {
    // SAFETY: the host passes valid (ptr, len) pairs for the duration of the call.
    let (function, args) = unsafe { (slice(function, function_len), slice(args, args_len)) };
    let result = catch_unwind(AssertUnwindSafe(|| {
        let function = std::str::from_utf8(function)
            .map_err(|_| CallError::BadCall("function name is not UTF-8".to_owned()))?;
        let args: Vec<String> = serde_json::from_slice(args).map_err(|e| {
            CallError::BadCall(format!("arguments are not a JSON array of strings: {e}"))
        })?;
        D::call(function, args)
    }));
    let (status, text) = match result {
        Ok(Ok(text)) => (STATUS_OK, text),
        Ok(Err(CallError::Plugin(message))) => (STATUS_ERROR, message),
        Ok(Err(CallError::BadCall(message))) => (STATUS_BAD_CALL, message),
        Err(payload) => (STATUS_PANIC, panic_message(payload)),
    };
    // SAFETY: forwarded from the caller's contract.
    unsafe { write(out, text) };
    status
}

unsafe fn slice<'a>(ptr: *const u8, len: usize) -> &'a [u8] {
    if ptr.is_null() || len == 0 {
        &[]
    } else {
        // SAFETY: non-null and sized per the caller's contract.
        unsafe { std::slice::from_raw_parts(ptr, len) }
    }
}

#[doc(hidden)]
pub unsafe extern "C" fn free(buffer: Buffer) {
    if !buffer.ptr.is_null() {
        // SAFETY: `buffer` was made by `Buffer::from_string` in this library.
        drop(unsafe { Vec::from_raw_parts(buffer.ptr, buffer.len, buffer.cap) });
    }
}

/// The table for a dispatcher; used by [`export_native!`].
///
/// [`export_native!`]: crate::export_native
#[doc(hidden)]
pub const fn table<D: Dispatch>() -> NativeTable {
    NativeTable {
        abi_version: NATIVE_ABI_VERSION,
        struct_size: std::mem::size_of::<NativeTable>() as u32,
        info: info::<D>,
        call: call::<D>,
        free,
    }
}

/// Exports a plugin from a `cdylib` through the native ABI:
/// `aurum_sdk::export_native!(postprocessor: MyPlugin);` (or `transposer`, `compliance`,
/// `driver`, `remediation`).
#[macro_export]
macro_rules! export_native {
    (postprocessor: $plugin:ty) => {
        $crate::export_native!(@table $crate::native::PostprocessorAdapter<$plugin>);
    };
    (transposer: $plugin:ty) => {
        $crate::export_native!(@table $crate::native::TransposerAdapter<$plugin>);
    };
    (compliance: $plugin:ty) => {
        $crate::export_native!(@table $crate::native::ComplianceAdapter<$plugin>);
    };
    (driver: $plugin:ty) => {
        $crate::export_native!(@table $crate::native::DriverAdapter<$plugin>);
    };
    (remediation: $plugin:ty) => {
        $crate::export_native!(@table $crate::native::RemediationAdapter<$plugin>);
    };
    (@table $adapter:ty) => {
        /// The native plugin entry point.
        #[unsafe(no_mangle)]
        pub extern "C" fn aurum_plugin_entry() -> *const $crate::native::NativeTable {
            static TABLE: $crate::native::NativeTable = $crate::native::table::<$adapter>();
            &TABLE
        }
    };
}
