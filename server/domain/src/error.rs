//! Machine-readable error codes. Every code is translated in `locales/*/errors.ftl`
//! under the key `error-<code with dashes>`; a test checks both languages.

use serde::{Deserialize, Serialize};

/// A stable, snake_case error code shown to API clients and translated for people.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    // Input: fields
    Required,
    TooLong,
    EmailInvalid,
    PasswordTooShort,
    PasswordTooLong,
    PasswordContainsEmail,
    PasswordTooCommon,
    DisplayNameInvalid,
    LocaleInvalid,
    EmailUnchanged,
    EmailTaken,
    CurrentPasswordWrong,
    // Participation
    TooShort,
    SlugInvalid,
    SlugTaken,
    NotANumber,
    LocationInvalid,
    DateInvalid,
    ProposalsClosed,
    SupportsClosed,
    CommentsClosed,
    SupportLimitReached,
    AlreadySupported,
    NotSupported,
    ThresholdReached,
    OwnProposal,
    NotSupportable,
    EditWindowClosed,
    VerificationRequired,
    ReplyTooDeep,
    AlreadyReported,
    AccountBlocked,
    ImageInvalid,
    ImageTooLarge,
    TooManyImages,
    NoActivePhase,
    // Budgets
    OverBudget,
    TooManyProjects,
    TooFewProjects,
    TooManyPoints,
    BelowMinimumShare,
    BallotEmpty,
    VotingClosed,
    NotEligible,
    BallotCheckedOut,
    ProjectUnfeasible,
    WrongHeading,
    PbInvalid,
    ReceiptUnknown,
    BudgetLocked,
    AlreadyInBallot,
    NotInBallot,
    FileTooLarge,
    ResultsNotPublished,
    // Reports
    StateUnchanged,
    UseMerge,
    StateNotAllowed,
    ReopenWindowClosed,
    CategoryUnavailable,
    AlreadyMeToo,
    PhotoLimit,
    OutsideDistricts,
    MergeInvalid,
    OwnReport,
    ReportClosed,
    AlertExists,
    AlertDistrictOrPoint,
    GeoJsonInvalid,
    // Decisions, results, KPIs
    ProgressOutOfRange,
    LinkedItemMissing,
    LinkedItemOutsideProcess,
    TargetYearPast,
    PdfInvalid,
    DocumentLimit,
    ResultCycle,
    // Privacy
    CitizenNumberInvalid,
    CensusNoMatch,
    CitizenIdInUse,
    LetterCodeInvalid,
    AlreadyVerified,
    NotVerified,
    CensusFileInvalid,
    CensusLineInvalid,
    PurposeUnknown,
    NoticeChangedMeanwhile,
    LastAdmin,
    CitizenIdTookPart,
    // External sign-in
    ExternalProviderUnknown,
    ExternalProviderUnavailable,
    ExternalSignInCancelled,
    ExternalSignInExpired,
    ExternalSignInFailed,
    ExternalAccountInUse,
    ExternalEmailHasAccount,
    LastSignInMethod,
    // Two-step sign-in
    TwoFactorCodeWrong,
    TwoFactorRequired,
    TwoFactorAlreadyOn,
    TwoFactorNotOn,
    // Staff console
    AccountUnknown,
    // Input: whole request
    InvalidInput,
    RequestTooLarge,
    MethodNotAllowed,
    InvalidCredentials,
    EmailNotConfirmed,
    TooManyAttempts,
    SecondStepLocked,
    TokenInvalid,
    CsrfInvalid,
    // Permission and presence
    NotSignedIn,
    AlreadySignedIn,
    Forbidden,
    NotFound,
    // Our fault
    Internal,
    Unavailable,
}

