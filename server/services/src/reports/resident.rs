//! What residents do with reports besides making them: "me too", follow, reopen a
//! fixed report, confirm a report made without an account, stop update emails, area
//! alerts. And the notifications reports send.

use super::{facts, load_for};
use crate::audit::{self, Visibility};
use crate::mail::{self, MailKind};
use crate::notify::{self, Kind};
use crate::{ServiceError, ServiceResult, Services};
use chrono::NaiveDateTime;
use serde_json::json;
use yoriai_domain::geo::{haversine_m, LatLon};
use yoriai_domain::report::{ReportState, UpdateKind};
use yoriai_domain::text::multi_line;
use yoriai_domain::{authorize, Action, Actor, AlertId, DistrictId, ErrorCode, Locale, Rejection, ReportId, UserId};
use yoriai_i18n::{t, Arg};
use yoriai_store::reports::{self, NewUpdate, ReportRow, StateChange};
use yoriai_store::{districts, DbConn};

fn uid(actor: &Actor) -> UserId {
    actor.user_id().unwrap_or_default()
}

/// "This affects me too": one per resident and report; the count is stored.
pub fn me_too(svc: &Services, actor: &Actor, id: ReportId) -> ServiceResult<i32> {
    let mut conn = svc.conn()?;
    let row = load_for(&mut conn, actor, id)?;
    authorize(actor, &Action::MeToo { report: facts(&row) })?;
    let now = yoriai_store::now();
    yoriai_store::write_tx(&mut conn, |c| {
        if !reports::add_me_too(c, id, uid(actor), now)? {
            return Err(ServiceError::from(ErrorCode::AlreadyMeToo));
        }
        reports::follow(c, uid(actor), id, now)?;
        Ok(reports::find(c, id)?.map(|r| r.me_too_count).unwrap_or_default())
    })
}

pub fn follow_report(svc: &Services, actor: &Actor, id: ReportId, follow: bool) -> ServiceResult<()> {
    let mut conn = svc.conn()?;
    let row = load_for(&mut conn, actor, id)?;
    authorize(actor, &Action::FollowReport { report: facts(&row) })?;
    let now = yoriai_store::now();
    yoriai_store::write_tx(&mut conn, |c| {
        if follow {
            reports::follow(c, uid(actor), id, now)?;
        } else {
            reports::unfollow(c, uid(actor), id)?;
        }
        Ok::<_, ServiceError>(())
    })
}

/// The reporter reopens their fixed report (within the configured days) saying why.
pub fn reopen_report(svc: &Services, actor: &Actor, id: ReportId, comment: &str) -> ServiceResult<()> {
    let mut conn = svc.conn()?;
    let row = load_for(&mut conn, actor, id)?;
    let now = yoriai_store::now();
    let days = row.fixed_at.map(|f| (now - f).num_days());
    authorize(
        actor,
        &Action::ReopenReport {
            report: facts(&row),
            days_since_fixed: days,
            window_days: svc.settings.report_reopen_days,
        },
    )?;
    let comment = multi_line(comment, 1, 2_000).map_err(|c| Rejection::field("comment", c))?;
    yoriai_store::write_tx(&mut conn, |c| {
        if !reports::set_state(c, id, &StateChange::plain(ReportState::Fixed, ReportState::Open), now)? {
            return Err(ServiceError::from(ErrorCode::StateNotAllowed));
        }
        super::recount(c, &row, row.department_id, ReportState::Open)?;
        reports::insert_update(
            c,
            &NewUpdate {
                report_id: id,
                author_id: Some(uid(actor)),
                kind: UpdateKind::Reopened,
                public: true,
                state_from: Some(ReportState::Fixed),
                state_to: Some(ReportState::Open),
                body: &comment,
                created_at: now,
            },
        )?;
        audit::log(c, actor, "reopen_report", ("report", Some(id)), Visibility::Public, None, json!({}))?;
        let row = reports::find(c, id)?.ok_or(Rejection::new(ErrorCode::NotFound))?;
        audience(c, svc, &row, "", &[uid(actor)], now)?;
        Ok(())
    })
}

/// Opens the emailed link of a report made without an account: it is sent.
pub fn confirm_report(svc: &Services, token: &str) -> ServiceResult<ReportId> {
    let mut conn = svc.conn()?;
    let now = yoriai_store::now();
    let hash = crate::crypto::token_hash(token.trim());
    yoriai_store::write_tx(&mut conn, |c| {
        let id = reports::take_link(c, "confirm_report", &hash, now)?.ok_or(Rejection::new(ErrorCode::TokenInvalid))?;
        if reports::confirm(c, id, now)? {
            if let Some(row) = reports::find(c, id)? {
                reports::bump_count(c, row.department_id, row.state, 1)?;
            }
            reports::insert_update(
                c,
                &NewUpdate {
                    report_id: id,
                    author_id: None,
                    kind: UpdateKind::Confirmed,
                    public: true,
                    state_from: None,
                    state_to: None,
                    body: "",
                    created_at: now,
                },
            )?;
            audit::log(c, &Actor::System, "confirm_report", ("report", Some(id)), Visibility::Public, None, json!({}))?;
            alert_watchers(c, id, now)?;
        }
        Ok::<_, ServiceError>(id)
    })
}

