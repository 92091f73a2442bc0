//! Server-side sessions: the cookie carries a random token, the table its SHA-256.

use crate::schema::{sessions, users};
use crate::users::UserRow;
use crate::{DbConn, DbResult};
use chrono::NaiveDateTime;
use diesel::prelude::*;
use yoriai_domain::ids::{SessionId, UserId};

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = sessions)]
pub struct SessionRow {
    pub id: i64,
    pub user_id: UserId,
    pub token_hash: String,
    pub created_at: NaiveDateTime,
    pub last_seen_at: NaiveDateTime,
    pub expires_at: NaiveDateTime,
    pub second_factor_at: Option<NaiveDateTime>,
}

#[derive(Debug, Insertable)]
#[diesel(table_name = sessions)]
pub struct NewSession<'a> {
    pub user_id: UserId,
    pub token_hash: &'a str,
    pub created_at: NaiveDateTime,
    pub last_seen_at: NaiveDateTime,
    pub expires_at: NaiveDateTime,
    pub second_factor_at: Option<NaiveDateTime>,
}

/// Records that this session's sign-in passed the second step (after setting it up).
pub fn mark_second_factor(conn: &mut DbConn, id: i64, now: NaiveDateTime) -> DbResult<()> {
    diesel::update(sessions::table.find(id)).set(sessions::second_factor_at.eq(now)).execute(conn).map(|_| ())
}

pub fn insert(conn: &mut DbConn, new: &NewSession<'_>) -> DbResult<i64> {
    diesel::insert_into(sessions::table).values(new).returning(sessions::id).get_result(conn)
}

/// The live session for a token hash, with its account, in one query.
pub fn find_live(conn: &mut DbConn, token_hash: &str, now: NaiveDateTime) -> DbResult<Option<(SessionRow, UserRow)>> {
    sessions::table
        .inner_join(users::table)
        .filter(sessions::token_hash.eq(token_hash))
        .filter(sessions::expires_at.gt(now))
        .select((SessionRow::as_select(), UserRow::as_select()))
        .first(conn)
        .optional()
}

/// Slides the expiry forward; called at most every few minutes per session so reads
/// do not turn into writes.
pub fn touch(conn: &mut DbConn, id: i64, now: NaiveDateTime, expires_at: NaiveDateTime) -> DbResult<()> {
    diesel::update(sessions::table.find(id))
        .set((sessions::last_seen_at.eq(now), sessions::expires_at.eq(expires_at)))
        .execute(conn)
        .map(|_| ())
}

pub fn delete(conn: &mut DbConn, id: i64) -> DbResult<usize> {
    diesel::delete(sessions::table.find(id)).execute(conn)
}

/// Deletes every session of the account except `keep`; returns how many ended.
pub fn delete_others(conn: &mut DbConn, user_id: UserId, keep: Option<SessionId>) -> DbResult<usize> {
    match keep {
        Some(keep) => {
            diesel::delete(sessions::table.filter(sessions::user_id.eq(user_id)).filter(sessions::id.ne(keep)))
                .execute(conn)
        }
        None => diesel::delete(sessions::table.filter(sessions::user_id.eq(user_id))).execute(conn),
    }
}

pub fn list_for_user(conn: &mut DbConn, user_id: UserId, now: NaiveDateTime) -> DbResult<Vec<SessionRow>> {
    sessions::table
        .filter(sessions::user_id.eq(user_id))
        .filter(sessions::expires_at.gt(now))
        .order(sessions::last_seen_at.desc())
        .select(SessionRow::as_select())
        .load(conn)
}

pub fn purge_expired(conn: &mut DbConn, now: NaiveDateTime) -> DbResult<usize> {
    diesel::delete(sessions::table.filter(sessions::expires_at.le(now))).execute(conn)
}
