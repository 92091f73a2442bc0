//! A city's own OpenID Connect clients: one row per provider id, in the city's own
//! database. The client secret is stored sealed by the services layer.

use crate::schema::sign_in_providers;
use crate::{DbConn, DbResult};
use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel::upsert::excluded;
use yoriai_domain::ids::UserId;

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable)]
#[diesel(table_name = sign_in_providers)]
pub struct SignInProviderRow {
    pub id: String,
    pub label: String,
    pub issuer: String,
    pub client_id: String,
    pub client_secret_sealed: Option<String>,
    pub scopes: String,
    pub updated_by: Option<UserId>,
    pub updated_at: NaiveDateTime,
    /// Set when removed: the row stays so that its issuer is remembered.
    pub removed_at: Option<NaiveDateTime>,
}

/// Every provider the city has had, removed ones too, by id.
pub fn list(conn: &mut DbConn) -> DbResult<Vec<SignInProviderRow>> {
    sign_in_providers::table.order(sign_in_providers::id).select(SignInProviderRow::as_select()).load(conn)
}

/// The provider with this id, removed or not.
pub fn find(conn: &mut DbConn, id: &str) -> DbResult<Option<SignInProviderRow>> {
    sign_in_providers::table.find(id).select(SignInProviderRow::as_select()).first(conn).optional()
}

/// Adds the provider, or replaces the one with the same id (bringing a removed one back).
pub fn save(conn: &mut DbConn, row: &SignInProviderRow) -> DbResult<()> {
    use sign_in_providers as p;
    let query = diesel::insert_into(p::table).values(row).on_conflict(p::id).do_update().set((
        p::label.eq(excluded(p::label)),
        p::issuer.eq(excluded(p::issuer)),
        p::client_id.eq(excluded(p::client_id)),
        p::client_secret_sealed.eq(excluded(p::client_secret_sealed)),
        p::scopes.eq(excluded(p::scopes)),
        p::updated_by.eq(excluded(p::updated_by)),
        p::updated_at.eq(excluded(p::updated_at)),
        p::removed_at.eq(excluded(p::removed_at)),
    ));
    crate::on_each_backend!(conn, |c| query.execute(c)).map(|_| ())
}

/// Takes the provider out of use and forgets its secret; whether one was in use.
pub fn remove(conn: &mut DbConn, id: &str, now: NaiveDateTime) -> DbResult<bool> {
    let query = diesel::update(sign_in_providers::table.find(id).filter(sign_in_providers::removed_at.is_null()))
        .set((sign_in_providers::removed_at.eq(Some(now)), sign_in_providers::client_secret_sealed.eq(None::<String>)));
    crate::on_each_backend!(conn, |c| query.execute(c)).map(|n| n > 0)
}
