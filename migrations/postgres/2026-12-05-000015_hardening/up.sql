-- What a resident typed into a form that was refused, kept for the page that shows the
-- form again (browsers without JavaScript come back through a redirect). Found by the
-- hash of a random token in a short-lived cookie, read once, never in a URL.
CREATE TABLE form_echoes (
    token_hash TEXT PRIMARY KEY,
    payload TEXT NOT NULL,
    expires_at TIMESTAMP NOT NULL
);
CREATE INDEX form_echoes_expires_at ON form_echoes (expires_at);

-- The account's security log, shown to its owner: wrong two-step codes, locks.
CREATE TABLE security_events (
    id BIGSERIAL PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('second_step_failed', 'second_step_locked')),
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX security_events_user ON security_events (user_id, id);

-- One alert per district and per point and radius for each resident (a second
-- identical alert would only send every notice twice). Earlier duplicates go first.
DELETE FROM report_alerts WHERE id NOT IN (
    SELECT MIN(id) FROM report_alerts GROUP BY user_id, district_id, latitude, longitude, radius_m
);
CREATE UNIQUE INDEX report_alerts_one_per_district ON report_alerts (user_id, district_id)
    WHERE district_id IS NOT NULL;
CREATE UNIQUE INDEX report_alerts_one_per_point ON report_alerts (user_id, latitude, longitude, radius_m)
    WHERE district_id IS NULL;
