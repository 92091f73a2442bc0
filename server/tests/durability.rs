#![allow(clippy::unwrap_used, clippy::expect_used, clippy::print_stderr)]
//! `kill -9` under load loses nothing the server acknowledged: the real binary serves
//! the demo city while residents support proposals, fill ballots and file street
//! reports; the process is killed with SIGKILL mid-burst, started again on the same
//! database, and every support, ballot line and report that got a success answer
//! must be there. On SQLite (the data directory) and on PostgreSQL (a fresh
//! database on TEST_DATABASE_URL; under CI=true a missing server is a failure).

mod common;

use common::{bin, try_http, Dir};
use diesel::prelude::*;
use std::io::{BufRead, BufReader};
use std::process::{Child, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use yoriai_store::conn::{establish, DbConn};
use yoriai_store::schema::{ballot_lines, ballots, budget_projects, budgets, category_questions, proposals};
use yoriai_store::schema::{report_categories, reports, supports, users};

const RESIDENTS: usize = 8;

struct Server {
    child: Child,
    addr: String,
}

impl Server {
    fn start(env: &[(String, String)]) -> Server {
        let mut cmd = bin();
        cmd.env_remove("DATABASE_URL").env_remove("RUST_LOG").env("YORIAI_LOG_LEVEL", "warn");
        for (k, v) in env {
            cmd.env(k, v);
        }
        let mut child = cmd
            .args(["serve", "--bind", "127.0.0.1:0"])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("start yoriai serve");
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
        let addr = line.trim().rsplit(' ').next().unwrap().trim_start_matches("http://").to_owned();
        let server = Server { child, addr };
        let deadline = Instant::now() + Duration::from_secs(30);
        while Instant::now() < deadline {
            if matches!(server.get("/readyz"), Ok((200, _))) {
                return server;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        panic!("the server did not become ready");
    }

    fn get(&self, path: &str) -> std::io::Result<(u16, String)> {
        let req = format!("GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        try_http(&self.addr, &req).map(|(s, _, b)| (s, b))
    }

    /// SIGKILL: no shutdown hook, no flush, no goodbye.
    fn kill_9(mut self) {
        self.child.kill().unwrap();
        self.child.wait().unwrap();
    }
}

fn send(addr: &str, method: &str, path: &str, token: &str, content_type: &str, body: &str) -> std::io::Result<u16> {
    let req = format!(
        "{method} {path} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {token}\r\nAccept: application/json\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    try_http(addr, &req).map(|(s, _, _)| s)
}

fn cli(env: &[(String, String)], args: &[&str]) -> String {
    let mut cmd = bin();
    cmd.env_remove("DATABASE_URL");
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd.args(args).output().expect("run yoriai");
    assert!(out.status.success(), "yoriai {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// What the residents were told had succeeded. Supports and ballot lines are toggled
/// (support, withdraw, support…), so the last acknowledged answer for a resident and
/// an item says whether it must be there or gone; a pair whose request was in flight
/// at the kill may have gone either way and is not checked.
#[derive(Default)]
struct Acknowledged {
    supports: std::collections::HashMap<(String, i64), bool>,
    ballot_lines: std::collections::HashMap<(String, i64), bool>,
    in_flight: std::collections::HashMap<usize, (&'static str, String, i64)>,
    support_acks: usize,
    ballot_acks: usize,
    reports: Vec<String>,
}

fn run_backend(name: &str, env: Vec<(String, String)>, db_url: &str) {
    cli(&env, &["seed", "--demo"]);
    let emails: Vec<String> = (1..=RESIDENTS).map(|i| format!("resident{i:02}@demo.yoriai.example")).collect();
    let tokens: Vec<String> =
        emails.iter().map(|e| cli(&env, &["admin", "create-token", "--email", e]).trim().to_owned()).collect();

    // What to act on, read from the seeded database.
    let mut conn = establish(db_url).expect("open the database");
    let proposal_ids: Vec<i64> = proposals::table
        .filter(proposals::state.eq("published"))
        .order(proposals::id)
        .select(proposals::id)
        .limit(12)
        .load(&mut conn)
        .unwrap();
    let project_ids: Vec<i64> = budget_projects::table
        .filter(
            budget_projects::budget_id.eq_any(budgets::table.filter(budgets::state.eq("voting")).select(budgets::id)),
        )
        .order(budget_projects::id)
        .select(budget_projects::id)
        .load(&mut conn)
        .unwrap();
    let with_questions = category_questions::table.select(category_questions::category_id);
    let category: i64 = report_categories::table
        .filter(report_categories::enabled.eq(true))
        .filter(report_categories::id.ne_all(with_questions))
        .order(report_categories::id)
        .select(report_categories::id)
        .first(&mut conn)
        .expect("a report category without questions");
    assert!(!proposal_ids.is_empty() && !project_ids.is_empty(), "{name}: the demo city has proposals and projects");
    drop(conn);

    let server = Server::start(&env);
    let addr = server.addr.clone();
    let done = Arc::new(AtomicBool::new(false));
    let acked = Arc::new(Mutex::new(Acknowledged::default()));
    let workers: Vec<_> = (0..RESIDENTS)
        .map(|r| {
            let (addr, token, email) = (addr.clone(), tokens[r].clone(), emails[r].clone());
            let (done, acked) = (done.clone(), acked.clone());
            let (proposal_ids, project_ids) = (proposal_ids.clone(), project_ids.clone());
            std::thread::spawn(move || {
                for step in 0.. {
                    if done.load(Ordering::Relaxed) {
                        return;
                    }
                    // Each resident walks its own items: support, add to the ballot,
                    // report, withdraw the support, take the line off, report again.
                    let round = step / 6;
                    let proposal = proposal_ids[(r + round) % proposal_ids.len()];
                    let project = project_ids[(r + round) % project_ids.len()];
                    let result = match step % 6 {
                        phase @ (0 | 3) => {
                            let method = if phase == 0 { "PUT" } else { "DELETE" };
                            let path = format!("/api/v1/proposals/{proposal}/support");
                            acked.lock().unwrap().in_flight.insert(r, ("support", email.clone(), proposal));
                            send(&addr, method, &path, &token, "application/json", "").map(|s| {
                                let mut a = acked.lock().unwrap();
                                a.in_flight.remove(&r);
                                if s == 200 {
                                    a.supports.insert((email.clone(), proposal), phase == 0);
                                    a.support_acks += 1;
                                }
                            })
                        }
                        phase @ (1 | 4) => {
                            let path = if phase == 1 { "/api/add_to_ballot" } else { "/api/remove_from_ballot" };
                            let body = format!("csrf=&id={project}");
                            acked.lock().unwrap().in_flight.insert(r, ("ballot", email.clone(), project));
                            send(&addr, "POST", path, &token, "application/x-www-form-urlencoded", &body).map(|s| {
                                let mut a = acked.lock().unwrap();
                                a.in_flight.remove(&r);
                                if s == 200 {
                                    a.ballot_lines.insert((email.clone(), project), phase == 1);
                                    a.ballot_acks += 1;
                                }
                            })
                        }
                        _ => {
                            let title = format!("Durable {r}-{step}");
                            let body = format!(
                                "csrf=&category_id={category}&title={}&description=A+loose+kerb+stone&latitude=37.4947&longitude=139.9298",
                                title.replace(' ', "+")
                            );
                            send(&addr, "POST", "/api/create_report", &token, "application/x-www-form-urlencoded", &body)
                                .map(|s| {
                                    if s == 200 {
                                        acked.lock().unwrap().reports.push(title);
                                    }
                                })
                        }
                    };
                    if result.is_err() {
                        // The server is gone: what was in flight was never acknowledged.
                        return;
                    }
                }
            })
        })
        .collect();
    // Let the burst build up, then pull the plug in the middle of it.
    let deadline = Instant::now() + Duration::from_secs(20);
    while Instant::now() < deadline {
        let a = acked.lock().unwrap();
        if a.support_acks >= 40 && a.ballot_acks >= 40 && a.reports.len() >= 40 {
            break;
        }
        drop(a);
        std::thread::sleep(Duration::from_millis(20));
    }
    server.kill_9();
    done.store(true, Ordering::Relaxed);
    for w in workers {
        w.join().unwrap();
    }
    let mut acked = std::mem::take(&mut *acked.lock().unwrap());
    assert!(
        acked.support_acks >= 40 && acked.ballot_acks >= 40 && acked.reports.len() >= 40,
        "{name}: the burst got {} support, {} ballot and {} report answers acknowledged",
        acked.support_acks,
        acked.ballot_acks,
        acked.reports.len()
    );
    for (kind, email, id) in acked.in_flight.values() {
        let map = if *kind == "support" { &mut acked.supports } else { &mut acked.ballot_lines };
        map.remove(&(email.clone(), *id));
    }

    // Started again on the same database, it answers, and everything acknowledged is there.
    let server = Server::start(&env);
    assert_eq!(server.get("/api/v1/processes").unwrap().0, 200);
    let mut conn: DbConn = establish(db_url).expect("open the database");
    for ((email, id), present) in &acked.supports {
        let n: i64 = supports::table
            .filter(supports::user_id.eq_any(users::table.filter(users::email.eq(email)).select(users::id)))
            .filter(supports::proposal_id.eq(id))
            .count()
            .get_result(&mut conn)
            .unwrap();
        assert_eq!(n, i64::from(*present), "{name}: the last acknowledged support change of proposal {id} holds");
    }
    for ((email, id), present) in &acked.ballot_lines {
        let user = users::table.filter(users::email.eq(email)).select(users::id.nullable());
        let n: i64 = ballot_lines::table
            .filter(
                ballot_lines::ballot_id
                    .eq_any(ballots::table.filter(ballots::user_id.eq_any(user)).select(ballots::id)),
            )
            .filter(ballot_lines::project_id.eq(id))
            .count()
            .get_result(&mut conn)
            .unwrap();
        assert_eq!(n, i64::from(*present), "{name}: the last acknowledged ballot change for project {id} holds");
    }
    for title in &acked.reports {
        let n: i64 = reports::table.filter(reports::title.eq(title)).count().get_result(&mut conn).unwrap();
        assert_eq!(n, 1, "{name}: the acknowledged report {title:?} survives");
    }
    eprintln!(
        "{name}: after kill -9, {} support and {} ballot changes and {} reports acknowledged; all hold",
        acked.support_acks,
        acked.ballot_acks,
        acked.reports.len()
    );
    server.kill_9();
}

#[test]
fn acknowledged_writes_survive_kill_9() {
    // SQLite: the data directory's database file.
    let dir = Dir::new("durable-sqlite");
    let env = vec![("YORIAI_DATA_DIR".to_owned(), dir.0.display().to_string())];
    let url = dir.0.join("yoriai.db").display().to_string();
    run_backend("SQLite", env, &url);

    // PostgreSQL: a database of its own on the test server.
    let Ok(admin_url) = std::env::var("TEST_DATABASE_URL") else {
        assert_ne!(std::env::var("CI").as_deref(), Ok("true"), "TEST_DATABASE_URL must be set in CI");
        eprintln!("SKIPPED on PostgreSQL: TEST_DATABASE_URL is not set (./dev test sets it)");
        return;
    };
    let db = format!("yoriai_durable_{}", std::process::id());
    let mut admin = diesel::PgConnection::establish(&admin_url).expect("reach TEST_DATABASE_URL");
    diesel::sql_query(format!("DROP DATABASE IF EXISTS {db}")).execute(&mut admin).unwrap();
    diesel::sql_query(format!("CREATE DATABASE {db}")).execute(&mut admin).unwrap();
    let (path, query) = admin_url.split_once('?').map_or((admin_url.as_str(), None), |(p, q)| (p, Some(q)));
    let url = match (path.rsplit_once('/'), query) {
        (Some((base, _)), Some(q)) => format!("{base}/{db}?{q}"),
        (Some((base, _)), None) => format!("{base}/{db}"),
        (None, _) => panic!("TEST_DATABASE_URL has no database name"),
    };
    let pg_dir = Dir::new("durable-pg");
    let env =
        vec![("YORIAI_DATA_DIR".to_owned(), pg_dir.0.display().to_string()), ("DATABASE_URL".to_owned(), url.clone())];
    run_backend("PostgreSQL", env, &url);
    let _ = diesel::sql_query(format!("DROP DATABASE IF EXISTS {db} WITH (FORCE)")).execute(&mut admin);
}
