//! Opt-in citizen-ID verification: against the census, by a letter code, or at a
//! counter. Numbers and birth dates are turned into keyed hashes (server secret) on
//! arrival and never stored; the same number hashes to the same key whichever way it
//! came, so one citizen ID verifies one account.

use super::{log_access, signed_in_id};
use crate::audit::{self, Visibility};
use crate::{city_time, ServiceResult, Services};
use chrono::NaiveDate;
use rand::Rng;
use serde_json::json;
use yoriai_domain::privacy::{self as rules, VerificationMethod};
use yoriai_domain::{
    authorize, Action, Actor, DistrictId, ErrorCode, FieldError, FieldErrors, Locale, Rejection, UserId,
};
use yoriai_store::privacy::{self as store, CensusRow, NewLetterCode, VerificationRow};
use yoriai_store::{districts, throttle, users, DbConn};
use yoriai_views::privacy::{DistrictOption, LetterDistrict, VerificationConsole};

/// Verification attempts (right or wrong: successes count too, so verifying and
/// revoking cannot reset the count) per account, and per resident number, within the
/// throttle window; the next one is refused until the lock ends.
const MAX_ATTEMPTS: i32 = 5;
/// Letter codes per request, and their validity.
const MAX_LETTERS: i64 = 5_000;
const LETTER_VALID_DAYS: i64 = 120;
/// Largest census file accepted (a city of 300 000 fits in 10 MiB).
pub const MAX_CENSUS_BYTES: usize = 32 * 1024 * 1024;

fn citizen_key(svc: &Services, number: &str) -> String {
    svc.keys.keyed_hash("citizen-id", number)
}

fn birth_message(number: &str, birth: NaiveDate) -> String {
    format!("{number}|{}", birth.format("%Y-%m-%d"))
}

fn parse_birth_date(raw: &str) -> Result<NaiveDate, ErrorCode> {
    let t = raw.trim();
    if t.is_empty() {
        return Err(ErrorCode::Required);
    }
    let t: String = t
        .chars()
        .map(|c| if ('０'..='９').contains(&c) { char::from_u32(c as u32 - 0xFEE0).unwrap_or(c) } else { c })
        .collect();
    let t = t.replace('/', "-");
    NaiveDate::parse_from_str(&t, "%Y-%m-%d").map_err(|_| ErrorCode::DateInvalid)
}

fn throttle_key(svc: &Services, user_id: UserId) -> String {
    svc.keys.keyed_hash("throttle", &format!("verify:{user_id}"))
}

fn too_many(until: chrono::NaiveDateTime, now: chrono::NaiveDateTime) -> crate::ServiceError {
    let minutes = ((until - now).num_seconds() + 59) / 60;
    Rejection::new(ErrorCode::TooManyAttempts).with_arg("minutes", minutes.max(1)).into()
}

/// Counts one attempt against each key before anything is checked, atomically (an
/// upsert), so parallel requests cannot slip past the limit: the attempt that goes
/// over it, and every later one until the lock ends, is refused.
fn take_attempt(svc: &Services, conn: &mut DbConn, keys: &[&str]) -> ServiceResult<()> {
    let s = &svc.settings;
    let now = yoriai_store::now();
    for key in keys {
        if let Some(until) = throttle::locked_until(conn, key, now)? {
            return Err(too_many(until, now));
        }
    }
    for key in keys {
        let locked = yoriai_store::write_tx(conn, |c| {
            throttle::record_failure(c, key, now, s.throttle_window, MAX_ATTEMPTS + 1, s.throttle_lock)
        })?;
        if let Some(until) = locked {
            return Err(too_many(until, now));
        }
    }
    Ok(())
}

fn already_verified(conn: &mut DbConn, user_id: UserId) -> ServiceResult<()> {
    if store::verification(conn, user_id)?.is_some() {
        return Err(ErrorCode::AlreadyVerified.into());
    }
    Ok(())
}

/// Inserts the verification; a citizen key already used by another account is an
/// error the resident can act on (ask at a counter), never a silent merge.
fn record(conn: &mut DbConn, row: VerificationRow) -> ServiceResult<()> {
    if let Some(other) = store::verified_by_key(conn, &row.citizen_key)? {
        if other != row.user_id {
            return Err(ErrorCode::CitizenIdInUse.into());
        }
        return Err(ErrorCode::AlreadyVerified.into());
    }
    if !store::insert_verification(conn, &row)? {
        // A concurrent verification of the same ID or account won the race.
        return Err(match store::verification(conn, row.user_id)? {
            Some(_) => ErrorCode::AlreadyVerified,
            None => ErrorCode::CitizenIdInUse,
        }
        .into());
    }
    Ok(())
}

