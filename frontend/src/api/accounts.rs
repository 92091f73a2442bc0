//! Account server functions: sign-up and confirmation, sign-in, password and email
//! changes, devices.

use crate::components::form::Done;
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;
use serde::{Deserialize, Serialize};
use yoriai_views::accounts::{
    ChangeEmailInput, ChangePasswordInput, CompleteExternalInput, ResetPasswordInput, SignInInput, SignUpInput,
};

#[cfg(feature = "ssr")]
use super::{echo, echo_of};
#[cfg(feature = "ssr")]
use crate::ssr::{finish, request_context, run, safe_next, set_cookie};
#[cfg(feature = "ssr")]
use yoriai_services::accounts;

/// Sets the session (and language) cookies of a finished sign-in and goes on to `next`
/// (a checked local path) or home.
#[cfg(feature = "ssr")]
fn start_session(ctx: &crate::ssr::RequestContext, signed_in: &accounts::SignedIn, next: Option<String>) -> Done {
    let ttl_days = ctx.services.settings.session_ttl.num_days();
    set_cookie(ctx.cookies.session(&signed_in.token, ttl_days));
    if let Some(locale) = signed_in.locale {
        set_cookie(ctx.cookies.lang(locale));
    }
    finish(next.unwrap_or_else(|| "/?notice=signed-in".into()), true)
}

#[server(endpoint = "sign_up", client = crate::api::CsrfHeader)]
pub async fn sign_up(#[server(flatten)] input: SignUpInput) -> Result<Done, AppError> {
    let ctx = request_context()?;
    let values = echo_of(&input);
    let (actor, meta) = (ctx.actor(), ctx.meta());
    run(&ctx, move |svc| accounts::sign_up(svc, &actor, &meta, input)).await.map_err(|e| e.with_values(values))?;
    Ok(finish("/sign-up/check-email", false))
}

#[server(endpoint = "sign_in", client = crate::api::CsrfHeader)]
pub async fn sign_in(#[server(flatten)] input: SignInInput) -> Result<Done, AppError> {
    let ctx = request_context()?;
    let values = echo(&[("email", &input.email)]);
    let (actor, meta) = (ctx.actor(), ctx.meta());
    let next = safe_next(input.next.as_deref());
    let input = SignInInput { next: next.clone(), ..input };
    let step =
        run(&ctx, move |svc| accounts::sign_in(svc, &actor, &meta, input)).await.map_err(|e| e.with_values(values))?;
    let signed_in = match step {
        accounts::SignInStep::SignedIn(s) => s,
        accounts::SignInStep::SecondFactor { token } => {
            set_cookie(ctx.cookies.two_factor_wait(&token));
            return Ok(finish("/sign-in/two-factor", false));
        }
    };
    Ok(start_session(&ctx, &signed_in, next))
}

/// The second sign-in step: the code from the authenticator app (or a recovery code).
#[server(endpoint = "sign_in_code", client = crate::api::CsrfHeader)]
pub async fn sign_in_code(code: String) -> Result<Done, AppError> {
    let ctx = request_context()?;
    let token = crate::ssr::read_cookie(&ctx, crate::ssr::TWO_FACTOR_COOKIE);
    let actor = ctx.actor();
    let (signed_in, next) =
        run(&ctx, move |svc| accounts::sign_in_with_code(svc, &actor, token.as_deref(), &code)).await?;
    set_cookie(ctx.cookies.removal(crate::ssr::TWO_FACTOR_COOKIE));
    Ok(start_session(&ctx, &signed_in, safe_next(next.as_deref())))
}

/// The two-step sign-in page: status, the key while setting up, and recovery codes
/// just made (shown once).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TwoFactorView {
    pub status: yoriai_views::TwoFactorStatus,
    /// Recovery codes made by the last request, shown once.
    pub new_codes: Vec<String>,
}

#[server(endpoint = "two_factor_status", input = GetUrl)]
pub async fn two_factor_status() -> Result<TwoFactorView, AppError> {
    let ctx = request_context()?;
    let actor = ctx.actor();
    let s = run(&ctx, move |svc| accounts::two_factor_status(svc, &actor)).await?;
    let new_codes = crate::ssr::take_flash(&ctx, crate::ssr::FLASH_SECRET_COOKIE)
        .filter(|_| s.on)
        .map(|codes| codes.split(' ').map(str::to_owned).collect())
        .unwrap_or_default();
    Ok(TwoFactorView { status: s, new_codes })
}

#[server(endpoint = "start_two_factor", client = crate::api::CsrfHeader)]
pub async fn start_two_factor() -> Result<Done, AppError> {
    let ctx = request_context()?;
    let actor = ctx.actor();
    run(&ctx, move |svc| accounts::start_two_factor(svc, &actor)).await?;
    Ok(finish("/account/two-factor#set-up", true))
}

