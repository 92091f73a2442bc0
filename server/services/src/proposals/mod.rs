//! Proposals: drafting and publishing, supports, comments, follows, reports, official
//! answers, and the queries behind their pages.

mod answer;
mod comment;
mod dashboard;
mod draft;
mod export;
mod flag;
mod follow;
mod images;
mod pages;
mod support;

pub use answer::*;
pub use comment::*;
pub use draft::*;
pub use export::*;
pub use flag::*;
pub use follow::*;
pub use images::*;
pub use pages::*;
pub use support::*;

use crate::processes::{load, LoadedProcess, ProcessRef};
use crate::ServiceResult;
use yoriai_domain::{authorize, Action, Actor, ErrorCode, ProposalFacts, ProposalId, Rejection, UserId};
use yoriai_store::proposals::{self, ProposalRow};
use yoriai_store::{supports, DbConn};

/// Proposals, their categories, supports and comments (see `crate::features`).
pub const MANIFEST: crate::features::Manifest = crate::features::Manifest {
    name: "proposals",
    datasets: &[
        crate::opendata::Dataset {
            name: "categories",
            title: "Proposal categories",
            fields: &[
                crate::opendata::ID,
                ("process_id", "integer", true, "processes.id"),
                ("name_ja", "string", true, "Name in Japanese."),
                ("name_en", "string", true, "Name in English."),
            ],
            fetch: yoriai_store::opendata::categories,
        },
        crate::opendata::Dataset {
            name: "proposals",
            title: "Proposals with their official answers",
            fields: &[
                crate::opendata::ID,
                ("process_id", "integer", true, "processes.id"),
                ("title", "string", true, "Title as the resident wrote it."),
                ("body", "string", true, "Text as the resident wrote it."),
                ("state", "string", true, "published or withdrawn."),
                ("category_id", "integer", false, "categories.id"),
                ("district_id", "integer", false, "districts.id"),
                ("latitude", "number", false, "WGS 84 latitude, when the proposal has a place."),
                ("longitude", "number", false, "WGS 84 longitude."),
                ("support_count", "integer", true, "Supports counted."),
                ("comment_count", "integer", true, "Comments."),
                ("answer_state", "string", false, "evaluating, accepted, rejected or custom, once published."),
                ("answer_text", "string", false, "The city's answer, once published."),
                ("answer_cost", "integer", false, "Estimated cost in yen given with the answer."),
                ("answer_published_at", "datetime", false, "When the answer was published (UTC)."),
                ("published_at", "datetime", false, "When the proposal was published (UTC)."),
            ],
            fetch: yoriai_store::opendata::proposals,
        },
    ],
    search: &[yoriai_domain::item::ItemKind::Proposal],
    notifications: &[
        yoriai_domain::notification::NotificationKind::ProposalAnswered,
        yoriai_domain::notification::NotificationKind::NewComment,
        yoriai_domain::notification::NotificationKind::CommentReply,
        yoriai_domain::notification::NotificationKind::ContentHidden,
    ],
    figures: Some(dashboard::FIGURES),
};

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
