//! In-app notifications. Rows are written in the transaction of the change they
//! report; the worker emails them afterwards.

use crate::schema::{notifications, proposals, reports, users};
use crate::{DbConn, DbResult};
use chrono::NaiveDateTime;
use diesel::prelude::*;
use yoriai_domain::ids::{CommentId, NotificationId, ProposalId, ReportId, UserId};
use yoriai_domain::notification::{NotificationKind, NotificationReason};

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = notifications)]
pub struct NotificationRow {
    pub id: NotificationId,
    pub user_id: UserId,
    pub kind: NotificationKind,
    pub reason: NotificationReason,
    pub proposal_id: Option<ProposalId>,
    pub comment_id: Option<CommentId>,
    pub created_at: NaiveDateTime,
    pub read_at: Option<NaiveDateTime>,
    pub email_state: String,
    pub report_id: Option<ReportId>,
}

pub struct NewNotification {
    pub user_id: UserId,
    pub kind: NotificationKind,
    pub reason: NotificationReason,
    pub proposal_id: Option<ProposalId>,
    pub comment_id: Option<CommentId>,
    pub report_id: Option<ReportId>,
}

pub fn insert(conn: &mut DbConn, n: &NewNotification, now: NaiveDateTime) -> DbResult<NotificationId> {
    diesel::insert_into(notifications::table)
        .values((
            notifications::user_id.eq(n.user_id),
            notifications::kind.eq(n.kind),
            notifications::reason.eq(n.reason),
            notifications::proposal_id.eq(n.proposal_id),
            notifications::comment_id.eq(n.comment_id),
            notifications::report_id.eq(n.report_id),
            notifications::created_at.eq(now),
            notifications::email_state.eq("pending"),
        ))
        .returning(notifications::id)
        .get_result(conn)
}

/// A notification with the title of what it is about (a proposal or a report), for
/// pages and emails.
#[derive(Debug, Clone)]
pub struct NotificationView {
    pub notification: NotificationRow,
    pub subject_title: Option<String>,
}

fn views(rows: Vec<(NotificationRow, Option<String>, Option<String>)>) -> Vec<NotificationView> {
    rows.into_iter()
        .map(|(notification, proposal, report)| NotificationView { notification, subject_title: proposal.or(report) })
        .collect()
}

pub fn recent_for(conn: &mut DbConn, user_id: UserId, limit: i64) -> DbResult<Vec<NotificationView>> {
    let rows: Vec<(NotificationRow, Option<String>, Option<String>)> = notifications::table
        .left_join(proposals::table)
        .left_join(reports::table)
        .filter(notifications::user_id.eq(user_id))
        .order(notifications::id.desc())
        .limit(limit)
        .select((NotificationRow::as_select(), proposals::title.nullable(), reports::title.nullable()))
        .load(conn)?;
    Ok(views(rows))
}

pub fn unread_count(conn: &mut DbConn, user_id: UserId) -> DbResult<i64> {
    notifications::table
        .filter(notifications::user_id.eq(user_id))
        .filter(notifications::read_at.is_null())
        .count()
        .get_result(conn)
}

pub fn mark_all_read(conn: &mut DbConn, user_id: UserId, now: NaiveDateTime) -> DbResult<usize> {
    diesel::update(
        notifications::table.filter(notifications::user_id.eq(user_id)).filter(notifications::read_at.is_null()),
    )
    .set(notifications::read_at.eq(now))
    .execute(conn)
}

/// Pending emails of residents who want none are skipped.
pub fn skip_unwanted(conn: &mut DbConn) -> DbResult<usize> {
    diesel::update(notifications::table.filter(notifications::email_state.eq("pending")).filter(
        notifications::user_id.eq_any(users::table.filter(users::notification_email.eq("none")).select(users::id)),
    ))
    .set(notifications::email_state.eq("skipped"))
    .execute(conn)
}

/// Pending notifications of residents who want immediate email, oldest first.
pub fn pending_immediate(conn: &mut DbConn, limit: i64) -> DbResult<Vec<NotificationView>> {
    let rows: Vec<(NotificationRow, Option<String>, Option<String>)> = notifications::table
        .left_join(proposals::table)
        .left_join(reports::table)
        .filter(notifications::email_state.eq("pending"))
        .filter(
            notifications::user_id
                .eq_any(users::table.filter(users::notification_email.eq("immediate")).select(users::id)),
        )
        .order(notifications::id.asc())
        .limit(limit)
        .select((NotificationRow::as_select(), proposals::title.nullable(), reports::title.nullable()))
        .load(conn)?;
    Ok(views(rows))
}

/// Marks a pending notification emailed; `false` when another worker got it first.
pub fn mark_emailed(conn: &mut DbConn, id: NotificationId) -> DbResult<bool> {
    diesel::update(notifications::table.find(id).filter(notifications::email_state.eq("pending")))
        .set(notifications::email_state.eq("sent"))
        .execute(conn)
        .map(|n| n == 1)
}

/// Residents on the daily digest whose last digest is older than `before` and who have
/// pending notifications.
pub fn digest_due(conn: &mut DbConn, before: NaiveDateTime, limit: i64) -> DbResult<Vec<UserId>> {
    users::table
        .filter(users::notification_email.eq("daily"))
        .filter(users::digest_sent_at.is_null().or(users::digest_sent_at.lt(before)))
        .filter(users::id.eq_any(
            notifications::table.filter(notifications::email_state.eq("pending")).select(notifications::user_id),
        ))
        .select(users::id)
        .order(users::id.asc())
        .limit(limit)
        .load(conn)
}

pub fn pending_of(conn: &mut DbConn, user_id: UserId) -> DbResult<Vec<NotificationView>> {
    let rows: Vec<(NotificationRow, Option<String>, Option<String>)> = notifications::table
        .left_join(proposals::table)
        .left_join(reports::table)
        .filter(notifications::user_id.eq(user_id))
        .filter(notifications::email_state.eq("pending"))
        .order(notifications::id.asc())
        .select((NotificationRow::as_select(), proposals::title.nullable(), reports::title.nullable()))
        .load(conn)?;
    Ok(views(rows))
}

pub fn mark_digested(conn: &mut DbConn, user_id: UserId, ids: &[NotificationId], now: NaiveDateTime) -> DbResult<()> {
    diesel::update(
        notifications::table.filter(notifications::id.eq_any(ids)).filter(notifications::email_state.eq("pending")),
    )
    .set(notifications::email_state.eq("sent"))
    .execute(conn)?;
    diesel::update(users::table.find(user_id)).set(users::digest_sent_at.eq(now)).execute(conn).map(|_| ())
}