#[server(endpoint = "confirm_two_factor", client = crate::api::CsrfHeader)]
pub async fn confirm_two_factor(code: String) -> Result<Done, AppError> {
    let ctx = request_context()?;
    let actor = ctx.actor();
    let session = ctx.user.as_ref().and_then(|u| u.session_id);
    let codes = run(&ctx, move |svc| accounts::confirm_two_factor(svc, &actor, session, &code)).await?;
    crate::ssr::set_short_cookie(&ctx, crate::ssr::FLASH_SECRET_COOKIE, &codes.join(" "), 10);
    Ok(finish("/account/two-factor?notice=two-factor-on#recovery-codes", true))
}

#[server(endpoint = "renew_recovery_codes", client = crate::api::CsrfHeader)]
pub async fn renew_recovery_codes(code: String) -> Result<Done, AppError> {
    let ctx = request_context()?;
    let actor = ctx.actor();
    let codes = run(&ctx, move |svc| accounts::renew_recovery_codes(svc, &actor, &code)).await?;
    crate::ssr::set_short_cookie(&ctx, crate::ssr::FLASH_SECRET_COOKIE, &codes.join(" "), 10);
    Ok(finish("/account/two-factor?notice=recovery-codes-renewed#recovery-codes", true))
}

#[server(endpoint = "disable_two_factor", client = crate::api::CsrfHeader)]
pub async fn disable_two_factor(code: Option<String>) -> Result<Done, AppError> {
    let ctx = request_context()?;
    let actor = ctx.actor();
    let code = code.unwrap_or_default();
    run(&ctx, move |svc| accounts::disable_two_factor(svc, &actor, &code)).await?;
    Ok(finish("/account/two-factor?notice=two-factor-off", true))
}

#[server(endpoint = "confirm_email", client = crate::api::CsrfHeader)]
pub async fn confirm_email(token: String) -> Result<Done, AppError> {
    let ctx = request_context()?;
    run(&ctx, move |svc| accounts::confirm_email(svc, &token)).await?;
    Ok(finish("/sign-in?notice=email-confirmed", false))
}

#[server(endpoint = "resend_confirmation", client = crate::api::CsrfHeader)]
pub async fn resend_confirmation(email: String) -> Result<Done, AppError> {
    let ctx = request_context()?;
    let values = echo(&[("email", &email)]);
    let meta = ctx.meta();
    run(&ctx, move |svc| accounts::resend_confirmation(svc, &meta, &email)).await.map_err(|e| e.with_values(values))?;
    Ok(finish("/resend-confirmation?notice=confirmation-sent", false))
}

#[server(endpoint = "request_password_reset", client = crate::api::CsrfHeader)]
pub async fn request_password_reset(email: String) -> Result<Done, AppError> {
    let ctx = request_context()?;
    let values = echo(&[("email", &email)]);
    let meta = ctx.meta();
    run(&ctx, move |svc| accounts::request_password_reset(svc, &meta, &email))
        .await
        .map_err(|e| e.with_values(values))?;
    Ok(finish("/forgot-password?notice=reset-sent", false))
}

#[server(endpoint = "reset_token_valid", input = GetUrl)]
pub async fn reset_token_valid(token: String) -> Result<bool, AppError> {
    let ctx = request_context()?;
    run(&ctx, move |svc| accounts::reset_token_is_valid(svc, &token)).await
}

#[server(endpoint = "reset_password", client = crate::api::CsrfHeader)]
pub async fn reset_password(#[server(flatten)] input: ResetPasswordInput) -> Result<Done, AppError> {
    let ctx = request_context()?;
    run(&ctx, move |svc| accounts::reset_password(svc, &input.token, &input.new_password)).await?;
    // Every session ended, this browser's included.
    set_cookie(ctx.cookies.removal(crate::ssr::SESSION_COOKIE));
    Ok(finish("/sign-in?notice=password-reset", true))
}

/// What the account page shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountView {
    pub email: String,
    pub display_name: String,
    pub role: yoriai_domain::Role,
    pub email_confirmed: bool,
    pub active_sessions: usize,
    pub has_password: bool,
    pub sign_in_methods: Vec<SignInMethodView>,
    pub two_factor: bool,
    pub security_events: Vec<yoriai_views::SecurityEvent>,
}

/// An external sign-in provider on the account page, and whether it is linked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignInMethodView {
    pub provider: String,
    pub label: String,
    pub linked_on: Option<String>,
}

