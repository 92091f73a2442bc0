//! Several cities on one installation. A city is a connection target and, in the code,
//! a [`Services`]: its own pool (its PostgreSQL schema or SQLite file), settings, keys,
//! upload storage and caches. The registry maps a request's host to its city; nothing
//! below the web edge knows there are others, and no connection can reach them.
//!
//! With no control plane (the zero-configuration default) the registry holds only the
//! main database and answers every host with it, exactly as a single-city install
//! always has.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, RwLock};
use std::time::{Duration, Instant};
use yoriai_services::{Keys, Services, Settings};
use yoriai_store::control::{self, TenantId, TenantRecord, TenantState};
use yoriai_store::Pool;

mod operate;
mod transfer;
pub use operate::*;
pub use transfer::{export_city, import_city, ImportTarget, Moved};

/// How often a running server re-reads the control plane (new cities, hosts, suspensions
/// made with `yoriai tenant …` on the command line).
const RELOAD_EVERY: Duration = Duration::from_secs(10);
/// An unknown host re-reads it sooner, at most this often.
const RELOAD_ON_MISS: Duration = Duration::from_secs(2);

/// One city being served.
pub struct Tenant {
    pub id: TenantId,
    pub name_ja: String,
    pub name_en: String,
    pub state: TenantState,
    pub services: Services,
    /// Hosts as registered, primary first (empty for the single-city main database).
    pub hosts: Vec<String>,
    /// Requests answered since this process started (for the system console).
    pub requests: std::sync::atomic::AtomicU64,
    /// When the control plane made it (a city made again under the same id is another).
    pub created_at: Option<chrono::NaiveDateTime>,
}

/// What every city's services are built from.
#[derive(Clone)]
pub struct Base {
    pub main_url: String,
    pub data_dir: PathBuf,
    pub pool_size: u32,
    /// The configured settings; `public_url` is the configured one (the main city's).
    pub settings: Settings,
    pub main_keys: Keys,
    pub hasher: yoriai_services::PasswordHasher,
    pub mail_queued: Arc<dyn Fn() + Send + Sync>,
}

impl Base {
    /// A city's services: its own pool (opened lazily), keys, storage and links.
    pub fn services_for(&self, record: &TenantRecord) -> Services {
        let id = &record.id;
        let url = control::tenant_url(&self.main_url, &self.data_dir, id);
        let pool = yoriai_store::conn::build_lazy_pool(&url, self.pool_size, Some(id.schema()));
        let dir = control::tenant_dir(&self.data_dir, id);
        let mut settings = self.settings.clone();
        if let Some(host) = record.primary_host() {
            settings.public_url = public_url_on(&self.settings.public_url, host);
        }
        settings.open_data_dir = dir.join("open-data");
        let storage = Arc::new(yoriai_services::images::LocalStorage::new(dir.join("uploads")));
        // Keyed by the id and the moment the city was made: a city deleted and made again
        // under the same id shares no key (no session, token or hash) with the old one.
        let key_id = format!("{id}@{}", record.created_at.and_utc().timestamp_micros());
        let mut services = Services::new(pool, settings, self.main_keys.for_tenant(&key_id), storage);
        services.hasher = self.hasher.clone();
        services.mail_queued = self.mail_queued.clone();
        services
    }
}

/// The public URL of a city: the configured URL's scheme and port on the city's host
/// (`http://127.0.0.1:8080` + `aizu.localhost` → `http://aizu.localhost:8080`).
pub fn public_url_on(configured: &str, host: &str) -> String {
    let (scheme, rest) = configured.split_once("://").unwrap_or(("http", configured));
    let authority = rest.split('/').next().unwrap_or(rest);
    let port =
        authority.rsplit_once(':').map(|(_, p)| p).filter(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit()));
    match port {
        Some(p) => format!("{scheme}://{host}:{p}"),
        None => format!("{scheme}://{host}"),
    }
}

/// What a host resolves to.
pub enum Resolved {
    Found(Arc<Tenant>),
    /// Registered but not served now.
    Suspended,
    /// No city has this host (only on a multi-city install).
    Unknown,
}

struct Table {
    control: Pool,
    by_host: HashMap<String, Arc<Tenant>>,
    all: Vec<Arc<Tenant>>,
}

