//! Department staff at work: states, public updates (the reporter and followers are
//! told), internal notes (never public), assignment, moving to another department,
//! merging duplicates, and the logged look at a reporter's contact details.

use super::resident::audience;
use super::{in_department, load_for};
use crate::audit::{self, Visibility};
use crate::{ServiceError, ServiceResult, Services};
use serde_json::json;
use yoriai_domain::report::{staff_may_move, ReportState, UpdateKind};
use yoriai_domain::text::{multi_line, single_line};
use yoriai_domain::{authorize, Action, Actor, DepartmentId, ErrorCode, Rejection, ReportId, TemplateId, UserId};
use yoriai_store::reports::{self, NewUpdate, ReportRow, StateChange};
use yoriai_store::{report_settings as rs, users, DbConn};
use yoriai_views::reports::ReporterContact;

fn uid(actor: &Actor) -> Option<UserId> {
    actor.user_id()
}

/// Loads a report the actor may handle.
fn load_handled(conn: &mut DbConn, actor: &Actor, id: ReportId) -> ServiceResult<ReportRow> {
    let row = load_for(conn, actor, id)?;
    let in_dept = in_department(conn, actor, &row)?;
    authorize(actor, &Action::HandleReport { in_department: in_dept })?;
    Ok(row)
}

fn optional_text(raw: &str) -> Result<String, Rejection> {
    if raw.trim().is_empty() {
        Ok(String::new())
    } else {
        multi_line(raw, 1, 4_000).map_err(|c| Rejection::field("body", c))
    }
}

/// Moves a report to another state, optionally with a public update text. Referring
/// to another body names it.
pub fn change_state(
    svc: &Services,
    actor: &Actor,
    id: ReportId,
    to: &str,
    body: &str,
    referred_to: &str,
) -> ServiceResult<()> {
    let mut conn = svc.conn()?;
    let row = load_handled(&mut conn, actor, id)?;
    let from = row.state;
    let to = ReportState::parse(to.trim()).ok_or(Rejection::field("state", ErrorCode::InvalidInput))?;
    staff_may_move(from, to).map_err(|c| Rejection::field("state", c))?;
    let body = optional_text(body)?;
    let referred = if to == ReportState::Referred {
        Some(single_line(referred_to, 1, 200).map_err(|c| Rejection::field("referred_to", c))?)
    } else {
        None
    };
    let now = yoriai_store::now();
    let fixed_at = match to {
        ReportState::Fixed => Some(now),
        ReportState::Closed => row.fixed_at,
        _ => None,
    };
    yoriai_store::write_tx(&mut conn, |c| {
        if !reports::set_state(
            c,
            id,
            &StateChange { referred_to: referred.as_deref(), fixed_at, ..StateChange::plain(from, to) },
            now,
        )? {
            return Err(ServiceError::from(ErrorCode::StateNotAllowed));
        }
        super::recount(c, &row, row.department_id, to)?;
        reports::insert_update(
            c,
            &NewUpdate {
                report_id: id,
                author_id: uid(actor),
                kind: UpdateKind::State,
                public: true,
                state_from: Some(from),
                state_to: Some(to),
                body: &body,
                created_at: now,
            },
        )?;
        audit::log(
            c,
            actor,
            "change_report_state",
            ("report", Some(id)),
            Visibility::Public,
            None,
            json!({ "from": from.as_str(), "to": to.as_str() }),
        )?;
        let row = reports::find(c, id)?.ok_or(Rejection::new(ErrorCode::NotFound))?;
        audience(c, svc, &row, &body, &uid(actor).into_iter().collect::<Vec<_>>(), now)?;
        Ok(())
    })?;
    (svc.mail_queued)();
    Ok(())
}

