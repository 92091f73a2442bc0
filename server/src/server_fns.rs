//! The door in front of every server function (`/api/<name>`), where three things the
//! Leptos integration does its own way are put right for every function at once:
//!
//! * **Statuses.** A server function's error is answered `500` by the integration,
//!   even when it is the request's fault (an id that is not a number, a missing
//!   field, a wrong token). Here the error's code decides: 400/403/404/409/413/422/429
//!   as for every other answer, and `500` only for our own faults.
//! * **Size.** A body over [`BODY_LIMIT`] is refused with 413 before it is read.
//! * **Nothing personal in URLs.** Without JavaScript, a refused form comes back to its
//!   page through a redirect whose URL carries the error (`?__err=`). The error's
//!   codes stay there, but what the resident typed is kept on the server
//!   (`services::form_echo`) under a token in a short-lived HttpOnly cookie, and the
//!   page reads it back from there. A success notice of an earlier form (`notice=`) is
//!   dropped from that URL, so it does not stand beside the new error.

use crate::errors::{command, html_error_page, wants_json};
use actix_web::body::{BoxBody, MessageBody};
use actix_web::cookie::{Cookie, SameSite};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderValue};
use actix_web::http::StatusCode;
use actix_web::middleware::Next;
use actix_web::HttpMessage;
use base64::engine::general_purpose::URL_SAFE;
use base64::Engine as _;
use yoriai_domain::ErrorCode;
use yoriai_frontend::error::AppError;
use yoriai_frontend::ssr::{RequestContext, FORM_ECHO_COOKIE};

/// The largest body a server function accepts (forms are far smaller; files go to the
/// upload routes, which have their own limits).
pub const BODY_LIMIT: usize = 256 * 1024;

/// The header the integration puts on a server function's error answer.
const SERVER_FN_ERROR_HEADER: &str = "serverfnerror";

/// Every registered server function: (path, method). For the test that sends each of
/// them malformed input.
pub fn registered() -> Vec<(String, String)> {
    leptos::server_fn::actix::server_fn_paths().map(|(path, method)| (path.to_owned(), method.to_string())).collect()
}

pub async fn guard(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    let ctx = req.extensions().get::<RequestContext>().cloned();
    let locale = ctx.as_ref().map(|c| c.locale).unwrap_or_default();
    let declared = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok());
    if declared.is_some_and(|n| n > BODY_LIMIT as u64) {
        let response = if wants_json(req.request()) || !accepts_html(&req) {
            crate::errors::api_error(ErrorCode::RequestTooLarge, locale, "")
        } else {
            html_error_page(StatusCode::PAYLOAD_TOO_LARGE, locale, "page-too-large-title", "page-too-large-body", None)
        };
        return Ok(req.into_response(response));
    }
    let res = next.call(req).await?.map_into_boxed_body();
    if res.status() == StatusCode::INTERNAL_SERVER_ERROR && res.headers().contains_key(SERVER_FN_ERROR_HEADER) {
        return Ok(with_status_of_its_error(res).await);
    }
    if res.status().is_redirection() {
        if let Some(ctx) = ctx {
            return Ok(keep_typed_text_out_of_the_url(res, &ctx).await);
        }
    }
    Ok(res)
}

fn accepts_html(req: &ServiceRequest) -> bool {
    req.headers().get(header::ACCEPT).and_then(|v| v.to_str().ok()).is_some_and(|a| a.contains("text/html"))
}

