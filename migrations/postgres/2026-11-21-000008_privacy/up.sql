-- The privacy model: opt-in citizen-ID verification (census, letter codes, counter),
-- consent per purpose (an append-only history, so receipts can be given), optional
-- personal attributes, and the log of staff who looked at a resident's personal data.
-- No citizen number or birth date is stored anywhere: only keyed hashes (server secret).

CREATE TABLE verifications (
    user_id BIGINT PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    method TEXT NOT NULL CHECK (method IN ('census', 'letter', 'counter')),
    district_id BIGINT REFERENCES districts (id) ON DELETE SET NULL,
    -- Keyed hash of the citizen ID (or of the letter): one ID verifies one account.
    citizen_key TEXT NOT NULL UNIQUE,
    verified_by BIGINT REFERENCES users (id) ON DELETE SET NULL,
    verified_at TIMESTAMP NOT NULL
);
CREATE INDEX verifications_district ON verifications (district_id);

-- The census as the city uploaded it last: keyed hashes only.
CREATE TABLE census_entries (
    citizen_key TEXT PRIMARY KEY,
    birth_key TEXT NOT NULL,
    district_id BIGINT REFERENCES districts (id) ON DELETE SET NULL,
    imported_at TIMESTAMP NOT NULL
);

CREATE TABLE letter_codes (
    id BIGSERIAL PRIMARY KEY,
    code_hash TEXT NOT NULL UNIQUE,
    district_id BIGINT NOT NULL REFERENCES districts (id) ON DELETE CASCADE,
    created_by BIGINT REFERENCES users (id) ON DELETE SET NULL,
    created_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL,
    used_at TIMESTAMP
);

CREATE TABLE consent_events (
    id BIGSERIAL PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    purpose TEXT NOT NULL,
    granted BOOLEAN NOT NULL,
    notice_version INTEGER NOT NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX consent_events_user ON consent_events (user_id, purpose, id);

CREATE TABLE personal_attributes (
    user_id BIGINT PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    district_id BIGINT REFERENCES districts (id) ON DELETE SET NULL,
    age_band TEXT,
    -- JSON arrays of strings.
    interests TEXT NOT NULL DEFAULT '[]',
    accessibility TEXT NOT NULL DEFAULT '[]',
    updated_at TIMESTAMP NOT NULL
);

CREATE TABLE personal_data_access (
    id BIGSERIAL PRIMARY KEY,
    subject_user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    staff_user_id BIGINT REFERENCES users (id) ON DELETE SET NULL,
    what TEXT NOT NULL,
    reason TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX personal_data_access_subject ON personal_data_access (subject_user_id, id);

-- One verified citizen ID, one voice: a keyed hash of (citizen key, ballot or
-- verified-only support) marks what a verified ID took part in, so verifying
-- another account with the same ID cannot vote or support twice. It holds no number;
-- the account is kept only while it can still matter (cleared when voting closes).
CREATE TABLE citizen_participation (
    marker TEXT PRIMARY KEY,
    scope TEXT NOT NULL,
    user_id BIGINT REFERENCES users (id) ON DELETE SET NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX citizen_participation_scope ON citizen_participation (scope);
