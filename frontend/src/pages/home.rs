use crate::components::notice::Notice;
use crate::context::{t, use_page};
use crate::pages::privacy::ForYouSection;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn HomePage() -> impl IntoView {
    let signed_in = use_page().user.is_some();
    let cards = [
        ("home-proposals-title", "home-proposals-body"),
        ("home-budgets-title", "home-budgets-body"),
        ("home-reports-title", "home-reports-body"),
    ]
    .into_iter()
    .map(|(title, body)| {
        view! {
            <li class="card">
                <h2>{t(title)}</h2>
                <p>{t(body)}</p>
            </li>
        }
    })
    .collect_view();
    view! {
        <Title text=t("home-title") />
        <Notice />
        <h1>{t("home-title")}</h1>
        <p class="lead">{t("home-intro")}</p>
        // What is near the resident first, when they allow it (Aizuwakamatsu's
        // prioritized display).
        {signed_in.then(|| view! { <ForYouSection /> })}
        <ul class="cards">{cards}</ul>
        {if signed_in {
            view! { <p>{t("home-signed-in")}</p> }.into_any()
        } else {
            view! {
                <p class="actions">
                    <a class="button" href="/sign-up">
                        {t("home-cta-sign-up")}
                    </a>
                    <a class="button secondary" href="/sign-in">
                        {t("home-cta-sign-in")}
                    </a>
                </p>
            }
                .into_any()
        }}
    }
}
