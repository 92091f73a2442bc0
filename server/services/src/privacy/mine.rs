//! The resident's own data: everything the platform holds about them, as one
//! download, and deleting the account — their content stays, attributed to "deleted
//! participant"; supports and ballots stay counted without a link to them.

use super::{consents, json_list, signed_in_id};
use crate::{ServiceError, ServiceResult, Services};
use serde_json::{json, Value};
use yoriai_domain::{authorize, Action, Actor, ErrorCode, Password, Rejection, Role, UserId};

use yoriai_store::privacy as store;
use yoriai_store::{mydata, throttle, users};

fn utc(t: chrono::NaiveDateTime) -> String {
    t.and_utc().to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

/// Everything about the account, for the resident (JSON; the page renders it too).
pub fn my_data(svc: &Services, actor: &Actor) -> ServiceResult<Value> {
    authorize(actor, &Action::ManageOwnPrivacy)?;
    let user_id = signed_in_id(actor)?;
    let mut conn = svc.conn()?;
    let c = &mut conn;
    let user = users::find(c, user_id)?.ok_or_else(|| ServiceError::internal("session without account"))?;
    let current = consents(c, user_id)?;
    let verification = store::verification(c, user_id)?;
    let attrs = store::attributes(c, user_id)?;
    let access = store::access_log(c, user_id, 10_000)?;
    let staff_ids: Vec<UserId> = access.iter().filter_map(|a| a.staff_user_id).collect();
    let names = users::display_names(c, &staff_ids)?;
    Ok(json!({
        "generated_at": utc(yoriai_store::now()),
        "account": {
            "email": user.email,
            "display_name": user.display_name,
            "appear_as": user.appear_as,
            "role": user.role,
            "locale": user.locale,
            "email_confirmed_at": user.email_confirmed_at.map(utc),
            "notification_email": user.notification_email,
            "created_at": utc(user.created_at),
        },
        "external_accounts": yoriai_store::external::of_user(c, user_id)?.into_iter().map(|e| json!({
            "provider": e.provider, "subject": e.subject, "linked_at": utc(e.created_at), "last_used_at": utc(e.last_used_at),
        })).collect::<Vec<_>>(),
        "citizen_id": verification.map(|v| json!({
            "method": v.method,
            "district_id": v.district_id,
            "verified_at": utc(v.verified_at),
            "note": "The resident number itself is not stored.",
        })),
        "attributes": attrs.map(|a| json!({
            "district_id": a.district_id,
            "age_band": a.age_band,
            "interests": json_list(&a.interests),
            "accessibility": json_list(&a.accessibility),
        })),
        "purposes_on": current.granted_purposes().into_iter().map(|p| p.as_str()).collect::<Vec<_>>(),
        "consent_history": store::consent_history(c, user_id)?.into_iter().map(|e| json!({
            "purpose": e.purpose, "granted": e.granted, "notice_version": e.notice_version, "at": utc(e.created_at),
        })).collect::<Vec<_>>(),
        "access_log": access.into_iter().map(|a| json!({
            "at": utc(a.created_at),
            "staff": a.staff_user_id.and_then(|id| names.iter().find(|(i, _)| *i == id).map(|(_, n)| n.clone())),
            "what": a.what,
            "reason": a.reason,
        })).collect::<Vec<_>>(),
        "proposals": mydata::proposals_of(c, user_id)?.into_iter().map(|(id, title, state, at)| json!({
            "id": id, "title": title, "state": state, "created_at": utc(at),
        })).collect::<Vec<_>>(),
        "comments": mydata::comments_of(c, user_id)?.into_iter().map(|(id, proposal, body, stance, at)| json!({
            "id": id, "proposal_id": proposal, "body": body, "stance": stance, "created_at": utc(at),
        })).collect::<Vec<_>>(),
        "supports": mydata::supports_of(c, user_id)?.into_iter().map(|(proposal, at)| json!({
            "proposal_id": proposal, "created_at": utc(at),
        })).collect::<Vec<_>>(),
        "following": {
            "proposals": mydata::followed_proposals(c, user_id)?,
            "reports": mydata::followed_reports(c, user_id)?,
        },
        "me_too": mydata::me_toos_of(c, user_id)?,
        "reports": mydata::reports_of(c, user_id)?.into_iter().map(|r| json!({
            "id": r.0, "title": r.1, "description": r.2, "address": r.3, "latitude": r.4, "longitude": r.5,
            "state": r.6, "name": r.7, "email": r.8, "phone": r.9, "name_shown": r.10, "created_at": utc(r.11),
        })).collect::<Vec<_>>(),
        "report_alerts": mydata::alerts_of(c, user_id)?.into_iter().map(|(d, lat, lon, radius)| json!({
            "district_id": d, "latitude": lat, "longitude": lon, "radius_m": radius,
        })).collect::<Vec<_>>(),
        "ballots": mydata::ballots_of(c, user_id)?.into_iter().map(|(budget, state, cost)| json!({
            "budget_id": budget, "state": state, "total_cost": cost,
        })).collect::<Vec<_>>(),
    }))
}

/// Deletes the signed-in account after checking its password (when it has one).
/// Published proposals, comments and reports stay, shown as by a deleted participant;
/// reports lose their contact details; drafts and mail not yet sent are deleted;
/// supports and confirmed ballots stay counted. The last
/// administrator cannot delete their account (the city would lose its console).
pub fn delete_account(svc: &Services, actor: &Actor, password: &str) -> ServiceResult<()> {
    authorize(actor, &Action::ManageOwnPrivacy)?;
    let user_id = signed_in_id(actor)?;
    let mut conn = svc.conn()?;
    let user = users::find(&mut conn, user_id)?.ok_or_else(|| ServiceError::internal("session without account"))?;
    if user.password_hash.is_some() {
        let given = Password::parse_existing(password).map_err(|c| Rejection::field("password", c))?;
        let key = svc.keys.keyed_hash("throttle", &format!("account:{}", user.email));
        let now = yoriai_store::now();
        if throttle::locked_until(&mut conn, &key, now)?.is_some() {
            return Err(ErrorCode::TooManyAttempts.into());
        }
        if !svc.hasher.verify(&given, user.password_hash.as_deref()) {
            let s = &svc.settings;
            yoriai_store::write_tx(&mut conn, |c| {
                throttle::record_failure(c, &key, now, s.throttle_window, s.account_max_failures, s.throttle_lock)
            })?;
            return Err(Rejection::field("password", ErrorCode::CurrentPasswordWrong).into());
        }
    }
    yoriai_store::write_tx(&mut conn, |c| -> ServiceResult<()> {
        // Inside the write transaction, so two administrators leaving at once cannot
        // both pass the check.
        if user.role == Role::Admin && users::count_with_role(c, Role::Admin)? <= 1 {
            return Err(Rejection::new(ErrorCode::LastAdmin).into());
        }
        mydata::forget_reporter(c, user_id)?;
        mydata::delete_drafts(c, user_id)?;
        yoriai_store::outbox::drop_unsent_for(c, user_id)?;
        yoriai_store::outbox::drop_unsent_to(c, &user.email)?;
        users::delete(c, user_id)?;
        Ok(())
    })?;
    tracing::info!(user_id = user_id.0, "account deleted by its owner");
    Ok(())
}
