DROP TABLE ballot_lines;
DROP TABLE ballots;
DROP TABLE budget_project_images;
DROP TABLE budget_projects;
DROP TABLE budget_headings;
DROP TABLE budgets;
