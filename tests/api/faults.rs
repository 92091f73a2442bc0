//! Failures a city meets in production, injected on PostgreSQL (where they happen):
//! residents whose supports cross under a minimum (a deadlock before), the database
//! cutting every connection (a restart or failover), and a pool with no free
//! connection. Each test fails on code that lets a 5xx through or hangs.

use std::time::{Duration, Instant};
use yoriai_domain::Role;
use yoriai_tests::fixtures::{open_phase, open_process, published_proposal};
use yoriai_tests::{spawn_app_with, Backend, Spawn, TestApp};

/// A bearer token for a new resident.
async fn resident_token(app: &TestApp, n: usize) -> String {
    let email = format!("resident{n:03}@example.jp");
    app.account(&email, Role::Resident).await;
    app.run(move |svc| yoriai_services::accounts::issue_api_token(svc, &yoriai_domain::Actor::System, &email, "t"))
        .await
        .expect("token")
        .1
}

async fn put_support(app: &TestApp, token: &str, proposal: yoriai_domain::ProposalId) -> u16 {
    let mut b = app.browser();
    let auth = format!("Bearer {token}");
    b.request("PUT", &format!("/api/v1/proposals/{proposal}/support"), &[("authorization", &auth)], None).await.status
}

#[actix_web::test]
async fn crossed_second_supports_under_a_minimum_give_no_5xx_and_exact_counts() {
    const RESIDENTS: usize = 200;
    let app =
        spawn_app_with(Backend::Postgres, Spawn { fast_hashing: true, pool_size: Some(8), ..Spawn::default() }).await;
    let mut phase = open_phase("", "");
    phase.min_supports_to_count = "2".into();
    let (admin, _) = open_process(&app, "ideas", phase).await;
    let a = published_proposal(&app, &admin, "ideas", "Benches by the river").await;
    let b = published_proposal(&app, &admin, "ideas", "Lights on the bridge").await;
    let mut tokens = Vec::new();
    for n in 0..RESIDENTS {
        tokens.push(resident_token(&app, n).await);
    }
    // First supports: half support A, half B (they do not count yet: minimum 2).
    let firsts = tokens.iter().enumerate().map(|(n, t)| {
        let app = &app;
        async move { put_support(app, t, if n % 2 == 0 { a } else { b }).await }
    });
    for status in futures::future::join_all(firsts).await {
        assert_eq!(status, 200);
    }
    // Second supports, all at once, crossed: each makes both of its supports count,
    // changing two proposals' counters in one transaction.
    let seconds = tokens.iter().enumerate().map(|(n, t)| {
        let app = &app;
        async move { put_support(app, t, if n % 2 == 0 { b } else { a }).await }
    });
    let bystander = async {
        // A visitor reading a page while the burst runs is answered promptly.
        actix_web::rt::time::sleep(Duration::from_millis(50)).await;
        let mut v = app.browser();
        let started = Instant::now();
        let page = v.get(&format!("/proposals/{a}")).await;
        (page.status, started.elapsed())
    };
    let (statuses, (bystander_status, bystander_took)) = futures::join!(futures::future::join_all(seconds), bystander);
    let failures: Vec<u16> = statuses.iter().copied().filter(|s| *s != 200).collect();
    assert!(failures.is_empty(), "second supports that failed: {failures:?}");
    assert_eq!(bystander_status, 200);
    // Not a speed check (benchmarks do those): a reader starved of a connection would wait
    // the pool's 5 s and get a 503. Well under that means it never queued behind the burst
    // (1 s was too tight for a 2-core machine also compiling).
    assert!(bystander_took < Duration::from_secs(4), "a bystander waited {bystander_took:?}");
    // Every support counts, and the stored counters equal the rows.
    for id in [a, b] {
        let (stored, counted) = app.with_conn(|c| {
            (
                yoriai_store::proposals::find(c, id).unwrap().unwrap().support_count,
                yoriai_store::supports::count_counted(c, id).unwrap(),
            )
        });
        assert_eq!((stored as i64, counted), (RESIDENTS as i64, RESIDENTS as i64), "proposal {id}");
    }
}

