//! The emailed links of a report made without an account: confirm it, stop its emails.

use super::*;

/// Opens the emailed link of a report made without an account: it is sent.
pub fn confirm_report(svc: &Services, token: &str) -> ServiceResult<ReportId> {
    let mut conn = svc.conn()?;
    let now = yoriai_store::now();
    let hash = crate::crypto::token_hash(token.trim());
    yoriai_store::write_tx(&mut conn, |c| {
        let id = reports::take_link(c, "confirm_report", &hash, now)?.ok_or(Rejection::new(ErrorCode::TokenInvalid))?;
        if reports::confirm(c, id, now)? {
            if let Some(row) = reports::find(c, id)? {
                reports::bump_count(c, row.department_id, row.state, 1)?;
            }
            reports::insert_update(
                c,
                &NewUpdate {
                    report_id: id,
                    author_id: None,
                    kind: UpdateKind::Confirmed,
                    public: true,
                    state_from: None,
                    state_to: None,
                    body: "",
                    created_at: now,
                },
            )?;
            audit::log(c, &Actor::System, "confirm_report", ("report", Some(id)), Visibility::Public, None, json!({}))?;
            alert_watchers(c, id, now)?;
        }
        Ok::<_, ServiceError>(id)
    })
}

/// Opens the "stop emails about this report" link of a reporter without an account.
pub fn stop_report_updates(svc: &Services, token: &str) -> ServiceResult<ReportId> {
    let mut conn = svc.conn()?;
    let now = yoriai_store::now();
    let hash = crate::crypto::token_hash(token.trim());
    yoriai_store::write_tx(&mut conn, |c| {
        let id =
            reports::take_link(c, "stop_report_updates", &hash, now)?.ok_or(Rejection::new(ErrorCode::TokenInvalid))?;
        reports::stop_reporter_updates(c, id)?;
        Ok::<_, ServiceError>(id)
    })
}

// ---- area alerts ----

pub const ALERT_RADII_M: [i32; 4] = [200, 500, 1_000, 2_000];
