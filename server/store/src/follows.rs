//! Who follows which proposal.

use crate::schema::follows;
use crate::{DbConn, DbResult};
use chrono::NaiveDateTime;
use diesel::prelude::*;
use yoriai_domain::ids::{ProposalId, UserId};

/// Follows; `true` if this is a new follow (callers keep the counter in step).
pub fn follow(conn: &mut DbConn, user_id: UserId, proposal_id: ProposalId, now: NaiveDateTime) -> DbResult<bool> {
    let query = diesel::insert_into(follows::table)
        .values((follows::user_id.eq(user_id), follows::proposal_id.eq(proposal_id), follows::created_at.eq(now)))
        .on_conflict((follows::user_id, follows::proposal_id))
        .do_nothing();
    Ok(crate::on_each_backend!(conn, |c| query.execute(c))? == 1)
}

pub fn unfollow(conn: &mut DbConn, user_id: UserId, proposal_id: ProposalId) -> DbResult<bool> {
    diesel::delete(follows::table.find((user_id, proposal_id))).execute(conn).map(|n| n == 1)
}

pub fn is_following(conn: &mut DbConn, user_id: UserId, proposal_id: ProposalId) -> DbResult<bool> {
    diesel::select(diesel::dsl::exists(follows::table.find((user_id, proposal_id)))).get_result(conn)
}

pub fn followers(conn: &mut DbConn, proposal_id: ProposalId) -> DbResult<Vec<UserId>> {
    follows::table
        .filter(follows::proposal_id.eq(proposal_id))
        .select(follows::user_id)
        .order(follows::user_id.asc())
        .load(conn)
}
