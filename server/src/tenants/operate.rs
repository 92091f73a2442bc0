//! The operator's side of several cities: creating, migrating, re-hosting, suspending
//! and deleting them (`yoriai tenant …`, `yoriai migrate`). Each function opens its own
//! connections: these run from the command line or a test, not per request.

use super::Base;
use yoriai_store::control::{self, TenantId, TenantRecord, TenantState};

/// One city's migration: the migrations applied, or why it failed.
pub type Migrated = Result<Vec<String>, String>;

/// Applies pending migrations to every city other than the main one (which the caller
/// migrated first), each on its own connection. A city whose migration fails is
/// suspended with the reason and the others go on: no city is left waiting on another.
/// Returns each city's outcome (the migrations applied, or the error).
pub fn migrate_cities(base: &Base) -> Result<Vec<(TenantId, Migrated)>, String> {
    let mut main = yoriai_store::conn::establish(&base.main_url).map_err(|e| e.to_string())?;
    if !control::exists(&mut main, &base.data_dir).map_err(|e| e.to_string())? {
        return Ok(Vec::new());
    }
    let mut control_conn = yoriai_store::conn::establish(&control::control_url(&base.main_url, &base.data_dir))
        .map_err(|e| e.to_string())?;
    let mut out = Vec::new();
    for record in control::list(&mut control_conn).map_err(|e| e.to_string())? {
        if record.id.is_main() {
            continue;
        }
        let result = match open_city(base, &mut main, &record.id) {
            // Unreachable now (a network blip, a full disk): not the migration's fault,
            // so the city is not suspended; it is tried again at the next start.
            Err(e) => {
                tracing::error!(tenant = %record.id, error = %e, "a city could not be opened to migrate it");
                Err(format!("cannot be opened: {e}"))
            }
            Ok(mut conn) => match yoriai_store::migrate::run_pending_locked(&mut conn) {
                Ok(applied) => {
                    for name in &applied {
                        tracing::info!(tenant = %record.id, migration = %name, "applied migration");
                    }
                    Ok(applied)
                }
                Err(e) => {
                    tracing::error!(tenant = %record.id, error = %e, "a city's migration failed: the city is suspended");
                    let reason = format!("migration failed: {e}");
                    control::set_state(&mut control_conn, &record.id, TenantState::Suspended, Some(&reason))
                        .map_err(|e| e.to_string())?;
                    Err(reason)
                }
            },
        };
        out.push((record.id, result));
    }
    Ok(out)
}

/// A city's own connection, its home made if it is missing.
fn open_city(base: &Base, main: &mut yoriai_store::DbConn, id: &TenantId) -> Result<yoriai_store::DbConn, String> {
    control::create_home(main, &base.data_dir, id, false)?;
    let url = control::tenant_url(&base.main_url, &base.data_dir, id);
    yoriai_store::conn::prepare_database(&url)?;
    yoriai_store::conn::establish(&url).map_err(|e| e.to_string())
}

/// Applies a city's pending migrations (its home made if it is missing).
pub fn migrate_city(base: &Base, main: &mut yoriai_store::DbConn, id: &TenantId) -> Result<Vec<String>, String> {
    let mut conn = open_city(base, main, id)?;
    yoriai_store::migrate::run_pending_locked(&mut conn).map_err(|e| e.to_string())
}

/// Names of a city's pending migrations.
pub fn pending_for(base: &Base, id: &TenantId) -> Result<Vec<String>, String> {
    let url = control::tenant_url(&base.main_url, &base.data_dir, id);
    let mut conn = yoriai_store::conn::establish(&url).map_err(|e| e.to_string())?;
    yoriai_store::migrate::pending(&mut conn).map_err(|e| e.to_string())
}

/// A city to create.
#[derive(Debug, Clone)]
pub struct NewCity {
    /// Default: made from the English name (`Aizuwakamatsu` → `aizuwakamatsu`).
    pub id: Option<String>,
    pub name_ja: String,
    pub name_en: String,
    /// The first is the primary host (links in mail, feeds).
    pub hosts: Vec<String>,
}

/// An id made from an English name: lowercase ASCII letters and digits, `_` for gaps.
pub fn id_from_name(name: &str) -> String {
    let mut id = String::new();
    for c in name.trim().chars() {
        if c.is_ascii_alphanumeric() {
            id.push(c.to_ascii_lowercase());
        } else if !id.ends_with('_') && !id.is_empty() {
            id.push('_');
        }
    }
    id.trim_end_matches('_').chars().take(30).collect()
}

