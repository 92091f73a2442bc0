//! Participatory budgets, their headings and projects.
//!
//! Ballots live in [`crate::ballots`]. State changes are conditional updates on the
//! expected current state, so two staff members pressing "close voting" at once
//! close it once.

use crate::schema::{budget_headings, budget_project_images, budget_projects, budgets, uploads, users};
use crate::uploads::UploadRow;
use crate::{DbConn, DbResult};
use chrono::NaiveDateTime;
use diesel::prelude::*;
use yoriai_domain::budget::{BallotRule, BudgetState, Feasibility, TallyRule};
use yoriai_domain::ids::{BudgetId, CategoryId, DistrictId, HeadingId, ProcessId, ProjectId, ProposalId, UserId};

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = budgets)]
pub struct BudgetRow {
    pub id: BudgetId,
    pub process_id: ProcessId,
    pub title_ja: String,
    pub title_en: String,
    pub description_ja: String,
    pub description_en: String,
    pub currency: String,
    pub ballot_rule: BallotRule,
    pub min_projects: Option<i32>,
    pub max_projects: Option<i32>,
    pub min_share_percent: Option<i32>,
    pub points: Option<i32>,
    pub tally_rule: TallyRule,
    pub requires_verification: bool,
    pub state: BudgetState,
    pub imported_from: Option<String>,
    pub voting_opened_at: Option<NaiveDateTime>,
    pub voting_closed_at: Option<NaiveDateTime>,
    pub tallied_at: Option<NaiveDateTime>,
    pub tallied_rule: Option<String>,
    pub results_published_at: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// What staff edit on a budget.
#[derive(Debug, Clone, Insertable, AsChangeset)]
#[diesel(table_name = budgets)]
#[diesel(treat_none_as_null = true)]
pub struct BudgetFields<'a> {
    pub title_ja: &'a str,
    pub title_en: &'a str,
    pub description_ja: &'a str,
    pub description_en: &'a str,
    pub currency: &'a str,
    pub ballot_rule: BallotRule,
    pub min_projects: Option<i32>,
    pub max_projects: Option<i32>,
    pub min_share_percent: Option<i32>,
    pub points: Option<i32>,
    pub tally_rule: TallyRule,
    pub requires_verification: bool,
    pub updated_at: NaiveDateTime,
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = budget_headings)]
pub struct HeadingRow {
    pub id: HeadingId,
    pub budget_id: BudgetId,
    pub name_ja: String,
    pub name_en: String,
    pub district_id: Option<DistrictId>,
    pub amount: i64,
    pub position: i32,
    pub ballot_count: i32,
    pub eligible_count: Option<i32>,
    pub funded_cost: Option<i64>,
}

#[derive(Debug, Clone, Insertable, AsChangeset)]
#[diesel(table_name = budget_headings)]
#[diesel(treat_none_as_null = true)]
pub struct HeadingFields<'a> {
    pub name_ja: &'a str,
    pub name_en: &'a str,
    pub district_id: Option<DistrictId>,
    pub amount: i64,
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = budget_projects)]
pub struct ProjectRow {
    pub id: ProjectId,
    pub budget_id: BudgetId,
    pub heading_id: HeadingId,
    pub title: String,
    pub description: String,
    pub cost: i64,
    pub category_id: Option<CategoryId>,
    pub address: Option<String>,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    pub proposal_id: Option<ProposalId>,
    pub external_id: Option<String>,
    pub feasibility: Feasibility,
    pub feasibility_reason: String,
    pub valuated_by: Option<UserId>,
    pub valuated_at: Option<NaiveDateTime>,
    pub votes: Option<i64>,
    pub selected: bool,
    pub selection_order: Option<i32>,
    pub search_terms: String,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// What staff edit on a project.
#[derive(Debug, Clone, Insertable, AsChangeset)]
#[diesel(table_name = budget_projects)]
#[diesel(treat_none_as_null = true)]
pub struct ProjectFields<'a> {
    pub heading_id: HeadingId,
    pub title: &'a str,
    pub description: &'a str,
    pub cost: i64,
    pub category_id: Option<CategoryId>,
    pub address: Option<&'a str>,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    pub search_terms: &'a str,
    pub updated_at: NaiveDateTime,
}

// ---- budgets ----

pub fn insert_budget(
    conn: &mut DbConn,
    process_id: ProcessId,
    fields: &BudgetFields<'_>,
    imported_from: Option<&str>,
    now: NaiveDateTime,
) -> DbResult<BudgetId> {
    diesel::insert_into(budgets::table)
        .values((
            fields,
            budgets::process_id.eq(process_id),
            budgets::state.eq(BudgetState::Preparing),
            budgets::imported_from.eq(imported_from),
            budgets::created_at.eq(now),
        ))
        .returning(budgets::id)
        .get_result(conn)
}