impl ErrorCode {
    /// Every code, for the translation completeness test.
    pub const ALL: &'static [ErrorCode] = &[
        ErrorCode::Required,
        ErrorCode::TooLong,
        ErrorCode::EmailInvalid,
        ErrorCode::PasswordTooShort,
        ErrorCode::PasswordTooLong,
        ErrorCode::PasswordContainsEmail,
        ErrorCode::PasswordTooCommon,
        ErrorCode::DisplayNameInvalid,
        ErrorCode::LocaleInvalid,
        ErrorCode::EmailUnchanged,
        ErrorCode::EmailTaken,
        ErrorCode::CurrentPasswordWrong,
        ErrorCode::TooShort,
        ErrorCode::SlugInvalid,
        ErrorCode::SlugTaken,
        ErrorCode::NotANumber,
        ErrorCode::LocationInvalid,
        ErrorCode::DateInvalid,
        ErrorCode::ProposalsClosed,
        ErrorCode::SupportsClosed,
        ErrorCode::CommentsClosed,
        ErrorCode::SupportLimitReached,
        ErrorCode::AlreadySupported,
        ErrorCode::NotSupported,
        ErrorCode::ThresholdReached,
        ErrorCode::OwnProposal,
        ErrorCode::NotSupportable,
        ErrorCode::EditWindowClosed,
        ErrorCode::VerificationRequired,
        ErrorCode::ReplyTooDeep,
        ErrorCode::AlreadyReported,
        ErrorCode::AccountBlocked,
        ErrorCode::ImageInvalid,
        ErrorCode::ImageTooLarge,
        ErrorCode::TooManyImages,
        ErrorCode::NoActivePhase,
        ErrorCode::OverBudget,
        ErrorCode::TooManyProjects,
        ErrorCode::TooFewProjects,
        ErrorCode::TooManyPoints,
        ErrorCode::BelowMinimumShare,
        ErrorCode::BallotEmpty,
        ErrorCode::VotingClosed,
        ErrorCode::NotEligible,
        ErrorCode::BallotCheckedOut,
        ErrorCode::ProjectUnfeasible,
        ErrorCode::WrongHeading,
        ErrorCode::PbInvalid,
        ErrorCode::ReceiptUnknown,
        ErrorCode::BudgetLocked,
        ErrorCode::AlreadyInBallot,
        ErrorCode::NotInBallot,
        ErrorCode::FileTooLarge,
        ErrorCode::ResultsNotPublished,
        ErrorCode::StateUnchanged,
        ErrorCode::UseMerge,
        ErrorCode::StateNotAllowed,
        ErrorCode::ReopenWindowClosed,
        ErrorCode::CategoryUnavailable,
        ErrorCode::AlreadyMeToo,
        ErrorCode::PhotoLimit,
        ErrorCode::OutsideDistricts,
        ErrorCode::MergeInvalid,
        ErrorCode::OwnReport,
        ErrorCode::AlertExists,
        ErrorCode::AlertDistrictOrPoint,
        ErrorCode::ReportClosed,
        ErrorCode::GeoJsonInvalid,
        ErrorCode::ProgressOutOfRange,
        ErrorCode::LinkedItemMissing,
        ErrorCode::LinkedItemOutsideProcess,
        ErrorCode::TargetYearPast,
        ErrorCode::PdfInvalid,
        ErrorCode::DocumentLimit,
        ErrorCode::ResultCycle,
        ErrorCode::CitizenNumberInvalid,
        ErrorCode::CensusNoMatch,
        ErrorCode::CitizenIdInUse,
        ErrorCode::LetterCodeInvalid,
        ErrorCode::AlreadyVerified,
        ErrorCode::NotVerified,
        ErrorCode::CensusFileInvalid,
        ErrorCode::CensusLineInvalid,
        ErrorCode::PurposeUnknown,
        ErrorCode::NoticeChangedMeanwhile,
        ErrorCode::LastAdmin,
        ErrorCode::CitizenIdTookPart,
        ErrorCode::ExternalProviderUnknown,
        ErrorCode::ExternalProviderUnavailable,
        ErrorCode::ExternalSignInCancelled,
        ErrorCode::ExternalSignInExpired,
        ErrorCode::ExternalSignInFailed,
        ErrorCode::ExternalAccountInUse,
        ErrorCode::ExternalEmailHasAccount,
        ErrorCode::LastSignInMethod,
        ErrorCode::TwoFactorCodeWrong,
        ErrorCode::TwoFactorRequired,
        ErrorCode::TwoFactorAlreadyOn,
        ErrorCode::TwoFactorNotOn,
        ErrorCode::AccountUnknown,
        ErrorCode::InvalidInput,
        ErrorCode::RequestTooLarge,
        ErrorCode::MethodNotAllowed,
        ErrorCode::InvalidCredentials,
        ErrorCode::EmailNotConfirmed,
        ErrorCode::TooManyAttempts,
        ErrorCode::SecondStepLocked,
        ErrorCode::TokenInvalid,
        ErrorCode::CsrfInvalid,
        ErrorCode::NotSignedIn,
        ErrorCode::AlreadySignedIn,
        ErrorCode::Forbidden,
        ErrorCode::NotFound,
        ErrorCode::Internal,
        ErrorCode::Unavailable,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::Required => "required",
            ErrorCode::TooLong => "too_long",
            ErrorCode::EmailInvalid => "email_invalid",
            ErrorCode::PasswordTooShort => "password_too_short",
            ErrorCode::PasswordTooLong => "password_too_long",
            ErrorCode::PasswordContainsEmail => "password_contains_email",
            ErrorCode::PasswordTooCommon => "password_too_common",
            ErrorCode::DisplayNameInvalid => "display_name_invalid",
            ErrorCode::LocaleInvalid => "locale_invalid",
            ErrorCode::EmailUnchanged => "email_unchanged",
            ErrorCode::EmailTaken => "email_taken",
            ErrorCode::CurrentPasswordWrong => "current_password_wrong",
            ErrorCode::TooShort => "too_short",
            ErrorCode::SlugInvalid => "slug_invalid",
            ErrorCode::SlugTaken => "slug_taken",
            ErrorCode::NotANumber => "not_a_number",
            ErrorCode::LocationInvalid => "location_invalid",
            ErrorCode::DateInvalid => "date_invalid",
            ErrorCode::ProposalsClosed => "proposals_closed",
            ErrorCode::SupportsClosed => "supports_closed",
            ErrorCode::CommentsClosed => "comments_closed",
            ErrorCode::SupportLimitReached => "support_limit_reached",
            ErrorCode::AlreadySupported => "already_supported",
            ErrorCode::NotSupported => "not_supported",
            ErrorCode::ThresholdReached => "threshold_reached",
            ErrorCode::OwnProposal => "own_proposal",
            ErrorCode::NotSupportable => "not_supportable",
            ErrorCode::EditWindowClosed => "edit_window_closed",
            ErrorCode::VerificationRequired => "verification_required",
            ErrorCode::ReplyTooDeep => "reply_too_deep",
            ErrorCode::AlreadyReported => "already_reported",
            ErrorCode::AccountBlocked => "account_blocked",
            ErrorCode::ImageInvalid => "image_invalid",
            ErrorCode::ImageTooLarge => "image_too_large",
            ErrorCode::TooManyImages => "too_many_images",
            ErrorCode::NoActivePhase => "no_active_phase",
            ErrorCode::OverBudget => "over_budget",
            ErrorCode::TooManyProjects => "too_many_projects",
            ErrorCode::TooFewProjects => "too_few_projects",
            ErrorCode::TooManyPoints => "too_many_points",
            ErrorCode::BelowMinimumShare => "below_minimum_share",
            ErrorCode::BallotEmpty => "ballot_empty",
            ErrorCode::VotingClosed => "voting_closed",
            ErrorCode::NotEligible => "not_eligible",
            ErrorCode::BallotCheckedOut => "ballot_checked_out",
            ErrorCode::ProjectUnfeasible => "project_unfeasible",
            ErrorCode::WrongHeading => "wrong_heading",
            ErrorCode::PbInvalid => "pb_invalid",
            ErrorCode::ReceiptUnknown => "receipt_unknown",
            ErrorCode::BudgetLocked => "budget_locked",
            ErrorCode::AlreadyInBallot => "already_in_ballot",
            ErrorCode::NotInBallot => "not_in_ballot",
            ErrorCode::FileTooLarge => "file_too_large",
            ErrorCode::ResultsNotPublished => "results_not_published",
            ErrorCode::StateUnchanged => "state_unchanged",
            ErrorCode::UseMerge => "use_merge",
            ErrorCode::StateNotAllowed => "state_not_allowed",
            ErrorCode::ReopenWindowClosed => "reopen_window_closed",
            ErrorCode::CategoryUnavailable => "category_unavailable",
            ErrorCode::AlreadyMeToo => "already_me_too",
            ErrorCode::PhotoLimit => "photo_limit",
            ErrorCode::OutsideDistricts => "outside_districts",
            ErrorCode::MergeInvalid => "merge_invalid",
            ErrorCode::OwnReport => "own_report",
            ErrorCode::AlertExists => "alert_exists",
            ErrorCode::AlertDistrictOrPoint => "alert_district_or_point",
            ErrorCode::ReportClosed => "report_closed",
            ErrorCode::GeoJsonInvalid => "geo_json_invalid",
            ErrorCode::ProgressOutOfRange => "progress_out_of_range",
            ErrorCode::LinkedItemMissing => "linked_item_missing",
            ErrorCode::LinkedItemOutsideProcess => "linked_item_outside_process",
            ErrorCode::TargetYearPast => "target_year_past",
            ErrorCode::PdfInvalid => "pdf_invalid",
            ErrorCode::DocumentLimit => "document_limit",
            ErrorCode::ResultCycle => "result_cycle",
            ErrorCode::CitizenNumberInvalid => "citizen_number_invalid",
            ErrorCode::CensusNoMatch => "census_no_match",
            ErrorCode::CitizenIdInUse => "citizen_id_in_use",
            ErrorCode::LetterCodeInvalid => "letter_code_invalid",
            ErrorCode::AlreadyVerified => "already_verified",
            ErrorCode::NotVerified => "not_verified",
            ErrorCode::CensusFileInvalid => "census_file_invalid",
            ErrorCode::CensusLineInvalid => "census_line_invalid",
            ErrorCode::PurposeUnknown => "purpose_unknown",
            ErrorCode::NoticeChangedMeanwhile => "notice_changed_meanwhile",
            ErrorCode::LastAdmin => "last_admin",
            ErrorCode::CitizenIdTookPart => "citizen_id_took_part",
            ErrorCode::ExternalProviderUnknown => "external_provider_unknown",
            ErrorCode::ExternalProviderUnavailable => "external_provider_unavailable",
            ErrorCode::ExternalSignInCancelled => "external_sign_in_cancelled",
            ErrorCode::ExternalSignInExpired => "external_sign_in_expired",
            ErrorCode::ExternalSignInFailed => "external_sign_in_failed",
            ErrorCode::ExternalAccountInUse => "external_account_in_use",
            ErrorCode::ExternalEmailHasAccount => "external_email_has_account",
            ErrorCode::LastSignInMethod => "last_sign_in_method",
            ErrorCode::TwoFactorCodeWrong => "two_factor_code_wrong",
            ErrorCode::TwoFactorRequired => "two_factor_required",
            ErrorCode::TwoFactorAlreadyOn => "two_factor_already_on",
            ErrorCode::TwoFactorNotOn => "two_factor_not_on",
            ErrorCode::AccountUnknown => "account_unknown",
            ErrorCode::InvalidInput => "invalid_input",
            ErrorCode::RequestTooLarge => "request_too_large",
            ErrorCode::MethodNotAllowed => "method_not_allowed",
            ErrorCode::InvalidCredentials => "invalid_credentials",
            ErrorCode::EmailNotConfirmed => "email_not_confirmed",
            ErrorCode::TooManyAttempts => "too_many_attempts",
            ErrorCode::SecondStepLocked => "second_step_locked",
            ErrorCode::TokenInvalid => "token_invalid",
            ErrorCode::CsrfInvalid => "csrf_invalid",
            ErrorCode::NotSignedIn => "not_signed_in",
            ErrorCode::AlreadySignedIn => "already_signed_in",
            ErrorCode::Forbidden => "forbidden",
            ErrorCode::NotFound => "not_found",
            ErrorCode::Internal => "internal",
            ErrorCode::Unavailable => "unavailable",
        }
    }

    /// The Fluent key of this code's message.
    pub fn message_key(self) -> String {
        format!("error-{}", self.as_str().replace('_', "-"))
    }

    /// The HTTP status an API answers with for this code.
    pub fn http_status(self) -> u16 {
        match self {
            ErrorCode::InvalidCredentials | ErrorCode::NotSignedIn => 401,
            ErrorCode::Forbidden
            | ErrorCode::CsrfInvalid
            | ErrorCode::EmailNotConfirmed
            | ErrorCode::VerificationRequired
            | ErrorCode::AccountBlocked
            | ErrorCode::NotEligible => 403,
            ErrorCode::AlreadySupported
            | ErrorCode::AlreadyReported
            | ErrorCode::SlugTaken
            | ErrorCode::AlreadyInBallot
            | ErrorCode::BallotCheckedOut
            | ErrorCode::AlreadyMeToo
            | ErrorCode::CitizenIdInUse
            | ErrorCode::CitizenIdTookPart
            | ErrorCode::ExternalAccountInUse
            | ErrorCode::ExternalEmailHasAccount
            | ErrorCode::NoticeChangedMeanwhile
            | ErrorCode::AlreadyVerified
            | ErrorCode::AlertExists => 409,
            ErrorCode::ImageTooLarge | ErrorCode::FileTooLarge | ErrorCode::RequestTooLarge => 413,
            ErrorCode::NotFound | ErrorCode::ExternalProviderUnknown => 404,
            ErrorCode::MethodNotAllowed => 405,
            ErrorCode::TooManyAttempts | ErrorCode::SecondStepLocked => 429,
            ErrorCode::Internal => 500,
            ErrorCode::Unavailable | ErrorCode::ExternalProviderUnavailable => 503,
            _ => 422,
        }
    }

    /// Whether this is the server's fault rather than the request's.
    pub fn is_internal(self) -> bool {
        matches!(self, ErrorCode::Internal | ErrorCode::Unavailable)
    }
}

