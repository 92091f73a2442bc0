//! Following a proposal (authors, supporters and commenters follow automatically).

use super::{load_for, user_id};
use crate::{ServiceResult, Services};
use yoriai_domain::{authorize, Action, Actor, ProposalId};
use yoriai_store::{follows, proposals};

pub fn follow_proposal(svc: &Services, actor: &Actor, id: ProposalId) -> ServiceResult<()> {
    let mut conn = svc.conn()?;
    let loaded = load_for(&mut conn, actor, id)?;
    authorize(actor, &Action::FollowProposal { proposal: loaded.facts })?;
    let now = yoriai_store::now();
    yoriai_store::write_tx(&mut conn, |c| {
        if follows::follow(c, user_id(actor), id, now)? {
            proposals::add_follower_count(c, id, 1)?;
        }
        Ok(())
    })
}

pub fn unfollow_proposal(svc: &Services, actor: &Actor, id: ProposalId) -> ServiceResult<()> {
    let mut conn = svc.conn()?;
    // Unfollowing needs only to be signed in and able to see the proposal.
    load_for(&mut conn, actor, id)?;
    authorize(actor, &Action::ManageOwnNotifications)?;
    yoriai_store::write_tx(&mut conn, |c| {
        if follows::unfollow(c, user_id(actor), id)? {
            proposals::add_follower_count(c, id, -1)?;
        }
        Ok(())
    })
}
