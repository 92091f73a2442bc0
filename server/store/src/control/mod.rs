//! The control plane: which cities (tenants) one installation serves, under which hosts.
//!
//! A city is a connection target: on PostgreSQL its own schema `t_<id>` (its pool's
//! `search_path` is that schema and nothing else), on SQLite its own file
//! `<data_dir>/tenants/<id>/yoriai.db`. Every query in this crate keeps its unqualified
//! table names, so no query can reach another city: the connection cannot.
//!
//! The control plane itself lives beside the cities: the schema `yoriai_control` on
//! PostgreSQL, the file `<data_dir>/control.db` on SQLite. It does not exist on a
//! single-city install (the zero-configuration default): the main database then answers
//! every host, exactly as before. The first `yoriai tenant create` makes it, and
//! registers the main database as the city `main` under the configured public host, so
//! an existing site keeps working where it was.

use crate::conn::{Backend, DbConn};
use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use std::path::{Path, PathBuf};

/// The city whose data is the main database (the `public` schema or the configured
/// SQLite file): the only city of a single-city install.
pub const MAIN: &str = "main";

/// PostgreSQL schema of the control plane.
pub const CONTROL_SCHEMA: &str = "yoriai_control";

/// A city's immutable id: 2–30 characters, a lowercase letter then letters, digits or
/// `_`. Schema, file and folder names, key derivation and metric labels come from it,
/// never from a host (a host may change; CONSUL's folders named after domains broke
/// when a city renamed one).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TenantId(String);

impl TenantId {
    pub fn parse(s: &str) -> Result<TenantId, String> {
        let ok = (2..=30).contains(&s.len())
            && s.starts_with(|c: char| c.is_ascii_lowercase())
            && s.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
        if ok {
            Ok(TenantId(s.to_owned()))
        } else {
            Err(format!(
                "{s:?} is not a valid city id: use 2 to 30 lowercase letters, digits or _, starting with a letter"
            ))
        }
    }

    pub fn main() -> TenantId {
        TenantId(MAIN.to_owned())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn is_main(&self) -> bool {
        self.0 == MAIN
    }

    /// The PostgreSQL schema holding this city (`public` for the main one).
    pub fn schema(&self) -> String {
        if self.is_main() {
            "public".into()
        } else {
            format!("t_{}", self.0)
        }
    }
}

impl std::fmt::Display for TenantId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// A host name as cities are found by: lowercase, no port, no trailing dot; letters,
/// digits, `-` and `.` in labels of 1–63 characters, at most 253 in all.
pub fn normalize_host(raw: &str) -> Result<String, String> {
    let host = raw.trim().trim_end_matches('.').to_ascii_lowercase();
    let valid = !host.is_empty()
        && host.len() <= 253
        && host.split('.').all(|label| {
            !label.is_empty()
                && label.len() <= 63
                && !label.starts_with('-')
                && !label.ends_with('-')
                && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        });
    if valid {
        Ok(host)
    } else {
        Err(format!(
            "{:?} is not a valid host name (e.g. aizu.yoriai.example)",
            raw.chars().take(80).collect::<String>()
        ))
    }
}

/// The host a request names (its `Host` header), without the port, normalised; `None`
/// when it is missing or not a host name a city could have.
pub fn request_host(header: &str) -> Option<String> {
    let without_port = match header.rsplit_once(':') {
        Some((h, port)) if port.chars().all(|c| c.is_ascii_digit()) => h,
        _ => header,
    };
    if header.len() > 260 {
        return None;
    }
    normalize_host(without_port).ok()
}

/// Whether a city is served.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TenantState {
    Active,
    /// Answered with "this site is paused" (by the operator, or after a failed migration).
    Suspended,
}

impl TenantState {
    pub fn as_str(self) -> &'static str {
        match self {
            TenantState::Active => "active",
            TenantState::Suspended => "suspended",
        }
    }

    pub fn parse(s: &str) -> TenantState {
        if s == "active" {
            TenantState::Active
        } else {
            TenantState::Suspended
        }
    }
}

