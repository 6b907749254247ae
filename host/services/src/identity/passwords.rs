//! Passwords are kept only as argon2id hashes in PHC form (`$argon2id$v=19$m=...`), which
//! carry their own parameters and salt, so hashes made with other parameters still verify.

use argon2::{Algorithm, Argon2, Params, PasswordHash, PasswordHasher, PasswordVerifier, Version};

use crate::ServiceError;

/// The hasher: argon2id with the crate's recommended parameters (19 MiB, 2 passes); unit
/// tests use the cheapest ones so they stay fast.
fn hasher() -> Argon2<'static> {
    let params = if cfg!(test) {
        Params::new(Params::MIN_M_COST, Params::MIN_T_COST, 1, None)
            .expect("the minimum argon2 parameters are valid")
    } else {
        Params::DEFAULT
    };
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

/// The hash to store for `password`, salted afresh.
pub(crate) fn hash_password(password: &str) -> Result<String, ServiceError> {
    hasher()
        .hash_password(password.as_bytes())
        .map(|hash| hash.to_string())
        .map_err(|e| ServiceError::Identity {
            reason: format!("cannot hash the password: {e}"),
        })
}

/// Whether `password` is the one `stored` was made from; a hash that cannot be read matches
/// nothing.
pub(crate) fn verify_password(password: &str, stored: &str) -> bool {
    PasswordHash::new(stored)
        .map(|hash| hasher().verify_password(password.as_bytes(), &hash).is_ok())
        .unwrap_or(false)
}

/// A password for a first account: 20 characters of letters and digits from the operating
/// system's randomness (about 119 bits).
pub fn random_password() -> Result<String, ServiceError> {
    const ALPHABET: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
    let mut password = String::with_capacity(20);
    while password.len() < 20 {
        let mut byte = [0u8; 1];
        getrandom::fill(&mut byte).map_err(|e| ServiceError::Identity {
            reason: format!("the operating system gave no random bytes for a password: {e}"),
        })?;
        // Rejection sampling keeps every character equally likely.
        let limit = 256 - 256 % ALPHABET.len();
        if usize::from(byte[0]) < limit {
            password.push(char::from(ALPHABET[usize::from(byte[0]) % ALPHABET.len()]));
        }
    }
    Ok(password)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hash_verifies_its_password_only_and_never_contains_it() {
        let hash = hash_password("correct horse").unwrap();
        assert!(hash.starts_with("$argon2id$"), "{hash}");
        assert!(!hash.contains("correct horse"));
        assert!(verify_password("correct horse", &hash));
        assert!(!verify_password("correct horsE", &hash));
        assert!(!verify_password("correct horse", "not a hash"));
        assert_ne!(
            hash,
            hash_password("correct horse").unwrap(),
            "salted afresh"
        );
    }
}
