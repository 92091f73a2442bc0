-- A notification's kind and reason are domain enums (issue 14): their CHECK lists the
-- words the code reads, so a row the database accepts is a row the code can read.
ALTER TABLE notifications ADD CONSTRAINT notifications_kind_check CHECK (kind IN ('proposal_answered', 'new_comment', 'comment_reply', 'content_hidden', 'report_update', 'report_nearby', 'proposal_decided', 'report_decided', 'proposal_progress'));
ALTER TABLE notifications ADD CONSTRAINT notifications_reason_check CHECK (reason IN ('author', 'follower', 'replied_to', 'reporter', 'alert'));
-- What staff looked at in a resident's access log is domain::privacy::AccessKind.
ALTER TABLE personal_data_access ADD CONSTRAINT personal_data_access_what_check CHECK (what IN ('personal_data', 'reporter_contact', 'counter_verification'));
