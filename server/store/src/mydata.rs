//! What the platform holds about one account outside the personal tables: their
//! proposals, comments, supports, follows, reports, alerts and ballots — for the
//! resident's own data download, and for anonymising what stays after deletion.

use crate::schema::{
    ballots, comments, follows, proposals, report_alerts, report_follows, report_me_toos, reports, supports,
};
use crate::{DbConn, DbResult};
use chrono::NaiveDateTime;
use diesel::prelude::*;
use yoriai_domain::ids::UserId;
use yoriai_domain::proposal::ProposalState;

/// (id, title, state, created_at) of proposals the account wrote, drafts included.
pub fn proposals_of(conn: &mut DbConn, user_id: UserId) -> DbResult<Vec<(i64, String, String, NaiveDateTime)>> {
    proposals::table
        .filter(proposals::author_id.eq(user_id))
        .order(proposals::id.asc())
        .select((proposals::id, proposals::title, proposals::state, proposals::created_at))
        .load(conn)
}

/// (id, proposal, body, stance, created_at) of a comment.
pub type CommentOf = (i64, i64, String, String, NaiveDateTime);

/// Comments the account wrote (not deleted).
pub fn comments_of(conn: &mut DbConn, user_id: UserId) -> DbResult<Vec<CommentOf>> {
    comments::table
        .filter(comments::author_id.eq(user_id))
        .filter(comments::deleted_at.is_null())
        .order(comments::id.asc())
        .select((comments::id, comments::proposal_id, comments::body, comments::stance, comments::created_at))
        .load(conn)
}

/// (proposal, created_at) of the account's supports.
pub fn supports_of(conn: &mut DbConn, user_id: UserId) -> DbResult<Vec<(i64, NaiveDateTime)>> {
    supports::table
        .filter(supports::user_id.eq(user_id))
        .order(supports::id.asc())
        .select((supports::proposal_id, supports::created_at))
        .load(conn)
}

pub fn followed_proposals(conn: &mut DbConn, user_id: UserId) -> DbResult<Vec<i64>> {
    follows::table.filter(follows::user_id.eq(user_id)).select(follows::proposal_id).load(conn)
}

pub fn followed_reports(conn: &mut DbConn, user_id: UserId) -> DbResult<Vec<i64>> {
    report_follows::table.filter(report_follows::user_id.eq(user_id)).select(report_follows::report_id).load(conn)
}

pub fn me_toos_of(conn: &mut DbConn, user_id: UserId) -> DbResult<Vec<i64>> {
    report_me_toos::table.filter(report_me_toos::user_id.eq(user_id)).select(report_me_toos::report_id).load(conn)
}

/// A report as its reporter gave it.
pub type ReportOf = (
    i64,
    String,
    String,
    Option<String>,
    Option<f64>,
    Option<f64>,
    String,
    Option<String>,
    Option<String>,
    Option<String>,
    bool,
    NaiveDateTime,
);

/// (id, title, description, address, lat, lon, state, name, email, phone, show_name, created_at).
pub fn reports_of(conn: &mut DbConn, user_id: UserId) -> DbResult<Vec<ReportOf>> {
    reports::table
        .filter(reports::reporter_id.eq(user_id))
        .order(reports::id.asc())
        .select((
            reports::id,
            reports::title,
            reports::description,
            reports::address,
            reports::latitude,
            reports::longitude,
            reports::state,
            reports::reporter_name,
            reports::reporter_email,
            reports::reporter_phone,
            reports::show_name,
            reports::created_at,
        ))
        .load(conn)
}

/// (district, lat, lon, radius) of a report alert.
pub type AlertOf = (Option<i64>, Option<f64>, Option<f64>, Option<i32>);

/// The account's report alerts.
pub fn alerts_of(conn: &mut DbConn, user_id: UserId) -> DbResult<Vec<AlertOf>> {
    report_alerts::table
        .filter(report_alerts::user_id.eq(user_id))
        .select((
            report_alerts::district_id,
            report_alerts::latitude,
            report_alerts::longitude,
            report_alerts::radius_m,
        ))
        .load(conn)
}

/// (budget, state, total cost) of ballots still linked to the account (ballots are
/// separated from accounts when voting closes).
pub fn ballots_of(conn: &mut DbConn, user_id: UserId) -> DbResult<Vec<(i64, String, i64)>> {
    ballots::table
        .filter(ballots::user_id.eq(user_id))
        .select((ballots::budget_id, ballots::state, ballots::total_cost))
        .load(conn)
}

/// Before an account is deleted: its reports keep their content but lose the contact
/// details and the public name.
pub fn forget_reporter(conn: &mut DbConn, user_id: UserId) -> DbResult<usize> {
    diesel::update(reports::table.filter(reports::reporter_id.eq(user_id)))
        .set((
            reports::reporter_name.eq(None::<String>),
            reports::reporter_email.eq(None::<String>),
            reports::reporter_phone.eq(None::<String>),
            reports::show_name.eq(false),
        ))
        .execute(conn)
}

/// Deletes the account's unpublished drafts (no one else can see or reach them).
pub fn delete_drafts(conn: &mut DbConn, user_id: UserId) -> DbResult<usize> {
    diesel::delete(
        proposals::table.filter(proposals::author_id.eq(user_id)).filter(proposals::state.eq(ProposalState::Draft)),
    )
    .execute(conn)
}
