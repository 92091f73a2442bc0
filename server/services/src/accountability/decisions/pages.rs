//! What the decision pages show.

use super::*;

/// Decisions, newest first; `before` is the cursor of the previous page.
pub fn list_decisions(
    svc: &Services,
    actor: &Actor,
    outcome: Option<&str>,
    before: Option<&str>,
) -> ServiceResult<DecisionList> {
    const PAGE: i64 = 30;
    let outcome = outcome.filter(|o| Outcome::parse(o).is_some());
    let cursor = before.and_then(|b| {
        let (day, id) = b.split_once('_')?;
        Some((day.to_owned(), id.parse::<DecisionId>().ok()?))
    });
    let mut conn = svc.conn()?;
    let mut rows = store::list_decisions(&mut conn, outcome, cursor.as_ref().map(|(d, i)| (d.as_str(), *i)), PAGE + 1)?;
    let next = if rows.len() as i64 > PAGE {
        rows.truncate(PAGE as usize);
        rows.last().map(|r| format!("{}_{}", r.decided_on, r.id))
    } else {
        None
    };
    Ok(DecisionList {
        items: rows.iter().map(decision_summary).collect(),
        next,
        can_publish: reach(actor, publish).is_ok(),
    })
}

pub fn decision_page(svc: &Services, actor: &Actor, id: DecisionId) -> ServiceResult<DecisionPage> {
    let mut conn = svc.conn()?;
    let d = store::find_decision(&mut conn, id)?.ok_or(ErrorCode::NotFound)?;
    let links = store::decision_links_of(&mut conn, id)?;
    let can_edit = authorize(actor, &publish(d.process_id)).is_ok();
    let form = can_edit.then(|| DecisionForm {
        id: Some(d.id),
        input: DecisionInput {
            process_id: d.process_id,
            body_name: d.body_name.clone(),
            decided_on: d.decided_on.clone(),
            title_ja: d.title_ja.clone(),
            title_en: d.title_en.clone(),
            body_ja: d.body_ja.clone(),
            body_en: d.body_en.clone(),
            outcome: d.outcome.as_str().to_owned(),
            votes_for: d.votes_for.map(|v| v.to_string()).unwrap_or_default(),
            votes_against: d.votes_against.map(|v| v.to_string()).unwrap_or_default(),
            votes_abstain: d.votes_abstain.map(|v| v.to_string()).unwrap_or_default(),
            proposal_ids: ids_text(&links, ItemKind::Proposal),
            project_ids: ids_text(&links, ItemKind::Project),
            report_ids: ids_text(&links, ItemKind::Report),
        },
    });
    let results = store::results_on(&mut conn, ItemKind::Decision, id.0)?;
    Ok(DecisionPage {
        summary: decision_summary(&d),
        body_html: Bilingual::new(render(&d.body_ja), render(&d.body_en)),
        links: linked_items(&mut conn, &links)?,
        documents: store::documents_of(&mut conn, id)?
            .into_iter()
            .map(|doc| DocumentView { id: doc.id, file_name: doc.file_name, bytes: doc.bytes })
            .collect(),
        results: results.iter().map(crate::accountability::result_summary).collect(),
        can_edit,
        form,
    })
}
