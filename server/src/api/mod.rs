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
        .service(endpoint("/openapi.json", "GET").route(web::get().to(openapi::document)))
        .service(endpoint("/users", "POST").route(web::post().to(accounts::sign_up)))
        .service(
            endpoint("/session", "POST, DELETE")
                .route(web::post().to(accounts::sign_in))
                .route(web::delete().to(accounts::sign_out)),
        )
        .service(endpoint("/me", "GET").route(web::get().to(accounts::me)))
        .service(endpoint("/password-reset", "POST").route(web::post().to(accounts::request_password_reset)))
        .service(
            endpoint("/open-data/{dataset}", "GET").route(web::get().to(crate::accountability_files::open_data_api)),
        )
        .service(endpoint("/processes", "GET").route(web::get().to(proposals::list_processes)))
        .service(endpoint("/processes/{id}", "GET").route(web::get().to(proposals::get_process)))
        .service(
            endpoint("/processes/{id}/proposals", "GET, POST")
                .route(web::get().to(proposals::list_proposals))
                .route(web::post().to(proposals::create_proposal)),
        )
        .service(
            endpoint("/proposals/{id}", "GET, PATCH")
                .route(web::get().to(proposals::get_proposal))
                .route(web::patch().to(proposals::update_proposal)),
        )
        .service(endpoint("/proposals/{id}/publish", "POST").route(web::post().to(proposals::publish)))
        .service(endpoint("/proposals/{id}/withdraw", "POST").route(web::post().to(proposals::withdraw)))
        .service(
            endpoint("/proposals/{id}/support", "PUT, DELETE")
                .route(web::put().to(proposals::support))
                .route(web::delete().to(proposals::unsupport)),
        )
        .service(
            endpoint("/proposals/{id}/follow", "PUT, DELETE")
                .route(web::put().to(proposals::follow))
                .route(web::delete().to(proposals::unfollow)),
        )
        .service(
            endpoint("/proposals/{id}/comments", "GET, POST")
                .route(web::get().to(proposals::list_comments))
                .route(web::post().to(proposals::add_comment)),
        )
        .service(endpoint("/proposals/{id}/answer", "POST").route(web::post().to(proposals::answer)))
        .service(endpoint("/proposals/{id}/report", "POST").route(web::post().to(proposals::report)))
        .default_service(web::to(not_found));
}

/// One path of the API. A method it does not take is answered 405 with `Allow`
/// (the methods the OpenAPI document lists for it; a test keeps the two equal).
fn endpoint(path: &'static str, allow: &'static str) -> actix_web::Resource {
    web::resource(path).default_service(web::to(move |req: HttpRequest| async move {
        let locale = context(&req).map(|c| c.locale).unwrap_or_default();
        let mut response = crate::errors::api_error(ErrorCode::MethodNotAllowed, locale, "");
        response
            .headers_mut()
            .insert(actix_web::http::header::ALLOW, actix_web::http::header::HeaderValue::from_static(allow));
        response
    }))
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
    context(req).ok_or_else(|| {
        tracing::error!("request context missing: the middleware did not run");
        ApiError {
            locale: Default::default(),
            request_id: String::new(),
            error: ServiceError::internal("request context missing"),
        }
    })
}

/// Runs a command through the one runner; errors become JSON in the caller's language.
pub(crate) async fn run<T, F>(ctx: &RequestContext, f: F) -> Result<T, ApiError>
where
    T: Send + 'static,
    F: FnOnce(&Services) -> ServiceResult<T> + Send + 'static,
{
    yoriai_frontend::ssr::command(ctx, "API request", f).await.map_err(|error| ApiError {
        locale: ctx.locale,
        request_id: ctx.request_id.clone(),
        error,
    })
}
