//! The privacy model's rules (Aizuwakamatsu Plus): the purposes personal data may be
//! used for, which attributes each purpose may read, how recorded consents are
//! evaluated, and the formats of citizen numbers and letter codes.
//!
//! Every purpose is off until the resident turns it on. A consent counts only if it
//! was given under a notice at least as new as the last one that widened the purpose,
//! so widening a purpose asks everyone again.

use crate::error::ErrorCode;
use serde::{Deserialize, Serialize};

/// The version of the privacy notice residents consent under now.
pub const NOTICE_VERSION: i32 = 1;

/// Why personal data may be used. Each has a plain ja/en description in
/// `locales/*/privacy.ftl` (`purpose-<name>` and `purpose-<name>-data`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Purpose {
    /// Show proposals, budgets and reports of my district and interests first.
    ForYou,
    /// Use my verified district to check my eligibility for district budgets.
    BudgetEligibility,
    /// Email me updates on what I follow (answers, replies, report updates, digests).
    EmailUpdates,
    /// Adapt the pages to my accessibility needs.
    Accessibility,
}

/// A piece of personal data a purpose may read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Attribute {
    District,
    AgeBand,
    Interests,
    Accessibility,
    VerifiedDistrict,
    Email,
}

impl Purpose {
    pub const ALL: [Purpose; 4] =
        [Purpose::ForYou, Purpose::BudgetEligibility, Purpose::EmailUpdates, Purpose::Accessibility];

    pub fn as_str(self) -> &'static str {
        match self {
            Purpose::ForYou => "for_you",
            Purpose::BudgetEligibility => "budget_eligibility",
            Purpose::EmailUpdates => "email_updates",
            Purpose::Accessibility => "accessibility",
        }
    }

    pub fn parse(raw: &str) -> Option<Purpose> {
        Purpose::ALL.into_iter().find(|p| p.as_str() == raw)
    }

    /// The attributes this purpose may read; nothing else.
    pub fn uses(self) -> &'static [Attribute] {
        match self {
            Purpose::ForYou => &[Attribute::District, Attribute::Interests],
            Purpose::BudgetEligibility => &[Attribute::VerifiedDistrict],
            Purpose::EmailUpdates => &[Attribute::Email],
            Purpose::Accessibility => &[Attribute::Accessibility],
        }
    }

    /// The notice version that last widened this purpose.
    pub fn widened_in(self) -> i32 {
        1
    }
}

impl Attribute {
    pub fn as_str(self) -> &'static str {
        match self {
            Attribute::District => "district",
            Attribute::AgeBand => "age_band",
            Attribute::Interests => "interests",
            Attribute::Accessibility => "accessibility",
            Attribute::VerifiedDistrict => "verified_district",
            Attribute::Email => "email",
        }
    }
}

/// The newest recorded choice for one purpose.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Consent {
    pub purpose: Purpose,
    pub granted: bool,
    pub notice_version: i32,
}

/// Whether `purpose` is on: granted, under a notice no older than its last widening.
pub fn is_granted(consents: &[Consent], purpose: Purpose) -> bool {
    consents.iter().any(|c| c.purpose == purpose && c.granted && c.notice_version >= purpose.widened_in())
}

/// Whether `purpose` may read `attribute`: the purpose is on and names the attribute.
pub fn may_use(consents: &[Consent], purpose: Purpose, attribute: Attribute) -> bool {
    purpose.uses().contains(&attribute) && is_granted(consents, purpose)
}

/// Purposes once granted under a notice older than their widening: ask again.
pub fn to_ask_again(consents: &[Consent]) -> Vec<Purpose> {
    consents.iter().filter(|c| c.granted && c.notice_version < c.purpose.widened_in()).map(|c| c.purpose).collect()
}

/// How a citizen ID was verified.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum VerificationMethod {
    Census,
    Letter,
    Counter,
}

impl VerificationMethod {
    pub fn as_str(self) -> &'static str {
        match self {
            VerificationMethod::Census => "census",
            VerificationMethod::Letter => "letter",
            VerificationMethod::Counter => "counter",
        }
    }

    pub fn parse(raw: &str) -> Option<VerificationMethod> {
        [VerificationMethod::Census, VerificationMethod::Letter, VerificationMethod::Counter]
            .into_iter()
            .find(|m| m.as_str() == raw)
    }
}

/// Age bands a resident may give (never a birth date).
pub const AGE_BANDS: &[&str] = &["under_18", "18_29", "30_39", "40_49", "50_59", "60_69", "70_plus"];

/// Accessibility needs the pages can adapt to.
pub const ACCESSIBILITY_NEEDS: &[&str] = &["larger_text", "high_contrast", "reduced_motion"];

/// Full-width digits and letters as typed on Japanese keyboards, to ASCII.
fn half_width(c: char) -> char {
    match c {
        '０'..='９' | 'Ａ'..='Ｚ' | 'ａ'..='ｚ' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        'ー' | '－' | '‐' | '―' => '-',
        '　' => ' ',
        _ => c,
    }
}

