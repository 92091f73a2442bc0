//! Pabulib parser and validator.
//!
//! One pass over the text builds the [`Instance`] and collects [`Problem`]s.
//! [`parse`] fails if any problem is an error; [`check`] returns all of them
//! (errors and warnings) for an import preview. Conventions follow RULES.md
//! (what pabutools' `parse_pabulib` does), plus checks pabutools does not make
//! (unknown projects, duplicate ids, count mismatches, ...) so a broken file is
//! rejected with line numbers instead of producing a silently wrong tally.

use std::collections::{HashMap, HashSet};
use std::fmt;
use std::hash::BuildHasher;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use super::csv::{Reader, Record};
use super::decimal::{Decimal, DecimalError};
use super::instance::{Instance, Limits, Project, VoteType, Voter};
use super::Progress;

/// How serious a [`Problem`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// The file is usable; something looks off (e.g. a ballot breaks a META limit).
    Warning,
    /// The file is rejected by [`parse`].
    Error,
}

/// Stable machine-readable problem codes (see [`Code::as_str`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Code {
    /// The bytes are not valid UTF-8.
    InvalidUtf8,
    /// A quoted cell is not closed before the end of the file.
    UnterminatedQuote,
    /// A data row appears before any `META`/`PROJECTS`/`VOTES` row.
    RowOutsideSection,
    /// A section is missing (or has no header row).
    MissingSection,
    /// A section appears twice.
    DuplicateSection,
    /// Sections are not in the order META, PROJECTS, VOTES.
    SectionOrder,
    /// A required column is missing from a section header.
    MissingColumn,
    /// A column name appears twice in a header.
    DuplicateColumn,
    /// A row has more or fewer cells than its header.
    RowLength,
    /// A required META key (`budget`) is missing.
    MissingMeta,
    /// A META key appears twice.
    DuplicateMetaKey,
    /// A number cell is not an exact decimal (or has too many digits).
    BadNumber,
    /// META `vote_type` is not a known vote type.
    UnknownVoteType,
    /// The budget is negative or zero.
    NegativeOrZeroBudget,
    /// A project id is empty, or contains a comma (it could not be listed in a vote).
    BadProjectId,
    /// Two projects share an id.
    DuplicateProjectId,
    /// A project cost is negative (error) or zero (warning).
    NegativeOrZeroCost,
    /// A voter id is empty.
    EmptyVoterId,
    /// Two voters share an id (each row still counts as one voter).
    DuplicateVoterId,
    /// A ballot names a project that is not in PROJECTS (or an empty id).
    UnknownProjectInVote,
    /// A ballot names the same project twice.
    DuplicateProjectInVote,
    /// The `points` list is not as long as the `vote` list.
    PointsLengthMismatch,
    /// A point value is negative in a cumulative ballot.
    NegativePoints,
    /// A ballot is empty (the voter still counts in `n`).
    EmptyBallot,
    /// META `num_projects`/`num_votes` does not match the rows.
    CountMismatch,
    /// A ballot violates a META limit (`min_length`, `max_sum_points`, ...).
    LimitViolation,
    /// A project's `votes` or `score` column disagrees with the VOTES section.
    VotesColumnMismatch,
    /// More problems were found than are reported.
    TooManyProblems,
}

impl Code {
    /// The stable snake_case code, e.g. `duplicate_project_id`.
    pub fn as_str(self) -> &'static str {
        match self {
            Code::InvalidUtf8 => "invalid_utf8",
            Code::UnterminatedQuote => "unterminated_quote",
            Code::RowOutsideSection => "row_outside_section",
            Code::MissingSection => "missing_section",
            Code::DuplicateSection => "duplicate_section",
            Code::SectionOrder => "section_order",
            Code::MissingColumn => "missing_column",
            Code::DuplicateColumn => "duplicate_column",
            Code::RowLength => "row_length",
            Code::MissingMeta => "missing_meta",
            Code::DuplicateMetaKey => "duplicate_meta_key",
            Code::BadNumber => "bad_number",
            Code::UnknownVoteType => "unknown_vote_type",
            Code::NegativeOrZeroBudget => "negative_or_zero_budget",
            Code::BadProjectId => "bad_project_id",
            Code::DuplicateProjectId => "duplicate_project_id",
            Code::NegativeOrZeroCost => "negative_or_zero_cost",
            Code::EmptyVoterId => "empty_voter_id",
            Code::DuplicateVoterId => "duplicate_voter_id",
            Code::UnknownProjectInVote => "unknown_project_in_vote",
            Code::DuplicateProjectInVote => "duplicate_project_in_vote",
            Code::PointsLengthMismatch => "points_length_mismatch",
            Code::NegativePoints => "negative_points",
            Code::EmptyBallot => "empty_ballot",
            Code::CountMismatch => "count_mismatch",
            Code::LimitViolation => "limit_violation",
            Code::VotesColumnMismatch => "votes_column_mismatch",
            Code::TooManyProblems => "too_many_problems",
        }
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One finding about a Pabulib file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Problem {
    /// 1-based line where the offending row starts; 0 for the file as a whole.
    pub line: usize,
    /// Error (file rejected) or warning.
    pub severity: Severity,
    /// Stable machine code.
    pub code: Code,
    /// English explanation for logs and admins (the UI should translate `code`).
    pub detail: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sev = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        if self.line > 0 {
            write!(f, "line {}: {sev} [{}]: {}", self.line, self.code, self.detail)
        } else {
            write!(f, "{sev} [{}]: {}", self.code, self.detail)
        }
    }
}

