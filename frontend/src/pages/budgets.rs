//! Participatory-budget pages: a budget with its projects and the resident's ballot,
//! one project, and the results with charts, downloads and the receipt check.
//!
//! Every control is a small form posting to a server function, so the ballot can be
//! built with JavaScript off; with it on, the same forms submit in place and the page
//! refreshes its data.

use crate::api::budgets::*;
use crate::components::form::{form_outcome_then, CsrfField, ErrorSummary, Field, FormError, SubmitButton};
use crate::components::notice::Notice;
use crate::context::{t, t_args, use_page};
use crate::pages::common::{upload_url, Loading, PageError};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};
use yoriai_domain::budget::{BallotRule, BudgetState, Feasibility};
use yoriai_domain::Locale;
use yoriai_views::budgets::{BallotView, BudgetInfo, BudgetSummary, HeadingResults, ProjectCard};
use yoriai_views::charts::{budget_line, horizontal_bars, Bar, BarChart, Segment};

/// 1200000 → "1,200,000".
pub fn group_digits(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    if n < 0 {
        format!("-{out}")
    } else {
        out
    }
}

/// An amount in the budget's currency: "¥1,200,000" / "1,200,000円", "1,200,000 PLN".
pub fn money(amount: i64, currency: &str, locale: Locale) -> String {
    let n = group_digits(amount);
    match (currency, locale) {
        ("JPY", Locale::Ja) => format!("{n}円"),
        ("JPY", Locale::En) => format!("¥{n}"),
        ("XXX", _) | ("", _) => n,
        (c, _) => format!("{n} {c}"),
    }
}

/// Percent with one decimal, for turnout and budget shares.
fn percent(part: i64, whole: i64) -> String {
    if whole <= 0 {
        return "0".into();
    }
    let tenths = (part * 1000 + whole / 2) / whole;
    format!("{}.{}", tenths / 10, tenths % 10)
}

fn state_label(state: BudgetState) -> String {
    t(&format!("budget-state-{state}"))
}

/// The ballot rule in plain words, with the budget's numbers.
fn ballot_rule_text(info: &BudgetInfo, amount: i64, locale: Locale) -> String {
    let m = money(amount, &info.currency, locale);
    match info.ballot_rule.as_str() {
        "approval" => match (info.min_projects, info.max_projects) {
            (Some(min), Some(max)) => t_args(
                "budget-rule-approval-min-max",
                &[("min", i64::from(min).into()), ("max", i64::from(max).into())],
            ),
            (None, Some(max)) => t_args("budget-rule-approval-max", &[("max", i64::from(max).into())]),
            (Some(min), None) => t_args("budget-rule-approval-min", &[("min", i64::from(min).into())]),
            (None, None) => t("budget-rule-approval"),
        },
        "min_share" => t_args(
            "budget-rule-min-share",
            &[("amount", m.into()), ("percent", i64::from(info.min_share_percent.unwrap_or(0)).into())],
        ),
        "cumulative" => t_args("budget-rule-cumulative", &[("points", i64::from(info.points.unwrap_or(0)).into())]),
        _ => t_args("budget-rule-knapsack", &[("amount", m.into())]),
    }
}

fn tally_rule_name(rule: &str) -> String {
    t(&format!("budget-tally-{}", rule.replace('_', "-")))
}

/// How the votes are counted, in plain words, with the tie rule.
#[component]
pub fn TallyExplanation(rule: String) -> impl IntoView {
    let key = format!("budget-tally-{}-explain", rule.replace('_', "-"));
    view! {
        <details class="explain">
            <summary>{t_args("budget-how-counted", &[("rule", tally_rule_name(&rule).into())])}</summary>
            <p>{t(&key)}</p>
            <p>{t("budget-tally-ties")}</p>
        </details>
    }
}

/// A budget imported from a Pabulib file is another city's or year's vote: said
/// plainly wherever it is shown.
#[component]
fn ImportedNote(source: Option<String>) -> impl IntoView {
    source.map(|src| {
        view! {
            <div class="callout" role="note">
                <p>{t_args("budget-imported-from", &[("source", src.into())])}</p>
                <p>{t("budget-imported-note")}</p>
            </div>
        }
    })
}

