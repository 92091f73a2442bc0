//! The staff console: the searchable action log and the accounts with their roles.
//! Reading the log and changing roles are administrators' acts; role changes are
//! themselves logged.

use crate::audit::{self, Visibility};
use crate::{city_date, city_time, ServiceResult, Services, CITY_UTC_OFFSET_HOURS};
use serde_json::json;
use yoriai_domain::{authorize, Action, Actor, ErrorCode, FieldError, FieldErrors, Rejection, Role, UserId};
use yoriai_store::action_log::{self, LogFilter};
use yoriai_store::users;
use yoriai_views::staff::{ActionLogPage, LogEntry, UserItem, UsersPage};

pub use yoriai_views::staff::LogQuery;

fn day_start(raw: &str, field: &str, e: &mut FieldErrors, next_day: bool) -> Option<chrono::NaiveDateTime> {
    let t = raw.trim();
    if t.is_empty() {
        return None;
    }
    match chrono::NaiveDate::parse_from_str(t, "%Y-%m-%d") {
        Ok(d) => {
            let d = if next_day { d.succ_opt().unwrap_or(d) } else { d };
            d.and_hms_opt(0, 0, 0).map(|m| m - chrono::Duration::hours(CITY_UTC_OFFSET_HOURS))
        }
        Err(_) => {
            e.push(FieldError::new(field, ErrorCode::DateInvalid));
            None
        }
    }
}

pub fn action_log(svc: &Services, actor: &Actor, q: LogQuery) -> ServiceResult<ActionLogPage> {
    authorize(actor, &Action::ViewActionLog)?;
    const PAGE: i64 = 50;
    let mut e = FieldErrors::new();
    if q.who.chars().count() > 100 {
        e.push(FieldError::new("who", ErrorCode::TooLong).with_arg("max", 100));
    }
    let from = day_start(&q.from, "from", &mut e, false);
    let until = day_start(&q.until, "until", &mut e, true);
    if !e.is_empty() {
        return Err(e.into_rejection().into());
    }
    let mut conn = svc.conn()?;
    let actors = if q.who.trim().is_empty() {
        None
    } else {
        Some(users::find_by_text(&mut conn, q.who.trim(), 200)?.into_iter().map(|u| u.id).collect::<Vec<_>>())
    };
    let filter = LogFilter {
        actors,
        action: Some(q.action.trim().to_owned()).filter(|a| !a.is_empty()),
        target_type: Some(q.target_type.trim().to_owned()).filter(|t| !t.is_empty()),
        from,
        until,
        before: q.before,
    };
    let mut rows = action_log::search(&mut conn, &filter, PAGE + 1)?;
    let next = if rows.len() as i64 > PAGE {
        rows.truncate(PAGE as usize);
        rows.last().map(|r| r.id)
    } else {
        None
    };
    let ids: Vec<UserId> = rows.iter().filter_map(|r| r.actor_user_id).collect();
    let names = users::display_names(&mut conn, &ids)?;
    Ok(ActionLogPage {
        entries: rows
            .into_iter()
            .map(|r| LogEntry {
                id: r.id,
                at: city_time(r.created_at),
                actor: r.actor_user_id.and_then(|id| names.iter().find(|(i, _)| *i == id).map(|(_, n)| n.clone())),
                action: r.action,
                target_type: r.target_type,
                target_id: r.target_id,
                visibility: r.visibility,
                reason: r.reason,
                details: r.details,
            })
            .collect(),
        actions: action_log::actions(&mut conn)?,
        next,
    })
}

/// Accounts matching `q` (start of email, part of name), or the newest of `role`.
pub fn users_page(svc: &Services, actor: &Actor, q: &str, role: Option<&str>) -> ServiceResult<UsersPage> {
    authorize(actor, &Action::ManageUsers)?;
    if q.chars().count() > 100 {
        return Err(Rejection::fields(vec![FieldError::new("q", ErrorCode::TooLong).with_arg("max", 100)]).into());
    }
    let role = match role {
        Some(r) => Some(r.parse::<Role>().map_err(|_| Rejection::field("role", ErrorCode::InvalidInput))?),
        None => None,
    };
    let mut conn = svc.conn()?;
    let rows = if q.trim().is_empty() {
        users::by_role(&mut conn, role, 100)?
    } else {
        let mut found = users::find_by_text(&mut conn, q.trim(), 100)?;
        if let Some(r) = role {
            found.retain(|u| u.role == r);
        }
        found
    };
    Ok(UsersPage {
        users: rows
            .into_iter()
            .map(|u| UserItem {
                id: u.id,
                email: u.email,
                display_name: u.display_name,
                role: u.role,
                confirmed: u.email_confirmed_at.is_some(),
                blocked: u.blocked_at.is_some(),
                created_on: city_date(u.created_at),
            })
            .collect(),
        me: actor.user_id().unwrap_or_default(),
    })
}

/// Gives an account another platform role. Administrators cannot change their own
/// role here (so the last one cannot lock everyone out by mistake).
pub fn set_user_role(svc: &Services, actor: &Actor, user_id: UserId, role: &str) -> ServiceResult<()> {
    authorize(actor, &Action::ManageUsers)?;
    let role: Role = role.parse().map_err(|_| Rejection::field("role", ErrorCode::InvalidInput))?;
    if actor.user_id() == Some(user_id) {
        return Err(Rejection::field("role", ErrorCode::Forbidden).into());
    }
    let mut conn = svc.conn()?;
    let user = users::find(&mut conn, user_id)?.ok_or(ErrorCode::NotFound)?;
    if user.role == role {
        return Ok(());
    }
    let now = yoriai_store::now();
    yoriai_store::write_tx(&mut conn, |c| {
        users::set_role(c, user_id, role, now)?;
        audit::log(
            c,
            actor,
            "set_role",
            ("user", Some(user_id)),
            Visibility::Staff,
            None,
            json!({ "from": user.role, "to": role.as_str() }),
        )
    })
}
