//! Read models of the privacy pages: the resident's own privacy page, the consent
//! receipt, the staff verification console and the staff lookup of personal data.

use serde::{Deserialize, Serialize};
use yoriai_domain::privacy::Purpose;
use yoriai_domain::DistrictId;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PurposeItem {
    /// `for_you`, `budget_eligibility`, … (labels come from `purpose-<name>`).
    pub purpose: String,
    pub granted: bool,
    /// City time of the last change, if any.
    pub changed_at: Option<String>,
    /// Granted under an older notice that has since widened the purpose.
    pub ask_again: bool,
    /// The attributes it may read (`district`, `age_band`, …).
    pub uses: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DistrictOption {
    pub id: DistrictId,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VerificationInfo {
    /// `census`, `letter` or `counter`.
    pub method: String,
    pub district: Option<String>,
    /// City date.
    pub verified_on: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccessItem {
    pub at: String,
    /// The staff member's display name (`None` once their account is gone).
    pub staff: Option<String>,
    /// What was looked at.
    pub what: yoriai_domain::privacy::AccessKind,
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PrivacyPage {
    pub notice_version: i32,
    /// How the resident appears next to what they write: `name` or `pseudonym`.
    pub appear_as: String,
    pub purposes: Vec<PurposeItem>,
    pub verification: Option<VerificationInfo>,
    /// Whether the city has loaded a census to match against.
    pub census_available: bool,
    pub district_id: Option<DistrictId>,
    pub age_band: Option<String>,
    pub interests: Vec<String>,
    pub accessibility: Vec<String>,
    pub districts: Vec<DistrictOption>,
    /// Topics a resident can pick as interests (the categories in use).
    pub interest_options: Vec<String>,
    pub access_log: Vec<AccessItem>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConsentRecord {
    pub purpose: String,
    pub granted: bool,
    pub notice_version: i32,
    /// UTC, RFC 3339.
    pub at: String,
}

/// What a resident downloads as proof of what they agreed to, and when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConsentReceipt {
    pub account: String,
    pub generated_at: String,
    pub notice_version: i32,
    /// Purposes on now.
    pub granted: Vec<String>,
    pub history: Vec<ConsentRecord>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LetterDistrict {
    pub district: String,
    pub issued: i64,
    pub used: i64,
    pub open: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VerificationConsole {
    pub census_rows: i64,
    pub census_imported_at: Option<String>,
    pub letters: Vec<LetterDistrict>,
    pub districts: Vec<DistrictOption>,
    pub verified_accounts: i64,
    /// Whether the viewer may upload the census and print letters (admins), beside
    /// confirming at the counter (department staff too).
    pub can_manage: bool,
}

/// What a staff member sees after stating a reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonalRecord {
    pub user_id: yoriai_domain::UserId,
    pub display_name: String,
    pub email: String,
    pub verification: Option<VerificationInfo>,
    pub district: Option<String>,
    pub age_band: Option<String>,
    pub granted: Vec<String>,
}

/// One item of the home page's "for you" list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ForYouItem {
    /// `proposal`, `report` or `budget`.
    pub kind: String,
    pub title: String,
    pub href: String,
    /// Why it is shown: `district` or `interest`.
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ForYou {
    /// `false`: the resident has not turned the purpose on (the page explains how).
    pub enabled: bool,
    /// The resident's district name, when given.
    pub district: Option<String>,
    pub items: Vec<ForYouItem>,
}

/// One published version of the privacy notice, in the reader's language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoticeVersion {
    pub version: i32,
    /// City date; `None` for the platform's standard notice (version 1).
    pub published_on: Option<String>,
    /// What changed from the version before (empty for the first).
    pub changes: String,
    /// Purposes this version widens: residents who agreed before were asked again.
    pub widens: Vec<String>,
    /// Purposes not offered under this version.
    pub withdrawn: Vec<String>,
}

/// The public privacy notice: the version in force, its text, the purposes it offers,
/// and every earlier version with what changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoticePage {
    /// The version shown (the one in force unless an earlier one was asked for).
    pub current: NoticeVersion,
    /// The version in force now.
    pub in_force: i32,
    /// The city's text as safe HTML; `None` means the platform's standard text (in
    /// the locales).
    pub body_html: Option<String>,
    /// Offered purposes with the data each uses.
    pub purposes: Vec<(String, Vec<String>)>,
    /// Every version, newest first (the standard notice last).
    pub history: Vec<NoticeVersion>,
}

/// What an administrator edits to publish the next version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoticeConsole {
    pub page: NoticePage,
    pub body_ja: String,
    pub body_en: String,
    /// Every purpose the platform knows, with whether it is offered now.
    pub purposes: Vec<(String, bool)>,
}

/// What the privacy-notice form sends: the texts, and one checkbox per purpose and
/// question (`offer_<purpose>`, `widen_<purpose>`), plain fields a form without
/// JavaScript posts as they are.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct NoticeForm {
    pub body_ja: String,
    pub body_en: String,
    pub changes_ja: String,
    pub changes_en: String,
    #[serde(deserialize_with = "crate::input::checkbox")]
    pub offer_for_you: bool,
    #[serde(deserialize_with = "crate::input::checkbox")]
    pub offer_budget_eligibility: bool,
    #[serde(deserialize_with = "crate::input::checkbox")]
    pub offer_email_updates: bool,
    #[serde(deserialize_with = "crate::input::checkbox")]
    pub offer_accessibility: bool,
    #[serde(deserialize_with = "crate::input::checkbox")]
    pub offer_show_verified: bool,
    #[serde(deserialize_with = "crate::input::checkbox")]
    pub offer_statistics: bool,
    #[serde(deserialize_with = "crate::input::checkbox")]
    pub widen_for_you: bool,
    #[serde(deserialize_with = "crate::input::checkbox")]
    pub widen_budget_eligibility: bool,
    #[serde(deserialize_with = "crate::input::checkbox")]
    pub widen_email_updates: bool,
    #[serde(deserialize_with = "crate::input::checkbox")]
    pub widen_accessibility: bool,
    #[serde(deserialize_with = "crate::input::checkbox")]
    pub widen_show_verified: bool,
    #[serde(deserialize_with = "crate::input::checkbox")]
    pub widen_statistics: bool,
    /// The version the form started from (see `NoticeInput::base_version`).
    #[serde(deserialize_with = "crate::input::opt_id")]
    pub base_version: Option<i64>,
}

impl NoticeForm {
    /// The `offer_` boxes in `Purpose::ALL` order: a purpose added without its pair of
    /// boxes here no longer compiles (the array lengths differ).
    pub fn offers(&self) -> [bool; Purpose::ALL.len()] {
        [
            self.offer_for_you,
            self.offer_budget_eligibility,
            self.offer_email_updates,
            self.offer_accessibility,
            self.offer_show_verified,
            self.offer_statistics,
        ]
    }

    /// The `widen_` boxes in `Purpose::ALL` order.
    pub fn widens(&self) -> [bool; Purpose::ALL.len()] {
        [
            self.widen_for_you,
            self.widen_budget_eligibility,
            self.widen_email_updates,
            self.widen_accessibility,
            self.widen_show_verified,
            self.widen_statistics,
        ]
    }
}

/// What a counter clerk enters after checking an ID card in person. The citizen number
/// never shows in `Debug` output.
#[derive(Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct CounterInput {
    /// The resident's account email (they tell it at the counter).
    pub email: String,
    pub number: String,
    #[serde(deserialize_with = "crate::input::opt_id")]
    pub district_id: Option<DistrictId>,
}

