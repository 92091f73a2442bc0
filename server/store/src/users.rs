//! Accounts: the write model and the lookups commands need.

use crate::schema::users;
use crate::{DbConn, DbResult};
use chrono::NaiveDateTime;
use diesel::prelude::*;
use yoriai_domain::ids::UserId;
use yoriai_domain::Role;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = users)]
pub struct UserRow {
    pub id: UserId,
    pub email: String,
    pub display_name: String,
    pub password_hash: Option<String>,
    pub role: Role,
    pub locale: Option<String>,
    pub email_confirmed_at: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub notification_email: String,
    pub digest_sent_at: Option<NaiveDateTime>,
    pub blocked_at: Option<NaiveDateTime>,
    /// `name` or `pseudonym` (see `yoriai_domain::privacy::Appearance`).
    pub appear_as: String,
}

#[derive(Debug, Insertable)]
#[diesel(table_name = users)]
pub struct NewUser<'a> {
    pub email: &'a str,
    pub display_name: &'a str,
    pub password_hash: Option<&'a str>,
    pub role: Role,
    pub locale: Option<&'a str>,
    pub email_confirmed_at: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// Inserts an account; `Ok(None)` when the email is already taken (unique constraint),
/// so a race between two sign-ups can never create two accounts. `ON CONFLICT DO
/// NOTHING` rather than catching the violation: on PostgreSQL a failed statement would
/// abort the surrounding transaction.
pub fn insert(conn: &mut DbConn, new: &NewUser<'_>) -> DbResult<Option<UserId>> {
    let query =
        diesel::insert_into(users::table).values(new).on_conflict(users::email).do_nothing().returning(users::id);
    crate::on_each_backend!(conn, |c| query.get_result(c).optional())
}

pub fn find(conn: &mut DbConn, id: UserId) -> DbResult<Option<UserRow>> {
    users::table.find(id).select(UserRow::as_select()).first(conn).optional()
}

pub fn find_by_email(conn: &mut DbConn, email: &str) -> DbResult<Option<UserRow>> {
    users::table.filter(users::email.eq(email)).select(UserRow::as_select()).first(conn).optional()
}

pub fn email_taken(conn: &mut DbConn, email: &str) -> DbResult<bool> {
    diesel::select(diesel::dsl::exists(users::table.filter(users::email.eq(email)))).get_result(conn)
}

pub fn confirm_email(conn: &mut DbConn, id: UserId, at: NaiveDateTime) -> DbResult<()> {
    diesel::update(users::table.find(id).filter(users::email_confirmed_at.is_null()))
        .set((users::email_confirmed_at.eq(at), users::updated_at.eq(at)))
        .execute(conn)
        .map(|_| ())
}

pub fn set_password_hash(conn: &mut DbConn, id: UserId, hash: &str, at: NaiveDateTime) -> DbResult<()> {
    diesel::update(users::table.find(id))
        .set((users::password_hash.eq(hash), users::updated_at.eq(at)))
        .execute(conn)
        .map(|_| ())
}

/// Changes the email; `Ok(false)` when another account took the address meanwhile.
pub fn set_email(conn: &mut DbConn, id: UserId, email: &str, at: NaiveDateTime) -> DbResult<bool> {
    match diesel::update(users::table.find(id))
        .set((users::email.eq(email), users::email_confirmed_at.eq(at), users::updated_at.eq(at)))
        .execute(conn)
    {
        Ok(n) => Ok(n == 1),
        Err(diesel::result::Error::DatabaseError(diesel::result::DatabaseErrorKind::UniqueViolation, _)) => Ok(false),
        Err(e) => Err(e),
    }
}

pub fn set_locale(conn: &mut DbConn, id: UserId, locale: &str, at: NaiveDateTime) -> DbResult<()> {
    diesel::update(users::table.find(id))
        .set((users::locale.eq(locale), users::updated_at.eq(at)))
        .execute(conn)
        .map(|_| ())
}

pub fn set_role(conn: &mut DbConn, id: UserId, role: Role, at: NaiveDateTime) -> DbResult<()> {
    diesel::update(users::table.find(id))
        .set((users::role.eq(role), users::updated_at.eq(at)))
        .execute(conn)
        .map(|_| ())
}

pub fn count(conn: &mut DbConn) -> DbResult<i64> {
    users::table.count().get_result(conn)
}

pub fn set_blocked(conn: &mut DbConn, id: UserId, at: Option<NaiveDateTime>) -> DbResult<()> {
    diesel::update(users::table.find(id)).set(users::blocked_at.eq(at)).execute(conn).map(|_| ())
}

pub fn set_notification_email(conn: &mut DbConn, id: UserId, setting: &str, at: NaiveDateTime) -> DbResult<()> {
    diesel::update(users::table.find(id))
        .set((users::notification_email.eq(setting), users::updated_at.eq(at)))
        .execute(conn)
        .map(|_| ())
}

/// How each of `ids` chose to appear (`name` or `pseudonym`).
pub fn appearances(conn: &mut DbConn, ids: &[UserId]) -> DbResult<Vec<(UserId, String)>> {
    users::table.filter(users::id.eq_any(ids)).select((users::id, users::appear_as)).load(conn)
}

pub fn set_appear_as(conn: &mut DbConn, id: UserId, appear_as: &str, at: NaiveDateTime) -> DbResult<()> {
    diesel::update(users::table.find(id))
        .set((users::appear_as.eq(appear_as), users::updated_at.eq(at)))
        .execute(conn)
        .map(|_| ())
}

/// Display names of several accounts: (id, name), one query.
pub fn display_names(conn: &mut DbConn, ids: &[UserId]) -> DbResult<Vec<(UserId, String)>> {
    users::table.filter(users::id.eq_any(ids)).select((users::id, users::display_name)).load(conn)
}

/// Accounts whose email starts with, or whose display name contains, `q` (case as
/// typed), newest first.
pub fn find_by_text(conn: &mut DbConn, q: &str, limit: i64) -> DbResult<Vec<UserRow>> {
    let escaped: String = q.chars().filter(|c| !matches!(c, '%' | '_' | '\\')).collect();
    users::table
        .filter(
            users::email
                .like(format!("{}%", escaped.to_lowercase()))
                .or(users::display_name.like(format!("%{escaped}%"))),
        )
        .order(users::id.desc())
        .limit(limit)
        .select(UserRow::as_select())
        .load(conn)
}

/// The newest accounts of a role (all roles when `None`).
pub fn by_role(conn: &mut DbConn, role: Option<Role>, limit: i64) -> DbResult<Vec<UserRow>> {
    let mut q = users::table.select(UserRow::as_select()).into_boxed();
    if let Some(r) = role {
        q = q.filter(users::role.eq(r));
    }
    q.order(users::id.desc()).limit(limit).load(conn)
}

/// Deletes the account; what refers to it cascades or loses the link (see the
/// migrations' foreign keys).
pub fn delete(conn: &mut DbConn, id: UserId) -> DbResult<bool> {
    Ok(diesel::delete(users::table.find(id)).execute(conn)? == 1)
}

pub fn count_with_role(conn: &mut DbConn, role: Role) -> DbResult<i64> {
    users::table.filter(users::role.eq(role)).count().get_result(conn)
}

/// Deletes accounts never confirmed that were created before `before` (they hold no
/// content: unconfirmed accounts cannot sign in). Returns how many.
pub fn purge_unconfirmed(conn: &mut DbConn, before: NaiveDateTime) -> DbResult<usize> {
    diesel::delete(users::table.filter(users::email_confirmed_at.is_null()).filter(users::created_at.lt(before)))
        .execute(conn)
}
