//! The moderators' queue.

use crate::api::moderation::*;
use crate::components::form::{form_outcome, CsrfField, ErrorSummary};
use crate::components::notice::Notice;
use crate::context::{t, t_args, use_page};
use crate::pages::common::{Loading, PageError};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Redirect;
use leptos_router::hooks::use_query_map;

#[component]
pub fn ModerationPage() -> impl IntoView {
    if use_page().user.is_none() {
        return view! { <Redirect path="/sign-in?next=/moderation" /> }.into_any();
    }
    // Blocking is platform-wide: moderators of a single process do not see the form.
    let may_block = use_page().may(&yoriai_domain::Action::BlockUser { target_role: yoriai_domain::Role::Resident });
    let query = use_query_map();
    let state = move || query.read().get("state");
    let data = Resource::new_blocking(state, moderation_queue);
    let decide = ServerAction::<Moderate>::new();
    let decide_error = form_outcome(decide);
    let block = ServerAction::<BlockUser>::new();
    let block_error = form_outcome(block);
    view! {
        <Title text=t("moderation-title") />
        <Notice />
        <h1>{t("moderation-title")}</h1>
        <nav aria-label=t("moderation-tabs") class="tabs">
            <a href="/moderation">{t("moderation-pending")}</a>
            " · "
            <a href="/moderation?state=hidden">{t("moderation-hidden")}</a>
            " · "
            <a href="/moderation?state=restored">{t("moderation-restored")}</a>
        </nav>
        <ErrorSummary error=decide_error form_id="decide" />
        <ErrorSummary error=block_error form_id="block" />
        <Suspense fallback=Loading>
            {move || {
                data.get()
                    .map(|r| match r {
                        Err(e) => view! { <PageError error=e /> }.into_any(),
                        Ok(items) if items.is_empty() => view! { <p>{t("moderation-empty")}</p> }.into_any(),
                        Ok(items) => {
                            view! {
                                <ul class="moderation-queue">
                                    {items
                                        .into_iter()
                                        .map(|m| {
                                            let mid = m.id;
                                            let link = m
                                                .proposal_id
                                                .map(|p| {
                                                    if m.target_type == "comment" {
                                                        format!("/proposals/{p}#comment-{}", m.target_id)
                                                    } else {
                                                        format!("/proposals/{p}")
                                                    }
                                                });
                                            view! {
                                                <li class="card">
                                                    <p class="meta">
                                                        <span class="badge">
                                                            {t(&format!("moderation-type-{}", m.target_type))}
                                                        </span>
                                                        " "
                                                        {t_args(
                                                            "moderation-reports",
                                                            &[("count", i64::from(m.report_count).into())],
                                                        )}
                                                        {m
                                                            .hidden
                                                            .then(|| {
                                                                view! {
                                                                    " "
                                                                    <span class="badge warn">{t("proposal-hidden-badge")}</span>
                                                                }
                                                            })}
                                                    </p>
                                                    <h2>
                                                        {match link {
                                                            Some(l) => {
                                                                view! { <a href=l>{m.title.clone()}</a> }.into_any()
                                                            }
                                                            None => view! { <span>{m.title.clone()}</span> }.into_any(),
                                                        }}
                                                    </h2>
                                                    <blockquote>{m.excerpt.clone()}</blockquote>
                                                    <p class="meta">
                                                        {m
                                                            .author
                                                            .clone()
                                                            .map(|a| t_args("proposal-by", &[("name", a.into())]))}
                                                    </p>
                                                    <ul class="reasons">
                                                        {m
                                                            .reasons
                                                            .iter()
                                                            .map(|(r, d)| {
                                                                view! {
                                                                    <li>
                                                                        <strong>{t(&format!("report-reason-{r}"))}</strong>
                                                                        {(!d.is_empty()).then(|| format!(": {d}"))}
                                                                    </li>
                                                                }
                                                            })
                                                            .collect_view()}
                                                    </ul>
                                                    <ActionForm action=decide attr:id=format!("decide-{mid}")>
                                                        <CsrfField />
                                                        <input
                                                            type="hidden"
                                                            name="moderation_id"
                                                            value=mid.to_string()
                                                        />
                                                        <div class="field">
                                                            <label for=format!(
                                                                "decide-{mid}-reason",
                                                            )>{t("moderation-reason")}</label>
                                                            <textarea
                                                                id=format!("decide-{mid}-reason")
                                                                name="reason"
                                                                rows=2
                                                                required=true
                                                            ></textarea>
                                                        </div>
                                                        <fieldset>
                                                            <legend>{t("moderation-decision")}</legend>
                                                            <div class="radio">
                                                                <input
                                                                    type="radio"
                                                                    id=format!("decide-{mid}-hide")
                                                                    name="decision"
                                                                    value="hide"
                                                                    checked=true
                                                                />
                                                                <label for=format!(
                                                                    "decide-{mid}-hide",
                                                                )>{t("moderation-hide")}</label>
                                                            </div>
                                                            <div class="radio">
                                                                <input
                                                                    type="radio"
                                                                    id=format!("decide-{mid}-restore")
                                                                    name="decision"
                                                                    value="restore"
                                                                />
                                                                <label for=format!(
                                                                    "decide-{mid}-restore",
                                                                )>{t("moderation-restore")}</label>
                                                            </div>
                                                        </fieldset>
                                                        <button type="submit" class="button">
                                                            {t("moderation-decide")}
                                                        </button>
                                                    </ActionForm>
                                                    {m
                                                        .author_id
                                                        .filter(|_| may_block)
                                                        .map(|uid| {
                                                            view! {
                                                                <details>
                                                                    <summary>{t("moderation-block")}</summary>
                                                                    <ActionForm action=block attr:id=format!("block-{mid}")>
                                                                        <CsrfField />
                                                                        <input type="hidden" name="user_id" value=uid.to_string() />
                                                                        <div class="field">
                                                                            <label for=format!(
                                                                                "block-{mid}-reason",
                                                                            )>{t("moderation-reason")}</label>
                                                                            <textarea
                                                                                id=format!("block-{mid}-reason")
                                                                                name="reason"
                                                                                rows=2
                                                                                required=true
                                                                            ></textarea>
                                                                        </div>
                                                                        <p class="hint">{t("moderation-block-explain")}</p>
                                                                        <button type="submit" class="button">
                                                                            {t("moderation-block-confirm")}
                                                                        </button>
                                                                    </ActionForm>
                                                                </details>
                                                            }
                                                        })}
                                                </li>
                                            }
                                        })
                                        .collect_view()}
                                </ul>
                            }
                                .into_any()
                        }
                    })
            }}
        </Suspense>
    }
    .into_any()
}