/// Opens the control plane, creating it if this is the first city beyond the main
/// database: the main database is then registered as the city `main` under the
/// configured public host, so the existing site keeps answering where it did.
pub fn open_control(base: &Base, create: bool) -> Result<Option<yoriai_store::DbConn>, String> {
    let mut main = yoriai_store::conn::establish(&base.main_url).map_err(|e| e.to_string())?;
    let exists = control::exists(&mut main, &base.data_dir).map_err(|e| e.to_string())?;
    if !exists && !create {
        return Ok(None);
    }
    control::create_schema(&mut main).map_err(|e| e.to_string())?;
    let url = control::control_url(&base.main_url, &base.data_dir);
    yoriai_store::conn::prepare_database(&url)?;
    let mut conn = yoriai_store::conn::establish(&url).map_err(|e| e.to_string())?;
    control::create_tables(&mut conn).map_err(|e| e.to_string())?;
    if !exists {
        let host = base
            .settings
            .public_url
            .split_once("://")
            .and_then(|(_, rest)| control::request_host(rest.split('/').next().unwrap_or(rest)));
        let hosts: Vec<String> = host.into_iter().collect();
        control::insert(&mut conn, &TenantId::main(), "", "", &hosts, TenantState::Active)
            .map_err(|e| e.to_string())?;
    }
    Ok(Some(conn))
}

fn check_hosts_free(control_conn: &mut yoriai_store::DbConn, hosts: &[String]) -> Result<(), String> {
    for host in hosts {
        if let Some(owner) = control::owner_of(control_conn, host).map_err(|e| e.to_string())? {
            return Err(format!("the host {host} already belongs to the city {owner}"));
        }
    }
    Ok(())
}

/// Creates a city: its record and hosts, its schema or file, its migrated tables. On any
/// failure nothing of it is left behind.
pub fn create_city(base: &Base, input: NewCity) -> Result<TenantRecord, String> {
    create_city_as(base, input, TenantState::Active)
}

/// [`create_city`] in a given state (an import creates it suspended, and serves it once
/// it is filled).
pub fn create_city_as(base: &Base, input: NewCity, state: TenantState) -> Result<TenantRecord, String> {
    let id = TenantId::parse(&input.id.clone().unwrap_or_else(|| id_from_name(&input.name_en)))?;
    if id.is_main() {
        return Err("the id main is the main database's".into());
    }
    let (name_ja, name_en) = (input.name_ja.trim().to_owned(), input.name_en.trim().to_owned());
    if name_ja.is_empty() || name_en.is_empty() || name_ja.chars().count() > 100 || name_en.chars().count() > 100 {
        return Err("a city needs a Japanese and an English name of at most 100 characters".into());
    }
    if input.hosts.is_empty() {
        return Err("a city needs at least one host (--host)".into());
    }
    let mut hosts = Vec::new();
    for h in &input.hosts {
        let h = control::normalize_host(h)?;
        if hosts.contains(&h) {
            return Err(format!("the host {h} is given twice"));
        }
        hosts.push(h);
    }
    let mut control_conn = open_control(base, true)?.ok_or("the control plane could not be opened")?;
    if control::find(&mut control_conn, &id).map_err(|e| e.to_string())?.is_some() {
        return Err(format!("a city with the id {id} already exists"));
    }
    check_hosts_free(&mut control_conn, &hosts)?;
    let mut main = yoriai_store::conn::establish(&base.main_url).map_err(|e| e.to_string())?;
    // A home that is already there is refused, never adopted: it may hold an earlier
    // city's residents (a deletion that failed half-way), or be another creation's.
    control::create_home(&mut main, &base.data_dir, &id, true)?;
    if let Err(e) = migrate_city(base, &mut main, &id) {
        let _ = control::drop_home(&mut main, &base.data_dir, &id);
        return Err(format!("the city's tables could not be created: {e}"));
    }
    // A new city shows the names the operator gave until its administrators change
    // them. (An import brings its own settings: it is created suspended and empty.)
    if state == TenantState::Active {
        if let Err(e) = first_settings(base, &mut main, &id, &name_ja, &name_en) {
            let _ = control::drop_home(&mut main, &base.data_dir, &id);
            return Err(format!("the city's settings could not be written: {e}"));
        }
    }
    if let Err(e) = control::insert(&mut control_conn, &id, &name_ja, &name_en, &hosts, state) {
        let _ = control::drop_home(&mut main, &base.data_dir, &id);
        return Err(format!("the city could not be registered: {e}"));
    }
    control::find(&mut control_conn, &id).map_err(|e| e.to_string())?.ok_or_else(|| "the city vanished".into())
}

