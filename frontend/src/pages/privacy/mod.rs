//! Privacy pages: the resident's own (purposes, attributes, citizen-ID verification,
//! who looked at their data), the consent receipt, the home page's "for you", and the
//! staff side (verification console, looking at personal data with a reason).

use crate::api::privacy::*;
use crate::components::form::{form_outcome, CsrfField, ErrorSummary, Field, Select, SubmitButton};
use crate::components::notice::Notice;
use crate::context::{t, t_args, use_page};
use crate::pages::common::{reason_text, Loading, PageError};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Redirect;
use leptos_router::hooks::{use_params_map, use_query_map};
use yoriai_domain::privacy::{AccessKind, ACCESSIBILITY_NEEDS, AGE_BANDS};
use yoriai_domain::UserId;
use yoriai_views::privacy::{PrivacyPage, PurposeItem, VerificationInfo};

mod console;
mod for_you;
mod my_data;
mod receipt;
mod record;
pub use console::*;
pub use for_you::*;
pub use my_data::*;
pub use receipt::*;
pub use record::*;

/// The locale key of a code from data: `purpose` + `for_you` → `purpose-for-you`.
pub(crate) fn key(prefix: &str, code: &str) -> String {
    format!("{prefix}-{}", code.replace('_', "-"))
}

/// An error carried back in the query by a plain form handler (`?error=code`).
pub(crate) fn query_error(section: &'static str) -> impl IntoView {
    let query = use_query_map();
    let q = query.read_untracked();
    let (code, at) = (q.get("error"), q.get("at"));
    let line = q.get("line").and_then(|l| l.parse::<i64>().ok());
    let count = q.get("count").and_then(|l| l.parse::<i64>().ok()).unwrap_or(1);
    drop(q);
    (code.is_some() && at.as_deref() == Some(section)).then(|| {
        let code = code.unwrap_or_default();
        let msg = match line {
            Some(l) => t_args(&key("error", &code), &[("line", l.into()), ("count", count.into())]),
            None => reason_text(&code),
        };
        view! {
            <div class="error-summary" role="alert">
                <p>{msg}</p>
            </div>
        }
    })
}

