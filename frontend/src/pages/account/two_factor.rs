//! Confirming a new email address and the two-step sign-in: the code page and its settings.

use crate::api::{
    two_factor_status, ConfirmEmailChange, ConfirmTwoFactor, DisableTwoFactor, RenewRecoveryCodes, SignInCode,
    StartTwoFactor, TwoFactorView,
};
use crate::components::form::{form_outcome, CsrfField, ErrorSummary, Field, SubmitButton};
use crate::components::notice::Notice;
use crate::context::{t, t_args, use_page};
use crate::pages::common::{Loading, PageError};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Redirect;
use leptos_router::hooks::use_query_map;

#[component]
pub fn ConfirmEmailChangePage() -> impl IntoView {
    let action = ServerAction::<ConfirmEmailChange>::new();
    let error = form_outcome(action);
    let pending = action.pending().into();
    let token = use_query_map().get_untracked().get("token").unwrap_or_default();
    view! {
        <Title text=t("account-email-confirm-title") />
        <h1>{t("account-email-confirm-title")}</h1>
        <ActionForm action=action attr:id="confirm-email-change">
            <ErrorSummary error form_id="confirm-email-change" />
            <CsrfField />
            <input type="hidden" name="token" value=token />
            <SubmitButton label="account-email-confirm-submit" pending />
        </ActionForm>
    }
}

/// The second sign-in step.
#[component]
pub fn SignInCodePage() -> impl IntoView {
    let action = ServerAction::<SignInCode>::new();
    let error = form_outcome(action);
    let pending = action.pending().into();
    view! {
        <Title text=t("two-factor-sign-in-title") />
        <h1>{t("two-factor-sign-in-title")}</h1>
        <p>{t("two-factor-sign-in-intro")}</p>
        <ActionForm action=action attr:id="sign-in-code" attr:novalidate=true>
            <ErrorSummary error form_id="sign-in-code" />
            <CsrfField />
            <Field
                form_id="sign-in-code"
                name="code"
                label="two-factor-code"
                hint="two-factor-code-hint"
                autocomplete="one-time-code"
                maxlength=32
                error
            />
            <SubmitButton label="sign-in-submit" pending />
        </ActionForm>
        <p>
            <a href="/sign-in">{t("two-factor-start-again")}</a>
        </p>
    }
}

/// Two-step sign-in: set it up, see how many recovery codes are left, make new ones,
/// turn it off (residents only).
#[component]
pub fn TwoFactorPage() -> impl IntoView {
    if use_page().user.is_none() {
        return view! { <Redirect path="/sign-in?next=/account/two-factor" /> }.into_any();
    }
    let data = Resource::new_blocking(|| (), |_| two_factor_status());
    view! {
        <Title text=t("two-factor-title") />
        <nav aria-label=t("breadcrumb-label") class="breadcrumb">
            <a href="/account">{t("account-title")}</a>
        </nav>
        <Notice />
        <h1>{t("two-factor-title")}</h1>
        <p class="lead">{t("two-factor-intro")}</p>
        <Suspense fallback=Loading>
            {move || {
                data.get()
                    .map(|r| match r {
                        Err(e) => view! { <PageError error=e /> }.into_any(),
                        Ok(v) if v.status.on => view! { <TwoFactorOn v=v /> }.into_any(),
                        Ok(v) => view! { <TwoFactorOff v=v /> }.into_any(),
                    })
            }}
        </Suspense>
    }
    .into_any()
}

