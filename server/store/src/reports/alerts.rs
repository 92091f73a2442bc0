//! Area alerts: "tell me about new reports here", by district or around a point.

use crate::schema::report_alerts;
use crate::{DbConn, DbResult};
use chrono::NaiveDateTime;
use diesel::prelude::*;
use yoriai_domain::ids::{AlertId, DistrictId, UserId};

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = report_alerts)]
pub struct AlertRow {
    pub id: AlertId,
    pub user_id: UserId,
    pub district_id: Option<DistrictId>,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    pub radius_m: Option<i32>,
    pub created_at: NaiveDateTime,
}

/// Records an alert; `None` when the resident already has this one (the unique
/// indexes decide, not a prior read).
pub fn insert_alert(
    conn: &mut DbConn,
    user_id: UserId,
    district_id: Option<DistrictId>,
    point: Option<(f64, f64, i32)>,
    now: NaiveDateTime,
) -> DbResult<Option<AlertId>> {
    let query = diesel::insert_into(report_alerts::table)
        .values((
            report_alerts::user_id.eq(user_id),
            report_alerts::district_id.eq(district_id),
            report_alerts::latitude.eq(point.map(|p| p.0)),
            report_alerts::longitude.eq(point.map(|p| p.1)),
            report_alerts::radius_m.eq(point.map(|p| p.2)),
            report_alerts::created_at.eq(now),
        ))
        .on_conflict_do_nothing()
        .returning(report_alerts::id);
    crate::on_each_backend!(conn, |c| query.get_result(c).optional())
}

pub fn alerts_of(conn: &mut DbConn, user_id: UserId) -> DbResult<Vec<AlertRow>> {
    report_alerts::table
        .filter(report_alerts::user_id.eq(user_id))
        .order(report_alerts::id.asc())
        .select(AlertRow::as_select())
        .load(conn)
}

pub fn delete_alert(conn: &mut DbConn, id: AlertId, user_id: UserId) -> DbResult<bool> {
    diesel::delete(report_alerts::table.find(id).filter(report_alerts::user_id.eq(user_id)))
        .execute(conn)
        .map(|n| n == 1)
}

/// Alerts that may cover a report: its district's, and point alerts whose centre is
/// within `max_deg` degrees of latitude (the caller checks the exact distance).
pub fn alerts_near(
    conn: &mut DbConn,
    district_id: Option<DistrictId>,
    point: Option<(f64, f64)>,
    max_deg: f64,
) -> DbResult<Vec<AlertRow>> {
    let mut out = Vec::new();
    if let Some(d) = district_id {
        out.extend(
            report_alerts::table.filter(report_alerts::district_id.eq(d)).select(AlertRow::as_select()).load(conn)?,
        );
    }
    if let Some((lat, _)) = point {
        out.extend(
            report_alerts::table
                .filter(report_alerts::latitude.between(lat - max_deg, lat + max_deg))
                .select(AlertRow::as_select())
                .load(conn)?,
        );
    }
    Ok(out)
}
