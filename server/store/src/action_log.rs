//! The action log: who did what to what, why, and whether the public may see it.
//! Written in the same transaction as the act.

use crate::schema::action_log;
use crate::{DbConn, DbResult};
use chrono::NaiveDateTime;
use diesel::prelude::*;
use yoriai_domain::ids::{ActionLogId, UserId};

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = action_log)]
pub struct ActionLogRow {
    pub id: ActionLogId,
    pub actor_user_id: Option<UserId>,
    pub action: String,
    pub target_type: String,
    pub target_id: Option<i64>,
    pub visibility: String,
    pub reason: Option<String>,
    pub details: String,
    pub created_at: NaiveDateTime,
}

#[derive(Debug, Insertable)]
#[diesel(table_name = action_log)]
pub struct NewActionLog<'a> {
    pub actor_user_id: Option<UserId>,
    pub action: &'a str,
    pub target_type: &'a str,
    pub target_id: Option<i64>,
    pub visibility: &'a str,
    pub reason: Option<&'a str>,
    pub details: &'a str,
    pub created_at: NaiveDateTime,
}

pub fn insert(conn: &mut DbConn, new: &NewActionLog<'_>) -> DbResult<ActionLogId> {
    diesel::insert_into(action_log::table).values(new).returning(action_log::id).get_result(conn)
}

pub fn recent(conn: &mut DbConn, limit: i64) -> DbResult<Vec<ActionLogRow>> {
    action_log::table.order(action_log::id.desc()).limit(limit).select(ActionLogRow::as_select()).load(conn)
}

/// Filters of the staff console's log.
#[derive(Debug, Clone, Default)]
pub struct LogFilter {
    pub actors: Option<Vec<UserId>>,
    pub action: Option<String>,
    pub target_type: Option<String>,
    pub from: Option<NaiveDateTime>,
    pub until: Option<NaiveDateTime>,
    /// Entries older than this id (keyset, newest first).
    pub before: Option<ActionLogId>,
}

pub fn search(conn: &mut DbConn, f: &LogFilter, limit: i64) -> DbResult<Vec<ActionLogRow>> {
    let mut q = action_log::table.select(ActionLogRow::as_select()).into_boxed();
    if let Some(ids) = &f.actors {
        q = q.filter(action_log::actor_user_id.eq_any(ids.clone()));
    }
    if let Some(a) = &f.action {
        q = q.filter(action_log::action.eq(a.clone()));
    }
    if let Some(t) = &f.target_type {
        q = q.filter(action_log::target_type.eq(t.clone()));
    }
    if let Some(from) = f.from {
        q = q.filter(action_log::created_at.ge(from));
    }
    if let Some(until) = f.until {
        q = q.filter(action_log::created_at.lt(until));
    }
    if let Some(b) = f.before {
        q = q.filter(action_log::id.lt(b));
    }
    q.order(action_log::id.desc()).limit(limit).load(conn)
}

/// The distinct actions logged so far (for the filter).
pub fn actions(conn: &mut DbConn) -> DbResult<Vec<String>> {
    action_log::table.select(action_log::action).distinct().order(action_log::action.asc()).load(conn)
}
