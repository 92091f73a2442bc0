//! Comments in threads, their votes, and the read model of a proposal's discussion.

use crate::schema::{comment_votes, comments, users};
use crate::{DbConn, DbResult};
use chrono::NaiveDateTime;
use diesel::prelude::*;
use yoriai_domain::ids::{CommentId, ProposalId, UserId};
use yoriai_domain::proposal::Stance;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = comments)]
pub struct CommentRow {
    pub id: CommentId,
    pub proposal_id: ProposalId,
    pub parent_id: Option<CommentId>,
    pub depth: i32,
    pub author_id: Option<UserId>,
    pub body: String,
    pub stance: Stance,
    pub up_count: i32,
    pub down_count: i32,
    pub report_count: i32,
    pub hidden_at: Option<NaiveDateTime>,
    pub deleted_at: Option<NaiveDateTime>,
    pub edited_at: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
}

pub struct NewComment<'a> {
    pub proposal_id: ProposalId,
    pub parent_id: Option<CommentId>,
    pub depth: i32,
    pub author_id: UserId,
    pub body: &'a str,
    pub stance: Stance,
}

pub fn insert(conn: &mut DbConn, c: &NewComment<'_>, now: NaiveDateTime) -> DbResult<CommentId> {
    diesel::insert_into(comments::table)
        .values((
            comments::proposal_id.eq(c.proposal_id),
            comments::parent_id.eq(c.parent_id),
            comments::depth.eq(c.depth),
            comments::author_id.eq(c.author_id),
            comments::body.eq(c.body),
            comments::stance.eq(c.stance),
            comments::created_at.eq(now),
        ))
        .returning(comments::id)
        .get_result(conn)
}

pub fn find(conn: &mut DbConn, id: CommentId) -> DbResult<Option<CommentRow>> {
    comments::table.find(id).select(CommentRow::as_select()).first(conn).optional()
}

pub fn update_body(conn: &mut DbConn, id: CommentId, body: &str, stance: Stance, now: NaiveDateTime) -> DbResult<()> {
    diesel::update(comments::table.find(id))
        .set((comments::body.eq(body), comments::stance.eq(stance), comments::edited_at.eq(now)))
        .execute(conn)
        .map(|_| ())
}

/// Marks a comment deleted: its text goes, its place in the thread (and replies) stays.
pub fn mark_deleted(conn: &mut DbConn, id: CommentId, now: NaiveDateTime) -> DbResult<bool> {
    diesel::update(comments::table.find(id).filter(comments::deleted_at.is_null()))
        .set((comments::deleted_at.eq(now), comments::body.eq("")))
        .execute(conn)
        .map(|n| n == 1)
}

pub fn set_hidden(conn: &mut DbConn, id: CommentId, hidden_at: Option<NaiveDateTime>) -> DbResult<()> {
    diesel::update(comments::table.find(id)).set(comments::hidden_at.eq(hidden_at)).execute(conn).map(|_| ())
}

pub fn hide_all_of(conn: &mut DbConn, author_id: UserId, now: NaiveDateTime) -> DbResult<usize> {
    diesel::update(comments::table.filter(comments::author_id.eq(author_id)).filter(comments::hidden_at.is_null()))
        .set(comments::hidden_at.eq(now))
        .execute(conn)
}

pub fn set_report_count(conn: &mut DbConn, id: CommentId, count: i32) -> DbResult<()> {
    diesel::update(comments::table.find(id)).set(comments::report_count.eq(count)).execute(conn).map(|_| ())
}

/// A comment as the thread shows it.
#[derive(Debug, Clone)]
pub struct CommentView {
    pub comment: CommentRow,
    pub author_name: Option<String>,
    pub my_vote: Option<i32>,
}

/// Every comment of a proposal in id order (replies after their parents), with author
/// names and the viewer's votes: two queries, whatever the thread's size.
pub fn thread(conn: &mut DbConn, proposal_id: ProposalId, viewer: Option<UserId>) -> DbResult<Vec<CommentView>> {
    let rows: Vec<(CommentRow, Option<String>)> = comments::table
        .left_join(users::table)
        .filter(comments::proposal_id.eq(proposal_id))
        .order(comments::id.asc())
        .select((CommentRow::as_select(), users::display_name.nullable()))
        .load(conn)?;
    let votes: Vec<(CommentId, i32)> = match viewer {
        Some(uid) => comment_votes::table
            .inner_join(comments::table)
            .filter(comments::proposal_id.eq(proposal_id))
            .filter(comment_votes::user_id.eq(uid))
            .select((comment_votes::comment_id, comment_votes::value))
            .load(conn)?,
        None => Vec::new(),
    };
    Ok(rows
        .into_iter()
        .map(|(comment, author_name)| {
            let my_vote = votes.iter().find(|(cid, _)| *cid == comment.id).map(|(_, v)| *v);
            CommentView { comment, author_name, my_vote }
        })
        .collect())
}

/// Sets the viewer's vote (+1 / -1, or 0 to remove) and keeps the counters exact.
pub fn vote(conn: &mut DbConn, comment_id: CommentId, user_id: UserId, value: i32) -> DbResult<()> {
    let previous: Option<i32> =
        comment_votes::table.find((comment_id, user_id)).select(comment_votes::value).first(conn).optional()?;
    if previous == Some(value) || (previous.is_none() && value == 0) {
        return Ok(());
    }
    if let Some(old) = previous {
        diesel::delete(comment_votes::table.find((comment_id, user_id))).execute(conn)?;
        bump(conn, comment_id, old, -1)?;
    }
    if value != 0 {
        diesel::insert_into(comment_votes::table)
            .values((
                comment_votes::comment_id.eq(comment_id),
                comment_votes::user_id.eq(user_id),
                comment_votes::value.eq(value),
            ))
            .execute(conn)?;
        bump(conn, comment_id, value, 1)?;
    }
    Ok(())
}

fn bump(conn: &mut DbConn, comment_id: CommentId, value: i32, delta: i32) -> DbResult<()> {
    let target = comments::table.find(comment_id);
    if value > 0 {
        diesel::update(target).set(comments::up_count.eq(comments::up_count + delta)).execute(conn)?;
    } else {
        diesel::update(target).set(comments::down_count.eq(comments::down_count + delta)).execute(conn)?;
    }
    Ok(())
}
