-- Participatory processes with phases, districts, categories, uploads, proposals,
-- supports, comments, follows, notifications and moderation.

ALTER TABLE users ADD COLUMN notification_email TEXT NOT NULL DEFAULT 'immediate'
    CHECK (notification_email IN ('immediate', 'daily', 'none'));
ALTER TABLE users ADD COLUMN digest_sent_at TIMESTAMP;
ALTER TABLE users ADD COLUMN blocked_at TIMESTAMP;

CREATE TABLE districts (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    code TEXT UNIQUE,
    name_ja TEXT NOT NULL,
    name_en TEXT NOT NULL,
    -- GeoJSON MultiPolygon; NULL for a district known by name only.
    geometry TEXT,
    min_lat REAL,
    max_lat REAL,
    min_lon REAL,
    max_lon REAL,
    created_at TIMESTAMP NOT NULL
);

-- Files residents and staff upload. Only re-encoded versions are stored; the
-- storage key names them (`<key>.jpg`, `<key>-thumb.jpg`).
CREATE TABLE uploads (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    owner_id BIGINT REFERENCES users (id) ON DELETE SET NULL,
    storage_key TEXT NOT NULL UNIQUE,
    content_type TEXT NOT NULL,
    width INTEGER NOT NULL,
    height INTEGER NOT NULL,
    bytes BIGINT NOT NULL,
    alt_text TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMP NOT NULL
);

CREATE TABLE processes (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    slug TEXT NOT NULL UNIQUE,
    title_ja TEXT NOT NULL,
    title_en TEXT NOT NULL,
    description_ja TEXT NOT NULL DEFAULT '',
    description_en TEXT NOT NULL DEFAULT '',
    image_id BIGINT REFERENCES uploads (id) ON DELETE SET NULL,
    district_id BIGINT REFERENCES districts (id) ON DELETE SET NULL,
    -- When set, this phase is active whatever the dates say (phases "by hand").
    manual_phase_id BIGINT,
    edit_window_minutes INTEGER NOT NULL DEFAULT 30,
    published BOOLEAN NOT NULL DEFAULT FALSE,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);

