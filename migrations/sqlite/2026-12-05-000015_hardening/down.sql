DROP TABLE security_events;
DROP TABLE form_echoes;