/// The resident gives their resident number and birth date; both must match the
/// census the city uploaded. Attempts are throttled per account and per number.
pub fn verify_by_census(svc: &Services, actor: &Actor, input: &CensusInput) -> ServiceResult<()> {
    authorize(actor, &Action::ManageOwnPrivacy)?;
    let user_id = signed_in_id(actor)?;
    let mut e = FieldErrors::new();
    let number = e.check("number", rules::normalize_citizen_number(&input.number));
    let birth = e.check("birth_date", parse_birth_date(&input.birth_date));
    let (Some(number), Some(birth)) = (number, birth) else { return Err(e.into_rejection().into()) };
    let mut conn = svc.conn()?;
    already_verified(&mut conn, user_id)?;
    let key = citizen_key(svc, &number);
    // Attempts count per account and per number, so neither more accounts nor
    // verify-and-revoke cycles give more guesses at someone's birth date.
    let number_key = svc.keys.keyed_hash("throttle", &format!("verify-number:{key}"));
    take_attempt(svc, &mut conn, &[&throttle_key(svc, user_id), &number_key])?;
    let entry = store::census_entry(&mut conn, &key)?;
    // The same work whether or not the number is in the census.
    let expected = entry.as_ref().map(|c| c.birth_key.clone()).unwrap_or_default();
    let matches = svc.keys.verify_keyed_hash("census-birth", &birth_message(&number, birth), &expected);
    let Some(entry) = entry.filter(|_| matches) else {
        return Err(Rejection::field("number", ErrorCode::CensusNoMatch).into());
    };
    let now = yoriai_store::now();
    yoriai_store::write_tx(&mut conn, |c| {
        record(
            c,
            VerificationRow {
                user_id,
                method: VerificationMethod::Census.as_str().into(),
                district_id: entry.district_id,
                citizen_key: key.clone(),
                verified_by: None,
                verified_at: now,
            },
        )
    })?;
    tracing::info!(user_id = user_id.0, method = "census", "citizen ID verified");
    Ok(())
}

/// The resident types the code from the letter the city mailed to their address.
/// Codes work once and expire; attempts are throttled per account.
pub fn verify_by_letter(svc: &Services, actor: &Actor, code: &str) -> ServiceResult<()> {
    authorize(actor, &Action::ManageOwnPrivacy)?;
    let user_id = signed_in_id(actor)?;
    let code = rules::normalize_letter_code(code).map_err(|c| Rejection::field("code", c))?;
    let mut conn = svc.conn()?;
    already_verified(&mut conn, user_id)?;
    take_attempt(svc, &mut conn, &[&throttle_key(svc, user_id)])?;
    let hash = svc.keys.keyed_hash("letter-code", &code);
    let now = yoriai_store::now();
    let redeemed = yoriai_store::write_tx(&mut conn, |c| -> ServiceResult<bool> {
        let Some((letter_id, district)) = store::redeem_letter_code(c, &hash, now)? else { return Ok(false) };
        record(
            c,
            VerificationRow {
                user_id,
                method: VerificationMethod::Letter.as_str().into(),
                district_id: Some(district),
                citizen_key: svc.keys.keyed_hash("citizen-id", &format!("letter:{letter_id}")),
                verified_by: None,
                verified_at: now,
            },
        )?;
        Ok(true)
    })?;
    if !redeemed {
        return Err(Rejection::field("code", ErrorCode::LetterCodeInvalid).into());
    }
    tracing::info!(user_id = user_id.0, method = "letter", "citizen ID verified");
    Ok(())
}

pub use yoriai_views::privacy::{CensusInput, CounterInput};

