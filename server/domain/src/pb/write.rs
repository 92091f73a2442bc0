//! Pabulib writer: exports an [`Instance`] so that [`parse`](super::parse) reads it back.

use std::collections::BTreeSet;
use std::fmt::Write as _;

use super::decimal::Decimal;
use super::instance::{Instance, Limits, VoteType};

/// Serializes an instance in the Pabulib format (LF line endings, `;` separator).
///
/// META rows keep their order; `budget`, `vote_type`, `num_projects`,
/// `num_votes` and the [`Limits`] keys are written from the typed fields (added
/// if absent), so the file is always consistent with the instance. Missing
/// optional cells are written empty. `parse(&write(i))` gives back `i` for a
/// parsed instance (empty cells and `none` both read back as missing).
///
/// Ids must not be the words `meta`, `projects` or `votes` (a row starting with
/// one of them starts a section in every Pabulib reader), and project ids must not
/// contain commas; [`check`](super::check) reports such files.
pub fn write(instance: &Instance) -> String {
    let mut out = String::with_capacity(64 * (instance.voters.len() + instance.projects.len() + 32));
    write_meta(instance, &mut out);
    write_projects(instance, &mut out);
    write_votes(instance, &mut out);
    out
}

fn push_cell(out: &mut String, cell: &str) {
    let needs_quotes = cell.starts_with('"') || cell.contains([';', '"', '\n', '\r']);
    if needs_quotes {
        out.push('"');
        out.push_str(&cell.replace('"', "\"\""));
        out.push('"');
    } else {
        out.push_str(cell);
    }
}

fn push_row<'a>(out: &mut String, cells: impl IntoIterator<Item = &'a str>) {
    for (i, c) in cells.into_iter().enumerate() {
        if i > 0 {
            out.push(';');
        }
        push_cell(out, c);
    }
    out.push('\n');
}

fn write_meta(inst: &Instance, out: &mut String) {
    let typed = |key: &str| -> Option<Option<String>> {
        match key {
            "budget" => Some(Some(inst.budget.to_string())),
            "vote_type" => Some(Some(inst.vote_type.as_str().to_string())),
            "num_projects" => Some(Some(inst.projects.len().to_string())),
            "num_votes" => Some(Some(inst.voters.len().to_string())),
            k if Limits::KEYS.contains(&k) => Some(inst.limits.get(k)),
            _ => None,
        }
    };
    // Keep the file's own spelling ("400000.0", "Approval") when it means the same.
    let same = |key: &str, text: &str, value: &str| -> bool {
        match key {
            "vote_type" => text.parse::<VoteType>().is_ok_and(|v| v.as_str() == value),
            "num_projects" | "num_votes" | "min_length" | "max_length" => {
                text.trim().parse::<u64>().ok() == value.parse().ok()
            }
            _ => Decimal::parse(text).is_ok_and(|d| Decimal::parse(value) == Ok(d)),
        }
    };
    out.push_str("META\n");
    push_row(out, ["key", "value"]);
    let mut written = BTreeSet::new();
    for (k, v) in &inst.meta {
        if !written.insert(k.as_str()) {
            continue;
        }
        match typed(k) {
            Some(Some(value)) if same(k, v, &value) => push_row(out, [k.as_str(), v.as_str()]),
            Some(Some(value)) => push_row(out, [k.as_str(), value.as_str()]),
            // An empty limit stays empty; a limit removed from the typed fields goes.
            Some(None) if v.is_empty() || v.eq_ignore_ascii_case("none") => push_row(out, [k.as_str(), v.as_str()]),
            Some(None) => {}
            None => push_row(out, [k.as_str(), v.as_str()]),
        }
    }
    let required = ["num_projects", "num_votes", "budget", "vote_type"];
    for k in required.into_iter().chain(Limits::KEYS) {
        if !written.contains(k) {
            if let Some(Some(value)) = typed(k) {
                push_row(out, [k, value.as_str()]);
            }
        }
    }
}

fn write_projects(inst: &Instance, out: &mut String) {
    // Columns: the recorded order, then any field (or name) the order does not list.
    let mut cols: Vec<String> = inst.project_columns.clone();
    let has = |cols: &[String], c: &str| cols.iter().any(|x| x == c);
    let is_name = |c: &str| c.eq_ignore_ascii_case("name");
    if inst.projects.iter().any(|p| p.name.is_some()) && !cols.iter().any(|c| is_name(c)) {
        cols.push("name".into());
    }
    let extra: BTreeSet<&str> = inst.projects.iter().flat_map(|p| p.fields.keys().map(String::as_str)).collect();
    for k in extra {
        if !has(&cols, k) {
            cols.push(k.to_string());
        }
    }
    out.push_str("PROJECTS\n");
    push_row(out, ["project_id", "cost"].into_iter().chain(cols.iter().map(String::as_str)));
    for p in &inst.projects {
        let cost = p.cost.to_string();
        let cells = cols.iter().map(|c| {
            if is_name(c) {
                p.name.as_deref().unwrap_or("")
            } else {
                p.fields.get(c).map_or("", String::as_str)
            }
        });
        push_row(out, [p.id.as_str(), cost.as_str()].into_iter().chain(cells));
    }
}

fn write_votes(inst: &Instance, out: &mut String) {
    let with_points = inst.vote_type.has_points_column();
    out.push_str("VOTES\n");
    let mut header = vec!["voter_id", "vote"];
    if with_points {
        header.push("points");
    }
    header.extend(inst.voter_columns.iter().map(String::as_str));
    push_row(out, header);
    let mut vote = String::new();
    let mut points = String::new();
    for v in &inst.voters {
        vote.clear();
        for (i, &p) in v.ballot.iter().enumerate() {
            if i > 0 {
                vote.push(',');
            }
            vote.push_str(inst.projects.get(p as usize).map_or("", |p| p.id.as_str()));
        }
        points.clear();
        if with_points {
            for (i, x) in v.points.iter().flatten().enumerate() {
                if i > 0 {
                    points.push(',');
                }
                let _ = write!(points, "{x}");
            }
        }
        // An all-empty row would read back as a blank line, losing the voter.
        if vote.is_empty() && v.id.is_empty() && v.fields.iter().all(|f| f.as_deref().unwrap_or("").is_empty()) {
            vote.push_str("none");
        }
        let mut cells: Vec<&str> = vec![v.id.as_str(), vote.as_str()];
        if with_points {
            cells.push(points.as_str());
        }
        for i in 0..inst.voter_columns.len() {
            cells.push(v.fields.get(i).and_then(|f| f.as_deref()).unwrap_or(""));
        }
        push_row(out, cells);
    }
}
