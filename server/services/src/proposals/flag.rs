//! Flagging abusive proposals and comments (an abuse report is a "flag"; a "report" is
//! a street report). An item flagged by enough different people is hidden until a
//! moderator decides.

use super::{load_for, user_id};
use crate::{ServiceResult, Services};
use yoriai_domain::proposal::FlagReason;
use yoriai_domain::text::multi_line;
use yoriai_domain::{authorize, Action, Actor, CommentId, ErrorCode, ProposalId, Rejection};
use yoriai_store::{comments, moderation, proposals};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    Proposal(ProposalId),
    Comment(CommentId),
}

impl Target {
    pub fn kind(self) -> &'static str {
        match self {
            Target::Proposal(_) => "proposal",
            Target::Comment(_) => "comment",
        }
    }

    /// The raw id, for the moderation queue's (kind, id) link.
    pub fn id(self) -> i64 {
        match self {
            Target::Proposal(id) => id.0,
            Target::Comment(id) => id.0,
        }
    }

    /// Reads back a stored (kind, id) link; `None` for a kind [`Target::kind`] never writes.
    pub fn from_stored(kind: &str, raw: i64) -> Option<Target> {
        match kind {
            "proposal" => Some(Target::Proposal(ProposalId(raw))),
            "comment" => Some(Target::Comment(CommentId(raw))),
            _ => None,
        }
    }
}

/// Returns whether the item is now hidden.
pub fn flag_content(svc: &Services, actor: &Actor, target: Target, reason: &str, details: &str) -> ServiceResult<bool> {
    let reason = FlagReason::parse(reason).map_err(|c| Rejection::field("reason", c))?;
    let details = if details.trim().is_empty() {
        String::new()
    } else {
        multi_line(details, 1, 1_000).map_err(|c| Rejection::field("details", c))?
    };
    let mut conn = svc.conn()?;
    let author = match target {
        Target::Proposal(id) => load_for(&mut conn, actor, id)?.row.author_id,
        Target::Comment(id) => {
            let c = comments::find(&mut conn, id)?.ok_or(Rejection::new(ErrorCode::NotFound))?;
            load_for(&mut conn, actor, c.proposal_id)?;
            if c.deleted_at.is_some() {
                return Err(ErrorCode::NotFound.into());
            }
            c.author_id
        }
    };
    authorize(actor, &Action::Report { author })?;
    let threshold = svc.settings.report_hide_threshold;
    let now = yoriai_store::now();
    yoriai_store::write_tx(&mut conn, |c| {
        let count = moderation::report(c, target.kind(), target.id(), user_id(actor), reason.as_str(), &details, now)?
            .ok_or(Rejection::new(ErrorCode::AlreadyReported))?;
        let hide = count >= threshold;
        match target {
            Target::Proposal(id) => {
                proposals::set_report_count(c, id, count)?;
                if hide {
                    proposals::set_hidden(c, id, Some(now))?;
                }
            }
            Target::Comment(id) => {
                comments::set_report_count(c, id, count)?;
                if hide {
                    comments::set_hidden(c, id, Some(now))?;
                }
            }
        }
        Ok(hide)
    })
}
