//! The system console: where the installation's system operators (a vendor's or a
//! prefecture's staff) create cities, set their hosts, suspend, resume and delete them,
//! and see per-city figures — counts and sizes, never a resident's row.
//!
//! It answers only on `console_host`, which no city can have, and it is not a city: its
//! operators live in the control plane, its sessions and CSRF cookies are its own
//! (host-only), and it has no route into a city's pages. Plain HTML forms, so it works
//! without JavaScript; every text is in `locales/*/console.ftl`.

mod pages;

use crate::middleware::{client_ip, cookie_value, cross_site, header_str, random_b64, security_headers};
use crate::state::AppState;
use crate::tenants::{self, NewCity};
use actix_web::body::BoxBody;
use actix_web::dev::{Payload, ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderValue};
use actix_web::http::{Method, StatusCode};
use actix_web::{web, HttpResponse};
use pages::{Page, Problem};
use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};
use yoriai_domain::Locale;
use yoriai_services::crypto::token_hash;
use yoriai_store::control::{self, TenantId, TenantState};

const SESSION: &str = "yoriai_console";
const CSRF: &str = "yoriai_console_csrf";
const SESSION_HOURS: i64 = 8;
/// Failed sign-ins per client address within the window before it must wait.
const MAX_FAILURES: u32 = 10;
const FAILURE_WINDOW: Duration = Duration::from_secs(15 * 60);

/// Failed console sign-ins per client address (in memory: the console is one door for
/// a handful of operators; a restart forgets, the password hash still costs each try).
#[derive(Default)]
pub struct Throttle(Mutex<HashMap<IpAddr, (u32, Instant)>>);

impl Throttle {
    fn locked(&self, ip: Option<IpAddr>) -> bool {
        let (Some(ip), Ok(map)) = (ip, self.0.lock()) else { return false };
        map.get(&ip).is_some_and(|(n, since)| *n >= MAX_FAILURES && since.elapsed() < FAILURE_WINDOW)
    }

    fn failed(&self, ip: Option<IpAddr>) {
        let (Some(ip), Ok(mut map)) = (ip, self.0.lock()) else { return };
        let entry = map.entry(ip).or_insert((0, Instant::now()));
        if entry.1.elapsed() >= FAILURE_WINDOW {
            *entry = (0, Instant::now());
        }
        entry.0 += 1;
    }
}

/// Whether a request is for the console.
pub fn is_console(state: &AppState, host: Option<&str>) -> bool {
    state.console_host.as_deref().is_some_and(|c| Some(c) == host)
}

fn locale_of(req: &ServiceRequest, state: &AppState) -> Locale {
    header_str(req, "accept-language").and_then(Locale::negotiate).unwrap_or(state.default_locale)
}

fn cookie(state: &AppState, name: &str, value: String, hours: Option<i64>) -> actix_web::cookie::Cookie<'static> {
    let mut c = actix_web::cookie::Cookie::build(state.cookies.name(name), value)
        .path("/")
        .http_only(true)
        .same_site(actix_web::cookie::SameSite::Strict)
        .secure(state.cookies.secure)
        .finish();
    if let Some(h) = hours {
        c.set_max_age(actix_web::cookie::time::Duration::hours(h));
    }
    c
}

/// Runs blocking work (control-plane queries, city changes) off the async threads.
async fn blocking<T: Send + 'static>(f: impl FnOnce() -> Result<T, String> + Send + 'static) -> Result<T, String> {
    match web::block(f).await {
        Ok(r) => r,
        Err(e) => Err(e.to_string()),
    }
}

