//! What a notification is about: one list, used by the server that writes them, the
//! worker that emails them and the page that lists them, so none can miss a kind.

/// What happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
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

    pub fn parse(s: &str) -> Option<NotificationKind> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// The message key of its one-line text (`{ $title }` is the item's title).
    pub fn message_key(self) -> String {
        format!("notification-{}", self.as_str().replace('_', "-"))
    }

    /// The message key for a stored kind; an unknown one gets the generic text.
    pub fn message_key_of(kind: &str) -> String {
        Self::parse(kind).map(Self::message_key).unwrap_or_else(|| "notification-generic".into())
    }
}

#[cfg(test)]
mod tests {
    use super::NotificationKind;

    #[test]
    fn kinds_read_back_and_name_their_text() {
        for k in NotificationKind::ALL {
            assert_eq!(NotificationKind::parse(k.as_str()), Some(k));
        }
        assert_eq!(NotificationKind::ProposalDecided.message_key(), "notification-proposal-decided");
        assert_eq!(NotificationKind::message_key_of("something_new"), "notification-generic");
    }
}
