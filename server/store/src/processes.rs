//! Participatory processes, their phases and categories.

use crate::schema::{categories, phases, processes};
use crate::{DbConn, DbResult};
use chrono::NaiveDateTime;
use diesel::prelude::*;
use yoriai_domain::ids::{CategoryId, DistrictId, PhaseId, ProcessId, UploadId};
use yoriai_domain::process::{phase_active_at, PhaseSettings};

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = processes)]
pub struct ProcessRow {
    pub id: ProcessId,
    pub slug: String,
    pub title_ja: String,
    pub title_en: String,
    pub description_ja: String,
    pub description_en: String,
    pub image_id: Option<UploadId>,
    pub district_id: Option<DistrictId>,
    pub manual_phase_id: Option<PhaseId>,
    pub edit_window_minutes: i32,
    pub published: bool,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

#[derive(Debug, Insertable, AsChangeset)]
#[diesel(table_name = processes)]
pub struct ProcessFields<'a> {
    pub slug: &'a str,
    pub title_ja: &'a str,
    pub title_en: &'a str,
    pub description_ja: &'a str,
    pub description_en: &'a str,
    pub district_id: Option<DistrictId>,
    pub edit_window_minutes: i32,
    pub published: bool,
    pub updated_at: NaiveDateTime,
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = phases)]
pub struct PhaseRow {
    pub id: PhaseId,
    pub process_id: ProcessId,
    pub position: i32,
    pub title_ja: String,
    pub title_en: String,
    pub starts_at: Option<NaiveDateTime>,
    pub ends_at: Option<NaiveDateTime>,
    pub proposals_open: bool,
    pub supports_open: bool,
    pub support_limit: Option<i32>,
    pub min_supports_to_count: i32,
    pub threshold: Option<i32>,
    pub accumulate_beyond_threshold: bool,
    pub supports_require_verification: bool,
    pub support_own_allowed: bool,
    pub comments_open: bool,
}

impl PhaseRow {
    pub fn settings(&self) -> PhaseSettings {
        PhaseSettings {
            proposals_open: self.proposals_open,
            supports_open: self.supports_open,
            support_limit: self.support_limit,
            min_supports_to_count: self.min_supports_to_count,
            threshold: self.threshold,
            accumulate_beyond_threshold: self.accumulate_beyond_threshold,
            supports_require_verification: self.supports_require_verification,
            support_own_allowed: self.support_own_allowed,
            comments_open: self.comments_open,
        }
    }
}

#[derive(Debug, Insertable, AsChangeset)]
#[diesel(table_name = phases)]
#[diesel(treat_none_as_null = true)]
pub struct PhaseFields<'a> {
    pub process_id: ProcessId,
    pub position: i32,
    pub title_ja: &'a str,
    pub title_en: &'a str,
    pub starts_at: Option<NaiveDateTime>,
    pub ends_at: Option<NaiveDateTime>,
    pub proposals_open: bool,
    pub supports_open: bool,
    pub support_limit: Option<i32>,
    pub min_supports_to_count: i32,
    pub threshold: Option<i32>,
    pub accumulate_beyond_threshold: bool,
    pub supports_require_verification: bool,
    pub support_own_allowed: bool,
    pub comments_open: bool,
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = categories)]
pub struct CategoryRow {
    pub id: CategoryId,
    pub process_id: ProcessId,
    pub name_ja: String,
    pub name_en: String,
    pub position: i32,
}

/// The active phase: the one set by hand, else the first whose dates contain `now`.
pub fn active_phase<'a>(process: &ProcessRow, phases: &'a [PhaseRow], now: NaiveDateTime) -> Option<&'a PhaseRow> {
    if let Some(manual) = process.manual_phase_id {
        return phases.iter().find(|p| p.id == manual);
    }
    phases.iter().find(|p| phase_active_at(p.starts_at.as_ref(), p.ends_at.as_ref(), &now))
}

/// Inserts a process; `Ok(None)` when the slug is taken.
pub fn insert(conn: &mut DbConn, fields: &ProcessFields<'_>, now: NaiveDateTime) -> DbResult<Option<ProcessId>> {
    let query = diesel::insert_into(processes::table)
        .values((fields, processes::created_at.eq(now)))
        .on_conflict(processes::slug)
        .do_nothing()
        .returning(processes::id);
    crate::on_each_backend!(conn, |c| query.get_result(c).optional())
}

pub fn update(conn: &mut DbConn, id: ProcessId, fields: &ProcessFields<'_>) -> DbResult<bool> {
    match diesel::update(processes::table.find(id)).set(fields).execute(conn) {
        Ok(n) => Ok(n == 1),
        Err(diesel::result::Error::DatabaseError(diesel::result::DatabaseErrorKind::UniqueViolation, _)) => Ok(false),
        Err(e) => Err(e),
    }
}

