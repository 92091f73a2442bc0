//! External (OpenID Connect) accounts linked to Yoriai accounts, and sign-ins in progress.

use crate::schema::{external_identities, external_sign_ins, users};
use crate::users::UserRow;
use crate::{DbConn, DbResult};
use chrono::NaiveDateTime;
use diesel::prelude::*;
use yoriai_domain::ids::UserId;

#[derive(Debug, Clone, Queryable, Selectable, PartialEq, Eq)]
#[diesel(table_name = external_identities)]
pub struct IdentityRow {
    pub id: i64,
    pub user_id: UserId,
    pub provider: String,
    pub subject: String,
    pub created_at: NaiveDateTime,
    pub last_used_at: NaiveDateTime,
}

/// Links an external account; `Ok(false)` when that external account is already linked
/// (to this or another account). `ON CONFLICT DO NOTHING` keeps a PostgreSQL
/// transaction usable.
pub fn link(conn: &mut DbConn, user_id: UserId, provider: &str, subject: &str, now: NaiveDateTime) -> DbResult<bool> {
    let query = diesel::insert_into(external_identities::table)
        .values((
            external_identities::user_id.eq(user_id),
            external_identities::provider.eq(provider),
            external_identities::subject.eq(subject),
            external_identities::created_at.eq(now),
            external_identities::last_used_at.eq(now),
        ))
        .on_conflict((external_identities::provider, external_identities::subject))
        .do_nothing();
    crate::on_each_backend!(conn, |c| query.execute(c)).map(|n| n == 1)
}

/// The account an external account is linked to.
pub fn find_user(conn: &mut DbConn, provider: &str, subject: &str) -> DbResult<Option<(IdentityRow, UserRow)>> {
    external_identities::table
        .inner_join(users::table)
        .filter(external_identities::provider.eq(provider))
        .filter(external_identities::subject.eq(subject))
        .select((IdentityRow::as_select(), UserRow::as_select()))
        .first(conn)
        .optional()
}

pub fn touch(conn: &mut DbConn, id: i64, now: NaiveDateTime) -> DbResult<()> {
    diesel::update(external_identities::table.find(id))
        .set(external_identities::last_used_at.eq(now))
        .execute(conn)
        .map(|_| ())
}

/// An account's linked external accounts, oldest first.
pub fn of_user(conn: &mut DbConn, user_id: UserId) -> DbResult<Vec<IdentityRow>> {
    external_identities::table
        .filter(external_identities::user_id.eq(user_id))
        .order(external_identities::id)
        .select(IdentityRow::as_select())
        .load(conn)
}

/// Forgets the sign-ins in progress through a provider (its issuer changed).
pub fn forget_pending(conn: &mut DbConn, provider: &str) -> DbResult<usize> {
    diesel::delete(external_sign_ins::table.filter(external_sign_ins::provider.eq(provider))).execute(conn)
}

/// Whether any account is linked through the provider id.
pub fn any_linked(conn: &mut DbConn, provider: &str) -> DbResult<bool> {
    diesel::select(diesel::dsl::exists(external_identities::table.filter(external_identities::provider.eq(provider))))
        .get_result(conn)
}

/// Unlinks one of an account's external accounts; `Ok(false)` when it was not linked.
pub fn unlink(conn: &mut DbConn, user_id: UserId, provider: &str) -> DbResult<bool> {
    diesel::delete(
        external_identities::table
            .filter(external_identities::user_id.eq(user_id))
            .filter(external_identities::provider.eq(provider)),
    )
    .execute(conn)
    .map(|n| n > 0)
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable, PartialEq, Eq)]
#[diesel(table_name = external_sign_ins)]
pub struct SignInRow {
    pub token_hash: String,
    pub provider: String,
    pub nonce: Option<String>,
    pub pkce_verifier: Option<String>,
    pub link_user_id: Option<UserId>,
    pub next_path: Option<String>,
    pub subject: Option<String>,
    pub email: Option<String>,
    pub email_verified: bool,
    pub suggested_name: Option<String>,
    pub created_at: NaiveDateTime,
    pub expires_at: NaiveDateTime,
}

pub fn start(conn: &mut DbConn, row: &SignInRow) -> DbResult<()> {
    diesel::insert_into(external_sign_ins::table).values(row).execute(conn).map(|_| ())
}

/// Takes (reads and deletes) a live sign-in in progress: each works once.
pub fn take(conn: &mut DbConn, token_hash: &str, now: NaiveDateTime) -> DbResult<Option<SignInRow>> {
    let row: Option<SignInRow> =
        external_sign_ins::table.find(token_hash).select(SignInRow::as_select()).first(conn).optional()?;
    let Some(row) = row else { return Ok(None) };
    // Whoever deletes the row owns it: two requests racing with one token cannot both win.
    let deleted = diesel::delete(external_sign_ins::table.find(token_hash)).execute(conn)?;
    Ok((deleted == 1 && row.expires_at > now).then_some(row))
}

/// Reads a live sign-in in progress without using it up (to show the finishing form).
pub fn peek(conn: &mut DbConn, token_hash: &str, now: NaiveDateTime) -> DbResult<Option<SignInRow>> {
    external_sign_ins::table
        .find(token_hash)
        .filter(external_sign_ins::expires_at.gt(now))
        .select(SignInRow::as_select())
        .first(conn)
        .optional()
}

pub fn purge_expired(conn: &mut DbConn, now: NaiveDateTime) -> DbResult<usize> {
    diesel::delete(external_sign_ins::table.filter(external_sign_ins::expires_at.le(now))).execute(conn)
}
