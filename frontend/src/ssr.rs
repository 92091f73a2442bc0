//! Server-side glue for pages and server functions: the per-request context the
//! server's middleware resolves, running commands on the blocking pool, mapping their
//! errors, cookies, and finishing a form with or without JavaScript.

use crate::components::form::Done;
use crate::context::{PageContext, PageUser};
use crate::error::AppError;
use actix_web::cookie::{Cookie, SameSite};
use actix_web::http::header::{self, HeaderValue};
use actix_web::http::StatusCode;
use actix_web::HttpMessage;
use leptos::prelude::*;
use leptos_actix::{Request, ResponseOptions};
use std::net::IpAddr;
use yoriai_domain::policy::Actor;
use yoriai_domain::Locale;
use yoriai_services::sessions::CurrentUser;
use yoriai_services::{RequestMeta, ServiceError, ServiceResult, Services};

/// Everything the middleware learned about a request, stored in its extensions.
#[derive(Clone)]
pub struct RequestContext {
    pub services: Services,
    /// The city's own settings, as the middleware read them.
    pub city: std::sync::Arc<yoriai_services::city::City>,
    pub request_id: String,
    pub locale: Locale,
    pub user: Option<CurrentUser>,
    pub csrf_token: String,
    pub nonce: String,
    pub client_ip: Option<IpAddr>,
    pub cookies: CookieSettings,
    /// What was typed into a form refused without JavaScript (never passwords), read
    /// back from the server for the page that shows the form again.
    pub form_echo: Vec<(String, String)>,
}

impl RequestContext {
    pub fn actor(&self) -> Actor {
        match &self.user {
            Some(u) => Actor::User(u.actor.clone()),
            None => Actor::Anonymous,
        }
    }

    pub fn meta(&self) -> RequestMeta {
        RequestMeta { ip: self.client_ip, locale: self.locale }
    }

    pub fn page_context(&self) -> PageContext {
        let settings = &self.services.settings;
        PageContext {
            locale: self.locale,
            user: self.user.as_ref().map(|u| PageUser {
                display_name: u.display_name.clone(),
                role: u.actor.role,
                process_roles: u.actor.process_roles.clone(),
            }),
            csrf: self.csrf_token.clone(),
            confirm_hours: settings.confirm_ttl.num_hours(),
            reset_minutes: settings.reset_ttl.num_minutes(),
            unread: self.user.as_ref().map(|u| u.unread_notifications).unwrap_or(0),
            needs: self.user.as_ref().map(|u| u.needs.clone()).unwrap_or_default(),
            providers: self
                .city
                .sign_in_providers(&settings.external_providers)
                .map(|p| (p.id.clone(), p.label.clone()))
                .collect(),
            two_factor_missing: self.user.as_ref().is_some_and(|u| u.two_factor_missing),
            echo: self.form_echo.clone(),
            city_name: self.city.name(self.locale).map(str::to_owned),
            brand: self.city.brand.map(|c| c.hex()),
        }
    }
}

/// Cookie names and flags. Over https the names carry the `__Host-` prefix, which
/// browsers only accept with `Secure`, `Path=/` and no `Domain`: no subdomain can plant
/// or read them.
#[derive(Debug, Clone)]
pub struct CookieSettings {
    pub secure: bool,
}

pub const SESSION_COOKIE: &str = "yoriai_session";
pub const CSRF_COOKIE: &str = "yoriai_csrf";
pub const LANG_COOKIE: &str = "yoriai_lang";
/// Carries a ballot receipt from the checkout to the page that shows it, once.
pub const RECEIPT_COOKIE: &str = "yoriai_receipt";
pub const EXTERNAL_COOKIE: &str = "yoriai_external";
/// A sign-in waiting for its two-step code (ten minutes).
pub const TWO_FACTOR_COOKIE: &str = "yoriai_two_factor";
/// The token of a refused form's typed text, kept on the server (ten minutes).
pub const FORM_ECHO_COOKIE: &str = "yoriai_form";

impl CookieSettings {
    pub fn name(&self, base: &str) -> String {
        if self.secure {
            format!("__Host-{base}")
        } else {
            base.to_owned()
        }
    }

