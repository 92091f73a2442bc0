//! Proposal server functions: drafting, supports, comments, follows, reports, answers.

use crate::components::form::Done;
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;
use yoriai_domain::{CommentId, ProposalId, UploadId};
use yoriai_views::proposals::{AnswerInput, CommentInput, CommentVoteInput, FlagInput, ProposalInput};
use yoriai_views::ProposalPage;

#[cfg(feature = "ssr")]
use super::{echo, echo_of};
#[cfg(feature = "ssr")]
use crate::ssr::{finish, request_context, run};
#[cfg(feature = "ssr")]
use yoriai_services::proposals as cmd;

#[server(endpoint = "proposal_page", input = GetUrl)]
pub async fn get_proposal_page(id: ProposalId) -> Result<ProposalPage, AppError> {
    let ctx = request_context()?;
    let actor = ctx.actor();
    run(&ctx, move |svc| cmd::proposal_page(svc, &actor, id)).await
}

#[server(endpoint = "create_draft", client = crate::api::CsrfHeader)]
pub async fn create_draft(slug: String, #[server(flatten)] input: ProposalInput) -> Result<Done, AppError> {
    let ctx = request_context()?;
    let values = echo_of(&input);
    let actor = ctx.actor();
    let id =
        run(&ctx, move |svc| cmd::create_draft(svc, &actor, &slug, input)).await.map_err(|e| e.with_values(values))?;
    Ok(finish(format!("/proposals/{id}?notice=draft-saved"), false))
}

#[server(endpoint = "update_proposal", client = crate::api::CsrfHeader)]
pub async fn update_proposal(id: ProposalId, #[server(flatten)] input: ProposalInput) -> Result<Done, AppError> {
    let ctx = request_context()?;
    let values = echo_of(&input);
    let actor = ctx.actor();
    run(&ctx, move |svc| cmd::update_proposal(svc, &actor, id, input)).await.map_err(|e| e.with_values(values))?;
    Ok(finish(format!("/proposals/{id}?notice=proposal-saved"), false))
}

/// Runs a command about a proposal and comes back to its page with a notice.
#[cfg(feature = "ssr")]
async fn on_proposal<T: Send + 'static>(
    id: ProposalId,
    notice: &str,
    anchor: &str,
    f: impl FnOnce(&yoriai_services::Services, &yoriai_domain::Actor) -> yoriai_services::ServiceResult<T> + Send + 'static,
) -> Result<Done, AppError> {
    let ctx = request_context()?;
    let actor = ctx.actor();
    run(&ctx, move |svc| f(svc, &actor)).await?;
    Ok(finish(format!("/proposals/{id}?notice={notice}#{anchor}"), false))
}

#[server(endpoint = "publish_proposal", client = crate::api::CsrfHeader)]
pub async fn publish_proposal(id: ProposalId) -> Result<Done, AppError> {
    on_proposal(id, "published", "main", move |svc, actor| cmd::publish_proposal(svc, actor, id)).await
}

#[server(endpoint = "withdraw_proposal", client = crate::api::CsrfHeader)]
pub async fn withdraw_proposal(id: ProposalId) -> Result<Done, AppError> {
    on_proposal(id, "withdrawn", "main", move |svc, actor| cmd::withdraw_proposal(svc, actor, id)).await
}

#[server(endpoint = "support_proposal", client = crate::api::CsrfHeader)]
pub async fn support_proposal(id: ProposalId) -> Result<Done, AppError> {
    on_proposal(id, "supported", "supports", move |svc, actor| cmd::support_proposal(svc, actor, id)).await
}

#[server(endpoint = "withdraw_support", client = crate::api::CsrfHeader)]
pub async fn withdraw_support(id: ProposalId) -> Result<Done, AppError> {
    on_proposal(id, "support-withdrawn", "supports", move |svc, actor| cmd::withdraw_support(svc, actor, id)).await
}

