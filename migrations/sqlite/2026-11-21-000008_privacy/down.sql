DROP TABLE citizen_participation;
DROP TABLE personal_data_access;
DROP TABLE personal_attributes;
DROP TABLE consent_events;
DROP TABLE letter_codes;
DROP TABLE census_entries;
DROP TABLE verifications;
