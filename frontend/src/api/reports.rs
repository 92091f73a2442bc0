//! Street-report server functions: the list, a report, the new-report form, the
//! department inbox and staff actions, alerts, and the staff settings.

use crate::components::form::Done;
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;
use serde::{Deserialize, Serialize};
use yoriai_domain::{AlertId, ClientId, DepartmentId, QuestionId, ReportCategoryId, ReportId, TemplateId, UserId};
use yoriai_views::reports::{
    AlertInput, AlertsPage, CategoryInput, DepartmentInput, InboxPage, NewReportPage, PublicUpdateInput, QuestionInput,
    ReportInput, ReportList, ReportPage, ReportSettingsPage, ReporterContact, RouteInput, StateInput, TemplateInput,
};

#[cfg(feature = "ssr")]
use super::{echo, echo_of, opt_id};
#[cfg(feature = "ssr")]
use crate::ssr::{finish, request_context, run};
#[cfg(feature = "ssr")]
use yoriai_services::reports as cmd;

/// The public list's query, as its URL carries it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListParams {
    pub category: Option<String>,
    pub state: Option<String>,
    pub district: Option<String>,
    pub from: Option<String>,
    pub to: Option<String>,
    pub sort: Option<String>,
    pub lat: Option<String>,
    pub lon: Option<String>,
    pub cursor: Option<String>,
}

#[server(endpoint = "report_list", input = GetUrl)]
pub async fn get_report_list(#[server(default)] params: ListParams) -> Result<ReportList, AppError> {
    let ctx = request_context()?;
    let actor = ctx.actor();
    let f = cmd::ReportFilters {
        category: opt_id(&params.category),
        state: params.state.unwrap_or_default(),
        district: opt_id(&params.district),
        from: params.from.unwrap_or_default(),
        to: params.to.unwrap_or_default(),
        sort: params.sort.unwrap_or_default(),
        lat: params.lat.unwrap_or_default(),
        lon: params.lon.unwrap_or_default(),
        cursor: params.cursor.unwrap_or_default(),
    };
    run(&ctx, move |svc| cmd::report_list(svc, &actor, &f)).await
}

/// A report page, with whether the visitor holds the "add photos" token.
#[server(endpoint = "report_page", input = GetUrl)]
pub async fn get_report_page(id: ReportId) -> Result<ReportPage, AppError> {
    let ctx = request_context()?;
    let actor = ctx.actor();
    let token = crate::ssr::read_cookie(&ctx, crate::ssr::REPORT_EDIT_COOKIE).and_then(|v| {
        v.split_once(':').filter(|(rid, _)| rid.parse::<ReportId>().ok() == Some(id)).map(|(_, t)| t.to_owned())
    });
    run(&ctx, move |svc| cmd::report_page(svc, &actor, id, token.as_deref())).await
}

#[server(endpoint = "new_report_page", input = GetUrl)]
pub async fn get_new_report_page(
    category: Option<String>,
    lat: Option<String>,
    lon: Option<String>,
) -> Result<NewReportPage, AppError> {
    let ctx = request_context()?;
    let actor = ctx.actor();
    let category = opt_id(&category);
    let (lat, lon) = (lat.unwrap_or_default(), lon.unwrap_or_default());
    run(&ctx, move |svc| cmd::new_report_page(svc, &actor, category, &lat, &lon)).await
}

