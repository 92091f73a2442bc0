//! Accountability results: what the city does about proposals, projects, reports and
//! decisions, with progress that rolls up from children to their parent.

use super::{check_process, ids_text, linked_items, opt_line, opt_text, parse_day, parse_links, result_summary};
use crate::audit::{self, Visibility};
use crate::images::{discard, store as store_image};
use crate::notify::{self, Kind};
use crate::{city_time, ServiceError, ServiceResult, Services};
use serde_json::json;
use yoriai_domain::accountability::{parse_progress, rollup, ResultStatus};
use yoriai_domain::item::ItemKind;
use yoriai_domain::proposal::parse_amount;
use yoriai_domain::text::{multi_line, render, single_line};
use yoriai_domain::{
    authorize, reach, Action, Actor, ErrorCode, FieldError, FieldErrors, ProcessId, ProposalId, Reach, Rejection,
    ResultId, ResultUpdateId, UploadId, UserId,
};
use yoriai_store::accountability::{self as store, ResultFields};
use yoriai_store::{uploads, DbConn};
use yoriai_views::accountability::{ResultForm, ResultList, ResultPage, ResultUpdateView};
use yoriai_views::{Bilingual, ImageView};

mod pages;
mod progress;
pub use pages::*;
pub use progress::*;

pub use yoriai_views::accountability::ResultInput;

struct Parsed {
    process_id: Option<ProcessId>,
    parent_id: Option<ResultId>,
    title_ja: String,
    title_en: String,
    description_ja: String,
    description_en: String,
    status: ResultStatus,
    custom_ja: String,
    custom_en: String,
    progress: i32,
    starts_on: Option<String>,
    ends_on: Option<String>,
    budget: Option<i64>,
    links: Vec<(ItemKind, i64)>,
    terms: String,
}

/// Whether `candidate` is `id` or below it (a parent must not be its own descendant).
fn is_self_or_descendant(conn: &mut DbConn, id: ResultId, candidate: ResultId) -> ServiceResult<bool> {
    let mut at = Some(candidate);
    let mut steps = 0;
    while let Some(cur) = at {
        if cur == id {
            return Ok(true);
        }
        steps += 1;
        if steps > 64 {
            return Ok(true);
        }
        at = store::find_result(conn, cur)?.and_then(|r| r.parent_id);
    }
    Ok(false)
}

fn parse(conn: &mut DbConn, input: &ResultInput, editing: Option<ResultId>) -> ServiceResult<Parsed> {
    let mut e = FieldErrors::new();
    let title_ja = e.check("title_ja", single_line(&input.title_ja, 1, 200));
    let title_en = e.check("title_en", opt_line(&input.title_en, 200));
    let description_ja = e.check("description_ja", opt_text(&input.description_ja, 20_000));
    let description_en = e.check("description_en", opt_text(&input.description_en, 20_000));
    let status = e.check("status", ResultStatus::parse(&input.status).ok_or(ErrorCode::InvalidInput));
    let custom_ja = e.check("custom_status_ja", opt_line(&input.custom_status_ja, 60));
    let custom_en = e.check("custom_status_en", opt_line(&input.custom_status_en, 60));
    if status == Some(ResultStatus::Custom) && custom_ja.as_deref().is_some_and(str::is_empty) {
        e.push(FieldError::new("custom_status_ja", ErrorCode::Required));
    }
    let progress =
        if input.progress.trim().is_empty() { Some(0) } else { e.check("progress", parse_progress(&input.progress)) };
    let starts_on = e.check("starts_on", parse_day(&input.starts_on));
    let ends_on = e.check("ends_on", parse_day(&input.ends_on));
    if let (Some(Some(s)), Some(Some(en))) = (&starts_on, &ends_on) {
        if en < s {
            e.push(FieldError::new("ends_on", ErrorCode::DateInvalid));
        }
    }
    let budget = if input.budget.trim().is_empty() {
        Some(None)
    } else {
        e.check("budget", parse_amount(&input.budget).map(Some))
    };
    let process_id = check_process(conn, &mut e, input.process_id)?;
    if let Some(parent) = input.parent_id {
        if store::find_result(conn, parent)?.is_none() {
            e.push(FieldError::new("parent_id", ErrorCode::LinkedItemMissing).with_arg("id", parent.0));
        } else if let Some(id) = editing {
            if is_self_or_descendant(conn, id, parent)? {
                e.push(FieldError::new("parent_id", ErrorCode::ResultCycle));
            }
        }
    }
    let links = parse_links(
        conn,
        &mut e,
        &[
            (ItemKind::Proposal, "proposal_ids", &input.proposal_ids),
            (ItemKind::Project, "project_ids", &input.project_ids),
            (ItemKind::Report, "report_ids", &input.report_ids),
            (ItemKind::Decision, "decision_ids", &input.decision_ids),
        ],
    )?;
    match (
        title_ja,
        title_en,
        description_ja,
        description_en,
        status,
        custom_ja,
        custom_en,
        progress,
        starts_on,
        ends_on,
        budget,
    ) {
        (
            Some(title_ja),
            Some(title_en),
            Some(description_ja),
            Some(description_en),
            Some(status),
            Some(custom_ja),
            Some(custom_en),
            Some(progress),
            Some(starts_on),
            Some(ends_on),
            Some(budget),
        ) if e.is_empty() => Ok(Parsed {
            terms: yoriai_domain::search::index_text(&format!(
                "{title_ja} {title_en} {description_ja} {description_en}"
            )),
            process_id,
            parent_id: input.parent_id,
            title_ja,
            title_en,
            description_ja,
            description_en,
            status,
            custom_ja,
            custom_en,
            progress,
            starts_on,
            ends_on,
            budget,
            links,
        }),
        _ => Err(e.into_rejection().into()),
    }
}

