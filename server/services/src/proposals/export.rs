//! A process's proposals as open data (CSV and JSON): counts, states and answers, and
//! nothing personal (no authors, no emails).

use crate::processes::{load, ProcessRef};
use crate::{ServiceResult, Services};
use serde::Serialize;
use yoriai_domain::Actor;
use yoriai_store::proposals::{self, Cursor, ListQuery, Sort, StateFilter};

#[derive(Debug, Clone, Serialize)]
pub struct ProposalRecord {
    pub id: i64,
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
                    state: p.state,
                    support_count: p.support_count,
                    comment_count: p.comment_count,
                    reached: p.reached_at.is_some(),
                    answer_state: p.answer_state.filter(|_| public_answer),
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

/// One CSV line (RFC 4180 quoting; a leading `=`, `+`, `-` or `@` is prefixed with `'`
/// so spreadsheets do not run it as a formula).
pub fn csv_row(r: &ProposalRecord) -> String {
    fn q(s: &str) -> String {
        let s = if s.starts_with(['=', '+', '-', '@']) { format!("'{s}") } else { s.to_owned() };
        format!("\"{}\"", s.replace('"', "\"\""))
    }
    let opt = |s: &Option<String>| s.as_deref().map(q).unwrap_or_default();
    let num = |n: Option<f64>| n.map(|v| v.to_string()).unwrap_or_default();
    [
        r.id.to_string(),
        q(&r.title),
        q(&r.body),
        opt(&r.category_ja),
        opt(&r.category_en),
        q(&r.state),
        r.support_count.to_string(),
        r.comment_count.to_string(),
        r.reached.to_string(),
        opt(&r.answer_state),
        opt(&r.answer_text),
        r.answer_cost.map(|c| c.to_string()).unwrap_or_default(),
        opt(&r.published_at),
        num(r.latitude),
        num(r.longitude),
    ]
    .join(",")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_quotes_and_defuses_formulas() {
        let r = ProposalRecord {
            id: 1,
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
        assert_eq!(line.split(',').count(), CSV_HEADER.split(',').count(), "one field per column");
    }
}
