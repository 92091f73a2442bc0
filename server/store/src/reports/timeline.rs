//! A report's timeline: public updates and staff notes, oldest first.

use crate::schema::{report_updates, users};
use crate::{DbConn, DbResult};
use chrono::NaiveDateTime;
use diesel::prelude::*;
use yoriai_domain::ids::{ReportId, ReportUpdateId, UserId};
use yoriai_domain::report::{ReportState, UpdateKind};

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = report_updates)]
pub struct UpdateRow {
    pub id: ReportUpdateId,
    pub report_id: ReportId,
    pub author_id: Option<UserId>,
    pub kind: UpdateKind,
    pub public: bool,
    pub state_from: Option<ReportState>,
    pub state_to: Option<ReportState>,
    pub body: String,
    pub created_at: NaiveDateTime,
}

#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = report_updates)]
pub struct NewUpdate<'a> {
    pub report_id: ReportId,
    pub author_id: Option<UserId>,
    pub kind: UpdateKind,
    pub public: bool,
    pub state_from: Option<ReportState>,
    pub state_to: Option<ReportState>,
    pub body: &'a str,
    pub created_at: NaiveDateTime,
}

pub fn insert_update(conn: &mut DbConn, u: &NewUpdate<'_>) -> DbResult<ReportUpdateId> {
    diesel::insert_into(report_updates::table).values(u).returning(report_updates::id).get_result(conn)
}

/// The timeline, oldest first, with each author's display name; internal entries only
/// when `include_internal`.
pub fn updates_of(
    conn: &mut DbConn,
    report_id: ReportId,
    include_internal: bool,
) -> DbResult<Vec<(UpdateRow, Option<String>)>> {
    let mut q =
        report_updates::table.left_join(users::table).filter(report_updates::report_id.eq(report_id)).into_boxed();
    if !include_internal {
        q = q.filter(report_updates::public.eq(true));
    }
    q.order(report_updates::id.asc()).select((UpdateRow::as_select(), users::display_name.nullable())).load(conn)
}

/// The latest public update's text of several reports (Open311 `status_notes`).
pub fn latest_public_notes(conn: &mut DbConn, report_ids: &[ReportId]) -> DbResult<Vec<(ReportId, String)>> {
    let rows: Vec<(ReportId, i64, String)> = report_updates::table
        .filter(report_updates::report_id.eq_any(report_ids))
        .filter(report_updates::public.eq(true))
        .filter(report_updates::body.ne(""))
        .order((report_updates::report_id.asc(), report_updates::id.desc()))
        .select((report_updates::report_id, report_updates::id, report_updates::body))
        .load(conn)?;
    let mut out: Vec<(ReportId, String)> = Vec::new();
    for (rid, _, body) in rows {
        if out.last().is_none_or(|(last, _)| *last != rid) {
            out.push((rid, body));
        }
    }
    Ok(out)
}
