//! The staff console: processes, their phases and categories, answer states.

mod process;
mod settings;
mod sign_in;
pub use process::AdminProcessPage;
pub use settings::CitySettingsPageView;
pub use sign_in::SignInProvidersPageView;

use crate::api::admin::*;
use crate::components::form::{form_outcome, Checkbox, CsrfField, ErrorSummary, Field, Select, SubmitButton, TextArea};
use crate::components::notice::Notice;
use crate::context::{t, use_page};
use crate::pages::common::{Loading, PageError};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Redirect;
use yoriai_domain::DistrictId;
use yoriai_views::{Named, ProcessDetail};

pub(super) fn require_staff() -> Option<AnyView> {
    use_page().user.is_none().then(|| view! { <Redirect path="/sign-in?next=/admin" /> }.into_any())
}

#[component]
pub fn AdminHomePage() -> impl IntoView {
    if let Some(r) = require_staff() {
        return r;
    }
    let locale = use_page().locale;
    let data = Resource::new_blocking(|| (), |_| admin_overview());
    let state = ServerAction::<AddAnswerState>::new();
    let state_error = form_outcome(state);
    let pending = state.pending().into();
    // Administrators of single processes see their processes only.
    let platform = use_page().may(&yoriai_domain::Action::ManageProcesses);
    view! {
        <Title text=t("admin-title") />
        <Notice />
        <h1>{t("admin-title")}</h1>
        <nav aria-labelledby="admin-console-links" class="console-links" hidden=!platform>
            <h2 id="admin-console-links" class="visually-hidden">
                {t("admin-console")}
            </h2>
            <ul>
                <li>
                    <a href="/admin/users">{t("users-title")}</a>
                </li>
                <li>
                    <a href="/admin/log">{t("log-title")}</a>
                </li>
                <li>
                    <a href="/admin/verification">{t("verification-console-title")}</a>
                </li>
                <li>
                    <a href="/admin/privacy">{t("privacy-notice-console-title")}</a>
                </li>
                <li>
                    <a href="/admin/settings">{t("city-settings-title")}</a>
                </li>
                <li>
                    <a href="/admin/sign-in">{t("sign-in-providers-title")}</a>
                </li>
                <li>
                    <a href="/admin/reports">{t("nav-reports")}</a>
                </li>
                <li>
                    <a href="/decisions/new">{t("decision-new")}</a>
                </li>
                <li>
                    <a href="/results/new">{t("result-new")}</a>
                </li>
                <li>
                    <a href="/dashboard#kpis">{t("kpis-title")}</a>
                </li>
                <li>
                    <a href="/open-data">{t("open-data-title")}</a>
                </li>
            </ul>
        </nav>
        <Suspense fallback=Loading>
            {move || {
                data.get()
                    .map(|r| match r {
                        Err(e) => view! { <PageError error=e /> }.into_any(),
                        Ok((processes, states)) => {
                            view! {
                                <section aria-labelledby="admin-processes">
                                    <h2 id="admin-processes">{t("processes-title")}</h2>
                                    {platform
                                        .then(|| {
                                            view! {
                                                <p>
                                                    <a class="button" href="/admin/processes/new">
                                                        {t("admin-process-new")}
                                                    </a>
                                                </p>
                                            }
                                        })}
                                    <table class="table">
                                        <caption class="visually-hidden">{t("processes-title")}</caption>
                                        <thead>
                                            <tr>
                                                <th scope="col">{t("admin-process-field-title")}</th>
                                                <th scope="col">{t("admin-current-phase")}</th>
                                                <th scope="col">{t("admin-status")}</th>
                                            </tr>
                                        </thead>
                                        <tbody>
                                            {processes
                                                .into_iter()
                                                .map(|p| {
                                                    view! {
                                                        <tr>
                                                            <td>
                                                                <a href=format!(
                                                                    "/admin/processes/{}",
                                                                    p.id,
                                                                )>{p.title.get(locale).to_owned()}</a>
                                                            </td>
                                                            <td>
                                                                {p
                                                                    .active_phase
                                                                    .map(|ph| ph.get(locale).to_owned())
                                                                    .unwrap_or_else(|| t("process-no-active-phase"))}
                                                            </td>
                                                            <td>
                                                                {if p.published {
                                                                    t("admin-published")
                                                                } else {
                                                                    t("process-unpublished")
                                                                }}
                                                            </td>
                                                        </tr>
                                                    }
                                                })
                                                .collect_view()}
                                        </tbody>
                                    </table>
                                </section>
                                <section id="states" aria-labelledby="admin-states" hidden=!platform>
                                    <h2 id="admin-states">{t("admin-answer-states")}</h2>
                                    <p>{t("admin-answer-states-intro")}</p>
                                    <ul>
                                        {states
                                            .into_iter()
                                            .map(|s| {
                                                view! {
                                                    <li>
                                                        {format!(
                                                            "{} / {} ({}, {})",
                                                            s.label.ja,
                                                            s.label.en,
                                                            s.key,
                                                            s.colour,
                                                        )}
                                                    </li>
                                                }
                                            })
                                            .collect_view()}
                                    </ul>
                                    <ActionForm action=state attr:id="state-new" attr:novalidate=true>
                                        <ErrorSummary error=state_error form_id="state-new" />
                                        <CsrfField />
                                        <Field
                                            form_id="state-new"
                                            name="key"
                                            label="admin-state-key"
                                            hint="admin-slug-hint"
                                            error=state_error
                                        />
                                        <Field
                                            form_id="state-new"
                                            name="label_ja"
                                            label="admin-state-label-ja"
                                            error=state_error
                                        />
                                        <Field
                                            form_id="state-new"
                                            name="label_en"
                                            label="admin-state-label-en"
                                            error=state_error
                                        />
                                        <Field
                                            form_id="state-new"
                                            name="colour"
                                            label="admin-state-colour"
                                            hint="admin-state-colour-hint"
                                            value="#1e6b3a"
                                            error=state_error
                                        />
                                        <SubmitButton label="admin-state-add" pending />
                                    </ActionForm>
                                </section>
                            }
                                .into_any()
                        }
                    })
            }}
        </Suspense>
    }
    .into_any()
}