fn first_settings(
    base: &Base,
    main: &mut yoriai_store::DbConn,
    id: &TenantId,
    name_ja: &str,
    name_en: &str,
) -> Result<(), String> {
    let mut conn = open_city(base, main, id)?;
    let clip = |n: &str| n.chars().take(yoriai_services::city::MAX_NAME_CHARS).collect::<String>();
    let row = yoriai_store::city_settings::CitySettingsRow {
        id: 1,
        name_ja: clip(name_ja),
        name_en: clip(name_en),
        brand_colour: String::new(),
        default_locale: String::new(),
        map_lat: None,
        map_lon: None,
        map_zoom: None,
        mail_from: String::new(),
        updated_by: None,
        updated_at: yoriai_store::now(),
        map_tiles: String::new(),
        map_attribution: String::new(),
    };
    yoriai_store::city_settings::save(&mut conn, &row).map_err(|e| e.to_string())
}

fn existing(base: &Base, id: &str) -> Result<(yoriai_store::DbConn, TenantRecord), String> {
    let id = TenantId::parse(id)?;
    let mut conn = open_control(base, false)?.ok_or("this installation serves one city: there are no others yet")?;
    let record = control::find(&mut conn, &id).map_err(|e| e.to_string())?.ok_or(format!("no city has the id {id}"))?;
    Ok((conn, record))
}

/// Adds and removes hosts, and picks the primary one.
pub fn change_hosts(
    base: &Base,
    id: &str,
    add: &[String],
    remove: &[String],
    primary: Option<&str>,
) -> Result<TenantRecord, String> {
    let (mut conn, record) = existing(base, id)?;
    let add: Vec<String> = add.iter().map(|h| control::normalize_host(h)).collect::<Result<_, _>>()?;
    check_hosts_free(&mut conn, &add)?;
    for host in &add {
        control::add_host(&mut conn, &record.id, host).map_err(|e| e.to_string())?;
    }
    for host in remove {
        let host = control::normalize_host(host)?;
        if control::remove_host(&mut conn, &record.id, &host).map_err(|e| e.to_string())? == 0 {
            return Err(format!("the city {} has no host {host}", record.id));
        }
    }
    if let Some(host) = primary {
        let host = control::normalize_host(host)?;
        if control::set_primary(&mut conn, &record.id, &host).map_err(|e| e.to_string())? == 0 {
            return Err(format!("the city {} has no host {host}", record.id));
        }
    }
    control::find(&mut conn, &record.id).map_err(|e| e.to_string())?.ok_or_else(|| "the city vanished".into())
}

/// Suspends (with a reason kept for the operator) or resumes a city.
pub fn set_state(base: &Base, id: &str, state: TenantState, reason: Option<&str>) -> Result<(), String> {
    let (mut conn, record) = existing(base, id)?;
    control::set_state(&mut conn, &record.id, state, reason).map_err(|e| e.to_string())?;
    Ok(())
}

/// Deletes a city: suspended first (it stops being served within seconds), then its
/// schema or file, uploads and open data are dropped, and only then its record, so a
/// deletion that fails half-way leaves a suspended city to retry, never orphaned data a
/// new city of the same id could pick up.
pub fn delete_city(base: &Base, id: &str) -> Result<(), String> {
    let (mut conn, record) = existing(base, id)?;
    if record.id.is_main() {
        return Err("the main database is not deleted by this command (suspend it, or remove its hosts)".into());
    }
    control::set_state(&mut conn, &record.id, TenantState::Suspended, Some("being deleted"))
        .map_err(|e| e.to_string())?;
    let mut main = yoriai_store::conn::establish(&base.main_url).map_err(|e| e.to_string())?;
    control::drop_home(&mut main, &base.data_dir, &record.id)?;
    control::remove(&mut conn, &record.id).map_err(|e| e.to_string())?;
    Ok(())
}

/// Every city with its record (none on a single-city install).
pub fn list_cities(base: &Base) -> Result<Vec<TenantRecord>, String> {
    match open_control(base, false)? {
        Some(mut conn) => control::list(&mut conn).map_err(|e| e.to_string()),
        None => Ok(Vec::new()),
    }
}
