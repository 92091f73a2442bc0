//! `/admin/sign-in`: the city's own sign-in services (OpenID Connect clients: LINE,
//! Google, the city's ID service). Administrators register the city at the service
//! with the redirect address shown here, then enter the client it gave them. The
//! secret is never shown again; an empty secret field keeps the saved one.

use crate::api::admin::{get_sign_in_providers, RemoveSignInProvider, SaveSignInProvider};
use crate::components::form::{form_outcome, CsrfField, ErrorSummary, Field, SubmitButton};
use crate::components::notice::Notice;
use crate::context::{t, t_args};
use crate::pages::common::{Loading, PageError};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
use yoriai_views::city::SignInProviderView;

#[component]
pub fn SignInProvidersPageView() -> impl IntoView {
    if let Some(r) = super::require_staff() {
        return r;
    }
    let data = Resource::new_blocking(|| (), |_| get_sign_in_providers());
    let save = ServerAction::<SaveSignInProvider>::new();
    let error = form_outcome(save);
    let remove = ServerAction::<RemoveSignInProvider>::new();
    let remove_error = form_outcome(remove);
    let query = use_query_map();
    view! {
        <Title text=t("sign-in-providers-title") />
        <nav aria-label=t("breadcrumb-label") class="breadcrumb">
            <a href="/admin">{t("admin-title")}</a>
            " › "
            <a href="/admin/settings">{t("city-settings-title")}</a>
        </nav>
        <Notice />
        <h1>{t("sign-in-providers-title")}</h1>
        <p>{t("sign-in-providers-intro")}</p>
        <Suspense fallback=Loading>
            {move || {
                data.get()
                    .map(|r| match r {
                        Err(e) => view! { <PageError error=e /> }.into_any(),
                        Ok(p) => {
                            let editing = query
                                .read_untracked()
                                .get("edit")
                                .and_then(|id| p.providers.iter().find(|v| v.id == id).cloned())
                                .unwrap_or_default();
                            let none = p.providers.is_empty();
                            let cards = p
                                .providers
                                .iter()
                                .cloned()
                                .map(|v| {
                                    // "Change" links fill the form with what is saved (never the secret).
                                    view! { <ProviderCard v remove /> }
                                })
                                .collect_view();
                            let installation = (!p.installation.is_empty())
                                .then(|| {
                                    view! {
                                        <section aria-labelledby="installation-providers">
                                            <h2 id="installation-providers">{t("sign-in-providers-installation")}</h2>
                                            <p>{t("sign-in-providers-installation-intro")}</p>
                                            <ul>
                                                {p
                                                    .installation
                                                    .iter()
                                                    .map(|(id, label)| {
                                                        view! {
                                                            <li>{label.clone()} " (" <code>{id.clone()}</code> ")"</li>
                                                        }
                                                    })
                                                    .collect_view()}
                                            </ul>
                                        </section>
                                    }
                                });
                            view! {
                                <section aria-labelledby="city-providers">
                                    <h2 id="city-providers">{t("sign-in-providers-city")}</h2>
                                    <ErrorSummary error=remove_error form_id="provider-remove" />
                                    {if none {
                                        view! { <p class="meta">{t("sign-in-providers-none")}</p> }.into_any()
                                    } else {
                                        view! { <ul class="cards">{cards}</ul> }.into_any()
                                    }}
                                </section>
                                {installation}
                                <section aria-labelledby="provider-form-title" id="provider-form-section">
                                    <h2 id="provider-form-title">{t("sign-in-providers-add")}</h2>
                                    <p>
                                        {t_args(
                                            "sign-in-providers-callback",
                                            &[("prefix", p.callback_prefix.clone().into())],
                                        )}
                                    </p>
                                    <ActionForm action=save attr:id="provider-form" attr:novalidate=true>
                                        <ErrorSummary error form_id="provider-form" />
                                        <CsrfField />
                                        <Field
                                            form_id="provider-form"
                                            name="id"
                                            label="sign-in-provider-field-id"
                                            hint="sign-in-provider-field-id-hint"
                                            maxlength=32
                                            value=editing.id.clone()
                                            error
                                        />
                                        <Field
                                            form_id="provider-form"
                                            name="label"
                                            label="sign-in-provider-field-label"
                                            hint="sign-in-provider-field-label-hint"
                                            maxlength=100
                                            required=false
                                            value=editing.label.clone()
                                            error
                                        />
                                        <Field
                                            form_id="provider-form"
                                            name="issuer"
                                            label="sign-in-provider-field-issuer"
                                            hint="sign-in-provider-field-issuer-hint"
                                            input_type="url"
                                            maxlength=500
                                            required=false
                                            value=editing.issuer.clone()
                                            error
                                        />
                                        <Field
                                            form_id="provider-form"
                                            name="client_id"
                                            label="sign-in-provider-field-client-id"
                                            maxlength=500
                                            value=editing.client_id.clone()
                                            error
                                        />
                                        <Field
                                            form_id="provider-form"
                                            name="client_secret"
                                            label="sign-in-provider-field-secret"
                                            hint="sign-in-provider-field-secret-hint"
                                            input_type="password"
                                            autocomplete="new-password"
                                            maxlength=500
                                            required=false
                                            error
                                        />
                                        <Field
                                            form_id="provider-form"
                                            name="scopes"
                                            label="sign-in-provider-field-scopes"
                                            hint="sign-in-provider-field-scopes-hint"
                                            maxlength=500
                                            required=false
                                            value=editing.scopes.clone()
                                            error
                                        />
                                        <SubmitButton label="sign-in-provider-save" pending=save.pending().into() />
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

/// One of the city's providers: what residents see, where to register it, and its
/// change and remove controls.
#[component]
fn ProviderCard(v: SignInProviderView, remove: ServerAction<RemoveSignInProvider>) -> impl IntoView {
    let secret = match (v.has_secret, v.secret_readable) {
        (false, _) => t("sign-in-provider-secret-none"),
        (true, true) => t("sign-in-provider-secret-set"),
        (true, false) => t("sign-in-provider-secret-unreadable"),
    };
    let remove_label = t_args("sign-in-provider-remove-label", &[("name", v.shown_label.clone().into())]);
    let card_id = format!("provider-{}", v.id);
    let change = format!("/admin/sign-in?edit={}#provider-form-section", v.id);
    view! {
        <li class="card" id=card_id>
            <h3>{v.shown_label.clone()} " (" <code>{v.id.clone()}</code> ")"</h3>
            <dl class="facts">
                <dt>{t("sign-in-provider-field-issuer")}</dt>
                <dd>{v.shown_issuer.clone()}</dd>
                <dt>{t("sign-in-provider-field-client-id")}</dt>
                <dd>{v.client_id.clone()}</dd>
                <dt>{t("sign-in-provider-field-secret")}</dt>
                <dd class=if v.secret_readable { "" } else { "error-text" }>{secret}</dd>
                <dt>{t("sign-in-provider-redirect")}</dt>
                <dd>
                    <code>{v.callback.clone()}</code>
                </dd>
            </dl>
            <p class="meta">{t_args("sign-in-provider-updated", &[("at", v.updated_at.clone().into())])}</p>
            <p>
                <a href=change>{t("sign-in-provider-change")}</a>
            </p>
            <ActionForm action=remove attr:class="inline-form">
                <CsrfField />
                <input type="hidden" name="id" value=v.id.clone() />
                <button type="submit" class="link-button danger" aria-label=remove_label>
                    {t("sign-in-provider-remove")}
                </button>
            </ActionForm>
        </li>
    }
}
