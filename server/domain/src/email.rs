//! An email address that has been parsed and normalised.

use crate::error::ErrorCode;
use serde::{Deserialize, Serialize};
use std::str::FromStr;

/// RFC 5321 limits the whole address (forward-path) to 254 octets.
pub const EMAIL_MAX_LEN: usize = 254;

/// A syntactically valid email address, trimmed and lower-cased.
///
/// Lower-casing the local part is technically lossy, but no mail system a city
/// deals with treats `Aiko@` and `aiko@` as different people, and one account
/// per address matters more than that corner of RFC 5321.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Email(String);

impl Email {
    pub fn parse(raw: &str) -> Result<Email, ErrorCode> {
        let trimmed = raw.trim();
        if trimmed.is_empty() {
            return Err(ErrorCode::Required);
        }
        if trimmed.len() > EMAIL_MAX_LEN {
            return Err(ErrorCode::TooLong);
        }
        let lowered = trimmed.to_lowercase();
        // email_address implements RFC 5322 syntax; we additionally insist on a dot in
        // the domain (no intranet hosts) and no quoted local parts or IP literals, which
        // real residents never have and which complicate display and uniqueness.
        let parsed = email_address::EmailAddress::from_str(&lowered).map_err(|_| ErrorCode::EmailInvalid)?;
        let domain = parsed.domain();
        let local = parsed.local_part();
        let plain_local = !local.starts_with('"') && !local.is_empty();
        let plain_domain = domain.contains('.')
            && !domain.starts_with('[')
            && !domain.starts_with('.')
            && !domain.ends_with('.')
            && !domain.contains("..");
        if !plain_local || !plain_domain || lowered.chars().any(char::is_whitespace) {
            return Err(ErrorCode::EmailInvalid);
        }
        Ok(Email(lowered))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn local_part(&self) -> &str {
        self.0.rsplit_once('@').map(|(l, _)| l).unwrap_or(&self.0)
    }
}

impl std::fmt::Display for Email {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for Email {
    type Error = String;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Email::parse(&value).map_err(|c| c.to_string())
    }
}

impl From<Email> for String {
    fn from(e: Email) -> String {
        e.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_plain_address_is_trimmed_and_lowercased() {
        assert_eq!(Email::parse("  Aiko.Sato@Example.JP ").unwrap().as_str(), "aiko.sato@example.jp");
    }

    #[test]
    fn plus_addressing_is_accepted() {
        assert!(Email::parse("resident+yoriai@city.example.org").is_ok());
    }

    #[test]
    fn malformed_addresses_are_rejected_with_email_invalid() {
        for bad in [
            "aiko",
            "aiko@",
            "@example.jp",
            "aiko@localhost",
            "a b@example.jp",
            "aiko@@example.jp",
            "aiko@example..jp",
            "\"q\"@example.jp",
            "aiko@[127.0.0.1]",
        ] {
            assert_eq!(Email::parse(bad), Err(ErrorCode::EmailInvalid), "{bad}");
        }
    }

    #[test]
    fn empty_is_required_and_over_long_is_too_long() {
        assert_eq!(Email::parse("   "), Err(ErrorCode::Required));
        let long = format!("{}@example.jp", "a".repeat(250));
        assert_eq!(Email::parse(&long), Err(ErrorCode::TooLong));
    }

    #[test]
    fn the_local_part_is_what_precedes_the_last_at() {
        assert_eq!(Email::parse("aiko@example.jp").unwrap().local_part(), "aiko");
    }
}
