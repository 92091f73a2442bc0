//! Projects: the card on the budget page and the project's own page.

use super::*;
use yoriai_domain::ProjectId;

#[component]
pub(super) fn ProjectCardView(
    card: ProjectCard,
    info: BudgetInfo,
    can_vote: bool,
    cumulative: bool,
    here: String,
    add: ServerAction<AddToBallot>,
    remove: ServerAction<RemoveFromBallot>,
) -> impl IntoView {
    let locale = use_page().locale;
    let c = card;
    let pid = c.id;
    let back = format!("{here}#project-{pid}");
    let back2 = back.clone();
    let max_points = info.points.unwrap_or(1);
    let feasible = c.feasibility == Feasibility::Feasible;
    let for_title = format!(" – {}", c.title);
    let for_title2 = for_title.clone();
    view! {
        <li class="card project" id=format!("project-{pid}") class:in-ballot=c.in_ballot.is_some()>
            {c
                .image
                .clone()
                .map(|i| {
                    view! { <img class="card-image" src=upload_url(&i.key, true) alt=i.alt.clone() loading="lazy" /> }
                })}
            <h3>
                <a href=format!("/projects/{pid}")>{c.title.clone()}</a>
            </h3>
            <p class="cost">{money(c.cost, &info.currency, locale)}</p>
            {c
                .category
                .as_ref()
                .map(|cat| {
                    view! {
                        <p>
                            <span class="tag">{cat.name.get(locale).to_owned()}</span>
                        </p>
                    }
                })}
            {(c.feasibility == Feasibility::Pending)
                .then(|| {
                    view! {
                        <p>
                            <span class="badge">{t("project-pending")}</span>
                        </p>
                    }
                })}
            <p>{c.summary.clone()}</p>
            {c.selected.then(|| view! { <p class="badge ok">{t("project-funded")}</p> })}
            {c
                .in_ballot
                .map(|pts| {
                    view! {
                        <p class="badge ok">
                            {if cumulative {
                                t_args("ballot-in-with-points", &[("points", i64::from(pts).into())])
                            } else {
                                t("ballot-in")
                            }}
                        </p>
                    }
                })}
            {(can_vote && feasible)
                .then(|| {
                    if cumulative {
                        let current = c.in_ballot.unwrap_or(1);
                        let input_id = format!("points-{pid}");
                        view! {
                            <ActionForm action=add attr:class="inline-form points-form">
                                <CsrfField />
                                <input type="hidden" name="id" value=pid.to_string() />
                                <input type="hidden" name="back" value=back.clone() />
                                <label for=input_id.clone()>{t("ballot-points-label")}</label>
                                <input
                                    id=input_id
                                    type="number"
                                    name="points"
                                    min="1"
                                    max=max_points
                                    value=current
                                    inputmode="numeric"
                                    class="short"
                                />
                                <button type="submit" class="button">
                                    {t("ballot-give-points")}
                                    <span class="visually-hidden">{for_title.clone()}</span>
                                </button>
                            </ActionForm>
                            {c
                                .in_ballot
                                .is_some()
                                .then(|| {
                                    view! {
                                        <ActionForm action=remove attr:class="inline-form">
                                            <CsrfField />
                                            <input type="hidden" name="id" value=pid.to_string() />
                                            <input type="hidden" name="back" value=back2.clone() />
                                            <button type="submit" class="link-button">
                                                {t("ballot-remove")}
                                                <span class="visually-hidden">{for_title2.clone()}</span>
                                            </button>
                                        </ActionForm>
                                    }
                                })}
                        }
                            .into_any()
                    } else if c.in_ballot.is_some() {
                        view! {
                            <ActionForm action=remove attr:class="inline-form">
                                <CsrfField />
                                <input type="hidden" name="id" value=pid.to_string() />
                                <input type="hidden" name="back" value=back.clone() />
                                <button type="submit" class="button secondary">
                                    {t("ballot-remove")}
                                    <span class="visually-hidden">{for_title.clone()}</span>
                                </button>
                            </ActionForm>
                        }
                            .into_any()
                    } else if c.fits {
                        view! {
                            <ActionForm action=add attr:class="inline-form">
                                <CsrfField />
                                <input type="hidden" name="id" value=pid.to_string() />
                                <input type="hidden" name="back" value=back.clone() />
                                <button type="submit" class="button">
                                    {t("ballot-add")}
                                    <span class="visually-hidden">{for_title.clone()}</span>
                                </button>
                            </ActionForm>
                        }
                            .into_any()
                    } else {
                        view! { <p class="reason">{t("ballot-does-not-fit")}</p> }.into_any()
                    }
                })}
        </li>
    }
    .into_any()
}