diesel::table! {
    tenants (id) {
        id -> Text,
        name_ja -> Text,
        name_en -> Text,
        state -> Text,
        state_reason -> Nullable<Text>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    tenant_hosts (host) {
        host -> Text,
        tenant_id -> Text,
        is_primary -> Bool,
    }
}

diesel::table! {
    /// The installation's system operators (the vendor's or prefecture's staff): they
    /// manage cities in the system console and never see a resident's row.
    operators (email) {
        email -> Text,
        password_hash -> Text,
        created_at -> Timestamp,
        totp_sealed -> Text,
        totp_last_step -> BigInt,
    }
}

diesel::table! {
    operator_sessions (token_hash) {
        token_hash -> Text,
        operator_email -> Text,
        expires_at -> Timestamp,
    }
}

diesel::allow_tables_to_appear_in_same_query!(tenants, tenant_hosts);

mod operators_store;
pub use operators_store::*;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = tenants)]
pub struct TenantRow {
    pub id: String,
    pub name_ja: String,
    pub name_en: String,
    pub state: String,
    pub state_reason: Option<String>,
    pub created_at: chrono::NaiveDateTime,
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = tenant_hosts)]
pub struct HostRow {
    pub host: String,
    pub tenant_id: String,
    pub is_primary: bool,
}

/// A city as the control plane knows it.
#[derive(Debug, Clone)]
pub struct TenantRecord {
    pub id: TenantId,
    pub name_ja: String,
    pub name_en: String,
    pub state: TenantState,
    pub state_reason: Option<String>,
    pub created_at: chrono::NaiveDateTime,
    /// Primary first.
    pub hosts: Vec<String>,
}

impl TenantRecord {
    pub fn primary_host(&self) -> Option<&str> {
        self.hosts.first().map(String::as_str)
    }
}

/// `url` with `search_path` fixed to `schema` as a connection startup option, so a
/// pooled connection can never be switched to another schema (a `SET` would leak to the
/// next request on that connection; a startup option is restored even by `DISCARD ALL`).
pub fn with_search_path(url: &str, schema: &str) -> String {
    let sep = if url.contains('?') { '&' } else { '?' };
    format!("{url}{sep}options=-c%20search_path%3D{schema}")
}

/// Where the control plane is.
pub fn control_url(main_url: &str, data_dir: &Path) -> String {
    match Backend::from_url(main_url) {
        Backend::Postgres => with_search_path(main_url, CONTROL_SCHEMA),
        Backend::Sqlite => data_dir.join("control.db").to_string_lossy().into_owned(),
    }
}

/// The folder of a city's files (uploads, open data, and its SQLite file); the main
/// city keeps the data folder itself, as a single-city install always has.
pub fn tenant_dir(data_dir: &Path, id: &TenantId) -> PathBuf {
    if id.is_main() {
        data_dir.to_path_buf()
    } else {
        data_dir.join("tenants").join(id.as_str())
    }
}

/// Where a city's data is.
pub fn tenant_url(main_url: &str, data_dir: &Path, id: &TenantId) -> String {
    if id.is_main() {
        return main_url.to_owned();
    }
    match Backend::from_url(main_url) {
        Backend::Postgres => with_search_path(main_url, &id.schema()),
        Backend::Sqlite => tenant_dir(data_dir, id).join("yoriai.db").to_string_lossy().into_owned(),
    }
}

#[derive(QueryableByName)]
struct Flag {
    #[diesel(sql_type = diesel::sql_types::Bool)]
    present: bool,
}

/// Whether this installation has a control plane (serves several cities). Reads the
/// main database on PostgreSQL, the data folder on SQLite.
pub fn exists(main: &mut DbConn, data_dir: &Path) -> QueryResult<bool> {
    match main.backend() {
        Backend::Sqlite => Ok(data_dir.join("control.db").exists()),
        Backend::Postgres => {
            let flag: Flag =
                diesel::sql_query(format!("SELECT to_regclass('{CONTROL_SCHEMA}.tenants') IS NOT NULL AS present"))
                    .get_result(main)?;
            Ok(flag.present)
        }
    }
}

