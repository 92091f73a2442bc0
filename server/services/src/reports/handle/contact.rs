//! The reporter's contact details (logged with a reason) and a response template's text.

use super::*;

/// The reporter's contact details, for staff handling the report. Every look is in the
/// action log, with the reason given, and — when the reporter has an account — in the
/// access log they read on their privacy page.
pub fn reporter_contact(svc: &Services, actor: &Actor, id: ReportId, reason: &str) -> ServiceResult<ReporterContact> {
    let mut conn = svc.conn()?;
    let row = load_for(&mut conn, actor, id)?;
    let in_dept = in_department(&mut conn, actor, &row)?;
    authorize(actor, &Action::ViewReporterContact { in_department: in_dept })?;
    let reason = single_line(reason, 3, 200).map_err(|c| Rejection::field("reason", c))?;
    let account = match row.reporter_id {
        Some(u) => users::find(&mut conn, u)?.map(|u| (u.display_name, u.email)),
        None => None,
    };
    yoriai_store::write_tx(&mut conn, |c| -> ServiceResult<()> {
        if let Some(reporter) = row.reporter_id {
            crate::privacy::log_access(
                c,
                reporter,
                actor,
                yoriai_domain::privacy::AccessKind::ReporterContact,
                &reason,
            )?;
        }
        audit::log(
            c,
            actor,
            "view_reporter_contact",
            ("report", Some(id)),
            Visibility::Staff,
            Some(&reason),
            json!({ "reporter_account": row.reporter_id }),
        )
    })?;
    Ok(ReporterContact {
        name: row.reporter_name.clone(),
        email: row.reporter_email.clone(),
        phone: row.reporter_phone.clone(),
        account,
    })
}

/// A response template's text for a public update: both languages, Japanese first.
pub fn template_text(svc: &Services, actor: &Actor, id: TemplateId) -> ServiceResult<String> {
    authorize(actor, &Action::ViewInbox)?;
    let mut conn = svc.conn()?;
    let t = rs::templates(&mut conn)?.into_iter().find(|t| t.id == id).ok_or(Rejection::new(ErrorCode::NotFound))?;
    Ok(if t.body_ja.trim() == t.body_en.trim() { t.body_ja } else { format!("{}\n\n{}", t.body_ja, t.body_en) })
}
