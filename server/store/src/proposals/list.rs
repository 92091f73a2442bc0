//! The proposal list: one page by a sort, with keyset pagination on an index.

use super::ProposalRow;
use crate::schema::{categories, proposal_states, proposals, supports, users};
use crate::{DbConn, DbResult};
use chrono::NaiveDateTime;
use diesel::prelude::*;
use yoriai_domain::ids::{CategoryId, DistrictId, ProcessId, ProposalId, UserId};
use yoriai_domain::proposal::{AnswerState, ProposalState};

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
    pub category_id: Option<CategoryId>,
    pub district_id: Option<DistrictId>,
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
