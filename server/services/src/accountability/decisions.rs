//! Council decisions: published by a council secretary, linked to the proposals,
//! projects and reports they decide on; those items' audiences are told.

use super::{
    check_process, decision_summary, ids_text, linked_items, opt_line, opt_text, parse_count, parse_day, parse_links,
};
use crate::audit::{self, Visibility};
use crate::notify::{self, Kind};
use crate::{ServiceError, ServiceResult, Services};
use serde_json::json;
use yoriai_domain::accountability::{ItemType, Outcome};
use yoriai_domain::text::{render, single_line};
use yoriai_domain::{
    authorize, reach, Action, Actor, DecisionId, DocumentId, ErrorCode, FieldError, FieldErrors, ProcessId, ProposalId,
    Reach, Rejection, ReportId, UserId,
};
use yoriai_store::accountability::{self as store, DecisionFields};
use yoriai_store::DbConn;
use yoriai_views::accountability::{DecisionForm, DecisionList, DecisionPage, DocumentView};
use yoriai_views::Bilingual;

pub use yoriai_views::accountability::DecisionInput;

/// Most documents one decision carries.
pub const MAX_DOCUMENTS: usize = 10;
/// Largest document accepted (20 MiB).
pub const MAX_DOCUMENT_BYTES: usize = 20 * 1024 * 1024;

struct Parsed {
    process_id: Option<ProcessId>,
    body_name: String,
    decided_on: String,
    title_ja: String,
    title_en: String,
    body_ja: String,
    body_en: String,
    outcome: Outcome,
    votes: (Option<i32>, Option<i32>, Option<i32>),
    links: Vec<(ItemType, i64)>,
    terms: String,
}

fn parse(conn: &mut DbConn, input: &DecisionInput) -> ServiceResult<Parsed> {
    let mut e = FieldErrors::new();
    let body_name = e.check("body_name", single_line(&input.body_name, 1, 120));
    let decided_on = match parse_day(&input.decided_on) {
        Ok(Some(d)) => Some(d),
        Ok(None) => {
            e.push(FieldError::new("decided_on", ErrorCode::Required));
            None
        }
        Err(code) => {
            e.push(FieldError::new("decided_on", code));
            None
        }
    };
    let title_ja = e.check("title_ja", single_line(&input.title_ja, 1, 200));
    let title_en = e.check("title_en", opt_line(&input.title_en, 200));
    let body_ja = e.check("body_ja", opt_text(&input.body_ja, 20_000));
    let body_en = e.check("body_en", opt_text(&input.body_en, 20_000));
    let outcome = e.check("outcome", Outcome::parse(&input.outcome).ok_or(ErrorCode::InvalidInput));
    let vf = e.check("votes_for", parse_count(&input.votes_for));
    let va = e.check("votes_against", parse_count(&input.votes_against));
    let vs = e.check("votes_abstain", parse_count(&input.votes_abstain));
    let process_id = check_process(conn, &mut e, input.process_id)?;
    let links = parse_links(
        conn,
        &mut e,
        &[
            (ItemType::Proposal, "proposal_ids", &input.proposal_ids),
            (ItemType::Project, "project_ids", &input.project_ids),
            (ItemType::Report, "report_ids", &input.report_ids),
        ],
    )?;
    match (body_name, decided_on, title_ja, title_en, body_ja, body_en, outcome, vf, va, vs) {
        (
            Some(body_name),
            Some(decided_on),
            Some(title_ja),
            Some(title_en),
            Some(body_ja),
            Some(body_en),
            Some(outcome),
            Some(vf),
            Some(va),
            Some(vs),
        ) if e.is_empty() => Ok(Parsed {
            terms: yoriai_domain::search::index_text(&format!("{title_ja} {title_en} {body_name} {body_ja} {body_en}")),
            process_id,
            body_name,
            decided_on,
            title_ja,
            title_en,
            body_ja,
            body_en,
            outcome,
            votes: (vf, va, vs),
            links,
        }),
        _ => Err(e.into_rejection().into()),
    }
}

fn fields(p: &Parsed) -> DecisionFields<'_> {
    DecisionFields {
        process_id: p.process_id,
        body_name: &p.body_name,
        decided_on: &p.decided_on,
        title_ja: &p.title_ja,
        title_en: &p.title_en,
        body_ja: &p.body_ja,
        body_en: &p.body_en,
        outcome: p.outcome,
        votes_for: p.votes.0,
        votes_against: p.votes.1,
        votes_abstain: p.votes.2,
        search_terms: &p.terms,
    }
}