/// [`parse`] failed: every problem found, in line order (at least one is an error).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct ParseErrors {
    /// All problems found (errors and warnings), in line order (a final
    /// `too_many_problems` entry, if any, says how many more were not kept).
    pub problems: Vec<Problem>,
}

impl ParseErrors {
    /// Only the errors.
    pub fn errors(&self) -> impl Iterator<Item = &Problem> {
        self.problems.iter().filter(|p| p.severity == Severity::Error)
    }
}

impl fmt::Display for ParseErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.errors().count();
        write!(f, "invalid Pabulib file ({n} error{})", if n == 1 { "" } else { "s" })?;
        for p in self.errors().take(10) {
            write!(f, "\n  {p}")?;
        }
        if n > 10 {
            write!(f, "\n  ...")?;
        }
        Ok(())
    }
}

/// At most this many problems are kept: a garbage 200 MB file must not produce
/// millions of them.
const MAX_PROBLEMS: usize = 1000;

/// Progress is reported about every this many bytes.
const PROGRESS_EVERY: usize = 1 << 20;

/// Parses a Pabulib file. Fails if any [`Problem`] is an error.
pub fn parse(input: &str) -> Result<Instance, ParseErrors> {
    parse_with_progress(input, None)
}

/// [`parse`] with a progress callback ([`Progress::Parse`], about every MiB).
pub fn parse_with_progress(input: &str, progress: Option<&mut dyn FnMut(Progress)>) -> Result<Instance, ParseErrors> {
    let (instance, problems) = run(input, progress);
    match instance {
        Some(i) if !problems.iter().any(|p| p.severity == Severity::Error) => Ok(i),
        _ => Err(ParseErrors { problems }),
    }
}

/// Parses raw bytes: strips a UTF-8 byte-order mark and reports invalid UTF-8 as
/// an error (with the line of the first bad byte) instead of guessing an encoding.
pub fn parse_bytes(input: &[u8]) -> Result<Instance, ParseErrors> {
    parse_bytes_with_progress(input, None)
}

/// [`parse_bytes`] with a progress callback.
pub fn parse_bytes_with_progress(
    input: &[u8],
    progress: Option<&mut dyn FnMut(Progress)>,
) -> Result<Instance, ParseErrors> {
    match decode(input) {
        Ok(s) => parse_with_progress(s, progress),
        Err(p) => Err(ParseErrors { problems: vec![p] }),
    }
}

/// Validates a Pabulib file and returns every problem (errors and warnings) in
/// line order; empty means the file is clean.
pub fn check(input: &str) -> Vec<Problem> {
    run(input, None).1
}

/// [`check`] for raw bytes (BOM stripped, invalid UTF-8 reported).
pub fn check_bytes(input: &[u8]) -> Vec<Problem> {
    match decode(input) {
        Ok(s) => check(s),
        Err(p) => vec![p],
    }
}

fn decode(input: &[u8]) -> Result<&str, Problem> {
    let input = input.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(input);
    std::str::from_utf8(input).map_err(|e| {
        let at = e.valid_up_to();
        let line = 1 + input[..at].iter().filter(|&&b| b == b'\n').count();
        Problem {
            line,
            severity: Severity::Error,
            code: Code::InvalidUtf8,
            detail: format!("invalid UTF-8 at byte offset {at}"),
        }
    })
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Section {
    Meta,
    Projects,
    Votes,
}

impl Section {
    fn name(self) -> &'static str {
        match self {
            Section::Meta => "META",
            Section::Projects => "PROJECTS",
            Section::Votes => "VOTES",
        }
    }
}

