//! Public updates and internal notes on a report, without a change of state.

use super::*;

/// A public update without a change of state.
pub fn public_update(svc: &Services, actor: &Actor, id: ReportId, body: &str) -> ServiceResult<()> {
    let mut conn = svc.conn()?;
    load_handled(&mut conn, actor, id)?;
    let body = multi_line(body, 1, 4_000).map_err(|c| Rejection::field("body", c))?;
    let now = yoriai_store::now();
    yoriai_store::write_tx(&mut conn, |c| {
        reports::insert_update(
            c,
            &NewUpdate {
                report_id: id,
                author_id: uid(actor),
                kind: UpdateKind::Update,
                public: true,
                state_from: None,
                state_to: None,
                body: &body,
                created_at: now,
            },
        )?;
        reports::touch(c, id, now)?;
        audit::log(c, actor, "report_public_update", ("report", Some(id)), Visibility::Public, None, json!({}))?;
        let row = reports::find(c, id)?.ok_or(Rejection::new(ErrorCode::NotFound))?;
        audience(c, svc, &row, &body, &uid(actor).into_iter().collect::<Vec<_>>(), now)?;
        Ok::<_, ServiceError>(())
    })?;
    (svc.mail_queued)();
    Ok(())
}

/// An internal note: staff only, never in public pages, feeds, exports or Open311.
pub fn internal_note(svc: &Services, actor: &Actor, id: ReportId, body: &str) -> ServiceResult<()> {
    let mut conn = svc.conn()?;
    load_handled(&mut conn, actor, id)?;
    let body = multi_line(body, 1, 4_000).map_err(|c| Rejection::field("note", c))?;
    let now = yoriai_store::now();
    yoriai_store::write_tx(&mut conn, |c| {
        reports::insert_update(
            c,
            &NewUpdate {
                report_id: id,
                author_id: uid(actor),
                kind: UpdateKind::Note,
                public: false,
                state_from: None,
                state_to: None,
                body: &body,
                created_at: now,
            },
        )?;
        audit::log(c, actor, "report_internal_note", ("report", Some(id)), Visibility::Staff, None, json!({}))
    })
}
