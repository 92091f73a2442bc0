//! Council decisions: the list, the form, one decision.

use super::*;

#[component]
pub fn DecisionListPage() -> impl IntoView {
    let query = use_query_map();
    let outcome = move || query.read().get("outcome").filter(|o| !o.is_empty());
    let before = move || query.read().get("before");
    let data = Resource::new_blocking(move || (outcome(), before()), |(o, b)| get_decisions(o, b));
    let options: Vec<(String, String)> = std::iter::once((String::new(), t("decision-outcome-any")))
        .chain(Outcome::ALL.iter().map(|o| (o.as_str().to_owned(), outcome_label(*o))))
        .collect();
    view! {
        <Title text=t("decisions-title") />
        <h1>{t("decisions-title")}</h1>
        <p>{t("decisions-intro")}</p>
        <form method="get" action="/decisions" class="filters">
            <label for="decision-outcome">{t("decision-field-outcome")}</label>
            <select id="decision-outcome" name="outcome">
                {options
                    .into_iter()
                    .map(|(v, l)| {
                        let sel = outcome().unwrap_or_default() == v;
                        view! {
                            <option value=v selected=sel>
                                {l}
                            </option>
                        }
                    })
                    .collect_view()}
            </select>
            <button type="submit" class="button secondary">
                {t("filter-apply")}
            </button>
        </form>
        <Suspense fallback=Loading>
            {move || {
                data.get()
                    .map(|r| match r {
                        Err(e) => view! { <PageError error=e /> }.into_any(),
                        Ok(list) => {
                            view! {
                                {list
                                    .can_publish
                                    .then(|| {
                                        view! {
                                            <p>
                                                <a class="button" href="/decisions/new">
                                                    {t("decision-new")}
                                                </a>
                                            </p>
                                        }
                                    })}
                                {if list.items.is_empty() {
                                    Some(view! { <p>{t("decisions-empty")}</p> })
                                } else {
                                    None
                                }}
                                <ul class="cards">
                                    {list
                                        .items
                                        .into_iter()
                                        .map(|d| view! { <DecisionCard d level=2 /> })
                                        .collect_view()}
                                </ul>
                                {list
                                    .next
                                    .map(|n| {
                                        let o = outcome().map(|o| format!("&outcome={o}")).unwrap_or_default();
                                        view! {
                                            <p>
                                                <a href=format!("/decisions?before={n}{o}")>{t("list-older")}</a>
                                            </p>
                                        }
                                    })}
                            }
                                .into_any()
                        }
                    })
            }}
        </Suspense>
    }
}

#[component]
fn DecisionFormView(current: DecisionForm) -> impl IntoView {
    let save = ServerAction::<SaveDecision>::new();
    let error: FormError = form_outcome(save);
    let pending = save.pending().into();
    let fid = "decision-form";
    let outcomes: Vec<(String, String)> =
        Outcome::ALL.iter().map(|o| (o.as_str().to_owned(), outcome_label(*o))).collect();
    let id = current.id;
    let c = current.input;
    view! {
        <ActionForm action=save attr:id=fid attr:novalidate=true>
            <ErrorSummary error form_id=fid />
            <CsrfField />
            <input type="hidden" name="id" value=id.map(|i| i.to_string()).unwrap_or_default() />
            <input type="hidden" name="process_id" value=c.process_id.map(|i| i.to_string()).unwrap_or_default() />
            <Field
                form_id=fid
                name="body_name"
                label="decision-field-body"
                hint="decision-field-body-hint"
                error
                value=c.body_name.clone()
            />
            <Field
                form_id=fid
                name="decided_on"
                label="decision-field-date"
                input_type="date"
                error
                value=c.decided_on.clone()
            />
            <Field form_id=fid name="title_ja" label="decision-field-title-ja" error value=c.title_ja.clone() />
            <Field
                form_id=fid
                name="title_en"
                label="decision-field-title-en"
                required=false
                error
                value=c.title_en.clone()
            />
            <Select
                form_id=fid
                name="outcome"
                label="decision-field-outcome"
                options=outcomes
                required=true
                error
                value=c.outcome.clone()
            />
            <TextArea
                form_id=fid
                name="body_ja"
                label="decision-field-body-ja"
                hint="proposal-field-body-hint"
                required=false
                error
                value=c.body_ja.clone()
            />
            <TextArea
                form_id=fid
                name="body_en"
                label="decision-field-body-en"
                required=false
                error
                value=c.body_en.clone()
            />
            <fieldset>
                <legend>{t("decision-votes")}</legend>
                <p class="hint">{t("decision-votes-hint")}</p>
                <Field
                    form_id=fid
                    name="votes_for"
                    label="decision-votes-for"
                    input_type="number"
                    required=false
                    error
                    value=c.votes_for.clone()
                />
                <Field
                    form_id=fid
                    name="votes_against"
                    label="decision-votes-against"
                    input_type="number"
                    required=false
                    error
                    value=c.votes_against.clone()
                />
                <Field
                    form_id=fid
                    name="votes_abstain"
                    label="decision-votes-abstain"
                    input_type="number"
                    required=false
                    error
                    value=c.votes_abstain.clone()
                />
            </fieldset>
            <fieldset>
                <legend>{t("decision-links")}</legend>
                <p class="hint">{t("links-hint")}</p>
                <Field
                    form_id=fid
                    name="proposal_ids"
                    label="links-proposals"
                    required=false
                    error
                    value=c.proposal_ids.clone()
                />
                <Field
                    form_id=fid
                    name="project_ids"
                    label="links-projects"
                    required=false
                    error
                    value=c.project_ids.clone()
                />
                <Field
                    form_id=fid
                    name="report_ids"
                    label="links-reports"
                    required=false
                    error
                    value=c.report_ids.clone()
                />
            </fieldset>
            <SubmitButton label=if id.is_some() { "admin-save" } else { "decision-publish" } pending />
        </ActionForm>
    }
}

