//! Routes outside the Leptos app: probes, metrics, and the two plain forms that change
//! the whole page (language, sign-out).

use crate::errors::{command, failure_page, html_error_page};
use crate::state::AppState;
use actix_web::http::header;
use actix_web::http::StatusCode;
use actix_web::{web, HttpMessage, HttpRequest, HttpResponse};
use serde::Deserialize;
use yoriai_domain::Locale;
use yoriai_frontend::ssr::{safe_next, RequestContext, SESSION_COOKIE};

pub fn context(req: &HttpRequest) -> Option<RequestContext> {
    req.extensions().get::<RequestContext>().cloned()
}

/// Liveness: the process answers.
pub async fn healthz() -> HttpResponse {
    HttpResponse::Ok().content_type("text/plain").body("ok\n")
}

/// Readiness: the database answers now. A connection is drawn (and checked) with a
/// short wait, so a database that is down, restarting or out of connections makes this
/// answer 503 within about two seconds instead of hanging the load balancer's probe.
pub async fn readyz(state: web::Data<AppState>) -> HttpResponse {
    let pool = state.tenants.main().pool.clone();
    let result = web::block(move || -> Result<(), String> {
        let mut conn = pool.get_timeout(std::time::Duration::from_secs(2)).map_err(|e| e.to_string())?;
        yoriai_store::backend::ping(&mut conn).map_err(|e| e.to_string())
    })
    .await;
    let unavailable = |body: &'static str| {
        HttpResponse::ServiceUnavailable()
            .insert_header((header::RETRY_AFTER, "5"))
            .content_type("text/plain")
            .body(body)
    };
    match result {
        Ok(Ok(())) => HttpResponse::Ok().content_type("text/plain").body("ready\n"),
        Ok(Err(e)) => {
            tracing::warn!(error = %e, "readiness check failed");
            unavailable("database unavailable\n")
        }
        Err(_) => unavailable("busy\n"),
    }
}

/// Prometheus text format; optionally behind a bearer token.
pub async fn metrics(req: HttpRequest, state: web::Data<AppState>) -> HttpResponse {
    if let Some(token) = &state.metrics_token {
        use subtle::ConstantTimeEq;
        let presented = req
            .headers()
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .unwrap_or("");
        if !bool::from(presented.as_bytes().ct_eq(token.expose().as_bytes())) {
            return HttpResponse::Unauthorized().finish();
        }
    }
    let (mut open, mut idle) = (0i64, 0i64);
    for tenant in state.tenants.all() {
        let pool = tenant.services.pool.state();
        open += i64::from(pool.connections);
        idle += i64::from(pool.idle_connections);
    }
    state.metrics.db_connections.set(open);
    state.metrics.db_idle_connections.set(idle);
    HttpResponse::Ok()
        .content_type("application/openmetrics-text; version=1.0.0; charset=utf-8")
        .body(state.metrics.render())
}

#[derive(Deserialize)]
pub struct LanguageForm {
    lang: String,
    next: Option<String>,
}

fn see_other(to: &str) -> actix_web::HttpResponseBuilder {
    let mut res = HttpResponse::SeeOther();
    res.insert_header((header::LOCATION, to.to_owned()));
    res
}

/// Switches the language (remembered in a cookie, and on the account when signed in)
/// and goes back to the page the visitor was on.
pub async fn set_language(req: HttpRequest, form: web::Form<LanguageForm>) -> HttpResponse {
    let Some(ctx) = context(&req) else {
        return HttpResponse::InternalServerError().finish();
    };
    let Some(locale) = Locale::parse(&form.lang) else {
        return html_error_page(StatusCode::BAD_REQUEST, ctx.locale, "page-error-title", "error-locale-invalid", None);
    };
    if ctx.user.is_some() {
        let actor = ctx.actor();
        // On failure (logged) the cookie still applies.
        let _ = command(&ctx, "saving the account's language", move |svc| {
            yoriai_services::accounts::set_locale(svc, &actor, locale)
        })
        .await;
    }
    let next = safe_next(form.next.as_deref()).unwrap_or_else(|| "/".into());
    see_other(&next).cookie(ctx.cookies.lang(locale)).finish()
}

/// Ends this browser's session.
pub async fn sign_out(req: HttpRequest) -> HttpResponse {
    let Some(ctx) = context(&req) else {
        return HttpResponse::InternalServerError().finish();
    };
    if let Some(session) = ctx.user.as_ref().and_then(|u| u.session_id) {
        let actor = ctx.actor();
        if let Err(e) =
            command(&ctx, "signing out", move |svc| yoriai_services::accounts::sign_out(svc, &actor, session)).await
        {
            return failure_page(&ctx, &e);
        }
    }
    see_other("/?notice=signed-out").cookie(ctx.cookies.removal(SESSION_COOKIE)).finish()
}

/// A form post with a body that is not a valid form.
pub fn form_error_handler(err: actix_web::error::UrlencodedError, req: &HttpRequest) -> actix_web::Error {
    let locale = context(req).map(|c| c.locale).unwrap_or_default();
    let response = html_error_page(StatusCode::BAD_REQUEST, locale, "page-error-title", "error-invalid-input", None);
    actix_web::error::InternalError::from_response(err, response).into()
}
