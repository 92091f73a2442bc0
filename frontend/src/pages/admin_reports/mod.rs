//! The staff console for street reports: departments and their members, categories
//! with their extra questions, routing (category × district → department), response
//! templates, district boundaries (GeoJSON) and Open311 client keys.

mod category;
use category::CategoryEditor;

use crate::api::reports::*;
use crate::components::form::{form_outcome, Checkbox, CsrfField, ErrorSummary, Field, Select, SubmitButton, TextArea};
use crate::components::notice::Notice;
use crate::context::{t, t_args, use_page};
use crate::pages::common::{reason_text, Loading, PageError};
use crate::pages::reports::state_label;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
use yoriai_domain::{DepartmentId, DistrictId};
use yoriai_views::Named;

#[component]
pub fn ReportSettingsPageView() -> impl IntoView {
    if use_page().user.is_none() {
        return view! { <leptos_router::components::Redirect path="/sign-in?next=/admin/reports" /> }.into_any();
    }
    let query = use_query_map();
    let data = Resource::new_blocking(move || query.read().get("notice"), |_| get_report_settings());
    view! {
        <Title text=t("report-settings-title") />
        <nav aria-label=t("breadcrumb-label") class="breadcrumb">
            <a href="/admin">{t("admin-title")}</a>
        </nav>
        <Notice />
        <h1>{t("report-settings-title")}</h1>
        <Suspense fallback=Loading>
            {move || {
                data.get()
                    .map(|r| match r {
                        Err(e) => view! { <PageError error=e /> }.into_any(),
                        Ok(d) => view! { <SettingsBody data=d /> }.into_any(),
                    })
            }}
        </Suspense>
    }
    .into_any()
}

