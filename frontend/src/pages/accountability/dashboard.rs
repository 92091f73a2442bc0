//! The public dashboard: KPIs and figures of every feature, as SVG charts with their tables.

use super::kpis::KpiSection;
use super::*;

#[component]
pub fn DashboardPage() -> impl IntoView {
    let query = use_query_map();
    let process = move || query.read().get("process").filter(|p| !p.is_empty());
    let data = Resource::new_blocking(process, get_dashboard);
    view! {
        <Title text=t("dashboard-title") />
        <Notice />
        <h1>{t("dashboard-title")}</h1>
        <p>{t("dashboard-intro")}</p>
        <Suspense fallback=Loading>
            {move || {
                data.get()
                    .map(|r| match r {
                        Err(e) => view! { <PageError error=e /> }.into_any(),
                        Ok(d) => view! { <DashboardBody d /> }.into_any(),
                    })
            }}
        </Suspense>
    }
}

/// A chart with its data table and CSV link.
#[component]
fn ChartBlock(svg: String, caption: String, csv: String, children: Children) -> impl IntoView {
    view! {
        <figure class="chart-figure">
            <div class="chart-box" inner_html=svg></div>
            <figcaption>{caption}</figcaption>
        </figure>
        <div class="table-wrap">{children()}</div>
        <p class="downloads">
            <a href=csv download>
                {t("dashboard-download-csv")}
            </a>
        </p>
    }
}

