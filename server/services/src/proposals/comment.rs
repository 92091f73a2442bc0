//! Comments in threads: add, edit, delete, vote.

use super::{load_for, user_id};
use crate::notify::{self, Kind};
use crate::{ServiceResult, Services};
use yoriai_domain::proposal::{Stance, COMMENT_MAX_CHARS};
use yoriai_domain::text::multi_line;
use yoriai_domain::{authorize, Action, Actor, CommentId, ErrorCode, FieldErrors, ProposalId, Rejection};
use yoriai_store::{comments, follows, proposals};

pub use yoriai_views::proposals::CommentInput;

pub fn add_comment(
    svc: &Services,
    actor: &Actor,
    proposal_id: ProposalId,
    input: CommentInput,
) -> ServiceResult<CommentId> {
    let mut conn = svc.conn()?;
    let loaded = load_for(&mut conn, actor, proposal_id)?;
    let parent = match input.parent_id {
        Some(pid) => {
            let p = comments::find(&mut conn, pid)?
                .filter(|p| p.proposal_id == proposal_id)
                .ok_or(Rejection::new(ErrorCode::NotFound))?;
            Some(p)
        }
        None => None,
    };
    let depth = parent.as_ref().map(|p| p.depth + 1).unwrap_or(0);
    let phase = loaded.process.active.as_ref().map(|p| p.settings());
    authorize(actor, &Action::Comment { proposal: loaded.facts.clone(), phase, depth })?;
    let mut e = FieldErrors::new();
    let body = e.check("body", multi_line(&input.body, 1, COMMENT_MAX_CHARS));
    let stance = e.check("stance", Stance::parse(&input.stance));
    let (Some(body), Some(stance)) = (body, stance) else { return Err(e.into_rejection().into()) };
    let uid = user_id(actor);
    let now = yoriai_store::now();
    let id = yoriai_store::write_tx(&mut conn, |c| {
        let id = comments::insert(
            c,
            &comments::NewComment {
                proposal_id,
                parent_id: parent.as_ref().map(|p| p.id),
                depth,
                author_id: uid,
                body: &body,
                stance,
            },
            now,
        )?;
        proposals::add_comment_count(c, proposal_id, 1)?;
        if follows::follow(c, uid, proposal_id, now)? {
            proposals::add_follower_count(c, proposal_id, 1)?;
        }
        // The author of the comment replied to hears about it as a reply, not twice.
        let mut exclude = vec![uid];
        if let Some(parent_author) = parent.as_ref().and_then(|p| p.author_id).filter(|a| *a != uid) {
            notify::one(
                c,
                parent_author,
                Kind::CommentReply,
                notify::Reason::RepliedTo,
                Some(proposal_id),
                Some(id),
                now,
            )?;
            exclude.push(parent_author);
        }
        notify::proposal_audience(c, &loaded.row, Kind::NewComment, Some(id), &exclude, now)?;
        Ok::<_, crate::ServiceError>(id)
    })?;
    (svc.mail_queued)();
    Ok(id)
}

pub fn edit_comment(svc: &Services, actor: &Actor, comment_id: CommentId, input: CommentInput) -> ServiceResult<()> {
    let mut conn = svc.conn()?;
    let comment = comments::find(&mut conn, comment_id)?.ok_or(Rejection::new(ErrorCode::NotFound))?;
    load_for(&mut conn, actor, comment.proposal_id)?;
    authorize(actor, &Action::EditComment { author: comment.author_id, deleted: comment.deleted_at.is_some() })?;
    if comment.hidden_at.is_some() {
        return Err(ErrorCode::NotFound.into());
    }
    let mut e = FieldErrors::new();
    let body = e.check("body", multi_line(&input.body, 1, COMMENT_MAX_CHARS));
    let stance = e.check("stance", Stance::parse(&input.stance));
    let (Some(body), Some(stance)) = (body, stance) else { return Err(e.into_rejection().into()) };
    let now = yoriai_store::now();
    yoriai_store::write_tx(&mut conn, |c| comments::update_body(c, comment_id, &body, stance, now).map_err(Into::into))
}

pub fn delete_comment(svc: &Services, actor: &Actor, comment_id: CommentId) -> ServiceResult<()> {
    let mut conn = svc.conn()?;
    let comment = comments::find(&mut conn, comment_id)?.ok_or(Rejection::new(ErrorCode::NotFound))?;
    load_for(&mut conn, actor, comment.proposal_id)?;
    authorize(actor, &Action::EditComment { author: comment.author_id, deleted: comment.deleted_at.is_some() })?;
    let now = yoriai_store::now();
    yoriai_store::write_tx(&mut conn, |c| {
        if comments::mark_deleted(c, comment_id, now)? {
            proposals::add_comment_count(c, comment.proposal_id, -1)?;
        }
        Ok(())
    })
}

/// Votes a comment up (1), down (-1), or takes the vote back (0).
pub fn vote_comment(svc: &Services, actor: &Actor, comment_id: CommentId, value: i32) -> ServiceResult<()> {
    if !(-1..=1).contains(&value) {
        return Err(ErrorCode::InvalidInput.into());
    }
    let mut conn = svc.conn()?;
    let comment = comments::find(&mut conn, comment_id)?.ok_or(Rejection::new(ErrorCode::NotFound))?;
    if comment.deleted_at.is_some() || comment.hidden_at.is_some() {
        return Err(ErrorCode::NotFound.into());
    }
    load_for(&mut conn, actor, comment.proposal_id)?;
    authorize(actor, &Action::VoteComment { author: comment.author_id })?;
    let uid = user_id(actor);
    yoriai_store::write_tx(&mut conn, |c| comments::vote(c, comment_id, uid, value).map_err(Into::into))
}
