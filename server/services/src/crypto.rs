//! Random tokens, their stored hashes, and keyed hashes with the server secret.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use hmac::{KeyInit, Mac};
use rand::RngCore;
use sha2::{Digest, Sha256};
use std::sync::Arc;

/// Bytes of randomness in every token: 256 bits.
const TOKEN_BYTES: usize = 32;

/// A new random token, URL-safe (43 characters).
pub fn random_token() -> String {
    let mut bytes = [0u8; TOKEN_BYTES];
    rand::rng().fill_bytes(&mut bytes);
    URL_SAFE_NO_PAD.encode(bytes)
}

/// What the database stores for a token: its SHA-256 in hex. Tokens carry 256 bits of
/// randomness, so a plain (unsalted, fast) hash is enough: nothing can be guessed, and
/// a leaked table cannot be replayed.
pub fn token_hash(token: &str) -> String {
    hex(&Sha256::digest(token.as_bytes()))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Keys derived from the server secret, one per use, so that no two features share a key.
#[derive(Clone)]
pub struct Keys {
    secret: Arc<[u8]>,
}

impl std::fmt::Debug for Keys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Keys(<redacted>)")
    }
}

impl Keys {
    /// `secret` must hold at least 32 bytes of randomness (checked by the configuration).
    pub fn new(secret: &[u8]) -> Keys {
        Keys { secret: Arc::from(secret) }
    }

    /// HMAC-SHA256 of `message` under the key for `purpose`, in hex.
    pub fn keyed_hash(&self, purpose: &str, message: &str) -> String {
        let mut mac = <hmac::Hmac<Sha256> as KeyInit>::new_from_slice(&self.subkey(purpose)).expect("any key length");
        mac.update(message.as_bytes());
        hex(&mac.finalize().into_bytes())
    }

    /// A 32-byte key for `purpose`, e.g. for cookie encryption.
    pub fn subkey(&self, purpose: &str) -> [u8; 32] {
        let mut mac = <hmac::Hmac<Sha256> as KeyInit>::new_from_slice(&self.secret).expect("any key length");
        mac.update(b"yoriai subkey\0");
        mac.update(purpose.as_bytes());
        mac.finalize().into_bytes().into()
    }

    /// The keys of one city on a multi-city install: every purpose's key is derived from
    /// a per-city key, itself derived from the server secret and the city's id, so the
    /// same citizen number, throttle key or pseudonym gives unrelated values in two
    /// cities. (HMAC-SHA256 under a uniformly random secret is a sound key derivation on
    /// its own, as HKDF-Expand is; no extra crate is needed for it.)
    pub fn for_tenant(&self, tenant: &str) -> Keys {
        Keys { secret: Arc::from(self.subkey(&format!("tenant/{tenant}")).as_slice()) }
    }

    /// `plain` encrypted and authenticated (AES-256-GCM, random 96-bit nonce) under the
    /// key for `purpose`, bound to `context` (e.g. the row it belongs to, so it cannot be
    /// moved to another), as URL-safe text: for secrets the server must read back, such
    /// as a city's OpenID Connect client secret.
    pub fn seal_text(&self, purpose: &str, context: &str, plain: &str) -> String {
        use aes_gcm::aead::Aead;
        let key = self.subkey(purpose);
        let cipher =
            <aes_gcm::Aes256Gcm as aes_gcm::KeyInit>::new(aes_gcm::Key::<aes_gcm::Aes256Gcm>::from_slice(&key));
        let mut nonce = [0u8; 12];
        rand::rng().fill_bytes(&mut nonce);
        let payload = aes_gcm::aead::Payload { msg: plain.as_bytes(), aad: context.as_bytes() };
        let sealed =
            cipher.encrypt(aes_gcm::Nonce::from_slice(&nonce), payload).expect("AES-GCM encrypts any short text");
        let mut out = nonce.to_vec();
        out.extend(sealed);
        URL_SAFE_NO_PAD.encode(out)
    }

