//! Writing the action log inside a command's transaction.

use crate::ServiceResult;
use yoriai_domain::{Actor, RawId};
use yoriai_store::action_log::{self, NewActionLog};
use yoriai_store::DbConn;

/// Whether the public may read the entry (transparency) or only staff.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Visibility {
    Public,
    Staff,
}

pub fn log(
    conn: &mut DbConn,
    actor: &Actor,
    action: &str,
    target: (&str, Option<impl RawId>),
    visibility: Visibility,
    reason: Option<&str>,
    details: serde_json::Value,
) -> ServiceResult<()> {
    let details = details.to_string();
    action_log::insert(
        conn,
        &NewActionLog {
            actor_user_id: actor.user_id(),
            action,
            target_type: target.0,
            target_id: target.1.map(RawId::raw),
            visibility: match visibility {
                Visibility::Public => "public",
                Visibility::Staff => "staff",
            },
            reason,
            details: &details,
            created_at: yoriai_store::now(),
        },
    )?;
    Ok(())
}
