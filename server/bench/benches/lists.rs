//! List pages at scale: a SQLite database with `YORIAI_BENCH_REPORTS` street reports
//! (default 1,000,000, spread over 4 departments, 6 categories, 2 districts and every
//! state over two years), then the public list (first page, a deep page, filtered,
//! most "me too"), a department inbox (open reports, waiting longest first, with the
//! per-state counts) and Open311's default `GET requests` (last 90 days, 1,000 rows).
//!
//! `./dev bench -- lists` or `cargo bench -p yoriai-bench --bench lists`. Building the
//! database takes a minute; it is kept in `target/bench-reports-<n>.db` for later runs.
//! PostgreSQL: set `BENCH_DATABASE_URL=postgres://…/empty_db` to run the same there.

use std::time::{Duration, Instant};

use criterion::{criterion_group, criterion_main, Criterion};
use yoriai_bench::{once, services};
use yoriai_domain::{Actor, DistrictId, ReportCategoryId, Role, UserActor, UserId};
use yoriai_services::reports as r;

fn count() -> i64 {
    std::env::var("YORIAI_BENCH_REPORTS").ok().and_then(|v| v.parse().ok()).unwrap_or(1_000_000)
}

/// Fills an empty, migrated database with `n` reports (plain SQL, in batches).
fn fill(url: &str, n: i64) {
    use diesel::connection::SimpleConnection;
    let mut conn = yoriai_store::conn::establish(url).expect("connect");
    let now = "2026-11-21 00:00:00";
    conn.batch_execute(&format!(
        "INSERT INTO users (email, display_name, role, email_confirmed_at, created_at, updated_at, notification_email) \
         VALUES ('bench-admin@example.jp', 'Admin', 'admin', '{now}', '{now}', '{now}', 'none'), \
                ('bench-staff@example.jp', 'Staff', 'department_staff', '{now}', '{now}', '{now}', 'none');
         INSERT INTO departments (name_ja, name_en, is_default, created_at) VALUES \
           ('相談', 'Advice', TRUE, '{now}'), ('道路', 'Roads', FALSE, '{now}'), ('公園', 'Parks', FALSE, '{now}'), ('雪', 'Snow', FALSE, '{now}');
         INSERT INTO department_members (department_id, user_id) VALUES (2, 2);
         INSERT INTO districts (code, name_ja, name_en, created_at) VALUES ('n', '北', 'North', '{now}'), ('s', '南', 'South', '{now}');
         INSERT INTO report_categories (code, name_ja, name_en, enabled, department_id, position, created_at) VALUES \
           ('c1', '穴', 'Pothole', TRUE, 2, 1, '{now}'), ('c2', '街灯', 'Light', TRUE, 2, 2, '{now}'), \
           ('c3', '落書き', 'Graffiti', TRUE, 1, 3, '{now}'), ('c4', 'ごみ', 'Dumping', TRUE, 1, 4, '{now}'), \
           ('c5', '雪', 'Snow', TRUE, 4, 5, '{now}'), ('c6', '公園', 'Parks', TRUE, 3, 6, '{now}');"
    ))
    .expect("set-up rows");
    let states =
        ["'open'", "'acknowledged'", "'in_progress'", "'fixed'", "'closed'", "'fixed'", "'fixed'", "'duplicate'"];
    let state_case = states.iter().enumerate().map(|(i, s)| format!("WHEN {i} THEN {s}")).collect::<Vec<_>>().join(" ");
    let batch = 50_000;
    let started = Instant::now();
    let mut done = 0;
    while done < n {
        let upto = (done + batch).min(n);
        // Two years of reports, newest last; ids grow with time as in production.
        let sql = format!(
            "WITH RECURSIVE seq(i) AS (SELECT {start} UNION ALL SELECT i + 1 FROM seq WHERE i < {end}) \
             INSERT INTO reports (category_id, district_id, department_id, reporter_id, show_name, reporter_updates, \
               title, description, latitude, longitude, state, me_too_count, follower_count, confirmed_at, visible, \
               state_changed_at, source, search_terms, created_at, updated_at) \
             SELECT (i % 6) + 1, (i % 2) + 1, CASE (i % 6) WHEN 0 THEN 2 WHEN 1 THEN 2 WHEN 2 THEN 1 WHEN 3 THEN 1 WHEN 4 THEN 4 ELSE 3 END, \
               NULL, FALSE, TRUE, 'Report ' || i, 'Something is broken near here.', \
               37.40 + (i % 1000) * 0.0002, 139.85 + ((i / 1000) % 1000) * 0.0002, \
               CASE (CASE WHEN i > {recent} THEN i % 3 ELSE i % 8 END) {state_case} END, i % 7, 0, \
               {ts}, TRUE, {ts}, 'web', '', {ts}, {ts} FROM seq",
            start = done + 1,
            end = upto,
            recent = n - n / 20,
            state_case = state_case,
            ts = timestamp_expr(url, n),
        );
        conn.batch_execute(&sql).expect("insert reports");
        done = upto;
    }
    conn.batch_execute(
        "INSERT INTO report_counts (department_id, state, n) \
         SELECT COALESCE(department_id, 0), state, COUNT(*) FROM reports WHERE confirmed_at IS NOT NULL \
         GROUP BY COALESCE(department_id, 0), state; ANALYZE;",
    )
    .expect("counts");
    eprintln!("lists bench: {n} reports inserted in {:.1} s", started.elapsed().as_secs_f64());
}