fn fields(p: &Parsed) -> ResultFields<'_> {
    ResultFields {
        process_id: p.process_id,
        parent_id: p.parent_id,
        title_ja: &p.title_ja,
        title_en: &p.title_en,
        description_ja: &p.description_ja,
        description_en: &p.description_en,
        status: p.status,
        custom_status_ja: &p.custom_ja,
        custom_status_en: &p.custom_en,
        starts_on: p.starts_on.as_deref(),
        ends_on: p.ends_on.as_deref(),
        budget: p.budget,
        search_terms: &p.terms,
    }
}

/// Recomputes the progress of `parent` and its ancestors from their children.
fn roll_up(conn: &mut DbConn, mut parent: Option<ResultId>, now: chrono::NaiveDateTime) -> ServiceResult<()> {
    let mut steps = 0;
    while let Some(pid) = parent {
        store::set_child_count(conn, pid)?;
        let children = store::children_progress(conn, pid)?;
        if let Some(p) = rollup(&children) {
            store::set_progress(conn, pid, p, None, now)?;
        }
        parent = store::find_result(conn, pid)?.and_then(|r| r.parent_id);
        steps += 1;
        if steps > 64 {
            break;
        }
    }
    Ok(())
}

fn save_links(conn: &mut DbConn, id: ResultId, links: &[(ItemKind, i64)]) -> ServiceResult<()> {
    store::set_result_links(conn, id, links)?;
    Ok(())
}

/// Staff of single processes manage the results of their processes.
fn manage(process: Option<ProcessId>) -> Action {
    Action::ManageResults { process }
}

/// Staff of single processes keep to their processes: the result's process (the field
/// says so when not), its parent (old and new, whose progress rolls up) and its links.
fn in_scope(
    conn: &mut DbConn,
    actor: &Actor,
    reach: &Reach,
    p: &Parsed,
    old_parent: Option<ResultId>,
) -> ServiceResult<()> {
    authorize(actor, &manage(p.process_id)).map_err(|_| Rejection::field("process_id", ErrorCode::Forbidden))?;
    for parent in [p.parent_id, old_parent].into_iter().flatten() {
        let row = store::find_result(conn, parent)?.ok_or(ErrorCode::NotFound)?;
        authorize(actor, &manage(row.process_id)).map_err(|_| Rejection::field("parent_id", ErrorCode::Forbidden))?;
    }
    super::links_in_process(conn, reach, p.process_id, &p.links)
}

pub fn create_result(svc: &Services, actor: &Actor, input: ResultInput) -> ServiceResult<ResultId> {
    let reach = reach(actor, |process| Action::ManageResults { process })?;
    let mut conn = svc.conn()?;
    let p = parse(&mut conn, &input, None)?;
    in_scope(&mut conn, actor, &reach, &p, None)?;
    let now = yoriai_store::now();
    yoriai_store::write_tx(&mut conn, |c| {
        let id = store::insert_result(c, &fields(&p), p.progress, now)?;
        save_links(c, id, &p.links)?;
        roll_up(c, p.parent_id, now)?;
        audit::log(
            c,
            actor,
            "create_result",
            ("result", Some(id)),
            Visibility::Public,
            None,
            json!({ "parent": p.parent_id, "status": p.status.as_str(), "progress": p.progress }),
        )?;
        Ok(id)
    })
}

pub fn update_result(svc: &Services, actor: &Actor, id: ResultId, input: ResultInput) -> ServiceResult<()> {
    let reach = reach(actor, |process| Action::ManageResults { process })?;
    let mut conn = svc.conn()?;
    let old = store::find_result(&mut conn, id)?.ok_or(ErrorCode::NotFound)?;
    authorize(actor, &manage(old.process_id))?;
    let p = parse(&mut conn, &input, Some(id))?;
    in_scope(&mut conn, actor, &reach, &p, old.parent_id)?;
    let now = yoriai_store::now();
    yoriai_store::write_tx(&mut conn, |c| {
        store::update_result(c, id, &fields(&p), now)?;
        if old.child_count == 0 && old.progress != p.progress {
            store::set_progress(c, id, p.progress, None, now)?;
        }
        save_links(c, id, &p.links)?;
        roll_up(c, Some(id), now)?;
        if old.parent_id != p.parent_id {
            roll_up(c, old.parent_id, now)?;
        }
        audit::log(
            c,
            actor,
            "update_result",
            ("result", Some(id)),
            Visibility::Public,
            None,
            json!({ "status": p.status.as_str() }),
        )
    })
}
