-- Every column that stores a domain enum lists its words in a CHECK (issue 14), so a
-- row the database accepts is a row the code can read. These six had none.
ALTER TABLE process_roles ADD CONSTRAINT process_roles_role_check CHECK (role IN ('resident', 'moderator', 'department_staff', 'valuator', 'council_secretary', 'admin'));
ALTER TABLE report_updates ADD CONSTRAINT report_updates_state_from_check CHECK (state_from IN ('open', 'acknowledged', 'in_progress', 'action_scheduled', 'fixed', 'closed', 'duplicate', 'not_responsible', 'referred'));
ALTER TABLE report_updates ADD CONSTRAINT report_updates_state_to_check CHECK (state_to IN ('open', 'acknowledged', 'in_progress', 'action_scheduled', 'fixed', 'closed', 'duplicate', 'not_responsible', 'referred'));
ALTER TABLE response_templates ADD CONSTRAINT response_templates_state_check CHECK (state IN ('open', 'acknowledged', 'in_progress', 'action_scheduled', 'fixed', 'closed', 'duplicate', 'not_responsible', 'referred'));
ALTER TABLE report_counts ADD CONSTRAINT report_counts_state_check CHECK (state IN ('open', 'acknowledged', 'in_progress', 'action_scheduled', 'fixed', 'closed', 'duplicate', 'not_responsible', 'referred'));
ALTER TABLE result_updates ADD CONSTRAINT result_updates_status_check CHECK (status IN ('not_started', 'in_progress', 'completed', 'cancelled', 'custom'));
