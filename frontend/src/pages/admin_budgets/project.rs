//! Staff: one project's console page (`/admin/projects/{id}`).

use super::*;

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
            {move || {
                data.get()
                    .map(|r| match r {
                        Err(e) => view! { <PageError error=e /> }.into_any(),
                        Ok(d) => view! { <AdminProjectBody data=d /> }.into_any(),
                    })
            }}
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
        <Title text=format!("{} – {}", t("admin-title"), title) />
        <nav aria-label=t("breadcrumb-label") class="breadcrumb">
            <a href="/admin">{t("admin-title")}</a>
            " › "
            <a href=format!("/admin/budgets/{bid}#projects")>{budget.info.title.get(locale).to_owned()}</a>
        </nav>
        <Notice />
        <h1>{title}</h1>
        <p>
            <a href=format!("/projects/{pid}")>{t("admin-view-public")}</a>
            " · "
            {money(p.cost, &currency, locale)}
        </p>
        {(!editable).then(|| view! { <p class="callout">{t("error-budget-locked")}</p> })}
        {(can_manage && editable)
            .then(|| {
                view! {
                    <section aria-labelledby="project-edit-title">
                        <h2 id="project-edit-title">{t("project-edit")}</h2>
                        <ProjectForm
                            budget_id=bid
                            current=Some(p.clone())
                            headings=budget.headings.clone()
                            categories=budget.categories.clone()
                            form_id="project-form".to_owned()
                        />
                    </section>
                }
                    .into_any()
            })}
        {(can_valuate && editable)
            .then(|| {
                view! {
                    <section id="valuation" aria-labelledby="valuation-title" class="staff-box">
                        <h2 id="valuation-title">{t("project-valuation")}</h2>
                        <p class="hint">{t("project-valuation-intro")}</p>
                        <ActionForm action=valuate attr:id="valuation-form" attr:novalidate=true>
                            <ErrorSummary error=valuate_error form_id="valuation-form" />
                            <CsrfField />
                            <input type="hidden" name="id" value=pid.to_string() />
                            <Select
                                form_id="valuation-form"
                                name="feasibility"
                                label="project-feasibility"
                                options=feasibility_options
                                required=true
                                error=valuate_error
                                value=feasibility
                            />
                            <TextArea
                                form_id="valuation-form"
                                name="reason"
                                label="project-valuation-reason"
                                hint="project-valuation-reason-hint"
                                required=false
                                rows=3
                                error=valuate_error
                                value=reason
                            />
                            <Field
                                form_id="valuation-form"
                                name="cost"
                                label="project-valuation-cost"
                                hint="project-valuation-cost-hint"
                                required=false
                                error=valuate_error
                            />
                            <SubmitButton label="project-valuation-save" pending=valuate_pending />
                        </ActionForm>
                    </section>
                }
                    .into_any()
            })}
        {(can_manage && editable)
            .then(|| {
                view! {
                    <section id="images" aria-labelledby="images-title">
                        <h2 id="images-title">{t("proposal-images-title")}</h2>
                        <ErrorSummary error=remove_image_error form_id="image-remove" />
                        <ul class="image-list">
                            {images
                                .iter()
                                .map(|i| {
                                    let uid = i.id;
                                    view! {
                                        <li>
                                            <img class="thumb" src=upload_url(&i.key, true) alt=i.alt.clone() />
                                            <ActionForm action=remove_image attr:class="inline-form">
                                                <CsrfField />
                                                <input type="hidden" name="id" value=pid.to_string() />
                                                <input type="hidden" name="upload_id" value=uid.to_string() />
                                                <button type="submit" class="link-button danger">
                                                    {t("proposal-image-remove")}
                                                </button>
                                            </ActionForm>
                                        </li>
                                    }
                                })
                                .collect_view()}
                        </ul>
                        {upload_error
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
                            action=format!("/admin/projects/{pid}/images?csrf={csrf}")
                            class="upload"
                        >
                            <div class="field">
                                <label for="project-image">{t("proposal-image-file")}</label>
                                <p class="hint">{t("proposal-image-hint")}</p>
                                <input
                                    type="file"
                                    id="project-image"
                                    name="image"
                                    accept="image/jpeg,image/png,image/webp,image/gif"
                                    required=true
                                />
                            </div>
                            <div class="field">
                                <label for="project-image-alt">{t("proposal-image-alt")}</label>
                                <input type="text" id="project-image-alt" name="alt" maxlength=200 />
                            </div>
                            <button type="submit" class="button secondary">
                                {t("proposal-image-upload")}
                            </button>
                        </form>
                    </section>
                    <section aria-labelledby="project-delete-title">
                        <details>
                            <summary id="project-delete-title">{t("project-delete")}</summary>
                            <ErrorSummary error=delete_error form_id="project-delete" />
                            <ActionForm action=delete attr:class="inline-form">
                                <CsrfField />
                                <input type="hidden" name="id" value=pid.to_string() />
                                <button type="submit" class="button danger">
                                    {t("project-delete-confirm")}
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
