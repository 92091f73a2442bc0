//! Street-report routes outside the Leptos app: photo uploads and district imports
//! (plain multipart forms, so they work without JavaScript), the map's GeoJSON and the
//! Atom feeds.

use crate::errors::command;
use crate::forms::{back, code_of, read};
use crate::routes::context;
use actix_multipart::Multipart;
use actix_web::{web, HttpRequest, HttpResponse};
use serde::Deserialize;
use yoriai_domain::{DistrictId, ErrorCode, ReportCategoryId, ReportId};
use yoriai_services::ServiceError;

/// The "add photos" token of a reporter without an account, if the cookie is for this report.
fn edit_token(req: &HttpRequest, report_id: ReportId) -> Option<String> {
    let ctx = context(req)?;
    let cookie = req.cookie(&ctx.cookies.name(yoriai_frontend::ssr::REPORT_EDIT_COOKIE))?;
    let (id, token) = cookie.value().split_once(':')?;
    (id.parse::<ReportId>().ok()? == report_id).then(|| token.to_owned())
}

/// `POST /reports/{id}/photos` (multipart `image`, `alt`).
pub async fn add_photo(req: HttpRequest, path: web::Path<ReportId>, payload: Multipart) -> HttpResponse {
    let id = path.into_inner();
    let Some(ctx) = context(&req) else { return HttpResponse::InternalServerError().finish() };
    let here = format!("/reports/{id}");
    let (bytes, fields) =
        match read(payload, "image", yoriai_services::images::MAX_UPLOAD_BYTES, ErrorCode::ImageTooLarge).await {
            Ok(r) => r,
            Err(code) => return back(format!("{here}?error={}#photos", code.as_str())),
        };
    let alt: String =
        fields.iter().find(|(k, _)| k == "alt").map(|(_, v)| v.chars().take(400).collect()).unwrap_or_default();
    let token = edit_token(&req, id);
    let actor = ctx.actor();
    let result = command(&ctx, "a photo upload", move |svc| {
        yoriai_services::reports::add_report_photo(svc, &actor, id, &bytes, &alt, token.as_deref())
    })
    .await;
    match result {
        Ok(_) => back(format!("{here}?notice=photo-added#photos")),
        Err(e) => back(format!("{here}?error={}#photos", code_of(&e).as_str())),
    }
}

/// `POST /admin/reports/districts` (multipart `file`): imports district boundaries.
pub async fn import_districts(req: HttpRequest, payload: Multipart) -> HttpResponse {
    let Some(ctx) = context(&req) else { return HttpResponse::InternalServerError().finish() };
    let here = "/admin/reports";
    let (bytes, _) = match read(payload, "file", yoriai_domain::geo::DEFAULT_MAX_BYTES, ErrorCode::FileTooLarge).await {
        Ok(r) => r,
        Err(code) => return back(format!("{here}?error={}#districts", code.as_str())),
    };
    let actor = ctx.actor();
    match command(&ctx, "a district import", move |svc| yoriai_services::reports::import_districts(svc, &actor, &bytes))
        .await
    {
        Ok(n) => back(format!("{here}?notice=districts-imported&n={n}#districts")),
        Err(e) => back(format!("{here}?error={}#districts", code_of(&e).as_str())),
    }
}

#[derive(Debug, Deserialize)]
pub struct MapQuery {
    /// `min_lon,min_lat,max_lon,max_lat`
    pub bbox: String,
    pub category: Option<ReportCategoryId>,
    pub state: Option<String>,
}

/// `GET /reports/map.geojson?bbox=…`: public reports for the map.
pub async fn map(req: HttpRequest, q: web::Query<MapQuery>) -> HttpResponse {
    let Some(ctx) = context(&req) else { return HttpResponse::InternalServerError().finish() };
    let parts: Vec<f64> = q.bbox.split(',').filter_map(|p| p.trim().parse().ok()).collect();
    let [a, b, c, d] = parts[..] else {
        return HttpResponse::BadRequest().content_type("text/plain").body("bbox=min_lon,min_lat,max_lon,max_lat\n");
    };
    let (category, state) = (q.category, q.state.clone().unwrap_or_default());
    let json = command(&ctx, "the report map", move |svc| {
        yoriai_services::reports::map_geojson(svc, (a, b, c, d), category, &state)
    })
    .await;
    match json {
        Ok(json) => HttpResponse::Ok().content_type("application/geo+json").body(json),
        Err(ServiceError::Rejected(_)) => {
            HttpResponse::BadRequest().content_type("text/plain").body("bbox=min_lon,min_lat,max_lon,max_lat\n")
        }
        Err(e) => crate::errors::api_error(e.code(), ctx.locale, &ctx.request_id),
    }
}

#[derive(Debug, Deserialize)]
pub struct FeedParams {
    pub district: Option<DistrictId>,
    pub lat: Option<String>,
    pub lon: Option<String>,
    pub radius: Option<i32>,
    pub report: Option<ReportId>,
}

/// `GET /reports/feed.atom?district=…|lat=…&lon=…&radius=…|report=…`
pub async fn feed(req: HttpRequest, q: web::Query<FeedParams>) -> HttpResponse {
    let Some(ctx) = context(&req) else { return HttpResponse::InternalServerError().finish() };
    let query = yoriai_services::reports::FeedQuery {
        district: q.district,
        lat: q.lat.clone().unwrap_or_default(),
        lon: q.lon.clone().unwrap_or_default(),
        radius: q.radius,
        report: q.report,
    };
    let actor = ctx.actor();
    match command(&ctx, "a report feed", move |svc| yoriai_services::reports::atom_feed(svc, &actor, &query)).await {
        Ok(xml) => HttpResponse::Ok().content_type("application/atom+xml; charset=utf-8").body(xml),
        Err(ServiceError::Rejected(r)) if r.code == ErrorCode::NotFound => HttpResponse::NotFound().finish(),
        Err(ServiceError::Rejected(_)) => HttpResponse::BadRequest().content_type("text/plain").body("bad query\n"),
        Err(e) => crate::errors::failure_page(&ctx, &e),
    }
}