    /// What [`Keys::seal_text`] sealed; `None` when it was sealed under another key,
    /// purpose or context, or changed since.
    pub fn unseal_text(&self, purpose: &str, context: &str, sealed: &str) -> Option<String> {
        use aes_gcm::aead::Aead;
        let bytes = URL_SAFE_NO_PAD.decode(sealed).ok()?;
        if bytes.len() < 12 {
            return None;
        }
        let (nonce, body) = bytes.split_at(12);
        let key = self.subkey(purpose);
        let cipher =
            <aes_gcm::Aes256Gcm as aes_gcm::KeyInit>::new(aes_gcm::Key::<aes_gcm::Aes256Gcm>::from_slice(&key));
        let payload = aes_gcm::aead::Payload { msg: body, aad: context.as_bytes() };
        let plain = cipher.decrypt(aes_gcm::Nonce::from_slice(nonce), payload).ok()?;
        String::from_utf8(plain).ok()
    }

    /// Constant-time check that `candidate` equals `keyed_hash(purpose, message)`.
    pub fn verify_keyed_hash(&self, purpose: &str, message: &str, candidate: &str) -> bool {
        use subtle::ConstantTimeEq;
        let expected = self.keyed_hash(purpose, message);
        expected.as_bytes().ct_eq(candidate.as_bytes()).into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_city_has_its_own_keys() {
        let keys = Keys::new(&[7u8; 48]);
        let (a, b) = (keys.for_tenant("aizu"), keys.for_tenant("kitakata"));
        let number = "123456789012";
        assert_ne!(a.keyed_hash("citizen_id", number), b.keyed_hash("citizen_id", number));
        assert_ne!(a.keyed_hash("citizen_id", number), keys.keyed_hash("citizen_id", number));
        assert_eq!(a.keyed_hash("citizen_id", number), keys.for_tenant("aizu").keyed_hash("citizen_id", number));
        assert_ne!(a.subkey("session"), b.subkey("session"));
    }

    #[test]
    fn sealed_text_opens_only_with_its_key_and_purpose() {
        let keys = Keys::new(&[7u8; 48]);
        let aizu = keys.for_tenant("aizu");
        let sealed = aizu.seal_text("oidc", "line", "channel-secret");
        assert!(!sealed.contains("channel-secret"));
        assert_ne!(sealed, aizu.seal_text("oidc", "line", "channel-secret"), "a fresh nonce each time");
        assert_eq!(aizu.unseal_text("oidc", "line", &sealed).as_deref(), Some("channel-secret"));
        assert_eq!(aizu.unseal_text("other", "line", &sealed), None);
        assert_eq!(aizu.unseal_text("oidc", "google", &sealed), None, "bound to its row");
        assert_eq!(keys.for_tenant("kita").unseal_text("oidc", "line", &sealed), None);
        let mut damaged = sealed.into_bytes();
        let last = damaged.len() - 1;
        damaged[last] = if damaged[last] == b'A' { b'B' } else { b'A' };
        assert_eq!(aizu.unseal_text("oidc", "line", std::str::from_utf8(&damaged).unwrap()), None);
        assert_eq!(aizu.unseal_text("oidc", "line", "short"), None);
    }

    #[test]
    fn tokens_are_long_random_and_url_safe() {
        let a = random_token();
        let b = random_token();
        assert_eq!(a.len(), 43);
        assert_ne!(a, b);
        assert!(a.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_'));
    }

    #[test]
    fn the_stored_hash_differs_from_the_token_and_is_stable() {
        let t = random_token();
        assert_ne!(token_hash(&t), t);
        assert_eq!(token_hash(&t), token_hash(&t));
        assert_eq!(token_hash(&t).len(), 64);
    }

    #[test]
    fn keyed_hashes_depend_on_secret_and_purpose() {
        let k1 = Keys::new(&[1; 32]);
        let k2 = Keys::new(&[2; 32]);
        assert_ne!(k1.keyed_hash("a", "x"), k2.keyed_hash("a", "x"));
        assert_ne!(k1.keyed_hash("a", "x"), k1.keyed_hash("b", "x"));
        assert!(k1.verify_keyed_hash("a", "x", &k1.keyed_hash("a", "x")));
        assert!(!k1.verify_keyed_hash("a", "x", &k2.keyed_hash("a", "x")));
    }

    #[test]
    fn debug_never_shows_the_secret() {
        assert_eq!(format!("{:?}", Keys::new(&[7; 32])), "Keys(<redacted>)");
    }
}