struct Inner {
    base: Base,
    main: Arc<Tenant>,
    /// `None`: a single-city install.
    table: RwLock<Option<Table>>,
    loaded_at: Mutex<Option<Instant>>,
    reloading: AtomicBool,
}

/// The registry of cities.
#[derive(Clone)]
pub struct Tenants(Arc<Inner>);

impl Tenants {
    /// The registry over the main database's services; reads the control plane once.
    pub fn new(base: Base, main: Services) -> Tenants {
        let main = Arc::new(Tenant {
            id: TenantId::main(),
            name_ja: String::new(),
            name_en: String::new(),
            state: TenantState::Active,
            services: main,
            hosts: Vec::new(),
            requests: Default::default(),
            created_at: None,
        });
        let tenants = Tenants(Arc::new(Inner {
            base,
            main,
            table: RwLock::new(None),
            loaded_at: Mutex::new(None),
            reloading: AtomicBool::new(false),
        }));
        if let Err(e) = tenants.reload() {
            // Fail closed: until the list is read, no host is answered with the main
            // database's pages (on a multi-city install that would show the wrong city).
            tracing::error!(error = %e, "cannot read the list of cities; every host answers \"no site\" until it can");
            let base = &tenants.0.base;
            let control = yoriai_store::conn::build_lazy_pool(
                &control::control_url(&base.main_url, &base.data_dir),
                2,
                Some(control::CONTROL_SCHEMA.to_owned()),
            );
            if let Ok(mut table) = tenants.0.table.write() {
                *table = Some(Table { control, by_host: HashMap::new(), all: Vec::new() });
            }
        }
        tenants
    }

    /// The main database's services (a single-city install's only city).
    pub fn main(&self) -> &Services {
        &self.0.main.services
    }

    pub fn base(&self) -> &Base {
        &self.0.base
    }

    /// Whether this installation serves several cities.
    pub fn is_multi(&self) -> bool {
        self.0.table.read().is_ok_and(|t| t.is_some())
    }

    /// A connection to the control plane from the registry's own pool (`None` on a
    /// single-city install), for the system console's per-request reads and writes.
    pub fn control_conn(&self) -> Result<Option<yoriai_store::PooledConn>, String> {
        let pool = match &*self.0.table.read().map_err(|_| "poisoned")? {
            Some(table) => table.control.clone(),
            None => return Ok(None),
        };
        pool.get().map(Some).map_err(|e| e.to_string())
    }

    /// Every city served or suspended (the main database alone on a single-city install).
    pub fn all(&self) -> Vec<Arc<Tenant>> {
        match &*self.0.table.read().expect("the city table lock is never poisoned") {
            Some(table) => table.all.clone(),
            None => vec![self.0.main.clone()],
        }
    }

    /// A city by id (any state).
    pub fn get(&self, id: &str) -> Option<Arc<Tenant>> {
        self.all().into_iter().find(|t| t.id.as_str() == id)
    }

    fn lookup(&self, host: Option<&str>) -> Resolved {
        let table = self.0.table.read().expect("the city table lock is never poisoned");
        let Some(table) = &*table else {
            return Resolved::Found(self.0.main.clone());
        };
        match host.and_then(|h| table.by_host.get(h)) {
            Some(t) if t.state == TenantState::Active => Resolved::Found(t.clone()),
            Some(_) => Resolved::Suspended,
            None => Resolved::Unknown,
        }
    }

    fn age(&self) -> Option<Duration> {
        self.0.loaded_at.lock().ok().and_then(|t| t.map(|t| t.elapsed()))
    }

    /// Re-reads the control plane if it was read more than 10 seconds ago (the worker
    /// calls this each turn; requests through [`Tenants::resolve`]).
    pub async fn refresh(&self) {
        if self.age().is_none_or(|age| age >= RELOAD_EVERY) {
            self.reload_soon().await;
        }
    }

