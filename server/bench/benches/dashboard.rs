//! The public dashboard at scale: a database with `YORIAI_BENCH_ROWS` proposals and as
//! many street reports (default 1,000,000 each), 20,000 residents, two processes, six
//! report categories over four departments, reports fixed after 0–60 days, and the
//! city-wide and per-process dashboards computed from it (SQL aggregates only).
//!
//! `./dev bench -- dashboard` or `cargo bench -p yoriai-bench --bench dashboard`.
//! Building the database takes a few minutes; it is kept in
//! `target/bench-dashboard-<n>.db`. PostgreSQL: `BENCH_DATABASE_URL=postgres://…`.

use std::time::{Duration, Instant};

use criterion::{criterion_group, criterion_main, Criterion};
use yoriai_bench::{once, services};
use yoriai_domain::Actor;

const RESIDENTS: i64 = 20_000;

fn count() -> i64 {
    std::env::var("YORIAI_BENCH_ROWS").ok().and_then(|v| v.parse().ok()).unwrap_or(1_000_000)
}

fn pg(url: &str) -> bool {
    url.starts_with("postgres")
}

/// `created_at` spread over the two years before 2026-11-21, in id order.
fn ts(url: &str, n: i64) -> String {
    let seconds = 2 * 365 * 24 * 3600;
    if pg(url) {
        format!("TIMESTAMP '2024-11-21 00:00:00' + (CAST(i AS BIGINT) * {seconds} / {n}) * INTERVAL '1 second'")
    } else {
        format!("datetime('2024-11-21 00:00:00', '+' || (i * {seconds} / {n}) || ' seconds')")
    }
}

/// `created_at` plus `i % 61` days.
fn fixed_ts(url: &str, n: i64) -> String {
    if pg(url) {
        format!("{} + (i % 61) * INTERVAL '1 day'", ts(url, n))
    } else {
        let seconds = 2 * 365 * 24 * 3600;
        format!("datetime('2024-11-21 00:00:00', '+' || (i * {seconds} / {n} + (i % 61) * 86400) || ' seconds')")
    }
}

fn series(url: &str, start: i64, end: i64) -> String {
    if pg(url) {
        format!("generate_series({start}, {end}) AS seq(i)")
    } else {
        format!("(WITH RECURSIVE s(i) AS (SELECT {start} UNION ALL SELECT i + 1 FROM s WHERE i < {end}) SELECT i FROM s) seq")
    }
}

