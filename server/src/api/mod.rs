//! The JSON API, `/api/v1`. It accepts the browser's session cookie and
//! `Authorization: Bearer <personal access token>`. Handlers are thin: parse, build the
//! actor, call one command, map the result. Errors carry a stable `code` and a
//! translated `message`.

mod accounts;
pub mod openapi;
mod proposals;

use crate::errors::{rejection_body, ApiError};
use crate::routes::context;
use actix_web::{web, HttpRequest, HttpResponse};
use yoriai_domain::{ErrorCode, Rejection};
use yoriai_frontend::ssr::RequestContext;
use yoriai_services::{ServiceError, ServiceResult, Services};

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.app_data(web::JsonConfig::default().limit(64 * 1024).error_handler(json_error_handler))
        .app_data(web::PathConfig::default().error_handler(|err, req| {
            let locale = context(req).map(|c| c.locale).unwrap_or_default();
            let response = crate::errors::api_error(ErrorCode::NotFound, locale, "");
            actix_web::error::InternalError::from_response(err, response).into()
        }))
        .app_data(web::QueryConfig::default().error_handler(|err, req| {
            let locale = context(req).map(|c| c.locale).unwrap_or_default();
            let body = rejection_body(locale, &Rejection::new(ErrorCode::InvalidInput));
            actix_web::error::InternalError::from_response(err, HttpResponse::BadRequest().json(body)).into()
        }))
        .route("/openapi.json", web::get().to(openapi::document))
        .route("/users", web::post().to(accounts::sign_up))
        .route("/session", web::post().to(accounts::sign_in))
        .route("/session", web::delete().to(accounts::sign_out))
        .route("/me", web::get().to(accounts::me))
        .route("/password-reset", web::post().to(accounts::request_password_reset))
        .route("/open-data/{dataset}", web::get().to(crate::accountability_files::open_data_api))
        .route("/processes", web::get().to(proposals::list_processes))
        .route("/processes/{id}", web::get().to(proposals::get_process))
        .route("/processes/{id}/proposals", web::get().to(proposals::list_proposals))
        .route("/processes/{id}/proposals", web::post().to(proposals::create_proposal))
        .route("/proposals/{id}", web::get().to(proposals::get_proposal))
        .route("/proposals/{id}", web::patch().to(proposals::update_proposal))
        .route("/proposals/{id}/publish", web::post().to(proposals::publish))
        .route("/proposals/{id}/withdraw", web::post().to(proposals::withdraw))
        .route("/proposals/{id}/support", web::put().to(proposals::support))
        .route("/proposals/{id}/support", web::delete().to(proposals::unsupport))
        .route("/proposals/{id}/follow", web::put().to(proposals::follow))
        .route("/proposals/{id}/follow", web::delete().to(proposals::unfollow))
        .route("/proposals/{id}/comments", web::get().to(proposals::list_comments))
        .route("/proposals/{id}/comments", web::post().to(proposals::add_comment))
        .route("/proposals/{id}/answer", web::post().to(proposals::answer))
        .route("/proposals/{id}/report", web::post().to(proposals::report))
        .default_service(web::to(not_found));
}

async fn not_found(req: HttpRequest) -> HttpResponse {
    let locale = context(&req).map(|c| c.locale).unwrap_or_default();
    crate::errors::api_error(ErrorCode::NotFound, locale, "")
}

/// A body that is not the JSON we expect: 400 with `invalid_input`, or 413 with
/// `request_too_large` when it is over the limit; never a 500.
fn json_error_handler(err: actix_web::error::JsonPayloadError, req: &HttpRequest) -> actix_web::Error {
    use actix_web::error::{JsonPayloadError, PayloadError};
    let locale = context(req).map(|c| c.locale).unwrap_or_default();
    let too_large = matches!(
        err,
        JsonPayloadError::Overflow { .. }
            | JsonPayloadError::OverflowKnownLength { .. }
            | JsonPayloadError::Payload(PayloadError::Overflow)
    );
    let response = if too_large {
        HttpResponse::PayloadTooLarge().json(rejection_body(locale, &Rejection::new(ErrorCode::RequestTooLarge)))
    } else {
        HttpResponse::BadRequest().json(rejection_body(locale, &Rejection::new(ErrorCode::InvalidInput)))
    };
    actix_web::error::InternalError::from_response(err, response).into()
}

/// The request context, which the middleware always provides.
pub(crate) fn ctx(req: &HttpRequest) -> Result<RequestContext, ApiError> {
    context(req).ok_or_else(|| ApiError {
        locale: Default::default(),
        request_id: String::new(),
        error: ServiceError::internal("request context missing"),
    })
}

/// Runs a command on the blocking pool; errors become JSON in the caller's language.
pub(crate) async fn run<T, F>(ctx: &RequestContext, f: F) -> Result<T, ApiError>
where
    T: Send + 'static,
    F: FnOnce(&Services) -> ServiceResult<T> + Send + 'static,
{
    let services = ctx.services.clone();
    let result = web::block(move || f(&services)).await;
    let error = match result {
        Ok(Ok(v)) => return Ok(v),
        Ok(Err(e)) => e,
        Err(e) => ServiceError::Internal(Box::new(e)),
    };
    Err(ApiError { locale: ctx.locale, request_id: ctx.request_id.clone(), error })
}
