//! Account commands: sign-up and confirmation, sign-in and sign-out, password and
//! email changes, password reset, and the operator's account tools.
//!
//! Commands redeeming an emailed token (confirm, reset, confirm email change) take no
//! actor: the unguessable token is the authority, and it works once.

mod api_token;
mod change_email;
mod change_password;
mod confirm_email;
mod create_user;
mod external;
pub(crate) use external::reachable;
mod overview;
mod reset_password;
mod set_locale;
mod sign_in;
mod sign_out;
mod sign_up;
mod two_factor;

pub use api_token::issue_api_token;
pub use change_email::{change_email, confirm_email_change, ChangeEmailInput};
pub use change_password::{change_password, ChangePasswordInput};
pub use confirm_email::{confirm_email, resend_confirmation};
pub use create_user::{create_user, CreateUserInput};
pub use external::{
    complete_external, finish_external, form_origins, pending_external, start_external, unlink_external, CallbackQuery,
    CompleteExternalInput, CompleteOutcome, ExternalOutcome, ExternalProvider, ExternalStart, MetadataCache,
    PendingExternal, ProviderSettings, SignInMethod,
};
pub use overview::{account_overview, AccountOverview};
pub use reset_password::{request_password_reset, reset_password, reset_token_is_valid};
pub use set_locale::set_locale;
pub use sign_in::{sign_in, SignInInput, SignedIn};
pub use sign_out::{sign_out, sign_out_other_sessions};
pub use sign_up::{sign_up, SignUpInput};
pub use two_factor::{
    code_at, confirm_two_factor, disable_two_factor, enable_with_key, new_operator_key, operator_code_step,
    renew_recovery_codes, sign_in_with_code, start_two_factor, two_factor_status, SignInStep, TwoFactorSetup,
    TwoFactorStatus,
};

use crate::crypto::{random_token, token_hash};
use crate::mail::{self, MailKind};
use crate::{ServiceResult, Services};
use chrono::NaiveDateTime;
use yoriai_domain::{ErrorCode, Locale, Password, UserId};
use yoriai_i18n::Arg;
use yoriai_store::tokens::{self, NewToken, Purpose};
use yoriai_store::users::UserRow;
use yoriai_store::DbConn;

/// The language to write to an account in: its own choice, else the request's.
pub(crate) fn locale_of(user: &UserRow, fallback: Locale) -> Locale {
    user.locale.as_deref().and_then(Locale::parse).unwrap_or(fallback)
}

/// Creates a one-time token for `user` and returns the raw value for the email link.
pub(crate) fn issue_token(
    conn: &mut DbConn,
    user_id: UserId,
    purpose: Purpose,
    new_email: Option<&str>,
    ttl: chrono::Duration,
    now: NaiveDateTime,
) -> ServiceResult<String> {
    let raw = random_token();
    tokens::insert(
        conn,
        &NewToken {
            user_id,
            purpose: purpose.as_str(),
            token_hash: &token_hash(&raw),
            new_email,
            created_at: now,
            expires_at: now + ttl,
        },
    )?;
    Ok(raw)
}

/// Queues the confirmation email for a new account.
pub(crate) fn queue_confirmation(
    svc: &Services,
    conn: &mut DbConn,
    user: (&str, &str, UserId),
    locale: Locale,
    now: NaiveDateTime,
) -> ServiceResult<()> {
    let (email, name, id) = user;
    tokens::retire_open(conn, id, Purpose::ConfirmEmail, now)?;
    let raw = issue_token(conn, id, Purpose::ConfirmEmail, None, svc.settings.confirm_ttl, now)?;
    let rendered = mail::render(
        MailKind::ConfirmEmail,
        locale,
        name,
        &svc.mail_site(),
        &[
            ("link", Arg::from(svc.link(&format!("/confirm-email?token={raw}")))),
            ("hours", Arg::Num(svc.settings.confirm_ttl.num_hours())),
        ],
    );
    mail::enqueue_unsolicited(svc, conn, MailKind::ConfirmEmail, email, &rendered).map(|_| ())
}

/// The server-only guessability check on top of the domain's structural policy.
pub(crate) fn check_strength(password: &Password, user_inputs: &[&str]) -> Result<(), ErrorCode> {
    let estimate = zxcvbn::zxcvbn(password.expose(), user_inputs);
    if u8::from(estimate.score()) < 2 {
        return Err(ErrorCode::PasswordTooCommon);
    }
    Ok(())
}

/// `aiko@example.jp` → `a***@example.jp`, for notices sent to the old address.
pub(crate) fn mask_email(email: &str) -> String {
    match email.split_once('@') {
        Some((local, domain)) => {
            let first: String = local.chars().take(1).collect();
            format!("{first}***@{domain}")
        }
        None => "***".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masked_emails_keep_only_the_first_letter_and_the_domain() {
        assert_eq!(mask_email("aiko@example.jp"), "a***@example.jp");
        assert_eq!(mask_email("broken"), "***");
    }

    #[test]
    fn weak_passwords_fail_the_strength_check() {
        let weak = Password::parse_existing("aizuwakamatsu").unwrap();
        assert_eq!(check_strength(&weak, &["aizuwakamatsu"]), Err(ErrorCode::PasswordTooCommon));
        let strong = Password::parse_existing("tsuruga castle in spring").unwrap();
        assert_eq!(check_strength(&strong, &[]), Ok(()));
    }
}
