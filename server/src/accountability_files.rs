//! Decision documents (PDF upload and download), progress updates with a photo (plain
//! multipart forms, so they work without JavaScript) and the dashboard's CSV files.

use crate::errors::{command, failure_page};
use crate::forms::{back, code_of, field, read};
use crate::routes::context;
use actix_multipart::Multipart;
use actix_web::http::header;
use actix_web::{web, HttpRequest, HttpResponse};
use serde::Deserialize;
use yoriai_domain::{DecisionId, DocumentId, ErrorCode, ResultId};
use yoriai_services::accountability::{self, MAX_DOCUMENT_BYTES};
use yoriai_services::ServiceError;

/// `POST /admin/decisions/{id}/documents` (multipart `document`): attaches a PDF.
pub async fn add_document(req: HttpRequest, path: web::Path<DecisionId>, payload: Multipart) -> HttpResponse {
    let id = path.into_inner();
    let Some(ctx) = context(&req) else { return HttpResponse::InternalServerError().finish() };
    let page = format!("/decisions/{id}");
    let (bytes, fields) = match read(payload, "document", MAX_DOCUMENT_BYTES, ErrorCode::FileTooLarge).await {
        Ok(r) => r,
        Err(code) => return back(format!("{page}?error={}#documents", code.as_str())),
    };
    if bytes.is_empty() {
        return back(format!("{page}?error=required#documents"));
    }
    let name = field(&fields, "document.filename").to_owned();
    let actor = ctx.actor();
    match command(&ctx, "a document upload", move |svc| accountability::add_document(svc, &actor, id, &name, &bytes))
        .await
    {
        Ok(_) => back(format!("{page}?notice=document-added#documents")),
        Err(e) => back(format!("{page}?error={}#documents", code_of(&e).as_str())),
    }
}

