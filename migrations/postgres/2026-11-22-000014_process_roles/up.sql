-- Staff roles held in one participatory process only: process administrator,
-- moderator, valuator, department staff, council secretary. An account's platform
-- role (users.role) applies everywhere; these add rights in one process.
CREATE TABLE process_roles (
    process_id BIGINT NOT NULL REFERENCES processes (id) ON DELETE CASCADE,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role TEXT NOT NULL,
    granted_by BIGINT REFERENCES users (id) ON DELETE SET NULL,
    granted_at TIMESTAMP NOT NULL,
    PRIMARY KEY (process_id, user_id, role)
);
-- Loaded with every signed-in request of the account.
CREATE INDEX process_roles_user ON process_roles (user_id);
