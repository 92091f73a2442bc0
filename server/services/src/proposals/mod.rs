//! Proposals: drafting and publishing, supports, comments, follows, reports, official
//! answers, and the queries behind their pages.

mod answer;
mod comment;
mod draft;
mod export;
mod follow;
mod images;
mod report;
mod support;
mod view;

pub use answer::*;
pub use comment::*;
pub use draft::*;
pub use export::*;
pub use follow::*;
pub use images::*;
pub use report::*;
pub use support::*;
pub use view::*;

use crate::processes::{load, LoadedProcess, ProcessRef};
use crate::ServiceResult;
use yoriai_domain::{authorize, Action, Actor, ErrorCode, ProposalFacts, ProposalId, Rejection, UserId};
use yoriai_store::proposals::{self, ProposalRow};
use yoriai_store::{supports, DbConn};

/// A proposal with its process, as commands and pages load it.
pub struct Loaded {
    pub row: ProposalRow,
    pub process: LoadedProcess,
    pub facts: ProposalFacts,
}

pub(crate) fn facts(row: &ProposalRow, process: &LoadedProcess, supported_by_actor: bool) -> ProposalFacts {
    let now = yoriai_store::now();
    ProposalFacts {
        process: row.process_id,
        author: row.author_id,
        state: row.state,
        hidden: row.hidden_at.is_some(),
        minutes_since_published: row.published_at.map(|p| (now - p).num_minutes()),
        edit_window_minutes: process.row.edit_window_minutes,
        support_count: row.support_count,
        supported_by_actor,
    }
}

/// Loads a proposal the actor may see; others' drafts and (for non-staff) hidden
/// proposals are "not found", so their existence does not leak.
pub(crate) fn load_for(conn: &mut DbConn, actor: &Actor, id: ProposalId) -> ServiceResult<Loaded> {
    let row = proposals::find(conn, id)?.ok_or(Rejection::new(ErrorCode::NotFound))?;
    let process = load(conn, actor, ProcessRef::Id(row.process_id))?;
    let supported = match actor.user_id() {
        Some(uid) => supports::find(conn, id, uid)?.is_some(),
        None => false,
    };
    let facts = facts(&row, &process, supported);
    authorize(actor, &Action::ViewProposal { proposal: facts.clone() })?;
    Ok(Loaded { row, process, facts })
}

pub(crate) fn user_id(actor: &Actor) -> UserId {
    actor.user_id().unwrap_or_default()
}