/// Tells the audiences of newly linked items that a decision was made on them.
fn tell(conn: &mut DbConn, actor: &Actor, added: &[(String, i64)], now: chrono::NaiveDateTime) -> ServiceResult<()> {
    let me: Vec<UserId> = actor.user_id().into_iter().collect();
    for (t, id) in added {
        match t.as_str() {
            "proposal" => {
                if let Some(row) = yoriai_store::proposals::find(conn, ProposalId(*id))? {
                    notify::proposal_audience(conn, &row, Kind::ProposalDecided, None, &me, now)?;
                }
            }
            "report" => {
                let report = ReportId(*id);
                if let Some(row) = yoriai_store::reports::find(conn, report)? {
                    let mut done = me.clone();
                    let audience = row.reporter_id.into_iter().chain(yoriai_store::reports::followers(conn, report)?);
                    for user in audience.collect::<Vec<_>>() {
                        if !done.contains(&user) {
                            let reason = if Some(user) == row.reporter_id { "reporter" } else { "follower" };
                            notify::one_report(conn, user, Kind::ReportDecided, reason, report, now)?;
                            done.push(user);
                        }
                    }
                }
            }
            _ => {}
        }
    }
    Ok(())
}

fn save_links(
    conn: &mut DbConn,
    id: DecisionId,
    links: &[(ItemType, i64)],
) -> Result<Vec<(String, i64)>, yoriai_store::DbError> {
    let pairs: Vec<(&str, i64)> = links.iter().map(|(t, i)| (t.as_str(), *i)).collect();
    store::set_decision_links(conn, id, &pairs)
}

/// Council secretaries of single processes publish the decisions of their processes.
fn publish(process: Option<ProcessId>) -> Action {
    Action::PublishDecision { process }
}

/// A secretary of single processes publishes in those processes (the process field says
/// so when not), linking items of that process only.
fn in_scope(conn: &mut DbConn, actor: &Actor, reach: &Reach, p: &Parsed) -> ServiceResult<()> {
    authorize(actor, &publish(p.process_id)).map_err(|_| Rejection::field("process_id", ErrorCode::Forbidden))?;
    super::links_in_process(conn, reach, p.process_id, &p.links)
}

/// Publishes a decision; returns its id.
pub fn publish_decision(svc: &Services, actor: &Actor, input: DecisionInput) -> ServiceResult<DecisionId> {
    let reach = reach(actor, publish)?;
    let mut conn = svc.conn()?;
    let p = parse(&mut conn, &input)?;
    in_scope(&mut conn, actor, &reach, &p)?;
    let now = yoriai_store::now();
    let id = yoriai_store::write_tx(&mut conn, |c| {
        let id = store::insert_decision(c, &fields(&p), actor.user_id(), now)?;
        let added = save_links(c, id, &p.links)?;
        tell(c, actor, &added, now)?;
        audit::log(
            c,
            actor,
            "publish_decision",
            ("decision", Some(id)),
            Visibility::Public,
            None,
            json!({ "outcome": p.outcome.as_str(), "links": added }),
        )?;
        Ok::<_, ServiceError>(id)
    })?;
    (svc.mail_queued)();
    Ok(id)
}

/// Corrects a decision; items newly linked are told, as on publication.
pub fn update_decision(svc: &Services, actor: &Actor, id: DecisionId, input: DecisionInput) -> ServiceResult<()> {
    let reach = reach(actor, publish)?;
    let mut conn = svc.conn()?;
    let old = store::find_decision(&mut conn, id)?.ok_or(ErrorCode::NotFound)?;
    authorize(actor, &publish(old.process_id))?;
    let p = parse(&mut conn, &input)?;
    in_scope(&mut conn, actor, &reach, &p)?;
    let now = yoriai_store::now();
    yoriai_store::write_tx(&mut conn, |c| {
        store::update_decision(c, id, &fields(&p), now)?;
        let added = save_links(c, id, &p.links)?;
        tell(c, actor, &added, now)?;
        audit::log(
            c,
            actor,
            "update_decision",
            ("decision", Some(id)),
            Visibility::Public,
            None,
            json!({ "outcome": p.outcome.as_str(), "links_added": added }),
        )
    })?;
    (svc.mail_queued)();
    Ok(())
}

/// Whether the bytes are a PDF document (by content, not by name).
pub fn is_pdf(bytes: &[u8]) -> bool {
    bytes.len() > 8 && bytes.starts_with(b"%PDF-") && bytes.windows(5).rev().take(2048).any(|w| w == b"%%EOF")
}

/// A file name safe to show and to send back in `Content-Disposition`.
fn clean_file_name(raw: &str) -> String {
    let base = raw.rsplit(['/', '\\']).next().unwrap_or("");
    let cleaned: String =
        base.chars().filter(|c| !c.is_control() && !matches!(c, '"' | ';')).take(120).collect::<String>();
    let cleaned = cleaned.trim().to_owned();
    if cleaned.is_empty() {
        "document.pdf".into()
    } else if cleaned.to_lowercase().ends_with(".pdf") {
        cleaned
    } else {
        format!("{cleaned}.pdf")
    }
}

