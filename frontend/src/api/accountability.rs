//! Server functions of council decisions, accountability results and the dashboard.

use crate::components::form::Done;
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;
use yoriai_views::accountability::{Dashboard, DecisionList, DecisionPage, ResultList, ResultPage};

#[cfg(feature = "ssr")]
use super::{echo, opt_id};
#[cfg(feature = "ssr")]
use crate::ssr::{finish, request_context, run};
#[cfg(feature = "ssr")]
use yoriai_services::{accountability as cmd, dashboard};

#[server(endpoint = "decisions", input = GetUrl)]
pub async fn get_decisions(outcome: Option<String>, before: Option<String>) -> Result<DecisionList, AppError> {
    let ctx = request_context()?;
    let actor = ctx.actor();
    run(&ctx, move |svc| cmd::list_decisions(svc, &actor, outcome.as_deref(), before.as_deref())).await
}

#[server(endpoint = "decision_page", input = GetUrl)]
pub async fn get_decision_page(id: i64) -> Result<DecisionPage, AppError> {
    let ctx = request_context()?;
    let actor = ctx.actor();
    run(&ctx, move |svc| cmd::decision_page(svc, &actor, id)).await
}

#[allow(clippy::too_many_arguments)]
#[server(endpoint = "save_decision")]
pub async fn save_decision(
    csrf: String,
    id: Option<String>,
    process_id: Option<String>,
    body_name: String,
    decided_on: String,
    title_ja: String,
    title_en: Option<String>,
    body_ja: Option<String>,
    body_en: Option<String>,
    outcome: String,
    votes_for: Option<String>,
    votes_against: Option<String>,
    votes_abstain: Option<String>,
    proposal_ids: Option<String>,
    project_ids: Option<String>,
    report_ids: Option<String>,
) -> Result<Done, AppError> {
    let _ = csrf;
    let ctx = request_context()?;
    let input = cmd::DecisionInput {
        process_id: opt_id(&process_id),
        body_name,
        decided_on,
        title_ja,
        title_en: title_en.unwrap_or_default(),
        body_ja: body_ja.unwrap_or_default(),
        body_en: body_en.unwrap_or_default(),
        outcome,
        votes_for: votes_for.unwrap_or_default(),
        votes_against: votes_against.unwrap_or_default(),
        votes_abstain: votes_abstain.unwrap_or_default(),
        proposal_ids: proposal_ids.unwrap_or_default(),
        project_ids: project_ids.unwrap_or_default(),
        report_ids: report_ids.unwrap_or_default(),
    };
    let values = echo(&[
        ("body_name", &input.body_name),
        ("decided_on", &input.decided_on),
        ("title_ja", &input.title_ja),
        ("title_en", &input.title_en),
        ("body_ja", &input.body_ja),
        ("body_en", &input.body_en),
        ("outcome", &input.outcome),
        ("votes_for", &input.votes_for),
        ("votes_against", &input.votes_against),
        ("votes_abstain", &input.votes_abstain),
        ("proposal_ids", &input.proposal_ids),
        ("project_ids", &input.project_ids),
        ("report_ids", &input.report_ids),
    ]);
    let actor = ctx.actor();
    let existing = opt_id(&id);
    let (did, notice) = run(&ctx, move |svc| match existing {
        Some(did) => cmd::update_decision(svc, &actor, did, input).map(|_| (did, "decision-saved")),
        None => cmd::publish_decision(svc, &actor, input).map(|did| (did, "decision-published")),
    })
    .await
    .map_err(|e| e.with_values(values))?;
    Ok(finish(format!("/decisions/{did}?notice={notice}"), false))
}

#[server(endpoint = "remove_decision_document")]
pub async fn remove_decision_document(csrf: String, decision_id: i64, document_id: i64) -> Result<Done, AppError> {
    let _ = csrf;
    let ctx = request_context()?;
    let actor = ctx.actor();
    run(&ctx, move |svc| cmd::remove_document(svc, &actor, decision_id, document_id)).await?;
    Ok(finish(format!("/decisions/{decision_id}?notice=document-removed#documents"), true))
}

#[server(endpoint = "results", input = GetUrl)]
pub async fn get_results(after: Option<i64>) -> Result<ResultList, AppError> {
    let ctx = request_context()?;
    let actor = ctx.actor();
    run(&ctx, move |svc| cmd::list_results(svc, &actor, after)).await
}

#[server(endpoint = "result_page", input = GetUrl)]
pub async fn get_result_page(id: i64) -> Result<ResultPage, AppError> {
    let ctx = request_context()?;
    let actor = ctx.actor();
    run(&ctx, move |svc| cmd::result_page(svc, &actor, id)).await
}

