-- A city's own settings (issue 16), kept in the city's own database so that they move
-- with it: its name, its colour, the language visitors get first, where its maps open
-- and the sender of its mail. One row; an empty text or NULL means the installation's
-- configured value.
CREATE TABLE city_settings (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    name_ja TEXT NOT NULL DEFAULT '',
    name_en TEXT NOT NULL DEFAULT '',
    brand_colour TEXT NOT NULL DEFAULT '',
    default_locale TEXT NOT NULL DEFAULT '' CHECK (default_locale IN ('', 'ja', 'en')),
    map_lat REAL,
    map_lon REAL,
    map_zoom INTEGER,
    mail_from TEXT NOT NULL DEFAULT '',
    updated_by BIGINT REFERENCES users (id) ON DELETE SET NULL,
    updated_at TIMESTAMP NOT NULL
);
