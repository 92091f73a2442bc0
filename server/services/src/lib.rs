//! Yoriai's use cases. Each command takes the actor first, authorizes on its first line
//! through the domain policy, changes the database in one transaction (audit and outbox
//! rows included) and returns a typed result. Commands are synchronous: the web layer
//! runs them on the blocking pool.

pub mod accountability;
pub mod accounts;
pub mod atom;
pub mod audit;
pub mod budgets;
pub mod bylines;
pub mod city;
pub mod city_sign_in;
pub mod crypto;
pub mod csv;
pub mod dashboard;
pub mod features;
pub mod form_echo;
pub mod images;
pub mod limits;
pub mod mail;
pub mod moderation;
pub mod notify;
pub mod opendata;
pub mod password;
pub mod privacy;
pub mod processes;
pub mod proposals;
pub mod reports;
pub mod search;
pub mod sessions;
pub mod staff;

use std::sync::Arc;
use yoriai_domain::{Denied, ErrorCode, Rejection};
use yoriai_store::{Pool, PooledConn};

pub use crypto::Keys;
pub use password::PasswordHasher;

/// Timings and limits of the account flows; defaults follow OWASP's guidance.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Base URL for links in emails, without a trailing slash.
    pub public_url: String,
    pub session_ttl: chrono::Duration,
    pub confirm_ttl: chrono::Duration,
    pub reset_ttl: chrono::Duration,
    pub change_email_ttl: chrono::Duration,
    /// Failed sign-ins per account within `throttle_window` before a lock.
    pub account_max_failures: i32,
    /// Failed sign-ins per client address within `throttle_window` before a lock.
    pub ip_max_failures: i32,
    pub throttle_window: chrono::Duration,
    pub throttle_lock: chrono::Duration,
    /// Distinct reporters after which a proposal or comment is hidden until a
    /// moderator decides.
    pub report_hide_threshold: i32,
    /// Pictures per proposal.
    pub max_proposal_images: i64,
    /// Largest Pabulib file staff may import.
    pub max_import_bytes: usize,
    /// Days after "fixed" during which a reporter may reopen their report.
    pub report_reopen_days: i64,
    /// Days a report made without an account waits for its emailed confirmation
    /// before it is deleted.
    pub unconfirmed_report_days: i64,
    /// Days a new account waits for its email confirmation before it is deleted.
    pub unconfirmed_account_days: i64,
    /// Map background tiles (`{z}/{x}/{y}` template; empty for none) and attribution.
    pub map_tile_url: String,
    pub map_attribution: String,
    /// Where maps open: latitude, longitude, zoom.
    pub map_center: (f64, f64),
    pub map_zoom: i32,
    /// Where the nightly open-data archive is written (`<data_dir>/open-data`).
    pub open_data_dir: std::path::PathBuf,
    /// OpenID Connect providers residents may sign in with.
    pub external_providers: Vec<accounts::ExternalProvider>,
    /// Whether a city's administrators may point sign-in at an `http://localhost`
    /// issuer (development and tests; never in production, where every issuer is https).
    pub local_issuers: bool,
    /// The language visitors get first, and the sender of mail, unless the city chose
    /// its own (`city_settings`).
    pub default_locale: yoriai_domain::Locale,
    pub mail_from: String,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            public_url: "http://127.0.0.1:8080".into(),
            session_ttl: chrono::Duration::days(30),
            confirm_ttl: chrono::Duration::hours(48),
            reset_ttl: chrono::Duration::minutes(60),
            change_email_ttl: chrono::Duration::hours(24),
            account_max_failures: 5,
            ip_max_failures: 30,
            throttle_window: chrono::Duration::minutes(15),
            throttle_lock: chrono::Duration::minutes(15),
            report_hide_threshold: 3,
            max_proposal_images: 5,
            max_import_bytes: 64 * 1024 * 1024,
            report_reopen_days: yoriai_domain::report::DEFAULT_REOPEN_DAYS,
            unconfirmed_report_days: 7,
            unconfirmed_account_days: 14,
            map_tile_url: "https://tile.openstreetmap.org/{z}/{x}/{y}.png".into(),
            map_attribution: "© OpenStreetMap contributors".into(),
            map_center: (37.4947, 139.9298),
            map_zoom: 14,
            open_data_dir: std::path::PathBuf::from("data/open-data"),
            external_providers: Vec::new(),
            local_issuers: false,
            default_locale: yoriai_domain::Locale::Ja,
            mail_from: "Yoriai <no-reply@localhost>".into(),
        }
    }
}

