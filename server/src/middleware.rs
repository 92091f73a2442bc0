//! The request pipeline around every handler: a request id and log span, the client
//! address, the signed-in account (session cookie or bearer token), the language, CSRF
//! protection for every state-changing request, security headers and metrics.

use crate::errors::{api_error, html_error_page, wants_json};
use crate::state::AppState;
use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{Payload, ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderName, HeaderValue};
use actix_web::http::{Method, StatusCode};
use actix_web::middleware::Next;
use actix_web::{web, HttpMessage, HttpResponse};
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use rand::RngCore;
use std::net::IpAddr;
use std::time::Instant;
use tracing::Instrument;
use yoriai_domain::{ErrorCode, Locale};
use yoriai_frontend::ssr::{on_pool, RequestContext, CSRF_COOKIE, FORM_ECHO_COOKIE, LANG_COOKIE, SESSION_COOKIE};
use yoriai_services::city::City;
use yoriai_services::sessions::CurrentUser;

/// Paths served without looking up a session: static files and probes.
fn is_static(path: &str) -> bool {
    is_global(path) || path.starts_with("/uploads/")
}

/// Paths that belong to the installation, not to a city: the built front end and the
/// probes. Everything else is resolved to the city its host names first.
fn is_global(path: &str) -> bool {
    path.starts_with("/pkg/")
        || path.starts_with("/assets/")
        || matches!(path, "/healthz" | "/readyz" | "/metrics" | "/favicon.ico" | "/city.css")
}

/// The city a request was resolved to (in its extensions), for handlers outside the
/// request context (uploads).
#[derive(Clone)]
pub struct CurrentTenant(pub std::sync::Arc<crate::tenants::Tenant>);

/// The host the request names: `X-Forwarded-Host` from a trusted proxy, else `Host`.
fn request_host(req: &ServiceRequest, trust_proxy: bool) -> Option<String> {
    let forwarded = trust_proxy.then(|| header_str(req, "x-forwarded-host")).flatten();
    let raw = forwarded.or_else(|| header_str(req, "host")).or_else(|| req.uri().host())?;
    // The last value is the one the nearest proxy (ours) added; earlier ones came from
    // the client and could name another city.
    yoriai_store::control::request_host(raw.rsplit(',').next().unwrap_or(raw).trim())
}

pub(crate) fn random_b64(bytes: usize) -> String {
    let mut buf = vec![0u8; bytes];
    rand::rng().fill_bytes(&mut buf);
    URL_SAFE_NO_PAD.encode(buf)
}

/// A request id from a trusted proxy is kept so logs line up across hops; otherwise new.
fn request_id(req: &ServiceRequest, trust_proxy: bool) -> String {
    if trust_proxy {
        if let Some(id) = req.headers().get("x-request-id").and_then(|v| v.to_str().ok()) {
            if !id.is_empty() && id.len() <= 64 && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
            {
                return id.to_owned();
            }
        }
    }
    random_b64(12)
}

pub(crate) fn client_ip(req: &ServiceRequest, trust_proxy: bool) -> Option<IpAddr> {
    if trust_proxy {
        if let Some(ip) = req
            .headers()
            .get("x-forwarded-for")
            .and_then(|v| v.to_str().ok())
            // The last value is the one our proxy appended; earlier ones are whatever the
            // client sent, and a throttle keyed on them could be walked around.
            .and_then(|v| v.rsplit(',').next())
            .and_then(|ip| ip.trim().parse().ok())
        {
            return Some(ip);
        }
    }
    req.peer_addr().map(|a| a.ip())
}

pub(crate) fn cookie_value(req: &ServiceRequest, state: &AppState, base: &str) -> Option<String> {
    req.cookie(&state.cookies.name(base)).map(|c| c.value().to_owned()).filter(|v| !v.is_empty())
}

/// The CSRF token forms must carry: a keyed hash of the browser's random CSRF cookie
/// (signed double submit). A cross-site page can neither read the cookie nor compute it.
pub fn csrf_token(services: &yoriai_services::Services, cookie: &str) -> String {
    services.keys.keyed_hash("csrf", cookie)
}

