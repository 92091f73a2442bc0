//! Proposals: the write model and the counters kept in the same transaction as the
//! rows they count; the list query with keyset pagination is in `list.rs`.

use crate::schema::{proposals, supports};
use crate::{DbConn, DbResult};
use chrono::NaiveDateTime;
use diesel::prelude::*;
use yoriai_domain::ids::{CategoryId, CustomStateId, DistrictId, ProcessId, ProposalId, UserId};
use yoriai_domain::proposal::{AnswerState, ProposalState};

mod list;

pub use list::*;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = proposals)]
pub struct ProposalRow {
    pub id: ProposalId,
    pub process_id: ProcessId,
    pub author_id: Option<UserId>,
    pub title: String,
    pub body: String,
    pub category_id: Option<CategoryId>,
    pub district_id: Option<DistrictId>,
    pub address: Option<String>,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    pub state: ProposalState,
    pub support_count: i32,
    pub comment_count: i32,
    pub follower_count: i32,
    pub report_count: i32,
    pub hidden_at: Option<NaiveDateTime>,
    pub reached_at: Option<NaiveDateTime>,
    pub random_rank: i32,
    pub search_terms: String,
    pub answer_state: Option<AnswerState>,
    pub answer_custom_state_id: Option<CustomStateId>,
    pub answer_text: Option<String>,
    pub answer_cost: Option<i64>,
    pub answered_at: Option<NaiveDateTime>,
    pub answer_published_at: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub published_at: Option<NaiveDateTime>,
    pub withdrawn_at: Option<NaiveDateTime>,
}

/// The editable content of a proposal.
#[derive(Debug, Clone, Insertable, AsChangeset)]
#[diesel(table_name = proposals)]
#[diesel(treat_none_as_null = true)]
pub struct ProposalContent<'a> {
    pub title: &'a str,
    pub body: &'a str,
    pub category_id: Option<CategoryId>,
    pub district_id: Option<DistrictId>,
    pub address: Option<&'a str>,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    pub search_terms: &'a str,
    pub updated_at: NaiveDateTime,
}

pub fn insert_draft(
    conn: &mut DbConn,
    process_id: ProcessId,
    author_id: UserId,
    content: &ProposalContent<'_>,
    random_rank: i32,
    now: NaiveDateTime,
) -> DbResult<ProposalId> {
    diesel::insert_into(proposals::table)
        .values((
            content,
            proposals::process_id.eq(process_id),
            proposals::author_id.eq(author_id),
            proposals::state.eq(ProposalState::Draft),
            proposals::random_rank.eq(random_rank),
            proposals::created_at.eq(now),
        ))
        .returning(proposals::id)
        .get_result(conn)
}

pub fn find(conn: &mut DbConn, id: ProposalId) -> DbResult<Option<ProposalRow>> {
    proposals::table.find(id).select(ProposalRow::as_select()).first(conn).optional()
}

pub fn update_content(conn: &mut DbConn, id: ProposalId, content: &ProposalContent<'_>) -> DbResult<bool> {
    diesel::update(proposals::table.find(id)).set(content).execute(conn).map(|n| n == 1)
}

/// Draft → published; `false` if it was no longer a draft (a double click).
pub fn publish(conn: &mut DbConn, id: ProposalId, now: NaiveDateTime) -> DbResult<bool> {
    diesel::update(proposals::table.find(id).filter(proposals::state.eq(ProposalState::Draft)))
        .set((
            proposals::state.eq(ProposalState::Published),
            proposals::published_at.eq(now),
            proposals::updated_at.eq(now),
        ))
        .execute(conn)
        .map(|n| n == 1)
}

/// Published → withdrawn.
pub fn withdraw(conn: &mut DbConn, id: ProposalId, now: NaiveDateTime) -> DbResult<bool> {
    diesel::update(proposals::table.find(id).filter(proposals::state.eq(ProposalState::Published)))
        .set((
            proposals::state.eq(ProposalState::Withdrawn),
            proposals::withdrawn_at.eq(now),
            proposals::updated_at.eq(now),
        ))
        .execute(conn)
        .map(|n| n == 1)
}