pub fn find_budget(conn: &mut DbConn, id: BudgetId) -> DbResult<Option<BudgetRow>> {
    budgets::table.find(id).select(BudgetRow::as_select()).first(conn).optional()
}

pub fn budgets_of(conn: &mut DbConn, process_id: ProcessId) -> DbResult<Vec<BudgetRow>> {
    budgets::table
        .filter(budgets::process_id.eq(process_id))
        .order(budgets::id.asc())
        .select(BudgetRow::as_select())
        .load(conn)
}

pub fn update_budget(conn: &mut DbConn, id: BudgetId, fields: &BudgetFields<'_>) -> DbResult<bool> {
    diesel::update(budgets::table.find(id)).set(fields).execute(conn).map(|n| n == 1)
}

pub fn delete_budget(conn: &mut DbConn, id: BudgetId) -> DbResult<bool> {
    diesel::delete(budgets::table.find(id)).execute(conn).map(|n| n == 1)
}

/// Moves a budget from `from` to `to`; `false` when it was not in `from` (someone
/// else moved it first). Stamps the timestamp that belongs to the new state.
pub fn transition(
    conn: &mut DbConn,
    id: BudgetId,
    from: BudgetState,
    to: BudgetState,
    now: NaiveDateTime,
) -> DbResult<bool> {
    let target = budgets::table.find(id).filter(budgets::state.eq(from));
    let n = match to {
        BudgetState::Voting => diesel::update(target)
            .set((budgets::state.eq(to), budgets::voting_opened_at.eq(now), budgets::updated_at.eq(now)))
            .execute(conn)?,
        BudgetState::Closed if from == BudgetState::Voting => diesel::update(target)
            .set((budgets::state.eq(to), budgets::voting_closed_at.eq(now), budgets::updated_at.eq(now)))
            .execute(conn)?,
        BudgetState::Published => diesel::update(target)
            .set((budgets::state.eq(to), budgets::results_published_at.eq(now), budgets::updated_at.eq(now)))
            .execute(conn)?,
        _ => diesel::update(target).set((budgets::state.eq(to), budgets::updated_at.eq(now))).execute(conn)?,
    };
    Ok(n == 1)
}

/// Records that results were computed with `rule`.
pub fn set_tallied(conn: &mut DbConn, id: BudgetId, rule: &str, now: NaiveDateTime) -> DbResult<()> {
    diesel::update(budgets::table.find(id))
        .set((budgets::tallied_at.eq(now), budgets::tallied_rule.eq(rule), budgets::updated_at.eq(now)))
        .execute(conn)
        .map(|_| ())
}

pub fn set_tally_rule(conn: &mut DbConn, id: BudgetId, rule: TallyRule, now: NaiveDateTime) -> DbResult<()> {
    diesel::update(budgets::table.find(id))
        .set((budgets::tally_rule.eq(rule), budgets::updated_at.eq(now)))
        .execute(conn)
        .map(|_| ())
}

// ---- headings ----

pub fn insert_heading(conn: &mut DbConn, budget_id: BudgetId, fields: &HeadingFields<'_>) -> DbResult<HeadingId> {
    let position: Option<i32> = budget_headings::table
        .filter(budget_headings::budget_id.eq(budget_id))
        .select(diesel::dsl::max(budget_headings::position))
        .first(conn)?;
    diesel::insert_into(budget_headings::table)
        .values((
            fields,
            budget_headings::budget_id.eq(budget_id),
            budget_headings::position.eq(position.map_or(0, |p| p + 1)),
        ))
        .returning(budget_headings::id)
        .get_result(conn)
}

pub fn update_heading(conn: &mut DbConn, id: HeadingId, fields: &HeadingFields<'_>) -> DbResult<bool> {
    diesel::update(budget_headings::table.find(id)).set(fields).execute(conn).map(|n| n == 1)
}

pub fn delete_heading(conn: &mut DbConn, id: HeadingId) -> DbResult<bool> {
    diesel::delete(budget_headings::table.find(id)).execute(conn).map(|n| n == 1)
}

pub fn find_heading(conn: &mut DbConn, id: HeadingId) -> DbResult<Option<HeadingRow>> {
    budget_headings::table.find(id).select(HeadingRow::as_select()).first(conn).optional()
}

