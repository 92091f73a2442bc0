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
