DROP INDEX report_alerts_one_per_point;
DROP INDEX report_alerts_one_per_district;
DROP TABLE security_events;
DROP TABLE form_echoes;
