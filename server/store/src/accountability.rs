//! Council decisions (with their documents and the items they decide on) and
//! accountability results (with their progress updates and links).

use crate::schema::{
    budget_projects, budgets, decision_documents, decision_links, decisions, proposals, reports, result_links,
    result_updates, results,
};
use crate::{DbConn, DbResult};
use chrono::NaiveDateTime;
use diesel::prelude::*;
use yoriai_domain::accountability::{Outcome, ResultStatus};
use yoriai_domain::item::ItemKind;
use yoriai_domain::proposal::ProposalState;
use yoriai_domain::{DecisionId, DocumentId, ProcessId, ResultId, ResultUpdateId, UploadId, UserId};

// ---- decisions ----

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = decisions)]
pub struct DecisionRow {
    pub id: DecisionId,
    pub process_id: Option<ProcessId>,
    pub body_name: String,
    pub decided_on: String,
    pub title_ja: String,
    pub title_en: String,
    pub body_ja: String,
    pub body_en: String,
    pub outcome: Outcome,
    pub votes_for: Option<i32>,
    pub votes_against: Option<i32>,
    pub votes_abstain: Option<i32>,
    pub author_id: Option<UserId>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub search_terms: String,
}

#[derive(Debug, Clone, AsChangeset, Insertable)]
#[diesel(table_name = decisions, treat_none_as_null = true)]
pub struct DecisionFields<'a> {
    pub process_id: Option<ProcessId>,
    pub body_name: &'a str,
    pub decided_on: &'a str,
    pub title_ja: &'a str,
    pub title_en: &'a str,
    pub body_ja: &'a str,
    pub body_en: &'a str,
    pub outcome: Outcome,
    pub votes_for: Option<i32>,
    pub votes_against: Option<i32>,
    pub votes_abstain: Option<i32>,
    pub search_terms: &'a str,
}

pub fn insert_decision(
    conn: &mut DbConn,
    fields: &DecisionFields<'_>,
    author: Option<UserId>,
    now: NaiveDateTime,
) -> DbResult<DecisionId> {
    diesel::insert_into(decisions::table)
        .values((fields, decisions::author_id.eq(author), decisions::created_at.eq(now), decisions::updated_at.eq(now)))
        .returning(decisions::id)
        .get_result(conn)
}

pub fn update_decision(
    conn: &mut DbConn,
    id: DecisionId,
    fields: &DecisionFields<'_>,
    now: NaiveDateTime,
) -> DbResult<bool> {
    diesel::update(decisions::table.find(id)).set((fields, decisions::updated_at.eq(now))).execute(conn).map(|n| n == 1)
}

pub fn find_decision(conn: &mut DbConn, id: DecisionId) -> DbResult<Option<DecisionRow>> {
    decisions::table.find(id).select(DecisionRow::as_select()).first(conn).optional()
}

/// Newest first (by the day decided), keyset-paginated by `(decided_on, id)`.
pub fn list_decisions(
    conn: &mut DbConn,
    outcome: Option<&str>,
    before: Option<(&str, DecisionId)>,
    limit: i64,
) -> DbResult<Vec<DecisionRow>> {
    let mut q = decisions::table.select(DecisionRow::as_select()).into_boxed();
    if let Some(o) = outcome {
        q = q.filter(decisions::outcome.eq(o.to_owned()));
    }
    if let Some((day, id)) = before {
        q = q.filter(
            decisions::decided_on
                .lt(day.to_owned())
                .or(decisions::decided_on.eq(day.to_owned()).and(decisions::id.lt(id))),
        );
    }
    q.order((decisions::decided_on.desc(), decisions::id.desc())).limit(limit).load(conn)
}

pub fn count_decisions(conn: &mut DbConn) -> DbResult<i64> {
    decisions::table.count().get_result(conn)
}

/// Replaces the decision's links with `links` (`(item_type, item_id)`); returns the
/// links that are new.
pub fn set_decision_links(
    conn: &mut DbConn,
    id: DecisionId,
    links: &[(ItemKind, i64)],
) -> DbResult<Vec<(ItemKind, i64)>> {
    let old: Vec<(ItemKind, i64)> = decision_links::table
        .filter(decision_links::decision_id.eq(id))
        .select((decision_links::item_type, decision_links::item_id))
        .load(conn)?;
    diesel::delete(decision_links::table.filter(decision_links::decision_id.eq(id))).execute(conn)?;
    let mut added = Vec::new();
    for (t, item) in links {
        diesel::insert_into(decision_links::table)
            .values((
                decision_links::decision_id.eq(id),
                decision_links::item_type.eq(*t),
                decision_links::item_id.eq(*item),
            ))
            .execute(conn)?;
        if !old.iter().any(|(ot, oi)| ot == t && oi == item) {
            added.push((*t, *item));
        }
    }
    Ok(added)
}