/// A clerk confirms a resident's citizen ID at the counter. Logged in the action log
/// (staff act) and in the resident's access log (their data was handled).
pub fn verify_at_counter(svc: &Services, actor: &Actor, input: CounterInput) -> ServiceResult<UserId> {
    authorize(actor, &Action::VerifyAtCounter)?;
    let mut e = FieldErrors::new();
    let email = input.email.trim().to_lowercase();
    if email.is_empty() {
        e.push(FieldError::new("email", ErrorCode::Required));
    }
    let number = e.check("number", rules::normalize_citizen_number(&input.number));
    if input.district_id.is_none() {
        e.push(FieldError::new("district_id", ErrorCode::Required));
    }
    let Some(number) = number.filter(|_| e.is_empty()) else { return Err(e.into_rejection().into()) };
    let mut conn = svc.conn()?;
    let district = match input.district_id {
        Some(d) => districts::find(&mut conn, d)?,
        None => None,
    };
    let Some(district) = district else { return Err(Rejection::field("district_id", ErrorCode::InvalidInput).into()) };
    let Some(user) = users::find_by_email(&mut conn, &email)? else {
        return Err(Rejection::field("email", ErrorCode::NotFound).into());
    };
    let now = yoriai_store::now();
    let key = citizen_key(svc, &number);
    yoriai_store::write_tx(&mut conn, |c| -> ServiceResult<()> {
        if store::verification(c, user.id)?.is_some() {
            return Err(ErrorCode::AlreadyVerified.into());
        }
        record(
            c,
            VerificationRow {
                user_id: user.id,
                method: VerificationMethod::Counter.as_str().into(),
                district_id: Some(district.id),
                citizen_key: key.clone(),
                verified_by: actor.user_id(),
                verified_at: now,
            },
        )?;
        log_access(
            c,
            user.id,
            actor,
            yoriai_domain::privacy::AccessKind::CounterVerification,
            "ID card checked at a city counter",
        )?;
        audit::log(c, actor, "verify_at_counter", ("user", Some(user.id)), Visibility::Staff, None, json!({}))
    })?;
    Ok(user.id)
}

/// The resident withdraws their verification: the record is removed at once (the
/// census and used letter codes stay as they were).
pub fn revoke_verification(svc: &Services, actor: &Actor) -> ServiceResult<()> {
    authorize(actor, &Action::ManageOwnPrivacy)?;
    let user_id = signed_in_id(actor)?;
    let mut conn = svc.conn()?;
    if !store::delete_verification(&mut conn, user_id)? {
        return Err(ErrorCode::NotVerified.into());
    }
    tracing::info!(user_id = user_id.0, "citizen ID verification revoked");
    Ok(())
}

/// Replaces the census with a CSV file of `resident number, birth date, district
/// code` (a header line is allowed). Every line is checked before anything changes;
/// the first bad lines are reported by number.
pub fn import_census(svc: &Services, actor: &Actor, bytes: &[u8]) -> ServiceResult<usize> {
    authorize(actor, &Action::ManageVerification)?;
    if bytes.len() > MAX_CENSUS_BYTES {
        return Err(ErrorCode::FileTooLarge.into());
    }
    let text = std::str::from_utf8(bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes))
        .map_err(|_| Rejection::new(ErrorCode::CensusFileInvalid))?;
    let mut conn = svc.conn()?;
    let codes: Vec<(String, DistrictId)> =
        districts::list(&mut conn)?.into_iter().filter_map(|d| d.code.map(|c| (c.to_lowercase(), d.id))).collect();
    let now = yoriai_store::now();
    let mut rows: Vec<CensusRow> = Vec::new();
    // Each number once: an exact repeat is skipped, a repeat that disagrees (another
    // birth date or district) is reported, since one of the two is wrong.
    let mut seen: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    let mut bad: Vec<usize> = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let cells: Vec<&str> = line.split(',').map(|c| c.trim().trim_matches('"').trim()).collect();
        if cells.iter().all(|c| c.is_empty()) {
            continue;
        }
        let parsed = (|| {
            let number = rules::normalize_citizen_number(cells.first()?).ok()?;
            let birth = parse_birth_date(cells.get(1)?).ok()?;
            let district = match cells.get(2).filter(|c| !c.is_empty()) {
                Some(code) => Some(codes.iter().find(|(c, _)| *c == code.to_lowercase())?.1),
                None => None,
            };
            Some((number, birth, district))
        })();
        match parsed {
            Some((number, birth, district)) => {
                let key = citizen_key(svc, &number);
                let birth_key = svc.keys.keyed_hash("census-birth", &birth_message(&number, birth));
                match seen.get(&key) {
                    Some(&at) => {
                        let earlier = &rows[at];
                        if earlier.birth_key != birth_key || earlier.district_id != district {
                            bad.push(i + 1);
                        }
                    }
                    None => {
                        seen.insert(key.clone(), rows.len());
                        rows.push(CensusRow { citizen_key: key, birth_key, district_id: district, imported_at: now });
                    }
                }
            }
            // A header line (no digits in its first cell) is fine; anything else that
            // does not parse is reported.
            None if i == 0 && !cells[0].chars().any(|c| c.is_ascii_digit() || ('０'..='９').contains(&c)) => {}
            None => bad.push(i + 1),
        }
    }
    if let Some(first) = bad.first() {
        return Err(Rejection::new(ErrorCode::CensusLineInvalid)
            .with_arg("line", *first as i64)
            .with_arg("count", bad.len() as i64)
            .into());
    }
    if rows.is_empty() {
        return Err(ErrorCode::CensusFileInvalid.into());
    }
    let n = rows.len();
    yoriai_store::write_tx(&mut conn, |c| -> ServiceResult<()> {
        store::replace_census(c, &rows)?;
        audit::log(c, actor, "import_census", ("census", None::<i64>), Visibility::Staff, None, json!({ "rows": n }))
    })?;
    Ok(n)
}