/// Answers a console request (any path on `console_host`).
pub async fn serve(mut req: ServiceRequest, state: &AppState, nonce: String) -> ServiceResponse<BoxBody> {
    let locale = locale_of(&req, state);
    let mut set_cookies = Vec::new();
    let csrf_cookie = match cookie_value(&req, state, CSRF) {
        Some(v) if (20..=64).contains(&v.len()) => v,
        _ => {
            let fresh = random_b64(32);
            set_cookies.push(cookie(state, CSRF, fresh.clone(), None));
            fresh
        }
    };
    let keys = state.tenants.main().keys.clone();
    let csrf = keys.keyed_hash("console-csrf", &csrf_cookie);
    let session = cookie_value(&req, state, SESSION);
    let operator = match session.clone() {
        Some(token) => {
            let t = state.tenants.clone();
            blocking(move || {
                let Some(mut conn) = t.control_conn()? else { return Ok(None) };
                control::operator_of_session(&mut conn, &token_hash(&token)).map_err(|e| e.to_string())
            })
            .await
            .unwrap_or_else(|e| {
                tracing::warn!(error = %e, "the console could not read its session");
                None
            })
        }
        None => None,
    };
    let method = req.method().clone();
    let path = req.path().to_owned();
    let mut form: HashMap<String, String> = HashMap::new();
    if method == Method::POST {
        let refused = cross_site(&req, state);
        let bytes = req.extract::<web::Bytes>().await.unwrap_or_default();
        req.set_payload(Payload::None);
        form = serde_urlencoded::from_bytes::<Vec<(String, String)>>(&bytes).unwrap_or_default().into_iter().collect();
        let token_ok = form.get("csrf").is_some_and(|t| keys.verify_keyed_hash("console-csrf", &csrf_cookie, t));
        if refused || !token_ok {
            let page = Page::new(locale, &csrf).message("csrf-page-title", "csrf-page-body");
            return finish(req, state, &nonce, StatusCode::FORBIDDEN, page.render(), set_cookies);
        }
    }
    let ip = client_ip(&req, state.trust_proxy);
    let page = Page::new(locale, &csrf);
    let (status, body) = match (method.as_str(), path.as_str(), operator) {
        ("GET", "/", None) => (StatusCode::OK, page.sign_in(None, "").render()),
        ("POST", "/sign-in", _) => {
            if state.console_throttle.locked(ip) {
                (StatusCode::TOO_MANY_REQUESTS, page.sign_in(Some(Problem::key("console-locked")), "").render())
            } else {
                let email = form.get("email").map(|e| e.trim().to_lowercase()).unwrap_or_default();
                let password = form.get("password").cloned().unwrap_or_default();
                let code = form.get("code").cloned().unwrap_or_default();
                let (t, e) = (state.tenants.clone(), email.clone());
                let signed_in = blocking(move || sign_in(&t, &e, &password, &code)).await;
                match signed_in {
                    Ok(Some(token)) => {
                        set_cookies.push(cookie(state, SESSION, token, Some(SESSION_HOURS)));
                        return redirect(req, state, &nonce, "/?notice=console-signed-in", set_cookies);
                    }
                    Ok(None) => {
                        state.console_throttle.failed(ip);
                        let problem = Problem::key("console-sign-in-failed");
                        (StatusCode::BAD_REQUEST, page.sign_in(Some(problem), &email).render())
                    }
                    Err(e) => {
                        tracing::error!(error = %e, "console sign-in could not run");
                        (StatusCode::SERVICE_UNAVAILABLE, page.message("page-error-title", "page-error-body").render())
                    }
                }
            }
        }
        ("POST", "/sign-out", _) => {
            if let Some(token) = session {
                let t = state.tenants.clone();
                let _ = blocking(move || {
                    let Some(mut conn) = t.control_conn()? else { return Ok(()) };
                    control::end_operator_session(&mut conn, &token_hash(&token)).map(|_| ()).map_err(|e| e.to_string())
                })
                .await;
            }
            let mut gone = cookie(state, SESSION, String::new(), None);
            gone.make_removal();
            set_cookies.push(gone);
            return redirect(req, state, &nonce, "/", set_cookies);
        }
        (_, _, None) if path == "/" || path.starts_with("/cities") => {
            (StatusCode::OK, page.sign_in(Some(Problem::key("console-sign-in-first")), "").render())
        }
        ("GET", "/", Some(email)) => {
            let notice = req.query_string().strip_prefix("notice=").map(str::to_owned);
            let cities = figures(state).await;
            (StatusCode::OK, page.dashboard(&email, &cities, notice.as_deref(), None, &HashMap::new()).render())
        }
        ("POST", _, Some(email)) if path.starts_with("/cities") => match change(state, &path, &form).await {
            Ok(notice) => {
                let _ = blocking({
                    let t = state.tenants.clone();
                    move || t.reload()
                })
                .await;
                return redirect(req, state, &nonce, &format!("/?notice={notice}"), set_cookies);
            }
            Err(problem) => {
                let cities = figures(state).await;
                (StatusCode::BAD_REQUEST, page.dashboard(&email, &cities, None, Some(problem), &form).render())
            }
        },
        _ => (StatusCode::NOT_FOUND, page.message("page-not-found-title", "page-not-found-body").render()),
    };
    finish(req, state, &nonce, status, body, set_cookies)
}

