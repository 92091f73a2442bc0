//! The mail outbox. Commands insert rows in their own transaction; the worker sends
//! them after commit, so a rolled-back change never sends mail and a crash never
//! loses it.

use crate::schema::outbox;
use crate::{DbConn, DbResult};
use chrono::NaiveDateTime;
use diesel::prelude::*;
use yoriai_domain::ids::UserId;

#[derive(Debug, Clone, Queryable, Selectable, QueryableByName)]
#[diesel(table_name = outbox)]
pub struct OutboxRow {
    pub id: i64,
    pub kind: String,
    pub recipient: String,
    pub subject: String,
    pub body_text: String,
    pub created_at: NaiveDateTime,
    pub next_attempt_at: NaiveDateTime,
    pub attempts: i32,
    pub lease_until: Option<NaiveDateTime>,
    pub sent_at: Option<NaiveDateTime>,
    pub last_error: Option<String>,
    /// The account and purpose of mail sent with consent (`None`: service mail such
    /// as confirmations, which needs none).
    pub user_id: Option<UserId>,
    pub purpose: Option<String>,
}

#[derive(Debug, Insertable)]
#[diesel(table_name = outbox)]
pub struct NewOutbox<'a> {
    pub kind: &'a str,
    pub recipient: &'a str,
    pub subject: &'a str,
    pub body_text: &'a str,
    pub created_at: NaiveDateTime,
    pub next_attempt_at: NaiveDateTime,
    pub user_id: Option<UserId>,
    pub purpose: Option<&'a str>,
}

pub fn insert(conn: &mut DbConn, new: &NewOutbox<'_>) -> DbResult<i64> {
    diesel::insert_into(outbox::table).values(new).returning(outbox::id).get_result(conn)
}

/// Marks a message sent and blanks its body: the body may hold a one-time link, which
/// must not outlive its delivery in the database.
pub fn mark_sent(conn: &mut DbConn, id: i64, now: NaiveDateTime) -> DbResult<()> {
    diesel::update(outbox::table.find(id))
        .set((
            outbox::sent_at.eq(now),
            outbox::lease_until.eq(None::<NaiveDateTime>),
            outbox::body_text.eq(""),
            outbox::last_error.eq(None::<String>),
        ))
        .execute(conn)
        .map(|_| ())
}

/// Records a failed attempt and when to try again; the error text is the transport's,
/// never the message.
pub fn mark_failed(conn: &mut DbConn, id: i64, error: &str, retry_at: NaiveDateTime) -> DbResult<()> {
    diesel::update(outbox::table.find(id))
        .set((
            outbox::lease_until.eq(None::<NaiveDateTime>),
            outbox::next_attempt_at.eq(retry_at),
            outbox::last_error.eq(error),
        ))
        .execute(conn)
        .map(|_| ())
}

pub fn pending_count(conn: &mut DbConn) -> DbResult<i64> {
    outbox::table.filter(outbox::sent_at.is_null()).count().get_result(conn)
}

/// Forgets delivered messages older than `before`.
pub fn purge_sent(conn: &mut DbConn, before: NaiveDateTime) -> DbResult<usize> {
    diesel::delete(outbox::table.filter(outbox::sent_at.lt(before))).execute(conn)
}

/// Every message, newest first (for tests and the operator's `yoriai mail list`).
pub fn all(conn: &mut DbConn) -> DbResult<Vec<OutboxRow>> {
    outbox::table.order(outbox::id.desc()).select(OutboxRow::as_select()).load(conn)
}

/// Drops unsent mail of `user_id` for `purpose` (the resident turned it off).
pub fn withdraw(conn: &mut DbConn, user_id: UserId, purpose: &str) -> DbResult<usize> {
    diesel::delete(
        outbox::table
            .filter(outbox::user_id.eq(user_id))
            .filter(outbox::purpose.eq(purpose))
            .filter(outbox::sent_at.is_null()),
    )
    .execute(conn)
}

/// Drops every unsent message sent for `purpose` (the city stopped offering it).
pub fn withdraw_all(conn: &mut DbConn, purpose: &str) -> DbResult<usize> {
    diesel::delete(outbox::table.filter(outbox::purpose.eq(purpose)).filter(outbox::sent_at.is_null())).execute(conn)
}

/// Drops one claimed message that must not be sent.
pub fn drop_message(conn: &mut DbConn, id: i64) -> DbResult<()> {
    diesel::delete(outbox::table.find(id)).execute(conn).map(|_| ())
}

/// Drops every unsent message to an account (it is being deleted).
pub fn drop_unsent_for(conn: &mut DbConn, user_id: UserId) -> DbResult<usize> {
    diesel::delete(outbox::table.filter(outbox::user_id.eq(user_id)).filter(outbox::sent_at.is_null())).execute(conn)
}

/// Drops every unsent message to an address (its account is being deleted).
pub fn drop_unsent_to(conn: &mut DbConn, recipient: &str) -> DbResult<usize> {
    diesel::delete(outbox::table.filter(outbox::recipient.eq(recipient)).filter(outbox::sent_at.is_null()))
        .execute(conn)
}
