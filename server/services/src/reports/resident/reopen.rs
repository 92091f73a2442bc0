//! A reporter reopens their fixed report, saying why.

use super::*;

/// The reporter reopens their fixed report (within the configured days) saying why.
pub fn reopen_report(svc: &Services, actor: &Actor, id: ReportId, comment: &str) -> ServiceResult<()> {
    let mut conn = svc.conn()?;
    let row = load_for(&mut conn, actor, id)?;
    let now = yoriai_store::now();
    let days = row.fixed_at.map(|f| (now - f).num_days());
    authorize(
        actor,
        &Action::ReopenReport {
            report: facts(&row),
            days_since_fixed: days,
            window_days: svc.settings.report_reopen_days,
        },
    )?;
    let comment = multi_line(comment, 1, 2_000).map_err(|c| Rejection::field("comment", c))?;
    yoriai_store::write_tx(&mut conn, |c| {
        if !reports::set_state(c, id, &StateChange::plain(ReportState::Fixed, ReportState::Open), now)? {
            return Err(ServiceError::from(ErrorCode::StateNotAllowed));
        }
        crate::reports::recount(c, &row, row.department_id, ReportState::Open)?;
        reports::insert_update(
            c,
            &NewUpdate {
                report_id: id,
                author_id: Some(uid(actor)),
                kind: UpdateKind::Reopened,
                public: true,
                state_from: Some(ReportState::Fixed),
                state_to: Some(ReportState::Open),
                body: &comment,
                created_at: now,
            },
        )?;
        audit::log(c, actor, "reopen_report", ("report", Some(id)), Visibility::Public, None, json!({}))?;
        let row = reports::find(c, id)?.ok_or(Rejection::new(ErrorCode::NotFound))?;
        audience(c, svc, &row, "", &[uid(actor)], now)?;
        Ok(())
    })
}
