//! Council decisions, accountability results and the public KPI dashboard.

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
use yoriai_views::accountability::{
    Dashboard, DecisionForm, DecisionPage, DecisionSummary, LinkedItem, Outcomes, ResultForm, ResultPage, ResultSummary,
};
use yoriai_views::charts::{horizontal_bars, progress_bar, Bar, BarChart, Progress};

const OUTCOMES: &[&str] = &["approved", "rejected", "deferred", "amended"];
const STATUSES: &[&str] = &["not_started", "in_progress", "completed", "cancelled", "custom"];

fn outcome_label(o: &str) -> String {
    t(&format!("decision-outcome-{}", o.replace('_', "-")))
}

pub fn status_label(r: &ResultSummary) -> String {
    match &r.custom_status {
        Some(c) if r.status == "custom" => c.get(use_page().locale).to_owned(),
        _ => t(&format!("result-status-{}", r.status.replace('_', "-"))),
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
        2 => view! { <h2><a href=href>{text}</a></h2> }.into_any(),
        4 => view! { <h4><a href=href>{text}</a></h4> }.into_any(),
        _ => view! { <h3><a href=href>{text}</a></h3> }.into_any(),
    }
}

#[component]
fn DecisionCard(d: DecisionSummary, level: u8) -> impl IntoView {
    let locale = use_page().locale;
    view! {
        <li class="card">
            {card_heading(level, format!("/decisions/{}", d.id), d.title.get(locale).to_owned())}
            <p class="meta">
                <span class=format!("badge outcome-{}", d.outcome)>{outcome_label(&d.outcome)}</span>
                " " {d.body_name.clone()} " · " <time datetime=d.decided_on.clone()>{d.decided_on.clone()}</time>
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
            {card_heading(level, format!("/results/{}", r.id), title)}
            <p class="meta"><span class=format!("badge result-{}", r.status)>{status_label(&r)}</span></p>
            <ProgressMeter value=r.progress label/>
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
                {(!outcomes.decisions.is_empty()).then(|| view! {
                    <h3>{t("outcomes-decisions")}</h3>
                    <ul class="cards">{outcomes.decisions.clone().into_iter().map(|d| view! { <DecisionCard d level=4/> }).collect_view()}</ul>
                })}
                {(!outcomes.results.is_empty()).then(|| view! {
                    <h3>{t("outcomes-results")}</h3>
                    <ul class="cards">{outcomes.results.clone().into_iter().map(|r| view! { <ResultCard r level=4/> }).collect_view()}</ul>
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
                <ul>{links.into_iter().map(|l| { let label = item_label(&l); view! { <li><a href=l.href()>{label}</a></li> } }).collect_view()}</ul>
            </section>
        }
    })
}

// ---- decisions ----

#[component]
pub fn DecisionListPage() -> impl IntoView {
    let query = use_query_map();
    let outcome = move || query.read().get("outcome").filter(|o| !o.is_empty());
    let before = move || query.read().get("before");
    let data = Resource::new_blocking(move || (outcome(), before()), |(o, b)| get_decisions(o, b));
    let options: Vec<(String, String)> = std::iter::once((String::new(), t("decision-outcome-any")))
        .chain(OUTCOMES.iter().map(|o| ((*o).to_owned(), outcome_label(o))))
        .collect();
    view! {
        <Title text=t("decisions-title")/>
        <h1>{t("decisions-title")}</h1>
        <p>{t("decisions-intro")}</p>
        <form method="get" action="/decisions" class="filters">
            <label for="decision-outcome">{t("decision-field-outcome")}</label>
            <select id="decision-outcome" name="outcome">
                {options.into_iter().map(|(v, l)| { let sel = outcome().unwrap_or_default() == v; view! { <option value=v selected=sel>{l}</option> } }).collect_view()}
            </select>
            <button type="submit" class="button secondary">{t("filter-apply")}</button>
        </form>
        <Suspense fallback=Loading>
            {move || data.get().map(|r| match r {
                Err(e) => view! { <PageError error=e/> }.into_any(),
                Ok(list) => view! {
                    {list.can_publish.then(|| view! { <p><a class="button" href="/decisions/new">{t("decision-new")}</a></p> })}
                    {if list.items.is_empty() { Some(view! { <p>{t("decisions-empty")}</p> }) } else { None }}
                    <ul class="cards">{list.items.into_iter().map(|d| view! { <DecisionCard d level=2/> }).collect_view()}</ul>
                    {list.next.map(|n| {
                        let o = outcome().map(|o| format!("&outcome={o}")).unwrap_or_default();
                        view! { <p><a href=format!("/decisions?before={n}{o}")>{t("list-older")}</a></p> }
                    })}
                }.into_any(),
            })}
        </Suspense>
    }
}

#[component]
fn DecisionFormView(current: DecisionForm) -> impl IntoView {
    let save = ServerAction::<SaveDecision>::new();
    let error: FormError = form_outcome(save);
    let pending = save.pending().into();
    let fid = "decision-form";
    let outcomes: Vec<(String, String)> = OUTCOMES.iter().map(|o| ((*o).to_owned(), outcome_label(o))).collect();
    let c = current;
    view! {
        <ActionForm action=save attr:id=fid attr:novalidate=true>
            <ErrorSummary error form_id=fid/>
            <CsrfField/>
            <input type="hidden" name="id" value=c.id.map(|i| i.to_string()).unwrap_or_default()/>
            <input type="hidden" name="process_id" value=c.process_id.map(|i| i.to_string()).unwrap_or_default()/>
            <Field form_id=fid name="body_name" label="decision-field-body" hint="decision-field-body-hint" error value=c.body_name.clone()/>
            <Field form_id=fid name="decided_on" label="decision-field-date" input_type="date" error value=c.decided_on.clone()/>
            <Field form_id=fid name="title_ja" label="decision-field-title-ja" error value=c.title_ja.clone()/>
            <Field form_id=fid name="title_en" label="decision-field-title-en" required=false error value=c.title_en.clone()/>
            <Select form_id=fid name="outcome" label="decision-field-outcome" options=outcomes required=true error value=c.outcome.clone()/>
            <TextArea form_id=fid name="body_ja" label="decision-field-body-ja" hint="proposal-field-body-hint" required=false error value=c.body_ja.clone()/>
            <TextArea form_id=fid name="body_en" label="decision-field-body-en" required=false error value=c.body_en.clone()/>
            <fieldset>
                <legend>{t("decision-votes")}</legend>
                <p class="hint">{t("decision-votes-hint")}</p>
                <Field form_id=fid name="votes_for" label="decision-votes-for" input_type="number" required=false error value=c.votes_for.clone()/>
                <Field form_id=fid name="votes_against" label="decision-votes-against" input_type="number" required=false error value=c.votes_against.clone()/>
                <Field form_id=fid name="votes_abstain" label="decision-votes-abstain" input_type="number" required=false error value=c.votes_abstain.clone()/>
            </fieldset>
            <fieldset>
                <legend>{t("decision-links")}</legend>
                <p class="hint">{t("links-hint")}</p>
                <Field form_id=fid name="proposal_ids" label="links-proposals" required=false error value=c.proposal_ids.clone()/>
                <Field form_id=fid name="project_ids" label="links-projects" required=false error value=c.project_ids.clone()/>
                <Field form_id=fid name="report_ids" label="links-reports" required=false error value=c.report_ids.clone()/>
            </fieldset>
            <SubmitButton label=if c.id.is_some() { "admin-save" } else { "decision-publish" } pending/>
        </ActionForm>
    }
}

#[component]
pub fn NewDecisionPage() -> impl IntoView {
    let query = use_query_map();
    let proposal = query.read_untracked().get("proposal").unwrap_or_default();
    let allowed = allowed(|process| yoriai_domain::Action::PublishDecision { process });
    view! {
        <Title text=t("decision-new")/>
        <nav aria-label=t("breadcrumb-label") class="breadcrumb"><a href="/decisions">{t("decisions-title")}</a></nav>
        <h1>{t("decision-new")}</h1>
        {if allowed {
            view! { <DecisionFormView current=DecisionForm { proposal_ids: proposal, ..DecisionForm::default() }/> }.into_any()
        } else {
            view! { <p>{reason_text("forbidden")}</p> }.into_any()
        }}
    }
}

#[component]
pub fn DecisionPageView() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.read().get("id").and_then(|v| v.parse::<i64>().ok()).unwrap_or(0);
    let page = Resource::new_blocking(id, get_decision_page);
    view! {
        <Suspense fallback=Loading>
            {move || page.get().map(|r| match r {
                Err(e) => view! { <PageError error=e/> }.into_any(),
                Ok(p) => view! { <DecisionBody page=p/> }.into_any(),
            })}
        </Suspense>
    }
}

