//! Street reports: the reports, their answers, photos and timeline, "me too", follows,
//! area alerts, emailed links, and the list queries behind the public list, the
//! department inbox and Open311.
//!
//! Every list walks an index by id (ids grow with time) with keyset pagination, so a
//! page costs the same at any depth; a date range becomes an id range first.

use crate::schema::{
    category_questions, email_links, report_alerts, report_answers, report_counts, report_follows, report_me_toos,
    report_photos, report_updates, reports, uploads, users,
};
use crate::uploads::UploadRow;
use crate::{DbConn, DbResult};
use chrono::NaiveDateTime;
use diesel::prelude::*;
use yoriai_domain::ids::UserId;
use yoriai_domain::report::ReportState;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = reports)]
pub struct ReportRow {
    pub id: i64,
    pub category_id: i64,
    pub district_id: Option<i64>,
    pub department_id: Option<i64>,
    pub assignee_id: Option<UserId>,
    pub reporter_id: Option<UserId>,
    pub reporter_name: Option<String>,
    pub reporter_email: Option<String>,
    pub reporter_phone: Option<String>,
    pub show_name: bool,
    pub reporter_updates: bool,
    pub title: String,
    pub description: String,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    pub address: Option<String>,
    pub state: ReportState,
    pub duplicate_of: Option<i64>,
    pub referred_to: Option<String>,
    pub me_too_count: i32,
    pub follower_count: i32,
    pub confirmed_at: Option<NaiveDateTime>,
    pub visible: bool,
    pub hidden_at: Option<NaiveDateTime>,
    pub state_changed_at: NaiveDateTime,
    pub fixed_at: Option<NaiveDateTime>,
    pub source: String,
    pub client_id: Option<i64>,
    pub search_terms: String,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = reports)]
pub struct NewReport<'a> {
    pub category_id: i64,
    pub district_id: Option<i64>,
    pub department_id: Option<i64>,
    pub reporter_id: Option<UserId>,
    pub reporter_name: Option<&'a str>,
    pub reporter_email: Option<&'a str>,
    pub reporter_phone: Option<&'a str>,
    pub show_name: bool,
    pub title: &'a str,
    pub description: &'a str,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    pub address: Option<&'a str>,
    pub state: ReportState,
    pub confirmed_at: Option<NaiveDateTime>,
    pub visible: bool,
    pub state_changed_at: NaiveDateTime,
    pub source: &'a str,
    pub client_id: Option<i64>,
    pub search_terms: &'a str,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

pub fn insert(conn: &mut DbConn, r: &NewReport<'_>) -> DbResult<i64> {
    diesel::insert_into(reports::table).values(r).returning(reports::id).get_result(conn)
}

pub fn find(conn: &mut DbConn, id: i64) -> DbResult<Option<ReportRow>> {
    reports::table.find(id).select(ReportRow::as_select()).first(conn).optional()
}

pub fn find_many(conn: &mut DbConn, ids: &[i64]) -> DbResult<Vec<ReportRow>> {
    reports::table.filter(reports::id.eq_any(ids)).order(reports::id.desc()).select(ReportRow::as_select()).load(conn)
}

/// An anonymous reporter confirmed by email: the report becomes visible (unless hidden).
pub fn confirm(conn: &mut DbConn, id: i64, now: NaiveDateTime) -> DbResult<bool> {
    diesel::update(reports::table.find(id).filter(reports::confirmed_at.is_null()))
        .set((reports::confirmed_at.eq(now), reports::visible.eq(true), reports::updated_at.eq(now)))
        .execute(conn)
        .map(|n| n == 1)
}

/// A move between states, with what the new state records (each `None` clears it).
#[derive(Debug, Clone, Copy)]
pub struct StateChange<'a> {
    pub from: ReportState,
    pub to: ReportState,
    pub duplicate_of: Option<i64>,
    pub referred_to: Option<&'a str>,
    pub fixed_at: Option<NaiveDateTime>,
}

impl StateChange<'_> {
    /// A move that records nothing besides the state.
    pub fn plain(from: ReportState, to: ReportState) -> Self {
        StateChange { from, to, duplicate_of: None, referred_to: None, fixed_at: None }
    }
}

/// Moves the report from `change.from` to `change.to`; `false` when it was no longer
/// in `from`.
pub fn set_state(conn: &mut DbConn, id: i64, change: &StateChange<'_>, now: NaiveDateTime) -> DbResult<bool> {
    diesel::update(reports::table.find(id).filter(reports::state.eq(change.from)))
        .set((
            reports::state.eq(change.to),
            reports::duplicate_of.eq(change.duplicate_of),
            reports::referred_to.eq(change.referred_to),
            reports::fixed_at.eq(change.fixed_at),
            reports::state_changed_at.eq(now),
            reports::updated_at.eq(now),
        ))
        .execute(conn)
        .map(|n| n == 1)
}

