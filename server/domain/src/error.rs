//! Machine-readable error codes. Every code is translated in `locales/*/errors.ftl`
//! under the key `error-<code with dashes>`; a test checks both languages.

use serde::{Deserialize, Serialize};

/// A stable, snake_case error code shown to API clients and translated for people.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, strum::VariantArray, strum::IntoStaticStr,
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
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
    ColourInvalid,
    ColourLowContrast,
    ZoomOutOfRange,
    TileTemplateInvalid,
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
    ProviderIdInvalid,
    UrlNotHttps,
    IssuerUnreachable,
    IssuerInUse,
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
    /// Every code, in declaration order (derived: a new code is in it by construction).
    pub const ALL: &'static [ErrorCode] = <ErrorCode as strum::VariantArray>::VARIANTS;

    /// The code's stable snake_case name (the same as its serde name; a test checks).
    pub fn as_str(self) -> &'static str {
        self.into()
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
