//! Ballots and their lines.
//!
//! Every change to a ballot starts with [`lock`]: an update of the ballot's own row
//! (its version). On PostgreSQL that takes the row lock until commit, so parallel
//! requests on one ballot run one after another and each sees the other's lines; on
//! SQLite the write transaction (`BEGIN IMMEDIATE`) already serializes writers. No
//! backend-specific SQL is needed.

use crate::schema::{ballot_lines, ballots, budget_projects};
use crate::{DbConn, DbResult};
use chrono::NaiveDateTime;
use diesel::prelude::*;
use yoriai_domain::budget::BallotState;
use yoriai_domain::ids::{BallotId, BudgetId, HeadingId, ProjectId, UserId};

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = ballots)]
pub struct BallotRow {
    pub id: BallotId,
    pub budget_id: BudgetId,
    pub heading_id: HeadingId,
    pub user_id: Option<UserId>,
    pub state: BallotState,
    pub voter_id: Option<String>,
    pub line_count: i32,
    pub total_cost: i64,
    pub total_points: i32,
    pub version: i32,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub checked_out_at: Option<NaiveDateTime>,
}

impl BallotRow {
    pub fn is_checked_out(&self) -> bool {
        self.state == BallotState::CheckedOut
    }
}

/// A line with what the checks need: the project's cost and heading.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LineRow {
    pub project_id: ProjectId,
    pub points: i32,
    pub position: i32,
    pub cost: i64,
    pub heading_id: HeadingId,
}

pub fn find(conn: &mut DbConn, id: BallotId) -> DbResult<Option<BallotRow>> {
    ballots::table.find(id).select(BallotRow::as_select()).first(conn).optional()
}

pub fn find_of_user(conn: &mut DbConn, budget_id: BudgetId, user_id: UserId) -> DbResult<Option<BallotRow>> {
    ballots::table
        .filter(ballots::budget_id.eq(budget_id))
        .filter(ballots::user_id.eq(user_id))
        .select(BallotRow::as_select())
        .first(conn)
        .optional()
}

/// A confirmed ballot by its public voter id.
pub fn find_by_voter_id(conn: &mut DbConn, budget_id: BudgetId, voter_id: &str) -> DbResult<Option<BallotRow>> {
    ballots::table
        .filter(ballots::budget_id.eq(budget_id))
        .filter(ballots::voter_id.eq(voter_id))
        .filter(ballots::state.eq(BallotState::CheckedOut))
        .select(BallotRow::as_select())
        .first(conn)
        .optional()
}

/// The resident's ballot, created empty in `heading_id` if they have none. The unique
/// constraint (budget, user) decides between parallel first requests.
pub fn find_or_create(
    conn: &mut DbConn,
    budget_id: BudgetId,
    heading_id: HeadingId,
    user_id: UserId,
    now: NaiveDateTime,
) -> DbResult<BallotRow> {
    let query = diesel::insert_into(ballots::table)
        .values((
            ballots::budget_id.eq(budget_id),
            ballots::heading_id.eq(heading_id),
            ballots::user_id.eq(user_id),
            ballots::state.eq(BallotState::Open),
            ballots::created_at.eq(now),
            ballots::updated_at.eq(now),
        ))
        .on_conflict((ballots::budget_id, ballots::user_id))
        .do_nothing();
    crate::on_each_backend!(conn, |c| query.execute(c))?;
    find_of_user(conn, budget_id, user_id)?.ok_or(diesel::result::Error::NotFound)
}

/// Takes the ballot's row lock for the rest of the transaction and returns the row
/// as it is now.
pub fn lock(conn: &mut DbConn, id: BallotId, now: NaiveDateTime) -> DbResult<Option<BallotRow>> {
    let n = diesel::update(ballots::table.find(id))
        .set((ballots::version.eq(ballots::version + 1), ballots::updated_at.eq(now)))
        .execute(conn)?;
    if n == 0 {
        return Ok(None);
    }
    find(conn, id)
}