    fn build(&self, base: &str, value: String, max_age_days: Option<i64>) -> Cookie<'static> {
        let mut cookie = Cookie::build(self.name(base), value)
            .path("/")
            .http_only(true)
            .same_site(SameSite::Lax)
            .secure(self.secure)
            .finish();
        if let Some(days) = max_age_days {
            cookie.set_max_age(actix_web::cookie::time::Duration::days(days));
        }
        cookie
    }

    pub fn session(&self, token: &str, ttl_days: i64) -> Cookie<'static> {
        self.build(SESSION_COOKIE, token.to_owned(), Some(ttl_days))
    }

    pub fn csrf(&self, value: &str) -> Cookie<'static> {
        // A session cookie (no Max-Age): a new browser session gets a new token.
        self.build(CSRF_COOKIE, value.to_owned(), None)
    }

    pub fn lang(&self, locale: Locale) -> Cookie<'static> {
        self.build(LANG_COOKIE, locale.as_str().to_owned(), Some(365))
    }

    /// `<budget id>:<receipt>`, for ten minutes at most.
    pub fn receipt(&self, budget_id: yoriai_domain::BudgetId, receipt: &str) -> Cookie<'static> {
        let mut c = self.build(RECEIPT_COOKIE, format!("{budget_id}:{receipt}"), None);
        c.set_max_age(actix_web::cookie::time::Duration::minutes(10));
        c
    }

    /// A sign-in with an external account in progress (thirty minutes at most).
    pub fn external(&self, token: &str) -> Cookie<'static> {
        let mut c = self.build(EXTERNAL_COOKIE, token.to_owned(), None);
        c.set_max_age(actix_web::cookie::time::Duration::minutes(30));
        c
    }

    /// A sign-in waiting for its two-step code (ten minutes at most).
    pub fn two_factor_wait(&self, token: &str) -> Cookie<'static> {
        let mut c = self.build(TWO_FACTOR_COOKIE, token.to_owned(), None);
        c.set_max_age(actix_web::cookie::time::Duration::minutes(10));
        c
    }

    pub fn removal(&self, base: &str) -> Cookie<'static> {
        let mut c = self.build(base, String::new(), None);
        c.make_removal();
        c
    }
}

/// The request context of the current server function or page render.
pub fn request_context() -> Result<RequestContext, AppError> {
    let req = use_context::<Request>().ok_or_else(|| AppError::new(yoriai_domain::ErrorCode::Internal))?;
    let ctx = req.extensions().get::<RequestContext>().cloned();
    ctx.ok_or_else(|| AppError::new(yoriai_domain::ErrorCode::Internal))
}

/// Whether the request is a plain form post (no JavaScript): browsers ask for HTML,
/// the server-function client does not.
fn accepts_html() -> bool {
    use_context::<Request>()
        .and_then(|r| r.headers().get(header::ACCEPT).and_then(|v| v.to_str().ok()).map(|v| v.contains("text/html")))
        .unwrap_or(false)
}

