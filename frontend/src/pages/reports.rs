//! Street-report pages: the list (with a map when JavaScript runs), reporting in two
//! steps (where and what, then the details), a report with its timeline and the staff
//! panel, the department inbox, area alerts, and the emailed-link pages.
//!
//! Every page works without JavaScript and without a map: a place can be given as an
//! address or description (and a district), the list is the accessible twin of the
//! map, and every action is a form.

use crate::api::reports::*;
use crate::components::form::{
    form_outcome, form_outcome_then, Checkbox, CsrfField, ErrorSummary, Field, FormError, Select, SubmitButton,
    TextArea,
};
use crate::components::head::ShareMeta;
use crate::components::notice::Notice;
use crate::context::{t, t_args, use_page};
use crate::pages::common::{reason_text, upload_url, Loading, PageError};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};
use yoriai_domain::report::{DESCRIPTION_MAX_CHARS, TITLE_MAX_CHARS};
use yoriai_domain::Locale;
use yoriai_views::reports::{MapConfig, QuestionView, ReportCard, ReportPage};
use yoriai_views::Named;

pub fn state_label(state: &str) -> String {
    t(&format!("report-state-{}", state.replace('_', "-")))
}

fn named_options(items: &[Named], locale: Locale, none: String) -> Vec<(String, String)> {
    std::iter::once((String::new(), none))
        .chain(items.iter().map(|n| (n.id.to_string(), n.name.get(locale).to_owned())))
        .collect()
}

fn distance_text(m: i64) -> String {
    if m < 1_000 {
        t_args("report-distance-m", &[("m", m.into())])
    } else {
        t_args("report-distance-km", &[("km", format!("{:.1}", m as f64 / 1000.0).into())])
    }
}

/// A map element for `map.js` (nothing happens without JavaScript).
#[component]
fn MapBox(
    map: MapConfig,
    #[prop(into)] id: String,
    kind: &'static str,
    #[prop(into)] label: String,
    #[prop(default = String::new(), into)] lat_input: String,
    #[prop(default = String::new(), into)] lon_input: String,
    #[prop(default = None)] point: Option<(f64, f64)>,
    #[prop(default = String::new(), into)] query: String,
    #[prop(default = String::new(), into)] status: String,
) -> impl IntoView {
    let center = format!("{},{}", map.center_lat, map.center_lon);
    view! {
        <div
            id=id
            class="map"
            role="region"
            aria-label=label
            data-map=kind
            data-tiles=map.tile_url
            data-attribution=map.attribution
            data-center=center
            data-zoom=map.zoom.to_string()
            data-lat-input=(!lat_input.is_empty()).then_some(lat_input)
            data-lon-input=(!lon_input.is_empty()).then_some(lon_input)
            data-lat=point.map(|p| p.0.to_string())
            data-lon=point.map(|p| p.1.to_string())
            data-geojson=(kind == "reports").then_some("/reports/map.geojson")
            data-query=(!query.is_empty()).then_some(query)
            data-status=(!status.is_empty()).then_some(status)
            data-pin-label=t("report-map-pin")
            data-placed-text=t("report-map-placed")
            data-locate-failed-text=t("report-locate-failed")
        ></div>
    }
}

