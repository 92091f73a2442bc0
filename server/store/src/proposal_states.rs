//! Answer states defined by the administrators.

use crate::schema::proposal_states;
use crate::{DbConn, DbResult};
use chrono::NaiveDateTime;
use diesel::prelude::*;
use yoriai_domain::ids::CustomStateId;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = proposal_states)]
pub struct ProposalStateRow {
    pub id: CustomStateId,
    pub key: String,
    pub label_ja: String,
    pub label_en: String,
    pub colour: String,
    pub created_at: NaiveDateTime,
}

pub fn list(conn: &mut DbConn) -> DbResult<Vec<ProposalStateRow>> {
    proposal_states::table.order(proposal_states::id.asc()).select(ProposalStateRow::as_select()).load(conn)
}

pub fn find(conn: &mut DbConn, id: CustomStateId) -> DbResult<Option<ProposalStateRow>> {
    proposal_states::table.find(id).select(ProposalStateRow::as_select()).first(conn).optional()
}

/// Adds a state; `Ok(None)` when the key exists.
pub fn insert(
    conn: &mut DbConn,
    key: &str,
    label_ja: &str,
    label_en: &str,
    colour: &str,
    now: NaiveDateTime,
) -> DbResult<Option<CustomStateId>> {
    let query = diesel::insert_into(proposal_states::table)
        .values((
            proposal_states::key.eq(key),
            proposal_states::label_ja.eq(label_ja),
            proposal_states::label_en.eq(label_en),
            proposal_states::colour.eq(colour),
            proposal_states::created_at.eq(now),
        ))
        .on_conflict(proposal_states::key)
        .do_nothing()
        .returning(proposal_states::id);
    crate::on_each_backend!(conn, |c| query.get_result(c).optional())
}
