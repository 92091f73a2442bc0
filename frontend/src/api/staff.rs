//! Server functions of the staff console's log and accounts.

use crate::components::form::Done;
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;
use yoriai_domain::UserId;
use yoriai_views::staff::{ActionLogPage, LogQuery, UsersPage};

#[cfg(feature = "ssr")]
use crate::ssr::{finish, request_context, run};

#[server(endpoint = "action_log", input = GetUrl)]
pub async fn get_action_log(#[server(default)] q: LogQuery) -> Result<ActionLogPage, AppError> {
    let ctx = request_context()?;
    let actor = ctx.actor();
    run(&ctx, move |svc| yoriai_services::staff::action_log(svc, &actor, q)).await
}

#[server(endpoint = "users", input = GetUrl)]
pub async fn get_users(q: Option<String>, role: Option<String>) -> Result<UsersPage, AppError> {
    let ctx = request_context()?;
    let actor = ctx.actor();
    run(&ctx, move |svc| {
        yoriai_services::staff::users_page(
            svc,
            &actor,
            q.as_deref().unwrap_or(""),
            role.as_deref().filter(|r| !r.is_empty()),
        )
    })
    .await
}

#[server(endpoint = "set_user_role", client = crate::api::CsrfHeader)]
pub async fn set_user_role(user_id: UserId, role: String) -> Result<Done, AppError> {
    let ctx = request_context()?;
    let actor = ctx.actor();
    run(&ctx, move |svc| yoriai_services::staff::set_user_role(svc, &actor, user_id, &role)).await?;
    Ok(finish(format!("/admin/users?notice=role-changed#user-{user_id}"), true))
}