#[component]
fn DecisionBody(page: DecisionPage) -> impl IntoView {
    let ctx = use_page();
    let locale = ctx.locale;
    let csrf = ctx.csrf.clone();
    let p = page;
    let id = p.summary.id;
    let query = use_query_map();
    let doc_error = query.read_untracked().get("error").map(|c| reason_text(&c));
    let remove = ServerAction::<RemoveDecisionDocument>::new();
    let title = p.summary.title.get(locale).to_owned();
    view! {
        <Title text=title.clone()/>
        <nav aria-label=t("breadcrumb-label") class="breadcrumb"><a href="/decisions">{t("decisions-title")}</a></nav>
        <Notice/>
        <article class="decision">
            <h1>{title}</h1>
            <p class="meta">
                <span class=format!("badge outcome-{}", p.summary.outcome)>{outcome_label(&p.summary.outcome)}</span>
                " " {p.summary.body_name.clone()} " · " <time datetime=p.summary.decided_on.clone()>{p.summary.decided_on.clone()}</time>
            </p>
            {p.summary.votes.map(|(f, a, s)| view! {
                <table class="table votes">
                    <caption>{t("decision-votes")}</caption>
                    <thead><tr><th scope="col">{t("decision-votes-for")}</th><th scope="col">{t("decision-votes-against")}</th><th scope="col">{t("decision-votes-abstain")}</th></tr></thead>
                    <tbody><tr><td class="num">{f}</td><td class="num">{a}</td><td class="num">{s}</td></tr></tbody>
                </table>
            })}
            <div class="prose" inner_html=p.body_html.get(locale).to_owned()></div>
        </article>
        <LinkedList links=p.links.clone() title="decision-decides-on"/>
        <section id="documents" aria-labelledby="documents-title">
            {(!p.documents.is_empty() || p.can_edit).then(|| view! { <h2 id="documents-title">{t("decision-documents")}</h2> })}
            <ul>
                {p.documents.iter().map(|d| {
                    let doc_id = d.id;
                    let size = t_args("document-size", &[("kb", ((d.bytes + 1023) / 1024).into())]);
                    view! {
                        <li>
                            <a href=format!("/decisions/{id}/documents/{doc_id}")>{d.file_name.clone()}</a> " (PDF, " {size} ")"
                            {p.can_edit.then(|| view! {
                                <ActionForm action=remove attr:class="inline-form">
                                    <CsrfField/><input type="hidden" name="decision_id" value=id/><input type="hidden" name="document_id" value=doc_id/>
                                    <button type="submit" class="button link">{t("document-remove")}</button>
                                </ActionForm>
                            })}
                        </li>
                    }
                }).collect_view()}
            </ul>
            {p.can_edit.then(|| view! {
                {doc_error.clone().map(|m| view! { <div class="error-summary" role="alert"><p>{m}</p></div> })}
                <form method="post" enctype="multipart/form-data" action=format!("/admin/decisions/{id}/documents?csrf={csrf}") class="upload">
                    <div class="field"><label for="decision-document">{t("document-file")}</label><p class="hint">{t("document-hint")}</p>
                        <input type="file" id="decision-document" name="document" accept="application/pdf,.pdf" required=true/></div>
                    <button type="submit" class="button secondary">{t("document-upload")}</button>
                </form>
            })}
        </section>
        {(!p.results.is_empty()).then(|| view! {
            <section aria-labelledby="decision-results"><h2 id="decision-results">{t("outcomes-results")}</h2>
                <ul class="cards">{p.results.clone().into_iter().map(|r| view! { <ResultCard r level=3/> }).collect_view()}</ul>
            </section>
        })}
        {p.form.clone().map(|f| view! {
            <details class="staff-box"><summary>{t("decision-edit")}</summary><DecisionFormView current=f/></details>
        })}
    }
}