#[component]
fn TwoFactorOn(v: TwoFactorView) -> impl IntoView {
    let renew = ServerAction::<RenewRecoveryCodes>::new();
    let renew_error = form_outcome(renew);
    let renew_pending = renew.pending().into();
    let off = ServerAction::<DisableTwoFactor>::new();
    let off_error = form_outcome(off);
    let off_pending = off.pending().into();
    let new_codes = v.new_codes.clone();
    view! {
        <section aria-labelledby="two-factor-state">
            <h2 id="two-factor-state">{t("two-factor-on")}</h2>
            <p>{t_args("two-factor-codes-left", &[("count", v.status.recovery_codes_left.into())])}</p>
        </section>
        {(!new_codes.is_empty())
            .then(|| {
                view! {
                    <section aria-labelledby="recovery-codes-title" id="recovery-codes" class="callout">
                        <h2 id="recovery-codes-title">{t("two-factor-codes-title")}</h2>
                        <p>{t("two-factor-codes-intro")}</p>
                        <ul class="recovery-codes">
                            {new_codes
                                .into_iter()
                                .map(|c| {
                                    view! {
                                        <li>
                                            <code>{c}</code>
                                        </li>
                                    }
                                })
                                .collect_view()}
                        </ul>
                    </section>
                }
            })}
        <section aria-labelledby="renew-title">
            <h2 id="renew-title">{t("two-factor-renew-title")}</h2>
            <ActionForm action=renew attr:id="renew-codes" attr:novalidate=true>
                <ErrorSummary error=renew_error form_id="renew-codes" />
                <CsrfField />
                <Field
                    form_id="renew-codes"
                    name="code"
                    label="two-factor-code"
                    hint="two-factor-code-hint"
                    autocomplete="one-time-code"
                    maxlength=32
                    error=renew_error
                />
                <SubmitButton label="two-factor-renew-submit" pending=renew_pending />
            </ActionForm>
        </section>
        <section aria-labelledby="off-title">
            <h2 id="off-title">{t("two-factor-off-title")}</h2>
            {if v.status.required {
                view! { <p>{t("error-two-factor-required")}</p> }.into_any()
            } else {
                view! {
                    <ActionForm action=off attr:id="two-factor-off" attr:novalidate=true>
                        <ErrorSummary error=off_error form_id="two-factor-off" />
                        <CsrfField />
                        <Field
                            form_id="two-factor-off"
                            name="code"
                            label="two-factor-code"
                            hint="two-factor-code-hint"
                            autocomplete="one-time-code"
                            maxlength=32
                            error=off_error
                        />
                        <SubmitButton label="two-factor-off-submit" pending=off_pending />
                    </ActionForm>
                }
                    .into_any()
            }}
        </section>
    }
}

#[component]
fn TwoFactorOff(v: TwoFactorView) -> impl IntoView {
    let start = ServerAction::<StartTwoFactor>::new();
    let start_error = form_outcome(start);
    let start_pending = start.pending().into();
    let confirm = ServerAction::<ConfirmTwoFactor>::new();
    let confirm_error = form_outcome(confirm);
    let confirm_pending = confirm.pending().into();
    view! {
        {v.status.required.then(|| view! { <p class="notice warning">{t("two-factor-required-intro")}</p> })}
        {match v.status.setup {
            Some(yoriai_views::TwoFactorSetup { key, uri }) => {
                view! {
                    <section aria-labelledby="set-up-title" id="set-up">
                        <h2 id="set-up-title">{t("two-factor-set-up-title")}</h2>
                        <ol class="set-up-steps">
                            <li>{t("two-factor-step-app")}</li>
                            <li>
                                {t("two-factor-step-key")} <p>
                                    <code class="secret-key" data-key=key.replace(' ', "")>
                                        {key.clone()}
                                    </code>
                                </p> <p>
                                    <a href=uri>{t("two-factor-open-app")}</a>
                                </p>
                            </li>
                            <li>{t("two-factor-step-code")}</li>
                        </ol>
                        <ActionForm action=confirm attr:id="two-factor-confirm" attr:novalidate=true>
                            <ErrorSummary error=confirm_error form_id="two-factor-confirm" />
                            <CsrfField />
                            <Field
                                form_id="two-factor-confirm"
                                name="code"
                                label="two-factor-code"
                                autocomplete="one-time-code"
                                maxlength=32
                                error=confirm_error
                            />
                            <SubmitButton label="two-factor-confirm-submit" pending=confirm_pending />
                        </ActionForm>
                    </section>
                }
                    .into_any()
            }
            None => {
                view! {
                    <ActionForm action=start attr:id="two-factor-start">
                        <ErrorSummary error=start_error form_id="two-factor-start" />
                        <CsrfField />
                        <SubmitButton label="two-factor-start-submit" pending=start_pending />
                    </ActionForm>
                }
                    .into_any()
            }
        }}
    }
}
