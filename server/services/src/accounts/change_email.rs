use super::{issue_token, locale_of, mask_email};
use crate::crypto::token_hash;
use crate::mail::{self, MailKind};
use crate::{ServiceError, ServiceResult, Services};
use yoriai_domain::{authorize, Action, Actor, Email, ErrorCode, FieldErrors, Password, Rejection};
use yoriai_i18n::Arg;
use yoriai_store::tokens::{self, Purpose};
use yoriai_store::users;

pub use yoriai_views::accounts::ChangeEmailInput;

/// Starts an email change: a link to the new address (the change happens when it is
/// opened) and a notice to the current one. An address used by another account gets
/// that account's "someone tried" notice instead, and the answer here is the same.
pub fn change_email(svc: &Services, actor: &Actor, input: ChangeEmailInput) -> ServiceResult<()> {
    authorize(actor, &Action::ChangeOwnEmail)?;
    let user_id = actor.user_id().expect("authorized actors are signed in");
    let mut errors = FieldErrors::new();
    let new_email = errors.check("new_email", Email::parse(&input.new_email));
    let password = errors.check("current_password", Password::parse_existing(&input.current_password));
    let (Some(new_email), Some(password)) = (new_email, password) else {
        return Err(errors.into_rejection().into());
    };
    let mut conn = svc.conn()?;
    let user = users::find(&mut conn, user_id)?.ok_or_else(|| ServiceError::internal("session without account"))?;
    if new_email.as_str() == user.email {
        return Err(Rejection::field("new_email", ErrorCode::EmailUnchanged).into());
    }
    if !svc.hasher.verify(&password, user.password_hash.as_deref()) {
        return Err(Rejection::field("current_password", ErrorCode::CurrentPasswordWrong).into());
    }
    let now = yoriai_store::now();
    let locale = locale_of(&user, Default::default());
    yoriai_store::write_tx(&mut conn, |c| -> ServiceResult<()> {
        if let Some(other) = users::find_by_email(c, new_email.as_str())? {
            let rendered = mail::render(
                MailKind::ExistingAccount,
                locale_of(&other, locale),
                &other.display_name,
                &svc.mail_site(),
                &[("signin", Arg::from(svc.link("/sign-in"))), ("reset", Arg::from(svc.link("/forgot-password")))],
            );
            return mail::enqueue_unsolicited(svc, c, MailKind::ExistingAccount, &other.email, &rendered).map(|_| ());
        }
        tokens::retire_open(c, user.id, Purpose::ChangeEmail, now)?;
        let raw = issue_token(
            c,
            user.id,
            Purpose::ChangeEmail,
            Some(new_email.as_str()),
            svc.settings.change_email_ttl,
            now,
        )?;
        let to_new = mail::render(
            MailKind::ChangeEmail,
            locale,
            &user.display_name,
            &svc.mail_site(),
            &[
                ("link", Arg::from(svc.link(&format!("/account/confirm-email?token={raw}")))),
                ("hours", Arg::Num(svc.settings.change_email_ttl.num_hours())),
            ],
        );
        mail::enqueue_unsolicited(svc, c, MailKind::ChangeEmail, new_email.as_str(), &to_new)?;
        let to_old = mail::render(
            MailKind::ChangeEmailNotice,
            locale,
            &user.display_name,
            &svc.mail_site(),
            &[("masked", Arg::from(mask_email(new_email.as_str())))],
        );
        mail::enqueue(c, MailKind::ChangeEmailNotice, &user.email, &to_old)
    })?;
    (svc.mail_queued)();
    Ok(())
}

/// Finishes an email change from the link sent to the new address.
pub fn confirm_email_change(svc: &Services, token: &str) -> ServiceResult<()> {
    if token.is_empty() || token.len() > 128 {
        return Err(ErrorCode::TokenInvalid.into());
    }
    let mut conn = svc.conn()?;
    let now = yoriai_store::now();
    yoriai_store::write_tx(&mut conn, |c| {
        let row = tokens::consume(c, &token_hash(token), Purpose::ChangeEmail, now)?
            .ok_or(Rejection::new(ErrorCode::TokenInvalid))?;
        let new_email = row.new_email.ok_or_else(|| ServiceError::internal("email-change token without address"))?;
        if !users::set_email(c, row.user_id, &new_email, now)? {
            return Err(Rejection::new(ErrorCode::EmailTaken).into());
        }
        tracing::info!(user_id = row.user_id.0, "email changed");
        Ok(())
    })
}
