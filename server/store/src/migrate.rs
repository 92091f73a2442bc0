//! Embedded migrations, one folder per backend with identical names.

use crate::conn::DbConn;
use diesel_migrations::{embed_migrations, EmbeddedMigrations, MigrationHarness};

pub const SQLITE: EmbeddedMigrations = embed_migrations!("../../migrations/sqlite");
pub const POSTGRES: EmbeddedMigrations = embed_migrations!("../../migrations/postgres");

type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// Applies every pending migration; returns the names applied.
pub fn run_pending(conn: &mut DbConn) -> Result<Vec<String>, BoxError> {
    let applied = match conn {
        DbConn::Sqlite(c) => c.run_pending_migrations(SQLITE)?.iter().map(|v| v.to_string()).collect(),
        DbConn::Pg(c) => c.run_pending_migrations(POSTGRES)?.iter().map(|v| v.to_string()).collect(),
    };
    Ok(applied)
}

/// Reverts every applied migration (used by the up → down → up test).
pub fn revert_all(conn: &mut DbConn) -> Result<(), BoxError> {
    match conn {
        DbConn::Sqlite(c) => c.revert_all_migrations(SQLITE).map(|_| ()),
        DbConn::Pg(c) => c.revert_all_migrations(POSTGRES).map(|_| ()),
    }
}

/// Names of migrations not yet applied.
pub fn pending(conn: &mut DbConn) -> Result<Vec<String>, BoxError> {
    let names = match conn {
        DbConn::Sqlite(c) => c.pending_migrations(SQLITE)?.iter().map(|m| m.name().to_string()).collect(),
        DbConn::Pg(c) => c.pending_migrations(POSTGRES)?.iter().map(|m| m.name().to_string()).collect(),
    };
    Ok(names)
}

/// Applies pending migrations while holding a PostgreSQL advisory lock, so that several
/// nodes starting at once migrate one after the other instead of racing. (SQLite has a
/// single writer and needs no lock.)
pub fn run_pending_locked(conn: &mut DbConn) -> Result<Vec<String>, BoxError> {
    use diesel::connection::SimpleConnection;
    const LOCK: &str = "7953414941"; // "yoriai" as an arbitrary 64-bit lock key
    match conn {
        DbConn::Pg(c) => {
            c.batch_execute(&format!("SELECT pg_advisory_lock({LOCK})"))?;
            let result = run_pending(conn);
            if let DbConn::Pg(c) = conn {
                c.batch_execute(&format!("SELECT pg_advisory_unlock({LOCK})"))?;
            }
            result
        }
        DbConn::Sqlite(_) => run_pending(conn),
    }
}