/// Creates the control plane's schema (PostgreSQL; through the main connection) and
/// tables (through `control`). Idempotent.
pub fn create_schema(main: &mut DbConn) -> QueryResult<()> {
    if main.backend() == Backend::Postgres {
        main.batch_execute(&format!("CREATE SCHEMA IF NOT EXISTS {CONTROL_SCHEMA}"))?;
    }
    Ok(())
}

pub fn create_tables(control: &mut DbConn) -> QueryResult<()> {
    control.batch_execute(
        "CREATE TABLE IF NOT EXISTS tenants (
            id TEXT PRIMARY KEY NOT NULL,
            name_ja TEXT NOT NULL,
            name_en TEXT NOT NULL,
            state TEXT NOT NULL DEFAULT 'active',
            state_reason TEXT,
            created_at TIMESTAMP NOT NULL
        );
        CREATE TABLE IF NOT EXISTS tenant_hosts (
            host TEXT PRIMARY KEY NOT NULL,
            tenant_id TEXT NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
            is_primary BOOLEAN NOT NULL DEFAULT FALSE
        );
        CREATE INDEX IF NOT EXISTS tenant_hosts_by_tenant ON tenant_hosts (tenant_id);
        CREATE TABLE IF NOT EXISTS operators (
            email TEXT PRIMARY KEY NOT NULL,
            password_hash TEXT NOT NULL,
            created_at TIMESTAMP NOT NULL,
            totp_sealed TEXT NOT NULL,
            totp_last_step BIGINT NOT NULL DEFAULT 0
        );
        CREATE TABLE IF NOT EXISTS operator_sessions (
            token_hash TEXT PRIMARY KEY NOT NULL,
            operator_email TEXT NOT NULL REFERENCES operators(email) ON DELETE CASCADE,
            expires_at TIMESTAMP NOT NULL
        );",
    )
}

/// Every city with its hosts, primary first, in id order.
pub fn list(control: &mut DbConn) -> QueryResult<Vec<TenantRecord>> {
    let rows: Vec<TenantRow> = tenants::table.select(TenantRow::as_select()).order(tenants::id).load(control)?;
    let hosts: Vec<HostRow> = tenant_hosts::table
        .select(HostRow::as_select())
        .order((tenant_hosts::tenant_id, tenant_hosts::is_primary.desc(), tenant_hosts::host))
        .load(control)?;
    let mut out = Vec::with_capacity(rows.len());
    for row in rows {
        // An id that no longer parses (edited by hand) is skipped, never guessed at.
        let Ok(id) = TenantId::parse(&row.id) else {
            tracing::warn!(tenant = %row.id, "the control plane holds an invalid city id; it is not served");
            continue;
        };
        out.push(TenantRecord {
            hosts: hosts.iter().filter(|h| h.tenant_id == row.id).map(|h| h.host.clone()).collect(),
            id,
            name_ja: row.name_ja,
            name_en: row.name_en,
            state: TenantState::parse(&row.state),
            state_reason: row.state_reason,
            created_at: row.created_at,
        })
    }
    Ok(out)
}

pub fn find(control: &mut DbConn, id: &TenantId) -> QueryResult<Option<TenantRecord>> {
    Ok(list(control)?.into_iter().find(|t| &t.id == id))
}

/// The city a host belongs to, if any.
pub fn owner_of(control: &mut DbConn, host: &str) -> QueryResult<Option<String>> {
    tenant_hosts::table.filter(tenant_hosts::host.eq(host)).select(tenant_hosts::tenant_id).first(control).optional()
}

pub fn insert(
    control: &mut DbConn,
    id: &TenantId,
    name_ja: &str,
    name_en: &str,
    hosts: &[String],
    state: TenantState,
) -> QueryResult<()> {
    crate::write_tx(control, |c| {
        diesel::insert_into(tenants::table)
            .values((
                tenants::id.eq(id.as_str()),
                tenants::name_ja.eq(name_ja),
                tenants::name_en.eq(name_en),
                tenants::state.eq(state.as_str()),
                tenants::created_at.eq(crate::now()),
            ))
            .execute(c)?;
        for (i, host) in hosts.iter().enumerate() {
            diesel::insert_into(tenant_hosts::table)
                .values((
                    tenant_hosts::host.eq(host),
                    tenant_hosts::tenant_id.eq(id.as_str()),
                    tenant_hosts::is_primary.eq(i == 0),
                ))
                .execute(c)?;
        }
        Ok(())
    })
}