#[component]
fn Card(card: ReportCard) -> impl IntoView {
    let locale = use_page().locale;
    let c = card;
    view! {
        <li class="card report-card">
            {c.photo.clone().map(|p| view! { <img class="card-image" src=upload_url(&p.key, true) alt=p.alt.clone() loading="lazy"/> })}
            <h3><a href=format!("/reports/{}", c.id)>{c.title.clone()}</a></h3>
            <p class="meta">
                <span class=format!("badge report-{}", c.state)>{state_label(&c.state)}</span>
                " " <span class="tag">{c.category.get(locale).to_owned()}</span>
                {c.district.as_ref().map(|d| view! { " " <span class="tag">{d.get(locale).to_owned()}</span> })}
            </p>
            <p class="meta"><time>{c.created_at.clone()}</time>
                {(c.me_too_count > 0).then(|| view! { " · " {t_args("report-me-too-count", &[("count", i64::from(c.me_too_count).into())])} })}
                {c.distance_m.map(|m| view! { " · " {distance_text(m)} })}
            </p>
            {c.address.clone().map(|a| view! { <p class="meta">{a}</p> })}
        </li>
    }
}

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
        <Title text=t("reports-title")/>
        <Notice/>
        <h1>{t("reports-title")}</h1>
        <p class="lead">{t("reports-intro")}</p>
        <p class="actions">
            <a class="button" href="/reports/new">{t("report-new")}</a>
            {signed_in.then(|| view! { <a class="button secondary" href="/alerts">{t("alerts-title")}</a> })}
        </p>
        <Suspense fallback=Loading>
            {move || list.get().map(|r| match r {
                Err(e) => view! { <PageError error=e/> }.into_any(),
                Ok(l) => {
                    let p = params();
                    let v = |o: &Option<String>| o.clone().unwrap_or_default();
                    let (category, state, district, from, to, sort, lat, lon) =
                        (v(&p.category), v(&p.state), v(&p.district), v(&p.from), v(&p.to), v(&p.sort), v(&p.lat), v(&p.lon));
                    let mut map_query = Vec::new();
                    if !category.is_empty() { map_query.push(format!("category={category}")); }
                    if !state.is_empty() { map_query.push(format!("state={state}")); }
                    let next_href = l.next.clone().map(|c| {
                        let mut q: Vec<String> = [("category", &category), ("state", &state), ("district", &district), ("from", &from), ("to", &to), ("sort", &sort), ("lat", &lat), ("lon", &lon)]
                            .iter().filter(|(_, v)| !v.is_empty()).map(|(k, v)| format!("{k}={v}")).collect();
                        q.push(format!("cursor={c}"));
                        format!("/reports?{}", q.join("&"))
                    });
                    let feed = (!district.is_empty()).then(|| format!("/reports/feed.atom?district={district}"));
                    let cat_opts = named_options(&l.categories, locale, t("filter-any"));
                    let dist_opts = named_options(&l.districts, locale, t("filter-any"));
                    view! {
                        <form method="get" action="/reports" class="filters" aria-labelledby="report-filters-title">
                            <h2 id="report-filters-title" class="visually-hidden">{t("filters-title")}</h2>
                            <div class="field"><label for="f-category">{t("report-field-category")}</label>
                                <select id="f-category" name="category">
                                    {cat_opts.into_iter().map(|(val, label)| { let s = val == category; view! { <option value=val selected=s>{label}</option> } }).collect_view()}
                                </select></div>
                            <div class="field"><label for="f-state">{t("report-filter-state")}</label>
                                <select id="f-state" name="state">
                                    {[("", t("filter-any")), ("open", t("report-filter-open")), ("closed", t("report-filter-closed"))].into_iter()
                                        .map(|(val, label)| { let s = val == state; view! { <option value=val selected=s>{label}</option> } }).collect_view()}
                                </select></div>
                            <div class="field"><label for="f-district">{t("report-field-district")}</label>
                                <select id="f-district" name="district">
                                    {dist_opts.into_iter().map(|(val, label)| { let s = val == district; view! { <option value=val selected=s>{label}</option> } }).collect_view()}
                                </select></div>
                            <div class="field"><label for="f-from">{t("report-filter-from")}</label><input type="date" id="f-from" name="from" value=from.clone()/></div>
                            <div class="field"><label for="f-to">{t("report-filter-to")}</label><input type="date" id="f-to" name="to" value=to.clone()/></div>
                            <div class="field"><label for="f-sort">{t("filter-sort")}</label>
                                <select id="f-sort" name="sort">
                                    {[("newest", t("report-sort-newest")), ("me_too", t("report-sort-me-too")), ("nearest", t("report-sort-nearest"))].into_iter()
                                        .map(|(val, label)| { let s = val == sort; view! { <option value=val selected=s>{label}</option> } }).collect_view()}
                                </select></div>
                            <details class="near" open=!lat.is_empty()>
                                <summary>{t("report-filter-near")}</summary>
                                <p class="hint">{t("report-filter-near-hint")}</p>
                                <div class="field"><label for="f-lat">{t("proposal-field-latitude")}</label><input id="f-lat" name="lat" inputmode="decimal" value=lat.clone()/></div>
                                <div class="field"><label for="f-lon">{t("proposal-field-longitude")}</label><input id="f-lon" name="lon" inputmode="decimal" value=lon.clone()/></div>
                            </details>
                            <button type="submit" class="button secondary">{t("filter-apply")}</button>
                        </form>
                        <MapBox map=l.map.clone() id="reports-map" kind="reports" label=t("report-map-list-label") query=map_query.join("&")/>
                        <p class="hint map-hint">{t("report-map-hint")}</p>
                        <section aria-labelledby="report-list-title">
                            <h2 id="report-list-title">{t("reports-list-title")}</h2>
                            {if l.items.is_empty() {
                                view! { <p>{t("reports-empty")}</p> }.into_any()
                            } else {
                                view! { <ul class="cards">{l.items.into_iter().map(|c| view! { <Card card=c/> }).collect_view()}</ul> }.into_any()
                            }}
                            {next_href.map(|h| view! { <p><a class="button secondary" href=h>{t("pagination-next")}</a></p> })}
                        </section>
                        {feed.map(|f| view! { <p><a href=f>{t("report-feed-district")}</a></p> })}
                    }.into_any()
                }
            })}
        </Suspense>
    }
}

/// One extra question as a form control, named `answers[code]`.
#[component]
fn QuestionField(q: QuestionView, error: FormError) -> impl IntoView {
    let locale = use_page().locale;
    let field = format!("q_{}", q.code);
    let id = format!("report-form-q-{}", q.code.replace('_', "-"));
    let name = format!("answers[{}]", q.code);
    let echoed = error.get_untracked().and_then(|e| e.value(&field).map(str::to_owned)).unwrap_or_default();
    let field_for_error = field.clone();
    let message = move || {
        error
            .get()
            .and_then(|e| e.field(&field_for_error).cloned())
            .map(|f| crate::error::AppError::field_message(locale, &f))
    };
    let label = q.label.get(locale).to_owned();
    let required = q.required;
    let control = match q.kind.as_str() {
        "yes_no" | "list" => {
            let options: Vec<(String, String)> = if q.kind == "yes_no" {
                vec![("yes".into(), t("answer-yes")), ("no".into(), t("answer-no"))]
            } else {
                q.options.iter().map(|(k, l)| (k.clone(), l.get(locale).to_owned())).collect()
            };
            view! {
                <select id=id.clone() name=name.clone() required=required>
                    <option value="">{t("answer-choose")}</option>
                    {options.into_iter().map(|(k, l)| { let s = k == echoed; view! { <option value=k selected=s>{l}</option> } }).collect_view()}
                </select>
            }.into_any()
        }
        "number" => view! { <input id=id.clone() name=name.clone() inputmode="decimal" required=required value=echoed.clone()/> }.into_any(),
        _ => view! { <input id=id.clone() name=name.clone() maxlength=500 required=required value=echoed.clone()/> }.into_any(),
    };
    view! {
        <div class="field">
            <label for=id.clone()>{label}
                {required.then(|| view! { <span class="required">" (" {t("form-required")} ")"</span> })}</label>
            {move || message().map(|m| view! { <p class="field-error-message">{m}</p> })}
            {control}
        </div>
    }
}