/// Adds one counted support unless that would pass `cap` (the threshold, when
/// supports may not accumulate beyond it). The condition is in the UPDATE, so
/// parallel supports cannot overshoot.
pub fn count_support(conn: &mut DbConn, id: ProposalId, cap: Option<i32>) -> DbResult<bool> {
    let updated = match cap {
        Some(cap) => diesel::update(proposals::table.find(id).filter(proposals::support_count.lt(cap)))
            .set(proposals::support_count.eq(proposals::support_count + 1))
            .execute(conn)?,
        None => diesel::update(proposals::table.find(id))
            .set(proposals::support_count.eq(proposals::support_count + 1))
            .execute(conn)?,
    };
    Ok(updated == 1)
}

pub fn uncount_support(conn: &mut DbConn, id: ProposalId) -> DbResult<()> {
    diesel::update(proposals::table.find(id).filter(proposals::support_count.gt(0)))
        .set(proposals::support_count.eq(proposals::support_count - 1))
        .execute(conn)
        .map(|_| ())
}

/// Keeps `reached_at` in step with the threshold: set when reached, cleared below it.
pub fn refresh_reached(
    conn: &mut DbConn,
    id: ProposalId,
    threshold: Option<i32>,
    now: NaiveDateTime,
) -> DbResult<bool> {
    let Some(threshold) = threshold else { return Ok(false) };
    let newly = diesel::update(
        proposals::table
            .find(id)
            .filter(proposals::reached_at.is_null())
            .filter(proposals::support_count.ge(threshold)),
    )
    .set(proposals::reached_at.eq(now))
    .execute(conn)?;
    diesel::update(
        proposals::table
            .find(id)
            .filter(proposals::reached_at.is_not_null())
            .filter(proposals::support_count.lt(threshold)),
    )
    .set(proposals::reached_at.eq(None::<NaiveDateTime>))
    .execute(conn)?;
    Ok(newly == 1)
}

pub fn add_comment_count(conn: &mut DbConn, id: ProposalId, delta: i32) -> DbResult<()> {
    diesel::update(proposals::table.find(id))
        .set(proposals::comment_count.eq(proposals::comment_count + delta))
        .execute(conn)
        .map(|_| ())
}

pub fn add_follower_count(conn: &mut DbConn, id: ProposalId, delta: i32) -> DbResult<()> {
    diesel::update(proposals::table.find(id))
        .set(proposals::follower_count.eq(proposals::follower_count + delta))
        .execute(conn)
        .map(|_| ())
}

pub fn set_report_count(conn: &mut DbConn, id: ProposalId, count: i32) -> DbResult<()> {
    diesel::update(proposals::table.find(id)).set(proposals::report_count.eq(count)).execute(conn).map(|_| ())
}

pub fn set_hidden(conn: &mut DbConn, id: ProposalId, hidden_at: Option<NaiveDateTime>) -> DbResult<()> {
    diesel::update(proposals::table.find(id)).set(proposals::hidden_at.eq(hidden_at)).execute(conn).map(|_| ())
}

/// Hides every proposal of an author (blocking hides their content).
pub fn hide_all_of(conn: &mut DbConn, author_id: UserId, now: NaiveDateTime) -> DbResult<usize> {
    diesel::update(proposals::table.filter(proposals::author_id.eq(author_id)).filter(proposals::hidden_at.is_null()))
        .set(proposals::hidden_at.eq(now))
        .execute(conn)
}

/// The official answer. With `publish` it is visible at once; otherwise it waits for
/// [`publish_answers`].
pub struct Answer<'a> {
    pub state: AnswerState,
    pub custom_state_id: Option<CustomStateId>,
    pub text: &'a str,
    pub cost: Option<i64>,
}

pub fn set_answer(
    conn: &mut DbConn,
    id: ProposalId,
    answer: &Answer<'_>,
    publish: bool,
    now: NaiveDateTime,
) -> DbResult<()> {
    diesel::update(proposals::table.find(id))
        .set((
            proposals::answer_state.eq(answer.state),
            proposals::answer_custom_state_id.eq(answer.custom_state_id),
            proposals::answer_text.eq(answer.text),
            proposals::answer_cost.eq(answer.cost),
            proposals::answered_at.eq(now),
            proposals::answer_published_at.eq(publish.then_some(now)),
            proposals::updated_at.eq(now),
        ))
        .execute(conn)
        .map(|_| ())
}

