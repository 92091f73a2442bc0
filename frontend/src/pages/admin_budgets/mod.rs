//! The staff console for participatory budgets: creating and importing budgets, their
//! settings, headings and projects, valuation, and the budget's life from preparation
//! to published results.

use crate::api::budgets::*;
use crate::components::form::{
    form_outcome, named_options, Checkbox, CsrfField, ErrorSummary, Field, Select, SubmitButton, TextArea,
};
use crate::components::notice::Notice;
use crate::context::{t, t_args, use_page};
use crate::pages::budgets::money;
use crate::pages::common::{reason_text, upload_url, Loading, PageError};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Redirect;
use leptos_router::hooks::{use_params_map, use_query_map};
use yoriai_domain::budget::{BallotRule, TallyRule};
use yoriai_domain::{BudgetId, CategoryId, DistrictId, Locale, ProcessId, ProjectId};
use yoriai_views::budgets::{AdminBudgetPage, BudgetInfo, HeadingView, ProjectPage};
use yoriai_views::Named;

mod budget;
mod project;
pub use budget::*;
pub use project::*;

fn require_signed_in(next: String) -> Option<AnyView> {
    use_page().user.is_none().then(|| view! { <Redirect path=format!("/sign-in?next={next}") /> }.into_any())
}

fn options(items: &[(&str, String)]) -> Vec<(String, String)> {
    items.iter().map(|(v, l)| ((*v).to_owned(), l.clone())).collect()
}

fn heading_options(headings: &[HeadingView], locale: Locale) -> Vec<(String, String)> {
    headings.iter().map(|h| (h.id.to_string(), h.name.get(locale).to_owned())).collect()
}

/// Create (no `current`) or edit a budget's settings.
#[component]
fn BudgetForm(process_id: ProcessId, current: Option<BudgetInfo>, locked: bool) -> impl IntoView {
    let save = ServerAction::<SaveBudget>::new();
    let error = form_outcome(save);
    let pending = save.pending().into();
    let c = current.as_ref();
    let form_id = if c.is_some() { "budget-form" } else { "budget-new" };
    let is_new = c.is_none();
    let id = c.map(|b| b.id.to_string()).unwrap_or_default();
    let title_ja = c.map(|b| b.title.ja.clone()).unwrap_or_default();
    let title_en = c.map(|b| b.title.en.clone()).unwrap_or_default();
    let description_ja = c.map(|b| b.description.ja.clone()).unwrap_or_default();
    let description_en = c.map(|b| b.description.en.clone()).unwrap_or_default();
    let currency = c.map(|b| b.currency.clone()).unwrap_or_else(|| "JPY".into());
    let ballot_rule = c.map_or(BallotRule::Knapsack, |b| b.ballot_rule).as_str().to_owned();
    let tally_rule = c.map_or(TallyRule::GreedyVotes, |b| b.tally_rule).as_str().to_owned();
    let requires_verification = c.is_some_and(|b| b.requires_verification);
    let ballot_rules = options(&[
        ("knapsack", t("budget-ballot-knapsack")),
        ("approval", t("budget-ballot-approval")),
        ("min_share", t("budget-ballot-min-share")),
        ("cumulative", t("budget-ballot-cumulative")),
    ]);
    let tally_rules =
        options(&[("greedy_votes", t("budget-tally-greedy-votes")), ("equal_shares", t("budget-tally-equal-shares"))]);
    let num = |v: Option<i32>| v.map(|n| n.to_string()).unwrap_or_default();
    let min_projects = num(c.and_then(|b| b.min_projects));
    let max_projects = num(c.and_then(|b| b.max_projects));
    let min_share = num(c.and_then(|b| b.min_share_percent));
    let points = num(c.and_then(|b| b.points));
    view! {
        <ActionForm action=save attr:id=form_id attr:novalidate=true>
            <ErrorSummary error form_id=form_id />
            <CsrfField />
            <input type="hidden" name="id" value=id />
            <input type="hidden" name="process_id" value=process_id.to_string() />
            <Field form_id=form_id name="title_ja" label="budget-field-title-ja" error value=title_ja />
            <Field form_id=form_id name="title_en" label="budget-field-title-en" error value=title_en />
            <TextArea
                form_id=form_id
                name="description_ja"
                label="budget-field-description-ja"
                hint="proposal-field-body-hint"
                required=false
                rows=4
                error
                value=description_ja
            />
            <TextArea
                form_id=form_id
                name="description_en"
                label="budget-field-description-en"
                required=false
                rows=4
                error
                value=description_en
            />
            {is_new
                .then(|| {
                    view! {
                        <Field
                            form_id=form_id
                            name="amount"
                            label="budget-field-amount"
                            hint="budget-field-amount-hint"
                            input_type="text"
                            error
                        />
                    }
                })}
            {locked.then(|| view! { <p class="callout">{t("budget-settings-locked")}</p> })}
            <Field
                form_id=form_id
                name="currency"
                label="budget-field-currency"
                hint="budget-field-currency-hint"
                required=false
                maxlength=3usize
                error
                value=currency
            />
            <Select
                form_id=form_id
                name="ballot_rule"
                label="budget-field-ballot-rule"
                hint="budget-field-ballot-rule-hint"
                options=ballot_rules
                required=true
                error
                value=ballot_rule
            />
            <Field
                form_id=form_id
                name="min_projects"
                label="budget-field-min-projects"
                hint="budget-field-approval-only"
                required=false
                input_type="number"
                error
                value=min_projects
            />
            <Field
                form_id=form_id
                name="max_projects"
                label="budget-field-max-projects"
                hint="budget-field-approval-only"
                required=false
                input_type="number"
                error
                value=max_projects
            />
            <Field
                form_id=form_id
                name="min_share_percent"
                label="budget-field-min-share"
                hint="budget-field-min-share-hint"
                required=false
                input_type="number"
                error
                value=min_share
            />
            <Field
                form_id=form_id
                name="points"
                label="budget-field-points"
                hint="budget-field-points-hint"
                required=false
                input_type="number"
                error
                value=points
            />
            <Select
                form_id=form_id
                name="tally_rule"
                label="budget-field-tally-rule"
                hint="budget-field-tally-rule-hint"
                options=tally_rules
                required=true
                error
                value=tally_rule
            />
            <Checkbox
                form_id=form_id
                name="requires_verification"
                label="budget-field-verification"
                hint="budget-field-verification-hint"
                checked=requires_verification
            />
            <SubmitButton label=if is_new { "budget-create" } else { "admin-save" } pending />
        </ActionForm>
    }
}

