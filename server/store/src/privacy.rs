//! Personal-data tables: citizen-ID verifications, the census (keyed hashes only),
//! letter codes, the consent history, personal attributes and the log of staff access.
//!
//! Only `yoriai_services::privacy` calls this module: it is where consent is checked
//! and access is logged (a test in the services crate checks that no other module
//! names these tables).

use crate::schema::{
    census_entries, citizen_participation, consent_events, letter_codes, personal_attributes, personal_data_access,
    verifications,
};
use crate::{DbConn, DbResult};
use chrono::NaiveDateTime;
use diesel::prelude::*;
use yoriai_domain::ids::{DistrictId, UserId};

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = verifications)]
pub struct VerificationRow {
    pub user_id: UserId,
    pub method: String,
    pub district_id: Option<DistrictId>,
    pub citizen_key: String,
    pub verified_by: Option<UserId>,
    pub verified_at: NaiveDateTime,
}

pub fn verification(conn: &mut DbConn, user_id: UserId) -> DbResult<Option<VerificationRow>> {
    verifications::table.find(user_id).select(VerificationRow::as_select()).first(conn).optional()
}

/// The account a citizen key already verifies, if any.
pub fn verified_by_key(conn: &mut DbConn, citizen_key: &str) -> DbResult<Option<UserId>> {
    verifications::table
        .filter(verifications::citizen_key.eq(citizen_key))
        .select(verifications::user_id)
        .first(conn)
        .optional()
}

/// Records a verification; `false` when the citizen key or the account is taken
/// (a concurrent verification won).
pub fn insert_verification(conn: &mut DbConn, row: &VerificationRow) -> DbResult<bool> {
    let q = diesel::insert_into(verifications::table).values(row).on_conflict_do_nothing();
    Ok(crate::on_each_backend!(conn, |c| q.execute(c))? == 1)
}

pub fn delete_verification(conn: &mut DbConn, user_id: UserId) -> DbResult<bool> {
    Ok(diesel::delete(verifications::table.find(user_id)).execute(conn)? == 1)
}

/// Which of `ids` hold a verification.
pub fn verified_among(conn: &mut DbConn, ids: &[UserId]) -> DbResult<Vec<UserId>> {
    verifications::table.filter(verifications::user_id.eq_any(ids)).select(verifications::user_id).load(conn)
}

pub fn count_verified(conn: &mut DbConn) -> DbResult<i64> {
    verifications::table.count().get_result(conn)
}

// ---- census ----

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = census_entries)]
pub struct CensusRow {
    pub citizen_key: String,
    pub birth_key: String,
    pub district_id: Option<DistrictId>,
    pub imported_at: NaiveDateTime,
}

/// Replaces the whole census (inside the caller's transaction). `rows` hold distinct
/// citizen keys.
pub fn replace_census(conn: &mut DbConn, rows: &[CensusRow]) -> DbResult<()> {
    diesel::delete(census_entries::table).execute(conn)?;
    // 500 rows × 4 values stays under every backend's bind-parameter limit.
    for chunk in rows.chunks(500) {
        let q = diesel::insert_into(census_entries::table).values(chunk);
        crate::on_each_backend!(&mut *conn, |c| q.execute(c))?;
    }
    Ok(())
}

pub fn census_entry(conn: &mut DbConn, citizen_key: &str) -> DbResult<Option<CensusRow>> {
    census_entries::table.find(citizen_key).select(CensusRow::as_select()).first(conn).optional()
}

/// Rows and import time of the census in use.
pub fn census_summary(conn: &mut DbConn) -> DbResult<(i64, Option<NaiveDateTime>)> {
    let n = census_entries::table.count().get_result(conn)?;
    let at = census_entries::table.select(diesel::dsl::max(census_entries::imported_at)).first(conn)?;
    Ok((n, at))
}

// ---- letter codes ----

#[derive(Debug, Insertable)]
#[diesel(table_name = letter_codes)]
pub struct NewLetterCode<'a> {
    pub code_hash: &'a str,
    pub district_id: DistrictId,
    pub created_by: Option<UserId>,
    pub created_at: NaiveDateTime,
    pub expires_at: NaiveDateTime,
}

