//! The resident's side: purposes switched on and off (an append-only history, so a
//! receipt can be given), optional attributes, and what the home page shows "for
//! you" when the resident allows it.

use super::{consents, district_name, json_list, read_for, signed_in_id, verification_info};
use crate::{city_time, ServiceResult, Services};
use yoriai_domain::privacy::{Appearance, Purpose, ACCESSIBILITY_NEEDS, AGE_BANDS};
use yoriai_domain::{
    authorize, Action, Actor, DistrictId, ErrorCode, FieldError, FieldErrors, Locale, Rejection, UserId,
};
use yoriai_store::privacy::{self as store, AttributesRow};
use yoriai_store::{districts, foryou, users};
use yoriai_views::privacy::{
    AccessItem, ConsentReceipt, ConsentRecord, DistrictOption, ForYou, ForYouItem, PrivacyPage, PurposeItem,
};

/// The privacy page: purposes, attributes, verification, and who looked.
pub fn privacy_page(svc: &Services, actor: &Actor, locale: Locale) -> ServiceResult<PrivacyPage> {
    authorize(actor, &Action::ManageOwnPrivacy)?;
    let user_id = signed_in_id(actor)?;
    let mut conn = svc.conn()?;
    let history = store::consent_history(&mut conn, user_id)?;
    let current = consents(&mut conn, user_id)?;
    let ask_again = current.to_ask_again();
    let purposes = current
        .terms
        .offered()
        .into_iter()
        .map(|p| PurposeItem {
            purpose: p.as_str().into(),
            granted: current.granted(p),
            changed_at: history.iter().rev().find(|e| e.purpose == p.as_str()).map(|e| city_time(e.created_at)),
            ask_again: ask_again.contains(&p),
            uses: p.uses().iter().map(|a| a.as_str().to_owned()).collect(),
        })
        .collect();
    let attrs = store::attributes(&mut conn, user_id)?;
    let log = store::access_log(&mut conn, user_id, 100)?;
    let staff_ids: Vec<UserId> = log.iter().filter_map(|a| a.staff_user_id).collect();
    let names = users::display_names(&mut conn, &staff_ids)?;
    let ds = districts::list(&mut conn)?;
    let appear_as = users::find(&mut conn, user_id)?.map(|u| u.appear_as).unwrap_or_default();
    Ok(PrivacyPage {
        appear_as,
        notice_version: current.terms.version,
        purposes,
        verification: verification_info(&mut conn, user_id, locale)?,
        census_available: store::census_summary(&mut conn)?.0 > 0,
        district_id: attrs.as_ref().and_then(|a| a.district_id),
        age_band: attrs.as_ref().and_then(|a| a.age_band.clone()),
        interests: attrs.as_ref().map(|a| json_list(&a.interests)).unwrap_or_default(),
        accessibility: attrs.as_ref().map(|a| json_list(&a.accessibility)).unwrap_or_default(),
        districts: ds
            .into_iter()
            .map(|d| DistrictOption { id: d.id, name: if locale == Locale::Ja { d.name_ja } else { d.name_en } })
            .collect(),
        interest_options: foryou::interest_options(&mut conn)?
            .into_iter()
            .map(|(ja, en)| if locale == Locale::Ja { ja } else { en })
            .collect(),
        access_log: log
            .into_iter()
            .map(|a| AccessItem {
                at: city_time(a.created_at),
                staff: a.staff_user_id.and_then(|id| names.iter().find(|(i, _)| *i == id).map(|(_, n)| n.clone())),
                what: a.what,
                reason: a.reason,
            })
            .collect(),
    })
}

/// Turns one purpose on or off, recording the notice version and the time. Turning
/// "email me updates" off also stops mail already queued (checked when sending).
/// `shown_version`: the notice version the resident's page showed; agreeing is refused
/// if a newer version was published meanwhile (they agree only to what they read).
pub fn set_consent(
    svc: &Services,
    actor: &Actor,
    purpose: &str,
    granted: bool,
    shown_version: Option<i32>,
) -> ServiceResult<()> {
    authorize(actor, &Action::ManageOwnPrivacy)?;
    let user_id = signed_in_id(actor)?;
    let purpose = Purpose::parse(purpose).ok_or_else(|| Rejection::field("purpose", ErrorCode::PurposeUnknown))?;
    let mut conn = svc.conn()?;
    let now = yoriai_store::now();
    yoriai_store::write_tx(&mut conn, |c| -> ServiceResult<()> {
        // Recorded under the notice in force, read in the same transaction; a purpose
        // the city no longer offers can only be turned off.
        let terms = super::notice::terms(c)?;
        if granted && !terms.offers(purpose) {
            return Err(Rejection::field("purpose", ErrorCode::PurposeUnknown).into());
        }
        if granted && shown_version.is_some_and(|v| v != terms.version) {
            return Err(ErrorCode::NoticeChangedMeanwhile.into());
        }
        store::record_consent(c, user_id, purpose.as_str(), granted, terms.version, now)?;
        if !granted {
            // Mail already queued for this purpose is not sent.
            yoriai_store::outbox::withdraw(c, user_id, purpose.as_str())?;
        }
        Ok(())
    })?;
    Ok(())
}