pub fn headings_of(conn: &mut DbConn, budget_id: BudgetId) -> DbResult<Vec<HeadingRow>> {
    budget_headings::table
        .filter(budget_headings::budget_id.eq(budget_id))
        .order((budget_headings::position.asc(), budget_headings::id.asc()))
        .select(HeadingRow::as_select())
        .load(conn)
}

/// Headings of several budgets: one query for a list of budgets.
pub fn headings_of_many(conn: &mut DbConn, budget_ids: &[BudgetId]) -> DbResult<Vec<HeadingRow>> {
    budget_headings::table
        .filter(budget_headings::budget_id.eq_any(budget_ids))
        .order((budget_headings::budget_id.asc(), budget_headings::position.asc(), budget_headings::id.asc()))
        .select(HeadingRow::as_select())
        .load(conn)
}

pub fn add_ballot_count(conn: &mut DbConn, heading_id: HeadingId, delta: i32) -> DbResult<()> {
    diesel::update(budget_headings::table.find(heading_id))
        .set(budget_headings::ballot_count.eq(budget_headings::ballot_count + delta))
        .execute(conn)
        .map(|_| ())
}

pub fn set_ballot_count(conn: &mut DbConn, heading_id: HeadingId, count: i32) -> DbResult<()> {
    diesel::update(budget_headings::table.find(heading_id))
        .set(budget_headings::ballot_count.eq(count))
        .execute(conn)
        .map(|_| ())
}

pub fn set_heading_tally(
    conn: &mut DbConn,
    heading_id: HeadingId,
    eligible: Option<i32>,
    funded_cost: Option<i64>,
) -> DbResult<()> {
    diesel::update(budget_headings::table.find(heading_id))
        .set((budget_headings::eligible_count.eq(eligible), budget_headings::funded_cost.eq(funded_cost)))
        .execute(conn)
        .map(|_| ())
}

/// Accounts that may take part: confirmed and not blocked (turnout's denominator for
/// budgets open to every signed-in resident).
pub fn count_active_accounts(conn: &mut DbConn) -> DbResult<i64> {
    users::table
        .filter(users::email_confirmed_at.is_not_null())
        .filter(users::blocked_at.is_null())
        .count()
        .get_result(conn)
}

// ---- projects ----

pub fn insert_project(
    conn: &mut DbConn,
    budget_id: BudgetId,
    fields: &ProjectFields<'_>,
    proposal_id: Option<ProposalId>,
    now: NaiveDateTime,
) -> DbResult<ProjectId> {
    diesel::insert_into(budget_projects::table)
        .values((
            fields,
            budget_projects::budget_id.eq(budget_id),
            budget_projects::proposal_id.eq(proposal_id),
            budget_projects::created_at.eq(now),
        ))
        .returning(budget_projects::id)
        .get_result(conn)
}

/// A project read from a Pabulib file.
#[derive(Debug, Clone)]
pub struct ImportedProject {
    pub heading_id: HeadingId,
    pub external_id: String,
    pub title: String,
    pub description: String,
    pub cost: i64,
    pub category_id: Option<CategoryId>,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    pub search_terms: String,
}

/// Inserts imported projects (feasible: they were on the city's ballot) and returns
/// their ids in input order.
pub fn insert_imported_projects(
    conn: &mut DbConn,
    budget_id: BudgetId,
    projects: &[ImportedProject],
    now: NaiveDateTime,
) -> DbResult<Vec<ProjectId>> {
    let mut ids = Vec::with_capacity(projects.len());
    for p in projects {
        let id = diesel::insert_into(budget_projects::table)
            .values((
                budget_projects::budget_id.eq(budget_id),
                budget_projects::heading_id.eq(p.heading_id),
                budget_projects::title.eq(&p.title),
                budget_projects::description.eq(&p.description),
                budget_projects::cost.eq(p.cost),
                budget_projects::category_id.eq(p.category_id),
                budget_projects::latitude.eq(p.latitude),
                budget_projects::longitude.eq(p.longitude),
                budget_projects::external_id.eq(&p.external_id),
                budget_projects::feasibility.eq(Feasibility::Feasible),
                budget_projects::search_terms.eq(&p.search_terms),
                budget_projects::created_at.eq(now),
                budget_projects::updated_at.eq(now),
            ))
            .returning(budget_projects::id)
            .get_result(conn)?;
        ids.push(id);
    }
    Ok(ids)
}

pub fn update_project(conn: &mut DbConn, id: ProjectId, fields: &ProjectFields<'_>) -> DbResult<bool> {
    diesel::update(budget_projects::table.find(id)).set(fields).execute(conn).map(|n| n == 1)
}

