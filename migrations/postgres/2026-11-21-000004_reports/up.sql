-- Fix-my-street reports: departments and their members, categories with extra
-- questions, routing, reports with answers, photos and a timeline of updates,
-- "me too", follows and area alerts, response templates, Open311 client keys and
-- emailed confirmation links for reporters without an account.

CREATE TABLE departments (
    id BIGSERIAL PRIMARY KEY,
    name_ja TEXT NOT NULL,
    name_en TEXT NOT NULL,
    -- Receives reports no route sends elsewhere (one department at most).
    is_default BOOLEAN NOT NULL DEFAULT FALSE,
    created_at TIMESTAMP NOT NULL
);

CREATE TABLE department_members (
    department_id BIGINT NOT NULL REFERENCES departments (id) ON DELETE CASCADE,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    PRIMARY KEY (department_id, user_id)
);
CREATE INDEX department_members_user ON department_members (user_id);

CREATE TABLE report_categories (
    id BIGSERIAL PRIMARY KEY,
    -- Open311 service_code.
    code TEXT NOT NULL UNIQUE,
    name_ja TEXT NOT NULL,
    name_en TEXT NOT NULL,
    description_ja TEXT NOT NULL DEFAULT '',
    description_en TEXT NOT NULL DEFAULT '',
    group_name TEXT NOT NULL DEFAULT '',
    keywords TEXT NOT NULL DEFAULT '',
    enabled BOOLEAN NOT NULL DEFAULT TRUE,
    department_id BIGINT REFERENCES departments (id) ON DELETE SET NULL,
    position INTEGER NOT NULL DEFAULT 0,
    created_at TIMESTAMP NOT NULL
);

CREATE TABLE category_questions (
    id BIGSERIAL PRIMARY KEY,
    category_id BIGINT NOT NULL REFERENCES report_categories (id) ON DELETE CASCADE,
    -- Open311 attribute code.
    code TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('text', 'number', 'yes_no', 'list')),
    label_ja TEXT NOT NULL,
    label_en TEXT NOT NULL,
    required BOOLEAN NOT NULL DEFAULT FALSE,
    -- For lists: one option per line, `key|日本語|English`.
    options TEXT NOT NULL DEFAULT '',
    position INTEGER NOT NULL DEFAULT 0,
    UNIQUE (category_id, code)
);

-- Category × district → department; without a route, the category's department,
-- then the default department.
CREATE TABLE category_routes (
    category_id BIGINT NOT NULL REFERENCES report_categories (id) ON DELETE CASCADE,
    district_id BIGINT NOT NULL REFERENCES districts (id) ON DELETE CASCADE,
    department_id BIGINT NOT NULL REFERENCES departments (id) ON DELETE CASCADE,
    PRIMARY KEY (category_id, district_id)
);

CREATE TABLE open311_clients (
    id BIGSERIAL PRIMARY KEY,
    name TEXT NOT NULL,
    key_hash TEXT NOT NULL UNIQUE,
    created_by BIGINT REFERENCES users (id) ON DELETE SET NULL,
    created_at TIMESTAMP NOT NULL,
    last_used_at TIMESTAMP,
    revoked_at TIMESTAMP
);

