//! Open311 GeoReport v2 at `/open311/v2/`: discovery, services, service definitions,
//! requests (list, one, create), tokens. JSON or XML by the path's extension. Errors
//! use the spec's shape (`[{code, description}]` / `<errors>`) with the same HTTP
//! status: 400 for a bad request, 403 for a missing or wrong `api_key`, 404 for
//! something that does not exist. A bad request is never a 500.

use crate::routes::context;
use actix_web::http::header;
use actix_web::{web, HttpRequest, HttpResponse};
use serde::Serialize;
use yoriai_domain::{ErrorCode, Locale};
use yoriai_services::reports as r;
use yoriai_services::ServiceError;
use yoriai_views::open311 as o;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Format {
    Json,
    Xml,
}

/// `name.json` / `name.xml` → (name, format); anything else is not found.
fn split(path: &str) -> Option<(&str, Format)> {
    if let Some(n) = path.strip_suffix(".json") {
        Some((n, Format::Json))
    } else {
        path.strip_suffix(".xml").map(|n| (n, Format::Xml))
    }
}

fn error(format: Format, status: u16, description: &str) -> HttpResponse {
    let errors = [o::Open311Error::new(status, description)];
    let code = actix_web::http::StatusCode::from_u16(status).unwrap_or(actix_web::http::StatusCode::BAD_REQUEST);
    match format {
        Format::Json => HttpResponse::build(code).content_type(o::JSON_CONTENT_TYPE).json(errors),
        Format::Xml => HttpResponse::build(code).content_type(o::XML_CONTENT_TYPE).body(o::to_xml_errors(&errors)),
    }
}

fn failure(format: Format, e: &ServiceError) -> HttpResponse {
    match e {
        ServiceError::Rejected(rej) => {
            let status = match rej.code {
                ErrorCode::Forbidden => 403,
                ErrorCode::NotFound => 404,
                _ => 400,
            };
            let description = match status {
                403 => "api_key is missing or not valid".to_owned(),
                404 => "not found".to_owned(),
                _ => rej.fields.first().map(|f| f.field.clone()).unwrap_or_else(|| rej.code.as_str().to_owned()),
            };
            error(format, status, &description)
        }
        // Logged (with the cause chain) by `errors::command`.
        _ => error(format, 503, "the service is temporarily unavailable"),
    }
}

fn ok<T: Serialize>(format: Format, status: u16, value: &T, xml: impl FnOnce(&T) -> String) -> HttpResponse {
    let code = actix_web::http::StatusCode::from_u16(status).unwrap_or(actix_web::http::StatusCode::OK);
    match format {
        Format::Json => HttpResponse::build(code).content_type(o::JSON_CONTENT_TYPE).json(value),
        Format::Xml => HttpResponse::build(code).content_type(o::XML_CONTENT_TYPE).body(xml(value)),
    }
}

fn locale_of(req: &HttpRequest) -> Locale {
    context(req).map(|c| c.locale).unwrap_or_default()
}

/// Runs a command on the blocking pool and answers in the requested format.
async fn answer<T, F, X>(req: &HttpRequest, format: Format, status: u16, f: F, xml: X) -> HttpResponse
where
    T: Serialize + Send + 'static,
    F: FnOnce(&yoriai_services::Services) -> yoriai_services::ServiceResult<T> + Send + 'static,
    X: FnOnce(&T) -> String,
{
    let Some(ctx) = context(req) else { return error(format, 503, "unavailable") };
    match crate::errors::command(&ctx, "an Open311 request", f).await {
        Ok(value) => ok(format, status, &value, xml),
        Err(e) => failure(format, &e),
    }
}

/// `GET /open311/v2/discovery.{json,xml}`
pub async fn discovery(req: HttpRequest, path: web::Path<String>) -> HttpResponse {
    let Some((name, format)) = split(&path) else { return error(Format::Json, 404, "not found") };
    if name != "discovery" {
        return error(format, 404, "not found");
    }
    let Some(ctx) = context(&req) else { return error(format, 503, "unavailable") };
    let base = format!("{}/open311/v2", ctx.services.settings.public_url.trim_end_matches('/'));
    let doc = o::Discovery {
        changeset: "2026-11-21T00:00:00+09:00".into(),
        contact: format!("{}/", ctx.services.settings.public_url.trim_end_matches('/')),
        key_service: format!("{}/admin/reports", ctx.services.settings.public_url.trim_end_matches('/')),
        endpoints: vec![o::Endpoint {
            specification: o::GEOREPORT_V2_SPEC.into(),
            url: base,
            changeset: "2026-11-21T00:00:00+09:00".into(),
            r#type: "production".into(),
            formats: vec!["text/xml".into(), "application/json".into()],
        }],
    };
    ok(format, 200, &doc, o::to_xml_discovery)
}

