use super::{check_strength, locale_of, queue_confirmation};
use crate::mail::{self, MailKind};
use crate::{RequestMeta, ServiceResult, Services};
use yoriai_domain::{authorize, Action, Actor, DisplayName, Email, FieldErrors, Password, Role};
use yoriai_i18n::Arg;
use yoriai_store::users::{self, NewUser};

pub use yoriai_views::accounts::SignUpInput;

/// Creates an unconfirmed account and emails a confirmation link.
///
/// When the address already has an account the answer is the same and takes as long
/// (the password is hashed either way); the owner gets an email saying someone tried.
/// So neither the page nor its timing reveals who has an account.
pub fn sign_up(svc: &Services, actor: &Actor, meta: &RequestMeta, input: SignUpInput) -> ServiceResult<()> {
    authorize(actor, &Action::SignUp)?;
    let mut errors = FieldErrors::new();
    let email = errors.check("email", Email::parse(&input.email));
    let name = errors.check("display_name", DisplayName::parse(&input.display_name));
    let password = errors.check(
        "password",
        Password::parse_new(&input.password, email.as_ref(), name.as_ref().map(|n| n.as_str())).and_then(|p| {
            let inputs: Vec<&str> = [email.as_ref().map(|e| e.local_part()), name.as_ref().map(|n| n.as_str())]
                .into_iter()
                .flatten()
                .collect();
            check_strength(&p, &inputs).map(|_| p)
        }),
    );
    let (Some(email), Some(name), Some(password)) = (email, name, password) else {
        return Err(errors.into_rejection().into());
    };

    let hash = svc.hasher.hash(&password);
    let mut conn = svc.conn()?;
    let now = yoriai_store::now();
    let mut queued = false;
    yoriai_store::write_tx(&mut conn, |c| -> ServiceResult<()> {
        mail::client_may_request_mail(svc, c, meta.ip)?;
        let inserted = users::insert(
            c,
            &NewUser {
                email: email.as_str(),
                display_name: name.as_str(),
                password_hash: Some(&hash),
                role: Role::Resident,
                locale: Some(meta.locale.as_str()),
                email_confirmed_at: None,
                created_at: now,
                updated_at: now,
            },
        )?;
        match inserted {
            Some(id) => queue_confirmation(svc, c, (email.as_str(), name.as_str(), id), meta.locale, now)?,
            None => {
                let existing = users::find_by_email(c, email.as_str())?
                    .ok_or_else(|| crate::ServiceError::internal("account vanished during sign-up"))?;
                let locale = locale_of(&existing, meta.locale);
                let rendered = mail::render(
                    MailKind::ExistingAccount,
                    locale,
                    &existing.display_name,
                    &svc.mail_site(),
                    &[("signin", Arg::from(svc.link("/sign-in"))), ("reset", Arg::from(svc.link("/forgot-password")))],
                );
                mail::enqueue_unsolicited(svc, c, MailKind::ExistingAccount, &existing.email, &rendered)?;
            }
        }
        queued = true;
        Ok(())
    })?;
    if queued {
        (svc.mail_queued)();
    }
    Ok(())
}