#[component]
pub fn PrivacyPageView() -> impl IntoView {
    if use_page().user.is_none() {
        return view! { <Redirect path="/sign-in?next=/account/privacy" /> }.into_any();
    }
    let data = Resource::new_blocking(|| (), |_| get_privacy_page());
    view! {
        <Title text=t("privacy-title") />
        <nav aria-label=t("breadcrumb-label") class="breadcrumb">
            <a href="/account">{t("account-title")}</a>
        </nav>
        <Notice />
        <h1>{t("privacy-title")}</h1>
        <p class="lead">{t("privacy-intro")}</p>
        <Suspense fallback=Loading>
            {move || {
                data.get()
                    .map(|r| match r {
                        Err(e) => view! { <PageError error=e /> }.into_any(),
                        Ok(p) => {
                            view! {
                                <Purposes page=p.clone() />
                                <Appearance page=p.clone() />
                                <Verification page=p.clone() />
                                <Attributes page=p.clone() />
                                <AccessLog page=p />
                                <section aria-labelledby="my-data-title" id="my-data">
                                    <h2 id="my-data-title">{t("my-data-title")}</h2>
                                    <p>{t("my-data-intro")}</p>
                                    <p class="actions">
                                        <a class="button secondary" href="/account/privacy/my-data">
                                            {t("my-data-view")}
                                        </a>
                                        <a
                                            class="button secondary"
                                            href="/account/privacy/my-data.json"
                                            download="yoriai-my-data.json"
                                        >
                                            {t("my-data-json")}
                                        </a>
                                    </p>
                                </section>
                                <DeleteAccount />
                                <section aria-labelledby="receipt-title">
                                    <h2 id="receipt-title">{t("privacy-receipt-title")}</h2>
                                    <p>{t("privacy-receipt-intro")}</p>
                                    <p class="actions">
                                        <a class="button secondary" href="/account/privacy/receipt">
                                            {t("privacy-receipt-view")}
                                        </a>
                                        <a
                                            class="button secondary"
                                            href="/account/privacy/receipt.json"
                                            download="yoriai-consent-receipt.json"
                                        >
                                            {t("privacy-receipt-json")}
                                        </a>
                                    </p>
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
fn Purposes(page: PrivacyPage) -> impl IntoView {
    let action = ServerAction::<SetConsent>::new();
    let error = form_outcome(action);
    view! {
        <section aria-labelledby="purposes-title" id="purposes">
            <h2 id="purposes-title">{t("privacy-purposes-title")}</h2>
            <p>
                {t_args("privacy-purposes-intro", &[("version", i64::from(page.notice_version).into())])} " "
                <a href="/privacy">{t("privacy-notice-read")}</a>
            </p>
            <ErrorSummary error form_id="consent" />
            <ul class="purposes">
                {page
                    .purposes
                    .into_iter()
                    .map(|p| view! { <PurposeRow p action notice_version=page.notice_version /> })
                    .collect_view()}
            </ul>
        </section>
    }
}

/// Display name or a pseudonym per process; "verified" is the purpose above.
#[component]
fn Appearance(page: PrivacyPage) -> impl IntoView {
    let action = ServerAction::<SetAppearance>::new();
    let error = form_outcome(action);
    let current = page.appear_as.clone();
    view! {
        <section aria-labelledby="appearance-title" id="appearance">
            <h2 id="appearance-title">{t("appearance-title")}</h2>
            <p>{t("appearance-intro")}</p>
            <ActionForm action attr:id="appearance-form">
                <ErrorSummary error form_id="appearance-form" />
                <CsrfField />
                <fieldset id="appearance-form-appear-as">
                    <legend>{t("appearance-legend")}</legend>
                    {["name", "pseudonym"]
                        .into_iter()
                        .map(|v| {
                            let id = format!("appearance-{v}");
                            let hint_id = format!("{id}-hint");
                            view! {
                                <div class="radio">
                                    <input
                                        type="radio"
                                        id=id.clone()
                                        name="appear_as"
                                        value=v
                                        checked=current == v
                                        aria-describedby=hint_id.clone()
                                    />
                                    <label for=id>{t(&format!("appearance-{v}"))}</label>
                                    <p class="hint" id=hint_id>
                                        {t(&format!("appearance-{v}-hint"))}
                                    </p>
                                </div>
                            }
                        })
                        .collect_view()}
                </fieldset>
                <SubmitButton label="appearance-save" pending=action.pending().into() />
            </ActionForm>
        </section>
    }
}

#[component]
fn PurposeRow(p: PurposeItem, action: ServerAction<SetConsent>, notice_version: i32) -> impl IntoView {
    let id = format!("purpose-{}", p.purpose);
    let title_id = format!("{id}-title");
    let uses = p.uses.iter().map(|a| t(&key("attribute", a))).collect::<Vec<_>>().join(&t("list-separator"));
    let (granted, name) = (p.granted, p.purpose.clone());
    view! {
        <li class="card purpose" id=id.clone()>
            <h3 id=title_id.clone()>{t(&key("purpose", &p.purpose))}</h3>
            <p class="badge" class:on=granted>
                {if granted { t("privacy-on") } else { t("privacy-off") }}
            </p>
            <dl class="details">
                <dt>{t("privacy-data-used")}</dt>
                <dd>{uses}</dd>
                <dt>{t("privacy-retention")}</dt>
                <dd>{t(&format!("{}-retention", key("purpose", &p.purpose)))}</dd>
                {p
                    .changed_at
                    .clone()
                    .map(|at| {
                        view! {
                            <dt>{t("privacy-changed-at")}</dt>
                            <dd>{at}</dd>
                        }
                    })}
            </dl>
            {p.ask_again.then(|| view! { <p class="callout">{t("privacy-ask-again")}</p> })}
            <ActionForm action attr:class="inline-form">
                <CsrfField />
                <input type="hidden" name="purpose" value=name />
                <input type="hidden" name="notice_version" value=notice_version.to_string() />
                <input type="hidden" name="granted" value=if granted { "false" } else { "true" } />
                <button
                    type="submit"
                    class=if granted { "button secondary" } else { "button" }
                    aria-describedby=title_id
                >
                    {if granted { t("privacy-turn-off") } else { t("privacy-turn-on") }}
                </button>
            </ActionForm>
        </li>
    }
}

fn verification_text(v: &VerificationInfo) -> String {
    let method = t(&key("verification-method", &v.method));
    match &v.district {
        Some(d) => t_args(
            "privacy-verified-district",
            &[("method", method.into()), ("district", d.clone().into()), ("date", v.verified_on.clone().into())],
        ),
        None => t_args("privacy-verified", &[("method", method.into()), ("date", v.verified_on.clone().into())]),
    }
}

#[component]
fn Verification(page: PrivacyPage) -> impl IntoView {
    let census = ServerAction::<VerifyCensus>::new();
    let census_error = form_outcome(census);
    let letter = ServerAction::<VerifyLetter>::new();
    let letter_error = form_outcome(letter);
    let revoke = ServerAction::<RevokeVerification>::new();
    let revoke_error = form_outcome(revoke);
    let body = match page.verification {
        Some(v) => view! {
            <p class="notice verified">{verification_text(&v)}</p>
            <p>{t("privacy-verified-use")}</p>
            <ActionForm action=revoke attr:id="revoke">
                <ErrorSummary error=revoke_error form_id="revoke" />
                <CsrfField />
                <button type="submit" class="button secondary">
                    {t("privacy-revoke")}
                </button>
            </ActionForm>
        }
        .into_any(),
        None => view! {
            <p>{t("privacy-verify-intro")}</p>
            {page
                .census_available
                .then(|| {
                    view! {
                        <h3>{t("privacy-census-title")}</h3>
                        <ActionForm action=census attr:id="census" attr:novalidate=true>
                            <ErrorSummary error=census_error form_id="census" />
                            <CsrfField />
                            <Field
                                form_id="census"
                                name="number"
                                label="privacy-census-number"
                                hint="privacy-census-number-hint"
                                autocomplete="off"
                                maxlength=30
                                error=census_error
                            />
                            <Field
                                form_id="census"
                                name="birth_date"
                                label="privacy-census-birth"
                                input_type="date"
                                autocomplete="bday"
                                error=census_error
                            />
                            <SubmitButton label="privacy-verify" pending=census.pending().into() />
                        </ActionForm>
                    }
                })}
            <h3>{t("privacy-letter-title")}</h3>
            <ActionForm action=letter attr:id="letter" attr:novalidate=true>
                <ErrorSummary error=letter_error form_id="letter" />
                <CsrfField />
                <Field
                    form_id="letter"
                    name="code"
                    label="privacy-letter-code"
                    hint="privacy-letter-code-hint"
                    maxlength=20
                    error=letter_error
                />
                <SubmitButton label="privacy-verify" pending=letter.pending().into() />
            </ActionForm>
            <h3>{t("privacy-counter-title")}</h3>
            <p>{t("privacy-counter-body")}</p>
        }
        .into_any(),
    };
    view! {
        <section aria-labelledby="verification-title" id="verification">
            <h2 id="verification-title">{t("privacy-verification-title")}</h2>
            {body}
        </section>
    }
}

#[component]
fn Attributes(page: PrivacyPage) -> impl IntoView {
    let mut districts = vec![(String::new(), t("privacy-not-given"))];
    districts.extend(page.districts.iter().map(|d| (d.id.to_string(), d.name.clone())));
    let mut ages = vec![(String::new(), t("privacy-not-given"))];
    ages.extend(AGE_BANDS.iter().map(|a| (a.to_string(), t(&key("age-band", a)))));
    let no_error: crate::components::form::FormError = Signal::derive(|| None);
    view! {
        <section aria-labelledby="attributes-title" id="attributes">
            <h2 id="attributes-title">{t("privacy-attributes-title")}</h2>
            <p>{t("privacy-attributes-intro")}</p>
            {query_error("attributes")}
            <form method="post" action="/account/privacy/attributes" id="attributes-form">
                <CsrfField />
                <Select
                    form_id="attributes-form"
                    name="district_id"
                    label="privacy-attr-district"
                    options=districts
                    value=page.district_id.map(|d| d.to_string()).unwrap_or_default()
                    error=no_error
                />
                <Select
                    form_id="attributes-form"
                    name="age_band"
                    label="privacy-attr-age"
                    options=ages
                    value=page.age_band.clone().unwrap_or_default()
                    error=no_error
                />
                <fieldset class="field">
                    <legend>{t("privacy-attr-interests")}</legend>
                    {if page.interest_options.is_empty() {
                        Some(view! { <p class="hint">{t("privacy-no-interests")}</p> })
                    } else {
                        None
                    }}
                    {page
                        .interest_options
                        .iter()
                        .enumerate()
                        .map(|(i, name)| {
                            let id = format!("interest-{i}");
                            let on = page.interests.contains(name);
                            view! {
                                <div class="checkbox">
                                    <input
                                        type="checkbox"
                                        id=id.clone()
                                        name="interests"
                                        value=name.clone()
                                        checked=on
                                    />
                                    <label for=id>{name.clone()}</label>
                                </div>
                            }
                        })
                        .collect_view()}
                </fieldset>
                <fieldset class="field">
                    <legend>{t("privacy-attr-accessibility")}</legend>
                    {ACCESSIBILITY_NEEDS
                        .iter()
                        .map(|a| {
                            let id = format!("need-{a}");
                            let on = page.accessibility.iter().any(|x| x == a);
                            view! {
                                <div class="checkbox">
                                    <input type="checkbox" id=id.clone() name="accessibility" value=*a checked=on />
                                    <label for=id>{t(&key("need", a))}</label>
                                </div>
                            }
                        })
                        .collect_view()}
                </fieldset>
                <button type="submit" class="button">
                    {t("privacy-attributes-save")}
                </button>
            </form>
        </section>
    }
}

#[component]
fn AccessLog(page: PrivacyPage) -> impl IntoView {
    view! {
        <section aria-labelledby="access-title" id="access-log">
            <h2 id="access-title">{t("privacy-access-title")}</h2>
            <p>{t("privacy-access-intro")}</p>
            {if page.access_log.is_empty() {
                view! { <p>{t("privacy-access-empty")}</p> }.into_any()
            } else {
                view! {
                    <div class="table-wrap">
                        <table class="table">
                            <caption>{t("privacy-access-title")}</caption>
                            <thead>
                                <tr>
                                    <th scope="col">{t("log-col-when")}</th>
                                    <th scope="col">{t("privacy-access-who")}</th>
                                    <th scope="col">{t("privacy-access-what")}</th>
                                    <th scope="col">{t("privacy-access-reason")}</th>
                                </tr>
                            </thead>
                            <tbody>
                                {page
                                    .access_log
                                    .into_iter()
                                    .map(|a| {
                                        view! {
                                            <tr>
                                                <td>{a.at}</td>
                                                <td>{a.staff.unwrap_or_else(|| t("privacy-access-former-staff"))}</td>
                                                <td>{t(&a.what.message_key())}</td>
                                                // The platform's own reasons are shown in the reader's language.
                                                <td>
                                                    {if a.what == AccessKind::CounterVerification {
                                                        t("access-counter-reason")
                                                    } else {
                                                        a.reason
                                                    }}
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
        </section>
    }
}

#[component]
fn DeleteAccount() -> impl IntoView {
    let action = ServerAction::<DeleteAccount>::new();
    let error = form_outcome(action);
    view! {
        <section aria-labelledby="delete-title" id="delete">
            <h2 id="delete-title">{t("delete-title")}</h2>
            <p>{t("delete-intro")}</p>
            <ActionForm action attr:id="delete-account" attr:novalidate=true>
                <ErrorSummary error form_id="delete-account" />
                <CsrfField />
                <Field
                    form_id="delete-account"
                    name="password"
                    label="delete-password"
                    hint="delete-password-hint"
                    input_type="password"
                    autocomplete="current-password"
                    required=false
                    error
                />
                <button type="submit" class="button danger">
                    {t("delete-submit")}
                </button>
            </ActionForm>
        </section>
    }
}
