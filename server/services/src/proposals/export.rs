//! A process's proposals as open data (CSV and JSON): counts, states and answers, and
//! nothing personal (no authors, no emails).

use crate::processes::{load, ProcessRef};
use crate::{ServiceResult, Services};
use serde::Serialize;
use yoriai_domain::{Actor, ProposalId};
use yoriai_store::proposals::{self, Cursor, ListQuery, Sort, StateFilter};

#[derive(Debug, Clone, Serialize)]
pub struct ProposalRecord {
    pub id: ProposalId,
    pub title: String,
    pub body: String,
    pub category_ja: Option<String>,
    pub category_en: Option<String>,
    pub state: String,
    pub support_count: i32,
    pub comment_count: i32,
    pub reached: bool,
    pub answer_state: Option<String>,
    pub answer_text: Option<String>,
    pub answer_cost: Option<i64>,
    pub published_at: Option<String>,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
}

/// Walks every public proposal of the process in pages of `batch`, calling `emit` for
/// each: memory stays constant however many there are.
pub fn export_proposals(
    svc: &Services,
    actor: &Actor,
    slug: &str,
    mut emit: impl FnMut(ProposalRecord),
) -> ServiceResult<()> {
    let mut conn = svc.conn()?;
    let process = load(&mut conn, actor, ProcessRef::Slug(slug))?;
    for state in [StateFilter::Published, StateFilter::Withdrawn] {
        let mut after: Option<Cursor> = None;
        loop {
            let q = ListQuery {
                process_id: process.row.id,
                sort: Sort::Recent,
                state,
                category_id: None,
                district_id: None,
                author_id: None,
                supported_by: None,
                include_hidden: false,
                after,
                limit: 500,
            };
            let (rows, next) = proposals::list(&mut conn, &q)?;
            for r in rows {
                let p = r.proposal;
                let public_answer = p.answer_published_at.is_some();
                emit(ProposalRecord {
                    id: p.id,
                    title: p.title,
                    body: p.body,
                    category_ja: r.category_ja,
                    category_en: r.category_en,
                    state: p.state.as_str().to_owned(),
                    support_count: p.support_count,
                    comment_count: p.comment_count,
                    reached: p.reached_at.is_some(),
                    answer_state: p.answer_state.filter(|_| public_answer).map(|s| s.as_str().to_owned()),
                    answer_text: p.answer_text.filter(|_| public_answer),
                    answer_cost: p.answer_cost.filter(|_| public_answer),
                    published_at: p.published_at.map(|t| t.and_utc().to_rfc3339()),
                    latitude: p.latitude,
                    longitude: p.longitude,
                });
            }
            match next {
                Some(n) => after = Some(n),
                None => break,
            }
        }
    }
    Ok(())
}

/// The CSV header, in the order of [`csv_row`].
pub const CSV_HEADER: &str =
    "id,title,body,category_ja,category_en,state,support_count,comment_count,reached,answer_state,answer_text,answer_cost,published_at,latitude,longitude";

/// One CSV line, CRLF included (`crate::csv`: one rule for every file).
pub fn csv_row(r: &ProposalRecord) -> String {
    crate::csv::Row::new()
        .num(r.id)
        .text(&r.title)
        .text(&r.body)
        .opt_text(r.category_ja.as_deref())
        .opt_text(r.category_en.as_deref())
        .text(&r.state)
        .num(r.support_count)
        .num(r.comment_count)
        .num(r.reached)
        .opt_text(r.answer_state.as_deref())
        .opt_text(r.answer_text.as_deref())
        .opt_num(r.answer_cost)
        .opt_text(r.published_at.as_deref())
        .opt_num(r.latitude)
        .opt_num(r.longitude)
        .line()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_quotes_and_defuses_formulas() {
        let r = ProposalRecord {
            id: ProposalId(1),
            title: "=HYPERLINK(\"x\")".into(),
            body: "line \"one\"\nline two".into(),
            category_ja: None,
            category_en: None,
            state: "published".into(),
            support_count: 3,
            comment_count: 0,
            reached: false,
            answer_state: None,
            answer_text: None,
            answer_cost: None,
            published_at: None,
            latitude: Some(37.5),
            longitude: None,
        };
        let line = csv_row(&r);
        assert!(line.starts_with("1,\"'=HYPERLINK(\"\"x\"\")\",\"line \"\"one\"\"\nline two\""), "{line}");
        assert!(line.ends_with("\r\n"));
        assert_eq!(line.split(',').count(), CSV_HEADER.split(',').count(), "one field per column");
    }
}
