//! Sealing one secret: AES-256-GCM with a random 96-bit nonce and the secret's name as
//! associated data, so a ciphertext copied onto another name, or opened with another key,
//! fails authentication instead of yielding garbage.

use aes_gcm::aead::{Aead, KeyInit, Payload};
use aes_gcm::{Aes256Gcm, Nonce};
use aurum_store::SealedSecret;
use zeroize::Zeroizing;

use super::keyring::{MasterKey, secrets_error};
use crate::ServiceError;

/// Seals `value` as the secret `name` under `key`.
pub fn seal(key: &MasterKey, name: &str, value: &str) -> Result<SealedSecret, ServiceError> {
    let cipher = Aes256Gcm::new_from_slice(&key.bytes[..]).expect("the key is 32 bytes");
    let mut nonce = [0u8; 12];
    getrandom::fill(&mut nonce)
        .map_err(|e| secrets_error(format!("no OS randomness for a nonce: {e}")))?;
    let payload = Payload {
        msg: value.as_bytes(),
        aad: name.as_bytes(),
    };
    let ciphertext = cipher
        .encrypt(&Nonce::from(nonce), payload)
        .map_err(|_| secrets_error(format!("cannot encrypt secret `{name}`")))?;
    Ok(SealedSecret {
        name: name.to_string(),
        key_id: key.id.clone(),
        nonce: hex(&nonce),
        ciphertext: hex(&ciphertext),
        updated_at: 0,
    })
}

/// Opens a sealed secret with `key` (the one its `key_id` names).
pub fn open(key: &MasterKey, sealed: &SealedSecret) -> Result<Zeroizing<String>, ServiceError> {
    let corrupt = || {
        secrets_error(format!(
            "stored secret `{}` does not decrypt under master key {}: it was altered or sealed with another key \
             of the same id; set it again with `aurum secrets set {}`",
            sealed.name, key.id, sealed.name
        ))
    };
    let nonce: [u8; 12] = unhex(&sealed.nonce)
        .and_then(|n| n.try_into().ok())
        .ok_or_else(corrupt)?;
    let ciphertext = unhex(&sealed.ciphertext).ok_or_else(corrupt)?;
    let cipher = Aes256Gcm::new_from_slice(&key.bytes[..]).expect("the key is 32 bytes");
    let payload = Payload {
        msg: &ciphertext,
        aad: sealed.name.as_bytes(),
    };
    let plain = Zeroizing::new(
        cipher
            .decrypt(&Nonce::from(nonce), payload)
            .map_err(|_| corrupt())?,
    );
    String::from_utf8(plain.to_vec())
        .map(Zeroizing::new)
        .map_err(|_| corrupt())
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn unhex(text: &str) -> Option<Vec<u8>> {
    if !text.len().is_multiple_of(2) {
        return None;
    }
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(text.get(i..i + 2)?, 16).ok())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sealed_secret_opens_only_with_its_key_and_name() {
        let key = MasterKey::generate().unwrap();
        let sealed = seal(&key, "snmp", "s3cret-community").unwrap();
        assert!(!sealed.ciphertext.contains("s3cret"));
        assert_eq!(open(&key, &sealed).unwrap().as_str(), "s3cret-community");

        let other = MasterKey::generate().unwrap();
        assert!(open(&other, &sealed).is_err(), "another key is refused");
        let moved = SealedSecret {
            name: "tacacs".into(),
            ..sealed.clone()
        };
        assert!(open(&key, &moved).is_err(), "another name is refused");
        let mut tampered = sealed.clone();
        tampered.ciphertext.replace_range(0..2, "ff");
        if tampered.ciphertext != sealed.ciphertext {
            assert!(open(&key, &tampered).is_err(), "a changed byte is refused");
        }
    }

    #[test]
    fn two_seals_of_one_value_differ() {
        let key = MasterKey::generate().unwrap();
        let a = seal(&key, "n", "v").unwrap();
        let b = seal(&key, "n", "v").unwrap();
        assert_ne!(a.nonce, b.nonce);
    }
}
