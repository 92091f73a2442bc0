//! The public list of reports: filters, the map when JavaScript runs, and the accessible list beside it.

use super::*;

#[component]
pub fn ReportListPage() -> impl IntoView {
    let locale = use_page().locale;
    let signed_in = use_page().user.is_some();
    let query = use_query_map();
    let params = move || {
        let q = query.read();
        let get = |k: &str| q.get(k).filter(|v| !v.is_empty());
        ListParams {
            category: get("category"),
            state: get("state"),
            district: get("district"),
            from: get("from"),
            to: get("to"),
            sort: get("sort"),
            lat: get("lat"),
            lon: get("lon"),
            cursor: get("cursor"),
        }
    };
    let list = Resource::new_blocking(params, get_report_list);
    view! {
        <Title text=t("reports-title") />
        <Notice />
        <h1>{t("reports-title")}</h1>
        <p class="lead">{t("reports-intro")}</p>
        <p class="actions">
            <a class="button" href="/reports/new">
                {t("report-new")}
            </a>
            {signed_in
                .then(|| {
                    view! {
                        <a class="button secondary" href="/alerts">
                            {t("alerts-title")}
                        </a>
                    }
                })}
        </p>
        <Suspense fallback=Loading>
            {move || {
                list.get()
                    .map(|r| match r {
                        Err(e) => view! { <PageError error=e /> }.into_any(),
                        Ok(l) => {
                            let p = params();
                            let v = |o: &Option<String>| o.clone().unwrap_or_default();
                            let (category, state, district, from, to, sort, lat, lon) = (
                                v(&p.category),
                                v(&p.state),
                                v(&p.district),
                                v(&p.from),
                                v(&p.to),
                                v(&p.sort),
                                v(&p.lat),
                                v(&p.lon),
                            );
                            let mut map_query = Vec::new();
                            if !category.is_empty() {
                                map_query.push(format!("category={category}"));
                            }
                            if !state.is_empty() {
                                map_query.push(format!("state={state}"));
                            }
                            let next_href = l
                                .next
                                .clone()
                                .map(|c| {
                                    let mut q: Vec<String> = [
                                        ("category", &category),
                                        ("state", &state),
                                        ("district", &district),
                                        ("from", &from),
                                        ("to", &to),
                                        ("sort", &sort),
                                        ("lat", &lat),
                                        ("lon", &lon),
                                    ]
                                        .iter()
                                        .filter(|(_, v)| !v.is_empty())
                                        .map(|(k, v)| format!("{k}={v}"))
                                        .collect();
                                    q.push(format!("cursor={c}"));
                                    format!("/reports?{}", q.join("&"))
                                });
                            let feed = (!district.is_empty())
                                .then(|| format!("/reports/feed.atom?district={district}"));
                            let cat_opts = named_options(&l.categories, locale, Some(t("filter-any")));
                            let dist_opts = named_options(&l.districts, locale, Some(t("filter-any")));
                            view! {
                                <form
                                    method="get"
                                    action="/reports"
                                    class="filters"
                                    aria-labelledby="report-filters-title"
                                >
                                    <h2 id="report-filters-title" class="visually-hidden">
                                        {t("filters-title")}
                                    </h2>
                                    <div class="field">
                                        <label for="f-category">{t("report-field-category")}</label>
                                        <select id="f-category" name="category">
                                            {cat_opts
                                                .into_iter()
                                                .map(|(val, label)| {
                                                    let s = val == category;
                                                    view! {
                                                        <option value=val selected=s>
                                                            {label}
                                                        </option>
                                                    }
                                                })
                                                .collect_view()}
                                        </select>
                                    </div>
                                    <div class="field">
                                        <label for="f-state">{t("report-filter-state")}</label>
                                        <select id="f-state" name="state">
                                            {[
                                                ("", t("filter-any")),
                                                ("open", t("report-filter-open")),
                                                ("closed", t("report-filter-closed")),
                                            ]
                                                .into_iter()
                                                .map(|(val, label)| {
                                                    let s = val == state;
                                                    view! {
                                                        <option value=val selected=s>
                                                            {label}
                                                        </option>
                                                    }
                                                })
                                                .collect_view()}
                                        </select>
                                    </div>
                                    <div class="field">
                                        <label for="f-district">{t("report-field-district")}</label>
                                        <select id="f-district" name="district">
                                            {dist_opts
                                                .into_iter()
                                                .map(|(val, label)| {
                                                    let s = val == district;
                                                    view! {
                                                        <option value=val selected=s>
                                                            {label}
                                                        </option>
                                                    }
                                                })
                                                .collect_view()}
                                        </select>
                                    </div>
                                    <div class="field">
                                        <label for="f-from">{t("report-filter-from")}</label>
                                        <input type="date" id="f-from" name="from" value=from.clone() />
                                    </div>
                                    <div class="field">
                                        <label for="f-to">{t("report-filter-to")}</label>
                                        <input type="date" id="f-to" name="to" value=to.clone() />
                                    </div>
                                    <div class="field">
                                        <label for="f-sort">{t("filter-sort")}</label>
                                        <select id="f-sort" name="sort">
                                            {[
                                                ("newest", t("report-sort-newest")),
                                                ("me_too", t("report-sort-me-too")),
                                                ("nearest", t("report-sort-nearest")),
                                            ]
                                                .into_iter()
                                                .map(|(val, label)| {
                                                    let s = val == sort;
                                                    view! {
                                                        <option value=val selected=s>
                                                            {label}
                                                        </option>
                                                    }
                                                })
                                                .collect_view()}
                                        </select>
                                    </div>
                                    <details class="near" open=!lat.is_empty()>
                                        <summary>{t("report-filter-near")}</summary>
                                        <p class="hint">{t("report-filter-near-hint")}</p>
                                        <div class="field">
                                            <label for="f-lat">{t("proposal-field-latitude")}</label>
                                            <input id="f-lat" name="lat" inputmode="decimal" value=lat.clone() />
                                        </div>
                                        <div class="field">
                                            <label for="f-lon">{t("proposal-field-longitude")}</label>
                                            <input id="f-lon" name="lon" inputmode="decimal" value=lon.clone() />
                                        </div>
                                    </details>
                                    <button type="submit" class="button secondary">
                                        {t("filter-apply")}
                                    </button>
                                </form>
                                <MapBox
                                    map=l.map.clone()
                                    id="reports-map"
                                    kind="reports"
                                    label=t("report-map-list-label")
                                    query=map_query.join("&")
                                />
                                <p class="hint map-hint">{t("report-map-hint")}</p>
                                <section aria-labelledby="report-list-title">
                                    <h2 id="report-list-title">{t("reports-list-title")}</h2>
                                    {if l.items.is_empty() {
                                        view! { <p>{t("reports-empty")}</p> }.into_any()
                                    } else {
                                        view! {
                                            <ul class="cards">
                                                {l.items.into_iter().map(|c| view! { <Card card=c /> }).collect_view()}
                                            </ul>
                                        }
                                            .into_any()
                                    }}
                                    {next_href
                                        .map(|h| {
                                            view! {
                                                <p>
                                                    <a class="button secondary" href=h>
                                                        {t("pagination-next")}
                                                    </a>
                                                </p>
                                            }
                                        })}
                                </section>
                                {feed
                                    .map(|f| {
                                        view! {
                                            <p>
                                                <a href=f>{t("report-feed-district")}</a>
                                            </p>
                                        }
                                    })}
                            }
                                .into_any()
                        }
                    })
            }}
        </Suspense>
    }
}
