//! Uploaded images (their re-encoded variants live in the file storage).

use crate::schema::{proposal_images, uploads};
use crate::{DbConn, DbResult};
use chrono::NaiveDateTime;
use diesel::prelude::*;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = uploads)]
pub struct UploadRow {
    pub id: i64,
    pub owner_id: Option<i64>,
    pub storage_key: String,
    pub content_type: String,
    pub width: i32,
    pub height: i32,
    pub bytes: i64,
    pub alt_text: String,
    pub created_at: NaiveDateTime,
}

#[derive(Debug, Insertable)]
#[diesel(table_name = uploads)]
pub struct NewUpload<'a> {
    pub owner_id: Option<i64>,
    pub storage_key: &'a str,
    pub content_type: &'a str,
    pub width: i32,
    pub height: i32,
    pub bytes: i64,
    pub alt_text: &'a str,
    pub created_at: NaiveDateTime,
}

pub fn insert(conn: &mut DbConn, new: &NewUpload<'_>) -> DbResult<i64> {
    diesel::insert_into(uploads::table).values(new).returning(uploads::id).get_result(conn)
}

pub fn find(conn: &mut DbConn, id: i64) -> DbResult<Option<UploadRow>> {
    uploads::table.find(id).select(UploadRow::as_select()).first(conn).optional()
}

/// Several uploads at once (any order).
pub fn find_many(conn: &mut DbConn, ids: &[i64]) -> DbResult<Vec<UploadRow>> {
    uploads::table.filter(uploads::id.eq_any(ids)).select(UploadRow::as_select()).load(conn)
}

pub fn find_by_key(conn: &mut DbConn, key: &str) -> DbResult<Option<UploadRow>> {
    uploads::table.filter(uploads::storage_key.eq(key)).select(UploadRow::as_select()).first(conn).optional()
}

pub fn delete(conn: &mut DbConn, id: i64) -> DbResult<()> {
    diesel::delete(uploads::table.find(id)).execute(conn).map(|_| ())
}

/// A proposal's images, in order.
pub fn of_proposal(conn: &mut DbConn, proposal_id: i64) -> DbResult<Vec<UploadRow>> {
    proposal_images::table
        .inner_join(uploads::table)
        .filter(proposal_images::proposal_id.eq(proposal_id))
        .order(proposal_images::position.asc())
        .select(UploadRow::as_select())
        .load(conn)
}

/// The first image of each of several proposals: one query for a whole list page.
pub fn first_of_proposals(conn: &mut DbConn, proposal_ids: &[i64]) -> DbResult<Vec<(i64, UploadRow)>> {
    let rows: Vec<(i64, i32, UploadRow)> = proposal_images::table
        .inner_join(uploads::table)
        .filter(proposal_images::proposal_id.eq_any(proposal_ids))
        .order((proposal_images::proposal_id.asc(), proposal_images::position.asc()))
        .select((proposal_images::proposal_id, proposal_images::position, UploadRow::as_select()))
        .load(conn)?;
    let mut out: Vec<(i64, UploadRow)> = Vec::new();
    for (pid, _, upload) in rows {
        if out.last().is_none_or(|(last, _)| *last != pid) {
            out.push((pid, upload));
        }
    }
    Ok(out)
}

pub fn attach_to_proposal(conn: &mut DbConn, proposal_id: i64, upload_id: i64) -> DbResult<()> {
    let position: Option<i32> = proposal_images::table
        .filter(proposal_images::proposal_id.eq(proposal_id))
        .select(diesel::dsl::max(proposal_images::position))
        .first(conn)?;
    diesel::insert_into(proposal_images::table)
        .values((
            proposal_images::proposal_id.eq(proposal_id),
            proposal_images::upload_id.eq(upload_id),
            proposal_images::position.eq(position.unwrap_or(0) + 1),
        ))
        .execute(conn)
        .map(|_| ())
}

pub fn count_for_proposal(conn: &mut DbConn, proposal_id: i64) -> DbResult<i64> {
    proposal_images::table.filter(proposal_images::proposal_id.eq(proposal_id)).count().get_result(conn)
}

pub fn detach_from_proposal(conn: &mut DbConn, proposal_id: i64, upload_id: i64) -> DbResult<bool> {
    diesel::delete(
        proposal_images::table
            .filter(proposal_images::proposal_id.eq(proposal_id))
            .filter(proposal_images::upload_id.eq(upload_id)),
    )
    .execute(conn)
    .map(|n| n == 1)
}
