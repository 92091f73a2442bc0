//! One-time tokens sent by email: confirmation, password reset, email change.
//! Only their SHA-256 is stored; they expire and are used at most once.

use crate::schema::user_tokens;
use crate::{DbConn, DbResult};
use chrono::NaiveDateTime;
use diesel::prelude::*;
use yoriai_domain::ids::UserId;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    ConfirmEmail,
    ResetPassword,
    ChangeEmail,
}

impl Purpose {
    pub fn as_str(self) -> &'static str {
        match self {
            Purpose::ConfirmEmail => "confirm_email",
            Purpose::ResetPassword => "reset_password",
            Purpose::ChangeEmail => "change_email",
        }
    }
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = user_tokens)]
pub struct TokenRow {
    pub id: i64,
    pub user_id: UserId,
    pub purpose: String,
    pub token_hash: String,
    pub new_email: Option<String>,
    pub created_at: NaiveDateTime,
    pub expires_at: NaiveDateTime,
    pub used_at: Option<NaiveDateTime>,
}

#[derive(Debug, Insertable)]
#[diesel(table_name = user_tokens)]
pub struct NewToken<'a> {
    pub user_id: UserId,
    pub purpose: &'a str,
    pub token_hash: &'a str,
    pub new_email: Option<&'a str>,
    pub created_at: NaiveDateTime,
    pub expires_at: NaiveDateTime,
}

pub fn insert(conn: &mut DbConn, new: &NewToken<'_>) -> DbResult<i64> {
    diesel::insert_into(user_tokens::table).values(new).returning(user_tokens::id).get_result(conn)
}

/// Marks the token used and returns it, if it exists, has this purpose, is unexpired
/// and unused. The conditional update makes "use once" hold under concurrency: of two
/// simultaneous clicks, exactly one gets the row.
pub fn consume(
    conn: &mut DbConn,
    token_hash: &str,
    purpose: Purpose,
    now: NaiveDateTime,
) -> DbResult<Option<TokenRow>> {
    let Some(row) = user_tokens::table
        .filter(user_tokens::token_hash.eq(token_hash))
        .filter(user_tokens::purpose.eq(purpose.as_str()))
        .select(TokenRow::as_select())
        .first(conn)
        .optional()?
    else {
        return Ok(None);
    };
    let updated = diesel::update(
        user_tokens::table.find(row.id).filter(user_tokens::used_at.is_null()).filter(user_tokens::expires_at.gt(now)),
    )
    .set(user_tokens::used_at.eq(now))
    .execute(conn)?;
    Ok((updated == 1).then_some(row))
}

/// Looks a token up without using it (to show the reset form only for a valid link).
pub fn peek(conn: &mut DbConn, token_hash: &str, purpose: Purpose, now: NaiveDateTime) -> DbResult<Option<TokenRow>> {
    user_tokens::table
        .filter(user_tokens::token_hash.eq(token_hash))
        .filter(user_tokens::purpose.eq(purpose.as_str()))
        .filter(user_tokens::used_at.is_null())
        .filter(user_tokens::expires_at.gt(now))
        .select(TokenRow::as_select())
        .first(conn)
        .optional()
}

/// Invalidates the account's other open tokens of a purpose, so only the newest link works.
pub fn retire_open(conn: &mut DbConn, user_id: UserId, purpose: Purpose, now: NaiveDateTime) -> DbResult<usize> {
    diesel::update(
        user_tokens::table
            .filter(user_tokens::user_id.eq(user_id))
            .filter(user_tokens::purpose.eq(purpose.as_str()))
            .filter(user_tokens::used_at.is_null()),
    )
    .set(user_tokens::used_at.eq(now))
    .execute(conn)
}

pub fn purge_old(conn: &mut DbConn, before: NaiveDateTime) -> DbResult<usize> {
    diesel::delete(user_tokens::table.filter(user_tokens::expires_at.lt(before))).execute(conn)
}

/// When the account's newest token of this purpose was created, if any.
pub fn latest_created(conn: &mut DbConn, user_id: UserId, purpose: Purpose) -> DbResult<Option<NaiveDateTime>> {
    user_tokens::table
        .filter(user_tokens::user_id.eq(user_id))
        .filter(user_tokens::purpose.eq(purpose.as_str()))
        .select(diesel::dsl::max(user_tokens::created_at))
        .first(conn)
}