impl std::fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An error tied to one form field, so the page can show it beside that field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    pub field: String,
    pub code: ErrorCode,
    /// Arguments for the translated message, e.g. `max` for `too_long`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub args: Vec<(String, i64)>,
}

impl FieldError {
    pub fn new(field: impl Into<String>, code: ErrorCode) -> Self {
        FieldError { field: field.into(), code, args: Vec::new() }
    }

    pub fn with_arg(mut self, name: &str, value: i64) -> Self {
        self.args.push((name.to_owned(), value));
        self
    }
}

/// A request refused because of what was asked, not because of a fault of ours:
/// one code for the whole request plus, for forms, an error per field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rejection {
    pub code: ErrorCode,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<FieldError>,
    /// Arguments for the translated message, e.g. `minutes` for `too_many_attempts`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub args: Vec<(String, i64)>,
}

impl Rejection {
    pub fn new(code: ErrorCode) -> Self {
        Rejection { code, fields: Vec::new(), args: Vec::new() }
    }

    /// Errors on individual fields; the request's code is `invalid_input`.
    pub fn fields(fields: Vec<FieldError>) -> Self {
        Rejection { code: ErrorCode::InvalidInput, fields, args: Vec::new() }
    }

    pub fn field(field: &str, code: ErrorCode) -> Self {
        Rejection::fields(vec![FieldError::new(field, code)])
    }