// ---- results ----

#[component]
pub fn AccountabilityListPage() -> impl IntoView {
    let query = use_query_map();
    let after = move || query.read().get("after").and_then(|a| a.parse::<i64>().ok());
    let data = Resource::new_blocking(after, get_results);
    view! {
        <Title text=t("accountability-title")/>
        <h1>{t("accountability-title")}</h1>
        <p>{t("accountability-intro")}</p>
        <Suspense fallback=Loading>
            {move || data.get().map(|r| match r {
                Err(e) => view! { <PageError error=e/> }.into_any(),
                Ok(list) => view! {
                    {list.can_manage.then(|| view! { <p><a class="button" href="/results/new">{t("result-new")}</a></p> })}
                    {if list.items.is_empty() { Some(view! { <p>{t("accountability-empty")}</p> }) } else { None }}
                    <ul class="cards">{list.items.into_iter().map(|r| view! { <ResultCard r level=2/> }).collect_view()}</ul>
                    {list.next.map(|n| view! { <p><a href=format!("/results?after={n}")>{t("list-more")}</a></p> })}
                }.into_any(),
            })}
        </Suspense>
    }
}

#[component]
fn ResultFormView(current: ResultForm, has_children: bool) -> impl IntoView {
    let save = ServerAction::<SaveResult>::new();
    let error: FormError = form_outcome(save);
    let pending = save.pending().into();
    let fid = "result-form";
    let statuses: Vec<(String, String)> =
        STATUSES.iter().map(|s| ((*s).to_owned(), t(&format!("result-status-{}", s.replace('_', "-"))))).collect();
    let c = current;
    let status = if c.status.is_empty() { "not_started".to_owned() } else { c.status.clone() };
    view! {
        <ActionForm action=save attr:id=fid attr:novalidate=true>
            <ErrorSummary error form_id=fid/>
            <CsrfField/>
            <input type="hidden" name="id" value=c.id.map(|i| i.to_string()).unwrap_or_default()/>
            <input type="hidden" name="process_id" value=c.process_id.map(|i| i.to_string()).unwrap_or_default()/>
            <Field form_id=fid name="title_ja" label="result-field-title-ja" error value=c.title_ja.clone()/>
            <Field form_id=fid name="title_en" label="result-field-title-en" required=false error value=c.title_en.clone()/>
            <TextArea form_id=fid name="description_ja" label="result-field-description-ja" hint="proposal-field-body-hint" required=false error value=c.description_ja.clone()/>
            <TextArea form_id=fid name="description_en" label="result-field-description-en" required=false error value=c.description_en.clone()/>
            <Select form_id=fid name="status" label="result-field-status" options=statuses required=true error value=status/>
            <Field form_id=fid name="custom_status_ja" label="result-field-custom-ja" hint="result-field-custom-hint" required=false error value=c.custom_status_ja.clone()/>
            <Field form_id=fid name="custom_status_en" label="result-field-custom-en" required=false error value=c.custom_status_en.clone()/>
            {if has_children {
                view! { <p class="hint">{t("result-progress-from-children")}</p> }.into_any()
            } else {
                view! { <Field form_id=fid name="progress" label="result-field-progress" hint="result-field-progress-hint" input_type="number" required=false error value=c.progress.clone()/> }.into_any()
            }}
            <Field form_id=fid name="starts_on" label="result-field-starts" input_type="date" required=false error value=c.starts_on.clone()/>
            <Field form_id=fid name="ends_on" label="result-field-ends" input_type="date" required=false error value=c.ends_on.clone()/>
            <Field form_id=fid name="budget" label="result-field-budget" hint="result-field-budget-hint" required=false error value=c.budget.clone()/>
            <Field form_id=fid name="parent_id" label="result-field-parent" hint="result-field-parent-hint" required=false error value=c.parent_id.map(|p| p.to_string()).unwrap_or_default()/>
            <fieldset>
                <legend>{t("result-links")}</legend>
                <p class="hint">{t("links-hint")}</p>
                <Field form_id=fid name="proposal_ids" label="links-proposals" required=false error value=c.proposal_ids.clone()/>
                <Field form_id=fid name="project_ids" label="links-projects" required=false error value=c.project_ids.clone()/>
                <Field form_id=fid name="report_ids" label="links-reports" required=false error value=c.report_ids.clone()/>
                <Field form_id=fid name="decision_ids" label="links-decisions" required=false error value=c.decision_ids.clone()/>
            </fieldset>
            <SubmitButton label="admin-save" pending/>
        </ActionForm>
    }
}

#[component]
pub fn NewResultPage() -> impl IntoView {
    let query = use_query_map();
    let q = query.read_untracked();
    let form = ResultForm {
        parent_id: q.get("parent").and_then(|p| p.parse().ok()),
        proposal_ids: q.get("proposal").unwrap_or_default(),
        decision_ids: q.get("decision").unwrap_or_default(),
        ..ResultForm::default()
    };
    let allowed = allowed(|process| yoriai_domain::Action::ManageResults { process });
    view! {
        <Title text=t("result-new")/>
        <nav aria-label=t("breadcrumb-label") class="breadcrumb"><a href="/results">{t("accountability-title")}</a></nav>
        <h1>{t("result-new")}</h1>
        {if allowed {
            view! { <ResultFormView current=form has_children=false/> }.into_any()
        } else {
            view! { <p>{reason_text("forbidden")}</p> }.into_any()
        }}
    }
}

