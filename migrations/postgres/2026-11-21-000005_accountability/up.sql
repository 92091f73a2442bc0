-- Council decisions, accountability results and the KPI dashboard's own figures.
-- Dates a council or a project sets are days (`YYYY-MM-DD` text), not instants.

CREATE TABLE decisions (
    id BIGSERIAL PRIMARY KEY,
    process_id BIGINT REFERENCES processes (id) ON DELETE SET NULL,
    -- The council or committee, e.g. 会津若松市議会 総務委員会.
    body_name TEXT NOT NULL,
    decided_on TEXT NOT NULL CHECK (length(decided_on) = 10),
    title_ja TEXT NOT NULL,
    title_en TEXT NOT NULL DEFAULT '',
    body_ja TEXT NOT NULL DEFAULT '',
    body_en TEXT NOT NULL DEFAULT '',
    outcome TEXT NOT NULL CHECK (outcome IN ('approved', 'rejected', 'deferred', 'amended')),
    votes_for INTEGER CHECK (votes_for IS NULL OR votes_for >= 0),
    votes_against INTEGER CHECK (votes_against IS NULL OR votes_against >= 0),
    votes_abstain INTEGER CHECK (votes_abstain IS NULL OR votes_abstain >= 0),
    author_id BIGINT REFERENCES users (id) ON DELETE SET NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX decisions_by_day ON decisions (decided_on, id);

CREATE TABLE decision_links (
    decision_id BIGINT NOT NULL REFERENCES decisions (id) ON DELETE CASCADE,
    item_type TEXT NOT NULL CHECK (item_type IN ('proposal', 'project', 'report')),
    item_id BIGINT NOT NULL,
    PRIMARY KEY (decision_id, item_type, item_id)
);
CREATE INDEX decision_links_item ON decision_links (item_type, item_id);

-- PDF documents of a decision; the storage key names the file (`<key>.pdf`).
CREATE TABLE decision_documents (
    id BIGSERIAL PRIMARY KEY,
    decision_id BIGINT NOT NULL REFERENCES decisions (id) ON DELETE CASCADE,
    storage_key TEXT NOT NULL UNIQUE,
    file_name TEXT NOT NULL,
    bytes BIGINT NOT NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX decision_documents_decision ON decision_documents (decision_id, id);

CREATE TABLE results (
    id BIGSERIAL PRIMARY KEY,
    process_id BIGINT REFERENCES processes (id) ON DELETE SET NULL,
    parent_id BIGINT REFERENCES results (id) ON DELETE CASCADE,
    title_ja TEXT NOT NULL,
    title_en TEXT NOT NULL DEFAULT '',
    description_ja TEXT NOT NULL DEFAULT '',
    description_en TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL
        CHECK (status IN ('not_started', 'in_progress', 'completed', 'cancelled', 'custom')),
    custom_status_ja TEXT NOT NULL DEFAULT '',
    custom_status_en TEXT NOT NULL DEFAULT '',
    -- A parent's progress is its children's average, kept in the same transaction.
    progress INTEGER NOT NULL DEFAULT 0 CHECK (progress >= 0 AND progress <= 100),
    starts_on TEXT CHECK (starts_on IS NULL OR length(starts_on) = 10),
    ends_on TEXT CHECK (ends_on IS NULL OR length(ends_on) = 10),
    budget BIGINT CHECK (budget IS NULL OR budget >= 0),
    child_count INTEGER NOT NULL DEFAULT 0,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX results_parent ON results (parent_id, id);

CREATE TABLE result_links (
    result_id BIGINT NOT NULL REFERENCES results (id) ON DELETE CASCADE,
    item_type TEXT NOT NULL CHECK (item_type IN ('proposal', 'project', 'report', 'decision')),
    item_id BIGINT NOT NULL,
    PRIMARY KEY (result_id, item_type, item_id)
);
CREATE INDEX result_links_item ON result_links (item_type, item_id);

CREATE TABLE result_updates (
    id BIGSERIAL PRIMARY KEY,
    result_id BIGINT NOT NULL REFERENCES results (id) ON DELETE CASCADE,
    body TEXT NOT NULL,
    progress INTEGER CHECK (progress IS NULL OR (progress >= 0 AND progress <= 100)),
    status TEXT,
    image_id BIGINT REFERENCES uploads (id) ON DELETE SET NULL,
    author_id BIGINT REFERENCES users (id) ON DELETE SET NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX result_updates_result ON result_updates (result_id, id);

-- Staff-defined KPIs (the guidebook's template): a built-in calculation measured
-- against a baseline and a target for a fiscal year.
CREATE TABLE kpis (
    id BIGSERIAL PRIMARY KEY,
    process_id BIGINT REFERENCES processes (id) ON DELETE CASCADE,
    name_ja TEXT NOT NULL,
    name_en TEXT NOT NULL DEFAULT '',
    metric TEXT NOT NULL,
    baseline DOUBLE PRECISION NOT NULL,
    target DOUBLE PRECISION NOT NULL,
    target_year INTEGER NOT NULL,
    data_source TEXT NOT NULL DEFAULT '',
    update_cycle TEXT NOT NULL CHECK (update_cycle IN ('live', 'monthly', 'quarterly', 'yearly')),
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);

-- Figures staff enter for the dashboard (the population the registration share uses).
CREATE TABLE platform_figures (
    key TEXT PRIMARY KEY,
    value BIGINT NOT NULL CHECK (value >= 0),
    updated_at TIMESTAMP NOT NULL
);

-- The dashboard counts participants with one index probe per table and account.
CREATE INDEX comments_author ON comments (author_id);
CREATE INDEX ballots_user ON ballots (user_id);
