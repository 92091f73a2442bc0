//! Street reports: the reports, their answers and photos, "me too", follows and emailed
//! links here; the timeline, area alerts and the list queries (public list, inbox,
//! Open311) in their own files, all under `store::reports::…`.

use crate::schema::{
    category_questions, email_links, report_answers, report_follows, report_me_toos, report_photos, reports, uploads,
};
use crate::uploads::UploadRow;
use crate::{DbConn, DbResult};
use chrono::NaiveDateTime;
use diesel::prelude::*;
use yoriai_domain::ids::{ClientId, DepartmentId, DistrictId, QuestionId, ReportCategoryId, ReportId, UserId};
use yoriai_domain::report::ReportState;

mod alerts;
mod list;
mod timeline;

pub use alerts::*;
pub use list::*;
pub use timeline::*;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = reports)]
pub struct ReportRow {
    pub id: ReportId,
    pub category_id: ReportCategoryId,
    pub district_id: Option<DistrictId>,
    pub department_id: Option<DepartmentId>,
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
    pub duplicate_of: Option<ReportId>,
    pub referred_to: Option<String>,
    pub me_too_count: i32,
    pub follower_count: i32,
    pub confirmed_at: Option<NaiveDateTime>,
    pub visible: bool,
    pub hidden_at: Option<NaiveDateTime>,
    pub state_changed_at: NaiveDateTime,
    pub fixed_at: Option<NaiveDateTime>,
    pub source: String,
    pub client_id: Option<ClientId>,
    pub search_terms: String,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = reports)]
pub struct NewReport<'a> {
    pub category_id: ReportCategoryId,
    pub district_id: Option<DistrictId>,
    pub department_id: Option<DepartmentId>,
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
    pub client_id: Option<ClientId>,
    pub search_terms: &'a str,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

pub fn insert(conn: &mut DbConn, r: &NewReport<'_>) -> DbResult<ReportId> {
    diesel::insert_into(reports::table).values(r).returning(reports::id).get_result(conn)
}

pub fn find(conn: &mut DbConn, id: ReportId) -> DbResult<Option<ReportRow>> {
    reports::table.find(id).select(ReportRow::as_select()).first(conn).optional()
}

pub fn find_many(conn: &mut DbConn, ids: &[ReportId]) -> DbResult<Vec<ReportRow>> {
    reports::table.filter(reports::id.eq_any(ids)).order(reports::id.desc()).select(ReportRow::as_select()).load(conn)
}

