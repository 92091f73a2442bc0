-- Participatory budgets: budgets in a process, split into headings (a city-wide one
-- or one per district), projects, ballots and their lines.

CREATE TABLE budgets (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    process_id BIGINT NOT NULL REFERENCES processes (id) ON DELETE CASCADE,
    title_ja TEXT NOT NULL,
    title_en TEXT NOT NULL,
    description_ja TEXT NOT NULL DEFAULT '',
    description_en TEXT NOT NULL DEFAULT '',
    currency TEXT NOT NULL DEFAULT 'JPY',
    ballot_rule TEXT NOT NULL CHECK (ballot_rule IN ('knapsack', 'approval', 'min_share', 'cumulative')),
    min_projects INTEGER CHECK (min_projects IS NULL OR min_projects > 0),
    max_projects INTEGER CHECK (max_projects IS NULL OR max_projects > 0),
    min_share_percent INTEGER CHECK (min_share_percent IS NULL OR (min_share_percent > 0 AND min_share_percent <= 100)),
    points INTEGER CHECK (points IS NULL OR points > 0),
    tally_rule TEXT NOT NULL CHECK (tally_rule IN ('greedy_votes', 'equal_shares')),
    requires_verification BOOLEAN NOT NULL DEFAULT FALSE,
    state TEXT NOT NULL CHECK (state IN ('preparing', 'informing', 'voting', 'closed', 'published')),
    -- Where an imported budget came from (the file's META description), else NULL.
    imported_from TEXT,
    voting_opened_at TIMESTAMP,
    voting_closed_at TIMESTAMP,
    tallied_at TIMESTAMP,
    -- The rule the stored results were computed with.
    tallied_rule TEXT,
    results_published_at TIMESTAMP,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX budgets_process ON budgets (process_id, id);

CREATE TABLE budget_headings (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    budget_id BIGINT NOT NULL REFERENCES budgets (id) ON DELETE CASCADE,
    name_ja TEXT NOT NULL,
    name_en TEXT NOT NULL,
    district_id BIGINT REFERENCES districts (id) ON DELETE SET NULL,
    amount BIGINT NOT NULL CHECK (amount > 0),
    position INTEGER NOT NULL DEFAULT 0,
    -- Confirmed ballots, kept in the checkout transaction.
    ballot_count INTEGER NOT NULL DEFAULT 0 CHECK (ballot_count >= 0),
    -- Accounts that could vote here when voting closed (for turnout).
    eligible_count INTEGER,
    -- Cost of the funded projects after the tally.
    funded_cost BIGINT
);
CREATE INDEX budget_headings_budget ON budget_headings (budget_id, position);

CREATE TABLE budget_projects (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    budget_id BIGINT NOT NULL REFERENCES budgets (id) ON DELETE CASCADE,
    heading_id BIGINT NOT NULL REFERENCES budget_headings (id) ON DELETE CASCADE,
    title TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    cost BIGINT NOT NULL CHECK (cost > 0),
    category_id BIGINT REFERENCES categories (id) ON DELETE SET NULL,
    address TEXT,
    latitude REAL,
    longitude REAL,
    proposal_id BIGINT REFERENCES proposals (id) ON DELETE SET NULL,
    -- The project_id of an imported Pabulib file.
    external_id TEXT,
    feasibility TEXT NOT NULL DEFAULT 'pending' CHECK (feasibility IN ('pending', 'feasible', 'unfeasible')),
    feasibility_reason TEXT NOT NULL DEFAULT '',
    valuated_by BIGINT REFERENCES users (id) ON DELETE SET NULL,
    valuated_at TIMESTAMP,
    -- Tally results: votes (approvals, or points on cumulative ballots), whether funded,
    -- and the order in which the rule picked it.
    votes BIGINT,
    selected BOOLEAN NOT NULL DEFAULT FALSE,
    selection_order INTEGER,
    search_terms TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX budget_projects_heading ON budget_projects (budget_id, heading_id, id);
CREATE INDEX budget_projects_proposal ON budget_projects (proposal_id);

CREATE TABLE budget_project_images (
    project_id BIGINT NOT NULL REFERENCES budget_projects (id) ON DELETE CASCADE,
    upload_id BIGINT NOT NULL REFERENCES uploads (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    PRIMARY KEY (project_id, upload_id)
);

-- One ballot per resident and budget (the unique constraint decides). Imported
-- ballots have no user. When voting closes, confirmed ballots are detached from
-- their accounts and unconfirmed ones deleted: only anonymous ballots remain.
CREATE TABLE ballots (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    budget_id BIGINT NOT NULL REFERENCES budgets (id) ON DELETE CASCADE,
    heading_id BIGINT NOT NULL REFERENCES budget_headings (id) ON DELETE CASCADE,
    user_id BIGINT REFERENCES users (id) ON DELETE SET NULL,
    state TEXT NOT NULL CHECK (state IN ('open', 'checked_out')),
    -- The published voter id: the first 16 hex digits of the SHA-256 of the receipt
    -- code (the code itself is shown once and never stored), or an imported voter_id.
    voter_id TEXT,
    line_count INTEGER NOT NULL DEFAULT 0 CHECK (line_count >= 0),
    total_cost BIGINT NOT NULL DEFAULT 0 CHECK (total_cost >= 0),
    total_points INTEGER NOT NULL DEFAULT 0 CHECK (total_points >= 0),
    -- Bumped first in every change, so changes to one ballot queue one after another.
    version INTEGER NOT NULL DEFAULT 0,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    checked_out_at TIMESTAMP,
    UNIQUE (budget_id, user_id),
    UNIQUE (budget_id, voter_id)
);
CREATE INDEX ballots_heading ON ballots (heading_id, state, id);

CREATE TABLE ballot_lines (
    ballot_id BIGINT NOT NULL REFERENCES ballots (id) ON DELETE CASCADE,
    project_id BIGINT NOT NULL REFERENCES budget_projects (id) ON DELETE CASCADE,
    points INTEGER NOT NULL DEFAULT 1 CHECK (points > 0),
    position INTEGER NOT NULL,
    PRIMARY KEY (ballot_id, project_id)
);
CREATE INDEX ballot_lines_project ON ballot_lines (project_id);