#[component]
pub fn NewReportPageView() -> impl IntoView {
    let locale = use_page().locale;
    let query = use_query_map();
    let get = move |k: &str| query.read().get(k).filter(|v| !v.trim().is_empty());
    let data = Resource::new_blocking(
        move || (get("category"), get("lat"), get("lon")),
        |(c, lat, lon)| get_new_report_page(c, lat, lon),
    );
    let create = ServerAction::<CreateReport>::new();
    let error = form_outcome(create);
    let pending: Signal<bool> = create.pending().into();
    let me_too = ServerAction::<MeToo>::new();
    let me_too_error = form_outcome(me_too);
    view! {
        <Title text=t("report-new")/>
        <h1>{t("report-new")}</h1>
        <Suspense fallback=Loading>
            {move || data.get().map(|r| match r {
                Err(e) => view! { <PageError error=e/> }.into_any(),
                Ok(page) => {
                    let category = get("category").unwrap_or_default();
                    let lat = get("lat").unwrap_or_default();
                    let lon = get("lon").unwrap_or_default();
                    let address = get("address").unwrap_or_default();
                    let district = get("district").unwrap_or_default();
                    let chosen = page.categories.iter().find(|c| c.id.to_string() == category).cloned();
                    let has_place = (!lat.is_empty() && !lon.is_empty()) || !address.is_empty();
                    let step_two = chosen.is_some() && has_place && get("step").as_deref() == Some("details");
                    if !step_two {
                        let cat_opts: Vec<(String, String)> = std::iter::once((String::new(), t("answer-choose")))
                            .chain(page.categories.iter().map(|c| (c.id.to_string(), c.name.get(locale).to_owned())))
                            .collect();
                        let dist_opts = named_options(&page.districts, locale, t("report-district-unknown"));
                        let missing_place = get("step").is_some() && !has_place;
                        let missing_category = get("step").is_some() && chosen.is_none();
                        view! {
                            <p class="steps">{t("report-step-1")}</p>
                            <form method="get" action="/reports/new" id="report-where" class="report-where">
                                {(missing_place || missing_category).then(|| view! {
                                    <div class="error-summary" role="alert"><ul>
                                        {missing_category.then(|| view! { <li><a href="#where-category" target="_self">{t("error-category-unavailable")}</a></li> })}
                                        {missing_place.then(|| view! { <li><a href="#where-address" target="_self">{t("report-place-needed")}</a></li> })}
                                    </ul></div>
                                })}
                                <input type="hidden" name="step" value="details"/>
                                <div class="field"><label for="where-category">{t("report-field-category")}<span class="required">" (" {t("form-required")} ")"</span></label>
                                    <select id="where-category" name="category" required=true>
                                        {cat_opts.into_iter().map(|(val, label)| { let s = val == category; view! { <option value=val selected=s>{label}</option> } }).collect_view()}
                                    </select></div>
                                <fieldset>
                                    <legend>{t("report-where-legend")}</legend>
                                    <p class="hint">{t("report-where-hint")}</p>
                                    <MapBox map=page.map.clone() id="report-pick-map" kind="pick" label=t("report-map-pick-label") lat_input="#where-lat" lon_input="#where-lon" status="#where-status"/>
                                    <p class="map-tools">
                                        <button type="button" class="button secondary" data-pin-center="report-pick-map" hidden=true>{t("report-pin-center")}</button>
                                        " "
                                        <button type="button" class="button secondary" data-locate="report-pick-map" hidden=true>{t("report-use-location")}</button>
                                    </p>
                                    <p id="where-status" class="hint" role="status" aria-live="polite"></p>
                                    <div class="field"><label for="where-address">{t("report-field-address")}</label>
                                        <p class="hint">{t("report-field-address-hint")}</p>
                                        <input id="where-address" name="address" maxlength=200 value=address.clone()/></div>
                                    <div class="field"><label for="where-district">{t("report-field-district")}</label>
                                        <p class="hint">{t("report-field-district-hint")}</p>
                                        <select id="where-district" name="district">
                                            {dist_opts.into_iter().map(|(val, label)| { let s = val == district; view! { <option value=val selected=s>{label}</option> } }).collect_view()}
                                        </select></div>
                                    <details class="coordinates" open=!lat.is_empty()>
                                        <summary>{t("report-coordinates")}</summary>
                                        <div class="field"><label for="where-lat">{t("proposal-field-latitude")}</label><input id="where-lat" name="lat" inputmode="decimal" value=lat.clone()/></div>
                                        <div class="field"><label for="where-lon">{t("proposal-field-longitude")}</label><input id="where-lon" name="lon" inputmode="decimal" value=lon.clone()/></div>
                                    </details>
                                </fieldset>
                                <button type="submit" class="button">{t("report-continue")}</button>
                            </form>
                        }.into_any()
                    } else {
                        let c = chosen.unwrap_or_else(|| page.categories[0].clone());
                        let back = format!("/reports/new?category={}&lat={}&lon={}&address={}&district={}", c.id, lat, lon, urlencode(&address), district);
                        let place = if !lat.is_empty() { format!("{lat}, {lon}") } else { address.clone() };
                        let nearby = page.nearby.clone();
                        let signed_in = page.signed_in;
                        let display_name = page.display_name.clone();
                        let questions = c.questions.clone();
                        view! {
                            <p class="steps">{t("report-step-2")}</p>
                            <div class="summary-box">
                                <p><strong>{c.name.get(locale).to_owned()}</strong> " · " {place}
                                    {(!address.is_empty() && !lat.is_empty()).then(|| view! { " · " {address.clone()} })}</p>
                                <p><a href=back>{t("report-change-where")}</a></p>
                            </div>
                            {(!nearby.is_empty()).then(|| view! {
                                <section class="callout" aria-labelledby="nearby-title">
                                    <h2 id="nearby-title">{t("report-nearby-title")}</h2>
                                    <p>{t("report-nearby-intro")}</p>
                                    <ErrorSummary error=me_too_error form_id="me-too"/>
                                    <ul class="nearby">
                                        {nearby.into_iter().map(|n| {
                                            let nid = n.id;
                                            view! {
                                                <li>
                                                    <a href=format!("/reports/{nid}")>{n.title.clone()}</a>
                                                    " " <span class="meta">{n.distance_m.map(distance_text)} " · " {state_label(&n.state)}</span>
                                                    {if n.own {
                                                        view! { " " <span class="tag">{t("report-your-own")}</span> }.into_any()
                                                    } else if signed_in {
                                                        view! {
                                                            <ActionForm action=me_too attr:class="inline-form">
                                                                <CsrfField/><input type="hidden" name="id" value=nid/>
                                                                <button type="submit" class="button secondary">{t("report-me-too")}<span class="visually-hidden">{format!(" – {}", n.title)}</span></button>
                                                            </ActionForm>
                                                        }.into_any()
                                                    } else {
                                                        view! { <a href=format!("/sign-in?next=/reports/{nid}")>{t("report-me-too-sign-in")}</a> }.into_any()
                                                    }}
                                                </li>
                                            }
                                        }).collect_view()}
                                    </ul>
                                    <p>{t("report-nearby-continue")}</p>
                                </section>
                            }.into_any())}
                            <ActionForm action=create attr:id="report-form" attr:novalidate=true>
                                <ErrorSummary error form_id="report-form"/>
                                <CsrfField/>
                                <input type="hidden" name="category_id" value=c.id/>
                                <input type="hidden" name="latitude" value=lat.clone()/>
                                <input type="hidden" name="longitude" value=lon.clone()/>
                                <input type="hidden" name="address" value=address.clone()/>
                                <input type="hidden" name="district_id" value=district.clone()/>
                                {questions.into_iter().map(|q| view! { <QuestionField q error/> }).collect_view()}
                                <Field form_id="report-form" name="title" label="report-field-title" hint="report-field-title-hint" maxlength=TITLE_MAX_CHARS error/>
                                <TextArea form_id="report-form" name="description" label="report-field-description" hint="report-field-description-hint" maxlength=DESCRIPTION_MAX_CHARS error/>
                                {if signed_in {
                                    view! {
                                        <Checkbox form_id="report-form" name="show_name" label="report-field-show-name" hint="report-field-show-name-hint" checked=false/>
                                        <p class="hint">{t_args("report-you-are", &[("name", display_name.clone().unwrap_or_default().into())])}</p>
                                    }.into_any()
                                } else {
                                    view! {
                                        <fieldset>
                                            <legend>{t("report-contact-legend")}</legend>
                                            <p class="hint">{t("report-contact-hint")}</p>
                                            <Field form_id="report-form" name="email" label="field-email" input_type="email" autocomplete="email" error/>
                                            <Field form_id="report-form" name="name" label="report-field-name" required=false autocomplete="name" error/>
                                            <Field form_id="report-form" name="phone" label="report-field-phone" required=false input_type="tel" autocomplete="tel" error/>
                                            <Checkbox form_id="report-form" name="show_name" label="report-field-show-name" hint="report-field-show-name-hint" checked=false/>
                                        </fieldset>
                                    }.into_any()
                                }}
                                <p class="hint">{t("report-photos-next")}</p>
                                <SubmitButton label="report-send" pending/>
                            </ActionForm>
                        }.into_any()
                    }
                }
            })}
        </Suspense>
    }
}

fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[component]
pub fn ReportPageView() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.read().get("id").and_then(|v| v.parse::<i64>().ok()).unwrap_or(0);
    let refresh = RwSignal::new(0u32);
    let page = Resource::new_blocking(move || (id(), refresh.get()), |(id, _)| get_report_page(id));
    view! {
        <Suspense fallback=Loading>
            {move || page.get().map(|r| match r {
                Err(e) => view! { <PageError error=e/> }.into_any(),
                Ok(p) => view! { <ReportBody page=p refresh/> }.into_any(),
            })}
        </Suspense>
    }
}

fn timeline_text(kind: &str, from: Option<&str>, to: Option<&str>) -> String {
    match (kind, to) {
        ("state", Some(to)) => t_args(
            "report-timeline-state",
            &[("from", state_label(from.unwrap_or("open")).into()), ("to", state_label(to).into())],
        ),
        (k, _) => t(&format!("report-timeline-{k}")),
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
        <Title text=p.title.clone()/>
        <ShareMeta title=p.title.clone() description=p.category.get(locale).to_owned()/>
        <nav aria-label=t("breadcrumb-label") class="breadcrumb"><a href="/reports">{t("reports-title")}</a></nav>
        <Notice/>
        {(!p.confirmed).then(|| view! { <div class="callout" role="note"><p><strong>{t("report-unconfirmed")}</strong></p><p>{t("report-unconfirmed-body")}</p></div> })}
        <article class="report">
            <h1>{p.title.clone()}</h1>
            <p class="meta">
                <span class=format!("badge report-{}", p.state)>{state_label(&p.state)}</span>
                " " <span class="tag">{p.category.get(locale).to_owned()}</span>
                {p.district.as_ref().map(|d| view! { " " <span class="tag">{d.get(locale).to_owned()}</span> })}
                " " <time>{p.created_at.clone()}</time>
            </p>
            <p class="meta">{match &p.reporter_name {
                Some(n) => t_args("report-by", &[("name", n.clone().into())]),
                None => t("report-by-anonymous"),
            }}</p>
            {p.department.as_ref().map(|d| view! { <p class="meta">{t_args("report-department", &[("department", d.get(locale).to_owned().into())])}</p> })}
            {p.duplicate_of.clone().map(|(did, title)| view! { <p class="callout">{t("report-duplicate-of")} " " <a href=format!("/reports/{did}")>{title}</a></p> })}
            {p.referred_to.clone().map(|r| view! { <p class="callout">{t_args("report-referred-to", &[("body", r.into())])}</p> })}
            {p.address.clone().map(|a| view! { <p class="meta">{t_args("report-address", &[("address", a.into())])}</p> })}
            {point.map(|(lat, lon)| view! {
                <p class="meta">{t_args("proposal-coordinates", &[("lat", format!("{lat:.5}").into()), ("lon", format!("{lon:.5}").into())])}</p>
                <MapBox map=p.map.clone() id="report-point-map" kind="point" label=t("report-map-point-label") point=Some((lat, lon))/>
            })}
            <div class="prose" inner_html=p.description_html.clone()></div>
            {(!p.answers.is_empty()).then(|| view! {
                <dl class="answers">
                    {p.answers.iter().map(|(q, a)| view! { <dt>{q.get(locale).to_owned()}</dt><dd>{a.get(locale).to_owned()}</dd> }).collect_view()}
                </dl>
            })}
            <section id="photos" aria-labelledby="photos-title">
                {(!p.photos.is_empty() || p.can_add_photos).then(|| view! { <h2 id="photos-title">{t("report-photos")}</h2> })}
                <div class="gallery">
                    {p.photos.iter().map(|i| view! { <img src=upload_url(&i.key, false) alt=i.alt.clone() width=i.width height=i.height loading="lazy"/> }).collect_view()}
                </div>
                {p.can_add_photos.then(|| view! {
                    {photo_error.clone().map(|m| view! { <div class="error-summary" role="alert"><p>{m}</p></div> })}
                    <form method="post" enctype="multipart/form-data" action=format!("/reports/{id}/photos?csrf={csrf}") class="upload">
                        <div class="field"><label for="report-photo">{t("report-photo-file")}</label><p class="hint">{t("report-photo-hint")}</p>
                            <input type="file" id="report-photo" name="image" accept="image/jpeg,image/png,image/webp,image/gif" required=true/></div>
                        <div class="field"><label for="report-photo-alt">{t("proposal-image-alt")}</label><input type="text" id="report-photo-alt" name="alt" maxlength=200/></div>
                        <button type="submit" class="button secondary">{t("report-photo-upload")}</button>
                    </form>
                })}
            </section>
        </article>
        <crate::pages::accountability::OutcomesSection outcomes=p.outcomes.clone()/>

        {p.confirmed.then(|| view! {
            <section id="me-too" aria-labelledby="me-too-title" class="support-box">
                <h2 id="me-too-title">{t("report-me-too-title")}</h2>
                <p class="big-count">{t_args("report-me-too-count", &[("count", i64::from(p.me_too_count).into())])}</p>
                <ErrorSummary error=me_too_error form_id="me-too"/>
                {if p.me_too_by_me {
                    view! { <p>{t("report-me-too-done")}</p> }.into_any()
                } else if p.can_me_too.allowed {
                    view! {
                        <ActionForm action=me_too attr:class="inline-form">
                            <CsrfField/><input type="hidden" name="id" value=id/>
                            <button type="submit" class="button">{t("report-me-too")}</button>
                        </ActionForm>
                    }.into_any()
                } else if !p.signed_in {
                    view! { <p><a href=format!("/sign-in?next=/reports/{id}")>{t("report-me-too-sign-in")}</a></p> }.into_any()
                } else {
                    view! { <p class="reason">{p.can_me_too.reason.as_deref().map(reason_text)}</p> }.into_any()
                }}
                <div id="follow">
                    <ErrorSummary error=follow_error form_id="follow"/>
                    {p.can_follow.then(|| if p.following {
                        view! {
                            <ActionForm action=follow attr:class="inline-form">
                                <CsrfField/><input type="hidden" name="id" value=id/><input type="hidden" name="follow" value="false"/>
                                <button type="submit" class="button secondary">{t("report-unfollow")}</button>
                            </ActionForm>
                        }.into_any()
                    } else {
                        view! {
                            <ActionForm action=follow attr:class="inline-form">
                                <CsrfField/><input type="hidden" name="id" value=id/><input type="hidden" name="follow" value="true"/>
                                <button type="submit" class="button secondary">{t("report-follow")}</button>
                            </ActionForm>
                        }.into_any()
                    })}
                    " " <a href=format!("/reports/feed.atom?report={id}")>{t("report-feed")}</a>
                </div>
            </section>
        }.into_any())}

        {p.can_reopen.allowed.then(|| view! {
            <section id="reopen" aria-labelledby="reopen-title" class="callout">
                <h2 id="reopen-title">{t("report-reopen-title")}</h2>
                <p>{t_args("report-reopen-intro", &[("date", p.reopen_until.clone().unwrap_or_default().into())])}</p>
                <ActionForm action=reopen attr:id="reopen-form" attr:novalidate=true>
                    <ErrorSummary error=reopen_error form_id="reopen-form"/>
                    <CsrfField/><input type="hidden" name="id" value=id/>
                    <TextArea form_id="reopen-form" name="comment" label="report-reopen-comment" rows=3 error=reopen_error/>
                    <SubmitButton label="report-reopen" pending=reopen_pending/>
                </ActionForm>
            </section>
        }.into_any())}

        <section id="timeline" aria-labelledby="timeline-title">
            <h2 id="timeline-title">{t("report-timeline")}</h2>
            <ol class="timeline">
                {p.timeline.iter().map(|e| view! {
                    <li class:internal=!e.public id=format!("update-{}", e.id)>
                        <p class="meta"><time>{e.created_at.clone()}</time>
                            " · " <strong>{timeline_text(&e.kind, e.state_from.as_deref(), e.state_to.as_deref())}</strong>
                            {e.author.clone().map(|a| view! { " · " {a} })}
                            {(!e.public).then(|| view! { " " <span class="badge warn">{t("report-internal")}</span> })}</p>
                        {(!e.body_html.is_empty()).then(|| view! { <div class="prose" inner_html=e.body_html.clone()></div> })}
                    </li>
                }).collect_view()}
            </ol>
        </section>

        {p.staff.clone().map(|s| view! { <StaffPanelView id=id panel=s refresh/> })}
    }
    .into_any()
}