fn is_safe_method(m: &Method) -> bool {
    matches!(*m, Method::GET | Method::HEAD | Method::OPTIONS | Method::TRACE)
}

pub(crate) fn header_str<'a>(req: &'a ServiceRequest, name: &str) -> Option<&'a str> {
    req.headers().get(name).and_then(|v| v.to_str().ok())
}

/// A cross-site origin is refused outright, whatever the token says.
pub(crate) fn cross_site(req: &ServiceRequest, state: &AppState) -> bool {
    if header_str(req, "sec-fetch-site") == Some("cross-site") {
        return true;
    }
    match header_str(req, "origin") {
        None => false,
        Some("null") => true,
        Some(origin) => {
            let host = req.connection_info().host().to_owned();
            let same_host = origin.split_once("://").map(|(_, h)| h == host).unwrap_or(false);
            !(same_host || origin == state.public_origin)
        }
    }
}

/// The body could not be read (too large, or broken off).
struct UnreadableBody;

/// The token the request presents: header, query string, or form field.
async fn presented_token(req: &mut ServiceRequest) -> Result<Option<String>, UnreadableBody> {
    if let Some(t) = header_str(req, "x-csrf-token") {
        return Ok(Some(t.to_owned()));
    }
    let from_query = serde_urlencoded::from_str::<Vec<(String, String)>>(req.query_string())
        .ok()
        .and_then(|pairs| pairs.into_iter().find(|(k, _)| k == "csrf").map(|(_, v)| v));
    if from_query.is_some() {
        return Ok(from_query);
    }
    let is_form = header_str(req, "content-type").is_some_and(|c| c.starts_with("application/x-www-form-urlencoded"));
    if !is_form {
        return Ok(None);
    }
    // Read the form (within the form size limit), find the field, and put the body
    // back for the handler.
    let bytes = req.extract::<web::Bytes>().await.map_err(|_| UnreadableBody)?;
    let token = serde_urlencoded::from_bytes::<Vec<(String, String)>>(&bytes)
        .ok()
        .and_then(|pairs| pairs.into_iter().find(|(k, _)| k == "csrf").map(|(_, v)| v));
    req.set_payload(Payload::from(bytes));
    Ok(token)
}

fn bearer(req: &ServiceRequest) -> Option<String> {
    header_str(req, "authorization").and_then(|v| v.strip_prefix("Bearer ")).map(|t| t.trim().to_owned())
}

fn is_json(req: &ServiceRequest) -> bool {
    header_str(req, "content-type").is_some_and(|c| c.starts_with("application/json"))
}

/// The language: the visitor's choice (cookie), the account's, the browser's, else the
/// city's first language (its own setting, else the installation's).
pub(crate) fn negotiate_locale(
    req: &ServiceRequest,
    state: &AppState,
    user: Option<&CurrentUser>,
    city: &City,
) -> Locale {
    cookie_value(req, state, LANG_COOKIE)
        .and_then(|v| Locale::parse(&v))
        .or_else(|| user.and_then(|u| u.locale))
        .or_else(|| header_str(req, "accept-language").and_then(Locale::negotiate))
        .or(city.default_locale)
        .unwrap_or(state.default_locale)
}

pub(crate) fn security_headers(headers: &mut header::HeaderMap, nonce: &str, secure: bool, tiles: &str, forms: &str) {
    // Map tiles may come from the configured tile server (its origin only); the external
    // sign-in forms redirect to the configured OpenID Connect providers (theirs only).
    let policy = |tiles: &str, forms: &str| {
        format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:{tiles}; \
         font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'{forms}; frame-ancestors 'none'"
    )
    };
    // Never no policy: origins that cannot stand in a header are left out, not the header.
    let csp = Some(policy(tiles, forms)).filter(|p| HeaderValue::from_str(p).is_ok()).unwrap_or_else(|| policy("", ""));
    let pairs: [(&str, String); 6] = [
        ("content-security-policy", csp),
        ("x-content-type-options", "nosniff".into()),
        ("referrer-policy", "same-origin".into()),
        ("x-frame-options", "DENY".into()),
        ("cross-origin-opener-policy", "same-origin".into()),
        ("permissions-policy", "camera=(), microphone=(), geolocation=(self), interest-cohort=()".into()),
    ];
    for (name, value) in pairs {
        if let Ok(v) = HeaderValue::from_str(&value) {
            headers.insert(HeaderName::from_static(name), v);
        }
    }
    if secure {
        headers.insert(header::STRICT_TRANSPORT_SECURITY, HeaderValue::from_static("max-age=31536000"));
    }
}

