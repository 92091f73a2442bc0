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

/// What the new-category form of a process sends.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct CategoryNameInput {
    pub name_ja: String,
    pub name_en: String,
}

/// What the role form of a process sends: whom (their account email) and which role.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct RoleGrantInput {
    pub email: String,
    /// The role's stored word (`ProcessRole`).
    pub role: String,
}

/// What a "remove this role" button sends.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct RoleRevokeInput {
    #[serde(deserialize_with = "crate::input::opt_id")]
    pub user_id: Option<yoriai_domain::UserId>,
    pub role: String,
}