/// An anonymous reporter confirmed by email: the report becomes visible (unless hidden).
pub fn confirm(conn: &mut DbConn, id: ReportId, now: NaiveDateTime) -> DbResult<bool> {
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
    pub duplicate_of: Option<ReportId>,
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
pub fn set_state(conn: &mut DbConn, id: ReportId, change: &StateChange<'_>, now: NaiveDateTime) -> DbResult<bool> {
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

pub fn set_assignee(conn: &mut DbConn, id: ReportId, assignee: Option<UserId>, now: NaiveDateTime) -> DbResult<()> {
    diesel::update(reports::table.find(id))
        .set((reports::assignee_id.eq(assignee), reports::updated_at.eq(now)))
        .execute(conn)
        .map(|_| ())
}

/// Moves the report to another department (the assignee, who was in the old one, is cleared).
pub fn set_department(
    conn: &mut DbConn,
    id: ReportId,
    department: Option<DepartmentId>,
    now: NaiveDateTime,
) -> DbResult<()> {
    diesel::update(reports::table.find(id))
        .set((
            reports::department_id.eq(department),
            reports::assignee_id.eq(None::<UserId>),
            reports::updated_at.eq(now),
        ))
        .execute(conn)
        .map(|_| ())
}

pub fn touch(conn: &mut DbConn, id: ReportId, now: NaiveDateTime) -> DbResult<()> {
    diesel::update(reports::table.find(id)).set(reports::updated_at.eq(now)).execute(conn).map(|_| ())
}

pub fn stop_reporter_updates(conn: &mut DbConn, id: ReportId) -> DbResult<()> {
    diesel::update(reports::table.find(id)).set(reports::reporter_updates.eq(false)).execute(conn).map(|_| ())
}

// ---- me too, follows ----

/// Records a "me too"; `false` when the resident already said so (the primary key
/// decides). Keeps the stored count in the same transaction.
pub fn add_me_too(conn: &mut DbConn, report_id: ReportId, user_id: UserId, now: NaiveDateTime) -> DbResult<bool> {
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

pub fn has_me_too(conn: &mut DbConn, report_id: ReportId, user_id: UserId) -> DbResult<bool> {
    report_me_toos::table.find((report_id, user_id)).count().get_result::<i64>(conn).map(|n| n > 0)
}

pub fn follow(conn: &mut DbConn, user_id: UserId, report_id: ReportId, now: NaiveDateTime) -> DbResult<bool> {
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

pub fn unfollow(conn: &mut DbConn, user_id: UserId, report_id: ReportId) -> DbResult<bool> {
    let removed = diesel::delete(report_follows::table.find((user_id, report_id))).execute(conn)? == 1;
    if removed {
        diesel::update(reports::table.find(report_id).filter(reports::follower_count.gt(0)))
            .set(reports::follower_count.eq(reports::follower_count - 1))
            .execute(conn)?;
    }
    Ok(removed)
}

pub fn is_following(conn: &mut DbConn, user_id: UserId, report_id: ReportId) -> DbResult<bool> {
    report_follows::table.find((user_id, report_id)).count().get_result::<i64>(conn).map(|n| n > 0)
}

pub fn followers(conn: &mut DbConn, report_id: ReportId) -> DbResult<Vec<UserId>> {
    report_follows::table.filter(report_follows::report_id.eq(report_id)).select(report_follows::user_id).load(conn)
}

// ---- answers, photos ----

pub fn insert_answers(conn: &mut DbConn, report_id: ReportId, answers: &[(QuestionId, String)]) -> DbResult<()> {
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

pub fn answers_of(conn: &mut DbConn, report_id: ReportId) -> DbResult<Vec<AnswerView>> {
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

pub fn photos_of(conn: &mut DbConn, report_id: ReportId) -> DbResult<Vec<UploadRow>> {
    report_photos::table
        .inner_join(uploads::table)
        .filter(report_photos::report_id.eq(report_id))
        .order(report_photos::position.asc())
        .select(UploadRow::as_select())
        .load(conn)
}

/// The first photo of each of several reports (one query for a list page).
pub fn first_photos(conn: &mut DbConn, report_ids: &[ReportId]) -> DbResult<Vec<(ReportId, UploadRow)>> {
    let rows: Vec<(ReportId, i32, UploadRow)> = report_photos::table
        .inner_join(uploads::table)
        .filter(report_photos::report_id.eq_any(report_ids))
        .order((report_photos::report_id.asc(), report_photos::position.asc()))
        .select((report_photos::report_id, report_photos::position, UploadRow::as_select()))
        .load(conn)?;
    let mut out: Vec<(ReportId, UploadRow)> = Vec::new();
    for (rid, _, u) in rows {
        if out.last().is_none_or(|(last, _)| *last != rid) {
            out.push((rid, u));
        }
    }
    Ok(out)
}

// ---- emailed links ----

pub fn insert_link(
    conn: &mut DbConn,
    purpose: &str,
    token_hash: &str,
    report_id: ReportId,
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
pub fn take_link(conn: &mut DbConn, purpose: &str, token_hash: &str, now: NaiveDateTime) -> DbResult<Option<ReportId>> {
    let target = email_links::table
        .filter(email_links::purpose.eq(purpose))
        .filter(email_links::token_hash.eq(token_hash))
        .filter(email_links::used_at.is_null())
        .filter(email_links::expires_at.gt(now));
    let found: Option<(i64, ReportId)> =
        target.select((email_links::id, email_links::report_id)).first(conn).optional()?;
    let Some((id, report_id)) = found else { return Ok(None) };
    let n = diesel::update(email_links::table.find(id).filter(email_links::used_at.is_null()))
        .set(email_links::used_at.eq(now))
        .execute(conn)?;
    Ok((n == 1).then_some(report_id))
}

/// Reports made without an account and never confirmed, created before `before`.
pub fn unconfirmed_before(conn: &mut DbConn, before: NaiveDateTime, limit: i64) -> DbResult<Vec<ReportId>> {
    reports::table
        .filter(reports::confirmed_at.is_null())
        .filter(reports::created_at.lt(before))
        .order(reports::id.asc())
        .limit(limit)
        .select(reports::id)
        .load(conn)
}

pub fn delete(conn: &mut DbConn, id: ReportId) -> DbResult<bool> {
    diesel::delete(reports::table.find(id)).execute(conn).map(|n| n == 1)
}
