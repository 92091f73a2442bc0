//! The resident's notifications and how they are emailed.

use crate::api::notifications::*;
use crate::components::form::{form_outcome, CsrfField, ErrorSummary, SubmitButton};
use crate::components::notice::Notice;
use crate::context::{t, use_page};
use crate::pages::common::{Loading, PageError};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Redirect;

#[component]
pub fn NotificationsPage() -> impl IntoView {
    let ctx = use_page();
    if ctx.user.is_none() {
        return view! { <Redirect path="/sign-in?next=/notifications" /> }.into_any();
    }
    let locale = ctx.locale;
    let data = Resource::new_blocking(|| (), |_| get_notifications());
    let read = ServerAction::<MarkNotificationsRead>::new();
    let read_error = form_outcome(read);
    let setting = ServerAction::<SetNotificationEmail>::new();
    let setting_error = form_outcome(setting);
    let pending = setting.pending().into();
    view! {
        <Title text=t("notifications-title") />
        <Notice />
        <h1>{t("notifications-title")}</h1>
        <Suspense fallback=Loading>
            {move || {
                data.get()
                    .map(|r| match r {
                        Err(e) => view! { <PageError error=e /> }.into_any(),
                        Ok(page) => {
                            let current = page.email_setting.clone();
                            let has_unread = page.items.iter().any(|n| !n.read);
                            view! {
                                {(!page.email_consent)
                                    .then(|| {
                                        view! {
                                            <p class="callout">
                                                {t("notifications-email-consent-off")} " "
                                                <a href="/account/privacy#purpose-email_updates">{t("privacy-open")}</a>
                                            </p>
                                        }
                                    })}
                                {has_unread
                                    .then(|| {
                                        view! {
                                            <ErrorSummary error=read_error form_id="read" />
                                            <ActionForm action=read attr:class="inline-form">
                                                <CsrfField />
                                                <button type="submit" class="button secondary">
                                                    {t("notifications-mark-read")}
                                                </button>
                                            </ActionForm>
                                        }
                                    })}
                                {if page.items.is_empty() {
                                    view! { <p>{t("notifications-empty")}</p> }.into_any()
                                } else {
                                    view! {
                                        <ul class="notifications">
                                            {page
                                                .items
                                                .iter()
                                                .map(|n| {
                                                    let text = yoriai_i18n::t_args(
                                                        locale,
                                                        &n.kind.message_key(),
                                                        &[("title", n.subject_title.clone().unwrap_or_default().into())],
                                                    );
                                                    let href = n
                                                        .proposal_id
                                                        .map(|p| match n.comment_id {
                                                            Some(c) => format!("/proposals/{p}#comment-{c}"),
                                                            None => format!("/proposals/{p}"),
                                                        })
                                                        .or(n.report_id.map(|r| format!("/reports/{r}")));
                                                    view! {
                                                        <li class:unread=!n
                                                            .read>
                                                            {(!n.read)
                                                                .then(|| {
                                                                    view! {
                                                                        <span class="visually-hidden">
                                                                            {t("notifications-unread")}
                                                                        </span>
                                                                    }
                                                                })}
                                                            {match href {
                                                                Some(h) => view! { <a href=h>{text}</a> }.into_any(),
                                                                None => view! { <span>{text}</span> }.into_any(),
                                                            }} " " <time class="meta">{n.created_at.clone()}</time>
                                                        </li>
                                                    }
                                                })
                                                .collect_view()}
                                        </ul>
                                    }
                                        .into_any()
                                }}
                                <section aria-labelledby="email-setting-title">
                                    <h2 id="email-setting-title">{t("notifications-email-title")}</h2>
                                    <ActionForm action=setting attr:id="email-setting">
                                        <ErrorSummary error=setting_error form_id="email-setting" />
                                        <CsrfField />
                                        <fieldset>
                                            <legend>{t("notifications-email-legend")}</legend>
                                            {["immediate", "daily", "none"]
                                                .into_iter()
                                                .map(|v| {
                                                    let id = format!("email-{v}");
                                                    let is = v == current;
                                                    view! {
                                                        <div class="radio">
                                                            <input
                                                                type="radio"
                                                                id=id.clone()
                                                                name="email"
                                                                value=v
                                                                checked=is
                                                            />
                                                            <label for=id>
                                                                {t(&format!("notifications-email-{v}"))}
                                                            </label>
                                                        </div>
                                                    }
                                                })
                                                .collect_view()}
                                        </fieldset>
                                        <SubmitButton label="notifications-email-save" pending />
                                    </ActionForm>
                                </section>
                            }
                                .into_any()
                        }
                    })
            }}
        </Suspense>
    }
    .into_any()
}
