//! The public list of reports and its map layer.

use super::*;
use yoriai_domain::{DistrictId, ReportCategoryId, ReportId};

/// The filters of the public list, as its URL carries them.
#[derive(Debug, Clone, Default)]
pub struct ReportFilters {
    pub category: Option<ReportCategoryId>,
    /// `open`, `closed`, a state name, or empty for all.
    pub state: String,
    pub district: Option<DistrictId>,
    /// `YYYY-MM-DD`, city time.
    pub from: String,
    pub to: String,
    /// `newest`, `me_too` or `nearest` (needs `lat`/`lon`).
    pub sort: String,
    pub lat: String,
    pub lon: String,
    pub cursor: String,
}

/// City-time dates to an inclusive id range; `Ok(None)` when no date is given, and an
/// empty range when nothing was reported in it.
pub(crate) fn date_range(conn: &mut DbConn, from: &str, to: &str) -> ServiceResult<Option<(ReportId, ReportId)>> {
    let day = |raw: &str| -> Result<Option<chrono::NaiveDateTime>, ErrorCode> {
        let raw = raw.trim();
        if raw.is_empty() {
            return Ok(None);
        }
        let d = chrono::NaiveDate::parse_from_str(raw, "%Y-%m-%d").map_err(|_| ErrorCode::DateInvalid)?;
        Ok(d.and_hms_opt(0, 0, 0).map(|t| t - chrono::Duration::hours(crate::CITY_UTC_OFFSET_HOURS)))
    };
    let from = day(from).map_err(|c| Rejection::field("from", c))?;
    let to = day(to).map_err(|c| Rejection::field("to", c))?.map(|t| t + chrono::Duration::days(1));
    utc_range(conn, from, to)
}

/// UTC bounds (`to` exclusive) to an inclusive id range.
pub(crate) fn utc_range(
    conn: &mut DbConn,
    from: Option<chrono::NaiveDateTime>,
    to: Option<chrono::NaiveDateTime>,
) -> ServiceResult<Option<(ReportId, ReportId)>> {
    if from.is_none() && to.is_none() {
        return Ok(None);
    }
    let lo = match from {
        Some(f) => reports::first_id_from(conn, f)?.unwrap_or(ReportId(i64::MAX)),
        None => ReportId(0),
    };
    let hi = match to {
        Some(t) => reports::last_id_until(conn, t - chrono::Duration::microseconds(1))?.unwrap_or(ReportId(-1)),
        None => ReportId(i64::MAX),
    };
    Ok(Some((lo, hi)))
}

/// The public list (and map) of reports.
pub fn report_list(svc: &Services, actor: &Actor, f: &ReportFilters) -> ServiceResult<ReportList> {
    let _ = actor;
    let mut conn = svc.conn()?;
    let names = Names::load(&mut conn)?;
    let states = states_of(&f.state).map_err(|c| Rejection::field("state", c))?;
    let id_range = date_range(&mut conn, &f.from, &f.to)?;
    let point = if f.sort == "nearest" || (!f.lat.trim().is_empty() && !f.lon.trim().is_empty()) {
        Some(LatLon::parse(&f.lat, &f.lon).map_err(|_| Rejection::field("lat", ErrorCode::LocationInvalid))?)
    } else {
        None
    };
    let base = ListQuery {
        categories: f.category.into_iter().collect(),
        states,
        district_id: f.district,
        id_range,
        ..Default::default()
    };
    let (items, next) = if f.sort == "nearest" {
        // Nearest first among the reports within 5 km, in pages of 25.
        let p = point.ok_or(Rejection::field("lat", ErrorCode::LocationInvalid))?;
        let boxes = BoundingBox::around(p, 5_000.0)
            .into_iter()
            .map(|b| (b.min_lat(), b.max_lat(), b.min_lon(), b.max_lon()))
            .collect();
        let (rows, _) = reports::list(&mut conn, &ListQuery { boxes: Some(boxes), limit: 2_000, ..base })?;
        let mut near: Vec<(ReportRow, f64)> = rows
            .into_iter()
            .filter_map(|r| {
                let q = LatLon::new(r.latitude?, r.longitude?).ok()?;
                let d = haversine_m(p, q);
                (d <= 5_000.0).then_some((r, d))
            })
            .collect();
        near.sort_by(|a, b| a.1.total_cmp(&b.1).then(b.0.id.cmp(&a.0.id)));
        let offset: usize = f.cursor.parse().unwrap_or(0);
        let page: Vec<ReportRow> = near.iter().skip(offset).take(25).map(|(r, _)| r.clone()).collect();
        let next = (near.len() > offset + 25).then(|| (offset + 25).to_string());
        (page, next)
    } else {
        let order = if f.sort == "me_too" { Order::MostMeToo } else { Order::Newest };
        let (rows, next) =
            reports::list(&mut conn, &ListQuery { order, after: Cursor::decode(&f.cursor), limit: 25, ..base })?;
        (rows, next.map(|c| c.encode()))
    };
    let ids: Vec<ReportId> = items.iter().map(|r| r.id).collect();
    let photos = reports::first_photos(&mut conn, &ids)?;
    Ok(ReportList {
        items: items.iter().map(|r| card(r, &names, &photos, point)).collect(),
        next,
        categories: names.category_options(false),
        districts: names.districts.clone(),
        map: map_config(svc),
    })
}

/// Public reports in a box, as GeoJSON points for the map (newest 1,000).
pub fn map_geojson(
    svc: &Services,
    bbox: (f64, f64, f64, f64),
    category: Option<ReportCategoryId>,
    state: &str,
) -> ServiceResult<String> {
    let mut conn = svc.conn()?;
    let (min_lon, min_lat, max_lon, max_lat) = bbox;
    let ok = |v: f64, lim: f64| v.is_finite() && v.abs() <= lim;
    if !(ok(min_lon, 180.0) && ok(max_lon, 180.0) && ok(min_lat, 90.0) && ok(max_lat, 90.0)) {
        return Err(Rejection::field("bbox", ErrorCode::LocationInvalid).into());
    }
    let names = Names::load(&mut conn)?;
    let states = states_of(state).map_err(|c| Rejection::field("state", c))?;
    let q = ListQuery {
        categories: category.into_iter().collect(),
        states,
        boxes: Some(vec![(min_lat.min(max_lat), max_lat.max(min_lat), min_lon.min(max_lon), max_lon.max(min_lon))]),
        limit: 1_000,
        ..Default::default()
    };
    let (rows, _) = reports::list(&mut conn, &q)?;
    let features: Vec<serde_json::Value> = rows
        .iter()
        .filter_map(|r| {
            let (lat, lon) = (r.latitude?, r.longitude?);
            let c = names.category(r.category_id);
            Some(serde_json::json!({
                "type": "Feature",
                "id": r.id,
                "geometry": { "type": "Point", "coordinates": [lon, lat] },
                "properties": {
                    "title": r.title,
                    "state": r.state,
                    "open": r.state.is_open(),
                    "category_ja": c.ja,
                    "category_en": c.en,
                    "url": format!("/reports/{}", r.id),
                }
            }))
        })
        .collect();
    Ok(serde_json::json!({ "type": "FeatureCollection", "features": features }).to_string())
}
