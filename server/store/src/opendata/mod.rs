//! Public data, read in id order a batch at a time (keyset), so an export of millions
//! of rows holds one batch in memory. Every query here selects only public columns of
//! public rows: no account, name, email, phone or address of a resident.

use crate::schema::{
    budget_projects, budgets, categories, decision_links, decisions, departments, districts, processes, proposals,
    report_categories, reports, result_links, result_updates, results,
};
use crate::{DbConn, DbResult};
use chrono::NaiveDateTime;
use diesel::prelude::*;
use yoriai_domain::budget::BudgetState;
use yoriai_domain::proposal::ProposalState;

mod accountability;
pub use accountability::*;

/// One value of a row.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Int(Option<i64>),
    Num(Option<f64>),
    Text(Option<String>),
    Bool(bool),
    Time(Option<NaiveDateTime>),
}

fn i(v: i64) -> Cell {
    Cell::Int(Some(v))
}
fn oi(v: Option<i64>) -> Cell {
    Cell::Int(v)
}
fn oi32(v: Option<i32>) -> Cell {
    Cell::Int(v.map(i64::from))
}
fn s(v: String) -> Cell {
    Cell::Text(Some(v))
}
fn os(v: Option<String>) -> Cell {
    Cell::Text(v)
}

/// A batch: rows with the cursor to continue after.
pub type Batch = (Vec<Vec<Cell>>, Option<i64>);

fn batch(rows: Vec<(i64, Vec<Cell>)>, limit: i64) -> Batch {
    let next = if rows.len() as i64 == limit { rows.last().map(|r| r.0) } else { None };
    (rows.into_iter().map(|r| r.1).collect(), next)
}

type ProcessTuple = (i64, String, String, String, String, String, Option<i64>, NaiveDateTime);

pub fn processes(conn: &mut DbConn, after: i64, limit: i64) -> DbResult<Batch> {
    let rows: Vec<ProcessTuple> = processes::table
        .filter(processes::published.and(processes::id.gt(after)))
        .order(processes::id.asc())
        .limit(limit)
        .select((
            processes::id,
            processes::slug,
            processes::title_ja,
            processes::title_en,
            processes::description_ja,
            processes::description_en,
            processes::district_id,
            processes::created_at,
        ))
        .load(conn)?;
    Ok(batch(
        rows.into_iter()
            .map(|r| (r.0, vec![i(r.0), s(r.1), s(r.2), s(r.3), s(r.4), s(r.5), oi(r.6), Cell::Time(Some(r.7))]))
            .collect(),
        limit,
    ))
}

type ProposalTuple = (
    i64,
    i64,
    String,
    String,
    String,
    Option<i64>,
    Option<i64>,
    Option<f64>,
    Option<f64>,
    i32,
    i32,
    Option<String>,
    Option<String>,
    Option<i64>,
    Option<NaiveDateTime>,
    Option<NaiveDateTime>,
);

/// Published (or withdrawn) proposals that are not hidden; answers only once public.
pub fn proposals(conn: &mut DbConn, after: i64, limit: i64) -> DbResult<Batch> {
    let rows: Vec<ProposalTuple> = proposals::table
        .inner_join(processes::table)
        .filter(
            proposals::id
                .gt(after)
                .and(proposals::state.ne(ProposalState::Draft))
                .and(proposals::hidden_at.is_null())
                .and(processes::published),
        )
        .order(proposals::id.asc())
        .limit(limit)
        .select((
            proposals::id,
            proposals::process_id,
            proposals::title,
            proposals::body,
            proposals::state,
            proposals::category_id,
            proposals::district_id,
            proposals::latitude,
            proposals::longitude,
            proposals::support_count,
            proposals::comment_count,
            proposals::answer_state,
            proposals::answer_text,
            proposals::answer_cost,
            proposals::answer_published_at,
            proposals::published_at,
        ))
        .load(conn)?;
    Ok(batch(
        rows.into_iter()
            .map(|r| {
                let public = r.14.is_some();
                (
                    r.0,
                    vec![
                        i(r.0),
                        i(r.1),
                        s(r.2),
                        s(r.3),
                        s(r.4),
                        oi(r.5),
                        oi(r.6),
                        Cell::Num(r.7),
                        Cell::Num(r.8),
                        i(i64::from(r.9)),
                        i(i64::from(r.10)),
                        os(r.11.filter(|_| public)),
                        os(r.12.filter(|_| public)),
                        oi(r.13.filter(|_| public)),
                        Cell::Time(r.14),
                        Cell::Time(r.15),
                    ],
                )
            })
            .collect(),
        limit,
    ))
}