/// Column positions of the VOTES section.
struct VoteCols {
    voter_id: Option<usize>,
    vote: usize,
    points: Option<usize>,
    /// Positions of the extra columns, parallel to `voter_columns`.
    extra: Vec<usize>,
    /// Per extra column, the values seen so far, to share equal strings.
    interned: Vec<HashSet<Arc<str>>>,
}

/// A column stops being interned past this many distinct values (ids,
/// timestamps...): sharing would then save nothing.
const MAX_INTERNED: usize = 4096;

struct State {
    problems: Vec<Problem>,
    dropped: usize,
    section: Option<Section>,
    seen: [Option<usize>; 3],
    header: Option<Vec<String>>,
    // META
    meta: Vec<(String, String)>,
    meta_lines: HashMap<String, usize>,
    budget: Option<Decimal>,
    vote_type: Option<VoteType>,
    limits: Limits,
    // PROJECTS
    project_cost_col: Option<usize>,
    project_name_col: Option<usize>,
    project_extra: Vec<(usize, String)>,
    project_columns: Vec<String>,
    projects: Vec<Project>,
    project_index: HashMap<String, u32>,
    project_lines: Vec<usize>,
    /// Finest decimal scale of any cost (for summing ballot costs exactly).
    cost_scale: u8,
    projects_ok: bool,
    // VOTES
    vote_cols: Option<VoteCols>,
    voter_columns: Vec<String>,
    voters: Vec<Voter>,
    /// Line of every voter row, to report duplicate voter ids after the pass
    /// (sorting indexes is far lighter than a hash set of millions of ids).
    voter_lines: Vec<u32>,
    votes_ok: bool,
    /// Scratch buffer to detect duplicate projects within a ballot.
    seen_in_ballot: Vec<u32>,
    ballot_stamp: u32,
}

impl State {
    fn push(&mut self, line: usize, severity: Severity, code: Code, detail: String) {
        if self.problems.len() < MAX_PROBLEMS {
            self.problems.push(Problem { line, severity, code, detail });
        } else {
            self.dropped += 1;
            // Keep the error status visible even when the detail is dropped.
            if severity == Severity::Error && !self.problems.iter().any(|p| p.severity == Severity::Error) {
                self.problems.push(Problem { line, severity, code, detail });
            }
        }
    }

    fn error(&mut self, line: usize, code: Code, detail: String) {
        self.push(line, Severity::Error, code, detail);
    }

    fn warn(&mut self, line: usize, code: Code, detail: String) {
        self.push(line, Severity::Warning, code, detail);
    }
}

fn is_none(cell: &str) -> bool {
    cell.eq_ignore_ascii_case("none")
}

fn section_of(cell: &str) -> Option<Section> {
    if cell.eq_ignore_ascii_case("meta") {
        Some(Section::Meta)
    } else if cell.eq_ignore_ascii_case("projects") {
        Some(Section::Projects)
    } else if cell.eq_ignore_ascii_case("votes") {
        Some(Section::Votes)
    } else {
        None
    }
}

