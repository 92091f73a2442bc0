//! System operators and their console sessions, in the control plane.

use super::{operator_sessions, operators};
use crate::conn::DbConn;
use diesel::prelude::*;

/// Adds an operator, or sets a new password and two-step key for an existing one (its
/// sessions end: whoever knew the old ones is out).
pub fn save_operator(control: &mut DbConn, email: &str, password_hash: &str, totp_sealed: &str) -> QueryResult<()> {
    crate::write_tx(control, |c| {
        let updated = diesel::update(operators::table.find(email))
            .set((
                operators::password_hash.eq(password_hash),
                operators::totp_sealed.eq(totp_sealed),
                operators::totp_last_step.eq(0),
            ))
            .execute(c)?;
        if updated == 0 {
            diesel::insert_into(operators::table)
                .values((
                    operators::email.eq(email),
                    operators::password_hash.eq(password_hash),
                    operators::created_at.eq(crate::now()),
                    operators::totp_sealed.eq(totp_sealed),
                    operators::totp_last_step.eq(0),
                ))
                .execute(c)?;
        }
        diesel::delete(operator_sessions::table.filter(operator_sessions::operator_email.eq(email))).execute(c)?;
        Ok(())
    })
}

/// What signing in checks: the password hash and the sealed two-step key.
pub fn operator_credentials(control: &mut DbConn, email: &str) -> QueryResult<Option<(String, String)>> {
    operators::table.find(email).select((operators::password_hash, operators::totp_sealed)).first(control).optional()
}

/// Uses up a two-step time step: false when it (or a later one) was used already.
pub fn use_operator_step(control: &mut DbConn, email: &str, step: i64) -> QueryResult<bool> {
    diesel::update(operators::table.find(email).filter(operators::totp_last_step.lt(step)))
        .set(operators::totp_last_step.eq(step))
        .execute(control)
        .map(|n| n == 1)
}

pub fn start_operator_session(
    control: &mut DbConn,
    token_hash: &str,
    email: &str,
    expires_at: chrono::NaiveDateTime,
) -> QueryResult<()> {
    diesel::delete(operator_sessions::table.filter(operator_sessions::expires_at.lt(crate::now()))).execute(control)?;
    diesel::insert_into(operator_sessions::table)
        .values((
            operator_sessions::token_hash.eq(token_hash),
            operator_sessions::operator_email.eq(email),
            operator_sessions::expires_at.eq(expires_at),
        ))
        .execute(control)
        .map(|_| ())
}

/// The operator a live session belongs to.
pub fn operator_of_session(control: &mut DbConn, token_hash: &str) -> QueryResult<Option<String>> {
    operator_sessions::table
        .find(token_hash)
        .filter(operator_sessions::expires_at.gt(crate::now()))
        .select(operator_sessions::operator_email)
        .first(control)
        .optional()
}

pub fn end_operator_session(control: &mut DbConn, token_hash: &str) -> QueryResult<usize> {
    diesel::delete(operator_sessions::table.find(token_hash)).execute(control)
}
