//! One category in the street-report settings: its name, its extra questions and where it is routed.

use crate::api::reports::*;
use crate::components::form::{form_outcome, Checkbox, CsrfField, ErrorSummary, Field, Select, TextArea};
use crate::context::{t, use_page};
use leptos::prelude::*;
use yoriai_views::reports::CategoryView;

#[component]
pub(super) fn CategoryEditor(
    c: CategoryView,
    departments: Vec<(String, String)>,
    districts: Vec<(String, String)>,
    route: ServerAction<SetReportRoute>,
    cat: ServerAction<SaveReportCategory>,
    cat_error: crate::components::form::FormError,
) -> impl IntoView {
    let locale = use_page().locale;
    let question = ServerAction::<AddCategoryQuestion>::new();
    let question_error = form_outcome(question);
    let del = ServerAction::<DeleteCategoryQuestion>::new();
    let cid = c.id;
    let fid = format!("cat-{cid}");
    let qid = format!("q-{cid}");
    let kinds: Vec<(String, String)> = yoriai_domain::report::QuestionKind::ALL
        .iter()
        .map(|k| (k.as_str().to_owned(), t(&format!("report-question-kind-{}", k.as_str().replace('_', "-")))))
        .collect();
    let dept = c.department_id.map(|d| d.to_string()).unwrap_or_default();
    let route_error = form_outcome(route);
    let (cat_form_id, q_form_id) = (fid.clone(), qid.clone());
    let route_departments = departments.clone();
    view! {
        <details class="phase-admin" id=format!("category-{cid}")>
            <summary>
                {c.name.get(locale).to_owned()} " (" <code>{c.code.clone()}</code> ")"
                {(!c.enabled)
                    .then(|| {
                        view! {
                            " "
                            <span class="badge">{t("report-settings-disabled")}</span>
                        }
                    })}
            </summary>
            <ActionForm action=cat attr:id=cat_form_id attr:novalidate=true>
                <CsrfField />
                <input type="hidden" name="id" value=cid.to_string() />
                <Field
                    form_id=fid.clone()
                    name="code"
                    label="report-settings-code"
                    value=c.code.clone()
                    error=cat_error
                />
                <Field
                    form_id=fid.clone()
                    name="name_ja"
                    label="budget-heading-name-ja"
                    value=c.name.ja.clone()
                    error=cat_error
                />
                <Field
                    form_id=fid.clone()
                    name="name_en"
                    label="budget-heading-name-en"
                    value=c.name.en.clone()
                    error=cat_error
                />
                <Field
                    form_id=fid.clone()
                    name="group_name"
                    label="report-settings-group"
                    required=false
                    value=c.group.clone()
                    error=cat_error
                />
                <Field
                    form_id=fid.clone()
                    name="keywords"
                    label="report-settings-keywords"
                    required=false
                    value=c.keywords.clone()
                    error=cat_error
                />
                <TextArea
                    form_id=fid.clone()
                    name="description_ja"
                    label="budget-field-description-ja"
                    required=false
                    rows=2
                    value=c.description.ja.clone()
                    error=cat_error
                />
                <TextArea
                    form_id=fid.clone()
                    name="description_en"
                    label="budget-field-description-en"
                    required=false
                    rows=2
                    value=c.description.en.clone()
                    error=cat_error
                />
                <Select
                    form_id=fid.clone()
                    name="department_id"
                    label="report-settings-category-department"
                    options=departments.clone()
                    value=dept
                    error=cat_error
                />
                <Checkbox form_id=fid.clone() name="enabled" label="report-settings-enabled" checked=c.enabled />
                <button type="submit" class="button secondary">
                    {t("admin-save")}
                </button>
            </ActionForm>
            <h3>{t("report-settings-questions")}</h3>
            <ul>
                {c
                    .questions
                    .iter()
                    .map(|q| {
                        let qq = q.id;
                        view! {
                            <li>
                                <code>{q.code.clone()}</code>
                                " "
                                {q.label.get(locale).to_owned()}
                                " · "
                                {t(&format!("report-question-kind-{}", q.kind.kebab()))}
                                {q
                                    .required
                                    .then(|| {
                                        view! {
                                            " · "
                                            {t("form-required")}
                                        }
                                    })}
                                " "
                                <ActionForm action=del attr:class="inline-form">
                                    <CsrfField />
                                    <input type="hidden" name="id" value=qq.to_string() />
                                    <button type="submit" class="link-button danger">
                                        {t("report-settings-delete")}
                                    </button>
                                </ActionForm>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
            <ActionForm action=question attr:id=q_form_id attr:novalidate=true>
                <ErrorSummary error=question_error form_id=qid.clone() />
                <CsrfField />
                <input type="hidden" name="category_id" value=cid.to_string() />
                <Field
                    form_id=qid.clone()
                    name="code"
                    label="report-settings-code"
                    hint="report-settings-code-hint"
                    error=question_error
                />
                <Select
                    form_id=qid.clone()
                    name="kind"
                    label="report-settings-question-kind"
                    options=kinds
                    required=true
                    error=question_error
                />
                <Field
                    form_id=qid.clone()
                    name="label_ja"
                    label="report-settings-question-label-ja"
                    error=question_error
                />
                <Field
                    form_id=qid.clone()
                    name="label_en"
                    label="report-settings-question-label-en"
                    error=question_error
                />
                <TextArea
                    form_id=qid.clone()
                    name="options"
                    label="report-settings-question-options"
                    hint="report-settings-question-options-hint"
                    required=false
                    rows=3
                    error=question_error
                />
                <Checkbox form_id=qid.clone() name="required" label="report-settings-question-required" checked=false />
                <button type="submit" class="button secondary">
                    {t("report-settings-add-question")}
                </button>
            </ActionForm>
            {(!districts.is_empty())
                .then(|| {
                    view! {
                        <h3>{t("report-settings-route-for")}</h3>
                        <ActionForm action=route attr:id=format!("route-{cid}")>
                            <CsrfField />
                            <input type="hidden" name="category_id" value=cid.to_string() />
                            <Select
                                form_id=format!("route-{cid}")
                                name="district_id"
                                label="report-field-district"
                                options=districts.clone()
                                required=true
                                error=route_error
                            />
                            <Select
                                form_id=format!("route-{cid}")
                                name="department_id"
                                label="report-settings-route-department"
                                hint="report-settings-route-hint"
                                options=route_departments.clone()
                                error=route_error
                            />
                            <button type="submit" class="button secondary">
                                {t("admin-save")}
                            </button>
                        </ActionForm>
                    }
                })}
        </details>
    }
    .into_any()
}
