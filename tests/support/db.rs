//! A fresh database per test: a new SQLite file, or a new PostgreSQL database that is
//! dropped afterwards. PostgreSQL comes from `TEST_DATABASE_URL` (a URL to a database
//! the test user may create databases from), else the local server on 127.0.0.1:5432.
//! It is never skipped silently: without a reachable server the test fails and says how
//! to provide one.

use diesel::connection::SimpleConnection;
use diesel::{Connection, PgConnection};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

pub struct TestDatabase {
    pub url: String,
    admin_url: Option<String>,
    name: Option<String>,
}

pub fn postgres_admin_url() -> String {
    let url =
        std::env::var("TEST_DATABASE_URL").unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into());
    without_tls(url)
}

/// Test connections go without TLS unless the URL asks for it. libpq's TLS lives in
/// OpenSSL, whose exit handler frees its state while a pool's background thread may
/// still close a connection: the test binary then dies with SIGSEGV after every test
/// has passed (r2d2#137, diesel#3441). The test server is on this machine; TLS buys
/// nothing there.
fn without_tls(url: String) -> String {
    if url.contains("sslmode=") {
        return url;
    }
    let sep = if url.contains('?') { '&' } else { '?' };
    format!("{url}{sep}sslmode=disable")
}

fn with_database(url: &str, db: &str) -> String {
    // Replace the path (database name) of the admin URL, keeping any query string.
    let (base, query) = match url.split_once('?') {
        Some((b, q)) => (b, Some(q)),
        None => (url, None),
    };
    let scheme_end = base.find("://").map(|i| i + 3).unwrap_or(0);
    let host_end = base[scheme_end..].find('/').map(|i| scheme_end + i).unwrap_or(base.len());
    let mut out = format!("{}/{}", &base[..host_end], db);
    if let Some(q) = query {
        out.push('?');
        out.push_str(q);
    }
    out
}

impl TestDatabase {
    pub fn create(backend: Backend, dir: &std::path::Path) -> TestDatabase {
        match backend {
            Backend::Sqlite => {
                TestDatabase { url: dir.join("test.db").to_string_lossy().into_owned(), admin_url: None, name: None }
            }
            Backend::Postgres => {
                let admin_url = postgres_admin_url();
                let name = format!("yoriai_test_{}", crate::random_suffix());
                let mut conn = PgConnection::establish(&admin_url).unwrap_or_else(|e| {
                    panic!(
                        "PostgreSQL is required for the PostgreSQL half of the tests and is not reachable at {admin_url}: {e}.\n\
                         Run the tests with ./dev test (it starts one), or set TEST_DATABASE_URL."
                    )
                });
                conn.batch_execute(&format!("CREATE DATABASE {name}")).expect("create test database");
                TestDatabase { url: with_database(&admin_url, &name), admin_url: Some(admin_url), name: Some(name) }
            }
        }
    }
}

impl TestDatabase {
    /// Cuts every connection to this PostgreSQL database from the server's side, as a
    /// restart, a failover or a proxy timeout does; returns how many were cut.
    pub fn terminate_connections(&self) -> i64 {
        #[derive(diesel::QueryableByName)]
        struct Cut {
            #[diesel(sql_type = diesel::sql_types::BigInt)]
            n: i64,
        }
        use diesel::RunQueryDsl;
        let (Some(admin), Some(name)) = (&self.admin_url, &self.name) else { return 0 };
        let mut conn = PgConnection::establish(admin).expect("admin connection");
        let cut: Cut = diesel::sql_query(format!(
            "SELECT count(pg_terminate_backend(pid))::bigint AS n FROM pg_stat_activity \
             WHERE datname = '{name}' AND pid <> pg_backend_pid()"
        ))
        .get_result(&mut conn)
        .expect("terminate backends");
        cut.n
    }
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        if let (Some(admin), Some(name)) = (&self.admin_url, &self.name) {
            if let Ok(mut conn) = PgConnection::establish(admin) {
                let _ = conn.batch_execute(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::with_database;

    #[test]
    fn the_database_name_is_swapped_in_the_url() {
        assert_eq!(with_database("postgres://u@h:5432/postgres", "x"), "postgres://u@h:5432/x");
        assert_eq!(with_database("postgres://u@h/postgres?sslmode=disable", "x"), "postgres://u@h/x?sslmode=disable");
        assert_eq!(with_database("postgres://u@h", "x"), "postgres://u@h/x");
    }

    #[test]
    fn test_connections_go_without_tls_unless_asked() {
        assert_eq!(super::without_tls("postgres://u@h/p".into()), "postgres://u@h/p?sslmode=disable");
        assert_eq!(super::without_tls("postgres://u@h/p?a=b".into()), "postgres://u@h/p?a=b&sslmode=disable");
        assert_eq!(super::without_tls("postgres://u@h/p?sslmode=require".into()), "postgres://u@h/p?sslmode=require");
    }
}
