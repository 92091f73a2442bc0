//! Process and proposal-list server functions (reads).

use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;
use yoriai_domain::ProposalId;
use yoriai_views::{ProcessDetail, ProcessSummary, ProposalList};

#[cfg(feature = "ssr")]
use crate::ssr::{request_context, run};
#[cfg(feature = "ssr")]
use yoriai_services::{processes, proposals};

#[server(endpoint = "list_processes", input = GetUrl)]
pub async fn list_processes() -> Result<Vec<ProcessSummary>, AppError> {
    let ctx = request_context()?;
    let actor = ctx.actor();
    run(&ctx, move |svc| processes::list_processes(svc, &actor)).await
}

#[server(endpoint = "process_detail", input = GetUrl)]
pub async fn get_process_detail(slug: String) -> Result<ProcessDetail, AppError> {
    let ctx = request_context()?;
    let actor = ctx.actor();
    run(&ctx, move |svc| processes::process_detail(svc, &actor, &slug)).await
}

/// The query of a list page, as its URL carries it.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ListFilters {
    pub sort: Option<String>,
    pub state: Option<String>,
    pub category: Option<String>,
    pub district: Option<String>,
    pub mine: Option<String>,
    pub supported: Option<String>,
    pub cursor: Option<String>,
}

#[server(endpoint = "list_proposals", input = GetUrl)]
pub async fn list_proposals(slug: String, #[server(default)] filters: ListFilters) -> Result<ProposalList, AppError> {
    let ctx = request_context()?;
    let actor = ctx.actor();
    // A stable random order per visitor: derived from their CSRF cookie's token.
    let seed = i32::from_str_radix(ctx.csrf_token.get(..7).unwrap_or("0"), 16).unwrap_or(0);
    let params = proposals::ListParams {
        sort: filters.sort.unwrap_or_default(),
        state: filters.state.unwrap_or_default(),
        category: super::opt_id(&filters.category),
        district: super::opt_id(&filters.district),
        mine: super::checked(&filters.mine),
        supported: super::checked(&filters.supported),
        cursor: filters.cursor.filter(|c| !c.is_empty()),
        seed,
    };
    run(&ctx, move |svc| proposals::list_proposals(svc, &actor, &slug, params)).await
}

#[server(endpoint = "similar_proposals", input = GetUrl)]
pub async fn similar_proposals(slug: String, text: String) -> Result<Vec<(ProposalId, String)>, AppError> {
    let ctx = request_context()?;
    let actor = ctx.actor();
    run(&ctx, move |svc| proposals::similar_proposals(svc, &actor, &slug, &text, None)).await
}
