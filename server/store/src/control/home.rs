//! A city's home: its PostgreSQL schema or its folder (SQLite file, uploads, open data).

use super::{tenant_dir, TenantId};
use crate::conn::{Backend, DbConn};
use diesel::connection::SimpleConnection;
use std::path::Path;

/// Creates the empty home of a city's data: its schema on PostgreSQL (through the main
/// connection), its folder on SQLite. Migrations then run on the city's own connection.
/// `fresh`: refuse if any of it is already there (data left by an earlier city with the
/// same id, or another creation of the same id racing this one) instead of adopting it.
pub fn create_home(main: &mut DbConn, data_dir: &Path, id: &TenantId, fresh: bool) -> Result<(), String> {
    let dir = tenant_dir(data_dir, id);
    if fresh && !id.is_main() {
        std::fs::create_dir_all(data_dir.join("tenants"))
            .map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
        std::fs::create_dir(&dir).map_err(|e| {
            format!("the folder {} already exists (an earlier city's files?): {e}; remove it first", dir.display())
        })?;
    } else {
        std::fs::create_dir_all(&dir)
            .map_err(|e| format!("cannot create the city's folder under {}: {e}", data_dir.display()))?;
    }
    if main.backend() == Backend::Postgres && !id.is_main() {
        let if_missing = if fresh { "" } else { "IF NOT EXISTS " };
        main.batch_execute(&format!("CREATE SCHEMA {if_missing}{}", id.schema())).map_err(|e| {
            if fresh {
                let _ = std::fs::remove_dir(&dir);
            }
            format!("the schema {} cannot be created (left by an earlier city?): {e}", id.schema())
        })?;
    }
    Ok(())
}

/// Drops a city's data: its schema (PostgreSQL) and its folder (the SQLite file, uploads
/// and open data). The main city's data is never dropped this way.
pub fn drop_home(main: &mut DbConn, data_dir: &Path, id: &TenantId) -> Result<(), String> {
    if id.is_main() {
        return Err("the main database is not removed this way".into());
    }
    if main.backend() == Backend::Postgres {
        main.batch_execute(&format!("DROP SCHEMA IF EXISTS {} CASCADE", id.schema())).map_err(|e| e.to_string())?;
    }
    let dir = tenant_dir(data_dir, id);
    if dir.exists() {
        std::fs::remove_dir_all(&dir).map_err(|e| format!("cannot remove {}: {e}", dir.display()))?;
    }
    Ok(())
}
