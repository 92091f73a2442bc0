-- The privacy notice, versioned and published by the city's administrators. A
-- version is never changed after publication: residents' consents name the version
-- they were given under. Without any row the platform's standard notice (version 1)
-- is in force.
CREATE TABLE privacy_notices (
    version INTEGER PRIMARY KEY,
    body_ja TEXT NOT NULL,
    body_en TEXT NOT NULL,
    changes_ja TEXT NOT NULL,
    changes_en TEXT NOT NULL,
    -- JSON list: the purposes this version widens (residents are asked again).
    widens TEXT NOT NULL,
    -- JSON: the terms in force from this version (cumulative widenings, withdrawn purposes).
    terms TEXT NOT NULL,
    published_by BIGINT REFERENCES users (id) ON DELETE SET NULL,
    published_at TIMESTAMP NOT NULL
);
