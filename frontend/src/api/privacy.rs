//! Server functions of the privacy pages: the resident's consents and citizen-ID
//! verification, the "for you" list, and the staff side (counter confirmation,
//! looking at personal data with a reason). The attribute form, the census upload,
//! letter codes and the JSON receipt are plain handlers in the server crate
//! (`privacy_files.rs`).

use crate::components::form::Done;
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;
use yoriai_domain::UserId;
use yoriai_views::privacy::{
    CensusInput, ConsentInput, ConsentReceipt, CounterInput, ForYou, NoticeConsole, NoticeForm, NoticePage,
    PersonalRecord, PrivacyPage, VerificationConsole,
};

#[cfg(feature = "ssr")]
use super::echo_of;
#[cfg(feature = "ssr")]
use crate::ssr::{finish, request_context, run};
#[cfg(feature = "ssr")]
use yoriai_services::privacy;

#[server(endpoint = "privacy", input = GetUrl)]
pub async fn get_privacy_page() -> Result<PrivacyPage, AppError> {
    let ctx = request_context()?;
    let (actor, locale) = (ctx.actor(), ctx.locale);
    run(&ctx, move |svc| privacy::privacy_page(svc, &actor, locale)).await
}

#[server(endpoint = "consent_receipt", input = GetUrl)]
pub async fn get_consent_receipt() -> Result<ConsentReceipt, AppError> {
    let ctx = request_context()?;
    let actor = ctx.actor();
    run(&ctx, move |svc| privacy::consent_receipt(svc, &actor)).await
}

#[server(endpoint = "for_you", input = GetUrl)]
pub async fn get_for_you() -> Result<ForYou, AppError> {
    let ctx = request_context()?;
    let (actor, locale) = (ctx.actor(), ctx.locale);
    run(&ctx, move |svc| privacy::for_you(svc, &actor, locale)).await
}

#[server(endpoint = "set_consent", client = crate::api::CsrfHeader)]
pub async fn set_consent(#[server(flatten)] input: ConsentInput) -> Result<Done, AppError> {
    let ctx = request_context()?;
    let actor = ctx.actor();
    let on = input.granted == "true";
    let shown = input.notice_version.as_deref().and_then(|v| v.trim().parse::<i32>().ok());
    let purpose = input.purpose;
    let p = purpose.clone();
    run(&ctx, move |svc| privacy::set_consent(svc, &actor, &p, on, shown)).await?;
    let notice = if on { "consent-given" } else { "consent-withdrawn" };
    // A full load: the page and the header (accessibility needs) both change.
    // The purpose goes into the address only once it is known (the command checked it).
    Ok(finish(format!("/account/privacy?notice={notice}#purpose-{purpose}"), true))
}

#[server(endpoint = "set_appearance", client = crate::api::CsrfHeader)]
pub async fn set_appearance(appear_as: String) -> Result<Done, AppError> {
    let ctx = request_context()?;
    let actor = ctx.actor();
    run(&ctx, move |svc| privacy::set_appearance(svc, &actor, &appear_as)).await?;
    Ok(finish("/account/privacy?notice=appearance-saved#appearance", false))
}

#[server(endpoint = "verify_census", client = crate::api::CsrfHeader)]
pub async fn verify_census(#[server(flatten)] input: CensusInput) -> Result<Done, AppError> {
    let ctx = request_context()?;
    let actor = ctx.actor();
    // Neither the number nor the birth date is echoed back: a failed form post without
    // JavaScript carries its values in the address it returns to.
    run(&ctx, move |svc| privacy::verify_by_census(svc, &actor, &input)).await?;
    Ok(finish("/account/privacy?notice=verified#verification", true))
}

#[server(endpoint = "verify_letter", client = crate::api::CsrfHeader)]
pub async fn verify_letter(code: String) -> Result<Done, AppError> {
    let ctx = request_context()?;
    let actor = ctx.actor();
    run(&ctx, move |svc| privacy::verify_by_letter(svc, &actor, &code)).await?;
    Ok(finish("/account/privacy?notice=verified#verification", true))
}

#[server(endpoint = "revoke_verification", client = crate::api::CsrfHeader)]
pub async fn revoke_verification() -> Result<Done, AppError> {
    let ctx = request_context()?;
    let actor = ctx.actor();
    run(&ctx, move |svc| privacy::revoke_verification(svc, &actor)).await?;
    Ok(finish("/account/privacy?notice=verification-revoked#verification", true))
}