fn run(input: &str, mut progress: Option<&mut dyn FnMut(Progress)>) -> (Option<Instance>, Vec<Problem>) {
    // A BOM is ignored (as pabutools does by reading with utf-8-sig).
    let input = input.strip_prefix('\u{FEFF}').unwrap_or(input);
    let total = input.len() as u64;
    let mut reader = Reader::new(input);
    let mut st = State {
        problems: Vec::new(),
        dropped: 0,
        section: None,
        seen: [None; 3],
        header: None,
        meta: Vec::new(),
        meta_lines: HashMap::new(),
        budget: None,
        vote_type: None,
        limits: Limits::default(),
        project_cost_col: None,
        project_name_col: None,
        project_extra: Vec::new(),
        project_columns: Vec::new(),
        projects: Vec::new(),
        project_index: HashMap::new(),
        project_lines: Vec::new(),
        cost_scale: 0,
        projects_ok: false,
        vote_cols: None,
        voter_columns: Vec::new(),
        voters: Vec::new(),
        voter_lines: Vec::new(),
        votes_ok: false,
        seen_in_ballot: Vec::new(),
        ballot_stamp: 0,
    };
    let mut next_report = PROGRESS_EVERY;
    while let Some(rec) = reader.next_record() {
        if rec.unterminated_quote {
            st.error(
                rec.line,
                Code::UnterminatedQuote,
                "a quoted cell is not closed before the end of the file".into(),
            );
        }
        if let Some(cb) = progress.as_deref_mut() {
            if reader.position() >= next_report {
                cb(Progress::Parse { bytes_done: reader.position() as u64, bytes_total: total });
                next_report = reader.position() + PROGRESS_EVERY;
            }
        }
        if rec.cells.iter().all(|c| c.is_empty()) {
            continue;
        }
        if let Some(sec) = section_of(&rec.cells[0]) {
            start_section(&mut st, sec, rec.line);
            continue;
        }
        let Some(sec) = st.section else {
            st.error(rec.line, Code::RowOutsideSection, "row before any META/PROJECTS/VOTES section".into());
            continue;
        };
        if st.header.is_none() {
            read_header(&mut st, sec, &rec);
            continue;
        }
        match sec {
            Section::Meta => meta_row(&mut st, &rec),
            Section::Projects => project_row(&mut st, &rec),
            Section::Votes => vote_row(&mut st, rec),
        }
    }
    if let Some(cb) = progress {
        cb(Progress::Parse { bytes_done: total, bytes_total: total });
    }
    let instance = finish(&mut st);
    let mut problems = st.problems;
    problems.sort_by_key(|p| p.line);
    if st.dropped > 0 {
        problems.push(Problem {
            line: 0,
            severity: Severity::Warning,
            code: Code::TooManyProblems,
            detail: format!("{} more problems not listed", st.dropped),
        });
    }
    (instance, problems)
}

fn start_section(st: &mut State, sec: Section, line: usize) {
    let idx = sec as usize;
    if let Some(prev) = st.seen[idx] {
        st.error(line, Code::DuplicateSection, format!("second {} section (first at line {prev})", sec.name()));
    } else {
        // Every earlier section must already be present: VOTES need the project
        // ids and vote type, PROJECTS are checked against META.
        for earlier in [Section::Meta, Section::Projects].into_iter().filter(|e| (*e as usize) < idx) {
            if st.seen[earlier as usize].is_none() {
                st.error(
                    line,
                    Code::SectionOrder,
                    format!("{} section before {} (order must be META, PROJECTS, VOTES)", sec.name(), earlier.name()),
                );
            }
        }
        st.seen[idx] = Some(line);
    }
    st.section = Some(sec);
    st.header = None;
}

fn find_col(header: &[String], name: &str) -> Option<usize> {
    header.iter().position(|h| h.eq_ignore_ascii_case(name))
}

fn read_header(st: &mut State, sec: Section, rec: &Record<'_>) {
    let header: Vec<String> = rec.cells.iter().map(|c| c.to_string()).collect();
    let line = rec.line;
    let mut names = HashSet::new();
    for h in &header {
        if !names.insert(h.to_ascii_lowercase()) {
            st.error(line, Code::DuplicateColumn, format!("column {h:?} appears twice in the {} header", sec.name()));
        }
    }
    let require = |st: &mut State, name: &str| -> Option<usize> {
        let c = find_col(&header, name);
        if c.is_none() {
            st.error(line, Code::MissingColumn, format!("the {} header has no {name:?} column", sec.name()));
        }
        c
    };
    match sec {
        Section::Meta => {
            let k = require(st, "key");
            let v = require(st, "value");
            if k.is_some() && v.is_some() && (k != Some(0) || v != Some(1)) {
                st.error(line, Code::MissingColumn, "the META header must be key;value".into());
            }
        }
        Section::Projects => {
            if header.first().is_some_and(|h| !h.eq_ignore_ascii_case("project_id")) {
                st.error(line, Code::MissingColumn, "the first PROJECTS column must be project_id".into());
            }
            let cost = require(st, "cost");
            st.project_cost_col = cost;
            st.project_name_col = find_col(&header, "name");
            st.project_extra.clear();
            st.project_columns.clear();
            for (i, h) in header.iter().enumerate().skip(1) {
                if Some(i) == cost {
                    continue;
                }
                st.project_columns.push(h.clone());
                if Some(i) != st.project_name_col {
                    st.project_extra.push((i, h.clone()));
                }
            }
            st.projects_ok = header.first().is_some_and(|h| h.eq_ignore_ascii_case("project_id")) && cost.is_some();
        }
        Section::Votes => {
            let voter_id = require(st, "voter_id");
            let vote = require(st, "vote");
            let vt = st.vote_type.unwrap_or(VoteType::Approval);
            let points = if vt.has_points_column() {
                let p = find_col(&header, "points");
                if p.is_none() {
                    st.error(line, Code::MissingColumn, format!("a {vt} file needs a \"points\" column in VOTES"));
                }
                p
            } else {
                None
            };
            st.voter_columns.clear();
            let mut extra = Vec::new();
            for (i, h) in header.iter().enumerate() {
                if Some(i) == voter_id || Some(i) == vote || Some(i) == points {
                    continue;
                }
                extra.push(i);
                st.voter_columns.push(h.clone());
            }
            st.votes_ok = vote.is_some() && (points.is_some() || !vt.has_points_column());
            let interned = extra.iter().map(|_| HashSet::new()).collect();
            st.vote_cols = vote.map(|vote| VoteCols { voter_id, vote, points, extra, interned });
        }
    }
    st.header = Some(header);
}