/// The budgets section of a process's console page: list, new budget, Pabulib import.
#[component]
pub fn AdminProcessBudgets(process_id: ProcessId, slug: String) -> impl IntoView {
    let locale = use_page().locale;
    let csrf = use_page().csrf;
    let query = use_query_map();
    let list = Resource::new_blocking(move || slug.clone(), get_process_budgets);
    let import_error = query.read_untracked().get("import_error");
    let import_open = import_error.is_some();
    let problems: Vec<(String, i64)> = query
        .read_untracked()
        .get("problems")
        .map(|p| {
            p.split(',')
                .filter_map(|item| {
                    let (code, n) = item.split_once(':')?;
                    let code: String = code.chars().filter(|c| c.is_ascii_lowercase() || *c == '_').take(40).collect();
                    Some((code, n.parse().unwrap_or(0)))
                })
                .take(25)
                .collect()
        })
        .unwrap_or_default();
    view! {
        <section id="budgets" aria-labelledby="admin-budgets">
            <h2 id="admin-budgets">{t("budgets-title")}</h2>
            <Suspense fallback=Loading>
                {move || {
                    list.get()
                        .map(|r| match r {
                            Err(e) => view! { <PageError error=e /> }.into_any(),
                            Ok(items) if items.is_empty() => view! { <p>{t("budgets-none")}</p> }.into_any(),
                            Ok(items) => {
                                view! {
                                    <ul>
                                        {items
                                            .into_iter()
                                            .map(|b| {
                                                view! {
                                                    <li>
                                                        <a href=format!(
                                                            "/admin/budgets/{}",
                                                            b.info.id,
                                                        )>{b.info.title.get(locale).to_owned()}</a>
                                                        " "
                                                        <span class=format!(
                                                            "badge budget-{}",
                                                            b.info.state,
                                                        )>{t(&format!("budget-state-{}", b.info.state))}</span>
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
            <details class="phase-admin">
                <summary>{t("budget-new")}</summary>
                <BudgetForm process_id current=None locked=false />
            </details>
            <details class="phase-admin" id="import" open=import_open>
                <summary>{t("budget-import")}</summary>
                <p>{t("budget-import-intro")}</p>
                {import_error
                    .map(|code| {
                        view! {
                            <div class="error-summary" role="alert" tabindex="-1">
                                <h3>{reason_text(&code)}</h3>
                                {(!problems.is_empty())
                                    .then(|| {
                                        view! {
                                            <ul>
                                                {problems
                                                    .iter()
                                                    .map(|(code, n)| {
                                                        let text = if code == "more_problems" {
                                                            t_args("pb-problem-more", &[("count", (*n).into())])
                                                        } else if *n > 0 {
                                                            t_args(
                                                                "pb-problem-at-line",
                                                                &[
                                                                    ("line", (*n).into()),
                                                                    (
                                                                        "problem",
                                                                        t(&format!("pb-problem-{}", code.replace('_', "-"))).into(),
                                                                    ),
                                                                ],
                                                            )
                                                        } else {
                                                            t(&format!("pb-problem-{}", code.replace('_', "-")))
                                                        };
                                                        view! { <li>{text}</li> }
                                                    })
                                                    .collect_view()}
                                            </ul>
                                        }
                                    })}
                            </div>
                        }
                    })}
                <form
                    method="post"
                    enctype="multipart/form-data"
                    action=format!("/admin/processes/{process_id}/budgets/import?csrf={csrf}")
                    class="upload"
                >
                    <div class="field">
                        <label for="import-file">{t("budget-import-file")}</label>
                        <p class="hint">{t("budget-import-file-hint")}</p>
                        <input type="file" id="import-file" name="file" accept=".pb,text/plain" required=true />
                    </div>
                    <button type="submit" class="button secondary">
                        {t("budget-import-submit")}
                    </button>
                </form>
            </details>
        </section>
    }
}

#[component]
fn HeadingForm(
    budget_id: BudgetId,
    heading: Option<HeadingView>,
    districts: Vec<Named<DistrictId>>,
    form_id: String,
) -> impl IntoView {
    let locale = use_page().locale;
    let save = ServerAction::<SaveHeading>::new();
    let error = form_outcome(save);
    let pending = save.pending().into();
    let h = heading.as_ref();
    let district_options = named_options(&districts, locale, Some(t("admin-whole-city")));
    let fid = form_id.clone();
    let id = h.map(|h| h.id.to_string()).unwrap_or_default();
    let name_ja = h.map(|h| h.name.ja.clone()).unwrap_or_default();
    let name_en = h.map(|h| h.name.en.clone()).unwrap_or_default();
    let district = h.and_then(|h| h.district.as_ref().map(|d| d.id.to_string())).unwrap_or_default();
    let amount = h.map(|h| h.amount.to_string()).unwrap_or_default();
    view! {
        <ActionForm action=save attr:id=form_id.clone() attr:novalidate=true>
            <ErrorSummary error form_id=fid.clone() />
            <CsrfField />
            <input type="hidden" name="id" value=id />
            <input type="hidden" name="budget_id" value=budget_id.to_string() />
            <Field form_id=fid.clone() name="name_ja" label="budget-heading-name-ja" error value=name_ja />
            <Field form_id=fid.clone() name="name_en" label="budget-heading-name-en" error value=name_en />
            <Select
                form_id=fid.clone()
                name="district_id"
                label="budget-heading-district"
                hint="budget-heading-district-hint"
                options=district_options
                error
                value=district
            />
            <Field form_id=fid.clone() name="amount" label="budget-heading-amount" error value=amount />
            <SubmitButton label="admin-save" pending />
        </ActionForm>
    }
}

/// Create (no `current`) or edit a project.
#[component]
fn ProjectForm(
    budget_id: BudgetId,
    current: Option<ProjectPage>,
    headings: Vec<HeadingView>,
    categories: Vec<Named<CategoryId>>,
    form_id: String,
) -> impl IntoView {
    let locale = use_page().locale;
    let save = ServerAction::<SaveProject>::new();
    let error = form_outcome(save);
    let pending = save.pending().into();
    let c = current.as_ref();
    let fid = form_id.clone();
    let heading_opts = heading_options(&headings, locale);
    let category_opts = named_options(&categories, locale, Some(t("filter-none")));
    let id = c.map(|p| p.id.to_string()).unwrap_or_default();
    let heading = c.map(|p| p.heading.id.to_string()).unwrap_or_default();
    let title = c.map(|p| p.title.clone()).unwrap_or_default();
    let description = c.map(|p| p.description.clone()).unwrap_or_default();
    let cost = c.map(|p| p.cost.to_string()).unwrap_or_default();
    let category = c.and_then(|p| p.category.as_ref().map(|x| x.id.to_string())).unwrap_or_default();
    let address = c.and_then(|p| p.address.clone()).unwrap_or_default();
    let latitude = c.and_then(|p| p.latitude.map(|v| v.to_string())).unwrap_or_default();
    let longitude = c.and_then(|p| p.longitude.map(|v| v.to_string())).unwrap_or_default();
    view! {
        <ActionForm action=save attr:id=form_id.clone() attr:novalidate=true>
            <ErrorSummary error form_id=fid.clone() />
            <CsrfField />
            <input type="hidden" name="id" value=id />
            <input type="hidden" name="budget_id" value=budget_id.to_string() />
            <Select
                form_id=fid.clone()
                name="heading_id"
                label="project-field-heading"
                options=heading_opts
                required=true
                error
                value=heading
            />
            <Field form_id=fid.clone() name="title" label="project-field-title" maxlength=150usize error value=title />
            <TextArea
                form_id=fid.clone()
                name="description"
                label="project-field-description"
                hint="proposal-field-body-hint"
                required=false
                error
                value=description
            />
            <Field
                form_id=fid.clone()
                name="cost"
                label="project-field-cost"
                hint="project-field-cost-hint"
                error
                value=cost
            />
            <Select
                form_id=fid.clone()
                name="category_id"
                label="proposal-field-category"
                options=category_opts
                error
                value=category
            />
            <Field
                form_id=fid.clone()
                name="address"
                label="proposal-field-address"
                required=false
                error
                value=address
            />
            <Field
                form_id=fid.clone()
                name="latitude"
                label="proposal-field-latitude"
                required=false
                error
                value=latitude
            />
            <Field
                form_id=fid.clone()
                name="longitude"
                label="proposal-field-longitude"
                required=false
                error
                value=longitude
            />
            <SubmitButton label="admin-save" pending />
        </ActionForm>
    }
}
