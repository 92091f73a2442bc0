//! The moderators' work: the queue of reported items, hiding and restoring (never
//! deleting), and blocking accounts. Every decision is in the action log.

use crate::audit::{self, Visibility};
use crate::notify::{self, Kind};
use crate::proposals::Target;
use crate::{ServiceResult, Services};
use serde_json::json;
use yoriai_domain::proposal::ModerationState;
use yoriai_domain::text::multi_line;
use yoriai_domain::{authorize, reach, Action, Actor, ErrorCode, ModerationId, Rejection, Role, UserId};
use yoriai_store::{comments, moderation, proposals, sessions, users};
use yoriai_views::ModerationItem;

/// Pending (or, with `state`, hidden/restored) reported items, oldest first.
/// Moderators of single processes see the items of their processes only.
pub fn queue(svc: &Services, actor: &Actor, state: &str) -> ServiceResult<Vec<ModerationItem>> {
    let reach = reach(actor, |process| Action::Moderate { process })?;
    let processes: Option<Vec<i64>> = reach.processes().map(|ps| ps.iter().map(|p| p.0).collect());
    let state = match state {
        "" => ModerationState::Pending,
        s => ModerationState::parse(s).ok_or(Rejection::field("state", ErrorCode::InvalidInput))?,
    };
    let mut conn = svc.conn()?;
    let rows = moderation::queue(&mut conn, state, processes.as_deref(), 100)?;
    let mut items = Vec::with_capacity(rows.len());
    for m in rows {
        let reports = moderation::reports_for(&mut conn, &m.target_type, m.target_id)?;
        let (proposal_id, title, excerpt, author_id, hidden) = match target_of(&m.target_type, m.target_id)? {
            Target::Proposal(id) => match proposals::find(&mut conn, id)? {
                Some(p) => {
                    (Some(p.id), p.title, p.body.chars().take(300).collect(), p.author_id, p.hidden_at.is_some())
                }
                None => continue,
            },
            Target::Comment(id) => match comments::find(&mut conn, id)? {
                Some(c) => {
                    let title = proposals::find(&mut conn, c.proposal_id)?.map(|p| p.title).unwrap_or_default();
                    (Some(c.proposal_id), title, c.body.chars().take(300).collect(), c.author_id, c.hidden_at.is_some())
                }
                None => continue,
            },
        };
        let author = match author_id {
            Some(a) => users::find(&mut conn, a)?.map(|u| u.display_name),
            None => None,
        };
        items.push(ModerationItem {
            id: m.id,
            target_type: m.target_type,
            target_id: m.target_id,
            proposal_id,
            title,
            excerpt,
            author,
            author_id,
            report_count: m.report_count,
            reasons: reports.into_iter().map(|r| (r.reason, r.details)).collect(),
            hidden,
            state: m.state,
        });
    }
    Ok(items)
}

fn reason(raw: &str) -> ServiceResult<String> {
    multi_line(raw, 3, 1_000).map_err(|c| Rejection::field("reason", c).into())
}

/// The typed item a queue row is about; a kind the code does not know is our fault,
/// never read as a comment.
fn target_of(kind: &str, raw: i64) -> ServiceResult<Target> {
    Target::from_stored(kind, raw)
        .ok_or_else(|| crate::ServiceError::internal(format!("moderation target of unknown kind {kind:?}")))
}

/// Hides a reported item (with a reason the author is told) or restores it.
pub fn decide(
    svc: &Services,
    actor: &Actor,
    moderation_id: ModerationId,
    hide: bool,
    reason_text: &str,
) -> ServiceResult<()> {
    reach(actor, |process| Action::Moderate { process })?;
    let reason = reason(reason_text)?;
    let mut conn = svc.conn()?;
    let item = moderation::find(&mut conn, moderation_id)?.ok_or(Rejection::new(ErrorCode::NotFound))?;
    let target = target_of(&item.target_type, item.target_id)?;
    let proposal_id = match target {
        Target::Proposal(id) => Some(id),
        Target::Comment(id) => comments::find(&mut conn, id)?.map(|cm| cm.proposal_id),
    };
    let process = match proposal_id {
        Some(id) => proposals::find(&mut conn, id)?.map(|p| p.process_id),
        None => None,
    };
    authorize(actor, &Action::Moderate { process })?;
    let now = yoriai_store::now();
    yoriai_store::write_tx(&mut conn, |c| {
        let hidden_at = hide.then_some(now);
        let author = match target {
            Target::Proposal(id) => {
                proposals::set_hidden(c, id, hidden_at)?;
                proposals::find(c, id)?.and_then(|p| p.author_id)
            }
            Target::Comment(id) => {
                comments::set_hidden(c, id, hidden_at)?;
                comments::find(c, id)?.and_then(|cm| cm.author_id)
            }
        };
        if hide {
            moderation::decide(c, moderation_id, ModerationState::Hidden, actor.user_id(), &reason, now)?;
            if let Some(author) = author {
                notify::one(c, author, Kind::ContentHidden, notify::Reason::Author, proposal_id, None, now)?;
            }
        } else {
            moderation::decide(c, moderation_id, ModerationState::Restored, actor.user_id(), &reason, now)?;
            moderation::clear_reports(c, &item.target_type, item.target_id)?;
            match target {
                Target::Proposal(id) => proposals::set_report_count(c, id, 0)?,
                Target::Comment(id) => comments::set_report_count(c, id, 0)?,
            }
        }
        audit::log(
            c,
            actor,
            if hide { "hide_content" } else { "restore_content" },
            (&item.target_type, Some(item.target_id)),
            Visibility::Public,
            Some(&reason),
            json!({ "moderation_id": moderation_id }),
        )
    })?;
    (svc.mail_queued)();
    Ok(())
}

/// Blocks an account: it can no longer sign in, its sessions end and everything it
/// wrote is hidden (not deleted).
pub fn block_user(svc: &Services, actor: &Actor, user_id: UserId, reason_text: &str) -> ServiceResult<()> {
    let reason = reason(reason_text)?;
    let mut conn = svc.conn()?;
    let target = users::find(&mut conn, user_id)?.ok_or(Rejection::new(ErrorCode::NotFound))?;
    let role = target.role;
    // Staff of a single process are staff too: only administrators block them.
    let role = match crate::sessions::process_roles_of(&mut conn, user_id)?.first() {
        Some((_, held)) if role == Role::Resident => *held,
        _ => role,
    };
    authorize(actor, &Action::BlockUser { target_role: role })?;
    let now = yoriai_store::now();
    yoriai_store::write_tx(&mut conn, |c| {
        users::set_blocked(c, user_id, Some(now))?;
        sessions::delete_others(c, user_id, None)?;
        let hidden_proposals = proposals::hide_all_of(c, user_id, now)?;
        let hidden_comments = comments::hide_all_of(c, user_id, now)?;
        audit::log(
            c,
            actor,
            "block_user",
            ("user", Some(user_id)),
            Visibility::Staff,
            Some(&reason),
            json!({ "hidden_proposals": hidden_proposals, "hidden_comments": hidden_comments }),
        )
    })
}