fn check_length(st: &mut State, rec: &Record<'_>, sec: Section) {
    let want = st.header.as_ref().map_or(0, |h| h.len());
    let got = rec.cells.len();
    if got > want && rec.cells[want..].iter().any(|c| !c.is_empty()) {
        st.error(
            rec.line,
            Code::RowLength,
            format!("{} row has {got} cells but the header has {want} columns", sec.name()),
        );
    } else if got < want {
        st.warn(
            rec.line,
            Code::RowLength,
            format!(
                "{} row has {got} cells but the header has {want} columns (missing cells treated as none)",
                sec.name()
            ),
        );
    }
}

/// A data cell: `None` when absent, empty or `none` (all mean "missing").
fn cell<'r>(rec: &'r Record<'_>, i: usize) -> Option<&'r str> {
    rec.cells.get(i).map(|c| c.as_ref()).filter(|c| !c.is_empty() && !is_none(c))
}

fn parse_decimal(st: &mut State, line: usize, what: &str, s: &str) -> Option<Decimal> {
    match Decimal::parse(s) {
        Ok(d) => Some(d),
        Err(e) => {
            let why = match e {
                DecimalError::Syntax => "is not a number",
                DecimalError::TooLarge => "has too many digits",
            };
            st.error(line, Code::BadNumber, format!("{what} {s:?} {why}"));
            None
        }
    }
}

fn meta_row(st: &mut State, rec: &Record<'_>) {
    check_length(st, rec, Section::Meta);
    let key = rec.cells[0].to_string();
    let value = rec.cells.get(1).map(|c| c.to_string()).unwrap_or_default();
    let line = rec.line;
    if let Some(prev) = st.meta_lines.get(&key) {
        st.warn(
            line,
            Code::DuplicateMetaKey,
            format!("META key {key:?} repeated (first at line {prev}); the last value wins"),
        );
    }
    st.meta_lines.insert(key.clone(), line);
    let present = !value.is_empty() && !is_none(&value);
    match key.as_str() {
        "budget" if present => {
            st.budget = parse_decimal(st, line, "budget", &value);
            if st.budget.is_some_and(|b| !b.is_positive()) {
                st.error(line, Code::NegativeOrZeroBudget, format!("budget {value} must be positive"));
            }
        }
        "vote_type" if present => match value.parse::<VoteType>() {
            Ok(vt) => st.vote_type = Some(vt),
            Err(e) => st.error(line, Code::UnknownVoteType, e.to_string()),
        },
        "min_length" | "max_length" if present => {
            let v = parse_decimal(st, line, &key, &value).and_then(|d| {
                let n = d.to_integer().filter(|n| *n >= 0);
                if n.is_none() {
                    st.error(line, Code::BadNumber, format!("{key} {value:?} is not a non-negative integer"));
                }
                n.map(|n| n as u64)
            });
            if key == "min_length" {
                st.limits.min_length = v;
            } else {
                st.limits.max_length = v;
            }
        }
        "min_sum_cost" | "max_sum_cost" | "min_points" | "max_points" | "min_sum_points" | "max_sum_points"
            if present =>
        {
            let v = parse_decimal(st, line, &key, &value);
            let l = &mut st.limits;
            let slot = match key.as_str() {
                "min_sum_cost" => &mut l.min_sum_cost,
                "max_sum_cost" => &mut l.max_sum_cost,
                "min_points" => &mut l.min_points,
                "max_points" => &mut l.max_points,
                "min_sum_points" => &mut l.min_sum_points,
                _ => &mut l.max_sum_points,
            };
            *slot = v;
        }
        _ => {}
    }
    if let Some(slot) = st.meta.iter_mut().find(|(k, _)| *k == key) {
        slot.1 = value;
    } else {
        st.meta.push((key, value));
    }
}