#[component]
fn DashboardBody(d: Dashboard) -> impl IntoView {
    let locale = use_page().locale;
    let slug = d.process.as_ref().map(|(s, _)| s.clone()).unwrap_or_default();
    let csv = |chart: &str| {
        if slug.is_empty() {
            format!("/dashboard/{chart}.csv")
        } else {
            format!("/dashboard/{chart}.csv?process={slug}")
        }
    };
    let scope = d.process.as_ref().map(|(_, t)| t.get(locale).to_owned()).unwrap_or_else(|| t("dashboard-city"));
    // Participation counts.
    let counts: Vec<Bar> = d
        .figures
        .iter()
        .filter(|f| !f.share && f.key != "median_days_to_fix")
        .map(|f| Bar { label: figure_label(&f.key), value: f.value, value_label: number(f.value), highlight: false })
        .collect();
    let counts_svg = horizontal_bars(&BarChart {
        id: "dash-counts",
        title: &t_args("dashboard-counts-title", &[("scope", scope.clone().into())]),
        description: &t("dashboard-counts-desc"),
        bars: &counts,
        max: None,
        reference: None,
    });
    let shares: Vec<Bar> = d
        .figures
        .iter()
        .filter(|f| f.share)
        .map(|f| Bar {
            label: figure_label(&f.key),
            value: f.value,
            value_label: format!("{:.1}%", f.value),
            highlight: false,
        })
        .collect();
    let shares_svg = horizontal_bars(&BarChart {
        id: "dash-shares",
        title: &t_args("dashboard-shares-title", &[("scope", scope.clone().into())]),
        description: &t("dashboard-shares-desc"),
        bars: &shares,
        max: Some(100.0),
        reference: None,
    });
    let turnout_bars: Vec<Bar> = d
        .turnout
        .iter()
        .map(|r| {
            let pct = r.eligible.filter(|e| *e > 0).map(|e| r.ballots as f64 * 100.0 / e as f64);
            Bar {
                label: format!("{} — {}", r.budget.get(locale), r.heading.get(locale)),
                value: pct.unwrap_or(r.ballots as f64),
                value_label: pct.map(|p| format!("{p:.1}%")).unwrap_or_else(|| number(r.ballots as f64)),
                highlight: false,
            }
        })
        .collect();
    let turnout_svg = horizontal_bars(&BarChart {
        id: "dash-turnout",
        title: &t("dashboard-turnout-title"),
        description: &t("dashboard-turnout-desc"),
        bars: &turnout_bars,
        max: None,
        reference: None,
    });
    let report_chart = |id: &str, title: &str, stats: &[yoriai_views::accountability::ReportStat]| {
        let bars: Vec<Bar> = stats
            .iter()
            .map(|s| Bar {
                label: s.label.get(locale).to_owned(),
                value: s.received as f64,
                value_label: t_args(
                    "dashboard-received-fixed",
                    &[("received", s.received.into()), ("fixed", s.fixed.into())],
                ),
                highlight: false,
            })
            .collect();
        horizontal_bars(&BarChart {
            id,
            title,
            description: &t("dashboard-reports-desc"),
            bars: &bars,
            max: None,
            reference: None,
        })
    };
    let by_cat_svg = report_chart("dash-reports-cat", &t("dashboard-reports-category"), &d.reports_by_category);
    let by_dep_svg = report_chart("dash-reports-dep", &t("dashboard-reports-department"), &d.reports_by_department);
    let status_bars: Vec<Bar> = d
        .results_by_status
        .iter()
        .map(|(s, n)| Bar {
            label: t(&format!("result-status-{}", s.replace('_', "-"))),
            value: *n as f64,
            value_label: number(*n as f64),
            highlight: s == "completed",
        })
        .collect();
    let status_svg = horizontal_bars(&BarChart {
        id: "dash-results",
        title: &t("dashboard-results-title"),
        description: &t("dashboard-results-desc"),
        bars: &status_bars,
        max: None,
        reference: None,
    });
    let band_bars: Vec<Bar> = d
        .age_bands
        .iter()
        .map(|(b, n)| Bar {
            label: t(&format!("age-band-{}", b.replace('_', "-"))),
            value: n.unwrap_or(0) as f64,
            value_label: n.map(|n| number(n as f64)).unwrap_or_else(|| t("dashboard-too-few")),
            highlight: false,
        })
        .collect();
    let band_svg = horizontal_bars(&BarChart {
        id: "dash-age-bands",
        title: &t("dashboard-age-title"),
        description: &t("dashboard-age-desc"),
        bars: &band_bars,
        max: None,
        reference: None,
    });
    let report_table = move |caption: String, stats: Vec<yoriai_views::accountability::ReportStat>| {
        view! {
            <table class="table">
                <caption>{caption}</caption>
                <thead>
                    <tr>
                        <th scope="col">{t("dashboard-col-name")}</th>
                        <th scope="col" class="num">
                            {t("dashboard-col-received")}
                        </th>
                        <th scope="col" class="num">
                            {t("dashboard-col-fixed")}
                        </th>
                        <th scope="col" class="num">
                            {t("dashboard-col-median")}
                        </th>
                    </tr>
                </thead>
                <tbody>
                    {stats
                        .into_iter()
                        .map(|s| {
                            view! {
                                <tr>
                                    <th scope="row">{s.label.get(locale).to_owned()}</th>
                                    <td class="num">{group_digits(s.received)}</td>
                                    <td class="num">{group_digits(s.fixed)}</td>
                                    <td class="num">
                                        {s
                                            .median_days_to_fix
                                            .map(|m| format!("{m:.1}"))
                                            .unwrap_or_else(|| "—".into())}
                                    </td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
        }
    };
    let process_options: Vec<(String, String)> = std::iter::once((String::new(), t("dashboard-city")))
        .chain(d.processes.iter().map(|(s, title)| (s.clone(), title.get(locale).to_owned())))
        .collect();
    let figures = d.figures.clone();
    let is_city = d.process.is_none();
    view! {
        <form method="get" action="/dashboard" class="filters">
            <label for="dashboard-process">{t("dashboard-scope")}</label>
            <select id="dashboard-process" name="process">
                {process_options
                    .into_iter()
                    .map(|(v, l)| {
                        let sel = v == slug;
                        view! {
                            <option value=v selected=sel>
                                {l}
                            </option>
                        }
                    })
                    .collect_view()}
            </select>
            <button type="submit" class="button secondary">
                {t("filter-apply")}
            </button>
        </form>
        <h2>{scope.clone()}</h2>
        <dl class="figures">
            {figures
                .iter()
                .map(|f| {
                    view! {
                        <div class="figure">
                            <dt>{figure_label(&f.key)}</dt>
                            <dd>{figure_value(f.value, f.share)}</dd>
                        </div>
                    }
                })
                .collect_view()}
        </dl>
        {d
            .population
            .map(|p| {
                view! {
                    <p class="meta">{t_args("dashboard-population", &[("population", group_digits(p).into())])}</p>
                }
            })}
        <section aria-labelledby="dash-participation">
            <h2 id="dash-participation">{t("dashboard-participation")}</h2>
            <ChartBlock svg=counts_svg caption=t("dashboard-counts-caption") csv=csv("figures")>
                <table class="table">
                    <caption>{t("dashboard-figures-table")}</caption>
                    <thead>
                        <tr>
                            <th scope="col">{t("dashboard-col-name")}</th>
                            <th scope="col" class="num">
                                {t("dashboard-col-value")}
                            </th>
                        </tr>
                    </thead>
                    <tbody>
                        {d
                            .figures
                            .iter()
                            .map(|f| {
                                view! {
                                    <tr>
                                        <th scope="row">{figure_label(&f.key)}</th>
                                        <td class="num">{figure_value(f.value, f.share)}</td>
                                    </tr>
                                }
                            })
                            .collect_view()}
                    </tbody>
                </table>
            </ChartBlock>
            <figure class="chart-figure">
                <div class="chart-box" inner_html=shares_svg></div>
                <figcaption>{t("dashboard-shares-caption")}</figcaption>
            </figure>
        </section>
        {(!d.turnout.is_empty())
            .then(|| {
                view! {
                    <section aria-labelledby="dash-turnout-h">
                        <h2 id="dash-turnout-h">{t("dashboard-turnout-title")}</h2>
                        <ChartBlock svg=turnout_svg.clone() caption=t("dashboard-turnout-caption") csv=csv("turnout")>
                            <table class="table">
                                <caption>{t("dashboard-turnout-title")}</caption>
                                <thead>
                                    <tr>
                                        <th scope="col">{t("dashboard-col-name")}</th>
                                        <th scope="col" class="num">
                                            {t("dashboard-col-ballots")}
                                        </th>
                                        <th scope="col" class="num">
                                            {t("dashboard-col-eligible")}
                                        </th>
                                    </tr>
                                </thead>
                                <tbody>
                                    {d
                                        .turnout
                                        .iter()
                                        .map(|r| {
                                            view! {
                                                <tr>
                                                    <th scope="row">
                                                        {format!(
                                                            "{} — {}",
                                                            r.budget.get(locale),
                                                            r.heading.get(locale),
                                                        )}
                                                    </th>
                                                    <td class="num">{group_digits(r.ballots)}</td>
                                                    <td class="num">
                                                        {r.eligible.map(group_digits).unwrap_or_else(|| "—".into())}
                                                    </td>
                                                </tr>
                                            }
                                        })
                                        .collect_view()}
                                </tbody>
                            </table>
                        </ChartBlock>
                    </section>
                }
            })}
        {is_city
            .then(|| {
                view! {
                    <section aria-labelledby="dash-reports">
                        <h2 id="dash-reports">{t("dashboard-reports-title")}</h2>
                        <ChartBlock
                            svg=by_cat_svg.clone()
                            caption=t("dashboard-reports-caption")
                            csv=csv("reports_by_category")
                        >
                            {report_table(t("dashboard-reports-category"), d.reports_by_category.clone())}
                        </ChartBlock>
                        <ChartBlock
                            svg=by_dep_svg.clone()
                            caption=t("dashboard-reports-caption")
                            csv=csv("reports_by_department")
                        >
                            {report_table(t("dashboard-reports-department"), d.reports_by_department.clone())}
                        </ChartBlock>
                    </section>
                }
            })}
        {(is_city && !d.age_bands.is_empty())
            .then(|| {
                view! {
                    <section aria-labelledby="dash-age" id="age-bands">
                        <h2 id="dash-age">{t("dashboard-age-title")}</h2>
                        <p>{t("dashboard-age-intro")}</p>
                        <ChartBlock svg=band_svg.clone() caption=t("dashboard-age-caption") csv=csv("age_bands")>
                            <table class="table">
                                <caption>{t("dashboard-age-title")}</caption>
                                <thead>
                                    <tr>
                                        <th scope="col">{t("privacy-attr-age")}</th>
                                        <th scope="col" class="num">
                                            {t("dashboard-col-residents")}
                                        </th>
                                    </tr>
                                </thead>
                                <tbody>
                                    {d
                                        .age_bands
                                        .iter()
                                        .map(|(b, n)| {
                                            view! {
                                                <tr>
                                                    <th scope="row">
                                                        {t(&format!("age-band-{}", b.replace('_', "-")))}
                                                    </th>
                                                    <td class="num">
                                                        {n.map(group_digits).unwrap_or_else(|| t("dashboard-too-few"))}
                                                    </td>
                                                </tr>
                                            }
                                        })
                                        .collect_view()}
                                </tbody>
                            </table>
                        </ChartBlock>
                    </section>
                }
            })}
        <section aria-labelledby="dash-results-h">
            <h2 id="dash-results-h">{t("dashboard-results-title")}</h2>
            <ChartBlock svg=status_svg caption=t("dashboard-results-caption") csv=csv("results")>
                <table class="table">
                    <caption>{t("dashboard-results-title")}</caption>
                    <thead>
                        <tr>
                            <th scope="col">{t("result-field-status")}</th>
                            <th scope="col" class="num">
                                {t("dashboard-col-value")}
                            </th>
                        </tr>
                    </thead>
                    <tbody>
                        {d
                            .results_by_status
                            .iter()
                            .map(|(s, n)| {
                                view! {
                                    <tr>
                                        <th scope="row">{t(&format!("result-status-{}", s.replace('_', "-")))}</th>
                                        <td class="num">{group_digits(*n)}</td>
                                    </tr>
                                }
                            })
                            .collect_view()}
                    </tbody>
                </table>
            </ChartBlock>
        </section>
        <KpiSection
            kpis=d.kpis.clone()
            can_manage=d.can_manage
            process_slug=slug.clone()
            kpis_csv=csv("kpis")
            population=d.population
            fiscal_year=d.fiscal_year
        />
    }
}