/// A resident number as the census holds it: digits only (spaces and hyphens
/// dropped, full-width digits accepted), 4 to 15 of them.
pub fn normalize_citizen_number(raw: &str) -> Result<String, ErrorCode> {
    let mut out = String::new();
    for c in raw.chars().map(half_width) {
        match c {
            '0'..='9' => out.push(c),
            ' ' | '-' => {}
            _ => return Err(ErrorCode::CitizenNumberInvalid),
        }
    }
    if out.is_empty() {
        return Err(ErrorCode::Required);
    }
    if !(4..=15).contains(&out.len()) {
        return Err(ErrorCode::CitizenNumberInvalid);
    }
    Ok(out)
}

/// Letters of letter codes: no 0/O, 1/I/L, so codes read back from paper.
pub const LETTER_ALPHABET: &[u8] = b"ABCDEFGHJKMNPQRSTUVWXYZ23456789";
/// Characters in a letter code (31^12 ≈ 2^59 codes).
pub const LETTER_CODE_LEN: usize = 12;

/// A typed letter code in canonical form: upper case, separators dropped.
pub fn normalize_letter_code(raw: &str) -> Result<String, ErrorCode> {
    let mut out = String::new();
    for c in raw.chars().map(half_width) {
        match c {
            ' ' | '-' => {}
            c if c.is_ascii_alphanumeric() => out.push(c.to_ascii_uppercase()),
            _ => return Err(ErrorCode::LetterCodeInvalid),
        }
    }
    if out.is_empty() {
        return Err(ErrorCode::Required);
    }
    if out.len() != LETTER_CODE_LEN || !out.bytes().all(|b| LETTER_ALPHABET.contains(&b)) {
        return Err(ErrorCode::LetterCodeInvalid);
    }
    Ok(out)
}

/// `ABCDEFGHJKMN` → `ABCD-EFGH-JKMN`, as printed on the letter.
pub fn format_letter_code(code: &str) -> String {
    code.as_bytes().chunks(4).map(|c| String::from_utf8_lossy(c).into_owned()).collect::<Vec<_>>().join("-")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn consent(purpose: Purpose, granted: bool, version: i32) -> Consent {
        Consent { purpose, granted, notice_version: version }
    }

    #[test]
    fn every_purpose_is_off_without_a_record() {
        for p in Purpose::ALL {
            assert!(!is_granted(&[], p));
            for a in p.uses() {
                assert!(!may_use(&[], p, *a));
            }
        }
    }

    #[test]
    fn a_granted_purpose_reads_only_its_own_attributes() {
        let c = [consent(Purpose::ForYou, true, NOTICE_VERSION)];
        assert!(may_use(&c, Purpose::ForYou, Attribute::District));
        assert!(may_use(&c, Purpose::ForYou, Attribute::Interests));
        assert!(!may_use(&c, Purpose::ForYou, Attribute::AgeBand));
        assert!(!may_use(&c, Purpose::BudgetEligibility, Attribute::District));
    }

    #[test]
    fn a_withdrawn_purpose_is_off() {
        assert!(!is_granted(&[consent(Purpose::ForYou, false, NOTICE_VERSION)], Purpose::ForYou));
    }

    #[test]
    fn consent_under_an_older_notice_than_the_widening_is_asked_again() {
        let c = [consent(Purpose::Accessibility, true, 0)];
        assert!(!is_granted(&c, Purpose::Accessibility));
        assert_eq!(to_ask_again(&c), vec![Purpose::Accessibility]);
        assert!(to_ask_again(&[consent(Purpose::Accessibility, true, NOTICE_VERSION)]).is_empty());
    }

    #[test]
    fn purposes_round_trip_by_name() {
        for p in Purpose::ALL {
            assert_eq!(Purpose::parse(p.as_str()), Some(p));
            assert_eq!(serde_json::to_string(&p).unwrap(), format!("\"{}\"", p.as_str()));
        }
        assert_eq!(Purpose::parse("marketing"), None);
    }

    #[test]
    fn citizen_numbers_are_normalized() {
        assert_eq!(normalize_citizen_number(" 1234-5678 9012 ").unwrap(), "123456789012");
        assert_eq!(normalize_citizen_number("１２３４５６").unwrap(), "123456");
        assert_eq!(normalize_citizen_number(""), Err(ErrorCode::Required));
        assert_eq!(normalize_citizen_number("12a4"), Err(ErrorCode::CitizenNumberInvalid));
        assert_eq!(normalize_citizen_number("123"), Err(ErrorCode::CitizenNumberInvalid));
        assert_eq!(normalize_citizen_number("1234567890123456"), Err(ErrorCode::CitizenNumberInvalid));
    }

    #[test]
    fn letter_codes_are_normalized_and_checked() {
        assert_eq!(normalize_letter_code("abcd-efgh-jkmn").unwrap(), "ABCDEFGHJKMN");
        assert_eq!(normalize_letter_code("ＡＢＣＤ ＥＦＧＨ ＪＫＭＮ").unwrap(), "ABCDEFGHJKMN");
        // 0, O, 1, I and L are not in the alphabet.
        assert_eq!(normalize_letter_code("ABCD-EFGH-JKM0"), Err(ErrorCode::LetterCodeInvalid));
        assert_eq!(normalize_letter_code("ABCD-EFGH"), Err(ErrorCode::LetterCodeInvalid));
        assert_eq!(normalize_letter_code("ABCD-EFGH-JKM!"), Err(ErrorCode::LetterCodeInvalid));
        assert_eq!(format_letter_code("ABCDEFGHJKMN"), "ABCD-EFGH-JKMN");
    }
}
