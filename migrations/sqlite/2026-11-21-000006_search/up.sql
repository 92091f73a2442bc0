-- One search across proposals, budget projects, street reports, decisions and results.
-- Each table keeps its own `search_terms` (words and CJK bigrams, see domain::search);
-- triggers copy them into `search_index` in the same transaction as the change, and
-- an FTS5 table indexes that (PostgreSQL: a GIN index over to_tsvector).

ALTER TABLE decisions ADD COLUMN search_terms TEXT NOT NULL DEFAULT '';
ALTER TABLE results ADD COLUMN search_terms TEXT NOT NULL DEFAULT '';

CREATE TABLE search_index (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    item_type TEXT NOT NULL CHECK (item_type IN ('proposal', 'project', 'report', 'decision', 'result')),
    item_id BIGINT NOT NULL,
    title TEXT NOT NULL,
    search_terms TEXT NOT NULL,
    visible BOOLEAN NOT NULL,
    UNIQUE (item_type, item_id)
);

CREATE VIRTUAL TABLE search_fts USING fts5(search_terms, content='search_index', content_rowid='id');
CREATE TRIGGER search_fts_insert AFTER INSERT ON search_index BEGIN
    INSERT INTO search_fts (rowid, search_terms) VALUES (new.id, new.search_terms);
END;
CREATE TRIGGER search_fts_delete AFTER DELETE ON search_index BEGIN
    INSERT INTO search_fts (search_fts, rowid, search_terms) VALUES ('delete', old.id, old.search_terms);
END;
CREATE TRIGGER search_fts_update AFTER UPDATE OF search_terms ON search_index BEGIN
    INSERT INTO search_fts (search_fts, rowid, search_terms) VALUES ('delete', old.id, old.search_terms);
    INSERT INTO search_fts (rowid, search_terms) VALUES (new.id, new.search_terms);
END;

-- Proposals: public once published (withdrawn ones stay findable), unless hidden.
CREATE TRIGGER proposals_search_insert AFTER INSERT ON proposals BEGIN
    INSERT INTO search_index (item_type, item_id, title, search_terms, visible)
    VALUES ('proposal', new.id, new.title, new.search_terms, new.state <> 'draft' AND new.hidden_at IS NULL);
END;
CREATE TRIGGER proposals_search_update AFTER UPDATE OF title, search_terms, state, hidden_at ON proposals BEGIN
    UPDATE search_index SET title = new.title, search_terms = new.search_terms,
        visible = (new.state <> 'draft' AND new.hidden_at IS NULL)
    WHERE item_type = 'proposal' AND item_id = new.id;
END;
CREATE TRIGGER proposals_search_delete AFTER DELETE ON proposals BEGIN
    DELETE FROM search_index WHERE item_type = 'proposal' AND item_id = old.id;
END;

-- Budget projects: the query also checks that their budget is public.
CREATE TRIGGER projects_search_insert AFTER INSERT ON budget_projects BEGIN
    INSERT INTO search_index (item_type, item_id, title, search_terms, visible)
    VALUES ('project', new.id, new.title, new.search_terms, TRUE);
END;
CREATE TRIGGER projects_search_update AFTER UPDATE OF title, search_terms ON budget_projects BEGIN
    UPDATE search_index SET title = new.title, search_terms = new.search_terms
    WHERE item_type = 'project' AND item_id = new.id;
END;
CREATE TRIGGER projects_search_delete AFTER DELETE ON budget_projects BEGIN
    DELETE FROM search_index WHERE item_type = 'project' AND item_id = old.id;
END;

-- Street reports: as the public list shows them.
CREATE TRIGGER reports_search_insert AFTER INSERT ON reports BEGIN
    INSERT INTO search_index (item_type, item_id, title, search_terms, visible)
    VALUES ('report', new.id, new.title, new.search_terms, new.visible);
END;
CREATE TRIGGER reports_search_update AFTER UPDATE OF title, search_terms, visible ON reports BEGIN
    UPDATE search_index SET title = new.title, search_terms = new.search_terms, visible = new.visible
    WHERE item_type = 'report' AND item_id = new.id;
END;
CREATE TRIGGER reports_search_delete AFTER DELETE ON reports BEGIN
    DELETE FROM search_index WHERE item_type = 'report' AND item_id = old.id;
END;

CREATE TRIGGER decisions_search_insert AFTER INSERT ON decisions BEGIN
    INSERT INTO search_index (item_type, item_id, title, search_terms, visible)
    VALUES ('decision', new.id, new.title_ja, new.search_terms, TRUE);
END;
CREATE TRIGGER decisions_search_update AFTER UPDATE OF title_ja, search_terms ON decisions BEGIN
    UPDATE search_index SET title = new.title_ja, search_terms = new.search_terms
    WHERE item_type = 'decision' AND item_id = new.id;
END;
CREATE TRIGGER decisions_search_delete AFTER DELETE ON decisions BEGIN
    DELETE FROM search_index WHERE item_type = 'decision' AND item_id = old.id;
END;

CREATE TRIGGER results_search_insert AFTER INSERT ON results BEGIN
    INSERT INTO search_index (item_type, item_id, title, search_terms, visible)
    VALUES ('result', new.id, new.title_ja, new.search_terms, TRUE);
END;
CREATE TRIGGER results_search_update AFTER UPDATE OF title_ja, search_terms ON results BEGIN
    UPDATE search_index SET title = new.title_ja, search_terms = new.search_terms
    WHERE item_type = 'result' AND item_id = new.id;
END;
CREATE TRIGGER results_search_delete AFTER DELETE ON results BEGIN
    DELETE FROM search_index WHERE item_type = 'result' AND item_id = old.id;
END;

-- What exists already.
INSERT INTO search_index (item_type, item_id, title, search_terms, visible)
    SELECT 'proposal', id, title, search_terms, state <> 'draft' AND hidden_at IS NULL FROM proposals;
INSERT INTO search_index (item_type, item_id, title, search_terms, visible)
    SELECT 'project', id, title, search_terms, TRUE FROM budget_projects;
INSERT INTO search_index (item_type, item_id, title, search_terms, visible)
    SELECT 'report', id, title, search_terms, visible FROM reports;
INSERT INTO search_index (item_type, item_id, title, search_terms, visible)
    SELECT 'decision', id, title_ja, search_terms, TRUE FROM decisions;
INSERT INTO search_index (item_type, item_id, title, search_terms, visible)
    SELECT 'result', id, title_ja, search_terms, TRUE FROM results;

-- The staff console filters the action log by action.
CREATE INDEX action_log_action ON action_log (action, id);
