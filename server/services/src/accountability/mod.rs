//! Closing the loop: council decisions, accountability results and what became of
//! each proposal, project and report.

mod decisions;
mod results;

pub use decisions::*;
pub use results::*;

use crate::ServiceResult;
use yoriai_domain::accountability::{parse_ids, ResultStatus};
use yoriai_domain::item::ItemKind;
use yoriai_domain::{ErrorCode, FieldError, FieldErrors, ProcessId, Reach};
use yoriai_store::accountability::{self as store, DecisionRow, ResultRow};
use yoriai_store::DbConn;
use yoriai_views::accountability::{DecisionSummary, LinkedItem, Outcomes, ResultSummary};
use yoriai_views::Bilingual;

/// Council decisions and the results that carry them out (see `crate::features`).
pub const MANIFEST: crate::features::Manifest = crate::features::Manifest {
    name: "accountability",
    datasets: &[
        crate::opendata::Dataset {
            name: "decisions",
            title: "Council decisions",
            fields: &[
                crate::opendata::ID,
                ("process_id", "integer", false, "processes.id"),
                ("body_name", "string", true, "The council or committee."),
                ("decided_on", "string", true, "Day of the session (YYYY-MM-DD)."),
                ("title_ja", "string", true, "Title in Japanese."),
                ("title_en", "string", false, "Title in English."),
                ("body_ja", "string", false, "Text in Japanese."),
                ("body_en", "string", false, "Text in English."),
                ("outcome", "string", true, "approved, rejected, deferred or amended."),
                ("votes_for", "integer", false, "Members voting for."),
                ("votes_against", "integer", false, "Members voting against."),
                ("votes_abstain", "integer", false, "Members abstaining."),
            ],
            fetch: yoriai_store::opendata::decisions,
        },
        crate::opendata::Dataset {
            name: "decision_links",
            title: "What each decision decides on",
            fields: &[
                ("decision_id", "integer", true, "decisions.id"),
                ("item_type", "string", true, "proposal, project or report."),
                ("item_id", "integer", true, "The id in proposals, budget_projects or reports."),
            ],
            fetch: yoriai_store::opendata::decision_links,
        },
        crate::opendata::Dataset {
            name: "results",
            title: "Accountability results",
            fields: &[
                crate::opendata::ID,
                ("process_id", "integer", false, "processes.id"),
                ("parent_id", "integer", false, "The result this one is part of (results.id)."),
                ("title_ja", "string", true, "Title in Japanese."),
                ("title_en", "string", false, "Title in English."),
                ("description_ja", "string", false, "Description in Japanese."),
                ("description_en", "string", false, "Description in English."),
                ("status", "string", true, "not_started, in_progress, completed, cancelled or custom."),
                ("custom_status_ja", "string", false, "The name of a custom status."),
                ("progress", "integer", true, "Percent done (a parent's is its parts' average)."),
                ("starts_on", "string", false, "Start day (YYYY-MM-DD)."),
                ("ends_on", "string", false, "End day (YYYY-MM-DD)."),
                ("budget", "integer", false, "Budget in yen."),
            ],
            fetch: yoriai_store::opendata::results,
        },
        crate::opendata::Dataset {
            name: "result_links",
            title: "What each result carries out",
            fields: &[
                ("result_id", "integer", true, "results.id"),
                ("item_type", "string", true, "proposal, project, report or decision."),
                ("item_id", "integer", true, "The id in the item's dataset."),
            ],
            fetch: yoriai_store::opendata::result_links,
        },
        crate::opendata::Dataset {
            name: "result_updates",
            title: "Progress updates of results",
            fields: &[
                crate::opendata::ID,
                ("result_id", "integer", true, "results.id"),
                ("body", "string", true, "What happened."),
                ("progress", "integer", false, "Progress set by the update, in percent."),
                ("status", "string", false, "Status set by the update."),
                ("created_at", "datetime", true, "When it was posted (UTC)."),
            ],
            fetch: yoriai_store::opendata::result_updates,
        },
    ],
    search: &[yoriai_domain::item::ItemKind::Decision, yoriai_domain::item::ItemKind::Result],
    notifications: &[
        yoriai_domain::notification::NotificationKind::ProposalDecided,
        yoriai_domain::notification::NotificationKind::ReportDecided,
        yoriai_domain::notification::NotificationKind::ProposalProgress,
    ],
    figures: None,
};

pub(crate) fn decision_summary(d: &DecisionRow) -> DecisionSummary {
    let votes = match (d.votes_for, d.votes_against, d.votes_abstain) {
        (None, None, None) => None,
        (f, a, s) => Some((f.unwrap_or(0), a.unwrap_or(0), s.unwrap_or(0))),
    };
    DecisionSummary {
        id: d.id,
        title: Bilingual::new(&d.title_ja, &d.title_en),
        body_name: d.body_name.clone(),
        decided_on: d.decided_on.clone(),
        outcome: d.outcome,
        votes,
    }
}

pub(crate) fn result_summary(r: &ResultRow) -> ResultSummary {
    ResultSummary {
        id: r.id,
        title: Bilingual::new(&r.title_ja, &r.title_en),
        status: r.status,
        custom_status: (r.status == ResultStatus::Custom)
            .then(|| Bilingual::new(&r.custom_status_ja, &r.custom_status_en)),
        progress: r.progress,
        parent_id: r.parent_id,
        child_count: r.child_count,
        starts_on: r.starts_on.clone(),
        ends_on: r.ends_on.clone(),
        budget: r.budget,
    }
}

