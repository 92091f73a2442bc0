-- Two-step sign-in (TOTP, RFC 6238): required for staff, optional for residents.
-- The shared secret is stored sealed with a key derived from the server secret; each
-- accepted code's time step is remembered so a code works once.
CREATE TABLE two_factor (
    user_id BIGINT PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    secret_sealed TEXT NOT NULL,
    confirmed_at TIMESTAMP,
    last_step BIGINT NOT NULL DEFAULT 0,
    created_at TIMESTAMP NOT NULL
);

-- Single-use recovery codes, stored as hashes.
CREATE TABLE recovery_codes (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    code_hash TEXT NOT NULL,
    used_at TIMESTAMP
);
CREATE INDEX recovery_codes_user_id ON recovery_codes (user_id);

-- A sign-in whose first step (password or external account) succeeded and which waits
-- for the code: found by the hash of the random token in the browser's cookie.
CREATE TABLE second_factor_waits (
    token_hash TEXT PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    next_path TEXT,
    attempts INTEGER NOT NULL DEFAULT 0,
    expires_at TIMESTAMP NOT NULL
);
CREATE INDEX second_factor_waits_expires_at ON second_factor_waits (expires_at);

-- When the session's sign-in passed the second step (staff rights need it).
ALTER TABLE sessions ADD COLUMN second_factor_at TIMESTAMP;