pub fn set_assignee(conn: &mut DbConn, id: i64, assignee: Option<UserId>, now: NaiveDateTime) -> DbResult<()> {
    diesel::update(reports::table.find(id))
        .set((reports::assignee_id.eq(assignee), reports::updated_at.eq(now)))
        .execute(conn)
        .map(|_| ())
}

/// Moves the report to another department (the assignee, who was in the old one, is cleared).
pub fn set_department(conn: &mut DbConn, id: i64, department: Option<i64>, now: NaiveDateTime) -> DbResult<()> {
    diesel::update(reports::table.find(id))
        .set((reports::department_id.eq(department), reports::assignee_id.eq(None::<i64>), reports::updated_at.eq(now)))
        .execute(conn)
        .map(|_| ())
}

pub fn touch(conn: &mut DbConn, id: i64, now: NaiveDateTime) -> DbResult<()> {
    diesel::update(reports::table.find(id)).set(reports::updated_at.eq(now)).execute(conn).map(|_| ())
}

pub fn stop_reporter_updates(conn: &mut DbConn, id: i64) -> DbResult<()> {
    diesel::update(reports::table.find(id)).set(reports::reporter_updates.eq(false)).execute(conn).map(|_| ())
}

// ---- me too, follows ----

/// Records a "me too"; `false` when the resident already said so (the primary key
/// decides). Keeps the stored count in the same transaction.
pub fn add_me_too(conn: &mut DbConn, report_id: i64, user_id: UserId, now: NaiveDateTime) -> DbResult<bool> {
    let q = diesel::insert_into(report_me_toos::table)
        .values((
            report_me_toos::report_id.eq(report_id),
            report_me_toos::user_id.eq(user_id),
            report_me_toos::created_at.eq(now),
        ))
        .on_conflict_do_nothing();
    let added = crate::on_each_backend!(conn, |c| q.execute(c))? == 1;
    if added {
        diesel::update(reports::table.find(report_id))
            .set(reports::me_too_count.eq(reports::me_too_count + 1))
            .execute(conn)?;
    }
    Ok(added)
}

pub fn has_me_too(conn: &mut DbConn, report_id: i64, user_id: UserId) -> DbResult<bool> {
    report_me_toos::table.find((report_id, user_id)).count().get_result::<i64>(conn).map(|n| n > 0)
}

pub fn follow(conn: &mut DbConn, user_id: UserId, report_id: i64, now: NaiveDateTime) -> DbResult<bool> {
    let q = diesel::insert_into(report_follows::table)
        .values((
            report_follows::user_id.eq(user_id),
            report_follows::report_id.eq(report_id),
            report_follows::created_at.eq(now),
        ))
        .on_conflict_do_nothing();
    let added = crate::on_each_backend!(conn, |c| q.execute(c))? == 1;
    if added {
        diesel::update(reports::table.find(report_id))
            .set(reports::follower_count.eq(reports::follower_count + 1))
            .execute(conn)?;
    }
    Ok(added)
}

pub fn unfollow(conn: &mut DbConn, user_id: UserId, report_id: i64) -> DbResult<bool> {
    let removed = diesel::delete(report_follows::table.find((user_id, report_id))).execute(conn)? == 1;
    if removed {
        diesel::update(reports::table.find(report_id).filter(reports::follower_count.gt(0)))
            .set(reports::follower_count.eq(reports::follower_count - 1))
            .execute(conn)?;
    }
    Ok(removed)
}

pub fn is_following(conn: &mut DbConn, user_id: UserId, report_id: i64) -> DbResult<bool> {
    report_follows::table.find((user_id, report_id)).count().get_result::<i64>(conn).map(|n| n > 0)
}

pub fn followers(conn: &mut DbConn, report_id: i64) -> DbResult<Vec<UserId>> {
    report_follows::table.filter(report_follows::report_id.eq(report_id)).select(report_follows::user_id).load(conn)
}

// ---- answers, photos ----

