//! The privacy model's rules (Aizuwakamatsu Plus): the purposes personal data may be
//! used for, which attributes each purpose may read, how recorded consents are
//! evaluated, and the formats of citizen numbers and letter codes.
//!
//! Every purpose is off until the resident turns it on. A consent counts only if it
//! was given under a notice at least as new as the last one that widened the purpose,
//! so widening a purpose asks everyone again; a purpose the city stops offering is off
//! for everyone, and offering it again counts as widening it.
//!
//! The purposes themselves are code (each is enforced where personal data is read);
//! the city's administrators publish the privacy notice around them: its text, which
//! purposes are offered, and which changes widen a purpose ([`Terms`]).

use crate::error::ErrorCode;
use serde::{Deserialize, Serialize};

/// The notice version of a platform whose administrators have published none yet.
pub const FIRST_NOTICE_VERSION: i32 = 1;

/// Why personal data may be used. Each has a plain ja/en description in
/// `locales/*/privacy.ftl` (`purpose-<name>` and `purpose-<name>-retention`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
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
    /// Show "verified resident" next to my name or pseudonym (never who I am).
    ShowVerified,
    /// Count me (by age band) in the anonymous statistics of the public dashboard.
    Statistics,
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
    /// That the resident holds a verified citizen ID (not the method, district or date).
    Verified,
}

impl Purpose {
    pub const ALL: [Purpose; 6] = [
        Purpose::ForYou,
        Purpose::BudgetEligibility,
        Purpose::EmailUpdates,
        Purpose::Accessibility,
        Purpose::ShowVerified,
        Purpose::Statistics,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Purpose::ForYou => "for_you",
            Purpose::BudgetEligibility => "budget_eligibility",
            Purpose::EmailUpdates => "email_updates",
            Purpose::Accessibility => "accessibility",
            Purpose::ShowVerified => "show_verified",
            Purpose::Statistics => "statistics",
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
            Purpose::ShowVerified => &[Attribute::Verified],
            Purpose::Statistics => &[Attribute::AgeBand],
        }
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
            Attribute::Verified => "verified",
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

/// The terms of the privacy notice in force: its version, the version that last
/// widened each purpose, and the purposes the city does not offer now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Terms {
    pub version: i32,
    /// Purposes widened after the first notice, with the version that last did.
    #[serde(default)]
    pub widened_in: std::collections::BTreeMap<Purpose, i32>,
    #[serde(default)]
    pub withdrawn: Vec<Purpose>,
}

impl Default for Terms {
    fn default() -> Self {
        Terms { version: FIRST_NOTICE_VERSION, widened_in: Default::default(), withdrawn: Vec::new() }
    }
}

impl Terms {
    /// The notice version that last widened `purpose`.
    pub fn widened_in(&self, purpose: Purpose) -> i32 {
        self.widened_in.get(&purpose).copied().unwrap_or(FIRST_NOTICE_VERSION)
    }

    /// Whether residents may turn `purpose` on under this notice.
    pub fn offers(&self, purpose: Purpose) -> bool {
        !self.withdrawn.contains(&purpose)
    }

    /// Whether a consent to `purpose` given under `notice_version` counts now: the
    /// purpose is offered and was not widened since. The rule every consent check uses,
    /// per resident ([`ConsentState`]) or over many (bylines, statistics).
    pub fn accepts(&self, purpose: Purpose, notice_version: i32) -> bool {
        self.offers(purpose) && notice_version >= self.widened_in(purpose)
    }

    /// The purposes offered now, in their fixed order.
    pub fn offered(&self) -> Vec<Purpose> {
        Purpose::ALL.into_iter().filter(|p| self.offers(*p)).collect()
    }

    /// The terms of the next version: `widens` are widened by it, `withdrawn` are not
    /// offered under it. Offering a withdrawn purpose again widens it, so nobody's old
    /// consent switches it back on silently.
    pub fn next(&self, widens: &[Purpose], withdrawn: &[Purpose]) -> Terms {
        let version = self.version + 1;
        let mut widened_in = self.widened_in.clone();
        for p in Purpose::ALL {
            let offered_again = !self.offers(p) && !withdrawn.contains(&p);
            if (widens.contains(&p) && !withdrawn.contains(&p)) || offered_again {
                widened_in.insert(p, version);
            }
        }
        let withdrawn = Purpose::ALL.into_iter().filter(|p| withdrawn.contains(p)).collect();
        Terms { version, widened_in, withdrawn }
    }
}

/// A resident's newest choices, read against the notice in force. The one place that
/// says whether a purpose is on.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ConsentState {
    pub terms: Terms,
    pub consents: Vec<Consent>,
}

