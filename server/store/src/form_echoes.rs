//! What was typed into a refused form, kept briefly for the page that shows the form
//! again (see `server::server_fns`): found by a token hash, read once.

use crate::schema::form_echoes;
use crate::{DbConn, DbResult};
use chrono::NaiveDateTime;
use diesel::prelude::*;

pub fn insert(conn: &mut DbConn, token_hash: &str, payload: &str, expires_at: NaiveDateTime) -> DbResult<()> {
    diesel::insert_into(form_echoes::table)
        .values((
            form_echoes::token_hash.eq(token_hash),
            form_echoes::payload.eq(payload),
            form_echoes::expires_at.eq(expires_at),
        ))
        .execute(conn)
        .map(|_| ())
}

/// The payload, if the token is known and not expired. Once read it lasts only until
/// `read_until` (sooner if it expires sooner), then purged: long enough for the same
/// browser to come back if the page had to be rendered again, never longer.
pub fn take(
    conn: &mut DbConn,
    token_hash: &str,
    now: NaiveDateTime,
    read_until: NaiveDateTime,
) -> DbResult<Option<String>> {
    let payload: Option<String> = form_echoes::table
        .find(token_hash)
        .filter(form_echoes::expires_at.gt(now))
        .select(form_echoes::payload)
        .first(conn)
        .optional()?;
    diesel::update(form_echoes::table.find(token_hash).filter(form_echoes::expires_at.gt(read_until)))
        .set(form_echoes::expires_at.eq(read_until))
        .execute(conn)?;
    Ok(payload)
}

/// Forgets echoes nobody came back for.
pub fn purge(conn: &mut DbConn, now: NaiveDateTime) -> DbResult<usize> {
    diesel::delete(form_echoes::table.filter(form_echoes::expires_at.le(now))).execute(conn)
}
