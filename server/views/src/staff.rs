//! Read models of the staff console: the action log and the accounts list.

use serde::{Deserialize, Serialize};
use yoriai_domain::{ActionLogId, UserId};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LogEntry {
    pub id: yoriai_domain::ActionLogId,
    /// City time, `YYYY-MM-DD HH:MM`.
    pub at: String,
    /// The staff member's display name (`None`: the platform or the command line).
    pub actor: Option<String>,
    pub action: String,
    pub target_type: String,
    pub target_id: Option<i64>,
    /// `public` or `staff`.
    pub visibility: String,
    pub reason: Option<String>,
    pub details: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct ActionLogPage {
    pub entries: Vec<LogEntry>,
    /// Every action name logged so far, for the filter.
    pub actions: Vec<String>,
    /// The `before` cursor of the next (older) page.
    pub next: Option<yoriai_domain::ActionLogId>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserItem {
    pub id: UserId,
    pub email: String,
    pub display_name: String,
    pub role: yoriai_domain::Role,
    pub confirmed: bool,
    pub blocked: bool,
    pub created_on: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct UsersPage {
    pub users: Vec<UserItem>,
    /// The signed-in admin (whose own role cannot be changed here).
    pub me: UserId,
}

/// What the action log's filter form and its pager links send.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct LogQuery {
    /// Part of a staff member's name or the start of their email.
    pub who: String,
    pub action: String,
    pub target_type: String,
    /// City days, `YYYY-MM-DD`, both included.
    pub from: String,
    pub until: String,
    /// The cursor of the next (older) page.
    #[serde(deserialize_with = "crate::input::opt_id")]
    pub before: Option<ActionLogId>,
}

/// What a moderator's decision on a flagged item sends.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ModerationInput {
    /// `hide`, or anything else to restore.
    pub decision: String,
    pub reason: String,
}

/// What blocking an account sends: the reason, kept in the action log.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct BlockInput {
    pub reason: String,
}
