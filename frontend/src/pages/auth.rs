//! Signing up, confirming, signing in, and recovering a password.

use crate::api::{
    pending_external, CompleteExternal, ConfirmEmail, RequestPasswordReset, ResendConfirmation, ResetPassword, SignIn,
    SignUp,
};
use crate::components::form::{form_outcome, CsrfField, ErrorSummary, Field, SubmitButton};
use crate::components::notice::Notice;
use crate::context::{t, t_args, use_page};
use crate::pages::common::Loading;
use crate::pages::privacy::query_error;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
use yoriai_domain::email::EMAIL_MAX_LEN;
use yoriai_domain::name::DISPLAY_NAME_MAX_CHARS;
use yoriai_domain::password::PASSWORD_MAX_CHARS;

fn query(name: &str) -> Option<String> {
    use_query_map().get_untracked().get(name).filter(|v| !v.is_empty())
}

#[component]
pub fn SignUpPage() -> impl IntoView {
    let action = ServerAction::<SignUp>::new();
    let error = form_outcome(action);
    let pending = action.pending().into();
    view! {
        <Title text=t("sign-up-title") />
        <h1>{t("sign-up-title")}</h1>
        <p>{t("sign-up-intro")}</p>
        <ActionForm action=action attr:id="sign-up" attr:novalidate=true>
            <ErrorSummary error form_id="sign-up" />
            <CsrfField />
            <Field
                form_id="sign-up"
                name="email"
                label="field-email"
                hint="field-email-hint"
                input_type="email"
                autocomplete="email"
                maxlength=EMAIL_MAX_LEN
                error
            />
            <Field
                form_id="sign-up"
                name="display_name"
                label="field-display-name"
                hint="field-display-name-hint"
                autocomplete="nickname"
                maxlength=DISPLAY_NAME_MAX_CHARS
                error
            />
            <Field
                form_id="sign-up"
                name="password"
                label="field-password"
                hint="field-password-hint"
                input_type="password"
                autocomplete="new-password"
                maxlength=PASSWORD_MAX_CHARS
                error
            />
            <SubmitButton label="sign-up-submit" pending />
        </ActionForm>
        <p>{t("sign-up-have-account")} " " <a href="/sign-in">{t("nav-sign-in")}</a></p>
    }
}

#[component]
pub fn CheckEmailPage() -> impl IntoView {
    let hours = use_page().confirm_hours;
    view! {
        <Title text=t("sign-up-done-title") />
        <h1>{t("sign-up-done-title")}</h1>
        <p>{t_args("sign-up-done-body", &[("hours", hours.into())])}</p>
        <p>{t("sign-up-done-not-received")} " " <a href="/resend-confirmation">{t("resend-title")}</a></p>
    }
}

#[component]
pub fn SignInPage() -> impl IntoView {
    let action = ServerAction::<SignIn>::new();
    let error = form_outcome(action);
    let pending = action.pending().into();
    let next = query("next").unwrap_or_default();
    let next_for_external = next.clone();
    view! {
        <Title text=t("sign-in-title") />
        <Notice />
        <h1>{t("sign-in-title")}</h1>
        <ActionForm action=action attr:id="sign-in" attr:novalidate=true>
            <ErrorSummary error form_id="sign-in" />
            <CsrfField />
            <input type="hidden" name="next" value=next />
            <Field
                form_id="sign-in"
                name="email"
                label="field-email"
                input_type="email"
                autocomplete="username"
                maxlength=EMAIL_MAX_LEN
                error
            />
            <Field
                form_id="sign-in"
                name="password"
                label="field-password"
                input_type="password"
                autocomplete="current-password"
                error
            />
            <SubmitButton label="sign-in-submit" pending />
        </ActionForm>
        <ExternalSignIn next=next_for_external />
        <ul class="links">
            <li>
                <a href="/forgot-password">{t("sign-in-forgot")}</a>
            </li>
            <li>
                <a href="/resend-confirmation">{t("sign-in-resend")}</a>
            </li>
            <li>{t("sign-in-no-account")} " " <a href="/sign-up">{t("nav-sign-up")}</a></li>
        </ul>
    }
}

