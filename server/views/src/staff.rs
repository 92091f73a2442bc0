//! Read models of the staff console: the action log and the accounts list.

use serde::{Deserialize, Serialize};
use yoriai_domain::UserId;

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
