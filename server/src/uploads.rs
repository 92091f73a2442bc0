//! File uploads (plain multipart forms, so they work without JavaScript) and serving
//! the stored pictures.

use crate::errors::command;
use crate::forms::{back, code_of, field, read};
use crate::routes::context;
use actix_multipart::Multipart;
use actix_web::http::header;
use actix_web::HttpMessage as _;
use actix_web::{web, HttpRequest, HttpResponse};
use yoriai_domain::{ErrorCode, ProcessId, ProposalId};
use yoriai_services::images::{valid_name, MAX_UPLOAD_BYTES};

/// Reads the `image` and `alt` fields (the picture cut off at the limit, not read whole).
async fn read_picture(payload: Multipart) -> Result<(Vec<u8>, String), ErrorCode> {
    let (bytes, fields) = read(payload, "image", MAX_UPLOAD_BYTES, ErrorCode::ImageTooLarge).await?;
    Ok((bytes, field(&fields, "alt").chars().take(400).collect()))
}

/// `POST /proposals/{id}/images` (multipart): adds a picture, back to the edit page.
pub async fn add_proposal_image(req: HttpRequest, path: web::Path<ProposalId>, payload: Multipart) -> HttpResponse {
    let id = path.into_inner();
    let Some(ctx) = context(&req) else { return HttpResponse::InternalServerError().finish() };
    let (bytes, alt) = match read_picture(payload).await {
        Ok(u) => u,
        Err(code) => return back(format!("/proposals/{id}/edit?error={}#images", code.as_str())),
    };
    let actor = ctx.actor();
    let added = command(&ctx, "a picture upload", move |svc| {
        yoriai_services::proposals::add_proposal_image(svc, &actor, id, &bytes, &alt)
    })
    .await;
    match added {
        Ok(_) => back(format!("/proposals/{id}/edit?notice=image-added#images")),
        Err(e) => back(format!("/proposals/{id}/edit?error={}#images", code_of(&e).as_str())),
    }
}

/// `POST /admin/processes/{id}/image` (multipart): sets the process picture.
pub async fn set_process_image(req: HttpRequest, path: web::Path<ProcessId>, payload: Multipart) -> HttpResponse {
    let id = path.into_inner();
    let Some(ctx) = context(&req) else { return HttpResponse::InternalServerError().finish() };
    let (bytes, alt) = match read_picture(payload).await {
        Ok(u) => u,
        Err(code) => return back(format!("/admin/processes/{id}?error={}", code.as_str())),
    };
    let actor = ctx.actor();
    let set = command(&ctx, "a process picture upload", move |svc| {
        yoriai_services::proposals::set_process_image(svc, &actor, id, &bytes, &alt)
    })
    .await;
    match set {
        Ok(()) => back(format!("/admin/processes/{id}?notice=image-added")),
        Err(e) => back(format!("/admin/processes/{id}?error={}", code_of(&e).as_str())),
    }
}

/// `GET /uploads/{name}`: a stored picture. Names are random and never reused, so the
/// file can be cached for good.
pub async fn serve(req: actix_web::HttpRequest, path: web::Path<String>) -> HttpResponse {
    let name = path.into_inner();
    // The city's own storage: a name from another city is simply not there.
    let Some(tenant) = req.extensions().get::<crate::middleware::CurrentTenant>().cloned() else {
        return HttpResponse::NotFound().finish();
    };
    if !valid_name(&name) {
        return HttpResponse::NotFound().finish();
    }
    let storage = tenant.0.services.storage.clone();
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
