//! Search across proposals, projects, reports, decisions and results.

use super::*;

use yoriai_domain::item::ItemKind;

#[component]
pub fn SearchPageView() -> impl IntoView {
    let query = use_query_map();
    let q = move || query.read().get("q").unwrap_or_default();
    let kind = move || query.read().get("kind").filter(|k| !k.is_empty());
    let page = move || query.read().get("page").and_then(|p| p.parse::<i64>().ok());
    let data = Resource::new_blocking(move || (q(), kind(), page()), |(q, k, p)| get_search(Some(q), k, p));
    view! {
        <Title text=t("search-title") />
        <h1>{t("search-title")}</h1>
        <form method="get" action="/search" role="search" class="search-form">
            <label for="search-q">{t("search-label")}</label>
            <p class="hint" id="search-q-hint">
                {t("search-hint")}
            </p>
            <input type="search" id="search-q" name="q" value=q() maxlength=200 aria-describedby="search-q-hint" />
            <label for="search-kind">{t("search-kind")}</label>
            <select id="search-kind" name="kind">
                <option value="">{t("search-kind-all")}</option>
                {ItemKind::ALL
                    .iter()
                    .map(|k| {
                        let sel = kind().as_deref() == Some(k.as_str());
                        view! {
                            <option value=k.as_str() selected=sel>
                                {t(&format!("search-kind-{k}"))}
                            </option>
                        }
                    })
                    .collect_view()}
            </select>
            <button type="submit" class="button">
                {t("search-submit")}
            </button>
        </form>
        <Suspense fallback=Loading>
            {move || {
                data.get()
                    .map(|r| match r {
                        Err(e) => field_errors(&e).unwrap_or_else(|| view! { <PageError error=e /> }.into_any()),
                        Ok(s) => view! { <SearchResults s /> }.into_any(),
                    })
            }}
        </Suspense>
    }
}

#[component]
fn SearchResults(s: yoriai_views::accountability::SearchPage) -> impl IntoView {
    if s.query.is_empty() {
        return view! { <p>{t("search-empty-query")}</p> }.into_any();
    }
    if s.no_terms {
        return view! { <p role="status">{t("search-no-terms")}</p> }.into_any();
    }
    let encoded = query_value(&s.query);
    let total: i64 = s.counts.iter().map(|(_, n)| n).sum();
    let kind_param = s.kind.map(|k| format!("&kind={k}")).unwrap_or_default();
    let q_all = encoded.clone();
    let q_pages = encoded.clone();
    view! {
        <p role="status">{t_args("search-count", &[("count", total.into()), ("query", s.query.clone().into())])}</p>
        {(!s.counts.is_empty())
            .then(|| {
                view! {
                    <nav aria-label=t("search-kind") class="facets">
                        <ul>
                            <li>
                                <a href=format!("/search?q={q_all}") aria-current=s.kind.is_none().then_some("page")>
                                    {t("search-kind-all")}
                                </a>
                            </li>
                            {s
                                .counts
                                .iter()
                                .map(|(k, n)| {
                                    let current = s.kind == Some(*k);
                                    view! {
                                        <li>
                                            <a
                                                href=format!("/search?q={encoded}&kind={k}")
                                                aria-current=current.then_some("page")
                                            >
                                                {format!("{} ({n})", t(&format!("search-kind-{k}")))}
                                            </a>
                                        </li>
                                    }
                                })
                                .collect_view()}
                        </ul>
                    </nav>
                }
            })}
        <ol class="search-results">
            {s
                .hits
                .iter()
                .map(|h| {
                    view! {
                        <li>
                            <span class="tag">{t(&format!("search-kind-{}", h.item_type))}</span>
                            " "
                            <a href=h.href()>{h.title.clone()}</a>
                        </li>
                    }
                })
                .collect_view()}
        </ol>
        <p class="pager">
            {(s.page > 1)
                .then(|| {
                    view! {
                        <a href=format!(
                            "/search?q={q_pages}{kind_param}&page={}",
                            s.page - 1,
                        )>{t("search-previous")}</a>
                        " "
                    }
                })}
            {s
                .has_next
                .then(|| {
                    view! {
                        <a href=format!("/search?q={q_pages}{kind_param}&page={}", s.page + 1)>{t("search-next")}</a>
                    }
                })}
        </p>
    }
    .into_any()
}
