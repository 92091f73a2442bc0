//! Staff roles held in one process: process administrator, moderator, valuator,
//! department staff, council secretary. Granted and taken back by the platform's
//! administrators and by the process's own administrators; every change is logged.

use crate::audit::{self, Visibility};
use crate::{city_date, ServiceResult, Services};
use serde_json::json;
use yoriai_domain::{authorize, Action, Actor, Email, ErrorCode, FieldErrors, ProcessId, Rejection, Role, UserId};
use yoriai_store::{process_roles, processes, users, DbConn};
use yoriai_views::ProcessRoleHolder;

/// The roles that can be held in one process (every staff role).
pub fn process_role(raw: &str) -> Result<Role, ErrorCode> {
    raw.parse::<Role>().ok().filter(|r| r.is_staff()).ok_or(ErrorCode::InvalidInput)
}

/// Who holds which role in the process, by name.
pub fn holders(conn: &mut DbConn, process_id: ProcessId) -> ServiceResult<Vec<ProcessRoleHolder>> {
    let rows = process_roles::of_process(conn, process_id)?;
    let ids: Vec<UserId> = rows.iter().map(|r| r.user_id).collect();
    let two_step_on = yoriai_store::two_factor::on_among(conn, &ids)?;
    Ok(rows
        .into_iter()
        .map(|r| ProcessRoleHolder {
            in_force: two_step_on.contains(&r.user_id),
            user_id: r.user_id,
            display_name: r.display_name,
            email: r.email,
            role: r.role,
            granted_on: city_date(r.granted_at),
        })
        .collect())
}

/// Gives the account with `email` a staff role in the process. Granting a role the
/// account already holds changes nothing.
pub fn grant_process_role(
    svc: &Services,
    actor: &Actor,
    process_id: ProcessId,
    email: &str,
    role: &str,
) -> ServiceResult<()> {
    authorize(actor, &Action::ManageProcess { process: process_id })?;
    let mut e = FieldErrors::new();
    let role = e.check("role", process_role(role));
    let email = e.check("email", Email::parse(email));
    let mut conn = svc.conn()?;
    let user = match &email {
        Some(address) => {
            e.check("email", users::find_by_email(&mut conn, address.as_str())?.ok_or(ErrorCode::AccountUnknown))
        }
        None => None,
    };
    let (Some(role), Some(user), true) = (role, user, e.is_empty()) else {
        return Err(e.into_rejection().into());
    };
    // As with platform roles, nobody changes their own (a process administrator could
    // otherwise lock themselves out by mistake).
    if actor.user_id() == Some(user.id) {
        return Err(Rejection::field("email", ErrorCode::Forbidden).into());
    }
    if processes::find(&mut conn, process_id)?.is_none() {
        return Err(ErrorCode::NotFound.into());
    }
    let now = yoriai_store::now();
    yoriai_store::write_tx(&mut conn, |c| {
        if process_roles::grant(c, process_id, user.id, role, actor.user_id(), now)? {
            audit::log(
                c,
                actor,
                "grant_process_role",
                ("process", Some(process_id)),
                Visibility::Staff,
                None,
                json!({ "user": user.id, "role": role.as_str() }),
            )?;
        }
        Ok(())
    })
}

/// Takes a staff role in the process back.
pub fn revoke_process_role(
    svc: &Services,
    actor: &Actor,
    process_id: ProcessId,
    user_id: UserId,
    role: &str,
) -> ServiceResult<()> {
    authorize(actor, &Action::ManageProcess { process: process_id })?;
    // The role comes from a hidden field: a bad one is a bad request, not a field error.
    let role = process_role(role)?;
    if actor.user_id() == Some(user_id) {
        return Err(ErrorCode::Forbidden.into());
    }
    let mut conn = svc.conn()?;
    yoriai_store::write_tx(&mut conn, |c| {
        if !process_roles::revoke(c, process_id, user_id, role)? {
            return Err(ErrorCode::NotFound.into());
        }
        audit::log(
            c,
            actor,
            "revoke_process_role",
            ("process", Some(process_id)),
            Visibility::Staff,
            None,
            json!({ "user": user_id, "role": role.as_str() }),
        )
    })
}