/// "Sign in with <provider>" buttons, one plain form each (they leave the site, so
/// they work the same with or without JavaScript).
#[component]
fn ExternalSignIn(next: String) -> impl IntoView {
    let providers = use_page().providers;
    let error = query_error("external");
    (!providers.is_empty()).then(move || {
        view! {
            <section aria-labelledby="external-title" id="external" class="external-sign-in">
                <h2 id="external-title">{t("sign-in-external-title")}</h2>
                {error}
                <p class="hint">{t("sign-in-external-intro")}</p>
                <ul class="external-providers">
                    {providers
                        .into_iter()
                        .map(|(id, label)| {
                            let next = next.clone();
                            view! {
                                <li>
                                    <form method="post" action=format!("/auth/oidc/{id}/start")>
                                        <CsrfField />
                                        <input type="hidden" name="next" value=next />
                                        <button type="submit" class="button secondary">
                                            {t_args("sign-in-with", &[("provider", label.into())])}
                                        </button>
                                    </form>
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
            </section>
        }
    })
}

/// After the provider vouched for a new external account: the resident chooses the name
/// shown publicly and the address we write to before the account exists.
#[component]
pub fn ExternalSignUpPage() -> impl IntoView {
    let action = ServerAction::<CompleteExternal>::new();
    let error = form_outcome(action);
    let pending: Signal<bool> = action.pending().into();
    let data = Resource::new_blocking(|| (), |_| pending_external());
    view! {
        <Title text=t("external-finish-title") />
        <h1>{t("external-finish-title")}</h1>
        <Suspense fallback=Loading>
            {move || {
                data.get()
                    .map(|r| match r {
                        Ok(Some(p)) => {
                            let provider = p.provider_label.clone();
                            let email_hint = if p.email_verified && p.email.is_some() {
                                t_args("external-finish-email-vouched", &[("provider", provider.clone().into())])
                            } else {
                                t("external-finish-email-confirm")
                            };
                            view! {
                                <p class="lead">{t_args("external-finish-intro", &[("provider", provider.into())])}</p>
                                <ActionForm action=action attr:id="external-finish" attr:novalidate=true>
                                    <ErrorSummary error form_id="external-finish" />
                                    <CsrfField />
                                    <Field
                                        form_id="external-finish"
                                        name="display_name"
                                        label="field-display-name"
                                        hint="external-finish-name-hint"
                                        autocomplete="nickname"
                                        maxlength=DISPLAY_NAME_MAX_CHARS
                                        value=p.suggested_name.clone().unwrap_or_default()
                                        error
                                    />
                                    <Field
                                        form_id="external-finish"
                                        name="email"
                                        label="field-email"
                                        input_type="email"
                                        autocomplete="email"
                                        maxlength=EMAIL_MAX_LEN
                                        value=p.email.clone().unwrap_or_default()
                                        error
                                    />
                                    <p class="hint">{email_hint}</p>
                                    <SubmitButton label="external-finish-submit" pending />
                                </ActionForm>
                            }
                                .into_any()
                        }
                        _ => {
                            view! {
                                <div class="error-summary" role="alert">
                                    <p>{t("error-external-sign-in-expired")}</p>
                                </div>
                                <p>
                                    <a href="/sign-in">{t("sign-in-title")}</a>
                                </p>
                            }
                                .into_any()
                        }
                    })
            }}
        </Suspense>
    }
}

/// Opened from the emailed link. Confirming takes a button press (a POST), so mail
/// scanners that prefetch links cannot use the one-time token up.
#[component]
pub fn ConfirmEmailPage() -> impl IntoView {
    let action = ServerAction::<ConfirmEmail>::new();
    let error = form_outcome(action);
    let pending = action.pending().into();
    let token = query("token");
    view! {
        <Title text=t("confirm-title") />
        <h1>{t("confirm-title")}</h1>
        {match token {
            None => {
                view! {
                    <p>{t("confirm-missing-token")}</p>
                    <p>
                        <a href="/resend-confirmation">{t("resend-title")}</a>
                    </p>
                }
                    .into_any()
            }
            Some(token) => {
                view! {
                    <p>{t("confirm-body")}</p>
                    <ActionForm action=action attr:id="confirm-email">
                        <ErrorSummary error form_id="confirm-email" />
                        <CsrfField />
                        <input type="hidden" name="token" value=token />
                        <SubmitButton label="confirm-submit" pending />
                    </ActionForm>
                    <p>
                        <a href="/resend-confirmation">{t("resend-title")}</a>
                    </p>
                }
                    .into_any()
            }
        }}
    }
}

#[component]
pub fn ResendConfirmationPage() -> impl IntoView {
    let action = ServerAction::<ResendConfirmation>::new();
    let error = form_outcome(action);
    let pending = action.pending().into();
    view! {
        <Title text=t("resend-title") />
        <Notice />
        <h1>{t("resend-title")}</h1>
        <p>{t("resend-intro")}</p>
        <ActionForm action=action attr:id="resend" attr:novalidate=true>
            <ErrorSummary error form_id="resend" />
            <CsrfField />
            <Field
                form_id="resend"
                name="email"
                label="field-email"
                input_type="email"
                autocomplete="email"
                maxlength=EMAIL_MAX_LEN
                error
            />
            <SubmitButton label="resend-submit" pending />
        </ActionForm>
    }
}

#[component]
pub fn ForgotPasswordPage() -> impl IntoView {
    let action = ServerAction::<RequestPasswordReset>::new();
    let error = form_outcome(action);
    let pending = action.pending().into();
    view! {
        <Title text=t("forgot-title") />
        <Notice />
        <h1>{t("forgot-title")}</h1>
        <p>{t("forgot-intro")}</p>
        <ActionForm action=action attr:id="forgot" attr:novalidate=true>
            <ErrorSummary error form_id="forgot" />
            <CsrfField />
            <Field
                form_id="forgot"
                name="email"
                label="field-email"
                input_type="email"
                autocomplete="email"
                maxlength=EMAIL_MAX_LEN
                error
            />
            <SubmitButton label="forgot-submit" pending />
        </ActionForm>
    }
}

#[component]
pub fn ResetPasswordPage() -> impl IntoView {
    let action = ServerAction::<ResetPassword>::new();
    let error = form_outcome(action);
    let pending: Signal<bool> = action.pending().into();
    let token = query("token").unwrap_or_default();
    let valid = {
        let token = token.clone();
        Resource::new_blocking(|| (), move |_| crate::api::reset_token_valid(token.clone()))
    };
    view! {
        <Title text=t("reset-title") />
        <h1>{t("reset-title")}</h1>
        <Suspense>
            {move || {
                let token = token.clone();
                valid
                    .get()
                    .map(move |ok| match ok {
                        Ok(true) => {
                            view! {
                                <ActionForm action=action attr:id="reset" attr:novalidate=true>
                                    <ErrorSummary error form_id="reset" />
                                    <CsrfField />
                                    <input type="hidden" name="token" value=token />
                                    <Field
                                        form_id="reset"
                                        name="new_password"
                                        label="field-new-password"
                                        hint="field-password-hint"
                                        input_type="password"
                                        autocomplete="new-password"
                                        maxlength=PASSWORD_MAX_CHARS
                                        error
                                    />
                                    <SubmitButton label="reset-submit" pending />
                                </ActionForm>
                            }
                                .into_any()
                        }
                        _ => {
                            view! {
                                <div class="error-summary" role="alert">
                                    <p>{t("error-token-invalid")}</p>
                                </div>
                                <p>
                                    <a href="/forgot-password">{t("forgot-title")}</a>
                                </p>
                            }
                                .into_any()
                        }
                    })
            }}
        </Suspense>
    }
}
