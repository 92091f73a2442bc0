//! Resolving who is behind a request: a session cookie or a bearer token.

use crate::crypto::token_hash;
use crate::{ServiceResult, Services};
use yoriai_domain::policy::UserActor;
use yoriai_domain::{Locale, ProcessId, Role, SessionId, UserId};
use yoriai_store::{api_tokens, sessions};

/// The signed-in account of a request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CurrentUser {
    pub actor: UserActor,
    /// The session, when signed in through the browser (not with a bearer token).
    pub session_id: Option<SessionId>,
    pub display_name: String,
    pub locale: Option<Locale>,
    /// Unread in-app notifications (for the header).
    pub unread_notifications: i64,
    /// Accessibility needs the pages adapt to (only with the resident's consent).
    pub needs: Vec<String>,
    /// A staff account acting as a resident until it signs in with two-step sign-in.
    pub two_factor_missing: bool,
}

/// Last-seen is written at most this often per session, so page views stay reads.
const TOUCH_EVERY_MINUTES: i64 = 5;

/// `second_factor`: whether the session's sign-in passed the second step (`None` for
/// a bearer token). Staff rights need two-step sign-in set up and, in the browser, used.
fn current_user(
    conn: &mut yoriai_store::DbConn,
    row: yoriai_store::users::UserRow,
    session_id: Option<SessionId>,
    second_factor: Option<bool>,
) -> ServiceResult<CurrentUser> {
    let stored = row.role;
    let process_roles = process_roles_of(conn, row.id)?;
    let needs_two_factor = stored.needs_two_factor() || !process_roles.is_empty();
    let two_factor_ok =
        !needs_two_factor || (second_factor != Some(false) && yoriai_store::two_factor::is_on(conn, row.id)?);
    let (role, process_roles) = if two_factor_ok { (stored, process_roles) } else { (Role::Resident, Vec::new()) };
    let unread_notifications = yoriai_store::notifications::unread_count(conn, row.id)?;
    let facts = crate::privacy::session_facts(conn, row.id)?;
    Ok(CurrentUser {
        unread_notifications,
        needs: facts.needs,
        two_factor_missing: !two_factor_ok,
        actor: UserActor {
            id: row.id,
            role,
            verified: facts.verified,
            verified_district: facts.verified_district,
            process_roles,
        },
        session_id,
        display_name: row.display_name,
        locale: row.locale.as_deref().and_then(Locale::parse),
    })
}

/// The staff roles an account holds in single processes (unknown names are skipped).
pub fn process_roles_of(conn: &mut yoriai_store::DbConn, user_id: UserId) -> ServiceResult<Vec<(ProcessId, Role)>> {
    Ok(yoriai_store::process_roles::of_user(conn, user_id)?.into_iter().filter(|(_, r)| r.is_staff()).collect())
}

/// The account behind a session cookie, if the session is live; slides its expiry.
pub fn resolve_session(svc: &Services, raw_token: &str) -> ServiceResult<Option<CurrentUser>> {
    if raw_token.is_empty() || raw_token.len() > 128 {
        return Ok(None);
    }
    let mut conn = svc.conn()?;
    let now = yoriai_store::now();
    let Some((session, user)) = sessions::find_live(&mut conn, &token_hash(raw_token), now)? else {
        return Ok(None);
    };
    if user.blocked_at.is_some() {
        return Ok(None);
    }
    if now - session.last_seen_at > chrono::Duration::minutes(TOUCH_EVERY_MINUTES) {
        sessions::touch(&mut conn, session.id, now, now + svc.settings.session_ttl)?;
    }
    let second_factor = session.second_factor_at.is_some();
    current_user(&mut conn, user, Some(SessionId(session.id)), Some(second_factor)).map(Some)
}

/// The account behind a personal access token, if it is live.
pub fn resolve_bearer(svc: &Services, raw_token: &str) -> ServiceResult<Option<CurrentUser>> {
    if raw_token.is_empty() || raw_token.len() > 256 {
        return Ok(None);
    }
    let mut conn = svc.conn()?;
    let Some((_, user)) = api_tokens::authenticate(&mut conn, &token_hash(raw_token), yoriai_store::now())? else {
        return Ok(None);
    };
    if user.blocked_at.is_some() {
        return Ok(None);
    }
    current_user(&mut conn, user, None, None).map(Some)
}
