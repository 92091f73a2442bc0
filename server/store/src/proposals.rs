//! Proposals: the write model, the counters kept in the same transaction as the rows
//! they count, and the list query with keyset pagination.

use crate::schema::{categories, proposal_states, proposals, supports, users};
use crate::{DbConn, DbResult};
use chrono::NaiveDateTime;
use diesel::prelude::*;
use yoriai_domain::ids::{ProcessId, ProposalId, UserId};
use yoriai_domain::proposal::{AnswerState, ProposalState};

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = proposals)]
pub struct ProposalRow {
    pub id: ProposalId,
    pub process_id: ProcessId,
    pub author_id: Option<UserId>,
    pub title: String,
    pub body: String,
    pub category_id: Option<i64>,
    pub district_id: Option<i64>,
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
    pub answer_custom_state_id: Option<i64>,
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
    pub category_id: Option<i64>,
    pub district_id: Option<i64>,
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
    pub custom_state_id: Option<i64>,
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

// ---- the list ----

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sort {
    Recent,
    MostSupported,
    MostCommented,
    /// A random order that is stable for one visitor: the `random_rank` index walked
    /// from the visitor's `pivot`, wrapping around once.
    Random {
        pivot: i32,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StateFilter {
    /// Published (answered or not) — the default list.
    Published,
    NotAnswered,
    Evaluating,
    Accepted,
    Rejected,
    Withdrawn,
    /// Reached the phase's support threshold.
    Reached,
}

/// Where the previous page ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cursor {
    /// For the random order: 0 on the first lap (ranks from the pivot), 1 after wrapping.
    pub lap: u8,
    /// The sort key of the last row (micro-seconds for dates).
    pub value: i64,
    pub id: i64,
}

impl Cursor {
    /// `lap.value.id`, opaque to visitors but readable in URLs.
    pub fn encode(&self) -> String {
        format!("{}.{}.{}", self.lap, self.value, self.id)
    }

    pub fn decode(s: &str) -> Option<Cursor> {
        let mut parts = s.split('.');
        let lap = parts.next()?.parse().ok()?;
        let value = parts.next()?.parse().ok()?;
        let id = parts.next()?.parse().ok()?;
        (parts.next().is_none() && lap <= 1).then_some(Cursor { lap, value, id })
    }
}

#[derive(Debug, Clone)]
pub struct ListQuery {
    pub process_id: ProcessId,
    pub sort: Sort,
    pub state: StateFilter,
    pub category_id: Option<i64>,
    pub district_id: Option<i64>,
    pub author_id: Option<UserId>,
    pub supported_by: Option<UserId>,
    pub include_hidden: bool,
    pub after: Option<Cursor>,
    pub limit: i64,
}

/// A row of the list page: the proposal and the names it is shown with.
#[derive(Debug, Clone)]
pub struct ProposalListRow {
    pub proposal: ProposalRow,
    pub category_ja: Option<String>,
    pub category_en: Option<String>,
    pub author_name: Option<String>,
    pub custom_state: Option<(String, String, String)>,
}

fn micros(t: NaiveDateTime) -> i64 {
    t.and_utc().timestamp_micros()
}

fn from_micros(m: i64) -> NaiveDateTime {
    chrono::DateTime::from_timestamp_micros(m).map(|d| d.naive_utc()).unwrap_or_default()
}

type Backend = <DbConn as diesel::Connection>::Backend;

/// One page of proposals, and the cursor of the next page if there is one.
///
/// Every sort walks an index (`process_id, state, <key>, id`) from the cursor, so a
/// deep page costs what the first does.
pub fn list(conn: &mut DbConn, q: &ListQuery) -> DbResult<(Vec<ProposalListRow>, Option<Cursor>)> {
    let mut rows = Vec::new();
    let mut after = q.after;
    // The random order may need a second lap to fill the page.
    for lap in 0..2u8 {
        if let Some(c) = after {
            if c.lap > lap {
                continue;
            }
        }
        let want = q.limit + 1 - rows.len() as i64;
        let mut page = list_lap(conn, q, lap, after.filter(|c| c.lap == lap), want)?;
        rows.append(&mut page);
        if rows.len() as i64 > q.limit || !matches!(q.sort, Sort::Random { .. }) {
            break;
        }
        after = None;
    }
    let next = if rows.len() as i64 > q.limit {
        rows.truncate(q.limit as usize);
        rows.last().map(|r| cursor_of(q.sort, r))
    } else {
        None
    };
    Ok((rows, next))
}

fn cursor_of(sort: Sort, r: &ProposalListRow) -> Cursor {
    let p = &r.proposal;
    match sort {
        Sort::Recent => Cursor { lap: 0, value: p.published_at.map(micros).unwrap_or(0), id: p.id.0 },
        Sort::MostSupported => Cursor { lap: 0, value: i64::from(p.support_count), id: p.id.0 },
        Sort::MostCommented => Cursor { lap: 0, value: i64::from(p.comment_count), id: p.id.0 },
        Sort::Random { pivot } => {
            Cursor { lap: u8::from(p.random_rank < pivot), value: i64::from(p.random_rank), id: p.id.0 }
        }
    }
}

fn list_lap(
    conn: &mut DbConn,
    q: &ListQuery,
    lap: u8,
    after: Option<Cursor>,
    limit: i64,
) -> DbResult<Vec<ProposalListRow>> {
    let mut query = proposals::table
        .left_join(categories::table)
        .left_join(users::table)
        .left_join(proposal_states::table)
        .filter(proposals::process_id.eq(q.process_id))
        .select((
            ProposalRow::as_select(),
            categories::name_ja.nullable(),
            categories::name_en.nullable(),
            users::display_name.nullable(),
            proposal_states::key.nullable(),
            proposal_states::label_ja.nullable(),
            proposal_states::label_en.nullable(),
            proposal_states::colour.nullable(),
        ))
        .into_boxed::<Backend>();

    let answered = proposals::answer_published_at.is_not_null();
    query = match q.state {
        StateFilter::Published => query.filter(proposals::state.eq(ProposalState::Published)),
        StateFilter::Withdrawn => query.filter(proposals::state.eq(ProposalState::Withdrawn)),
        StateFilter::NotAnswered => {
            query.filter(proposals::state.eq(ProposalState::Published)).filter(proposals::answer_published_at.is_null())
        }
        StateFilter::Evaluating => query
            .filter(proposals::state.eq(ProposalState::Published))
            .filter(answered)
            .filter(proposals::answer_state.eq(AnswerState::Evaluating)),
        StateFilter::Accepted => query
            .filter(proposals::state.eq(ProposalState::Published))
            .filter(answered)
            .filter(proposals::answer_state.eq(AnswerState::Accepted)),
        StateFilter::Rejected => query
            .filter(proposals::state.eq(ProposalState::Published))
            .filter(answered)
            .filter(proposals::answer_state.eq(AnswerState::Rejected)),
        StateFilter::Reached => {
            query.filter(proposals::state.eq(ProposalState::Published)).filter(proposals::reached_at.is_not_null())
        }
    };
    if !q.include_hidden {
        query = query.filter(proposals::hidden_at.is_null());
    }
    if let Some(c) = q.category_id {
        query = query.filter(proposals::category_id.eq(c));
    }
    if let Some(d) = q.district_id {
        query = query.filter(proposals::district_id.eq(d));
    }
    if let Some(a) = q.author_id {
        query = query.filter(proposals::author_id.eq(a));
    }
    if let Some(u) = q.supported_by {
        query = query.filter(
            proposals::id.eq_any(supports::table.filter(supports::user_id.eq(u)).select(supports::proposal_id)),
        );
    }

    query = match q.sort {
        Sort::Recent => {
            if let Some(c) = after {
                let t = from_micros(c.value);
                query = query.filter(
                    proposals::published_at
                        .lt(t)
                        .or(proposals::published_at.eq(t).and(proposals::id.lt(ProposalId(c.id)))),
                );
            }
            query.order((proposals::published_at.desc(), proposals::id.desc()))
        }
        Sort::MostSupported => {
            if let Some(c) = after {
                let v = c.value as i32;
                query = query.filter(
                    proposals::support_count
                        .lt(v)
                        .or(proposals::support_count.eq(v).and(proposals::id.lt(ProposalId(c.id)))),
                );
            }
            query.order((proposals::support_count.desc(), proposals::id.desc()))
        }
        Sort::MostCommented => {
            if let Some(c) = after {
                let v = c.value as i32;
                query = query.filter(
                    proposals::comment_count
                        .lt(v)
                        .or(proposals::comment_count.eq(v).and(proposals::id.lt(ProposalId(c.id)))),
                );
            }
            query.order((proposals::comment_count.desc(), proposals::id.desc()))
        }
        Sort::Random { pivot } => {
            query = if lap == 0 {
                query.filter(proposals::random_rank.ge(pivot))
            } else {
                query.filter(proposals::random_rank.lt(pivot))
            };
            if let Some(c) = after {
                let v = c.value as i32;
                query = query.filter(
                    proposals::random_rank
                        .gt(v)
                        .or(proposals::random_rank.eq(v).and(proposals::id.gt(ProposalId(c.id)))),
                );
            }
            query.order((proposals::random_rank.asc(), proposals::id.asc()))
        }
    };

    #[allow(clippy::type_complexity)]
    let rows: Vec<(
        ProposalRow,
        Option<String>,
        Option<String>,
        Option<String>,
        Option<String>,
        Option<String>,
        Option<String>,
        Option<String>,
    )> = query.limit(limit).load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(proposal, category_ja, category_en, author_name, state_key, label_ja, label_en, colour)| {
            ProposalListRow {
                proposal,
                category_ja,
                category_en,
                author_name,
                custom_state: state_key.and(label_ja.zip(label_en).zip(colour).map(|((ja, en), c)| (ja, en, c))),
            }
        })
        .collect())
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

#[cfg(test)]
mod tests {
    use super::Cursor;

    #[test]
    fn cursors_round_trip_and_garbage_is_refused() {
        let c = Cursor { lap: 1, value: -42, id: 7 };
        assert_eq!(Cursor::decode(&c.encode()), Some(c));
        for bad in ["", "1.2", "x.1.2", "2.1.1", "0.1.2.3", "0.99999999999999999999.1"] {
            assert_eq!(Cursor::decode(bad), None, "{bad}");
        }
    }
}
