//! Proposal server functions: drafting, supports, comments, follows, reports, answers.

use crate::components::form::Done;
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;
use yoriai_views::ProposalPage;

#[cfg(feature = "ssr")]
use super::{echo, opt_id};
#[cfg(feature = "ssr")]
use crate::ssr::{finish, request_context, run};
#[cfg(feature = "ssr")]
use yoriai_services::proposals as cmd;

#[server(endpoint = "proposal_page", input = GetUrl)]
pub async fn get_proposal_page(id: i64) -> Result<ProposalPage, AppError> {
    let ctx = request_context()?;
    let actor = ctx.actor();
    run(&ctx, move |svc| cmd::proposal_page(svc, &actor, id)).await
}

#[cfg(feature = "ssr")]
fn proposal_input(
    title: String,
    body: String,
    category_id: Option<String>,
    district_id: Option<String>,
    address: Option<String>,
    latitude: Option<String>,
    longitude: Option<String>,
) -> cmd::ProposalInput {
    cmd::ProposalInput {
        title,
        body,
        category_id: opt_id(&category_id),
        district_id: opt_id(&district_id),
        address: address.unwrap_or_default(),
        latitude: latitude.unwrap_or_default(),
        longitude: longitude.unwrap_or_default(),
    }
}

#[allow(clippy::too_many_arguments)]
#[server(endpoint = "create_draft")]
pub async fn create_draft(
    csrf: String,
    slug: String,
    title: String,
    body: String,
    category_id: Option<String>,
    district_id: Option<String>,
    address: Option<String>,
    latitude: Option<String>,
    longitude: Option<String>,
) -> Result<Done, AppError> {
    let _ = csrf;
    let ctx = request_context()?;
    let values = echo(&[
        ("title", &title),
        ("body", &body),
        ("category_id", category_id.as_deref().unwrap_or("")),
        ("district_id", district_id.as_deref().unwrap_or("")),
        ("address", address.as_deref().unwrap_or("")),
        ("latitude", latitude.as_deref().unwrap_or("")),
        ("longitude", longitude.as_deref().unwrap_or("")),
    ]);
    let actor = ctx.actor();
    let input = proposal_input(title, body, category_id, district_id, address, latitude, longitude);
    let id =
        run(&ctx, move |svc| cmd::create_draft(svc, &actor, &slug, input)).await.map_err(|e| e.with_values(values))?;
    Ok(finish(format!("/proposals/{id}?notice=draft-saved"), false))
}

#[allow(clippy::too_many_arguments)]
#[server(endpoint = "update_proposal")]
pub async fn update_proposal(
    csrf: String,
    id: i64,
    title: String,
    body: String,
    category_id: Option<String>,
    district_id: Option<String>,
    address: Option<String>,
    latitude: Option<String>,
    longitude: Option<String>,
) -> Result<Done, AppError> {
    let _ = csrf;
    let ctx = request_context()?;
    let values = echo(&[
        ("title", &title),
        ("body", &body),
        ("category_id", category_id.as_deref().unwrap_or("")),
        ("district_id", district_id.as_deref().unwrap_or("")),
        ("address", address.as_deref().unwrap_or("")),
        ("latitude", latitude.as_deref().unwrap_or("")),
        ("longitude", longitude.as_deref().unwrap_or("")),
    ]);
    let actor = ctx.actor();
    let input = proposal_input(title, body, category_id, district_id, address, latitude, longitude);
    run(&ctx, move |svc| cmd::update_proposal(svc, &actor, id, input)).await.map_err(|e| e.with_values(values))?;
    Ok(finish(format!("/proposals/{id}?notice=proposal-saved"), false))
}

/// Runs a command about a proposal and comes back to its page with a notice.
#[cfg(feature = "ssr")]
async fn on_proposal<T: Send + 'static>(
    id: i64,
    notice: &str,
    anchor: &str,
    f: impl FnOnce(&yoriai_services::Services, &yoriai_domain::Actor) -> yoriai_services::ServiceResult<T> + Send + 'static,
) -> Result<Done, AppError> {
    let ctx = request_context()?;
    let actor = ctx.actor();
    run(&ctx, move |svc| f(svc, &actor)).await?;
    Ok(finish(format!("/proposals/{id}?notice={notice}#{anchor}"), false))
}

#[server(endpoint = "publish_proposal")]
pub async fn publish_proposal(csrf: String, id: i64) -> Result<Done, AppError> {
    let _ = csrf;
    on_proposal(id, "published", "main", move |svc, actor| cmd::publish_proposal(svc, actor, id)).await
}

#[server(endpoint = "withdraw_proposal")]
pub async fn withdraw_proposal(csrf: String, id: i64) -> Result<Done, AppError> {
    let _ = csrf;
    on_proposal(id, "withdrawn", "main", move |svc, actor| cmd::withdraw_proposal(svc, actor, id)).await
}