/// The lines of a ballot, in the order they were added.
pub fn lines_of(conn: &mut DbConn, ballot_id: BallotId) -> DbResult<Vec<LineRow>> {
    let rows: Vec<(ProjectId, i32, i32, i64, HeadingId)> = ballot_lines::table
        .inner_join(budget_projects::table)
        .filter(ballot_lines::ballot_id.eq(ballot_id))
        .order(ballot_lines::position.asc())
        .select((
            ballot_lines::project_id,
            ballot_lines::points,
            ballot_lines::position,
            budget_projects::cost,
            budget_projects::heading_id,
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(project_id, points, position, cost, heading_id)| LineRow {
            project_id,
            points,
            position,
            cost,
            heading_id,
        })
        .collect())
}

/// Adds or replaces a line (a new points value for a project already there).
pub fn put_line(
    conn: &mut DbConn,
    ballot_id: BallotId,
    project_id: ProjectId,
    points: i32,
    position: i32,
) -> DbResult<()> {
    let query = diesel::insert_into(ballot_lines::table)
        .values((
            ballot_lines::ballot_id.eq(ballot_id),
            ballot_lines::project_id.eq(project_id),
            ballot_lines::points.eq(points),
            ballot_lines::position.eq(position),
        ))
        .on_conflict((ballot_lines::ballot_id, ballot_lines::project_id))
        .do_update()
        .set(ballot_lines::points.eq(points));
    crate::on_each_backend!(conn, |c| query.execute(c)).map(|_| ())
}

pub fn delete_line(conn: &mut DbConn, ballot_id: BallotId, project_id: ProjectId) -> DbResult<bool> {
    diesel::delete(ballot_lines::table.find((ballot_id, project_id))).execute(conn).map(|n| n == 1)
}

/// Stores the running totals shown on every page (kept in the same transaction as the lines).
pub fn set_totals(
    conn: &mut DbConn,
    id: BallotId,
    line_count: i32,
    total_cost: i64,
    total_points: i32,
) -> DbResult<()> {
    diesel::update(ballots::table.find(id))
        .set((
            ballots::line_count.eq(line_count),
            ballots::total_cost.eq(total_cost),
            ballots::total_points.eq(total_points),
        ))
        .execute(conn)
        .map(|_| ())
}

/// Moves an empty, open ballot to another heading.
pub fn set_heading(conn: &mut DbConn, id: BallotId, heading_id: HeadingId) -> DbResult<bool> {
    diesel::update(
        ballots::table.find(id).filter(ballots::state.eq(BallotState::Open)).filter(ballots::line_count.eq(0)),
    )
    .set(ballots::heading_id.eq(heading_id))
    .execute(conn)
    .map(|n| n == 1)
}

/// Open → checked out with its public voter id.
pub fn check_out(conn: &mut DbConn, id: BallotId, voter_id: &str, now: NaiveDateTime) -> DbResult<bool> {
    diesel::update(ballots::table.find(id).filter(ballots::state.eq(BallotState::Open)))
        .set((
            ballots::state.eq(BallotState::CheckedOut),
            ballots::voter_id.eq(voter_id),
            ballots::checked_out_at.eq(now),
        ))
        .execute(conn)
        .map(|n| n == 1)
}

/// Checked out → open: the resident changes their vote; the old receipt stops counting.
pub fn reopen(conn: &mut DbConn, id: BallotId) -> DbResult<bool> {
    diesel::update(ballots::table.find(id).filter(ballots::state.eq(BallotState::CheckedOut)))
        .set((
            ballots::state.eq(BallotState::Open),
            ballots::voter_id.eq(None::<String>),
            ballots::checked_out_at.eq(None::<NaiveDateTime>),
        ))
        .execute(conn)
        .map(|n| n == 1)
}

/// When voting closes: unconfirmed ballots are deleted (they never counted) and
/// confirmed ones detached from their accounts. Returns (deleted, detached).
pub fn seal(conn: &mut DbConn, budget_id: BudgetId) -> DbResult<(usize, usize)> {
    let deleted = diesel::delete(
        ballots::table.filter(ballots::budget_id.eq(budget_id)).filter(ballots::state.eq(BallotState::Open)),
    )
    .execute(conn)?;
    let detached = diesel::update(ballots::table.filter(ballots::budget_id.eq(budget_id)))
        .set(ballots::user_id.eq(None::<i64>))
        .execute(conn)?;
    Ok((deleted, detached))
}