/// `created_at` spread over the two years before 2026-11-21, in id order.
fn timestamp_expr(url: &str, n: i64) -> String {
    let seconds = 2 * 365 * 24 * 3600;
    if url.starts_with("postgres") {
        format!("TIMESTAMP '2024-11-21 00:00:00' + (CAST(i AS BIGINT) * {seconds} / {n}) * INTERVAL '1 second'")
    } else {
        format!("datetime('2024-11-21 00:00:00', '+' || (i * {seconds} / {n}) || ' seconds')")
    }
}

fn database(n: i64) -> String {
    yoriai_bench::database(
        &format!("bench-reports-{n}.db"),
        |conn| {
            use diesel::prelude::*;
            yoriai_store::schema::reports::table.count().get_result::<i64>(conn).unwrap_or(0) == 0
        },
        |url| fill(url, n),
    )
}

fn bench(c: &mut Criterion) {
    let n = count();
    let url = database(n);
    let svc = services(&url);
    let anyone = Actor::Anonymous;
    let staff = Actor::User(UserActor::new(UserId(2), Role::DepartmentStaff));
    let middle = (n / 2).to_string();
    let list = |f: r::ReportFilters| r::report_list(&svc, &anyone, &f).expect("list");
    let deep = r::ReportFilters { cursor: format!("0.{middle}"), ..Default::default() };
    let filtered = r::ReportFilters {
        category: Some(ReportCategoryId(3)),
        state: "open".into(),
        district: Some(DistrictId(1)),
        ..Default::default()
    };
    let me_too = r::ReportFilters { sort: "me_too".into(), ..Default::default() };
    let inbox = r::InboxFilters::default();
    let open311 = r::Open311Query::default();
    eprintln!("lists bench on {n} reports ({url}):");
    once("public list, first page", || list(r::ReportFilters::default()));
    once("public list, page at the middle of the table", || list(deep.clone()));
    once("public list, category + open + district", || list(filtered.clone()));
    once("public list, most \"me too\"", || list(me_too.clone()));
    let page = once("inbox: my department, open, waiting longest", || r::inbox(&svc, &staff, &inbox).expect("inbox"));
    assert_eq!(page.items.len(), 50);
    let rows = once("open311: GET requests (90 days, 1000 rows)", || {
        r::open311_requests(&svc, &open311, yoriai_domain::Locale::En).expect("open311")
    });
    assert_eq!(rows.len(), 1000.min(n as usize));
    let mut g = c.benchmark_group("lists");
    g.sample_size(20).measurement_time(Duration::from_secs(5));
    g.bench_function("public_first_page", |b| b.iter(|| list(r::ReportFilters::default())));
    g.bench_function("public_deep_page", |b| b.iter(|| list(deep.clone())));
    g.bench_function("public_filtered", |b| b.iter(|| list(filtered.clone())));
    g.bench_function("public_me_too", |b| b.iter(|| list(me_too.clone())));
    g.bench_function("inbox_open_oldest", |b| b.iter(|| r::inbox(&svc, &staff, &inbox).expect("inbox")));
    g.bench_function("open311_default", |b| {
        b.iter(|| r::open311_requests(&svc, &open311, yoriai_domain::Locale::En).expect("open311"))
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
