//! Council decisions, accountability results, the public dashboard, search and open
//! data: one file per route family, and the cards and labels they share here.

use crate::api::accountability::*;
use crate::components::form::{
    form_outcome, CsrfField, ErrorSummary, Field, FormError, Select, SubmitButton, TextArea,
};
use crate::components::notice::Notice;
use crate::context::{t, t_args, use_page};
use crate::pages::budgets::group_digits;
use crate::pages::common::{field_errors, query_value, reason_text, upload_url, Loading, PageError};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};
use yoriai_domain::accountability::{Outcome, ResultStatus};
use yoriai_domain::{DecisionId, ResultId};
use yoriai_views::accountability::{
    Dashboard, DecisionForm, DecisionInput, DecisionPage, DecisionSummary, LinkedItem, Outcomes, ResultForm,
    ResultInput, ResultPage, ResultSummary,
};
use yoriai_views::charts::{horizontal_bars, progress_bar, Bar, BarChart, Progress};

mod dashboard;
mod decisions;
mod kpis;
mod opendata;
mod results;
mod search;

pub use dashboard::DashboardPage;
pub use decisions::{DecisionListPage, DecisionPageView, NewDecisionPage};
pub use opendata::OpenDataPageView;
pub use results::{AccountabilityListPage, AccountabilityResultPage, NewResultPage};
pub use search::SearchPageView;

fn outcome_label(o: Outcome) -> String {
    t(&format!("decision-outcome-{}", o.kebab()))
}

pub fn status_label(r: &ResultSummary) -> String {
    match &r.custom_status {
        Some(c) if r.status == ResultStatus::Custom => c.get(use_page().locale).to_owned(),
        _ => t(&format!("result-status-{}", r.status.kebab())),
    }
}

fn item_label(item: &LinkedItem) -> String {
    t_args(&format!("linked-{}", item.item_type), &[("id", item.id.into()), ("title", item.title.clone().into())])
}

/// Whether the signed-in account may do `action`, asked of the one policy (the
/// command checks again when the form is sent).
fn allowed(action: impl Fn(Option<yoriai_domain::ProcessId>) -> yoriai_domain::Action) -> bool {
    use_page().may_somewhere(action)
}

/// A dashboard figure's name (`kpi-metric-<key>`), also a KPI's metric.
fn figure_label(key: &str) -> String {
    t(&format!("kpi-metric-{}", key.replace('_', "-")))
}

/// A figure's value: a share in percent with one decimal, or a count.
fn figure_value(v: f64, share: bool) -> String {
    if share {
        format!("{v:.1}%")
    } else {
        number(v)
    }
}

fn number(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        group_digits(v as i64)
    } else {
        format!("{v:.1}")
    }
}

/// A progress bar residents and screen readers can read.
#[component]
fn ProgressMeter(value: i32, label: String) -> impl IntoView {
    view! {
        <div class="progress">
            <progress max="100" value=value aria-label=label></progress>
            <span class="progress-value">{format!("{value}%")}</span>
        </div>
    }
}

/// A card's title as a heading one level below the heading the list sits under
/// (axe `heading-order`: the same card is under an h1, h2 or h3 depending on the page).
fn card_heading(level: u8, href: String, text: String) -> AnyView {
    match level {
        2 => view! {
            <h2>
                <a href=href>{text}</a>
            </h2>
        }
        .into_any(),
        4 => view! {
            <h4>
                <a href=href>{text}</a>
            </h4>
        }
        .into_any(),
        _ => view! {
            <h3>
                <a href=href>{text}</a>
            </h3>
        }
        .into_any(),
    }
}

#[component]
fn DecisionCard(d: DecisionSummary, level: u8) -> impl IntoView {
    let locale = use_page().locale;
    view! {
        <li class="card">
            {card_heading(level, format!("/decisions/{}", d.id), d.title.get(locale).to_owned())} <p class="meta">
                <span class=format!("badge outcome-{}", d.outcome)>{outcome_label(d.outcome)}</span>
                " "
                {d.body_name.clone()}
                " · "
                <time datetime=d.decided_on.clone()>{d.decided_on.clone()}</time>
            </p>
        </li>
    }
}

#[component]
fn ResultCard(r: ResultSummary, level: u8) -> impl IntoView {
    let locale = use_page().locale;
    let title = r.title.get(locale).to_owned();
    let label = t_args("result-progress-label", &[("title", title.clone().into())]);
    view! {
        <li class="card">
            {card_heading(level, format!("/results/{}", r.id), title)} <p class="meta">
                <span class=format!("badge result-{}", r.status)>{status_label(&r)}</span>
            </p> <ProgressMeter value=r.progress label />
        </li>
    }
}

/// "What happened": the decisions on an item and the results that carry it out.
#[component]
pub fn OutcomesSection(outcomes: Outcomes) -> impl IntoView {
    (!outcomes.is_empty()).then(|| {
        view! {
            <section id="outcomes" aria-labelledby="outcomes-title" class="outcomes">
                <h2 id="outcomes-title">{t("outcomes-title")}</h2>
                {(!outcomes.decisions.is_empty())
                    .then(|| {
                        view! {
                            <h3>{t("outcomes-decisions")}</h3>
                            <ul class="cards">
                                {outcomes
                                    .decisions
                                    .clone()
                                    .into_iter()
                                    .map(|d| view! { <DecisionCard d level=4 /> })
                                    .collect_view()}
                            </ul>
                        }
                    })}
                {(!outcomes.results.is_empty())
                    .then(|| {
                        view! {
                            <h3>{t("outcomes-results")}</h3>
                            <ul class="cards">
                                {outcomes
                                    .results
                                    .clone()
                                    .into_iter()
                                    .map(|r| view! { <ResultCard r level=4 /> })
                                    .collect_view()}
                            </ul>
                        }
                    })}
            </section>
        }
    })
}

#[component]
fn LinkedList(links: Vec<LinkedItem>, title: &'static str) -> impl IntoView {
    (!links.is_empty()).then(|| {
        view! {
            <section aria-labelledby="links-title">
                <h2 id="links-title">{t(title)}</h2>
                <ul>
                    {links
                        .into_iter()
                        .map(|l| {
                            let label = item_label(&l);
                            view! {
                                <li>
                                    <a href=l.href()>{label}</a>
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
            </section>
        }
    })
}