#[component]
fn SettingsBody(data: ReportSettingsData) -> impl IntoView {
    let locale = use_page().locale;
    let csrf = use_page().csrf;
    let query = use_query_map();
    let upload_error = query.read_untracked().get("error").map(|c| reason_text(&c));
    let ReportSettingsData { page, new_key } = data;
    let dept = ServerAction::<SaveDepartment>::new();
    let dept_error = form_outcome(dept);
    let member = ServerAction::<AddDepartmentMember>::new();
    let member_error = form_outcome(member);
    let unmember = ServerAction::<RemoveDepartmentMember>::new();
    let unmember_error = form_outcome(unmember);
    let cat = ServerAction::<SaveReportCategory>::new();
    let cat_error = form_outcome(cat);
    let route = ServerAction::<SetReportRoute>::new();
    let route_error = form_outcome(route);
    let tpl = ServerAction::<SaveResponseTemplate>::new();
    let tpl_error = form_outcome(tpl);
    let tpl_del = ServerAction::<DeleteResponseTemplate>::new();
    let client = ServerAction::<CreateOpen311Client>::new();
    let client_error = form_outcome(client);
    let revoke = ServerAction::<RevokeOpen311Client>::new();
    let (dp, cp, tp): (Signal<bool>, Signal<bool>, Signal<bool>) =
        (dept.pending().into(), cat.pending().into(), tpl.pending().into());
    let dept_options: Vec<(String, String)> = std::iter::once((String::new(), t("report-settings-default-dept")))
        .chain(page.departments.iter().map(|d| (d.id.to_string(), d.name.get(locale).to_owned())))
        .collect();
    let district_options: Vec<(String, String)> =
        page.districts.iter().map(|d| (d.id.to_string(), d.name.get(locale).to_owned())).collect();
    let state_options: Vec<(String, String)> = std::iter::once((String::new(), t("report-template-any-state")))
        .chain(yoriai_domain::report::ReportState::ALL.iter().map(|s| (s.as_str().to_owned(), state_label(*s))))
        .collect();
    let (dept_options_editor, dept_options_new, dept_options_tpl) =
        (dept_options.clone(), dept_options.clone(), dept_options.clone());
    let dept_name = |id: DepartmentId| {
        page.departments.iter().find(|d| d.id == id).map(|d| d.name.get(locale).to_owned()).unwrap_or_default()
    };
    let district_name = |id: DistrictId| {
        page.districts.iter().find(|d| d.id == id).map(|d| d.name.get(locale).to_owned()).unwrap_or_default()
    };
    let routes_view = page
        .routes
        .iter()
        .map(|(c, d, dep)| {
            let cname =
                page.categories.iter().find(|x| x.id == *c).map(|x| x.name.get(locale).to_owned()).unwrap_or_default();
            view! { <li>{cname} " × " {district_name(*d)} " → " {dept_name(*dep)}</li> }
        })
        .collect_view();
    view! {
        <section id="departments" aria-labelledby="departments-title">
            <h2 id="departments-title">{t("report-settings-departments")}</h2>
            <ErrorSummary error=member_error form_id="member-new" />
            <ErrorSummary error=unmember_error form_id="member-remove" />
            {page
                .departments
                .iter()
                .map(|d| {
                    let did = d.id;
                    let fid = format!("dept-{did}");
                    let form_id = fid.clone();
                    let (ja, en, is_default) = (d.name.ja.clone(), d.name.en.clone(), d.is_default);
                    view! {
                        <details class="phase-admin">
                            <summary>
                                {d.name.get(locale).to_owned()}
                                {d
                                    .is_default
                                    .then(|| {
                                        view! {
                                            " "
                                            <span class="badge">{t("report-settings-default")}</span>
                                        }
                                    })} " "
                                <span class="meta">
                                    {t_args(
                                        "report-settings-members-count",
                                        &[("count", (d.members.len() as i64).into())],
                                    )}
                                </span>
                            </summary>
                            <ActionForm action=dept attr:id=form_id attr:novalidate=true>
                                <CsrfField />
                                <input type="hidden" name="id" value=did.to_string() />
                                <Field
                                    form_id=fid.clone()
                                    name="name_ja"
                                    label="budget-heading-name-ja"
                                    value=ja
                                    error=dept_error
                                />
                                <Field
                                    form_id=fid.clone()
                                    name="name_en"
                                    label="budget-heading-name-en"
                                    value=en
                                    error=dept_error
                                />
                                <Checkbox
                                    form_id=fid.clone()
                                    name="is_default"
                                    label="report-settings-make-default"
                                    hint="report-settings-make-default-hint"
                                    checked=is_default
                                />
                                <button type="submit" class="button secondary">
                                    {t("admin-save")}
                                </button>
                            </ActionForm>
                            <h3>{t("report-settings-members")}</h3>
                            <ul>
                                {d
                                    .members
                                    .iter()
                                    .map(|(uid, name, email)| {
                                        let uid = *uid;
                                        view! {
                                            <li>
                                                {name.clone()} " <" {email.clone()} "> "
                                                <ActionForm action=unmember attr:class="inline-form">
                                                    <CsrfField />
                                                    <input type="hidden" name="department_id" value=did.to_string() />
                                                    <input type="hidden" name="user_id" value=uid.to_string() />
                                                    <button type="submit" class="link-button danger">
                                                        {t("report-settings-remove-member")}
                                                    </button>
                                                </ActionForm>
                                            </li>
                                        }
                                    })
                                    .collect_view()}
                            </ul>
                            <ActionForm action=member attr:id=format!("member-{did}") attr:novalidate=true>
                                <CsrfField />
                                <input type="hidden" name="department_id" value=did.to_string() />
                                <Field
                                    form_id=format!("member-{did}")
                                    name="email"
                                    label="report-settings-member-email"
                                    hint="report-settings-member-email-hint"
                                    input_type="email"
                                    error=member_error
                                />
                                <button type="submit" class="button secondary">
                                    {t("report-settings-add-member")}
                                </button>
                            </ActionForm>
                        </details>
                    }
                })
                .collect_view()}
            <ActionForm action=dept attr:id="dept-new" attr:novalidate=true>
                <h3>{t("report-settings-new-department")}</h3>
                <ErrorSummary error=dept_error form_id="dept-new" />
                <CsrfField />
                <Field form_id="dept-new" name="name_ja" label="budget-heading-name-ja" error=dept_error />
                <Field form_id="dept-new" name="name_en" label="budget-heading-name-en" error=dept_error />
                <SubmitButton label="report-settings-create" pending=dp />
            </ActionForm>
        </section>

        <section id="categories" aria-labelledby="categories-title">
            <h2 id="categories-title">{t("report-settings-categories")}</h2>
            {page
                .categories
                .iter()
                .map(|c| {
                    view! {
                        <CategoryEditor
                            c=c.clone()
                            departments=dept_options_editor.clone()
                            districts=district_options.clone()
                            route=route
                            cat=cat
                            cat_error=cat_error
                        />
                    }
                })
                .collect_view()}
            <ErrorSummary error=route_error form_id="route" />
            <ActionForm action=cat attr:id="cat-new" attr:novalidate=true>
                <h3>{t("report-settings-new-category")}</h3>
                <ErrorSummary error=cat_error form_id="cat-new" />
                <CsrfField />
                <Field
                    form_id="cat-new"
                    name="code"
                    label="report-settings-code"
                    hint="report-settings-code-hint"
                    error=cat_error
                />
                <Field form_id="cat-new" name="name_ja" label="budget-heading-name-ja" error=cat_error />
                <Field form_id="cat-new" name="name_en" label="budget-heading-name-en" error=cat_error />
                <Field
                    form_id="cat-new"
                    name="group_name"
                    label="report-settings-group"
                    required=false
                    error=cat_error
                />
                <Field
                    form_id="cat-new"
                    name="keywords"
                    label="report-settings-keywords"
                    required=false
                    error=cat_error
                />
                <TextArea
                    form_id="cat-new"
                    name="description_ja"
                    label="budget-field-description-ja"
                    required=false
                    rows=2
                    error=cat_error
                />
                <TextArea
                    form_id="cat-new"
                    name="description_en"
                    label="budget-field-description-en"
                    required=false
                    rows=2
                    error=cat_error
                />
                <Select
                    form_id="cat-new"
                    name="department_id"
                    label="report-settings-category-department"
                    options=dept_options_new
                    error=cat_error
                />
                <Checkbox form_id="cat-new" name="enabled" label="report-settings-enabled" checked=true />
                <SubmitButton label="report-settings-create" pending=cp />
            </ActionForm>
        </section>

        <section id="routes" aria-labelledby="routes-title">
            <h2 id="routes-title">{t("report-settings-routes")}</h2>
            <p class="hint">{t("report-settings-routes-intro")}</p>
            <ul>{routes_view}</ul>
        </section>

        <section id="templates" aria-labelledby="templates-title">
            <h2 id="templates-title">{t("report-settings-templates")}</h2>
            <ul>
                {page
                    .templates
                    .iter()
                    .map(|tp_| {
                        let tid = tp_.id;
                        view! {
                            <li>
                                <strong>{tp_.title.clone()}</strong>
                                {tp_
                                    .state
                                    .map(|s| {
                                        view! {
                                            " ("
                                            {state_label(s)}
                                            ")"
                                        }
                                    })}
                                <p class="pre">{tp_.body.get(locale).to_owned()}</p>
                                <ActionForm action=tpl_del attr:class="inline-form">
                                    <CsrfField />
                                    <input type="hidden" name="id" value=tid.to_string() />
                                    <button type="submit" class="link-button danger">
                                        {t("report-settings-delete")}
                                    </button>
                                </ActionForm>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
            <ActionForm action=tpl attr:id="tpl-new" attr:novalidate=true>
                <h3>{t("report-settings-new-template")}</h3>
                <ErrorSummary error=tpl_error form_id="tpl-new" />
                <CsrfField />
                <Field form_id="tpl-new" name="title" label="report-settings-template-title" error=tpl_error />
                <TextArea form_id="tpl-new" name="body_ja" label="report-settings-template-ja" rows=3 error=tpl_error />
                <TextArea form_id="tpl-new" name="body_en" label="report-settings-template-en" rows=3 error=tpl_error />
                <Select
                    form_id="tpl-new"
                    name="state"
                    label="report-settings-template-state"
                    options=state_options
                    error=tpl_error
                />
                <Select
                    form_id="tpl-new"
                    name="department_id"
                    label="report-settings-category-department"
                    options=dept_options_tpl
                    error=tpl_error
                />
                <SubmitButton label="report-settings-create" pending=tp />
            </ActionForm>
        </section>

        <section id="districts" aria-labelledby="districts-title">
            <h2 id="districts-title">{t("report-settings-districts")}</h2>
            <p>{t("report-settings-districts-intro")}</p>
            <ul>
                {page
                    .districts
                    .iter()
                    .map(|d: &Named<DistrictId>| view! { <li>{d.name.get(locale).to_owned()}</li> })
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
                action=format!("/admin/reports/districts?csrf={csrf}")
                class="upload"
            >
                <div class="field">
                    <label for="districts-file">{t("report-settings-districts-file")}</label>
                    <p class="hint">{t("report-settings-districts-hint")}</p>
                    <input
                        type="file"
                        id="districts-file"
                        name="file"
                        accept=".geojson,.json,application/geo+json,application/json"
                        required=true
                    />
                </div>
                <button type="submit" class="button secondary">
                    {t("report-settings-districts-import")}
                </button>
            </form>
        </section>

        <section id="open311" aria-labelledby="open311-title">
            <h2 id="open311-title">{t("report-settings-open311")}</h2>
            <p>{t("report-settings-open311-intro")}</p>
            {new_key
                .map(|k| {
                    view! {
                        <div class="receipt" role="status">
                            <p>
                                <strong>{t("report-settings-key-once")}</strong>
                            </p>
                            <p class="receipt-code">
                                <code>{k}</code>
                            </p>
                        </div>
                    }
                })}
            <ul>
                {page
                    .clients
                    .iter()
                    .map(|c| {
                        let cid = c.id;
                        view! {
                            <li>
                                {c.name.clone()} " · " {c.created_at.clone()}
                                {c
                                    .last_used_at
                                    .clone()
                                    .map(|u| {
                                        view! {
                                            " · "
                                            {t_args("report-settings-last-used", &[("date", u.into())])}
                                        }
                                    })}
                                {if c.revoked {
                                    view! {
                                        " "
                                        <span class="badge">{t("report-settings-revoked")}</span>
                                    }
                                        .into_any()
                                } else {
                                    view! {
                                        " "
                                        <ActionForm action=revoke attr:class="inline-form">
                                            <CsrfField />
                                            <input type="hidden" name="id" value=cid.to_string() />
                                            <button type="submit" class="link-button danger">
                                                {t("report-settings-revoke")}
                                            </button>
                                        </ActionForm>
                                    }
                                        .into_any()
                                }}
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
            <ActionForm action=client attr:id="client-new" attr:novalidate=true>
                <ErrorSummary error=client_error form_id="client-new" />
                <CsrfField />
                <Field form_id="client-new" name="name" label="report-settings-client-name" error=client_error />
                <button type="submit" class="button secondary">
                    {t("report-settings-client-create")}
                </button>
            </ActionForm>
        </section>
    }
    .into_any()
}
