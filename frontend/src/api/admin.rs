//! Staff console server functions: processes, phases, categories, answer states.

use crate::components::form::Done;
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;
use yoriai_views::{AdminProcessPage, CustomStateView, ProcessSummary};

#[cfg(feature = "ssr")]
use super::{checked, echo, opt_id};
#[cfg(feature = "ssr")]
use crate::ssr::{finish, request_context, run};
#[cfg(feature = "ssr")]
use yoriai_services::{processes, proposals};

#[server(endpoint = "admin_overview", input = GetUrl)]
pub async fn admin_overview() -> Result<(Vec<ProcessSummary>, Vec<CustomStateView>), AppError> {
    let ctx = request_context()?;
    let actor = ctx.actor();
    run(&ctx, move |svc| processes::admin_overview(svc, &actor)).await
}

#[server(endpoint = "admin_process", input = GetUrl)]
pub async fn admin_process(id: i64) -> Result<AdminProcessPage, AppError> {
    let ctx = request_context()?;
    let actor = ctx.actor();
    run(&ctx, move |svc| processes::admin_process_page(svc, &actor, id)).await
}

#[cfg(feature = "ssr")]
#[allow(clippy::too_many_arguments)]
fn process_input(
    slug: String,
    title_ja: String,
    title_en: String,
    description_ja: Option<String>,
    description_en: Option<String>,
    district_id: Option<String>,
    edit_window_minutes: Option<String>,
    published: Option<String>,
) -> processes::ProcessInput {
    processes::ProcessInput {
        slug,
        title_ja,
        title_en,
        description_ja: description_ja.unwrap_or_default(),
        description_en: description_en.unwrap_or_default(),
        district_id: opt_id(&district_id),
        edit_window_minutes,
        published: checked(&published),
    }
}

#[allow(clippy::too_many_arguments)]
#[server(endpoint = "save_process")]
pub async fn save_process(
    csrf: String,
    id: Option<String>,
    slug: String,
    title_ja: String,
    title_en: String,
    description_ja: Option<String>,
    description_en: Option<String>,
    district_id: Option<String>,
    edit_window_minutes: Option<String>,
    published: Option<String>,
) -> Result<Done, AppError> {
    let _ = csrf;
    let ctx = request_context()?;
    let values = echo(&[
        ("slug", &slug),
        ("title_ja", &title_ja),
        ("title_en", &title_en),
        ("description_ja", description_ja.as_deref().unwrap_or("")),
        ("description_en", description_en.as_deref().unwrap_or("")),
        ("edit_window_minutes", edit_window_minutes.as_deref().unwrap_or("")),
    ]);
    let actor = ctx.actor();
    let existing = opt_id(&id);
    let input = process_input(
        slug,
        title_ja,
        title_en,
        description_ja,
        description_en,
        district_id,
        edit_window_minutes,
        published,
    );
    let pid = run(&ctx, move |svc| match existing {
        Some(pid) => processes::update_process(svc, &actor, pid, input).map(|_| pid),
        None => processes::create_process(svc, &actor, input),
    })
    .await
    .map_err(|e| e.with_values(values))?;
    Ok(finish(format!("/admin/processes/{pid}?notice=process-saved"), false))
}

#[allow(clippy::too_many_arguments)]
#[server(endpoint = "save_phase")]
pub async fn save_phase(
    csrf: String,
    process_id: i64,
    phase_id: Option<String>,
    title_ja: String,
    title_en: String,
    starts_on: Option<String>,
    ends_on: Option<String>,
    proposals_open: Option<String>,
    supports_open: Option<String>,
    support_limit: Option<String>,
    min_supports_to_count: Option<String>,
    threshold: Option<String>,
    accumulate_beyond_threshold: Option<String>,
    supports_require_verification: Option<String>,
    support_own_allowed: Option<String>,
    comments_open: Option<String>,
) -> Result<Done, AppError> {
    let _ = csrf;
    let ctx = request_context()?;
    let actor = ctx.actor();
    let input = processes::PhaseInput {
        title_ja,
        title_en,
        starts_on: starts_on.unwrap_or_default(),
        ends_on: ends_on.unwrap_or_default(),
        proposals_open: checked(&proposals_open),
        supports_open: checked(&supports_open),
        support_limit: support_limit.unwrap_or_default(),
        min_supports_to_count: min_supports_to_count.unwrap_or_default(),
        threshold: threshold.unwrap_or_default(),
        accumulate_beyond_threshold: checked(&accumulate_beyond_threshold),
        supports_require_verification: checked(&supports_require_verification),
        support_own_allowed: checked(&support_own_allowed),
        comments_open: checked(&comments_open),
    };
    let phase = opt_id(&phase_id);
    run(&ctx, move |svc| match phase {
        Some(ph) => processes::update_phase(svc, &actor, process_id, ph, input).map(|_| ph),
        None => processes::add_phase(svc, &actor, process_id, input),
    })
    .await?;
    Ok(finish(format!("/admin/processes/{process_id}?notice=phase-saved#phases"), false))
}