pub fn decision_links_of(conn: &mut DbConn, id: DecisionId) -> DbResult<Vec<(ItemKind, i64)>> {
    decision_links::table
        .filter(decision_links::decision_id.eq(id))
        .order((decision_links::item_type.asc(), decision_links::item_id.asc()))
        .select((decision_links::item_type, decision_links::item_id))
        .load(conn)
}

/// The decisions on one item, newest first.
pub fn decisions_on(conn: &mut DbConn, item_type: ItemKind, item_id: i64) -> DbResult<Vec<DecisionRow>> {
    decisions::table
        .inner_join(decision_links::table)
        .filter(decision_links::item_type.eq(item_type).and(decision_links::item_id.eq(item_id)))
        .order((decisions::decided_on.desc(), decisions::id.desc()))
        .select(DecisionRow::as_select())
        .load(conn)
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = decision_documents)]
pub struct DocumentRow {
    pub id: DocumentId,
    pub decision_id: DecisionId,
    pub storage_key: String,
    pub file_name: String,
    pub bytes: i64,
    pub created_at: NaiveDateTime,
}

pub fn insert_document(
    conn: &mut DbConn,
    decision_id: DecisionId,
    storage_key: &str,
    file_name: &str,
    bytes: i64,
    now: NaiveDateTime,
) -> DbResult<DocumentId> {
    diesel::insert_into(decision_documents::table)
        .values((
            decision_documents::decision_id.eq(decision_id),
            decision_documents::storage_key.eq(storage_key),
            decision_documents::file_name.eq(file_name),
            decision_documents::bytes.eq(bytes),
            decision_documents::created_at.eq(now),
        ))
        .returning(decision_documents::id)
        .get_result(conn)
}

pub fn documents_of(conn: &mut DbConn, decision_id: DecisionId) -> DbResult<Vec<DocumentRow>> {
    decision_documents::table
        .filter(decision_documents::decision_id.eq(decision_id))
        .order(decision_documents::id.asc())
        .select(DocumentRow::as_select())
        .load(conn)
}

pub fn find_document(conn: &mut DbConn, id: DocumentId) -> DbResult<Option<DocumentRow>> {
    decision_documents::table.find(id).select(DocumentRow::as_select()).first(conn).optional()
}

pub fn delete_document(conn: &mut DbConn, id: DocumentId) -> DbResult<bool> {
    diesel::delete(decision_documents::table.find(id)).execute(conn).map(|n| n == 1)
}

// ---- which linked items exist ----

/// The ids among `ids` that exist as `item_type` (published proposals, any project,
/// confirmed reports, any decision).
pub fn existing(conn: &mut DbConn, item_type: ItemKind, ids: &[i64]) -> DbResult<Vec<i64>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    match item_type {
        ItemKind::Proposal => proposals::table
            .filter(proposals::id.eq_any(ids).and(proposals::state.ne(ProposalState::Draft)))
            .select(proposals::id)
            .load(conn),
        ItemKind::Project => {
            budget_projects::table.filter(budget_projects::id.eq_any(ids)).select(budget_projects::id).load(conn)
        }
        ItemKind::Report => reports::table
            .filter(reports::id.eq_any(ids).and(reports::confirmed_at.is_not_null()))
            .select(reports::id)
            .load(conn),
        ItemKind::Decision => decisions::table.filter(decisions::id.eq_any(ids)).select(decisions::id).load(conn),
        // Nothing links to a result.
        ItemKind::Result => Ok(Vec::new()),
    }
}

/// The process of each item that has one (`(id, process)`; street reports have none,
/// decisions and results may have none).
pub fn processes_of(conn: &mut DbConn, item_type: ItemKind, ids: &[i64]) -> DbResult<Vec<(i64, Option<i64>)>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    match item_type {
        ItemKind::Proposal => proposals::table
            .filter(proposals::id.eq_any(ids))
            .select((proposals::id, proposals::process_id.nullable()))
            .load(conn),
        ItemKind::Project => budget_projects::table
            .inner_join(budgets::table.on(budgets::id.eq(budget_projects::budget_id)))
            .filter(budget_projects::id.eq_any(ids))
            .select((budget_projects::id, budgets::process_id.nullable()))
            .load(conn),
        ItemKind::Decision => {
            decisions::table.filter(decisions::id.eq_any(ids)).select((decisions::id, decisions::process_id)).load(conn)
        }
        ItemKind::Report | ItemKind::Result => Ok(ids.iter().map(|i| (*i, None)).collect()),
    }
}

