//! Juniper `$9$`: the reversible Junos encoding. A salt character picks how many random
//! characters follow it; then each password byte is spread over 2-4 characters whose gaps
//! in a fixed 65-character ring encode it, the gap weights cycling through seven patterns.

use super::HashError;

const FAMILIES: [&str; 4] = [
    "QzF3n6/9CAtpu0O",
    "B1IREhcSyrleKvMW8LXx",
    "7N-dVbwsY2g4oaJZGUDj",
    "iHkq.mPf5T",
];
const ENCODING: [&[u32]; 7] = [
    &[1, 4, 32],
    &[1, 16, 32],
    &[1, 8, 32],
    &[1, 64],
    &[1, 32],
    &[1, 4, 16, 128],
    &[1, 32, 64],
];

fn ring() -> Vec<u8> {
    FAMILIES.concat().into_bytes()
}

/// How many random characters follow a salt character: 3 for the first family, down to 0.
fn extra(salt: u8) -> usize {
    FAMILIES
        .iter()
        .position(|family| family.as_bytes().contains(&salt))
        .map_or(0, |family| 3 - family)
}

/// `password` as `$9$` with a random salt and padding.
pub fn encrypt_juniper9(password: &str) -> Result<String, HashError> {
    let ring = ring();
    let salt = super::random_chars(&ring, 1)?;
    let salt = salt.as_bytes()[0];
    let padding = super::random_chars(&ring, extra(salt))?;
    encode(password, salt, &padding)
}

/// `$9$` with the given salt character and padding (`extra(salt)` ring characters).
fn encode(password: &str, salt: u8, padding: &str) -> Result<String, HashError> {
    let ring = ring();
    let index = |c: u8| ring.iter().position(|&r| r == c);
    if index(salt).is_none()
        || padding.len() != extra(salt)
        || padding.bytes().any(|b| index(b).is_none())
    {
        return Err("a $9$ salt and padding come from the Junos character ring".into());
    }
    let mut out = format!("$9${}{padding}", char::from(salt));
    let mut previous = salt;
    for (position, byte) in password.bytes().enumerate() {
        let weights = ENCODING[position % ENCODING.len()];
        let mut value = u32::from(byte);
        let mut gaps = vec![0u32; weights.len()];
        for (slot, weight) in weights.iter().enumerate().rev() {
            gaps[slot] = value / weight;
            value %= weight;
        }
        for gap in gaps {
            let at = (gap as usize + index(previous).expect("ring character") + 1) % ring.len();
            previous = ring[at];
            out.push(char::from(previous));
        }
    }
    Ok(out)
}

/// The password behind a `$9$` string (the tests' oracle for round trips).
#[cfg(test)]
pub fn decrypt_juniper9(encoded: &str) -> Option<String> {
    let ring = ring();
    let index = |c: u8| ring.iter().position(|&r| r == c);
    let body = encoded.strip_prefix("$9$")?.as_bytes();
    let salt = *body.first()?;
    let mut rest = body.get(1 + extra(salt)..)?;
    let mut previous = salt;
    let mut out = Vec::new();
    while !rest.is_empty() {
        let weights = ENCODING[out.len() % ENCODING.len()];
        let (nibble, tail) = rest.split_at(weights.len().min(rest.len()));
        rest = tail;
        let mut value = 0u32;
        for (c, weight) in nibble.iter().zip(weights) {
            let gap = (index(*c)? + ring.len() - index(previous)?) % ring.len() - 1;
            value += gap as u32 * weight;
            previous = *c;
        }
        out.push(u8::try_from(value).ok()?);
    }
    String::from_utf8(out).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn agrees_with_netutils() {
        let mut checked = 0;
        for case in super::super::vectors::cases() {
            for expected in &case.juniper9 {
                let body = expected.as_bytes();
                let salt = body[3];
                let padding = &expected[4..4 + extra(salt)];
                assert_eq!(
                    &encode(&case.plain, salt, padding).unwrap(),
                    expected,
                    "{:?}",
                    case.plain
                );
                assert_eq!(
                    decrypt_juniper9(expected).as_deref(),
                    Some(case.plain.as_str())
                );
                checked += 1;
            }
        }
        assert!(checked >= 20);
    }

    #[test]
    fn random_encodings_round_trip() {
        for password in ["juniper", "Sup3r$ecret/With Spaces!", "x"] {
            let encoded = encrypt_juniper9(password).unwrap();
            assert!(encoded.starts_with("$9$"));
            assert_eq!(decrypt_juniper9(&encoded).as_deref(), Some(password));
        }
    }
}
