//! Area alerts and the Atom feeds: new public reports in a district or around a point,
//! or one report's public updates. Public data only (no reporter, no internal notes).

use super::load_for;
use super::pages::{map_config, Names};
use crate::atom::{Entry, Feed};
use crate::{ServiceResult, Services};
use yoriai_domain::geo::{haversine_m, BoundingBox, LatLon};
use yoriai_domain::report::UpdateKind;
use yoriai_domain::{authorize, Action, Actor, DistrictId, ErrorCode, Rejection, ReportId};
use yoriai_store::reports::{self, ListQuery};
use yoriai_views::reports::{AlertView, AlertsPage};

fn feed_query(district: Option<DistrictId>, lat: Option<f64>, lon: Option<f64>, radius: Option<i32>) -> String {
    match (district, lat, lon, radius) {
        (Some(d), ..) => format!("district={d}"),
        (None, Some(lat), Some(lon), Some(r)) => format!("lat={lat:.5}&lon={lon:.5}&radius={r}"),
        _ => String::new(),
    }
}

/// The resident's area alerts.
pub fn alerts_page(svc: &Services, actor: &Actor) -> ServiceResult<AlertsPage> {
    authorize(actor, &Action::ManageOwnNotifications)?;
    let mut conn = svc.conn()?;
    let names = Names::load(&mut conn)?;
    let uid = actor.user_id().unwrap_or_default();
    let alerts = reports::alerts_of(&mut conn, uid)?
        .into_iter()
        .map(|a| AlertView {
            id: a.id,
            district: names.district(a.district_id),
            latitude: a.latitude,
            longitude: a.longitude,
            radius_m: a.radius_m,
            feed: format!("/reports/feed.atom?{}", feed_query(a.district_id, a.latitude, a.longitude, a.radius_m)),
        })
        .collect();
    Ok(AlertsPage { alerts, districts: names.districts, map: map_config(svc) })
}

/// What an Atom feed covers.
#[derive(Debug, Clone, Default)]
pub struct FeedQuery {
    pub district: Option<DistrictId>,
    pub lat: String,
    pub lon: String,
    pub radius: Option<i32>,
    /// One report's public updates instead.
    pub report: Option<ReportId>,
}

/// An Atom feed: new public reports in a district or around a point, or one report's
/// public updates. Public data only (no reporter, no internal notes).
pub fn atom_feed(svc: &Services, actor: &Actor, q: &FeedQuery) -> ServiceResult<String> {
    let mut conn = svc.conn()?;
    let names = Names::load(&mut conn)?;
    let base = svc.settings.public_url.trim_end_matches('/').to_owned();
    let mut entries = Vec::new();
    let (title, self_link, updated) = if let Some(id) = q.report {
        let row = load_for(&mut conn, actor, id)?;
        if !row.visible {
            return Err(ErrorCode::NotFound.into());
        }
        let link = format!("{base}/reports/{id}");
        let mut last = row.created_at;
        for (u, _) in reports::updates_of(&mut conn, id, false)?.iter().rev().take(50) {
            let label = match (&u.state_to, u.kind) {
                (Some(s), UpdateKind::State | UpdateKind::Reopened | UpdateKind::Merged) => {
                    yoriai_i18n::t(yoriai_domain::Locale::Ja, &format!("report-state-{}", s.as_str().replace('_', "-")))
                }
                _ => u.kind.to_string(),
            };
            entries.push(Entry {
                id: format!("{link}#update-{}", u.id),
                title: format!("{} — {label}", row.title),
                link: link.clone(),
                updated: u.created_at,
                summary: u.body.clone(),
            });
            last = last.max(u.created_at);
        }
        (row.title.clone(), format!("{base}/reports/feed.atom?report={id}"), last)
    } else {
        let point = match (q.lat.trim(), q.lon.trim()) {
            ("", "") => None,
            (lat, lon) => {
                Some(LatLon::parse(lat, lon).map_err(|_| Rejection::field("lat", ErrorCode::LocationInvalid))?)
            }
        };
        let radius = f64::from(q.radius.unwrap_or(1_000).clamp(50, 10_000));
        let boxes = point.map(|p| {
            BoundingBox::around(p, radius)
                .into_iter()
                .map(|b| (b.min_lat(), b.max_lat(), b.min_lon(), b.max_lon()))
                .collect()
        });
        let (rows, _) = reports::list(
            &mut conn,
            &ListQuery {
                district_id: q.district,
                boxes,
                limit: if point.is_some() { 200 } else { 50 },
                ..Default::default()
            },
        )?;
        let mut last = chrono::NaiveDateTime::default();
        for r in rows
            .iter()
            .filter(|r| match (point, r.latitude, r.longitude) {
                (Some(p), Some(lat), Some(lon)) => LatLon::new(lat, lon).is_ok_and(|x| haversine_m(p, x) <= radius),
                (Some(_), _, _) => false,
                (None, _, _) => true,
            })
            .take(50)
        {
            let link = format!("{base}/reports/{}", r.id);
            let c = names.category(r.category_id);
            entries.push(Entry {
                id: link.clone(),
                title: format!("{} ({} / {})", r.title, c.ja, c.en),
                link,
                updated: r.updated_at,
                summary: r.description.clone(),
            });
            last = last.max(r.updated_at);
        }
        let area = match (q.district, point) {
            (Some(d), _) => names.district(Some(d)).map(|b| format!("{} / {}", b.ja, b.en)).unwrap_or_default(),
            (None, Some(p)) => format!("{:.5}, {:.5} ({} m)", p.lat.get(), p.lon.get(), radius),
            _ => String::new(),
        };
        let query = feed_query(q.district, point.map(|p| p.lat.get()), point.map(|p| p.lon.get()), q.radius);
        (format!("Yoriai — {area}"), format!("{base}/reports/feed.atom?{query}"), last)
    };
    Ok(Feed { title, self_link, updated, entries }.to_xml())
}
