//! The privacy notice: the public page residents read before agreeing to a purpose,
//! with every earlier version and what changed, and the administrators' page that
//! publishes the next version.

use crate::api::privacy::{get_notice_console, get_notice_page, PublishNotice};
use crate::components::form::{form_outcome, CsrfField, ErrorSummary, FormError, SubmitButton, TextArea};
use crate::components::notice::Notice;
use crate::context::{t, t_args, use_page};
use crate::error::AppError;
use crate::pages::common::{Loading, PageError};
use crate::pages::privacy::key;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
use yoriai_views::privacy::{NoticePage, NoticeVersion};

/// The paragraphs of the platform's standard notice (version 1) in `locale`.
fn standard_text(locale: yoriai_domain::Locale) -> Vec<String> {
    ["privacy-notice-standard-1", "privacy-notice-standard-2", "privacy-notice-standard-3"]
        .into_iter()
        .map(|k| yoriai_i18n::t(locale, k))
        .collect()
}

fn purpose_names(list: &[String]) -> String {
    list.iter().map(|p| t(&key("purpose", p))).collect::<Vec<_>>().join(&t("list-separator"))
}

#[component]
fn NoticeText(page: NoticePage) -> impl IntoView {
    let version = page.current.version;
    view! {
        <p class="meta">
            {match page.current.published_on.clone() {
                Some(d) => {
                    t_args(
                        "privacy-notice-version-published",
                        &[("version", i64::from(version).into()), ("date", d.into())],
                    )
                }
                None => t_args("privacy-notice-version-standard", &[("version", i64::from(version).into())]),
            }}
        </p>
        {match page.body_html.clone() {
            Some(html) => view! { <div class="prose" inner_html=html></div> }.into_any(),
            None => {
                view! {
                    <div class="prose">
                        {standard_text(use_page().locale).into_iter().map(|p| view! { <p>{p}</p> }).collect_view()}
                    </div>
                }
                    .into_any()
            }
        }}
        <section aria-labelledby="notice-purposes-title" id="notice-purposes">
            <h2 id="notice-purposes-title">{t("privacy-notice-purposes-title")}</h2>
            <p>{t("privacy-notice-purposes-intro")}</p>
            <dl class="details">
                {page
                    .purposes
                    .iter()
                    .map(|(p, uses)| {
                        view! {
                            <dt>{t(&key("purpose", p))}</dt>
                            <dd>
                                {t("privacy-data-used")} ": "
                                {uses
                                    .iter()
                                    .map(|a| t(&key("attribute", a)))
                                    .collect::<Vec<_>>()
                                    .join(&t("list-separator"))} <br /> {t("privacy-retention")} ": "
                                {t(&format!("{}-retention", key("purpose", p)))}
                            </dd>
                        }
                    })
                    .collect_view()}
            </dl>
        </section>
    }
}