    pub fn with_arg(mut self, name: &str, value: i64) -> Self {
        self.args.push((name.to_owned(), value));
        self
    }

    pub fn field_error(&self, field: &str) -> Option<&FieldError> {
        self.fields.iter().find(|f| f.field == field)
    }
}

impl From<ErrorCode> for Rejection {
    fn from(code: ErrorCode) -> Self {
        Rejection::new(code)
    }
}

/// Collects field errors while parsing a form, so every problem is reported at once.
#[derive(Debug, Default)]
pub struct FieldErrors(Vec<FieldError>);

impl FieldErrors {
    pub fn new() -> Self {
        FieldErrors::default()
    }

    /// Records the error of a parse result and returns its value, if any.
    pub fn check<T>(&mut self, field: &str, result: Result<T, ErrorCode>) -> Option<T> {
        match result {
            Ok(v) => Some(v),
            Err(code) => {
                self.0.push(FieldError::new(field, code));
                None
            }
        }
    }

    pub fn push(&mut self, error: FieldError) {
        self.0.push(error);
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn into_rejection(self) -> Rejection {
        Rejection::fields(self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_serializes_as_its_snake_case_name() {
        for code in ErrorCode::ALL {
            let json = serde_json::to_string(code).unwrap();
            assert_eq!(json, format!("\"{}\"", code.as_str()));
            let back: ErrorCode = serde_json::from_str(&json).unwrap();
            assert_eq!(back, *code);
        }
    }

    #[test]
    fn all_lists_every_code_once() {
        let mut seen = std::collections::HashSet::new();
        for code in ErrorCode::ALL {
            assert!(seen.insert(code.as_str()), "{code} listed twice");
        }
    }

    #[test]
    fn message_keys_use_dashes() {
        assert_eq!(ErrorCode::TooManyAttempts.message_key(), "error-too-many-attempts");
    }
}