/// Checks an operator's password and two-step code (each code once); a new session
/// token when both match. Which of the three was wrong is not said.
fn sign_in(tenants: &tenants::Tenants, email: &str, password: &str, code: &str) -> Result<Option<String>, String> {
    let Some(mut conn) = tenants.control_conn()? else { return Ok(None) };
    let stored = control::operator_credentials(&mut conn, email).map_err(|e| e.to_string())?;
    let Ok(password) = yoriai_domain::Password::parse_existing(password) else { return Ok(None) };
    // An unknown address is checked against a dummy hash: it takes as long.
    if !tenants.base().hasher.verify(&password, stored.as_ref().map(|(hash, _)| hash.as_str())) {
        return Ok(None);
    }
    let Some((_, sealed)) = stored else { return Ok(None) };
    let keys = &tenants.base().main_keys;
    let step = yoriai_services::accounts::operator_code_step(keys, &sealed, code, yoriai_store::now())
        .map_err(|e| e.to_string())?;
    let Some(step) = step else { return Ok(None) };
    if !control::use_operator_step(&mut conn, email, step).map_err(|e| e.to_string())? {
        tracing::warn!("a console sign-in reused a two-step code");
        return Ok(None);
    }
    let token = yoriai_services::crypto::random_token();
    let expires = yoriai_store::now() + chrono::Duration::hours(SESSION_HOURS);
    control::start_operator_session(&mut conn, &token_hash(&token), email, expires).map_err(|e| e.to_string())?;
    tracing::info!("a system operator signed in to the console");
    Ok(Some(token))
}

/// A city as the console shows it: counts and sizes only.
pub struct Figures {
    pub id: String,
    pub name_ja: String,
    pub name_en: String,
    pub state: TenantState,
    pub hosts: Vec<String>,
    pub accounts: Option<i64>,
    pub storage_kib: u64,
    pub requests: u64,
}

async fn figures(state: &AppState) -> Vec<Figures> {
    let tenants = state.tenants.clone();
    blocking(move || {
        Ok(tenants
            .all()
            .into_iter()
            .map(|t| {
                use diesel::prelude::*;
                let accounts = t
                    .services
                    .conn()
                    .ok()
                    .and_then(|mut c| yoriai_store::schema::users::table.count().get_result::<i64>(&mut c).ok());
                let dir = control::tenant_dir(&tenants.base().data_dir, &t.id);
                let storage = if t.id.is_main() {
                    crate::tenant_cli::folder_bytes(&dir.join("uploads"))
                } else {
                    crate::tenant_cli::folder_bytes(&dir)
                };
                Figures {
                    id: t.id.to_string(),
                    name_ja: t.name_ja.clone(),
                    name_en: t.name_en.clone(),
                    state: t.state,
                    hosts: t.hosts.clone(),
                    accounts,
                    storage_kib: storage / 1024,
                    requests: t.requests.load(std::sync::atomic::Ordering::Relaxed),
                }
            })
            .collect())
    })
    .await
    .unwrap_or_default()
}

/// Hosts typed one per line (or separated by spaces or commas).
fn host_list(text: &str) -> Vec<String> {
    text.split(|c: char| c.is_whitespace() || c == ',').filter(|h| !h.is_empty()).map(str::to_owned).collect()
}

