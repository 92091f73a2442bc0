//! Reports of abusive content and the moderators' queue.

use crate::schema::{comments, content_reports, moderations, proposals};
use crate::{DbConn, DbResult};
use chrono::NaiveDateTime;
use diesel::prelude::*;
use yoriai_domain::ids::{ModerationId, UserId};
use yoriai_domain::proposal::ModerationState;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = moderations)]
pub struct ModerationRow {
    pub id: ModerationId,
    pub target_type: String,
    pub target_id: i64,
    pub report_count: i32,
    pub state: ModerationState,
    pub decided_by: Option<UserId>,
    pub decided_at: Option<NaiveDateTime>,
    pub reason: Option<String>,
    pub created_at: NaiveDateTime,
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = content_reports)]
pub struct ReportRow {
    pub id: i64,
    pub target_type: String,
    pub target_id: i64,
    pub reporter_id: Option<UserId>,
    pub reason: String,
    pub details: String,
    pub created_at: NaiveDateTime,
}

/// Records a report; returns the item's number of distinct reporters, or `None` if
/// this person had already reported it.
pub fn report(
    conn: &mut DbConn,
    target_type: &str,
    target_id: i64,
    reporter_id: UserId,
    reason: &str,
    details: &str,
    now: NaiveDateTime,
) -> DbResult<Option<i32>> {
    let insert = diesel::insert_into(content_reports::table)
        .values((
            content_reports::target_type.eq(target_type),
            content_reports::target_id.eq(target_id),
            content_reports::reporter_id.eq(reporter_id),
            content_reports::reason.eq(reason),
            content_reports::details.eq(details),
            content_reports::created_at.eq(now),
        ))
        .on_conflict((content_reports::target_type, content_reports::target_id, content_reports::reporter_id))
        .do_nothing();
    if crate::on_each_backend!(conn, |c| insert.execute(c))? == 0 {
        return Ok(None);
    }
    let queue = diesel::insert_into(moderations::table)
        .values((
            moderations::target_type.eq(target_type),
            moderations::target_id.eq(target_id),
            moderations::report_count.eq(0),
            moderations::state.eq(ModerationState::Pending),
            moderations::created_at.eq(now),
        ))
        .on_conflict((moderations::target_type, moderations::target_id))
        .do_nothing();
    crate::on_each_backend!(conn, |c| queue.execute(c))?;
    let count: i64 = content_reports::table
        .filter(content_reports::target_type.eq(target_type))
        .filter(content_reports::target_id.eq(target_id))
        .count()
        .get_result(conn)?;
    let count = i32::try_from(count).unwrap_or(i32::MAX);
    // A new report reopens an item a moderator had restored.
    diesel::update(
        moderations::table
            .filter(moderations::target_type.eq(target_type))
            .filter(moderations::target_id.eq(target_id)),
    )
    .set((moderations::report_count.eq(count), moderations::state.eq(ModerationState::Pending)))
    .execute(conn)?;
    Ok(Some(count))
}

/// Items in `state`, oldest first; with `processes`, only proposals and comments of
/// those processes (for moderators of single processes).
pub fn queue(
    conn: &mut DbConn,
    state: ModerationState,
    processes: Option<&[i64]>,
    limit: i64,
) -> DbResult<Vec<ModerationRow>> {
    let mut q = moderations::table.filter(moderations::state.eq(state)).into_boxed();
    if let Some(ps) = processes {
        let proposals_in = proposals::table.filter(proposals::process_id.eq_any(ps.to_vec())).select(proposals::id);
        let comments_in = comments::table
            .inner_join(proposals::table.on(proposals::id.eq(comments::proposal_id)))
            .filter(proposals::process_id.eq_any(ps.to_vec()))
            .select(comments::id);
        q = q.filter(
            (moderations::target_type.eq("proposal").and(moderations::target_id.eq_any(proposals_in)))
                .or(moderations::target_type.eq("comment").and(moderations::target_id.eq_any(comments_in))),
        );
    }
    q.order(moderations::id.asc()).limit(limit).select(ModerationRow::as_select()).load(conn)
}

pub fn find(conn: &mut DbConn, id: ModerationId) -> DbResult<Option<ModerationRow>> {
    moderations::table.find(id).select(ModerationRow::as_select()).first(conn).optional()
}

pub fn reports_for(conn: &mut DbConn, target_type: &str, target_id: i64) -> DbResult<Vec<ReportRow>> {
    content_reports::table
        .filter(content_reports::target_type.eq(target_type))
        .filter(content_reports::target_id.eq(target_id))
        .order(content_reports::id.asc())
        .select(ReportRow::as_select())
        .load(conn)
}

pub fn decide(
    conn: &mut DbConn,
    id: ModerationId,
    state: ModerationState,
    moderator: Option<UserId>,
    reason: &str,
    now: NaiveDateTime,
) -> DbResult<()> {
    diesel::update(moderations::table.find(id))
        .set((
            moderations::state.eq(state),
            moderations::decided_by.eq(moderator),
            moderations::decided_at.eq(now),
            moderations::reason.eq(reason),
        ))
        .execute(conn)
        .map(|_| ())
}

/// Clears the reports of a restored item, so new reports count from zero.
pub fn clear_reports(conn: &mut DbConn, target_type: &str, target_id: i64) -> DbResult<()> {
    diesel::delete(
        content_reports::table
            .filter(content_reports::target_type.eq(target_type))
            .filter(content_reports::target_id.eq(target_id)),
    )
    .execute(conn)
    .map(|_| ())
}
