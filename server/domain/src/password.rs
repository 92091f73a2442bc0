//! The password policy: what a new password must satisfy before it is hashed.
//!
//! Following NIST SP 800-63B: a minimum length, a generous maximum, no composition
//! rules, and refusal of passwords derived from the account itself. The server adds
//! a guessability estimate (zxcvbn) on top, which is too large to ship to browsers.

use crate::email::Email;
use crate::error::ErrorCode;

pub const PASSWORD_MIN_CHARS: usize = 10;
pub const PASSWORD_MAX_CHARS: usize = 128;

/// A new password that passed the structural policy. Never printed: `Debug` is redacted.
#[derive(Clone, PartialEq, Eq)]
pub struct Password(String);

impl std::fmt::Debug for Password {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Password(<redacted>)")
    }
}

impl Password {
    /// Checks a new password against the policy. `email` and `name` are the account's
    /// own words, which must not make up the password.
    pub fn parse_new(raw: &str, email: Option<&Email>, name: Option<&str>) -> Result<Password, ErrorCode> {
        let chars = raw.chars().count();
        if chars == 0 {
            return Err(ErrorCode::Required);
        }
        if chars < PASSWORD_MIN_CHARS {
            return Err(ErrorCode::PasswordTooShort);
        }
        if chars > PASSWORD_MAX_CHARS {
            return Err(ErrorCode::PasswordTooLong);
        }
        let lowered = raw.to_lowercase();
        if let Some(email) = email {
            let local = email.local_part();
            if lowered.contains(email.as_str()) || (local.chars().count() >= 4 && lowered.contains(local)) {
                return Err(ErrorCode::PasswordContainsEmail);
            }
        }
        if let Some(name) = name {
            let squashed: String = name.to_lowercase().split_whitespace().collect();
            if squashed.chars().count() >= 4 && lowered.replace(' ', "").contains(&squashed) {
                return Err(ErrorCode::PasswordContainsEmail);
            }
        }
        if is_trivial(&lowered) {
            return Err(ErrorCode::PasswordTooCommon);
        }
        Ok(Password(raw.to_owned()))
    }

    /// An existing password as typed at sign-in: only bounded, never policy-checked
    /// (old passwords must keep working if the policy tightens).
    pub fn parse_existing(raw: &str) -> Result<Password, ErrorCode> {
        if raw.is_empty() {
            return Err(ErrorCode::Required);
        }
        // Longer than any password we ever accepted: refuse before hashing megabytes.
        if raw.len() > PASSWORD_MAX_CHARS * 4 {
            return Err(ErrorCode::InvalidCredentials);
        }
        Ok(Password(raw.to_owned()))
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

/// One repeated character, a keyboard run or a counting sequence, or a handful of the
/// passwords found at the top of every breach corpus.
fn is_trivial(lowered: &str) -> bool {
    let chars: Vec<char> = lowered.chars().collect();
    if chars.windows(2).all(|w| w[0] == w[1]) {
        return true;
    }
    let ascending = chars.windows(2).all(|w| (w[1] as u32).wrapping_sub(w[0] as u32) == 1);
    let descending = chars.windows(2).all(|w| (w[0] as u32).wrapping_sub(w[1] as u32) == 1);
    if ascending || descending {
        return true;
    }
    const RUNS: &[&str] = &["qwertyuiop", "asdfghjkl", "zxcvbnm", "1234567890", "0987654321", "1qaz2wsx3edc"];
    const COMMON: &[&str] = &[
        "password", "passw0rd", "p@ssw0rd", "iloveyou", "letmein", "welcome", "admin", "yoriai", "baseball",
        "football", "monkey", "dragon", "sunshine", "princess", "qwerty", "abc123", "111111", "123123",
    ];
    let stripped: String = chars.iter().filter(|c| c.is_alphanumeric() || "@".contains(**c)).collect();
    RUNS.iter().any(|r| r.contains(stripped.as_str()) || stripped.starts_with(r))
        || COMMON.iter().any(|c| stripped.starts_with(c) && stripped[c.len()..].chars().all(|d| d.is_ascii_digit()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn email() -> Email {
        Email::parse("aiko.sato@example.jp").unwrap()
    }

    #[test]
    fn a_long_unrelated_passphrase_is_accepted() {
        assert!(Password::parse_new("tsuruga castle in spring", Some(&email()), Some("Aiko")).is_ok());
    }

    #[test]
    fn nine_characters_are_too_short_and_ten_are_enough() {
        assert_eq!(Password::parse_new("kx8#mQ2vL", None, None), Err(ErrorCode::PasswordTooShort));
        assert!(Password::parse_new("kx8#mQ2vLp", None, None).is_ok());
    }

    #[test]
    fn length_counts_characters_not_bytes() {
        // Ten Japanese characters are thirty bytes but ten characters: allowed.
        assert!(Password::parse_new("会津若松の鶴ヶ城と桜", None, None).is_ok());
        assert_eq!(Password::parse_new("会津若松の鶴ヶ城", None, None), Err(ErrorCode::PasswordTooShort));
    }

    #[test]
    fn over_128_characters_is_too_long() {
        assert_eq!(Password::parse_new(&"ab1!".repeat(33), None, None), Err(ErrorCode::PasswordTooLong));
    }

    #[test]
    fn a_password_equal_to_or_containing_the_email_is_refused() {
        let e = email();
        assert_eq!(Password::parse_new("aiko.sato@example.jp", Some(&e), None), Err(ErrorCode::PasswordContainsEmail));
        assert_eq!(Password::parse_new("AIKO.SATO2024!", Some(&e), None), Err(ErrorCode::PasswordContainsEmail));
    }

    #[test]
    fn a_password_containing_the_display_name_is_refused() {
        assert_eq!(
            Password::parse_new("satoaiko-1985-x", None, Some("Sato Aiko")),
            Err(ErrorCode::PasswordContainsEmail)
        );
    }

    #[test]
    fn trivial_patterns_are_too_common() {
        for p in
            ["aaaaaaaaaaaa", "1234567890", "abcdefghijk", "qwertyuiop", "password123", "Password2024", "9876543210"]
        {
            assert_eq!(Password::parse_new(p, None, None), Err(ErrorCode::PasswordTooCommon), "{p}");
        }
    }

    #[test]
    fn debug_output_never_shows_the_password() {
        let p = Password::parse_new("tsuruga castle in spring", None, None).unwrap();
        assert!(!format!("{p:?}").contains("tsuruga"));
    }

    #[test]
    fn existing_passwords_are_not_policy_checked() {
        assert!(Password::parse_existing("short").is_ok());
        assert_eq!(Password::parse_existing(""), Err(ErrorCode::Required));
    }
}
