DROP TABLE external_sign_ins;
DROP TABLE external_identities;