/// The one command runner of the web edge: runs `f` on the blocking pool (commands
/// block on the database) and logs our own faults — and a pool that could not run it —
/// with their whole cause chain, what was being done, and the request id the person
/// sees as their reference. Rejections (the request's fault) are not logged. Every
/// caller goes through it: server functions ([`run`]), the REST API, the plain handlers
/// (uploads, downloads, feeds) and the middleware, which has no context yet and calls
/// it with the services and request id.
pub async fn on_pool<T, F>(services: &Services, request_id: &str, doing: &'static str, f: F) -> ServiceResult<T>
where
    T: Send + 'static,
    F: FnOnce(&Services) -> ServiceResult<T> + Send + 'static,
{
    let services = services.clone();
    let result = match actix_web::web::block(move || f(&services)).await {
        Ok(result) => result,
        Err(blocking) => Err(ServiceError::Internal(Box::new(blocking))),
    };
    if let Err(e) = &result {
        if !matches!(e, ServiceError::Rejected(_)) {
            let chain = yoriai_services::error_chain(e);
            tracing::error!(request_id = %request_id, error = %chain, "{doing} failed");
        }
    }
    result
}

/// [`on_pool`] for a request the middleware has resolved.
pub async fn command<T, F>(ctx: &RequestContext, doing: &'static str, f: F) -> ServiceResult<T>
where
    T: Send + 'static,
    F: FnOnce(&Services) -> ServiceResult<T> + Send + 'static,
{
    on_pool(&ctx.services, &ctx.request_id, doing, f).await
}

/// Runs a server function's command and maps its failure for the page.
pub async fn run<T, F>(ctx: &RequestContext, f: F) -> Result<T, AppError>
where
    T: Send + 'static,
    F: FnOnce(&Services) -> ServiceResult<T> + Send + 'static,
{
    command(ctx, "server function", f).await.map_err(|e| answer(ctx, e))
}

/// Turns a command's error (already logged by [`on_pool`]) into the page's error:
/// rejections pass through, our own faults become an opaque error with a reference.
fn answer(ctx: &RequestContext, error: ServiceError) -> AppError {
    let app_error = match error {
        ServiceError::Rejected(r) => AppError::from_rejection(r),
        other => {
            let mut e = AppError::new(other.code());
            e.request_id = Some(ctx.request_id.clone());
            e
        }
    };
    status_for(&app_error);
    app_error
}

/// Sets the HTTP status of a failed server function called from JavaScript; a plain
/// form post keeps the redirect back to its page, where the error is shown.
pub fn status_for(error: &AppError) {
    if !accepts_html() {
        if let Some(res) = use_context::<ResponseOptions>() {
            res.set_status(StatusCode::from_u16(error.code.http_status()).unwrap_or(StatusCode::BAD_REQUEST));
        }
    }
}

/// The HTTP status of a page whose data failed to load (404 for "not found").
pub fn status_for_page(error: &AppError) {
    if let Some(res) = use_context::<ResponseOptions>() {
        res.set_status(StatusCode::from_u16(error.code.http_status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR));
    }
}

/// Finishes a form: a plain form post is redirected (303, so the browser GETs the next
/// page); with JavaScript the page navigates itself to `Done::to`.
pub fn finish(to: impl Into<String>, reload: bool) -> Done {
    let to = to.into();
    if accepts_html() {
        if let Some(res) = use_context::<ResponseOptions>() {
            if let Ok(location) = HeaderValue::from_str(&to) {
                res.insert_header(header::LOCATION, location);
                res.set_status(StatusCode::SEE_OTHER);
            }
        }
    }
    Done { to, reload }
}

pub fn set_cookie(cookie: Cookie<'static>) {
    if let (Some(res), Ok(value)) = (use_context::<ResponseOptions>(), HeaderValue::from_str(&cookie.to_string())) {
        res.append_header(header::SET_COOKIE, value);
    }
}

/// Lets a reporter without an account add photos to their new report for an hour.
pub const REPORT_EDIT_COOKIE: &str = "yoriai_report_edit";
/// Carries a just-issued secret (an Open311 key) to the page that shows it, once.
pub const FLASH_SECRET_COOKIE: &str = "yoriai_flash_secret";

/// Sets a short-lived HttpOnly cookie.
pub fn set_short_cookie(ctx: &RequestContext, base: &str, value: &str, minutes: i64) {
    let mut c = Cookie::build(ctx.cookies.name(base), value.to_owned())
        .path("/")
        .http_only(true)
        .same_site(SameSite::Lax)
        .secure(ctx.cookies.secure)
        .finish();
    c.set_max_age(actix_web::cookie::time::Duration::minutes(minutes));
    set_cookie(c);
}

/// The value of one of our cookies.
pub fn read_cookie(ctx: &RequestContext, base: &str) -> Option<String> {
    let req = use_context::<Request>()?;
    req.cookie(&ctx.cookies.name(base)).map(|c| c.value().to_owned())
}

/// Reads a flash cookie and removes it (shown once).
pub fn take_flash(ctx: &RequestContext, base: &str) -> Option<String> {
    let value = read_cookie(ctx, base)?;
    set_cookie(ctx.cookies.removal(base));
    Some(value)
}

/// Hands a freshly issued receipt to the next page (see [`take_receipt`]).
pub fn give_receipt(ctx: &RequestContext, budget_id: yoriai_domain::BudgetId, receipt: &str) {
    set_cookie(ctx.cookies.receipt(budget_id, receipt));
}

/// The receipt of a ballot just confirmed in this budget, if the browser carries one;
/// the cookie is removed so it is shown once.
pub fn take_receipt(ctx: &RequestContext, budget_id: yoriai_domain::BudgetId) -> Option<String> {
    let req = use_context::<Request>()?;
    let cookie = req.cookie(&ctx.cookies.name(RECEIPT_COOKIE))?;
    let (id, receipt) = cookie.value().split_once(':')?;
    if id.parse::<yoriai_domain::BudgetId>().ok()? != budget_id {
        return None;
    }
    let receipt = yoriai_domain::budget::normalize_receipt(receipt).map(|_| receipt.to_owned())?;
    set_cookie(ctx.cookies.removal(RECEIPT_COOKIE));
    Some(receipt)
}

/// Only paths on this site may be redirect targets (`yoriai_domain::redirect`).
pub fn safe_next(next: Option<&str>) -> Option<String> {
    next.and_then(yoriai_domain::redirect::local_path).map(str::to_owned)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_local_paths_are_redirect_targets() {
        assert_eq!(safe_next(Some("/account")), Some("/account".into()));
        assert_eq!(safe_next(Some("/a?b=c")), Some("/a?b=c".into()));
        for bad in
            ["//evil.example", "https://evil.example", "/\\evil.example", "account", "/a\r\nX: y", "/\t/host", ""]
        {
            assert_eq!(safe_next(Some(bad)), None, "{bad}");
        }
        assert_eq!(safe_next(None), None);
    }

    #[test]
    fn secure_cookies_carry_the_host_prefix() {
        let secure = CookieSettings { secure: true };
        let c = secure.session("t", 30);
        assert_eq!(c.name(), "__Host-yoriai_session");
        assert_eq!(c.secure(), Some(true));
        assert_eq!(c.http_only(), Some(true));
        assert_eq!(c.same_site(), Some(SameSite::Lax));
        assert_eq!(c.path(), Some("/"));
        let plain = CookieSettings { secure: false };
        assert_eq!(plain.session("t", 30).name(), "yoriai_session");
    }
}
