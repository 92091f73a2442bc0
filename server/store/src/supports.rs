//! Supports and the per-resident counter that enforces the limit.

use crate::schema::{process_participants, supports};
use crate::{DbConn, DbResult};
use chrono::NaiveDateTime;
use diesel::prelude::*;
use yoriai_domain::ids::{ProcessId, ProposalId, UserId};

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = supports)]
pub struct SupportRow {
    pub id: i64,
    pub proposal_id: ProposalId,
    pub user_id: UserId,
    pub process_id: ProcessId,
    pub counted: bool,
    pub created_at: NaiveDateTime,
}

/// How many supports the resident gave in the process.
pub fn given(conn: &mut DbConn, process_id: ProcessId, user_id: UserId) -> DbResult<i32> {
    let n: Option<i32> = process_participants::table
        .find((process_id, user_id))
        .select(process_participants::supports_given)
        .first(conn)
        .optional()?;
    Ok(n.unwrap_or(0))
}

/// Takes one support from the resident's allowance: a conditional update of their
/// counter row, so parallel requests can never pass the limit. `false` when none is left.
pub fn take_allowance(conn: &mut DbConn, process_id: ProcessId, user_id: UserId, limit: Option<i32>) -> DbResult<bool> {
    let ensure = diesel::insert_into(process_participants::table)
        .values((
            process_participants::process_id.eq(process_id),
            process_participants::user_id.eq(user_id),
            process_participants::supports_given.eq(0),
        ))
        .on_conflict((process_participants::process_id, process_participants::user_id))
        .do_nothing();
    crate::on_each_backend!(conn, |c| ensure.execute(c))?;
    let row = process_participants::table.find((process_id, user_id));
    let updated = match limit {
        Some(limit) => diesel::update(row.filter(process_participants::supports_given.lt(limit)))
            .set(process_participants::supports_given.eq(process_participants::supports_given + 1))
            .execute(conn)?,
        None => diesel::update(row)
            .set(process_participants::supports_given.eq(process_participants::supports_given + 1))
            .execute(conn)?,
    };
    Ok(updated == 1)
}

pub fn give_back_allowance(conn: &mut DbConn, process_id: ProcessId, user_id: UserId) -> DbResult<()> {
    diesel::update(
        process_participants::table.find((process_id, user_id)).filter(process_participants::supports_given.gt(0)),
    )
    .set(process_participants::supports_given.eq(process_participants::supports_given - 1))
    .execute(conn)
    .map(|_| ())
}

/// Records a support; `false` when the resident already supports the proposal (the
/// unique constraint decides, not a prior read).
pub fn insert(
    conn: &mut DbConn,
    proposal_id: ProposalId,
    user_id: UserId,
    process_id: ProcessId,
    counted: bool,
    now: NaiveDateTime,
) -> DbResult<bool> {
    let query = diesel::insert_into(supports::table)
        .values((
            supports::proposal_id.eq(proposal_id),
            supports::user_id.eq(user_id),
            supports::process_id.eq(process_id),
            supports::counted.eq(counted),
            supports::created_at.eq(now),
        ))
        .on_conflict((supports::proposal_id, supports::user_id))
        .do_nothing();
    Ok(crate::on_each_backend!(conn, |c| query.execute(c))? == 1)
}

pub fn find(conn: &mut DbConn, proposal_id: ProposalId, user_id: UserId) -> DbResult<Option<SupportRow>> {
    supports::table
        .filter(supports::proposal_id.eq(proposal_id))
        .filter(supports::user_id.eq(user_id))
        .select(SupportRow::as_select())
        .first(conn)
        .optional()
}

/// Removes a support; returns it if there was one.
pub fn delete(conn: &mut DbConn, proposal_id: ProposalId, user_id: UserId) -> DbResult<Option<SupportRow>> {
    let Some(row) = find(conn, proposal_id, user_id)? else { return Ok(None) };
    let n = diesel::delete(supports::table.find(row.id)).execute(conn)?;
    Ok((n == 1).then_some(row))
}

/// The resident's supports in the process that are not counted yet.
pub fn uncounted_of(conn: &mut DbConn, process_id: ProcessId, user_id: UserId) -> DbResult<Vec<SupportRow>> {
    supports::table
        .filter(supports::process_id.eq(process_id))
        .filter(supports::user_id.eq(user_id))
        .filter(supports::counted.eq(false))
        .order(supports::id.asc())
        .select(SupportRow::as_select())
        .load(conn)
}

/// The resident's counted supports in the process.
pub fn counted_of(conn: &mut DbConn, process_id: ProcessId, user_id: UserId) -> DbResult<Vec<SupportRow>> {
    supports::table
        .filter(supports::process_id.eq(process_id))
        .filter(supports::user_id.eq(user_id))
        .filter(supports::counted.eq(true))
        .order(supports::id.asc())
        .select(SupportRow::as_select())
        .load(conn)
}

pub fn set_counted(conn: &mut DbConn, id: i64, counted: bool) -> DbResult<()> {
    diesel::update(supports::table.find(id)).set(supports::counted.eq(counted)).execute(conn).map(|_| ())
}

/// The exact number of counted supports (for tests and the consistency check).
pub fn count_counted(conn: &mut DbConn, proposal_id: ProposalId) -> DbResult<i64> {
    supports::table
        .filter(supports::proposal_id.eq(proposal_id))
        .filter(supports::counted.eq(true))
        .count()
        .get_result(conn)
}
