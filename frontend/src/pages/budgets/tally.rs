//! A budget's published outcome, per heading, with how it was computed.

use super::*;
use yoriai_domain::BudgetId;

/// One heading's results: the budget line, votes per project, and the table.
#[component]
fn HeadingTallyView(h: HeadingTally, info: BudgetInfo, show_name: bool) -> impl IntoView {
    let locale = use_page().locale;
    let hid = h.heading.id;
    let name = h.heading.name.get(locale).to_owned();
    let amount = h.heading.amount;
    let segments: Vec<Segment> = h
        .funded_in_order
        .iter()
        .map(|(_, title, cost)| Segment { label: title.clone(), value: *cost as f64, highlight: false })
        .collect();
    let line_svg = budget_line(
        &format!("budget-line-{hid}"),
        &t_args("tally-line-title", &[("heading", name.clone().into())]),
        &t_args(
            "tally-line-desc",
            &[
                ("funded", money(h.funded_cost, &info.currency, locale).into()),
                ("amount", money(amount, &info.currency, locale).into()),
                ("percent", percent(h.funded_cost, amount).into()),
            ],
        ),
        amount as f64,
        &money(amount, &info.currency, locale),
        &segments,
    );
    let bars: Vec<Bar> = h
        .rows
        .iter()
        .map(|r| Bar {
            label: r.title.clone(),
            value: r.votes as f64,
            value_label: group_digits(r.votes),
            highlight: r.selected,
        })
        .collect();
    let bars_svg = horizontal_bars(&BarChart {
        id: &format!("votes-{hid}"),
        title: &t_args("tally-votes-title", &[("heading", name.clone().into())]),
        description: &t("tally-votes-desc"),
        bars: &bars,
        max: None,
        reference: None,
    });
    let turnout =
        h.heading.eligible_count.filter(|e| *e > 0).map(|e| percent(i64::from(h.heading.ballot_count), i64::from(e)));
    let pb_link = format!("/budgets/{}/ballots.pb?heading={hid}", info.id);
    view! {
        <section class="heading-results" aria-labelledby=format!("heading-{hid}")>
            <h2 id=format!("heading-{hid}")>{if show_name { name.clone() } else { t("tally-projects") }}</h2>
            <p>
                {t_args("tally-ballots", &[("count", i64::from(h.heading.ballot_count).into())])}
                {turnout
                    .map(|pc| {
                        view! {
                            " · "
                            {t_args("tally-turnout", &[("percent", pc.into())])}
                        }
                    })}
            </p>
            <p>
                {t_args(
                    "tally-funded-summary",
                    &[
                        ("count", (h.funded_in_order.len() as i64).into()),
                        ("funded", money(h.funded_cost, &info.currency, locale).into()),
                        ("amount", money(amount, &info.currency, locale).into()),
                    ],
                )}
            </p>
            <figure class="chart-figure">
                <div class="chart-box" inner_html=line_svg></div>
                <figcaption>{t("tally-line-caption")}</figcaption>
            </figure>
            <figure class="chart-figure">
                <div class="chart-box" inner_html=bars_svg></div>
                <figcaption>{t("tally-votes-caption")}</figcaption>
            </figure>
            <div class="table-wrap">
                <table class="table results-table">
                    <caption>{t_args("tally-table-caption", &[("heading", name.into())])}</caption>
                    <thead>
                        <tr>
                            <th scope="col">{t("tally-col-rank")}</th>
                            <th scope="col">{t("tally-col-project")}</th>
                            <th scope="col" class="num">
                                {t("tally-col-votes")}
                            </th>
                            <th scope="col" class="num">
                                {t("tally-col-cost")}
                            </th>
                        </tr>
                    </thead>
                    <tbody>
                        {h
                            .rows
                            .iter()
                            .enumerate()
                            .map(|(i, r)| {
                                view! {
                                    <tr class:funded=r.selected>
                                        <td>{i + 1}</td>
                                        <td>
                                            <a href=format!("/projects/{}", r.id)>{r.title.clone()}</a>
                                            <br />
                                            {if r.selected {
                                                view! {
                                                    <span class="badge ok">
                                                        {t_args(
                                                            "tally-funded-order",
                                                            &[
                                                                ("order", i64::from(r.selection_order.unwrap_or(0)).into()),
                                                            ],
                                                        )}
                                                    </span>
                                                }
                                                    .into_any()
                                            } else {
                                                view! { <span class="meta">{t("tally-not-funded")}</span> }.into_any()
                                            }}
                                        </td>
                                        <td class="num">{group_digits(r.votes)}</td>
                                        <td class="num">{money(r.cost, &info.currency, locale)}</td>
                                    </tr>
                                }
                            })
                            .collect_view()}
                    </tbody>
                </table>
            </div>
            <p class="downloads">
                <a href=pb_link download>
                    {t_args("tally-download-pb", &[("heading", h.heading.name.get(locale).to_owned().into())])}
                </a>
            </p>
        </section>
    }
    .into_any()
}

#[component]
pub fn TallyPageView() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let id = move || params.read().get("id").and_then(|v| v.parse::<BudgetId>().ok()).unwrap_or_default();
    let voter = move || query.read().get("voter");
    let refresh = RwSignal::new(0u32);
    let page = Resource::new_blocking(move || (id(), voter(), refresh.get()), |(id, v, _)| get_tally_page(id, v));
    view! {
        <Suspense fallback=Loading>
            {move || {
                page.get()
                    .map(|r| match r {
                        Err(e) => view! { <PageError error=e /> }.into_any(),
                        Ok(d) => view! { <TallyBody data=d refresh /> }.into_any(),
                    })
            }}
        </Suspense>
    }
}