#[component]
pub fn AccountabilityResultPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.read().get("id").and_then(|v| v.parse::<i64>().ok()).unwrap_or(0);
    let page = Resource::new_blocking(id, get_result_page);
    view! {
        <Suspense fallback=Loading>
            {move || page.get().map(|r| match r {
                Err(e) => view! { <PageError error=e/> }.into_any(),
                Ok(p) => view! { <ResultBody page=p/> }.into_any(),
            })}
        </Suspense>
    }
}

#[component]
fn ResultBody(page: ResultPage) -> impl IntoView {
    let ctx = use_page();
    let locale = ctx.locale;
    let csrf = ctx.csrf.clone();
    let p = page;
    let s = p.summary.clone();
    let id = s.id;
    let title = s.title.get(locale).to_owned();
    let query = use_query_map();
    let update_error = query.read_untracked().get("error").map(|c| reason_text(&c));
    let statuses: Vec<(String, String)> = std::iter::once((String::new(), t("result-status-unchanged")))
        .chain(
            STATUSES
                .iter()
                .filter(|s| **s != "custom")
                .map(|s| ((*s).to_owned(), t(&format!("result-status-{}", s.replace('_', "-"))))),
        )
        .collect();
    let has_children = s.child_count > 0;
    let label = t_args("result-progress-label", &[("title", title.clone().into())]);
    view! {
        <Title text=title.clone()/>
        <nav aria-label=t("breadcrumb-label") class="breadcrumb">
            <a href="/results">{t("accountability-title")}</a>
            {p.parent.clone().map(|(pid, pt)| view! { " › " <a href=format!("/results/{pid}")>{pt.get(locale).to_owned()}</a> })}
        </nav>
        <Notice/>
        <article class="result">
            <h1>{title}</h1>
            <p class="meta"><span class=format!("badge result-{}", s.status)>{status_label(&s)}</span></p>
            <ProgressMeter value=s.progress label/>
            {has_children.then(|| view! { <p class="hint">{t("result-progress-from-children")}</p> })}
            <dl class="facts">
                {s.starts_on.clone().map(|d| view! { <dt>{t("result-field-starts")}</dt><dd>{d}</dd> })}
                {s.ends_on.clone().map(|d| view! { <dt>{t("result-field-ends")}</dt><dd>{d}</dd> })}
                {s.budget.map(|b| view! { <dt>{t("result-field-budget")}</dt><dd>{t_args("money-yen", &[("amount", group_digits(b).into())])}</dd> })}
            </dl>
            <div class="prose" inner_html=p.description_html.get(locale).to_owned()></div>
        </article>
        {(!p.children.is_empty()).then(|| view! {
            <section aria-labelledby="children-title"><h2 id="children-title">{t("result-children")}</h2>
                <ul class="cards">{p.children.clone().into_iter().map(|r| view! { <ResultCard r level=3/> }).collect_view()}</ul>
            </section>
        })}
        {p.can_manage.then(|| view! { <p><a href=format!("/results/new?parent={id}")>{t("result-add-child")}</a></p> })}
        <LinkedList links=p.links.clone() title="result-behind"/>
        <section id="timeline" aria-labelledby="timeline-title">
            <h2 id="timeline-title">{t("result-timeline")}</h2>
            {if p.updates.is_empty() { Some(view! { <p>{t("result-timeline-empty")}</p> }) } else { None }}
            <ol class="timeline">
                {p.updates.iter().map(|u| view! {
                    <li>
                        <p class="meta"><time>{u.created_at.clone()}</time>
                            {u.progress.map(|pr| view! { " · " {t_args("result-update-progress", &[("progress", i64::from(pr).into())])} })}
                            {u.status.clone().map(|st| view! { " · " {t(&format!("result-status-{}", st.replace('_', "-")))} })}
                        </p>
                        <div class="prose" inner_html=u.body_html.clone()></div>
                        {u.image.clone().map(|i| view! { <img src=upload_url(&i.key, false) alt=i.alt.clone() width=i.width height=i.height loading="lazy"/> })}
                    </li>
                }).collect_view()}
            </ol>
        </section>
        {p.can_manage.then(|| view! {
            <section id="update" aria-labelledby="update-title" class="staff-box">
                <h2 id="update-title">{t("result-update-title")}</h2>
                {update_error.clone().map(|m| view! { <div class="error-summary" role="alert"><p>{m}</p></div> })}
                <form method="post" enctype="multipart/form-data" action=format!("/admin/results/{id}/updates?csrf={csrf}") class="upload">
                    <div class="field"><label for="update-body">{t("result-update-body")}</label>
                        <textarea id="update-body" name="body" rows="4" required=true></textarea></div>
                    {(!has_children).then(|| view! {
                        <div class="field"><label for="update-progress">{t("result-field-progress")}</label><p class="hint">{t("result-field-progress-hint")}</p>
                            <input type="number" id="update-progress" name="progress" min="0" max="100" inputmode="numeric"/></div>
                    })}
                    <div class="field"><label for="update-status">{t("result-field-status")}</label>
                        <select id="update-status" name="status">
                            {statuses.clone().into_iter().map(|(v, l)| view! { <option value=v>{l}</option> }).collect_view()}
                        </select></div>
                    <div class="field"><label for="update-photo">{t("result-update-photo")}</label>
                        <input type="file" id="update-photo" name="photo" accept="image/jpeg,image/png,image/webp,image/gif"/></div>
                    <div class="field"><label for="update-alt">{t("proposal-image-alt")}</label><input type="text" id="update-alt" name="alt" maxlength=200/></div>
                    <button type="submit" class="button">{t("result-update-submit")}</button>
                </form>
            </section>
        })}
        {p.form.clone().map(|f| view! {
            <details class="staff-box"><summary>{t("result-edit")}</summary><ResultFormView current=f has_children/></details>
        })}
    }
}

// ---- dashboard ----

