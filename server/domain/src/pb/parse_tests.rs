//! Parser and writer unit tests.

use super::*;
use crate::pb::write;

const GOOD: &str = "\u{FEFF}META\r
key;value\r
description;\"Test; with \"\"quotes\"\"\"\r
num_projects;3\r
num_votes;3\r
budget;100,50\r
vote_type;cumulative\r
max_sum_points;5\r
\r
PROJECTS\r
project_id;cost;votes;name;category\r
1;40.0;2;Park;green\r
2;60;1;\"Multi\r
line\";none\r
10;5;0;Bench;\r
Votes\r
voter_id;vote;points;age;sex\r
a;1,2;3,2;31;F\r
b; 1 ;1;;M\r
c;;;none;\r
";

fn codes(input: &str) -> Vec<(usize, &'static str)> {
    check(input).iter().map(|p| (p.line, p.code.as_str())).collect()
}

fn errors(input: &str) -> Vec<(usize, &'static str)> {
    check(input).iter().filter(|p| p.severity == Severity::Error).map(|p| (p.line, p.code.as_str())).collect()
}

#[test]
fn parses_a_complete_file() {
    let inst = parse(GOOD).unwrap();
    assert_eq!(inst.budget.to_string(), "100.5");
    assert_eq!(inst.vote_type, VoteType::Cumulative);
    assert_eq!(inst.limits.max_sum_points, Some(Decimal::from_int(5)));
    assert_eq!(inst.meta_value("description"), Some("Test; with \"quotes\""));
    assert_eq!(inst.project_columns, ["votes", "name", "category"]);
    let ids: Vec<&str> = inst.projects.iter().map(|p| p.id.as_str()).collect();
    assert_eq!(ids, ["1", "2", "10"]);
    assert_eq!(inst.projects[0].cost, Decimal::from_int(40));
    assert_eq!(inst.projects[1].name.as_deref(), Some("Multi\r\nline"));
    assert_eq!(inst.projects[1].fields.get("category"), None, "none is missing");
    assert_eq!(inst.projects[2].fields.get("category"), None, "empty is missing");
    assert_eq!(inst.projects[0].fields.get("votes").map(String::as_str), Some("2"));
    assert_eq!(inst.voter_columns, ["age", "sex"]);
    assert_eq!(inst.voters.len(), 3);
    assert_eq!(inst.voters[0].ballot, [0, 1]);
    assert_eq!(inst.voters[0].points.as_ref().unwrap()[1], Decimal::from_int(2));
    assert_eq!(inst.voter_field(&inst.voters[0], "age"), Some("31"));
    assert_eq!(inst.voters[1].fields, [None, Some("M".into())]);
    assert!(inst.voters[2].ballot.is_empty());
    assert_eq!(inst.approval_votes(), [2, 1, 0]);
    let scores: Vec<String> = inst.scores().unwrap().iter().map(|s| s.to_string()).collect();
    assert_eq!(scores, ["4", "2", "0"]);
    // The empty ballot is only a warning.
    assert_eq!(codes(GOOD), [(20, "empty_ballot")]);
}

#[test]
fn parse_bytes_handles_bom_and_invalid_utf8() {
    assert!(parse_bytes(GOOD.as_bytes()).is_ok());
    let mut bad = GOOD.as_bytes().to_vec();
    let at = GOOD.find("num_projects").unwrap();
    bad[at] = 0xFF;
    let err = parse_bytes(&bad).unwrap_err();
    assert_eq!(err.problems[0].code, Code::InvalidUtf8);
    assert_eq!(err.problems[0].line, 4);
    assert_eq!(check_bytes(&bad).len(), 1);
}

fn file(meta: &str, projects: &str, votes: &str) -> String {
    format!("META\nkey;value\n{meta}PROJECTS\nproject_id;cost\n{projects}VOTES\nvoter_id;vote\n{votes}")
}

