//! Staff: one budget's console page (`/admin/budgets/{id}`): its settings, headings, projects and the next step of its life.

use super::*;

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
            {move || {
                data.get()
                    .map(|r| match r {
                        Err(e) => view! { <PageError error=e /> }.into_any(),
                        Ok(page) => view! { <AdminBudgetBody page /> }.into_any(),
                    })
            }}
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
        <Title text=format!("{} – {}", t("admin-title"), title) />
        <nav aria-label=t("breadcrumb-label") class="breadcrumb">
            <a href="/admin">{t("admin-title")}</a>
        </nav>
        <Notice />
        <h1>{title.clone()}</h1>
        <p>
            <span class=format!("badge budget-{}", info.state)>{t(&format!("budget-state-{}", info.state))}</span>
            " "
            <a href=format!("/budgets/{bid}")>{t("admin-view-public")}</a>
            {matches!(info.state.as_str(), "closed" | "published")
                .then(|| {
                    view! {
                        " · "
                        <a href=format!("/budgets/{bid}/results")>{t("budget-see-results")}</a>
                    }
                })}
        </p>
        {info
            .imported_from
            .clone()
            .map(|src| view! { <p class="meta">{t_args("budget-imported-from", &[("source", src.into())])}</p> })}

        {page
            .can_manage
            .then(|| {
                view! {
                    <section id="lifecycle" aria-labelledby="lifecycle-title" class="staff-box">
                        <h2 id="lifecycle-title">{t("budget-lifecycle")}</h2>
                        <ErrorSummary error=advance_error form_id="advance" />
                        <p>{t(&format!("budget-state-{}-staff", info.state))}</p>
                        {(page.pending_count > 0)
                            .then(|| {
                                view! {
                                    <p class="callout">
                                        {t_args(
                                            "budget-pending-warning",
                                            &[("count", (page.pending_count as i64).into())],
                                        )}
                                    </p>
                                }
                            })}
                        {step
                            .zip(next.clone())
                            .map(|((label, explain), to)| {
                                view! {
                                    <p class="hint">{t(explain)}</p>
                                    <ActionForm action=advance attr:class="inline-form">
                                        <CsrfField />
                                        <input type="hidden" name="id" value=bid.to_string() />
                                        <input type="hidden" name="to" value=to />
                                        <button type="submit" class="button">
                                            {t(label)}
                                        </button>
                                    </ActionForm>
                                }
                            })}
                    </section>
                }
                    .into_any()
            })}

        {page
            .can_manage
            .then(|| {
                view! {
                    <section aria-labelledby="settings-title">
                        <details>
                            <summary id="settings-title">{t("budget-settings")}</summary>
                            <BudgetForm process_id=ProcessId::default() current=Some(info.clone()) locked=!editable />
                        </details>
                    </section>
                }
                    .into_any()
            })}

        <section id="headings" aria-labelledby="headings-title">
            <h2 id="headings-title">{t("budget-headings")}</h2>
            <p class="hint">{t("budget-headings-intro")}</p>
            <ErrorSummary error=del_heading_error form_id="heading-delete" />
            <ul>
                {headings
                    .iter()
                    .map(|h| {
                        let hid = h.id;
                        let hv = h.clone();
                        let districts = districts.clone();
                        view! {
                            <li>
                                <strong>{h.name.get(locale).to_owned()}</strong>
                                " "
                                {money(h.amount, &currency, locale)}
                                {h
                                    .district
                                    .as_ref()
                                    .map(|d| {
                                        view! {
                                            " "
                                            <span class="tag">{d.name.get(locale).to_owned()}</span>
                                        }
                                    })}
                                " "
                                <span class="meta">
                                    {t_args("budget-project-count", &[("count", (h.project_count as i64).into())])}
                                </span>
                                {(editable && page.can_manage)
                                    .then(|| {
                                        view! {
                                            <details>
                                                <summary>{t("budget-heading-edit")}</summary>
                                                <HeadingForm
                                                    budget_id=bid
                                                    heading=Some(hv)
                                                    districts
                                                    form_id=format!("heading-{hid}")
                                                />
                                                <ActionForm action=del_heading attr:class="inline-form">
                                                    <CsrfField />
                                                    <input type="hidden" name="id" value=hid.to_string() />
                                                    <button type="submit" class="link-button danger">
                                                        {t("budget-heading-delete")}
                                                    </button>
                                                </ActionForm>
                                            </details>
                                        }
                                    })}
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
            {(editable && page.can_manage)
                .then(|| {
                    view! {
                        <details class="phase-admin">
                            <summary>{t("budget-heading-add")}</summary>
                            <HeadingForm
                                budget_id=bid
                                heading=None
                                districts=districts.clone()
                                form_id="heading-new".to_owned()
                            />
                        </details>
                    }
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
                            <thead>
                                <tr>
                                    <th scope="col">{t("project-field-title")}</th>
                                    <th scope="col">{t("project-field-heading")}</th>
                                    <th scope="col" class="num">
                                        {t("project-field-cost")}
                                    </th>
                                    <th scope="col">{t("project-feasibility")}</th>
                                </tr>
                            </thead>
                            <tbody>
                                {projects
                                    .iter()
                                    .map(|p| {
                                        let heading_name = headings
                                            .iter()
                                            .find(|h| h.id == p.heading_id)
                                            .map(|h| h.name.get(locale).to_owned())
                                            .unwrap_or_default();
                                        view! {
                                            <tr>
                                                <td>
                                                    {p
                                                        .image
                                                        .clone()
                                                        .map(|i| {
                                                            view! {
                                                                <img
                                                                    class="thumb-small"
                                                                    src=upload_url(&i.key, true)
                                                                    alt=""
                                                                />
                                                            }
                                                        })}
                                                    <a href=format!("/admin/projects/{}", p.id)>{p.title.clone()}</a>
                                                </td>
                                                <td>{heading_name}</td>
                                                <td class="num">{money(p.cost, &currency, locale)}</td>
                                                <td>
                                                    <span class=format!(
                                                        "badge feasibility-{}",
                                                        p.feasibility,
                                                    )>{t(&format!("project-feasibility-{}", p.feasibility))}</span>
                                                </td>
                                            </tr>
                                        }
                                    })
                                    .collect_view()}
                            </tbody>
                        </table>
                    </div>
                }
                    .into_any()
            }}
            {(editable && page.can_manage)
                .then(|| {
                    view! {
                        <details class="phase-admin">
                            <summary>{t("budget-project-add")}</summary>
                            <ProjectForm
                                budget_id=bid
                                current=None
                                headings=headings.clone()
                                categories=categories.clone()
                                form_id="project-new".to_owned()
                            />
                        </details>
                        <details class="phase-admin" open=promote_error.get_untracked().is_some()>
                            <summary>{t("budget-promote")}</summary>
                            <p>{t("budget-promote-intro")}</p>
                            {if promotable.is_empty() {
                                view! { <p>{t("budget-promote-none")}</p> }.into_any()
                            } else {
                                view! {
                                    <ActionForm action=promote attr:id="promote" attr:novalidate=true>
                                        <ErrorSummary error=promote_error form_id="promote" />
                                        <CsrfField />
                                        <input type="hidden" name="budget_id" value=bid.to_string() />
                                        <Select
                                            form_id="promote"
                                            name="proposal_id"
                                            label="budget-promote-proposal"
                                            options=promote_options.clone()
                                            required=true
                                            error=promote_error
                                        />
                                        <Select
                                            form_id="promote"
                                            name="heading_id"
                                            label="project-field-heading"
                                            options=heading_opts.clone()
                                            required=true
                                            error=promote_error
                                        />
                                        <Field
                                            form_id="promote"
                                            name="cost"
                                            label="project-field-cost"
                                            hint="budget-promote-cost-hint"
                                            required=false
                                            error=promote_error
                                        />
                                        <SubmitButton label="budget-promote-submit" pending=promote_pending />
                                    </ActionForm>
                                }
                                    .into_any()
                            }}
                        </details>
                    }
                        .into_any()
                })}
        </section>

        {(page.can_manage && (editable || info.imported_from.is_some()))
            .then(|| {
                view! {
                    <section aria-labelledby="delete-title">
                        <details>
                            <summary id="delete-title">{t("budget-delete")}</summary>
                            <p>{t("budget-delete-explain")}</p>
                            <ErrorSummary error=delete_error form_id="budget-delete" />
                            <ActionForm action=delete attr:class="inline-form">
                                <CsrfField />
                                <input type="hidden" name="id" value=bid.to_string() />
                                <button type="submit" class="button danger">
                                    {t("budget-delete-confirm")}
                                </button>
                            </ActionForm>
                        </details>
                    </section>
                }
                    .into_any()
            })}
    }
    .into_any()
}
