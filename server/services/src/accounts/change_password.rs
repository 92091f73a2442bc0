use super::check_strength;
use crate::mail::{self, MailKind};
use crate::{ServiceError, ServiceResult, Services};
use yoriai_domain::{authorize, Action, Actor, Email, ErrorCode, Password, Rejection, SessionId};
use yoriai_i18n::Arg;
use yoriai_store::tokens::{self, Purpose};
use yoriai_store::{sessions, throttle, users};

pub use yoriai_views::accounts::ChangePasswordInput;

/// Changes the password after checking the current one, signs out the account's other
/// sessions, and tells the owner by email.
pub fn change_password(
    svc: &Services,
    actor: &Actor,
    current_session: Option<SessionId>,
    input: ChangePasswordInput,
) -> ServiceResult<()> {
    authorize(actor, &Action::ChangeOwnPassword)?;
    let user_id = actor.user_id().expect("authorized actors are signed in");
    let mut conn = svc.conn()?;
    let user = users::find(&mut conn, user_id)?.ok_or_else(|| ServiceError::internal("session without account"))?;

    let current =
        Password::parse_existing(&input.current_password).map_err(|c| Rejection::field("current_password", c))?;
    let email = Email::parse(&user.email).ok();
    let new = Password::parse_new(&input.new_password, email.as_ref(), Some(&user.display_name))
        .and_then(|p| {
            check_strength(&p, &[email.as_ref().map(|e| e.local_part()).unwrap_or(""), &user.display_name]).map(|_| p)
        })
        .map_err(|c| Rejection::field("new_password", c))?;

    // A stolen session must not become a password-guessing oracle: failures count
    // against the same per-account throttle as sign-in.
    let key = svc.keys.keyed_hash("throttle", &format!("account:{}", user.email));
    let now = yoriai_store::now();
    if throttle::locked_until(&mut conn, &key, now)?.is_some() {
        return Err(ErrorCode::TooManyAttempts.into());
    }
    if !svc.hasher.verify(&current, user.password_hash.as_deref()) {
        let s = &svc.settings;
        yoriai_store::write_tx(&mut conn, |c| {
            throttle::record_failure(c, &key, now, s.throttle_window, s.account_max_failures, s.throttle_lock)
        })?;
        return Err(Rejection::field("current_password", ErrorCode::CurrentPasswordWrong).into());
    }
    let hash = svc.hasher.hash(&new);
    let now = yoriai_store::now();
    let locale = super::locale_of(&user, Default::default());
    yoriai_store::write_tx(&mut conn, |c| -> ServiceResult<()> {
        users::set_password_hash(c, user.id, &hash, now)?;
        sessions::delete_others(c, user.id, current_session)?;
        tokens::retire_open(c, user.id, Purpose::ResetPassword, now)?;
        let rendered = mail::render(
            MailKind::PasswordChanged,
            locale,
            &user.display_name,
            &svc.mail_site(),
            &[("reset", Arg::from(svc.link("/forgot-password")))],
        );
        mail::enqueue(c, MailKind::PasswordChanged, &user.email, &rendered)
    })?;
    (svc.mail_queued)();
    tracing::info!(user_id = user.id.0, "password changed");
    Ok(())
}