/// The decisions on an item and the results that carry it out, for its page.
pub fn outcomes_of(conn: &mut DbConn, item: ItemKind, id: impl yoriai_domain::RawId) -> ServiceResult<Outcomes> {
    Ok(Outcomes {
        decisions: store::decisions_on(conn, item, id.raw())?.iter().map(decision_summary).collect(),
        results: store::results_on(conn, item, id.raw())?.iter().map(result_summary).collect(),
    })
}

pub(crate) fn linked_items(conn: &mut DbConn, links: &[(ItemKind, i64)]) -> ServiceResult<Vec<LinkedItem>> {
    Ok(store::item_titles(conn, links)?
        .into_iter()
        .map(|(item_type, id, title)| LinkedItem { item_type, id, title })
        .collect())
}

/// Parses the id lists of a form (`proposal_ids`, …) and checks each item exists;
/// every missing one is reported on its field with its number.
pub(crate) fn parse_links(
    conn: &mut DbConn,
    e: &mut FieldErrors,
    fields: &[(ItemKind, &str, &str)],
) -> ServiceResult<Vec<(ItemKind, i64)>> {
    let mut out = Vec::new();
    for (item, field, raw) in fields {
        let Some(ids) = e.check(field, parse_ids(raw)) else { continue };
        let found = store::existing(conn, *item, &ids)?;
        if let Some(missing) = ids.iter().find(|i| !found.contains(i)) {
            e.push(FieldError::new(*field, ErrorCode::LinkedItemMissing).with_arg("id", *missing));
            continue;
        }
        out.extend(ids.into_iter().map(|i| (*item, i)));
    }
    Ok(out)
}

/// Staff of single processes (`reach` not everywhere) link only items of the process
/// they publish in: proposals, budget projects and decisions of `process_id`.
pub(crate) fn links_in_process(
    conn: &mut DbConn,
    reach: &Reach,
    process_id: Option<ProcessId>,
    links: &[(ItemKind, i64)],
) -> ServiceResult<()> {
    if *reach == Reach::Everywhere {
        return Ok(());
    }
    let mut e = FieldErrors::new();
    for item in [ItemKind::Proposal, ItemKind::Project, ItemKind::Report, ItemKind::Decision] {
        let ids: Vec<i64> = links.iter().filter(|(t, _)| *t == item).map(|(_, i)| *i).collect();
        let outside = store::processes_of(conn, item, &ids)?
            .into_iter()
            .find(|(_, p)| p.is_none() || p.map(ProcessId) != process_id)
            .map(|(id, _)| id);
        if let Some(id) = outside {
            let field = format!("{}_ids", item.as_str());
            e.push(FieldError::new(&field, ErrorCode::LinkedItemOutsideProcess).with_arg("id", id));
        }
    }
    if e.is_empty() {
        Ok(())
    } else {
        Err(e.into_rejection().into())
    }
}

/// Joins the ids of one type for an edit form.
pub(crate) fn ids_text(links: &[(ItemKind, i64)], item: ItemKind) -> String {
    links.iter().filter(|(t, _)| *t == item).map(|(_, i)| i.to_string()).collect::<Vec<_>>().join(", ")
}

/// An optional one-line text: empty is fine, anything else is checked.
pub(crate) fn opt_line(raw: &str, max: usize) -> Result<String, ErrorCode> {
    if raw.trim().is_empty() {
        Ok(String::new())
    } else {
        yoriai_domain::text::single_line(raw, 1, max)
    }
}

/// An optional multi-line text: empty is fine, anything else is checked.
pub(crate) fn opt_text(raw: &str, max: usize) -> Result<String, ErrorCode> {
    if raw.trim().is_empty() {
        Ok(String::new())
    } else {
        yoriai_domain::text::multi_line(raw, 1, max)
    }
}

/// An optional day typed in a form (`YYYY-MM-DD`).
pub(crate) fn parse_day(raw: &str) -> Result<Option<String>, ErrorCode> {
    let t = raw.trim();
    if t.is_empty() {
        return Ok(None);
    }
    let d = chrono::NaiveDate::parse_from_str(t, "%Y-%m-%d").map_err(|_| ErrorCode::DateInvalid)?;
    Ok(Some(d.format("%Y-%m-%d").to_string()))
}

/// An optional whole number ≥ 0 typed in a form (vote counts).
pub(crate) fn parse_count(raw: &str) -> Result<Option<i32>, ErrorCode> {
    let t = raw.trim();
    if t.is_empty() {
        return Ok(None);
    }
    match t.parse::<i32>() {
        Ok(n) if n >= 0 => Ok(Some(n)),
        _ => Err(ErrorCode::NotANumber),
    }
}

/// Checks that a process id names a process.
pub(crate) fn check_process(
    conn: &mut DbConn,
    e: &mut FieldErrors,
    id: Option<ProcessId>,
) -> ServiceResult<Option<ProcessId>> {
    if let Some(pid) = id {
        if yoriai_store::processes::find(conn, pid)?.is_none() {
            e.push(FieldError::new("process_id", ErrorCode::LinkedItemMissing).with_arg("id", pid.0));
            return Ok(None);
        }
    }
    Ok(id)
}