/// Proposals of a process answered but not yet published.
pub fn unpublished_answers(conn: &mut DbConn, process_id: ProcessId) -> DbResult<Vec<ProposalId>> {
    proposals::table
        .filter(proposals::process_id.eq(process_id))
        .filter(proposals::answered_at.is_not_null())
        .filter(proposals::answer_published_at.is_null())
        .select(proposals::id)
        .order(proposals::id.asc())
        .load(conn)
}

/// The proposals whose answers wait to be published: (id, title), oldest first.
pub fn unpublished_answer_titles(
    conn: &mut DbConn,
    process_id: ProcessId,
    limit: i64,
) -> DbResult<Vec<(ProposalId, String)>> {
    proposals::table
        .filter(proposals::process_id.eq(process_id))
        .filter(proposals::answered_at.is_not_null())
        .filter(proposals::answer_published_at.is_null())
        .select((proposals::id, proposals::title))
        .order(proposals::id.asc())
        .limit(limit)
        .load(conn)
}

/// Publishes the given pending answers; returns those that were still pending.
pub fn publish_answers(conn: &mut DbConn, ids: &[ProposalId], now: NaiveDateTime) -> DbResult<Vec<ProposalId>> {
    let mut published = Vec::new();
    for id in ids {
        let n = diesel::update(
            proposals::table
                .find(*id)
                .filter(proposals::answered_at.is_not_null())
                .filter(proposals::answer_published_at.is_null()),
        )
        .set(proposals::answer_published_at.eq(now))
        .execute(conn)?;
        if n == 1 {
            published.push(*id);
        }
    }
    Ok(published)
}

/// The author's drafts in a process, newest first.
pub fn drafts_of(conn: &mut DbConn, process_id: ProcessId, author_id: UserId) -> DbResult<Vec<ProposalRow>> {
    proposals::table
        .filter(proposals::process_id.eq(process_id))
        .filter(proposals::author_id.eq(author_id))
        .filter(proposals::state.eq(ProposalState::Draft))
        .order(proposals::id.desc())
        .select(ProposalRow::as_select())
        .load(conn)
}

pub fn count_published(conn: &mut DbConn, process_id: ProcessId) -> DbResult<i64> {
    proposals::table
        .filter(proposals::process_id.eq(process_id))
        .filter(proposals::state.ne(ProposalState::Draft))
        .filter(proposals::hidden_at.is_null())
        .count()
        .get_result(conn)
}

/// Which of `ids` the user supports (one query for a whole page).
pub fn supported_among(conn: &mut DbConn, user_id: UserId, ids: &[ProposalId]) -> DbResult<Vec<ProposalId>> {
    supports::table
        .filter(supports::user_id.eq(user_id))
        .filter(supports::proposal_id.eq_any(ids))
        .select(supports::proposal_id)
        .load(conn)
}

/// Published, visible proposals of a process that staff may turn into budget projects:
/// accepted ones first, then by supports. (id, title, answer state)
pub fn promotable(
    conn: &mut DbConn,
    process_id: ProcessId,
    limit: i64,
) -> DbResult<Vec<(ProposalId, String, Option<String>)>> {
    let mut rows: Vec<(ProposalId, String, Option<String>, i32)> = proposals::table
        .filter(proposals::process_id.eq(process_id))
        .filter(proposals::state.eq(ProposalState::Published))
        .filter(proposals::hidden_at.is_null())
        .order((proposals::support_count.desc(), proposals::id.asc()))
        .limit(limit)
        .select((proposals::id, proposals::title, proposals::answer_state, proposals::support_count))
        .load(conn)?;
    rows.sort_by_key(|r| (r.2.as_deref() != Some("accepted"), -r.3, r.0));
    Ok(rows.into_iter().map(|(id, title, state, _)| (id, title, state)).collect())
}
