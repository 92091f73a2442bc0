//! The account page: details, password, email address, devices.

mod two_factor;
pub use two_factor::{ConfirmEmailChangePage, SignInCodePage, TwoFactorPage};

use crate::api::{account_overview, ChangeEmail, ChangePassword, SignInMethodView, SignOutOthers, UnlinkExternal};
use crate::components::form::{form_outcome, CsrfField, ErrorSummary, Field, SubmitButton};
use crate::components::notice::Notice;
use crate::context::{t, t_args, use_page};
use crate::pages::privacy::query_error;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Redirect;
use yoriai_domain::email::EMAIL_MAX_LEN;
use yoriai_domain::password::PASSWORD_MAX_CHARS;

#[component]
pub fn AccountPage() -> impl IntoView {
    if use_page().user.is_none() {
        return view! { <Redirect path="/sign-in?next=/account" /> }.into_any();
    }
    let overview = Resource::new_blocking(|| (), |_| account_overview());
    view! {
        <Title text=t("account-title") />
        <Notice />
        <h1>{t("account-title")}</h1>
        <Suspense>
            {move || {
                overview
                    .get()
                    .map(|o| match o {
                        Ok(o) => {
                            view! {
                                <section aria-labelledby="details-title">
                                    <h2 id="details-title">{t("account-details-title")}</h2>
                                    <dl class="details">
                                        <dt>{t("field-display-name")}</dt>
                                        <dd>{o.display_name.clone()}</dd>
                                        <dt>{t("field-email")}</dt>
                                        <dd>
                                            {o.email.clone()}
                                            {o
                                                .email_confirmed
                                                .then(|| {
                                                    view! {
                                                        " ("
                                                        {t("account-email-confirmed")}
                                                        ")"
                                                    }
                                                })}
                                        </dd>
                                        <dt>{t("account-role")}</dt>
                                        <dd>{t(&format!("role-{}", o.role.as_str().replace('_', "-")))}</dd>
                                    </dl>
                                </section>
                                <SignInMethods methods=o.sign_in_methods.clone() has_password=o.has_password />
                                <section aria-labelledby="two-factor-link-title" id="two-factor">
                                    <h2 id="two-factor-link-title">{t("two-factor-title")}</h2>
                                    <p>
                                        {if o.two_factor { t("two-factor-on") } else { t("two-factor-account-intro") }}
                                    </p>
                                    <p>
                                        <a class="button secondary" href="/account/two-factor">
                                            {t("two-factor-manage")}
                                        </a>
                                    </p>
                                </section>
                                <SecurityLog events=o.security_events.clone() />
                                <SessionsSection count=o.active_sessions />
                                {(!o.has_password)
                                    .then(|| {
                                        view! {
                                            <section aria-labelledby="password-title">
                                                <h2 id="password-title">{t("account-set-password")}</h2>
                                                <p>{t("account-no-password")}</p>
                                                <p>
                                                    <a class="button secondary" href="/forgot-password">
                                                        {t("account-set-password")}
                                                    </a>
                                                </p>
                                            </section>
                                        }
                                    })}
                                {o
                                    .has_password
                                    .then(|| {
                                        view! {
                                            <ChangePasswordSection />
                                            <ChangeEmailSection />
                                        }
                                    })}
                            }
                                .into_any()
                        }
                        Err(e) => {
                            view! {
                                <div class="error-summary" role="alert">
                                    <p>{e.message(use_page().locale)}</p>
                                </div>
                            }
                                .into_any()
                        }
                    })
            }}
        </Suspense>
        <section aria-labelledby="privacy-link-title">
            <h2 id="privacy-link-title">{t("privacy-title")}</h2>
            <p>{t("privacy-account-link-intro")}</p>
            <p>
                <a class="button secondary" href="/account/privacy">
                    {t("privacy-open")}
                </a>
            </p>
        </section>
    }
    .into_any()
}

