//! Password hashing with Argon2id at explicit parameters.

use argon2::password_hash::{PasswordHasher as _, PasswordVerifier as _};
use argon2::{Algorithm, Argon2, Params, Version};
use rand::RngCore;
use std::sync::{Arc, OnceLock};
use yoriai_domain::Password;

/// OWASP's recommended minimum for Argon2id: 19 MiB, 2 passes, 1 lane.
pub const M_COST_KIB: u32 = 19 * 1024;
pub const T_COST: u32 = 2;
pub const P_COST: u32 = 1;

/// Hashes and verifies passwords. Slow on purpose: call it on the blocking pool.
#[derive(Clone)]
pub struct PasswordHasher {
    params: Params,
    dummy: Arc<OnceLock<String>>,
}

impl Default for PasswordHasher {
    fn default() -> Self {
        PasswordHasher::new(M_COST_KIB, T_COST, P_COST)
    }
}

impl PasswordHasher {
    pub fn new(m_cost_kib: u32, t_cost: u32, p_cost: u32) -> Self {
        let params = Params::new(m_cost_kib, t_cost, p_cost, None).expect("valid Argon2 parameters");
        PasswordHasher { params, dummy: Arc::new(OnceLock::new()) }
    }

    fn argon2(&self) -> Argon2<'static> {
        Argon2::new(Algorithm::Argon2id, Version::V0x13, self.params.clone())
    }

    /// A PHC string (`$argon2id$v=19$m=19456,t=2,p=1$…`) with a fresh random salt.
    pub fn hash(&self, password: &Password) -> String {
        let mut salt = [0u8; 16];
        rand::rng().fill_bytes(&mut salt);
        self.argon2()
            .hash_password_with_salt(password.expose().as_bytes(), &salt)
            .expect("hashing with valid parameters and salt cannot fail")
            .to_string()
    }

    /// Verifies against a stored hash. With no stored hash (unknown email, or an
    /// account without a password) a dummy hash is checked instead, so the answer takes
    /// as long as for a real account and reveals nothing.
    pub fn verify(&self, password: &Password, stored: Option<&str>) -> bool {
        match stored {
            Some(hash) => self.argon2().verify_password(password.expose().as_bytes(), hash).is_ok(),
            None => {
                let dummy = self.dummy.get_or_init(|| {
                    let p = Password::parse_existing("yoriai dummy password for timing parity").expect("non-empty");
                    self.hash(&p)
                });
                let _ = self.argon2().verify_password(password.expose().as_bytes(), dummy.as_str());
                false
            }
        }
    }

    /// Spends the same time as hashing, for paths that must not be faster than the real one.
    pub fn waste(&self, password: &Password) {
        let _ = self.verify(password, None);
    }

    /// Whether a stored hash uses other parameters than today's (to rehash at sign-in).
    pub fn needs_rehash(&self, stored: &str) -> bool {
        let expected =
            format!("$argon2id$v=19$m={},t={},p={}$", self.params.m_cost(), self.params.t_cost(), self.params.p_cost());
        !stored.starts_with(&expected)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pw(s: &str) -> Password {
        Password::parse_existing(s).unwrap()
    }

    #[test]
    fn hashes_are_argon2id_with_owasp_parameters() {
        let h = PasswordHasher::default().hash(&pw("tsuruga castle in spring"));
        assert!(h.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{h}");
    }

    #[test]
    fn the_right_password_verifies_and_a_wrong_one_does_not() {
        let hasher = PasswordHasher::default();
        let h = hasher.hash(&pw("tsuruga castle in spring"));
        assert!(hasher.verify(&pw("tsuruga castle in spring"), Some(&h)));
        assert!(!hasher.verify(&pw("tsuruga castle in autumn"), Some(&h)));
    }

    #[test]
    fn two_hashes_of_one_password_differ_by_salt() {
        let hasher = PasswordHasher::default();
        assert_ne!(hasher.hash(&pw("same password here")), hasher.hash(&pw("same password here")));
    }

    #[test]
    fn a_missing_hash_never_verifies() {
        assert!(!PasswordHasher::default().verify(&pw("anything at all"), None));
    }

    #[test]
    fn garbage_in_the_stored_hash_does_not_panic() {
        assert!(!PasswordHasher::default().verify(&pw("anything at all"), Some("not a phc string")));
    }

    #[test]
    fn hashes_with_old_parameters_need_rehashing() {
        let hasher = PasswordHasher::default();
        let weak = PasswordHasher::new(8, 1, 1).hash(&pw("some password"));
        assert!(hasher.needs_rehash(&weak));
        assert!(!hasher.needs_rehash(&hasher.hash(&pw("some password"))));
    }
}
