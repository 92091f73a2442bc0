use crate::{ServiceResult, Services};
use yoriai_domain::{authorize, Action, Actor, SessionId};
use yoriai_store::sessions;

/// Ends the current session.
pub fn sign_out(svc: &Services, actor: &Actor, session: SessionId) -> ServiceResult<()> {
    authorize(actor, &Action::SignOut)?;
    let mut conn = svc.conn()?;
    sessions::delete(&mut conn, session.0)?;
    Ok(())
}

/// Ends every session of the account except the current one; returns how many ended.
pub fn sign_out_other_sessions(svc: &Services, actor: &Actor, current: Option<SessionId>) -> ServiceResult<usize> {
    authorize(actor, &Action::SignOutOtherSessions)?;
    let user_id = actor.user_id().expect("authorized actors are signed in");
    let mut conn = svc.conn()?;
    let ended = sessions::delete_others(&mut conn, user_id, current)?;
    Ok(ended)
}
