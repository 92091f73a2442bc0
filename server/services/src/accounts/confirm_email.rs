use super::{locale_of, queue_confirmation};
use crate::crypto::token_hash;
use crate::{RequestMeta, ServiceResult, Services};
use yoriai_domain::{Email, ErrorCode, Rejection};
use yoriai_store::tokens::{self, Purpose};
use yoriai_store::users;

/// Confirms the account of an emailed link. Works once, before the link expires.
pub fn confirm_email(svc: &Services, token: &str) -> ServiceResult<()> {
    if token.is_empty() || token.len() > 128 {
        return Err(ErrorCode::TokenInvalid.into());
    }
    let mut conn = svc.conn()?;
    let now = yoriai_store::now();
    yoriai_store::write_tx(&mut conn, |c| {
        let row = tokens::consume(c, &token_hash(token), Purpose::ConfirmEmail, now)?
            .ok_or(Rejection::new(ErrorCode::TokenInvalid))?;
        users::confirm_email(c, row.user_id, now)?;
        Ok(())
    })
}

/// Sends a new confirmation link if an unconfirmed account uses `email`. The answer is
/// the same whether or not one does.
pub fn resend_confirmation(svc: &Services, meta: &RequestMeta, email: &str) -> ServiceResult<()> {
    let email = Email::parse(email).map_err(|code| Rejection::field("email", code))?;
    let mut conn = svc.conn()?;
    let now = yoriai_store::now();
    let sent = yoriai_store::write_tx(&mut conn, |c| -> ServiceResult<bool> {
        crate::mail::client_may_request_mail(svc, c, meta.ip)?;
        let Some(user) = users::find_by_email(c, email.as_str())? else {
            return Ok(false);
        };
        if user.email_confirmed_at.is_some() {
            return Ok(false);
        }
        // One link per two minutes is plenty; more would let anyone flood the inbox.
        if let Some(last) = tokens::latest_created(c, user.id, Purpose::ConfirmEmail)? {
            if now - last < chrono::Duration::minutes(2) {
                return Ok(false);
            }
        }
        let locale = locale_of(&user, meta.locale);
        queue_confirmation(svc, c, (&user.email, &user.display_name, user.id), locale, now)?;
        Ok(true)
    })?;
    if sent {
        (svc.mail_queued)();
    }
    Ok(())
}