#[server(endpoint = "verification_console", input = GetUrl)]
pub async fn get_verification_console() -> Result<VerificationConsole, AppError> {
    let ctx = request_context()?;
    let (actor, locale) = (ctx.actor(), ctx.locale);
    run(&ctx, move |svc| privacy::verification_console(svc, &actor, locale)).await
}

#[server(endpoint = "verify_at_counter", client = crate::api::CsrfHeader)]
pub async fn verify_at_counter(#[server(flatten)] input: CounterInput) -> Result<Done, AppError> {
    let ctx = request_context()?;
    let actor = ctx.actor();
    // What was typed comes back on a refused form, except the citizen number (echo_of).
    let values = echo_of(&input);
    run(&ctx, move |svc| privacy::verify_at_counter(svc, &actor, input)).await.map_err(|e| e.with_values(values))?;
    Ok(finish("/admin/verification?notice=counter-verified#counter", true))
}

/// A GET (the record is shown on a page that works without JavaScript), but it writes
/// the resident's access log, so it requires the form's CSRF token: a link from
/// elsewhere cannot make a staff member "look" with a reason of someone else's.
#[server(endpoint = "personal_record", input = GetUrl)]
pub async fn get_personal_record(user_id: UserId, reason: String, csrf: String) -> Result<PersonalRecord, AppError> {
    let ctx = request_context()?;
    if csrf != ctx.csrf_token {
        return Err(AppError::new(yoriai_domain::ErrorCode::CsrfInvalid));
    }
    let (actor, locale) = (ctx.actor(), ctx.locale);
    run(&ctx, move |svc| privacy::staff_lookup(svc, &actor, user_id, &reason, locale)).await
}

/// Everything the platform holds about the signed-in account.
#[server(endpoint = "my_data", input = GetUrl)]
pub async fn get_my_data() -> Result<serde_json::Value, AppError> {
    let ctx = request_context()?;
    let actor = ctx.actor();
    run(&ctx, move |svc| privacy::my_data(svc, &actor)).await
}

#[server(endpoint = "delete_account", client = crate::api::CsrfHeader)]
pub async fn delete_account(password: String) -> Result<Done, AppError> {
    let ctx = request_context()?;
    let actor = ctx.actor();
    run(&ctx, move |svc| privacy::delete_account(svc, &actor, &password)).await?;
    crate::ssr::set_cookie(ctx.cookies.removal(crate::ssr::SESSION_COOKIE));
    Ok(finish("/?notice=account-deleted", true))
}

/// The public privacy notice.
#[server(endpoint = "privacy_notice", input = GetUrl)]
pub async fn get_notice_page(version: Option<i32>) -> Result<NoticePage, AppError> {
    let ctx = request_context()?;
    let locale = ctx.locale;
    run(&ctx, move |svc| privacy::notice_page(svc, locale, version)).await
}

#[server(endpoint = "notice_console", input = GetUrl)]
pub async fn get_notice_console() -> Result<NoticeConsole, AppError> {
    let ctx = request_context()?;
    let (actor, locale) = (ctx.actor(), ctx.locale);
    run(&ctx, move |svc| privacy::notice_console(svc, &actor, locale)).await
}

/// Publishes the next version of the notice. One checkbox per purpose and question
/// (`offer_<purpose>`, `widen_<purpose>`): plain fields a form without JavaScript
/// posts as they are.
#[server(endpoint = "publish_notice", client = crate::api::CsrfHeader)]
pub async fn publish_notice(#[server(flatten)] form: NoticeForm) -> Result<Done, AppError> {
    let ctx = request_context()?;
    let actor = ctx.actor();
    use yoriai_domain::privacy::Purpose;
    let pick = |boxes: [bool; Purpose::ALL.len()]| -> Vec<String> {
        Purpose::ALL.iter().zip(boxes).filter(|(_, on)| *on).map(|(p, _)| p.as_str().to_owned()).collect()
    };
    let values = echo_of(&form);
    let input = privacy::NoticeInput {
        offered: pick(form.offers()),
        widens: pick(form.widens()),
        base_version: form.base_version.and_then(|v| i32::try_from(v).ok()),
        body_ja: form.body_ja,
        body_en: form.body_en,
        changes_ja: form.changes_ja,
        changes_en: form.changes_en,
    };
    run(&ctx, move |svc| privacy::publish_notice(svc, &actor, input)).await.map_err(|e| e.with_values(values))?;
    Ok(finish("/admin/privacy?notice=privacy-notice-published", true))
}
