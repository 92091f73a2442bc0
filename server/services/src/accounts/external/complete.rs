//! Finishing a new account that signed in with an external account.

use super::*;

/// What the "finish signing up" page shows: the provider and what it suggested.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PendingExternal {
    pub provider_label: String,
    pub email: Option<String>,
    pub email_verified: bool,
    pub suggested_name: Option<String>,
}

/// The verified new external account waiting for its details, if the cookie holds one.
pub fn pending_external(svc: &Services, cookie_token: Option<&str>) -> ServiceResult<Option<PendingExternal>> {
    let Some(token) = cookie_token.filter(|t| !t.is_empty() && t.len() <= 128) else { return Ok(None) };
    let mut conn = svc.conn()?;
    let Some(row) = external::peek(&mut conn, &token_hash(token), yoriai_store::now())? else { return Ok(None) };
    if row.subject.is_none() {
        return Ok(None);
    }
    let label = provider(svc, &row.provider).map(|p| p.label.clone()).unwrap_or_else(|_| row.provider.clone());
    Ok(Some(PendingExternal {
        provider_label: label,
        email: row.email,
        email_verified: row.email_verified,
        suggested_name: row.suggested_name,
    }))
}

pub use yoriai_views::accounts::CompleteExternalInput;

/// How finishing a new account ended.
#[derive(Debug, Clone)]
pub enum CompleteOutcome {
    /// The email was the one the provider vouched for: the account is ready.
    SignedIn { signed_in: SignedIn, next: Option<String> },
    /// Another address: a confirmation link is on its way (as after signing up).
    CheckEmail,
}

/// Creates the account for a verified new external account, with the display name and
/// email the resident chose, and links it. Invalid input keeps the sign-in in progress.
pub fn complete_external(
    svc: &Services,
    actor: &Actor,
    meta: &RequestMeta,
    cookie_token: Option<&str>,
    input: CompleteExternalInput,
) -> ServiceResult<CompleteOutcome> {
    authorize(actor, &Action::SignIn)?;
    let expired = || ServiceError::from(ErrorCode::ExternalSignInExpired);
    let token = cookie_token.filter(|t| !t.is_empty() && t.len() <= 128).ok_or_else(expired)?;
    let mut errors = FieldErrors::new();
    let name = errors.check("display_name", DisplayName::parse(&input.display_name));
    let email = errors.check("email", Email::parse(&input.email));
    let (Some(name), Some(email)) = (name, email) else {
        return Err(errors.into_rejection().into());
    };
    let mut conn = svc.conn()?;
    let now = yoriai_store::now();
    let hash = token_hash(token);
    let row = external::peek(&mut conn, &hash, now)?.filter(|r| r.subject.is_some()).ok_or_else(expired)?;
    let subject = row.subject.clone().unwrap_or_default();
    let vouched = row.email_verified && row.email.as_deref() == Some(email.as_str());
    if vouched && users::email_taken(&mut conn, email.as_str())? {
        return Err(ErrorCode::ExternalEmailHasAccount.into());
    }

    let mut queued = false;
    let outcome = yoriai_store::write_tx(&mut conn, |c| -> ServiceResult<CompleteOutcome> {
        external::take(c, &hash, now)?.ok_or_else(expired)?;
        let inserted = users::insert(
            c,
            &NewUser {
                email: email.as_str(),
                display_name: name.as_str(),
                password_hash: None,
                role: Role::Resident,
                locale: Some(meta.locale.as_str()),
                email_confirmed_at: vouched.then_some(now),
                created_at: now,
                updated_at: now,
            },
        )?;
        let Some(user_id) = inserted else {
            if vouched {
                return Err(ErrorCode::ExternalEmailHasAccount.into());
            }
            // A typed address that has an account: the same answer as signing up, and
            // its owner hears that someone tried (no one learns who has an account).
            notify_existing(svc, c, email.as_str(), meta.locale)?;
            queued = true;
            return Ok(CompleteOutcome::CheckEmail);
        };
        if !external::link(c, user_id, &row.provider, &subject, now)? {
            return Err(ErrorCode::ExternalAccountInUse.into());
        }
        tracing::info!(user_id = user_id.0, provider = %row.provider, "account created with an external account");
        if vouched {
            let user = users::find(c, user_id)?.ok_or_else(|| ServiceError::internal("account vanished"))?;
            let signed_in = open_session(c, &user, &svc.settings, now, false)?;
            return Ok(CompleteOutcome::SignedIn { signed_in, next: row.next_path.clone() });
        }
        queue_confirmation(svc, c, (email.as_str(), name.as_str(), user_id), meta.locale, now)?;
        queued = true;
        Ok(CompleteOutcome::CheckEmail)
    })?;
    if queued {
        (svc.mail_queued)();
    }
    Ok(outcome)
}

fn notify_existing(svc: &Services, c: &mut DbConn, email: &str, fallback: Locale) -> ServiceResult<()> {
    let existing = users::find_by_email(c, email)?.ok_or_else(|| ServiceError::internal("account vanished"))?;
    let rendered = mail::render(
        MailKind::ExistingAccount,
        locale_of(&existing, fallback),
        &existing.display_name,
        &svc.mail_site(),
        &[("signin", Arg::from(svc.link("/sign-in"))), ("reset", Arg::from(svc.link("/forgot-password")))],
    );
    mail::enqueue_unsolicited(svc, c, MailKind::ExistingAccount, &existing.email, &rendered).map(|_| ())
}