#[component]
pub(super) fn ProcessForm(current: Option<ProcessDetail>, districts: Vec<Named<DistrictId>>) -> impl IntoView {
    let locale = use_page().locale;
    let save = ServerAction::<SaveProcess>::new();
    let error = form_outcome(save);
    let pending = save.pending().into();
    let c = current.as_ref();
    let district_options: Vec<(String, String)> = std::iter::once((String::new(), t("admin-whole-city")))
        .chain(districts.iter().map(|d| (d.id.to_string(), d.name.get(locale).to_owned())))
        .collect();
    let id = c.map(|p| p.id.to_string()).unwrap_or_default();
    let slug = c.map(|p| p.slug.clone()).unwrap_or_default();
    let title_ja = c.map(|p| p.title.ja.clone()).unwrap_or_default();
    let title_en = c.map(|p| p.title.en.clone()).unwrap_or_default();
    let description_ja = c.map(|p| p.description.ja.clone()).unwrap_or_default();
    let description_en = c.map(|p| p.description.en.clone()).unwrap_or_default();
    let district = c.and_then(|p| p.district_id).map(|d| d.to_string()).unwrap_or_default();
    let edit_window = c.map(|p| p.edit_window_minutes.to_string()).unwrap_or_else(|| "30".into());
    let published = c.is_some_and(|p| p.published);
    view! {
        <ActionForm action=save attr:id="process-form" attr:novalidate=true>
            <ErrorSummary error form_id="process-form" />
            <CsrfField />
            <input type="hidden" name="id" value=id />
            <Field
                form_id="process-form"
                name="slug"
                label="admin-process-field-slug"
                hint="admin-slug-hint"
                error
                value=slug
            />
            <Field form_id="process-form" name="title_ja" label="admin-process-field-title-ja" error value=title_ja />
            <Field form_id="process-form" name="title_en" label="admin-process-field-title-en" error value=title_en />
            <TextArea
                form_id="process-form"
                name="description_ja"
                label="admin-process-field-description-ja"
                hint="proposal-field-body-hint"
                required=false
                error
                value=description_ja
            />
            <TextArea
                form_id="process-form"
                name="description_en"
                label="admin-process-field-description-en"
                required=false
                error
                value=description_en
            />
            <Select
                form_id="process-form"
                name="district_id"
                label="admin-process-field-scope"
                options=district_options
                error
                value=district
            />
            <Field
                form_id="process-form"
                name="edit_window_minutes"
                label="admin-process-field-edit-window"
                hint="admin-process-field-edit-window-hint"
                required=false
                input_type="number"
                error
                value=edit_window
            />
            <Checkbox
                form_id="process-form"
                name="published"
                label="admin-process-field-published"
                hint="admin-process-field-published-hint"
                checked=published
            />
            <SubmitButton label="admin-save" pending />
        </ActionForm>
    }
}

#[component]
pub fn AdminNewProcessPage() -> impl IntoView {
    if let Some(r) = require_staff() {
        return r;
    }
    view! {
        <Title text=t("admin-process-new") />
        <h1>{t("admin-process-new")}</h1>
        <ProcessForm current=None districts=Vec::new() />
    }
    .into_any()
}