pub fn delete_project(conn: &mut DbConn, id: ProjectId) -> DbResult<bool> {
    diesel::delete(budget_projects::table.find(id)).execute(conn).map(|n| n == 1)
}

pub fn find_project(conn: &mut DbConn, id: ProjectId) -> DbResult<Option<ProjectRow>> {
    budget_projects::table.find(id).select(ProjectRow::as_select()).first(conn).optional()
}

/// A budget's projects, by heading then id.
pub fn projects_of(conn: &mut DbConn, budget_id: BudgetId) -> DbResult<Vec<ProjectRow>> {
    budget_projects::table
        .filter(budget_projects::budget_id.eq(budget_id))
        .order((budget_projects::heading_id.asc(), budget_projects::id.asc()))
        .select(ProjectRow::as_select())
        .load(conn)
}

pub fn count_projects_in_heading(conn: &mut DbConn, heading_id: HeadingId) -> DbResult<i64> {
    budget_projects::table.filter(budget_projects::heading_id.eq(heading_id)).count().get_result(conn)
}

/// Projects made from a proposal (a proposal page links to them).
pub fn projects_of_proposal(conn: &mut DbConn, proposal_id: ProposalId) -> DbResult<Vec<ProjectRow>> {
    budget_projects::table
        .filter(budget_projects::proposal_id.eq(proposal_id))
        .order(budget_projects::id.asc())
        .select(ProjectRow::as_select())
        .load(conn)
}

/// A valuator's decision; `cost` replaces the estimate when given.
pub fn set_feasibility(
    conn: &mut DbConn,
    id: ProjectId,
    feasibility: Feasibility,
    reason: &str,
    cost: Option<i64>,
    by: UserId,
    now: NaiveDateTime,
) -> DbResult<bool> {
    let target = budget_projects::table.find(id);
    let common = (
        budget_projects::feasibility.eq(feasibility),
        budget_projects::feasibility_reason.eq(reason),
        budget_projects::valuated_by.eq(by),
        budget_projects::valuated_at.eq(now),
        budget_projects::updated_at.eq(now),
    );
    let n = match cost {
        Some(cost) => diesel::update(target).set((common, budget_projects::cost.eq(cost))).execute(conn)?,
        None => diesel::update(target).set(common).execute(conn)?,
    };
    Ok(n == 1)
}

/// Clears a budget's results before a new tally.
pub fn clear_tally(conn: &mut DbConn, budget_id: BudgetId) -> DbResult<()> {
    diesel::update(budget_projects::table.filter(budget_projects::budget_id.eq(budget_id)))
        .set((
            budget_projects::votes.eq(None::<i64>),
            budget_projects::selected.eq(false),
            budget_projects::selection_order.eq(None::<i32>),
        ))
        .execute(conn)
        .map(|_| ())
}

pub fn set_project_tally(
    conn: &mut DbConn,
    id: ProjectId,
    votes: i64,
    selected: bool,
    selection_order: Option<i32>,
) -> DbResult<()> {
    diesel::update(budget_projects::table.find(id))
        .set((
            budget_projects::votes.eq(votes),
            budget_projects::selected.eq(selected),
            budget_projects::selection_order.eq(selection_order),
        ))
        .execute(conn)
        .map(|_| ())
}

// ---- project images ----

pub fn images_of_project(conn: &mut DbConn, project_id: ProjectId) -> DbResult<Vec<UploadRow>> {
    budget_project_images::table
        .inner_join(uploads::table)
        .filter(budget_project_images::project_id.eq(project_id))
        .order(budget_project_images::position.asc())
        .select(UploadRow::as_select())
        .load(conn)
}

/// The first image of each project of a budget: one query for the whole list.
pub fn first_images_of_budget(conn: &mut DbConn, budget_id: BudgetId) -> DbResult<Vec<(ProjectId, UploadRow)>> {
    let rows: Vec<(ProjectId, i32, UploadRow)> = budget_project_images::table
        .inner_join(uploads::table)
        .inner_join(budget_projects::table)
        .filter(budget_projects::budget_id.eq(budget_id))
        .order((budget_project_images::project_id.asc(), budget_project_images::position.asc()))
        .select((budget_project_images::project_id, budget_project_images::position, UploadRow::as_select()))
        .load(conn)?;
    let mut out: Vec<(ProjectId, UploadRow)> = Vec::new();
    for (pid, _, upload) in rows {
        if out.last().is_none_or(|(last, _)| *last != pid) {
            out.push((pid, upload));
        }
    }
    Ok(out)
}
