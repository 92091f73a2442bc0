//! What the proposal forms send.

use serde::{Deserialize, Serialize};

/// What the proposal form sends (a new draft and an edit).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ProposalInput {
    pub title: String,
    pub body: String,
    #[serde(deserialize_with = "crate::input::opt_id")]
    pub category_id: Option<yoriai_domain::CategoryId>,
    #[serde(deserialize_with = "crate::input::opt_id")]
    pub district_id: Option<yoriai_domain::DistrictId>,
    pub address: String,
    pub latitude: String,
    pub longitude: String,
}

/// What the comment form sends (a reply names its parent; an edit ignores it).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct CommentInput {
    pub body: String,
    /// `for`, `against` or empty.
    pub stance: String,
    #[serde(deserialize_with = "crate::input::opt_id")]
    pub parent_id: Option<yoriai_domain::CommentId>,
}

/// What the flag form sends: the proposal itself, or one of its comments.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct FlagInput {
    #[serde(deserialize_with = "crate::input::opt_id")]
    pub comment_id: Option<yoriai_domain::CommentId>,
    pub reason: String,
    pub details: String,
}

/// What the answer-state form sends (a staff-defined state for official answers).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct AnswerStateInput {
    pub key: String,
    pub label_ja: String,
    pub label_en: String,
    pub colour: String,
}

/// What the official answer form sends.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct AnswerInput {
    /// `evaluating`, `accepted`, `rejected`, or `custom:<id>`.
    pub state: String,
    pub text: String,
    pub cost: String,
    /// Publish the answer now (a checkbox).
    #[serde(deserialize_with = "crate::input::checkbox")]
    pub publish: bool,
}

/// What a comment's vote buttons send: which comment, and up (1), down (-1) or neither (0).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct CommentVoteInput {
    #[serde(deserialize_with = "crate::input::opt_id")]
    pub comment_id: Option<yoriai_domain::CommentId>,
    pub value: String,
}
