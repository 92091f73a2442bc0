//! One proposal: supports, the official answer, follow, and the staff tools.

use super::discussion::{AnswerSection, CommentsSection};
use super::*;
use yoriai_domain::ProposalId;

/// A small form with one button, posting `fields` to a proposal action.
macro_rules! button_form {
    ($action:expr, $id:expr, $label:expr, $class:expr, [$($name:literal => $value:expr),*]) => {
        view! {
            <ActionForm action=$action attr:class="inline-form">
                <CsrfField/>
                <input type="hidden" name="id" value=$id.to_string()/>
                $(<input type="hidden" name=$name value=$value/>)*
                <button type="submit" class=$class>{$label}</button>
            </ActionForm>
        }
    };
}

#[component]
pub fn ProposalPageView() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.read().get("id").and_then(|v| v.parse::<ProposalId>().ok()).unwrap_or_default();
    let refresh = RwSignal::new(0u32);
    let page = Resource::new_blocking(move || (id(), refresh.get()), |(id, _)| get_proposal_page(id));
    view! {
        <Suspense fallback=Loading>
            {move || {
                page.get()
                    .map(|r| match r {
                        Err(e) => view! { <PageError error=e /> }.into_any(),
                        Ok(p) => view! { <ProposalBody page=p refresh /> }.into_any(),
                    })
            }}
        </Suspense>
    }
}