pub async fn pipeline(
    mut req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    let started = Instant::now();
    let state = req.app_data::<web::Data<AppState>>().expect("AppState is registered").clone();
    let request_id = request_id(&req, state.trust_proxy);
    let span = tracing::info_span!("request", request_id = %request_id, tenant = tracing::field::Empty);
    let method = req.method().clone();
    let path = req.path().to_owned();
    let secure = state.cookies.secure;

    // The city, for the metrics: its id (a bounded set the operator creates), never a host.
    let mut tenant_label = "-".to_owned();
    let result: Result<ServiceResponse<BoxBody>, actix_web::Error> = async {
        let nonce = random_b64(16);
        if is_global(&path) {
            req.extensions_mut().insert(Nonce(nonce.clone()));
            let mut res = next.call(req).await?.map_into_boxed_body();
            security_headers(res.headers_mut(), &nonce, secure, &state.tile_origin, &state.form_origins);
            return Ok(res);
        }
        // Which city: before anything else, so nothing of another city is ever touched.
        let host = request_host(&req, state.trust_proxy);
        if crate::console::is_console(&state, host.as_deref()) {
            tenant_label = "console".into();
            return Ok(crate::console::serve(req, &state, nonce).await);
        }
        let tenant = match state.tenants.resolve(host.as_deref()).await {
            crate::tenants::Resolved::Found(t) => t,
            other => {
                let (status, title, body, code) = match other {
                    crate::tenants::Resolved::Suspended => {
                        tenant_label = "suspended".into();
                        (
                            StatusCode::SERVICE_UNAVAILABLE,
                            "site-paused-title",
                            "site-paused-body",
                            ErrorCode::Unavailable,
                        )
                    }
                    _ => {
                        tenant_label = "unknown".into();
                        (StatusCode::NOT_FOUND, "site-unknown-title", "site-unknown-body", ErrorCode::NotFound)
                    }
                };
                let locale =
                    header_str(&req, "accept-language").and_then(Locale::negotiate).unwrap_or(state.default_locale);
                let response = if wants_json(req.request()) {
                    let mut r = api_error(code, locale, &request_id);
                    *r.status_mut() = status;
                    r
                } else {
                    html_error_page(status, locale, title, body, None)
                };
                let mut res = req.into_response(response);
                security_headers(res.headers_mut(), &nonce, secure, &state.tile_origin, &state.form_origins);
                return Ok(res);
            }
        };
        tenant_label = tenant.id.to_string();
        tenant.requests.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        tracing::Span::current().record("tenant", tenant.id.as_str());
        let services = tenant.services.clone();
        req.extensions_mut().insert(CurrentTenant(tenant));
        if is_static(&path) {
            req.extensions_mut().insert(Nonce(nonce.clone()));
            let mut res = next.call(req).await?.map_into_boxed_body();
            security_headers(res.headers_mut(), &nonce, secure, &state.tile_origin, &state.form_origins);
            return Ok(res);
        }
        let mut cookies_to_set = Vec::new();

        // The city's own settings (name, colour, first language): read again at most
        // every 30 s per process. Without them the page still serves, plainly.
        let city = match services.city_if_fresh() {
            Some(city) => city,
            None => on_pool(&services, &request_id, "reading the city's settings", |svc| svc.city())
                .await
                .unwrap_or_default(),
        };

        // Who is asking: a bearer token (scripts) or a session cookie (browsers).
        let bearer = bearer(&req);
        let (user, session_was_invalid) = if let Some(token) = bearer.clone() {
            match on_pool(&services, &request_id, "resolving a bearer token", move |svc| {
                yoriai_services::sessions::resolve_bearer(svc, &token)
            })
            .await
            {
                Ok(Some(user)) => (Some(user), false),
                Ok(None) => {
                    let locale = negotiate_locale(&req, &state, None, &city);
                    return Ok(req.into_response(api_error(ErrorCode::NotSignedIn, locale, &request_id)));
                }
                Err(_) => return Ok(unavailable(req, &state, &request_id)),
            }
        } else if let Some(token) = cookie_value(&req, &state, SESSION_COOKIE) {
            match on_pool(&services, &request_id, "resolving the session", move |svc| {
                yoriai_services::sessions::resolve_session(svc, &token)
            })
            .await
            {
                Ok(user) => {
                    let invalid = user.is_none();
                    (user, invalid)
                }
                Err(_) => return Ok(unavailable(req, &state, &request_id)),
            }
        } else {
            (None, false)
        };
        if session_was_invalid {
            cookies_to_set.push(state.cookies.removal(SESSION_COOKIE));
        }
        let locale = negotiate_locale(&req, &state, user.as_ref(), &city);

        // CSRF: every state-changing browser request carries the token.
        let csrf_cookie = match cookie_value(&req, &state, CSRF_COOKIE) {
            Some(v) if v.len() >= 20 && v.len() <= 64 => v,
            _ => {
                let fresh = random_b64(32);
                cookies_to_set.push(state.cookies.csrf(&fresh));
                fresh
            }
        };
        let csrf = csrf_token(&services, &csrf_cookie);
        if !is_safe_method(req.method()) {
            let refused = if req.path().starts_with("/open311/") {
                // Open311 clients authenticate with their api_key; the handlers never
                // read the session cookie, so there is nothing to forge.
                false
            } else if cross_site(&req, &state) {
                true
            } else if bearer.is_some() {
                // Scripts authenticate with the token itself; no cookie is involved.
                false
            } else if is_json(&req) {
                // A cross-site page cannot send JSON without a CORS preflight, which we
                // never grant, and the Origin check above covers the rest.
                false
            } else {
                match presented_token(&mut req).await {
                    Ok(presented) => {
                        !presented.is_some_and(|t| services.keys.verify_keyed_hash("csrf", &csrf_cookie, &t))
                    }
                    Err(UnreadableBody) => {
                        let response = if wants_json(req.request()) {
                            api_error(ErrorCode::TooLong, locale, &request_id)
                        } else {
                            html_error_page(
                                StatusCode::PAYLOAD_TOO_LARGE,
                                locale,
                                "page-too-large-title",
                                "page-too-large-body",
                                None,
                            )
                        };
                        let mut res = req.into_response(response);
                        *res.response_mut().status_mut() = StatusCode::PAYLOAD_TOO_LARGE;
                        security_headers(res.headers_mut(), &nonce, secure, &state.tile_origin, &state.form_origins);
                        return Ok(res);
                    }
                }
            };
            if refused {
                tracing::warn!(method = %req.method(), path = %req.path(), "CSRF check failed");
                let response = if wants_json(req.request()) {
                    api_error(ErrorCode::CsrfInvalid, locale, &request_id)
                } else {
                    html_error_page(StatusCode::FORBIDDEN, locale, "csrf-page-title", "csrf-page-body", None)
                };
                let mut res = req.into_response(response);
                for c in &cookies_to_set {
                    if let Ok(v) = HeaderValue::from_str(&c.to_string()) {
                        res.headers_mut().append(header::SET_COOKIE, v);
                    }
                }
                security_headers(res.headers_mut(), &nonce, secure, &state.tile_origin, &state.form_origins);
                return Ok(res);
            }
        }

        // A form refused without JavaScript left what was typed on the server for the
        // page it comes back to (see `server_fns`): read it once.
        let mut form_echo = Vec::new();
        if req.method() == Method::GET {
            if let Some(token) = cookie_value(&req, &state, FORM_ECHO_COOKIE) {
                cookies_to_set.push(state.cookies.removal(FORM_ECHO_COOKIE));
                // On failure (logged) the form comes back empty; the error is still shown.
                if let Ok(values) = on_pool(&services, &request_id, "reading a refused form's text", move |svc| {
                    yoriai_services::form_echo::take(svc, &token)
                })
                .await
                {
                    form_echo = values;
                }
            }
        }
        let (forms, tiles) =
            (state.form_origins.clone() + &city.form_origins(), state.tile_origin.clone() + &city.tile_origin());
        req.extensions_mut().insert(RequestContext {
            services: services.clone(),
            city,
            request_id: request_id.clone(),
            locale,
            user,
            csrf_token: csrf,
            nonce: nonce.clone(),
            client_ip: client_ip(&req, state.trust_proxy),
            cookies: state.cookies.clone(),
            form_echo,
        });

        let mut res = next.call(req).await?.map_into_boxed_body();
        let headers = res.headers_mut();
        for c in cookies_to_set {
            if let Ok(v) = HeaderValue::from_str(&c.to_string()) {
                headers.append(header::SET_COOKIE, v);
            }
        }
        security_headers(headers, &nonce, secure, &tiles, &forms);
        if !headers.contains_key(header::CACHE_CONTROL) {
            // Pages carry personal data and CSRF tokens: never store them in shared caches.
            headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        }
        headers.insert(header::VARY, HeaderValue::from_static("Cookie, Accept-Language"));
        Ok(res)
    }
    .instrument(span.clone())
    .await;

    let mut res = result?;
    retry_after_default(&mut res);
    if let Ok(v) = HeaderValue::from_str(&request_id) {
        res.headers_mut().insert(HeaderName::from_static("x-request-id"), v);
    }
    let status = res.status().as_u16();
    let route = res.request().match_pattern().unwrap_or_else(|| "unmatched".into());
    let elapsed = started.elapsed();
    state
        .metrics
        .requests
        .get_or_create(&crate::metrics::RequestLabels {
            tenant: tenant_label,
            method: method.to_string(),
            route,
            status,
        })
        .inc();
    state.metrics.request_seconds.observe(elapsed.as_secs_f64());
    span.in_scope(|| {
        if !is_static(&path) || status >= 400 {
            tracing::info!(%method, %path, status, ms = elapsed.as_millis() as u64, "request");
        }
    });
    Ok(res)
}

