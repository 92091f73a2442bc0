//! The dashboard's key performance indicators: each with its progress bar, and the
//! staff forms to add one and to set the population the shares are counted against.

use super::*;
use yoriai_views::accountability::KpiView;

#[component]
pub(super) fn KpiSection(
    kpis: Vec<KpiView>,
    can_manage: bool,
    process_slug: String,
    /// Where the KPIs' CSV is (the dashboard's scope in its query).
    kpis_csv: String,
    population: Option<i64>,
    fiscal_year: i32,
) -> impl IntoView {
    let locale = use_page().locale;
    let add = ServerAction::<AddKpi>::new();
    let add_error = form_outcome(add);
    let add_pending = add.pending().into();
    let remove = ServerAction::<RemoveKpi>::new();
    let pop = ServerAction::<SetPopulation>::new();
    let pop_error = form_outcome(pop);
    let pop_pending = pop.pending().into();
    let metrics: Vec<(String, String)> = yoriai_domain::accountability::Metric::ALL
        .iter()
        .map(|m| (m.as_str().to_owned(), figure_label(m.as_str())))
        .collect();
    let cycles: Vec<(String, String)> = yoriai_domain::accountability::UPDATE_CYCLES
        .iter()
        .map(|c| ((*c).to_owned(), t(&format!("kpi-cycle-{c}"))))
        .collect();
    let fiscal_year = fiscal_year.to_string();
    view! {
        <section id="kpis" aria-labelledby="kpis-title">
            <h2 id="kpis-title">{t("kpis-title")}</h2>
            <p>{t("kpis-intro")}</p>
            {if kpis.is_empty() { Some(view! { <p>{t("kpis-empty")}</p> }) } else { None }}
            {kpis
                .iter()
                .map(|k| {
                    let name = k.name.get(locale).to_owned();
                    let share = yoriai_domain::accountability::Metric::parse(&k.metric).is_some_and(|m| m.is_share());
                    let (b, c, g) = (
                        t_args("kpi-baseline", &[("value", figure_value(k.baseline, share).into())]),
                        t_args("kpi-current", &[("value", figure_value(k.current, share).into())]),
                        t_args(
                            "kpi-target",
                            &[
                                ("value", figure_value(k.target, share).into()),
                                ("year", i64::from(k.target_year).into()),
                            ],
                        ),
                    );
                    let svg = progress_bar(
                        &Progress {
                            id: &format!("kpi-{}", k.id),
                            title: &name,
                            baseline: k.baseline,
                            current: k.current,
                            target: k.target,
                            labels: (&b, &c, &g),
                        },
                    );
                    let kid = k.id;
                    view! {
                        <article class="kpi">
                            <h3>{name.clone()}</h3>
                            <div class="chart-box" inner_html=svg></div>
                            <p>
                                {k
                                    .progress
                                    .map(|p| t_args("kpi-progress", &[("percent", format!("{p:.0}").into())]))
                                    .unwrap_or_default()}
                            </p>
                            <dl class="facts">
                                <dt>{t("kpi-field-metric")}</dt>
                                <dd>{figure_label(&k.metric)}</dd>
                                <dt>{t("kpi-field-source")}</dt>
                                <dd>
                                    {if k.data_source.is_empty() {
                                        t("kpi-source-platform")
                                    } else {
                                        k.data_source.clone()
                                    }}
                                </dd>
                                <dt>{t("kpi-field-cycle")}</dt>
                                <dd>{t(&format!("kpi-cycle-{}", k.update_cycle))}</dd>
                            </dl>
                            {can_manage
                                .then(|| {
                                    view! {
                                        <ActionForm action=remove attr:class="inline-form">
                                            <CsrfField />
                                            <input type="hidden" name="id" value=kid.to_string() />
                                            <button type="submit" class="button link">
                                                {t("kpi-remove")}
                                            </button>
                                        </ActionForm>
                                    }
                                })}
                        </article>
                    }
                })
                .collect_view()}
            {(!kpis.is_empty())
                .then(|| {
                    view! {
                        <p class="downloads">
                            <a href=kpis_csv.clone() download>
                                {t("dashboard-download-csv")}
                            </a>
                        </p>
                    }
                })}
            {can_manage
                .then(|| {
                    view! {
                        <details class="staff-box">
                            <summary>{t("kpi-add")}</summary>
                            <ActionForm action=add attr:id="kpi-form" attr:novalidate=true>
                                <ErrorSummary error=add_error form_id="kpi-form" />
                                <CsrfField />
                                <input type="hidden" name="process_slug" value=process_slug.clone() />
                                <Field form_id="kpi-form" name="name_ja" label="kpi-field-name-ja" error=add_error />
                                <Field
                                    form_id="kpi-form"
                                    name="name_en"
                                    label="kpi-field-name-en"
                                    required=false
                                    error=add_error
                                />
                                <Select
                                    form_id="kpi-form"
                                    name="metric"
                                    label="kpi-field-metric"
                                    hint="kpi-field-metric-hint"
                                    options=metrics.clone()
                                    required=true
                                    error=add_error
                                />
                                <Field form_id="kpi-form" name="baseline" label="kpi-field-baseline" error=add_error />
                                <Field form_id="kpi-form" name="target" label="kpi-field-target" error=add_error />
                                <Field
                                    form_id="kpi-form"
                                    name="target_year"
                                    label="kpi-field-year"
                                    hint="kpi-field-year-hint"
                                    input_type="number"
                                    error=add_error
                                    value=fiscal_year.clone()
                                />
                                <Field
                                    form_id="kpi-form"
                                    name="data_source"
                                    label="kpi-field-source"
                                    required=false
                                    error=add_error
                                />
                                <Select
                                    form_id="kpi-form"
                                    name="update_cycle"
                                    label="kpi-field-cycle"
                                    options=cycles.clone()
                                    required=true
                                    error=add_error
                                    value="yearly"
                                />
                                <SubmitButton label="kpi-add" pending=add_pending />
                            </ActionForm>
                        </details>
                        <details class="staff-box">
                            <summary>{t("population-title")}</summary>
                            <ActionForm action=pop attr:id="population-form" attr:novalidate=true>
                                <ErrorSummary error=pop_error form_id="population-form" />
                                <CsrfField />
                                <Field
                                    form_id="population-form"
                                    name="population"
                                    label="population-field"
                                    hint="population-hint"
                                    error=pop_error
                                    value=population.map(|p| p.to_string()).unwrap_or_default()
                                />
                                <SubmitButton label="admin-save" pending=pop_pending />
                            </ActionForm>
                        </details>
                    }
                })}
        </section>
    }
}