#[allow(clippy::too_many_arguments)]
#[server(endpoint = "save_result")]
pub async fn save_result(
    csrf: String,
    id: Option<String>,
    process_id: Option<String>,
    parent_id: Option<String>,
    title_ja: String,
    title_en: Option<String>,
    description_ja: Option<String>,
    description_en: Option<String>,
    status: String,
    custom_status_ja: Option<String>,
    custom_status_en: Option<String>,
    progress: Option<String>,
    starts_on: Option<String>,
    ends_on: Option<String>,
    budget: Option<String>,
    proposal_ids: Option<String>,
    project_ids: Option<String>,
    report_ids: Option<String>,
    decision_ids: Option<String>,
) -> Result<Done, AppError> {
    let _ = csrf;
    let ctx = request_context()?;
    let input = cmd::ResultInput {
        process_id: opt_id(&process_id),
        parent_id: opt_id(&parent_id),
        title_ja,
        title_en: title_en.unwrap_or_default(),
        description_ja: description_ja.unwrap_or_default(),
        description_en: description_en.unwrap_or_default(),
        status,
        custom_status_ja: custom_status_ja.unwrap_or_default(),
        custom_status_en: custom_status_en.unwrap_or_default(),
        progress: progress.unwrap_or_default(),
        starts_on: starts_on.unwrap_or_default(),
        ends_on: ends_on.unwrap_or_default(),
        budget: budget.unwrap_or_default(),
        proposal_ids: proposal_ids.unwrap_or_default(),
        project_ids: project_ids.unwrap_or_default(),
        report_ids: report_ids.unwrap_or_default(),
        decision_ids: decision_ids.unwrap_or_default(),
    };
    let values = echo(&[
        ("parent_id", input.parent_id.map(|p| p.to_string()).as_deref().unwrap_or("")),
        ("title_ja", &input.title_ja),
        ("title_en", &input.title_en),
        ("description_ja", &input.description_ja),
        ("description_en", &input.description_en),
        ("status", &input.status),
        ("custom_status_ja", &input.custom_status_ja),
        ("custom_status_en", &input.custom_status_en),
        ("progress", &input.progress),
        ("starts_on", &input.starts_on),
        ("ends_on", &input.ends_on),
        ("budget", &input.budget),
        ("proposal_ids", &input.proposal_ids),
        ("project_ids", &input.project_ids),
        ("report_ids", &input.report_ids),
        ("decision_ids", &input.decision_ids),
    ]);
    let actor = ctx.actor();
    let existing = opt_id(&id);
    let rid = run(&ctx, move |svc| match existing {
        Some(rid) => cmd::update_result(svc, &actor, rid, input).map(|_| rid),
        None => cmd::create_result(svc, &actor, input),
    })
    .await
    .map_err(|e| e.with_values(values))?;
    Ok(finish(format!("/results/{rid}?notice=result-saved"), false))
}

#[server(endpoint = "dashboard", input = GetUrl)]
pub async fn get_dashboard(process: Option<String>) -> Result<Dashboard, AppError> {
    let ctx = request_context()?;
    let actor = ctx.actor();
    run(&ctx, move |svc| dashboard::dashboard(svc, &actor, process.as_deref().filter(|s| !s.is_empty()))).await
}

#[allow(clippy::too_many_arguments)]
#[server(endpoint = "add_kpi")]
pub async fn add_kpi(
    csrf: String,
    process_slug: Option<String>,
    name_ja: String,
    name_en: Option<String>,
    metric: String,
    baseline: String,
    target: String,
    target_year: String,
    data_source: Option<String>,
    update_cycle: String,
) -> Result<Done, AppError> {
    let _ = csrf;
    let ctx = request_context()?;
    let input = dashboard::KpiInput {
        process_slug: process_slug.unwrap_or_default(),
        name_ja,
        name_en: name_en.unwrap_or_default(),
        metric,
        baseline,
        target,
        target_year,
        data_source: data_source.unwrap_or_default(),
        update_cycle,
    };
    let values = echo(&[
        ("name_ja", &input.name_ja),
        ("name_en", &input.name_en),
        ("metric", &input.metric),
        ("baseline", &input.baseline),
        ("target", &input.target),
        ("target_year", &input.target_year),
        ("data_source", &input.data_source),
        ("update_cycle", &input.update_cycle),
    ]);
    let back = if input.process_slug.is_empty() {
        "/dashboard".to_owned()
    } else {
        format!("/dashboard?process={}", input.process_slug)
    };
    let actor = ctx.actor();
    run(&ctx, move |svc| dashboard::add_kpi(svc, &actor, input)).await.map_err(|e| e.with_values(values))?;
    let sep = if back.contains('?') { '&' } else { '?' };
    Ok(finish(format!("{back}{sep}notice=kpi-added#kpis"), true))
}

#[server(endpoint = "remove_kpi")]
pub async fn remove_kpi(csrf: String, id: i64) -> Result<Done, AppError> {
    let _ = csrf;
    let ctx = request_context()?;
    let actor = ctx.actor();
    run(&ctx, move |svc| dashboard::remove_kpi(svc, &actor, id)).await?;
    Ok(finish("/dashboard?notice=kpi-removed#kpis", true))
}

#[server(endpoint = "set_population")]
pub async fn set_population(csrf: String, population: String) -> Result<Done, AppError> {
    let _ = csrf;
    let ctx = request_context()?;
    let actor = ctx.actor();
    let values = echo(&[("population", &population)]);
    run(&ctx, move |svc| dashboard::set_population(svc, &actor, &population))
        .await
        .map_err(|e| e.with_values(values))?;
    Ok(finish("/dashboard?notice=population-saved", true))
}

#[server(endpoint = "search", input = GetUrl)]
pub async fn get_search(
    q: Option<String>,
    kind: Option<String>,
    page: Option<i64>,
) -> Result<yoriai_views::accountability::SearchPage, AppError> {
    let ctx = request_context()?;
    let q = q.unwrap_or_default();
    let locale = ctx.locale;
    run(&ctx, move |svc| {
        yoriai_services::search::search(svc, &q, kind.as_deref().filter(|k| !k.is_empty()), page.unwrap_or(1), locale)
    })
    .await
}

#[server(endpoint = "open_data", input = GetUrl)]
pub async fn get_open_data() -> Result<yoriai_views::accountability::OpenDataPage, AppError> {
    let ctx = request_context()?;
    let actor = ctx.actor();
    run(&ctx, move |svc| yoriai_services::opendata::page(svc, &actor)).await
}
