//! One search box across proposals, budget projects, street reports, council
//! decisions and accountability results (Japanese and English alike: see
//! `domain::search` for the terms, `store::backend::search` for the query).

use crate::ServiceResult;
use crate::Services;
use yoriai_domain::item::ItemKind;
use yoriai_domain::search::terms;
use yoriai_domain::stored::TextEnum;
use yoriai_domain::{ErrorCode, FieldError, Locale, Rejection};
use yoriai_views::accountability::{LinkedItem, SearchPage};

/// Longest query accepted, in characters.
pub const MAX_QUERY_CHARS: usize = 200;
const PAGE: i64 = 20;

/// Decisions and results carry a Japanese and an English title; the index holds the
/// Japanese one. English readers get the English title where there is one.
fn localize_titles(conn: &mut yoriai_store::DbConn, hits: &mut [LinkedItem], locale: Locale) -> ServiceResult<()> {
    if locale != Locale::En {
        return Ok(());
    }
    for (kind, results) in [(ItemKind::Decision, false), (ItemKind::Result, true)] {
        let ids: Vec<i64> = hits.iter().filter(|h| h.item_type == kind).map(|h| h.id).collect();
        if ids.is_empty() {
            continue;
        }
        for (id, title) in yoriai_store::accountability::english_titles(conn, results, &ids)? {
            if let Some(h) = hits.iter_mut().find(|h| h.item_type == kind && h.id == id) {
                h.title = title;
            }
        }
    }
    Ok(())
}

pub fn search(svc: &Services, query: &str, kind: Option<&str>, page: i64, locale: Locale) -> ServiceResult<SearchPage> {
    let q = query.trim();
    if q.chars().count() > MAX_QUERY_CHARS {
        return Err(Rejection::fields(vec![
            FieldError::new("q", ErrorCode::TooLong).with_arg("max", MAX_QUERY_CHARS as i64)
        ])
        .into());
    }
    // An unknown kind in the address searches everything, as no kind does.
    let kind = kind.and_then(ItemKind::from_word);
    let page = page.clamp(1, 500);
    let mut out = SearchPage { query: q.to_owned(), kind, page, ..Default::default() };
    if q.is_empty() {
        return Ok(out);
    }
    let words = terms(q, 32);
    if words.is_empty() {
        out.no_terms = true;
        return Ok(out);
    }
    let mut conn = svc.conn()?;
    let mut hits = yoriai_store::backend::search(&mut conn, &words, kind, PAGE + 1, (page - 1) * PAGE)?;
    out.has_next = hits.len() as i64 > PAGE;
    hits.truncate(PAGE as usize);
    out.hits = hits.into_iter().map(|h| LinkedItem { item_type: h.item_type, id: h.item_id, title: h.title }).collect();
    localize_titles(&mut conn, &mut out.hits, locale)?;
    let mut counts: Vec<(ItemKind, i64)> =
        yoriai_store::backend::search_counts(&mut conn, &words)?.into_iter().map(|c| (c.item_type, c.n)).collect();
    counts.sort_by_key(|(k, _)| crate::features::searchable().position(|x| x == *k));
    out.counts = counts;
    Ok(out)
}
