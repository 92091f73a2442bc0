//! Public items for a district and a set of interests: the home page's "for you".
//! Callers pass what the privacy gate released; nothing here reads personal data.

use crate::schema::{budget_headings, budgets, categories, processes, proposals, reports};
use crate::{DbConn, DbResult};
use diesel::prelude::*;
use yoriai_domain::budget::BudgetState;
use yoriai_domain::ids::{BudgetId, CategoryId, DistrictId, ProposalId, ReportId};
use yoriai_domain::proposal::ProposalState;
use yoriai_domain::report::ReportState;

/// Published, visible proposals of public processes in `district` or in a category
/// named like one of `interests`: (id, title, in the district), newest first.
pub fn proposals(
    conn: &mut DbConn,
    district: Option<DistrictId>,
    interests: &[String],
    limit: i64,
) -> DbResult<Vec<(ProposalId, String, bool)>> {
    if district.is_none() && interests.is_empty() {
        return Ok(Vec::new());
    }
    let category_ids: Vec<CategoryId> = if interests.is_empty() {
        Vec::new()
    } else {
        categories::table
            .filter(categories::name_ja.eq_any(interests).or(categories::name_en.eq_any(interests)))
            .select(categories::id)
            .load(conn)?
    };
    let rows: Vec<(ProposalId, String, Option<DistrictId>)> = proposals::table
        .inner_join(processes::table)
        .filter(processes::published.eq(true))
        .filter(proposals::state.eq(ProposalState::Published))
        .filter(proposals::hidden_at.is_null())
        .filter(
            proposals::district_id
                .eq(district.unwrap_or(DistrictId(-1)))
                .or(proposals::category_id.eq_any(&category_ids)),
        )
        .order(proposals::published_at.desc())
        .limit(limit)
        .select((proposals::id, proposals::title, proposals::district_id))
        .load(conn)?;
    Ok(rows.into_iter().map(|(id, t, d)| (id, t, d.is_some() && d == district)).collect())
}

/// Open, public reports in `district`: (id, title), newest first.
pub fn reports(conn: &mut DbConn, district: DistrictId, limit: i64) -> DbResult<Vec<(ReportId, String)>> {
    reports::table
        .filter(reports::district_id.eq(district))
        .filter(reports::visible.eq(true))
        .filter(reports::hidden_at.is_null())
        .filter(reports::state.eq_any(ReportState::with_status(true)))
        .order(reports::created_at.desc())
        .limit(limit)
        .select((reports::id, reports::title))
        .load(conn)
}

/// Budgets with a heading for `district` that are informing or voting:
/// (budget id, title ja, title en).
pub fn budgets(conn: &mut DbConn, district: DistrictId) -> DbResult<Vec<(BudgetId, String, String)>> {
    budget_headings::table
        .inner_join(budgets::table)
        .filter(budget_headings::district_id.eq(district))
        .filter(budgets::state.eq_any([BudgetState::Informing, BudgetState::Voting]))
        .order(budgets::id.desc())
        .select((budgets::id, budgets::title_ja, budgets::title_en))
        .distinct()
        .load(conn)
}

/// Category names in use, for residents to pick their interests from.
pub fn interest_options(conn: &mut DbConn) -> DbResult<Vec<(String, String)>> {
    categories::table
        .inner_join(processes::table)
        .filter(processes::published.eq(true))
        .select((categories::name_ja, categories::name_en))
        .distinct()
        .order((categories::name_ja.asc(), categories::name_en.asc()))
        .limit(200)
        .load(conn)
}
