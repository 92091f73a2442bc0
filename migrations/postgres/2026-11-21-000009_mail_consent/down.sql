DROP INDEX outbox_user_purpose;
ALTER TABLE outbox DROP COLUMN purpose;
ALTER TABLE outbox DROP COLUMN user_id;
