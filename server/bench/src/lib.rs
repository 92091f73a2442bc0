//! Benchmarks live in `benches/`; run them with `./dev bench` (or `cargo bench -p yoriai-bench`).
//! This library holds what they share.

use std::sync::Arc;
use std::time::Instant;
use yoriai_services::{Keys, Services, Settings};

/// Services over a database URL, as the server builds them (a pool of four).
pub fn services(url: &str) -> Services {
    let pool = yoriai_store::conn::build_pool(url, 4).expect("pool");
    let storage =
        Arc::new(yoriai_services::images::LocalStorage::new(std::env::temp_dir().join("yoriai-bench-uploads")));
    Services::new(pool, Settings::default(), Keys::new(&[7u8; 48]), storage)
}

/// A migrated database for a bench: `BENCH_DATABASE_URL`, else `target/<file>`
/// (SQLite). `fill` runs once, when `is_empty` says the database has no rows yet.
pub fn database(file: &str, is_empty: impl Fn(&mut yoriai_store::DbConn) -> bool, fill: impl Fn(&str)) -> String {
    let url = std::env::var("BENCH_DATABASE_URL").unwrap_or_else(|_| {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target");
        dir.join(file).to_string_lossy().into_owned()
    });
    yoriai_store::conn::prepare_database(&url).expect("prepare");
    let mut conn = yoriai_store::conn::establish(&url).expect("connect");
    yoriai_store::migrate::run_pending(&mut conn).expect("migrate");
    let empty = is_empty(&mut conn);
    drop(conn);
    if empty {
        fill(&url);
    }
    url
}

/// Runs `f` once and prints how long it took (the cold number beside criterion's).
pub fn once<T>(name: &str, f: impl Fn() -> T) -> T {
    let t = Instant::now();
    let out = f();
    eprintln!("{name:<48} {:>9.2} ms", t.elapsed().as_secs_f64() * 1000.0);
    out
}