#[test]
fn reports_each_problem_with_its_line() {
    let base_meta = "budget;10\nvote_type;approval\n";
    // Lines: 1 META, 2 header, 3-4 meta, 5 PROJECTS, 6 header, 7.. projects.
    assert_eq!(errors(&file(base_meta, "a;1\na;2\n", "v;a\n")), [(8, "duplicate_project_id")]);
    assert_eq!(errors(&file(base_meta, "a;1\n", "v;b\n")), [(10, "unknown_project_in_vote")]);
    assert_eq!(errors(&file(base_meta, "a;1\n", "v;a,a\n")), [(10, "duplicate_project_in_vote")]);
    assert_eq!(errors(&file(base_meta, "a;1\n", "v;a,\n")), [(10, "unknown_project_in_vote")]);
    assert_eq!(errors(&file(base_meta, "a;-1\n", "v;a\n")), [(7, "negative_or_zero_cost")]);
    assert_eq!(codes(&file(base_meta, "a;0\n", "v;a\n")), [(7, "negative_or_zero_cost")]);
    assert_eq!(errors(&file(base_meta, "a;1.2.3\n", "v;a\n")), [(7, "bad_number")]);
    assert_eq!(errors(&file(base_meta, "a;\n", "v;a\n")), [(7, "bad_number")]);
    assert_eq!(errors(&file(base_meta, "a,b;1\n", "v;a\n")), [(7, "bad_project_id"), (10, "unknown_project_in_vote")]);
    assert_eq!(errors(&file("budget;10\nnum_votes;2\nnum_projects;1\n", "a;1\n", "v;a\n")), [(4, "count_mismatch")]);
    assert_eq!(errors(&file("budget;x\n", "a;1\n", "v;a\n")), [(3, "bad_number")]);
    assert_eq!(errors(&file("budget;0\n", "a;1\n", "v;a\n")), [(3, "negative_or_zero_budget")]);
    assert_eq!(errors(&file("vote_type;approval\n", "a;1\n", "v;a\n")), [(1, "missing_meta")]);
    assert_eq!(errors(&file("budget;1\nvote_type;borda\n", "a;1\n", "v;a\n")), [(4, "unknown_vote_type")]);
    assert_eq!(errors(&file(base_meta, "a;1;x\n", "v;a\n")), [(7, "row_length")]);
    assert_eq!(codes(&file(base_meta, "a;1\n", "v;a;\n")), []);
    assert_eq!(codes(&file(base_meta, "a;1\n", "v;a\nv;a\n")), [(11, "duplicate_voter_id")]);
    let wrong_votes = GOOD.replace("10;5;0;Bench", "10;5;7;Bench");
    assert_eq!(codes(&wrong_votes), [(15, "votes_column_mismatch"), (20, "empty_ballot")]);
    assert_eq!(
        codes(&file("budget;10\nmax_length;1\n", "a;1\nb;1\n", "v;a,b\n")),
        [(1, "missing_meta"), (11, "limit_violation")]
    );
    let no_votes = "META\nkey;value\nbudget;1\nPROJECTS\nproject_id;cost\na;1\n";
    assert_eq!(errors(no_votes), [(0, "missing_section")]);
    let wrong_order = "PROJECTS\nproject_id;cost\na;1\nMETA\nkey;value\nbudget;1\nVOTES\nvoter_id;vote\nv;a\n";
    assert_eq!(errors(wrong_order), [(1, "section_order")]);
    assert_eq!(errors(&format!("x;y\n{}", file(base_meta, "a;1\n", "v;a\n"))), [(1, "row_outside_section")]);
    let cols = "META\nkey;value\nbudget;1\nPROJECTS\nid;cost\na;1\nVOTES\nvoter_id;votes\nv;a\n";
    assert_eq!(errors(cols), [(5, "missing_column"), (8, "missing_column")]);
    assert_eq!(errors(&format!("{}\"open", file(base_meta, "a;1\n", ""))), [(10, "unterminated_quote")]);
}

