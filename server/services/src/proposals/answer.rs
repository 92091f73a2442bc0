//! Official answers: state, text, cost estimate; published at once or later in bulk.
//! Authors and followers are notified when an answer becomes public.

use super::load_for;
use crate::audit::{self, Visibility};
use crate::notify::{self, Kind};
use crate::processes::{load, ProcessRef};
use crate::{ServiceResult, Services};
use serde_json::json;
use yoriai_domain::proposal::{parse_amount, parse_colour, AnswerState, ProposalState};
use yoriai_domain::text::{multi_line, single_line};
use yoriai_domain::{
    authorize, reach, Action, Actor, CustomStateId, ErrorCode, FieldError, FieldErrors, ProcessId, ProposalId,
    Rejection,
};
use yoriai_store::{proposal_states, proposals};

pub use yoriai_views::proposals::AnswerInput;

pub fn answer_proposal(svc: &Services, actor: &Actor, id: ProposalId, input: AnswerInput) -> ServiceResult<()> {
    reach(actor, |process| Action::AnswerProposal { process })?;
    let mut conn = svc.conn()?;
    let loaded = load_for(&mut conn, actor, id)?;
    authorize(actor, &Action::AnswerProposal { process: Some(loaded.row.process_id) })?;
    if loaded.row.state == ProposalState::Draft {
        return Err(ErrorCode::NotFound.into());
    }
    let mut e = FieldErrors::new();
    let (state, custom_id) = match input.state.strip_prefix("custom:") {
        Some(raw) => match raw.parse::<CustomStateId>().ok() {
            Some(cid) if proposal_states::find(&mut conn, cid)?.is_some() => (AnswerState::Custom, Some(cid)),
            _ => {
                e.push(FieldError::new("state", ErrorCode::InvalidInput));
                (AnswerState::Evaluating, None)
            }
        },
        None => match AnswerState::parse(&input.state) {
            Some(s) if s != AnswerState::Custom => (s, None),
            _ => {
                e.push(FieldError::new("state", ErrorCode::InvalidInput));
                (AnswerState::Evaluating, None)
            }
        },
    };
    let text = e.check("text", multi_line(&input.text, 1, 10_000));
    let cost =
        if input.cost.trim().is_empty() { Some(None) } else { e.check("cost", parse_amount(&input.cost).map(Some)) };
    let (Some(text), Some(cost)) = (text, cost) else { return Err(e.into_rejection().into()) };
    if !e.is_empty() {
        return Err(e.into_rejection().into());
    }
    let now = yoriai_store::now();
    yoriai_store::write_tx(&mut conn, |c| {
        let answer = proposals::Answer { state, custom_state_id: custom_id, text: &text, cost };
        proposals::set_answer(c, id, &answer, input.publish, now)?;
        if input.publish {
            notify::proposal_audience(c, &loaded.row, Kind::ProposalAnswered, None, &[], now)?;
        }
        audit::log(
            c,
            actor,
            "answer_proposal",
            ("proposal", Some(id)),
            if input.publish { Visibility::Public } else { Visibility::Staff },
            None,
            json!({ "state": state.as_str(), "custom_state_id": custom_id, "published": input.publish }),
        )
    })?;
    (svc.mail_queued)();
    Ok(())
}

/// Publishes every answer of the process that waits; returns how many.
pub fn publish_answers(svc: &Services, actor: &Actor, process_id: ProcessId) -> ServiceResult<usize> {
    authorize(actor, &Action::AnswerProposal { process: Some(process_id) })?;
    let mut conn = svc.conn()?;
    load(&mut conn, actor, ProcessRef::Id(process_id))?;
    let now = yoriai_store::now();
    let n = yoriai_store::write_tx(&mut conn, |c| {
        let pending = proposals::unpublished_answers(c, process_id)?;
        let published = proposals::publish_answers(c, &pending, now)?;
        for pid in &published {
            if let Some(row) = proposals::find(c, *pid)? {
                notify::proposal_audience(c, &row, Kind::ProposalAnswered, None, &[], now)?;
            }
        }
        audit::log(
            c,
            actor,
            "publish_answers",
            ("process", Some(process_id)),
            Visibility::Public,
            None,
            json!({ "proposals": published }),
        )?;
        Ok::<_, crate::ServiceError>(published.len())
    })?;
    (svc.mail_queued)();
    Ok(n)
}

/// Adds an answer state with its ja/en labels and colour.
pub fn add_answer_state(
    svc: &Services,
    actor: &Actor,
    key: &str,
    label_ja: &str,
    label_en: &str,
    colour: &str,
) -> ServiceResult<CustomStateId> {
    authorize(actor, &Action::ManageProposalStates)?;
    let mut e = FieldErrors::new();
    let key = e.check("key", yoriai_domain::process::parse_slug(key));
    let ja = e.check("label_ja", single_line(label_ja, 1, 60));
    let en = e.check("label_en", single_line(label_en, 1, 60));
    let colour = e.check("colour", parse_colour(colour));
    let (Some(key), Some(ja), Some(en), Some(colour)) = (key, ja, en, colour) else {
        return Err(e.into_rejection().into());
    };
    if AnswerState::parse(&key).is_some() {
        return Err(Rejection::field("key", ErrorCode::SlugTaken).into());
    }
    let mut conn = svc.conn()?;
    let now = yoriai_store::now();
    yoriai_store::write_tx(&mut conn, |c| {
        let id = proposal_states::insert(c, &key, &ja, &en, &colour, now)?
            .ok_or(Rejection::field("key", ErrorCode::SlugTaken))?;
        audit::log(
            c,
            actor,
            "add_answer_state",
            ("proposal_state", Some(id)),
            Visibility::Public,
            None,
            json!({ "key": key }),
        )?;
        Ok(id)
    })
}