#[component]
fn History(history: Vec<NoticeVersion>) -> impl IntoView {
    view! {
        <section aria-labelledby="notice-history-title" id="notice-history">
            <h2 id="notice-history-title">{t("privacy-notice-history-title")}</h2>
            <ul class="notice-history">
                {history
                    .into_iter()
                    .map(|v| {
                        view! {
                            <li id=format!("notice-v{}", v.version)>
                                <h3>
                                    {t_args("privacy-notice-version", &[("version", i64::from(v.version).into())])} " "
                                    <span class="meta">
                                        {v.published_on.clone().unwrap_or_else(|| t("privacy-notice-standard-label"))}
                                    </span>
                                </h3>
                                <p>
                                    <a href=format!(
                                        "/privacy?version={}",
                                        v.version,
                                    )>
                                        {t_args(
                                            "privacy-notice-read-version",
                                            &[("version", i64::from(v.version).into())],
                                        )}
                                    </a>
                                </p>
                                {(!v.changes.is_empty()).then(|| view! { <p class="pre">{v.changes.clone()}</p> })}
                                {(!v.widens.is_empty())
                                    .then(|| {
                                        view! {
                                            <p class="callout">
                                                {t_args(
                                                    "privacy-notice-widened",
                                                    &[("purposes", purpose_names(&v.widens).into())],
                                                )}
                                            </p>
                                        }
                                    })}
                                {(!v.withdrawn.is_empty())
                                    .then(|| {
                                        view! {
                                            <p>
                                                {t_args(
                                                    "privacy-notice-withdrawn",
                                                    &[("purposes", purpose_names(&v.withdrawn).into())],
                                                )}
                                            </p>
                                        }
                                    })}
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </section>
    }
}

/// `/privacy`: the notice in force, for anyone.
#[component]
pub fn NoticePageView() -> impl IntoView {
    let query = use_query_map();
    let version = move || query.read().get("version").and_then(|v| v.parse::<i32>().ok());
    let data = Resource::new_blocking(version, get_notice_page);
    view! {
        <Title text=t("privacy-notice-title") />
        <h1>{t("privacy-notice-title")}</h1>
        <Suspense fallback=Loading>
            {move || {
                data.get()
                    .map(|r| match r {
                        Err(e) => view! { <PageError error=e /> }.into_any(),
                        Ok(page) => {
                            let history = page.history.clone();
                            let earlier = page.current.version != page.in_force;
                            view! {
                                {earlier
                                    .then(|| {
                                        view! {
                                            <p class="callout">
                                                {t("privacy-notice-earlier")} " "
                                                <a href="/privacy">{t("privacy-notice-in-force")}</a>
                                            </p>
                                        }
                                    })}
                                <NoticeText page />
                                <p>
                                    <a class="button secondary" href="/account/privacy#purposes">
                                        {t("privacy-notice-choose")}
                                    </a>
                                </p>
                                <History history />
                            }
                                .into_any()
                        }
                    })
            }}
        </Suspense>
    }
}

/// A purpose checkbox: what the last failed post said, or what is in force now.
fn was_checked(error: FormError, name: &str, now: bool) -> bool {
    match error.get_untracked() {
        Some(e) if crate::components::form::typed_value(&e, "body_ja").is_some() => {
            crate::components::form::typed_value(&e, name).is_some()
        }
        _ => now,
    }
}

fn field_message(error: FormError, field: &'static str) -> impl Fn() -> Option<String> + Send + Sync + 'static {
    let locale = use_page().locale;
    move || error.get().and_then(|e: AppError| e.field(field).map(|f| AppError::field_message(locale, f)))
}

/// `/admin/privacy`: publish the next version of the notice.
#[component]
pub fn NoticeConsolePage() -> impl IntoView {
    let data = Resource::new_blocking(|| (), |_| get_notice_console());
    let publish = ServerAction::<PublishNotice>::new();
    let error = form_outcome(publish);
    view! {
        <Title text=t("privacy-notice-console-title") />
        <nav aria-label=t("breadcrumb-label") class="breadcrumb">
            <a href="/admin">{t("admin-title")}</a>
        </nav>
        <Notice />
        <h1>{t("privacy-notice-console-title")}</h1>
        <p>{t("privacy-notice-console-intro")}</p>
        <Suspense fallback=Loading>
            {move || {
                data.get()
                    .map(|r| match r {
                        Err(e) => view! { <PageError error=e /> }.into_any(),
                        Ok(c) => {
                            let next = c.page.current.version + 1;
                            let standard = |l| standard_text(l).join("\n\n");
                            let body_ja = if c.body_ja.is_empty() {
                                standard(yoriai_domain::Locale::Ja)
                            } else {
                                c.body_ja.clone()
                            };
                            let body_en = if c.body_en.is_empty() {
                                standard(yoriai_domain::Locale::En)
                            } else {
                                c.body_en.clone()
                            };
                            let history = c.page.history.clone();
                            let offered_error = field_message(error, "offered");
                            // The first publication starts from the standard text, in both languages.
                            view! {
                                <section aria-labelledby="notice-current-title" id="notice-current">
                                    <h2 id="notice-current-title">{t("privacy-notice-console-current")}</h2>
                                    <NoticeText page=c.page.clone() />
                                </section>
                                <section aria-labelledby="notice-publish-title" id="notice-publish">
                                    <h2 id="notice-publish-title">
                                        {t_args(
                                            "privacy-notice-console-publish-title",
                                            &[("version", i64::from(next).into())],
                                        )}
                                    </h2>
                                    <p>{t("privacy-notice-console-publish-intro")}</p>
                                    <ActionForm action=publish attr:id="notice-form" attr:novalidate=true>
                                        <ErrorSummary error form_id="notice-form" />
                                        <CsrfField />
                                        <input
                                            type="hidden"
                                            name="base_version"
                                            value=c.page.current.version.to_string()
                                        />
                                        <TextArea
                                            form_id="notice-form"
                                            name="body_ja"
                                            label="privacy-notice-field-body-ja"
                                            hint="privacy-notice-field-body-hint"
                                            rows=12
                                            maxlength=20000
                                            value=body_ja
                                            error
                                        />
                                        <TextArea
                                            form_id="notice-form"
                                            name="body_en"
                                            label="privacy-notice-field-body-en"
                                            hint="privacy-notice-field-body-hint"
                                            rows=12
                                            maxlength=20000
                                            value=body_en
                                            error
                                        />
                                        <TextArea
                                            form_id="notice-form"
                                            name="changes_ja"
                                            label="privacy-notice-field-changes-ja"
                                            hint="privacy-notice-field-changes-hint"
                                            rows=3
                                            maxlength=2000
                                            error
                                        />
                                        <TextArea
                                            form_id="notice-form"
                                            name="changes_en"
                                            label="privacy-notice-field-changes-en"
                                            hint="privacy-notice-field-changes-hint"
                                            rows=3
                                            maxlength=2000
                                            error
                                        />
                                        <fieldset class="field" id="notice-form-offered">
                                            <legend>{t("privacy-notice-field-purposes")}</legend>
                                            <p class="hint">{t("privacy-notice-field-purposes-hint")}</p>
                                            {move || {
                                                offered_error()
                                                    .map(|m| view! { <p class="field-error-message">{m}</p> })
                                            }}
                                            <table class="table">
                                                <thead>
                                                    <tr>
                                                        <th scope="col">{t("privacy-notice-purpose")}</th>
                                                        <th scope="col">{t("privacy-notice-offered")}</th>
                                                        <th scope="col">{t("privacy-notice-widens")}</th>
                                                    </tr>
                                                </thead>
                                                <tbody>
                                                    {c
                                                        .purposes
                                                        .iter()
                                                        .map(|(p, offered)| {
                                                            let (offer, widen) = (
                                                                format!("offer_{p}"),
                                                                format!("widen_{p}"),
                                                            );
                                                            let label_id = format!("notice-purpose-{p}");
                                                            view! {
                                                                <tr>
                                                                    <th scope="row" id=label_id.clone()>
                                                                        {t(&key("purpose", p))}
                                                                    </th>
                                                                    <td>
                                                                        <input
                                                                            type="checkbox"
                                                                            id=format!("notice-form-{offer}")
                                                                            name=offer.clone()
                                                                            checked=was_checked(error, &offer, *offered)
                                                                            aria-label=format!(
                                                                                "{} — {}",
                                                                                t("privacy-notice-offered"),
                                                                                t(&key("purpose", p)),
                                                                            )
                                                                        />
                                                                    </td>
                                                                    <td>
                                                                        <input
                                                                            type="checkbox"
                                                                            id=format!("notice-form-{widen}")
                                                                            name=widen.clone()
                                                                            checked=was_checked(error, &widen, false)
                                                                            aria-label=format!(
                                                                                "{} — {}",
                                                                                t("privacy-notice-widens"),
                                                                                t(&key("purpose", p)),
                                                                            )
                                                                        />
                                                                    </td>
                                                                </tr>
                                                            }
                                                        })
                                                        .collect_view()}
                                                </tbody>
                                            </table>
                                        </fieldset>
                                        <SubmitButton label="privacy-notice-publish" pending=publish.pending().into() />
                                    </ActionForm>
                                </section>
                                <History history />
                            }
                                .into_any()
                        }
                    })
            }}
        </Suspense>
    }
}
