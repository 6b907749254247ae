//! The on-disk form of a cache entry: a header, an HMAC-SHA256 tag, the wasmtime artifact.
//!
//! The tag covers the entry's name (the component's digest and the engine fingerprint) and
//! the artifact, under the installation's [`Key`]: an artifact written by anyone without the
//! key, or moved from another entry, fails the check and is never deserialised.

use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;

use super::key::Key;

/// Identifies the format (and its version) at the start of every entry.
const MAGIC: &[u8; 8] = b"AURUMCW1";
const TAG_BYTES: usize = 32;

fn mac(key: &Key, entry_name: &str) -> Hmac<Sha256> {
    let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(&key.0).expect("HMAC takes any key");
    mac.update(MAGIC);
    mac.update(entry_name.as_bytes());
    // The name never contains NUL, so name and artifact cannot be re-split.
    mac.update(&[0]);
    mac
}

/// The bytes to store for `artifact` under `entry_name`.
pub(crate) fn seal(key: &Key, entry_name: &str, artifact: &[u8]) -> Vec<u8> {
    let mut mac = mac(key, entry_name);
    mac.update(artifact);
    let tag = mac.finalize().into_bytes();
    let mut out = Vec::with_capacity(MAGIC.len() + TAG_BYTES + artifact.len());
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&tag);
    out.extend_from_slice(artifact);
    out
}

/// The artifact inside `stored`, if its tag is right for `entry_name` under `key`.
pub(crate) fn open<'a>(key: &Key, entry_name: &str, stored: &'a [u8]) -> Option<&'a [u8]> {
    let rest = stored.strip_prefix(MAGIC.as_slice())?;
    if rest.len() < TAG_BYTES {
        return None;
    }
    let (tag, artifact) = rest.split_at(TAG_BYTES);
    let mut mac = mac(key, entry_name);
    mac.update(artifact);
    // Constant-time comparison.
    mac.verify_slice(tag).ok()?;
    Some(artifact)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_same_key_and_name_open_an_entry() {
        let key = Key([7; 32]);
        let sealed = seal(&key, "abc-01", b"artifact");
        assert_eq!(open(&key, "abc-01", &sealed), Some(&b"artifact"[..]));
        assert_eq!(
            open(&key, "abd-01", &sealed),
            None,
            "moved to another entry"
        );
        assert_eq!(open(&Key([8; 32]), "abc-01", &sealed), None, "another key");
        let mut flipped = sealed.clone();
        *flipped.last_mut().unwrap() ^= 1;
        assert_eq!(open(&key, "abc-01", &flipped), None, "a changed artifact");
        assert_eq!(open(&key, "abc-01", b"artifact"), None, "no header");
        assert_eq!(open(&key, "abc-01", &sealed[..20]), None, "truncated");
    }
}
