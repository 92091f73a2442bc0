//! One process in the staff console: its settings, phases, categories and answer states.

use super::{require_staff, ProcessForm};
use crate::api::admin::*;
use crate::components::form::{
    form_outcome, Checkbox, CsrfField, ErrorSummary, Field, FormError, Select, SubmitButton,
};
use crate::components::notice::Notice;
use crate::context::{t, t_args, use_page};
use crate::pages::common::{upload_url, Loading, PageError};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};
use yoriai_domain::ProcessId;
use yoriai_views::PhaseView;

#[component]
fn PhaseForm(process_id: ProcessId, phase: Option<PhaseView>, form_id: String) -> impl IntoView {
    let save = ServerAction::<SavePhase>::new();
    let error: FormError = form_outcome(save);
    let pending = save.pending().into();
    let s = phase.as_ref().map(|p| p.settings.clone()).unwrap_or_default();
    let num = |v: Option<i32>| v.map(|n| n.to_string()).unwrap_or_default();
    let ph = phase.as_ref();
    let phase_id = ph.map(|p| p.id.to_string()).unwrap_or_default();
    let title_ja = ph.map(|p| p.title.ja.clone()).unwrap_or_default();
    let title_en = ph.map(|p| p.title.en.clone()).unwrap_or_default();
    let starts = ph.and_then(|p| p.starts_on.clone()).unwrap_or_default();
    let ends = ph.and_then(|p| p.ends_on.clone()).unwrap_or_default();
    let limit = num(s.support_limit);
    let threshold = num(s.threshold);
    let min = s.min_supports_to_count.to_string();
    let f = form_id.clone();
    view! {
        <ActionForm action=save attr:id=form_id attr:novalidate=true>
            <ErrorSummary error form_id=f.clone() />
            <CsrfField />
            <input type="hidden" name="process_id" value=process_id.to_string() />
            <input type="hidden" name="phase_id" value=phase_id />
            <Field form_id=f.clone() name="title_ja" label="admin-phase-title-ja" error value=title_ja />
            <Field form_id=f.clone() name="title_en" label="admin-phase-title-en" error value=title_en />
            <Field
                form_id=f.clone()
                name="starts_on"
                label="admin-phase-starts"
                hint="admin-phase-date-hint"
                input_type="date"
                required=false
                error
                value=starts
            />
            <Field
                form_id=f.clone()
                name="ends_on"
                label="admin-phase-ends"
                input_type="date"
                required=false
                error
                value=ends
            />
            <fieldset>
                <legend>{t("admin-phase-settings")}</legend>
                <Checkbox
                    form_id=f.clone()
                    name="proposals_open"
                    label="admin-phase-proposals-open"
                    checked=s.proposals_open
                />
                <Checkbox
                    form_id=f.clone()
                    name="supports_open"
                    label="admin-phase-supports-open"
                    checked=s.supports_open
                />
                <Checkbox
                    form_id=f.clone()
                    name="comments_open"
                    label="admin-phase-comments-open"
                    checked=s.comments_open
                />
                <Checkbox
                    form_id=f.clone()
                    name="supports_require_verification"
                    label="admin-phase-verification"
                    hint="admin-phase-verification-hint"
                    checked=s.supports_require_verification
                />
                <Checkbox
                    form_id=f.clone()
                    name="support_own_allowed"
                    label="admin-phase-support-own"
                    checked=s.support_own_allowed
                />
                <Checkbox
                    form_id=f.clone()
                    name="accumulate_beyond_threshold"
                    label="admin-phase-accumulate"
                    checked=s.accumulate_beyond_threshold
                />
            </fieldset>
            <Field
                form_id=f.clone()
                name="support_limit"
                label="admin-phase-support-limit"
                hint="admin-phase-empty-unlimited"
                input_type="number"
                required=false
                error
                value=limit
            />
            <Field
                form_id=f.clone()
                name="min_supports_to_count"
                label="admin-phase-min-supports"
                hint="admin-phase-min-supports-hint"
                input_type="number"
                required=false
                error
                value=min
            />
            <Field
                form_id=f.clone()
                name="threshold"
                label="admin-phase-threshold"
                hint="admin-phase-empty-none"
                input_type="number"
                required=false
                error
                value=threshold
            />
            <SubmitButton label="admin-save" pending />
        </ActionForm>
    }
}