pub fn insert_letter_codes(conn: &mut DbConn, codes: &[NewLetterCode<'_>]) -> DbResult<()> {
    for chunk in codes.chunks(500) {
        let q = diesel::insert_into(letter_codes::table).values(chunk);
        crate::on_each_backend!(&mut *conn, |c| q.execute(c))?;
    }
    Ok(())
}

/// Marks an unused, unexpired code used; its id and district when it was.
pub fn redeem_letter_code(
    conn: &mut DbConn,
    code_hash: &str,
    now: NaiveDateTime,
) -> DbResult<Option<(i64, DistrictId)>> {
    let found: Option<(i64, DistrictId)> = letter_codes::table
        .filter(letter_codes::code_hash.eq(code_hash))
        .filter(letter_codes::used_at.is_null())
        .filter(letter_codes::expires_at.gt(now))
        .select((letter_codes::id, letter_codes::district_id))
        .first(conn)
        .optional()?;
    let Some((id, district)) = found else { return Ok(None) };
    let n = diesel::update(letter_codes::table.find(id).filter(letter_codes::used_at.is_null()))
        .set(letter_codes::used_at.eq(now))
        .execute(conn)?;
    Ok((n == 1).then_some((id, district)))
}

/// Codes per district: (district, issued, used, still open).
pub fn letter_code_counts(conn: &mut DbConn, now: NaiveDateTime) -> DbResult<Vec<(DistrictId, i64, i64, i64)>> {
    let rows: Vec<(DistrictId, Option<NaiveDateTime>, NaiveDateTime)> = letter_codes::table
        .select((letter_codes::district_id, letter_codes::used_at, letter_codes::expires_at))
        .load(conn)?;
    let mut out: Vec<(DistrictId, i64, i64, i64)> = Vec::new();
    for (d, used, expires) in rows {
        let i = match out.iter().position(|r| r.0 == d) {
            Some(i) => i,
            None => {
                out.push((d, 0, 0, 0));
                out.len() - 1
            }
        };
        out[i].1 += 1;
        if used.is_some() {
            out[i].2 += 1;
        } else if expires > now {
            out[i].3 += 1;
        }
    }
    out.sort();
    Ok(out)
}

// ---- consents ----

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = consent_events)]
pub struct ConsentEventRow {
    pub id: i64,
    pub user_id: UserId,
    pub purpose: String,
    pub granted: bool,
    pub notice_version: i32,
    pub created_at: NaiveDateTime,
}

pub fn record_consent(
    conn: &mut DbConn,
    user_id: UserId,
    purpose: &str,
    granted: bool,
    notice_version: i32,
    at: NaiveDateTime,
) -> DbResult<()> {
    diesel::insert_into(consent_events::table)
        .values((
            consent_events::user_id.eq(user_id),
            consent_events::purpose.eq(purpose),
            consent_events::granted.eq(granted),
            consent_events::notice_version.eq(notice_version),
            consent_events::created_at.eq(at),
        ))
        .execute(conn)
        .map(|_| ())
}

/// Every consent change of an account, oldest first (the receipt).
pub fn consent_history(conn: &mut DbConn, user_id: UserId) -> DbResult<Vec<ConsentEventRow>> {
    consent_events::table
        .filter(consent_events::user_id.eq(user_id))
        .order(consent_events::id.asc())
        .select(ConsentEventRow::as_select())
        .load(conn)
}

/// Accounts whose newest event for `purpose` grants it, among `user_ids`.
pub fn granted_among(conn: &mut DbConn, purpose: &str, user_ids: &[UserId]) -> DbResult<Vec<(UserId, i32)>> {
    let rows: Vec<(UserId, bool, i32)> = consent_events::table
        .filter(consent_events::purpose.eq(purpose))
        .filter(consent_events::user_id.eq_any(user_ids))
        .order((consent_events::user_id.asc(), consent_events::id.asc()))
        .select((consent_events::user_id, consent_events::granted, consent_events::notice_version))
        .load(conn)?;
    let mut out: Vec<(UserId, bool, i32)> = Vec::new();
    for (u, g, v) in rows {
        match out.last_mut() {
            Some(last) if last.0 == u => *last = (u, g, v),
            _ => out.push((u, g, v)),
        }
    }
    Ok(out.into_iter().filter(|r| r.1).map(|r| (r.0, r.2)).collect())
}

// ---- attributes ----

#[derive(Debug, Clone, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = personal_attributes, treat_none_as_null = true)]
pub struct AttributesRow {
    pub user_id: UserId,
    pub district_id: Option<DistrictId>,
    pub age_band: Option<String>,
    pub interests: String,
    pub accessibility: String,
    pub updated_at: NaiveDateTime,
}

pub fn attributes(conn: &mut DbConn, user_id: UserId) -> DbResult<Option<AttributesRow>> {
    personal_attributes::table.find(user_id).select(AttributesRow::as_select()).first(conn).optional()
}