#[server(endpoint = "delete_phase")]
pub async fn delete_phase(csrf: String, process_id: i64, phase_id: i64) -> Result<Done, AppError> {
    let _ = csrf;
    let ctx = request_context()?;
    let actor = ctx.actor();
    run(&ctx, move |svc| processes::delete_phase(svc, &actor, process_id, phase_id)).await?;
    Ok(finish(format!("/admin/processes/{process_id}?notice=phase-deleted#phases"), false))
}

#[server(endpoint = "switch_phase")]
pub async fn switch_phase(csrf: String, process_id: i64, phase_id: Option<String>) -> Result<Done, AppError> {
    let _ = csrf;
    let ctx = request_context()?;
    let actor = ctx.actor();
    let phase = opt_id(&phase_id);
    run(&ctx, move |svc| processes::set_manual_phase(svc, &actor, process_id, phase)).await?;
    Ok(finish(format!("/admin/processes/{process_id}?notice=phase-switched#phases"), false))
}

#[server(endpoint = "add_category")]
pub async fn add_category(csrf: String, process_id: i64, name_ja: String, name_en: String) -> Result<Done, AppError> {
    let _ = csrf;
    let ctx = request_context()?;
    let values = echo(&[("name_ja", &name_ja), ("name_en", &name_en)]);
    let actor = ctx.actor();
    run(&ctx, move |svc| processes::add_category(svc, &actor, process_id, &name_ja, &name_en))
        .await
        .map_err(|e| e.with_values(values))?;
    Ok(finish(format!("/admin/processes/{process_id}?notice=category-added#categories"), false))
}

#[server(endpoint = "delete_category")]
pub async fn delete_category(csrf: String, process_id: i64, category_id: i64) -> Result<Done, AppError> {
    let _ = csrf;
    let ctx = request_context()?;
    let actor = ctx.actor();
    run(&ctx, move |svc| processes::delete_category(svc, &actor, process_id, category_id)).await?;
    Ok(finish(format!("/admin/processes/{process_id}?notice=category-deleted#categories"), false))
}

#[server(endpoint = "grant_process_role")]
pub async fn grant_process_role(csrf: String, process_id: i64, email: String, role: String) -> Result<Done, AppError> {
    let _ = csrf;
    let ctx = request_context()?;
    let values = echo(&[("email", &email), ("role", &role)]);
    let actor = ctx.actor();
    run(&ctx, move |svc| processes::roles::grant_process_role(svc, &actor, process_id, &email, &role))
        .await
        .map_err(|e| e.with_values(values))?;
    Ok(finish(format!("/admin/processes/{process_id}?notice=process-role-granted#roles"), false))
}

#[server(endpoint = "revoke_process_role")]
pub async fn revoke_process_role(csrf: String, process_id: i64, user_id: i64, role: String) -> Result<Done, AppError> {
    let _ = csrf;
    let ctx = request_context()?;
    let actor = ctx.actor();
    run(&ctx, move |svc| processes::roles::revoke_process_role(svc, &actor, process_id, user_id, &role)).await?;
    Ok(finish(format!("/admin/processes/{process_id}?notice=process-role-revoked#roles"), false))
}

/// Publishes the answers that wait; back to the page the form was on (`next`, the
/// process page for valuators) or the process's console page.
#[server(endpoint = "publish_answers")]
pub async fn publish_answers(csrf: String, process_id: i64, next: Option<String>) -> Result<Done, AppError> {
    let _ = csrf;
    let ctx = request_context()?;
    let actor = ctx.actor();
    let n = run(&ctx, move |svc| proposals::publish_answers(svc, &actor, process_id)).await?;
    let back = crate::ssr::safe_next(next.as_deref())
        .map(|path| path.split(['?', '#']).next().unwrap_or("/").to_owned())
        .unwrap_or_else(|| format!("/admin/processes/{process_id}"));
    Ok(finish(format!("{back}?notice=answers-published&n={n}"), false))
}

#[server(endpoint = "add_answer_state")]
pub async fn add_answer_state(
    csrf: String,
    key: String,
    label_ja: String,
    label_en: String,
    colour: String,
) -> Result<Done, AppError> {
    let _ = csrf;
    let ctx = request_context()?;
    let values = echo(&[("key", &key), ("label_ja", &label_ja), ("label_en", &label_en), ("colour", &colour)]);
    let actor = ctx.actor();
    run(&ctx, move |svc| proposals::add_answer_state(svc, &actor, &key, &label_ja, &label_en, &colour))
        .await
        .map_err(|e| e.with_values(values))?;
    Ok(finish("/admin?notice=state-added#states", false))
}
