//! The account's security log, shown to its owner on the account page.

use crate::schema::security_events;
use crate::{DbConn, DbResult};
use chrono::NaiveDateTime;
use diesel::prelude::*;
use yoriai_domain::ids::UserId;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = security_events)]
pub struct SecurityEventRow {
    pub id: i64,
    pub user_id: UserId,
    pub kind: String,
    pub created_at: NaiveDateTime,
}

pub fn insert(conn: &mut DbConn, user_id: UserId, kind: &str, now: NaiveDateTime) -> DbResult<()> {
    diesel::insert_into(security_events::table)
        .values((
            security_events::user_id.eq(user_id),
            security_events::kind.eq(kind),
            security_events::created_at.eq(now),
        ))
        .execute(conn)
        .map(|_| ())
}

/// The newest events of an account.
pub fn recent(conn: &mut DbConn, user_id: UserId, limit: i64) -> DbResult<Vec<SecurityEventRow>> {
    security_events::table
        .filter(security_events::user_id.eq(user_id))
        .order(security_events::id.desc())
        .limit(limit)
        .select(SecurityEventRow::as_select())
        .load(conn)
}

/// Forgets events older than `before` (the log is for noticing, not for keeping).
pub fn purge(conn: &mut DbConn, before: NaiveDateTime) -> DbResult<usize> {
    diesel::delete(security_events::table.filter(security_events::created_at.lt(before))).execute(conn)
}
