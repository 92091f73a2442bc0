use super::two_factor::{after_first_step, SignInStep};
use crate::crypto::{random_token, token_hash};
use crate::{RequestMeta, ServiceResult, Services};
use chrono::NaiveDateTime;
use std::net::IpAddr;
use yoriai_domain::{
    authorize, Action, Actor, Email, ErrorCode, FieldErrors, Locale, Password, Rejection, Role, UserId,
};
use yoriai_store::sessions::{self, NewSession};
use yoriai_store::{throttle, users};

pub use yoriai_views::accounts::SignInInput;

/// A new session. `token` goes into the cookie and nowhere else.
#[derive(Debug, Clone)]
pub struct SignedIn {
    pub token: String,
    pub user_id: UserId,
    pub display_name: String,
    pub role: Role,
    pub locale: Option<Locale>,
}

fn ip_key(svc: &Services, ip: IpAddr) -> String {
    crate::limits::key(svc, &format!("ip:{}", crate::limits::client_text(ip)))
}

fn account_key(svc: &Services, email: &str) -> String {
    crate::limits::key(svc, &format!("account:{email}"))
}

use crate::limits::minutes_until;

/// Checks the password and opens a session.
///
/// Failures are counted per account (by email, whether or not it exists) and per client
/// address, in the database so that every node sees them. A locked key answers
/// `too_many_attempts` with the minutes left, even for the right password.
pub fn sign_in(svc: &Services, actor: &Actor, meta: &RequestMeta, input: SignInInput) -> ServiceResult<SignInStep> {
    authorize(actor, &Action::SignIn)?;
    let mut errors = FieldErrors::new();
    let email = errors.check("email", Email::parse(&input.email));
    let password = errors.check("password", Password::parse_existing(&input.password));
    let (Some(email), Some(password)) = (email, password) else {
        return Err(errors.into_rejection().into());
    };

    let account_key = account_key(svc, email.as_str());
    let ip_key = meta.ip.map(|ip| ip_key(svc, ip));
    let mut conn = svc.conn()?;
    let now = yoriai_store::now();
    for key in std::iter::once(&account_key).chain(ip_key.as_ref()) {
        if let Some(until) = throttle::locked_until(&mut conn, key, now)? {
            return Err(Rejection::new(ErrorCode::TooManyAttempts)
                .with_arg("minutes", minutes_until(until, now))
                .into());
        }
    }

    let user = users::find_by_email(&mut conn, email.as_str())?;
    // Slow on purpose, and equally slow for unknown emails (dummy hash).
    let valid = svc.hasher.verify(&password, user.as_ref().and_then(|u| u.password_hash.as_deref()));

    let settings = &svc.settings;
    let user = match (valid, user) {
        (true, Some(user)) => user,
        _ => {
            let now = yoriai_store::now();
            let mut locked = None;
            yoriai_store::write_tx(&mut conn, |c| -> ServiceResult<()> {
                locked = throttle::record_failure(
                    c,
                    &account_key,
                    now,
                    settings.throttle_window,
                    settings.account_max_failures,
                    settings.throttle_lock,
                )?;
                if let Some(key) = &ip_key {
                    let ip_locked = throttle::record_failure(
                        c,
                        key,
                        now,
                        settings.throttle_window,
                        settings.ip_max_failures,
                        settings.throttle_lock,
                    )?;
                    locked = locked.or(ip_locked);
                }
                Ok(())
            })?;
            if let Some(until) = locked {
                tracing::warn!("sign-in locked after repeated failures");
                return Err(Rejection::new(ErrorCode::TooManyAttempts)
                    .with_arg("minutes", minutes_until(until, now))
                    .into());
            }
            return Err(ErrorCode::InvalidCredentials.into());
        }
    };
    if user.email_confirmed_at.is_none() {
        return Err(ErrorCode::EmailNotConfirmed.into());
    }
    if user.blocked_at.is_some() {
        return Err(ErrorCode::AccountBlocked.into());
    }

    // Hashes made with weaker parameters are upgraded while we hold the password.
    let rehash =
        user.password_hash.as_deref().filter(|h| svc.hasher.needs_rehash(h)).map(|_| svc.hasher.hash(&password));

    let now = yoriai_store::now();
    let step = yoriai_store::write_tx(&mut conn, |c| -> ServiceResult<SignInStep> {
        throttle::clear(c, &account_key)?;
        if let Some(hash) = &rehash {
            users::set_password_hash(c, user.id, hash, now)?;
        }
        after_first_step(svc, c, &user, input.next.as_deref(), now)
    })?;
    tracing::info!(user_id = user.id.0, "signed in with a password");
    Ok(step)
}

/// Opens a session for `user` (inside the caller's transaction).
pub(crate) fn open_session(
    c: &mut yoriai_store::DbConn,
    user: &users::UserRow,
    settings: &crate::Settings,
    now: NaiveDateTime,
    second_factor: bool,
) -> ServiceResult<SignedIn> {
    let token = random_token();
    sessions::insert(
        c,
        &NewSession {
            user_id: user.id,
            token_hash: &token_hash(&token),
            created_at: now,
            last_seen_at: now,
            expires_at: now + settings.session_ttl,
            second_factor_at: second_factor.then_some(now),
        },
    )?;
    Ok(SignedIn {
        token,
        user_id: user.id,
        role: user.role,
        locale: user.locale.as_deref().and_then(Locale::parse),
        display_name: user.display_name.clone(),
    })
}
