CREATE TABLE notifications_rebuilt (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    reason TEXT NOT NULL,
    proposal_id BIGINT REFERENCES proposals (id) ON DELETE CASCADE,
    comment_id BIGINT REFERENCES comments (id) ON DELETE CASCADE,
    created_at TIMESTAMP NOT NULL,
    read_at TIMESTAMP,
    email_state TEXT NOT NULL DEFAULT 'pending' CHECK (email_state IN ('pending', 'sent', 'skipped')),
    report_id BIGINT REFERENCES reports (id) ON DELETE CASCADE
);
INSERT INTO notifications_rebuilt (id, user_id, kind, reason, proposal_id, comment_id, created_at, read_at, email_state, report_id)
    SELECT id, user_id, kind, reason, proposal_id, comment_id, created_at, read_at, email_state, report_id FROM notifications;
DROP TABLE notifications;
ALTER TABLE notifications_rebuilt RENAME TO notifications;
CREATE INDEX notifications_user ON notifications (user_id, id);
CREATE INDEX notifications_email ON notifications (email_state, id);

CREATE TABLE personal_data_access_rebuilt (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    subject_user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    staff_user_id BIGINT REFERENCES users (id) ON DELETE SET NULL,
    what TEXT NOT NULL,
    reason TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);
INSERT INTO personal_data_access_rebuilt (id, subject_user_id, staff_user_id, what, reason, created_at)
    SELECT id, subject_user_id, staff_user_id, what, reason, created_at FROM personal_data_access;
DROP TABLE personal_data_access;
ALTER TABLE personal_data_access_rebuilt RENAME TO personal_data_access;
CREATE INDEX personal_data_access_subject ON personal_data_access (subject_user_id, id);
