//! One report: its timeline, me-too and follow, and the staff panel.

use super::staff_panel::StaffPanelView;
use super::*;

#[component]
pub fn ReportPageView() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.read().get("id").and_then(|v| v.parse::<ReportId>().ok()).unwrap_or_default();
    let refresh = RwSignal::new(0u32);
    let page = Resource::new_blocking(move || (id(), refresh.get()), |(id, _)| get_report_page(id));
    view! {
        <Suspense fallback=Loading>
            {move || {
                page.get()
                    .map(|r| match r {
                        Err(e) => view! { <PageError error=e /> }.into_any(),
                        Ok(p) => view! { <ReportBody page=p refresh /> }.into_any(),
                    })
            }}
        </Suspense>
    }
}

fn timeline_text(kind: UpdateKind, from: Option<ReportState>, to: Option<ReportState>) -> String {
    match (kind, to) {
        (UpdateKind::State, Some(to)) => t_args(
            "report-timeline-state",
            &[("from", state_label(from.unwrap_or(ReportState::Open)).into()), ("to", state_label(to).into())],
        ),
        (k, _) => t(&format!("report-timeline-{}", k.kebab())),
    }
}

#[component]
fn ReportBody(page: ReportPage, refresh: RwSignal<u32>) -> impl IntoView {
    let ctx = use_page();
    let locale = ctx.locale;
    let csrf = ctx.csrf.clone();
    let p = page;
    let id = p.id;
    let query = use_query_map();
    let photo_error = query.read_untracked().get("error").map(|c| reason_text(&c));
    let me_too = ServerAction::<MeToo>::new();
    let follow = ServerAction::<FollowReport>::new();
    let reopen = ServerAction::<ReopenReport>::new();
    let me_too_error = form_outcome_then(me_too, Some(refresh));
    let follow_error = form_outcome_then(follow, Some(refresh));
    let reopen_error = form_outcome_then(reopen, Some(refresh));
    let reopen_pending: Signal<bool> = reopen.pending().into();
    let point = p.latitude.zip(p.longitude);
    view! {
        <Title text=p.title.clone() />
        <ShareMeta title=p.title.clone() description=p.category.get(locale).to_owned() />
        <nav aria-label=t("breadcrumb-label") class="breadcrumb">
            <a href="/reports">{t("reports-title")}</a>
        </nav>
        <Notice />
        {(!p.confirmed)
            .then(|| {
                view! {
                    <div class="callout" role="note">
                        <p>
                            <strong>{t("report-unconfirmed")}</strong>
                        </p>
                        <p>{t("report-unconfirmed-body")}</p>
                    </div>
                }
            })}
        <article class="report">
            <h1>{p.title.clone()}</h1>
            <p class="meta">
                <span class=format!("badge report-{}", p.state)>{state_label(p.state)}</span>
                " "
                <span class="tag">{p.category.get(locale).to_owned()}</span>
                {p
                    .district
                    .as_ref()
                    .map(|d| {
                        view! {
                            " "
                            <span class="tag">{d.get(locale).to_owned()}</span>
                        }
                    })}
                " "
                <time>{p.created_at.clone()}</time>
            </p>
            <p class="meta">
                {match &p.reporter_name {
                    Some(n) => t_args("report-by", &[("name", n.clone().into())]),
                    None => t("report-by-anonymous"),
                }}
            </p>
            {p
                .department
                .as_ref()
                .map(|d| {
                    view! {
                        <p class="meta">
                            {t_args("report-department", &[("department", d.get(locale).to_owned().into())])}
                        </p>
                    }
                })}
            {p
                .duplicate_of
                .clone()
                .map(|(did, title)| {
                    view! {
                        <p class="callout">
                            {t("report-duplicate-of")} " " <a href=format!("/reports/{did}")>{title}</a>
                        </p>
                    }
                })}
            {p
                .referred_to
                .clone()
                .map(|r| view! { <p class="callout">{t_args("report-referred-to", &[("body", r.into())])}</p> })}
            {p
                .address
                .clone()
                .map(|a| view! { <p class="meta">{t_args("report-address", &[("address", a.into())])}</p> })}
            {point
                .map(|(lat, lon)| {
                    view! {
                        <p class="meta">
                            {t_args(
                                "proposal-coordinates",
                                &[("lat", format!("{lat:.5}").into()), ("lon", format!("{lon:.5}").into())],
                            )}
                        </p>
                        <MapBox
                            map=p.map.clone()
                            id="report-point-map"
                            kind="point"
                            label=t("report-map-point-label")
                            point=Some((lat, lon))
                        />
                    }
                })}
            <div class="prose" inner_html=p.description_html.clone()></div>
            {(!p.answers.is_empty())
                .then(|| {
                    view! {
                        <dl class="answers">
                            {p
                                .answers
                                .iter()
                                .map(|(q, a)| {
                                    view! {
                                        <dt>{q.get(locale).to_owned()}</dt>
                                        <dd>{a.get(locale).to_owned()}</dd>
                                    }
                                })
                                .collect_view()}
                        </dl>
                    }
                })}
            <section id="photos" aria-labelledby="photos-title">
                {(!p.photos.is_empty() || p.can_add_photos)
                    .then(|| view! { <h2 id="photos-title">{t("report-photos")}</h2> })}
                <div class="gallery">
                    {p
                        .photos
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
                {p
                    .can_add_photos
                    .then(|| {
                        view! {
                            {photo_error
                                .clone()
                                .map(|m| {
                                    view! {
                                        <div class="error-summary" role="alert">
                                            <p>{m}</p>
                                        </div>
                                    }
                                })}
                            <form
                                method="post"
                                enctype="multipart/form-data"
                                action=format!("/reports/{id}/photos?csrf={csrf}")
                                class="upload"
                            >
                                <div class="field">
                                    <label for="report-photo">{t("report-photo-file")}</label>
                                    <p class="hint">{t("report-photo-hint")}</p>
                                    <input
                                        type="file"
                                        id="report-photo"
                                        name="image"
                                        accept="image/jpeg,image/png,image/webp,image/gif"
                                        required=true
                                    />
                                </div>
                                <div class="field">
                                    <label for="report-photo-alt">{t("proposal-image-alt")}</label>
                                    <input type="text" id="report-photo-alt" name="alt" maxlength=200 />
                                </div>
                                <button type="submit" class="button secondary">
                                    {t("report-photo-upload")}
                                </button>
                            </form>
                        }
                    })}
            </section>
        </article>
        <crate::pages::accountability::OutcomesSection outcomes=p.outcomes.clone() />

        {p
            .confirmed
            .then(|| {
                view! {
                    <section id="me-too" aria-labelledby="me-too-title" class="support-box">
                        <h2 id="me-too-title">{t("report-me-too-title")}</h2>
                        <p class="big-count">
                            {t_args("report-me-too-count", &[("count", i64::from(p.me_too_count).into())])}
                        </p>
                        <ErrorSummary error=me_too_error form_id="me-too" />
                        {if p.me_too_by_me {
                            view! { <p>{t("report-me-too-done")}</p> }.into_any()
                        } else if p.can_me_too.allowed {
                            view! {
                                <ActionForm action=me_too attr:class="inline-form">
                                    <CsrfField />
                                    <input type="hidden" name="id" value=id.to_string() />
                                    <button type="submit" class="button">
                                        {t("report-me-too")}
                                    </button>
                                </ActionForm>
                            }
                                .into_any()
                        } else if !p.signed_in {
                            view! {
                                <p>
                                    <a href=format!("/sign-in?next=/reports/{id}")>{t("report-me-too-sign-in")}</a>
                                </p>
                            }
                                .into_any()
                        } else {
                            view! { <p class="reason">{p.can_me_too.reason.as_deref().map(reason_text)}</p> }.into_any()
                        }}
                        <div id="follow">
                            <ErrorSummary error=follow_error form_id="follow" />
                            {p
                                .can_follow
                                .then(|| {
                                    if p.following {
                                        view! {
                                            <ActionForm action=follow attr:class="inline-form">
                                                <CsrfField />
                                                <input type="hidden" name="id" value=id.to_string() />
                                                <input type="hidden" name="follow" value="false" />
                                                <button type="submit" class="button secondary">
                                                    {t("report-unfollow")}
                                                </button>
                                            </ActionForm>
                                        }
                                            .into_any()
                                    } else {
                                        view! {
                                            <ActionForm action=follow attr:class="inline-form">
                                                <CsrfField />
                                                <input type="hidden" name="id" value=id.to_string() />
                                                <input type="hidden" name="follow" value="true" />
                                                <button type="submit" class="button secondary">
                                                    {t("report-follow")}
                                                </button>
                                            </ActionForm>
                                        }
                                            .into_any()
                                    }
                                })}
                            " "
                            <a href=format!("/reports/feed.atom?report={id}")>{t("report-feed")}</a>
                        </div>
                    </section>
                }
                    .into_any()
            })}

        {p
            .can_reopen
            .allowed
            .then(|| {
                view! {
                    <section id="reopen" aria-labelledby="reopen-title" class="callout">
                        <h2 id="reopen-title">{t("report-reopen-title")}</h2>
                        <p>
                            {t_args(
                                "report-reopen-intro",
                                &[("date", p.reopen_until.clone().unwrap_or_default().into())],
                            )}
                        </p>
                        <ActionForm action=reopen attr:id="reopen-form" attr:novalidate=true>
                            <ErrorSummary error=reopen_error form_id="reopen-form" />
                            <CsrfField />
                            <input type="hidden" name="id" value=id.to_string() />
                            <TextArea
                                form_id="reopen-form"
                                name="comment"
                                label="report-reopen-comment"
                                rows=3
                                error=reopen_error
                            />
                            <SubmitButton label="report-reopen" pending=reopen_pending />
                        </ActionForm>
                    </section>
                }
                    .into_any()
            })}

        <section id="timeline" aria-labelledby="timeline-title">
            <h2 id="timeline-title">{t("report-timeline")}</h2>
            <ol class="timeline">
                {p
                    .timeline
                    .iter()
                    .map(|e| {
                        view! {
                            <li class:internal=!e.public id=format!("update-{}", e.id)>
                                <p class="meta">
                                    <time>{e.created_at.clone()}</time>
                                    " · "
                                    <strong>{timeline_text(e.kind, e.state_from, e.state_to)}</strong>
                                    {e
                                        .author
                                        .clone()
                                        .map(|a| {
                                            view! {
                                                " · "
                                                {a}
                                            }
                                        })}
                                    {(!e.public)
                                        .then(|| {
                                            view! {
                                                " "
                                                <span class="badge warn">{t("report-internal")}</span>
                                            }
                                        })}
                                </p>
                                {(!e.body_html.is_empty())
                                    .then(|| view! { <div class="prose" inner_html=e.body_html.clone()></div> })}
                            </li>
                        }
                    })
                    .collect_view()}
            </ol>
        </section>

        {p.staff.clone().map(|s| view! { <StaffPanelView id=id panel=s refresh /> })}
    }
    .into_any()
}
