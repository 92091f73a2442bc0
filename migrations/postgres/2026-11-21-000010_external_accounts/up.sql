-- Sign-in with external OpenID Connect accounts (LINE, Google, a city's own provider).
-- An external account is known by its provider's id and the provider's stable subject
-- identifier; nothing else of it is kept (no tokens, no profile).
CREATE TABLE external_identities (
    id BIGSERIAL PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    provider TEXT NOT NULL,
    subject TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    last_used_at TIMESTAMP NOT NULL,
    UNIQUE (provider, subject)
);
CREATE INDEX external_identities_user_id ON external_identities (user_id);

-- A sign-in in progress, found by the keyed hash of the random token in the browser's
-- cookie. Before the provider answers it holds the nonce and the PKCE verifier; once a
-- new external account is verified (and before the resident chose a name and email) it
-- holds what the provider said. Single use, minutes long, purged by the worker.
CREATE TABLE external_sign_ins (
    token_hash TEXT PRIMARY KEY,
    provider TEXT NOT NULL,
    nonce TEXT,
    pkce_verifier TEXT,
    link_user_id BIGINT REFERENCES users (id) ON DELETE CASCADE,
    next_path TEXT,
    subject TEXT,
    email TEXT,
    email_verified BOOLEAN NOT NULL DEFAULT FALSE,
    suggested_name TEXT,
    created_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL
);
CREATE INDEX external_sign_ins_expires_at ON external_sign_ins (expires_at);