#[actix_web::test]
async fn after_the_database_cuts_every_connection_the_next_requests_succeed() {
    let app = spawn_app_with(Backend::Postgres, Spawn::default()).await;
    let (admin, _) = open_process(&app, "ideas", open_phase("", "")).await;
    let id = published_proposal(&app, &admin, "ideas", "Benches by the river").await;
    let mut visitor = app.browser();
    // Every pooled connection has been used once.
    for _ in 0..8 {
        visitor.get(&format!("/proposals/{id}")).await.assert_status(200);
    }
    let cut = app.terminate_database_connections();
    assert!(cut >= 1, "connections were cut: {cut}");
    let started = Instant::now();
    for n in 0..20 {
        let page = visitor.get(&format!("/proposals/{id}")).await;
        assert_eq!(page.status, 200, "request {n} after the cut: {}", &page.body[..page.body.len().min(300)]);
        let json = visitor.get_json("/api/v1/processes").await;
        assert_eq!(json.status, 200, "API request {n} after the cut");
    }
    visitor.get("/readyz").await.assert_status(200);
    assert!(started.elapsed() < Duration::from_secs(10), "recovery took {:?}", started.elapsed());
}

#[actix_web::test]
async fn a_full_pool_answers_503_with_retry_after_in_bounded_time_and_recovers() {
    let app = spawn_app_with(Backend::Postgres, Spawn { pool_size: Some(3), ..Spawn::default() }).await;
    open_process(&app, "ideas", open_phase("", "")).await;
    let mut visitor = app.browser();
    visitor.get_json("/api/v1/processes").await.assert_status(200);
    // Something holds every connection (a stuck query, a slow import).
    let held: Vec<_> = (0..3).map(|_| app.services.pool.get().expect("a connection")).collect();
    let started = Instant::now();
    let res = visitor.get_json("/api/v1/processes").await;
    let took = started.elapsed();
    assert_eq!(res.status, 503, "{}", res.body);
    assert_eq!(res.json()["code"], "unavailable");
    assert!(res.header("retry-after").is_some(), "503 without Retry-After");
    assert!(took < Duration::from_secs(8), "the answer took {took:?}");
    let page = visitor.get("/processes").await;
    assert_eq!(page.status, 503);
    assert!(page.header("retry-after").is_some());
    // The server itself is not stuck: liveness answers at once, readiness says busy.
    let started = Instant::now();
    visitor.get("/healthz").await.assert_status(200);
    assert!(started.elapsed() < Duration::from_secs(1));
    let ready = visitor.get("/readyz").await;
    assert_eq!(ready.status, 503);
    assert!(ready.header("retry-after").is_some());
    drop(held);
    visitor.get_json("/api/v1/processes").await.assert_status(200);
    visitor.get("/readyz").await.assert_status(200);
}

#[actix_web::test]
async fn a_transaction_that_postgres_aborts_for_a_deadlock_is_run_again() {
    use diesel::RunQueryDsl;
    use std::sync::atomic::{AtomicU32, Ordering};
    use std::sync::{Arc, Barrier};
    let app = spawn_app_with(Backend::Postgres, Spawn::default()).await;
    let (admin, _) = open_process(&app, "ideas", open_phase("", "")).await;
    let a = published_proposal(&app, &admin, "ideas", "Benches by the river").await;
    let b = published_proposal(&app, &admin, "ideas", "Lights on the bridge").await;
    let attempts = Arc::new(AtomicU32::new(0));
    let barrier = Arc::new(Barrier::new(2));
    // Two transactions lock the same two rows in opposite orders, meeting in the middle
    // on their first attempt: PostgreSQL aborts one of them for a deadlock.
    let run = |first: yoriai_domain::ProposalId, second: yoriai_domain::ProposalId| {
        let (pool, attempts, barrier) = (app.services.pool.clone(), attempts.clone(), barrier.clone());
        std::thread::spawn(move || {
            let mut conn = pool.get().unwrap();
            let mut mine = 0;
            yoriai_store::write_tx(&mut conn, |c| -> Result<(), diesel::result::Error> {
                mine += 1;
                attempts.fetch_add(1, Ordering::SeqCst);
                let bump = |c: &mut yoriai_store::DbConn, id: i64| {
                    diesel::sql_query("UPDATE proposals SET follower_count = follower_count + 1 WHERE id = $1")
                        .bind::<diesel::sql_types::BigInt, _>(id)
                        .execute(c)
                };
                bump(c, first.0)?;
                if mine == 1 {
                    barrier.wait();
                }
                bump(c, second.0)?;
                Ok(())
            })
        })
    };
    let (one, two) = (run(a, b), run(b, a));
    let results = [one.join().unwrap(), two.join().unwrap()];
    assert!(results.iter().all(Result::is_ok), "{results:?}");
    assert_eq!(attempts.load(Ordering::SeqCst), 3, "one of the two ran again");
    for id in [a, b] {
        let followers = app.with_conn(|c| yoriai_store::proposals::find(c, id).unwrap().unwrap().follower_count);
        // Each transaction added one to each row, once: the aborted attempt left nothing.
        assert_eq!(followers, 2 + 1, "proposal {id}");
    }
}
