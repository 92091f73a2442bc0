-- How a resident appears next to what they write: their display name, or a different
-- pseudonym in each participatory process (derived with a server key, never stored).
ALTER TABLE users ADD COLUMN appear_as TEXT NOT NULL DEFAULT 'name';