pub fn categories(conn: &mut DbConn, after: i64, limit: i64) -> DbResult<Batch> {
    let rows: Vec<(i64, i64, String, String)> = categories::table
        .filter(categories::id.gt(after))
        .order(categories::id.asc())
        .limit(limit)
        .select((categories::id, categories::process_id, categories::name_ja, categories::name_en))
        .load(conn)?;
    Ok(batch(rows.into_iter().map(|r| (r.0, vec![i(r.0), i(r.1), s(r.2), s(r.3)])).collect(), limit))
}

pub fn districts(conn: &mut DbConn, after: i64, limit: i64) -> DbResult<Batch> {
    let rows: Vec<(i64, Option<String>, String, String)> = districts::table
        .filter(districts::id.gt(after))
        .order(districts::id.asc())
        .limit(limit)
        .select((districts::id, districts::code, districts::name_ja, districts::name_en))
        .load(conn)?;
    Ok(batch(rows.into_iter().map(|r| (r.0, vec![i(r.0), os(r.1), s(r.2), s(r.3)])).collect(), limit))
}

type BudgetTuple = (i64, i64, String, String, String, String, String, String, Option<NaiveDateTime>);

pub fn budgets(conn: &mut DbConn, after: i64, limit: i64) -> DbResult<Batch> {
    let rows: Vec<BudgetTuple> = budgets::table
        // Budgets imported from another city's or year's Pabulib file are not this
        // city's data.
        .filter(
            budgets::id.gt(after).and(budgets::state.ne(BudgetState::Preparing)).and(budgets::imported_from.is_null()),
        )
        .order(budgets::id.asc())
        .limit(limit)
        .select((
            budgets::id,
            budgets::process_id,
            budgets::title_ja,
            budgets::title_en,
            budgets::currency,
            budgets::ballot_rule,
            budgets::tally_rule,
            budgets::state,
            budgets::results_published_at,
        ))
        .load(conn)?;
    Ok(batch(
        rows.into_iter()
            .map(|r| (r.0, vec![i(r.0), i(r.1), s(r.2), s(r.3), s(r.4), s(r.5), s(r.6), s(r.7), Cell::Time(r.8)]))
            .collect(),
        limit,
    ))
}

type ProjectTuple = (i64, i64, i64, String, String, i64, String, String, Option<i64>, Option<i64>, bool, BudgetState);

/// Projects of public budgets; votes and selection once the results are published.
pub fn projects(conn: &mut DbConn, after: i64, limit: i64) -> DbResult<Batch> {
    let rows: Vec<ProjectTuple> = budget_projects::table
        .inner_join(budgets::table.on(budgets::id.eq(budget_projects::budget_id)))
        .filter(
            budget_projects::id
                .gt(after)
                .and(budgets::state.ne(BudgetState::Preparing))
                .and(budgets::imported_from.is_null()),
        )
        .order(budget_projects::id.asc())
        .limit(limit)
        .select((
            budget_projects::id,
            budget_projects::budget_id,
            budget_projects::heading_id,
            budget_projects::title,
            budget_projects::description,
            budget_projects::cost,
            budget_projects::feasibility,
            budget_projects::feasibility_reason,
            budget_projects::proposal_id,
            budget_projects::votes,
            budget_projects::selected,
            budgets::state,
        ))
        .load(conn)?;
    Ok(batch(
        rows.into_iter()
            .map(|r| {
                let published = r.11 == BudgetState::Published;
                (
                    r.0,
                    vec![
                        i(r.0),
                        i(r.1),
                        i(r.2),
                        s(r.3),
                        s(r.4),
                        i(r.5),
                        s(r.6),
                        s(r.7),
                        oi(r.8),
                        oi(r.9.filter(|_| published)),
                        Cell::Bool(published && r.10),
                    ],
                )
            })
            .collect(),
        limit,
    ))
}

