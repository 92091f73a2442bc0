//! Sign-in throttling shared by every node: failures per key within a window.

use crate::schema::auth_throttle;
use crate::{DbConn, DbResult};
use chrono::{Duration, NaiveDateTime};
use diesel::prelude::*;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = auth_throttle)]
pub struct ThrottleRow {
    pub key: String,
    pub window_start: NaiveDateTime,
    pub failures: i32,
    pub locked_until: Option<NaiveDateTime>,
}

/// If `key` is locked at `now`, when the lock ends.
pub fn locked_until(conn: &mut DbConn, key: &str, now: NaiveDateTime) -> DbResult<Option<NaiveDateTime>> {
    let row: Option<Option<NaiveDateTime>> =
        auth_throttle::table.find(key).select(auth_throttle::locked_until).first(conn).optional()?;
    Ok(row.flatten().filter(|until| *until > now))
}

/// Counts one failure; locks the key for `lock` once `max_failures` happen within
/// `window`. Returns the lock's end when this failure caused (or met) a lock.
///
/// Runs inside the caller's transaction; the upsert keeps concurrent failures exact.
pub fn record_failure(
    conn: &mut DbConn,
    key: &str,
    now: NaiveDateTime,
    window: Duration,
    max_failures: i32,
    lock: Duration,
) -> DbResult<Option<NaiveDateTime>> {
    // Start a fresh window when the old one has passed.
    diesel::delete(auth_throttle::table.find(key).filter(auth_throttle::window_start.le(now - window)))
        .execute(conn)?;
    let upsert = diesel::insert_into(auth_throttle::table)
        .values((auth_throttle::key.eq(key), auth_throttle::window_start.eq(now), auth_throttle::failures.eq(1)))
        .on_conflict(auth_throttle::key)
        .do_update()
        .set(auth_throttle::failures.eq(auth_throttle::failures + 1));
    crate::on_each_backend!(conn, |c| upsert.execute(c))?;
    let row: ThrottleRow = auth_throttle::table.find(key).select(ThrottleRow::as_select()).first(conn)?;
    if row.failures >= max_failures {
        let until = now + lock;
        diesel::update(auth_throttle::table.find(key)).set(auth_throttle::locked_until.eq(until)).execute(conn)?;
        return Ok(Some(until));
    }
    Ok(None)
}

pub fn clear(conn: &mut DbConn, key: &str) -> DbResult<()> {
    diesel::delete(auth_throttle::table.find(key)).execute(conn).map(|_| ())
}

/// Forgets windows and locks that have passed (rows hold no raw data, but need not linger).
pub fn purge(conn: &mut DbConn, now: NaiveDateTime, window: Duration) -> DbResult<usize> {
    diesel::delete(
        auth_throttle::table
            .filter(auth_throttle::window_start.le(now - window))
            .filter(auth_throttle::locked_until.is_null().or(auth_throttle::locked_until.le(now))),
    )
    .execute(conn)
}
