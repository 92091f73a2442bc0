//! Accountability results: the list, the form, one result with its updates.

use super::*;

#[component]
pub fn AccountabilityListPage() -> impl IntoView {
    let query = use_query_map();
    let after = move || query.read().get("after").and_then(|a| a.parse::<ResultId>().ok());
    let data = Resource::new_blocking(after, get_results);
    view! {
        <Title text=t("accountability-title") />
        <h1>{t("accountability-title")}</h1>
        <p>{t("accountability-intro")}</p>
        <Suspense fallback=Loading>
            {move || {
                data.get()
                    .map(|r| match r {
                        Err(e) => view! { <PageError error=e /> }.into_any(),
                        Ok(list) => {
                            view! {
                                {list
                                    .can_manage
                                    .then(|| {
                                        view! {
                                            <p>
                                                <a class="button" href="/results/new">
                                                    {t("result-new")}
                                                </a>
                                            </p>
                                        }
                                    })}
                                {if list.items.is_empty() {
                                    Some(view! { <p>{t("accountability-empty")}</p> })
                                } else {
                                    None
                                }}
                                <ul class="cards">
                                    {list.items.into_iter().map(|r| view! { <ResultCard r level=2 /> }).collect_view()}
                                </ul>
                                {list
                                    .next
                                    .map(|n| {
                                        view! {
                                            <p>
                                                <a href=format!("/results?after={n}")>{t("list-more")}</a>
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
fn ResultFormView(current: ResultForm, has_children: bool) -> impl IntoView {
    let save = ServerAction::<SaveResult>::new();
    let error: FormError = form_outcome(save);
    let pending = save.pending().into();
    let fid = "result-form";
    let statuses: Vec<(String, String)> =
        ResultStatus::ALL.iter().map(|s| (s.as_str().to_owned(), t(&format!("result-status-{}", s.kebab())))).collect();
    let id = current.id;
    let c = current.input;
    let status = if c.status.is_empty() { "not_started".to_owned() } else { c.status.clone() };
    view! {
        <ActionForm action=save attr:id=fid attr:novalidate=true>
            <ErrorSummary error form_id=fid />
            <CsrfField />
            <input type="hidden" name="id" value=id.map(|i| i.to_string()).unwrap_or_default() />
            <input type="hidden" name="process_id" value=c.process_id.map(|i| i.to_string()).unwrap_or_default() />
            <Field form_id=fid name="title_ja" label="result-field-title-ja" error value=c.title_ja.clone() />
            <Field
                form_id=fid
                name="title_en"
                label="result-field-title-en"
                required=false
                error
                value=c.title_en.clone()
            />
            <TextArea
                form_id=fid
                name="description_ja"
                label="result-field-description-ja"
                hint="proposal-field-body-hint"
                required=false
                error
                value=c.description_ja.clone()
            />
            <TextArea
                form_id=fid
                name="description_en"
                label="result-field-description-en"
                required=false
                error
                value=c.description_en.clone()
            />
            <Select
                form_id=fid
                name="status"
                label="result-field-status"
                options=statuses
                required=true
                error
                value=status
            />
            <Field
                form_id=fid
                name="custom_status_ja"
                label="result-field-custom-ja"
                hint="result-field-custom-hint"
                required=false
                error
                value=c.custom_status_ja.clone()
            />
            <Field
                form_id=fid
                name="custom_status_en"
                label="result-field-custom-en"
                required=false
                error
                value=c.custom_status_en.clone()
            />
            {if has_children {
                view! { <p class="hint">{t("result-progress-from-children")}</p> }.into_any()
            } else {
                view! {
                    <Field
                        form_id=fid
                        name="progress"
                        label="result-field-progress"
                        hint="result-field-progress-hint"
                        input_type="number"
                        required=false
                        error
                        value=c.progress.clone()
                    />
                }
                    .into_any()
            }}
            <Field
                form_id=fid
                name="starts_on"
                label="result-field-starts"
                input_type="date"
                required=false
                error
                value=c.starts_on.clone()
            />
            <Field
                form_id=fid
                name="ends_on"
                label="result-field-ends"
                input_type="date"
                required=false
                error
                value=c.ends_on.clone()
            />
            <Field
                form_id=fid
                name="budget"
                label="result-field-budget"
                hint="result-field-budget-hint"
                required=false
                error
                value=c.budget.clone()
            />
            <Field
                form_id=fid
                name="parent_id"
                label="result-field-parent"
                hint="result-field-parent-hint"
                required=false
                error
                value=c.parent_id.map(|p| p.to_string()).unwrap_or_default()
            />
            <fieldset>
                <legend>{t("result-links")}</legend>
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
                <Field
                    form_id=fid
                    name="decision_ids"
                    label="links-decisions"
                    required=false
                    error
                    value=c.decision_ids.clone()
                />
            </fieldset>
            <SubmitButton label="admin-save" pending />
        </ActionForm>
    }
}

#[component]
pub fn NewResultPage() -> impl IntoView {
    let query = use_query_map();
    let q = query.read_untracked();
    let form = ResultForm {
        id: None,
        input: ResultInput {
            parent_id: q.get("parent").and_then(|p| p.parse().ok()),
            proposal_ids: q.get("proposal").unwrap_or_default(),
            decision_ids: q.get("decision").unwrap_or_default(),
            ..ResultInput::default()
        },
    };
    let allowed = allowed(|process| yoriai_domain::Action::ManageResults { process });
    view! {
        <Title text=t("result-new") />
        <nav aria-label=t("breadcrumb-label") class="breadcrumb">
            <a href="/results">{t("accountability-title")}</a>
        </nav>
        <h1>{t("result-new")}</h1>
        {if allowed {
            view! { <ResultFormView current=form has_children=false /> }.into_any()
        } else {
            view! { <p>{reason_text("forbidden")}</p> }.into_any()
        }}
    }
}

#[component]
pub fn AccountabilityResultPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.read().get("id").and_then(|v| v.parse::<ResultId>().ok()).unwrap_or(ResultId(0));
    let page = Resource::new_blocking(id, get_result_page);
    view! {
        <Suspense fallback=Loading>
            {move || {
                page.get()
                    .map(|r| match r {
                        Err(e) => view! { <PageError error=e /> }.into_any(),
                        Ok(p) => view! { <ResultBody page=p /> }.into_any(),
                    })
            }}
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
            ResultStatus::ALL
                .iter()
                .filter(|s| **s != ResultStatus::Custom)
                .map(|s| (s.as_str().to_owned(), t(&format!("result-status-{}", s.kebab())))),
        )
        .collect();
    let has_children = s.child_count > 0;
    let label = t_args("result-progress-label", &[("title", title.clone().into())]);
    view! {
        <Title text=title.clone() />
        <nav aria-label=t("breadcrumb-label") class="breadcrumb">
            <a href="/results">{t("accountability-title")}</a>
            {p
                .parent
                .clone()
                .map(|(pid, pt)| {
                    view! {
                        " › "
                        <a href=format!("/results/{pid}")>{pt.get(locale).to_owned()}</a>
                    }
                })}
        </nav>
        <Notice />
        <article class="result">
            <h1>{title}</h1>
            <p class="meta">
                <span class=format!("badge result-{}", s.status)>{status_label(&s)}</span>
            </p>
            <ProgressMeter value=s.progress label />
            {has_children.then(|| view! { <p class="hint">{t("result-progress-from-children")}</p> })}
            <dl class="facts">
                {s
                    .starts_on
                    .clone()
                    .map(|d| {
                        view! {
                            <dt>{t("result-field-starts")}</dt>
                            <dd>{d}</dd>
                        }
                    })}
                {s
                    .ends_on
                    .clone()
                    .map(|d| {
                        view! {
                            <dt>{t("result-field-ends")}</dt>
                            <dd>{d}</dd>
                        }
                    })}
                {s
                    .budget
                    .map(|b| {
                        view! {
                            <dt>{t("result-field-budget")}</dt>
                            <dd>{t_args("money-yen", &[("amount", group_digits(b).into())])}</dd>
                        }
                    })}
            </dl>
            <div class="prose" inner_html=p.description_html.get(locale).to_owned()></div>
        </article>
        {(!p.children.is_empty())
            .then(|| {
                view! {
                    <section aria-labelledby="children-title">
                        <h2 id="children-title">{t("result-children")}</h2>
                        <ul class="cards">
                            {p.children.clone().into_iter().map(|r| view! { <ResultCard r level=3 /> }).collect_view()}
                        </ul>
                    </section>
                }
            })}
        {p
            .can_manage
            .then(|| {
                view! {
                    <p>
                        <a href=format!("/results/new?parent={id}")>{t("result-add-child")}</a>
                    </p>
                }
            })}
        <LinkedList links=p.links.clone() title="result-behind" />
        <section id="timeline" aria-labelledby="timeline-title">
            <h2 id="timeline-title">{t("result-timeline")}</h2>
            {if p.updates.is_empty() { Some(view! { <p>{t("result-timeline-empty")}</p> }) } else { None }}
            <ol class="timeline">
                {p
                    .updates
                    .iter()
                    .map(|u| {
                        view! {
                            <li>
                                <p class="meta">
                                    <time>{u.created_at.clone()}</time>
                                    {u
                                        .progress
                                        .map(|pr| {
                                            view! {
                                                " · "
                                                {t_args(
                                                    "result-update-progress",
                                                    &[("progress", i64::from(pr).into())],
                                                )}
                                            }
                                        })}
                                    {u
                                        .status
                                        .map(|st| {
                                            view! {
                                                " · "
                                                {t(&format!("result-status-{}", st.kebab()))}
                                            }
                                        })}
                                </p>
                                <div class="prose" inner_html=u.body_html.clone()></div>
                                {u
                                    .image
                                    .clone()
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
                                    })}
                            </li>
                        }
                    })
                    .collect_view()}
            </ol>
        </section>
        {p
            .can_manage
            .then(|| {
                view! {
                    <section id="update" aria-labelledby="update-title" class="staff-box">
                        <h2 id="update-title">{t("result-update-title")}</h2>
                        {update_error
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
                            action=format!("/admin/results/{id}/updates?csrf={csrf}")
                            class="upload"
                        >
                            <div class="field">
                                <label for="update-body">{t("result-update-body")}</label>
                                <textarea id="update-body" name="body" rows="4" required=true></textarea>
                            </div>
                            {(!has_children)
                                .then(|| {
                                    view! {
                                        <div class="field">
                                            <label for="update-progress">{t("result-field-progress")}</label>
                                            <p class="hint">{t("result-field-progress-hint")}</p>
                                            <input
                                                type="number"
                                                id="update-progress"
                                                name="progress"
                                                min="0"
                                                max="100"
                                                inputmode="numeric"
                                            />
                                        </div>
                                    }
                                })}
                            <div class="field">
                                <label for="update-status">{t("result-field-status")}</label>
                                <select id="update-status" name="status">
                                    {statuses
                                        .clone()
                                        .into_iter()
                                        .map(|(v, l)| view! { <option value=v>{l}</option> })
                                        .collect_view()}
                                </select>
                            </div>
                            <div class="field">
                                <label for="update-photo">{t("result-update-photo")}</label>
                                <input
                                    type="file"
                                    id="update-photo"
                                    name="photo"
                                    accept="image/jpeg,image/png,image/webp,image/gif"
                                />
                            </div>
                            <div class="field">
                                <label for="update-alt">{t("proposal-image-alt")}</label>
                                <input type="text" id="update-alt" name="alt" maxlength=200 />
                            </div>
                            <button type="submit" class="button">
                                {t("result-update-submit")}
                            </button>
                        </form>
                    </section>
                }
            })}
        {p
            .form
            .clone()
            .map(|f| {
                view! {
                    <details class="staff-box">
                        <summary>{t("result-edit")}</summary>
                        <ResultFormView current=f has_children />
                    </details>
                }
            })}
    }
}
