-- One search across proposals, budget projects, street reports, decisions and results.
-- Each table keeps its own `search_terms` (words and CJK bigrams, see domain::search);
-- triggers copy them into `search_index` in the same transaction as the change, and a
-- GIN index over to_tsvector('simple', …) indexes that (SQLite: an FTS5 table).

ALTER TABLE decisions ADD COLUMN search_terms TEXT NOT NULL DEFAULT '';
ALTER TABLE results ADD COLUMN search_terms TEXT NOT NULL DEFAULT '';

CREATE TABLE search_index (
    id BIGSERIAL PRIMARY KEY,
    item_type TEXT NOT NULL CHECK (item_type IN ('proposal', 'project', 'report', 'decision', 'result')),
    item_id BIGINT NOT NULL,
    title TEXT NOT NULL,
    search_terms TEXT NOT NULL,
    visible BOOLEAN NOT NULL,
    UNIQUE (item_type, item_id)
);
CREATE INDEX search_index_terms ON search_index USING GIN (to_tsvector('simple', search_terms));

CREATE FUNCTION search_index_sync() RETURNS trigger AS $$
DECLARE
    kind TEXT := TG_ARGV[0];
    t TEXT;
    v BOOLEAN;
BEGIN
    IF TG_OP = 'DELETE' THEN
        DELETE FROM search_index WHERE item_type = kind AND item_id = OLD.id;
        RETURN OLD;
    END IF;
    IF kind = 'proposal' THEN
        t := NEW.title; v := NEW.state <> 'draft' AND NEW.hidden_at IS NULL;
    ELSIF kind = 'report' THEN
        t := NEW.title; v := NEW.visible;
    ELSIF kind = 'project' THEN
        t := NEW.title; v := TRUE;
    ELSE
        t := NEW.title_ja; v := TRUE;
    END IF;
    INSERT INTO search_index (item_type, item_id, title, search_terms, visible)
    VALUES (kind, NEW.id, t, NEW.search_terms, v)
    ON CONFLICT (item_type, item_id)
    DO UPDATE SET title = EXCLUDED.title, search_terms = EXCLUDED.search_terms, visible = EXCLUDED.visible;
    RETURN NEW;
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER proposals_search AFTER INSERT OR DELETE OR UPDATE OF title, search_terms, state, hidden_at ON proposals
    FOR EACH ROW EXECUTE FUNCTION search_index_sync('proposal');
CREATE TRIGGER projects_search AFTER INSERT OR DELETE OR UPDATE OF title, search_terms ON budget_projects
    FOR EACH ROW EXECUTE FUNCTION search_index_sync('project');
CREATE TRIGGER reports_search AFTER INSERT OR DELETE OR UPDATE OF title, search_terms, visible ON reports
    FOR EACH ROW EXECUTE FUNCTION search_index_sync('report');
CREATE TRIGGER decisions_search AFTER INSERT OR DELETE OR UPDATE OF title_ja, search_terms ON decisions
    FOR EACH ROW EXECUTE FUNCTION search_index_sync('decision');
CREATE TRIGGER results_search AFTER INSERT OR DELETE OR UPDATE OF title_ja, search_terms ON results
    FOR EACH ROW EXECUTE FUNCTION search_index_sync('result');

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