/// A public update without a change of state.
pub fn public_update(svc: &Services, actor: &Actor, id: ReportId, body: &str) -> ServiceResult<()> {
    let mut conn = svc.conn()?;
    load_handled(&mut conn, actor, id)?;
    let body = multi_line(body, 1, 4_000).map_err(|c| Rejection::field("body", c))?;
    let now = yoriai_store::now();
    yoriai_store::write_tx(&mut conn, |c| {
        reports::insert_update(
            c,
            &NewUpdate {
                report_id: id,
                author_id: uid(actor),
                kind: UpdateKind::Update,
                public: true,
                state_from: None,
                state_to: None,
                body: &body,
                created_at: now,
            },
        )?;
        reports::touch(c, id, now)?;
        audit::log(c, actor, "report_public_update", ("report", Some(id)), Visibility::Public, None, json!({}))?;
        let row = reports::find(c, id)?.ok_or(Rejection::new(ErrorCode::NotFound))?;
        audience(c, svc, &row, &body, &uid(actor).into_iter().collect::<Vec<_>>(), now)?;
        Ok::<_, ServiceError>(())
    })?;
    (svc.mail_queued)();
    Ok(())
}

/// An internal note: staff only, never in public pages, feeds, exports or Open311.
pub fn internal_note(svc: &Services, actor: &Actor, id: ReportId, body: &str) -> ServiceResult<()> {
    let mut conn = svc.conn()?;
    load_handled(&mut conn, actor, id)?;
    let body = multi_line(body, 1, 4_000).map_err(|c| Rejection::field("note", c))?;
    let now = yoriai_store::now();
    yoriai_store::write_tx(&mut conn, |c| {
        reports::insert_update(
            c,
            &NewUpdate {
                report_id: id,
                author_id: uid(actor),
                kind: UpdateKind::Note,
                public: false,
                state_from: None,
                state_to: None,
                body: &body,
                created_at: now,
            },
        )?;
        audit::log(c, actor, "report_internal_note", ("report", Some(id)), Visibility::Staff, None, json!({}))
    })
}

/// Assigns the report to a colleague of its department (or nobody).
pub fn assign_report(svc: &Services, actor: &Actor, id: ReportId, assignee: Option<UserId>) -> ServiceResult<()> {
    let mut conn = svc.conn()?;
    let row = load_handled(&mut conn, actor, id)?;
    if let Some(a) = assignee {
        let ok = match row.department_id {
            Some(d) => rs::is_member(&mut conn, d, a)?,
            None => false,
        };
        if !ok {
            return Err(Rejection::field("assignee_id", ErrorCode::InvalidInput).into());
        }
    }
    let now = yoriai_store::now();
    let name = match assignee {
        Some(a) => users::find(&mut conn, a)?.map(|u| u.display_name).unwrap_or_default(),
        None => String::new(),
    };
    yoriai_store::write_tx(&mut conn, |c| {
        reports::set_assignee(c, id, assignee, now)?;
        reports::insert_update(
            c,
            &NewUpdate {
                report_id: id,
                author_id: uid(actor),
                kind: UpdateKind::Assigned,
                public: false,
                state_from: None,
                state_to: None,
                body: &name,
                created_at: now,
            },
        )?;
        audit::log(
            c,
            actor,
            "assign_report",
            ("report", Some(id)),
            Visibility::Staff,
            None,
            json!({ "assignee_id": assignee }),
        )
    })
}

/// Moves a wrongly routed report to another department.
pub fn move_report(svc: &Services, actor: &Actor, id: ReportId, department_id: DepartmentId) -> ServiceResult<()> {
    let mut conn = svc.conn()?;
    let row = load_handled(&mut conn, actor, id)?;
    let dept = rs::find_department(&mut conn, department_id)?
        .ok_or(Rejection::field("department_id", ErrorCode::InvalidInput))?;
    if row.department_id == Some(department_id) {
        return Err(Rejection::field("department_id", ErrorCode::StateUnchanged).into());
    }
    let now = yoriai_store::now();
    yoriai_store::write_tx(&mut conn, |c| {
        reports::set_department(c, id, Some(department_id), now)?;
        super::recount(c, &row, Some(department_id), row.state)?;
        reports::insert_update(
            c,
            &NewUpdate {
                report_id: id,
                author_id: uid(actor),
                kind: UpdateKind::Moved,
                public: false,
                state_from: None,
                state_to: None,
                body: &format!("{} / {}", dept.name_ja, dept.name_en),
                created_at: now,
            },
        )?;
        audit::log(
            c,
            actor,
            "move_report",
            ("report", Some(id)),
            Visibility::Staff,
            None,
            json!({ "from": row.department_id, "to": department_id }),
        )
    })
}