#[component]
pub fn DashboardPage() -> impl IntoView {
    let query = use_query_map();
    let process = move || query.read().get("process").filter(|p| !p.is_empty());
    let data = Resource::new_blocking(process, get_dashboard);
    view! {
        <Title text=t("dashboard-title")/>
        <Notice/>
        <h1>{t("dashboard-title")}</h1>
        <p>{t("dashboard-intro")}</p>
        <Suspense fallback=Loading>
            {move || data.get().map(|r| match r {
                Err(e) => view! { <PageError error=e/> }.into_any(),
                Ok(d) => view! { <DashboardBody d/> }.into_any(),
            })}
        </Suspense>
    }
}

/// A chart with its data table and CSV link.
#[component]
fn ChartBlock(svg: String, caption: String, csv: String, children: Children) -> impl IntoView {
    view! {
        <figure class="chart-figure">
            <div class="chart-box" inner_html=svg></div>
            <figcaption>{caption}</figcaption>
        </figure>
        <div class="table-wrap">{children()}</div>
        <p class="downloads"><a href=csv download>{t("dashboard-download-csv")}</a></p>
    }
}

#[component]
fn DashboardBody(d: Dashboard) -> impl IntoView {
    let locale = use_page().locale;
    let slug = d.process.as_ref().map(|(s, _)| s.clone()).unwrap_or_default();
    let csv = |chart: &str| {
        if slug.is_empty() {
            format!("/dashboard/{chart}.csv")
        } else {
            format!("/dashboard/{chart}.csv?process={slug}")
        }
    };
    let scope = d.process.as_ref().map(|(_, t)| t.get(locale).to_owned()).unwrap_or_else(|| t("dashboard-city"));
    let figure_label = |key: &str| t(&format!("kpi-metric-{}", key.replace('_', "-")));
    let fmt = |v: f64, share: bool| if share { format!("{v:.1}%") } else { number(v) };
    // Participation counts.
    let counts: Vec<Bar> = d
        .figures
        .iter()
        .filter(|f| !f.share && f.key != "median_days_to_fix")
        .map(|f| Bar { label: figure_label(&f.key), value: f.value, value_label: number(f.value), highlight: false })
        .collect();
    let counts_svg = horizontal_bars(&BarChart {
        id: "dash-counts",
        title: &t_args("dashboard-counts-title", &[("scope", scope.clone().into())]),
        description: &t("dashboard-counts-desc"),
        bars: &counts,
        max: None,
        reference: None,
    });
    let shares: Vec<Bar> = d
        .figures
        .iter()
        .filter(|f| f.share)
        .map(|f| Bar {
            label: figure_label(&f.key),
            value: f.value,
            value_label: format!("{:.1}%", f.value),
            highlight: false,
        })
        .collect();
    let shares_svg = horizontal_bars(&BarChart {
        id: "dash-shares",
        title: &t_args("dashboard-shares-title", &[("scope", scope.clone().into())]),
        description: &t("dashboard-shares-desc"),
        bars: &shares,
        max: Some(100.0),
        reference: None,
    });
    let turnout_bars: Vec<Bar> = d
        .turnout
        .iter()
        .map(|r| {
            let pct = r.eligible.filter(|e| *e > 0).map(|e| r.ballots as f64 * 100.0 / e as f64);
            Bar {
                label: format!("{} — {}", r.budget.get(locale), r.heading.get(locale)),
                value: pct.unwrap_or(r.ballots as f64),
                value_label: pct.map(|p| format!("{p:.1}%")).unwrap_or_else(|| number(r.ballots as f64)),
                highlight: false,
            }
        })
        .collect();
    let turnout_svg = horizontal_bars(&BarChart {
        id: "dash-turnout",
        title: &t("dashboard-turnout-title"),
        description: &t("dashboard-turnout-desc"),
        bars: &turnout_bars,
        max: None,
        reference: None,
    });
    let report_chart = |id: &str, title: &str, stats: &[yoriai_views::accountability::ReportStat]| {
        let bars: Vec<Bar> = stats
            .iter()
            .map(|s| Bar {
                label: s.label.get(locale).to_owned(),
                value: s.received as f64,
                value_label: t_args(
                    "dashboard-received-fixed",
                    &[("received", s.received.into()), ("fixed", s.fixed.into())],
                ),
                highlight: false,
            })
            .collect();
        horizontal_bars(&BarChart {
            id,
            title,
            description: &t("dashboard-reports-desc"),
            bars: &bars,
            max: None,
            reference: None,
        })
    };
    let by_cat_svg = report_chart("dash-reports-cat", &t("dashboard-reports-category"), &d.reports_by_category);
    let by_dep_svg = report_chart("dash-reports-dep", &t("dashboard-reports-department"), &d.reports_by_department);
    let status_bars: Vec<Bar> = d
        .results_by_status
        .iter()
        .map(|(s, n)| Bar {
            label: t(&format!("result-status-{}", s.replace('_', "-"))),
            value: *n as f64,
            value_label: number(*n as f64),
            highlight: s == "completed",
        })
        .collect();
    let status_svg = horizontal_bars(&BarChart {
        id: "dash-results",
        title: &t("dashboard-results-title"),
        description: &t("dashboard-results-desc"),
        bars: &status_bars,
        max: None,
        reference: None,
    });
    let band_bars: Vec<Bar> = d
        .age_bands
        .iter()
        .map(|(b, n)| Bar {
            label: t(&format!("age-band-{}", b.replace('_', "-"))),
            value: n.unwrap_or(0) as f64,
            value_label: n.map(|n| number(n as f64)).unwrap_or_else(|| t("dashboard-too-few")),
            highlight: false,
        })
        .collect();
    let band_svg = horizontal_bars(&BarChart {
        id: "dash-age-bands",
        title: &t("dashboard-age-title"),
        description: &t("dashboard-age-desc"),
        bars: &band_bars,
        max: None,
        reference: None,
    });
    let report_table = move |caption: String, stats: Vec<yoriai_views::accountability::ReportStat>| {
        view! {
            <table class="table">
                <caption>{caption}</caption>
                <thead><tr><th scope="col">{t("dashboard-col-name")}</th><th scope="col" class="num">{t("dashboard-col-received")}</th>
                    <th scope="col" class="num">{t("dashboard-col-fixed")}</th><th scope="col" class="num">{t("dashboard-col-median")}</th></tr></thead>
                <tbody>{stats.into_iter().map(|s| view! {
                    <tr><th scope="row">{s.label.get(locale).to_owned()}</th><td class="num">{group_digits(s.received)}</td><td class="num">{group_digits(s.fixed)}</td>
                        <td class="num">{s.median_days_to_fix.map(|m| format!("{m:.1}")).unwrap_or_else(|| "—".into())}</td></tr>
                }).collect_view()}</tbody>
            </table>
        }
    };
    let add = ServerAction::<AddKpi>::new();
    let add_error = form_outcome(add);
    let add_pending = add.pending().into();
    let remove = ServerAction::<RemoveKpi>::new();
    let pop = ServerAction::<SetPopulation>::new();
    let pop_error = form_outcome(pop);
    let pop_pending = pop.pending().into();
    let metrics: Vec<(String, String)> = yoriai_domain::accountability::Metric::ALL
        .iter()
        .map(|m| (m.as_str().to_owned(), figure_label(m.as_str())))
        .collect();
    let cycles: Vec<(String, String)> = yoriai_domain::accountability::UPDATE_CYCLES
        .iter()
        .map(|c| ((*c).to_owned(), t(&format!("kpi-cycle-{c}"))))
        .collect();
    let fiscal_year = d.fiscal_year.to_string();
    let process_options: Vec<(String, String)> = std::iter::once((String::new(), t("dashboard-city")))
        .chain(d.processes.iter().map(|(s, title)| (s.clone(), title.get(locale).to_owned())))
        .collect();
    let figures = d.figures.clone();
    let is_city = d.process.is_none();
    view! {
        <form method="get" action="/dashboard" class="filters">
            <label for="dashboard-process">{t("dashboard-scope")}</label>
            <select id="dashboard-process" name="process">
                {process_options.into_iter().map(|(v, l)| { let sel = v == slug; view! { <option value=v selected=sel>{l}</option> } }).collect_view()}
            </select>
            <button type="submit" class="button secondary">{t("filter-apply")}</button>
        </form>
        <h2>{scope.clone()}</h2>
        <dl class="figures">
            {figures.iter().map(|f| view! { <div class="figure"><dt>{figure_label(&f.key)}</dt><dd>{fmt(f.value, f.share)}</dd></div> }).collect_view()}
        </dl>
        {d.population.map(|p| view! { <p class="meta">{t_args("dashboard-population", &[("population", group_digits(p).into())])}</p> })}
        <section aria-labelledby="dash-participation"><h2 id="dash-participation">{t("dashboard-participation")}</h2>
            <ChartBlock svg=counts_svg caption=t("dashboard-counts-caption") csv=csv("figures")>
                <table class="table"><caption>{t("dashboard-figures-table")}</caption>
                    <thead><tr><th scope="col">{t("dashboard-col-name")}</th><th scope="col" class="num">{t("dashboard-col-value")}</th></tr></thead>
                    <tbody>{d.figures.iter().map(|f| view! { <tr><th scope="row">{figure_label(&f.key)}</th><td class="num">{fmt(f.value, f.share)}</td></tr> }).collect_view()}</tbody>
                </table>
            </ChartBlock>
            <figure class="chart-figure"><div class="chart-box" inner_html=shares_svg></div><figcaption>{t("dashboard-shares-caption")}</figcaption></figure>
        </section>
        {(!d.turnout.is_empty()).then(|| view! {
            <section aria-labelledby="dash-turnout-h"><h2 id="dash-turnout-h">{t("dashboard-turnout-title")}</h2>
                <ChartBlock svg=turnout_svg.clone() caption=t("dashboard-turnout-caption") csv=csv("turnout")>
                    <table class="table"><caption>{t("dashboard-turnout-title")}</caption>
                        <thead><tr><th scope="col">{t("dashboard-col-name")}</th><th scope="col" class="num">{t("dashboard-col-ballots")}</th><th scope="col" class="num">{t("dashboard-col-eligible")}</th></tr></thead>
                        <tbody>{d.turnout.iter().map(|r| view! {
                            <tr><th scope="row">{format!("{} — {}", r.budget.get(locale), r.heading.get(locale))}</th><td class="num">{group_digits(r.ballots)}</td>
                                <td class="num">{r.eligible.map(group_digits).unwrap_or_else(|| "—".into())}</td></tr>
                        }).collect_view()}</tbody>
                    </table>
                </ChartBlock>
            </section>
        })}
        {is_city.then(|| view! {
            <section aria-labelledby="dash-reports"><h2 id="dash-reports">{t("dashboard-reports-title")}</h2>
                <ChartBlock svg=by_cat_svg.clone() caption=t("dashboard-reports-caption") csv=csv("reports_by_category")>
                    {report_table(t("dashboard-reports-category"), d.reports_by_category.clone())}
                </ChartBlock>
                <ChartBlock svg=by_dep_svg.clone() caption=t("dashboard-reports-caption") csv=csv("reports_by_department")>
                    {report_table(t("dashboard-reports-department"), d.reports_by_department.clone())}
                </ChartBlock>
            </section>
        })}
        {(is_city && !d.age_bands.is_empty()).then(|| view! {
            <section aria-labelledby="dash-age" id="age-bands"><h2 id="dash-age">{t("dashboard-age-title")}</h2>
                <p>{t("dashboard-age-intro")}</p>
                <ChartBlock svg=band_svg.clone() caption=t("dashboard-age-caption") csv=csv("age_bands")>
                    <table class="table"><caption>{t("dashboard-age-title")}</caption>
                        <thead><tr><th scope="col">{t("privacy-attr-age")}</th><th scope="col" class="num">{t("dashboard-col-residents")}</th></tr></thead>
                        <tbody>{d.age_bands.iter().map(|(b, n)| view! {
                            <tr><th scope="row">{t(&format!("age-band-{}", b.replace('_', "-")))}</th>
                                <td class="num">{n.map(group_digits).unwrap_or_else(|| t("dashboard-too-few"))}</td></tr>
                        }).collect_view()}</tbody>
                    </table>
                </ChartBlock>
            </section>
        })}
        <section aria-labelledby="dash-results-h"><h2 id="dash-results-h">{t("dashboard-results-title")}</h2>
            <ChartBlock svg=status_svg caption=t("dashboard-results-caption") csv=csv("results")>
                <table class="table"><caption>{t("dashboard-results-title")}</caption>
                    <thead><tr><th scope="col">{t("result-field-status")}</th><th scope="col" class="num">{t("dashboard-col-value")}</th></tr></thead>
                    <tbody>{d.results_by_status.iter().map(|(s, n)| view! { <tr><th scope="row">{t(&format!("result-status-{}", s.replace('_', "-")))}</th><td class="num">{group_digits(*n)}</td></tr> }).collect_view()}</tbody>
                </table>
            </ChartBlock>
        </section>
        <section id="kpis" aria-labelledby="kpis-title"><h2 id="kpis-title">{t("kpis-title")}</h2>
            <p>{t("kpis-intro")}</p>
            {if d.kpis.is_empty() { Some(view! { <p>{t("kpis-empty")}</p> }) } else { None }}
            {d.kpis.iter().map(|k| {
                let name = k.name.get(locale).to_owned();
                let share = yoriai_domain::accountability::Metric::parse(&k.metric).is_some_and(|m| m.is_share());
                let (b, c, g) = (
                    t_args("kpi-baseline", &[("value", fmt(k.baseline, share).into())]),
                    t_args("kpi-current", &[("value", fmt(k.current, share).into())]),
                    t_args("kpi-target", &[("value", fmt(k.target, share).into()), ("year", i64::from(k.target_year).into())]),
                );
                let svg = progress_bar(&Progress { id: &format!("kpi-{}", k.id), title: &name, baseline: k.baseline, current: k.current, target: k.target, labels: (&b, &c, &g) });
                let kid = k.id;
                view! {
                    <article class="kpi">
                        <h3>{name.clone()}</h3>
                        <div class="chart-box" inner_html=svg></div>
                        <p>{k.progress.map(|p| t_args("kpi-progress", &[("percent", format!("{p:.0}").into())])).unwrap_or_default()}</p>
                        <dl class="facts">
                            <dt>{t("kpi-field-metric")}</dt><dd>{figure_label(&k.metric)}</dd>
                            <dt>{t("kpi-field-source")}</dt><dd>{if k.data_source.is_empty() { t("kpi-source-platform") } else { k.data_source.clone() }}</dd>
                            <dt>{t("kpi-field-cycle")}</dt><dd>{t(&format!("kpi-cycle-{}", k.update_cycle))}</dd>
                        </dl>
                        {d.can_manage.then(|| view! {
                            <ActionForm action=remove attr:class="inline-form">
                                <CsrfField/><input type="hidden" name="id" value=kid/>
                                <button type="submit" class="button link">{t("kpi-remove")}</button>
                            </ActionForm>
                        })}
                    </article>
                }
            }).collect_view()}
            {(!d.kpis.is_empty()).then(|| view! { <p class="downloads"><a href=csv("kpis") download>{t("dashboard-download-csv")}</a></p> })}
            {d.can_manage.then(|| view! {
                <details class="staff-box"><summary>{t("kpi-add")}</summary>
                    <ActionForm action=add attr:id="kpi-form" attr:novalidate=true>
                        <ErrorSummary error=add_error form_id="kpi-form"/>
                        <CsrfField/>
                        <input type="hidden" name="process_slug" value=slug.clone()/>
                        <Field form_id="kpi-form" name="name_ja" label="kpi-field-name-ja" error=add_error/>
                        <Field form_id="kpi-form" name="name_en" label="kpi-field-name-en" required=false error=add_error/>
                        <Select form_id="kpi-form" name="metric" label="kpi-field-metric" hint="kpi-field-metric-hint" options=metrics.clone() required=true error=add_error/>
                        <Field form_id="kpi-form" name="baseline" label="kpi-field-baseline" error=add_error/>
                        <Field form_id="kpi-form" name="target" label="kpi-field-target" error=add_error/>
                        <Field form_id="kpi-form" name="target_year" label="kpi-field-year" hint="kpi-field-year-hint" input_type="number" error=add_error value=fiscal_year.clone()/>
                        <Field form_id="kpi-form" name="data_source" label="kpi-field-source" required=false error=add_error/>
                        <Select form_id="kpi-form" name="update_cycle" label="kpi-field-cycle" options=cycles.clone() required=true error=add_error value="yearly"/>
                        <SubmitButton label="kpi-add" pending=add_pending/>
                    </ActionForm>
                </details>
                <details class="staff-box"><summary>{t("population-title")}</summary>
                    <ActionForm action=pop attr:id="population-form" attr:novalidate=true>
                        <ErrorSummary error=pop_error form_id="population-form"/>
                        <CsrfField/>
                        <Field form_id="population-form" name="population" label="population-field" hint="population-hint" error=pop_error value=d.population.map(|p| p.to_string()).unwrap_or_default()/>
                        <SubmitButton label="admin-save" pending=pop_pending/>
                    </ActionForm>
                </details>
            })}
        </section>
    }
}