fn fill(url: &str, n: i64) {
    use diesel::connection::SimpleConnection;
    let mut conn = yoriai_store::conn::establish(url).expect("connect");
    let now = "2026-11-21 00:00:00";
    let started = Instant::now();
    conn.batch_execute(&format!(
        "INSERT INTO users (email, display_name, role, email_confirmed_at, created_at, updated_at, notification_email) \
         SELECT 'resident' || i || '@bench.example', 'Resident ' || i, 'resident', '{now}', '{now}', '{now}', 'none' \
         FROM {users};
         INSERT INTO processes (slug, title_ja, title_en, published, created_at, updated_at) VALUES \
           ('p1', '提案 1', 'Process 1', TRUE, '{now}', '{now}'), ('p2', '提案 2', 'Process 2', TRUE, '{now}', '{now}');
         INSERT INTO departments (name_ja, name_en, is_default, created_at) VALUES \
           ('相談', 'Advice', TRUE, '{now}'), ('道路', 'Roads', FALSE, '{now}'), ('公園', 'Parks', FALSE, '{now}'), ('雪', 'Snow', FALSE, '{now}');
         INSERT INTO districts (code, name_ja, name_en, created_at) VALUES ('n', '北', 'North', '{now}'), ('s', '南', 'South', '{now}');
         INSERT INTO report_categories (code, name_ja, name_en, enabled, department_id, position, created_at) VALUES \
           ('c1', '穴', 'Pothole', TRUE, 2, 1, '{now}'), ('c2', '街灯', 'Light', TRUE, 2, 2, '{now}'), \
           ('c3', '落書き', 'Graffiti', TRUE, 1, 3, '{now}'), ('c4', 'ごみ', 'Dumping', TRUE, 1, 4, '{now}'), \
           ('c5', '雪', 'Snow', TRUE, 4, 5, '{now}'), ('c6', '公園', 'Parks', TRUE, 3, 6, '{now}');
         INSERT INTO platform_figures (key, value, updated_at) VALUES ('population', 115000, '{now}');",
        users = series(url, 1, RESIDENTS),
    ))
    .expect("set-up rows");
    let batch = 50_000;
    let mut done = 0;
    while done < n {
        let upto = (done + batch).min(n);
        let t = ts(url, n);
        // Proposals: a third answered (a third of those accepted), every 20th withdrawn.
        conn.batch_execute(&format!(
            "INSERT INTO proposals (process_id, author_id, title, body, state, support_count, comment_count, \
               random_rank, answer_state, answer_text, answered_at, answer_published_at, created_at, updated_at, published_at) \
             SELECT (i % 2) + 1, (i % {RESIDENTS}) + 1, 'Proposal ' || i, 'Body of proposal ' || i, \
               CASE WHEN i % 20 = 0 THEN 'withdrawn' ELSE 'published' END, i % 50, i % 7, i % 100000, \
               CASE WHEN i % 3 = 0 THEN (CASE WHEN i % 9 = 0 THEN 'accepted' ELSE 'rejected' END) END, \
               CASE WHEN i % 3 = 0 THEN 'Answer' END, CASE WHEN i % 3 = 0 THEN {t} END, CASE WHEN i % 3 = 0 THEN {t} END, \
               {t}, {t}, {t} FROM {seq}",
            seq = series(url, done + 1, upto),
        ))
        .expect("insert proposals");
        // Reports: 40 % fixed, 0–60 days after they were made.
        conn.batch_execute(&format!(
            "INSERT INTO reports (category_id, district_id, department_id, reporter_id, show_name, reporter_updates, \
               title, description, latitude, longitude, state, me_too_count, follower_count, confirmed_at, visible, \
               state_changed_at, fixed_at, source, search_terms, created_at, updated_at) \
             SELECT (i % 6) + 1, (i % 2) + 1, CASE (i % 6) WHEN 0 THEN 2 WHEN 1 THEN 2 WHEN 2 THEN 1 WHEN 3 THEN 1 WHEN 4 THEN 4 ELSE 3 END, \
               CASE WHEN i % 4 = 0 THEN (i % {RESIDENTS}) + 1 END, FALSE, TRUE, 'Report ' || i, 'Broken.', \
               37.40 + (i % 1000) * 0.0002, 139.85 + ((i / 1000) % 1000) * 0.0002, \
               CASE WHEN i % 5 < 2 THEN 'fixed' ELSE 'open' END, i % 7, 0, {t}, TRUE, {t}, \
               CASE WHEN i % 5 < 2 THEN {ft} END, 'web', '', {t}, {t} FROM {seq}",
            ft = fixed_ts(url, n),
            seq = series(url, done + 1, upto),
        ))
        .expect("insert reports");
        done = upto;
    }
    conn.batch_execute("ANALYZE;").expect("analyze");
    eprintln!("dashboard bench: {n} proposals and {n} reports inserted in {:.1} s", started.elapsed().as_secs_f64());
}

fn database(n: i64) -> String {
    yoriai_bench::database(
        &format!("bench-dashboard-{n}.db"),
        |conn| {
            use diesel::prelude::*;
            yoriai_store::schema::proposals::table.count().get_result::<i64>(conn).unwrap_or(0) == 0
        },
        |url| fill(url, n),
    )
}

fn bench(c: &mut Criterion) {
    let n = count();
    let url = database(n);
    let svc = services(&url);
    let anyone = Actor::Anonymous;
    let city = || yoriai_services::dashboard::dashboard(&svc, &anyone, None).expect("dashboard");
    let process = || yoriai_services::dashboard::dashboard(&svc, &anyone, Some("p1")).expect("dashboard");
    eprintln!("dashboard bench on {n} proposals and {n} reports ({url}):");
    let d = once("city-wide dashboard", city);
    let proposals = d.figures.iter().find(|f| f.key == "proposals").map(|f| f.value).unwrap_or(0.0);
    assert_eq!(proposals as i64, n, "every proposal is counted");
    assert_eq!(d.reports_by_category.len(), 6);
    assert!(d.reports_by_category.iter().all(|s| s.median_days_to_fix.is_some()));
    once("process dashboard", process);
    for (name, by_department) in [("report stats by category", false), ("report stats by department", true)] {
        once(name, || yoriai_store::dashboard::report_stats(&mut svc.conn().unwrap(), by_department).unwrap());
    }
    once("proposal totals", || yoriai_store::dashboard::proposal_totals(&mut svc.conn().unwrap(), None).unwrap());
    once("participants", || yoriai_store::dashboard::participants(&mut svc.conn().unwrap(), None).unwrap());
    let mut g = c.benchmark_group("dashboard");
    g.sample_size(10).measurement_time(Duration::from_secs(10));
    g.bench_function("city_wide", |b| b.iter(city));
    g.bench_function("process", |b| b.iter(process));
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
