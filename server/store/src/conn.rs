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
/// property of the file, set once by [`prepare_database`]. Every connection watches its
/// own health (see [`Health`]).
pub fn establish(url: &str) -> Result<DbConn, diesel::ConnectionError> {
    let mut conn = match Backend::from_url(url) {
        Backend::Postgres => DbConn::Pg(PgConnection::establish(url)?),
        Backend::Sqlite => {
            let mut conn = SqliteConnection::establish(sqlite_path(url))?;
            conn.batch_execute(&format!(
                "PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}; PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL;"
            ))
            .map_err(diesel::ConnectionError::CouldntSetupConfiguration)?;
            DbConn::Sqlite(conn)
        }
    };
    conn.set_instrumentation(Health::default());
    Ok(conn)
}

/// Watches one connection's statements: a statement that finds the connection closed
/// (the database restarted, failed over, or a proxy or `pg_terminate_backend` cut it)
/// marks it broken, so the pool drops it instead of handing it out again. Optionally
/// counts statements, for the tests that prove a page costs a fixed number of queries.
#[derive(Default)]
pub struct Health {
    broken: bool,
    counter: Option<QueryCounter>,
}

fn closes_the_connection(error: &diesel::result::Error) -> bool {
    use diesel::result::{DatabaseErrorKind, Error};
    matches!(
        error,
        Error::DatabaseError(DatabaseErrorKind::ClosedConnection | DatabaseErrorKind::UnableToSendCommand, _)
            | Error::BrokenTransactionManager
    )
}

impl diesel::connection::Instrumentation for Health {
    fn on_connection_event(&mut self, event: diesel::connection::InstrumentationEvent<'_>) {
        use diesel::connection::InstrumentationEvent;
        match event {
            InstrumentationEvent::StartQuery { .. } => {
                if let Some(counter) = &self.counter {
                    counter.0.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                }
            }
            InstrumentationEvent::FinishQuery { error: Some(error), .. } if closes_the_connection(error) => {
                self.broken = true;
            }
            _ => {}
        }
    }
}