/// Every "busy" and "too many" answer says when to come back: handlers that know (a
/// lock's remaining minutes) set `Retry-After` themselves; any other 429 or 503 gets a
/// default here, so no client is left guessing or retrying in a tight loop.
fn retry_after_default(res: &mut ServiceResponse<BoxBody>) {
    let seconds = match res.status() {
        StatusCode::TOO_MANY_REQUESTS => "60",
        StatusCode::SERVICE_UNAVAILABLE => "5",
        _ => return,
    };
    if !res.headers().contains_key(header::RETRY_AFTER) {
        res.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from_static(seconds));
    }
}

/// The nonce for static responses (no context is built for them).
#[derive(Clone)]
pub struct Nonce(pub String);

/// The session could not be resolved (the cause is logged by `on_pool`).
fn unavailable(req: ServiceRequest, state: &AppState, request_id: &str) -> ServiceResponse<BoxBody> {
    let locale = header_str(&req, "accept-language").and_then(Locale::negotiate).unwrap_or(state.default_locale);
    let response: HttpResponse = if wants_json(req.request()) {
        api_error(ErrorCode::Unavailable, locale, request_id)
    } else {
        html_error_page(
            StatusCode::SERVICE_UNAVAILABLE,
            locale,
            "page-error-title",
            "page-error-body",
            Some(request_id),
        )
    };
    req.into_response(response)
}
