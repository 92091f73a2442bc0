//! Participatory-budget server functions: pages, the ballot, receipts and the staff's
//! budget console.

use crate::components::form::Done;
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;
use serde::{Deserialize, Serialize};
use yoriai_domain::{BudgetId, HeadingId, ProjectId, UploadId};
use yoriai_views::budgets::{
    AdminBudgetPage, BallotInput, BudgetInput, BudgetPage, BudgetSummary, HeadingInput, ProjectInput, ProjectPage,
    PromoteInput, ReceiptCheck, TallyPage, ValuationInput,
};

#[cfg(feature = "ssr")]
use super::{echo, echo_of, opt_id};
#[cfg(feature = "ssr")]
use crate::ssr::{finish, request_context, run, safe_next};
#[cfg(feature = "ssr")]
use yoriai_services::budgets as cmd;

/// The budget page, with the receipt of a ballot confirmed a moment ago (shown once).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BudgetPageData {
    pub page: BudgetPage,
    pub receipt: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TallyPageData {
    pub page: TallyPage,
    /// The ballot asked for with `?voter=` (after a receipt check).
    pub ballot: Option<ReceiptCheck>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AdminProjectData {
    pub project: ProjectPage,
    pub budget: AdminBudgetPage,
}

#[server(endpoint = "process_budgets", input = GetUrl)]
pub async fn get_process_budgets(slug: String) -> Result<Vec<BudgetSummary>, AppError> {
    let ctx = request_context()?;
    let actor = ctx.actor();
    run(&ctx, move |svc| cmd::budgets_of_process(svc, &actor, &slug)).await
}

#[server(endpoint = "budget_page", input = GetUrl)]
pub async fn get_budget_page(id: BudgetId, heading: Option<HeadingId>) -> Result<BudgetPageData, AppError> {
    let ctx = request_context()?;
    let actor = ctx.actor();
    let page = run(&ctx, move |svc| cmd::budget_page(svc, &actor, id, heading)).await?;
    let receipt = crate::ssr::take_receipt(&ctx, id);
    Ok(BudgetPageData { page, receipt })
}

#[server(endpoint = "project_page", input = GetUrl)]
pub async fn get_project_page(id: ProjectId) -> Result<ProjectPage, AppError> {
    let ctx = request_context()?;
    let actor = ctx.actor();
    run(&ctx, move |svc| cmd::project_page(svc, &actor, id)).await
}

#[server(endpoint = "tally_page", input = GetUrl)]
pub async fn get_tally_page(id: BudgetId, voter: Option<String>) -> Result<TallyPageData, AppError> {
    let ctx = request_context()?;
    let actor = ctx.actor();
    run(&ctx, move |svc| {
        let page = cmd::tally_page(svc, &actor, id)?;
        let ballot = match voter.as_deref().map(str::trim).filter(|v| !v.is_empty()) {
            Some(v) => cmd::published_ballot(svc, &actor, id, v).ok(),
            None => None,
        };
        Ok(TallyPageData { page, ballot })
    })
    .await
}

#[server(endpoint = "admin_budget_page", input = GetUrl)]
pub async fn get_admin_budget_page(id: BudgetId) -> Result<AdminBudgetPage, AppError> {
    let ctx = request_context()?;
    let actor = ctx.actor();
    run(&ctx, move |svc| cmd::admin_budget_page(svc, &actor, id)).await
}

#[server(endpoint = "admin_project_page", input = GetUrl)]
pub async fn get_admin_project_page(id: ProjectId) -> Result<AdminProjectData, AppError> {
    let ctx = request_context()?;
    let actor = ctx.actor();
    run(&ctx, move |svc| {
        let project = cmd::project_page(svc, &actor, id)?;
        let budget = cmd::admin_budget_page(svc, &actor, project.info.id)?;
        Ok(AdminProjectData { project, budget })
    })
    .await
}

// ---- the ballot ----

/// Where a ballot form goes back to: the page it was sent from (a local path only).
#[cfg(feature = "ssr")]
fn back_to(back: Option<String>, fallback: String) -> String {
    safe_next(back.as_deref()).unwrap_or(fallback)
}

#[server(endpoint = "add_to_ballot", client = crate::api::CsrfHeader)]
pub async fn add_to_ballot(id: ProjectId, #[server(flatten)] input: BallotInput) -> Result<Done, AppError> {
    let ctx = request_context()?;
    let actor = ctx.actor();
    let BallotInput { points, back } = input;
    run(&ctx, move |svc| {
        let points = match Some(points.trim()).filter(|p| !p.is_empty()) {
            None => None,
            Some(p) => Some(
                p.parse::<i32>()
                    .map_err(|_| yoriai_domain::Rejection::field("points", yoriai_domain::ErrorCode::NotANumber))?,
            ),
        };
        cmd::add_to_ballot(svc, &actor, id, points)
    })
    .await?;
    Ok(finish(back_to(back, format!("/projects/{id}")), false))
}

#[server(endpoint = "remove_from_ballot", client = crate::api::CsrfHeader)]
pub async fn remove_from_ballot(id: ProjectId, back: Option<String>) -> Result<Done, AppError> {
    let ctx = request_context()?;
    let actor = ctx.actor();
    run(&ctx, move |svc| cmd::remove_from_ballot(svc, &actor, id)).await?;
    Ok(finish(back_to(back, format!("/projects/{id}")), false))
}

#[server(endpoint = "check_out_ballot", client = crate::api::CsrfHeader)]
pub async fn check_out_ballot(id: BudgetId) -> Result<Done, AppError> {
    let ctx = request_context()?;
    let actor = ctx.actor();
    let done = run(&ctx, move |svc| cmd::check_out(svc, &actor, id)).await?;
    // The receipt goes to the next page in a short-lived cookie, never in a URL.
    crate::ssr::give_receipt(&ctx, id, &done.receipt);
    Ok(finish(format!("/budgets/{id}?notice=ballot-confirmed#ballot"), false))
}

#[server(endpoint = "reopen_ballot", client = crate::api::CsrfHeader)]
pub async fn reopen_ballot(id: BudgetId) -> Result<Done, AppError> {
    let ctx = request_context()?;
    let actor = ctx.actor();
    run(&ctx, move |svc| cmd::reopen_ballot(svc, &actor, id)).await?;
    Ok(finish(format!("/budgets/{id}?notice=ballot-reopened#ballot"), false))
}

#[server(endpoint = "check_receipt", client = crate::api::CsrfHeader)]
pub async fn check_receipt(id: BudgetId, receipt: String) -> Result<Done, AppError> {
    let ctx = request_context()?;
    let actor = ctx.actor();
    let values = echo(&[("receipt", &receipt)]);
    let found =
        run(&ctx, move |svc| cmd::check_receipt(svc, &actor, id, &receipt)).await.map_err(|e| e.with_values(values))?;
    Ok(finish(format!("/budgets/{id}/results?voter={}#receipt", found.voter_id), false))
}

// ---- staff: budgets ----

/// Creates a budget (`id` empty, `process_id` set) or saves one (`id` set).
#[server(endpoint = "save_budget", client = crate::api::CsrfHeader)]
pub async fn save_budget(
    id: Option<String>,
    process_id: Option<String>,
    #[server(flatten)] input: BudgetInput,
) -> Result<Done, AppError> {
    let ctx = request_context()?;
    let values = echo_of(&input);
    let actor = ctx.actor();
    let existing = opt_id(&id);
    let process = opt_id(&process_id);
    let budget_id = run(&ctx, move |svc| match existing {
        Some(id) => cmd::update_budget(svc, &actor, id, input).map(|_| id),
        None => cmd::create_budget(svc, &actor, process.unwrap_or_default(), input),
    })
    .await
    .map_err(|e| e.with_values(values))?;
    let notice = if existing.is_some() { "budget-saved" } else { "budget-created" };
    Ok(finish(format!("/admin/budgets/{budget_id}?notice={notice}"), false))
}

#[server(endpoint = "delete_budget", client = crate::api::CsrfHeader)]
pub async fn delete_budget(id: BudgetId) -> Result<Done, AppError> {
    let ctx = request_context()?;
    let actor = ctx.actor();
    let process_id = run(&ctx, move |svc| cmd::delete_budget(svc, &actor, id)).await?;
    Ok(finish(format!("/admin/processes/{process_id}?notice=budget-deleted"), false))
}

/// Moves the budget on: `to` is `informing`, `voting`, `closed` or `published`.
#[server(endpoint = "advance_budget", client = crate::api::CsrfHeader)]
pub async fn advance_budget(id: BudgetId, to: String) -> Result<Done, AppError> {
    let ctx = request_context()?;
    let actor = ctx.actor();
    let notice = format!("budget-{to}");
    run(&ctx, move |svc| match to.as_str() {
        "closed" => cmd::close_voting(svc, &actor, id),
        "published" => cmd::publish_tally(svc, &actor, id),
        other => cmd::advance_budget(svc, &actor, id, other),
    })
    .await?;
    Ok(finish(format!("/admin/budgets/{id}?notice={notice}"), false))
}

#[server(endpoint = "recompute_tally", client = crate::api::CsrfHeader)]
pub async fn recompute_tally(id: BudgetId, rule: String) -> Result<Done, AppError> {
    let ctx = request_context()?;
    let actor = ctx.actor();
    run(&ctx, move |svc| cmd::recompute_tally(svc, &actor, id, &rule)).await?;
    Ok(finish(format!("/budgets/{id}/results?notice=results-recomputed"), false))
}

// ---- staff: headings ----

/// Adds a heading (`id` empty, `budget_id` set) or saves one (`id` set).
#[server(endpoint = "save_heading", client = crate::api::CsrfHeader)]
pub async fn save_heading(
    id: Option<String>,
    budget_id: Option<String>,
    #[server(flatten)] input: HeadingInput,
) -> Result<Done, AppError> {
    let ctx = request_context()?;
    let values = echo_of(&input);
    let actor = ctx.actor();
    let existing = opt_id(&id);
    let budget = opt_id(&budget_id);
    let budget_id = run(&ctx, move |svc| match existing {
        Some(hid) => cmd::update_heading(svc, &actor, hid, input),
        None => {
            let b = budget.unwrap_or_default();
            cmd::add_heading(svc, &actor, b, input).map(|_| b)
        }
    })
    .await
    .map_err(|e| e.with_values(values))?;
    Ok(finish(format!("/admin/budgets/{budget_id}?notice=heading-saved#headings"), false))
}

#[server(endpoint = "delete_heading", client = crate::api::CsrfHeader)]
pub async fn delete_heading(id: HeadingId) -> Result<Done, AppError> {
    let ctx = request_context()?;
    let actor = ctx.actor();
    let budget_id = run(&ctx, move |svc| cmd::delete_heading(svc, &actor, id)).await?;
    Ok(finish(format!("/admin/budgets/{budget_id}?notice=heading-deleted#headings"), false))
}

// ---- staff: projects ----

/// Creates a project (`id` empty, `budget_id` set) or saves one (`id` set).
#[server(endpoint = "save_project", client = crate::api::CsrfHeader)]
pub async fn save_project(
    id: Option<String>,
    budget_id: Option<String>,
    #[server(flatten)] input: ProjectInput,
) -> Result<Done, AppError> {
    let ctx = request_context()?;
    let values = echo_of(&input);
    let actor = ctx.actor();
    let existing = opt_id(&id);
    let budget = opt_id(&budget_id);
    let project_id = run(&ctx, move |svc| match existing {
        Some(pid) => cmd::update_project(svc, &actor, pid, input).map(|_| pid),
        None => cmd::create_project(svc, &actor, budget.unwrap_or_default(), input),
    })
    .await
    .map_err(|e| e.with_values(values))?;
    Ok(finish(format!("/admin/projects/{project_id}?notice=project-saved"), false))
}

#[server(endpoint = "delete_project", client = crate::api::CsrfHeader)]
pub async fn delete_project(id: ProjectId) -> Result<Done, AppError> {
    let ctx = request_context()?;
    let actor = ctx.actor();
    let budget_id = run(&ctx, move |svc| cmd::delete_project(svc, &actor, id)).await?;
    Ok(finish(format!("/admin/budgets/{budget_id}?notice=project-deleted#projects"), false))
}

#[server(endpoint = "promote_proposal", client = crate::api::CsrfHeader)]
pub async fn promote_proposal(budget_id: BudgetId, #[server(flatten)] input: PromoteInput) -> Result<Done, AppError> {
    let ctx = request_context()?;
    let values = echo_of(&input);
    let actor = ctx.actor();
    let project_id = run(&ctx, move |svc| {
        let proposal = input
            .proposal_id
            .ok_or_else(|| yoriai_domain::Rejection::field("proposal_id", yoriai_domain::ErrorCode::Required))?;
        cmd::promote_proposal(svc, &actor, budget_id, proposal, input.heading_id, &input.cost)
    })
    .await
    .map_err(|e| e.with_values(values))?;
    Ok(finish(format!("/admin/projects/{project_id}?notice=proposal-promoted"), false))
}

#[server(endpoint = "valuate_project", client = crate::api::CsrfHeader)]
pub async fn valuate_project(id: ProjectId, #[server(flatten)] input: ValuationInput) -> Result<Done, AppError> {
    let ctx = request_context()?;
    let values = echo_of(&input);
    let actor = ctx.actor();
    run(&ctx, move |svc| cmd::valuate_project(svc, &actor, id, input)).await.map_err(|e| e.with_values(values))?;
    Ok(finish(format!("/admin/projects/{id}?notice=project-valuated#valuation"), false))
}

#[server(endpoint = "remove_project_image", client = crate::api::CsrfHeader)]
pub async fn remove_project_image(id: ProjectId, upload_id: UploadId) -> Result<Done, AppError> {
    let ctx = request_context()?;
    let actor = ctx.actor();
    run(&ctx, move |svc| cmd::remove_project_image(svc, &actor, id, upload_id)).await?;
    Ok(finish(format!("/admin/projects/{id}?notice=image-removed#images"), false))
}
