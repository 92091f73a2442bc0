-- The dashboard's aggregates read covering indexes instead of whole tables, and the
-- median days to fix of a category or department is read at an offset of an index
-- ordered by that duration (see store::dashboard).
CREATE INDEX proposals_dashboard ON proposals (process_id, state, answer_published_at, answer_state, support_count, comment_count);
CREATE INDEX proposals_author_process ON proposals (author_id, process_id, state);
CREATE INDEX reports_category_fix ON reports (category_id, confirmed_at, fixed_at);
CREATE INDEX reports_department_fix ON reports (department_id, confirmed_at, fixed_at);
CREATE INDEX reports_category_days ON reports (category_id, (EXTRACT(EPOCH FROM (fixed_at - created_at)) / 86400.0))
    WHERE fixed_at IS NOT NULL AND confirmed_at IS NOT NULL;
CREATE INDEX reports_department_days ON reports (department_id, (EXTRACT(EPOCH FROM (fixed_at - created_at)) / 86400.0))
    WHERE fixed_at IS NOT NULL AND confirmed_at IS NOT NULL;