// ---- search ----

const KINDS: &[&str] = &["proposal", "project", "report", "decision", "result"];

#[component]
pub fn SearchPageView() -> impl IntoView {
    let query = use_query_map();
    let q = move || query.read().get("q").unwrap_or_default();
    let kind = move || query.read().get("kind").filter(|k| !k.is_empty());
    let page = move || query.read().get("page").and_then(|p| p.parse::<i64>().ok());
    let data = Resource::new_blocking(move || (q(), kind(), page()), |(q, k, p)| get_search(Some(q), k, p));
    view! {
        <Title text=t("search-title")/>
        <h1>{t("search-title")}</h1>
        <form method="get" action="/search" role="search" class="search-form">
            <label for="search-q">{t("search-label")}</label>
            <p class="hint" id="search-q-hint">{t("search-hint")}</p>
            <input type="search" id="search-q" name="q" value=q() maxlength=200 aria-describedby="search-q-hint"/>
            <label for="search-kind">{t("search-kind")}</label>
            <select id="search-kind" name="kind">
                <option value="">{t("search-kind-all")}</option>
                {KINDS.iter().map(|k| { let sel = kind().as_deref() == Some(*k); view! { <option value=*k selected=sel>{t(&format!("search-kind-{k}"))}</option> } }).collect_view()}
            </select>
            <button type="submit" class="button">{t("search-submit")}</button>
        </form>
        <Suspense fallback=Loading>
            {move || data.get().map(|r| match r {
                Err(e) => field_errors(&e).unwrap_or_else(|| view! { <PageError error=e/> }.into_any()),
                Ok(s) => view! { <SearchResults s/> }.into_any(),
            })}
        </Suspense>
    }
}

