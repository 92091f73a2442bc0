use crate::{ServiceError, ServiceResult, Services};
use serde::{Deserialize, Serialize};
use yoriai_domain::{authorize, Action, Actor, Role};
use yoriai_store::{sessions, users};

/// What the account page shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountOverview {
    pub email: String,
    pub display_name: String,
    pub role: Role,
    pub email_confirmed: bool,
    pub active_sessions: usize,
    /// Whether the account can sign in with a password (accounts made with an external
    /// account have none until the resident sets one).
    pub has_password: bool,
    /// The configured external sign-in providers and which are linked.
    pub sign_in_methods: Vec<super::SignInMethod>,
    /// Two-step sign-in is on.
    pub two_factor: bool,
    /// The account's security log, newest first.
    pub security_events: Vec<SecurityEvent>,
}

pub use yoriai_views::SecurityEvent;

/// How many security-log entries the account page shows.
const SECURITY_EVENTS_SHOWN: i64 = 20;

pub fn account_overview(svc: &Services, actor: &Actor) -> ServiceResult<AccountOverview> {
    authorize(actor, &Action::ViewOwnAccount)?;
    let user_id = actor.user_id().expect("authorized actors are signed in");
    let mut conn = svc.conn()?;
    let now = yoriai_store::now();
    let user = users::find(&mut conn, user_id)?.ok_or_else(|| ServiceError::internal("session without account"))?;
    let active_sessions = sessions::list_for_user(&mut conn, user.id, now)?.len();
    let sign_in_methods = super::external::sign_in_methods(svc, &mut conn, user.id)?;
    Ok(AccountOverview {
        role: user.role,
        email: user.email,
        display_name: user.display_name,
        email_confirmed: user.email_confirmed_at.is_some(),
        active_sessions,
        has_password: user.password_hash.is_some(),
        two_factor: yoriai_store::two_factor::is_on(&mut conn, user.id)?,
        security_events: yoriai_store::security_events::recent(&mut conn, user.id, SECURITY_EVENTS_SHOWN)?
            .into_iter()
            .map(|e| SecurityEvent { kind: e.kind, at: crate::city_time(e.created_at) })
            .collect(),
        sign_in_methods,
    })
}