fn project_row(st: &mut State, rec: &Record<'_>) {
    check_length(st, rec, Section::Projects);
    let line = rec.line;
    let id = rec.cells[0].to_string();
    if id.is_empty() {
        st.error(line, Code::BadProjectId, "project_id is empty".into());
        return;
    }
    if id.contains(',') {
        // A comma would make the id impossible to list in a `vote` cell.
        st.error(line, Code::BadProjectId, format!("project_id {id:?} contains a comma"));
    }
    let cost = match st.project_cost_col.and_then(|c| cell(rec, c)) {
        Some(s) if !s.is_empty() => parse_decimal(st, line, "cost", s),
        _ => {
            if st.project_cost_col.is_some() {
                st.error(line, Code::BadNumber, format!("project {id:?} has no cost"));
            }
            None
        }
    };
    if let Some(c) = cost {
        if c.is_negative() {
            st.error(line, Code::NegativeOrZeroCost, format!("project {id:?} has negative cost {c}"));
        } else if c.is_zero() {
            st.warn(line, Code::NegativeOrZeroCost, format!("project {id:?} costs nothing"));
        }
    }
    let name = st.project_name_col.and_then(|c| cell(rec, c)).map(str::to_string);
    let mut fields = std::collections::BTreeMap::new();
    for (i, h) in &st.project_extra {
        if let Some(v) = cell(rec, *i) {
            fields.insert(h.clone(), v.to_string());
        }
    }
    if let Some(&prev) = st.project_index.get(&id) {
        let first = st.project_lines[prev as usize];
        st.error(line, Code::DuplicateProjectId, format!("project_id {id:?} appears twice (first at line {first})"));
        return;
    }
    if st.projects.len() >= u32::MAX as usize {
        st.error(line, Code::CountMismatch, "too many projects".into());
        return;
    }
    st.project_index.insert(id.clone(), st.projects.len() as u32);
    st.project_lines.push(line);
    st.cost_scale = st.cost_scale.max(cost.map_or(0, |c| c.scale()));
    st.projects.push(Project { id, cost: cost.unwrap_or(Decimal::ZERO), name, fields });
}

fn split_list(s: &str) -> impl Iterator<Item = &str> {
    s.split(',').map(str::trim)
}

fn vote_row(st: &mut State, rec: Record<'_>) {
    check_length(st, &rec, Section::Votes);
    // Taken out of the state for the duration of the row (and put back below) so
    // the column list is not cloned for every one of possibly millions of rows.
    let Some(cols) = st.vote_cols.take() else {
        return;
    };
    let line = rec.line;
    let vt = st.vote_type.unwrap_or(VoteType::Approval);
    let (id_col, vote_col, points_col) = (cols.voter_id, cols.vote, cols.points);

    let id_string = id_col.and_then(|c| rec.cells.get(c)).map(|c| c.to_string()).unwrap_or_default();
    if id_col.is_some() && id_string.is_empty() {
        st.warn(line, Code::EmptyVoterId, "voter_id is empty".into());
    }

    // Ballot.
    let mut ballot: Vec<u32> = Vec::new();
    let vote_cell = cell(&rec, vote_col).unwrap_or("");
    st.ballot_stamp = st.ballot_stamp.wrapping_add(1);
    if st.ballot_stamp == 0 {
        st.seen_in_ballot.iter_mut().for_each(|s| *s = 0);
        st.ballot_stamp = 1;
    }
    if st.seen_in_ballot.len() < st.projects.len() {
        st.seen_in_ballot.resize(st.projects.len(), 0);
    }
    let mut ok = true;
    if !vote_cell.is_empty() {
        for pid in split_list(vote_cell) {
            match st.project_index.get(pid) {
                Some(&p) => {
                    if st.seen_in_ballot[p as usize] == st.ballot_stamp {
                        st.error(
                            line,
                            Code::DuplicateProjectInVote,
                            format!("project {pid:?} appears twice in the vote"),
                        );
                        ok = false;
                    } else {
                        st.seen_in_ballot[p as usize] = st.ballot_stamp;
                        ballot.push(p);
                    }
                }
                None => {
                    let detail = if pid.is_empty() {
                        "the vote lists an empty project id".to_string()
                    } else {
                        format!("the vote lists project {pid:?}, which is not in PROJECTS")
                    };
                    st.error(line, Code::UnknownProjectInVote, detail);
                    ok = false;
                }
            }
        }
    }
    if ballot.is_empty() && ok {
        st.warn(line, Code::EmptyBallot, "empty vote (the voter still counts)".into());
    }

    // Points.
    let points = match points_col {
        Some(pc) => {
            let pcell = cell(&rec, pc).unwrap_or("");
            let mut pts = Vec::new();
            let mut n_items = 0usize;
            if !pcell.is_empty() {
                for s in split_list(pcell) {
                    n_items += 1;
                    if let Some(d) = parse_decimal(st, line, "points value", s) {
                        if d.is_negative() && vt == VoteType::Cumulative {
                            st.error(line, Code::NegativePoints, format!("negative points {d} in a cumulative vote"));
                        }
                        pts.push(d);
                    }
                }
            }
            let n_votes = if vote_cell.is_empty() { 0 } else { split_list(vote_cell).count() };
            if n_items != n_votes {
                st.error(
                    line,
                    Code::PointsLengthMismatch,
                    format!("{n_votes} projects in vote but {n_items} values in points"),
                );
            }
            Some(pts)
        }
        None => None,
    };

    if ok && points.as_ref().is_none_or(|p| p.len() == ballot.len()) {
        check_limits(st, line, &ballot, points.as_deref());
    }

    let mut cols = cols;
    let fields = (0..cols.extra.len())
        .map(|k| {
            let v = cell(&rec, cols.extra[k])?;
            let seen = &mut cols.interned[k];
            if let Some(shared) = seen.get(v) {
                return Some(Arc::clone(shared));
            }
            let value: Arc<str> = Arc::from(v);
            if seen.len() < MAX_INTERNED {
                seen.insert(Arc::clone(&value));
            }
            Some(value)
        })
        .collect();
    st.vote_cols = Some(cols);
    st.voters.push(Voter { id: id_string, ballot, points, fields });
    st.voter_lines.push(u32::try_from(line).unwrap_or(u32::MAX));
}

