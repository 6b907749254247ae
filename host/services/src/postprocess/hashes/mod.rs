//! The password-hash filters engineers put in templates, byte-exact with netutils (the
//! reference Golden Config users know): Cisco type 5 (md5-crypt), type 7 (the reversible
//! Vigenère), type 9 (scrypt) and Juniper `$9$`. Salts are random unless given, as in netutils,
//! so a template can pin one for a stable intended config.

mod cisco5;
mod cisco7;
mod cisco9;
mod juniper9;

pub use cisco5::encrypt_type5;
pub use cisco7::encrypt_type7;
pub use cisco9::encrypt_type9;
#[cfg(test)]
pub use juniper9::decrypt_juniper9;
pub use juniper9::encrypt_juniper9;

/// Why a hash could not be made: a salt or password the scheme does not accept.
pub type HashError = String;

/// `count` characters drawn from `alphabet` with the OS's randomness.
fn random_chars(alphabet: &[u8], count: usize) -> Result<String, HashError> {
    let mut bytes = vec![0u8; count];
    getrandom::fill(&mut bytes).map_err(|e| format!("no OS randomness for a salt: {e}"))?;
    // 256 is not a multiple of every alphabet's size; reject the tail to stay uniform.
    let limit = 256 - 256 % alphabet.len();
    let mut out = String::with_capacity(count);
    for mut byte in bytes {
        while usize::from(byte) >= limit {
            let mut one = [0u8; 1];
            getrandom::fill(&mut one).map_err(|e| format!("no OS randomness for a salt: {e}"))?;
            byte = one[0];
        }
        out.push(char::from(alphabet[usize::from(byte) % alphabet.len()]));
    }
    Ok(out)
}

#[cfg(test)]
pub(crate) mod vectors {
    /// One password and netutils' hashes of it (see vectors.py).
    #[derive(serde::Deserialize)]
    pub struct Case {
        pub plain: String,
        pub type7: Vec<String>,
        pub type5: Vec<String>,
        pub juniper9: Vec<String>,
        #[serde(default)]
        pub type9: Vec<String>,
    }

    pub fn cases() -> Vec<Case> {
        serde_json::from_str(include_str!("vectors.json")).unwrap()
    }
}
