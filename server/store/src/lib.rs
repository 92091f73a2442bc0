//! Yoriai's persistence layer: one portable diesel schema over SQLite and PostgreSQL.
//!
//! Write models (`*Row`, `New*`) live beside the functions that read and change them;
//! backend-specific SQL lives only in [`backend`]. Everything here is synchronous:
//! callers run it on the blocking pool.

pub mod accountability;
pub mod action_log;
pub mod api_tokens;
pub mod backend;
pub mod ballots;
pub mod budgets;
pub mod city_settings;
pub mod comments;
pub mod conn;
pub mod control;
pub mod dashboard;
pub mod districts;
pub mod external;
pub mod follows;
pub mod form_echoes;
pub mod foryou;
pub mod migrate;
pub mod moderation;
pub mod mydata;
pub mod notices;
pub mod notifications;
pub mod opendata;
pub mod outbox;
pub mod privacy;
pub mod process_roles;
pub mod processes;
pub mod proposal_states;
pub mod proposals;
pub mod report_settings;
pub mod reports;
pub mod schema;
pub mod security_events;
pub mod sessions;
pub mod sign_in_providers;
pub mod supports;
pub mod throttle;
pub mod tokens;
pub mod two_factor;
pub mod uploads;
pub mod users;

pub use conn::{write_tx, Backend, DbConn, Pool, PooledConn, TxError};
pub use diesel::result::Error as DbError;

/// Results of store functions.
pub type DbResult<T> = Result<T, DbError>;

/// The current time as stored: UTC without a zone, truncated to microseconds so a
/// value read back equals the value written on both backends.
pub fn now() -> chrono::NaiveDateTime {
    truncate(chrono::Utc::now().naive_utc())
}

pub fn truncate(t: chrono::NaiveDateTime) -> chrono::NaiveDateTime {
    use chrono::Timelike;
    let micros = t.nanosecond() / 1_000 * 1_000;
    t.with_nanosecond(micros).unwrap_or(t)
}