/// Opens the "stop emails about this report" link of a reporter without an account.
pub fn stop_report_updates(svc: &Services, token: &str) -> ServiceResult<ReportId> {
    let mut conn = svc.conn()?;
    let now = yoriai_store::now();
    let hash = crate::crypto::token_hash(token.trim());
    yoriai_store::write_tx(&mut conn, |c| {
        let id =
            reports::take_link(c, "stop_report_updates", &hash, now)?.ok_or(Rejection::new(ErrorCode::TokenInvalid))?;
        reports::stop_reporter_updates(c, id)?;
        Ok::<_, ServiceError>(id)
    })
}

// ---- area alerts ----

pub const ALERT_RADII_M: [i32; 4] = [200, 500, 1_000, 2_000];

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
            notify::one_report(conn, a.user_id, Kind::ReportNearby, "alert", report_id, now)?;
            told.push(a.user_id);
        }
    }
    Ok(told.len())
}

/// Tells the reporter and followers about a public update: accounts get a
/// notification (emailed as they chose), a reporter without an account an email with
/// a link to stop them. `exclude`: whoever acted.
pub(crate) fn audience(
    conn: &mut DbConn,
    svc: &Services,
    row: &ReportRow,
    update_text: &str,
    exclude: &[UserId],
    now: NaiveDateTime,
) -> ServiceResult<usize> {
    let mut done: Vec<UserId> = exclude.to_vec();
    let mut sent = 0;
    if let Some(r) = row.reporter_id.filter(|r| !done.contains(r)) {
        notify::one_report(conn, r, Kind::ReportUpdate, "reporter", row.id, now)?;
        done.push(r);
        sent += 1;
    }
    for f in reports::followers(conn, row.id)? {
        if !done.contains(&f) {
            notify::one_report(conn, f, Kind::ReportUpdate, "follower", row.id, now)?;
            done.push(f);
            sent += 1;
        }
    }
    if let (None, Some(email), true) = (row.reporter_id, row.reporter_email.as_deref(), row.reporter_updates) {
        if row.confirmed_at.is_some() {
            let token = crate::crypto::random_token();
            reports::insert_link(
                conn,
                "stop_report_updates",
                &crate::crypto::token_hash(&token),
                row.id,
                now,
                now + chrono::Duration::days(365),
            )?;
            let locale = Locale::default();
            let state = t(locale, &format!("report-state-{}", row.state.as_str().replace('_', "-")));
            let rendered = mail::render(
                MailKind::ReportUpdate,
                locale,
                row.reporter_name.as_deref().unwrap_or(email),
                &svc.settings.public_url,
                &[
                    ("title", Arg::from(row.title.as_str())),
                    ("state", Arg::from(state)),
                    ("update", Arg::from(update_text)),
                    ("link", Arg::from(svc.link(&format!("/reports/{}", row.id)))),
                    ("stop", Arg::from(svc.link(&format!("/reports/stop-updates?token={token}")))),
                ],
            );
            mail::enqueue(conn, MailKind::ReportUpdate, email, &rendered)?;
            sent += 1;
        }
    }
    Ok(sent)
}

/// Deletes reports made without an account whose link was never opened within the
/// configured days, with their photos (files included) and links. Returns how many.
pub fn purge_unconfirmed(svc: &Services) -> ServiceResult<usize> {
    let mut conn = svc.conn()?;
    let before = yoriai_store::now() - chrono::Duration::days(svc.settings.unconfirmed_report_days);
    let mut purged = 0;
    for id in reports::unconfirmed_before(&mut conn, before, 500)? {
        let photos = reports::photos_of(&mut conn, id)?;
        yoriai_store::write_tx(&mut conn, |c| {
            for p in &photos {
                yoriai_store::uploads::delete(c, p.id)?;
            }
            reports::delete(c, id)?;
            audit::log(
                c,
                &Actor::System,
                "purge_unconfirmed_report",
                ("report", Some(id)),
                Visibility::Staff,
                None,
                json!({}),
            )
        })?;
        for p in photos {
            crate::images::discard(&svc.storage, &p.storage_key);
        }
        purged += 1;
    }
    Ok(purged)
}
