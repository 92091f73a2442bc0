//! The home page's "for you" list.

use super::*;

/// The home page's "for you" list (signed-in residents only).
#[component]
pub fn ForYouSection() -> impl IntoView {
    let data = Resource::new_blocking(|| (), |_| get_for_you());
    view! {
        <Suspense fallback=Loading>
            {move || {
                data.get()
                    .map(|r| match r {
                        Err(_) => ().into_any(),
                        Ok(f) if !f.enabled => {
                            view! {
                                <section class="callout for-you" aria-labelledby="for-you-title">
                                    <h2 id="for-you-title">{t("for-you-title")}</h2>
                                    <p>{t("for-you-off")}</p>
                                    <p>
                                        <a href="/account/privacy#purpose-for_you">{t("for-you-turn-on")}</a>
                                    </p>
                                </section>
                            }
                                .into_any()
                        }
                        Ok(f) => {
                            view! {
                                <section class="for-you" aria-labelledby="for-you-title">
                                    <h2 id="for-you-title">{t("for-you-title")}</h2>
                                    {f
                                        .district
                                        .clone()
                                        .map(|d| {
                                            view! { <p>{t_args("for-you-district", &[("district", d.into())])}</p> }
                                        })}
                                    {if f.items.is_empty() {
                                        view! { <p>{t("for-you-empty")}</p> }.into_any()
                                    } else {
                                        view! {
                                            <ul class="for-you-list">
                                                {f
                                                    .items
                                                    .into_iter()
                                                    .map(|i| {
                                                        view! {
                                                            <li>
                                                                <span class="tag">{t(&key("for-you-kind", &i.kind))}</span>
                                                                " "
                                                                <a href=i.href>{i.title}</a>
                                                                " "
                                                                <span class="meta">
                                                                    {t(&key("for-you-reason", &i.reason))}
                                                                </span>
                                                            </li>
                                                        }
                                                    })
                                                    .collect_view()}
                                            </ul>
                                        }
                                            .into_any()
                                    }}
                                    <p>
                                        <a href="/account/privacy#attributes">{t("for-you-change")}</a>
                                    </p>
                                </section>
                            }
                                .into_any()
                        }
                    })
            }}
        </Suspense>
    }
}