/// Titles of linked items, for the pages: `(item_type, id, title)`, by kind word and id.
pub fn item_titles(conn: &mut DbConn, links: &[(ItemKind, i64)]) -> DbResult<Vec<(ItemKind, i64, String)>> {
    let ids_of = |t: ItemKind| -> Vec<i64> { links.iter().filter(|(lt, _)| *lt == t).map(|(_, i)| *i).collect() };
    let mut out = Vec::new();
    let p: Vec<(i64, String)> = proposals::table
        .filter(proposals::id.eq_any(ids_of(ItemKind::Proposal)))
        .select((proposals::id, proposals::title))
        .load(conn)?;
    out.extend(p.into_iter().map(|(i, t)| (ItemKind::Proposal, i, t)));
    let pr: Vec<(i64, String)> = budget_projects::table
        .filter(budget_projects::id.eq_any(ids_of(ItemKind::Project)))
        .select((budget_projects::id, budget_projects::title))
        .load(conn)?;
    out.extend(pr.into_iter().map(|(i, t)| (ItemKind::Project, i, t)));
    let r: Vec<(i64, String)> = reports::table
        .filter(reports::id.eq_any(ids_of(ItemKind::Report)))
        .select((reports::id, reports::title))
        .load(conn)?;
    out.extend(r.into_iter().map(|(i, t)| (ItemKind::Report, i, t)));
    let d: Vec<(i64, String)> = decisions::table
        .filter(decisions::id.eq_any(ids_of(ItemKind::Decision)))
        .select((decisions::id, decisions::title_ja))
        .load(conn)?;
    out.extend(d.into_iter().map(|(i, t)| (ItemKind::Decision, i, t)));
    out.sort_by(|a, b| (a.0.as_str(), a.1).cmp(&(b.0.as_str(), b.1)));
    Ok(out)
}

// ---- results ----

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = results)]
pub struct ResultRow {
    pub id: ResultId,
    pub process_id: Option<ProcessId>,
    pub parent_id: Option<ResultId>,
    pub title_ja: String,
    pub title_en: String,
    pub description_ja: String,
    pub description_en: String,
    pub status: ResultStatus,
    pub custom_status_ja: String,
    pub custom_status_en: String,
    pub progress: i32,
    pub starts_on: Option<String>,
    pub ends_on: Option<String>,
    pub budget: Option<i64>,
    pub child_count: i32,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub search_terms: String,
}

#[derive(Debug, Clone, AsChangeset, Insertable)]
#[diesel(table_name = results, treat_none_as_null = true)]
pub struct ResultFields<'a> {
    pub process_id: Option<ProcessId>,
    pub parent_id: Option<ResultId>,
    pub title_ja: &'a str,
    pub title_en: &'a str,
    pub description_ja: &'a str,
    pub description_en: &'a str,
    pub status: ResultStatus,
    pub custom_status_ja: &'a str,
    pub custom_status_en: &'a str,
    pub starts_on: Option<&'a str>,
    pub ends_on: Option<&'a str>,
    pub budget: Option<i64>,
    pub search_terms: &'a str,
}

pub fn insert_result(
    conn: &mut DbConn,
    fields: &ResultFields<'_>,
    progress: i32,
    now: NaiveDateTime,
) -> DbResult<ResultId> {
    diesel::insert_into(results::table)
        .values((fields, results::progress.eq(progress), results::created_at.eq(now), results::updated_at.eq(now)))
        .returning(results::id)
        .get_result(conn)
}

pub fn update_result(conn: &mut DbConn, id: ResultId, fields: &ResultFields<'_>, now: NaiveDateTime) -> DbResult<bool> {
    diesel::update(results::table.find(id)).set((fields, results::updated_at.eq(now))).execute(conn).map(|n| n == 1)
}

pub fn set_progress(
    conn: &mut DbConn,
    id: ResultId,
    progress: i32,
    status: Option<&str>,
    now: NaiveDateTime,
) -> DbResult<()> {
    match status {
        Some(s) => diesel::update(results::table.find(id))
            .set((results::progress.eq(progress), results::status.eq(s), results::updated_at.eq(now)))
            .execute(conn)?,
        None => diesel::update(results::table.find(id))
            .set((results::progress.eq(progress), results::updated_at.eq(now)))
            .execute(conn)?,
    };
    Ok(())
}

pub fn find_result(conn: &mut DbConn, id: ResultId) -> DbResult<Option<ResultRow>> {
    results::table.find(id).select(ResultRow::as_select()).first(conn).optional()
}

