-- Every column that stores a domain enum lists its words in a CHECK (issue 14), so a
-- row the database accepts is a row the code can read. These six had none.
-- SQLite cannot add a CHECK to a table, so each is rebuilt (nothing refers to them).

CREATE TABLE process_roles_rebuilt (
    process_id BIGINT NOT NULL REFERENCES processes (id) ON DELETE CASCADE,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role TEXT NOT NULL CHECK (role IN ('resident', 'moderator', 'department_staff', 'valuator', 'council_secretary', 'admin')),
    granted_by BIGINT REFERENCES users (id) ON DELETE SET NULL,
    granted_at TIMESTAMP NOT NULL,
    PRIMARY KEY (process_id, user_id, role)
);
INSERT INTO process_roles_rebuilt (process_id, user_id, role, granted_by, granted_at) SELECT process_id, user_id, role, granted_by, granted_at FROM process_roles;
DROP TABLE process_roles;
ALTER TABLE process_roles_rebuilt RENAME TO process_roles;
CREATE INDEX process_roles_user ON process_roles (user_id);

CREATE TABLE report_updates_rebuilt (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    report_id BIGINT NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
    author_id BIGINT REFERENCES users (id) ON DELETE SET NULL,
    kind TEXT NOT NULL CHECK (kind IN ('created', 'confirmed', 'state', 'update', 'note', 'reopened',
                                       'assigned', 'moved', 'merged')),
    public BOOLEAN NOT NULL,
    state_from TEXT CHECK (state_from IN ('open', 'acknowledged', 'in_progress', 'action_scheduled', 'fixed', 'closed', 'duplicate', 'not_responsible', 'referred')),
    state_to TEXT CHECK (state_to IN ('open', 'acknowledged', 'in_progress', 'action_scheduled', 'fixed', 'closed', 'duplicate', 'not_responsible', 'referred')),
    body TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMP NOT NULL
);
INSERT INTO report_updates_rebuilt (id, report_id, author_id, kind, public, state_from, state_to, body, created_at) SELECT id, report_id, author_id, kind, public, state_from, state_to, body, created_at FROM report_updates;
DROP TABLE report_updates;
ALTER TABLE report_updates_rebuilt RENAME TO report_updates;
CREATE INDEX report_updates_report ON report_updates (report_id, id);

CREATE TABLE response_templates_rebuilt (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    department_id BIGINT REFERENCES departments (id) ON DELETE CASCADE,
    title TEXT NOT NULL,
    body_ja TEXT NOT NULL,
    body_en TEXT NOT NULL,
    -- The state the template goes with, if any (e.g. "fixed").
    state TEXT CHECK (state IN ('open', 'acknowledged', 'in_progress', 'action_scheduled', 'fixed', 'closed', 'duplicate', 'not_responsible', 'referred')),
    created_at TIMESTAMP NOT NULL
);
INSERT INTO response_templates_rebuilt (id, department_id, title, body_ja, body_en, state, created_at) SELECT id, department_id, title, body_ja, body_en, state, created_at FROM response_templates;
DROP TABLE response_templates;
ALTER TABLE response_templates_rebuilt RENAME TO response_templates;

CREATE TABLE report_counts_rebuilt (
    department_id BIGINT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('open', 'acknowledged', 'in_progress', 'action_scheduled', 'fixed', 'closed', 'duplicate', 'not_responsible', 'referred')),
    n BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (department_id, state)
);
INSERT INTO report_counts_rebuilt (department_id, state, n) SELECT department_id, state, n FROM report_counts;
DROP TABLE report_counts;
ALTER TABLE report_counts_rebuilt RENAME TO report_counts;

CREATE TABLE result_updates_rebuilt (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    result_id BIGINT NOT NULL REFERENCES results (id) ON DELETE CASCADE,
    body TEXT NOT NULL,
    progress INTEGER CHECK (progress IS NULL OR (progress >= 0 AND progress <= 100)),
    status TEXT CHECK (status IN ('not_started', 'in_progress', 'completed', 'cancelled', 'custom')),
    image_id BIGINT REFERENCES uploads (id) ON DELETE SET NULL,
    author_id BIGINT REFERENCES users (id) ON DELETE SET NULL,
    created_at TIMESTAMP NOT NULL
);
INSERT INTO result_updates_rebuilt (id, result_id, body, progress, status, image_id, author_id, created_at) SELECT id, result_id, body, progress, status, image_id, author_id, created_at FROM result_updates;
DROP TABLE result_updates;
ALTER TABLE result_updates_rebuilt RENAME TO result_updates;
CREATE INDEX result_updates_result ON result_updates (result_id, id);