#[server(endpoint = "create_report", client = crate::api::CsrfHeader)]
pub async fn create_report(#[server(flatten)] input: ReportInput) -> Result<Done, AppError> {
    let ctx = request_context()?;
    // The answers' fields are `q_<code>` in the page's errors and echo.
    let mut values = echo_of(&input);
    values.extend(input.answers.iter().map(|(code, v)| (cmd::answer_field(code), v.clone())));
    let input = ReportInput { client: ctx.client_ip, ..input };
    let actor = ctx.actor();
    let locale = ctx.locale;
    let reported = run(&ctx, move |svc| cmd::create_report(svc, &actor, input, locale))
        .await
        .map_err(|e| e.with_values(values))?;
    if let Some(token) = &reported.edit_token {
        crate::ssr::set_short_cookie(&ctx, crate::ssr::REPORT_EDIT_COOKIE, &format!("{}:{token}", reported.id), 60);
    }
    let notice = if reported.needs_confirmation { "report-check-email" } else { "report-created" };
    Ok(finish(format!("/reports/{}?notice={notice}#photos", reported.id), false))
}

/// Runs a command about a report and comes back to its page with a notice.
#[cfg(feature = "ssr")]
async fn on_report<T: Send + 'static>(
    id: ReportId,
    notice: &str,
    anchor: &str,
    values: Vec<(String, String)>,
    f: impl FnOnce(&yoriai_services::Services, &yoriai_domain::Actor) -> yoriai_services::ServiceResult<T> + Send + 'static,
) -> Result<Done, AppError> {
    let ctx = request_context()?;
    let actor = ctx.actor();
    run(&ctx, move |svc| f(svc, &actor)).await.map_err(|e| e.with_values(values))?;
    Ok(finish(format!("/reports/{id}?notice={notice}#{anchor}"), false))
}

#[server(endpoint = "me_too", client = crate::api::CsrfHeader)]
pub async fn me_too(id: ReportId) -> Result<Done, AppError> {
    on_report(id, "me-too", "me-too", Vec::new(), move |svc, a| cmd::me_too(svc, a, id)).await
}

#[server(endpoint = "follow_report", client = crate::api::CsrfHeader)]
pub async fn follow_report(id: ReportId, follow: String) -> Result<Done, AppError> {
    let on = follow == "true";
    let notice = if on { "following" } else { "not-following" };
    on_report(id, notice, "follow", Vec::new(), move |svc, a| cmd::follow_report(svc, a, id, on)).await
}

#[server(endpoint = "reopen_report", client = crate::api::CsrfHeader)]
pub async fn reopen_report(id: ReportId, comment: String) -> Result<Done, AppError> {
    let values = echo(&[("comment", &comment)]);
    on_report(id, "report-reopened", "timeline", values, move |svc, a| cmd::reopen_report(svc, a, id, &comment)).await
}

#[server(endpoint = "confirm_report", client = crate::api::CsrfHeader)]
pub async fn confirm_report(token: String) -> Result<Done, AppError> {
    let ctx = request_context()?;
    let id = run(&ctx, move |svc| cmd::confirm_report(svc, &token)).await?;
    Ok(finish(format!("/reports/{id}?notice=report-confirmed"), false))
}

#[server(endpoint = "stop_report_updates", client = crate::api::CsrfHeader)]
pub async fn stop_report_updates(token: String) -> Result<Done, AppError> {
    let ctx = request_context()?;
    let id = run(&ctx, move |svc| cmd::stop_report_updates(svc, &token)).await?;
    Ok(finish(format!("/reports/{id}?notice=updates-stopped"), false))
}

// ---- staff ----

/// Changes the state; an empty text with a template chosen uses the template.
#[server(endpoint = "change_report_state", client = crate::api::CsrfHeader)]
pub async fn change_report_state(id: ReportId, #[server(flatten)] input: StateInput) -> Result<Done, AppError> {
    let values = echo(&[("state", &input.state), ("body", &input.body), ("referred_to", &input.referred_to)]);
    on_report(id, "report-updated", "staff", values, move |svc, a| {
        let body = with_template(svc, a, &input.body, input.template_id)?;
        cmd::change_state(svc, a, id, &input.state, &body, &input.referred_to)
    })
    .await
}

