//! Personal access tokens for scripts (`Authorization: Bearer …`).

use crate::schema::{api_tokens, users};
use crate::users::UserRow;
use crate::{DbConn, DbResult};
use chrono::NaiveDateTime;
use diesel::prelude::*;
use yoriai_domain::ids::UserId;

#[derive(Debug, Insertable)]
#[diesel(table_name = api_tokens)]
pub struct NewApiToken<'a> {
    pub user_id: UserId,
    pub name: &'a str,
    pub token_hash: &'a str,
    pub created_at: NaiveDateTime,
    pub expires_at: Option<NaiveDateTime>,
}

pub fn insert(conn: &mut DbConn, new: &NewApiToken<'_>) -> DbResult<i64> {
    diesel::insert_into(api_tokens::table).values(new).returning(api_tokens::id).get_result(conn)
}

/// The account behind a live token; records when it was last used (at most once a minute).
pub fn authenticate(conn: &mut DbConn, token_hash: &str, now: NaiveDateTime) -> DbResult<Option<(i64, UserRow)>> {
    let found: Option<(i64, Option<NaiveDateTime>, UserRow)> = api_tokens::table
        .inner_join(users::table)
        .filter(api_tokens::token_hash.eq(token_hash))
        .filter(api_tokens::revoked_at.is_null())
        .filter(api_tokens::expires_at.is_null().or(api_tokens::expires_at.gt(now)))
        .select((api_tokens::id, api_tokens::last_used_at, UserRow::as_select()))
        .first(conn)
        .optional()?;
    let Some((id, last_used, user)) = found else {
        return Ok(None);
    };
    if last_used.is_none_or(|t| now - t > chrono::Duration::minutes(1)) {
        diesel::update(api_tokens::table.find(id)).set(api_tokens::last_used_at.eq(now)).execute(conn)?;
    }
    Ok(Some((id, user)))
}

pub fn revoke(conn: &mut DbConn, id: i64, user_id: UserId, now: NaiveDateTime) -> DbResult<bool> {
    diesel::update(api_tokens::table.find(id).filter(api_tokens::user_id.eq(user_id)))
        .set(api_tokens::revoked_at.eq(now))
        .execute(conn)
        .map(|n| n == 1)
}