#[server(endpoint = "follow_proposal", client = crate::api::CsrfHeader)]
pub async fn follow_proposal(id: ProposalId, follow: String) -> Result<Done, AppError> {
    if follow == "true" {
        on_proposal(id, "following", "follow", move |svc, actor| cmd::follow_proposal(svc, actor, id)).await
    } else {
        on_proposal(id, "not-following", "follow", move |svc, actor| cmd::unfollow_proposal(svc, actor, id)).await
    }
}

#[server(endpoint = "add_comment", client = crate::api::CsrfHeader)]
pub async fn add_comment(id: ProposalId, #[server(flatten)] input: CommentInput) -> Result<Done, AppError> {
    let ctx = request_context()?;
    let values = echo(&[("body", &input.body), ("stance", &input.stance)]);
    let actor = ctx.actor();
    let cid =
        run(&ctx, move |svc| cmd::add_comment(svc, &actor, id, input)).await.map_err(|e| e.with_values(values))?;
    Ok(finish(format!("/proposals/{id}?notice=commented#comment-{cid}"), false))
}

#[server(endpoint = "edit_comment", client = crate::api::CsrfHeader)]
pub async fn edit_comment(
    id: ProposalId,
    comment_id: CommentId,
    #[server(flatten)] input: CommentInput,
) -> Result<Done, AppError> {
    let input = CommentInput { parent_id: None, ..input };
    let anchor = format!("comment-{comment_id}");
    on_proposal(id, "comment-saved", &anchor, move |svc, actor| cmd::edit_comment(svc, actor, comment_id, input)).await
}

#[server(endpoint = "delete_comment", client = crate::api::CsrfHeader)]
pub async fn delete_comment(id: ProposalId, comment_id: CommentId) -> Result<Done, AppError> {
    on_proposal(id, "comment-deleted", "comments", move |svc, actor| cmd::delete_comment(svc, actor, comment_id)).await
}

#[server(endpoint = "vote_comment", client = crate::api::CsrfHeader)]
pub async fn vote_comment(id: ProposalId, #[server(flatten)] input: CommentVoteInput) -> Result<Done, AppError> {
    // A vote is 1, -1 or 0 (the command checks the range); no comment is comment 0, not found.
    let comment_id = input.comment_id.unwrap_or_default();
    let Ok(value) = input.value.trim().parse::<i32>() else {
        return Err(AppError::new(yoriai_domain::ErrorCode::InvalidInput));
    };
    let anchor = format!("comment-{comment_id}");
    on_proposal(id, "voted", &anchor, move |svc, actor| cmd::vote_comment(svc, actor, comment_id, value)).await
}

#[server(endpoint = "report_content", client = crate::api::CsrfHeader)]
pub async fn report_content(id: ProposalId, #[server(flatten)] input: FlagInput) -> Result<Done, AppError> {
    let target = match input.comment_id {
        Some(c) => cmd::Target::Comment(c),
        None => cmd::Target::Proposal(id),
    };
    on_proposal(id, "reported", "main", move |svc, actor| {
        cmd::flag_content(svc, actor, target, &input.reason, &input.details)
    })
    .await
}

#[server(endpoint = "answer_proposal", client = crate::api::CsrfHeader)]
pub async fn answer_proposal(id: ProposalId, #[server(flatten)] input: AnswerInput) -> Result<Done, AppError> {
    let ctx = request_context()?;
    let values = echo_of(&input);
    let actor = ctx.actor();
    run(&ctx, move |svc| cmd::answer_proposal(svc, &actor, id, input)).await.map_err(|e| e.with_values(values))?;
    Ok(finish(format!("/proposals/{id}?notice=answered#answer"), false))
}

#[server(endpoint = "remove_proposal_image", client = crate::api::CsrfHeader)]
pub async fn remove_proposal_image(id: ProposalId, upload_id: UploadId) -> Result<Done, AppError> {
    let ctx = request_context()?;
    let actor = ctx.actor();
    run(&ctx, move |svc| cmd::remove_proposal_image(svc, &actor, id, upload_id)).await?;
    Ok(finish(format!("/proposals/{id}/edit?notice=image-removed#images"), false))
}
