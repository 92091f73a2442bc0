DROP TABLE process_roles;