    /// Re-reads the control plane on the blocking pool, unless another request is doing so.
    async fn reload_soon(&self) {
        if self.0.reloading.swap(true, Ordering::AcqRel) {
            return;
        }
        /// Clears the flag however this ends, a dropped request included: a flag left
        /// set would stop every later reload.
        struct Reloading<'a>(&'a AtomicBool);
        impl Drop for Reloading<'_> {
            fn drop(&mut self) {
                self.0.store(false, Ordering::Release);
            }
        }
        let _guard = Reloading(&self.0.reloading);
        let me = self.clone();
        let result = actix_web::web::block(move || me.reload()).await;
        match result {
            Ok(Ok(())) => {}
            Ok(Err(e)) => tracing::warn!(error = %e, "re-reading the list of cities failed; the last one stays"),
            Err(e) => tracing::warn!(error = %e, "re-reading the list of cities could not run"),
        }
    }

    /// The city a request's host names. Hosts are compared normalised, without port.
    pub async fn resolve(&self, host: Option<&str>) -> Resolved {
        self.refresh().await;
        match self.lookup(host) {
            Resolved::Unknown if self.age().is_none_or(|age| age >= RELOAD_ON_MISS) => {
                self.reload_soon().await;
                self.lookup(host)
            }
            found => found,
        }
    }

    /// Reads the control plane (blocking): which cities exist, their hosts and states.
    /// A city whose record did not change keeps its services (and pool).
    pub fn reload(&self) -> Result<(), String> {
        let base = &self.0.base;
        {
            let mut at = self.0.loaded_at.lock().map_err(|_| "poisoned")?;
            *at = Some(Instant::now());
        }
        let exists = match yoriai_store::Backend::from_url(&base.main_url) {
            // A file beside the data: no connection needed to look.
            yoriai_store::Backend::Sqlite => base.data_dir.join("control.db").exists(),
            yoriai_store::Backend::Postgres => {
                let mut main = self.0.main.services.conn().map_err(|e| e.to_string())?;
                control::exists(&mut main, &base.data_dir).map_err(|e| e.to_string())?
            }
        };
        if !exists {
            *self.0.table.write().map_err(|_| "poisoned")? = None;
            return Ok(());
        }
        let control_pool = match &*self.0.table.read().map_err(|_| "poisoned")? {
            Some(t) => t.control.clone(),
            None => yoriai_store::conn::build_lazy_pool(
                &control::control_url(&base.main_url, &base.data_dir),
                2,
                Some(control::CONTROL_SCHEMA.to_owned()),
            ),
        };
        let records = {
            let mut conn = control_pool.get().map_err(|e| e.to_string())?;
            control::list(&mut conn).map_err(|e| e.to_string())?
        };
        let previous: HashMap<TenantId, Arc<Tenant>> = match &*self.0.table.read().map_err(|_| "poisoned")? {
            Some(t) => t.all.iter().map(|t| (t.id.clone(), t.clone())).collect(),
            None => HashMap::new(),
        };
        let mut all = Vec::with_capacity(records.len());
        let mut by_host = HashMap::new();
        for record in records {
            let unchanged = previous.get(&record.id).filter(|t| {
                t.state == record.state
                    && t.created_at == Some(record.created_at)
                    && t.hosts == record.hosts
                    && t.name_ja == record.name_ja
                    && t.name_en == record.name_en
            });
            let tenant = match unchanged {
                Some(t) => t.clone(),
                None => {
                    let services =
                        if record.id.is_main() { self.0.main.services.clone() } else { base.services_for(&record) };
                    Arc::new(Tenant {
                        id: record.id.clone(),
                        name_ja: record.name_ja.clone(),
                        name_en: record.name_en.clone(),
                        state: record.state,
                        services,
                        hosts: record.hosts.clone(),
                        requests: Default::default(),
                        created_at: Some(record.created_at),
                    })
                }
            };
            for host in &record.hosts {
                by_host.insert(host.clone(), tenant.clone());
            }
            all.push(tenant);
        }
        *self.0.table.write().map_err(|_| "poisoned")? = Some(Table { control: control_pool, by_host, all });
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn ids_come_from_english_names() {
        assert_eq!(super::id_from_name("Aizuwakamatsu"), "aizuwakamatsu");
        assert_eq!(super::id_from_name("  Kita-Aizu Town "), "kita_aizu_town");
    }

    #[test]
    fn a_city_keeps_the_configured_scheme_and_port() {
        use super::public_url_on;
        assert_eq!(public_url_on("http://127.0.0.1:8080", "aizu.localhost"), "http://aizu.localhost:8080");
        assert_eq!(public_url_on("https://yoriai.example", "aizu.example"), "https://aizu.example");
        assert_eq!(public_url_on("https://yoriai.example/", "aizu.example"), "https://aizu.example");
        assert_eq!(public_url_on("http://[::1]:8080", "aizu.localhost"), "http://aizu.localhost:8080");
    }
}