fn check_limits(st: &mut State, line: usize, ballot: &[u32], points: Option<&[Decimal]>) {
    let l = &st.limits;
    let len = ballot.len() as u64;
    let mut msgs = Vec::new();
    if l.min_length.is_some_and(|m| len < m) {
        msgs.push(format!("{len} projects, below min_length {}", l.min_length.unwrap_or(0)));
    }
    if l.max_length.is_some_and(|m| len > m) {
        msgs.push(format!("{len} projects, above max_length {}", l.max_length.unwrap_or(0)));
    }
    if l.min_sum_cost.is_some() || l.max_sum_cost.is_some() {
        let scale = st.cost_scale;
        let sum: i128 = ballot.iter().map(|&p| st.projects[p as usize].cost.scaled_to(scale)).sum();
        let sum = Decimal::new(sum.clamp(i64::MIN as i128, i64::MAX as i128) as i64, scale).unwrap_or(Decimal::ZERO);
        if l.min_sum_cost.is_some_and(|m| sum < m) {
            msgs.push(format!("total cost {sum}, below min_sum_cost"));
        }
        if l.max_sum_cost.is_some_and(|m| sum > m) {
            msgs.push(format!("total cost {sum}, above max_sum_cost"));
        }
    }
    if let Some(pts) = points {
        if pts.iter().any(|p| l.min_points.is_some_and(|m| *p < m) || l.max_points.is_some_and(|m| *p > m)) {
            msgs.push("a points value outside min_points..max_points".to_string());
        }
        if l.min_sum_points.is_some() || l.max_sum_points.is_some() {
            let scale = pts.iter().map(|p| p.scale()).max().unwrap_or(0);
            let sum: i128 = pts.iter().map(|p| p.scaled_to(scale)).sum();
            let sum =
                Decimal::new(sum.clamp(i64::MIN as i128, i64::MAX as i128) as i64, scale).unwrap_or(Decimal::ZERO);
            if l.min_sum_points.is_some_and(|m| sum < m) {
                msgs.push(format!("{sum} points in total, below min_sum_points"));
            }
            if l.max_sum_points.is_some_and(|m| sum > m) {
                msgs.push(format!("{sum} points in total, above max_sum_points"));
            }
        }
    }
    for m in msgs {
        st.warn(line, Code::LimitViolation, format!("ballot with {m}"));
    }
}