CREATE TABLE reports (
    id BIGSERIAL PRIMARY KEY,
    category_id BIGINT NOT NULL REFERENCES report_categories (id),
    district_id BIGINT REFERENCES districts (id) ON DELETE SET NULL,
    department_id BIGINT REFERENCES departments (id) ON DELETE SET NULL,
    assignee_id BIGINT REFERENCES users (id) ON DELETE SET NULL,
    reporter_id BIGINT REFERENCES users (id) ON DELETE SET NULL,
    -- Contact of a reporter without an account (or given through Open311). Never public.
    reporter_name TEXT,
    reporter_email TEXT,
    reporter_phone TEXT,
    -- The reporter chose to show their name publicly.
    show_name BOOLEAN NOT NULL DEFAULT FALSE,
    -- Email the reporter about public updates (they can stop it from any such email).
    reporter_updates BOOLEAN NOT NULL DEFAULT TRUE,
    title TEXT NOT NULL,
    description TEXT NOT NULL,
    latitude DOUBLE PRECISION,
    longitude DOUBLE PRECISION,
    address TEXT,
    state TEXT NOT NULL CHECK (state IN ('open', 'acknowledged', 'in_progress', 'action_scheduled', 'fixed',
                                         'closed', 'duplicate', 'not_responsible', 'referred')),
    duplicate_of BIGINT REFERENCES reports (id) ON DELETE SET NULL,
    referred_to TEXT,
    me_too_count INTEGER NOT NULL DEFAULT 0 CHECK (me_too_count >= 0),
    follower_count INTEGER NOT NULL DEFAULT 0 CHECK (follower_count >= 0),
    -- Confirmed (and visible): at once for accounts and Open311, by emailed link otherwise.
    confirmed_at TIMESTAMP,
    -- Shown on public lists: confirmed and not hidden by a moderator.
    visible BOOLEAN NOT NULL DEFAULT FALSE,
    hidden_at TIMESTAMP,
    state_changed_at TIMESTAMP NOT NULL,
    fixed_at TIMESTAMP,
    source TEXT NOT NULL DEFAULT 'web' CHECK (source IN ('web', 'open311')),
    client_id BIGINT REFERENCES open311_clients (id) ON DELETE SET NULL,
    search_terms TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
-- Ids grow with time, so every list walks an index by id (keyset) and a date filter
-- becomes an id range (reports_created).
CREATE INDEX reports_visible ON reports (visible, id);
CREATE INDEX reports_category ON reports (category_id, visible, id);
CREATE INDEX reports_district ON reports (district_id, visible, id);
CREATE INDEX reports_state ON reports (state, visible, id);
CREATE INDEX reports_me_too ON reports (visible, me_too_count, id);
CREATE INDEX reports_department ON reports (department_id, state, id);
CREATE INDEX reports_assignee ON reports (assignee_id, state, id);
CREATE INDEX reports_reporter ON reports (reporter_id, id);
CREATE INDEX reports_created ON reports (created_at);
-- "Nearby": a bounding box on latitude then longitude, exact distance after.
CREATE INDEX reports_location ON reports (latitude, longitude);

CREATE TABLE report_answers (
    report_id BIGINT NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
    question_id BIGINT NOT NULL REFERENCES category_questions (id) ON DELETE CASCADE,
    value TEXT NOT NULL,
    PRIMARY KEY (report_id, question_id)
);

CREATE TABLE report_photos (
    report_id BIGINT NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
    upload_id BIGINT NOT NULL REFERENCES uploads (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    PRIMARY KEY (report_id, upload_id)
);

-- The report's history: every state change, public update, internal note (never
-- public), assignment, move and merge.
CREATE TABLE report_updates (
    id BIGSERIAL PRIMARY KEY,
    report_id BIGINT NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
    author_id BIGINT REFERENCES users (id) ON DELETE SET NULL,
    kind TEXT NOT NULL CHECK (kind IN ('created', 'confirmed', 'state', 'update', 'note', 'reopened',
                                       'assigned', 'moved', 'merged')),
    public BOOLEAN NOT NULL,
    state_from TEXT,
    state_to TEXT,
    body TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX report_updates_report ON report_updates (report_id, id);

CREATE TABLE report_me_toos (
    report_id BIGINT NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at TIMESTAMP NOT NULL,
    PRIMARY KEY (report_id, user_id)
);

CREATE TABLE report_follows (
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    report_id BIGINT NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
    created_at TIMESTAMP NOT NULL,
    PRIMARY KEY (user_id, report_id)
);
CREATE INDEX report_follows_report ON report_follows (report_id);

-- "Tell me about new reports here": around a point or in a district.
CREATE TABLE report_alerts (
    id BIGSERIAL PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    district_id BIGINT REFERENCES districts (id) ON DELETE CASCADE,
    latitude DOUBLE PRECISION,
    longitude DOUBLE PRECISION,
    radius_m INTEGER,
    created_at TIMESTAMP NOT NULL,
    CHECK ((district_id IS NOT NULL) OR (latitude IS NOT NULL AND longitude IS NOT NULL AND radius_m IS NOT NULL))
);
CREATE INDEX report_alerts_user ON report_alerts (user_id);

CREATE TABLE response_templates (
    id BIGSERIAL PRIMARY KEY,
    department_id BIGINT REFERENCES departments (id) ON DELETE CASCADE,
    title TEXT NOT NULL,
    body_ja TEXT NOT NULL,
    body_en TEXT NOT NULL,
    -- The state the template goes with, if any (e.g. "fixed").
    state TEXT,
    created_at TIMESTAMP NOT NULL
);

-- Single-use links sent to an address: confirming a report made without an account,
-- stopping update emails.
CREATE TABLE email_links (
    id BIGSERIAL PRIMARY KEY,
    purpose TEXT NOT NULL CHECK (purpose IN ('confirm_report', 'stop_report_updates', 'edit_report')),
    token_hash TEXT NOT NULL UNIQUE,
    report_id BIGINT NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
    created_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL,
    used_at TIMESTAMP
);

ALTER TABLE notifications ADD COLUMN report_id BIGINT REFERENCES reports (id) ON DELETE CASCADE;

-- Confirmed reports per department and state, kept in the transactions that change
-- them, so the inbox's per-state counts cost a few rows however many reports there
-- are. department_id 0: reports not routed to any department.
CREATE TABLE report_counts (
    department_id BIGINT NOT NULL,
    state TEXT NOT NULL,
    n BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (department_id, state)
);
