//! Fix-my-street reports: their states and the moves between them, routing to a
//! department, and the category's extra questions.

use crate::error::ErrorCode;
use crate::ids::{DepartmentId, DistrictId};
use serde::{Deserialize, Serialize};

pub const TITLE_MIN_CHARS: usize = 3;
pub const TITLE_MAX_CHARS: usize = 120;
/// Open311's limit on a request's description.
pub const DESCRIPTION_MAX_CHARS: usize = 4_000;
pub const MAX_PHOTOS: i64 = 3;
/// "Nearby" when warning about a possible duplicate before submitting.
pub const NEARBY_RADIUS_M: f64 = 250.0;
/// Days after "fixed" during which the reporter may reopen, unless configured.
pub const DEFAULT_REOPEN_DAYS: i64 = 28;

/// Where a report is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "diesel", derive(diesel::expression::AsExpression, diesel::deserialize::FromSqlRow), diesel(sql_type = diesel::sql_types::Text))]
pub enum ReportState {
    Open,
    Acknowledged,
    InProgress,
    ActionScheduled,
    Fixed,
    Closed,
    /// Another report describes the same problem (`duplicate_of`).
    Duplicate,
    NotResponsible,
    /// Passed to another body (`referred_to` names it).
    Referred,
}

impl ReportState {
    pub const ALL: [ReportState; 9] = [
        ReportState::Open,
        ReportState::Acknowledged,
        ReportState::InProgress,
        ReportState::ActionScheduled,
        ReportState::Fixed,
        ReportState::Closed,
        ReportState::Duplicate,
        ReportState::NotResponsible,
        ReportState::Referred,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ReportState::Open => "open",
            ReportState::Acknowledged => "acknowledged",
            ReportState::InProgress => "in_progress",
            ReportState::ActionScheduled => "action_scheduled",
            ReportState::Fixed => "fixed",
            ReportState::Closed => "closed",
            ReportState::Duplicate => "duplicate",
            ReportState::NotResponsible => "not_responsible",
            ReportState::Referred => "referred",
        }
    }

    pub fn parse(s: &str) -> Option<ReportState> {
        ReportState::ALL.into_iter().find(|r| r.as_str() == s)
    }

    /// Still to be dealt with (Open311's `open`); the rest are `closed`.
    pub fn is_open(self) -> bool {
        matches!(
            self,
            ReportState::Open | ReportState::Acknowledged | ReportState::InProgress | ReportState::ActionScheduled
        )
    }

    pub fn open311_status(self) -> &'static str {
        if self.is_open() {
            "open"
        } else {
            "closed"
        }
    }

    /// The states open (or closed) in Open311's sense.
    pub fn with_status(open: bool) -> Vec<ReportState> {
        ReportState::ALL.into_iter().filter(|s| s.is_open() == open).collect()
    }
}

/// What an entry of a report's timeline records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "diesel", derive(diesel::expression::AsExpression, diesel::deserialize::FromSqlRow), diesel(sql_type = diesel::sql_types::Text))]
pub enum UpdateKind {
    /// Reported (with an account, or once confirmed by the emailed link).
    Created,
    /// A report made without an account was confirmed by its emailed link.
    Confirmed,
    /// Staff moved it to another state.
    State,
    /// A public update from staff.
    Update,
    /// An internal note (staff only).
    Note,
    /// The reporter (or staff) reopened it.
    Reopened,
    Assigned,
    /// Moved to another department.
    Moved,
    /// Merged into another report as its duplicate.
    Merged,
}

impl UpdateKind {
    pub const ALL: [UpdateKind; 9] = [
        UpdateKind::Created,
        UpdateKind::Confirmed,
        UpdateKind::State,
        UpdateKind::Update,
        UpdateKind::Note,
        UpdateKind::Reopened,
        UpdateKind::Assigned,
        UpdateKind::Moved,
        UpdateKind::Merged,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            UpdateKind::Created => "created",
            UpdateKind::Confirmed => "confirmed",
            UpdateKind::State => "state",
            UpdateKind::Update => "update",
            UpdateKind::Note => "note",
            UpdateKind::Reopened => "reopened",
            UpdateKind::Assigned => "assigned",
            UpdateKind::Moved => "moved",
            UpdateKind::Merged => "merged",
        }
    }
}

crate::stored::text_enum!(
    ReportState => &ReportState::ALL,
    QuestionKind => &QuestionKind::ALL,
    UpdateKind => &UpdateKind::ALL,
);

/// Whether staff may move a report from `from` to `to`. Any open state may go to any
/// other state; a fixed report may be closed or reopened; the other closed states can
/// only be reopened. Duplicates are made by merging (which names the other report).
pub fn staff_may_move(from: ReportState, to: ReportState) -> Result<(), ErrorCode> {
    use ReportState::*;
    if from == to {
        return Err(ErrorCode::StateUnchanged);
    }
    if to == Duplicate {
        return Err(ErrorCode::UseMerge);
    }
    let ok = match from {
        Open | Acknowledged | InProgress | ActionScheduled => true,
        Fixed => matches!(to, Closed | Open | InProgress),
        Closed | Duplicate | NotResponsible | Referred => to == Open,
    };
    if ok {
        Ok(())
    } else {
        Err(ErrorCode::StateNotAllowed)
    }
}

