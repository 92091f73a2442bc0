//! Budget downloads (Pabulib `.pb` and CSV of a finished budget) and the staff's
//! Pabulib import (a plain multipart form, so it works without JavaScript).

use crate::errors::{command, failure_page};
use crate::forms::{back, code_of, field, read};
use crate::routes::context;
use actix_multipart::Multipart;
use actix_web::http::header;
use actix_web::{web, HttpRequest, HttpResponse};
use serde::Deserialize;
use yoriai_domain::{BudgetId, ErrorCode, HeadingId, ProcessId, ProjectId};
use yoriai_services::ServiceError;

#[derive(Debug, Deserialize)]
pub struct HeadingQuery {
    pub heading: Option<HeadingId>,
}

fn attachment(content_type: &str, name: &str, body: String) -> HttpResponse {
    HttpResponse::Ok()
        .content_type(content_type)
        .insert_header((header::CONTENT_DISPOSITION, format!("attachment; filename=\"{name}\"")))
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .body(body)
}

/// `GET /budgets/{id}/ballots.pb?heading=H`: the heading's projects and anonymous ballots.
pub async fn pb(req: HttpRequest, path: web::Path<BudgetId>, q: web::Query<HeadingQuery>) -> HttpResponse {
    let id = path.into_inner();
    let Some(ctx) = context(&req) else { return HttpResponse::InternalServerError().finish() };
    let (actor, heading) = (ctx.actor(), q.heading);
    match command(&ctx, "a Pabulib download", move |svc| yoriai_services::budgets::export_pb(svc, &actor, id, heading))
        .await
    {
        Ok((name, body)) => attachment("text/plain; charset=utf-8", &name, body),
        Err(e) => failure_page(&ctx, &e),
    }
}

/// `GET /budgets/{id}/{kind}.csv` with kind `projects` or `ballots`.
pub async fn csv(req: HttpRequest, path: web::Path<(BudgetId, String)>) -> HttpResponse {
    let (id, kind) = path.into_inner();
    let Some(ctx) = context(&req) else { return HttpResponse::InternalServerError().finish() };
    let actor = ctx.actor();
    match command(&ctx, "a budget CSV download", move |svc| {
        yoriai_services::budgets::export_csv(svc, &actor, id, &kind)
    })
    .await
    {
        // A byte-order mark so spreadsheet programs read the Japanese correctly.
        Ok((name, body)) => attachment("text/csv; charset=utf-8", &name, format!("\u{FEFF}{body}")),
        Err(e) => failure_page(&ctx, &e),
    }
}

/// Reads the `file` field and its name, refusing more than `limit` bytes as it streams.
async fn read_file(payload: Multipart, limit: usize) -> Result<(String, Vec<u8>), ErrorCode> {
    let (bytes, fields) = read(payload, "file", limit, ErrorCode::FileTooLarge).await?;
    let name: String = field(&fields, "file.filename")
        .chars()
        .filter(|c| !c.is_control() && !matches!(c, '/' | '\\'))
        .take(120)
        .collect();
    Ok((name, bytes))
}

/// The field errors of a refused file, as `code:line` pairs for the page to list.
fn problems_query(e: &ServiceError) -> String {
    let ServiceError::Rejected(r) = e else { return String::new() };
    let items: Vec<String> = r
        .fields
        .iter()
        .filter_map(|f| {
            let code = f.field.strip_prefix("pb:")?;
            let n = f.args.iter().find(|(k, _)| k == "line" || k == "count").map(|(_, v)| *v).unwrap_or(0);
            Some(format!("{code}:{n}"))
        })
        .collect();
    if items.is_empty() {
        String::new()
    } else {
        format!("&problems={}", items.join(","))
    }
}

/// `POST /admin/processes/{id}/budgets/import` (multipart): imports a `.pb` file.
pub async fn import(req: HttpRequest, path: web::Path<ProcessId>, payload: Multipart) -> HttpResponse {
    let process_id = path.into_inner();
    let Some(ctx) = context(&req) else { return HttpResponse::InternalServerError().finish() };
    let limit = ctx.services.settings.max_import_bytes;
    let here = format!("/admin/processes/{process_id}");
    let (name, bytes) = match read_file(payload, limit).await {
        Ok(f) => f,
        Err(code) => return back(format!("{here}?import_error={}#import", code.as_str())),
    };
    let actor = ctx.actor();
    let imported = command(&ctx, "a Pabulib import", move |svc| {
        yoriai_services::budgets::import_pb(svc, &actor, process_id, &name, &bytes)
    })
    .await;
    match imported {
        Ok(imported) => back(format!("/admin/budgets/{}?notice=budget-imported", imported.budget_id)),
        Err(e) => {
            let code = match &e {
                ServiceError::Rejected(r) if r.code == ErrorCode::InvalidInput => {
                    r.fields.first().map(|f| f.code).unwrap_or(r.code)
                }
                other => other.code(),
            };
            back(format!("{here}?import_error={}{}#import", code.as_str(), problems_query(&e)))
        }
    }
}

/// `POST /admin/projects/{id}/images` (multipart): adds a picture to a budget project.
pub async fn add_project_image(req: HttpRequest, path: web::Path<ProjectId>, payload: Multipart) -> HttpResponse {
    let id = path.into_inner();
    let Some(ctx) = context(&req) else { return HttpResponse::InternalServerError().finish() };
    let here = format!("/admin/projects/{id}");
    let (bytes, fields) =
        match read(payload, "image", yoriai_services::images::MAX_UPLOAD_BYTES, ErrorCode::ImageTooLarge).await {
            Ok(f) => f,
            Err(code) => return back(format!("{here}?error={}#images", code.as_str())),
        };
    let alt: String = field(&fields, "alt").chars().take(400).collect();
    let actor = ctx.actor();
    let added = command(&ctx, "a project picture upload", move |svc| {
        yoriai_services::budgets::add_project_image(svc, &actor, id, &bytes, &alt)
    })
    .await;
    match added {
        Ok(_) => back(format!("{here}?notice=image-added#images")),
        Err(e) => back(format!("{here}?error={}#images", code_of(&e).as_str())),
    }
}
