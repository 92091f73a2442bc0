//! The list queries behind the public list, the department inbox and Open311, and the
//! stored counts of the inbox's tabs.
//!
//! Every list walks an index by id (ids grow with time) with keyset pagination, so a
//! page costs the same at any depth; a date range becomes an id range first.

use super::ReportRow;
use crate::schema::{report_counts, reports};
use crate::{DbConn, DbResult};
use chrono::NaiveDateTime;
use diesel::prelude::*;
use yoriai_domain::ids::{DepartmentId, DistrictId, ReportCategoryId, ReportId, UserId};
use yoriai_domain::report::ReportState;

/// Which states a list shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StateSet {
    All,
    These(Vec<ReportState>),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Order {
    Newest,
    Oldest,
    MostMeToo,
}

/// A keyset position: the last row's (me-too count, id).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cursor {
    pub count: i32,
    pub id: ReportId,
}

impl Cursor {
    pub fn encode(&self) -> String {
        format!("{}.{}", self.count, self.id)
    }

    pub fn decode(s: &str) -> Option<Cursor> {
        let (count, id) = s.split_once('.')?;
        Some(Cursor { count: count.parse().ok()?, id: id.parse().ok()? })
    }
}

#[derive(Debug, Clone)]
pub struct ListQuery {
    /// Only confirmed, unhidden reports (public lists, Open311); staff lists see all.
    pub visible_only: bool,
    /// Only confirmed reports (the inbox: staff never see unsent ones there).
    pub confirmed_only: bool,
    pub categories: Vec<ReportCategoryId>,
    pub states: StateSet,
    pub district_id: Option<DistrictId>,
    pub department_ids: Option<Vec<DepartmentId>>,
    /// `Some(None)`: unassigned only.
    pub assignee: Option<Option<UserId>>,
    pub reporter_id: Option<UserId>,
    /// Inclusive id range (from a date range).
    pub id_range: Option<(ReportId, ReportId)>,
    pub ids: Option<Vec<ReportId>>,
    /// Inside these boxes (min lat, max lat, min lon, max lon).
    pub boxes: Option<Vec<(f64, f64, f64, f64)>>,
    pub order: Order,
    pub after: Option<Cursor>,
    pub limit: i64,
}

impl Default for ListQuery {
    fn default() -> Self {
        ListQuery {
            visible_only: true,
            confirmed_only: false,
            categories: Vec::new(),
            states: StateSet::All,
            district_id: None,
            department_ids: None,
            assignee: None,
            reporter_id: None,
            id_range: None,
            ids: None,
            boxes: None,
            order: Order::Newest,
            after: None,
            limit: 25,
        }
    }
}

/// One page of reports and the cursor of the next page, if there is one.
pub fn list(conn: &mut DbConn, q: &ListQuery) -> DbResult<(Vec<ReportRow>, Option<Cursor>)> {
    let mut query = reports::table.into_boxed();
    if q.visible_only {
        query = query.filter(reports::visible.eq(true));
    }
    if q.confirmed_only {
        query = query.filter(reports::confirmed_at.is_not_null());
    }
    if !q.categories.is_empty() {
        query = query.filter(reports::category_id.eq_any(q.categories.clone()));
    }
    if let StateSet::These(states) = &q.states {
        query = query.filter(reports::state.eq_any(states.clone()));
    }
    if let Some(d) = q.district_id {
        query = query.filter(reports::district_id.eq(d));
    }
    if let Some(depts) = &q.department_ids {
        query = query.filter(reports::department_id.eq_any(depts.clone()));
    }
    match q.assignee {
        Some(Some(a)) => query = query.filter(reports::assignee_id.eq(a)),
        Some(None) => query = query.filter(reports::assignee_id.is_null()),
        None => {}
    }
    if let Some(r) = q.reporter_id {
        query = query.filter(reports::reporter_id.eq(r));
    }
    if let Some((lo, hi)) = q.id_range {
        query = query.filter(reports::id.between(lo, hi));
    }
    if let Some(ids) = &q.ids {
        query = query.filter(reports::id.eq_any(ids.clone()));
    }
    if let Some(boxes) = &q.boxes {
        if let Some(&(a, b, c, d)) = boxes.first() {
            let first = reports::latitude.between(a, b).and(reports::longitude.between(c, d));
            match boxes.get(1) {
                Some(&(e, f, g, h)) => {
                    query =
                        query.filter(first.or(reports::latitude.between(e, f).and(reports::longitude.between(g, h))))
                }
                None => query = query.filter(first),
            }
        }
    }
    match (q.order, q.after) {
        (Order::Newest, Some(c)) => query = query.filter(reports::id.lt(c.id)),
        (Order::Oldest, Some(c)) => query = query.filter(reports::id.gt(c.id)),
        (Order::MostMeToo, Some(c)) => {
            query = query.filter(
                reports::me_too_count.lt(c.count).or(reports::me_too_count.eq(c.count).and(reports::id.lt(c.id))),
            )
        }
        _ => {}
    }
    query = match q.order {
        Order::Newest => query.order(reports::id.desc()),
        Order::Oldest => query.order(reports::id.asc()),
        Order::MostMeToo => query.order((reports::me_too_count.desc(), reports::id.desc())),
    };
    let mut rows: Vec<ReportRow> = query.limit(q.limit + 1).select(ReportRow::as_select()).load(conn)?;
    let more = rows.len() as i64 > q.limit;
    rows.truncate(q.limit.max(0) as usize);
    let next = if more { rows.last().map(|r| Cursor { count: r.me_too_count, id: r.id }) } else { None };
    Ok((rows, next))
}

