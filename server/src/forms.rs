//! What every plain (multipart) form handler shares: reading the form as it streams,
//! the error code a refused command shows, and the redirect back to the page.

use actix_multipart::Multipart;
use actix_web::http::header;
use actix_web::HttpResponse;
use futures::StreamExt;
use yoriai_domain::ErrorCode;
use yoriai_services::ServiceError;

pub(crate) fn back(to: String) -> HttpResponse {
    HttpResponse::SeeOther().insert_header((header::LOCATION, to)).finish()
}

pub(crate) fn code_of(e: &ServiceError) -> ErrorCode {
    match e {
        ServiceError::Rejected(r) => r.fields.first().map(|f| f.code).unwrap_or(r.code),
        other => other.code(),
    }
}

/// Bytes read and thrown away after a file passed its limit, so the browser (which
/// is still sending) receives the answer instead of a reset connection.
const DRAIN_MAX: usize = 128 * 1024 * 1024;

/// Reads named text fields and one file field, refusing more than `limit` bytes of file
/// with `too_large` (nothing past the limit is kept).
pub(crate) async fn read(
    mut payload: Multipart,
    file_field: &str,
    limit: usize,
    too_large: ErrorCode,
) -> Result<(Vec<u8>, Vec<(String, String)>), ErrorCode> {
    let mut file = Vec::new();
    let mut fields = Vec::new();
    let mut refused: Option<ErrorCode> = None;
    let mut drained = 0usize;
    while let Some(field) = payload.next().await {
        let mut field = field.map_err(|_| ErrorCode::InvalidInput)?;
        let name = field.name().unwrap_or("").to_owned();
        let is_file = name == file_field;
        if is_file {
            if let Some(f) = field.content_disposition().and_then(|cd| cd.get_filename()) {
                fields.push((format!("{file_field}.filename"), f.chars().take(200).collect()));
            }
        }
        let mut data = Vec::new();
        while let Some(chunk) = field.next().await {
            let chunk = chunk.map_err(|_| refused.unwrap_or(ErrorCode::InvalidInput))?;
            if refused.is_some() {
                drained += chunk.len();
                if drained > DRAIN_MAX {
                    return Err(refused.unwrap_or(too_large));
                }
                continue;
            }
            let max = if is_file { limit } else { 64 * 1024 };
            if data.len() + chunk.len() > max {
                refused = Some(if is_file { too_large } else { ErrorCode::TooLong });
                data.clear();
                continue;
            }
            data.extend_from_slice(&chunk);
        }
        if refused.is_some() {
            // Keep reading the rest of the body, then refuse.
            continue;
        }
        if is_file {
            file = data;
        } else {
            fields.push((name, String::from_utf8_lossy(&data).into_owned()));
        }
    }
    match refused {
        Some(code) => Err(code),
        None => Ok((file, fields)),
    }
}

/// The value of a text field of a form read by [`read`] (empty when it was not sent).
pub(crate) fn field<'a>(fields: &'a [(String, String)], name: &str) -> &'a str {
    fields.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str()).unwrap_or("")
}
