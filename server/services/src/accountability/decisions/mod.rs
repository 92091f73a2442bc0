//! Council decisions: published by a council secretary, linked to the proposals,
//! projects and reports they decide on; those items' audiences are told.

use super::{
    check_process, decision_summary, ids_text, linked_items, opt_line, opt_text, parse_count, parse_day, parse_links,
};
use crate::audit::{self, Visibility};
use crate::notify::{self, Kind};
use crate::{ServiceError, ServiceResult, Services};
use serde_json::json;
use yoriai_domain::accountability::Outcome;
use yoriai_domain::item::ItemKind;
use yoriai_domain::text::{render, single_line};
use yoriai_domain::{
    authorize, reach, Action, Actor, DecisionId, DocumentId, ErrorCode, FieldError, FieldErrors, ProcessId, ProposalId,
    Reach, Rejection, ReportId, UserId,
};
use yoriai_store::accountability::{self as store, DecisionFields};
use yoriai_store::DbConn;
use yoriai_views::accountability::{DecisionForm, DecisionList, DecisionPage, DocumentView};
use yoriai_views::Bilingual;

mod documents;
mod pages;
pub use documents::*;
pub use pages::*;

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
    links: Vec<(ItemKind, i64)>,
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
            (ItemKind::Proposal, "proposal_ids", &input.proposal_ids),
            (ItemKind::Project, "project_ids", &input.project_ids),
            (ItemKind::Report, "report_ids", &input.report_ids),
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
fn tell(conn: &mut DbConn, actor: &Actor, added: &[(ItemKind, i64)], now: chrono::NaiveDateTime) -> ServiceResult<()> {
    let me: Vec<UserId> = actor.user_id().into_iter().collect();
    for (t, id) in added {
        match t {
            ItemKind::Proposal => {
                if let Some(row) = yoriai_store::proposals::find(conn, ProposalId(*id))? {
                    notify::proposal_audience(conn, &row, Kind::ProposalDecided, None, &me, now)?;
                }
            }
            ItemKind::Report => {
                let report = ReportId(*id);
                if let Some(row) = yoriai_store::reports::find(conn, report)? {
                    let mut done = me.clone();
                    let audience = row.reporter_id.into_iter().chain(yoriai_store::reports::followers(conn, report)?);
                    for user in audience.collect::<Vec<_>>() {
                        if !done.contains(&user) {
                            let reason = if Some(user) == row.reporter_id {
                                notify::Reason::Reporter
                            } else {
                                notify::Reason::Follower
                            };
                            notify::one_report(conn, user, Kind::ReportDecided, reason, report, now)?;
                            done.push(user);
                        }
                    }
                }
            }
            ItemKind::Project | ItemKind::Decision | ItemKind::Result => {}
        }
    }
    Ok(())
}

fn save_links(
    conn: &mut DbConn,
    id: DecisionId,
    links: &[(ItemKind, i64)],
) -> Result<Vec<(ItemKind, i64)>, yoriai_store::DbError> {
    store::set_decision_links(conn, id, links)
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
