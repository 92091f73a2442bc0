//! The street-report settings page (categories, departments, templates).

use super::*;

/// Everything staff set up for reports.
pub fn report_settings_page(svc: &Services, actor: &Actor) -> ServiceResult<ReportSettingsPage> {
    authorize(actor, &Action::ManageReportSettings)?;
    let mut conn = svc.conn()?;
    let members = rs::members(&mut conn)?;
    let questions = rs::all_questions(&mut conn)?;
    Ok(ReportSettingsPage {
        departments: rs::departments(&mut conn)?
            .into_iter()
            .map(|d| DepartmentView {
                id: d.id,
                name: Bilingual::new(&d.name_ja, &d.name_en),
                is_default: d.is_default,
                members: members.iter().filter(|m| m.0 == d.id).map(|m| (m.1, m.2.clone(), m.3.clone())).collect(),
            })
            .collect(),
        categories: rs::categories(&mut conn, false)?.iter().map(|c| category_view(c, &questions)).collect(),
        routes: rs::all_routes(&mut conn)?,
        districts: crate::processes::district_names(&mut conn)?,
        templates: rs::templates(&mut conn)?
            .into_iter()
            .map(|t| TemplateView {
                id: t.id,
                department_id: t.department_id,
                title: t.title,
                body: Bilingual::new(t.body_ja, t.body_en),
                state: t.state,
            })
            .collect(),
        clients: rs::clients(&mut conn)?
            .into_iter()
            .map(|c| ClientView {
                id: c.id,
                name: c.name,
                created_at: city_time(c.created_at),
                last_used_at: c.last_used_at.map(city_time),
                revoked: c.revoked_at.is_some(),
            })
            .collect(),
    })
}