#[component]
fn TallyBody(data: TallyPageData, refresh: RwSignal<u32>) -> impl IntoView {
    let locale = use_page().locale;
    let TallyPageData { page: p, ballot } = data;
    let info = p.info.clone();
    let id = info.id;
    let receipt = ServerAction::<CheckReceipt>::new();
    let receipt_error: FormError = form_outcome_then(receipt, Some(refresh));
    let receipt_pending: Signal<bool> = receipt.pending().into();
    let recompute = ServerAction::<RecomputeTally>::new();
    let recompute_error = form_outcome_then(recompute, Some(refresh));
    let publish = ServerAction::<AdvanceBudget>::new();
    let publish_error = form_outcome_then(publish, Some(refresh));
    let multi = p.headings.len() > 1;
    let title = t_args("tally-title", &[("budget", info.title.get(locale).to_owned().into())]);
    let rule = info.tallied_rule.clone().unwrap_or_else(|| info.tally_rule.as_str().to_owned());
    let other_rule = if rule == "equal_shares" { "greedy_votes" } else { "equal_shares" };
    view! {
        <Title text=title.clone() />
        <nav aria-label=t("breadcrumb-label") class="breadcrumb">
            <a href=format!("/processes/{}", info.process_slug)>{info.process_title.get(locale).to_owned()}</a>
            " › "
            <a href=format!("/budgets/{id}")>{info.title.get(locale).to_owned()}</a>
        </nav>
        <Notice />
        <h1>{title}</h1>
        {(!p.published).then(|| view! { <p class="callout">{t("tally-preview")}</p> })}
        <p class="lead">
            {t_args("tally-intro", &[("count", p.total_ballots.into()), ("rule", tally_rule_name(&rule).into())])}
        </p>
        <ImportedNote source=info.imported_from.clone() />
        <TallyExplanation rule=rule.clone() />
        {p
            .headings
            .clone()
            .into_iter()
            .map(|h| view! { <HeadingTallyView h info=info.clone() show_name=multi /> })
            .collect_view()}
        <section aria-labelledby="downloads-title">
            <h2 id="downloads-title">{t("tally-downloads")}</h2>
            <ul>
                <li>
                    <a href=format!("/budgets/{id}/projects.csv") download>
                        {t("tally-download-projects-csv")}
                    </a>
                </li>
                <li>
                    <a href=format!("/budgets/{id}/ballots.csv") download>
                        {t("tally-download-ballots-csv")}
                    </a>
                </li>
            </ul>
            <p class="hint">{t("tally-downloads-hint")}</p>
        </section>
        <section id="receipt" aria-labelledby="receipt-title">
            <h2 id="receipt-title">{t("receipt-title")}</h2>
            <p>{t("receipt-intro")}</p>
            {ballot
                .map(|b| {
                    view! {
                        <div class="notice" role="status">
                            <p>
                                <strong>{t("receipt-found")}</strong>
                            </p>
                            <p>
                                {t_args(
                                    "receipt-voter-id",
                                    &[
                                        ("id", b.voter_id.clone().into()),
                                        ("heading", b.heading.get(locale).to_owned().into()),
                                    ],
                                )}
                            </p>
                            <ul>
                                {b
                                    .projects
                                    .iter()
                                    .map(|(title, points)| {
                                        view! {
                                            <li>{title.clone()} {(*points > 1).then(|| format!(" ({points})"))}</li>
                                        }
                                    })
                                    .collect_view()}
                            </ul>
                        </div>
                    }
                })}
            <ActionForm action=receipt attr:id="receipt-form" attr:novalidate=true>
                <ErrorSummary error=receipt_error form_id="receipt-form" />
                <CsrfField />
                <input type="hidden" name="id" value=id.to_string() />
                <Field
                    form_id="receipt-form"
                    name="receipt"
                    label="receipt-field"
                    hint="receipt-field-hint"
                    autocomplete="off"
                    error=receipt_error
                />
                <SubmitButton label="receipt-check" pending=receipt_pending />
            </ActionForm>
        </section>
        {(p.can_manage && !p.published)
            .then(|| {
                view! {
                    <section class="staff-box" aria-labelledby="staff-results-title">
                        <h2 id="staff-results-title">{t("tally-staff-title")}</h2>
                        <ErrorSummary error=publish_error form_id="publish-results" />
                        <ErrorSummary error=recompute_error form_id="recompute" />
                        <p>{t("tally-staff-intro")}</p>
                        <ActionForm action=recompute attr:class="inline-form">
                            <CsrfField />
                            <input type="hidden" name="id" value=id.to_string() />
                            <input type="hidden" name="rule" value=other_rule />
                            <button type="submit" class="button secondary">
                                {t_args("tally-recompute-with", &[("rule", tally_rule_name(other_rule).into())])}
                            </button>
                        </ActionForm>
                        <ActionForm action=publish attr:class="inline-form">
                            <CsrfField />
                            <input type="hidden" name="id" value=id.to_string() />
                            <input type="hidden" name="to" value="published" />
                            <button type="submit" class="button">
                                {t("tally-publish")}
                            </button>
                        </ActionForm>
                    </section>
                }
                    .into_any()
            })}
    }
    .into_any()
}
