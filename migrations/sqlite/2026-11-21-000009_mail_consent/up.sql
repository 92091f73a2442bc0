-- Mail sent for a purpose the resident consented to (updates on what they follow)
-- names the account and the purpose, so the sender can check the consent again
-- right before sending: a purpose turned off while a message waits stops it.
ALTER TABLE outbox ADD COLUMN user_id BIGINT;
ALTER TABLE outbox ADD COLUMN purpose TEXT;
CREATE INDEX outbox_user_purpose ON outbox (user_id, purpose);
