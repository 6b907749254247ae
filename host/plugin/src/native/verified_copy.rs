//! Opening exactly the bytes that were verified.
//!
//! `dlopen` takes a path, and a path can be swapped between the moment the host hashed the
//! file and the moment the loader opens it. So the host never hands the loader the plugin's
//! own path: it writes the bytes it read and checked to a private copy and loads that. On
//! Linux the copy is a sealed `memfd` (no name in any directory, and the seals make it
//! immutable even to this process); elsewhere, or when memfds are unavailable, a file in a
//! fresh 0700 directory, removed once loaded.

use std::io::Write;
use std::path::Path;

use libloading::Library;

/// Loads `bytes` (the verified contents of `path`, named only in errors) as a library.
pub(crate) fn load_library(path: &Path, bytes: &[u8]) -> Result<Library, String> {
    #[cfg(target_os = "linux")]
    match memfd::sealed(bytes) {
        Ok(file) => {
            use std::os::fd::IntoRawFd;
            // The descriptor stays open for the life of the process (the library is never
            // unloaded either): the loader knows a library by its path, and a closed fd's
            // number, reused for the next plugin, would make `dlopen` hand back this one.
            let fd = file.into_raw_fd();
            let fd_path = format!("/proc/self/fd/{fd}");
            // SAFETY: a native plugin is trusted code (see the module docs of `native`);
            // these are the bytes that matched its pin.
            return unsafe { Library::new(&fd_path) }.map_err(|e| e.to_string());
        }
        Err(e) => tracing::debug!(
            path = %path.display(),
            "cannot load the native plugin from a memfd ({e}); using a private copy"
        ),
    }
    private_copy(path, bytes)
}

/// Writes `bytes` to a new file in a new 0700 directory, loads it, and removes both.
fn private_copy(path: &Path, bytes: &[u8]) -> Result<Library, String> {
    let dir = private_dir().map_err(|e| format!("cannot make a private copy of it: {e}"))?;
    let file_name = path.file_name().unwrap_or("plugin".as_ref());
    let copy = dir.join(file_name);
    let result = write_new(&copy, bytes)
        .map_err(|e| format!("cannot write a private copy to {}: {e}", copy.display()))
        // SAFETY: as in `load_library`; the copy is in a directory only this user can write.
        .and_then(|()| unsafe { Library::new(&copy) }.map_err(|e| e.to_string()));
    let _ = std::fs::remove_file(&copy);
    let _ = std::fs::remove_dir(&dir);
    result
}

fn private_dir() -> std::io::Result<std::path::PathBuf> {
    use std::sync::atomic::{AtomicU64, Ordering};
    static NEXT: AtomicU64 = AtomicU64::new(0);
    let mut builder = std::fs::DirBuilder::new();
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or(0);
    let dir = std::env::temp_dir().join(format!(
        "aurum-native-{}-{}-{nanos}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed)
    ));
    // `create` (not `create_all`) fails if the name exists: never reuse someone's directory.
    builder.create(&dir)?;
    Ok(dir)
}

fn write_new(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o700);
    let mut file = options.open(path)?;
    file.write_all(bytes)?;
    file.sync_all()
}

#[cfg(target_os = "linux")]
mod memfd {
    use std::fs::File;
    use std::io::Write;
    use std::os::fd::{AsRawFd, FromRawFd};

    /// An anonymous in-memory file holding `bytes`, sealed against any change.
    pub(super) fn sealed(bytes: &[u8]) -> std::io::Result<File> {
        let name = c"aurum-native-plugin";
        let flags = libc::MFD_CLOEXEC | libc::MFD_ALLOW_SEALING;
        // SAFETY: `name` is a valid C string; the flags are known to this kernel or refused.
        // MFD_EXEC is needed where `vm.memfd_noexec` is set; kernels before 6.3 refuse it.
        let mut fd = unsafe { libc::memfd_create(name.as_ptr(), flags | libc::MFD_EXEC) };
        if fd < 0 {
            // SAFETY: as above.
            fd = unsafe { libc::memfd_create(name.as_ptr(), flags) };
        }
        if fd < 0 {
            return Err(std::io::Error::last_os_error());
        }
        // SAFETY: `fd` is a new descriptor owned by nothing else.
        let mut file = unsafe { File::from_raw_fd(fd) };
        file.write_all(bytes)?;
        let seals =
            libc::F_SEAL_SEAL | libc::F_SEAL_SHRINK | libc::F_SEAL_GROW | libc::F_SEAL_WRITE;
        // SAFETY: `file` is an open memfd created with MFD_ALLOW_SEALING.
        if unsafe { libc::fcntl(file.as_raw_fd(), libc::F_ADD_SEALS, seals) } < 0 {
            return Err(std::io::Error::last_os_error());
        }
        Ok(file)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The fallback where memfds are unavailable: loads from a private copy, then removes it.
    #[test]
    fn the_private_copy_loads_the_given_bytes_and_leaves_nothing_behind() {
        let path = aurum_plugin_fixtures::native("strip_snmp_native");
        let bytes = std::fs::read(&path).unwrap();
        let before = leftovers();
        let library = private_copy(Path::new("/nonexistent/plugin.so"), &bytes).unwrap();
        // SAFETY: the symbol's type is the one `aurum_sdk::export_native!` defines.
        let entry = unsafe {
            library.get::<extern "C" fn() -> *const aurum_sdk::native::NativeTable>(
                aurum_sdk::native::ENTRY_SYMBOL,
            )
        };
        assert!(entry.is_ok());
        assert_eq!(
            leftovers(),
            before,
            "the private copy is removed once loaded"
        );
        std::mem::forget(library);
    }

    fn leftovers() -> usize {
        let prefix = format!("aurum-native-{}-", std::process::id());
        std::fs::read_dir(std::env::temp_dir())
            .unwrap()
            .filter(|e| {
                e.as_ref()
                    .is_ok_and(|e| e.file_name().to_string_lossy().starts_with(&prefix))
            })
            .count()
    }
}