CREATE TABLE phases (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    process_id BIGINT NOT NULL REFERENCES processes (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    title_ja TEXT NOT NULL,
    title_en TEXT NOT NULL,
    starts_at TIMESTAMP,
    ends_at TIMESTAMP,
    proposals_open BOOLEAN NOT NULL DEFAULT FALSE,
    supports_open BOOLEAN NOT NULL DEFAULT FALSE,
    support_limit INTEGER CHECK (support_limit IS NULL OR support_limit > 0),
    min_supports_to_count INTEGER NOT NULL DEFAULT 0 CHECK (min_supports_to_count >= 0),
    threshold INTEGER CHECK (threshold IS NULL OR threshold > 0),
    accumulate_beyond_threshold BOOLEAN NOT NULL DEFAULT FALSE,
    supports_require_verification BOOLEAN NOT NULL DEFAULT FALSE,
    support_own_allowed BOOLEAN NOT NULL DEFAULT FALSE,
    comments_open BOOLEAN NOT NULL DEFAULT FALSE,
    UNIQUE (process_id, position)
);

CREATE TABLE categories (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    process_id BIGINT NOT NULL REFERENCES processes (id) ON DELETE CASCADE,
    name_ja TEXT NOT NULL,
    name_en TEXT NOT NULL,
    position INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX categories_process ON categories (process_id, position);

-- Answer states the administrators add to evaluating / accepted / rejected.
CREATE TABLE proposal_states (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    key TEXT NOT NULL UNIQUE,
    label_ja TEXT NOT NULL,
    label_en TEXT NOT NULL,
    colour TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);

CREATE TABLE proposals (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    process_id BIGINT NOT NULL REFERENCES processes (id) ON DELETE CASCADE,
    author_id BIGINT REFERENCES users (id) ON DELETE SET NULL,
    title TEXT NOT NULL,
    body TEXT NOT NULL,
    category_id BIGINT REFERENCES categories (id) ON DELETE SET NULL,
    district_id BIGINT REFERENCES districts (id) ON DELETE SET NULL,
    address TEXT,
    latitude REAL,
    longitude REAL,
    state TEXT NOT NULL CHECK (state IN ('draft', 'published', 'withdrawn')),
    support_count INTEGER NOT NULL DEFAULT 0 CHECK (support_count >= 0),
    comment_count INTEGER NOT NULL DEFAULT 0 CHECK (comment_count >= 0),
    follower_count INTEGER NOT NULL DEFAULT 0 CHECK (follower_count >= 0),
    report_count INTEGER NOT NULL DEFAULT 0,
    hidden_at TIMESTAMP,
    reached_at TIMESTAMP,
    -- A fixed random number: "random" order walks this index from a per-visitor start.
    random_rank INTEGER NOT NULL,
    -- Search terms (words and CJK bigrams) of title and body; see domain::search.
    search_terms TEXT NOT NULL DEFAULT '',
    answer_state TEXT CHECK (answer_state IN ('evaluating', 'accepted', 'rejected', 'custom')),
    answer_custom_state_id BIGINT REFERENCES proposal_states (id) ON DELETE SET NULL,
    answer_text TEXT,
    answer_cost BIGINT,
    answered_at TIMESTAMP,
    answer_published_at TIMESTAMP,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    published_at TIMESTAMP,
    withdrawn_at TIMESTAMP
);
-- One index per list order, so a page costs the same at any depth (keyset pagination).
CREATE INDEX proposals_recent ON proposals (process_id, state, published_at, id);
CREATE INDEX proposals_supported ON proposals (process_id, state, support_count, id);
CREATE INDEX proposals_commented ON proposals (process_id, state, comment_count, id);
CREATE INDEX proposals_random ON proposals (process_id, state, random_rank, id);
CREATE INDEX proposals_category ON proposals (process_id, category_id, state, published_at, id);
CREATE INDEX proposals_author ON proposals (author_id, created_at);
-- Full-text index over the search terms (external content: no copy of the text).
CREATE VIRTUAL TABLE proposals_fts USING fts5(search_terms, content='proposals', content_rowid='id');
CREATE TRIGGER proposals_fts_insert AFTER INSERT ON proposals BEGIN
    INSERT INTO proposals_fts (rowid, search_terms) VALUES (new.id, new.search_terms);
END;
CREATE TRIGGER proposals_fts_delete AFTER DELETE ON proposals BEGIN
    INSERT INTO proposals_fts (proposals_fts, rowid, search_terms) VALUES ('delete', old.id, old.search_terms);
END;
CREATE TRIGGER proposals_fts_update AFTER UPDATE OF search_terms ON proposals BEGIN
    INSERT INTO proposals_fts (proposals_fts, rowid, search_terms) VALUES ('delete', old.id, old.search_terms);
    INSERT INTO proposals_fts (rowid, search_terms) VALUES (new.id, new.search_terms);
END;

CREATE TABLE proposal_images (
    proposal_id BIGINT NOT NULL REFERENCES proposals (id) ON DELETE CASCADE,
    upload_id BIGINT NOT NULL REFERENCES uploads (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    PRIMARY KEY (proposal_id, upload_id)
);

-- Per resident and process: how many supports they gave. Limits are enforced by a
-- conditional update of this row, so parallel requests cannot exceed them.
CREATE TABLE process_participants (
    process_id BIGINT NOT NULL REFERENCES processes (id) ON DELETE CASCADE,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    supports_given INTEGER NOT NULL DEFAULT 0 CHECK (supports_given >= 0),
    PRIMARY KEY (process_id, user_id)
);

CREATE TABLE supports (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    proposal_id BIGINT NOT NULL REFERENCES proposals (id) ON DELETE CASCADE,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    process_id BIGINT NOT NULL REFERENCES processes (id) ON DELETE CASCADE,
    -- False while the resident has given fewer than the phase's minimum.
    counted BOOLEAN NOT NULL,
    created_at TIMESTAMP NOT NULL,
    UNIQUE (proposal_id, user_id)
);
CREATE INDEX supports_user ON supports (user_id, process_id);

CREATE TABLE comments (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    proposal_id BIGINT NOT NULL REFERENCES proposals (id) ON DELETE CASCADE,
    parent_id BIGINT REFERENCES comments (id) ON DELETE CASCADE,
    depth INTEGER NOT NULL CHECK (depth >= 0),
    author_id BIGINT REFERENCES users (id) ON DELETE SET NULL,
    body TEXT NOT NULL,
    stance TEXT NOT NULL CHECK (stance IN ('in_favour', 'against', 'neutral')),
    up_count INTEGER NOT NULL DEFAULT 0,
    down_count INTEGER NOT NULL DEFAULT 0,
    report_count INTEGER NOT NULL DEFAULT 0,
    hidden_at TIMESTAMP,
    deleted_at TIMESTAMP,
    edited_at TIMESTAMP,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX comments_proposal ON comments (proposal_id, id);

CREATE TABLE comment_votes (
    comment_id BIGINT NOT NULL REFERENCES comments (id) ON DELETE CASCADE,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    value INTEGER NOT NULL CHECK (value IN (-1, 1)),
    PRIMARY KEY (comment_id, user_id)
);

CREATE TABLE follows (
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    proposal_id BIGINT NOT NULL REFERENCES proposals (id) ON DELETE CASCADE,
    created_at TIMESTAMP NOT NULL,
    PRIMARY KEY (user_id, proposal_id)
);
CREATE INDEX follows_proposal ON follows (proposal_id);

-- In-app notifications; the worker emails them (at once or in a daily digest) and
-- records the outcome in email_state.
CREATE TABLE notifications (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    -- Why the resident gets it: author, follower, replied_to.
    reason TEXT NOT NULL,
    proposal_id BIGINT REFERENCES proposals (id) ON DELETE CASCADE,
    comment_id BIGINT REFERENCES comments (id) ON DELETE CASCADE,
    created_at TIMESTAMP NOT NULL,
    read_at TIMESTAMP,
    email_state TEXT NOT NULL DEFAULT 'pending' CHECK (email_state IN ('pending', 'sent', 'skipped'))
);
CREATE INDEX notifications_user ON notifications (user_id, id);
CREATE INDEX notifications_email ON notifications (email_state, id);

CREATE TABLE content_reports (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    target_type TEXT NOT NULL CHECK (target_type IN ('proposal', 'comment')),
    target_id BIGINT NOT NULL,
    reporter_id BIGINT REFERENCES users (id) ON DELETE SET NULL,
    reason TEXT NOT NULL CHECK (reason IN ('spam', 'offensive', 'personal', 'other')),
    details TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMP NOT NULL,
    UNIQUE (target_type, target_id, reporter_id)
);

-- The moderation queue: one row per reported item.
CREATE TABLE moderations (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    target_type TEXT NOT NULL CHECK (target_type IN ('proposal', 'comment')),
    target_id BIGINT NOT NULL,
    report_count INTEGER NOT NULL DEFAULT 0,
    state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'hidden', 'restored')),
    decided_by BIGINT REFERENCES users (id) ON DELETE SET NULL,
    decided_at TIMESTAMP,
    reason TEXT,
    created_at TIMESTAMP NOT NULL,
    UNIQUE (target_type, target_id)
);
CREATE INDEX moderations_queue ON moderations (state, id);
