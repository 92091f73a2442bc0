ALTER TABLE sessions DROP COLUMN second_factor_at;
DROP TABLE second_factor_waits;
DROP TABLE recovery_codes;
DROP TABLE two_factor;