/// Marks a report as a duplicate of another: it closes, points to the other, and its
/// reporter (with an account) and followers follow the other one from now on.
pub fn merge_report(svc: &Services, actor: &Actor, id: ReportId, into: ReportId) -> ServiceResult<()> {
    let mut conn = svc.conn()?;
    let row = load_handled(&mut conn, actor, id)?;
    let from = row.state;
    let target = reports::find(&mut conn, into)?.filter(|t| t.id != id && t.confirmed_at.is_some());
    let Some(target) = target else { return Err(Rejection::field("into", ErrorCode::MergeInvalid).into()) };
    if target.duplicate_of == Some(id) || target.state == ReportState::Duplicate {
        return Err(Rejection::field("into", ErrorCode::MergeInvalid).into());
    }
    if from == ReportState::Duplicate {
        return Err(Rejection::field("into", ErrorCode::StateUnchanged).into());
    }
    let now = yoriai_store::now();
    yoriai_store::write_tx(&mut conn, |c| {
        if !reports::set_state(
            c,
            id,
            &StateChange { duplicate_of: Some(into), ..StateChange::plain(from, ReportState::Duplicate) },
            now,
        )? {
            return Err(ServiceError::from(ErrorCode::StateNotAllowed));
        }
        super::recount(c, &row, row.department_id, ReportState::Duplicate)?;
        let body = format!("#{into}");
        reports::insert_update(
            c,
            &NewUpdate {
                report_id: id,
                author_id: uid(actor),
                kind: UpdateKind::Merged,
                public: true,
                state_from: Some(from),
                state_to: Some(ReportState::Duplicate),
                body: &body,
                created_at: now,
            },
        )?;
        let mut movers = reports::followers(c, id)?;
        movers.extend(row.reporter_id);
        for u in movers {
            reports::follow(c, u, into, now)?;
        }
        audit::log(c, actor, "merge_report", ("report", Some(id)), Visibility::Public, None, json!({ "into": into }))?;
        let row = reports::find(c, id)?.ok_or(Rejection::new(ErrorCode::NotFound))?;
        audience(
            c,
            svc,
            &row,
            &format!("→ {}", svc.link(&format!("/reports/{into}"))),
            &uid(actor).into_iter().collect::<Vec<_>>(),
            now,
        )?;
        Ok(())
    })?;
    (svc.mail_queued)();
    Ok(())
}

/// The reporter's contact details, for staff handling the report. Every look is in the
/// action log, with the reason given, and — when the reporter has an account — in the
/// access log they read on their privacy page.
pub fn reporter_contact(svc: &Services, actor: &Actor, id: ReportId, reason: &str) -> ServiceResult<ReporterContact> {
    let mut conn = svc.conn()?;
    let row = load_for(&mut conn, actor, id)?;
    let in_dept = in_department(&mut conn, actor, &row)?;
    authorize(actor, &Action::ViewReporterContact { in_department: in_dept })?;
    let reason = single_line(reason, 3, 200).map_err(|c| Rejection::field("reason", c))?;
    let account = match row.reporter_id {
        Some(u) => users::find(&mut conn, u)?.map(|u| (u.display_name, u.email)),
        None => None,
    };
    yoriai_store::write_tx(&mut conn, |c| -> ServiceResult<()> {
        if let Some(reporter) = row.reporter_id {
            crate::privacy::log_access(c, reporter, actor, "reporter_contact", &reason)?;
        }
        audit::log(
            c,
            actor,
            "view_reporter_contact",
            ("report", Some(id)),
            Visibility::Staff,
            Some(&reason),
            json!({ "reporter_account": row.reporter_id }),
        )
    })?;
    Ok(ReporterContact {
        name: row.reporter_name.clone(),
        email: row.reporter_email.clone(),
        phone: row.reporter_phone.clone(),
        account,
    })
}

/// A response template's text for a public update: both languages, Japanese first.
pub fn template_text(svc: &Services, actor: &Actor, id: TemplateId) -> ServiceResult<String> {
    authorize(actor, &Action::ViewInbox)?;
    let mut conn = svc.conn()?;
    let t = rs::templates(&mut conn)?.into_iter().find(|t| t.id == id).ok_or(Rejection::new(ErrorCode::NotFound))?;
    Ok(if t.body_ja.trim() == t.body_en.trim() { t.body_ja } else { format!("{}\n\n{}", t.body_ja, t.body_en) })
}
