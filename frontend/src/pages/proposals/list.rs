//! The list of a process's proposals: filters, sorting, keyset pages.

use super::*;

#[component]
pub fn ProposalListPage() -> impl IntoView {
    let locale = use_page().locale;
    let params = use_params_map();
    let query = use_query_map();
    let slug = move || params.read().get("slug").unwrap_or_default();
    let data = Resource::new_blocking(move || (slug(), filters_of(&query.read())), |(s, f)| list_proposals(s, f));
    view! {
        <Suspense fallback=Loading>
            {move || {
                data.get()
                    .map(|r| match r {
                        Err(e) => view! { <PageError error=e /> }.into_any(),
                        Ok(list) => {
                            let f = filters_of(&query.read_untracked());
                            let slug = list.process.slug.clone();
                            let title = list.process.title.get(locale).to_owned();
                            let sel = |v: &Option<String>| v.clone().unwrap_or_default();
                            let opt = |value: &str, key: &str, current: &str| {
                                let is = value == current;
                                view! {
                                    <option value=value.to_owned() selected=is>
                                        {t(key)}
                                    </option>
                                }
                            };
                            let (sort, state, category, district) = (
                                sel(&f.sort),
                                sel(&f.state),
                                sel(&f.category),
                                sel(&f.district),
                            );
                            view! {
                                <Title text=format!("{} – {}", t("proposals-title"), title) />
                                <nav aria-label=t("breadcrumb-label") class="breadcrumb">
                                    <a href="/processes">{t("processes-title")}</a>
                                    " › "
                                    <a href=format!("/processes/{slug}")>{title.clone()}</a>
                                </nav>
                                <Notice />
                                <h1>{t("proposals-title")}</h1>
                                <p class="actions">
                                    {list
                                        .can_propose
                                        .then(|| {
                                            view! {
                                                <a class="button" href=format!("/processes/{slug}/proposals/new")>
                                                    {t("proposal-new")}
                                                </a>
                                            }
                                        })}
                                </p>
                                {list
                                    .supports_left
                                    .filter(|_| list.signed_in)
                                    .map(|n| {
                                        view! {
                                            <p>{t_args("process-supports-left", &[("count", i64::from(n).into())])}</p>
                                        }
                                    })}
                                <form method="get" class="filters" role="search" aria-label=t("filters-label")>
                                    <div class="field">
                                        <label for="filter-sort">{t("filter-sort")}</label>
                                        <select id="filter-sort" name="sort">
                                            {opt("", "sort-random", &sort)}
                                            {opt("recent", "sort-recent", &sort)}
                                            {opt("supported", "sort-supported", &sort)}
                                            {opt("commented", "sort-commented", &sort)}
                                        </select>
                                    </div>
                                    <div class="field">
                                        <label for="filter-state">{t("filter-state")}</label>
                                        <select id="filter-state" name="state">
                                            {opt("", "filter-state-all", &state)}
                                            {opt("not_answered", "filter-state-not-answered", &state)}
                                            {opt("evaluating", "answer-state-evaluating", &state)}
                                            {opt("accepted", "answer-state-accepted", &state)}
                                            {opt("rejected", "answer-state-rejected", &state)}
                                            {opt("reached", "proposal-reached", &state)}
                                            {opt("withdrawn", "proposal-state-withdrawn", &state)}
                                        </select>
                                    </div>
                                    <div class="field">
                                        <label for="filter-category">{t("filter-category")}</label>
                                        <select id="filter-category" name="category">
                                            {named_options(&list.categories, locale, Some(t("filter-any")))
                                                .into_iter()
                                                .map(|(v, l)| {
                                                    let is = v == category;
                                                    view! {
                                                        <option value=v selected=is>
                                                            {l}
                                                        </option>
                                                    }
                                                })
                                                .collect_view()}
                                        </select>
                                    </div>
                                    <div class="field">
                                        <label for="filter-district">{t("filter-district")}</label>
                                        <select id="filter-district" name="district">
                                            {named_options(&list.districts, locale, Some(t("filter-any")))
                                                .into_iter()
                                                .map(|(v, l)| {
                                                    let is = v == district;
                                                    view! {
                                                        <option value=v selected=is>
                                                            {l}
                                                        </option>
                                                    }
                                                })
                                                .collect_view()}
                                        </select>
                                    </div>
                                    {list
                                        .signed_in
                                        .then(|| {
                                            view! {
                                                <div class="field checkbox">
                                                    <input
                                                        type="checkbox"
                                                        id="filter-mine"
                                                        name="mine"
                                                        checked=f.mine.is_some()
                                                    />
                                                    <label for="filter-mine">{t("filter-mine")}</label>
                                                </div>
                                                <div class="field checkbox">
                                                    <input
                                                        type="checkbox"
                                                        id="filter-supported"
                                                        name="supported"
                                                        checked=f.supported.is_some()
                                                    />
                                                    <label for="filter-supported">{t("filter-supported")}</label>
                                                </div>
                                            }
                                        })}
                                    <button type="submit" class="button secondary">
                                        {t("filter-apply")}
                                    </button>
                                </form>
                                {(!list.drafts.is_empty())
                                    .then(|| {
                                        view! {
                                            <section aria-labelledby="drafts-title" class="drafts">
                                                <h2 id="drafts-title">{t("proposal-your-drafts")}</h2>
                                                <ul>
                                                    {list
                                                        .drafts
                                                        .iter()
                                                        .map(|d| {
                                                            view! {
                                                                <li>
                                                                    <a href=format!("/proposals/{}", d.id)>{d.title.clone()}</a>
                                                                </li>
                                                            }
                                                        })
                                                        .collect_view()}
                                                </ul>
                                            </section>
                                        }
                                    })}
                                {if list.cards.is_empty() {
                                    view! { <p class="empty">{t("proposals-empty")}</p> }.into_any()
                                } else {
                                    view! {
                                        <ul class="proposal-list">
                                            {list.cards.into_iter().map(|c| view! { <Card card=c /> }).collect_view()}
                                        </ul>
                                    }
                                        .into_any()
                                }}
                                {list
                                    .next_cursor
                                    .as_ref()
                                    .map(|c| {
                                        view! {
                                            <nav aria-label=t("pagination-label") class="pagination">
                                                <a rel="next" href=next_url(&slug, &f, c)>
                                                    {t("pagination-next")}
                                                </a>
                                            </nav>
                                        }
                                    })}
                                <p class="downloads">
                                    {t("proposals-download")} " "
                                    <a href=format!("/processes/{slug}/proposals/export.csv") download="">
                                        "CSV"
                                    </a> " · " <a href=format!("/processes/{slug}/proposals/export.json") download="">
                                        "JSON"
                                    </a>
                                </p>
                            }
                                .into_any()
                        }
                    })
            }}
        </Suspense>
    }
}
