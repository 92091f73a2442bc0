//! The system console (issue 16): system operators create, re-host, suspend, resume and
//! delete cities on `console_host`; it shows counts, never a resident's data, and it is
//! walled off from the cities as they are from each other.

use yoriai_tests::{spawn_app_with, Backend, Browser, Spawn, TestApp};

const OPERATOR: &str = "ops@vendor.example";
const OPERATOR_PASSWORD: &str = "prefecture wide shared service";
/// The operator's two-step key (as `yoriai tenant operator --two-factor-key` sets it).
const KEY: &str = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";

/// The authenticator app's code, `steps` time steps (30 s) from now.
fn code(steps: i64) -> String {
    let at = chrono::Utc::now().timestamp() + steps * 30;
    yoriai_services::accounts::code_at(KEY, at as u64).unwrap()
}

async fn app_with_console(backend: Backend) -> TestApp {
    let app =
        spawn_app_with(backend, Spawn { console_host: Some("console.localhost".into()), ..Default::default() }).await;
    let base = app.tenants.base().clone();
    let mut control = yoriai_server::tenants::open_control(&base, true).unwrap().unwrap();
    let hash = base.hasher.hash(&yoriai_domain::Password::parse_existing(OPERATOR_PASSWORD).unwrap());
    let (sealed, _, _) = yoriai_services::accounts::new_operator_key(&base.main_keys, OPERATOR, Some(KEY)).unwrap();
    yoriai_store::control::save_operator(&mut control, OPERATOR, &hash, &sealed).unwrap();
    app.tenants.reload().unwrap();
    app
}

fn console_browser(app: &TestApp) -> Browser {
    let mut b = app.browser();
    let port = app.base_url.rsplit(':').next().unwrap();
    b.host = Some(format!("console.localhost:{port}"));
    b.accept_language = Some("en".into());
    b
}

async fn signed_in_operator(app: &TestApp) -> Browser {
    let mut b = console_browser(app);
    b.get("/").await.assert_status(200).assert_contains("Sign in to the system console");
    let res =
        b.post_form("/sign-in", &[("email", OPERATOR), ("password", OPERATOR_PASSWORD), ("code", &code(0))]).await;
    res.assert_status(303);
    b.get("/").await.assert_status(200).assert_contains("Main database").assert_contains("Create a city");
    b
}