/// The first report created at or after `t` (its id), for turning dates into ids.
pub fn first_id_from(conn: &mut DbConn, t: NaiveDateTime) -> DbResult<Option<ReportId>> {
    reports::table
        .filter(reports::created_at.ge(t))
        .order((reports::created_at.asc(), reports::id.asc()))
        .select(reports::id)
        .first(conn)
        .optional()
}

/// The last report created at or before `t`.
pub fn last_id_until(conn: &mut DbConn, t: NaiveDateTime) -> DbResult<Option<ReportId>> {
    reports::table
        .filter(reports::created_at.le(t))
        .order((reports::created_at.desc(), reports::id.desc()))
        .select(reports::id)
        .first(conn)
        .optional()
}

/// Adds `delta` to the stored count of confirmed reports of a department (`None`: not
/// routed) in a state. Call it in the transaction that changes the report.
pub fn bump_count(
    conn: &mut DbConn,
    department_id: Option<DepartmentId>,
    state: ReportState,
    delta: i64,
) -> DbResult<()> {
    let dept = department_id.unwrap_or_default();
    let q = diesel::insert_into(report_counts::table)
        .values((report_counts::department_id.eq(dept), report_counts::state.eq(state), report_counts::n.eq(delta)))
        .on_conflict((report_counts::department_id, report_counts::state))
        .do_update()
        .set(report_counts::n.eq(report_counts::n + delta));
    crate::on_each_backend!(conn, |c| q.execute(c)).map(|_| ())
}

/// Confirmed reports by state for some departments (the inbox's tabs), from the stored
/// counts: (state, count).
pub fn count_by_state(conn: &mut DbConn, department_ids: Option<&[DepartmentId]>) -> DbResult<Vec<(ReportState, i64)>> {
    let mut q = report_counts::table.filter(report_counts::n.gt(0)).into_boxed();
    if let Some(d) = department_ids {
        q = q.filter(report_counts::department_id.eq_any(d.to_vec()));
    }
    let rows: Vec<(ReportState, i64)> = q.select((report_counts::state, report_counts::n)).load(conn)?;
    let mut out: Vec<(ReportState, i64)> = Vec::new();
    for (state, n) in rows {
        match out.iter_mut().find(|(s, _)| *s == state) {
            Some(e) => e.1 += n,
            None => out.push((state, n)),
        }
    }
    out.sort_by_key(|(s, _)| *s as u8);
    Ok(out)
}

/// The same counts computed from the reports themselves (for the consistency test).
pub fn count_by_state_slow(conn: &mut DbConn) -> DbResult<Vec<(Option<DepartmentId>, String, i64)>> {
    reports::table
        .filter(reports::confirmed_at.is_not_null())
        .group_by((reports::department_id, reports::state))
        .select((reports::department_id, reports::state, diesel::dsl::count_star()))
        .load(conn)
}

/// The stored counts: (department id or 0, state, count).
pub fn stored_counts(conn: &mut DbConn) -> DbResult<Vec<(DepartmentId, String, i64)>> {
    report_counts::table
        .filter(report_counts::n.ne(0))
        .select((report_counts::department_id, report_counts::state, report_counts::n))
        .load(conn)
}