/// Whether the reporter may reopen: only a fixed report, within `days` of being fixed.
pub fn reporter_may_reopen(
    state: ReportState,
    days_since_fixed: Option<i64>,
    window_days: i64,
) -> Result<(), ErrorCode> {
    if state != ReportState::Fixed {
        return Err(ErrorCode::StateNotAllowed);
    }
    match days_since_fixed {
        Some(d) if d <= window_days => Ok(()),
        _ => Err(ErrorCode::ReopenWindowClosed),
    }
}

/// The department a report goes to: the route for its category in its district, else
/// the category's department, else the platform's default department.
pub fn route(
    district: Option<DistrictId>,
    routes: &[(DistrictId, DepartmentId)],
    category_department: Option<DepartmentId>,
    default_department: Option<DepartmentId>,
) -> Option<DepartmentId> {
    district
        .and_then(|d| routes.iter().find(|(district, _)| *district == d).map(|(_, dept)| *dept))
        .or(category_department)
        .or(default_department)
}

/// The kinds of extra question a category can ask.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "diesel", derive(diesel::expression::AsExpression, diesel::deserialize::FromSqlRow), diesel(sql_type = diesel::sql_types::Text))]
pub enum QuestionKind {
    Text,
    Number,
    YesNo,
    List,
}

impl QuestionKind {
    pub const ALL: [QuestionKind; 4] =
        [QuestionKind::Text, QuestionKind::Number, QuestionKind::YesNo, QuestionKind::List];

    pub fn as_str(self) -> &'static str {
        match self {
            QuestionKind::Text => "text",
            QuestionKind::Number => "number",
            QuestionKind::YesNo => "yes_no",
            QuestionKind::List => "list",
        }
    }

    pub fn parse(s: &str) -> Option<QuestionKind> {
        QuestionKind::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// Open311's datatype for the question.
    pub fn open311_datatype(self) -> &'static str {
        match self {
            QuestionKind::Text => "text",
            QuestionKind::Number => "number",
            QuestionKind::YesNo | QuestionKind::List => "singlevaluelist",
        }
    }
}

pub const ANSWER_MAX_CHARS: usize = 500;

/// Checks one answer and returns it as stored: trimmed text, a normalised number,
/// `yes`/`no`, or a list key. `None` for an optional question left empty.
pub fn check_answer(
    kind: QuestionKind,
    required: bool,
    options: &[String],
    raw: &str,
) -> Result<Option<String>, ErrorCode> {
    let raw = raw.trim();
    if raw.is_empty() {
        return if required { Err(ErrorCode::Required) } else { Ok(None) };
    }
    match kind {
        QuestionKind::Text => {
            if raw.chars().count() > ANSWER_MAX_CHARS {
                Err(ErrorCode::TooLong)
            } else if raw.chars().any(|c| c.is_control() && c != '\n' && c != '\t') {
                Err(ErrorCode::InvalidInput)
            } else {
                Ok(Some(raw.to_owned()))
            }
        }
        QuestionKind::Number => {
            let normal: String = raw
                .chars()
                .map(|c| match c {
                    '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
                    '．' => '.',
                    c => c,
                })
                .collect();
            let n: f64 = normal.parse().map_err(|_| ErrorCode::NotANumber)?;
            if !n.is_finite() || n.abs() > 1e12 || normal.len() > 24 {
                return Err(ErrorCode::NotANumber);
            }
            Ok(Some(normal))
        }
        QuestionKind::YesNo => match raw.to_ascii_lowercase().as_str() {
            "yes" | "true" | "1" | "はい" => Ok(Some("yes".into())),
            "no" | "false" | "0" | "いいえ" => Ok(Some("no".into())),
            _ => Err(ErrorCode::InvalidInput),
        },
        QuestionKind::List => {
            if options.iter().any(|o| o == raw) {
                Ok(Some(raw.to_owned()))
            } else {
                Err(ErrorCode::InvalidInput)
            }
        }
    }
}

