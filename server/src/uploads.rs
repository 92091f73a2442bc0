//! File uploads (plain multipart forms, so they work without JavaScript) and serving
//! the stored pictures.

use crate::errors::command;
use crate::routes::context;
use crate::state::AppState;
use actix_multipart::Multipart;
use actix_web::http::header;
use actix_web::{web, HttpRequest, HttpResponse};
use futures::StreamExt;
use yoriai_domain::ErrorCode;
use yoriai_services::images::{valid_name, MAX_UPLOAD_BYTES};
use yoriai_services::ServiceError;

/// What a multipart form carried: the file and the alt text.
struct Upload {
    bytes: Vec<u8>,
    alt: String,
}

/// Reads the `image` and `alt` fields, refusing more than the limit as it streams (a
/// 50 MB photo is cut off at 10 MB, not read whole).
async fn read_form(mut payload: Multipart) -> Result<Upload, ErrorCode> {
    let mut upload = Upload { bytes: Vec::new(), alt: String::new() };
    while let Some(field) = payload.next().await {
        let mut field = field.map_err(|_| ErrorCode::InvalidInput)?;
        let name = field.name().unwrap_or("").to_owned();
        let mut data = Vec::new();
        while let Some(chunk) = field.next().await {
            let chunk = chunk.map_err(|_| ErrorCode::InvalidInput)?;
            if data.len() + chunk.len() > MAX_UPLOAD_BYTES {
                return Err(ErrorCode::ImageTooLarge);
            }
            data.extend_from_slice(&chunk);
        }
        match name.as_str() {
            "image" => upload.bytes = data,
            "alt" => upload.alt = String::from_utf8_lossy(&data).chars().take(400).collect(),
            _ => {}
        }
    }
    Ok(upload)
}

fn back(to: String) -> HttpResponse {
    HttpResponse::SeeOther().insert_header((header::LOCATION, to)).finish()
}

fn error_code(e: &ServiceError) -> String {
    match e {
        ServiceError::Rejected(r) => r.fields.first().map(|f| f.code).unwrap_or(r.code).as_str().to_owned(),
        other => other.code().as_str().to_owned(),
    }
}

/// `POST /proposals/{id}/images` (multipart): adds a picture, back to the edit page.
pub async fn add_proposal_image(req: HttpRequest, path: web::Path<i64>, payload: Multipart) -> HttpResponse {
    let id = path.into_inner();
    let Some(ctx) = context(&req) else { return HttpResponse::InternalServerError().finish() };
    let upload = match read_form(payload).await {
        Ok(u) => u,
        Err(code) => return back(format!("/proposals/{id}/edit?error={}#images", code.as_str())),
    };
    let actor = ctx.actor();
    let added = command(&ctx, "a picture upload", move |svc| {
        yoriai_services::proposals::add_proposal_image(svc, &actor, id, &upload.bytes, &upload.alt)
    })
    .await;
    match added {
        Ok(_) => back(format!("/proposals/{id}/edit?notice=image-added#images")),
        Err(e) => back(format!("/proposals/{id}/edit?error={}#images", error_code(&e))),
    }
}

/// `POST /admin/processes/{id}/image` (multipart): sets the process picture.
pub async fn set_process_image(req: HttpRequest, path: web::Path<i64>, payload: Multipart) -> HttpResponse {
    let id = path.into_inner();
    let Some(ctx) = context(&req) else { return HttpResponse::InternalServerError().finish() };
    let upload = match read_form(payload).await {
        Ok(u) => u,
        Err(code) => return back(format!("/admin/processes/{id}?error={}", code.as_str())),
    };
    let actor = ctx.actor();
    let set = command(&ctx, "a process picture upload", move |svc| {
        yoriai_services::proposals::set_process_image(svc, &actor, id, &upload.bytes, &upload.alt)
    })
    .await;
    match set {
        Ok(()) => back(format!("/admin/processes/{id}?notice=image-added")),
        Err(e) => back(format!("/admin/processes/{id}?error={}", error_code(&e))),
    }
}

/// `GET /uploads/{name}`: a stored picture. Names are random and never reused, so the
/// file can be cached for good.
pub async fn serve(state: web::Data<AppState>, path: web::Path<String>) -> HttpResponse {
    let name = path.into_inner();
    if !valid_name(&name) {
        return HttpResponse::NotFound().finish();
    }
    let storage = state.services.storage.clone();
    match web::block(move || storage.get(&name)).await {
        Ok(Ok(Some(bytes))) => HttpResponse::Ok()
            .content_type("image/jpeg")
            .insert_header((header::CACHE_CONTROL, "public, max-age=31536000, immutable"))
            .insert_header((header::CONTENT_DISPOSITION, "inline"))
            .body(bytes),
        Ok(Ok(None)) => HttpResponse::NotFound().finish(),
        Ok(Err(e)) => {
            tracing::error!(error = %e, "reading a stored picture failed");
            HttpResponse::ServiceUnavailable().finish()
        }
        Err(e) => {
            tracing::error!(error = %e, "reading a stored picture could not run");
            HttpResponse::ServiceUnavailable().finish()
        }
    }
}
