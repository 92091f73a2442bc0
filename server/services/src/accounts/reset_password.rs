use super::{check_strength, issue_token, locale_of};
use crate::crypto::token_hash;
use crate::mail::{self, MailKind};
use crate::{RequestMeta, ServiceResult, Services};
use yoriai_domain::{Email, ErrorCode, Password, Rejection};
use yoriai_i18n::Arg;
use yoriai_store::tokens::{self, Purpose};
use yoriai_store::{sessions, throttle, users};

/// Emails a reset link if an account uses `email`. The answer is the same either way.
pub fn request_password_reset(svc: &Services, meta: &RequestMeta, email: &str) -> ServiceResult<()> {
    let email = Email::parse(email).map_err(|code| Rejection::field("email", code))?;
    let mut conn = svc.conn()?;
    let now = yoriai_store::now();
    let sent = yoriai_store::write_tx(&mut conn, |c| -> ServiceResult<bool> {
        mail::client_may_request_mail(svc, c, meta.ip)?;
        let Some(user) = users::find_by_email(c, email.as_str())? else {
            return Ok(false);
        };
        // Several requests in a row would only flood the inbox: one link per two minutes.
        if let Some(last) = tokens::latest_created(c, user.id, Purpose::ResetPassword)? {
            if now - last < chrono::Duration::minutes(2) {
                return Ok(false);
            }
        }
        tokens::retire_open(c, user.id, Purpose::ResetPassword, now)?;
        let raw = issue_token(c, user.id, Purpose::ResetPassword, None, svc.settings.reset_ttl, now)?;
        let rendered = mail::render(
            MailKind::ResetPassword,
            locale_of(&user, meta.locale),
            &user.display_name,
            &svc.mail_site(),
            &[
                ("link", Arg::from(svc.link(&format!("/reset-password?token={raw}")))),
                ("minutes", Arg::Num(svc.settings.reset_ttl.num_minutes())),
            ],
        );
        mail::enqueue_unsolicited(svc, c, MailKind::ResetPassword, &user.email, &rendered)
    })?;
    if sent {
        (svc.mail_queued)();
    }
    Ok(())
}

/// Whether a reset link is still usable (to show the form or explain at once).
pub fn reset_token_is_valid(svc: &Services, token: &str) -> ServiceResult<bool> {
    if token.is_empty() || token.len() > 128 {
        return Ok(false);
    }
    let mut conn = svc.conn()?;
    Ok(tokens::peek(&mut conn, &token_hash(token), Purpose::ResetPassword, yoriai_store::now())?.is_some())
}

/// Sets a new password from a reset link, signs out every session, and lifts the
/// sign-in lock (the owner has just proved they hold the mailbox).
pub fn reset_password(svc: &Services, token: &str, new_password: &str) -> ServiceResult<()> {
    if token.is_empty() || token.len() > 128 {
        return Err(ErrorCode::TokenInvalid.into());
    }
    let hash_of_token = token_hash(token);
    let mut conn = svc.conn()?;
    let now = yoriai_store::now();
    let row = tokens::peek(&mut conn, &hash_of_token, Purpose::ResetPassword, now)?
        .ok_or(Rejection::new(ErrorCode::TokenInvalid))?;
    let user = users::find(&mut conn, row.user_id)?.ok_or(Rejection::new(ErrorCode::TokenInvalid))?;
    let email = Email::parse(&user.email).ok();
    let password = Password::parse_new(new_password, email.as_ref(), Some(&user.display_name))
        .and_then(|p| {
            check_strength(&p, &[email.as_ref().map(|e| e.local_part()).unwrap_or(""), &user.display_name]).map(|_| p)
        })
        .map_err(|code| Rejection::field("new_password", code))?;
    let hash = svc.hasher.hash(&password);
    let account_key = svc.keys.keyed_hash("throttle", &format!("account:{}", user.email));
    let now = yoriai_store::now();
    yoriai_store::write_tx(&mut conn, |c| -> ServiceResult<()> {
        tokens::consume(c, &hash_of_token, Purpose::ResetPassword, now)?
            .ok_or(Rejection::new(ErrorCode::TokenInvalid))?;
        users::set_password_hash(c, user.id, &hash, now)?;
        users::confirm_email(c, user.id, now)?;
        sessions::delete_others(c, user.id, None)?;
        throttle::clear(c, &account_key)?;
        Ok(())
    })?;
    tracing::info!(user_id = user.id.0, "password reset");
    Ok(())
}
