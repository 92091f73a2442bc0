DROP INDEX reports_department_days;
DROP INDEX reports_category_days;
DROP INDEX reports_department_fix;
DROP INDEX reports_category_fix;
DROP INDEX proposals_author_process;
DROP INDEX proposals_dashboard;