/// Attaches a PDF document to a decision.
pub fn add_document(
    svc: &Services,
    actor: &Actor,
    decision_id: DecisionId,
    file_name: &str,
    bytes: &[u8],
) -> ServiceResult<DocumentId> {
    reach(actor, publish)?;
    if bytes.len() > MAX_DOCUMENT_BYTES {
        return Err(Rejection::field("document", ErrorCode::FileTooLarge).into());
    }
    if !is_pdf(bytes) {
        return Err(Rejection::field("document", ErrorCode::PdfInvalid).into());
    }
    let mut conn = svc.conn()?;
    let decision = store::find_decision(&mut conn, decision_id)?.ok_or(ErrorCode::NotFound)?;
    authorize(actor, &publish(decision.process_id))?;
    if store::documents_of(&mut conn, decision_id)?.len() >= MAX_DOCUMENTS {
        return Err(Rejection::field("document", ErrorCode::DocumentLimit).into());
    }
    let key = crate::images::new_key();
    let name = format!("{key}.pdf");
    svc.storage.put(&name, bytes).map_err(|e| ServiceError::Internal(Box::new(e)))?;
    let file_name = clean_file_name(file_name);
    let now = yoriai_store::now();
    let result = yoriai_store::write_tx(&mut conn, |c| {
        // Counted again with the decision locked: parallel uploads cannot pass the limit.
        yoriai_store::backend::lock_row(c, yoriai_store::backend::LockTable::Decisions, decision_id.0)?;
        if store::documents_of(c, decision_id)?.len() >= MAX_DOCUMENTS {
            return Err(Rejection::field("document", ErrorCode::DocumentLimit).into());
        }
        let id = store::insert_document(c, decision_id, &key, &file_name, bytes.len() as i64, now)?;
        audit::log(
            c,
            actor,
            "add_decision_document",
            ("decision", Some(decision_id)),
            Visibility::Public,
            None,
            json!({ "document": id, "bytes": bytes.len() }),
        )?;
        Ok::<_, ServiceError>(id)
    });
    if result.is_err() {
        let _ = svc.storage.delete(&name);
    }
    result
}

pub fn remove_document(
    svc: &Services,
    actor: &Actor,
    decision_id: DecisionId,
    document_id: DocumentId,
) -> ServiceResult<()> {
    reach(actor, publish)?;
    let mut conn = svc.conn()?;
    let decision = store::find_decision(&mut conn, decision_id)?.ok_or(ErrorCode::NotFound)?;
    authorize(actor, &publish(decision.process_id))?;
    let doc = store::find_document(&mut conn, document_id)?
        .filter(|d| d.decision_id == decision_id)
        .ok_or(ErrorCode::NotFound)?;
    yoriai_store::write_tx(&mut conn, |c| {
        store::delete_document(c, document_id)?;
        audit::log(
            c,
            actor,
            "remove_decision_document",
            ("decision", Some(decision_id)),
            Visibility::Public,
            None,
            json!({ "document": document_id }),
        )
    })?;
    let _ = svc.storage.delete(&format!("{}.pdf", doc.storage_key));
    Ok(())
}

/// A document's name and bytes, for download. Decisions are public.
pub fn document(svc: &Services, decision_id: DecisionId, document_id: DocumentId) -> ServiceResult<(String, Vec<u8>)> {
    let mut conn = svc.conn()?;
    let doc = store::find_document(&mut conn, document_id)?
        .filter(|d| d.decision_id == decision_id)
        .ok_or(ErrorCode::NotFound)?;
    let bytes = svc
        .storage
        .get(&format!("{}.pdf", doc.storage_key))
        .map_err(|e| ServiceError::Internal(Box::new(e)))?
        .ok_or(ErrorCode::NotFound)?;
    Ok((doc.file_name, bytes))
}

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
            proposal_ids: ids_text(&links, ItemType::Proposal),
            project_ids: ids_text(&links, ItemType::Project),
            report_ids: ids_text(&links, ItemType::Report),
        },
    });
    let results = store::results_on(&mut conn, ItemType::Decision.as_str(), id.0)?;
    Ok(DecisionPage {
        summary: decision_summary(&d),
        body_html: Bilingual::new(render(&d.body_ja), render(&d.body_en)),
        links: linked_items(&mut conn, &links)?,
        documents: store::documents_of(&mut conn, id)?
            .into_iter()
            .map(|doc| DocumentView { id: doc.id, file_name: doc.file_name, bytes: doc.bytes })
            .collect(),
        results: results.iter().map(super::result_summary).collect(),
        can_edit,
        form,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pdfs_are_recognised_by_content() {
        assert!(is_pdf(b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\ntrailer\n%%EOF\n"));
        assert!(!is_pdf(b"<html>%PDF-</html>"));
        assert!(!is_pdf(b"%PDF-1.7 truncated"));
        assert!(!is_pdf(b""));
    }

    #[test]
    fn file_names_lose_paths_quotes_and_control_characters() {
        assert_eq!(clean_file_name("C:\\docs\\議事録.pdf"), "議事録.pdf");
        assert_eq!(clean_file_name("../../etc/passwd"), "passwd.pdf");
        assert_eq!(clean_file_name("a\"b;\n.pdf"), "ab.pdf");
        assert_eq!(clean_file_name(""), "document.pdf");
    }
}
