//! The appliance's encryption: AES-256-GCM (the `aes-gcm` crate) under a per-job data key, the
//! data key wrapped by a simulated KMS key. The user guide: "A layer of encryption is applied in
//! the memory of your local workstation ... This encryption uses AES GCM 256-bit keys"; "The
//! Snowball never contains any discoverable keys"; the KMS key "is used to encrypt the unlock
//! code for your job ... The encryption keys stored within the manifest file are used to
//! encrypt and de-encrypt the data on the device."
//!
//! The simulated KMS derives each key's material from its ARN (MD5 twice), so every run of a
//! world wraps the same way; it is a teaching model of envelope encryption, not a KMS.

use aes_gcm::aead::{Aead, KeyInit};
use aes_gcm::{Aes256Gcm, Key, Nonce};
use md5::{Digest, Md5};

/// A nonce per file: the job's file counter, so no two files of a job share one.
pub fn nonce_for(counter: u64) -> [u8; 12] {
    let mut n = [0u8; 12];
    n[4..].copy_from_slice(&counter.to_be_bytes());
    n
}

pub fn encrypt(key: &[u8; 32], nonce: &[u8; 12], plain: &[u8]) -> Vec<u8> {
    let cipher = Aes256Gcm::new(Key::<Aes256Gcm>::from_slice(key));
    // Encryption into a Vec only fails past GCM's 64 GiB message limit, which no file the
    // sandbox stores reaches; the empty answer then fails its check at import.
    cipher.encrypt(Nonce::from_slice(nonce), plain).unwrap_or_default()
}

/// `None` when the tag does not verify (wrong key, altered bytes).
pub fn decrypt(key: &[u8; 32], nonce: &[u8; 12], ciphertext: &[u8]) -> Option<Vec<u8>> {
    let cipher = Aes256Gcm::new(Key::<Aes256Gcm>::from_slice(key));
    cipher.decrypt(Nonce::from_slice(nonce), ciphertext).ok()
}

/// The simulated KMS key material behind a key ARN.
fn kms_key(key_arn: &str) -> [u8; 32] {
    let a = Md5::digest(format!("kms-a:{key_arn}").as_bytes());
    let b = Md5::digest(format!("kms-b:{key_arn}").as_bytes());
    let mut k = [0u8; 32];
    k[..16].copy_from_slice(&a);
    k[16..].copy_from_slice(&b);
    k
}

/// KMS Encrypt of a data key under `key_arn`: what the manifest carries.
pub fn wrap(key_arn: &str, data_key: &[u8; 32]) -> Vec<u8> {
    encrypt(&kms_key(key_arn), &nonce_for(u64::MAX), data_key)
}

/// KMS Decrypt of a wrapped data key.
pub fn unwrap(key_arn: &str, wrapped: &[u8]) -> Option<[u8; 32]> {
    let plain = decrypt(&kms_key(key_arn), &nonce_for(u64::MAX), wrapped)?;
    plain.try_into().ok()
}

pub fn md5_hex(bytes: &[u8]) -> String {
    Md5::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_is_encrypted_decrypts_only_with_its_key() {
        let key = [7u8; 32];
        let c = encrypt(&key, &nonce_for(1), b"hello snowball");
        assert_eq!(c.len(), 14 + 16, "ciphertext plus the 16-byte tag");
        assert_ne!(&c[..14], b"hello snowball");
        assert_eq!(decrypt(&key, &nonce_for(1), &c).as_deref(), Some(&b"hello snowball"[..]));
        assert_eq!(decrypt(&[8u8; 32], &nonce_for(1), &c), None);
        assert_eq!(decrypt(&key, &nonce_for(2), &c), None);
    }

    #[test]
    fn kms_wraps_and_unwraps_the_data_key() {
        let arn = "arn:aws:kms:us-east-1:000000000000:key/k";
        let w = wrap(arn, &[3u8; 32]);
        assert_eq!(unwrap(arn, &w), Some([3u8; 32]));
        assert_eq!(unwrap("arn:aws:kms:us-east-1:000000000000:key/other", &w), None);
    }
}
