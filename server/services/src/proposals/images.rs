//! Pictures on proposals and processes.

use super::load_for;
use crate::audit::{self, Visibility};
use crate::images::{add_to_gallery, discard, remove_from_gallery, store, GalleryLimit};
use crate::{ServiceResult, Services};
use serde_json::json;
use yoriai_domain::{authorize, Action, Actor, ErrorCode, ProcessId, ProposalId, Rejection, UploadId};
use yoriai_store::uploads::Gallery;
use yoriai_store::{processes, uploads};

/// Adds a picture to a proposal its author may still edit.
pub fn add_proposal_image(
    svc: &Services,
    actor: &Actor,
    proposal_id: ProposalId,
    bytes: &[u8],
    alt_text: &str,
) -> ServiceResult<UploadId> {
    let mut conn = svc.conn()?;
    let loaded = load_for(&mut conn, actor, proposal_id)?;
    authorize(actor, &Action::EditProposal { proposal: loaded.facts })?;
    drop(conn);
    let limit = GalleryLimit { max: svc.settings.max_proposal_images, full: ErrorCode::TooManyImages };
    add_to_gallery(svc, actor.user_id(), Gallery::Proposal(proposal_id), bytes, alt_text, limit)
}

pub fn remove_proposal_image(
    svc: &Services,
    actor: &Actor,
    proposal_id: ProposalId,
    upload_id: UploadId,
) -> ServiceResult<()> {
    let mut conn = svc.conn()?;
    let loaded = load_for(&mut conn, actor, proposal_id)?;
    authorize(actor, &Action::EditProposal { proposal: loaded.facts })?;
    drop(conn);
    remove_from_gallery(svc, Gallery::Proposal(proposal_id), upload_id)
}

/// Sets (replaces) a process's picture.
pub fn set_process_image(
    svc: &Services,
    actor: &Actor,
    process_id: ProcessId,
    bytes: &[u8],
    alt_text: &str,
) -> ServiceResult<()> {
    authorize(actor, &Action::ManageProcess { process: process_id })?;
    let alt = crate::images::alt_text(alt_text)?;
    let mut conn = svc.conn()?;
    let process = processes::find(&mut conn, process_id)?.ok_or(Rejection::new(ErrorCode::NotFound))?;
    let (key, w, h, size) = store(&svc.storage, bytes)?;
    let now = yoriai_store::now();
    let result = yoriai_store::write_tx(&mut conn, |c| {
        let id = uploads::insert(
            c,
            &uploads::NewUpload {
                owner_id: actor.user_id(),
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
