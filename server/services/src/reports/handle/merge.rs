//! Merging a duplicate report into another.

use super::*;

/// Marks a report as a duplicate of another: it closes, points to the other, and its
/// reporter (with an account) and followers follow the other one from now on.
pub fn merge_report(svc: &Services, actor: &Actor, id: ReportId, into: ReportId) -> ServiceResult<()> {
    let mut conn = svc.conn()?;
    let row = load_handled(&mut conn, actor, id)?;
    let from = row.state;
    let target = reports::find(&mut conn, into)?.filter(|t| t.id != id && t.confirmed_at.is_some());
    let Some(target) = target else { return Err(Rejection::field("into", ErrorCode::MergeInvalid).into()) };
    if target.duplicate_of == Some(id) || target.state == ReportState::Duplicate {
        return Err(Rejection::field("into", ErrorCode::MergeInvalid).into());
    }
    if from == ReportState::Duplicate {
        return Err(Rejection::field("into", ErrorCode::StateUnchanged).into());
    }
    let now = yoriai_store::now();
    yoriai_store::write_tx(&mut conn, |c| {
        if !reports::set_state(
            c,
            id,
            &StateChange { duplicate_of: Some(into), ..StateChange::plain(from, ReportState::Duplicate) },
            now,
        )? {
            return Err(ServiceError::from(ErrorCode::StateNotAllowed));
        }
        crate::reports::recount(c, &row, row.department_id, ReportState::Duplicate)?;
        let body = format!("#{into}");
        reports::insert_update(
            c,
            &NewUpdate {
                report_id: id,
                author_id: uid(actor),
                kind: UpdateKind::Merged,
                public: true,
                state_from: Some(from),
                state_to: Some(ReportState::Duplicate),
                body: &body,
                created_at: now,
            },
        )?;
        let mut movers = reports::followers(c, id)?;
        movers.extend(row.reporter_id);
        for u in movers {
            reports::follow(c, u, into, now)?;
        }
        audit::log(c, actor, "merge_report", ("report", Some(id)), Visibility::Public, None, json!({ "into": into }))?;
        let row = reports::find(c, id)?.ok_or(Rejection::new(ErrorCode::NotFound))?;
        audience(
            c,
            svc,
            &row,
            &format!("→ {}", svc.link(&format!("/reports/{into}"))),
            &uid(actor).into_iter().collect::<Vec<_>>(),
            now,
        )?;
        Ok(())
    })?;
    (svc.mail_queued)();
    Ok(())
}
