-- A city's own OpenID Connect clients (issue 16): each city registers its own LINE,
-- Google or city-ID client, whose callback is on the city's own host. Kept in the
-- city's database so that they stay with it; the client secret is sealed (AES-256-GCM
-- under a key derived from the installation's secret and the city), never stored plain.
-- An empty label, issuer or scopes means the preset for `line` and `google`.
-- A removed provider keeps its row (without its secret), so that its id cannot come
-- back with another issuer while residents' accounts are linked through it.
CREATE TABLE sign_in_providers (
    id TEXT PRIMARY KEY,
    label TEXT NOT NULL DEFAULT '',
    issuer TEXT NOT NULL DEFAULT '',
    client_id TEXT NOT NULL,
    client_secret_sealed TEXT,
    scopes TEXT NOT NULL DEFAULT '',
    updated_by BIGINT REFERENCES users (id) ON DELETE SET NULL,
    updated_at TIMESTAMP NOT NULL,
    removed_at TIMESTAMP
);

-- A city's own map tiles (a URL template with {z}, {x}, {y}) and the attribution its
-- tile provider requires; empty: the installation's.
ALTER TABLE city_settings ADD COLUMN map_tiles TEXT NOT NULL DEFAULT '';
ALTER TABLE city_settings ADD COLUMN map_attribution TEXT NOT NULL DEFAULT '';