#[component]
pub fn AdminProcessPage() -> impl IntoView {
    if let Some(r) = require_staff() {
        return r;
    }
    let locale = use_page().locale;
    let csrf = use_page().csrf;
    let params = use_params_map();
    let query = use_query_map();
    let id = move || params.read().get("id").and_then(|v| v.parse::<ProcessId>().ok()).unwrap_or_default();
    let data = Resource::new_blocking(move || (id(), query.read().get("notice")), |(id, _)| admin_process(id));
    let delete_phase = ServerAction::<DeletePhase>::new();
    let delete_phase_error = form_outcome(delete_phase);
    let switch = ServerAction::<SwitchPhase>::new();
    let switch_error = form_outcome(switch);
    let add_cat = ServerAction::<AddCategory>::new();
    let add_cat_error = form_outcome(add_cat);
    let del_cat = ServerAction::<DeleteCategory>::new();
    let del_cat_error = form_outcome(del_cat);
    let publish = ServerAction::<PublishAnswers>::new();
    let publish_error = form_outcome(publish);
    let grant = ServerAction::<GrantProcessRole>::new();
    let grant_error = form_outcome(grant);
    let grant_pending = grant.pending().into();
    let revoke = ServerAction::<RevokeProcessRole>::new();
    let revoke_error = form_outcome(revoke);
    view! {
        <Suspense fallback=Loading>
            {move || {
                data.get()
                    .map(|r| match r {
                        Err(e) => view! { <PageError error=e /> }.into_any(),
                        Ok(page) => {
                            let p = page.process.clone();
                            let pid = p.id;
                            let switch_options: Vec<(String, String)> = std::iter::once((
                                    String::new(),
                                    t("admin-phase-by-dates"),
                                ))
                                .chain(p.phases.iter().map(|ph| (ph.id.to_string(), ph.title.get(locale).to_owned())))
                                .collect();
                            let upload_error = query
                                .read_untracked()
                                .get("error")
                                .map(|c| crate::pages::common::reason_text(&c));
                            let phases_view = p
                                .phases
                                .iter()
                                .map(|ph| {
                                    let phid = ph.id;
                                    view! {
                                        <details class="phase-admin">
                                            <summary>
                                                {ph.title.get(locale).to_owned()}
                                                {ph
                                                    .active
                                                    .then(|| {
                                                        view! {
                                                            " "
                                                            <span class="badge">{t("process-phase-current")}</span>
                                                        }
                                                    })}
                                            </summary>
                                            <PhaseForm
                                                process_id=pid
                                                phase=Some(ph.clone())
                                                form_id=format!("phase-{phid}")
                                            />
                                            <ActionForm action=delete_phase attr:class="inline-form">
                                                <CsrfField />
                                                <input type="hidden" name="process_id" value=pid.to_string() />
                                                <input type="hidden" name="phase_id" value=phid.to_string() />
                                                <button type="submit" class="link-button danger">
                                                    {t("admin-phase-delete")}
                                                </button>
                                            </ActionForm>
                                        </details>
                                    }
                                })
                                .collect_view();
                            let categories_view = p
                                .categories
                                .clone()
                                .into_iter()
                                .map(|c| {
                                    let cid = c.id;
                                    view! {
                                        <li>
                                            {format!("{} / {}", c.name.ja, c.name.en)} " "
                                            <ActionForm action=del_cat attr:class="inline-form">
                                                <CsrfField />
                                                <input type="hidden" name="process_id" value=pid.to_string() />
                                                <input type="hidden" name="category_id" value=cid.to_string() />
                                                <button type="submit" class="link-button danger">
                                                    {t("admin-category-delete")}
                                                </button>
                                            </ActionForm>
                                        </li>
                                    }
                                })
                                .collect_view();
                            let holders = page.roles.clone();
                            let no_holders = holders.is_empty();
                            let roles_view = holders
                                .into_iter()
                                .map(|h| {
                                    let role_label = t(&format!("process-role-{}", h.role.kebab()));
                                    let remove_label = t_args(
                                        "process-role-remove",
                                        &[("name", h.display_name.clone().into()), ("role", role_label.clone().into())],
                                    );
                                    view! {
                                        <tr>
                                            <td>
                                                {h.display_name.clone()}<br />
                                                <span class="meta">{h.email.clone()}</span>
                                            </td>
                                            <td>
                                                {role_label}<br />
                                                <span class="meta nowrap">
                                                    {t_args(
                                                        "process-role-since",
                                                        &[("date", h.granted_on.clone().into())],
                                                    )}
                                                </span><br />
                                                <span class=if h.in_force {
                                                    "badge ok"
                                                } else {
                                                    "meta"
                                                }>
                                                    {if h.in_force {
                                                        t("process-role-in-force")
                                                    } else {
                                                        t("process-role-waiting")
                                                    }}
                                                </span>
                                            </td>
                                            <td>
                                                <ActionForm action=revoke attr:class="inline-form">
                                                    <CsrfField />
                                                    <input type="hidden" name="process_id" value=pid.to_string() />
                                                    <input type="hidden" name="user_id" value=h.user_id.to_string() />
                                                    <input type="hidden" name="role" value=h.role.as_str() />
                                                    <button
                                                        type="submit"
                                                        class="link-button danger"
                                                        aria-label=remove_label
                                                    >
                                                        {t("process-role-remove-short")}
                                                    </button>
                                                </ActionForm>
                                            </td>
                                        </tr>
                                    }
                                })
                                .collect_view();
                            let role_options: Vec<(String, String)> = yoriai_domain::Role::ALL
                                .iter()
                                .filter(|r| r.is_staff())
                                .map(|r| (
                                    r.as_str().to_owned(),
                                    t(&format!("process-role-{}", r.as_str().replace('_', "-"))),
                                ))
                                .collect();
                            let title = p.title.get(locale).to_owned();
                            let slug = p.slug.clone();
                            let image = p.image.clone();
                            let no_phases = p.phases.is_empty();
                            let manual = p.manual_phase_id.map(|m| m.to_string()).unwrap_or_default();
                            // Every staff role can be held in one process.
                            view! {
                                <Title text=format!("{} – {}", t("admin-title"), title) />
                                <nav aria-label=t("breadcrumb-label") class="breadcrumb">
                                    <a href="/admin">{t("admin-title")}</a>
                                </nav>
                                <Notice />
                                <h1>{title.clone()}</h1>
                                <p>
                                    <a href=format!("/processes/{}", slug)>{t("admin-view-public")}</a>
                                </p>
                                <section aria-labelledby="admin-details">
                                    <h2 id="admin-details">{t("admin-process-details")}</h2>
                                    <ProcessForm current=Some(p) districts=page.districts.clone() />
                                </section>
                                <section aria-labelledby="admin-image">
                                    <h2 id="admin-image">{t("admin-process-image")}</h2>
                                    {image.map(|k| view! { <img class="thumb" src=upload_url(&k, true) alt="" /> })}
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
                                        action=format!("/admin/processes/{pid}/image?csrf={csrf}")
                                        class="upload"
                                    >
                                        <div class="field">
                                            <label for="process-image">{t("proposal-image-file")}</label>
                                            <p class="hint">{t("proposal-image-hint")}</p>
                                            <input
                                                type="file"
                                                id="process-image"
                                                name="image"
                                                accept="image/jpeg,image/png,image/webp,image/gif"
                                                required=true
                                            />
                                        </div>
                                        <div class="field">
                                            <label for="process-image-alt">{t("proposal-image-alt")}</label>
                                            <input type="text" id="process-image-alt" name="alt" maxlength=200 />
                                        </div>
                                        <button type="submit" class="button secondary">
                                            {t("proposal-image-upload")}
                                        </button>
                                    </form>
                                </section>
                                <section id="phases" aria-labelledby="admin-phases">
                                    <h2 id="admin-phases">{t("process-phases")}</h2>
                                    <ErrorSummary error=delete_phase_error form_id="phase-delete" />
                                    {phases_view}
                                    <details class="phase-admin" open=no_phases>
                                        <summary>{t("admin-phase-add")}</summary>
                                        <PhaseForm process_id=pid phase=None form_id="phase-new".to_owned() />
                                    </details>
                                    <h3>{t("admin-phase-switch")}</h3>
                                    <p class="hint">{t("admin-phase-switch-hint")}</p>
                                    <ActionForm action=switch attr:id="switch">
                                        <ErrorSummary error=switch_error form_id="switch" />
                                        <CsrfField />
                                        <input type="hidden" name="process_id" value=pid.to_string() />
                                        <Select
                                            form_id="switch"
                                            name="phase_id"
                                            label="admin-phase-active"
                                            options=switch_options
                                            error=switch_error
                                            value=manual
                                        />
                                        <button type="submit" class="button secondary">
                                            {t("admin-save")}
                                        </button>
                                    </ActionForm>
                                </section>
                                <section id="categories" aria-labelledby="admin-categories">
                                    <h2 id="admin-categories">{t("admin-categories")}</h2>
                                    <ErrorSummary error=del_cat_error form_id="category-delete" />
                                    <ul>{categories_view}</ul>
                                    <ActionForm action=add_cat attr:id="category-new" attr:novalidate=true>
                                        <ErrorSummary error=add_cat_error form_id="category-new" />
                                        <CsrfField />
                                        <input type="hidden" name="process_id" value=pid.to_string() />
                                        <Field
                                            form_id="category-new"
                                            name="name_ja"
                                            label="admin-category-name-ja"
                                            error=add_cat_error
                                        />
                                        <Field
                                            form_id="category-new"
                                            name="name_en"
                                            label="admin-category-name-en"
                                            error=add_cat_error
                                        />
                                        <button type="submit" class="button secondary">
                                            {t("admin-category-add")}
                                        </button>
                                    </ActionForm>
                                </section>
                                <section id="roles" aria-labelledby="admin-roles">
                                    <h2 id="admin-roles">{t("process-roles-title")}</h2>
                                    <p>{t("process-roles-intro")}</p>
                                    <ErrorSummary error=revoke_error form_id="role-remove" />
                                    {if no_holders {
                                        view! { <p class="meta">{t("process-roles-none")}</p> }.into_any()
                                    } else {
                                        view! {
                                            <table class="table">
                                                <caption class="visually-hidden">{t("process-roles-title")}</caption>
                                                <thead>
                                                    <tr>
                                                        <th scope="col">{t("process-role-person")}</th>
                                                        <th scope="col">{t("process-role-role")}</th>
                                                        <th scope="col">
                                                            <span class="visually-hidden">
                                                                {t("process-role-remove-short")}
                                                            </span>
                                                        </th>
                                                    </tr>
                                                </thead>
                                                <tbody>{roles_view}</tbody>
                                            </table>
                                        }
                                            .into_any()
                                    }}
                                    <ActionForm action=grant attr:id="role-new" attr:novalidate=true>
                                        <ErrorSummary error=grant_error form_id="role-new" />
                                        <CsrfField />
                                        <input type="hidden" name="process_id" value=pid.to_string() />
                                        <Field
                                            form_id="role-new"
                                            name="email"
                                            label="process-role-email"
                                            hint="process-role-email-hint"
                                            input_type="email"
                                            error=grant_error
                                        />
                                        <Select
                                            form_id="role-new"
                                            name="role"
                                            label="process-role-role"
                                            options=role_options
                                            error=grant_error
                                            value="moderator".to_owned()
                                        />
                                        <SubmitButton label="process-role-grant" pending=grant_pending />
                                    </ActionForm>
                                </section>
                                <section id="answers" aria-labelledby="admin-answers">
                                    <h2 id="admin-answers">{t("admin-answers")}</h2>
                                    <p>{t_args("admin-answers-pending", &[("count", page.pending_answers.into())])}</p>
                                    {(page.pending_answers > 0)
                                        .then(|| {
                                            view! {
                                                <ActionForm action=publish attr:class="inline-form">
                                                    <ErrorSummary error=publish_error form_id="publish-answers" />
                                                    <CsrfField />
                                                    <input type="hidden" name="process_id" value=pid.to_string() />
                                                    <button type="submit" class="button">
                                                        {t("admin-answers-publish")}
                                                    </button>
                                                </ActionForm>
                                            }
                                        })}
                                    <p>
                                        <a href=format!(
                                            "/processes/{}/proposals?state=not_answered",
                                            slug,
                                        )>{t("admin-answers-find")}</a>
                                    </p>
                                </section>
                                <crate::pages::admin_budgets::AdminProcessBudgets process_id=pid slug=slug.clone() />
                            }
                                .into_any()
                        }
                    })
            }}
        </Suspense>
    }
    .into_any()
}