/// Top-level results (or the children of `parent`), oldest first.
pub fn list_results(
    conn: &mut DbConn,
    parent: Option<ResultId>,
    after: Option<ResultId>,
    limit: i64,
) -> DbResult<Vec<ResultRow>> {
    let mut q = results::table.select(ResultRow::as_select()).into_boxed();
    q = match parent {
        Some(p) => q.filter(results::parent_id.eq(p)),
        None => q.filter(results::parent_id.is_null()),
    };
    if let Some(a) = after {
        q = q.filter(results::id.gt(a));
    }
    q.order(results::id.asc()).limit(limit).load(conn)
}

pub fn children_progress(conn: &mut DbConn, parent: ResultId) -> DbResult<Vec<i32>> {
    results::table.filter(results::parent_id.eq(parent)).select(results::progress).load(conn)
}

pub fn set_child_count(conn: &mut DbConn, id: ResultId) -> DbResult<()> {
    let n: i64 = results::table.filter(results::parent_id.eq(id)).count().get_result(conn)?;
    diesel::update(results::table.find(id)).set(results::child_count.eq(n as i32)).execute(conn)?;
    Ok(())
}

pub fn set_result_links(conn: &mut DbConn, id: ResultId, links: &[(ItemKind, i64)]) -> DbResult<()> {
    diesel::delete(result_links::table.filter(result_links::result_id.eq(id))).execute(conn)?;
    for (t, item) in links {
        diesel::insert_into(result_links::table)
            .values((result_links::result_id.eq(id), result_links::item_type.eq(*t), result_links::item_id.eq(*item)))
            .execute(conn)?;
    }
    Ok(())
}

pub fn result_links_of(conn: &mut DbConn, id: ResultId) -> DbResult<Vec<(ItemKind, i64)>> {
    result_links::table
        .filter(result_links::result_id.eq(id))
        .order((result_links::item_type.asc(), result_links::item_id.asc()))
        .select((result_links::item_type, result_links::item_id))
        .load(conn)
}

/// The results that name an item.
pub fn results_on(conn: &mut DbConn, item_type: ItemKind, item_id: i64) -> DbResult<Vec<ResultRow>> {
    results::table
        .inner_join(result_links::table)
        .filter(result_links::item_type.eq(item_type).and(result_links::item_id.eq(item_id)))
        .order(results::id.asc())
        .select(ResultRow::as_select())
        .load(conn)
}

/// Proposals linked to a result (to notify their audiences).
pub fn linked_ids(conn: &mut DbConn, result_id: ResultId, item_type: ItemKind) -> DbResult<Vec<i64>> {
    result_links::table
        .filter(result_links::result_id.eq(result_id).and(result_links::item_type.eq(item_type)))
        .select(result_links::item_id)
        .load(conn)
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = result_updates)]
pub struct ResultUpdateRow {
    pub id: ResultUpdateId,
    pub result_id: ResultId,
    pub body: String,
    pub progress: Option<i32>,
    pub status: Option<ResultStatus>,
    pub image_id: Option<UploadId>,
    pub author_id: Option<UserId>,
    pub created_at: NaiveDateTime,
}

/// A new entry in a result's timeline.
#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = result_updates)]
pub struct NewResultUpdate<'a> {
    pub result_id: ResultId,
    pub body: &'a str,
    pub progress: Option<i32>,
    pub status: Option<&'a str>,
    pub image_id: Option<UploadId>,
    pub author_id: Option<UserId>,
    pub created_at: NaiveDateTime,
}

pub fn insert_update(conn: &mut DbConn, new: &NewResultUpdate<'_>) -> DbResult<ResultUpdateId> {
    diesel::insert_into(result_updates::table).values(new).returning(result_updates::id).get_result(conn)
}

/// A result's timeline, newest first.
pub fn updates_of(conn: &mut DbConn, result_id: ResultId) -> DbResult<Vec<ResultUpdateRow>> {
    result_updates::table
        .filter(result_updates::result_id.eq(result_id))
        .order(result_updates::id.desc())
        .select(ResultUpdateRow::as_select())
        .load(conn)
}

/// English titles of decisions (`results = false`) or results, by id, where given.
pub fn english_titles(conn: &mut DbConn, results: bool, ids: &[i64]) -> DbResult<Vec<(i64, String)>> {
    use crate::schema::{decisions, results as res};
    let rows: Vec<(i64, String)> = if results {
        res::table.filter(res::id.eq_any(ids)).select((res::id, res::title_en)).load(conn)?
    } else {
        decisions::table.filter(decisions::id.eq_any(ids)).select((decisions::id, decisions::title_en)).load(conn)?
    };
    Ok(rows.into_iter().filter(|(_, t)| !t.trim().is_empty()).collect())
}