#[component]
fn SearchResults(s: yoriai_views::accountability::SearchPage) -> impl IntoView {
    if s.query.is_empty() {
        return view! { <p>{t("search-empty-query")}</p> }.into_any();
    }
    if s.no_terms {
        return view! { <p role="status">{t("search-no-terms")}</p> }.into_any();
    }
    let encoded = query_value(&s.query);
    let total: i64 = s.counts.iter().map(|(_, n)| n).sum();
    let kind_param = s.kind.clone().map(|k| format!("&kind={k}")).unwrap_or_default();
    let q_all = encoded.clone();
    let q_pages = encoded.clone();
    view! {
        <p role="status">{t_args("search-count", &[("count", total.into()), ("query", s.query.clone().into())])}</p>
        {(!s.counts.is_empty()).then(|| view! {
            <nav aria-label=t("search-kind") class="facets"><ul>
                <li><a href=format!("/search?q={q_all}") aria-current=s.kind.is_none().then_some("page")>{t("search-kind-all")}</a></li>
                {s.counts.iter().map(|(k, n)| {
                    let current = s.kind.as_deref() == Some(k.as_str());
                    view! { <li><a href=format!("/search?q={encoded}&kind={k}") aria-current=current.then_some("page")>
                        {format!("{} ({n})", t(&format!("search-kind-{k}")))}</a></li> }
                }).collect_view()}
            </ul></nav>
        })}
        <ol class="search-results">
            {s.hits.iter().map(|h| view! {
                <li><span class="tag">{t(&format!("search-kind-{}", h.item_type))}</span> " " <a href=h.href()>{h.title.clone()}</a></li>
            }).collect_view()}
        </ol>
        <p class="pager">
            {(s.page > 1).then(|| view! { <a href=format!("/search?q={q_pages}{kind_param}&page={}", s.page - 1)>{t("search-previous")}</a> " " })}
            {s.has_next.then(|| view! { <a href=format!("/search?q={q_pages}{kind_param}&page={}", s.page + 1)>{t("search-next")}</a> })}
        </p>
    }
    .into_any()
}

