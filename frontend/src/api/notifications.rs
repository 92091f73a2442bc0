//! Notification server functions.

use crate::components::form::Done;
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;
use yoriai_views::NotificationsPage;

#[cfg(feature = "ssr")]
use crate::ssr::{finish, request_context, run};
#[cfg(feature = "ssr")]
use yoriai_services::notify;

#[server(endpoint = "notifications_page", input = GetUrl)]
pub async fn get_notifications() -> Result<NotificationsPage, AppError> {
    let ctx = request_context()?;
    let actor = ctx.actor();
    run(&ctx, move |svc| notify::notifications_page(svc, &actor)).await
}

#[server(endpoint = "mark_notifications_read", client = crate::api::CsrfHeader)]
pub async fn mark_notifications_read() -> Result<Done, AppError> {
    let ctx = request_context()?;
    let actor = ctx.actor();
    run(&ctx, move |svc| notify::mark_all_read(svc, &actor)).await?;
    // The header's unread count changes: reload the page.
    Ok(finish("/notifications?notice=notifications-read", true))
}

#[server(endpoint = "set_notification_email", client = crate::api::CsrfHeader)]
pub async fn set_notification_email(email: String) -> Result<Done, AppError> {
    let ctx = request_context()?;
    let actor = ctx.actor();
    run(&ctx, move |svc| notify::set_email_setting(svc, &actor, &email)).await?;
    Ok(finish("/notifications?notice=settings-saved", false))
}
