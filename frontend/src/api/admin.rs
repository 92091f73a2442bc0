//! Staff console server functions: processes, phases, categories, answer states.

use crate::components::form::Done;
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;
use yoriai_domain::{CategoryId, PhaseId, ProcessId};
use yoriai_views::processes::{CategoryNameInput, PhaseInput, ProcessInput, RoleGrantInput, RoleRevokeInput};
use yoriai_views::proposals::AnswerStateInput;
use yoriai_views::{AdminProcessPage, CustomStateView, ProcessSummary};

#[cfg(feature = "ssr")]
use super::{echo_of, opt_id};
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
pub async fn admin_process(id: ProcessId) -> Result<AdminProcessPage, AppError> {
    let ctx = request_context()?;
    let actor = ctx.actor();
    run(&ctx, move |svc| processes::admin_process_page(svc, &actor, id)).await
}

#[server(endpoint = "save_process", client = crate::api::CsrfHeader)]
pub async fn save_process(id: Option<String>, #[server(flatten)] input: ProcessInput) -> Result<Done, AppError> {
    let ctx = request_context()?;
    let values = echo_of(&input);
    let actor = ctx.actor();
    let existing = opt_id(&id);
    let pid = run(&ctx, move |svc| match existing {
        Some(pid) => processes::update_process(svc, &actor, pid, input).map(|_| pid),
        None => processes::create_process(svc, &actor, input),
    })
    .await
    .map_err(|e| e.with_values(values))?;
    Ok(finish(format!("/admin/processes/{pid}?notice=process-saved"), false))
}

#[server(endpoint = "save_phase", client = crate::api::CsrfHeader)]
pub async fn save_phase(
    process_id: ProcessId,
    phase_id: Option<String>,
    #[server(flatten)] input: PhaseInput,
) -> Result<Done, AppError> {
    let ctx = request_context()?;
    let actor = ctx.actor();
    let phase = opt_id(&phase_id);
    run(&ctx, move |svc| match phase {
        Some(ph) => processes::update_phase(svc, &actor, process_id, ph, input).map(|_| ph),
        None => processes::add_phase(svc, &actor, process_id, input),
    })
    .await?;
    Ok(finish(format!("/admin/processes/{process_id}?notice=phase-saved#phases"), false))
}

#[server(endpoint = "delete_phase", client = crate::api::CsrfHeader)]
pub async fn delete_phase(process_id: ProcessId, phase_id: PhaseId) -> Result<Done, AppError> {
    let ctx = request_context()?;
    let actor = ctx.actor();
    run(&ctx, move |svc| processes::delete_phase(svc, &actor, process_id, phase_id)).await?;
    Ok(finish(format!("/admin/processes/{process_id}?notice=phase-deleted#phases"), false))
}

#[server(endpoint = "switch_phase", client = crate::api::CsrfHeader)]
pub async fn switch_phase(process_id: ProcessId, phase_id: Option<String>) -> Result<Done, AppError> {
    let ctx = request_context()?;
    let actor = ctx.actor();
    let phase = opt_id(&phase_id);
    run(&ctx, move |svc| processes::set_manual_phase(svc, &actor, process_id, phase)).await?;
    Ok(finish(format!("/admin/processes/{process_id}?notice=phase-switched#phases"), false))
}

#[server(endpoint = "add_category", client = crate::api::CsrfHeader)]
pub async fn add_category(
    process_id: ProcessId,
    #[server(flatten)] input: CategoryNameInput,
) -> Result<Done, AppError> {
    let ctx = request_context()?;
    let values = echo_of(&input);
    let actor = ctx.actor();
    run(&ctx, move |svc| processes::add_category(svc, &actor, process_id, &input.name_ja, &input.name_en))
        .await
        .map_err(|e| e.with_values(values))?;
    Ok(finish(format!("/admin/processes/{process_id}?notice=category-added#categories"), false))
}

#[server(endpoint = "delete_category", client = crate::api::CsrfHeader)]
pub async fn delete_category(process_id: ProcessId, category_id: CategoryId) -> Result<Done, AppError> {
    let ctx = request_context()?;
    let actor = ctx.actor();
    run(&ctx, move |svc| processes::delete_category(svc, &actor, process_id, category_id)).await?;
    Ok(finish(format!("/admin/processes/{process_id}?notice=category-deleted#categories"), false))
}

#[server(endpoint = "grant_process_role", client = crate::api::CsrfHeader)]
pub async fn grant_process_role(
    process_id: ProcessId,
    #[server(flatten)] input: RoleGrantInput,
) -> Result<Done, AppError> {
    let ctx = request_context()?;
    let values = echo_of(&input);
    let actor = ctx.actor();
    run(&ctx, move |svc| processes::roles::grant_process_role(svc, &actor, process_id, &input.email, &input.role))
        .await
        .map_err(|e| e.with_values(values))?;
    Ok(finish(format!("/admin/processes/{process_id}?notice=process-role-granted#roles"), false))
}