/// The text of a public update: what staff wrote, or the chosen template's text in
/// both languages.
#[cfg(feature = "ssr")]
fn with_template(
    svc: &yoriai_services::Services,
    actor: &yoriai_domain::Actor,
    body: &str,
    template: Option<TemplateId>,
) -> yoriai_services::ServiceResult<String> {
    if !body.trim().is_empty() {
        return Ok(body.to_owned());
    }
    let Some(t) = template else { return Ok(String::new()) };
    let tpl = cmd::template_text(svc, actor, t)?;
    Ok(tpl)
}

#[server(endpoint = "report_public_update", client = crate::api::CsrfHeader)]
pub async fn report_public_update(id: ReportId, #[server(flatten)] input: PublicUpdateInput) -> Result<Done, AppError> {
    let values = echo(&[("body", &input.body)]);
    let (body, template) = (input.body, input.template_id);
    on_report(id, "report-updated", "staff", values, move |svc, a| {
        let body = with_template(svc, a, &body, template)?;
        cmd::public_update(svc, a, id, &body)
    })
    .await
}

#[server(endpoint = "report_internal_note", client = crate::api::CsrfHeader)]
pub async fn report_internal_note(id: ReportId, note: String) -> Result<Done, AppError> {
    let values = echo(&[("note", &note)]);
    on_report(id, "note-added", "staff", values, move |svc, a| cmd::internal_note(svc, a, id, &note)).await
}

#[server(endpoint = "assign_report", client = crate::api::CsrfHeader)]
pub async fn assign_report(id: ReportId, assignee_id: Option<String>) -> Result<Done, AppError> {
    let assignee = opt_id(&assignee_id);
    on_report(id, "report-assigned", "staff", Vec::new(), move |svc, a| cmd::assign_report(svc, a, id, assignee)).await
}

#[server(endpoint = "move_report", client = crate::api::CsrfHeader)]
pub async fn move_report(id: ReportId, department_id: String) -> Result<Done, AppError> {
    let dept = opt_id(&Some(department_id)).unwrap_or_default();
    on_report(id, "report-moved", "staff", Vec::new(), move |svc, a| cmd::move_report(svc, a, id, dept)).await
}

#[server(endpoint = "merge_report", client = crate::api::CsrfHeader)]
pub async fn merge_report(id: ReportId, into: String) -> Result<Done, AppError> {
    let values = echo(&[("into", &into)]);
    let target = into.trim().trim_start_matches('#').parse::<ReportId>().unwrap_or(ReportId(-1));
    on_report(id, "report-merged", "staff", values, move |svc, a| cmd::merge_report(svc, a, id, target)).await
}

/// The reporter's contact details (logged with the reason). A GET, so the page works
/// without JavaScript, but it writes the action log, so it requires the form's CSRF
/// token: a link from elsewhere cannot make staff "look" with someone else's reason.
#[server(endpoint = "reporter_contact", input = GetUrl)]
pub async fn get_reporter_contact(id: ReportId, reason: String, csrf: String) -> Result<ReporterContact, AppError> {
    let ctx = request_context()?;
    if csrf != ctx.csrf_token {
        return Err(AppError::new(yoriai_domain::ErrorCode::CsrfInvalid));
    }
    let actor = ctx.actor();
    run(&ctx, move |svc| cmd::reporter_contact(svc, &actor, id, &reason)).await
}

/// The inbox's query, as its URL carries it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct InboxParams {
    pub department: Option<String>,
    pub state: Option<String>,
    pub category: Option<String>,
    pub assignee: Option<String>,
    pub sort: Option<String>,
    pub cursor: Option<String>,
}

#[server(endpoint = "inbox", input = GetUrl)]
pub async fn get_inbox(#[server(default)] params: InboxParams) -> Result<InboxPage, AppError> {
    let ctx = request_context()?;
    let actor = ctx.actor();
    let f = cmd::InboxFilters {
        department: opt_id(&params.department),
        state: params.state.unwrap_or_default(),
        category: opt_id(&params.category),
        assignee: params.assignee.unwrap_or_default(),
        sort: params.sort.unwrap_or_default(),
        cursor: params.cursor.unwrap_or_default(),
    };
    run(&ctx, move |svc| cmd::inbox(svc, &actor, &f)).await
}