pub fn set_state(control: &mut DbConn, id: &TenantId, state: TenantState, reason: Option<&str>) -> QueryResult<usize> {
    diesel::update(tenants::table.find(id.as_str()))
        .set((tenants::state.eq(state.as_str()), tenants::state_reason.eq(reason)))
        .execute(control)
}

pub fn add_host(control: &mut DbConn, id: &TenantId, host: &str) -> QueryResult<()> {
    crate::write_tx(control, |c| {
        let has_primary: i64 = tenant_hosts::table
            .filter(tenant_hosts::tenant_id.eq(id.as_str()))
            .filter(tenant_hosts::is_primary.eq(true))
            .count()
            .get_result(c)?;
        diesel::insert_into(tenant_hosts::table)
            .values((
                tenant_hosts::host.eq(host),
                tenant_hosts::tenant_id.eq(id.as_str()),
                tenant_hosts::is_primary.eq(has_primary == 0),
            ))
            .execute(c)?;
        Ok(())
    })
}

/// Removes a host; the city's oldest remaining host (by name) becomes primary if the
/// primary one went.
pub fn remove_host(control: &mut DbConn, id: &TenantId, host: &str) -> QueryResult<usize> {
    crate::write_tx(control, |c| {
        let n = diesel::delete(
            tenant_hosts::table.filter(tenant_hosts::host.eq(host)).filter(tenant_hosts::tenant_id.eq(id.as_str())),
        )
        .execute(c)?;
        ensure_primary(c, id)?;
        Ok(n)
    })
}

pub fn set_primary(control: &mut DbConn, id: &TenantId, host: &str) -> QueryResult<usize> {
    crate::write_tx(control, |c| {
        let mine = tenant_hosts::table
            .filter(tenant_hosts::host.eq(host))
            .filter(tenant_hosts::tenant_id.eq(id.as_str()))
            .count()
            .get_result::<i64>(c)?;
        if mine == 0 {
            return Ok(0);
        }
        diesel::update(tenant_hosts::table.filter(tenant_hosts::tenant_id.eq(id.as_str())))
            .set(tenant_hosts::is_primary.eq(false))
            .execute(c)?;
        diesel::update(tenant_hosts::table.find(host)).set(tenant_hosts::is_primary.eq(true)).execute(c)
    })
}

fn ensure_primary(c: &mut DbConn, id: &TenantId) -> QueryResult<()> {
    let primaries: i64 = tenant_hosts::table
        .filter(tenant_hosts::tenant_id.eq(id.as_str()))
        .filter(tenant_hosts::is_primary.eq(true))
        .count()
        .get_result(c)?;
    if primaries == 0 {
        let first: Option<String> = tenant_hosts::table
            .filter(tenant_hosts::tenant_id.eq(id.as_str()))
            .select(tenant_hosts::host)
            .order(tenant_hosts::host)
            .first(c)
            .optional()?;
        if let Some(host) = first {
            diesel::update(tenant_hosts::table.find(host)).set(tenant_hosts::is_primary.eq(true)).execute(c)?;
        }
    }
    Ok(())
}

/// Removes a city's record and hosts (its data is dropped by the caller first).
pub fn remove(control: &mut DbConn, id: &TenantId) -> QueryResult<usize> {
    crate::write_tx(control, |c| {
        diesel::delete(tenant_hosts::table.filter(tenant_hosts::tenant_id.eq(id.as_str()))).execute(c)?;
        diesel::delete(tenants::table.find(id.as_str())).execute(c)
    })
}

mod home;
pub use home::{create_home, drop_home};

#[cfg(test)]
mod tests;
