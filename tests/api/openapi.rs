//! schemathesis against `/api/v1/openapi.json`: the document must be true. Every
//! check, a bounded number of examples per operation, as a resident and as an
//! administrator, on PostgreSQL (once: it is slow, and the SQL that differs between
//! the backends is covered by the other tests). `./dev test` installs schemathesis
//! (tests/openapi/requirements.txt) and sets YORIAI_SCHEMATHESIS; it must run in CI.

use yoriai_domain::{Actor, Role};
use yoriai_tests::fixtures::{open_phase, open_process, published_proposal};
use yoriai_tests::{spawn_app_with, Backend, Spawn};

/// Examples per operation and phase; enough to find a wrong type, bound or status.
const MAX_EXAMPLES: &str = "40";

#[actix_web::test]
async fn the_api_conforms_to_its_openapi_document() {
    let Some(schemathesis) = std::env::var_os("YORIAI_SCHEMATHESIS") else {
        assert_ne!(std::env::var("CI").as_deref(), Ok("true"), "YORIAI_SCHEMATHESIS must be set in CI");
        eprintln!("SKIPPED: YORIAI_SCHEMATHESIS is not set (./dev test sets it)");
        return;
    };
    let app =
        spawn_app_with(Backend::Postgres, Spawn { fast_hashing: true, pool_size: Some(8), ..Default::default() }).await;
    // Something for the generated requests to find: process 1 ("doc"), proposal 1.
    // open_process makes the administrator admin-doc@example.jp.
    open_process(&app, "doc", open_phase("", "")).await;
    let resident = app.account("st-resident@example.jp", Role::Resident).await;
    published_proposal(&app, &resident, "doc", "A proposal to read").await;
    let token = |email: &'static str| {
        app.run(move |svc| yoriai_services::accounts::issue_api_token(svc, &Actor::System, email, "schemathesis"))
    };
    let (_, resident_token) = token("st-resident@example.jp").await.unwrap();
    let (_, admin_token) = token("admin-doc@example.jp").await.unwrap();

    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("openapi");
    let seed = std::env::var("YORIAI_SCHEMATHESIS_SEED").unwrap_or_else(|_| "20261205".into());
    for (who, bearer) in [("resident", resident_token), ("administrator", admin_token)] {
        let (exe, config, url, seed) = (
            schemathesis.clone(),
            dir.join("schemathesis.toml"),
            format!("{}/api/v1/openapi.json", app.base_url),
            seed.clone(),
        );
        // One worker, so a fixed seed gives the same requests in the same order. A run
        // is repeated once: a failure that does not come back with the same requests
        // was the machine's timing, not the API (shown below all the same).
        let mut first_failure = None;
        let mut report = String::new();
        for _attempt in 0..2 {
            let (exe, config, url, seed, bearer) =
                (exe.clone(), config.clone(), url.clone(), seed.clone(), bearer.clone());
            let out = actix_web::web::block(move || {
                std::process::Command::new(exe)
                    .arg("--config-file")
                    .arg(config)
                    .args(["--no-color", "run", &url, "--checks", "all", "--max-examples", MAX_EXAMPLES])
                    .args(["--phases", "examples,coverage,fuzzing", "--seed", &seed, "--workers", "1"])
                    .args(["--header", &format!("Authorization: Bearer {bearer}")])
                    .args(["--request-timeout", "30", "--suppress-health-check", "all"])
                    .output()
            })
            .await
            .unwrap()
            .expect("schemathesis runs");
            report = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
            if out.status.success() {
                break;
            }
            if let Some(first) = first_failure.replace(report.clone()) {
                panic!("as {who}, schemathesis found failures twice:\n{first}\n---- again:\n{report}");
            }
        }
        if let Some(first) = first_failure {
            eprintln!("as {who}, a first run failed and the same requests then passed:\n{first}");
        }
        let summary: Vec<&str> = report.lines().rev().take(12).collect();
        eprintln!("as {who}: {}", summary.into_iter().rev().collect::<Vec<_>>().join("\n"));
    }
}
