//! Server functions of council decisions, accountability results and the dashboard.

use crate::components::form::Done;
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;
use yoriai_domain::{DecisionId, DocumentId, KpiId, ResultId};
use yoriai_views::accountability::{
    Dashboard, DecisionInput, DecisionList, DecisionPage, KpiInput, ResultInput, ResultList, ResultPage,
};

#[cfg(feature = "ssr")]
use super::{echo, echo_of, opt_id};
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
pub async fn get_decision_page(id: DecisionId) -> Result<DecisionPage, AppError> {
    let ctx = request_context()?;
    let actor = ctx.actor();
    run(&ctx, move |svc| cmd::decision_page(svc, &actor, id)).await
}

#[server(endpoint = "save_decision", client = crate::api::CsrfHeader)]
pub async fn save_decision(id: Option<String>, #[server(flatten)] input: DecisionInput) -> Result<Done, AppError> {
    let ctx = request_context()?;
    let values = echo_of(&input);
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

#[server(endpoint = "remove_decision_document", client = crate::api::CsrfHeader)]
pub async fn remove_decision_document(decision_id: DecisionId, document_id: DocumentId) -> Result<Done, AppError> {
    let ctx = request_context()?;
    let actor = ctx.actor();
    run(&ctx, move |svc| cmd::remove_document(svc, &actor, decision_id, document_id)).await?;
    Ok(finish(format!("/decisions/{decision_id}?notice=document-removed#documents"), true))
}

#[server(endpoint = "results", input = GetUrl)]
pub async fn get_results(after: Option<ResultId>) -> Result<ResultList, AppError> {
    let ctx = request_context()?;
    let actor = ctx.actor();
    run(&ctx, move |svc| cmd::list_results(svc, &actor, after)).await
}

#[server(endpoint = "result_page", input = GetUrl)]
pub async fn get_result_page(id: ResultId) -> Result<ResultPage, AppError> {
    let ctx = request_context()?;
    let actor = ctx.actor();
    run(&ctx, move |svc| cmd::result_page(svc, &actor, id)).await
}

#[server(endpoint = "save_result", client = crate::api::CsrfHeader)]
pub async fn save_result(id: Option<String>, #[server(flatten)] input: ResultInput) -> Result<Done, AppError> {
    let ctx = request_context()?;
    let values = echo_of(&input);
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

#[server(endpoint = "add_kpi", client = crate::api::CsrfHeader)]
pub async fn add_kpi(#[server(flatten)] input: KpiInput) -> Result<Done, AppError> {
    let ctx = request_context()?;
    let values = echo_of(&input);
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

#[server(endpoint = "remove_kpi", client = crate::api::CsrfHeader)]
pub async fn remove_kpi(id: KpiId) -> Result<Done, AppError> {
    let ctx = request_context()?;
    let actor = ctx.actor();
    run(&ctx, move |svc| dashboard::remove_kpi(svc, &actor, id)).await?;
    Ok(finish("/dashboard?notice=kpi-removed#kpis", true))
}

#[server(endpoint = "set_population", client = crate::api::CsrfHeader)]
pub async fn set_population(population: String) -> Result<Done, AppError> {
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