pub fn report_categories(conn: &mut DbConn, after: i64, limit: i64) -> DbResult<Batch> {
    let rows: Vec<(i64, String, String, String, Option<i64>)> = report_categories::table
        .filter(report_categories::id.gt(after))
        .order(report_categories::id.asc())
        .limit(limit)
        .select((
            report_categories::id,
            report_categories::code,
            report_categories::name_ja,
            report_categories::name_en,
            report_categories::department_id,
        ))
        .load(conn)?;
    Ok(batch(rows.into_iter().map(|r| (r.0, vec![i(r.0), s(r.1), s(r.2), s(r.3), oi(r.4)])).collect(), limit))
}

pub fn departments(conn: &mut DbConn, after: i64, limit: i64) -> DbResult<Batch> {
    let rows: Vec<(i64, String, String)> = departments::table
        .filter(departments::id.gt(after))
        .order(departments::id.asc())
        .limit(limit)
        .select((departments::id, departments::name_ja, departments::name_en))
        .load(conn)?;
    Ok(batch(rows.into_iter().map(|r| (r.0, vec![i(r.0), s(r.1), s(r.2)])).collect(), limit))
}

type ReportTuple = (
    i64,
    i64,
    Option<i64>,
    Option<i64>,
    String,
    String,
    String,
    Option<f64>,
    Option<f64>,
    i32,
    Option<i64>,
    NaiveDateTime,
    Option<NaiveDateTime>,
);

/// Confirmed, visible street reports — what the public list shows. Nothing about the
/// reporter (not even a name they chose to show) and not the typed address.
pub fn reports(conn: &mut DbConn, after: i64, limit: i64) -> DbResult<Batch> {
    let rows: Vec<ReportTuple> = reports::table
        .filter(reports::id.gt(after).and(reports::visible).and(reports::confirmed_at.is_not_null()))
        .order(reports::id.asc())
        .limit(limit)
        .select((
            reports::id,
            reports::category_id,
            reports::district_id,
            reports::department_id,
            reports::title,
            reports::description,
            reports::state,
            reports::latitude,
            reports::longitude,
            reports::me_too_count,
            reports::duplicate_of,
            reports::created_at,
            reports::fixed_at,
        ))
        .load(conn)?;
    Ok(batch(
        rows.into_iter()
            .map(|r| {
                (
                    r.0,
                    vec![
                        i(r.0),
                        i(r.1),
                        oi(r.2),
                        oi(r.3),
                        s(r.4),
                        s(r.5),
                        s(r.6),
                        Cell::Num(r.7),
                        Cell::Num(r.8),
                        i(i64::from(r.9)),
                        oi(r.10),
                        Cell::Time(Some(r.11)),
                        Cell::Time(r.12),
                    ],
                )
            })
            .collect(),
        limit,
    ))
}

/// Rows each dataset will have (for the progress bar): cheap counts.
pub fn count(conn: &mut DbConn, dataset: &str) -> DbResult<i64> {
    match dataset {
        "processes" => processes::table.filter(processes::published).count().get_result(conn),
        "proposals" => proposals::table
            .filter(proposals::state.ne(ProposalState::Draft).and(proposals::hidden_at.is_null()))
            .count()
            .get_result(conn),
        "categories" => categories::table.count().get_result(conn),
        "districts" => districts::table.count().get_result(conn),
        "budgets" => budgets::table.filter(budgets::state.ne(BudgetState::Preparing)).count().get_result(conn),
        "budget_projects" => budget_projects::table.count().get_result(conn),
        "report_categories" => report_categories::table.count().get_result(conn),
        "departments" => departments::table.count().get_result(conn),
        "reports" => {
            reports::table.filter(reports::visible.and(reports::confirmed_at.is_not_null())).count().get_result(conn)
        }
        "decisions" => decisions::table.count().get_result(conn),
        "decision_links" => decision_links::table.count().get_result(conn),
        "results" => results::table.count().get_result(conn),
        "result_links" => result_links::table.count().get_result(conn),
        "result_updates" => result_updates::table.count().get_result(conn),
        _ => Ok(0),
    }
}
