//! The privacy notice's published versions (public text, not personal data).

use crate::schema::privacy_notices;
use crate::{DbConn, DbResult};
use chrono::NaiveDateTime;
use diesel::prelude::*;
use yoriai_domain::ids::UserId;

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = privacy_notices)]
pub struct NoticeRow {
    pub version: i32,
    pub body_ja: String,
    pub body_en: String,
    pub changes_ja: String,
    pub changes_en: String,
    pub widens: String,
    pub terms: String,
    pub published_by: Option<UserId>,
    pub published_at: NaiveDateTime,
}

/// The terms (JSON) of the newest version, if any was published. Read on every
/// signed-in request: one row by primary key order.
pub fn current_terms(conn: &mut DbConn) -> DbResult<Option<String>> {
    privacy_notices::table.order(privacy_notices::version.desc()).select(privacy_notices::terms).first(conn).optional()
}

/// The newest version, if any was published.
pub fn current(conn: &mut DbConn) -> DbResult<Option<NoticeRow>> {
    privacy_notices::table.order(privacy_notices::version.desc()).select(NoticeRow::as_select()).first(conn).optional()
}

/// One version.
pub fn find(conn: &mut DbConn, version: i32) -> DbResult<Option<NoticeRow>> {
    privacy_notices::table.find(version).select(NoticeRow::as_select()).first(conn).optional()
}

/// Every published version, newest first.
pub fn all(conn: &mut DbConn) -> DbResult<Vec<NoticeRow>> {
    privacy_notices::table.order(privacy_notices::version.desc()).select(NoticeRow::as_select()).load(conn)
}

/// Publishes a version. The primary key refuses a second publication of the same
/// version number (two administrators at once): the caller reports a conflict.
pub fn insert(conn: &mut DbConn, row: &NoticeRow) -> DbResult<bool> {
    match diesel::insert_into(privacy_notices::table).values(row).execute(conn) {
        Ok(_) => Ok(true),
        Err(diesel::result::Error::DatabaseError(diesel::result::DatabaseErrorKind::UniqueViolation, _)) => Ok(false),
        Err(e) => Err(e),
    }
}
