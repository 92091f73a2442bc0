//! The resident's own data, readable and downloadable.

use super::*;

/// The sections of the data download, in the order people look for them.
const SECTIONS: &[&str] = &[
    "account",
    "external_accounts",
    "citizen_id",
    "attributes",
    "purposes_on",
    "consent_history",
    "access_log",
    "proposals",
    "comments",
    "supports",
    "following",
    "me_too",
    "reports",
    "report_alerts",
    "ballots",
    "generated_at",
];

/// A JSON value as nested lists, for the readable copy of the resident's data.
fn render_value(v: &serde_json::Value) -> AnyView {
    use serde_json::Value;
    match v {
        Value::Null => view! { <span class="meta">"—"</span> }.into_any(),
        Value::Bool(b) => view! { <span>{if *b { t("my-data-yes") } else { t("my-data-no") }}</span> }.into_any(),
        Value::Number(n) => view! { <span>{n.to_string()}</span> }.into_any(),
        Value::String(s) => view! { <span>{s.clone()}</span> }.into_any(),
        Value::Array(items) if items.is_empty() => view! { <span class="meta">{t("privacy-receipt-none")}</span> }.into_any(),
        Value::Array(items) => {
            view! { <ol class="data-list">{items.iter().map(|i| view! { <li>{render_value(i)}</li> }).collect_view()}</ol> }
                .into_any()
        }
        Value::Object(map) => view! {
            <dl class="details">
                {map
                    .iter()
                    .map(|(k, v)| {
                        view! {
                            <dt>{k.replace('_', " ")}</dt>
                            <dd>{render_value(v)}</dd>
                        }
                    })
                    .collect_view()}
            </dl>
        }
        .into_any(),
    }
}

#[component]
pub fn MyDataPage() -> impl IntoView {
    if use_page().user.is_none() {
        return view! { <Redirect path="/sign-in?next=/account/privacy/my-data" /> }.into_any();
    }
    let data = Resource::new_blocking(|| (), |_| get_my_data());
    view! {
        <Title text=t("my-data-title") />
        <nav aria-label=t("breadcrumb-label") class="breadcrumb">
            <a href="/account/privacy">{t("privacy-title")}</a>
        </nav>
        <h1>{t("my-data-title")}</h1>
        <p>{t("my-data-intro")}</p>
        <p>
            <a href="/account/privacy/my-data.json" download="yoriai-my-data.json">
                {t("my-data-json")}
            </a>
        </p>
        <Suspense fallback=Loading>
            {move || {
                data.get()
                    .map(|r| match r {
                        Err(e) => view! { <PageError error=e /> }.into_any(),
                        Ok(serde_json::Value::Object(map)) => {
                            SECTIONS
                                .iter()
                                .filter_map(|k| map.get(*k).map(|v| (k.to_string(), v.clone())))
                                .map(|(k, v)| {
                                    let id = format!("data-{k}");
                                    let labelled_by = id.clone();
                                    view! {
                                        <section aria-labelledby=labelled_by class="data-section">
                                            <h2 id=id>{t(&key("my-data-section", &k))}</h2>
                                            {render_value(&v)}
                                        </section>
                                    }
                                })
                                .collect_view()
                                .into_any()
                        }
                        Ok(other) => render_value(&other),
                    })
            }}
        </Suspense>
    }
    .into_any()
}