#[component]
pub fn NewDecisionPage() -> impl IntoView {
    let query = use_query_map();
    let proposal = query.read_untracked().get("proposal").unwrap_or_default();
    let allowed = allowed(|process| yoriai_domain::Action::PublishDecision { process });
    view! {
        <Title text=t("decision-new") />
        <nav aria-label=t("breadcrumb-label") class="breadcrumb">
            <a href="/decisions">{t("decisions-title")}</a>
        </nav>
        <h1>{t("decision-new")}</h1>
        {if allowed {
            view! {
                <DecisionFormView current=DecisionForm {
                    id: None,
                    input: DecisionInput {
                        proposal_ids: proposal,
                        ..DecisionInput::default()
                    },
                } />
            }
                .into_any()
        } else {
            view! { <p>{reason_text("forbidden")}</p> }.into_any()
        }}
    }
}

#[component]
pub fn DecisionPageView() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.read().get("id").and_then(|v| v.parse::<DecisionId>().ok()).unwrap_or(DecisionId(0));
    let page = Resource::new_blocking(id, get_decision_page);
    view! {
        <Suspense fallback=Loading>
            {move || {
                page.get()
                    .map(|r| match r {
                        Err(e) => view! { <PageError error=e /> }.into_any(),
                        Ok(p) => view! { <DecisionBody page=p /> }.into_any(),
                    })
            }}
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
        <Title text=title.clone() />
        <nav aria-label=t("breadcrumb-label") class="breadcrumb">
            <a href="/decisions">{t("decisions-title")}</a>
        </nav>
        <Notice />
        <article class="decision">
            <h1>{title}</h1>
            <p class="meta">
                <span class=format!("badge outcome-{}", p.summary.outcome)>{outcome_label(p.summary.outcome)}</span>
                " "
                {p.summary.body_name.clone()}
                " · "
                <time datetime=p.summary.decided_on.clone()>{p.summary.decided_on.clone()}</time>
            </p>
            {p
                .summary
                .votes
                .map(|(f, a, s)| {
                    view! {
                        <table class="table votes">
                            <caption>{t("decision-votes")}</caption>
                            <thead>
                                <tr>
                                    <th scope="col">{t("decision-votes-for")}</th>
                                    <th scope="col">{t("decision-votes-against")}</th>
                                    <th scope="col">{t("decision-votes-abstain")}</th>
                                </tr>
                            </thead>
                            <tbody>
                                <tr>
                                    <td class="num">{f}</td>
                                    <td class="num">{a}</td>
                                    <td class="num">{s}</td>
                                </tr>
                            </tbody>
                        </table>
                    }
                })}
            <div class="prose" inner_html=p.body_html.get(locale).to_owned()></div>
        </article>
        <LinkedList links=p.links.clone() title="decision-decides-on" />
        <section id="documents" aria-labelledby="documents-title">
            {(!p.documents.is_empty() || p.can_edit)
                .then(|| view! { <h2 id="documents-title">{t("decision-documents")}</h2> })}
            <ul>
                {p
                    .documents
                    .iter()
                    .map(|d| {
                        let doc_id = d.id;
                        let size = t_args("document-size", &[("kb", ((d.bytes + 1023) / 1024).into())]);
                        view! {
                            <li>
                                <a href=format!("/decisions/{id}/documents/{doc_id}")>{d.file_name.clone()}</a>
                                " (PDF, "
                                {size}
                                ")"
                                {p
                                    .can_edit
                                    .then(|| {
                                        view! {
                                            <ActionForm action=remove attr:class="inline-form">
                                                <CsrfField />
                                                <input type="hidden" name="decision_id" value=id.to_string() />
                                                <input type="hidden" name="document_id" value=doc_id.to_string() />
                                                <button type="submit" class="button link">
                                                    {t("document-remove")}
                                                </button>
                                            </ActionForm>
                                        }
                                    })}
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
            {p
                .can_edit
                .then(|| {
                    view! {
                        {doc_error
                            .clone()
                            .map(|m| {
                                view! {
                                    <div class="error-summary" role="alert">
                                        <p>{m}</p>
                                    </div>
                                }
                            })}
                        <form
                            method="post"
                            enctype="multipart/form-data"
                            action=format!("/admin/decisions/{id}/documents?csrf={csrf}")
                            class="upload"
                        >
                            <div class="field">
                                <label for="decision-document">{t("document-file")}</label>
                                <p class="hint">{t("document-hint")}</p>
                                <input
                                    type="file"
                                    id="decision-document"
                                    name="document"
                                    accept="application/pdf,.pdf"
                                    required=true
                                />
                            </div>
                            <button type="submit" class="button secondary">
                                {t("document-upload")}
                            </button>
                        </form>
                    }
                })}
        </section>
        {(!p.results.is_empty())
            .then(|| {
                view! {
                    <section aria-labelledby="decision-results">
                        <h2 id="decision-results">{t("outcomes-results")}</h2>
                        <ul class="cards">
                            {p.results.clone().into_iter().map(|r| view! { <ResultCard r level=3 /> }).collect_view()}
                        </ul>
                    </section>
                }
            })}
        {p
            .form
            .clone()
            .map(|f| {
                view! {
                    <details class="staff-box">
                        <summary>{t("decision-edit")}</summary>
                        <DecisionFormView current=f />
                    </details>
                }
            })}
    }
}
