//! Moderation server functions.

use crate::components::form::Done;
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;
use yoriai_domain::{ModerationId, UserId};
use yoriai_views::staff::{BlockInput, ModerationInput};
use yoriai_views::ModerationItem;

#[cfg(feature = "ssr")]
use crate::ssr::{finish, request_context, run};
#[cfg(feature = "ssr")]
use yoriai_services::moderation;

#[server(endpoint = "moderation_queue", input = GetUrl)]
pub async fn moderation_queue(state: Option<String>) -> Result<Vec<ModerationItem>, AppError> {
    let ctx = request_context()?;
    let actor = ctx.actor();
    let state = state.unwrap_or_default();
    run(&ctx, move |svc| moderation::queue(svc, &actor, &state)).await
}

#[server(endpoint = "moderate", client = crate::api::CsrfHeader)]
pub async fn moderate(
    moderation_id: ModerationId,
    #[server(flatten)] input: ModerationInput,
) -> Result<Done, AppError> {
    let ctx = request_context()?;
    let actor = ctx.actor();
    let hide = input.decision == "hide";
    run(&ctx, move |svc| moderation::decide(svc, &actor, moderation_id, hide, &input.reason)).await?;
    Ok(finish(format!("/moderation?notice={}", if hide { "content-hidden" } else { "content-restored" }), false))
}

#[server(endpoint = "block_user", client = crate::api::CsrfHeader)]
pub async fn block_user(user_id: UserId, #[server(flatten)] input: BlockInput) -> Result<Done, AppError> {
    let ctx = request_context()?;
    let actor = ctx.actor();
    run(&ctx, move |svc| moderation::block_user(svc, &actor, user_id, &input.reason)).await?;
    Ok(finish("/moderation?notice=user-blocked", false))
}