/// New single-use codes for letters to a district's households; returned once, in
/// print form (`ABCD-EFGH-JKMN`), and stored only as keyed hashes.
pub fn generate_letter_codes(
    svc: &Services,
    actor: &Actor,
    district_id: DistrictId,
    count: i64,
) -> ServiceResult<Vec<String>> {
    authorize(actor, &Action::ManageVerification)?;
    if !(1..=MAX_LETTERS).contains(&count) {
        return Err(Rejection::fields(vec![
            FieldError::new("count", ErrorCode::InvalidInput).with_arg("max", MAX_LETTERS)
        ])
        .into());
    }
    let mut conn = svc.conn()?;
    districts::find(&mut conn, district_id)?.ok_or_else(|| Rejection::field("district_id", ErrorCode::InvalidInput))?;
    let mut rng = rand::rng();
    let codes: Vec<String> = (0..count)
        .map(|_| {
            (0..rules::LETTER_CODE_LEN)
                .map(|_| rules::LETTER_ALPHABET[rng.random_range(0..rules::LETTER_ALPHABET.len())] as char)
                .collect()
        })
        .collect();
    let hashes: Vec<String> = codes.iter().map(|c| svc.keys.keyed_hash("letter-code", c)).collect();
    let now = yoriai_store::now();
    let rows: Vec<NewLetterCode<'_>> = hashes
        .iter()
        .map(|h| NewLetterCode {
            code_hash: h,
            district_id,
            created_by: actor.user_id(),
            created_at: now,
            expires_at: now + chrono::Duration::days(LETTER_VALID_DAYS),
        })
        .collect();
    yoriai_store::write_tx(&mut conn, |c| -> ServiceResult<()> {
        store::insert_letter_codes(c, &rows)?;
        audit::log(
            c,
            actor,
            "generate_letter_codes",
            ("district", Some(district_id)),
            Visibility::Staff,
            None,
            json!({ "count": count }),
        )
    })?;
    Ok(codes.iter().map(|c| rules::format_letter_code(c)).collect())
}

/// The staff console's verification page.
pub fn verification_console(svc: &Services, actor: &Actor, locale: Locale) -> ServiceResult<VerificationConsole> {
    authorize(actor, &Action::VerifyAtCounter)?;
    let can_manage = authorize(actor, &Action::ManageVerification).is_ok();
    let mut conn = svc.conn()?;
    let ds = districts::list(&mut conn)?;
    let name = |id: DistrictId| {
        ds.iter()
            .find(|d| d.id == id)
            .map(|d| if locale == Locale::Ja { d.name_ja.clone() } else { d.name_en.clone() })
            .unwrap_or_default()
    };
    let (census_rows, at) = store::census_summary(&mut conn)?;
    let letters = store::letter_code_counts(&mut conn, yoriai_store::now())?
        .into_iter()
        .map(|(d, issued, used, open)| LetterDistrict { district: name(d), issued, used, open })
        .collect();
    Ok(VerificationConsole {
        census_rows,
        census_imported_at: at.map(city_time),
        letters,
        districts: ds.iter().map(|d| DistrictOption { id: d.id, name: name(d.id) }).collect(),
        verified_accounts: store::count_verified(&mut conn)?,
        can_manage,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn birth_dates_accept_slashes_and_full_width_digits() {
        assert_eq!(parse_birth_date("1980/04/01").unwrap(), NaiveDate::from_ymd_opt(1980, 4, 1).unwrap());
        assert_eq!(parse_birth_date("１９８０-０４-０１").unwrap(), NaiveDate::from_ymd_opt(1980, 4, 1).unwrap());
        assert_eq!(parse_birth_date("1980-02-30"), Err(ErrorCode::DateInvalid));
        assert_eq!(parse_birth_date(" "), Err(ErrorCode::Required));
    }

    #[test]
    fn keyed_hashes_depend_on_the_secret_and_never_contain_the_number() {
        let a = crate::Keys::new(&[1u8; 32]);
        let b = crate::Keys::new(&[2u8; 32]);
        let ha = a.keyed_hash("citizen-id", "123456789012");
        assert_eq!(ha, a.keyed_hash("citizen-id", "123456789012"));
        assert_ne!(ha, b.keyed_hash("citizen-id", "123456789012"));
        assert_ne!(ha, a.keyed_hash("census-birth", "123456789012"));
        assert!(!ha.contains("123456789012"));
        assert_eq!(ha.len(), 64);
    }
}