#[component]
fn ProposalBody(page: Page, refresh: RwSignal<u32>) -> impl IntoView {
    let ctx = use_page();
    let locale = ctx.locale;
    let p = page;
    let id = p.id;
    let support = ServerAction::<SupportProposal>::new();
    let unsupport = ServerAction::<WithdrawSupport>::new();
    let follow = ServerAction::<FollowProposal>::new();
    let publish = ServerAction::<PublishProposal>::new();
    let withdraw = ServerAction::<WithdrawProposal>::new();
    let report = ServerAction::<ReportContent>::new();
    let support_error = form_outcome_then(support, Some(refresh));
    let unsupport_error = form_outcome_then(unsupport, Some(refresh));
    let follow_error = form_outcome_then(follow, Some(refresh));
    let publish_error = form_outcome_then(publish, Some(refresh));
    let withdraw_error = form_outcome_then(withdraw, Some(refresh));
    let report_error = form_outcome_then(report, Some(refresh));
    let draft = p.state == ProposalState::Draft;
    let progress = p.threshold.map(|goal| (p.support_count.min(goal), goal));
    // A hidden proposal's text is not for link previews.
    let preview = if p.hidden { String::new() } else { p.body.clone() };
    view! {
        <Title text=p.title.clone() />
        <ShareMeta title=p.title.clone() description=preview />
        <nav aria-label=t("breadcrumb-label") class="breadcrumb">
            <a href=format!("/processes/{}", p.process_slug)>{p.process_title.get(locale).to_owned()}</a>
            " › "
            <a href=format!("/processes/{}/proposals", p.process_slug)>{t("proposals-title")}</a>
        </nav>
        <Notice />
        {draft
            .then(|| {
                view! {
                    <div class="callout" role="note">
                        <p>
                            <strong>{t("proposal-draft-notice")}</strong>
                        </p>
                        {(!p.similar.is_empty())
                            .then(|| {
                                view! {
                                    <h2>{t("proposal-similar-title")}</h2>
                                    <p>{t("proposal-similar-hint")}</p>
                                    <ul>
                                        {p
                                            .similar
                                            .iter()
                                            .map(|(sid, title)| {
                                                view! {
                                                    <li>
                                                        <a href=format!("/proposals/{sid}")>{title.clone()}</a>
                                                    </li>
                                                }
                                            })
                                            .collect_view()}
                                    </ul>
                                }
                            })}
                        <ErrorSummary error=publish_error form_id="publish" />
                        // A <div>, not a <p>: a <p> cannot hold a <form>, and the browser would
                        // move the form out of it, so hydration would find another tree.
                        <div class="actions">
                            {p
                                .can_edit
                                .allowed
                                .then(|| {
                                    view! {
                                        <a class="button secondary" href=format!("/proposals/{id}/edit")>
                                            {t("proposal-edit")}
                                        </a>
                                    }
                                })}
                            {if p.can_publish.allowed {
                                button_form!(publish, id, t("proposal-publish"), "button", []).into_any()
                            } else {
                                view! { <span>{p.can_publish.reason.as_deref().map(reason_text)}</span> }.into_any()
                            }}
                        </div>
                    </div>
                }
                    .into_any()
            })}
        <article class="proposal">
            <h1>{p.title.clone()}</h1>
            <p class="meta">
                <span>
                    {t_args("proposal-by", &[("name", byline_name(&p.author).into())])}
                    <VerifiedMark verified=p.author.verified />
                </span>
                {p
                    .published_at
                    .clone()
                    .map(|d| {
                        view! {
                            " · "
                            <time>{d}</time>
                        }
                    })}
                {p
                    .category
                    .as_ref()
                    .map(|c| {
                        view! {
                            " "
                            <span class="tag">{c.name.get(locale).to_owned()}</span>
                        }
                    })}
                {p
                    .district
                    .as_ref()
                    .map(|d| {
                        view! {
                            " "
                            <span class="tag">{d.name.get(locale).to_owned()}</span>
                        }
                    })}
                {(p.state == ProposalState::Withdrawn)
                    .then(|| {
                        view! {
                            " "
                            <span class="badge">{t("proposal-state-withdrawn")}</span>
                        }
                    })}
                {p
                    .hidden
                    .then(|| {
                        view! {
                            " "
                            <span class="badge warn">{t("proposal-hidden-badge")}</span>
                        }
                    })}
            </p>
            {p
                .address
                .clone()
                .map(|a| view! { <p class="meta">{t_args("proposal-address", &[("address", a.into())])}</p> })}
            {p
                .latitude
                .zip(p.longitude)
                .map(|(lat, lon)| {
                    view! {
                        <p class="meta">
                            {t_args(
                                "proposal-coordinates",
                                &[("lat", format!("{lat:.5}").into()), ("lon", format!("{lon:.5}").into())],
                            )}
                        </p>
                    }
                })}
            <div class="gallery">
                {p
                    .images
                    .iter()
                    .map(|i| {
                        view! {
                            <img
                                src=upload_url(&i.key, false)
                                alt=i.alt.clone()
                                width=i.width
                                height=i.height
                                loading="lazy"
                            />
                        }
                    })
                    .collect_view()}
            </div>
            <div class="prose" inner_html=p.body_html.clone()></div>
        </article>

        {(!draft)
            .then(|| {
                view! {
                    <section id="supports" aria-labelledby="supports-title" class="support-box">
                        <h2 id="supports-title">{t("proposal-supports-title")}</h2>
                        <p class="big-count">{support_text(p.support_count, p.threshold)}</p>
                        {progress
                            .map(|(value, goal)| {
                                view! {
                                    <progress max=goal value=value aria-label=t("proposal-progress-label")>
                                        {format!("{value}/{goal}")}
                                    </progress>
                                }
                            })}
                        {p.reached.then(|| view! { <p class="badge ok">{t("proposal-reached")}</p> })}
                        <ErrorSummary error=support_error form_id="support" />
                        <ErrorSummary error=unsupport_error form_id="unsupport" />
                        {if p.supported_by_me {
                            view! {
                                <p>{t("proposal-you-support")}</p>
                                {p
                                    .can_withdraw_support
                                    .allowed
                                    .then(|| {
                                        button_form!(
                                            unsupport, id, t("proposal-withdraw-support"), "button secondary", []
                                        )
                                    })}
                            }
                                .into_any()
                        } else if p.can_support.allowed {
                            button_form!(support, id, t("proposal-support"), "button", []).into_any()
                        } else if !p.signed_in {
                            view! {
                                <p>
                                    <a href=format!(
                                        "/sign-in?next=/proposals/{id}",
                                    )>{t("proposal-sign-in-to-support")}</a>
                                </p>
                            }
                                .into_any()
                        } else {
                            view! { <p class="reason">{p.can_support.reason.as_deref().map(reason_text)}</p> }
                                .into_any()
                        }}
                        {p
                            .supports_left
                            .filter(|_| p.signed_in)
                            .map(|n| {
                                view! {
                                    <p class="hint">
                                        {t_args("process-supports-left", &[("count", i64::from(n).into())])}
                                    </p>
                                }
                            })}
                    </section>
                }
                    .into_any()
            })}

        {(p.signed_in && !draft && !p.mine)
            .then(|| {
                view! {
                    <section id="follow" class="follow">
                        <ErrorSummary error=follow_error form_id="follow" />
                        {if p.following {
                            button_form!(follow, id, t("proposal-unfollow"), "button secondary", ["follow" => "false"])
                                .into_any()
                        } else {
                            button_form!(follow, id, t("proposal-follow"), "button secondary", ["follow" => "true"])
                                .into_any()
                        }}
                        <span class="hint">
                            {t_args("proposal-followers", &[("count", i64::from(p.follower_count).into())])}
                        </span>
                    </section>
                }
                    .into_any()
            })}

        {(p.mine && !draft)
            .then(|| {
                view! {
                    <section class="author-actions">
                        {p
                            .can_edit
                            .allowed
                            .then(|| {
                                view! {
                                    <a class="button secondary" href=format!("/proposals/{id}/edit")>
                                        {t("proposal-edit")}
                                    </a>
                                }
                            })}
                        {p
                            .can_withdraw
                            .allowed
                            .then(|| {
                                view! {
                                    <details>
                                        <summary>{t("proposal-withdraw")}</summary>
                                        <p>{t("proposal-withdraw-explain")}</p>
                                        <ErrorSummary error=withdraw_error form_id="withdraw" />
                                        {button_form!(withdraw, id, t("proposal-withdraw-confirm"), "button", [])}
                                    </details>
                                }
                            })}
                    </section>
                }
                    .into_any()
            })}

        <crate::pages::accountability::OutcomesSection outcomes=p.outcomes.clone() />
        {(!p.budget_projects.is_empty())
            .then(|| {
                view! {
                    <section id="budget-projects" aria-labelledby="budget-projects-title">
                        <h2 id="budget-projects-title">{t("proposal-became-project")}</h2>
                        <ul>
                            {p
                                .budget_projects
                                .iter()
                                .map(|l| {
                                    view! {
                                        <li>
                                            <a href=format!("/projects/{}", l.id)>{l.title.clone()}</a>
                                            " ("
                                            {l.budget_title.get(locale).to_owned()}
                                            ")"
                                            {l
                                                .funded
                                                .map(|f| {
                                                    if f {
                                                        view! {
                                                            " "
                                                            <span class="badge ok">{t("project-funded")}</span>
                                                        }
                                                            .into_any()
                                                    } else {
                                                        view! {
                                                            " "
                                                            <span class="badge">{t("project-not-funded")}</span>
                                                        }
                                                            .into_any()
                                                    }
                                                })}
                                        </li>
                                    }
                                })
                                .collect_view()}
                        </ul>
                    </section>
                }
                    .into_any()
            })}
        <AnswerSection
            id
            answer=p.answer.clone()
            can_answer=p.can_answer
            answer_states=p.answer_states.clone()
            refresh
        />

        {(!draft)
            .then(|| {
                view! {
                    <CommentsSection
                        id
                        comments=p.comments.clone()
                        comment_count=p.comment_count
                        can_comment=p.can_comment.clone()
                        signed_in=p.signed_in
                        refresh
                    />
                }
            })}

        {(p.signed_in && !p.mine && !draft)
            .then(|| {
                view! {
                    <details class="report" open=report_error.get_untracked().is_some()>
                        <summary>{t("report-proposal")}</summary>
                        <ReportForm action=report id=id comment_id=None error=report_error />
                    </details>
                }
                    .into_any()
            })}
    }
}