#[component]
pub fn ProjectPageView() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.read().get("id").and_then(|v| v.parse::<ProjectId>().ok()).unwrap_or_default();
    let refresh = RwSignal::new(0u32);
    let page = Resource::new_blocking(move || (id(), refresh.get()), |(id, _)| get_project_page(id));
    let locale = use_page().locale;
    let add = ServerAction::<AddToBallot>::new();
    let remove = ServerAction::<RemoveFromBallot>::new();
    let add_error = form_outcome_then(add, Some(refresh));
    let remove_error = form_outcome_then(remove, Some(refresh));
    view! {
        <Suspense fallback=Loading>
            {move || {
                page.get()
                    .map(|r| match r {
                        Err(e) => view! { <PageError error=e /> }.into_any(),
                        Ok(p) => {
                            let info = p.info.clone();
                            let pid = p.id;
                            let back = format!("/projects/{pid}");
                            let back2 = back.clone();
                            let checked_out = p.ballot.as_ref().is_some_and(|b| b.checked_out);
                            let can_vote = p.can_vote.allowed && !checked_out && p.feasibility == Feasibility::Feasible
                                && info.state == BudgetState::Voting;
                            let cumulative = info.ballot_rule == BallotRule::Cumulative;
                            let max_points = info.points.unwrap_or(1);
                            view! {
                                <Title text=p.title.clone() />
                                <nav aria-label=t("breadcrumb-label") class="breadcrumb">
                                    <a href=format!(
                                        "/processes/{}",
                                        info.process_slug,
                                    )>{info.process_title.get(locale).to_owned()}</a>
                                    " › "
                                    <a href=format!(
                                        "/budgets/{}?heading={}",
                                        info.id,
                                        p.heading.id,
                                    )>{info.title.get(locale).to_owned()}</a>
                                </nav>
                                <Notice />
                                <article class="project">
                                    <h1>{p.title.clone()}</h1>
                                    <p class="cost big-count">{money(p.cost, &info.currency, locale)}</p>
                                    <p class="meta">
                                        <span class="tag">{p.heading.name.get(locale).to_owned()}</span>
                                        {p
                                            .category
                                            .as_ref()
                                            .map(|c| {
                                                view! {
                                                    " "
                                                    <span class="tag">{c.name.get(locale).to_owned()}</span>
                                                }
                                            })}
                                        {p
                                            .external_id
                                            .clone()
                                            .map(|x| {
                                                view! {
                                                    " "
                                                    <span class="meta">
                                                        {t_args("project-external-id", &[("id", x.into())])}
                                                    </span>
                                                }
                                            })}
                                    </p>
                                    {p
                                        .address
                                        .clone()
                                        .map(|a| {
                                            view! {
                                                <p class="meta">
                                                    {t_args("proposal-address", &[("address", a.into())])}
                                                </p>
                                            }
                                        })}
                                    {p
                                        .latitude
                                        .zip(p.longitude)
                                        .map(|(lat, lon)| {
                                            view! {
                                                <p class="meta">
                                                    {t_args(
                                                        "proposal-coordinates",
                                                        &[
                                                            ("lat", format!("{lat:.5}").into()),
                                                            ("lon", format!("{lon:.5}").into()),
                                                        ],
                                                    )}
                                                </p>
                                            }
                                        })}
                                    <div class="gallery">
                                        {p
                                            .images
                                            .iter()
                                            .map(|i| {
                                                view! {
                                                    <img
                                                        src=upload_url(&i.key, false)
                                                        alt=i.alt.clone()
                                                        width=i.width
                                                        height=i.height
                                                        loading="lazy"
                                                    />
                                                }
                                            })
                                            .collect_view()}
                                    </div>
                                    <div class="prose" inner_html=p.description_html.clone()></div>
                                    {p
                                        .proposal
                                        .clone()
                                        .map(|(prop_id, title)| {
                                            view! {
                                                <p>
                                                    {t("project-from-proposal")} " "
                                                    <a href=format!("/proposals/{prop_id}")>{title}</a>
                                                </p>
                                            }
                                        })}
                                </article>
                                <section aria-labelledby="feasibility-title">
                                    <h2 id="feasibility-title">{t("project-feasibility")}</h2>
                                    <p>
                                        <span class=format!(
                                            "badge feasibility-{}",
                                            p.feasibility,
                                        )>{t(&format!("project-feasibility-{}", p.feasibility))}</span>
                                        {p
                                            .valuated_at
                                            .clone()
                                            .map(|d| {
                                                view! {
                                                    " "
                                                    <time class="meta">{d}</time>
                                                }
                                            })}
                                    </p>
                                    {(!p.feasibility_reason.is_empty())
                                        .then(|| view! { <p>{p.feasibility_reason.clone()}</p> })}
                                </section>
                                {p
                                    .tally_visible
                                    .then(|| {
                                        view! {
                                            <section aria-labelledby="result-title">
                                                <h2 id="result-title">{t("project-result")}</h2>
                                                <p>
                                                    {t_args("project-votes", &[("count", p.votes.unwrap_or(0).into())])}
                                                    " "
                                                    {if p.selected {
                                                        view! { <span class="badge ok">{t("project-funded")}</span> }
                                                            .into_any()
                                                    } else {
                                                        view! { <span class="badge">{t("project-not-funded")}</span> }
                                                            .into_any()
                                                    }}
                                                </p>
                                                <p>
                                                    <a href=format!(
                                                        "/budgets/{}/results",
                                                        info.id,
                                                    )>{t("budget-see-results")}</a>
                                                </p>
                                            </section>
                                        }
                                    })}
                                <crate::pages::accountability::OutcomesSection outcomes=p.outcomes.clone() />
                                <section id="ballot" aria-labelledby="ballot-title" class="ballot-box">
                                    <h2 id="ballot-title">{t("ballot-title")}</h2>
                                    <ErrorSummary error=add_error form_id="ballot-add" />
                                    <ErrorSummary error=remove_error form_id="ballot-remove" />
                                    {p
                                        .in_ballot
                                        .map(|pts| {
                                            view! {
                                                <p class="badge ok">
                                                    {if cumulative {
                                                        t_args(
                                                            "ballot-in-with-points",
                                                            &[("points", i64::from(pts).into())],
                                                        )
                                                    } else {
                                                        t("ballot-in")
                                                    }}
                                                </p>
                                            }
                                        })}
                                    {if can_vote {
                                        let in_ballot = p.in_ballot.is_some();
                                        view! {
                                            {(cumulative || !in_ballot)
                                                .then(|| {
                                                    view! {
                                                        <ActionForm action=add attr:class="inline-form points-form">
                                                            <CsrfField />
                                                            <input type="hidden" name="id" value=pid.to_string() />
                                                            <input type="hidden" name="back" value=back.clone() />
                                                            {cumulative
                                                                .then(|| {
                                                                    view! {
                                                                        <label for="project-points">
                                                                            {t("ballot-points-label")}
                                                                        </label>
                                                                        <input
                                                                            id="project-points"
                                                                            type="number"
                                                                            name="points"
                                                                            min="1"
                                                                            max=max_points
                                                                            value=p.in_ballot.unwrap_or(1)
                                                                            inputmode="numeric"
                                                                            class="short"
                                                                        />
                                                                    }
                                                                })}
                                                            <button type="submit" class="button">
                                                                {if cumulative {
                                                                    t("ballot-give-points")
                                                                } else {
                                                                    t("ballot-add")
                                                                }}
                                                            </button>
                                                        </ActionForm>
                                                    }
                                                })}
                                            {in_ballot
                                                .then(|| {
                                                    view! {
                                                        <ActionForm action=remove attr:class="inline-form">
                                                            <CsrfField />
                                                            <input type="hidden" name="id" value=pid.to_string() />
                                                            <input type="hidden" name="back" value=back2.clone() />
                                                            <button type="submit" class="button secondary">
                                                                {t("ballot-remove")}
                                                            </button>
                                                        </ActionForm>
                                                    }
                                                })}
                                        }
                                            .into_any()
                                    } else if !p.signed_in && info.state == BudgetState::Voting {
                                        view! {
                                            <p>
                                                <a href=format!(
                                                    "/sign-in?next=/projects/{pid}",
                                                )>{t("ballot-sign-in")}</a>
                                            </p>
                                        }
                                            .into_any()
                                    } else {
                                        ().into_any()
                                    }}
                                    <p>
                                        <a href=format!(
                                            "/budgets/{}?heading={}#ballot",
                                            info.id,
                                            p.heading.id,
                                        )>{t("ballot-see")}</a>
                                    </p>
                                </section>
                                {(p.can_manage || p.can_valuate)
                                    .then(|| {
                                        view! {
                                            <p>
                                                <a class="button secondary" href=format!("/admin/projects/{pid}")>
                                                    {t("project-manage")}
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
}
