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

fn require_signed_in(next: String) -> Option<AnyView> {
    use_page().user.is_none().then(|| view! { <Redirect path=format!("/sign-in?next={next}")/> }.into_any())
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
            <ErrorSummary error form_id=form_id/>
            <CsrfField/>
            <input type="hidden" name="id" value=id/>
            <input type="hidden" name="process_id" value=process_id.to_string()/>
            <Field form_id=form_id name="title_ja" label="budget-field-title-ja" error value=title_ja/>
            <Field form_id=form_id name="title_en" label="budget-field-title-en" error value=title_en/>
            <TextArea form_id=form_id name="description_ja" label="budget-field-description-ja" hint="proposal-field-body-hint" required=false rows=4 error value=description_ja/>
            <TextArea form_id=form_id name="description_en" label="budget-field-description-en" required=false rows=4 error value=description_en/>
            {is_new.then(|| view! {
                <Field form_id=form_id name="amount" label="budget-field-amount" hint="budget-field-amount-hint" input_type="text" error/>
            })}
            {locked.then(|| view! { <p class="callout">{t("budget-settings-locked")}</p> })}
            <Field form_id=form_id name="currency" label="budget-field-currency" hint="budget-field-currency-hint" required=false maxlength=3usize error value=currency/>
            <Select form_id=form_id name="ballot_rule" label="budget-field-ballot-rule" hint="budget-field-ballot-rule-hint" options=ballot_rules required=true error value=ballot_rule/>
            <Field form_id=form_id name="min_projects" label="budget-field-min-projects" hint="budget-field-approval-only" required=false input_type="number" error value=min_projects/>
            <Field form_id=form_id name="max_projects" label="budget-field-max-projects" hint="budget-field-approval-only" required=false input_type="number" error value=max_projects/>
            <Field form_id=form_id name="min_share_percent" label="budget-field-min-share" hint="budget-field-min-share-hint" required=false input_type="number" error value=min_share/>
            <Field form_id=form_id name="points" label="budget-field-points" hint="budget-field-points-hint" required=false input_type="number" error value=points/>
            <Select form_id=form_id name="tally_rule" label="budget-field-tally-rule" hint="budget-field-tally-rule-hint" options=tally_rules required=true error value=tally_rule/>
            <Checkbox form_id=form_id name="requires_verification" label="budget-field-verification" hint="budget-field-verification-hint" checked=requires_verification/>
            <SubmitButton label=if is_new { "budget-create" } else { "admin-save" } pending/>
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
                {move || list.get().map(|r| match r {
                    Err(e) => view! { <PageError error=e/> }.into_any(),
                    Ok(items) if items.is_empty() => view! { <p>{t("budgets-none")}</p> }.into_any(),
                    Ok(items) => view! {
                        <ul>
                            {items.into_iter().map(|b| view! {
                                <li><a href=format!("/admin/budgets/{}", b.info.id)>{b.info.title.get(locale).to_owned()}</a>
                                    " " <span class=format!("badge budget-{}", b.info.state)>{t(&format!("budget-state-{}", b.info.state))}</span></li>
                            }).collect_view()}
                        </ul>
                    }.into_any(),
                })}
            </Suspense>
            <details class="phase-admin">
                <summary>{t("budget-new")}</summary>
                <BudgetForm process_id current=None locked=false/>
            </details>
            <details class="phase-admin" id="import" open=import_open>
                <summary>{t("budget-import")}</summary>
                <p>{t("budget-import-intro")}</p>
                {import_error.map(|code| view! {
                    <div class="error-summary" role="alert" tabindex="-1">
                        <h3>{reason_text(&code)}</h3>
                        {(!problems.is_empty()).then(|| view! {
                            <ul>
                                {problems.iter().map(|(code, n)| {
                                    let text = if code == "more_problems" {
                                        t_args("pb-problem-more", &[("count", (*n).into())])
                                    } else if *n > 0 {
                                        t_args("pb-problem-at-line", &[("line", (*n).into()), ("problem", t(&format!("pb-problem-{}", code.replace('_', "-"))).into())])
                                    } else {
                                        t(&format!("pb-problem-{}", code.replace('_', "-")))
                                    };
                                    view! { <li>{text}</li> }
                                }).collect_view()}
                            </ul>
                        })}
                    </div>
                })}
                <form method="post" enctype="multipart/form-data" action=format!("/admin/processes/{process_id}/budgets/import?csrf={csrf}") class="upload">
                    <div class="field"><label for="import-file">{t("budget-import-file")}</label><p class="hint">{t("budget-import-file-hint")}</p>
                        <input type="file" id="import-file" name="file" accept=".pb,text/plain" required=true/></div>
                    <button type="submit" class="button secondary">{t("budget-import-submit")}</button>
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
            <ErrorSummary error form_id=fid.clone()/>
            <CsrfField/>
            <input type="hidden" name="id" value=id/>
            <input type="hidden" name="budget_id" value=budget_id.to_string()/>
            <Field form_id=fid.clone() name="name_ja" label="budget-heading-name-ja" error value=name_ja/>
            <Field form_id=fid.clone() name="name_en" label="budget-heading-name-en" error value=name_en/>
            <Select form_id=fid.clone() name="district_id" label="budget-heading-district" hint="budget-heading-district-hint" options=district_options error value=district/>
            <Field form_id=fid.clone() name="amount" label="budget-heading-amount" error value=amount/>
            <SubmitButton label="admin-save" pending/>
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
            <ErrorSummary error form_id=fid.clone()/>
            <CsrfField/>
            <input type="hidden" name="id" value=id/>
            <input type="hidden" name="budget_id" value=budget_id.to_string()/>
            <Select form_id=fid.clone() name="heading_id" label="project-field-heading" options=heading_opts required=true error value=heading/>
            <Field form_id=fid.clone() name="title" label="project-field-title" maxlength=150usize error value=title/>
            <TextArea form_id=fid.clone() name="description" label="project-field-description" hint="proposal-field-body-hint" required=false error value=description/>
            <Field form_id=fid.clone() name="cost" label="project-field-cost" hint="project-field-cost-hint" error value=cost/>
            <Select form_id=fid.clone() name="category_id" label="proposal-field-category" options=category_opts error value=category/>
            <Field form_id=fid.clone() name="address" label="proposal-field-address" required=false error value=address/>
            <Field form_id=fid.clone() name="latitude" label="proposal-field-latitude" required=false error value=latitude/>
            <Field form_id=fid.clone() name="longitude" label="proposal-field-longitude" required=false error value=longitude/>
            <SubmitButton label="admin-save" pending/>
        </ActionForm>
    }
}

