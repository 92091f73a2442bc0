ALTER TABLE city_settings DROP COLUMN map_attribution;
ALTER TABLE city_settings DROP COLUMN map_tiles;
DROP TABLE sign_in_providers;
