//! The one place where personal data is read.
//!
//! * Code acting *for a resident* asks [`read_for`] with a [`Purpose`]: it gets only
//!   the attributes that purpose names, and nothing when the resident has not turned
//!   the purpose on (under the current notice).
//! * Staff looking at a resident call [`staff_lookup`] with a stated reason: the look
//!   is written to the resident's access log in the same transaction.
//!
//! No other module reads the personal tables (`verifications`, `personal_attributes`,
//! `consent_events`, `personal_data_access`, `census_entries`, `letter_codes`,
//! `citizen_participation`); the
//! test at the bottom of this file checks every source file of the services and the
//! web layer for it.

mod consent;
mod mine;
mod notice;
mod verification;

pub use consent::{
    consent_receipt, for_you, privacy_page, save_attributes, set_appearance, set_consent, AttributesInput,
};
pub use mine::{delete_account, my_data};
pub use notice::{notice_console, notice_page, publish_notice, NoticeInput};
pub use verification::{
    generate_letter_codes, import_census, revoke_verification, verification_console, verify_at_counter,
    verify_by_census, verify_by_letter, CensusInput, CounterInput, MAX_CENSUS_BYTES,
};

use crate::{city_date, ServiceError, ServiceResult, Services};
use yoriai_domain::privacy::{AccessKind, Attribute, Consent, ConsentState, Purpose};
use yoriai_domain::{authorize, Action, Actor, DistrictId, ErrorCode, Locale, Rejection, UserId};
use yoriai_store::{districts, privacy as store, users, DbConn};
use yoriai_views::privacy::{PersonalRecord, VerificationInfo};

/// What one purpose may see of a resident. Attributes the purpose does not name, or
/// that the resident did not give, are empty.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PersonalView {
    pub district: Option<DistrictId>,
    pub age_band: Option<String>,
    pub interests: Vec<String>,
    pub accessibility: Vec<String>,
    pub verified_district: Option<DistrictId>,
}

/// The newest recorded choice per purpose, read against the notice in force.
pub(crate) fn consents(conn: &mut DbConn, user_id: UserId) -> ServiceResult<ConsentState> {
    let mut out: Vec<Consent> = Vec::new();
    for e in store::consent_history(conn, user_id)? {
        let Some(purpose) = Purpose::parse(&e.purpose) else { continue };
        out.retain(|c| c.purpose != purpose);
        out.push(Consent { purpose, granted: e.granted, notice_version: e.notice_version });
    }
    Ok(ConsentState { terms: notice::terms(conn)?, consents: out })
}

fn json_list(raw: &str) -> Vec<String> {
    serde_json::from_str(raw).unwrap_or_default()
}

/// The personal data `purpose` may use, or `None` when the resident has not turned
/// it on. The single consent check of the platform.
pub fn read_for(conn: &mut DbConn, user_id: UserId, purpose: Purpose) -> ServiceResult<Option<PersonalView>> {
    let consents = consents(conn, user_id)?;
    read_with(conn, user_id, purpose, &consents)
}

/// [`read_for`] with the resident's consents already loaded.
fn read_with(
    conn: &mut DbConn,
    user_id: UserId,
    purpose: Purpose,
    consents: &ConsentState,
) -> ServiceResult<Option<PersonalView>> {
    if !consents.granted(purpose) {
        return Ok(None);
    }
    let may = |a: Attribute| consents.may_use(purpose, a);
    let mut view = PersonalView::default();
    if may(Attribute::District) || may(Attribute::AgeBand) || may(Attribute::Interests) || may(Attribute::Accessibility)
    {
        if let Some(a) = store::attributes(conn, user_id)? {
            if may(Attribute::District) {
                view.district = a.district_id;
            }
            if may(Attribute::AgeBand) {
                view.age_band = a.age_band;
            }
            if may(Attribute::Interests) {
                view.interests = json_list(&a.interests);
            }
            if may(Attribute::Accessibility) {
                view.accessibility = json_list(&a.accessibility);
            }
        }
    }
    if may(Attribute::VerifiedDistrict) {
        view.verified_district = store::verification(conn, user_id)?.and_then(|v| v.district_id);
    }
    Ok(Some(view))
}

/// Whether `purpose` is on for `user_id` now (e.g. right before an email is sent).
pub fn is_granted(conn: &mut DbConn, user_id: UserId, purpose: Purpose) -> ServiceResult<bool> {
    Ok(consents(conn, user_id)?.granted(purpose))
}

