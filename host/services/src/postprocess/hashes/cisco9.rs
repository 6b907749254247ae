//! Cisco type 9: scrypt (N = 2^14, r = 1, p = 1, 32 bytes) over a 14-character salt, written
//! in base64 with Cisco's alphabet (`./0-9A-Za-z` in place of `A-Za-z0-9+/`), unpadded.

use super::HashError;

const ALPHABET: &[u8; 64] = b"./0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const SALT_LEN: usize = 14;

/// `password` as type 9 with `salt` (14 characters of the alphabet; random if `None`).
pub fn encrypt_type9(password: &str, salt: Option<&str>) -> Result<String, HashError> {
    let salt = match salt {
        Some(salt) => {
            if salt.len() != SALT_LEN || !salt.bytes().all(|b| ALPHABET.contains(&b)) {
                return Err(format!(
                    "a type 9 salt is {SALT_LEN} characters of ./0-9A-Za-z, not `{salt}`"
                ));
            }
            salt.to_string()
        }
        None => super::random_chars(ALPHABET, SALT_LEN)?,
    };
    let params = scrypt::Params::new(14, 1, 1).expect("fixed, valid scrypt parameters");
    let mut key = [0u8; 32];
    scrypt::scrypt(password.as_bytes(), salt.as_bytes(), &params, &mut key)
        .expect("32 bytes is a valid scrypt output length");
    Ok(format!("$9${salt}${}", encode(&key)))
}

/// Standard base64 bit order over Cisco's alphabet, without padding.
fn encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let value = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..=chunk.len() {
            out.push(char::from(
                ALPHABET[((value >> (18 - 6 * i)) & 0x3f) as usize],
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn agrees_with_netutils() {
        let cases = super::super::vectors::cases();
        let mut checked = 0;
        for case in cases {
            for expected in &case.type9 {
                let salt = expected.split('$').nth(2).unwrap();
                assert_eq!(
                    &encrypt_type9(&case.plain, Some(salt)).unwrap(),
                    expected,
                    "{:?}",
                    case.plain
                );
                checked += 1;
            }
        }
        assert!(checked >= 5);
    }

    #[test]
    fn random_salts_are_fourteen_characters_and_bad_salts_are_refused() {
        let hash = encrypt_type9("cisco", None).unwrap();
        let parts: Vec<&str> = hash.split('$').collect();
        assert_eq!((parts[2].len(), parts[3].len()), (14, 43), "{hash}");
        assert!(encrypt_type9("cisco", Some("short")).is_err());
    }
}