/// What the next step of a budget's life does, for the button that takes it.
fn next_step(state: &str) -> Option<(&'static str, &'static str)> {
    match state {
        "informing" => Some(("budget-step-informing", "budget-step-informing-explain")),
        "voting" => Some(("budget-step-voting", "budget-step-voting-explain")),
        "closed" => Some(("budget-step-closed", "budget-step-closed-explain")),
        "published" => Some(("budget-step-published", "budget-step-published-explain")),
        _ => None,
    }
}

#[component]
pub fn AdminBudgetPageView() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let id = move || params.read().get("id").and_then(|v| v.parse::<BudgetId>().ok()).unwrap_or_default();
    if let Some(r) = require_signed_in(format!("/admin/budgets/{}", id())) {
        return r;
    }
    let data = Resource::new_blocking(move || (id(), query.read().get("notice")), |(id, _)| get_admin_budget_page(id));
    view! {
        <Suspense fallback=Loading>
            {move || data.get().map(|r| match r {
                Err(e) => view! { <PageError error=e/> }.into_any(),
                Ok(page) => view! { <AdminBudgetBody page/> }.into_any(),
            })}
        </Suspense>
    }
    .into_any()
}

#[component]
fn AdminBudgetBody(page: AdminBudgetPage) -> impl IntoView {
    let locale = use_page().locale;
    let advance = ServerAction::<AdvanceBudget>::new();
    let advance_error = form_outcome(advance);
    let del_heading = ServerAction::<DeleteHeading>::new();
    let del_heading_error = form_outcome(del_heading);
    let promote = ServerAction::<PromoteProposal>::new();
    let promote_error = form_outcome(promote);
    let promote_pending = promote.pending().into();
    let delete = ServerAction::<DeleteBudget>::new();
    let delete_error = form_outcome(delete);
    let info = page.info.clone();
    let bid = info.id;
    let editable = matches!(info.state.as_str(), "preparing" | "informing");
    let title = info.title.get(locale).to_owned();
    let next = page.next_state.clone();
    let step = next.as_deref().and_then(next_step);
    let headings = page.headings.clone();
    let districts = page.districts.clone();
    let categories = page.categories.clone();
    let projects = page.projects.clone();
    let promotable = page.promotable.clone();
    let promote_options: Vec<(String, String)> = std::iter::once((String::new(), t("budget-promote-choose")))
        .chain(promotable.iter().map(|(pid, title, state)| {
            let label = match state {
                Some(s) => format!("{title} ({})", t(&format!("answer-state-{s}"))),
                None => title.clone(),
            };
            (pid.to_string(), label)
        }))
        .collect();
    let heading_opts = heading_options(&headings, locale);
    let currency = info.currency.clone();
    view! {
        <Title text=format!("{} – {}", t("admin-title"), title)/>
        <nav aria-label=t("breadcrumb-label") class="breadcrumb"><a href="/admin">{t("admin-title")}</a></nav>
        <Notice/>
        <h1>{title.clone()}</h1>
        <p>
            <span class=format!("badge budget-{}", info.state)>{t(&format!("budget-state-{}", info.state))}</span>
            " " <a href=format!("/budgets/{bid}")>{t("admin-view-public")}</a>
            {matches!(info.state.as_str(), "closed" | "published").then(|| view! { " · " <a href=format!("/budgets/{bid}/results")>{t("budget-see-results")}</a> })}
        </p>
        {info.imported_from.clone().map(|src| view! { <p class="meta">{t_args("budget-imported-from", &[("source", src.into())])}</p> })}

        {page.can_manage.then(|| view! {
            <section id="lifecycle" aria-labelledby="lifecycle-title" class="staff-box">
                <h2 id="lifecycle-title">{t("budget-lifecycle")}</h2>
                <ErrorSummary error=advance_error form_id="advance"/>
                <p>{t(&format!("budget-state-{}-staff", info.state))}</p>
                {(page.pending_count > 0).then(|| view! { <p class="callout">{t_args("budget-pending-warning", &[("count", (page.pending_count as i64).into())])}</p> })}
                {step.zip(next.clone()).map(|((label, explain), to)| view! {
                    <p class="hint">{t(explain)}</p>
                    <ActionForm action=advance attr:class="inline-form">
                        <CsrfField/>
                        <input type="hidden" name="id" value=bid.to_string()/>
                        <input type="hidden" name="to" value=to/>
                        <button type="submit" class="button">{t(label)}</button>
                    </ActionForm>
                })}
            </section>
        }.into_any())}

        {page.can_manage.then(|| view! {
            <section aria-labelledby="settings-title">
                <details>
                    <summary id="settings-title">{t("budget-settings")}</summary>
                    <BudgetForm process_id=ProcessId::default() current=Some(info.clone()) locked=!editable/>
                </details>
            </section>
        }.into_any())}

        <section id="headings" aria-labelledby="headings-title">
            <h2 id="headings-title">{t("budget-headings")}</h2>
            <p class="hint">{t("budget-headings-intro")}</p>
            <ErrorSummary error=del_heading_error form_id="heading-delete"/>
            <ul>
                {headings.iter().map(|h| {
                    let hid = h.id;
                    let hv = h.clone();
                    let districts = districts.clone();
                    view! {
                        <li>
                            <strong>{h.name.get(locale).to_owned()}</strong> " " {money(h.amount, &currency, locale)}
                            {h.district.as_ref().map(|d| view! { " " <span class="tag">{d.name.get(locale).to_owned()}</span> })}
                            " " <span class="meta">{t_args("budget-project-count", &[("count", (h.project_count as i64).into())])}</span>
                            {(editable && page.can_manage).then(|| view! {
                                <details>
                                    <summary>{t("budget-heading-edit")}</summary>
                                    <HeadingForm budget_id=bid heading=Some(hv) districts form_id=format!("heading-{hid}")/>
                                    <ActionForm action=del_heading attr:class="inline-form">
                                        <CsrfField/><input type="hidden" name="id" value=hid.to_string()/>
                                        <button type="submit" class="link-button danger">{t("budget-heading-delete")}</button>
                                    </ActionForm>
                                </details>
                            })}
                        </li>
                    }
                }).collect_view()}
            </ul>
            {(editable && page.can_manage).then(|| view! {
                <details class="phase-admin">
                    <summary>{t("budget-heading-add")}</summary>
                    <HeadingForm budget_id=bid heading=None districts=districts.clone() form_id="heading-new".to_owned()/>
                </details>
            })}
        </section>

        <section id="projects" aria-labelledby="projects-title">
            <h2 id="projects-title">{t("budget-projects")}</h2>
            {if projects.is_empty() {
                view! { <p>{t("budget-no-projects")}</p> }.into_any()
            } else {
                view! {
                    <div class="table-wrap">
                        <table class="table">
                            <caption class="visually-hidden">{t("budget-projects")}</caption>
                            <thead><tr>
                                <th scope="col">{t("project-field-title")}</th>
                                <th scope="col">{t("project-field-heading")}</th>
                                <th scope="col" class="num">{t("project-field-cost")}</th>
                                <th scope="col">{t("project-feasibility")}</th>
                            </tr></thead>
                            <tbody>
                                {projects.iter().map(|p| {
                                    let heading_name = headings.iter().find(|h| h.id == p.heading_id).map(|h| h.name.get(locale).to_owned()).unwrap_or_default();
                                    view! {
                                        <tr>
                                            <td>
                                                {p.image.clone().map(|i| view! { <img class="thumb-small" src=upload_url(&i.key, true) alt=""/> })}
                                                <a href=format!("/admin/projects/{}", p.id)>{p.title.clone()}</a>
                                            </td>
                                            <td>{heading_name}</td>
                                            <td class="num">{money(p.cost, &currency, locale)}</td>
                                            <td><span class=format!("badge feasibility-{}", p.feasibility)>{t(&format!("project-feasibility-{}", p.feasibility))}</span></td>
                                        </tr>
                                    }
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                }.into_any()
            }}
            {(editable && page.can_manage).then(|| view! {
                <details class="phase-admin">
                    <summary>{t("budget-project-add")}</summary>
                    <ProjectForm budget_id=bid current=None headings=headings.clone() categories=categories.clone() form_id="project-new".to_owned()/>
                </details>
                <details class="phase-admin" open=promote_error.get_untracked().is_some()>
                    <summary>{t("budget-promote")}</summary>
                    <p>{t("budget-promote-intro")}</p>
                    {if promotable.is_empty() {
                        view! { <p>{t("budget-promote-none")}</p> }.into_any()
                    } else {
                        view! {
                            <ActionForm action=promote attr:id="promote" attr:novalidate=true>
                                <ErrorSummary error=promote_error form_id="promote"/>
                                <CsrfField/>
                                <input type="hidden" name="budget_id" value=bid.to_string()/>
                                <Select form_id="promote" name="proposal_id" label="budget-promote-proposal" options=promote_options.clone() required=true error=promote_error/>
                                <Select form_id="promote" name="heading_id" label="project-field-heading" options=heading_opts.clone() required=true error=promote_error/>
                                <Field form_id="promote" name="cost" label="project-field-cost" hint="budget-promote-cost-hint" required=false error=promote_error/>
                                <SubmitButton label="budget-promote-submit" pending=promote_pending/>
                            </ActionForm>
                        }.into_any()
                    }}
                </details>
            }.into_any())}
        </section>

        {(page.can_manage && (editable || info.imported_from.is_some())).then(|| view! {
            <section aria-labelledby="delete-title">
                <details>
                    <summary id="delete-title">{t("budget-delete")}</summary>
                    <p>{t("budget-delete-explain")}</p>
                    <ErrorSummary error=delete_error form_id="budget-delete"/>
                    <ActionForm action=delete attr:class="inline-form">
                        <CsrfField/><input type="hidden" name="id" value=bid.to_string()/>
                        <button type="submit" class="button danger">{t("budget-delete-confirm")}</button>
                    </ActionForm>
                </details>
            </section>
        }.into_any())}
    }
    .into_any()
}

#[component]
pub fn AdminProjectPageView() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let id = move || params.read().get("id").and_then(|v| v.parse::<ProjectId>().ok()).unwrap_or_default();
    if let Some(r) = require_signed_in(format!("/admin/projects/{}", id())) {
        return r;
    }
    let data = Resource::new_blocking(move || (id(), query.read().get("notice")), |(id, _)| get_admin_project_page(id));
    view! {
        <Suspense fallback=Loading>
            {move || data.get().map(|r| match r {
                Err(e) => view! { <PageError error=e/> }.into_any(),
                Ok(d) => view! { <AdminProjectBody data=d/> }.into_any(),
            })}
        </Suspense>
    }
    .into_any()
}

#[component]
fn AdminProjectBody(data: AdminProjectData) -> impl IntoView {
    let locale = use_page().locale;
    let csrf = use_page().csrf;
    let query = use_query_map();
    let AdminProjectData { project: p, budget } = data;
    let pid = p.id;
    let bid = budget.info.id;
    let editable = matches!(budget.info.state.as_str(), "preparing" | "informing");
    let valuate = ServerAction::<ValuateProject>::new();
    let valuate_error = form_outcome(valuate);
    let valuate_pending = valuate.pending().into();
    let delete = ServerAction::<DeleteProject>::new();
    let delete_error = form_outcome(delete);
    let remove_image = ServerAction::<RemoveProjectImage>::new();
    let remove_image_error = form_outcome(remove_image);
    let upload_error = query.read_untracked().get("error").map(|c| reason_text(&c));
    let feasibility_options = options(&[
        ("pending", t("project-feasibility-pending")),
        ("feasible", t("project-feasibility-feasible")),
        ("unfeasible", t("project-feasibility-unfeasible")),
    ]);
    let title = p.title.clone();
    let can_manage = budget.can_manage;
    let can_valuate = budget.can_valuate;
    let images = p.images.clone();
    let feasibility = p.feasibility.as_str().to_owned();
    let reason = p.feasibility_reason.clone();
    let currency = budget.info.currency.clone();
    view! {
        <Title text=format!("{} – {}", t("admin-title"), title)/>
        <nav aria-label=t("breadcrumb-label") class="breadcrumb">
            <a href="/admin">{t("admin-title")}</a> " › " <a href=format!("/admin/budgets/{bid}#projects")>{budget.info.title.get(locale).to_owned()}</a>
        </nav>
        <Notice/>
        <h1>{title}</h1>
        <p><a href=format!("/projects/{pid}")>{t("admin-view-public")}</a> " · " {money(p.cost, &currency, locale)}</p>
        {(!editable).then(|| view! { <p class="callout">{t("error-budget-locked")}</p> })}
        {(can_manage && editable).then(|| view! {
            <section aria-labelledby="project-edit-title">
                <h2 id="project-edit-title">{t("project-edit")}</h2>
                <ProjectForm budget_id=bid current=Some(p.clone()) headings=budget.headings.clone() categories=budget.categories.clone() form_id="project-form".to_owned()/>
            </section>
        }.into_any())}
        {(can_valuate && editable).then(|| view! {
            <section id="valuation" aria-labelledby="valuation-title" class="staff-box">
                <h2 id="valuation-title">{t("project-valuation")}</h2>
                <p class="hint">{t("project-valuation-intro")}</p>
                <ActionForm action=valuate attr:id="valuation-form" attr:novalidate=true>
                    <ErrorSummary error=valuate_error form_id="valuation-form"/>
                    <CsrfField/>
                    <input type="hidden" name="id" value=pid.to_string()/>
                    <Select form_id="valuation-form" name="feasibility" label="project-feasibility" options=feasibility_options required=true error=valuate_error value=feasibility/>
                    <TextArea form_id="valuation-form" name="reason" label="project-valuation-reason" hint="project-valuation-reason-hint" required=false rows=3 error=valuate_error value=reason/>
                    <Field form_id="valuation-form" name="cost" label="project-valuation-cost" hint="project-valuation-cost-hint" required=false error=valuate_error/>
                    <SubmitButton label="project-valuation-save" pending=valuate_pending/>
                </ActionForm>
            </section>
        }.into_any())}
        {(can_manage && editable).then(|| view! {
            <section id="images" aria-labelledby="images-title">
                <h2 id="images-title">{t("proposal-images-title")}</h2>
                <ErrorSummary error=remove_image_error form_id="image-remove"/>
                <ul class="image-list">
                    {images.iter().map(|i| {
                        let uid = i.id;
                        view! {
                            <li>
                                <img class="thumb" src=upload_url(&i.key, true) alt=i.alt.clone()/>
                                <ActionForm action=remove_image attr:class="inline-form">
                                    <CsrfField/><input type="hidden" name="id" value=pid.to_string()/><input type="hidden" name="upload_id" value=uid.to_string()/>
                                    <button type="submit" class="link-button danger">{t("proposal-image-remove")}</button>
                                </ActionForm>
                            </li>
                        }
                    }).collect_view()}
                </ul>
                {upload_error.map(|m| view! { <div class="error-summary" role="alert"><p>{m}</p></div> })}
                <form method="post" enctype="multipart/form-data" action=format!("/admin/projects/{pid}/images?csrf={csrf}") class="upload">
                    <div class="field"><label for="project-image">{t("proposal-image-file")}</label><p class="hint">{t("proposal-image-hint")}</p>
                        <input type="file" id="project-image" name="image" accept="image/jpeg,image/png,image/webp,image/gif" required=true/></div>
                    <div class="field"><label for="project-image-alt">{t("proposal-image-alt")}</label><input type="text" id="project-image-alt" name="alt" maxlength=200/></div>
                    <button type="submit" class="button secondary">{t("proposal-image-upload")}</button>
                </form>
            </section>
            <section aria-labelledby="project-delete-title">
                <details>
                    <summary id="project-delete-title">{t("project-delete")}</summary>
                    <ErrorSummary error=delete_error form_id="project-delete"/>
                    <ActionForm action=delete attr:class="inline-form">
                        <CsrfField/><input type="hidden" name="id" value=pid.to_string()/>
                        <button type="submit" class="button danger">{t("project-delete-confirm")}</button>
                    </ActionForm>
                </details>
            </section>
        }.into_any())}
    }
    .into_any()
}