/// Gives a server function's error answer the status of its error code.
async fn with_status_of_its_error(res: ServiceResponse<BoxBody>) -> ServiceResponse<BoxBody> {
    let (req, res) = res.into_parts();
    let (head, body) = res.into_parts();
    let bytes = actix_web::body::to_bytes_limited(body, 64 * 1024).await.ok().and_then(Result::ok).unwrap_or_default();
    let mut res = head.set_body(BoxBody::new(bytes.clone()));
    if let Ok(error) = serde_json::from_slice::<AppError>(&bytes) {
        *res.status_mut() = StatusCode::from_u16(error.code.http_status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    }
    ServiceResponse::new(req, res)
}

/// The query pairs of a URL's path and query, or of a whole URL.
fn split_location(location: &str) -> (String, Vec<(String, String)>) {
    // Keep only the path and query: the integration builds the URL from the `Referer`
    // header, and the browser may only be sent back within this site.
    let without_origin = match location.split_once("://") {
        Some((_, rest)) => rest.find('/').map(|i| &rest[i..]).unwrap_or("/"),
        None => location,
    };
    let without_fragment = without_origin.split('#').next().unwrap_or("/");
    let (path, query) = without_fragment.split_once('?').unwrap_or((without_fragment, ""));
    let pairs = serde_urlencoded::from_str::<Vec<(String, String)>>(query).unwrap_or_default();
    (path.to_owned(), pairs)
}

/// A refused no-JavaScript form: moves what was typed from the redirect's URL to the
/// server, and takes an old success notice out of it.
async fn keep_typed_text_out_of_the_url(
    mut res: ServiceResponse<BoxBody>,
    ctx: &RequestContext,
) -> ServiceResponse<BoxBody> {
    let Some(location) = res.headers().get(header::LOCATION).and_then(|v| v.to_str().ok()).map(str::to_owned) else {
        return res;
    };
    let (path, pairs) = split_location(&location);
    let Some(encoded) = pairs.iter().rev().find(|(k, _)| k == "__err").map(|(_, v)| v.clone()) else {
        return res;
    };
    let server_fn = pairs.iter().rev().find(|(k, _)| k == "__path").map(|(_, v)| v.clone()).unwrap_or_default();
    let mut error = URL_SAFE
        .decode(encoded.as_bytes())
        .ok()
        .and_then(|bytes| serde_json::from_slice::<AppError>(&bytes).ok())
        .unwrap_or_else(|| AppError::new(ErrorCode::InvalidInput));
    let values = std::mem::take(&mut error.values);
    if !values.is_empty() {
        // Without it (a failure is logged) the page shows the error without the typed
        // text; nothing else is lost.
        if let Ok(Some(token)) =
            command(ctx, "keeping a refused form's text", move |svc| yoriai_services::form_echo::keep(svc, &values))
                .await
        {
            let mut cookie = Cookie::build(ctx.cookies.name(FORM_ECHO_COOKIE), token)
                .path("/")
                .http_only(true)
                .same_site(SameSite::Lax)
                .secure(ctx.cookies.secure)
                .finish();
            cookie.set_max_age(actix_web::cookie::time::Duration::minutes(yoriai_services::form_echo::ECHO_MINUTES));
            if let Ok(v) = HeaderValue::from_str(&cookie.to_string()) {
                res.headers_mut().append(header::SET_COOKIE, v);
            }
        }
    }
    let mut kept: Vec<(String, String)> =
        pairs.into_iter().filter(|(k, _)| !matches!(k.as_str(), "__err" | "__path" | "notice" | "n")).collect();
    kept.push(("__path".into(), server_fn));
    kept.push(("__err".into(), URL_SAFE.encode(serde_json::to_vec(&error).unwrap_or_default())));
    let query = serde_urlencoded::to_string(&kept).unwrap_or_default();
    let path = yoriai_domain::redirect::local_path(&path).unwrap_or("/");
    if let Ok(v) = HeaderValue::from_str(&format!("{path}?{query}")) {
        res.headers_mut().insert(header::LOCATION, v);
    }
    // 303: the browser GETs the page (the integration answers 302).
    *res.response_mut().status_mut() = StatusCode::SEE_OTHER;
    res
}

#[cfg(test)]
mod tests {
    use super::split_location;

    #[test]
    fn locations_keep_only_path_and_query() {
        let (path, pairs) = split_location("http://127.0.0.1:8080/proposals/5?notice=saved&__err=abc#top");
        assert_eq!(path, "/proposals/5");
        assert_eq!(pairs, vec![("notice".into(), "saved".into()), ("__err".into(), "abc".into())]);
        assert_eq!(split_location("/sign-in").0, "/sign-in");
        assert_eq!(split_location("https://city.example").0, "/");
    }
}
