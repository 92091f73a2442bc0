//! Open-data downloads, streamed: rows are produced on the blocking pool and sent as
//! they come, so memory stays flat however many proposals a process has.

use crate::errors::{command, failure_page};
use crate::routes::context;
use actix_web::http::header;
use actix_web::web::Bytes;
use actix_web::{web, HttpRequest, HttpResponse};
use futures::StreamExt;
use yoriai_services::proposals::{csv_row, export_proposals, CSV_HEADER};

#[derive(Clone, Copy)]
pub enum Format {
    Csv,
    Json,
}

pub async fn proposals(req: HttpRequest, path: web::Path<String>, format: Format) -> HttpResponse {
    let slug = path.into_inner();
    let Some(ctx) = context(&req) else { return HttpResponse::InternalServerError().finish() };
    let (tx, rx) = tokio::sync::mpsc::channel::<Result<Bytes, std::io::Error>>(64);
    let services = ctx.services.clone();
    let actor = ctx.actor();
    let request_id = ctx.request_id.clone();
    let slug_for_name = slug.clone();
    // Check the process exists before sending a 200 with headers.
    let check = {
        let actor = actor.clone();
        let slug = slug.clone();
        command(&ctx, "a proposal export", move |svc| yoriai_services::processes::process_detail(svc, &actor, &slug))
            .await
    };
    if let Err(e) = check {
        return failure_page(&ctx, &e);
    }
    std::thread::spawn(move || {
        let send = |b: String| tx.blocking_send(Ok(Bytes::from(b))).is_ok();
        let mut first = true;
        let mut open = true;
        if matches!(format, Format::Csv) {
            // A byte-order mark so spreadsheet programs read the Japanese correctly.
            open = send(format!("\u{FEFF}{CSV_HEADER}\r\n"));
        } else {
            open = open && send("[".into());
        }
        let result = export_proposals(&services, &actor, &slug, |record| {
            if !open {
                return;
            }
            let chunk = match format {
                Format::Csv => csv_row(&record),
                Format::Json => {
                    let json = serde_json::to_string(&record).unwrap_or_default();
                    let sep = if first { "\n" } else { ",\n" };
                    first = false;
                    format!("{sep}{json}")
                }
            };
            open = send(chunk);
        });
        if let Err(e) = result {
            let chain = yoriai_services::error_chain(&e);
            tracing::error!(request_id = %request_id, error = %chain, "a proposal export failed midway");
            let _ = tx.blocking_send(Err(std::io::Error::other("export failed")));
            return;
        }
        if matches!(format, Format::Json) && open {
            send("\n]\n".into());
        }
    });
    let stream = tokio_stream_from(rx);
    let (content_type, ext) = match format {
        Format::Csv => ("text/csv; charset=utf-8", "csv"),
        Format::Json => ("application/json", "json"),
    };
    HttpResponse::Ok()
        .content_type(content_type)
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"{slug_for_name}-proposals.{ext}\""),
        ))
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .streaming(stream)
}

fn tokio_stream_from(
    mut rx: tokio::sync::mpsc::Receiver<Result<Bytes, std::io::Error>>,
) -> impl futures::Stream<Item = Result<Bytes, std::io::Error>> {
    futures::stream::poll_fn(move |cx| rx.poll_recv(cx)).boxed_local()
}
