//! Small pieces the pages share.

use crate::context::{t, use_page};
use crate::error::AppError;
use leptos::prelude::*;
use yoriai_domain::ErrorCode;

/// The URL of a stored picture (`thumb` for the small version).
pub fn upload_url(key: &str, thumb: bool) -> String {
    if thumb {
        format!("/uploads/{key}-thumb.jpg")
    } else {
        format!("/uploads/{key}.jpg")
    }
}

#[component]
pub fn Loading() -> impl IntoView {
    view! {
        <p class="loading" role="status">
            {t("page-loading")}
        </p>
    }
}

/// A failed page load: "not found" or the translated error with its reference.
#[component]
pub fn PageError(error: AppError) -> impl IntoView {
    let locale = use_page().locale;
    #[cfg(feature = "ssr")]
    crate::ssr::status_for_page(&error);
    if error.code == ErrorCode::NotFound {
        return view! { <crate::pages::not_found::NotFound /> }.into_any();
    }
    view! {
        <div class="error-summary" role="alert">
            <p>{error.message(locale)}</p>
            {error
                .request_id
                .clone()
                .map(|id| {
                    view! {
                        <p class="reference">{crate::context::t_args("page-error-reference", &[("id", id.into())])}</p>
                    }
                })}
        </div>
    }
    .into_any()
}

/// The translated message of an error code given as a string (from a read model).
pub fn reason_text(code: &str) -> String {
    t(&format!("error-{}", code.replace('_', "-")))
}

/// The errors of a page whose query was refused field by field (a search too long, a
/// date that is not one), with the page's status set; `None` for any other error.
pub fn field_errors(e: &AppError) -> Option<AnyView> {
    (!e.fields.is_empty()).then(|| {
        let locale = use_page().locale;
        #[cfg(feature = "ssr")]
        crate::ssr::status_for_page(e);
        let msgs: Vec<String> = e.fields.iter().map(|f| AppError::field_message(locale, f)).collect();
        view! {
            <div class="error-summary" role="alert">
                {msgs.into_iter().map(|m| view! { <p>{m}</p> }).collect_view()}
            </div>
        }
        .into_any()
    })
}

/// Percent-encodes a value for a link's query string.
pub fn query_value(s: &str) -> String {
    s.bytes()
        .map(|b| if b.is_ascii_alphanumeric() || b == b'-' { (b as char).to_string() } else { format!("%{b:02X}") })
        .collect()
}

/// The name an author appears under: a pseudonym of the process, their display name,
/// or "deleted participant".
pub fn byline_name(b: &yoriai_views::Byline) -> String {
    match (&b.name, &b.pseudonym) {
        (_, Some(code)) => crate::context::t_args("byline-pseudonym", &[("code", code.clone().into())]),
        (Some(name), None) => name.clone(),
        (None, None) => crate::context::t("comment-deleted-participant"),
    }
}

/// "Verified resident", for authors who chose to show it.
#[component]
pub fn VerifiedMark(verified: bool) -> impl IntoView {
    verified.then(|| {
        view! {
            " "
            <span class="badge verified">{crate::context::t("byline-verified")}</span>
        }
    })
}