async fn console_manages_cities(backend: Backend) {
    let app = app_with_console(backend).await;

    // Signing in: a wrong password, the right password without the two-step code or
    // with a wrong one, a missing CSRF token, then all three right.
    let mut stranger = console_browser(&app);
    stranger.get("/").await.assert_contains("id=\"console-sign-in-code\"");
    for (password, code) in [
        ("not the password at all", code(0)),
        (OPERATOR_PASSWORD, String::new()),
        (OPERATOR_PASSWORD, "000000".to_owned()),
        (OPERATOR_PASSWORD, code(-4)),
    ] {
        if code == "000000" && code == self::code(0) {
            continue;
        }
        let res = stranger.post_form("/sign-in", &[("email", OPERATOR), ("password", password), ("code", &code)]).await;
        assert_eq!(res.status, 400, "{password} / {code}");
        res.assert_contains("The email address, password or code is not correct").assert_contains(OPERATOR);
    }
    let res = stranger
        .post_form_raw("/sign-in", &[("email", OPERATOR), ("password", OPERATOR_PASSWORD), ("code", &code(0))])
        .await;
    assert_eq!(res.status, 403, "no CSRF token, no sign-in");
    assert_eq!(stranger.post_form("/cities", &[("name_en", "X")]).await.status, 200, "signed out: the sign-in page");
    let mut ops = signed_in_operator(&app).await;
    // A code works once: a second sign-in with it is refused, the next one is accepted.
    let mut again = console_browser(&app);
    again.get("/").await;
    let res =
        again.post_form("/sign-in", &[("email", OPERATOR), ("password", OPERATOR_PASSWORD), ("code", &code(0))]).await;
    let reused = res.status;
    if reused != 303 {
        assert_eq!(reused, 400, "a used code is refused");
        again
            .post_form("/sign-in", &[("email", OPERATOR), ("password", OPERATOR_PASSWORD), ("code", &code(1))])
            .await
            .assert_status(303);
    } else {
        // The clock moved to the next step between the two sign-ins: that code was new.
        let res = again
            .post_form("/sign-in", &[("email", OPERATOR), ("password", OPERATOR_PASSWORD), ("code", &code(0))])
            .await;
        assert_eq!(res.status, 400, "a used code is refused");
    }

    // Creating a city from the console, with mistakes first: each explained, typed text kept.
    let create = |id: &'static str, host: &'static str| {
        vec![("name_ja", "喜多方市"), ("name_en", "Kitakata"), ("id", id), ("hosts", host)]
    };
    let res = ops.post_form("/cities", &create("Kita-Kata", "kita.localhost")).await;
    assert_eq!(res.status, 400);
    res.assert_contains("Use 2 to 30 lowercase letters").assert_contains("value=\"Kitakata\"");
    let res = ops.post_form("/cities", &create("kita", "console.localhost")).await;
    assert_eq!(res.status, 400);
    res.assert_contains("already belongs to a city or to the console");
    let res = ops.post_form("/cities", &create("kita", "bad host!")).await;
    assert_eq!(res.status, 400);
    res.assert_contains("not a valid host name");
    let res = ops.post_form("/cities", &create("kita", "kita.localhost\nwww.kita.localhost")).await;
    res.assert_status(303);
    assert_eq!(res.location().as_deref(), Some("/?notice=console-created"));
    ops.get("/?notice=console-created").await.assert_contains("The city was created").assert_contains("Kitakata");
    let kita = app.city("kita");
    assert_eq!(kita.host.as_deref(), Some("kita.localhost"));
    kita.browser().get("/").await.assert_status(200);
    let res = ops.post_form("/cities", &create("kita", "other.localhost")).await;
    assert_eq!(res.status, 400);
    res.assert_contains("Another city already has this id");

    // The console shows counts, never a resident's data; a city session means nothing here.
    let mut resident = kita.signed_in_resident("resident@kita.example", "snowy castle bells of tsuruga").await;
    resident.get("/account").await.assert_status(200);
    let page = ops.get("/").await;
    page.assert_not_contains("resident@kita.example").assert_contains("1 accounts");
    let mut borrowed = console_browser(&app);
    borrowed.cookies = resident.cookies.clone();
    borrowed.get("/").await.assert_contains("Sign in to the system console");
    // …and the console's session means nothing on a city.
    let mut other_way = kita.browser();
    other_way.cookies = ops.cookies.clone();
    assert_eq!(other_way.get("/admin").await.status, 302, "not signed in on the city");

    // Suspend, resume, hosts, delete.
    let res = ops.post_form("/cities/kita/suspend", &[("reason", "invoice unpaid")]).await;
    res.assert_status(303);
    assert_eq!(kita.browser().get("/").await.status, 503);
    ops.post_form("/cities/kita/resume", &[]).await.assert_status(303);
    kita.browser().get("/").await.assert_status(200);
    let res =
        ops.post_form("/cities/kita/hosts", &[("add", ""), ("remove", "kita.localhost www.kita.localhost")]).await;
    assert_eq!(res.status, 400);
    res.assert_contains("A city keeps at least one host");
    ops.post_form("/cities/kita/hosts", &[("add", "yoriai.kita.localhost"), ("remove", "kita.localhost")])
        .await
        .assert_status(303);
    let mut moved = app.browser();
    let port = app.base_url.rsplit(':').next().unwrap();
    moved.host = Some(format!("yoriai.kita.localhost:{port}"));
    moved.get("/").await.assert_status(200);
    assert_eq!(kita.browser().get("/").await.status, 404, "a removed host is no longer served");
    let res = ops.post_form("/cities/kita/delete", &[("confirm", "kitakata")]).await;
    assert_eq!(res.status, 400);
    res.assert_contains("does not match");
    assert_eq!(ops.post_form("/cities/main/delete", &[("confirm", "main")]).await.status, 400);
    ops.post_form("/cities/kita/delete", &[("confirm", "kita")]).await.assert_status(303);
    assert_eq!(moved.get("/").await.status, 404);
    assert!(app.tenants.get("kita").is_none());
    assert_eq!(ops.post_form("/cities/kita/resume", &[]).await.status, 400, "no such city any more");

    // Signing out ends the console session.
    ops.post_form("/sign-out", &[]).await.assert_status(303);
    ops.get("/").await.assert_contains("Sign in to the system console");
}

#[actix_web::test]
async fn operators_manage_cities_in_the_console_sqlite() {
    console_manages_cities(Backend::Sqlite).await;
}

#[actix_web::test]
async fn operators_manage_cities_in_the_console_postgres() {
    console_manages_cities(Backend::Postgres).await;
}

#[actix_web::test]
async fn console_sign_in_is_throttled() {
    let app = app_with_console(Backend::Sqlite).await;
    let mut b = console_browser(&app);
    b.get("/").await;
    for _ in 0..10 {
        assert_eq!(
            b.post_form("/sign-in", &[("email", OPERATOR), ("password", "wrong wrong wrong")]).await.status,
            400
        );
    }
    let res =
        b.post_form("/sign-in", &[("email", OPERATOR), ("password", OPERATOR_PASSWORD), ("code", &code(0))]).await;
    assert_eq!(res.status, 429, "locked even with the right password and code");
    res.assert_contains("Too many failed attempts");
}