/// What every request of a signed-in account needs, each fact through its purpose.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SessionFacts {
    /// Holds a verified citizen ID (the resident opted in by verifying).
    pub verified: bool,
    /// The verified district, only when the resident lets it be used to check their
    /// eligibility for district budgets.
    pub verified_district: Option<DistrictId>,
    /// Accessibility needs the pages adapt to, only with that purpose on.
    pub needs: Vec<String>,
}

/// Runs on every signed-in request: the verification and the consents are read once.
pub fn session_facts(conn: &mut DbConn, user_id: UserId) -> ServiceResult<SessionFacts> {
    let verification = store::verification(conn, user_id)?;
    let consents = consents(conn, user_id)?;
    let mut facts = SessionFacts { verified: verification.is_some(), ..Default::default() };
    if consents.may_use(Purpose::BudgetEligibility, Attribute::VerifiedDistrict) {
        facts.verified_district = verification.and_then(|v| v.district_id);
    }
    if consents.granted(Purpose::Accessibility) {
        facts.needs =
            read_with(conn, user_id, Purpose::Accessibility, &consents)?.map(|p| p.accessibility).unwrap_or_default();
    }
    Ok(facts)
}

/// One verified citizen ID, one voice: before a ballot is confirmed or a verified-only
/// support given, marks that this ID took part in `scope` (`budget:12`,
/// `support:34`). Refused when another account verified with the same ID took part
/// first. Accounts without a verification pass (the policy decides whether they may
/// act at all). Runs inside the caller's transaction.
pub fn claim_participation(svc: &Services, conn: &mut DbConn, user_id: UserId, scope: &str) -> ServiceResult<()> {
    let Some(v) = store::verification(conn, user_id)? else { return Ok(()) };
    let marker = svc.keys.keyed_hash("participation", &format!("{}|{scope}", v.citizen_key));
    match store::claim_participation(conn, &marker, scope, user_id, yoriai_store::now())? {
        Some(owner) if owner == user_id => Ok(()),
        _ => Err(ErrorCode::CitizenIdTookPart.into()),
    }
}

/// Voting in `scope` has closed: the markers no longer name accounts.
pub fn close_participation(conn: &mut DbConn, scope: &str) -> ServiceResult<()> {
    store::unlink_participation(conn, scope)?;
    Ok(())
}

/// Which of `authors` hold a verified citizen ID and let it be shown next to what they
/// write (the "show verified" purpose on, under the notice in force). Two queries
/// whatever the number of authors.
pub fn showing_verified(conn: &mut DbConn, authors: &[UserId]) -> ServiceResult<Vec<UserId>> {
    if authors.is_empty() {
        return Ok(Vec::new());
    }
    let terms = notice::terms(conn)?;
    let purpose = Purpose::ShowVerified;
    if !terms.offers(purpose) {
        return Ok(Vec::new());
    }
    let granted: Vec<UserId> = store::granted_among(conn, purpose.as_str(), authors)?
        .into_iter()
        .filter(|(_, version)| terms.accepts(purpose, *version))
        .map(|(id, _)| id)
        .collect();
    if granted.is_empty() {
        return Ok(Vec::new());
    }
    Ok(store::verified_among(conn, &granted)?)
}

/// Residents per age band, counting only those who turned "anonymous statistics" on
/// (under the notice in force) and gave an age band; groups of 1 to 4 are withheld
/// (`None`). Every band is listed, in order. Nothing when the purpose is not offered.
pub fn statistics_by_age_band(conn: &mut DbConn) -> ServiceResult<Vec<(String, Option<i64>)>> {
    let terms = notice::terms(conn)?;
    let purpose = Purpose::Statistics;
    if !terms.offers(purpose) {
        return Ok(Vec::new());
    }
    let counts = store::age_band_counts(conn, purpose.as_str(), terms.widened_in(purpose))?;
    Ok(yoriai_domain::privacy::AGE_BANDS
        .iter()
        .map(|b| {
            let n = counts.iter().find(|(band, _)| band == b).map(|(_, n)| *n).unwrap_or(0);
            ((*b).to_owned(), yoriai_domain::privacy::suppressed(n))
        })
        .collect())
}

/// How many accounts hold a verified citizen ID (a count: nothing about anyone).
pub fn verified_count(conn: &mut DbConn) -> ServiceResult<i64> {
    Ok(store::count_verified(conn)?)
}

/// Writes one line of the resident's access log (inside the caller's transaction).
pub(crate) fn log_access(
    conn: &mut DbConn,
    subject: UserId,
    staff: &Actor,
    what: AccessKind,
    reason: &str,
) -> ServiceResult<()> {
    store::log_access(conn, subject, staff.user_id(), what, reason, yoriai_store::now())?;
    Ok(())
}