/// Everything a command needs besides its input.
#[derive(Clone)]
pub struct Services {
    pub pool: Pool,
    pub settings: Arc<Settings>,
    pub keys: Keys,
    pub hasher: PasswordHasher,
    /// Called after a commit that queued mail, so the worker need not wait for its next poll.
    pub mail_queued: Arc<dyn Fn() + Send + Sync>,
    /// Where uploaded files go.
    pub storage: Arc<dyn images::Storage>,
    /// OpenID Connect providers' discovery documents and keys.
    pub external_metadata: accounts::MetadataCache,
    /// The city's own settings as this process last read them.
    pub city: Arc<city::CityCache>,
}

impl Services {
    pub fn new(pool: Pool, settings: Settings, keys: Keys, storage: Arc<dyn images::Storage>) -> Self {
        Services {
            pool,
            settings: Arc::new(settings),
            keys,
            hasher: PasswordHasher::default(),
            mail_queued: Arc::new(|| {}),
            storage,
            external_metadata: accounts::MetadataCache::default(),
            city: Arc::default(),
        }
    }

    pub fn conn(&self) -> Result<PooledConn, ServiceError> {
        self.pool.get().map_err(|e| ServiceError::Unavailable(Box::new(e)))
    }

    pub(crate) fn link(&self, path_and_query: &str) -> String {
        format!("{}{}", self.settings.public_url.trim_end_matches('/'), path_and_query)
    }
}

/// Facts about the request that commands may need (never stored raw).
#[derive(Debug, Clone, Default)]
pub struct RequestMeta {
    pub ip: Option<std::net::IpAddr>,
    pub locale: yoriai_domain::Locale,
}

/// A command's failure: the request's fault (shown, translated) or ours (logged with
/// its cause chain, shown as an opaque error with a request id).
#[derive(Debug, thiserror::Error)]
pub enum ServiceError {
    #[error("request rejected: {}", .0.code)]
    Rejected(Rejection),
    #[error("database unavailable")]
    Unavailable(#[source] Box<dyn std::error::Error + Send + Sync>),
    #[error("internal error")]
    Internal(#[source] Box<dyn std::error::Error + Send + Sync>),
}

impl ServiceError {
    pub fn code(&self) -> ErrorCode {
        match self {
            ServiceError::Rejected(r) => r.code,
            ServiceError::Unavailable(_) => ErrorCode::Unavailable,
            ServiceError::Internal(_) => ErrorCode::Internal,
        }
    }

    pub fn internal(message: impl Into<String>) -> Self {
        ServiceError::Internal(message.into().into())
    }
}

/// An error with every cause after it (`internal error: database error: deadlock
/// detected`), for logs: the message alone often says only "internal error".
pub fn error_chain(error: &(dyn std::error::Error + 'static)) -> String {
    let mut chain = error.to_string();
    let mut source = error.source();
    while let Some(e) = source {
        chain.push_str(": ");
        chain.push_str(&e.to_string());
        source = e.source();
    }
    chain
}

impl From<Rejection> for ServiceError {
    fn from(r: Rejection) -> Self {
        ServiceError::Rejected(r)
    }
}

impl From<ErrorCode> for ServiceError {
    fn from(code: ErrorCode) -> Self {
        ServiceError::Rejected(Rejection::new(code))
    }
}

impl From<Denied> for ServiceError {
    fn from(d: Denied) -> Self {
        ServiceError::Rejected(Rejection::new(d.code()))
    }
}

impl From<diesel::result::Error> for ServiceError {
    fn from(e: diesel::result::Error) -> Self {
        ServiceError::Internal(Box::new(e))
    }
}

impl yoriai_store::TxError for ServiceError {
    fn database_error(&self) -> Option<&diesel::result::Error> {
        match self {
            ServiceError::Internal(e) | ServiceError::Unavailable(e) => e.downcast_ref(),
            ServiceError::Rejected(_) => None,
        }
    }
}

pub type ServiceResult<T> = Result<T, ServiceError>;

/// Where the city is: dates and times are shown in Japan time (UTC+9).
pub const CITY_UTC_OFFSET_HOURS: i64 = 9;

/// A stored UTC time as the city's date, `YYYY-MM-DD`.
pub fn city_date(t: chrono::NaiveDateTime) -> String {
    (t + chrono::Duration::hours(CITY_UTC_OFFSET_HOURS)).format("%Y-%m-%d").to_string()
}

/// A stored UTC time as the city's date and time, `YYYY-MM-DD HH:MM`.
pub fn city_time(t: chrono::NaiveDateTime) -> String {
    (t + chrono::Duration::hours(CITY_UTC_OFFSET_HOURS)).format("%Y-%m-%d %H:%M").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_chains_name_every_cause() {
        let db = diesel::result::Error::DatabaseError(
            diesel::result::DatabaseErrorKind::Unknown,
            Box::new("deadlock detected".to_owned()),
        );
        let e = ServiceError::Internal(Box::new(db));
        assert_eq!(e.to_string(), "internal error");
        assert_eq!(error_chain(&e), "internal error: deadlock detected");
    }
}
