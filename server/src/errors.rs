//! Error responses outside the Leptos pages: JSON for the API (a stable `code`, a
//! translated `message`, per-field errors) and a small HTML page for browsers.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, ResponseError};
use serde::Serialize;
use yoriai_domain::{ErrorCode, FieldError, Locale, Rejection};
use yoriai_i18n::{t, t_args, Arg};
use yoriai_services::ServiceError;

#[derive(Debug, Serialize)]
pub struct ApiFieldError {
    pub field: String,
    pub code: ErrorCode,
    pub message: String,
}

#[derive(Debug, Serialize)]
pub struct ApiErrorBody {
    pub code: ErrorCode,
    pub message: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<ApiFieldError>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub request_id: Option<String>,
}

fn args(args: &[(String, i64)]) -> Vec<(&str, Arg)> {
    args.iter().map(|(k, v)| (k.as_str(), Arg::Num(*v))).collect()
}

fn field(locale: Locale, f: &FieldError) -> ApiFieldError {
    ApiFieldError {
        field: f.field.clone(),
        code: f.code,
        message: t_args(locale, &f.code.message_key(), &args(&f.args)),
    }
}

/// Whether a request expects JSON errors (the REST API, or a client asking for JSON).
pub fn wants_json(req: &HttpRequest) -> bool {
    req.path().starts_with("/api/v1")
        || req
            .headers()
            .get("accept")
            .and_then(|v| v.to_str().ok())
            .is_some_and(|a| a.contains("application/json") && !a.contains("text/html"))
}

pub fn rejection_body(locale: Locale, r: &Rejection) -> ApiErrorBody {
    ApiErrorBody {
        code: r.code,
        message: t_args(locale, &r.code.message_key(), &args(&r.args)),
        fields: r.fields.iter().map(|f| field(locale, f)).collect(),
        request_id: None,
    }
}

pub fn api_error(code: ErrorCode, locale: Locale, request_id: &str) -> HttpResponse {
    let status = StatusCode::from_u16(code.http_status()).unwrap_or(StatusCode::BAD_REQUEST);
    HttpResponse::build(status).json(ApiErrorBody {
        code,
        message: t(locale, &code.message_key()),
        fields: Vec::new(),
        request_id: code.is_internal().then(|| request_id.to_owned()),
    })
}

pub(crate) fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// A minimal, translated, accessible error page (used where the Leptos app is not).
pub fn html_error_page(
    status: StatusCode,
    locale: Locale,
    title_key: &str,
    body_key: &str,
    request_id: Option<&str>,
) -> HttpResponse {
    let reference = request_id
        .map(|id| format!("<p>{}</p>", escape(&t_args(locale, "page-error-reference", &[("id", Arg::from(id))]))))
        .unwrap_or_default();
    let html = format!(
        "<!DOCTYPE html><html lang=\"{lang}\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{title} – {site}</title><link rel=\"stylesheet\" href=\"/assets/main.css\"></head><body>\
         <header class=\"site-header\"><div class=\"wrap header-row\"><a class=\"brand\" href=\"/\">{site}</a></div></header>\
         <main id=\"main\" class=\"wrap\"><h1>{title}</h1><p>{body}</p>{reference}<p><a href=\"/\">{home}</a></p></main></body></html>",
        lang = locale.as_str(),
        title = escape(&t(locale, title_key)),
        site = escape(&t(locale, "site-name")),
        body = escape(&t(locale, body_key)),
        home = escape(&t(locale, "page-back-home")),
    );
    HttpResponse::build(status).content_type("text/html; charset=utf-8").body(html)
}

/// When a throttled client may try again: a lock names its remaining minutes.
pub fn retry_after_seconds(r: &Rejection) -> Option<i64> {
    (r.code == yoriai_domain::ErrorCode::TooManyAttempts)
        .then(|| r.args.iter().find(|(k, _)| k == "minutes").map(|(_, m)| m * 60))
        .flatten()
}

/// Plain handlers (uploads, downloads, feeds) run their commands through the one runner.
pub use yoriai_frontend::ssr::command;

/// The page for a plain handler's failure (a download that cannot be given): "not
/// found", "not allowed" or "busy" in the visitor's language; for our own faults, with
/// the reference to quote.
pub fn failure_page(ctx: &yoriai_frontend::ssr::RequestContext, e: &ServiceError) -> HttpResponse {
    let code = e.code();
    let status = StatusCode::from_u16(code.http_status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    match code {
        ErrorCode::NotFound => html_error_page(status, ctx.locale, "page-not-found-title", "page-not-found-body", None),
        _ if code.is_internal() => {
            html_error_page(status, ctx.locale, "page-error-title", "page-error-body", Some(&ctx.request_id))
        }
        _ => html_error_page(status, ctx.locale, "page-error-title", &code.message_key(), None),
    }
}

/// A failed REST call, answered as JSON in the caller's language.
#[derive(Debug)]
pub struct ApiError {
    pub locale: Locale,
    pub request_id: String,
    pub error: ServiceError,
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.error.code())
    }
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        StatusCode::from_u16(self.error.code().http_status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
    }

    fn error_response(&self) -> HttpResponse {
        match &self.error {
            ServiceError::Rejected(r) => {
                let mut res = HttpResponse::build(self.status_code());
                if let Some(seconds) = retry_after_seconds(r) {
                    res.insert_header((actix_web::http::header::RETRY_AFTER, seconds.to_string()));
                }
                res.json(rejection_body(self.locale, r))
            }
            // Logged with its cause chain where it happened (`ssr::on_pool`, or
            // where the error was made).
            other => api_error(other.code(), self.locale, &self.request_id),
        }
    }
}
