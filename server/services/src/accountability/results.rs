//! Accountability results: what the city does about proposals, projects, reports and
//! decisions, with progress that rolls up from children to their parent.

use super::{check_process, ids_text, linked_items, opt_line, opt_text, parse_day, parse_links, result_summary};
use crate::audit::{self, Visibility};
use crate::images::{discard, store as store_image};
use crate::notify::{self, Kind};
use crate::{city_time, ServiceError, ServiceResult, Services};
use serde_json::json;
use yoriai_domain::accountability::{parse_progress, rollup, ItemType, ResultStatus};
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
    links: Vec<(ItemType, i64)>,
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
            (ItemType::Proposal, "proposal_ids", &input.proposal_ids),
            (ItemType::Project, "project_ids", &input.project_ids),
            (ItemType::Report, "report_ids", &input.report_ids),
            (ItemType::Decision, "decision_ids", &input.decision_ids),
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

fn save_links(conn: &mut DbConn, id: ResultId, links: &[(ItemType, i64)]) -> ServiceResult<()> {
    let pairs: Vec<(&str, i64)> = links.iter().map(|(t, i)| (t.as_str(), *i)).collect();
    store::set_result_links(conn, id, &pairs)?;
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

/// A progress update on the timeline: text, optionally a new progress and status, and
/// a photo. The audiences of linked proposals are told.
pub fn add_progress_update(
    svc: &Services,
    actor: &Actor,
    id: ResultId,
    body: &str,
    progress: &str,
    status: &str,
    photo: Option<(&[u8], &str)>,
) -> ServiceResult<ResultUpdateId> {
    reach(actor, |process| Action::ManageResults { process })?;
    let mut e = FieldErrors::new();
    let body = e.check("body", multi_line(body, 1, 10_000));
    let progress =
        if progress.trim().is_empty() { Some(None) } else { e.check("progress", parse_progress(progress).map(Some)) };
    let status = if status.trim().is_empty() {
        Some(None)
    } else {
        e.check(
            "status",
            ResultStatus::parse(status).filter(|s| *s != ResultStatus::Custom).map(Some).ok_or(ErrorCode::InvalidInput),
        )
    };
    let alt = match photo {
        Some((_, alt)) => e.check("alt", opt_line(alt, 400)),
        None => Some(String::new()),
    };
    let (Some(body), Some(progress), Some(status), Some(alt)) = (body, progress, status, alt) else {
        return Err(e.into_rejection().into());
    };
    if !e.is_empty() {
        return Err(e.into_rejection().into());
    }
    let mut conn = svc.conn()?;
    let row = store::find_result(&mut conn, id)?.ok_or(ErrorCode::NotFound)?;
    authorize(actor, &manage(row.process_id))?;
    if progress.is_some() && row.child_count > 0 {
        // A parent's progress comes from its children.
        return Err(yoriai_domain::Rejection::field("progress", ErrorCode::InvalidInput).into());
    }
    let stored = match photo {
        Some((bytes, _)) if !bytes.is_empty() => Some(store_image(&svc.storage, bytes).map_err(|err| match err {
            ServiceError::Rejected(mut r) => {
                for f in &mut r.fields {
                    f.field = "photo".into();
                }
                if r.fields.is_empty() {
                    r = yoriai_domain::Rejection::field("photo", r.code);
                }
                ServiceError::Rejected(r)
            }
            other => other,
        })?),
        _ => None,
    };
    let now = yoriai_store::now();
    let result = yoriai_store::write_tx(&mut conn, |c| {
        let image_id = match &stored {
            Some((key, w, h, size)) => Some(uploads::insert(
                c,
                &uploads::NewUpload {
                    owner_id: actor.user_id(),
                    storage_key: key,
                    content_type: "image/jpeg",
                    width: *w as i32,
                    height: *h as i32,
                    bytes: *size as i64,
                    alt_text: &alt,
                    created_at: now,
                },
            )?),
            None => None,
        };
        let uid = store::insert_update(
            c,
            &store::NewResultUpdate {
                result_id: id,
                body: &body,
                progress,
                status: status.map(|s| s.as_str()),
                image_id,
                author_id: actor.user_id(),
                created_at: now,
            },
        )?;
        if progress.is_some() || status.is_some() {
            store::set_progress(c, id, progress.unwrap_or(row.progress), status.map(|s| s.as_str()), now)?;
            roll_up(c, row.parent_id, now)?;
        }
        let me: Vec<UserId> = actor.user_id().into_iter().collect();
        for pid in store::linked_ids(c, id, "proposal")? {
            if let Some(p) = yoriai_store::proposals::find(c, ProposalId(pid))? {
                notify::proposal_audience(c, &p, Kind::ProposalProgress, None, &me, now)?;
            }
        }
        audit::log(
            c,
            actor,
            "add_result_update",
            ("result", Some(id)),
            Visibility::Public,
            None,
            json!({ "update": uid, "progress": progress, "status": status.map(|s| s.as_str()) }),
        )?;
        Ok::<_, ServiceError>(uid)
    });
    if result.is_err() {
        if let Some((key, ..)) = &stored {
            discard(&svc.storage, key);
        }
    }
    (svc.mail_queued)();
    result
}

pub fn list_results(svc: &Services, actor: &Actor, after: Option<ResultId>) -> ServiceResult<ResultList> {
    const PAGE: i64 = 50;
    let mut conn = svc.conn()?;
    let mut rows = store::list_results(&mut conn, None, after, PAGE + 1)?;
    let next = if rows.len() as i64 > PAGE {
        rows.truncate(PAGE as usize);
        rows.last().map(|r| r.id)
    } else {
        None
    };
    Ok(ResultList {
        items: rows.iter().map(result_summary).collect(),
        next,
        can_manage: reach(actor, |process| Action::ManageResults { process }).is_ok(),
    })
}

pub fn result_page(svc: &Services, actor: &Actor, id: ResultId) -> ServiceResult<ResultPage> {
    let mut conn = svc.conn()?;
    let r = store::find_result(&mut conn, id)?.ok_or(ErrorCode::NotFound)?;
    let links = store::result_links_of(&mut conn, id)?;
    let parent = match r.parent_id {
        Some(pid) => store::find_result(&mut conn, pid)?.map(|p| (p.id, Bilingual::new(p.title_ja, p.title_en))),
        None => None,
    };
    let children = store::list_results(&mut conn, Some(id), None, 500)?;
    let rows = store::updates_of(&mut conn, id)?;
    let image_ids: Vec<UploadId> = rows.iter().filter_map(|u| u.image_id).collect();
    let images = uploads::find_many(&mut conn, &image_ids)?;
    let mut updates = Vec::new();
    for u in rows {
        let image = u.image_id.and_then(|img| images.iter().find(|up| up.id == img)).map(|up| ImageView {
            id: up.id,
            key: up.storage_key.clone(),
            alt: up.alt_text.clone(),
            width: up.width,
            height: up.height,
        });
        updates.push(ResultUpdateView {
            id: u.id,
            body_html: render(&u.body),
            progress: u.progress,
            status: u.status,
            image,
            created_at: city_time(u.created_at),
        });
    }
    let can_manage = authorize(actor, &manage(r.process_id)).is_ok();
    let form = can_manage.then(|| ResultForm {
        id: Some(r.id),
        input: ResultInput {
            process_id: r.process_id,
            parent_id: r.parent_id,
            title_ja: r.title_ja.clone(),
            title_en: r.title_en.clone(),
            description_ja: r.description_ja.clone(),
            description_en: r.description_en.clone(),
            status: r.status.as_str().to_owned(),
            custom_status_ja: r.custom_status_ja.clone(),
            custom_status_en: r.custom_status_en.clone(),
            progress: r.progress.to_string(),
            starts_on: r.starts_on.clone().unwrap_or_default(),
            ends_on: r.ends_on.clone().unwrap_or_default(),
            budget: r.budget.map(|b| b.to_string()).unwrap_or_default(),
            proposal_ids: ids_text(&links, ItemType::Proposal),
            project_ids: ids_text(&links, ItemType::Project),
            report_ids: ids_text(&links, ItemType::Report),
            decision_ids: ids_text(&links, ItemType::Decision),
        },
    });
    Ok(ResultPage {
        summary: result_summary(&r),
        description_html: Bilingual::new(render(&r.description_ja), render(&r.description_en)),
        parent,
        children: children.iter().map(result_summary).collect(),
        links: linked_items(&mut conn, &links)?,
        updates,
        can_manage,
        form,
    })
}
