//! Who is told about a report's public update: its reporter and followers.

use super::*;

/// Tells the reporter and followers about a public update: accounts get a
/// notification (emailed as they chose), a reporter without an account an email with
/// a link to stop them. `exclude`: whoever acted.
pub(crate) fn audience(
    conn: &mut DbConn,
    svc: &Services,
    row: &ReportRow,
    update_text: &str,
    exclude: &[UserId],
    now: NaiveDateTime,
) -> ServiceResult<usize> {
    let mut done: Vec<UserId> = exclude.to_vec();
    let mut sent = 0;
    if let Some(r) = row.reporter_id.filter(|r| !done.contains(r)) {
        notify::one_report(conn, r, Kind::ReportUpdate, notify::Reason::Reporter, row.id, now)?;
        done.push(r);
        sent += 1;
    }
    for f in reports::followers(conn, row.id)? {
        if !done.contains(&f) {
            notify::one_report(conn, f, Kind::ReportUpdate, notify::Reason::Follower, row.id, now)?;
            done.push(f);
            sent += 1;
        }
    }
    if let (None, Some(email), true) = (row.reporter_id, row.reporter_email.as_deref(), row.reporter_updates) {
        if row.confirmed_at.is_some() {
            let token = crate::crypto::random_token();
            reports::insert_link(
                conn,
                "stop_report_updates",
                &crate::crypto::token_hash(&token),
                row.id,
                now,
                now + chrono::Duration::days(365),
            )?;
            let locale = Locale::default();
            let state = t(locale, &format!("report-state-{}", row.state.as_str().replace('_', "-")));
            let rendered = mail::render(
                MailKind::ReportUpdate,
                locale,
                row.reporter_name.as_deref().unwrap_or(email),
                &svc.mail_site(),
                &[
                    ("title", Arg::from(row.title.as_str())),
                    ("state", Arg::from(state)),
                    ("update", Arg::from(update_text)),
                    ("link", Arg::from(svc.link(&format!("/reports/{}", row.id)))),
                    ("stop", Arg::from(svc.link(&format!("/reports/stop-updates?token={token}")))),
                ],
            );
            mail::enqueue(conn, MailKind::ReportUpdate, email, &rendered)?;
            sent += 1;
        }
    }
    Ok(sent)
}