/// `GET /open311/v2/services.{json,xml}` and `GET /open311/v2/requests.{json,xml}`.
pub async fn list(req: HttpRequest, path: web::Path<String>, query: web::Query<Vec<(String, String)>>) -> HttpResponse {
    let Some((name, format)) = split(&path) else { return error(Format::Json, 404, "not found") };
    let locale = locale_of(&req);
    match name {
        "services" => {
            answer(
                &req,
                format,
                200,
                move |svc| r::open311_services(svc, locale),
                |v: &Vec<o::Service>| o::to_xml_services(v),
            )
            .await
        }
        "requests" => {
            let get = |k: &str| {
                query.iter().filter(|(key, _)| key == k).map(|(_, v)| v.as_str()).collect::<Vec<_>>().join(",")
            };
            let q = r::Open311Query {
                service_request_id: get("service_request_id"),
                service_code: get("service_code"),
                start_date: get("start_date"),
                end_date: get("end_date"),
                status: get("status"),
            };
            answer(
                &req,
                format,
                200,
                move |svc| r::open311_requests(svc, &q, locale),
                |v: &Vec<o::ServiceRequest>| o::to_xml_service_requests(v),
            )
            .await
        }
        "discovery" => discovery(req, path).await,
        _ => error(format, 404, "not found"),
    }
}

/// `GET /open311/v2/services/{code}.{json,xml}`
pub async fn service(req: HttpRequest, path: web::Path<String>) -> HttpResponse {
    let Some((code, format)) = split(&path) else { return error(Format::Json, 404, "not found") };
    let (code, locale) = (code.to_owned(), locale_of(&req));
    answer(&req, format, 200, move |svc| r::open311_definition(svc, &code, locale), o::to_xml_service_definition).await
}

/// `GET /open311/v2/requests/{id}.{json,xml}`
pub async fn request(req: HttpRequest, path: web::Path<String>) -> HttpResponse {
    let Some((id, format)) = split(&path) else { return error(Format::Json, 404, "not found") };
    let (id, locale) = (id.to_owned(), locale_of(&req));
    answer(
        &req,
        format,
        200,
        move |svc| r::open311_request(svc, &id, locale),
        |v: &Vec<o::ServiceRequest>| o::to_xml_service_requests(v),
    )
    .await
}

/// `GET /open311/v2/tokens/{token}.{json,xml}`
pub async fn token(req: HttpRequest, path: web::Path<String>) -> HttpResponse {
    let Some((token, format)) = split(&path) else { return error(Format::Json, 404, "not found") };
    let token = token.to_owned();
    answer(&req, format, 200, move |svc| r::open311_token(svc, &token), |v: &Vec<o::TokenStatus>| o::to_xml_tokens(v))
        .await
}

/// `POST /open311/v2/requests.{json,xml}` (form-encoded, as the spec says). Any other
/// body — JSON, XML (with or without entities) — is a 400, read no further.
pub async fn create(req: HttpRequest, path: web::Path<String>, body: web::Bytes) -> HttpResponse {
    let Some((name, format)) = split(&path) else { return error(Format::Json, 404, "not found") };
    if name != "requests" {
        return error(format, 404, "not found");
    }
    let form = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"));
    if !form {
        return error(format, 400, "send the request as application/x-www-form-urlencoded");
    }
    let Ok(pairs) = serde_urlencoded::from_bytes::<Vec<(String, String)>>(&body) else {
        return error(format, 400, "the form is not valid");
    };
    let get = |k: &str| pairs.iter().find(|(key, _)| key == k).map(|(_, v)| v.clone()).unwrap_or_default();
    let attributes = pairs
        .iter()
        .filter_map(|(k, v)| Some((k.strip_prefix("attribute[")?.strip_suffix(']')?.to_owned(), v.clone())))
        .collect();
    let post = r::Open311Post {
        api_key: get("api_key"),
        service_code: get("service_code"),
        lat: get("lat"),
        long: get("long"),
        address_string: get("address_string"),
        description: get("description"),
        attributes,
        email: get("email"),
        first_name: get("first_name"),
        last_name: get("last_name"),
        phone: get("phone"),
    };
    answer(
        &req,
        format,
        201,
        move |svc| r::open311_create(svc, post),
        |v: &Vec<o::RequestCreated>| o::to_xml_requests_created(v),
    )
    .await
}

/// Routes under `/open311/v2`.
pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.app_data(web::PayloadConfig::new(64 * 1024))
        .app_data(web::QueryConfig::default().error_handler(|err, _req| {
            actix_web::error::InternalError::from_response(err, error(Format::Json, 400, "the query is not valid"))
                .into()
        }))
        .route("/services/{code}", web::get().to(service))
        .route("/requests/{id}", web::get().to(request))
        .route("/tokens/{token}", web::get().to(token))
        .route("/{name}", web::get().to(list))
        .route("/{name}", web::post().to(create))
        .default_service(web::to(|| async { error(Format::Json, 404, "not found") }));
}