#[component]
fn StaffPanelView(id: i64, panel: yoriai_views::reports::StaffPanel, refresh: RwSignal<u32>) -> impl IntoView {
    let locale = use_page().locale;
    let state = ServerAction::<ChangeReportState>::new();
    let update = ServerAction::<ReportPublicUpdate>::new();
    let note = ServerAction::<ReportInternalNote>::new();
    let assign = ServerAction::<AssignReport>::new();
    let mv = ServerAction::<MoveReport>::new();
    let merge = ServerAction::<MergeReport>::new();
    let state_error = form_outcome_then(state, Some(refresh));
    let update_error = form_outcome_then(update, Some(refresh));
    let note_error = form_outcome_then(note, Some(refresh));
    let assign_error = form_outcome_then(assign, Some(refresh));
    let move_error = form_outcome_then(mv, Some(refresh));
    let merge_error = form_outcome_then(merge, Some(refresh));
    let state_options: Vec<(String, String)> = panel.next_states.iter().map(|s| (s.clone(), state_label(s))).collect();
    let template_options: Vec<(String, String)> = std::iter::once((String::new(), t("report-template-none")))
        .chain(panel.templates.iter().map(|tpl| (tpl.id.to_string(), tpl.title.clone())))
        .collect();
    let template_options_update = template_options.clone();
    let member_options: Vec<(String, String)> = std::iter::once((String::new(), t("report-assign-nobody")))
        .chain(panel.members.iter().map(|(mid, name)| (mid.to_string(), name.clone())))
        .collect();
    let dept_options: Vec<(String, String)> =
        panel.departments.iter().map(|d| (d.id.to_string(), d.name.get(locale).to_owned())).collect();
    let current_assignee = panel.assignee.as_ref().map(|a| a.0.to_string()).unwrap_or_default();
    let current_dept = panel.department_id.map(|d| d.to_string()).unwrap_or_default();
    let templates_text: Vec<(String, String)> =
        panel.templates.iter().map(|tpl| (tpl.title.clone(), format!("{}\n\n{}", tpl.body.ja, tpl.body.en))).collect();
    let (sp, up, np): (Signal<bool>, Signal<bool>, Signal<bool>) =
        (state.pending().into(), update.pending().into(), note.pending().into());
    view! {
        <section id="staff" aria-labelledby="staff-title" class="staff-box">
            <h2 id="staff-title">{t("report-staff-title")}</h2>
            <p class="meta">{t_args("report-source", &[("source", panel.source.clone().into())])}</p>
            {(!state_options.is_empty()).then(|| view! {
                <ActionForm action=state attr:id="state-form" attr:novalidate=true>
                    <h3>{t("report-change-state")}</h3>
                    <ErrorSummary error=state_error form_id="state-form"/>
                    <CsrfField/><input type="hidden" name="id" value=id/>
                    <Select form_id="state-form" name="state" label="report-new-state" options=state_options.clone() required=true error=state_error/>
                    <Select form_id="state-form" name="template_id" label="report-template" hint="report-template-hint" options=template_options.clone() error=state_error/>
                    <TextArea form_id="state-form" name="body" label="report-public-text" hint="report-public-text-hint" required=false rows=3 error=state_error/>
                    <Field form_id="state-form" name="referred_to" label="report-referred-field" hint="report-referred-field-hint" required=false error=state_error/>
                    <SubmitButton label="report-change-state" pending=sp/>
                </ActionForm>
            })}
            <ActionForm action=update attr:id="update-form" attr:novalidate=true>
                <h3>{t("report-public-update")}</h3>
                <ErrorSummary error=update_error form_id="update-form"/>
                <CsrfField/><input type="hidden" name="id" value=id/>
                <Select form_id="update-form" name="template_id" label="report-template" options=template_options_update error=update_error/>
                <TextArea form_id="update-form" name="body" label="report-public-text" required=false rows=3 error=update_error/>
                <SubmitButton label="report-public-update" pending=up/>
            </ActionForm>
            <ActionForm action=note attr:id="note-form" attr:novalidate=true>
                <h3>{t("report-internal-note")}</h3>
                <ErrorSummary error=note_error form_id="note-form"/>
                <CsrfField/><input type="hidden" name="id" value=id/>
                <TextArea form_id="note-form" name="note" label="report-note-text" hint="report-note-hint" rows=3 error=note_error/>
                <SubmitButton label="report-internal-note" pending=np/>
            </ActionForm>
            <ActionForm action=assign attr:id="assign-form">
                <h3>{t("report-assign")}</h3>
                <ErrorSummary error=assign_error form_id="assign-form"/>
                <CsrfField/><input type="hidden" name="id" value=id/>
                <Select form_id="assign-form" name="assignee_id" label="report-assignee" options=member_options value=current_assignee error=assign_error/>
                <button type="submit" class="button secondary">{t("report-assign")}</button>
            </ActionForm>
            <details open=move_error.get_untracked().is_some() || merge_error.get_untracked().is_some()><summary>{t("report-more-actions")}</summary>
            <ActionForm action=mv attr:id="move-form">
                <h3>{t("report-move")}</h3>
                <ErrorSummary error=move_error form_id="move-form"/>
                <CsrfField/><input type="hidden" name="id" value=id/>
                <Select form_id="move-form" name="department_id" label="report-department-field" options=dept_options value=current_dept required=true error=move_error/>
                <button type="submit" class="button secondary">{t("report-move")}</button>
            </ActionForm>
            <ActionForm action=merge attr:id="merge-form" attr:novalidate=true>
                <h3>{t("report-merge")}</h3>
                <ErrorSummary error=merge_error form_id="merge-form"/>
                <CsrfField/><input type="hidden" name="id" value=id/>
                <Field form_id="merge-form" name="into" label="report-merge-into" hint="report-merge-hint" input_type="text" error=merge_error/>
                <button type="submit" class="button secondary">{t("report-merge")}</button>
            </ActionForm>
            {panel.has_contact.then(|| view! {
                <form method="get" action=format!("/reports/{id}/contact") id="contact-form">
                    <h3>{t("report-contact")}</h3>
                    <p class="hint">{t("report-contact-explain")}</p>
                    <CsrfField/>
                    <div class="field"><label for="contact-reason">{t("report-contact-reason")}</label>
                        <input id="contact-reason" name="reason" required=true minlength=3 maxlength=200/></div>
                    <button type="submit" class="button secondary">{t("report-contact-show")}</button>
                </form>
            })}
            </details>
            {(!templates_text.is_empty()).then(|| view! {
                <details class="templates">
                    <summary>{t("report-templates-list")}</summary>
                    <dl>{templates_text.into_iter().map(|(title, body)| view! { <dt>{title}</dt><dd class="pre">{body}</dd> }).collect_view()}</dl>
                </details>
            })}
        </section>
    }
    .into_any()
}