impl ConsentState {
    /// Whether `purpose` is on: offered, granted, under a notice no older than its last
    /// widening.
    pub fn granted(&self, purpose: Purpose) -> bool {
        self.consents.iter().any(|c| c.purpose == purpose && c.granted && self.terms.accepts(purpose, c.notice_version))
    }

    /// Whether `purpose` may read `attribute`: the purpose is on and names the attribute.
    pub fn may_use(&self, purpose: Purpose, attribute: Attribute) -> bool {
        purpose.uses().contains(&attribute) && self.granted(purpose)
    }

    /// Offered purposes once granted under a notice older than their widening: ask again.
    pub fn to_ask_again(&self) -> Vec<Purpose> {
        self.consents
            .iter()
            .filter(|c| {
                c.granted && self.terms.offers(c.purpose) && c.notice_version < self.terms.widened_in(c.purpose)
            })
            .map(|c| c.purpose)
            .collect()
    }

    /// The purposes on now.
    pub fn granted_purposes(&self) -> Vec<Purpose> {
        Purpose::ALL.into_iter().filter(|p| self.granted(*p)).collect()
    }
}

/// How a resident appears next to what they write.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Appearance {
    /// Their display name, everywhere.
    #[default]
    Name,
    /// A different pseudonym in each participatory process, so their activity in one
    /// process cannot be linked publicly to another.
    Pseudonym,
}

impl Appearance {
    pub fn as_str(self) -> &'static str {
        match self {
            Appearance::Name => "name",
            Appearance::Pseudonym => "pseudonym",
        }
    }

    pub fn parse(raw: &str) -> Option<Appearance> {
        [Appearance::Name, Appearance::Pseudonym].into_iter().find(|a| a.as_str() == raw.trim())
    }
}

/// Characters in a pseudonym's code: 31^8 ≈ 8.5e11 codes, so two of 30 000 authors in
/// one process share one with a chance of about 1 in 2 000.
pub const PSEUDONYM_LEN: usize = 8;

/// A pseudonym's code from a keyed hash (hex) of the account and the process: the same
/// in one process, unrelated across processes, and not reversible without the server
/// secret. Letters as in letter codes, so it reads back unambiguously.
pub fn pseudonym_code(keyed_hash_hex: &str) -> String {
    let bytes: Vec<u8> = (0..keyed_hash_hex.len() / 2)
        .filter_map(|i| u8::from_str_radix(&keyed_hash_hex[2 * i..2 * i + 2], 16).ok())
        .collect();
    // 56 bits of the hash, written in base 31 (31^8 < 2^40 · 2^16 = 2^56).
    let mut n = bytes.iter().take(7).fold(0u64, |acc, b| (acc << 8) | u64::from(*b));
    let mut out = String::with_capacity(PSEUDONYM_LEN);
    for _ in 0..PSEUDONYM_LEN {
        out.push(LETTER_ALPHABET[(n % LETTER_ALPHABET.len() as u64) as usize] as char);
        n /= LETTER_ALPHABET.len() as u64;
    }
    out
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

/// What a member of staff looked at, as the resident's access log records it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "diesel", derive(diesel::expression::AsExpression, diesel::deserialize::FromSqlRow), diesel(sql_type = diesel::sql_types::Text))]
pub enum AccessKind {
    /// The resident's personal data, with a stated reason.
    PersonalData,
    /// A reporter's contact details on a street report.
    ReporterContact,
    /// A citizen ID checked at a city counter (the platform states the reason).
    CounterVerification,
}

impl AccessKind {
    pub const ALL: [AccessKind; 3] =
        [AccessKind::PersonalData, AccessKind::ReporterContact, AccessKind::CounterVerification];

    pub fn as_str(self) -> &'static str {
        match self {
            AccessKind::PersonalData => "personal_data",
            AccessKind::ReporterContact => "reporter_contact",
            AccessKind::CounterVerification => "counter_verification",
        }
    }

    /// The message key of its name in the access log.
    pub fn message_key(self) -> String {
        format!("access-{}", self.kebab())
    }
}

crate::stored::text_enum!(AccessKind => &AccessKind::ALL);

/// Statistics never show a group smaller than this: a count of 1 to 4 is shown as
/// "fewer than 5".
pub const MIN_STATISTIC_GROUP: i64 = 5;

/// A published count: `None` when the group is too small to show.
pub fn suppressed(count: i64) -> Option<i64> {
    (count == 0 || count >= MIN_STATISTIC_GROUP).then_some(count)
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
mod tests;
