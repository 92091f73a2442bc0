//! Server functions of the privacy pages: the resident's consents and citizen-ID
//! verification, the "for you" list, and the staff side (counter confirmation,
//! looking at personal data with a reason). The attribute form, the census upload,
//! letter codes and the JSON receipt are plain handlers in the server crate
//! (`privacy_files.rs`).

use crate::components::form::Done;
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;
use yoriai_views::privacy::{
    ConsentReceipt, ForYou, NoticeConsole, NoticePage, PersonalRecord, PrivacyPage, VerificationConsole,
};

#[cfg(feature = "ssr")]
use super::{checked, echo, opt_id};
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

#[server(endpoint = "set_consent")]
pub async fn set_consent(
    csrf: String,
    purpose: String,
    granted: String,
    notice_version: Option<String>,
) -> Result<Done, AppError> {
    let _ = csrf;
    let ctx = request_context()?;
    let actor = ctx.actor();
    let on = granted == "true";
    let p = purpose.clone();
    let shown = notice_version.as_deref().and_then(|v| v.trim().parse::<i32>().ok());
    run(&ctx, move |svc| privacy::set_consent(svc, &actor, &p, on, shown)).await?;
    let notice = if on { "consent-given" } else { "consent-withdrawn" };
    // A full load: the page and the header (accessibility needs) both change.
    Ok(finish(format!("/account/privacy?notice={notice}#purpose-{purpose}"), true))
}

#[server(endpoint = "set_appearance")]
pub async fn set_appearance(csrf: String, appear_as: String) -> Result<Done, AppError> {
    let _ = csrf;
    let ctx = request_context()?;
    let actor = ctx.actor();
    run(&ctx, move |svc| privacy::set_appearance(svc, &actor, &appear_as)).await?;
    Ok(finish("/account/privacy?notice=appearance-saved#appearance", false))
}

#[server(endpoint = "verify_census")]
pub async fn verify_census(csrf: String, number: String, birth_date: String) -> Result<Done, AppError> {
    let _ = csrf;
    let ctx = request_context()?;
    let actor = ctx.actor();
    // Neither the number nor the birth date is echoed back: a failed form post without
    // JavaScript carries its values in the address it returns to.
    run(&ctx, move |svc| privacy::verify_by_census(svc, &actor, &number, &birth_date)).await?;
    Ok(finish("/account/privacy?notice=verified#verification", true))
}

#[server(endpoint = "verify_letter")]
pub async fn verify_letter(csrf: String, code: String) -> Result<Done, AppError> {
    let _ = csrf;
    let ctx = request_context()?;
    let actor = ctx.actor();
    run(&ctx, move |svc| privacy::verify_by_letter(svc, &actor, &code)).await?;
    Ok(finish("/account/privacy?notice=verified#verification", true))
}

#[server(endpoint = "revoke_verification")]
pub async fn revoke_verification(csrf: String) -> Result<Done, AppError> {
    let _ = csrf;
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

#[server(endpoint = "verify_at_counter")]
pub async fn verify_at_counter(
    csrf: String,
    email: String,
    number: String,
    district_id: Option<String>,
) -> Result<Done, AppError> {
    let _ = csrf;
    let ctx = request_context()?;
    let actor = ctx.actor();
    let values = echo(&[("email", &email), ("district_id", district_id.as_deref().unwrap_or(""))]);
    let input = privacy::CounterInput { email, number, district_id: opt_id(&district_id) };
    run(&ctx, move |svc| privacy::verify_at_counter(svc, &actor, input)).await.map_err(|e| e.with_values(values))?;
    Ok(finish("/admin/verification?notice=counter-verified#counter", true))
}

/// A GET (the record is shown on a page that works without JavaScript), but it writes
/// the resident's access log, so it requires the form's CSRF token: a link from
/// elsewhere cannot make a staff member "look" with a reason of someone else's.
#[server(endpoint = "personal_record", input = GetUrl)]
pub async fn get_personal_record(user_id: i64, reason: String, csrf: String) -> Result<PersonalRecord, AppError> {
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

#[server(endpoint = "delete_account")]
pub async fn delete_account(csrf: String, password: String) -> Result<Done, AppError> {
    let _ = csrf;
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
#[server(endpoint = "publish_notice")]
#[allow(clippy::too_many_arguments)]
pub async fn publish_notice(
    csrf: String,
    body_ja: String,
    body_en: String,
    changes_ja: String,
    changes_en: String,
    offer_for_you: Option<String>,
    offer_budget_eligibility: Option<String>,
    offer_email_updates: Option<String>,
    offer_accessibility: Option<String>,
    offer_show_verified: Option<String>,
    offer_statistics: Option<String>,
    widen_for_you: Option<String>,
    widen_budget_eligibility: Option<String>,
    widen_email_updates: Option<String>,
    widen_accessibility: Option<String>,
    widen_show_verified: Option<String>,
    widen_statistics: Option<String>,
    base_version: Option<String>,
) -> Result<Done, AppError> {
    let _ = csrf;
    let ctx = request_context()?;
    let actor = ctx.actor();
    use yoriai_domain::privacy::Purpose;
    // One `offer_`/`widen_` pair per purpose, in `Purpose::ALL` order: a purpose added
    // without its pair here no longer compiles (the array lengths differ).
    let names = Purpose::ALL.map(Purpose::as_str);
    let offers: [&Option<String>; Purpose::ALL.len()] = [
        &offer_for_you,
        &offer_budget_eligibility,
        &offer_email_updates,
        &offer_accessibility,
        &offer_show_verified,
        &offer_statistics,
    ];
    let widens: [&Option<String>; Purpose::ALL.len()] = [
        &widen_for_you,
        &widen_budget_eligibility,
        &widen_email_updates,
        &widen_accessibility,
        &widen_show_verified,
        &widen_statistics,
    ];
    let pick = |boxes: [&Option<String>; Purpose::ALL.len()]| -> Vec<String> {
        names.iter().zip(boxes).filter(|(_, b)| checked(b)).map(|(n, _)| (*n).to_owned()).collect()
    };
    let input = privacy::NoticeInput {
        offered: pick(offers),
        widens: pick(widens),
        body_ja: body_ja.clone(),
        body_en: body_en.clone(),
        changes_ja: changes_ja.clone(),
        changes_en: changes_en.clone(),
        base_version: base_version.as_deref().and_then(|v| v.trim().parse::<i32>().ok()),
    };
    let mut values =
        echo(&[("body_ja", &body_ja), ("body_en", &body_en), ("changes_ja", &changes_ja), ("changes_en", &changes_en)]);
    for n in &input.offered {
        values.push((format!("offer_{n}"), "on".into()));
    }
    for n in &input.widens {
        values.push((format!("widen_{n}"), "on".into()));
    }
    run(&ctx, move |svc| privacy::publish_notice(svc, &actor, input)).await.map_err(|e| e.with_values(values))?;
    Ok(finish("/admin/privacy?notice=privacy-notice-published", true))
}