#[test]
fn points_are_checked() {
    let head = "META\nkey;value\nbudget;10\nvote_type;cumulative\nPROJECTS\nproject_id;cost\na;1\nb;1\nVOTES\n";
    let ok = format!("{head}voter_id;vote;points\nv;a,b;1,0\n");
    let inst = parse(&ok).unwrap();
    assert_eq!(inst.approval_votes(), [1, 0], "0 points is not approval");
    assert_eq!(errors(&format!("{head}voter_id;vote;points\nv;a,b;1\n")), [(11, "points_length_mismatch")]);
    assert_eq!(errors(&format!("{head}voter_id;vote;points\nv;a;x\n")), [(11, "bad_number")]);
    assert_eq!(errors(&format!("{head}voter_id;vote;points\nv;a;-1\n")), [(11, "negative_points")]);
    assert_eq!(errors(&format!("{head}voter_id;vote\nv;a\n")), [(10, "missing_column")]);
}

#[test]
fn choose_one_and_ordinal() {
    let f = "meta\nkey;value\nbudget;5\nvote_type;Choose-1\nprojects\nproject_id;cost\nx;1\ny;2\nvotes\nvoter_id;vote\n1;y\n2;x\n";
    let inst = parse(f).unwrap();
    assert_eq!(inst.vote_type, VoteType::Choose1);
    assert_eq!(inst.approval_votes(), [1, 1]);
    assert!(inst.scores().is_none());
    let f = f.replace("Choose-1", "ordinal").replace("1;y", "1;y,x");
    let inst = parse(&f).unwrap();
    let scores: Vec<String> = inst.scores().unwrap().iter().map(|s| s.to_string()).collect();
    assert_eq!(scores, ["2", "2"]);
}

#[test]
fn problems_are_capped() {
    let mut votes = String::new();
    for i in 0..5000 {
        votes.push_str(&format!("v{i};nope\n"));
    }
    let problems = check(&file("budget;1\n", "a;1\n", &votes));
    assert!(problems.len() <= MAX_PROBLEMS + 1);
    assert_eq!(problems.last().map(|p| p.code), Some(Code::TooManyProblems));
    assert!(parse(&file("budget;1\n", "a;1\n", &votes)).is_err());
}

#[test]
fn progress_is_reported() {
    let mut votes = String::new();
    for i in 0..200_000 {
        votes.push_str(&format!("v{i};a\n"));
    }
    let f = file("budget;1\n", "a;1\n", &votes);
    let mut calls = Vec::new();
    let mut cb = |p: Progress| calls.push(p);
    parse_with_progress(&f, Some(&mut cb)).unwrap();
    assert!(calls.len() >= 2);
    assert_eq!(calls.last(), Some(&Progress::Parse { bytes_done: f.len() as u64, bytes_total: f.len() as u64 }));
}

#[test]
fn write_round_trips() {
    let inst = parse(GOOD).unwrap();
    let text = write(&inst);
    let again = parse(&text).unwrap_or_else(|e| panic!("{e}\n{text}"));
    assert_eq!(again, inst);
    // The file's own spelling of typed META values is kept.
    assert!(text.contains("budget;100,50\n"), "{text}");
    assert!(text.contains("\"Multi\r\nline\""));
}

#[test]
fn write_uses_typed_fields() {
    let mut inst = parse(GOOD).unwrap();
    inst.budget = Decimal::from_int(7);
    inst.limits.max_sum_points = None;
    inst.limits.max_length = Some(2);
    inst.voters.pop();
    let text = write(&inst);
    assert!(text.contains("budget;7\n"));
    assert!(text.contains("num_votes;2\n"));
    assert!(!text.contains("max_sum_points"));
    assert!(text.contains("max_length;2\n"));
    assert_eq!(parse(&text).unwrap().voters.len(), 2);
}
