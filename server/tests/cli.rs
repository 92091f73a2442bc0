#![allow(clippy::unwrap_used, clippy::expect_used, clippy::print_stderr)]
//! The `yoriai` binary as an operator uses it: help, refusing bad settings, creating
//! an admin from standard input, tokens, migrations, and JSON logs that never carry
//! passwords or email addresses.

mod common;

use common::{bin, http, Dir};
use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Command, Stdio};

fn run(cmd: &mut Command, stdin: Option<&str>) -> (bool, i32, String, String) {
    let mut child = cmd
        .env_remove("DATABASE_URL")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run yoriai");
    if let Some(input) = stdin {
        child.stdin.take().unwrap().write_all(input.as_bytes()).unwrap();
    }
    drop(child.stdin.take());
    let out = child.wait_with_output().unwrap();
    (
        out.status.success(),
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn help_explains_every_subcommand_and_setting() {
    let (ok, _, out, _) = run(bin().arg("--help"), None);
    assert!(ok);
    for word in
        ["serve", "migrate", "admin", "seed", "YORIAI_BIND", "DATABASE_URL", "YORIAI_SECRET_KEY", "YORIAI_SMTP__URL"]
    {
        assert!(out.contains(word), "{word} missing from --help:\n{out}");
    }
    for sub in [
        &["serve", "--help"][..],
        &["migrate", "--help"],
        &["seed", "--help"],
        &["admin", "create-user", "--help"],
        &["admin", "create-token", "--help"],
    ] {
        let (ok, _, out, _) = run(bin().args(sub), None);
        assert!(ok && out.len() > 80, "{sub:?}: {out}");
    }
}

#[test]
fn production_without_a_secret_key_refuses_to_start_and_says_why() {
    let dir = Dir::new("prod");
    let (ok, code, _, err) = run(
        bin()
            .env("YORIAI_ENVIRONMENT", "production")
            .env("YORIAI_PUBLIC_URL", "https://city.example")
            .env("YORIAI_DATA_DIR", &dir.0)
            .arg("serve"),
        None,
    );
    assert!(!ok);
    assert_eq!(code, 2);
    assert!(err.contains("secret_key: required in production"), "{err}");
    assert!(!dir.0.join("yoriai.db").exists(), "nothing is created before the settings are valid");
    let (ok, _, _, err) =
        run(bin().env("YORIAI_DATA_DIR", &dir.0).env("YORIAI_BIND", "not-an-address").arg("serve"), None);
    assert!(!ok);
    assert!(err.contains("bind:"), "{err}");
}

#[test]
fn an_admin_is_created_from_standard_input_and_gets_a_token() {
    let dir = Dir::new("admin");
    let (ok, _, out, err) = run(
        bin().env("YORIAI_DATA_DIR", &dir.0).args([
            "admin",
            "create-user",
            "--email",
            "chief@example.jp",
            "--role",
            "admin",
            "--name",
            "Chief",
        ]),
        Some("tsuruga castle in spring\n"),
    );
    assert!(ok, "{err}");
    assert!(out.contains("role admin"), "{out}");
    assert!(dir.0.join("yoriai.db").exists(), "the SQLite file is created on first use");
    let (ok, _, out, err) =
        run(bin().env("YORIAI_DATA_DIR", &dir.0).args(["admin", "create-token", "--email", "chief@example.jp"]), None);
    assert!(ok, "{err}");
    assert!(out.trim().starts_with("yoriai_pat_"), "{out}");
    // The same email twice, a weak password, an unknown role: each says what is wrong.
    let (ok, _, _, err) = run(
        bin().env("YORIAI_DATA_DIR", &dir.0).args([
            "admin",
            "create-user",
            "--email",
            "chief@example.jp",
            "--role",
            "admin",
        ]),
        Some("another strong passphrase\n"),
    );
    assert!(!ok && err.contains("already uses this email"), "{err}");
    let (ok, _, _, err) = run(
        bin().env("YORIAI_DATA_DIR", &dir.0).args([
            "admin",
            "create-user",
            "--email",
            "b@example.jp",
            "--role",
            "admin",
        ]),
        Some("password1\n"),
    );
    assert!(!ok && err.contains("password"), "{err}");
    let (ok, _, _, err) = run(
        bin().env("YORIAI_DATA_DIR", &dir.0).args([
            "admin",
            "create-user",
            "--email",
            "c@example.jp",
            "--role",
            "mayor",
        ]),
        None,
    );
    assert!(!ok && err.contains("council_secretary"), "{err}");
}

#[test]
fn migrate_reports_and_applies_pending_migrations() {
    let dir = Dir::new("migrate");
    let (ok, _, out, _) = run(bin().env("YORIAI_DATA_DIR", &dir.0).args(["migrate", "--status"]), None);
    assert!(ok && out.contains("pending: "), "{out}");
    let (ok, _, out, _) = run(bin().env("YORIAI_DATA_DIR", &dir.0).arg("migrate"), None);
    assert!(ok && out.contains("applied: "), "{out}");
    let (ok, _, out, _) = run(bin().env("YORIAI_DATA_DIR", &dir.0).arg("migrate"), None);
    assert!(ok && out.contains("up to date"), "{out}");
}

#[test]
fn demo_data_is_refused_in_production() {
    let dir = Dir::new("seed");
    let (ok, _, _, err) = run(
        bin()
            .env("YORIAI_DATA_DIR", &dir.0)
            .env("YORIAI_ENVIRONMENT", "production")
            .env("YORIAI_PUBLIC_URL", "https://city.example")
            .env("YORIAI_SECRET_KEY", "0123456789abcdef0123456789abcdef0123")
            .args(["seed", "--demo"]),
        None,
    );
    assert!(!ok && err.contains("refused in production"), "{err}");
}

#[test]
fn serve_writes_json_logs_with_request_ids_and_never_the_password_or_email() {
    let dir = Dir::new("logs");
    let mut child = bin()
        .env_remove("DATABASE_URL")
        .env("YORIAI_DATA_DIR", &dir.0)
        .env("YORIAI_LOG_FORMAT", "json")
        .env("YORIAI_LOG_LEVEL", "info")
        .env_remove("RUST_LOG")
        .args(["serve", "--bind", "127.0.0.1:0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let mut line = String::new();
    stdout.read_line(&mut line).unwrap();
    let url = line.trim().rsplit(' ').next().unwrap().to_owned();
    let addr = url.trim_start_matches("http://").to_owned();

    let (status, head, body) =
        http(&addr, "GET /sign-in HTTP/1.1\r\nHost: x\r\nAccept: text/html\r\nConnection: close\r\n\r\n");
    assert_eq!(status, 200);
    let cookie = head
        .lines()
        .find_map(|l| l.strip_prefix("set-cookie: ").or_else(|| l.strip_prefix("Set-Cookie: ")))
        .and_then(|c| c.split(';').next())
        .unwrap()
        .to_owned();
    let csrf = body.split("name=\"csrf\" value=\"").nth(1).unwrap().split('"').next().unwrap().to_owned();
    let form = format!("csrf={csrf}&email=secret.person%40example.jp&password=MARKER-PASSWORD-4242");
    let request = format!(
        "POST /api/sign_in HTTP/1.1\r\nHost: x\r\nAccept: application/json\r\nCookie: {cookie}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{form}",
        form.len()
    );
    let (status, _, _) = http(&addr, &request);
    assert_eq!(status, 401);

    child.kill().unwrap();
    let mut logs = String::new();
    child.stderr.take().unwrap().read_to_string(&mut logs).unwrap();
    let _ = child.wait();
    let mut with_request_id = 0;
    for l in logs.lines().filter(|l| !l.trim().is_empty()) {
        let json: serde_json::Value =
            serde_json::from_str(l).unwrap_or_else(|e| panic!("not a JSON log line ({e}): {l}"));
        if json["span"]["request_id"].is_string() {
            with_request_id += 1;
        }
    }
    assert!(with_request_id >= 2, "request lines carry the request id:\n{logs}");
    assert!(!logs.contains("MARKER-PASSWORD-4242"), "a password reached the logs");
    assert!(!logs.contains("secret.person"), "an email address reached the logs");
}

const SMALL_PB: &str = "META\r\nkey;value\r\nbudget;100\r\nnum_projects;3\r\nnum_votes;3\r\nvote_type;approval\r\nPROJECTS\r\nproject_id;cost;name\r\n1;60;\"Park; benches\"\r\n2;50;Library\r\n10;40;Bike racks\r\nVOTES\r\nvoter_id;vote\r\nv1;1,2\r\nv2;1,10\r\nv3;2\r\n";

#[test]
fn pb_tally_prints_the_winners_as_json() {
    let dir = Dir::new("pb");
    let file = dir.0.join("small.pb");
    std::fs::write(&file, SMALL_PB).unwrap();
    let (ok, _, out, err) = run(bin().args(["pb", "tally", "--rule", "greedy_votes"]).arg(&file), None);
    assert!(ok, "{err}");
    let json: serde_json::Value = serde_json::from_str(out.trim()).unwrap();
    // Votes: 1 and 2 have two each (tie: "1" < "2"), 10 has one. 1 (60) fits, 2 (50)
    // does not, 10 (40) does.
    assert_eq!(json["rule"], "greedy_votes");
    assert_eq!(json["winners"], serde_json::json!(["1", "10"]));
    assert_eq!(json["selection_order"], serde_json::json!(["1", "10"]));
    assert_eq!(json["total_cost"], "100");
    let (ok, _, _, err) = run(bin().args(["pb", "tally", "--rule", "no_such_rule"]).arg(&file), None);
    assert!(!ok && err.contains("mes_cost"), "unknown rules list the valid ones: {err}");
}

#[test]
fn pb_check_reports_each_problem_with_its_line() {
    let dir = Dir::new("pbcheck");
    let good = dir.0.join("good.pb");
    std::fs::write(&good, SMALL_PB).unwrap();
    let (ok, _, out, _) = run(bin().args(["pb", "check"]).arg(&good), None);
    assert!(ok && out.contains("valid (3 projects, 3 voters"), "{out}");
    let bad = dir.0.join("bad.pb");
    std::fs::write(&bad, SMALL_PB.replace("10;40", "2;-5").replace("v3;2", "v3;7")).unwrap();
    let (ok, code, out, _) = run(bin().args(["pb", "check"]).arg(&bad), None);
    assert!(!ok && code == 1, "{out}");
    for expected in ["line 11", "duplicate_project_id", "negative_or_zero_cost", "unknown_project_in_vote"] {
        assert!(out.contains(expected), "{expected} missing:\n{out}");
    }
}

/// With the shared Pabulib data, the official Wieliczka 2023 result comes out of the CLI.
#[test]
fn pb_tally_reproduces_the_official_wieliczka_2023_result() {
    let Some(dir) = std::env::var_os("PABULIB_DIR") else {
        assert_ne!(std::env::var("CI").as_deref(), Ok("true"), "PABULIB_DIR must be set in CI");
        eprintln!("SKIPPED: PABULIB_DIR is not set");
        return;
    };
    let dir = std::path::PathBuf::from(dir);
    let expected: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(dir.join("expected/Poland_Wieliczka_2023_Green_Budget.json")).unwrap(),
    )
    .unwrap();
    for rule in ["greedy_votes", "mes_cost_add1_infstop_greedy", "seq_phragmen"] {
        let (ok, _, out, err) = run(
            bin().args(["pb", "tally", "--rule", rule]).arg(dir.join("Poland_Wieliczka_2023_Green_Budget.pb")),
            None,
        );
        assert!(ok, "{err}");
        let got: serde_json::Value = serde_json::from_str(out.trim()).unwrap();
        for key in ["winners", "selection_order", "total_cost"] {
            assert_eq!(got[key], expected["rules"][rule][key], "{rule} {key}");
        }
    }
    let (_, _, out, _) = run(
        bin()
            .args(["pb", "tally", "--rule", "mes_cost_add1_infstop_greedy"])
            .arg(dir.join("Poland_Wieliczka_2023_Green_Budget.pb")),
        None,
    );
    let got: serde_json::Value = serde_json::from_str(out.trim()).unwrap();
    assert_eq!(got["winners"], expected["official_selected"], "the official result");
}

#[test]
fn export_open_data_writes_the_archive_or_says_why_not() {
    let dir = Dir::new("export");
    let out = dir.0.join("open-data.zip");
    let (ok, _, stdout, err) =
        run(bin().env("YORIAI_DATA_DIR", &dir.0).args(["export", "open-data", "--out"]).arg(&out), None);
    assert!(ok, "{err}");
    assert!(stdout.contains("datasets") && out.exists(), "{stdout}");
    let bytes = std::fs::read(&out).unwrap();
    assert!(bytes.starts_with(b"PK"), "a ZIP archive");
    let bad = dir.0.join("no-such-folder").join("x.zip");
    let (ok, code, _, err) =
        run(bin().env("YORIAI_DATA_DIR", &dir.0).args(["export", "open-data", "--out"]).arg(&bad), None);
    assert!(!ok && code == 1, "{err}");
    assert!(err.contains("cannot write"), "{err}");
    assert!(!bad.exists());
    let (ok, _, help, _) = run(bin().args(["export", "open-data", "--help"]), None);
    assert!(ok && help.contains("datapackage.json"), "{help}");
}