fn report_duplicate_voters(st: &mut State) {
    // Sort (hash, index) pairs instead of the ids themselves: integer sorting of
    // millions of voters is fast and light; ids are compared only on equal hashes.
    let hasher = std::collections::hash_map::RandomState::new();
    let mut order: Vec<(u64, u32)> =
        st.voters.iter().enumerate().map(|(i, v)| (hasher.hash_one(v.id.as_str()), i as u32)).collect();
    order.sort_unstable();
    let mut dups = Vec::new();
    let mut start = 0;
    while start < order.len() {
        let mut end = start + 1;
        while end < order.len() && order[end].0 == order[start].0 {
            end += 1;
        }
        // Within a run of equal hashes (indexes ascending), flag every voter whose
        // id already appeared earlier in the run.
        for b in start + 1..end {
            let vb = order[b].1 as usize;
            let id = &st.voters[vb].id;
            if !id.is_empty() && order[start..b].iter().any(|&(_, a)| st.voters[a as usize].id == *id) {
                dups.push(vb);
            }
        }
        start = end;
    }
    dups.sort_unstable();
    for b in dups {
        let id = st.voters[b].id.clone();
        st.warn(
            st.voter_lines[b] as usize,
            Code::DuplicateVoterId,
            format!("voter_id {id:?} appears more than once (every row counts as a voter)"),
        );
    }
}

fn finish(st: &mut State) -> Option<Instance> {
    if st.vote_cols.as_ref().is_some_and(|c| c.voter_id.is_some()) {
        report_duplicate_voters(st);
    }
    st.voter_lines = Vec::new();
    for sec in [Section::Meta, Section::Projects, Section::Votes] {
        if st.seen[sec as usize].is_none() {
            st.error(0, Code::MissingSection, format!("no {} section", sec.name()));
        }
    }
    if st.seen[Section::Meta as usize].is_some() {
        let line = st.seen[Section::Meta as usize].unwrap_or(0);
        if st.meta_value_present("budget").is_none() {
            st.error(line, Code::MissingMeta, "META has no budget".into());
        }
        if st.meta_value_present("vote_type").is_none() {
            st.warn(line, Code::MissingMeta, "META has no vote_type; assuming approval".into());
        }
    }
    for (key, actual) in [("num_projects", st.projects.len()), ("num_votes", st.voters.len())] {
        let Some(value) = st.meta_value_present(key) else {
            continue;
        };
        let line = st.meta_lines.get(key).copied().unwrap_or(0);
        match value.trim().parse::<u64>() {
            Ok(n) if n as usize == actual => {}
            Ok(n) => st.error(line, Code::CountMismatch, format!("META {key} is {n} but the file has {actual}")),
            Err(_) => st.error(line, Code::BadNumber, format!("META {key} {value:?} is not an integer")),
        }
    }
    let budget = st.budget?;
    if !st.projects_ok || !st.votes_ok {
        return None;
    }
    let instance = Instance {
        meta: std::mem::take(&mut st.meta),
        budget,
        vote_type: st.vote_type.unwrap_or(VoteType::Approval),
        limits: std::mem::take(&mut st.limits),
        project_columns: std::mem::take(&mut st.project_columns),
        projects: std::mem::take(&mut st.projects),
        voter_columns: std::mem::take(&mut st.voter_columns),
        voters: std::mem::take(&mut st.voters),
    };
    check_vote_columns(st, &instance);
    Some(instance)
}

/// Warns when a project's own `votes`/`score` cells disagree with the ballots
/// (a sign of a truncated or edited VOTES section).
fn check_vote_columns(st: &mut State, inst: &Instance) {
    let votes = inst.approval_votes();
    let scores = inst.scores();
    for (i, p) in inst.projects.iter().enumerate() {
        let line = st.project_lines.get(i).copied().unwrap_or(0);
        if let Some(v) = p.fields.get("votes").and_then(|v| v.trim().parse::<u64>().ok()) {
            if v != votes[i] {
                let detail = format!("project {:?} lists {v} votes but the ballots give {}", p.id, votes[i]);
                st.warn(line, Code::VotesColumnMismatch, detail);
            }
        }
        let listed = p.fields.get("score").and_then(|v| Decimal::parse(v).ok());
        if let (Some(listed), Some(scores)) = (listed, &scores) {
            if listed.to_rational() != scores[i] {
                let detail = format!("project {:?} lists score {listed} but the ballots give {}", p.id, scores[i]);
                st.warn(line, Code::VotesColumnMismatch, detail);
            }
        }
    }
}

impl State {
    fn meta_value_present(&self, key: &str) -> Option<String> {
        self.meta.iter().find(|(k, _)| k == key).map(|(_, v)| v.clone()).filter(|v| !v.is_empty() && !is_none(v))
    }
}

#[cfg(test)]
#[path = "parse_tests.rs"]
mod tests;