#[server(endpoint = "revoke_process_role", client = crate::api::CsrfHeader)]
pub async fn revoke_process_role(
    process_id: ProcessId,
    #[server(flatten)] input: RoleRevokeInput,
) -> Result<Done, AppError> {
    let ctx = request_context()?;
    let actor = ctx.actor();
    run(&ctx, move |svc| {
        processes::roles::revoke_process_role(svc, &actor, process_id, input.user_id.unwrap_or_default(), &input.role)
    })
    .await?;
    Ok(finish(format!("/admin/processes/{process_id}?notice=process-role-revoked#roles"), false))
}

/// Publishes the answers that wait; back to the page the form was on (`next`, the
/// process page for valuators) or the process's console page.
#[server(endpoint = "publish_answers", client = crate::api::CsrfHeader)]
pub async fn publish_answers(process_id: ProcessId, next: Option<String>) -> Result<Done, AppError> {
    let ctx = request_context()?;
    let actor = ctx.actor();
    let n = run(&ctx, move |svc| proposals::publish_answers(svc, &actor, process_id)).await?;
    let back = crate::ssr::safe_next(next.as_deref())
        .map(|path| path.split(['?', '#']).next().unwrap_or("/").to_owned())
        .unwrap_or_else(|| format!("/admin/processes/{process_id}"));
    Ok(finish(format!("{back}?notice=answers-published&n={n}"), false))
}

#[server(endpoint = "add_answer_state", client = crate::api::CsrfHeader)]
pub async fn add_answer_state(#[server(flatten)] input: AnswerStateInput) -> Result<Done, AppError> {
    let ctx = request_context()?;
    let values = echo_of(&input);
    let actor = ctx.actor();
    run(&ctx, move |svc| {
        proposals::add_answer_state(svc, &actor, &input.key, &input.label_ja, &input.label_en, &input.colour)
    })
    .await
    .map_err(|e| e.with_values(values))?;
    Ok(finish("/admin?notice=state-added#states", false))
}

/// The city's own settings, for its administrators.
#[server(endpoint = "city_settings", input = GetUrl)]
pub async fn get_city_settings() -> Result<yoriai_views::city::CitySettingsPage, AppError> {
    let ctx = request_context()?;
    let actor = ctx.actor();
    run(&ctx, move |svc| yoriai_services::city::settings_page(svc, &actor)).await
}

/// Saves the city's own settings; every field at once.
#[server(endpoint = "save_city_settings", client = crate::api::CsrfHeader)]
pub async fn save_city_settings(
    #[server(flatten)] input: yoriai_views::city::CitySettingsInput,
) -> Result<Done, AppError> {
    let ctx = request_context()?;
    let values = echo_of(&input);
    let actor = ctx.actor();
    run(&ctx, move |svc| yoriai_services::city::save_settings(svc, &actor, input))
        .await
        .map_err(|e| e.with_values(values))?;
    // A full page load: the header, colours and language change with it.
    Ok(finish("/admin/settings?notice=city-settings-saved", true))
}

/// The city's own sign-in services (OpenID Connect clients), for its administrators.
#[server(endpoint = "sign_in_providers", input = GetUrl)]
pub async fn get_sign_in_providers() -> Result<yoriai_views::city::SignInProvidersPage, AppError> {
    let ctx = request_context()?;
    let actor = ctx.actor();
    run(&ctx, move |svc| yoriai_services::city_sign_in::providers_page(svc, &actor)).await
}

/// Adds one of the city's sign-in services, or replaces the one with the same id.
#[server(endpoint = "save_sign_in_provider", client = crate::api::CsrfHeader)]
pub async fn save_sign_in_provider(
    #[server(flatten)] input: yoriai_views::city::SignInProviderInput,
) -> Result<Done, AppError> {
    let ctx = request_context()?;
    let values = echo_of(&input);
    let actor = ctx.actor();
    run(&ctx, move |svc| yoriai_services::city_sign_in::save_provider(svc, &actor, input))
        .await
        .map_err(|e| e.with_values(values))?;
    // A full page load: the sign-in buttons in every page's context change with it.
    Ok(finish("/admin/sign-in?notice=sign-in-provider-saved", true))
}

/// Takes one of the city's sign-in services out of use.
#[server(endpoint = "remove_sign_in_provider", client = crate::api::CsrfHeader)]
pub async fn remove_sign_in_provider(
    #[server(flatten)] input: yoriai_views::city::RemoveSignInProviderInput,
) -> Result<Done, AppError> {
    let ctx = request_context()?;
    let actor = ctx.actor();
    run(&ctx, move |svc| yoriai_services::city_sign_in::remove_provider(svc, &actor, input)).await?;
    Ok(finish("/admin/sign-in?notice=sign-in-provider-removed", true))
}
