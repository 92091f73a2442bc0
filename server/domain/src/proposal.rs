//! Proposals: their life cycle, official answers, and the limits on their text.

use crate::error::ErrorCode;
use serde::{Deserialize, Serialize};

pub const TITLE_MIN_CHARS: usize = 5;
pub const TITLE_MAX_CHARS: usize = 150;
pub const BODY_MIN_CHARS: usize = 15;
pub const BODY_MAX_CHARS: usize = 10_000;
pub const ADDRESS_MAX_CHARS: usize = 300;
pub const COMMENT_MAX_CHARS: usize = 4_000;
/// Replies nest at most this deep (0 = a top-level comment): "at least three levels".
pub const COMMENT_MAX_DEPTH: i32 = 3;

/// Where a proposal is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "diesel", derive(diesel::expression::AsExpression, diesel::deserialize::FromSqlRow), diesel(sql_type = diesel::sql_types::Text))]
pub enum ProposalState {
    /// Written but only visible to its author.
    Draft,
    Published,
    /// Withdrawn by its author: still readable, no longer supportable.
    Withdrawn,
}

impl ProposalState {
    pub fn as_str(self) -> &'static str {
        match self {
            ProposalState::Draft => "draft",
            ProposalState::Published => "published",
            ProposalState::Withdrawn => "withdrawn",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "draft" => Some(ProposalState::Draft),
            "published" => Some(ProposalState::Published),
            "withdrawn" => Some(ProposalState::Withdrawn),
            _ => None,
        }
    }

    /// The transitions a proposal may take.
    pub fn can_become(self, next: ProposalState) -> bool {
        matches!(
            (self, next),
            (ProposalState::Draft, ProposalState::Published) | (ProposalState::Published, ProposalState::Withdrawn)
        )
    }
}

/// The city's official answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "diesel", derive(diesel::expression::AsExpression, diesel::deserialize::FromSqlRow), diesel(sql_type = diesel::sql_types::Text))]
pub enum AnswerState {
    Evaluating,
    Accepted,
    Rejected,
    /// One of the states the administrators defined (its id is stored beside).
    Custom,
}

impl AnswerState {
    pub const BUILT_IN: [AnswerState; 3] = [AnswerState::Evaluating, AnswerState::Accepted, AnswerState::Rejected];

    pub fn as_str(self) -> &'static str {
        match self {
            AnswerState::Evaluating => "evaluating",
            AnswerState::Accepted => "accepted",
            AnswerState::Rejected => "rejected",
            AnswerState::Custom => "custom",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "evaluating" => Some(AnswerState::Evaluating),
            "accepted" => Some(AnswerState::Accepted),
            "rejected" => Some(AnswerState::Rejected),
            "custom" => Some(AnswerState::Custom),
            _ => None,
        }
    }
}

/// How a comment takes position on the proposal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "diesel", derive(diesel::expression::AsExpression, diesel::deserialize::FromSqlRow), diesel(sql_type = diesel::sql_types::Text))]
pub enum Stance {
    InFavour,
    Against,
    Neutral,
}

impl Stance {
    pub const ALL: [Stance; 3] = [Stance::InFavour, Stance::Against, Stance::Neutral];

    pub fn as_str(self) -> &'static str {
        match self {
            Stance::InFavour => "in_favour",
            Stance::Against => "against",
            Stance::Neutral => "neutral",
        }
    }

    pub fn parse(s: &str) -> Result<Self, ErrorCode> {
        match s {
            "in_favour" => Ok(Stance::InFavour),
            "against" => Ok(Stance::Against),
            "neutral" | "" => Ok(Stance::Neutral),
            _ => Err(ErrorCode::InvalidInput),
        }
    }
}

/// Why something was reported to the moderators.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FlagReason {
    Spam,
    Offensive,
    Personal,
    Other,
}

impl FlagReason {
    pub const ALL: [FlagReason; 4] = [FlagReason::Spam, FlagReason::Offensive, FlagReason::Personal, FlagReason::Other];

    pub fn as_str(self) -> &'static str {
        match self {
            FlagReason::Spam => "spam",
            FlagReason::Offensive => "offensive",
            FlagReason::Personal => "personal",
            FlagReason::Other => "other",
        }
    }

    pub fn parse(s: &str) -> Result<Self, ErrorCode> {
        FlagReason::ALL.into_iter().find(|r| r.as_str() == s).ok_or(ErrorCode::InvalidInput)
    }
}

