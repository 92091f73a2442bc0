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

mod assign;
mod contact;
mod merge;
mod update;
pub use assign::*;
pub use contact::*;
pub use merge::*;
pub use update::*;

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
