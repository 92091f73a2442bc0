ALTER TABLE users DROP COLUMN appear_as;