/// Chooses how the resident appears next to what they write: display name or a
/// pseudonym per process (applies to what they wrote before, too).
pub fn set_appearance(svc: &Services, actor: &Actor, appear_as: &str) -> ServiceResult<()> {
    authorize(actor, &Action::ManageOwnPrivacy)?;
    let user_id = signed_in_id(actor)?;
    let appearance =
        Appearance::parse(appear_as).ok_or_else(|| Rejection::field("appear_as", ErrorCode::InvalidInput))?;
    let mut conn = svc.conn()?;
    yoriai_store::write_tx(&mut conn, |c| users::set_appear_as(c, user_id, appearance.as_str(), yoriai_store::now()))?;
    Ok(())
}

/// The optional attributes a resident gives.
#[derive(Debug, Clone, Default)]
pub struct AttributesInput {
    pub district_id: Option<DistrictId>,
    pub age_band: String,
    pub interests: Vec<String>,
    pub accessibility: Vec<String>,
}

pub fn save_attributes(svc: &Services, actor: &Actor, input: AttributesInput) -> ServiceResult<()> {
    authorize(actor, &Action::ManageOwnPrivacy)?;
    let user_id = signed_in_id(actor)?;
    let mut e = FieldErrors::new();
    let age_band = match input.age_band.trim() {
        "" => None,
        a if AGE_BANDS.contains(&a) => Some(a.to_owned()),
        _ => {
            e.push(FieldError::new("age_band", ErrorCode::InvalidInput));
            None
        }
    };
    let mut accessibility: Vec<String> = Vec::new();
    for a in input.accessibility.iter().map(|a| a.trim()).filter(|a| !a.is_empty()) {
        if !ACCESSIBILITY_NEEDS.contains(&a) {
            e.push(FieldError::new("accessibility", ErrorCode::InvalidInput));
            break;
        }
        if !accessibility.iter().any(|x| x == a) {
            accessibility.push(a.to_owned());
        }
    }
    let mut interests: Vec<String> = Vec::new();
    for i in input.interests.iter().map(|i| i.trim()).filter(|i| !i.is_empty()) {
        if i.chars().count() > 100 || interests.len() >= 20 {
            e.push(FieldError::new("interests", ErrorCode::TooLong).with_arg("max", 20));
            break;
        }
        if !interests.iter().any(|x| x == i) {
            interests.push(i.to_owned());
        }
    }
    let mut conn = svc.conn()?;
    if let Some(d) = input.district_id {
        if districts::find(&mut conn, d)?.is_none() {
            e.push(FieldError::new("district_id", ErrorCode::InvalidInput));
        }
    }
    if !e.is_empty() {
        return Err(e.into_rejection().into());
    }
    let row = AttributesRow {
        user_id,
        district_id: input.district_id,
        age_band,
        interests: serde_json::to_string(&interests).unwrap_or_else(|_| "[]".into()),
        accessibility: serde_json::to_string(&accessibility).unwrap_or_else(|_| "[]".into()),
        updated_at: yoriai_store::now(),
    };
    yoriai_store::write_tx(&mut conn, |c| store::save_attributes(c, &row))?;
    Ok(())
}

/// Every consent change with its notice version and time: the resident's receipt.
pub fn consent_receipt(svc: &Services, actor: &Actor) -> ServiceResult<ConsentReceipt> {
    authorize(actor, &Action::ManageOwnPrivacy)?;
    let user_id = signed_in_id(actor)?;
    let mut conn = svc.conn()?;
    let user = users::find(&mut conn, user_id)?.ok_or(ErrorCode::NotFound)?;
    let current = consents(&mut conn, user_id)?;
    Ok(ConsentReceipt {
        account: user.display_name,
        generated_at: chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        notice_version: current.terms.version,
        granted: current.granted_purposes().into_iter().map(|p| p.as_str().to_owned()).collect(),
        history: store::consent_history(&mut conn, user_id)?
            .into_iter()
            .map(|e| ConsentRecord {
                purpose: e.purpose,
                granted: e.granted,
                notice_version: e.notice_version,
                at: e.created_at.and_utc().to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            })
            .collect(),
    })
}

/// The home page's "for you": items of the resident's district and interests, only
/// when they turned that purpose on.
pub fn for_you(svc: &Services, actor: &Actor, locale: Locale) -> ServiceResult<ForYou> {
    let Some(user_id) = actor.user_id() else {
        return Ok(ForYou { enabled: false, district: None, items: Vec::new() });
    };
    let mut conn = svc.conn()?;
    let Some(view) = read_for(&mut conn, user_id, Purpose::ForYou)? else {
        return Ok(ForYou { enabled: false, district: None, items: Vec::new() });
    };
    let mut items = Vec::new();
    if let Some(d) = view.district {
        for (id, ja, en) in foryou::budgets(&mut conn, d)? {
            items.push(ForYouItem {
                kind: "budget".into(),
                title: if locale == Locale::Ja { ja } else { en },
                href: format!("/budgets/{id}"),
                reason: "district".into(),
            });
        }
    }
    for (id, title, in_district) in foryou::proposals(&mut conn, view.district, &view.interests, 6)? {
        items.push(ForYouItem {
            kind: "proposal".into(),
            title,
            href: format!("/proposals/{id}"),
            reason: if in_district { "district" } else { "interest" }.into(),
        });
    }
    if let Some(d) = view.district {
        for (id, title) in foryou::reports(&mut conn, d, 4)? {
            items.push(ForYouItem {
                kind: "report".into(),
                title,
                href: format!("/reports/{id}"),
                reason: "district".into(),
            });
        }
    }
    Ok(ForYou { enabled: true, district: district_name(&mut conn, view.district, locale)?, items })
}