/// The reporter's contact details, after staff gave a reason (logged).
#[component]
pub fn ReporterContactPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let id = move || params.read().get("id").and_then(|v| v.parse::<i64>().ok()).unwrap_or(0);
    let reason = move || query.read().get("reason").unwrap_or_default();
    let csrf = move || query.read().get("csrf").unwrap_or_default();
    let data = Resource::new_blocking(
        move || (id(), reason(), csrf()),
        |(id, reason, csrf)| get_reporter_contact(id, reason, csrf),
    );
    view! {
        <Title text=t("report-contact")/>
        <nav aria-label=t("breadcrumb-label") class="breadcrumb"><a href=move || format!("/reports/{}#staff", id())>{t("report-back")}</a></nav>
        <h1>{t("report-contact")}</h1>
        <Suspense fallback=Loading>
            {move || data.get().map(|r| match r {
                Err(e) => view! { <PageError error=e/> }.into_any(),
                Ok(c) => view! {
                    <p class="callout">{t("report-contact-logged")}</p>
                    <dl class="answers">
                        {c.account.clone().map(|(name, email)| view! { <dt>{t("report-contact-account")}</dt><dd>{name} " <" {email} ">"</dd> })}
                        {c.name.clone().map(|n| view! { <dt>{t("report-field-name")}</dt><dd>{n}</dd> })}
                        {c.email.clone().map(|n| view! { <dt>{t("field-email")}</dt><dd>{n}</dd> })}
                        {c.phone.clone().map(|n| view! { <dt>{t("report-field-phone")}</dt><dd>{n}</dd> })}
                    </dl>
                }.into_any(),
            })}
        </Suspense>
    }
}

