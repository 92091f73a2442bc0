//! Two-step sign-in: the sealed TOTP secret, recovery codes, and sign-ins waiting for
//! their code.

use crate::schema::{recovery_codes, second_factor_waits, two_factor};
use crate::{DbConn, DbResult};
use chrono::NaiveDateTime;
use diesel::prelude::*;
use yoriai_domain::ids::UserId;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = two_factor)]
pub struct TwoFactorRow {
    pub user_id: UserId,
    pub secret_sealed: String,
    pub confirmed_at: Option<NaiveDateTime>,
    pub last_step: i64,
    pub created_at: NaiveDateTime,
}

pub fn find(conn: &mut DbConn, user_id: UserId) -> DbResult<Option<TwoFactorRow>> {
    two_factor::table.find(user_id).select(TwoFactorRow::as_select()).first(conn).optional()
}

/// Whether the account has confirmed two-step sign-in.
pub fn is_on(conn: &mut DbConn, user_id: UserId) -> DbResult<bool> {
    diesel::select(diesel::dsl::exists(
        two_factor::table.filter(two_factor::user_id.eq(user_id)).filter(two_factor::confirmed_at.is_not_null()),
    ))
    .get_result(conn)
}

/// Which of `user_ids` have two-step sign-in on.
pub fn on_among(conn: &mut DbConn, user_ids: &[UserId]) -> DbResult<Vec<UserId>> {
    two_factor::table
        .filter(two_factor::user_id.eq_any(user_ids))
        .filter(two_factor::confirmed_at.is_not_null())
        .select(two_factor::user_id)
        .load(conn)
}

/// Starts (or restarts) setting up: a new unconfirmed secret.
pub fn put_unconfirmed(conn: &mut DbConn, user_id: UserId, sealed: &str, now: NaiveDateTime) -> DbResult<()> {
    diesel::delete(two_factor::table.find(user_id)).execute(conn)?;
    diesel::insert_into(two_factor::table)
        .values((
            two_factor::user_id.eq(user_id),
            two_factor::secret_sealed.eq(sealed),
            two_factor::last_step.eq(0i64),
            two_factor::created_at.eq(now),
        ))
        .execute(conn)
        .map(|_| ())
}

pub fn confirm(conn: &mut DbConn, user_id: UserId, step: i64, now: NaiveDateTime) -> DbResult<()> {
    diesel::update(two_factor::table.find(user_id))
        .set((two_factor::confirmed_at.eq(now), two_factor::last_step.eq(step)))
        .execute(conn)
        .map(|_| ())
}

/// Records an accepted code's time step; `Ok(false)` when that step (or a later one)
/// was already used, so a code never works twice.
pub fn use_step(conn: &mut DbConn, user_id: UserId, step: i64) -> DbResult<bool> {
    diesel::update(two_factor::table.find(user_id).filter(two_factor::last_step.lt(step)))
        .set(two_factor::last_step.eq(step))
        .execute(conn)
        .map(|n| n == 1)
}

pub fn remove(conn: &mut DbConn, user_id: UserId) -> DbResult<()> {
    diesel::delete(recovery_codes::table.filter(recovery_codes::user_id.eq(user_id))).execute(conn)?;
    diesel::delete(two_factor::table.find(user_id)).execute(conn).map(|_| ())
}

pub fn replace_recovery_codes(conn: &mut DbConn, user_id: UserId, hashes: &[String]) -> DbResult<()> {
    diesel::delete(recovery_codes::table.filter(recovery_codes::user_id.eq(user_id))).execute(conn)?;
    for hash in hashes {
        diesel::insert_into(recovery_codes::table)
            .values((recovery_codes::user_id.eq(user_id), recovery_codes::code_hash.eq(hash)))
            .execute(conn)?;
    }
    Ok(())
}

/// Uses up an unused recovery code; `Ok(false)` when none matches.
pub fn use_recovery_code(conn: &mut DbConn, user_id: UserId, hash: &str, now: NaiveDateTime) -> DbResult<bool> {
    diesel::update(
        recovery_codes::table
            .filter(recovery_codes::user_id.eq(user_id))
            .filter(recovery_codes::code_hash.eq(hash))
            .filter(recovery_codes::used_at.is_null()),
    )
    .set(recovery_codes::used_at.eq(now))
    .execute(conn)
    .map(|n| n > 0)
}

pub fn recovery_codes_left(conn: &mut DbConn, user_id: UserId) -> DbResult<i64> {
    recovery_codes::table
        .filter(recovery_codes::user_id.eq(user_id))
        .filter(recovery_codes::used_at.is_null())
        .count()
        .get_result(conn)
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = second_factor_waits)]
pub struct WaitRow {
    pub token_hash: String,
    pub user_id: UserId,
    pub next_path: Option<String>,
    pub attempts: i32,
    pub expires_at: NaiveDateTime,
}

pub fn wait(
    conn: &mut DbConn,
    token_hash: &str,
    user_id: UserId,
    next_path: Option<&str>,
    expires_at: NaiveDateTime,
) -> DbResult<()> {
    diesel::insert_into(second_factor_waits::table)
        .values((
            second_factor_waits::token_hash.eq(token_hash),
            second_factor_waits::user_id.eq(user_id),
            second_factor_waits::next_path.eq(next_path),
            second_factor_waits::expires_at.eq(expires_at),
        ))
        .execute(conn)
        .map(|_| ())
}

pub fn find_wait(conn: &mut DbConn, token_hash: &str, now: NaiveDateTime) -> DbResult<Option<WaitRow>> {
    second_factor_waits::table
        .find(token_hash)
        .filter(second_factor_waits::expires_at.gt(now))
        .select(WaitRow::as_select())
        .first(conn)
        .optional()
}

pub fn count_attempt(conn: &mut DbConn, token_hash: &str) -> DbResult<()> {
    diesel::update(second_factor_waits::table.find(token_hash))
        .set(second_factor_waits::attempts.eq(second_factor_waits::attempts + 1))
        .execute(conn)
        .map(|_| ())
}

/// Ends a wait; `Ok(false)` when another request already ended it.
pub fn end_wait(conn: &mut DbConn, token_hash: &str) -> DbResult<bool> {
    diesel::delete(second_factor_waits::table.find(token_hash)).execute(conn).map(|n| n == 1)
}

pub fn purge_expired(conn: &mut DbConn, now: NaiveDateTime) -> DbResult<usize> {
    diesel::delete(second_factor_waits::table.filter(second_factor_waits::expires_at.le(now))).execute(conn)
}