/// The budgets of a process, for its page.
#[component]
pub fn ProcessBudgets(slug: String) -> impl IntoView {
    let locale = use_page().locale;
    let list = Resource::new_blocking(move || slug.clone(), get_process_budgets);
    view! {
        <Suspense fallback=Loading>
            {move || list.get().map(|r| match r {
                Ok(items) if !items.is_empty() => view! {
                    <section aria-labelledby="budgets-title">
                        <h2 id="budgets-title">{t("budgets-title")}</h2>
                        <ul class="cards">
                            {items.into_iter().map(|b: BudgetSummary| {
                                let info = b.info.clone();
                                view! {
                                    <li class="card">
                                        <h3><a href=format!("/budgets/{}", info.id)>{info.title.get(locale).to_owned()}</a></h3>
                                        <p>
                                            <span class=format!("badge budget-{}", info.state)>{state_label(info.state)}</span>
                                            {info.imported_from.is_some().then(|| view! { " " <span class="tag">{t("budget-imported-tag")}</span> })}
                                        </p>
                                        <p>{t_args("budget-total", &[("amount", money(info.total_amount, &info.currency, locale).into())])}</p>
                                        <p class="meta">{t_args("budget-project-count", &[("count", (b.project_count as i64).into())])}</p>
                                        {(info.state == BudgetState::Published).then(|| view! { <p><a href=format!("/budgets/{}/results", info.id)>{t("budget-see-results")}</a></p> })}
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    </section>
                }.into_any(),
                _ => ().into_any(),
            })}
        </Suspense>
    }
}

/// The running total of a ballot against its limit, as text and a meter.
#[component]
fn BallotMeter(info: BudgetInfo, ballot: Option<BallotView>, amount: i64) -> impl IntoView {
    let locale = use_page().locale;
    let (used, total, text) = match info.ballot_rule.as_str() {
        "approval" => {
            let n = ballot.as_ref().map_or(0, |b| b.line_count);
            let max = info.max_projects.unwrap_or(0);
            let text = if max > 0 {
                t_args("ballot-projects-of", &[("count", i64::from(n).into()), ("max", i64::from(max).into())])
            } else {
                t_args("ballot-projects", &[("count", i64::from(n).into())])
            };
            (i64::from(n), i64::from(max.max(n)), text)
        }
        "cumulative" => {
            let p = ballot.as_ref().map_or(0, |b| b.total_points);
            let max = info.points.unwrap_or(0);
            (
                i64::from(p),
                i64::from(max),
                t_args(
                    "ballot-points-of",
                    &[
                        ("used", i64::from(p).into()),
                        ("max", i64::from(max).into()),
                        ("left", i64::from((max - p).max(0)).into()),
                    ],
                ),
            )
        }
        _ => {
            let c = ballot.as_ref().map_or(0, |b| b.total_cost);
            (
                c,
                amount,
                t_args(
                    "ballot-money-of",
                    &[
                        ("used", money(c, &info.currency, locale).into()),
                        ("amount", money(amount, &info.currency, locale).into()),
                        ("left", money((amount - c).max(0), &info.currency, locale).into()),
                    ],
                ),
            )
        }
    };
    view! {
        <p class="ballot-total" aria-live="polite">{text.clone()}</p>
        {(total > 0).then(|| view! { <meter min="0" max=total value=used aria-label=t("ballot-meter-label")>{text}</meter> })}
    }
}

#[component]
pub fn BudgetPageView() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let id = move || params.read().get("id").and_then(|v| v.parse::<i64>().ok()).unwrap_or(0);
    let heading = move || query.read().get("heading").and_then(|v| v.parse::<i64>().ok());
    let refresh = RwSignal::new(0u32);
    let page = Resource::new_blocking(move || (id(), heading(), refresh.get()), |(id, h, _)| get_budget_page(id, h));
    view! {
        <Suspense fallback=Loading>
            {move || page.get().map(|r| match r {
                Err(e) => view! { <PageError error=e/> }.into_any(),
                Ok(d) => view! { <BudgetBody data=d refresh/> }.into_any(),
            })}
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
    let heading_id = heading.as_ref().map_or(0, |h| h.id);
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
        <Title text=title.clone()/>
        <nav aria-label=t("breadcrumb-label") class="breadcrumb">
            <a href=format!("/processes/{}", info.process_slug)>{process_title}</a>
        </nav>
        <Notice/>
        <h1>{title}</h1>
        <p class="meta">
            <span class=format!("badge budget-{}", info.state)>{state_label(info.state)}</span>
            " " {t_args("budget-total", &[("amount", money(info.total_amount, &info.currency, locale).into())])}
            {info.requires_verification.then(|| view! { " " <span class="tag">{t("budget-verified-only")}</span> })}
        </p>
        <ImportedNote source=info.imported_from.clone()/>
        <div class="prose" inner_html=info.description_html.get(locale).to_owned()></div>
        {p.can_view_results.then(|| view! { <p><a class="button" href=format!("/budgets/{id}/results")>{t("budget-see-results")}</a></p> })}
        {(p.can_manage || p.can_valuate).then(|| view! { <p><a class="button secondary" href=format!("/admin/budgets/{id}")>{t("budget-manage")}</a></p> })}

        <section aria-labelledby="how-title" class="how">
            <h2 id="how-title">{t("budget-how-title")}</h2>
            <p>{rule_text}</p>
            <TallyExplanation rule=info.tally_rule.as_str().to_owned()/>
        </section>

        {multi.then(|| view! {
            <nav aria-labelledby="headings-title" class="headings">
                <h2 id="headings-title">{t("budget-headings")}</h2>
                <ul>
                    {headings.iter().map(|h| {
                        let current = h.id == heading_id;
                        let name = h.name.get(locale).to_owned();
                        view! {
                            <li>
                                <a href=format!("/budgets/{id}?heading={}", h.id) aria-current=current.then_some("page")>{name}</a>
                                " " <span class="meta">{money(h.amount, &info.currency, locale)}</span>
                            </li>
                        }
                    }).collect_view()}
                </ul>
            </nav>
        }.into_any())}

        <section id="ballot" aria-labelledby="ballot-title" class="ballot-box">
            <h2 id="ballot-title">{t("ballot-title")}</h2>
            {receipt.clone().map(|code| view! {
                <div class="receipt" role="status">
                    <p><strong>{t("ballot-confirmed")}</strong></p>
                    <p>{t("ballot-receipt-intro")}</p>
                    <p class="receipt-code"><code>{code}</code></p>
                    <p class="hint">{t("ballot-receipt-keep")}</p>
                </div>
            })}
            <ErrorSummary error=add_error form_id="ballot-add"/>
            <ErrorSummary error=remove_error form_id="ballot-remove"/>
            <ErrorSummary error=checkout_error form_id="ballot-checkout"/>
            <ErrorSummary error=reopen_error form_id="ballot-reopen"/>
            {ballot_elsewhere.map(|h| view! {
                <p class="callout">{t_args("ballot-in-other-heading", &[("heading", h.name.get(locale).to_owned().into())])}
                    " " <a href=format!("/budgets/{id}?heading={}", h.id)>{t("ballot-go-there")}</a></p>
            })}
            {if !voting {
                view! { <p>{t(&format!("budget-state-{}-explain", info.state))}</p> }.into_any()
            } else if !p.signed_in {
                view! { <p><a class="button" href=format!("/sign-in?next=/budgets/{id}")>{t("ballot-sign-in")}</a></p> }.into_any()
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
                    <BallotMeter info=info_for_meter.clone() ballot=b.clone() amount/>
                    {if has_lines {
                        view! {
                            <ul class="ballot-lines">
                                {lines.into_iter().map(|(pid, title, cost, points)| {
                                    let back = format!("{here}#ballot");
                                    view! {
                                        <li>
                                            <a href=format!("/projects/{pid}")>{title}</a>
                                            " " <span class="meta">{money(cost, &currency, locale)}</span>
                                            {cumulative.then(|| view! { " " <span class="tag">{t_args("ballot-points", &[("points", i64::from(points).into())])}</span> })}
                                            {(!checked_out).then(|| view! {
                                                <ActionForm action=remove attr:class="inline-form">
                                                    <CsrfField/>
                                                    <input type="hidden" name="id" value=pid/>
                                                    <input type="hidden" name="back" value=back/>
                                                    <button type="submit" class="link-button">{t("ballot-remove")}<span class="visually-hidden">{format!(" ({pid})")}</span></button>
                                                </ActionForm>
                                            })}
                                        </li>
                                    }
                                }).collect_view()}
                            </ul>
                        }.into_any()
                    } else {
                        view! { <p>{t("ballot-empty")}</p> }.into_any()
                    }}
                    {if checked_out {
                        view! {
                            <p class="badge ok">{t("ballot-is-confirmed")}</p>
                            <p class="hint">{t("ballot-change-explain")}</p>
                            <ActionForm action=reopen attr:class="inline-form">
                                <CsrfField/>
                                <input type="hidden" name="id" value=id/>
                                <button type="submit" class="button secondary">{t("ballot-change")}</button>
                            </ActionForm>
                        }.into_any()
                    } else if has_lines {
                        view! {
                            {blocked.as_deref().map(|code| view! { <p class="reason">{crate::pages::common::reason_text(code)}</p> })}
                            <p class="hint">{t("ballot-confirm-explain")}</p>
                            <ActionForm action=checkout attr:class="inline-form">
                                <CsrfField/>
                                <input type="hidden" name="id" value=id/>
                                <button type="submit" class="button">{t("ballot-confirm")}</button>
                            </ActionForm>
                        }.into_any()
                    } else {
                        ().into_any()
                    }}
                }.into_any()
            }}
        </section>

        <section id="projects" aria-labelledby="projects-title">
            <h2 id="projects-title">{t_args("budget-projects-in", &[("heading", heading.as_ref().map(|h| h.name.get(locale).to_owned()).unwrap_or_default().into())])}</h2>
            {if cards.is_empty() {
                view! { <p>{t("budget-no-projects")}</p> }.into_any()
            } else {
                view! {
                    <ul class="cards projects">
                        {cards.into_iter().map(|c| view! { <ProjectCardView card=c info=info.clone() can_vote cumulative here=here.clone() add remove/> }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>

        {(!unfeasible.is_empty()).then(|| view! {
            <section aria-labelledby="unfeasible-title">
                <details>
                    <summary id="unfeasible-title">{t_args("budget-unfeasible-title", &[("count", (unfeasible.len() as i64).into())])}</summary>
                    <ul>
                        {unfeasible.into_iter().map(|c| view! {
                            <li><a href=format!("/projects/{}", c.id)>{c.title.clone()}</a>": " {c.feasibility_reason.clone()}</li>
                        }).collect_view()}
                    </ul>
                </details>
            </section>
        }.into_any())}
    }
    .into_any()
}

#[component]
fn ProjectCardView(
    card: ProjectCard,
    info: BudgetInfo,
    can_vote: bool,
    cumulative: bool,
    here: String,
    add: ServerAction<AddToBallot>,
    remove: ServerAction<RemoveFromBallot>,
) -> impl IntoView {
    let locale = use_page().locale;
    let c = card;
    let pid = c.id;
    let back = format!("{here}#project-{pid}");
    let back2 = back.clone();
    let max_points = info.points.unwrap_or(1);
    let feasible = c.feasibility == Feasibility::Feasible;
    let for_title = format!(" – {}", c.title);
    let for_title2 = for_title.clone();
    view! {
        <li class="card project" id=format!("project-{pid}") class:in-ballot=c.in_ballot.is_some()>
            {c.image.clone().map(|i| view! { <img class="card-image" src=upload_url(&i.key, true) alt=i.alt.clone() loading="lazy"/> })}
            <h3><a href=format!("/projects/{pid}")>{c.title.clone()}</a></h3>
            <p class="cost">{money(c.cost, &info.currency, locale)}</p>
            {c.category.as_ref().map(|cat| view! { <p><span class="tag">{cat.name.get(locale).to_owned()}</span></p> })}
            {(c.feasibility == Feasibility::Pending).then(|| view! { <p><span class="badge">{t("project-pending")}</span></p> })}
            <p>{c.summary.clone()}</p>
            {c.selected.then(|| view! { <p class="badge ok">{t("project-funded")}</p> })}
            {c.in_ballot.map(|pts| view! {
                <p class="badge ok">{if cumulative { t_args("ballot-in-with-points", &[("points", i64::from(pts).into())]) } else { t("ballot-in") }}</p>
            })}
            {(can_vote && feasible).then(|| {
                if cumulative {
                    let current = c.in_ballot.unwrap_or(1);
                    let input_id = format!("points-{pid}");
                    view! {
                        <ActionForm action=add attr:class="inline-form points-form">
                            <CsrfField/>
                            <input type="hidden" name="id" value=pid/>
                            <input type="hidden" name="back" value=back.clone()/>
                            <label for=input_id.clone()>{t("ballot-points-label")}</label>
                            <input id=input_id type="number" name="points" min="1" max=max_points value=current inputmode="numeric" class="short"/>
                            <button type="submit" class="button">{t("ballot-give-points")}<span class="visually-hidden">{for_title.clone()}</span></button>
                        </ActionForm>
                        {c.in_ballot.is_some().then(|| view! {
                            <ActionForm action=remove attr:class="inline-form">
                                <CsrfField/>
                                <input type="hidden" name="id" value=pid/>
                                <input type="hidden" name="back" value=back2.clone()/>
                                <button type="submit" class="link-button">{t("ballot-remove")}<span class="visually-hidden">{for_title2.clone()}</span></button>
                            </ActionForm>
                        })}
                    }.into_any()
                } else if c.in_ballot.is_some() {
                    view! {
                        <ActionForm action=remove attr:class="inline-form">
                            <CsrfField/>
                            <input type="hidden" name="id" value=pid/>
                            <input type="hidden" name="back" value=back.clone()/>
                            <button type="submit" class="button secondary">{t("ballot-remove")}<span class="visually-hidden">{for_title.clone()}</span></button>
                        </ActionForm>
                    }.into_any()
                } else if c.fits {
                    view! {
                        <ActionForm action=add attr:class="inline-form">
                            <CsrfField/>
                            <input type="hidden" name="id" value=pid/>
                            <input type="hidden" name="back" value=back.clone()/>
                            <button type="submit" class="button">{t("ballot-add")}<span class="visually-hidden">{for_title.clone()}</span></button>
                        </ActionForm>
                    }.into_any()
                } else {
                    view! { <p class="reason">{t("ballot-does-not-fit")}</p> }.into_any()
                }
            })}
        </li>
    }
    .into_any()
}

#[component]
pub fn ProjectPageView() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.read().get("id").and_then(|v| v.parse::<i64>().ok()).unwrap_or(0);
    let refresh = RwSignal::new(0u32);
    let page = Resource::new_blocking(move || (id(), refresh.get()), |(id, _)| get_project_page(id));
    let locale = use_page().locale;
    let add = ServerAction::<AddToBallot>::new();
    let remove = ServerAction::<RemoveFromBallot>::new();
    let add_error = form_outcome_then(add, Some(refresh));
    let remove_error = form_outcome_then(remove, Some(refresh));
    view! {
        <Suspense fallback=Loading>
            {move || page.get().map(|r| match r {
                Err(e) => view! { <PageError error=e/> }.into_any(),
                Ok(p) => {
                    let info = p.info.clone();
                    let pid = p.id;
                    let back = format!("/projects/{pid}");
                    let back2 = back.clone();
                    let checked_out = p.ballot.as_ref().is_some_and(|b| b.checked_out);
                    let can_vote = p.can_vote.allowed && !checked_out && p.feasibility == Feasibility::Feasible && info.state == BudgetState::Voting;
                    let cumulative = info.ballot_rule == BallotRule::Cumulative;
                    let max_points = info.points.unwrap_or(1);
                    view! {
                        <Title text=p.title.clone()/>
                        <nav aria-label=t("breadcrumb-label") class="breadcrumb">
                            <a href=format!("/processes/{}", info.process_slug)>{info.process_title.get(locale).to_owned()}</a>
                            " › " <a href=format!("/budgets/{}?heading={}", info.id, p.heading.id)>{info.title.get(locale).to_owned()}</a>
                        </nav>
                        <Notice/>
                        <article class="project">
                            <h1>{p.title.clone()}</h1>
                            <p class="cost big-count">{money(p.cost, &info.currency, locale)}</p>
                            <p class="meta">
                                <span class="tag">{p.heading.name.get(locale).to_owned()}</span>
                                {p.category.as_ref().map(|c| view! { " " <span class="tag">{c.name.get(locale).to_owned()}</span> })}
                                {p.external_id.clone().map(|x| view! { " " <span class="meta">{t_args("project-external-id", &[("id", x.into())])}</span> })}
                            </p>
                            {p.address.clone().map(|a| view! { <p class="meta">{t_args("proposal-address", &[("address", a.into())])}</p> })}
                            {p.latitude.zip(p.longitude).map(|(lat, lon)| view! { <p class="meta">{t_args("proposal-coordinates", &[("lat", format!("{lat:.5}").into()), ("lon", format!("{lon:.5}").into())])}</p> })}
                            <div class="gallery">
                                {p.images.iter().map(|i| view! { <img src=upload_url(&i.key, false) alt=i.alt.clone() width=i.width height=i.height loading="lazy"/> }).collect_view()}
                            </div>
                            <div class="prose" inner_html=p.description_html.clone()></div>
                            {p.proposal.clone().map(|(prop_id, title)| view! {
                                <p>{t("project-from-proposal")} " " <a href=format!("/proposals/{prop_id}")>{title}</a></p>
                            })}
                        </article>
                        <section aria-labelledby="feasibility-title">
                            <h2 id="feasibility-title">{t("project-feasibility")}</h2>
                            <p><span class=format!("badge feasibility-{}", p.feasibility)>{t(&format!("project-feasibility-{}", p.feasibility))}</span>
                                {p.valuated_at.clone().map(|d| view! { " " <time class="meta">{d}</time> })}</p>
                            {(!p.feasibility_reason.is_empty()).then(|| view! { <p>{p.feasibility_reason.clone()}</p> })}
                        </section>
                        {p.results_visible.then(|| view! {
                            <section aria-labelledby="result-title">
                                <h2 id="result-title">{t("project-result")}</h2>
                                <p>{t_args("project-votes", &[("count", p.votes.unwrap_or(0).into())])}
                                    " " {if p.selected { view! { <span class="badge ok">{t("project-funded")}</span> }.into_any() } else { view! { <span class="badge">{t("project-not-funded")}</span> }.into_any() }}</p>
                                <p><a href=format!("/budgets/{}/results", info.id)>{t("budget-see-results")}</a></p>
                            </section>
                        })}
                        <crate::pages::accountability::OutcomesSection outcomes=p.outcomes.clone()/>
                        <section id="ballot" aria-labelledby="ballot-title" class="ballot-box">
                            <h2 id="ballot-title">{t("ballot-title")}</h2>
                            <ErrorSummary error=add_error form_id="ballot-add"/>
                            <ErrorSummary error=remove_error form_id="ballot-remove"/>
                            {p.in_ballot.map(|pts| view! { <p class="badge ok">{if cumulative { t_args("ballot-in-with-points", &[("points", i64::from(pts).into())]) } else { t("ballot-in") }}</p> })}
                            {if can_vote {
                                let in_ballot = p.in_ballot.is_some();
                                view! {
                                    {(cumulative || !in_ballot).then(|| view! {
                                        <ActionForm action=add attr:class="inline-form points-form">
                                            <CsrfField/>
                                            <input type="hidden" name="id" value=pid/>
                                            <input type="hidden" name="back" value=back.clone()/>
                                            {cumulative.then(|| view! {
                                                <label for="project-points">{t("ballot-points-label")}</label>
                                                <input id="project-points" type="number" name="points" min="1" max=max_points value=p.in_ballot.unwrap_or(1) inputmode="numeric" class="short"/>
                                            })}
                                            <button type="submit" class="button">{if cumulative { t("ballot-give-points") } else { t("ballot-add") }}</button>
                                        </ActionForm>
                                    })}
                                    {in_ballot.then(|| view! {
                                        <ActionForm action=remove attr:class="inline-form">
                                            <CsrfField/>
                                            <input type="hidden" name="id" value=pid/>
                                            <input type="hidden" name="back" value=back2.clone()/>
                                            <button type="submit" class="button secondary">{t("ballot-remove")}</button>
                                        </ActionForm>
                                    })}
                                }.into_any()
                            } else if !p.signed_in && info.state == BudgetState::Voting {
                                view! { <p><a href=format!("/sign-in?next=/projects/{pid}")>{t("ballot-sign-in")}</a></p> }.into_any()
                            } else {
                                ().into_any()
                            }}
                            <p><a href=format!("/budgets/{}?heading={}#ballot", info.id, p.heading.id)>{t("ballot-see")}</a></p>
                        </section>
                        {(p.can_manage || p.can_valuate).then(|| view! { <p><a class="button secondary" href=format!("/admin/projects/{pid}")>{t("project-manage")}</a></p> })}
                    }
                    .into_any()
                }
            })}
        </Suspense>
    }
}

/// One heading's results: the budget line, votes per project, and the table.
#[component]
fn HeadingResultsView(h: HeadingResults, info: BudgetInfo, show_name: bool) -> impl IntoView {
    let locale = use_page().locale;
    let hid = h.heading.id;
    let name = h.heading.name.get(locale).to_owned();
    let amount = h.heading.amount;
    let segments: Vec<Segment> = h
        .funded_in_order
        .iter()
        .map(|(_, title, cost)| Segment { label: title.clone(), value: *cost as f64, highlight: false })
        .collect();
    let line_svg = budget_line(
        &format!("budget-line-{hid}"),
        &t_args("results-line-title", &[("heading", name.clone().into())]),
        &t_args(
            "results-line-desc",
            &[
                ("funded", money(h.funded_cost, &info.currency, locale).into()),
                ("amount", money(amount, &info.currency, locale).into()),
                ("percent", percent(h.funded_cost, amount).into()),
            ],
        ),
        amount as f64,
        &money(amount, &info.currency, locale),
        &segments,
    );
    let bars: Vec<Bar> = h
        .rows
        .iter()
        .map(|r| Bar {
            label: r.title.clone(),
            value: r.votes as f64,
            value_label: group_digits(r.votes),
            highlight: r.selected,
        })
        .collect();
    let bars_svg = horizontal_bars(&BarChart {
        id: &format!("votes-{hid}"),
        title: &t_args("results-votes-title", &[("heading", name.clone().into())]),
        description: &t("results-votes-desc"),
        bars: &bars,
        max: None,
        reference: None,
    });
    let turnout =
        h.heading.eligible_count.filter(|e| *e > 0).map(|e| percent(i64::from(h.heading.ballot_count), i64::from(e)));
    let pb_link = format!("/budgets/{}/ballots.pb?heading={hid}", info.id);
    view! {
        <section class="heading-results" aria-labelledby=format!("heading-{hid}")>
            <h2 id=format!("heading-{hid}")>{if show_name { name.clone() } else { t("results-projects") }}</h2>
            <p>
                {t_args("results-ballots", &[("count", i64::from(h.heading.ballot_count).into())])}
                {turnout.map(|pc| view! { " · " {t_args("results-turnout", &[("percent", pc.into())])} })}
            </p>
            <p>{t_args("results-funded-summary", &[
                ("count", (h.funded_in_order.len() as i64).into()),
                ("funded", money(h.funded_cost, &info.currency, locale).into()),
                ("amount", money(amount, &info.currency, locale).into()),
            ])}</p>
            <figure class="chart-figure">
                <div class="chart-box" inner_html=line_svg></div>
                <figcaption>{t("results-line-caption")}</figcaption>
            </figure>
            <figure class="chart-figure">
                <div class="chart-box" inner_html=bars_svg></div>
                <figcaption>{t("results-votes-caption")}</figcaption>
            </figure>
            <div class="table-wrap">
                <table class="table results-table">
                    <caption>{t_args("results-table-caption", &[("heading", name.into())])}</caption>
                    <thead><tr>
                        <th scope="col">{t("results-col-rank")}</th>
                        <th scope="col">{t("results-col-project")}</th>
                        <th scope="col" class="num">{t("results-col-votes")}</th>
                        <th scope="col" class="num">{t("results-col-cost")}</th>
                    </tr></thead>
                    <tbody>
                        {h.rows.iter().enumerate().map(|(i, r)| view! {
                            <tr class:funded=r.selected>
                                <td>{i + 1}</td>
                                <td>
                                    <a href=format!("/projects/{}", r.id)>{r.title.clone()}</a>
                                    <br/>
                                    {if r.selected {
                                        view! { <span class="badge ok">{t_args("results-funded-order", &[("order", i64::from(r.selection_order.unwrap_or(0)).into())])}</span> }.into_any()
                                    } else {
                                        view! { <span class="meta">{t("results-not-funded")}</span> }.into_any()
                                    }}
                                </td>
                                <td class="num">{group_digits(r.votes)}</td>
                                <td class="num">{money(r.cost, &info.currency, locale)}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
            <p class="downloads"><a href=pb_link download>{t_args("results-download-pb", &[("heading", h.heading.name.get(locale).to_owned().into())])}</a></p>
        </section>
    }
    .into_any()
}

#[component]
pub fn ResultsPageView() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let id = move || params.read().get("id").and_then(|v| v.parse::<i64>().ok()).unwrap_or(0);
    let voter = move || query.read().get("voter");
    let refresh = RwSignal::new(0u32);
    let page = Resource::new_blocking(move || (id(), voter(), refresh.get()), |(id, v, _)| get_results_page(id, v));
    view! {
        <Suspense fallback=Loading>
            {move || page.get().map(|r| match r {
                Err(e) => view! { <PageError error=e/> }.into_any(),
                Ok(d) => view! { <ResultsBody data=d refresh/> }.into_any(),
            })}
        </Suspense>
    }
}

#[component]
fn ResultsBody(data: ResultsPageData, refresh: RwSignal<u32>) -> impl IntoView {
    let locale = use_page().locale;
    let ResultsPageData { page: p, ballot } = data;
    let info = p.info.clone();
    let id = info.id;
    let receipt = ServerAction::<CheckReceipt>::new();
    let receipt_error: FormError = form_outcome_then(receipt, Some(refresh));
    let receipt_pending: Signal<bool> = receipt.pending().into();
    let recompute = ServerAction::<RecomputeResults>::new();
    let recompute_error = form_outcome_then(recompute, Some(refresh));
    let publish = ServerAction::<AdvanceBudget>::new();
    let publish_error = form_outcome_then(publish, Some(refresh));
    let multi = p.headings.len() > 1;
    let title = t_args("results-title", &[("budget", info.title.get(locale).to_owned().into())]);
    let rule = info.tallied_rule.clone().unwrap_or_else(|| info.tally_rule.as_str().to_owned());
    let other_rule = if rule == "equal_shares" { "greedy_votes" } else { "equal_shares" };
    view! {
        <Title text=title.clone()/>
        <nav aria-label=t("breadcrumb-label") class="breadcrumb">
            <a href=format!("/processes/{}", info.process_slug)>{info.process_title.get(locale).to_owned()}</a>
            " › " <a href=format!("/budgets/{id}")>{info.title.get(locale).to_owned()}</a>
        </nav>
        <Notice/>
        <h1>{title}</h1>
        {(!p.published).then(|| view! { <p class="callout">{t("results-preview")}</p> })}
        <p class="lead">{t_args("results-intro", &[("count", p.total_ballots.into()), ("rule", tally_rule_name(&rule).into())])}</p>
        <ImportedNote source=info.imported_from.clone()/>
        <TallyExplanation rule=rule.clone()/>
        {p.headings.clone().into_iter().map(|h| view! { <HeadingResultsView h info=info.clone() show_name=multi/> }).collect_view()}
        <section aria-labelledby="downloads-title">
            <h2 id="downloads-title">{t("results-downloads")}</h2>
            <ul>
                <li><a href=format!("/budgets/{id}/projects.csv") download>{t("results-download-projects-csv")}</a></li>
                <li><a href=format!("/budgets/{id}/ballots.csv") download>{t("results-download-ballots-csv")}</a></li>
            </ul>
            <p class="hint">{t("results-downloads-hint")}</p>
        </section>
        <section id="receipt" aria-labelledby="receipt-title">
            <h2 id="receipt-title">{t("receipt-title")}</h2>
            <p>{t("receipt-intro")}</p>
            {ballot.map(|b| view! {
                <div class="notice" role="status">
                    <p><strong>{t("receipt-found")}</strong></p>
                    <p>{t_args("receipt-voter-id", &[("id", b.voter_id.clone().into()), ("heading", b.heading.get(locale).to_owned().into())])}</p>
                    <ul>{b.projects.iter().map(|(title, points)| view! { <li>{title.clone()} {(*points > 1).then(|| format!(" ({points})"))}</li> }).collect_view()}</ul>
                </div>
            })}
            <ActionForm action=receipt attr:id="receipt-form" attr:novalidate=true>
                <ErrorSummary error=receipt_error form_id="receipt-form"/>
                <CsrfField/>
                <input type="hidden" name="id" value=id/>
                <Field form_id="receipt-form" name="receipt" label="receipt-field" hint="receipt-field-hint" autocomplete="off" error=receipt_error/>
                <SubmitButton label="receipt-check" pending=receipt_pending/>
            </ActionForm>
        </section>
        {(p.can_manage && !p.published).then(|| view! {
            <section class="staff-box" aria-labelledby="staff-results-title">
                <h2 id="staff-results-title">{t("results-staff-title")}</h2>
                <ErrorSummary error=publish_error form_id="publish-results"/>
                <ErrorSummary error=recompute_error form_id="recompute"/>
                <p>{t("results-staff-intro")}</p>
                <ActionForm action=recompute attr:class="inline-form">
                    <CsrfField/>
                    <input type="hidden" name="id" value=id/>
                    <input type="hidden" name="rule" value=other_rule/>
                    <button type="submit" class="button secondary">{t_args("results-recompute-with", &[("rule", tally_rule_name(other_rule).into())])}</button>
                </ActionForm>
                <ActionForm action=publish attr:class="inline-form">
                    <CsrfField/>
                    <input type="hidden" name="id" value=id/>
                    <input type="hidden" name="to" value="published"/>
                    <button type="submit" class="button">{t("results-publish")}</button>
                </ActionForm>
            </section>
        }.into_any())}
    }
    .into_any()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_follows_the_language_and_currency() {
        assert_eq!(money(1_200_000, "JPY", Locale::Ja), "1,200,000円");
        assert_eq!(money(1_200_000, "JPY", Locale::En), "¥1,200,000");
        assert_eq!(money(5_000, "PLN", Locale::En), "5,000 PLN");
        assert_eq!(money(999, "XXX", Locale::En), "999");
    }

    #[test]
    fn percentages_round_to_a_tenth() {
        assert_eq!(percent(1, 3), "33.3");
        assert_eq!(percent(2, 3), "66.7");
        assert_eq!(percent(5, 0), "0");
        assert_eq!(percent(10, 10), "100.0");
    }
}