#[component]
pub fn InboxPageView() -> impl IntoView {
    let locale = use_page().locale;
    if use_page().user.is_none() {
        return view! { <leptos_router::components::Redirect path="/sign-in?next=/inbox"/> }.into_any();
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
        <Title text=t("inbox-title")/>
        <h1>{t("inbox-title")}</h1>
        <Suspense fallback=Loading>
            {move || data.get().map(|r| match r {
                Err(e) => view! { <PageError error=e/> }.into_any(),
                Ok(page) => {
                    let p = params();
                    let v = |o: &Option<String>| o.clone().unwrap_or_default();
                    let (department, state, category, assignee, sort) = (v(&p.department), v(&p.state), v(&p.category), v(&p.assignee), v(&p.sort));
                    let base = |state_value: &str| {
                        let q: Vec<String> = [("department", department.as_str()), ("state", state_value), ("category", &category), ("assignee", &assignee), ("sort", &sort)]
                            .iter().filter(|(_, v)| !v.is_empty()).map(|(k, v)| format!("{k}={v}")).collect();
                        format!("/inbox?{}", q.join("&"))
                    };
                    let open_total: i64 = page.counts.iter().filter(|(s, _)| yoriai_domain::report::ReportState::parse(s).is_some_and(|s| s.is_open())).map(|(_, n)| n).sum();
                    let next_href = page.next.clone().map(|c| format!("{}&cursor={c}", base(&state)));
                    let dept_opts = named_options(&page.departments, locale, t("inbox-my-departments"));
                    let cat_opts = named_options(&page.categories, locale, t("filter-any"));
                    let current_state = state.clone();
                    view! {
                        <nav aria-label=t("inbox-states") class="tabs">
                            <ul>
                                <li><a href=base("open") aria-current=(current_state.is_empty() || current_state == "open").then_some("page")>{t("inbox-tab-all-open")} " (" {open_total} ")"</a></li>
                                {page.counts.iter().map(|(s, n)| {
                                    // The state `open` has its own tab name: "open" alone is every open state.
                                    let (filter, label) = if s == "open" { ("new".to_owned(), t("inbox-tab-new")) } else { (s.clone(), state_label(s)) };
                                    let cur = filter == current_state;
                                    view! { <li><a href=base(&filter) aria-current=cur.then_some("page")>{label} " (" {*n} ")"</a></li> }
                                }).collect_view()}
                            </ul>
                        </nav>
                        <form method="get" action="/inbox" class="filters">
                            <input type="hidden" name="state" value=state.clone()/>
                            <div class="field"><label for="i-department">{t("report-department-field")}</label>
                                <select id="i-department" name="department">
                                    {dept_opts.into_iter().map(|(val, label)| { let s = val == department; view! { <option value=val selected=s>{label}</option> } }).collect_view()}
                                </select></div>
                            <div class="field"><label for="i-category">{t("report-field-category")}</label>
                                <select id="i-category" name="category">
                                    {cat_opts.into_iter().map(|(val, label)| { let s = val == category; view! { <option value=val selected=s>{label}</option> } }).collect_view()}
                                </select></div>
                            <div class="field"><label for="i-assignee">{t("report-assignee")}</label>
                                <select id="i-assignee" name="assignee">
                                    {[("", t("filter-any")), ("me", t("inbox-assigned-me")), ("unassigned", t("inbox-unassigned"))].into_iter()
                                        .map(|(val, label)| { let s = val == assignee; view! { <option value=val selected=s>{label}</option> } }).collect_view()}
                                </select></div>
                            <div class="field"><label for="i-sort">{t("filter-sort")}</label>
                                <select id="i-sort" name="sort">
                                    {[("oldest", t("inbox-sort-oldest")), ("newest", t("report-sort-newest"))].into_iter()
                                        .map(|(val, label)| { let s = val == sort; view! { <option value=val selected=s>{label}</option> } }).collect_view()}
                                </select></div>
                            <button type="submit" class="button secondary">{t("filter-apply")}</button>
                        </form>
                        {if page.items.is_empty() {
                            view! { <p>{t("inbox-empty")}</p> }.into_any()
                        } else {
                            view! {
                                <div class="table-wrap">
                                    <table class="table inbox">
                                        <caption class="visually-hidden">{t("inbox-title")}</caption>
                                        <thead><tr>
                                            <th scope="col">{t("inbox-col-report")}</th>
                                            <th scope="col">{t("report-filter-state")}</th>
                                            <th scope="col">{t("report-department-field")}</th>
                                            <th scope="col">{t("report-assignee")}</th>
                                            <th scope="col" class="num">{t("inbox-col-waiting")}</th>
                                        </tr></thead>
                                        <tbody>
                                            {page.items.iter().map(|i| view! {
                                                <tr>
                                                    <td><a href=format!("/reports/{}#staff", i.card.id)>{format!("#{} ", i.card.id)}{i.card.title.clone()}</a>
                                                        <br/><span class="meta">{i.card.category.get(locale).to_owned()} " · " {i.card.created_at.clone()}</span></td>
                                                    <td data-label=t("report-filter-state")><span class=format!("badge report-{}", i.card.state)>{state_label(&i.card.state)}</span></td>
                                                    <td data-label=t("report-department-field")>{i.department.as_ref().map(|d| d.get(locale).to_owned()).unwrap_or_else(|| t("inbox-no-department"))}</td>
                                                    <td data-label=t("report-assignee")>{i.assignee.clone().unwrap_or_else(|| t("inbox-unassigned"))}</td>
                                                    <td class="num" data-label=t("inbox-col-waiting")>{t_args("inbox-days", &[("days", i.waiting_days.into())])}</td>
                                                </tr>
                                            }).collect_view()}
                                        </tbody>
                                    </table>
                                </div>
                            }.into_any()
                        }}
                        {next_href.map(|h| view! { <p><a class="button secondary" href=h>{t("pagination-next")}</a></p> })}
                    }.into_any()
                }
            })}
        </Suspense>
    }
    .into_any()
}

