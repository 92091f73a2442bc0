//! Street-report pages: the list (with a map when JavaScript runs), reporting in two
//! steps (where and what, then the details), a report with its timeline and the staff
//! panel, the department inbox, area alerts, and the emailed-link pages.
//!
//! Every page works without JavaScript and without a map: a place can be given as an
//! address or description (and a district), the list is the accessible twin of the
//! map, and every action is a form.

use crate::api::reports::*;
use crate::components::form::{
    form_outcome, form_outcome_then, named_options, Checkbox, CsrfField, ErrorSummary, Field, FormError, Select,
    SubmitButton, TextArea,
};
use crate::components::head::ShareMeta;
use crate::components::notice::Notice;
use crate::context::{t, t_args, use_page};
use crate::pages::common::{reason_text, upload_url, Loading, PageError};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};
use yoriai_domain::report::{QuestionKind, ReportState, UpdateKind, DESCRIPTION_MAX_CHARS, TITLE_MAX_CHARS};
use yoriai_domain::ReportId;
use yoriai_views::reports::{MapConfig, QuestionView, ReportCard, ReportPage};

mod alerts;
mod contact;
mod inbox;
mod links;
mod list;
mod new;
mod page;
mod staff_panel;

pub use alerts::AlertsPageView;
pub use contact::ReporterContactPage;
pub use inbox::InboxPageView;
pub use links::{ReportConfirmPage, StopUpdatesPage};
pub use list::ReportListPage;
pub use new::NewReportPageView;
pub use page::ReportPageView;

pub fn state_label(state: ReportState) -> String {
    t(&format!("report-state-{}", state.kebab()))
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
            {c
                .photo
                .clone()
                .map(|p| {
                    view! { <img class="card-image" src=upload_url(&p.key, true) alt=p.alt.clone() loading="lazy" /> }
                })} <h3>
                <a href=format!("/reports/{}", c.id)>{c.title.clone()}</a>
            </h3> <p class="meta">
                <span class=format!("badge report-{}", c.state)>{state_label(c.state)}</span>
                " "
                <span class="tag">{c.category.get(locale).to_owned()}</span>
                {c
                    .district
                    .as_ref()
                    .map(|d| {
                        view! {
                            " "
                            <span class="tag">{d.get(locale).to_owned()}</span>
                        }
                    })}
            </p> <p class="meta">
                <time>{c.created_at.clone()}</time>
                {(c.me_too_count > 0)
                    .then(|| {
                        view! {
                            " · "
                            {t_args("report-me-too-count", &[("count", i64::from(c.me_too_count).into())])}
                        }
                    })}
                {c
                    .distance_m
                    .map(|m| {
                        view! {
                            " · "
                            {distance_text(m)}
                        }
                    })}
            </p> {c.address.clone().map(|a| view! { <p class="meta">{a}</p> })}
        </li>
    }
}
