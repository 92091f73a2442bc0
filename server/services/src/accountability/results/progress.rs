//! Progress updates on a result's timeline, rolled up to its parents; linked proposals' audiences are told.

use super::*;

/// A progress update on the timeline: text, optionally a new progress and status, and
/// a photo. The audiences of linked proposals are told.
pub fn add_progress_update(
    svc: &Services,
    actor: &Actor,
    id: ResultId,
    body: &str,
    progress: &str,
    status: &str,
    photo: Option<(&[u8], &str)>,
) -> ServiceResult<ResultUpdateId> {
    reach(actor, |process| Action::ManageResults { process })?;
    let mut e = FieldErrors::new();
    let body = e.check("body", multi_line(body, 1, 10_000));
    let progress =
        if progress.trim().is_empty() { Some(None) } else { e.check("progress", parse_progress(progress).map(Some)) };
    let status = if status.trim().is_empty() {
        Some(None)
    } else {
        e.check(
            "status",
            ResultStatus::parse(status).filter(|s| *s != ResultStatus::Custom).map(Some).ok_or(ErrorCode::InvalidInput),
        )
    };
    let alt = match photo {
        Some((_, alt)) => e.check("alt", opt_line(alt, 400)),
        None => Some(String::new()),
    };
    let (Some(body), Some(progress), Some(status), Some(alt)) = (body, progress, status, alt) else {
        return Err(e.into_rejection().into());
    };
    if !e.is_empty() {
        return Err(e.into_rejection().into());
    }
    let mut conn = svc.conn()?;
    let row = store::find_result(&mut conn, id)?.ok_or(ErrorCode::NotFound)?;
    authorize(actor, &manage(row.process_id))?;
    if progress.is_some() && row.child_count > 0 {
        // A parent's progress comes from its children.
        return Err(yoriai_domain::Rejection::field("progress", ErrorCode::InvalidInput).into());
    }
    let stored = match photo {
        Some((bytes, _)) if !bytes.is_empty() => Some(store_image(&svc.storage, bytes).map_err(|err| match err {
            ServiceError::Rejected(mut r) => {
                for f in &mut r.fields {
                    f.field = "photo".into();
                }
                if r.fields.is_empty() {
                    r = yoriai_domain::Rejection::field("photo", r.code);
                }
                ServiceError::Rejected(r)
            }
            other => other,
        })?),
        _ => None,
    };
    let now = yoriai_store::now();
    let result = yoriai_store::write_tx(&mut conn, |c| {
        let image_id = match &stored {
            Some((key, w, h, size)) => Some(uploads::insert(
                c,
                &uploads::NewUpload {
                    owner_id: actor.user_id(),
                    storage_key: key,
                    content_type: "image/jpeg",
                    width: *w as i32,
                    height: *h as i32,
                    bytes: *size as i64,
                    alt_text: &alt,
                    created_at: now,
                },
            )?),
            None => None,
        };
        let uid = store::insert_update(
            c,
            &store::NewResultUpdate {
                result_id: id,
                body: &body,
                progress,
                status: status.map(|s| s.as_str()),
                image_id,
                author_id: actor.user_id(),
                created_at: now,
            },
        )?;
        if progress.is_some() || status.is_some() {
            store::set_progress(c, id, progress.unwrap_or(row.progress), status.map(|s| s.as_str()), now)?;
            roll_up(c, row.parent_id, now)?;
        }
        let me: Vec<UserId> = actor.user_id().into_iter().collect();
        for pid in store::linked_ids(c, id, ItemKind::Proposal)? {
            if let Some(p) = yoriai_store::proposals::find(c, ProposalId(pid))? {
                notify::proposal_audience(c, &p, Kind::ProposalProgress, None, &me, now)?;
            }
        }
        audit::log(
            c,
            actor,
            "add_result_update",
            ("result", Some(id)),
            Visibility::Public,
            None,
            json!({ "update": uid, "progress": progress, "status": status.map(|s| s.as_str()) }),
        )?;
        Ok::<_, ServiceError>(uid)
    });
    if result.is_err() {
        if let Some((key, ..)) = &stored {
            discard(&svc.storage, key);
        }
    }
    (svc.mail_queued)();
    result
}