/// A change asked for by a console form; the notice to show after it, or the problem.
async fn change(state: &AppState, path: &str, form: &HashMap<String, String>) -> Result<&'static str, Problem> {
    let field = |k: &str| form.get(k).map(|v| v.trim().to_owned()).unwrap_or_default();
    let taken_by = |host: &str| state.tenants.all().into_iter().find(|t| t.hosts.iter().any(|h| h == host));
    let base = state.tenants.base().clone();
    if path == "/cities" {
        let (id, name_ja, name_en) = (field("id"), field("name_ja"), field("name_en"));
        let id = if id.is_empty() { tenants::id_from_name(&name_en) } else { id };
        let parsed = TenantId::parse(&id).map_err(|_| Problem::field("id", "console-id-invalid"))?;
        if parsed.is_main() || state.tenants.get(&id).is_some() {
            return Err(Problem::field("id", "console-id-taken"));
        }
        for (key, value) in [("name_ja", &name_ja), ("name_en", &name_en)] {
            if value.is_empty() || value.chars().count() > 100 {
                return Err(Problem::field(key, "console-name-invalid"));
            }
        }
        let hosts = host_list(&field("hosts"));
        check_new_hosts("hosts", &hosts, &taken_by, state)?;
        let city = NewCity { id: Some(id), name_ja, name_en, hosts };
        blocking(move || tenants::create_city(&base, city).map(|_| ())).await.map_err(Problem::failed)?;
        return Ok("console-created");
    }
    let rest = path.trim_start_matches("/cities/");
    let (id, action) = rest.split_once('/').ok_or(Problem::key("console-unknown-action"))?;
    let city = state.tenants.get(id).ok_or(Problem::key("console-unknown-city"))?;
    let id = city.id.to_string();
    match action {
        "suspend" => {
            let reason = field("reason");
            let reason = (!reason.is_empty()).then(|| reason.chars().take(200).collect::<String>());
            blocking(move || tenants::set_state(&base, &id, TenantState::Suspended, reason.as_deref()))
                .await
                .map_err(Problem::failed)?;
            Ok("console-suspended")
        }
        "resume" => {
            blocking(move || tenants::set_state(&base, &id, TenantState::Active, None))
                .await
                .map_err(Problem::failed)?;
            Ok("console-resumed")
        }
        "hosts" => {
            let add = host_list(&field("add"));
            let remove = host_list(&field("remove"));
            if add.is_empty() && remove.is_empty() {
                return Err(Problem::field("add", "console-hosts-nothing"));
            }
            if !add.is_empty() {
                check_new_hosts("add", &add, &taken_by, state)?;
            }
            for host in &remove {
                if !city.hosts.iter().any(|h| h == host) {
                    return Err(Problem::field("remove", "console-host-not-theirs"));
                }
            }
            if remove.len() >= city.hosts.len() + add.len() {
                return Err(Problem::field("remove", "console-host-last"));
            }
            blocking(move || tenants::change_hosts(&base, &id, &add, &remove, None).map(|_| ()))
                .await
                .map_err(Problem::failed)?;
            Ok("console-hosts-changed")
        }
        "delete" => {
            if city.id.is_main() {
                return Err(Problem::key("console-main-kept"));
            }
            if field("confirm") != id {
                return Err(Problem::field("confirm", "console-confirm-mismatch"));
            }
            blocking(move || tenants::delete_city(&base, &id)).await.map_err(Problem::failed)?;
            Ok("console-deleted")
        }
        _ => Err(Problem::key("console-unknown-action")),
    }
}

fn check_new_hosts(
    field: &'static str,
    hosts: &[String],
    taken_by: &dyn Fn(&str) -> Option<std::sync::Arc<tenants::Tenant>>,
    state: &AppState,
) -> Result<(), Problem> {
    let mut seen = Vec::new();
    for raw in hosts {
        let host = control::normalize_host(raw).map_err(|_| Problem::field(field, "console-host-invalid"))?;
        if seen.contains(&host) || taken_by(&host).is_some() || state.console_host.as_deref() == Some(host.as_str()) {
            return Err(Problem::field(field, "console-host-taken"));
        }
        seen.push(host);
    }
    if seen.is_empty() {
        return Err(Problem::field(field, "console-hosts-missing"));
    }
    Ok(())
}

fn redirect(
    req: ServiceRequest,
    state: &AppState,
    nonce: &str,
    to: &str,
    cookies: Vec<actix_web::cookie::Cookie<'static>>,
) -> ServiceResponse<BoxBody> {
    let res = HttpResponse::SeeOther().insert_header((header::LOCATION, to.to_owned())).finish();
    with_headers(req.into_response(res), state, nonce, cookies)
}

fn finish(
    req: ServiceRequest,
    state: &AppState,
    nonce: &str,
    status: StatusCode,
    body: String,
    cookies: Vec<actix_web::cookie::Cookie<'static>>,
) -> ServiceResponse<BoxBody> {
    let res = HttpResponse::build(status).content_type("text/html; charset=utf-8").body(body);
    with_headers(req.into_response(res), state, nonce, cookies)
}

fn with_headers(
    mut res: ServiceResponse<BoxBody>,
    state: &AppState,
    nonce: &str,
    cookies: Vec<actix_web::cookie::Cookie<'static>>,
) -> ServiceResponse<BoxBody> {
    let headers = res.headers_mut();
    for c in cookies {
        if let Ok(v) = HeaderValue::from_str(&c.to_string()) {
            headers.append(header::SET_COOKIE, v);
        }
    }
    security_headers(headers, nonce, state.cookies.secure, "", "");
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    res
}