pub fn save_attributes(conn: &mut DbConn, row: &AttributesRow) -> DbResult<()> {
    let q = diesel::insert_into(personal_attributes::table)
        .values(row)
        .on_conflict(personal_attributes::user_id)
        .do_update()
        .set(row);
    crate::on_each_backend!(conn, |c| q.execute(c)).map(|_| ())
}

// ---- access log ----

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = personal_data_access)]
pub struct AccessRow {
    pub id: i64,
    pub subject_user_id: UserId,
    pub staff_user_id: Option<UserId>,
    pub what: yoriai_domain::privacy::AccessKind,
    pub reason: String,
    pub created_at: NaiveDateTime,
}

pub fn log_access(
    conn: &mut DbConn,
    subject: UserId,
    staff: Option<UserId>,
    what: yoriai_domain::privacy::AccessKind,
    reason: &str,
    at: NaiveDateTime,
) -> DbResult<()> {
    diesel::insert_into(personal_data_access::table)
        .values((
            personal_data_access::subject_user_id.eq(subject),
            personal_data_access::staff_user_id.eq(staff),
            personal_data_access::what.eq(what),
            personal_data_access::reason.eq(reason),
            personal_data_access::created_at.eq(at),
        ))
        .execute(conn)
        .map(|_| ())
}

/// Who looked at an account's personal data, newest first.
pub fn access_log(conn: &mut DbConn, subject: UserId, limit: i64) -> DbResult<Vec<AccessRow>> {
    personal_data_access::table
        .filter(personal_data_access::subject_user_id.eq(subject))
        .order(personal_data_access::id.desc())
        .limit(limit)
        .select(AccessRow::as_select())
        .load(conn)
}

// ---- one citizen ID, one voice ----

/// Records that a verified ID took part in `scope` for `user_id`. Returns the account
/// the marker belongs to: `user_id` when new (or already theirs), another (or `None`,
/// a deleted account) when someone else with the same ID took part first.
pub fn claim_participation(
    conn: &mut DbConn,
    marker: &str,
    scope: &str,
    user_id: UserId,
    at: NaiveDateTime,
) -> DbResult<Option<UserId>> {
    let q = diesel::insert_into(citizen_participation::table)
        .values((
            citizen_participation::marker.eq(marker),
            citizen_participation::scope.eq(scope),
            citizen_participation::user_id.eq(Some(user_id)),
            citizen_participation::created_at.eq(at),
        ))
        .on_conflict_do_nothing();
    crate::on_each_backend!(&mut *conn, |c| q.execute(c))?;
    citizen_participation::table.find(marker).select(citizen_participation::user_id).first(conn)
}

/// Forgets which accounts took part in `scope` (voting there has closed); the markers
/// stay, so the rule still holds and nothing links them to anyone.
pub fn unlink_participation(conn: &mut DbConn, scope: &str) -> DbResult<usize> {
    diesel::update(citizen_participation::table.filter(citizen_participation::scope.eq(scope)))
        .set(citizen_participation::user_id.eq(None::<i64>))
        .execute(conn)
}

#[derive(diesel::QueryableByName)]
struct BandCount {
    #[diesel(sql_type = diesel::sql_types::Text)]
    band: String,
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    n: i64,
}

/// Accounts per age band among those whose newest choice for `purpose` grants it under
/// notice version `min_version` or later. One aggregate query: nothing is loaded per
/// account. `purpose` comes from code (`Purpose::as_str`), never from a request.
pub fn age_band_counts(conn: &mut DbConn, purpose: &'static str, min_version: i32) -> DbResult<Vec<(String, i64)>> {
    debug_assert!(purpose.bytes().all(|b| b.is_ascii_lowercase() || b == b'_'));
    let sql = format!(
        "SELECT a.age_band AS band, CAST(COUNT(*) AS BIGINT) AS n \
         FROM personal_attributes a JOIN consent_events e ON e.user_id = a.user_id AND e.purpose = '{purpose}' \
         WHERE a.age_band IS NOT NULL AND e.granted = TRUE AND e.notice_version >= {min_version} \
         AND e.id = (SELECT MAX(e2.id) FROM consent_events e2 WHERE e2.user_id = a.user_id AND e2.purpose = '{purpose}') \
         GROUP BY a.age_band"
    );
    let q = diesel::sql_query(sql);
    let rows: Vec<BandCount> = match conn {
        DbConn::Pg(c) => q.load(c)?,
        DbConn::Sqlite(c) => q.load(c)?,
    };
    Ok(rows.into_iter().map(|r| (r.band, r.n)).collect())
}