/// Where an item in the moderators' queue stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "diesel", derive(diesel::expression::AsExpression, diesel::deserialize::FromSqlRow), diesel(sql_type = diesel::sql_types::Text))]
pub enum ModerationState {
    /// Flagged, waiting for a moderator.
    Pending,
    Hidden,
    /// A moderator kept it (or showed it again).
    Restored,
}

impl ModerationState {
    pub const ALL: [ModerationState; 3] =
        [ModerationState::Pending, ModerationState::Hidden, ModerationState::Restored];

    pub fn as_str(self) -> &'static str {
        match self {
            ModerationState::Pending => "pending",
            ModerationState::Hidden => "hidden",
            ModerationState::Restored => "restored",
        }
    }

    pub fn parse(s: &str) -> Option<ModerationState> {
        ModerationState::ALL.into_iter().find(|m| m.as_str() == s)
    }
}

crate::stored::text_enum!(
    ProposalState => &[ProposalState::Draft, ProposalState::Published, ProposalState::Withdrawn],
    AnswerState => &[AnswerState::Evaluating, AnswerState::Accepted, AnswerState::Rejected, AnswerState::Custom],
    Stance => &Stance::ALL,
    ModerationState => &ModerationState::ALL,
);

/// A colour as `#rrggbb`, for custom answer states.
pub fn parse_colour(raw: &str) -> Result<String, ErrorCode> {
    let s = raw.trim().to_ascii_lowercase();
    let ok = s.len() == 7 && s.starts_with('#') && s[1..].chars().all(|c| c.is_ascii_hexdigit());
    ok.then_some(s).ok_or(ErrorCode::InvalidInput)
}

/// Yen (or any currency's minor-less amount) from text such as "1,200,000" or "１２００",
/// as a whole non-negative number.
pub fn parse_amount(raw: &str) -> Result<i64, ErrorCode> {
    let cleaned: String = raw
        .trim()
        .chars()
        .map(|c| match c {
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
            c => c,
        })
        .filter(|c| !matches!(c, ',' | '，' | '_' | ' ' | '円' | '¥' | '￥'))
        .collect();
    if cleaned.is_empty() {
        return Err(ErrorCode::Required);
    }
    let value: i64 = cleaned.parse().map_err(|_| ErrorCode::NotANumber)?;
    if value < 0 {
        return Err(ErrorCode::NotANumber);
    }
    if value > 1_000_000_000_000_000 {
        return Err(ErrorCode::TooLong);
    }
    Ok(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drafts_publish_and_published_proposals_withdraw_and_nothing_else() {
        use ProposalState::*;
        assert!(Draft.can_become(Published));
        assert!(Published.can_become(Withdrawn));
        for (a, b) in
            [(Draft, Withdrawn), (Withdrawn, Published), (Published, Draft), (Withdrawn, Draft), (Published, Published)]
        {
            assert!(!a.can_become(b), "{a:?} -> {b:?}");
        }
    }

    #[test]
    fn states_round_trip_through_their_names() {
        for s in [ProposalState::Draft, ProposalState::Published, ProposalState::Withdrawn] {
            assert_eq!(ProposalState::parse(s.as_str()), Some(s));
        }
        for s in AnswerState::BUILT_IN.into_iter().chain([AnswerState::Custom]) {
            assert_eq!(AnswerState::parse(s.as_str()), Some(s));
        }
        for s in Stance::ALL {
            assert_eq!(Stance::parse(s.as_str()), Ok(s));
        }
    }

    #[test]
    fn amounts_accept_separators_and_full_width_digits() {
        assert_eq!(parse_amount("1,200,000"), Ok(1_200_000));
        assert_eq!(parse_amount("１２００円"), Ok(1200));
        assert_eq!(parse_amount("-5"), Err(ErrorCode::NotANumber));
        assert_eq!(parse_amount("lots"), Err(ErrorCode::NotANumber));
        assert_eq!(parse_amount(""), Err(ErrorCode::Required));
    }

    #[test]
    fn colours_are_hex_triplets() {
        assert_eq!(parse_colour("#A1B2C3"), Ok("#a1b2c3".into()));
        assert!(parse_colour("red").is_err());
        assert!(parse_colour("#12345g").is_err());
    }
}
