//! One connection type for both backends, chosen from the URL scheme, and an r2d2
//! pool over it.

use diesel::connection::SimpleConnection;
use diesel::pg::PgConnection;
use diesel::sqlite::SqliteConnection;
use diesel::Connection;
use std::time::Duration;

#[derive(diesel::MultiConnection)]
pub enum DbConn {
    Pg(PgConnection),
    Sqlite(SqliteConnection),
}

impl DbConn {
    pub fn backend(&self) -> Backend {
        match self {
            DbConn::Pg(_) => Backend::Postgres,
            DbConn::Sqlite(_) => Backend::Sqlite,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    /// Picks the backend from the URL scheme. Anything that is not a PostgreSQL URL is
    /// a SQLite path (`sqlite://` prefix optional), so `./data/yoriai.db` just works.
    pub fn from_url(url: &str) -> Backend {
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Backend::Postgres
        } else {
            Backend::Sqlite
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Backend::Sqlite => "sqlite",
            Backend::Postgres => "postgres",
        }
    }
}

/// How long a SQLite writer waits for the lock before giving up.
const SQLITE_BUSY_TIMEOUT_MS: u32 = 5_000;

fn sqlite_path(url: &str) -> &str {
    url.strip_prefix("sqlite://").or_else(|| url.strip_prefix("sqlite:")).unwrap_or(url)
}

/// Opens one connection. SQLite connections get the per-connection pragmas; WAL is a
/// property of the file, set once by [`prepare_database`].
pub fn establish(url: &str) -> Result<DbConn, diesel::ConnectionError> {
    match Backend::from_url(url) {
        Backend::Postgres => Ok(DbConn::Pg(PgConnection::establish(url)?)),
        Backend::Sqlite => {
            let mut conn = SqliteConnection::establish(sqlite_path(url))?;
            conn.batch_execute(&format!(
                "PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}; PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL;"
            ))
            .map_err(diesel::ConnectionError::CouldntSetupConfiguration)?;
            Ok(DbConn::Sqlite(conn))
        }
    }
}

/// Creates the SQLite file's folder and switches the file to WAL. Switching on every
/// pooled connection races ("database is locked"), so it happens once, before the pool.
pub fn prepare_database(url: &str) -> Result<(), String> {
    if Backend::from_url(url) == Backend::Sqlite {
        let path = std::path::Path::new(sqlite_path(url));
        if path.to_str() != Some(":memory:") {
            if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
                std::fs::create_dir_all(parent)
                    .map_err(|e| format!("cannot create the folder {} for the database: {e}", parent.display()))?;
            }
        }
        let mut conn = establish(url).map_err(|e| format!("cannot open the SQLite database {url}: {e}"))?;
        conn.batch_execute("PRAGMA journal_mode = WAL;").map_err(|e| format!("cannot switch SQLite to WAL: {e}"))?;
    }
    Ok(())
}

/// r2d2 manager over [`DbConn`]: the derived `establish` hides the real error, so the
/// backend is chosen here from the scheme.
#[derive(Debug, Clone)]
pub struct Manager {
    url: String,
}

impl r2d2::ManageConnection for Manager {
    type Connection = DbConn;
    type Error = diesel::r2d2::Error;

    fn connect(&self) -> Result<DbConn, Self::Error> {
        establish(&self.url).map_err(diesel::r2d2::Error::ConnectionError)
    }

    fn is_valid(&self, conn: &mut DbConn) -> Result<(), Self::Error> {
        conn.batch_execute("SELECT 1").map_err(diesel::r2d2::Error::QueryError)
    }

    fn has_broken(&self, _conn: &mut DbConn) -> bool {
        false
    }
}

use diesel::r2d2;

pub type Pool = r2d2::Pool<Manager>;
pub type PooledConn = r2d2::PooledConnection<Manager>;