impl std::fmt::Debug for CounterInput {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CounterInput")
            .field("email", &self.email)
            .field("number", &"[hidden]")
            .field("district_id", &self.district_id)
            .finish()
    }
}

/// What the resident's own census check sends: their citizen number and birth date,
/// neither of which shows in `Debug` output.
#[derive(Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct CensusInput {
    pub number: String,
    pub birth_date: String,
}

impl std::fmt::Debug for CensusInput {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CensusInput").field("number", &"[hidden]").field("birth_date", &"[hidden]").finish()
    }
}

/// What a consent switch sends: the purpose, on or off, and the notice version the
/// resident was shown.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ConsentInput {
    pub purpose: String,
    /// `true` to give consent; anything else withdraws it.
    pub granted: String,
    pub notice_version: Option<String>,
}

#[cfg(test)]
mod input_tests {
    use super::*;

    #[test]
    fn debug_output_hides_citizen_numbers_and_birth_dates() {
        let shown = format!(
            "{:?} {:?}",
            CounterInput { email: "a@b.jp".into(), number: "123456789012".into(), district_id: None },
            CensusInput { number: "210987654321".into(), birth_date: "1980-04-01".into() },
        );
        assert!(!shown.contains("123456789012") && !shown.contains("210987654321"), "{shown}");
        assert!(!shown.contains("1980"), "{shown}");
        assert!(shown.contains("a@b.jp"), "{shown}");
    }
}