pub fn insert_answers(conn: &mut DbConn, report_id: i64, answers: &[(i64, String)]) -> DbResult<()> {
    for (question_id, value) in answers {
        diesel::insert_into(report_answers::table)
            .values((
                report_answers::report_id.eq(report_id),
                report_answers::question_id.eq(question_id),
                report_answers::value.eq(value),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// A report's answers: (question code, Japanese label, English label, kind, value, options).
pub type AnswerView = (String, String, String, yoriai_domain::report::QuestionKind, String, String);

pub fn answers_of(conn: &mut DbConn, report_id: i64) -> DbResult<Vec<AnswerView>> {
    report_answers::table
        .inner_join(category_questions::table)
        .filter(report_answers::report_id.eq(report_id))
        .order((category_questions::position.asc(), category_questions::id.asc()))
        .select((
            category_questions::code,
            category_questions::label_ja,
            category_questions::label_en,
            category_questions::kind,
            report_answers::value,
            category_questions::options,
        ))
        .load(conn)
}

pub fn photos_of(conn: &mut DbConn, report_id: i64) -> DbResult<Vec<UploadRow>> {
    report_photos::table
        .inner_join(uploads::table)
        .filter(report_photos::report_id.eq(report_id))
        .order(report_photos::position.asc())
        .select(UploadRow::as_select())
        .load(conn)
}

/// The first photo of each of several reports (one query for a list page).
pub fn first_photos(conn: &mut DbConn, report_ids: &[i64]) -> DbResult<Vec<(i64, UploadRow)>> {
    let rows: Vec<(i64, i32, UploadRow)> = report_photos::table
        .inner_join(uploads::table)
        .filter(report_photos::report_id.eq_any(report_ids))
        .order((report_photos::report_id.asc(), report_photos::position.asc()))
        .select((report_photos::report_id, report_photos::position, UploadRow::as_select()))
        .load(conn)?;
    let mut out: Vec<(i64, UploadRow)> = Vec::new();
    for (rid, _, u) in rows {
        if out.last().is_none_or(|(last, _)| *last != rid) {
            out.push((rid, u));
        }
    }
    Ok(out)
}

// ---- the timeline ----

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = report_updates)]
pub struct UpdateRow {
    pub id: i64,
    pub report_id: i64,
    pub author_id: Option<UserId>,
    pub kind: String,
    pub public: bool,
    pub state_from: Option<ReportState>,
    pub state_to: Option<ReportState>,
    pub body: String,
    pub created_at: NaiveDateTime,
}

#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = report_updates)]
pub struct NewUpdate<'a> {
    pub report_id: i64,
    pub author_id: Option<UserId>,
    pub kind: &'a str,
    pub public: bool,
    pub state_from: Option<ReportState>,
    pub state_to: Option<ReportState>,
    pub body: &'a str,
    pub created_at: NaiveDateTime,
}

pub fn insert_update(conn: &mut DbConn, u: &NewUpdate<'_>) -> DbResult<i64> {
    diesel::insert_into(report_updates::table).values(u).returning(report_updates::id).get_result(conn)
}

/// The timeline, oldest first, with each author's display name; internal entries only
/// when `include_internal`.
pub fn updates_of(
    conn: &mut DbConn,
    report_id: i64,
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
pub fn latest_public_notes(conn: &mut DbConn, report_ids: &[i64]) -> DbResult<Vec<(i64, String)>> {
    let rows: Vec<(i64, i64, String)> = report_updates::table
        .filter(report_updates::report_id.eq_any(report_ids))
        .filter(report_updates::public.eq(true))
        .filter(report_updates::body.ne(""))
        .order((report_updates::report_id.asc(), report_updates::id.desc()))
        .select((report_updates::report_id, report_updates::id, report_updates::body))
        .load(conn)?;
    let mut out: Vec<(i64, String)> = Vec::new();
    for (rid, _, body) in rows {
        if out.last().is_none_or(|(last, _)| *last != rid) {
            out.push((rid, body));
        }
    }
    Ok(out)
}

// ---- emailed links ----

pub fn insert_link(
    conn: &mut DbConn,
    purpose: &str,
    token_hash: &str,
    report_id: i64,
    now: NaiveDateTime,
    expires_at: NaiveDateTime,
) -> DbResult<()> {
    diesel::insert_into(email_links::table)
        .values((
            email_links::purpose.eq(purpose),
            email_links::token_hash.eq(token_hash),
            email_links::report_id.eq(report_id),
            email_links::created_at.eq(now),
            email_links::expires_at.eq(expires_at),
        ))
        .execute(conn)
        .map(|_| ())
}

/// Uses a link once: the report it is for, if the link exists, is unused and unexpired.
pub fn take_link(conn: &mut DbConn, purpose: &str, token_hash: &str, now: NaiveDateTime) -> DbResult<Option<i64>> {
    let target = email_links::table
        .filter(email_links::purpose.eq(purpose))
        .filter(email_links::token_hash.eq(token_hash))
        .filter(email_links::used_at.is_null())
        .filter(email_links::expires_at.gt(now));
    let found: Option<(i64, i64)> = target.select((email_links::id, email_links::report_id)).first(conn).optional()?;
    let Some((id, report_id)) = found else { return Ok(None) };
    let n = diesel::update(email_links::table.find(id).filter(email_links::used_at.is_null()))
        .set(email_links::used_at.eq(now))
        .execute(conn)?;
    Ok((n == 1).then_some(report_id))
}

/// Reports made without an account and never confirmed, created before `before`.
pub fn unconfirmed_before(conn: &mut DbConn, before: NaiveDateTime, limit: i64) -> DbResult<Vec<i64>> {
    reports::table
        .filter(reports::confirmed_at.is_null())
        .filter(reports::created_at.lt(before))
        .order(reports::id.asc())
        .limit(limit)
        .select(reports::id)
        .load(conn)
}

pub fn delete(conn: &mut DbConn, id: i64) -> DbResult<bool> {
    diesel::delete(reports::table.find(id)).execute(conn).map(|n| n == 1)
}

// ---- area alerts ----

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = report_alerts)]
pub struct AlertRow {
    pub id: i64,
    pub user_id: UserId,
    pub district_id: Option<i64>,
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
    district_id: Option<i64>,
    point: Option<(f64, f64, i32)>,
    now: NaiveDateTime,
) -> DbResult<Option<i64>> {
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

pub fn delete_alert(conn: &mut DbConn, id: i64, user_id: UserId) -> DbResult<bool> {
    diesel::delete(report_alerts::table.find(id).filter(report_alerts::user_id.eq(user_id)))
        .execute(conn)
        .map(|n| n == 1)
}

/// Alerts that may cover a report: its district's, and point alerts whose centre is
/// within `max_deg` degrees of latitude (the caller checks the exact distance).
pub fn alerts_near(
    conn: &mut DbConn,
    district_id: Option<i64>,
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

// ---- lists ----

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
    pub id: i64,
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
    pub categories: Vec<i64>,
    pub states: StateSet,
    pub district_id: Option<i64>,
    pub department_ids: Option<Vec<i64>>,
    /// `Some(None)`: unassigned only.
    pub assignee: Option<Option<UserId>>,
    pub reporter_id: Option<UserId>,
    /// Inclusive id range (from a date range).
    pub id_range: Option<(i64, i64)>,
    pub ids: Option<Vec<i64>>,
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
pub fn first_id_from(conn: &mut DbConn, t: NaiveDateTime) -> DbResult<Option<i64>> {
    reports::table
        .filter(reports::created_at.ge(t))
        .order((reports::created_at.asc(), reports::id.asc()))
        .select(reports::id)
        .first(conn)
        .optional()
}

/// The last report created at or before `t`.
pub fn last_id_until(conn: &mut DbConn, t: NaiveDateTime) -> DbResult<Option<i64>> {
    reports::table
        .filter(reports::created_at.le(t))
        .order((reports::created_at.desc(), reports::id.desc()))
        .select(reports::id)
        .first(conn)
        .optional()
}

/// Adds `delta` to the stored count of confirmed reports of a department (`None`: not
/// routed) in a state. Call it in the transaction that changes the report.
pub fn bump_count(conn: &mut DbConn, department_id: Option<i64>, state: ReportState, delta: i64) -> DbResult<()> {
    let dept = department_id.unwrap_or(0);
    let q = diesel::insert_into(report_counts::table)
        .values((report_counts::department_id.eq(dept), report_counts::state.eq(state), report_counts::n.eq(delta)))
        .on_conflict((report_counts::department_id, report_counts::state))
        .do_update()
        .set(report_counts::n.eq(report_counts::n + delta));
    crate::on_each_backend!(conn, |c| q.execute(c)).map(|_| ())
}

/// Confirmed reports by state for some departments (the inbox's tabs), from the stored
/// counts: (state, count).
pub fn count_by_state(conn: &mut DbConn, department_ids: Option<&[i64]>) -> DbResult<Vec<(ReportState, i64)>> {
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
pub fn count_by_state_slow(conn: &mut DbConn) -> DbResult<Vec<(Option<i64>, String, i64)>> {
    reports::table
        .filter(reports::confirmed_at.is_not_null())
        .group_by((reports::department_id, reports::state))
        .select((reports::department_id, reports::state, diesel::dsl::count_star()))
        .load(conn)
}

/// The stored counts: (department id or 0, state, count).
pub fn stored_counts(conn: &mut DbConn) -> DbResult<Vec<(i64, String, i64)>> {
    report_counts::table
        .filter(report_counts::n.ne(0))
        .select((report_counts::department_id, report_counts::state, report_counts::n))
        .load(conn)
}