/// The account's security log: wrong two-step codes and locks, so the owner notices
/// when someone else has their password.
#[component]
fn SecurityLog(events: Vec<yoriai_views::SecurityEvent>) -> impl IntoView {
    (!events.is_empty()).then(|| {
        view! {
            <section aria-labelledby="security-log-title" id="security-log">
                <h2 id="security-log-title">{t("account-security-title")}</h2>
                <p>{t("account-security-intro")}</p>
                <ul class="security-log">
                    {events
                        .into_iter()
                        .map(|e| {
                            view! {
                                <li>
                                    <time>{e.at}</time>
                                    " "
                                    {t(&format!("security-event-{}", e.kind.replace('_', "-")))}
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
                <p>
                    <a href="/forgot-password">{t("account-security-change-password")}</a>
                </p>
            </section>
        }
    })
}

/// External accounts: linked ones can be unlinked, the others linked (a plain form to the
/// provider and back).
#[component]
fn SignInMethods(methods: Vec<SignInMethodView>, has_password: bool) -> impl IntoView {
    let action = ServerAction::<UnlinkExternal>::new();
    let error = form_outcome(action);
    let pending: Signal<bool> = action.pending().into();
    let linked_count = methods.iter().filter(|m| m.linked_on.is_some()).count();
    let only_way = !has_password && linked_count == 1;
    let query_error = query_error("sign-in-methods");
    (!methods.is_empty()).then(move || {
        view! {
            <section aria-labelledby="sign-in-methods-title" id="sign-in-methods">
                <h2 id="sign-in-methods-title">{t("account-external-title")}</h2>
                {query_error}
                <ErrorSummary error form_id="unlink-external" />
                <p>{t("account-external-intro")}</p>
                <ul class="sign-in-methods">
                    {methods
                        .into_iter()
                        .map(|m| {
                            let label = m.label.clone();
                            match m.linked_on {
                                Some(on) => {
                                    view! {
                                        <li>
                                            <strong>{label.clone()}</strong>
                                            " "
                                            {t_args("account-external-linked-on", &[("date", on.into())])}
                                            {(!only_way)
                                                .then(|| {
                                                    view! {
                                                        <ActionForm
                                                            action=action
                                                            attr:class="inline-form"
                                                            attr:id="unlink-external"
                                                        >
                                                            <CsrfField />
                                                            <input
                                                                type="hidden"
                                                                name="provider"
                                                                value=m.provider.clone()
                                                            />
                                                            <button
                                                                type="submit"
                                                                class="button secondary small"
                                                                disabled=move || pending.get()
                                                            >
                                                                {t_args(
                                                                    "account-external-unlink",
                                                                    &[("provider", label.clone().into())],
                                                                )}
                                                            </button>
                                                        </ActionForm>
                                                    }
                                                })}
                                        </li>
                                    }
                                        .into_any()
                                }
                                None => {
                                    view! {
                                        <li>
                                            <form
                                                method="post"
                                                action=format!("/auth/oidc/{}/start", m.provider)
                                                class="inline-form"
                                            >
                                                <CsrfField />
                                                <input type="hidden" name="link" value="1" />
                                                <button type="submit" class="button secondary small">
                                                    {t_args("account-external-link", &[("provider", label.into())])}
                                                </button>
                                            </form>
                                        </li>
                                    }
                                        .into_any()
                                }
                            }
                        })
                        .collect_view()}
                </ul>
                {only_way.then(|| view! { <p class="hint">{t("account-external-only-way")}</p> })}
            </section>
        }
    })
}

#[component]
fn ChangePasswordSection() -> impl IntoView {
    let action = ServerAction::<ChangePassword>::new();
    let error = form_outcome(action);
    let pending = action.pending().into();
    view! {
        <section aria-labelledby="password-title">
            <h2 id="password-title">{t("account-password-title")}</h2>
            <ActionForm action=action attr:id="change-password" attr:novalidate=true>
                <ErrorSummary error form_id="change-password" />
                <CsrfField />
                <Field
                    form_id="change-password"
                    name="current_password"
                    label="field-current-password"
                    input_type="password"
                    autocomplete="current-password"
                    error
                />
                <Field
                    form_id="change-password"
                    name="new_password"
                    label="field-new-password"
                    hint="field-password-hint"
                    input_type="password"
                    autocomplete="new-password"
                    maxlength=PASSWORD_MAX_CHARS
                    error
                />
                <SubmitButton label="account-password-submit" pending />
            </ActionForm>
        </section>
    }
}

#[component]
fn ChangeEmailSection() -> impl IntoView {
    let action = ServerAction::<ChangeEmail>::new();
    let error = form_outcome(action);
    let pending = action.pending().into();
    view! {
        <section aria-labelledby="email-title">
            <h2 id="email-title">{t("account-email-title")}</h2>
            <p>{t("account-email-intro")}</p>
            <ActionForm action=action attr:id="change-email" attr:novalidate=true>
                <ErrorSummary error form_id="change-email" />
                <CsrfField />
                <Field
                    form_id="change-email"
                    name="new_email"
                    label="field-new-email"
                    input_type="email"
                    autocomplete="email"
                    maxlength=EMAIL_MAX_LEN
                    error
                />
                <Field
                    form_id="change-email"
                    name="current_password"
                    label="field-current-password"
                    input_type="password"
                    autocomplete="current-password"
                    error
                />
                <SubmitButton label="account-email-submit" pending />
            </ActionForm>
        </section>
    }
}

#[component]
fn SessionsSection(count: usize) -> impl IntoView {
    let action = ServerAction::<SignOutOthers>::new();
    let error = form_outcome(action);
    let pending = action.pending().into();
    view! {
        <section aria-labelledby="sessions-title">
            <h2 id="sessions-title">{t("account-sessions-title")}</h2>
            <p>{t_args("account-sessions-body", &[("count", (count as i64).into())])}</p>
            <ActionForm action=action attr:id="sign-out-others">
                <ErrorSummary error form_id="sign-out-others" />
                <CsrfField />
                <SubmitButton label="account-sign-out-others" pending />
            </ActionForm>
        </section>
    }
}
