//! Read models: what each page shows, as plain data. The services build them from the
//! database; the front end renders them on the server and, after hydration, in the
//! browser. Times are UTC ISO strings formatted by the page; money is whole yen.

use serde::{Deserialize, Serialize};
use yoriai_domain::process::PhaseSettings;
use yoriai_domain::{
    CategoryId, CommentId, CustomStateId, DistrictId, Locale, ModerationId, NotificationId, PhaseId, ProcessId,
    ProposalId, ReportId, UploadId, UserId,
};

pub mod accountability;
pub mod accounts;
pub mod budgets;
pub mod charts;
pub mod city;
pub mod input;
pub mod open311;
pub mod privacy;
pub mod processes;
pub mod proposals;
pub mod reports;
pub mod staff;

/// Text in both languages; the page picks one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Bilingual {
    pub ja: String,
    pub en: String,
}

impl Bilingual {
    pub fn new(ja: impl Into<String>, en: impl Into<String>) -> Self {
        Bilingual { ja: ja.into(), en: en.into() }
    }

    /// The text in `locale`, falling back to the other language when empty.
    pub fn get(&self, locale: Locale) -> &str {
        let (first, second) = match locale {
            Locale::Ja => (&self.ja, &self.en),
            Locale::En => (&self.en, &self.ja),
        };
        if first.trim().is_empty() {
            second
        } else {
            first
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Named<I> {
    pub id: I,
    pub name: Bilingual,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PhaseView {
    pub id: PhaseId,
    pub position: i32,
    pub title: Bilingual,
    /// `YYYY-MM-DD` in city time; the end is the phase's last day.
    pub starts_on: Option<String>,
    pub ends_on: Option<String>,
    pub active: bool,
    pub settings: PhaseSettings,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProcessSummary {
    pub id: ProcessId,
    pub slug: String,
    pub title: Bilingual,
    pub description: Bilingual,
    pub image: Option<String>,
    pub active_phase: Option<Bilingual>,
    pub published: bool,
    pub proposal_count: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProcessDetail {
    pub id: ProcessId,
    pub slug: String,
    pub title: Bilingual,
    /// Rendered safe HTML of each description.
    pub description_html: Bilingual,
    pub description: Bilingual,
    pub image: Option<String>,
    pub district: Option<Named<DistrictId>>,
    pub district_id: Option<DistrictId>,
    pub phases: Vec<PhaseView>,
    pub categories: Vec<Named<CategoryId>>,
    pub districts: Vec<Named<DistrictId>>,
    pub active_phase: Option<PhaseView>,
    pub manual_phase_id: Option<PhaseId>,
    pub edit_window_minutes: i32,
    pub published: bool,
    pub proposal_count: i64,
    /// What the viewer may do now (from the policy).
    pub can_propose: bool,
    pub can_manage: bool,
    /// Supports the viewer gave and may still give (when limited).
    pub supports_given: i32,
    pub supports_left: Option<i32>,
    /// For staff who answer proposals here: answers saved to publish later, (proposal
    /// id, title), oldest first.
    #[serde(default)]
    pub waiting_answers: Vec<(ProposalId, String)>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AnswerView {
    pub state: yoriai_domain::proposal::AnswerState,
    pub custom_label: Option<Bilingual>,
    pub colour: Option<String>,
    pub text_html: String,
    pub cost: Option<i64>,
    pub published: bool,
    pub answered_at: String,
}

/// Setting up two-step sign-in: the key to type into the app and the `otpauth:` link
/// that opens it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TwoFactorSetup {
    /// Base32, in groups of four.
    pub key: String,
    pub uri: String,
}

/// The two-step sign-in page of an account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TwoFactorStatus {
    pub on: bool,
    /// The account's role needs it (it cannot be turned off).
    pub required: bool,
    /// Set up but not yet confirmed with a code.
    pub setup: Option<TwoFactorSetup>,
    pub recovery_codes_left: i64,
}

/// One entry of an account's security log: what happened (`second_step_failed`,
/// `second_step_locked`) and when, in city time.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SecurityEvent {
    pub kind: String,
    pub at: String,
}

/// How the author of a proposal or comment appears to others: the display name, or a
/// pseudonym of this process (`Participant <code>`), with "verified resident" when
/// they chose to show it. Neither name nor pseudonym: a deleted participant.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Byline {
    pub name: Option<String>,
    pub pseudonym: Option<String>,
    pub verified: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProposalCard {
    pub id: ProposalId,
    pub title: String,
    pub excerpt: String,
    pub category: Option<Bilingual>,
    pub author: Byline,
    pub state: yoriai_domain::proposal::ProposalState,
    pub support_count: i32,
    pub comment_count: i32,
    pub threshold: Option<i32>,
    pub reached: bool,
    pub hidden: bool,
    pub answer_state: Option<yoriai_domain::proposal::AnswerState>,
    pub answer_label: Option<Bilingual>,
    pub answer_colour: Option<String>,
    pub published_at: Option<String>,
    pub thumbnail: Option<String>,
    pub supported_by_me: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProposalList {
    pub process: ProcessSummary,
    pub cards: Vec<ProposalCard>,
    pub next_cursor: Option<String>,
    pub categories: Vec<Named<CategoryId>>,
    pub districts: Vec<Named<DistrictId>>,
    pub total: i64,
    /// The visitor's random seed (kept in the links so "random" stays stable).
    pub seed: i32,
    pub drafts: Vec<ProposalCard>,
    pub can_propose: bool,
    pub supports_left: Option<i32>,
    pub signed_in: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImageView {
    pub id: UploadId,
    pub key: String,
    pub alt: String,
    pub width: i32,
    pub height: i32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CommentView {
    pub id: CommentId,
    pub parent_id: Option<CommentId>,
    pub depth: i32,
    pub author: Byline,
    /// Empty when deleted or hidden.
    pub body_html: String,
    pub body: String,
    pub stance: yoriai_domain::proposal::Stance,
    pub up: i32,
    pub down: i32,
    pub my_vote: i32,
    pub deleted: bool,
    pub hidden: bool,
    pub edited: bool,
    pub created_at: String,
    pub mine: bool,
}

/// What the viewer may do on a proposal page, each with the reason when not.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Permission {
    pub allowed: bool,
    /// The error code when refused (e.g. `supports_closed`), to explain why.
    pub reason: Option<String>,
}

impl Permission {
    pub fn yes() -> Self {
        Permission { allowed: true, reason: None }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProposalPage {
    pub id: ProposalId,
    pub process_slug: String,
    pub process_title: Bilingual,
    pub title: String,
    pub body: String,
    pub body_html: String,
    pub state: yoriai_domain::proposal::ProposalState,
    pub author: Byline,
    pub mine: bool,
    pub category: Option<Named<CategoryId>>,
    pub district: Option<Named<DistrictId>>,
    pub address: Option<String>,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    pub support_count: i32,
    pub comment_count: i32,
    pub follower_count: i32,
    pub threshold: Option<i32>,
    pub reached: bool,
    pub hidden: bool,
    pub published_at: Option<String>,
    pub images: Vec<ImageView>,
    pub answer: Option<AnswerView>,
    pub comments: Vec<CommentView>,
    pub supported_by_me: bool,
    pub following: bool,
    pub supports_left: Option<i32>,
    pub can_support: Permission,
    pub can_withdraw_support: Permission,
    pub can_comment: Permission,
    pub can_edit: Permission,
    pub can_withdraw: Permission,
    pub can_publish: Permission,
    pub can_answer: bool,
    pub can_moderate: bool,
    pub signed_in: bool,
    /// Similar published proposals (shown on drafts before publishing).
    pub similar: Vec<(ProposalId, String)>,
    pub categories: Vec<Named<CategoryId>>,
    pub districts: Vec<Named<DistrictId>>,
    pub answer_states: Vec<CustomStateView>,
    /// Budget projects made from this proposal.
    #[serde(default)]
    pub budget_projects: Vec<budgets::ProjectLink>,
    /// Council decisions on it and the results that carry it out.
    #[serde(default)]
    pub outcomes: accountability::Outcomes,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustomStateView {
    pub id: CustomStateId,
    pub key: String,
    pub label: Bilingual,
    pub colour: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NotificationItem {
    pub id: NotificationId,
    pub kind: yoriai_domain::notification::NotificationKind,
    pub reason: yoriai_domain::notification::NotificationReason,
    pub proposal_id: Option<ProposalId>,
    pub subject_title: Option<String>,
    pub comment_id: Option<CommentId>,
    #[serde(default)]
    pub report_id: Option<ReportId>,
    pub created_at: String,
    pub read: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NotificationsPage {
    pub items: Vec<NotificationItem>,
    /// `immediate`, `daily` or `none`.
    pub email_setting: String,
    /// Whether the resident allows update emails at all ("email me updates").
    #[serde(default)]
    pub email_consent: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ModerationItem {
    pub id: ModerationId,
    pub target_type: String,
    pub target_id: i64,
    pub proposal_id: Option<ProposalId>,
    pub title: String,
    pub excerpt: String,
    pub author: Option<String>,
    pub author_id: Option<UserId>,
    pub report_count: i32,
    pub reasons: Vec<(String, String)>,
    pub hidden: bool,
    pub state: yoriai_domain::proposal::ModerationState,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AdminProcessPage {
    pub process: ProcessDetail,
    pub districts: Vec<Named<DistrictId>>,
    pub pending_answers: i64,
    pub answer_states: Vec<CustomStateView>,
    pub proposals: Vec<ProposalCard>,
    /// Staff roles held in this process.
    #[serde(default)]
    pub roles: Vec<ProcessRoleHolder>,
}

/// An account holding a staff role in one process.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProcessRoleHolder {
    pub user_id: UserId,
    pub display_name: String,
    pub email: String,
    /// `admin` (process administrator), `moderator`, `valuator`, `department_staff`,
    /// `council_secretary`.
    pub role: yoriai_domain::Role,
    /// City date the role was granted.
    pub granted_on: String,
    /// The role is in force: the account has two-step sign-in on (staff rights need it).
    pub in_force: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bilingual_text_falls_back_to_the_other_language() {
        let b = Bilingual::new("公園", "");
        assert_eq!(b.get(Locale::En), "公園");
        assert_eq!(b.get(Locale::Ja), "公園");
        let both = Bilingual::new("公園", "Park");
        assert_eq!(both.get(Locale::En), "Park");
    }
}