/// A stated reason: 5 to 300 characters.
pub(crate) fn parse_reason(raw: &str) -> Result<String, Rejection> {
    let r = raw.trim();
    if r.is_empty() {
        return Err(Rejection::field("reason", ErrorCode::Required));
    }
    if r.chars().count() < 5 {
        return Err(Rejection::field("reason", ErrorCode::TooShort));
    }
    if r.chars().count() > 300 {
        return Err(Rejection::fields(vec![
            yoriai_domain::FieldError::new("reason", ErrorCode::TooLong).with_arg("max", 300)
        ]));
    }
    Ok(r.to_owned())
}

pub(crate) fn district_name(
    conn: &mut DbConn,
    id: Option<DistrictId>,
    locale: Locale,
) -> ServiceResult<Option<String>> {
    let Some(id) = id else { return Ok(None) };
    Ok(districts::find(conn, id)?.map(|d| if locale == Locale::Ja { d.name_ja } else { d.name_en }))
}

pub(crate) fn verification_info(
    conn: &mut DbConn,
    user_id: UserId,
    locale: Locale,
) -> ServiceResult<Option<VerificationInfo>> {
    let Some(v) = store::verification(conn, user_id)? else { return Ok(None) };
    Ok(Some(VerificationInfo {
        method: v.method,
        district: district_name(conn, v.district_id, locale)?,
        verified_on: city_date(v.verified_at),
    }))
}

/// A staff member looks at a resident's personal data for a stated reason; the look
/// is logged where the resident sees it. Only what the resident chose to give is
/// there; the citizen number itself is never stored, so never shown.
pub fn staff_lookup(
    svc: &Services,
    actor: &Actor,
    user_id: UserId,
    reason: &str,
    locale: Locale,
) -> ServiceResult<PersonalRecord> {
    authorize(actor, &Action::ViewPersonalData)?;
    let reason = parse_reason(reason)?;
    let mut conn = svc.conn()?;
    let user = users::find(&mut conn, user_id)?.ok_or(ErrorCode::NotFound)?;
    yoriai_store::write_tx(&mut conn, |c| -> ServiceResult<PersonalRecord> {
        log_access(c, user_id, actor, AccessKind::PersonalData, &reason)?;
        let attrs = store::attributes(c, user_id)?;
        let granted = consents(c, user_id)?.granted_purposes().into_iter().map(|p| p.as_str().to_owned()).collect();
        Ok(PersonalRecord {
            user_id,
            display_name: user.display_name.clone(),
            email: user.email.clone(),
            verification: verification_info(c, user_id, locale)?,
            district: district_name(c, attrs.as_ref().and_then(|a| a.district_id), locale)?,
            age_band: attrs.and_then(|a| a.age_band),
            granted,
        })
    })
}

fn signed_in_id(actor: &Actor) -> ServiceResult<UserId> {
    actor.user_id().ok_or_else(|| ServiceError::internal("authorized actor without account"))
}

#[cfg(test)]
mod tests {
    /// The personal tables are named only in this module (and the store's own file):
    /// anything else reading them would bypass the consent check and the access log.
    #[test]
    fn only_the_privacy_module_touches_personal_tables() {
        let tables = [
            "verifications",
            "personal_attributes",
            "consent_events",
            "personal_data_access",
            "census_entries",
            "letter_codes",
            "citizen_participation",
            "store::privacy",
            "yoriai_store::privacy",
        ];
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let mut offenders = Vec::new();
        let mut stack = vec![root.join("services/src"), root.join("src"), root.join("../frontend/src")];
        while let Some(dir) = stack.pop() {
            for entry in std::fs::read_dir(&dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    // Only the services' privacy module may; the pages of the same
                    // name (`frontend/src/pages/privacy/`) are checked like the rest.
                    if !path.ends_with("services/src/privacy") {
                        stack.push(path);
                    }
                    continue;
                }
                if path.extension().is_none_or(|e| e != "rs") {
                    continue;
                }
                let text = std::fs::read_to_string(&path).unwrap();
                for t in tables {
                    if text.contains(&format!("{t}::")) || text.contains(&format!("schema::{t}")) {
                        offenders.push(format!("{} names {t}", path.display()));
                    }
                }
            }
        }
        assert!(offenders.is_empty(), "personal tables read outside services/src/privacy: {offenders:?}");
    }
}
