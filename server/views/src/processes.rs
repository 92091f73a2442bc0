//! What the staff console's process and phase forms send.

use serde::{Deserialize, Serialize};

/// What the process form sends.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ProcessInput {
    pub slug: String,
    pub title_ja: String,
    pub title_en: String,
    pub description_ja: String,
    pub description_en: String,
    #[serde(deserialize_with = "crate::input::opt_id")]
    pub district_id: Option<yoriai_domain::DistrictId>,
    pub edit_window_minutes: Option<String>,
    #[serde(deserialize_with = "crate::input::checkbox")]
    pub published: bool,
}

/// What the phase form sends.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct PhaseInput {
    pub title_ja: String,
    pub title_en: String,
    /// `YYYY-MM-DD` (start of day, city time) or empty.
    pub starts_on: String,
    pub ends_on: String,
    #[serde(deserialize_with = "crate::input::checkbox")]
    pub proposals_open: bool,
    #[serde(deserialize_with = "crate::input::checkbox")]
    pub supports_open: bool,
    pub support_limit: String,
    pub min_supports_to_count: String,
    pub threshold: String,
    #[serde(deserialize_with = "crate::input::checkbox")]
    pub accumulate_beyond_threshold: bool,
    #[serde(deserialize_with = "crate::input::checkbox")]
    pub supports_require_verification: bool,
    #[serde(deserialize_with = "crate::input::checkbox")]
    pub support_own_allowed: bool,
    #[serde(deserialize_with = "crate::input::checkbox")]
    pub comments_open: bool,
}
