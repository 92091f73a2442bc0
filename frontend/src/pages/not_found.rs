use crate::context::t;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn NotFound() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(res) = use_context::<leptos_actix::ResponseOptions>() {
        res.set_status(actix_web::http::StatusCode::NOT_FOUND);
    }
    view! {
        <Title text=t("page-not-found-title") />
        <h1>{t("page-not-found-title")}</h1>
        <p>{t("page-not-found-body")}</p>
        <p>
            <a href="/">{t("page-back-home")}</a>
        </p>
    }
}