#[server(endpoint = "support_proposal")]
pub async fn support_proposal(csrf: String, id: i64) -> Result<Done, AppError> {
    let _ = csrf;
    on_proposal(id, "supported", "supports", move |svc, actor| cmd::support_proposal(svc, actor, id)).await
}

#[server(endpoint = "withdraw_support")]
pub async fn withdraw_support(csrf: String, id: i64) -> Result<Done, AppError> {
    let _ = csrf;
    on_proposal(id, "support-withdrawn", "supports", move |svc, actor| cmd::withdraw_support(svc, actor, id)).await
}

#[server(endpoint = "follow_proposal")]
pub async fn follow_proposal(csrf: String, id: i64, follow: String) -> Result<Done, AppError> {
    let _ = csrf;
    if follow == "true" {
        on_proposal(id, "following", "follow", move |svc, actor| cmd::follow_proposal(svc, actor, id)).await
    } else {
        on_proposal(id, "not-following", "follow", move |svc, actor| cmd::unfollow_proposal(svc, actor, id)).await
    }
}

#[server(endpoint = "add_comment")]
pub async fn add_comment(
    csrf: String,
    id: i64,
    body: String,
    stance: Option<String>,
    parent_id: Option<String>,
) -> Result<Done, AppError> {
    let _ = csrf;
    let ctx = request_context()?;
    let values = echo(&[("body", &body), ("stance", stance.as_deref().unwrap_or(""))]);
    let actor = ctx.actor();
    let input = cmd::CommentInput { body, stance: stance.unwrap_or_default(), parent_id: opt_id(&parent_id) };
    let cid =
        run(&ctx, move |svc| cmd::add_comment(svc, &actor, id, input)).await.map_err(|e| e.with_values(values))?;
    Ok(finish(format!("/proposals/{id}?notice=commented#comment-{cid}"), false))
}

#[server(endpoint = "edit_comment")]
pub async fn edit_comment(
    csrf: String,
    id: i64,
    comment_id: i64,
    body: String,
    stance: Option<String>,
) -> Result<Done, AppError> {
    let _ = csrf;
    let input = cmd::CommentInput { body, stance: stance.unwrap_or_default(), parent_id: None };
    let anchor = format!("comment-{comment_id}");
    on_proposal(id, "comment-saved", &anchor, move |svc, actor| cmd::edit_comment(svc, actor, comment_id, input)).await
}

#[server(endpoint = "delete_comment")]
pub async fn delete_comment(csrf: String, id: i64, comment_id: i64) -> Result<Done, AppError> {
    let _ = csrf;
    on_proposal(id, "comment-deleted", "comments", move |svc, actor| cmd::delete_comment(svc, actor, comment_id)).await
}

#[server(endpoint = "vote_comment")]
pub async fn vote_comment(csrf: String, id: i64, comment_id: i64, value: i32) -> Result<Done, AppError> {
    let _ = csrf;
    let anchor = format!("comment-{comment_id}");
    on_proposal(id, "voted", &anchor, move |svc, actor| cmd::vote_comment(svc, actor, comment_id, value)).await
}

#[server(endpoint = "report_content")]
pub async fn report_content(
    csrf: String,
    id: i64,
    comment_id: Option<String>,
    reason: String,
    details: Option<String>,
) -> Result<Done, AppError> {
    let _ = csrf;
    let target = match opt_id(&comment_id) {
        Some(c) => cmd::Target::Comment(c),
        None => cmd::Target::Proposal(id),
    };
    let details = details.unwrap_or_default();
    on_proposal(id, "reported", "main", move |svc, actor| cmd::report_content(svc, actor, target, &reason, &details))
        .await
}

#[server(endpoint = "answer_proposal")]
pub async fn answer_proposal(
    csrf: String,
    id: i64,
    state: String,
    text: String,
    cost: Option<String>,
    publish: Option<String>,
) -> Result<Done, AppError> {
    let _ = csrf;
    let ctx = request_context()?;
    let values = echo(&[("state", &state), ("text", &text), ("cost", cost.as_deref().unwrap_or(""))]);
    let actor = ctx.actor();
    let input = cmd::AnswerInput { state, text, cost: cost.unwrap_or_default(), publish: super::checked(&publish) };
    run(&ctx, move |svc| cmd::answer_proposal(svc, &actor, id, input)).await.map_err(|e| e.with_values(values))?;
    Ok(finish(format!("/proposals/{id}?notice=answered#answer"), false))
}

#[server(endpoint = "remove_proposal_image")]
pub async fn remove_proposal_image(csrf: String, id: i64, upload_id: i64) -> Result<Done, AppError> {
    let _ = csrf;
    let ctx = request_context()?;
    let actor = ctx.actor();
    run(&ctx, move |svc| cmd::remove_proposal_image(svc, &actor, id, upload_id)).await?;
    Ok(finish(format!("/proposals/{id}/edit?notice=image-removed#images"), false))
}
