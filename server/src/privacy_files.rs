//! Plain handlers of the privacy pages, for what a server function cannot carry well:
//! the attribute form (repeated checkbox fields), the census upload (multipart), the
//! letter codes (a CSV download for the printer) and the JSON consent receipt.

use crate::errors::command;
use crate::forms::{back, code_of, field, read};
use crate::routes::context;
use actix_multipart::Multipart;
use actix_web::http::header;
use actix_web::{web, HttpRequest, HttpResponse};
use yoriai_domain::{DistrictId, ErrorCode};
use yoriai_services::privacy::{self, AttributesInput};
use yoriai_services::ServiceError;

fn all(pairs: &[(String, String)], name: &str) -> Vec<String> {
    pairs.iter().filter(|(k, _)| k == name).map(|(_, v)| v.clone()).collect()
}

/// An error redirect: the code, the form it belongs to, and any line/count arguments.
fn error_to(page: &str, at: &str, e: &ServiceError) -> HttpResponse {
    let mut to = format!("{page}?error={}&at={at}", code_of(e).as_str());
    if let ServiceError::Rejected(r) = e {
        for (k, v) in &r.args {
            to.push_str(&format!("&{k}={v}"));
        }
    }
    back(format!("{to}#{at}"))
}

/// `POST /account/privacy/attributes`: district, age band, interests, needs.
pub async fn save_attributes(req: HttpRequest, form: web::Form<Vec<(String, String)>>) -> HttpResponse {
    let Some(ctx) = context(&req) else { return HttpResponse::InternalServerError().finish() };
    let pairs = form.into_inner();
    let district = field(&pairs, "district_id").trim();
    let district_id = if district.is_empty() {
        None
    } else {
        match district.parse::<DistrictId>() {
            Ok(d) => Some(d),
            Err(_) => return back("/account/privacy?error=invalid_input&at=attributes#attributes".into()),
        }
    };
    let input = AttributesInput {
        district_id,
        age_band: field(&pairs, "age_band").to_owned(),
        interests: all(&pairs, "interests"),
        accessibility: all(&pairs, "accessibility"),
    };
    let actor = ctx.actor();
    match command(&ctx, "saving attributes", move |svc| privacy::save_attributes(svc, &actor, input)).await {
        Ok(()) => back("/account/privacy?notice=attributes-saved#attributes".into()),
        Err(ServiceError::Rejected(r)) if r.code == ErrorCode::NotSignedIn => {
            back("/sign-in?next=/account/privacy".into())
        }
        Err(e) => error_to("/account/privacy", "attributes", &e),
    }
}

/// `GET /account/privacy/receipt.json`: the consent receipt as a download.
pub async fn receipt_json(req: HttpRequest) -> HttpResponse {
    let Some(ctx) = context(&req) else { return HttpResponse::InternalServerError().finish() };
    let actor = ctx.actor();
    match command(&ctx, "a consent receipt download", move |svc| privacy::consent_receipt(svc, &actor)).await {
        Ok(receipt) => HttpResponse::Ok()
            .content_type("application/json")
            .insert_header((header::CONTENT_DISPOSITION, "attachment; filename=\"yoriai-consent-receipt.json\""))
            .insert_header((header::CACHE_CONTROL, "no-store"))
            .body(serde_json::to_string_pretty(&receipt).unwrap_or_default()),
        Err(e) => crate::errors::api_error(code_of(&e), ctx.locale, &ctx.request_id),
    }
}

/// `GET /account/privacy/my-data.json`: everything about the account, as a download.
pub async fn my_data_json(req: HttpRequest) -> HttpResponse {
    let Some(ctx) = context(&req) else { return HttpResponse::InternalServerError().finish() };
    let actor = ctx.actor();
    match command(&ctx, "a personal data download", move |svc| privacy::my_data(svc, &actor)).await {
        Ok(data) => HttpResponse::Ok()
            .content_type("application/json")
            .insert_header((header::CONTENT_DISPOSITION, "attachment; filename=\"yoriai-my-data.json\""))
            .insert_header((header::CACHE_CONTROL, "no-store"))
            .body(serde_json::to_string_pretty(&data).unwrap_or_default()),
        Err(e) => crate::errors::api_error(code_of(&e), ctx.locale, &ctx.request_id),
    }
}

/// `POST /admin/verification/census` (multipart `census`): replaces the census.
pub async fn upload_census(req: HttpRequest, payload: Multipart) -> HttpResponse {
    let Some(ctx) = context(&req) else { return HttpResponse::InternalServerError().finish() };
    let page = "/admin/verification";
    // Who may upload is checked before the (large) body is read.
    if let Err(denied) = yoriai_domain::authorize(&ctx.actor(), &yoriai_domain::Action::ManageVerification) {
        let code = denied.code();
        return back(format!("{page}?error={}&at=census#census", code.as_str()));
    }
    let (bytes, _) = match read(payload, "census", privacy::MAX_CENSUS_BYTES, ErrorCode::FileTooLarge).await {
        Ok(r) => r,
        Err(code) => return back(format!("{page}?error={}&at=census#census", code.as_str())),
    };
    if bytes.is_empty() {
        return back(format!("{page}?error=required&at=census#census"));
    }
    let actor = ctx.actor();
    match command(&ctx, "a census import", move |svc| privacy::import_census(svc, &actor, &bytes)).await {
        Ok(n) => back(format!("{page}?notice=census-imported&n={n}#census")),
        Err(e) => error_to(page, "census", &e),
    }
}

/// `POST /admin/verification/letters` (`district_id`, `count`): new codes, as a CSV
/// file for the letter printer. They are shown this once; only hashes are kept.
pub async fn letter_codes(req: HttpRequest, form: web::Form<Vec<(String, String)>>) -> HttpResponse {
    let Some(ctx) = context(&req) else { return HttpResponse::InternalServerError().finish() };
    let pairs = form.into_inner();
    let page = "/admin/verification";
    let Ok(district_id) = field(&pairs, "district_id").trim().parse::<DistrictId>() else {
        return back(format!("{page}?error=required&at=letters#letters"));
    };
    let Ok(count) = field(&pairs, "count").trim().parse::<i64>() else {
        return back(format!("{page}?error=not_a_number&at=letters#letters"));
    };
    let actor = ctx.actor();
    let codes = command(&ctx, "making letter codes", move |svc| {
        privacy::generate_letter_codes(svc, &actor, district_id, count)
    })
    .await;
    match codes {
        Ok(codes) => {
            let mut csv = format!("\u{feff}{}", yoriai_services::csv::header(&["code"]));
            for c in codes {
                csv.push_str(&yoriai_services::csv::Row::new().text(&c).line());
            }
            HttpResponse::Ok()
                .content_type("text/csv; charset=utf-8")
                .insert_header((
                    header::CONTENT_DISPOSITION,
                    format!("attachment; filename=\"yoriai-letter-codes-{district_id}.csv\""),
                ))
                .insert_header((header::CACHE_CONTROL, "no-store"))
                .body(csv)
        }
        Err(e) => error_to(page, "letters", &e),
    }
}
