//! Sign-in with an external account (OpenID Connect): the two plain handlers that leave
//! the site and come back. `start` (a form post, so the CSRF check applies) sends the
//! browser to the provider with a cookie binding the sign-in to it; `callback` takes the
//! provider's answer. Errors come back to the page the resident started from.

use crate::errors::command;
use crate::forms::{back, code_of};
use crate::routes::context;
use actix_web::http::header;
use actix_web::{web, HttpRequest, HttpResponse};
use serde::Deserialize;
use yoriai_domain::ErrorCode;
use yoriai_frontend::ssr::{safe_next, EXTERNAL_COOKIE};
use yoriai_services::accounts::{self, CallbackQuery, ExternalOutcome};

#[derive(Deserialize)]
pub struct StartForm {
    next: Option<String>,
    /// `1` to link to the signed-in account instead of signing in.
    link: Option<String>,
}

/// Where a failed start or callback sends the resident back to, with the error.
fn error_page(signed_in: bool, code: ErrorCode) -> String {
    if signed_in {
        format!("/account?error={}&at=sign-in-methods#sign-in-methods", code.as_str())
    } else {
        format!("/sign-in?error={}&at=external#external", code.as_str())
    }
}

/// `POST /auth/oidc/{provider}/start` (fields `next`, `link`).
pub async fn start(req: HttpRequest, provider: web::Path<String>, form: web::Form<StartForm>) -> HttpResponse {
    let Some(ctx) = context(&req) else { return HttpResponse::InternalServerError().finish() };
    let form = form.into_inner();
    let link = form.link.as_deref() == Some("1");
    if link && ctx.user.is_none() {
        return back("/sign-in?next=/account".into());
    }
    let next = safe_next(form.next.as_deref());
    let (actor, provider) = (ctx.actor(), provider.into_inner());
    let started = command(&ctx, "starting an external sign-in", move |svc| {
        accounts::start_external(svc, &actor, &provider, link, next)
    })
    .await;
    match started {
        Ok(started) => HttpResponse::SeeOther()
            .insert_header((header::LOCATION, started.redirect_to))
            .insert_header((header::CACHE_CONTROL, "no-store"))
            .cookie(ctx.cookies.external(&started.cookie_token))
            .finish(),
        Err(e) => back(error_page(link, code_of(&e))),
    }
}

/// The first value of each parameter; anything malformed is simply absent.
fn callback_query(raw: &str) -> CallbackQuery {
    let pairs: Vec<(String, String)> = serde_urlencoded::from_str(raw).unwrap_or_default();
    let first = |name: &str| pairs.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone());
    CallbackQuery { code: first("code"), state: first("state"), error: first("error") }
}

/// `GET /auth/oidc/{provider}/callback?code=…&state=…` (or `?error=…`).
pub async fn callback(req: HttpRequest, provider: web::Path<String>) -> HttpResponse {
    let Some(ctx) = context(&req) else { return HttpResponse::InternalServerError().finish() };
    let query = callback_query(req.query_string());
    let cookie = req.cookie(&ctx.cookies.name(EXTERNAL_COOKIE)).map(|c| c.value().to_owned());
    let signed_in_before = ctx.user.is_some();
    let (actor, provider) = (ctx.actor(), provider.into_inner());
    let outcome = command(&ctx, "finishing an external sign-in", move |svc| {
        accounts::finish_external(svc, &actor, &provider, cookie.as_deref(), query)
    })
    .await;
    let removal = ctx.cookies.removal(EXTERNAL_COOKIE);
    match outcome {
        Ok(ExternalOutcome::SignedIn { signed_in, next }) => {
            let to = safe_next(next.as_deref()).unwrap_or_else(|| "/?notice=signed-in".into());
            let ttl_days = ctx.services.settings.session_ttl.num_days();
            let mut res = HttpResponse::SeeOther();
            res.insert_header((header::LOCATION, to))
                .cookie(removal)
                .cookie(ctx.cookies.session(&signed_in.token, ttl_days));
            if let Some(locale) = signed_in.locale {
                res.cookie(ctx.cookies.lang(locale));
            }
            res.finish()
        }
        Ok(ExternalOutcome::SecondFactor { token }) => HttpResponse::SeeOther()
            .insert_header((header::LOCATION, "/sign-in/two-factor"))
            .cookie(removal)
            .cookie(ctx.cookies.two_factor_wait(&token))
            .finish(),
        Ok(ExternalOutcome::Linked) => HttpResponse::SeeOther()
            .insert_header((header::LOCATION, "/account?notice=external-linked#sign-in-methods"))
            .cookie(removal)
            .finish(),
        Ok(ExternalOutcome::NeedsAccount { cookie_token }) => HttpResponse::SeeOther()
            .insert_header((header::LOCATION, "/sign-in/external"))
            .cookie(ctx.cookies.external(&cookie_token))
            .finish(),
        Err(e) => {
            let mut res = back(error_page(signed_in_before, code_of(&e)));
            let _ = res.add_cookie(&removal);
            res
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn callback_parameters_are_read_leniently() {
        let q = callback_query("code=abc&state=xyz&state=other&junk");
        assert_eq!((q.code.as_deref(), q.state.as_deref(), q.error), (Some("abc"), Some("xyz"), None));
        let q = callback_query("error=access_denied&state=s");
        assert_eq!(q.error.as_deref(), Some("access_denied"));
        let q = callback_query("%zz");
        assert!(q.code.is_none() && q.state.is_none());
    }
}