/// `GET /decisions/{id}/documents/{doc}`: the PDF, as a download.
pub async fn document(req: HttpRequest, path: web::Path<(DecisionId, DocumentId)>) -> HttpResponse {
    let (id, doc) = path.into_inner();
    let Some(ctx) = context(&req) else { return HttpResponse::InternalServerError().finish() };
    match command(&ctx, "a document download", move |svc| accountability::document(svc, id, doc)).await {
        Ok((name, bytes)) => {
            let ascii: String =
                name.chars().map(|c| if c.is_ascii_alphanumeric() || c == '.' { c } else { '_' }).collect();
            let encoded: String =
                name.bytes()
                    .map(|b| {
                        if b.is_ascii_alphanumeric() || b == b'.' {
                            (b as char).to_string()
                        } else {
                            format!("%{b:02X}")
                        }
                    })
                    .collect();
            HttpResponse::Ok()
                .content_type("application/pdf")
                .insert_header((
                    header::CONTENT_DISPOSITION,
                    format!("inline; filename=\"{ascii}\"; filename*=UTF-8''{encoded}"),
                ))
                .insert_header((header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
                .insert_header((header::CACHE_CONTROL, "public, max-age=3600"))
                .body(bytes)
        }
        Err(e) => failure_page(&ctx, &e),
    }
}

/// `POST /admin/results/{id}/updates` (multipart: `body`, `progress`, `status`,
/// optional `photo` and `alt`): a progress update on the timeline.
pub async fn add_update(req: HttpRequest, path: web::Path<ResultId>, payload: Multipart) -> HttpResponse {
    let id = path.into_inner();
    let Some(ctx) = context(&req) else { return HttpResponse::InternalServerError().finish() };
    let page = format!("/results/{id}");
    let (photo, fields) =
        match read(payload, "photo", yoriai_services::images::MAX_UPLOAD_BYTES, ErrorCode::ImageTooLarge).await {
            Ok(r) => r,
            Err(code) => return back(format!("{page}?error={}#update", code.as_str())),
        };
    let actor = ctx.actor();
    let outcome = command(&ctx, "a progress update", move |svc| {
        let photo = (!photo.is_empty()).then_some((photo.as_slice(), field(&fields, "alt")));
        accountability::add_progress_update(
            svc,
            &actor,
            id,
            field(&fields, "body"),
            field(&fields, "progress"),
            field(&fields, "status"),
            photo,
        )
    })
    .await;
    match outcome {
        Ok(_) => back(format!("{page}?notice=update-added#timeline")),
        Err(e) => back(format!("{page}?error={}#update", code_of(&e).as_str())),
    }
}

#[derive(Deserialize)]
pub struct CsvQuery {
    process: Option<String>,
}

/// `GET /dashboard/{chart}.csv[?process=slug]`: one chart's data.
pub async fn chart_csv(req: HttpRequest, path: web::Path<String>, query: web::Query<CsvQuery>) -> HttpResponse {
    let chart = path.into_inner();
    let Some(ctx) = context(&req) else { return HttpResponse::InternalServerError().finish() };
    let actor = ctx.actor();
    let slug = query.into_inner().process.filter(|s| !s.is_empty());
    let name = chart.clone();
    let csv = command(&ctx, "a chart download", move |svc| {
        yoriai_services::dashboard::chart_csv(svc, &actor, slug.as_deref(), &chart)
    })
    .await;
    match csv {
        Ok(csv) => HttpResponse::Ok()
            .content_type("text/csv; charset=utf-8")
            .insert_header((header::CONTENT_DISPOSITION, format!("attachment; filename=\"yoriai-{name}.csv\"")))
            // A byte-order mark so spreadsheet programs read the Japanese text as UTF-8.
            .body(format!("\u{feff}{csv}")),
        Err(e) => failure_page(&ctx, &e),
    }
}

/// `GET /open-data/yoriai-open-data.zip`: the latest archive.
pub async fn open_data_archive(req: HttpRequest) -> HttpResponse {
    let Some(ctx) = context(&req) else { return HttpResponse::InternalServerError().finish() };
    let path = ctx.services.settings.open_data_dir.join(yoriai_services::opendata::ARCHIVE);
    match actix_files::NamedFile::open_async(&path).await {
        Ok(file) => file
            .set_content_type("application/zip".parse().expect("a valid mime type"))
            .set_content_disposition(header::ContentDisposition {
                disposition: header::DispositionType::Attachment,
                parameters: vec![header::DispositionParam::Filename(yoriai_services::opendata::ARCHIVE.into())],
            })
            .into_response(&req),
        Err(_) => HttpResponse::NotFound().finish(),
    }
}

/// `POST /admin/open-data/export`: staff start an export now.
pub async fn export_now(req: HttpRequest) -> HttpResponse {
    let Some(ctx) = context(&req) else { return HttpResponse::InternalServerError().finish() };
    let actor = ctx.actor();
    match command(&ctx, "an open-data export", move |svc| yoriai_services::opendata::request_export(svc, &actor)).await
    {
        Ok(()) => back("/open-data?notice=export-started".into()),
        Err(e) => back(format!("/open-data?error={}", code_of(&e).as_str())),
    }
}

#[derive(Deserialize)]
pub struct PageQuery {
    after: Option<i64>,
    limit: Option<i64>,
}

/// `GET /api/v1/open-data/{dataset}?after=&limit=`: the archive's rows as JSON pages.
pub async fn open_data_api(req: HttpRequest, path: web::Path<String>, query: web::Query<PageQuery>) -> HttpResponse {
    let name = path.into_inner();
    let Some(ctx) = context(&req) else { return HttpResponse::InternalServerError().finish() };
    let Some(dataset) = yoriai_services::opendata::dataset(&name) else {
        return crate::errors::api_error(ErrorCode::NotFound, ctx.locale, "");
    };
    let q = query.into_inner();
    let limit = q.limit.unwrap_or(100).clamp(1, 1000);
    let after = q.after.unwrap_or(0).max(0);
    let rows = command(&ctx, "an open-data page", move |svc| -> Result<_, ServiceError> {
        let mut conn = svc.conn()?;
        Ok(dataset.rows(&mut conn, after, limit)?)
    })
    .await;
    match rows {
        Ok((rows, next)) => HttpResponse::Ok().json(serde_json::json!({
            "dataset": dataset.name,
            "data": rows.iter().map(|r| yoriai_services::opendata::json_row(dataset, r)).collect::<Vec<_>>(),
            "next": next.map(|n| format!("/api/v1/open-data/{}?after={n}&limit={limit}", dataset.name)),
        })),
        Err(e) => crate::errors::api_error(e.code(), ctx.locale, &ctx.request_id),
    }
}