pub fn set_manual_phase(conn: &mut DbConn, id: ProcessId, phase: Option<PhaseId>, now: NaiveDateTime) -> DbResult<()> {
    diesel::update(processes::table.find(id))
        .set((processes::manual_phase_id.eq(phase), processes::updated_at.eq(now)))
        .execute(conn)
        .map(|_| ())
}

pub fn set_image(conn: &mut DbConn, id: ProcessId, image: Option<UploadId>, now: NaiveDateTime) -> DbResult<()> {
    diesel::update(processes::table.find(id))
        .set((processes::image_id.eq(image), processes::updated_at.eq(now)))
        .execute(conn)
        .map(|_| ())
}

pub fn find(conn: &mut DbConn, id: ProcessId) -> DbResult<Option<ProcessRow>> {
    processes::table.find(id).select(ProcessRow::as_select()).first(conn).optional()
}

pub fn find_by_slug(conn: &mut DbConn, slug: &str) -> DbResult<Option<ProcessRow>> {
    processes::table.filter(processes::slug.eq(slug)).select(ProcessRow::as_select()).first(conn).optional()
}

/// Every process, newest first (`published_only` for the public list).
pub fn list(conn: &mut DbConn, published_only: bool) -> DbResult<Vec<ProcessRow>> {
    let mut q = processes::table.select(ProcessRow::as_select()).order(processes::id.desc()).into_boxed();
    if published_only {
        q = q.filter(processes::published.eq(true));
    }
    q.load(conn)
}

pub fn phases_of(conn: &mut DbConn, process_id: ProcessId) -> DbResult<Vec<PhaseRow>> {
    phases::table
        .filter(phases::process_id.eq(process_id))
        .order(phases::position.asc())
        .select(PhaseRow::as_select())
        .load(conn)
}

/// The phases of several processes at once (lists never query per process).
pub fn phases_of_many(conn: &mut DbConn, process_ids: &[ProcessId]) -> DbResult<Vec<PhaseRow>> {
    phases::table
        .filter(phases::process_id.eq_any(process_ids))
        .order((phases::process_id.asc(), phases::position.asc()))
        .select(PhaseRow::as_select())
        .load(conn)
}

pub fn insert_phase(conn: &mut DbConn, fields: &PhaseFields<'_>) -> DbResult<PhaseId> {
    diesel::insert_into(phases::table).values(fields).returning(phases::id).get_result(conn)
}

pub fn update_phase(conn: &mut DbConn, id: PhaseId, fields: &PhaseFields<'_>) -> DbResult<bool> {
    diesel::update(phases::table.find(id)).set(fields).execute(conn).map(|n| n == 1)
}

pub fn delete_phase(conn: &mut DbConn, process_id: ProcessId, id: PhaseId) -> DbResult<bool> {
    diesel::delete(phases::table.find(id).filter(phases::process_id.eq(process_id))).execute(conn).map(|n| n == 1)
}

pub fn next_phase_position(conn: &mut DbConn, process_id: ProcessId) -> DbResult<i32> {
    let max: Option<i32> = phases::table
        .filter(phases::process_id.eq(process_id))
        .select(diesel::dsl::max(phases::position))
        .first(conn)?;
    Ok(max.unwrap_or(0) + 1)
}

pub fn categories_of(conn: &mut DbConn, process_id: ProcessId) -> DbResult<Vec<CategoryRow>> {
    categories::table
        .filter(categories::process_id.eq(process_id))
        .order((categories::position.asc(), categories::id.asc()))
        .select(CategoryRow::as_select())
        .load(conn)
}

pub fn insert_category(conn: &mut DbConn, process_id: ProcessId, name_ja: &str, name_en: &str) -> DbResult<CategoryId> {
    let position: Option<i32> = categories::table
        .filter(categories::process_id.eq(process_id))
        .select(diesel::dsl::max(categories::position))
        .first(conn)?;
    diesel::insert_into(categories::table)
        .values((
            categories::process_id.eq(process_id),
            categories::name_ja.eq(name_ja),
            categories::name_en.eq(name_en),
            categories::position.eq(position.unwrap_or(0) + 1),
        ))
        .returning(categories::id)
        .get_result(conn)
}

pub fn delete_category(conn: &mut DbConn, process_id: ProcessId, id: CategoryId) -> DbResult<bool> {
    diesel::delete(categories::table.find(id).filter(categories::process_id.eq(process_id)))
        .execute(conn)
        .map(|n| n == 1)
}
