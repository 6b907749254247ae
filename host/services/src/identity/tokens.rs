//! API tokens: `aurum_<prefix>_<secret>`, random, shown once. The store keeps the prefix (to
//! find the row without scanning) and the SHA-256 of the whole token; the secret has 256 bits
//! of entropy, so a fast hash is enough (argon2 is for guessable passwords).

use sha2::{Digest, Sha256};

use crate::ServiceError;

/// The `Authorization` scheme, as NetBox and Nautobot spell it: `Authorization: Token ...`.
pub const TOKEN_SCHEME: &str = "Token";

const PREFIX_BYTES: usize = 6;
const SECRET_BYTES: usize = 32;

/// A new token: (the whole token to show once, its prefix).
pub(crate) fn generate() -> Result<(String, String), ServiceError> {
    let mut bytes = [0u8; PREFIX_BYTES + SECRET_BYTES];
    getrandom::fill(&mut bytes).map_err(|e| ServiceError::Identity {
        reason: format!("the operating system gave no random bytes for a token: {e}"),
    })?;
    let prefix = hex(&bytes[..PREFIX_BYTES]);
    let secret = hex(&bytes[PREFIX_BYTES..]);
    Ok((format!("aurum_{prefix}_{secret}"), prefix))
}

/// The prefix of a token as a client sent it, if it has our shape.
pub(crate) fn prefix_of(token: &str) -> Option<&str> {
    let rest = token.strip_prefix("aurum_")?;
    let (prefix, secret) = rest.split_once('_')?;
    (prefix.len() == PREFIX_BYTES * 2 && secret.len() == SECRET_BYTES * 2).then_some(prefix)
}

/// What the store keeps of a token.
pub(crate) fn hash(token: &str) -> String {
    hex(&Sha256::digest(token.as_bytes()))
}

/// Compares two hashes in time independent of where they differ.
pub(crate) fn same_hash(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |diff, (x, y)| diff | (x ^ y))
            == 0
}

pub(crate) fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_random_have_a_findable_prefix_and_hash_to_something_else() {
        let (token, prefix) = generate().unwrap();
        let (other, _) = generate().unwrap();
        assert_ne!(token, other);
        assert_eq!(prefix_of(&token), Some(prefix.as_str()));
        assert!(token.starts_with(&format!("aurum_{prefix}_")));
        let hashed = hash(&token);
        assert!(!hashed.contains(&token[token.len() - 16..]));
        assert!(same_hash(&hashed, &hash(&token)));
        assert!(!same_hash(&hashed, &hash(&other)));
        assert_eq!(prefix_of("aurum_short_x"), None);
        assert_eq!(prefix_of("Bearer something"), None);
    }
}