// ---- alerts ----

#[server(endpoint = "alerts_page", input = GetUrl)]
pub async fn get_alerts() -> Result<AlertsPage, AppError> {
    let ctx = request_context()?;
    let actor = ctx.actor();
    run(&ctx, move |svc| cmd::alerts_page(svc, &actor)).await
}

#[server(endpoint = "create_alert", client = crate::api::CsrfHeader)]
pub async fn create_alert(#[server(flatten)] input: AlertInput) -> Result<Done, AppError> {
    let ctx = request_context()?;
    let actor = ctx.actor();
    let values = echo_of(&input);
    let radius = input.radius_m.trim().parse::<i32>().ok();
    run(&ctx, move |svc| cmd::create_alert(svc, &actor, input.district_id, &input.latitude, &input.longitude, radius))
        .await
        .map_err(|e| e.with_values(values))?;
    Ok(finish("/alerts?notice=alert-created", false))
}

#[server(endpoint = "delete_alert", client = crate::api::CsrfHeader)]
pub async fn delete_alert(id: AlertId) -> Result<Done, AppError> {
    let ctx = request_context()?;
    let actor = ctx.actor();
    run(&ctx, move |svc| cmd::delete_alert(svc, &actor, id)).await?;
    Ok(finish("/alerts?notice=alert-deleted", false))
}

// ---- staff settings ----

/// The settings page, with an Open311 key issued a moment ago (shown once).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReportSettingsData {
    pub page: ReportSettingsPage,
    pub new_key: Option<String>,
}

#[server(endpoint = "report_settings", input = GetUrl)]
pub async fn get_report_settings() -> Result<ReportSettingsData, AppError> {
    let ctx = request_context()?;
    let actor = ctx.actor();
    let page = run(&ctx, move |svc| cmd::report_settings_page(svc, &actor)).await?;
    let new_key = crate::ssr::take_flash(&ctx, crate::ssr::FLASH_SECRET_COOKIE);
    Ok(ReportSettingsData { page, new_key })
}

#[cfg(feature = "ssr")]
async fn on_settings<T: Send + 'static>(
    notice: &str,
    anchor: &str,
    values: Vec<(String, String)>,
    f: impl FnOnce(&yoriai_services::Services, &yoriai_domain::Actor) -> yoriai_services::ServiceResult<T> + Send + 'static,
) -> Result<Done, AppError> {
    let ctx = request_context()?;
    let actor = ctx.actor();
    run(&ctx, move |svc| f(svc, &actor)).await.map_err(|e| e.with_values(values))?;
    Ok(finish(format!("/admin/reports?notice={notice}#{anchor}"), false))
}

/// Creates (`id` empty) or renames a department; `is_default` makes it the default.
#[server(endpoint = "save_department", client = crate::api::CsrfHeader)]
pub async fn save_department(id: Option<String>, #[server(flatten)] input: DepartmentInput) -> Result<Done, AppError> {
    let values = echo(&[("name_ja", &input.name_ja), ("name_en", &input.name_en)]);
    let id = opt_id(&id);
    on_settings("settings-saved", "departments", values, move |svc, a| match id {
        Some(id) => cmd::update_department(svc, a, id, &input.name_ja, &input.name_en, input.is_default),
        None => cmd::create_department(svc, a, &input.name_ja, &input.name_en).map(|_| ()),
    })
    .await
}

#[server(endpoint = "add_department_member", client = crate::api::CsrfHeader)]
pub async fn add_department_member(department_id: DepartmentId, email: String) -> Result<Done, AppError> {
    let values = echo(&[("email", &email)]);
    on_settings("settings-saved", "departments", values, move |svc, a| {
        cmd::add_department_member(svc, a, department_id, &email)
    })
    .await
}

