//! Staff reading a reporter's contact details (logged in the access log).

use super::*;

/// The reporter's contact details, after staff gave a reason (logged).
#[component]
pub fn ReporterContactPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let id = move || params.read().get("id").and_then(|v| v.parse::<ReportId>().ok()).unwrap_or_default();
    let reason = move || query.read().get("reason").unwrap_or_default();
    let csrf = move || query.read().get("csrf").unwrap_or_default();
    let data = Resource::new_blocking(
        move || (id(), reason(), csrf()),
        |(id, reason, csrf)| get_reporter_contact(id, reason, csrf),
    );
    view! {
        <Title text=t("report-contact") />
        <nav aria-label=t("breadcrumb-label") class="breadcrumb">
            <a href=move || format!("/reports/{}#staff", id())>{t("report-back")}</a>
        </nav>
        <h1>{t("report-contact")}</h1>
        <Suspense fallback=Loading>
            {move || {
                data.get()
                    .map(|r| match r {
                        Err(e) => view! { <PageError error=e /> }.into_any(),
                        Ok(c) => {
                            view! {
                                <p class="callout">{t("report-contact-logged")}</p>
                                <dl class="answers">
                                    {c
                                        .account
                                        .clone()
                                        .map(|(name, email)| {
                                            view! {
                                                <dt>{t("report-contact-account")}</dt>
                                                <dd>{name} " <" {email} ">"</dd>
                                            }
                                        })}
                                    {c
                                        .name
                                        .clone()
                                        .map(|n| {
                                            view! {
                                                <dt>{t("report-field-name")}</dt>
                                                <dd>{n}</dd>
                                            }
                                        })}
                                    {c
                                        .email
                                        .clone()
                                        .map(|n| {
                                            view! {
                                                <dt>{t("field-email")}</dt>
                                                <dd>{n}</dd>
                                            }
                                        })}
                                    {c
                                        .phone
                                        .clone()
                                        .map(|n| {
                                            view! {
                                                <dt>{t("report-field-phone")}</dt>
                                                <dd>{n}</dd>
                                            }
                                        })}
                                </dl>
                            }
                                .into_any()
                        }
                    })
            }}
        </Suspense>
    }
}