impl DbConn {
    /// Whether a statement found this connection closed, or its transaction manager is
    /// in an error state: either way it must not be used again.
    pub fn is_broken(&mut self) -> bool {
        use diesel::connection::{AnsiTransactionManager, TransactionManager};
        let tx_broken = match self {
            DbConn::Pg(c) => AnsiTransactionManager::is_broken_transaction_manager(c),
            DbConn::Sqlite(c) => AnsiTransactionManager::is_broken_transaction_manager(c),
        };
        tx_broken || self.instrumentation().downcast_ref::<Health>().is_some_and(|h| h.broken)
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

    fn has_broken(&self, conn: &mut DbConn) -> bool {
        conn.is_broken()
    }
}

use diesel::r2d2;

pub type Pool = r2d2::Pool<Manager>;
pub type PooledConn = r2d2::PooledConnection<Manager>;

/// How long a request waits for a free connection before it is told the service is
/// busy (503 with `Retry-After`): long enough to ride out a burst, short enough that a
/// stuck database does not pile up waiting requests.
pub const POOL_WAIT: Duration = Duration::from_secs(5);

/// Builds the pool. SQLite gets a small pool: it has one writer at a time, and WAL lets
/// readers proceed beside it.
///
/// PostgreSQL connections are checked (`SELECT 1`, one round trip) when they leave the
/// pool: after a restart or failover every idle connection is dead, and a check that
/// finds one replaces it at once instead of failing the request that drew it.
/// Connections that break while in use are dropped when they come back ([`Health`]).
pub fn build_pool(url: &str, max_size: u32) -> Result<Pool, String> {
    let (size, check) = match Backend::from_url(url) {
        Backend::Sqlite => (max_size.clamp(1, 8), false),
        Backend::Postgres => (max_size.max(1), true),
    };
    r2d2::Pool::builder()
        .max_size(size)
        .connection_timeout(POOL_WAIT)
        .test_on_check_out(check)
        .build(Manager { url: url.to_owned() })
        .map_err(|e| format!("cannot connect to the database: {e}"))
}

/// A city's pool on a multi-city install: no connection is opened until the city gets a
/// request, and idle ones close after a minute, so fifty quiet cities hold no
/// connections (PostgreSQL's `max_connections` is shared by all of them).
///
/// On PostgreSQL each new connection proves it sees `schema` and nothing else: a pooler
/// in between that dropped the `search_path` startup option would otherwise leave it on
/// `public`, the main database's tables.
pub fn build_lazy_pool(url: &str, max_size: u32, schema: Option<String>) -> Pool {
    let (size, check) = match Backend::from_url(url) {
        Backend::Sqlite => (max_size.clamp(1, 8), false),
        Backend::Postgres => (max_size.max(1), true),
    };
    let mut builder = r2d2::Pool::builder()
        .max_size(size)
        .min_idle(Some(0))
        .idle_timeout(Some(Duration::from_secs(60)))
        .connection_timeout(POOL_WAIT)
        .test_on_check_out(check);
    if let (Backend::Postgres, Some(schema)) = (Backend::from_url(url), schema) {
        builder = builder.connection_customizer(Box::new(ExpectSchema(schema)));
    }
    builder.build_unchecked(Manager { url: url.to_owned() })
}

#[derive(Debug)]
struct ExpectSchema(String);

impl r2d2::CustomizeConnection<DbConn, diesel::r2d2::Error> for ExpectSchema {
    fn on_acquire(&self, conn: &mut DbConn) -> Result<(), diesel::r2d2::Error> {
        use diesel::RunQueryDsl;
        #[derive(diesel::QueryableByName)]
        struct Current {
            #[diesel(sql_type = diesel::sql_types::Text)]
            schema: String,
        }
        let current: Current = diesel::sql_query("SELECT current_schema()::text AS schema")
            .get_result(conn)
            .map_err(diesel::r2d2::Error::QueryError)?;
        if current.schema == self.0 {
            Ok(())
        } else {
            Err(diesel::r2d2::Error::QueryError(diesel::result::Error::QueryBuilderError(
                format!("a city's connection sees the schema {:?} instead of {:?}", current.schema, self.0).into(),
            )))
        }
    }
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

/// An error a write transaction may end with, and whether it is the database's
/// transient refusal (a deadlock or serialization failure) worth another attempt.
pub trait TxError: From<diesel::result::Error> {
    fn database_error(&self) -> Option<&diesel::result::Error>;
}

impl TxError for diesel::result::Error {
    fn database_error(&self) -> Option<&diesel::result::Error> {
        Some(self)
    }
}

/// Whether PostgreSQL aborted the transaction only because of another one: a
/// serialization failure (SQLSTATE 40001) or a deadlock (40P01). diesel reports the
/// first as a kind and the second only by its message, which PostgreSQL words in the
/// server's `lc_messages` (English by default; Japanese installations too).
pub fn is_transient(error: &diesel::result::Error) -> bool {
    use diesel::result::{DatabaseErrorKind, Error};
    match error {
        Error::DatabaseError(DatabaseErrorKind::SerializationFailure, _) => true,
        Error::DatabaseError(DatabaseErrorKind::Unknown, info) => {
            let m = info.message();
            m.contains("deadlock detected") || m.contains("デッドロックを検出しました")
        }
        _ => false,
    }
}

/// Attempts of one write transaction when PostgreSQL aborts it for a deadlock or a
/// serialization failure, and the base of the random pause between them.
const TX_ATTEMPTS: u32 = 4;
const TX_RETRY_BASE_MS: u64 = 8;

/// Runs `f` in a write transaction: committed when it returns `Ok`, rolled back otherwise.
///
/// On SQLite the transaction starts with `BEGIN IMMEDIATE`, taking the write lock up
/// front: a deferred transaction that reads and then writes can fail with "database is
/// locked" when another writer committed in between, whatever the busy timeout.
/// Nested calls become savepoints.
///
/// An outermost transaction that PostgreSQL aborts because it crossed another (deadlock,
/// serialization failure) is run again from the start, up to [`TX_ATTEMPTS`] times in
/// all, after a short random pause so the two do not meet again. `f` must therefore do
/// nothing outside the database that cannot be done twice.
pub fn write_tx<T, E, F>(conn: &mut DbConn, mut f: F) -> Result<T, E>
where
    F: FnMut(&mut DbConn) -> Result<T, E>,
    E: TxError,
{
    use diesel::connection::{AnsiTransactionManager, TransactionManager};
    let outermost = match conn {
        DbConn::Sqlite(c) => AnsiTransactionManager::transaction_manager_status_mut(c).transaction_depth()?.is_none(),
        DbConn::Pg(c) => AnsiTransactionManager::transaction_manager_status_mut(c).transaction_depth()?.is_none(),
    };
    let mut attempt = 1;
    loop {
        let result = transaction_once(conn, outermost, &mut f);
        match result {
            Err(e) if outermost && attempt < TX_ATTEMPTS && e.database_error().is_some_and(is_transient) => {
                use rand::Rng;
                let pause = rand::rng().random_range(TX_RETRY_BASE_MS..=TX_RETRY_BASE_MS * 4) * u64::from(attempt);
                tracing::info!(
                    attempt,
                    pause_ms = pause,
                    "the database aborted a transaction that crossed another; running it again"
                );
                std::thread::sleep(Duration::from_millis(pause));
                attempt += 1;
            }
            other => return other,
        }
    }
}

fn transaction_once<T, E, F>(conn: &mut DbConn, outermost: bool, f: &mut F) -> Result<T, E>
where
    F: FnMut(&mut DbConn) -> Result<T, E>,
    E: TxError,
{
    use diesel::connection::{AnsiTransactionManager, TransactionManager};
    match conn {
        DbConn::Sqlite(c) if outermost => AnsiTransactionManager::begin_transaction_sql(c, "BEGIN IMMEDIATE")?,
        DbConn::Sqlite(c) => AnsiTransactionManager::begin_transaction(c)?,
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

#[derive(Debug)]
struct CountQueries(QueryCounter);

impl r2d2::CustomizeConnection<DbConn, diesel::r2d2::Error> for CountQueries {
    fn on_acquire(&self, conn: &mut DbConn) -> Result<(), diesel::r2d2::Error> {
        conn.set_instrumentation(Health { broken: false, counter: Some(self.0.clone()) });
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
