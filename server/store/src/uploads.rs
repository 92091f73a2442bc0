//! Uploaded images (their re-encoded variants live in the file storage).

use crate::schema::{budget_project_images, proposal_images, report_photos, uploads};
use crate::{DbConn, DbResult};
use chrono::NaiveDateTime;
use diesel::prelude::*;
use yoriai_domain::ids::{ProjectId, ProposalId, ReportId, UploadId, UserId};

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = uploads)]
pub struct UploadRow {
    pub id: UploadId,
    pub owner_id: Option<UserId>,
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
    pub owner_id: Option<UserId>,
    pub storage_key: &'a str,
    pub content_type: &'a str,
    pub width: i32,
    pub height: i32,
    pub bytes: i64,
    pub alt_text: &'a str,
    pub created_at: NaiveDateTime,
}

pub fn insert(conn: &mut DbConn, new: &NewUpload<'_>) -> DbResult<UploadId> {
    diesel::insert_into(uploads::table).values(new).returning(uploads::id).get_result(conn)
}

pub fn find(conn: &mut DbConn, id: UploadId) -> DbResult<Option<UploadRow>> {
    uploads::table.find(id).select(UploadRow::as_select()).first(conn).optional()
}

/// Several uploads at once (any order).
pub fn find_many(conn: &mut DbConn, ids: &[UploadId]) -> DbResult<Vec<UploadRow>> {
    uploads::table.filter(uploads::id.eq_any(ids)).select(UploadRow::as_select()).load(conn)
}

pub fn find_by_key(conn: &mut DbConn, key: &str) -> DbResult<Option<UploadRow>> {
    uploads::table.filter(uploads::storage_key.eq(key)).select(UploadRow::as_select()).first(conn).optional()
}

pub fn delete(conn: &mut DbConn, id: UploadId) -> DbResult<()> {
    diesel::delete(uploads::table.find(id)).execute(conn).map(|_| ())
}

/// A proposal's images, in order.
pub fn of_proposal(conn: &mut DbConn, proposal_id: ProposalId) -> DbResult<Vec<UploadRow>> {
    proposal_images::table
        .inner_join(uploads::table)
        .filter(proposal_images::proposal_id.eq(proposal_id))
        .order(proposal_images::position.asc())
        .select(UploadRow::as_select())
        .load(conn)
}

/// The first image of each of several proposals: one query for a whole list page.
pub fn first_of_proposals(conn: &mut DbConn, proposal_ids: &[ProposalId]) -> DbResult<Vec<(ProposalId, UploadRow)>> {
    let rows: Vec<(ProposalId, i32, UploadRow)> = proposal_images::table
        .inner_join(uploads::table)
        .filter(proposal_images::proposal_id.eq_any(proposal_ids))
        .order((proposal_images::proposal_id.asc(), proposal_images::position.asc()))
        .select((proposal_images::proposal_id, proposal_images::position, UploadRow::as_select()))
        .load(conn)?;
    let mut out: Vec<(ProposalId, UploadRow)> = Vec::new();
    for (pid, _, upload) in rows {
        if out.last().is_none_or(|(last, _)| *last != pid) {
            out.push((pid, upload));
        }
    }
    Ok(out)
}

/// What a set of pictures hangs off: each owner has its own join table
/// (`owner, upload_id, position`), and the pictures keep their order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Gallery {
    Proposal(ProposalId),
    Project(ProjectId),
    Report(ReportId),
}

/// Runs the same diesel expression on the join table of a gallery, with its owner
/// column and the owner's id.
macro_rules! on_gallery {
    ($gallery:expr, |$table:ident, $owner:ident, $id:ident| $body:expr) => {
        match $gallery {
            Gallery::Proposal($id) => {
                use proposal_images as $table;
                let $owner = proposal_images::proposal_id;
                $body
            }
            Gallery::Project($id) => {
                use budget_project_images as $table;
                let $owner = budget_project_images::project_id;
                $body
            }
            Gallery::Report($id) => {
                use report_photos as $table;
                let $owner = report_photos::report_id;
                $body
            }
        }
    };
}

impl Gallery {
    /// Locks the owner's row until the transaction ends, so that counting the pictures
    /// and adding one are a single step for parallel uploads.
    pub fn lock(self, conn: &mut DbConn) -> DbResult<()> {
        use crate::backend::{lock_row, LockTable};
        match self {
            Gallery::Proposal(id) => lock_row(conn, LockTable::Proposals, id.0),
            Gallery::Project(id) => lock_row(conn, LockTable::BudgetProjects, id.0),
            Gallery::Report(id) => lock_row(conn, LockTable::Reports, id.0),
        }
    }

    pub fn count(self, conn: &mut DbConn) -> DbResult<i64> {
        on_gallery!(self, |t, owner, id| t::table.filter(owner.eq(id)).count().get_result(conn))
    }

    /// Adds an upload after the last picture.
    pub fn attach(self, conn: &mut DbConn, upload_id: UploadId) -> DbResult<()> {
        on_gallery!(self, |t, owner, id| {
            let last: Option<i32> = t::table.filter(owner.eq(id)).select(diesel::dsl::max(t::position)).first(conn)?;
            diesel::insert_into(t::table)
                .values((owner.eq(id), t::upload_id.eq(upload_id), t::position.eq(last.unwrap_or(0) + 1)))
                .execute(conn)
                .map(|_| ())
        })
    }

    /// Takes an upload out; `false` when it was not in this gallery.
    pub fn detach(self, conn: &mut DbConn, upload_id: UploadId) -> DbResult<bool> {
        on_gallery!(self, |t, owner, id| {
            diesel::delete(t::table.filter(owner.eq(id)).filter(t::upload_id.eq(upload_id)))
                .execute(conn)
                .map(|n| n == 1)
        })
    }
}
