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
use yoriai_views::budgets::{BallotView, BudgetInfo, BudgetSummary, HeadingTally, ProjectCard};
use yoriai_views::charts::{budget_line, horizontal_bars, Bar, BarChart, Segment};

mod budget;
mod project;
mod tally;

pub use budget::BudgetPageView;
use project::ProjectCardView;
pub use project::ProjectPageView;
pub use tally::TallyPageView;

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
            {move || {
                list.get()
                    .map(|r| match r {
                        Ok(items) if !items.is_empty() => {
                            view! {
                                <section aria-labelledby="budgets-title">
                                    <h2 id="budgets-title">{t("budgets-title")}</h2>
                                    <ul class="cards">
                                        {items
                                            .into_iter()
                                            .map(|b: BudgetSummary| {
                                                let info = b.info.clone();
                                                view! {
                                                    <li class="card">
                                                        <h3>
                                                            <a href=format!(
                                                                "/budgets/{}",
                                                                info.id,
                                                            )>{info.title.get(locale).to_owned()}</a>
                                                        </h3>
                                                        <p>
                                                            <span class=format!(
                                                                "badge budget-{}",
                                                                info.state,
                                                            )>{state_label(info.state)}</span>
                                                            {info
                                                                .imported_from
                                                                .is_some()
                                                                .then(|| {
                                                                    view! {
                                                                        " "
                                                                        <span class="tag">{t("budget-imported-tag")}</span>
                                                                    }
                                                                })}
                                                        </p>
                                                        <p>
                                                            {t_args(
                                                                "budget-total",
                                                                &[
                                                                    (
                                                                        "amount",
                                                                        money(info.total_amount, &info.currency, locale).into(),
                                                                    ),
                                                                ],
                                                            )}
                                                        </p>
                                                        <p class="meta">
                                                            {t_args(
                                                                "budget-project-count",
                                                                &[("count", (b.project_count as i64).into())],
                                                            )}
                                                        </p>
                                                        {(info.state == BudgetState::Published)
                                                            .then(|| {
                                                                view! {
                                                                    <p>
                                                                        <a href=format!(
                                                                            "/budgets/{}/results",
                                                                            info.id,
                                                                        )>{t("budget-see-results")}</a>
                                                                    </p>
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
                        }
                        _ => ().into_any(),
                    })
            }}
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
        <p class="ballot-total" aria-live="polite">
            {text.clone()}
        </p>
        {(total > 0)
            .then(|| {
                view! {
                    <meter min="0" max=total value=used aria-label=t("ballot-meter-label")>
                        {text}
                    </meter>
                }
            })}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_are_grouped_by_thousands() {
        assert_eq!(group_digits(1_200_000), "1,200,000");
        assert_eq!(group_digits(999), "999");
        assert_eq!(group_digits(-45_000), "-45,000");
        assert_eq!(group_digits(0), "0");
    }

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