#[component]
pub fn AlertsPageView() -> impl IntoView {
    let locale = use_page().locale;
    if use_page().user.is_none() {
        return view! { <leptos_router::components::Redirect path="/sign-in?next=/alerts"/> }.into_any();
    }
    // Every create or delete bumps `refresh`, so the list reloads each time (the URL's
    // notice stays the same from the second time on).
    let refresh = RwSignal::new(0u32);
    let data = Resource::new_blocking(move || refresh.get(), |_| get_alerts());
    let create = ServerAction::<CreateAlert>::new();
    let delete = ServerAction::<DeleteAlert>::new();
    let error = form_outcome_then(create, Some(refresh));
    let delete_error = form_outcome_then(delete, Some(refresh));
    let pending: Signal<bool> = create.pending().into();
    view! {
        <Title text=t("alerts-title")/>
        <Notice/>
        <h1>{t("alerts-title")}</h1>
        <p class="lead">{t("alerts-intro")}</p>
        <Suspense fallback=Loading>
            {move || data.get().map(|r| match r {
                Err(e) => view! { <PageError error=e/> }.into_any(),
                Ok(page) => {
                    let dist_opts = named_options(&page.districts, locale, t("alerts-no-district"));
                    let radius_opts: Vec<(String, String)> = [200, 500, 1000, 2000].iter().map(|r| (r.to_string(), t_args("report-distance-m", &[("m", i64::from(*r).into())]))).collect();
                    view! {
                        <ErrorSummary error=delete_error form_id="alert-delete"/>
                        {if page.alerts.is_empty() {
                            view! { <p>{t("alerts-none")}</p> }.into_any()
                        } else {
                            view! {
                                <ul class="alerts">
                                    {page.alerts.iter().map(|a| {
                                        let aid = a.id;
                                        let what = match (&a.district, a.latitude, a.longitude, a.radius_m) {
                                            (Some(d), ..) => d.get(locale).to_owned(),
                                            (None, Some(lat), Some(lon), Some(r)) => t_args("alerts-around", &[("lat", format!("{lat:.4}").into()), ("lon", format!("{lon:.4}").into()), ("m", i64::from(r).into())]),
                                            _ => String::new(),
                                        };
                                        view! {
                                            <li>{what} " · " <a href=a.feed.clone()>{t("report-feed-atom")}</a> " "
                                                <ActionForm action=delete attr:class="inline-form">
                                                    <CsrfField/><input type="hidden" name="id" value=aid/>
                                                    <button type="submit" class="link-button danger">{t("alerts-delete")}</button>
                                                </ActionForm>
                                            </li>
                                        }
                                    }).collect_view()}
                                </ul>
                            }.into_any()
                        }}
                        <h2>{t("alerts-new")}</h2>
                        <ActionForm action=create attr:id="alert-form" attr:novalidate=true>
                            <ErrorSummary error form_id="alert-form"/>
                            <CsrfField/>
                            <Select form_id="alert-form" name="district_id" label="alerts-district" options=dist_opts error/>
                            <fieldset>
                                <legend>{t("alerts-or-point")}</legend>
                                <MapBox map=page.map.clone() id="alert-pick-map" kind="pick" label=t("report-map-pick-label") lat_input="#alert-form-latitude" lon_input="#alert-form-longitude"/>
                                <Field form_id="alert-form" name="latitude" label="proposal-field-latitude" required=false error/>
                                <Field form_id="alert-form" name="longitude" label="proposal-field-longitude" required=false error/>
                                <Select form_id="alert-form" name="radius_m" label="alerts-radius" options=radius_opts value="500" error/>
                            </fieldset>
                            <SubmitButton label="alerts-create" pending/>
                        </ActionForm>
                    }.into_any()
                }
            })}
        </Suspense>
    }
    .into_any()
}

/// The emailed link of a report made without an account: one button sends it.
#[component]
pub fn ReportConfirmPage() -> impl IntoView {
    let query = use_query_map();
    let token = move || query.read().get("token").unwrap_or_default();
    let action = ServerAction::<ConfirmReport>::new();
    let error = form_outcome(action);
    let pending: Signal<bool> = action.pending().into();
    view! {
        <Title text=t("report-confirm-title")/>
        <h1>{t("report-confirm-title")}</h1>
        <p>{t("report-confirm-body")}</p>
        <ActionForm action attr:id="confirm-report">
            <ErrorSummary error form_id="confirm-report"/>
            <CsrfField/>
            <input type="hidden" name="token" value=token/>
            <SubmitButton label="report-confirm-button" pending/>
        </ActionForm>
    }
}

/// The "stop emails about this report" link.
#[component]
pub fn StopUpdatesPage() -> impl IntoView {
    let query = use_query_map();
    let token = move || query.read().get("token").unwrap_or_default();
    let action = ServerAction::<StopReportUpdates>::new();
    let error = form_outcome(action);
    let pending: Signal<bool> = action.pending().into();
    view! {
        <Title text=t("report-stop-title")/>
        <h1>{t("report-stop-title")}</h1>
        <p>{t("report-stop-body")}</p>
        <ActionForm action attr:id="stop-updates">
            <ErrorSummary error form_id="stop-updates"/>
            <CsrfField/>
            <input type="hidden" name="token" value=token/>
            <SubmitButton label="report-stop-button" pending/>
        </ActionForm>
    }
}