/// Builds the pool. SQLite gets a small pool: it has one writer at a time anyway, and
/// WAL lets readers proceed beside it.
pub fn build_pool(url: &str, max_size: u32) -> Result<Pool, String> {
    let size = match Backend::from_url(url) {
        Backend::Sqlite => max_size.clamp(1, 8),
        Backend::Postgres => max_size.max(1),
    };
    r2d2::Pool::builder()
        .max_size(size)
        .connection_timeout(Duration::from_secs(10))
        .test_on_check_out(false)
        .build(Manager { url: url.to_owned() })
        .map_err(|e| format!("cannot connect to the database: {e}"))
}

/// Runs the same diesel expression against the concrete connection of either backend,
/// for the few query forms (upserts) that the combined connection cannot express.
#[macro_export]
macro_rules! on_each_backend {
    ($conn:expr, |$c:ident| $body:expr) => {
        match $conn {
            $crate::DbConn::Pg($c) => $body,
            $crate::DbConn::Sqlite($c) => $body,
        }
    };
}

/// Runs `f` in a write transaction: committed when it returns `Ok`, rolled back otherwise.
///
/// On SQLite the transaction starts with `BEGIN IMMEDIATE`, taking the write lock up
/// front: a deferred transaction that reads and then writes can fail with "database is
/// locked" when another writer committed in between, whatever the busy timeout.
/// Nested calls become savepoints.
pub fn write_tx<T, E, F>(conn: &mut DbConn, f: F) -> Result<T, E>
where
    F: FnOnce(&mut DbConn) -> Result<T, E>,
    E: From<diesel::result::Error>,
{
    use diesel::connection::{AnsiTransactionManager, TransactionManager};
    match conn {
        DbConn::Sqlite(c) => {
            let outermost = AnsiTransactionManager::transaction_manager_status_mut(c).transaction_depth()?.is_none();
            if outermost {
                AnsiTransactionManager::begin_transaction_sql(c, "BEGIN IMMEDIATE")?;
            } else {
                AnsiTransactionManager::begin_transaction(c)?;
            }
        }
        DbConn::Pg(c) => AnsiTransactionManager::begin_transaction(c)?,
    }
    match f(conn) {
        Ok(value) => match <DbConn as Connection>::TransactionManager::commit_transaction(conn) {
            Ok(()) => Ok(value),
            Err(commit_error) => {
                let _ = <DbConn as Connection>::TransactionManager::rollback_transaction(conn);
                Err(commit_error.into())
            }
        },
        Err(error) => {
            let _ = <DbConn as Connection>::TransactionManager::rollback_transaction(conn);
            Err(error)
        }
    }
}

/// Counts the statements run on a connection (for tests that prove a page costs a
/// fixed number of queries whatever its size: no N+1).
#[derive(Debug, Default, Clone)]
pub struct QueryCounter(pub std::sync::Arc<std::sync::atomic::AtomicU64>);

impl QueryCounter {
    pub fn get(&self) -> u64 {
        self.0.load(std::sync::atomic::Ordering::SeqCst)
    }
}

struct Counting(QueryCounter);

impl diesel::connection::Instrumentation for Counting {
    fn on_connection_event(&mut self, event: diesel::connection::InstrumentationEvent<'_>) {
        if let diesel::connection::InstrumentationEvent::StartQuery { .. } = event {
            self.0 .0.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        }
    }
}

#[derive(Debug)]
struct CountQueries(QueryCounter);

impl r2d2::CustomizeConnection<DbConn, diesel::r2d2::Error> for CountQueries {
    fn on_acquire(&self, conn: &mut DbConn) -> Result<(), diesel::r2d2::Error> {
        conn.set_instrumentation(Counting(self.0.clone()));
        Ok(())
    }
}

/// A pool whose connections count their statements into `counter`.
pub fn build_counting_pool(url: &str, max_size: u32, counter: QueryCounter) -> Result<Pool, String> {
    r2d2::Pool::builder()
        .max_size(max_size)
        .connection_timeout(Duration::from_secs(10))
        .connection_customizer(Box::new(CountQueries(counter)))
        .build(Manager { url: url.to_owned() })
        .map_err(|e| format!("cannot connect to the database: {e}"))
}