#[server(endpoint = "account_overview", input = GetUrl)]
pub async fn account_overview() -> Result<AccountView, AppError> {
    let ctx = request_context()?;
    let actor = ctx.actor();
    let o = run(&ctx, move |svc| accounts::account_overview(svc, &actor)).await?;
    Ok(AccountView {
        email: o.email,
        display_name: o.display_name,
        role: o.role,
        email_confirmed: o.email_confirmed,
        active_sessions: o.active_sessions,
        has_password: o.has_password,
        two_factor: o.two_factor,
        security_events: o.security_events,
        sign_in_methods: o
            .sign_in_methods
            .into_iter()
            .map(|m| SignInMethodView { provider: m.provider, label: m.label, linked_on: m.linked_on })
            .collect(),
    })
}

#[server(endpoint = "unlink_external", client = crate::api::CsrfHeader)]
pub async fn unlink_external(provider: String) -> Result<Done, AppError> {
    let ctx = request_context()?;
    let actor = ctx.actor();
    run(&ctx, move |svc| accounts::unlink_external(svc, &actor, &provider)).await?;
    Ok(finish("/account?notice=external-unlinked", true))
}

/// A new external account waiting for the resident's name and email.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PendingExternalView {
    pub provider_label: String,
    pub email: Option<String>,
    pub email_verified: bool,
    pub suggested_name: Option<String>,
}

#[server(endpoint = "pending_external", input = GetUrl)]
pub async fn pending_external() -> Result<Option<PendingExternalView>, AppError> {
    let ctx = request_context()?;
    let cookie = crate::ssr::read_cookie(&ctx, crate::ssr::EXTERNAL_COOKIE);
    let pending = run(&ctx, move |svc| accounts::pending_external(svc, cookie.as_deref())).await?;
    Ok(pending.map(|p| PendingExternalView {
        provider_label: p.provider_label,
        email: p.email,
        email_verified: p.email_verified,
        suggested_name: p.suggested_name,
    }))
}

#[server(endpoint = "complete_external", client = crate::api::CsrfHeader)]
pub async fn complete_external(#[server(flatten)] input: CompleteExternalInput) -> Result<Done, AppError> {
    let ctx = request_context()?;
    let values = echo_of(&input);
    let cookie = crate::ssr::read_cookie(&ctx, crate::ssr::EXTERNAL_COOKIE);
    let (actor, meta) = (ctx.actor(), ctx.meta());
    let outcome = run(&ctx, move |svc| accounts::complete_external(svc, &actor, &meta, cookie.as_deref(), input))
        .await
        .map_err(|e| e.with_values(values))?;
    set_cookie(ctx.cookies.removal(crate::ssr::EXTERNAL_COOKIE));
    match outcome {
        accounts::CompleteOutcome::SignedIn { signed_in, next } => {
            Ok(start_session(&ctx, &signed_in, safe_next(next.as_deref())))
        }
        accounts::CompleteOutcome::CheckEmail => Ok(finish("/sign-up/check-email", false)),
    }
}

#[server(endpoint = "change_password", client = crate::api::CsrfHeader)]
pub async fn change_password(#[server(flatten)] input: ChangePasswordInput) -> Result<Done, AppError> {
    let ctx = request_context()?;
    let actor = ctx.actor();
    let session = ctx.user.as_ref().and_then(|u| u.session_id);
    run(&ctx, move |svc| accounts::change_password(svc, &actor, session, input)).await?;
    Ok(finish("/account?notice=password-changed", false))
}

#[server(endpoint = "change_email", client = crate::api::CsrfHeader)]
pub async fn change_email(#[server(flatten)] input: ChangeEmailInput) -> Result<Done, AppError> {
    let ctx = request_context()?;
    let values = echo(&[("new_email", &input.new_email)]);
    let actor = ctx.actor();
    run(&ctx, move |svc| accounts::change_email(svc, &actor, input)).await.map_err(|e| e.with_values(values))?;
    Ok(finish("/account?notice=email-change-sent", false))
}

#[server(endpoint = "confirm_email_change", client = crate::api::CsrfHeader)]
pub async fn confirm_email_change(token: String) -> Result<Done, AppError> {
    let ctx = request_context()?;
    run(&ctx, move |svc| accounts::confirm_email_change(svc, &token)).await?;
    let to = if ctx.user.is_some() { "/account?notice=email-changed" } else { "/sign-in?notice=email-changed" };
    Ok(finish(to, false))
}

#[server(endpoint = "sign_out_others", client = crate::api::CsrfHeader)]
pub async fn sign_out_others() -> Result<Done, AppError> {
    let ctx = request_context()?;
    let actor = ctx.actor();
    let session = ctx.user.as_ref().and_then(|u| u.session_id);
    let ended = run(&ctx, move |svc| accounts::sign_out_other_sessions(svc, &actor, session)).await?;
    Ok(finish(format!("/account?notice=others-signed-out&n={ended}"), false))
}
