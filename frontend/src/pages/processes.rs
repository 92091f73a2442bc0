//! The list of participatory processes and one process's page.

use crate::api::processes::{get_process_detail, list_processes};
use crate::components::notice::Notice;
use crate::context::{t, t_args, use_page};
use crate::pages::common::{upload_url, Loading, PageError};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;
use yoriai_domain::{ProcessId, ProposalId};
use yoriai_views::PhaseView;

#[component]
pub fn ProcessesPage() -> impl IntoView {
    let locale = use_page().locale;
    let list = Resource::new_blocking(|| (), |_| list_processes());
    view! {
        <Title text=t("processes-title") />
        <h1>{t("processes-title")}</h1>
        <p class="lead">{t("processes-intro")}</p>
        <Suspense fallback=Loading>
            {move || {
                list.get()
                    .map(|r| match r {
                        Err(e) => view! { <PageError error=e /> }.into_any(),
                        Ok(items) if items.is_empty() => view! { <p>{t("processes-empty")}</p> }.into_any(),
                        Ok(items) => {
                            view! {
                                <ul class="cards">
                                    {items
                                        .into_iter()
                                        .map(|p| {
                                            view! {
                                                <li class="card">
                                                    {p
                                                        .image
                                                        .clone()
                                                        .map(|k| {
                                                            view! {
                                                                <img
                                                                    class="card-image"
                                                                    src=upload_url(&k, true)
                                                                    alt=""
                                                                    loading="lazy"
                                                                />
                                                            }
                                                        })} <h2>
                                                        <a href=format!(
                                                            "/processes/{}",
                                                            p.slug,
                                                        )>{p.title.get(locale).to_owned()}</a>
                                                    </h2>
                                                    {(!p.published)
                                                        .then(|| {
                                                            view! { <p class="badge">{t("process-unpublished")}</p> }
                                                        })}
                                                    <p>
                                                        {p
                                                            .active_phase
                                                            .as_ref()
                                                            .map(|ph| t_args(
                                                                "process-current-phase",
                                                                &[("phase", ph.get(locale).into())],
                                                            ))
                                                            .unwrap_or_else(|| t("process-no-active-phase"))}
                                                    </p>
                                                    <p>
                                                        {t_args(
                                                            "process-proposal-count",
                                                            &[("count", p.proposal_count.into())],
                                                        )}
                                                    </p>
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
}

fn phase_dates(p: &PhaseView) -> String {
    match (&p.starts_on, &p.ends_on) {
        (Some(s), Some(e)) => format!("{s} – {e}"),
        (Some(s), None) => t_args("phase-from", &[("date", s.clone().into())]),
        (None, Some(e)) => t_args("phase-until", &[("date", e.clone().into())]),
        (None, None) => String::new(),
    }
}

#[component]
pub fn ProcessPage() -> impl IntoView {
    let locale = use_page().locale;
    let params = use_params_map();
    let slug = move || params.read().get("slug").unwrap_or_default();
    let detail = Resource::new_blocking(slug, get_process_detail);
    view! {
        <Suspense fallback=Loading>
            {move || {
                detail
                    .get()
                    .map(|r| match r {
                        Err(e) => view! { <PageError error=e /> }.into_any(),
                        Ok(p) => {
                            let title = p.title.get(locale).to_owned();
                            let settings = p.active_phase.as_ref().map(|a| a.settings.clone()).unwrap_or_default();
                            let open: Vec<&str> = [
                                (settings.proposals_open, "process-open-proposals"),
                                (settings.supports_open, "process-open-supports"),
                                (settings.comments_open, "process-open-comments"),
                            ]
                                .into_iter()
                                .filter(|(on, _)| *on)
                                .map(|(_, k)| k)
                                .collect();
                            view! {
                                <Title text=title.clone() />
                                <Notice />
                                <h1>{title}</h1>
                                {p
                                    .image
                                    .clone()
                                    .map(|k| view! { <img class="hero-image" src=upload_url(&k, false) alt="" /> })}
                                {p
                                    .district
                                    .as_ref()
                                    .map(|d| {
                                        view! {
                                            <p class="meta">
                                                {t_args(
                                                    "process-scope",
                                                    &[("district", d.name.get(locale).to_owned().into())],
                                                )}
                                            </p>
                                        }
                                    })}
                                <div class="prose" inner_html=p.description_html.get(locale).to_owned()></div>
                                <section aria-labelledby="phases-title">
                                    <h2 id="phases-title">{t("process-phases")}</h2>
                                    <ol class="phases">
                                        {p
                                            .phases
                                            .iter()
                                            .map(|ph| {
                                                view! {
                                                    <li class:active=ph.active aria-current=ph.active.then_some("step")>
                                                        <strong>{ph.title.get(locale).to_owned()}</strong>
                                                        " "
                                                        <span class="meta">{phase_dates(ph)}</span>
                                                        {ph
                                                            .active
                                                            .then(|| {
                                                                view! {
                                                                    " "
                                                                    <span class="badge">{t("process-phase-current")}</span>
                                                                }
                                                            })}
                                                    </li>
                                                }
                                            })
                                            .collect_view()}
                                    </ol>
                                    {if open.is_empty() {
                                        view! { <p>{t("process-nothing-open")}</p> }.into_any()
                                    } else {
                                        view! {
                                            <ul class="open-now">
                                                {open.into_iter().map(|k| view! { <li>{t(k)}</li> }).collect_view()}
                                            </ul>
                                        }
                                            .into_any()
                                    }}
                                    {p
                                        .supports_left
                                        .map(|n| {
                                            view! {
                                                <p>
                                                    {t_args("process-supports-left", &[("count", i64::from(n).into())])}
                                                </p>
                                            }
                                        })}
                                </section>
                                <WaitingAnswers process_id=p.id slug=p.slug.clone() answers=p.waiting_answers.clone() />
                                <crate::pages::budgets::ProcessBudgets slug=p.slug.clone() />
                                <p class="actions">
                                    <a class="button" href=format!("/processes/{}/proposals", p.slug)>
                                        {t("process-see-proposals")}
                                    </a>
                                    {p
                                        .can_propose
                                        .then(|| {
                                            view! {
                                                <a
                                                    class="button secondary"
                                                    href=format!("/processes/{}/proposals/new", p.slug)
                                                >
                                                    {t("proposal-new")}
                                                </a>
                                            }
                                        })}
                                    {p
                                        .can_manage
                                        .then(|| {
                                            view! {
                                                <a class="button secondary" href=format!("/admin/processes/{}", p.id)>
                                                    {t("process-manage")}
                                                </a>
                                            }
                                        })}
                                </p>
                            }
                                .into_any()
                        }
                    })
            }}
        </Suspense>
    }
}

/// For staff who answer proposals here (valuators too): the answers saved to publish
/// later, and the button that publishes them all.
#[component]
fn WaitingAnswers(process_id: ProcessId, slug: String, answers: Vec<(ProposalId, String)>) -> impl IntoView {
    let publish = ServerAction::<crate::api::admin::PublishAnswers>::new();
    let error = crate::components::form::form_outcome(publish);
    (!answers.is_empty()).then(move || {
        view! {
            <section id="waiting-answers" class="staff-box" aria-labelledby="waiting-answers-title">
                <h2 id="waiting-answers-title">{t("admin-answers")}</h2>
                <p>{t_args("admin-answers-pending", &[("count", (answers.len() as i64).into())])}</p>
                <ul>
                    {answers
                        .iter()
                        .map(|(id, title)| {
                            view! {
                                <li>
                                    <a href=format!("/proposals/{id}#answer")>{title.clone()}</a>
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
                <ActionForm action=publish attr:class="inline-form">
                    <crate::components::form::ErrorSummary error form_id="publish-answers" />
                    <crate::components::form::CsrfField />
                    <input type="hidden" name="process_id" value=process_id.to_string() />
                    <input type="hidden" name="next" value=format!("/processes/{slug}") />
                    <button type="submit" class="button">
                        {t("admin-answers-publish")}
                    </button>
                </ActionForm>
            </section>
        }
    })
}