pub fn count_checked_out(conn: &mut DbConn, heading_id: HeadingId) -> DbResult<i64> {
    ballots::table
        .filter(ballots::heading_id.eq(heading_id))
        .filter(ballots::state.eq(BallotState::CheckedOut))
        .count()
        .get_result(conn)
}

/// One counted vote: (ballot id, voter id, project id, points), for the tally and the
/// published ballot file. Ordered by ballot, then line position.
pub type VoteRow = (BallotId, Option<String>, ProjectId, i32);

/// Every line of the confirmed ballots of a heading.
pub fn votes_of_heading(conn: &mut DbConn, heading_id: HeadingId) -> DbResult<Vec<VoteRow>> {
    ballot_lines::table
        .inner_join(ballots::table)
        .filter(ballots::heading_id.eq(heading_id))
        .filter(ballots::state.eq(BallotState::CheckedOut))
        .order((ballots::id.asc(), ballot_lines::position.asc()))
        .select((ballots::id, ballots::voter_id, ballot_lines::project_id, ballot_lines::points))
        .load(conn)
}

/// Confirmed ballots of a heading without lines (they still count towards turnout).
pub fn empty_checked_out(conn: &mut DbConn, heading_id: HeadingId) -> DbResult<Vec<(BallotId, Option<String>)>> {
    ballots::table
        .filter(ballots::heading_id.eq(heading_id))
        .filter(ballots::state.eq(BallotState::CheckedOut))
        .filter(ballots::line_count.eq(0))
        .select((ballots::id, ballots::voter_id))
        .load(conn)
}

/// A ballot read from a Pabulib file.
#[derive(Debug, Clone)]
pub struct ImportedBallot {
    pub voter_id: String,
    /// (project id, points)
    pub lines: Vec<(ProjectId, i32)>,
    pub total_cost: i64,
}

/// Inserts imported ballots (confirmed, no account) in batches.
pub fn insert_imported(
    conn: &mut DbConn,
    budget_id: BudgetId,
    heading_id: HeadingId,
    ballots_in: &[ImportedBallot],
    now: NaiveDateTime,
) -> DbResult<()> {
    const BATCH: usize = 500;
    for chunk in ballots_in.chunks(BATCH) {
        let rows: Vec<_> = chunk
            .iter()
            .map(|b| {
                (
                    ballots::budget_id.eq(budget_id),
                    ballots::heading_id.eq(heading_id),
                    ballots::state.eq(BallotState::CheckedOut),
                    ballots::voter_id.eq(b.voter_id.as_str()),
                    ballots::line_count.eq(b.lines.len() as i32),
                    ballots::total_cost.eq(b.total_cost),
                    ballots::total_points.eq(b.lines.iter().map(|l| l.1).sum::<i32>()),
                    ballots::created_at.eq(now),
                    ballots::updated_at.eq(now),
                    ballots::checked_out_at.eq(now),
                )
            })
            .collect();
        let insert = diesel::insert_into(ballots::table).values(&rows);
        crate::on_each_backend!(&mut *conn, |c| insert.execute(c))?;
        let voter_ids: Vec<&str> = chunk.iter().map(|b| b.voter_id.as_str()).collect();
        let ids: Vec<(i64, Option<String>)> = ballots::table
            .filter(ballots::budget_id.eq(budget_id))
            .filter(ballots::voter_id.eq_any(&voter_ids))
            .select((ballots::id, ballots::voter_id))
            .load(conn)?;
        let by_voter: std::collections::HashMap<&str, i64> =
            ids.iter().filter_map(|(id, v)| v.as_deref().map(|v| (v, *id))).collect();
        let mut lines = Vec::new();
        for b in chunk {
            let Some(&ballot_id) = by_voter.get(b.voter_id.as_str()) else { continue };
            for (pos, (project_id, points)) in b.lines.iter().enumerate() {
                lines.push((
                    ballot_lines::ballot_id.eq(ballot_id),
                    ballot_lines::project_id.eq(*project_id),
                    ballot_lines::points.eq(*points),
                    ballot_lines::position.eq(pos as i32),
                ));
            }
        }
        for lines_chunk in lines.chunks(2_000) {
            let insert = diesel::insert_into(ballot_lines::table).values(lines_chunk);
            crate::on_each_backend!(&mut *conn, |c| insert.execute(c))?;
        }
    }
    Ok(())
}
