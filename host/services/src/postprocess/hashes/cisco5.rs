//! Cisco type 5: md5-crypt (`$1$salt$hash`, the FreeBSD scheme), as netutils computes it
//! with the system's `crypt`.

use md5::{Digest, Md5};

use super::HashError;

const ITOA64: &[u8; 64] = b"./0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
/// netutils draws (and accepts) salts from letters and digits only.
const SALT_CHARS: &[u8] = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

/// `password` as md5-crypt with `salt` (1-8 letters or digits; 4 random ones if `None`).
pub fn encrypt_type5(password: &str, salt: Option<&str>) -> Result<String, HashError> {
    let salt = match salt {
        Some(salt) => {
            if salt.is_empty() || salt.len() > 8 || !salt.bytes().all(|b| SALT_CHARS.contains(&b)) {
                return Err(format!(
                    "a type 5 salt is 1 to 8 letters or digits, not `{salt}`"
                ));
            }
            salt.to_string()
        }
        None => super::random_chars(SALT_CHARS, 4)?,
    };
    Ok(format!(
        "$1${salt}${}",
        md5_crypt(password.as_bytes(), salt.as_bytes())
    ))
}

fn md5_crypt(password: &[u8], salt: &[u8]) -> String {
    let mut alternate = Md5::new();
    alternate.update(password);
    alternate.update(salt);
    alternate.update(password);
    let alternate = alternate.finalize();

    let mut context = Md5::new();
    context.update(password);
    context.update(b"$1$");
    context.update(salt);
    let mut left = password.len();
    while left > 0 {
        let take = left.min(16);
        context.update(&alternate[..take]);
        left -= take;
    }
    let mut bits = password.len();
    while bits > 0 {
        match bits & 1 {
            1 => context.update([0u8]),
            _ => context.update(&password[..1]),
        }
        bits >>= 1;
    }
    let mut digest = context.finalize();

    for round in 0..1000 {
        let mut step = Md5::new();
        match round & 1 {
            1 => step.update(password),
            _ => step.update(digest),
        }
        if round % 3 != 0 {
            step.update(salt);
        }
        if round % 7 != 0 {
            step.update(password);
        }
        match round & 1 {
            1 => step.update(digest),
            _ => step.update(password),
        }
        digest = step.finalize();
    }

    let d = digest;
    let mut out = String::with_capacity(22);
    for (a, b, c) in [(0, 6, 12), (1, 7, 13), (2, 8, 14), (3, 9, 15), (4, 10, 5)] {
        let value = (u32::from(d[a]) << 16) | (u32::from(d[b]) << 8) | u32::from(d[c]);
        push64(&mut out, value, 4);
    }
    push64(&mut out, u32::from(d[11]), 2);
    out
}

fn push64(out: &mut String, mut value: u32, count: usize) {
    for _ in 0..count {
        out.push(char::from(ITOA64[(value & 0x3f) as usize]));
        value >>= 6;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn agrees_with_netutils() {
        for case in super::super::vectors::cases() {
            for expected in &case.type5 {
                let salt = expected.split('$').nth(2).unwrap();
                assert_eq!(
                    &encrypt_type5(&case.plain, Some(salt)).unwrap(),
                    expected,
                    "{:?}",
                    case.plain
                );
            }
        }
    }

    #[test]
    fn random_salts_are_four_characters_and_bad_salts_are_refused() {
        let hash = encrypt_type5("cisco", None).unwrap();
        assert_eq!(hash.split('$').nth(2).unwrap().len(), 4, "{hash}");
        assert!(encrypt_type5("cisco", Some("a$b")).is_err());
        assert!(encrypt_type5("cisco", Some("123456789")).is_err());
    }
}
