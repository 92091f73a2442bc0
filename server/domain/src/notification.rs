//! What a notification is about and why its resident gets it: one list each, used by
//! the server that writes them, the worker that emails them and the page that lists
//! them, so none can miss a kind. Both are stored as words checked by the column's
//! CHECK; a word the code does not know is an error when the row is read.

use serde::{Deserialize, Serialize};

/// What happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "diesel", derive(diesel::expression::AsExpression, diesel::deserialize::FromSqlRow), diesel(sql_type = diesel::sql_types::Text))]
pub enum NotificationKind {
    ProposalAnswered,
    NewComment,
    CommentReply,
    ContentHidden,
    /// A public update on a report one made or follows.
    ReportUpdate,
    /// A new report where one has an alert.
    ReportNearby,
    /// A council decided on a proposal one made or follows.
    ProposalDecided,
    /// A council decided on a report one made or follows.
    ReportDecided,
    /// Progress on a result that carries out a proposal one made or follows.
    ProposalProgress,
}

impl NotificationKind {
    pub const ALL: [NotificationKind; 9] = [
        NotificationKind::ProposalAnswered,
        NotificationKind::NewComment,
        NotificationKind::CommentReply,
        NotificationKind::ContentHidden,
        NotificationKind::ReportUpdate,
        NotificationKind::ReportNearby,
        NotificationKind::ProposalDecided,
        NotificationKind::ReportDecided,
        NotificationKind::ProposalProgress,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            NotificationKind::ProposalAnswered => "proposal_answered",
            NotificationKind::NewComment => "new_comment",
            NotificationKind::CommentReply => "comment_reply",
            NotificationKind::ContentHidden => "content_hidden",
            NotificationKind::ReportUpdate => "report_update",
            NotificationKind::ReportNearby => "report_nearby",
            NotificationKind::ProposalDecided => "proposal_decided",
            NotificationKind::ReportDecided => "report_decided",
            NotificationKind::ProposalProgress => "proposal_progress",
        }
    }

    /// The message key of its one-line text (`{ $title }` is the item's title).
    pub fn message_key(self) -> String {
        format!("notification-{}", self.kebab())
    }
}

/// Why the resident gets it: the email says so, and the settings link stops it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "diesel", derive(diesel::expression::AsExpression, diesel::deserialize::FromSqlRow), diesel(sql_type = diesel::sql_types::Text))]
pub enum NotificationReason {
    /// They wrote the proposal or comment.
    Author,
    /// They follow the proposal or report.
    Follower,
    /// Someone replied to their comment.
    RepliedTo,
    /// They made the report.
    Reporter,
    /// They have an alert for the area.
    Alert,
}

impl NotificationReason {
    pub const ALL: [NotificationReason; 5] = [
        NotificationReason::Author,
        NotificationReason::Follower,
        NotificationReason::RepliedTo,
        NotificationReason::Reporter,
        NotificationReason::Alert,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            NotificationReason::Author => "author",
            NotificationReason::Follower => "follower",
            NotificationReason::RepliedTo => "replied_to",
            NotificationReason::Reporter => "reporter",
            NotificationReason::Alert => "alert",
        }
    }

    /// The message key of the email's "why you get this" line.
    pub fn why_key(self) -> String {
        format!("email-why-notification-{}", self.kebab())
    }
}

crate::stored::text_enum!(
    NotificationKind => &NotificationKind::ALL,
    NotificationReason => &NotificationReason::ALL,
);

#[cfg(test)]
mod tests {
    use super::{NotificationKind, NotificationReason};

    #[test]
    fn kinds_and_reasons_name_their_text() {
        assert_eq!(NotificationKind::ProposalDecided.message_key(), "notification-proposal-decided");
        assert_eq!(NotificationReason::RepliedTo.why_key(), "email-why-notification-replied-to");
    }
}