#[server(endpoint = "remove_department_member", client = crate::api::CsrfHeader)]
pub async fn remove_department_member(department_id: DepartmentId, user_id: UserId) -> Result<Done, AppError> {
    on_settings("settings-saved", "departments", Vec::new(), move |svc, a| {
        cmd::remove_department_member(svc, a, department_id, user_id)
    })
    .await
}

#[server(endpoint = "save_report_category", client = crate::api::CsrfHeader)]
pub async fn save_report_category(
    id: Option<String>,
    #[server(flatten)] input: CategoryInput,
) -> Result<Done, AppError> {
    let values = echo_of(&input);
    let id = opt_id(&id);
    on_settings("settings-saved", "categories", values, move |svc, a| match id {
        Some(id) => cmd::update_category(svc, a, id, input),
        None => cmd::create_category(svc, a, input).map(|_| ()),
    })
    .await
}

#[server(endpoint = "add_category_question", client = crate::api::CsrfHeader)]
pub async fn add_category_question(
    category_id: ReportCategoryId,
    #[server(flatten)] input: QuestionInput,
) -> Result<Done, AppError> {
    let values = echo_of(&input);
    on_settings("settings-saved", &format!("category-{category_id}"), values, move |svc, a| {
        cmd::add_question(svc, a, category_id, input)
    })
    .await
}

#[server(endpoint = "delete_category_question", client = crate::api::CsrfHeader)]
pub async fn delete_category_question(id: QuestionId) -> Result<Done, AppError> {
    on_settings("settings-saved", "categories", Vec::new(), move |svc, a| cmd::delete_question(svc, a, id)).await
}

#[server(endpoint = "set_report_route", client = crate::api::CsrfHeader)]
pub async fn set_report_route(
    category_id: ReportCategoryId,
    #[server(flatten)] input: RouteInput,
) -> Result<Done, AppError> {
    // No district is district 0, which the command refuses as not found.
    let district = input.district_id.unwrap_or_default();
    let dept = input.department_id;
    on_settings("settings-saved", "routes", Vec::new(), move |svc, a| {
        cmd::set_route(svc, a, category_id, district, dept)
    })
    .await
}

#[server(endpoint = "save_response_template", client = crate::api::CsrfHeader)]
pub async fn save_response_template(
    id: Option<String>,
    #[server(flatten)] input: TemplateInput,
) -> Result<Done, AppError> {
    let values = echo_of(&input);
    let id = opt_id(&id);
    on_settings("settings-saved", "templates", values, move |svc, a| cmd::save_template(svc, a, id, input)).await
}

#[server(endpoint = "delete_response_template", client = crate::api::CsrfHeader)]
pub async fn delete_response_template(id: TemplateId) -> Result<Done, AppError> {
    on_settings("settings-saved", "templates", Vec::new(), move |svc, a| cmd::delete_template(svc, a, id)).await
}

#[server(endpoint = "create_open311_client", client = crate::api::CsrfHeader)]
pub async fn create_open311_client(name: String) -> Result<Done, AppError> {
    let ctx = request_context()?;
    let actor = ctx.actor();
    let values = echo(&[("name", &name)]);
    let (_, key) = run(&ctx, move |svc| cmd::create_open311_client(svc, &actor, &name))
        .await
        .map_err(|e| e.with_values(values))?;
    crate::ssr::set_short_cookie(&ctx, crate::ssr::FLASH_SECRET_COOKIE, &key, 10);
    Ok(finish("/admin/reports?notice=key-created#open311", false))
}

#[server(endpoint = "revoke_open311_client", client = crate::api::CsrfHeader)]
pub async fn revoke_open311_client(id: ClientId) -> Result<Done, AppError> {
    on_settings("settings-saved", "open311", Vec::new(), move |svc, a| cmd::revoke_open311_client(svc, a, id)).await
}
