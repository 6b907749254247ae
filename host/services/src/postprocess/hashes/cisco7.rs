//! Cisco type 7: two decimal digits of offset into a fixed 53-byte key, then each password
//! byte XORed with the key byte at (offset + position) as two upper-case hex digits.
//! Reversible, so only for what the device must be able to read back.

use super::HashError;

const KEY: &[u8; 53] = b"dsfd;kfoA,.iyewrkldJKDHSUBsgvca69834ncxv9873254k;fg87";
/// Longer passwords are refused by IOS (and by netutils).
const MAX_LEN: usize = 25;

/// `password` in type 7 with offset `salt` (0-15; random if `None`).
pub fn encrypt_type7(password: &str, salt: Option<u8>) -> Result<String, HashError> {
    if password.len() > MAX_LEN {
        return Err(format!(
            "a type 7 password is at most {MAX_LEN} characters (this one has {})",
            password.len()
        ));
    }
    let salt = match salt {
        Some(salt) if salt <= 15 => usize::from(salt),
        Some(salt) => return Err(format!("a type 7 salt is 0 to 15, not {salt}")),
        None => super::random_chars(b"0123456789abcdef", 1)?
            .chars()
            .next()
            .and_then(|c| c.to_digit(16))
            .map_or(0, |d| d as usize),
    };
    let mut out = format!("{salt:02}");
    for (i, byte) in password.bytes().enumerate() {
        out.push_str(&format!("{:02X}", byte ^ KEY[(i + salt) % KEY.len()]));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn agrees_with_netutils() {
        for case in super::super::vectors::cases() {
            for expected in &case.type7 {
                let salt: u8 = expected[..2].parse().unwrap();
                assert_eq!(
                    &encrypt_type7(&case.plain, Some(salt)).unwrap(),
                    expected,
                    "{:?}",
                    case.plain
                );
            }
        }
    }

    #[test]
    fn random_salts_stay_in_range_and_bad_input_is_refused() {
        for _ in 0..50 {
            let hash = encrypt_type7("cisco", None).unwrap();
            assert!(hash[..2].parse::<u8>().unwrap() <= 15, "{hash}");
        }
        assert!(encrypt_type7("cisco", Some(16)).is_err());
        assert!(encrypt_type7(&"x".repeat(26), None).is_err());
    }
}
