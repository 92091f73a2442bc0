//! Area alerts: "tell me about new reports here", and who they reach.

use super::*;

/// "Tell me about new reports here": in a district, or within a radius of a point.
pub fn create_alert(
    svc: &Services,
    actor: &Actor,
    district_id: Option<DistrictId>,
    latitude: &str,
    longitude: &str,
    radius_m: Option<i32>,
) -> ServiceResult<AlertId> {
    authorize(actor, &Action::ManageOwnNotifications)?;
    let mut conn = svc.conn()?;
    let point = match (latitude.trim(), longitude.trim()) {
        ("", "") => None,
        (lat, lon) => {
            let p = LatLon::parse(lat, lon).map_err(|_| Rejection::field("latitude", ErrorCode::LocationInvalid))?;
            let r = radius_m
                .filter(|r| ALERT_RADII_M.contains(r))
                .ok_or(Rejection::field("radius_m", ErrorCode::InvalidInput))?;
            Some((p.lat.get(), p.lon.get(), r))
        }
    };
    if let Some(d) = district_id {
        districts::find(&mut conn, d)?.ok_or(Rejection::field("district_id", ErrorCode::InvalidInput))?;
    }
    match (district_id, point) {
        (None, None) => return Err(Rejection::field("district_id", ErrorCode::Required).into()),
        // One alert is about one place: say so rather than quietly keep one of the two.
        (Some(_), Some(_)) => return Err(Rejection::field("district_id", ErrorCode::AlertDistrictOrPoint).into()),
        _ => {}
    }
    let now = yoriai_store::now();
    let field = if point.is_some() { "latitude" } else { "district_id" };
    reports::insert_alert(&mut conn, uid(actor), district_id, point, now)?
        .ok_or_else(|| Rejection::field(field, ErrorCode::AlertExists).into())
}

pub fn delete_alert(svc: &Services, actor: &Actor, id: AlertId) -> ServiceResult<()> {
    authorize(actor, &Action::ManageOwnNotifications)?;
    let mut conn = svc.conn()?;
    if !reports::delete_alert(&mut conn, id, uid(actor))? {
        return Err(ErrorCode::NotFound.into());
    }
    Ok(())
}

// ---- notifications ----

/// Residents with an alert covering a newly public report get a notification.
pub(crate) fn alert_watchers(conn: &mut DbConn, report_id: ReportId, now: NaiveDateTime) -> ServiceResult<usize> {
    let Some(row) = reports::find(conn, report_id)? else { return Ok(0) };
    let point = row.latitude.zip(row.longitude);
    // 2 km (the largest radius) is under 0.02° of latitude.
    let alerts = reports::alerts_near(conn, row.district_id, point, 0.02)?;
    let mut told: Vec<UserId> = row.reporter_id.into_iter().collect();
    for a in alerts {
        if told.contains(&a.user_id) {
            continue;
        }
        let covers = match (a.district_id, a.latitude, a.longitude, a.radius_m, point) {
            (Some(d), ..) => row.district_id == Some(d),
            (None, Some(lat), Some(lon), Some(r), Some((plat, plon))) => {
                match (LatLon::new(lat, lon), LatLon::new(plat, plon)) {
                    (Ok(centre), Ok(p)) => haversine_m(centre, p) <= f64::from(r),
                    _ => false,
                }
            }
            _ => false,
        };
        if covers {
            notify::one_report(conn, a.user_id, Kind::ReportNearby, notify::Reason::Alert, report_id, now)?;
            told.push(a.user_id);
        }
    }
    Ok(told.len())
}