/// Category and question codes (Open311 `service_code`, attribute `code`): 1–40 of
/// a–z, 0–9, `-` and `_`, starting with a letter.
pub fn parse_code(raw: &str) -> Result<String, ErrorCode> {
    let s = raw.trim().to_ascii_lowercase();
    let ok = !s.is_empty()
        && s.len() <= 40
        && s.starts_with(|c: char| c.is_ascii_lowercase())
        && s.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_');
    if ok {
        Ok(s)
    } else {
        Err(ErrorCode::SlugInvalid)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ReportState::*;

    #[test]
    fn states_round_trip_and_map_to_open311() {
        for s in ReportState::ALL {
            assert_eq!(ReportState::parse(s.as_str()), Some(s));
        }
        assert_eq!(InProgress.open311_status(), "open");
        assert_eq!(Referred.open311_status(), "closed");
        assert_eq!(ReportState::with_status(true).len() + ReportState::with_status(false).len(), 9);
    }

    #[test]
    fn the_state_machine_as_a_table() {
        // (from, to, allowed)
        let expected_open = [Acknowledged, InProgress, ActionScheduled, Fixed, Closed, NotResponsible, Referred];
        for to in expected_open {
            assert_eq!(staff_may_move(Open, to), Ok(()), "open → {to:?}");
        }
        assert_eq!(staff_may_move(Open, Open), Err(ErrorCode::StateUnchanged));
        assert_eq!(staff_may_move(Open, Duplicate), Err(ErrorCode::UseMerge));
        assert_eq!(staff_may_move(Acknowledged, Open), Ok(()));
        assert_eq!(staff_may_move(InProgress, ActionScheduled), Ok(()));
        assert_eq!(staff_may_move(Fixed, Closed), Ok(()));
        assert_eq!(staff_may_move(Fixed, Open), Ok(()));
        assert_eq!(staff_may_move(Fixed, Referred), Err(ErrorCode::StateNotAllowed));
        for from in [Closed, Duplicate, NotResponsible, Referred] {
            assert_eq!(staff_may_move(from, Open), Ok(()), "{from:?} → open");
            assert_eq!(staff_may_move(from, Fixed), Err(ErrorCode::StateNotAllowed), "{from:?} → fixed");
        }
    }

    #[test]
    fn reporters_reopen_fixed_reports_within_the_window() {
        assert_eq!(reporter_may_reopen(Fixed, Some(3), 28), Ok(()));
        assert_eq!(reporter_may_reopen(Fixed, Some(28), 28), Ok(()));
        assert_eq!(reporter_may_reopen(Fixed, Some(29), 28), Err(ErrorCode::ReopenWindowClosed));
        assert_eq!(reporter_may_reopen(Closed, Some(1), 28), Err(ErrorCode::StateNotAllowed));
        assert_eq!(reporter_may_reopen(Fixed, None, 28), Err(ErrorCode::ReopenWindowClosed));
    }

    #[test]
    fn routing_prefers_the_district_route_then_the_category_then_the_default() {
        let (d, dept) = (DistrictId, DepartmentId);
        let routes = [(d(1), dept(10)), (d(2), dept(20))];
        assert_eq!(route(Some(d(2)), &routes, Some(dept(30)), Some(dept(40))), Some(dept(20)));
        assert_eq!(route(Some(d(3)), &routes, Some(dept(30)), Some(dept(40))), Some(dept(30)));
        assert_eq!(route(None, &routes, Some(dept(30)), Some(dept(40))), Some(dept(30)));
        assert_eq!(route(None, &routes, None, Some(dept(40))), Some(dept(40)));
        assert_eq!(route(Some(d(9)), &[], None, None), None);
    }

    #[test]
    fn answers_are_checked_by_kind() {
        let opts = vec!["small".to_owned(), "large".to_owned()];
        assert_eq!(check_answer(QuestionKind::Text, true, &[], "  deep  "), Ok(Some("deep".into())));
        assert_eq!(check_answer(QuestionKind::Text, true, &[], " "), Err(ErrorCode::Required));
        assert_eq!(check_answer(QuestionKind::Text, false, &[], ""), Ok(None));
        assert_eq!(check_answer(QuestionKind::Text, false, &[], &"x".repeat(501)), Err(ErrorCode::TooLong));
        assert_eq!(check_answer(QuestionKind::Number, true, &[], "３．５"), Ok(Some("3.5".into())));
        assert_eq!(check_answer(QuestionKind::Number, true, &[], "lots"), Err(ErrorCode::NotANumber));
        assert_eq!(check_answer(QuestionKind::Number, true, &[], "NaN"), Err(ErrorCode::NotANumber));
        assert_eq!(check_answer(QuestionKind::YesNo, true, &[], "はい"), Ok(Some("yes".into())));
        assert_eq!(check_answer(QuestionKind::YesNo, true, &[], "maybe"), Err(ErrorCode::InvalidInput));
        assert_eq!(check_answer(QuestionKind::List, true, &opts, "large"), Ok(Some("large".into())));
        assert_eq!(check_answer(QuestionKind::List, true, &opts, "huge"), Err(ErrorCode::InvalidInput));
    }

    #[test]
    fn codes_are_short_and_plain() {
        assert_eq!(parse_code(" Pothole "), Ok("pothole".into()));
        assert_eq!(parse_code("street_light-2"), Ok("street_light-2".into()));
        assert!(parse_code("2fast").is_err());
        assert!(parse_code("a b").is_err());
        assert!(parse_code("").is_err());
        assert!(parse_code(&"a".repeat(41)).is_err());
    }
}
