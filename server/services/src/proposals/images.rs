//! Pictures on proposals and processes.

use super::load_for;
use crate::audit::{self, Visibility};
use crate::images::{discard, store};
use crate::{ServiceResult, Services};
use serde_json::json;
use yoriai_domain::text::single_line;
use yoriai_domain::{authorize, Action, Actor, ErrorCode, ProcessId, Rejection};
use yoriai_store::{processes, uploads};

fn alt(raw: &str) -> ServiceResult<String> {
    if raw.trim().is_empty() {
        return Ok(String::new());
    }
    single_line(raw, 1, 200).map_err(|c| Rejection::field("alt", c).into())
}

/// Adds a picture to a proposal its author may still edit.
pub fn add_proposal_image(
    svc: &Services,
    actor: &Actor,
    proposal_id: i64,
    bytes: &[u8],
    alt_text: &str,
) -> ServiceResult<i64> {
    let mut conn = svc.conn()?;
    let loaded = load_for(&mut conn, actor, proposal_id)?;
    authorize(actor, &Action::EditProposal { proposal: loaded.facts })?;
    let alt = alt(alt_text)?;
    if uploads::count_for_proposal(&mut conn, proposal_id)? >= svc.settings.max_proposal_images {
        return Err(Rejection::field("image", ErrorCode::TooManyImages).into());
    }
    let (key, w, h, size) = store(&svc.storage, bytes)?;
    let now = yoriai_store::now();
    let result = yoriai_store::write_tx(&mut conn, |c| {
        let id = uploads::insert(
            c,
            &uploads::NewUpload {
                owner_id: actor.user_id().map(|u| u.0),
                storage_key: &key,
                content_type: "image/jpeg",
                width: w as i32,
                height: h as i32,
                bytes: size as i64,
                alt_text: &alt,
                created_at: now,
            },
        )?;
        uploads::attach_to_proposal(c, proposal_id, id)?;
        Ok::<_, crate::ServiceError>(id)
    });
    if result.is_err() {
        discard(&svc.storage, &key);
    }
    result
}

pub fn remove_proposal_image(svc: &Services, actor: &Actor, proposal_id: i64, upload_id: i64) -> ServiceResult<()> {
    let mut conn = svc.conn()?;
    let loaded = load_for(&mut conn, actor, proposal_id)?;
    authorize(actor, &Action::EditProposal { proposal: loaded.facts })?;
    let upload = uploads::find(&mut conn, upload_id)?.ok_or(Rejection::new(ErrorCode::NotFound))?;
    yoriai_store::write_tx(&mut conn, |c| {
        if !uploads::detach_from_proposal(c, proposal_id, upload_id)? {
            return Err(crate::ServiceError::from(ErrorCode::NotFound));
        }
        uploads::delete(c, upload_id)?;
        Ok(())
    })?;
    discard(&svc.storage, &upload.storage_key);
    Ok(())
}

/// Sets (replaces) a process's picture.
pub fn set_process_image(
    svc: &Services,
    actor: &Actor,
    process_id: i64,
    bytes: &[u8],
    alt_text: &str,
) -> ServiceResult<()> {
    authorize(actor, &Action::ManageProcess { process: ProcessId(process_id) })?;
    let alt = alt(alt_text)?;
    let mut conn = svc.conn()?;
    let process = processes::find(&mut conn, process_id)?.ok_or(Rejection::new(ErrorCode::NotFound))?;
    let (key, w, h, size) = store(&svc.storage, bytes)?;
    let now = yoriai_store::now();
    let result = yoriai_store::write_tx(&mut conn, |c| {
        let id = uploads::insert(
            c,
            &uploads::NewUpload {
                owner_id: actor.user_id().map(|u| u.0),
                storage_key: &key,
                content_type: "image/jpeg",
                width: w as i32,
                height: h as i32,
                bytes: size as i64,
                alt_text: &alt,
                created_at: now,
            },
        )?;
        processes::set_image(c, process_id, Some(id), now)?;
        audit::log(
            c,
            actor,
            "set_process_image",
            ("process", Some(process_id)),
            Visibility::Public,
            None,
            json!({ "upload_id": id }),
        )
    });
    match result {
        Ok(()) => {
            if let Some(old) = process.image_id.and_then(|id| uploads::find(&mut conn, id).ok().flatten()) {
                let _ = uploads::delete(&mut conn, old.id);
                discard(&svc.storage, &old.storage_key);
            }
            Ok(())
        }
        Err(e) => {
            discard(&svc.storage, &key);
            Err(e)
        }
    }
}