// ---- open data ----

#[component]
pub fn OpenDataPageView() -> impl IntoView {
    let data = Resource::new_blocking(|| (), |_| get_open_data());
    let csrf = use_page().csrf;
    let query = use_query_map();
    let error = query.read_untracked().get("error").map(|c| reason_text(&c));
    view! {
        <Title text=t("open-data-title")/>
        <Notice/>
        <h1>{t("open-data-title")}</h1>
        <p>{t("open-data-intro")}</p>
        {error.map(|m| view! { <div class="error-summary" role="alert"><p>{m}</p></div> })}
        <Suspense fallback=Loading>
            {move || data.get().map(|r| match r {
                Err(e) => view! { <PageError error=e/> }.into_any(),
                Ok(p) => {
                    let csrf = csrf.clone();
                    view! {
                        {match p.archive.clone() {
                            Some((at, bytes)) => view! {
                                <p><a class="button" href="/open-data/yoriai-open-data.zip" download>{t("open-data-download")}</a></p>
                                <p class="meta">{t_args("open-data-archive-info", &[("at", at.into()), ("kb", (bytes.div_ceil(1024) as i64).into())])}</p>
                            }.into_any(),
                            None => view! { <p>{t("open-data-not-yet")}</p> }.into_any(),
                        }}
                        <p>{t("open-data-api")} " " <code>"/api/v1/open-data/{dataset}?after=0&limit=100"</code></p>
                        {p.can_export.then(|| view! {
                            <form method="post" action=format!("/admin/open-data/export?csrf={csrf}") class="staff-box">
                                <p>{t("open-data-export-hint")}</p>
                                <button type="submit" class="button secondary">{t("open-data-export-now")}</button>
                            </form>
                        })}
                        <h2>{t("open-data-schema")}</h2>
                        <p>{t("open-data-schema-intro")}</p>
                        <p class="hint">{t("open-data-fields-note")}</p>
                        {p.datasets.into_iter().map(|d| {
                            // Titles are translated; `d.title` (English) is the archive's.
                            let title = t(&format!("dataset-{}", d.name.replace('_', "-")));
                            view! {
                            <section class="dataset" aria-labelledby=format!("ds-{}", d.name)>
                                <h3 id=format!("ds-{}", d.name)>{title.clone()} " " <code>{format!("{}.csv / {}.json", d.name, d.name)}</code></h3>
                                <div class="table-wrap"><table class="table">
                                    <caption class="visually-hidden">{title}</caption>
                                    <thead><tr><th scope="col">{t("open-data-col-field")}</th><th scope="col">{t("open-data-col-type")}</th><th scope="col">{t("open-data-col-description")}</th></tr></thead>
                                    <tbody>{d.fields.into_iter().map(|(name, kind, required, desc)| view! {
                                        <tr><th scope="row"><code>{name}</code></th><td>{kind}{required.then(|| format!(" ({})", t("open-data-required")))}</td><td lang="en">{desc}</td></tr>
                                    }).collect_view()}</tbody>
                                </table></div>
                            </section>
                        }}).collect_view()}
                    }.into_any()
                }
            })}
        </Suspense>
    }
}
