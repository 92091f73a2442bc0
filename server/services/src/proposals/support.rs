//! Supports: exact under concurrency. One support per resident and proposal is the
//! database's unique constraint; the per-resident limit and the threshold are
//! conditional updates. A refused step rolls the whole transaction back, so no
//! counter drifts.

use super::{load_for, user_id};
use crate::{ServiceResult, Services};
use serde::Serialize;
use yoriai_domain::{authorize, Action, Actor, ErrorCode, ProcessId, ProposalId, Rejection, UserId};
use yoriai_store::{follows, proposals, supports, DbConn};

#[derive(Debug, Clone, Serialize)]
pub struct SupportOutcome {
    pub support_count: i32,
    pub supports_left: Option<i32>,
    /// False while the resident has given fewer supports than the phase's minimum.
    pub counted: bool,
}

fn outcome(
    conn: &mut DbConn,
    proposal_id: ProposalId,
    process_id: ProcessId,
    user: UserId,
    limit: Option<i32>,
    counted: bool,
) -> ServiceResult<SupportOutcome> {
    let row = proposals::find(conn, proposal_id)?.ok_or(Rejection::new(ErrorCode::NotFound))?;
    let given = supports::given(conn, process_id, user)?;
    Ok(SupportOutcome { support_count: row.support_count, supports_left: limit.map(|l| (l - given).max(0)), counted })
}

pub fn support_proposal(svc: &Services, actor: &Actor, id: ProposalId) -> ServiceResult<SupportOutcome> {
    let mut conn = svc.conn()?;
    let loaded = load_for(&mut conn, actor, id)?;
    let uid = user_id(actor);
    let process_id = loaded.process.row.id;
    let phase = loaded.process.active.as_ref().map(|p| p.settings());
    let given = supports::given(&mut conn, process_id, uid)?;
    authorize(
        actor,
        &Action::SupportProposal { proposal: loaded.facts.clone(), phase: phase.clone(), supports_given: given },
    )?;
    let settings = phase.unwrap_or_default();
    let cap = if settings.accumulate_beyond_threshold { None } else { settings.threshold };
    let now = yoriai_store::now();
    yoriai_store::write_tx(&mut conn, |c| {
        if settings.supports_require_verification {
            crate::privacy::claim_participation(svc, c, uid, &format!("support:{id}"))?;
        }
        if !supports::take_allowance(c, process_id, uid, settings.support_limit)? {
            return Err(Rejection::new(ErrorCode::SupportLimitReached).into());
        }
        let given_now = supports::given(c, process_id, uid)?;
        if !supports::insert(c, id, uid, process_id, false, now)? {
            return Err(Rejection::new(ErrorCode::AlreadySupported).into());
        }
        let min = settings.min_supports_to_count;
        let mut counted = false;
        if given_now >= min {
            if min > 0 && given_now == min {
                // The minimum is reached: every support this resident gave in the
                // process starts to count (each still within its proposal's threshold).
                // Their proposals are changed in ascending id order, locked first, so
                // two residents reaching their minimum at once cannot deadlock.
                let mut waiting = supports::uncounted_of(c, process_id, uid)?;
                waiting.sort_by_key(|s| s.proposal_id);
                let ids: Vec<ProposalId> = waiting.iter().map(|s| s.proposal_id).collect();
                yoriai_store::backend::lock_proposals(c, &ids)?;
                for s in waiting {
                    if proposals::count_support(c, s.proposal_id, cap)? {
                        supports::set_counted(c, s.id, true)?;
                        proposals::refresh_reached(c, s.proposal_id, settings.threshold, now)?;
                        counted |= s.proposal_id == id;
                    }
                }
                if !counted {
                    return Err(Rejection::new(ErrorCode::ThresholdReached).into());
                }
            } else {
                if !proposals::count_support(c, id, cap)? {
                    return Err(Rejection::new(ErrorCode::ThresholdReached).into());
                }
                let mine = supports::find(c, id, uid)?.ok_or(Rejection::new(ErrorCode::NotSupported))?;
                supports::set_counted(c, mine.id, true)?;
                counted = true;
            }
            proposals::refresh_reached(c, id, settings.threshold, now)?;
        }
        if follows::follow(c, uid, id, now)? {
            proposals::add_follower_count(c, id, 1)?;
        }
        outcome(c, id, process_id, uid, settings.support_limit, counted)
    })
}

pub fn withdraw_support(svc: &Services, actor: &Actor, id: ProposalId) -> ServiceResult<SupportOutcome> {
    let mut conn = svc.conn()?;
    let loaded = load_for(&mut conn, actor, id)?;
    let uid = user_id(actor);
    let process_id = loaded.process.row.id;
    let phase = loaded.process.active.as_ref().map(|p| p.settings());
    authorize(actor, &Action::WithdrawSupport { proposal: loaded.facts.clone(), phase: phase.clone() })?;
    let settings = phase.unwrap_or_default();
    let now = yoriai_store::now();
    yoriai_store::write_tx(&mut conn, |c| {
        let min = settings.min_supports_to_count;
        // Falling below the minimum stops every other support of this resident from
        // counting: lock all the proposals that may change, in ascending id order (as
        // supporting does), before changing any of them.
        let mut others = if min > 0 { supports::counted_of(c, process_id, uid)? } else { Vec::new() };
        others.sort_by_key(|s| s.proposal_id);
        let mut ids: Vec<ProposalId> = others.iter().map(|s| s.proposal_id).chain(std::iter::once(id)).collect();
        ids.sort_unstable();
        ids.dedup();
        yoriai_store::backend::lock_proposals(c, &ids)?;
        let removed = supports::delete(c, id, uid)?.ok_or(Rejection::new(ErrorCode::NotSupported))?;
        supports::give_back_allowance(c, process_id, uid)?;
        if removed.counted {
            proposals::uncount_support(c, id)?;
            proposals::refresh_reached(c, id, settings.threshold, now)?;
        }
        let given_now = supports::given(c, process_id, uid)?;
        if min > 0 && given_now < min {
            // Below the minimum again: this resident's remaining supports stop counting.
            for s in others.into_iter().filter(|s| s.proposal_id != id) {
                proposals::uncount_support(c, s.proposal_id)?;
                supports::set_counted(c, s.id, false)?;
                proposals::refresh_reached(c, s.proposal_id, settings.threshold, now)?;
            }
        }
        outcome(c, id, process_id, uid, settings.support_limit, false)
    })
}
