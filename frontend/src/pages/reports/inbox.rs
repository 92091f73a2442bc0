//! The department inbox: tabs per state, filters, and the table of reports.

use super::*;

#[component]
pub fn InboxPageView() -> impl IntoView {
    let locale = use_page().locale;
    if use_page().user.is_none() {
        return view! { <leptos_router::components::Redirect path="/sign-in?next=/inbox" /> }.into_any();
    }
    let query = use_query_map();
    let params = move || {
        let q = query.read();
        let get = |k: &str| q.get(k).filter(|v| !v.is_empty());
        InboxParams {
            department: get("department"),
            state: get("state"),
            category: get("category"),
            assignee: get("assignee"),
            sort: get("sort"),
            cursor: get("cursor"),
        }
    };
    let data = Resource::new_blocking(params, get_inbox);
    view! {
        <Title text=t("inbox-title") />
        <h1>{t("inbox-title")}</h1>
        <Suspense fallback=Loading>
            {move || {
                data.get()
                    .map(|r| match r {
                        Err(e) => view! { <PageError error=e /> }.into_any(),
                        Ok(page) => {
                            let p = params();
                            let v = |o: &Option<String>| o.clone().unwrap_or_default();
                            let (department, state, category, assignee, sort) = (
                                v(&p.department),
                                v(&p.state),
                                v(&p.category),
                                v(&p.assignee),
                                v(&p.sort),
                            );
                            let base = |state_value: &str| {
                                let q: Vec<String> = [
                                    ("department", department.as_str()),
                                    ("state", state_value),
                                    ("category", &category),
                                    ("assignee", &assignee),
                                    ("sort", &sort),
                                ]
                                    .iter()
                                    .filter(|(_, v)| !v.is_empty())
                                    .map(|(k, v)| format!("{k}={v}"))
                                    .collect();
                                format!("/inbox?{}", q.join("&"))
                            };
                            let open_total: i64 = page.counts.iter().filter(|(s, _)| s.is_open()).map(|(_, n)| n).sum();
                            let next_href = page.next.clone().map(|c| format!("{}&cursor={c}", base(&state)));
                            let dept_opts = named_options(&page.departments, locale, Some(t("inbox-my-departments")));
                            let cat_opts = named_options(&page.categories, locale, Some(t("filter-any")));
                            let current_tab = state.clone();
                            view! {
                                <nav aria-label=t("inbox-states") class="tabs">
                                    <ul>
                                        <li>
                                            <a
                                                href=base("open")
                                                aria-current=(current_tab.is_empty() || current_tab == "open")
                                                    .then_some("page")
                                            >
                                                {t("inbox-tab-all-open")}
                                                " ("
                                                {open_total}
                                                ")"
                                            </a>
                                        </li>
                                        {page
                                            .counts
                                            .iter()
                                            .map(|(s, n)| {
                                                let (filter, label) = if *s == ReportState::Open {
                                                    ("new".to_owned(), t("inbox-tab-new"))
                                                } else {
                                                    (s.as_str().to_owned(), state_label(*s))
                                                };
                                                let cur = filter == current_tab;
                                                // The state `open` has its own tab name: "open" alone is every open state.
                                                view! {
                                                    <li>
                                                        <a href=base(&filter) aria-current=cur.then_some("page")>
                                                            {label}
                                                            " ("
                                                            {*n}
                                                            ")"
                                                        </a>
                                                    </li>
                                                }
                                            })
                                            .collect_view()}
                                    </ul>
                                </nav>
                                <form method="get" action="/inbox" class="filters">
                                    <input type="hidden" name="state" value=state.clone() />
                                    <div class="field">
                                        <label for="i-department">{t("report-department-field")}</label>
                                        <select id="i-department" name="department">
                                            {dept_opts
                                                .into_iter()
                                                .map(|(val, label)| {
                                                    let s = val == department;
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
                                        <label for="i-category">{t("report-field-category")}</label>
                                        <select id="i-category" name="category">
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
                                        <label for="i-assignee">{t("report-assignee")}</label>
                                        <select id="i-assignee" name="assignee">
                                            {[
                                                ("", t("filter-any")),
                                                ("me", t("inbox-assigned-me")),
                                                ("unassigned", t("inbox-unassigned")),
                                            ]
                                                .into_iter()
                                                .map(|(val, label)| {
                                                    let s = val == assignee;
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
                                        <label for="i-sort">{t("filter-sort")}</label>
                                        <select id="i-sort" name="sort">
                                            {[("oldest", t("inbox-sort-oldest")), ("newest", t("report-sort-newest"))]
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
                                    <button type="submit" class="button secondary">
                                        {t("filter-apply")}
                                    </button>
                                </form>
                                {if page.items.is_empty() {
                                    view! { <p>{t("inbox-empty")}</p> }.into_any()
                                } else {
                                    view! {
                                        <div class="table-wrap">
                                            <table class="table inbox">
                                                <caption class="visually-hidden">{t("inbox-title")}</caption>
                                                <thead>
                                                    <tr>
                                                        <th scope="col">{t("inbox-col-report")}</th>
                                                        <th scope="col">{t("report-filter-state")}</th>
                                                        <th scope="col">{t("report-department-field")}</th>
                                                        <th scope="col">{t("report-assignee")}</th>
                                                        <th scope="col" class="num">
                                                            {t("inbox-col-waiting")}
                                                        </th>
                                                    </tr>
                                                </thead>
                                                <tbody>
                                                    {page
                                                        .items
                                                        .iter()
                                                        .map(|i| {
                                                            view! {
                                                                <tr>
                                                                    <td>
                                                                        <a href=format!(
                                                                            "/reports/{}#staff",
                                                                            i.card.id,
                                                                        )>{format!("#{} ", i.card.id)}{i.card.title.clone()}</a>
                                                                        <br />
                                                                        <span class="meta">
                                                                            {i.card.category.get(locale).to_owned()} " · "
                                                                            {i.card.created_at.clone()}
                                                                        </span>
                                                                    </td>
                                                                    <td data-label=t("report-filter-state")>
                                                                        <span class=format!(
                                                                            "badge report-{}",
                                                                            i.card.state,
                                                                        )>{state_label(i.card.state)}</span>
                                                                    </td>
                                                                    <td data-label=t(
                                                                        "report-department-field",
                                                                    )>
                                                                        {i
                                                                            .department
                                                                            .as_ref()
                                                                            .map(|d| d.get(locale).to_owned())
                                                                            .unwrap_or_else(|| t("inbox-no-department"))}
                                                                    </td>
                                                                    <td data-label=t(
                                                                        "report-assignee",
                                                                    )>
                                                                        {i
                                                                            .assignee
                                                                            .clone()
                                                                            .unwrap_or_else(|| t("inbox-unassigned"))}
                                                                    </td>
                                                                    <td class="num" data-label=t("inbox-col-waiting")>
                                                                        {t_args("inbox-days", &[("days", i.waiting_days.into())])}
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
                            }
                                .into_any()
                        }
                    })
            }}
        </Suspense>
    }
    .into_any()
}
