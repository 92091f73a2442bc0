//! System operators and their console sessions, in the control plane.

use super::{operator_sessions, operators};
use crate::conn::DbConn;
use diesel::prelude::*;

/// Adds an operator, or sets a new password for an existing one.
pub fn save_operator(control: &mut DbConn, email: &str, password_hash: &str) -> QueryResult<()> {
    crate::write_tx(control, |c| {
        let updated =
            diesel::update(operators::table.find(email)).set(operators::password_hash.eq(password_hash)).execute(c)?;
        if updated == 0 {
            diesel::insert_into(operators::table)
                .values((
                    operators::email.eq(email),
                    operators::password_hash.eq(password_hash),
                    operators::created_at.eq(crate::now()),
                ))
                .execute(c)?;
        }
        Ok(())
    })
}

pub fn operator_password_hash(control: &mut DbConn, email: &str) -> QueryResult<Option<String>> {
    operators::table.find(email).select(operators::password_hash).first(control).optional()
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
