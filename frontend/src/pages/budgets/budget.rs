//! One budget: its headings and projects, and the resident's ballot.

use super::*;
use yoriai_domain::{BudgetId, HeadingId};

#[component]
pub fn BudgetPageView() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let id = move || params.read().get("id").and_then(|v| v.parse::<BudgetId>().ok()).unwrap_or_default();
    let heading = move || query.read().get("heading").and_then(|v| v.parse::<HeadingId>().ok());
    let refresh = RwSignal::new(0u32);
    let page = Resource::new_blocking(move || (id(), heading(), refresh.get()), |(id, h, _)| get_budget_page(id, h));
    view! {
        <Suspense fallback=Loading>
            {move || {
                page.get()
                    .map(|r| match r {
                        Err(e) => view! { <PageError error=e /> }.into_any(),
                        Ok(d) => view! { <BudgetBody data=d refresh /> }.into_any(),
                    })
            }}
        </Suspense>
    }
}

#[component]
fn BudgetBody(data: BudgetPageData, refresh: RwSignal<u32>) -> impl IntoView {
    let locale = use_page().locale;
    let BudgetPageData { page: p, receipt } = data;
    let info = p.info.clone();
    let id = info.id;
    let add = ServerAction::<AddToBallot>::new();
    let remove = ServerAction::<RemoveFromBallot>::new();
    let checkout = ServerAction::<CheckOutBallot>::new();
    let reopen = ServerAction::<ReopenBallot>::new();
    let add_error = form_outcome_then(add, Some(refresh));
    let remove_error = form_outcome_then(remove, Some(refresh));
    let checkout_error = form_outcome_then(checkout, Some(refresh));
    let reopen_error = form_outcome_then(reopen, Some(refresh));
    let heading = p.heading_id.and_then(|h| p.headings.iter().find(|x| x.id == h)).cloned();
    let amount = heading.as_ref().map_or(0, |h| h.amount);
    let heading_id = heading.as_ref().map_or(HeadingId::default(), |h| h.id);
    let here = format!("/budgets/{id}?heading={heading_id}");
    // The ballot shown beside this heading's projects (if it is in another heading, a link).
    let ballot_here = p.ballot.clone().filter(|b| b.heading_id == heading_id);
    let ballot_elsewhere = p
        .ballot
        .clone()
        .filter(|b| b.heading_id != heading_id && b.line_count > 0)
        .and_then(|b| p.headings.iter().find(|h| h.id == b.heading_id).cloned());
    let checked_out = ballot_here.as_ref().is_some_and(|b| b.checked_out);
    let voting = info.state == BudgetState::Voting;
    let can_vote = p.can_vote.allowed && !checked_out;
    let cumulative = info.ballot_rule == BallotRule::Cumulative;
    let title = info.title.get(locale).to_owned();
    let process_title = info.process_title.get(locale).to_owned();
    let rule_text = ballot_rule_text(&info, amount, locale);
    let headings = p.headings.clone();
    let multi = headings.len() > 1;
    let reason = p.can_vote.reason.clone();
    let cards = p.projects.clone();
    let unfeasible = p.unfeasible.clone();
    let info_for_meter = info.clone();
    let currency = info.currency.clone();
    view! {
        <Title text=title.clone() />
        <nav aria-label=t("breadcrumb-label") class="breadcrumb">
            <a href=format!("/processes/{}", info.process_slug)>{process_title}</a>
        </nav>
        <Notice />
        <h1>{title}</h1>
        <p class="meta">
            <span class=format!("badge budget-{}", info.state)>{state_label(info.state)}</span>
            " "
            {t_args("budget-total", &[("amount", money(info.total_amount, &info.currency, locale).into())])}
            {info
                .requires_verification
                .then(|| {
                    view! {
                        " "
                        <span class="tag">{t("budget-verified-only")}</span>
                    }
                })}
        </p>
        <ImportedNote source=info.imported_from.clone() />
        <div class="prose" inner_html=info.description_html.get(locale).to_owned()></div>
        {p
            .can_view_tally
            .then(|| {
                view! {
                    <p>
                        <a class="button" href=format!("/budgets/{id}/results")>
                            {t("budget-see-results")}
                        </a>
                    </p>
                }
            })}
        {(p.can_manage || p.can_valuate)
            .then(|| {
                view! {
                    <p>
                        <a class="button secondary" href=format!("/admin/budgets/{id}")>
                            {t("budget-manage")}
                        </a>
                    </p>
                }
            })}

        <section aria-labelledby="how-title" class="how">
            <h2 id="how-title">{t("budget-how-title")}</h2>
            <p>{rule_text}</p>
            <TallyExplanation rule=info.tally_rule.as_str().to_owned() />
        </section>

        {multi
            .then(|| {
                view! {
                    <nav aria-labelledby="headings-title" class="headings">
                        <h2 id="headings-title">{t("budget-headings")}</h2>
                        <ul>
                            {headings
                                .iter()
                                .map(|h| {
                                    let current = h.id == heading_id;
                                    let name = h.name.get(locale).to_owned();
                                    view! {
                                        <li>
                                            <a
                                                href=format!("/budgets/{id}?heading={}", h.id)
                                                aria-current=current.then_some("page")
                                            >
                                                {name}
                                            </a>
                                            " "
                                            <span class="meta">{money(h.amount, &info.currency, locale)}</span>
                                        </li>
                                    }
                                })
                                .collect_view()}
                        </ul>
                    </nav>
                }
                    .into_any()
            })}

        <section id="ballot" aria-labelledby="ballot-title" class="ballot-box">
            <h2 id="ballot-title">{t("ballot-title")}</h2>
            {receipt
                .clone()
                .map(|code| {
                    view! {
                        <div class="receipt" role="status">
                            <p>
                                <strong>{t("ballot-confirmed")}</strong>
                            </p>
                            <p>{t("ballot-receipt-intro")}</p>
                            <p class="receipt-code">
                                <code>{code}</code>
                            </p>
                            <p class="hint">{t("ballot-receipt-keep")}</p>
                        </div>
                    }
                })}
            <ErrorSummary error=add_error form_id="ballot-add" />
            <ErrorSummary error=remove_error form_id="ballot-remove" />
            <ErrorSummary error=checkout_error form_id="ballot-checkout" />
            <ErrorSummary error=reopen_error form_id="ballot-reopen" />
            {ballot_elsewhere
                .map(|h| {
                    view! {
                        <p class="callout">
                            {t_args("ballot-in-other-heading", &[("heading", h.name.get(locale).to_owned().into())])}
                            " " <a href=format!("/budgets/{id}?heading={}", h.id)>{t("ballot-go-there")}</a>
                        </p>
                    }
                })}
            {if !voting {
                view! { <p>{t(&format!("budget-state-{}-explain", info.state))}</p> }.into_any()
            } else if !p.signed_in {
                view! {
                    <p>
                        <a class="button" href=format!("/sign-in?next=/budgets/{id}")>
                            {t("ballot-sign-in")}
                        </a>
                    </p>
                }
                    .into_any()
            } else if !p.can_vote.allowed && !checked_out {
                view! { <p class="reason">{reason.as_deref().map(crate::pages::common::reason_text)}</p> }.into_any()
            } else {
                let b = ballot_here.clone();
                let lines = b.as_ref().map(|b| b.lines.clone()).unwrap_or_default();
                let blocked = b.as_ref().and_then(|b| b.checkout_blocked_by.clone());
                let has_lines = !lines.is_empty();
                let currency = currency.clone();
                let here = here.clone();
                view! {
                    <BallotMeter info=info_for_meter.clone() ballot=b.clone() amount />
                    {if has_lines {
                        view! {
                            <ul class="ballot-lines">
                                {lines
                                    .into_iter()
                                    .map(|(pid, title, cost, points)| {
                                        let back = format!("{here}#ballot");
                                        view! {
                                            <li>
                                                <a href=format!("/projects/{pid}")>{title}</a>
                                                " "
                                                <span class="meta">{money(cost, &currency, locale)}</span>
                                                {cumulative
                                                    .then(|| {
                                                        view! {
                                                            " "
                                                            <span class="tag">
                                                                {t_args(
                                                                    "ballot-points",
                                                                    &[("points", i64::from(points).into())],
                                                                )}
                                                            </span>
                                                        }
                                                    })}
                                                {(!checked_out)
                                                    .then(|| {
                                                        view! {
                                                            <ActionForm action=remove attr:class="inline-form">
                                                                <CsrfField />
                                                                <input type="hidden" name="id" value=pid.to_string() />
                                                                <input type="hidden" name="back" value=back />
                                                                <button type="submit" class="link-button">
                                                                    {t("ballot-remove")}
                                                                    <span class="visually-hidden">{format!(" ({pid})")}</span>
                                                                </button>
                                                            </ActionForm>
                                                        }
                                                    })}
                                            </li>
                                        }
                                    })
                                    .collect_view()}
                            </ul>
                        }
                            .into_any()
                    } else {
                        view! { <p>{t("ballot-empty")}</p> }.into_any()
                    }}
                    {if checked_out {
                        view! {
                            <p class="badge ok">{t("ballot-is-confirmed")}</p>
                            <p class="hint">{t("ballot-change-explain")}</p>
                            <ActionForm action=reopen attr:class="inline-form">
                                <CsrfField />
                                <input type="hidden" name="id" value=id.to_string() />
                                <button type="submit" class="button secondary">
                                    {t("ballot-change")}
                                </button>
                            </ActionForm>
                        }
                            .into_any()
                    } else if has_lines {
                        view! {
                            {blocked
                                .as_deref()
                                .map(|code| view! { <p class="reason">{crate::pages::common::reason_text(code)}</p> })}
                            <p class="hint">{t("ballot-confirm-explain")}</p>
                            <ActionForm action=checkout attr:class="inline-form">
                                <CsrfField />
                                <input type="hidden" name="id" value=id.to_string() />
                                <button type="submit" class="button">
                                    {t("ballot-confirm")}
                                </button>
                            </ActionForm>
                        }
                            .into_any()
                    } else {
                        ().into_any()
                    }}
                }
                    .into_any()
            }}
        </section>

        <section id="projects" aria-labelledby="projects-title">
            <h2 id="projects-title">
                {t_args(
                    "budget-projects-in",
                    &[("heading", heading.as_ref().map(|h| h.name.get(locale).to_owned()).unwrap_or_default().into())],
                )}
            </h2>
            {if cards.is_empty() {
                view! { <p>{t("budget-no-projects")}</p> }.into_any()
            } else {
                view! {
                    <ul class="cards projects">
                        {cards
                            .into_iter()
                            .map(|c| {
                                view! {
                                    <ProjectCardView
                                        card=c
                                        info=info.clone()
                                        can_vote
                                        cumulative
                                        here=here.clone()
                                        add
                                        remove
                                    />
                                }
                            })
                            .collect_view()}
                    </ul>
                }
                    .into_any()
            }}
        </section>

        {(!unfeasible.is_empty())
            .then(|| {
                view! {
                    <section aria-labelledby="unfeasible-title">
                        <details>
                            <summary id="unfeasible-title">
                                {t_args("budget-unfeasible-title", &[("count", (unfeasible.len() as i64).into())])}
                            </summary>
                            <ul>
                                {unfeasible
                                    .into_iter()
                                    .map(|c| {
                                        view! {
                                            <li>
                                                <a href=format!("/projects/{}", c.id)>{c.title.clone()}</a>
                                                ": "
                                                {c.feasibility_reason.clone()}
                                            </li>
                                        }
                                    })
                                    .collect_view()}
                            </ul>
                        </details>
                    </section>
                }
                    .into_any()
            })}
    }
    .into_any()
}
