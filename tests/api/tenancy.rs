//! Several cities on one installation (issue 16): two cities with the same content, each
//! walled off from the other. The walk goes over every page, server function, JSON API
//! route, Open311 route, feed, export and upload URL of city A with city B's host,
//! session, token and ids, and proves nothing of A is readable or writable from B.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use yoriai_domain::{ProcessId, ProposalId, ReportId, Role};
use yoriai_tests::fixtures::{open_phase, open_process, published_proposal, street_category, street_report};
use yoriai_tests::{both_backends, Browser, TestApp};

/// What one city holds: the same shapes in both, each text carrying the city's marker.
pub(crate) struct Furnished {
    pub(crate) process: ProcessId,
    pub(crate) proposal: ProposalId,
    pub(crate) report: ReportId,
    /// A signed-in administrator and resident of the city.
    pub(crate) admin: Browser,
    pub(crate) resident: Browser,
    /// The resident's API token.
    pub(crate) token: String,
    /// A stored picture's path (`/uploads/….jpg`).
    pub(crate) upload: String,
}

fn png() -> Vec<u8> {
    let mut out = Vec::new();
    let img = image::RgbImage::from_pixel(2, 2, image::Rgb([30, 120, 30]));
    image::DynamicImage::ImageRgb8(img).write_to(&mut std::io::Cursor::new(&mut out), image::ImageFormat::Png).unwrap();
    out
}

/// One process "machi" with proposals, a street report, a picture and accounts; the
/// resident's email is the same in every city (separate, unlinked accounts).
pub(crate) async fn furnish(app: &TestApp, marker: &str, extra_proposals: usize) -> Furnished {
    let (admin_actor, process) = open_process(app, "machi", open_phase("10", "")).await;
    let (resident, author) = app.signed_in("same@example.jp", Role::Resident).await;
    let proposal = published_proposal(app, &author, "machi", &format!("{marker} proposal")).await;
    for i in 0..extra_proposals {
        published_proposal(app, &author, "machi", &format!("{marker} extra {i}")).await;
    }
    let category = street_category(app, &admin_actor).await;
    let report = street_report(app, &author, category, &format!("{marker} pothole")).await;
    let (_, token) = app
        .run(|svc| {
            yoriai_services::accounts::issue_api_token(svc, &yoriai_domain::Actor::System, "same@example.jp", "t")
        })
        .await
        .unwrap();
    let mut resident = resident;
    resident.get(&format!("/proposals/{proposal}/edit")).await.assert_status(200);
    let csrf = resident.csrf.clone().unwrap();
    let (ct, body) = yoriai_tests::multipart_file("image", "photo.png", &png());
    let res = resident.request_raw("POST", &format!("/proposals/{proposal}/images?csrf={csrf}"), &ct, body).await;
    assert_eq!(res.status, 303, "{}", res.body);
    let page = resident.get(&format!("/proposals/{proposal}")).await;
    let name = page.body.split("/uploads/").nth(1).expect("the picture is shown").split('"').next().unwrap();
    let upload = format!("/uploads/{name}");
    let mut admin = app.browser();
    app.sign_in(&mut admin, "admin-machi@example.jp").await;
    Furnished { process, proposal, report, admin, resident, token, upload }
}

/// A browser on `app`'s city carrying another browser's cookies (a session of another city).
fn with_cookies_of(app: &TestApp, other: &Browser) -> Browser {
    let mut b = app.browser();
    b.cookies = other.cookies.clone();
    b.csrf = other.csrf.clone();
    b
}

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// Every URL pattern the application routes, with the method: pages, the actix routes,
/// the JSON API (from its OpenAPI document), Open311 and the server functions.
async fn every_route(b: &mut Browser) -> Vec<(String, String)> {
    let mut routes: Vec<(String, String)> = Vec::new();
    for page in yoriai_server::app::page_paths() {
        routes.push(("GET".into(), page));
    }
    let app_rs = std::fs::read_to_string(root().join("server/src/app.rs")).unwrap();
    for chunk in app_rs.split(".route(").skip(1) {
        // `.route("/path", web::post()…)`, on one line or over several.
        let Some(path) = chunk.trim_start().strip_prefix('"').and_then(|r| r.split('"').next()) else { continue };
        let rest = &chunk[chunk.find(path).unwrap() + path.len()..];
        let call = rest.split(".route(").next().unwrap();
        let method = if call.contains("web::post()") { "POST" } else { "GET" };
        if !path.contains("{tail") {
            routes.push((method.into(), path.to_owned()));
        }
    }
    let doc = b.get_json("/api/v1/openapi.json").await.json();
    for (path, item) in doc["paths"].as_object().expect("the API document lists paths") {
        for method in item.as_object().unwrap().keys() {
            if ["get", "post", "put", "patch", "delete"].contains(&method.as_str()) {
                routes.push((method.to_uppercase(), format!("/api/v1{path}")));
            }
        }
    }
    let open311 = std::fs::read_to_string(root().join("server/src/open311.rs")).unwrap();
    for chunk in open311.split(".route(\"").skip(1) {
        let path = chunk.split('"').next().unwrap();
        let method = if chunk.starts_with(&format!("{path}\", web::post")) { "POST" } else { "GET" };
        let path = if path == "/{name}" { "/requests.json" } else { path };
        routes.push((method.into(), format!("/open311/v2{path}")));
    }
    for dir in ["frontend/src/api"] {
        for entry in std::fs::read_dir(root().join(dir)).unwrap().flatten() {
            let file = format!("{dir}/{}", entry.file_name().to_string_lossy());
            let text = std::fs::read_to_string(root().join(&file)).unwrap();
            for chunk in text.split("#[server(").skip(1) {
                let head = chunk.split(")]").next().unwrap();
                if let Some(name) = head.split("endpoint = \"").nth(1).and_then(|r| r.split('"').next()) {
                    let method = if head.contains("GetUrl") { "GET" } else { "POST" };
                    routes.push((method.into(), format!("/api/{name}")));
                }
            }
        }
    }
    routes.sort();
    routes.dedup();
    assert!(routes.len() > 150, "only {} routes found: the walk must cover them all", routes.len());
    routes
}

/// A route pattern with A's ids and names filled in.
fn fill(pattern: &str, a: &Furnished) -> String {
    let upload_name = a.upload.trim_start_matches("/uploads/");
    let mut out = pattern.to_owned();
    for (key, value) in [
        ("{id}", a.proposal.to_string()),
        ("{slug}", "machi".into()),
        ("{name}", upload_name.to_owned()),
        ("{chart}", "participation".into()),
        ("{kind}", "votes".into()),
        ("{dataset}", "proposals".into()),
        ("{provider}", "line".into()),
        ("{doc}", "1".into()),
        ("{code}", "pothole".into()),
        ("{token}", "x".into()),
        (":id", a.proposal.to_string()),
        (":slug", "machi".into()),
    ] {
        out = out.replace(key, &value);
    }
    // Any other parameter gets A's process id (routes name processes, budgets, reports…).
    while let Some(start) = out.find('{') {
        let end = out[start..].find('}').map(|e| start + e + 1).unwrap_or(out.len());
        out.replace_range(start..end, &a.process.to_string());
    }
    out
}

/// Rows in every table of a city: what a write from another city would change.
pub(crate) fn row_counts(app: &TestApp) -> BTreeMap<String, i64> {
    use diesel::RunQueryDsl;
    #[derive(diesel::QueryableByName)]
    struct Name {
        #[diesel(sql_type = diesel::sql_types::Text)]
        name: String,
    }
    #[derive(diesel::QueryableByName)]
    struct N {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        n: i64,
    }
    app.with_conn(|c| {
        let list = match c.backend() {
            yoriai_store::Backend::Sqlite => {
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
            }
            yoriai_store::Backend::Postgres => {
                "SELECT table_name::text AS name FROM information_schema.tables \
                 WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY 1"
            }
        };
        let names: Vec<Name> = diesel::sql_query(list).load(c).unwrap();
        assert!(names.len() > 20, "the city's tables are visible: {}", names.len());
        names
            .into_iter()
            .map(|t| {
                let n: N =
                    diesel::sql_query(format!("SELECT count(*) AS n FROM \"{}\"", t.name)).get_result(c).unwrap();
                (t.name, n.n)
            })
            .collect()
    })
}

/// Every row of every table of a city, as the database writes it: what a write from
/// another city would change (an update as much as an insert or a delete).
fn contents(app: &TestApp) -> Vec<(String, Vec<String>)> {
    use yoriai_store::backend::dump;
    app.with_conn(|c| {
        dump::tables(c)
            .unwrap()
            .into_iter()
            .map(|t| (t.name.clone(), dump::read_rows(c, &t, 0, 1_000_000).unwrap()))
            .collect()
    })
}

both_backends!(two_cities_with_the_same_content_see_only_their_own, |app| async move {
    let a = app.add_city("aizu", "aizu.localhost");
    let b = app.add_city("kita", "kita.localhost");
    let fa = furnish(&a, "AIZUMARK", 0).await;
    let mut fb = furnish(&b, "KITAMARK", 2).await;

    // Every city's schema is exactly the main database's: same tables, columns, types,
    // keys and indexes (the catalog of its own schema or file).
    let describe = |view: &TestApp| view.with_conn(|c| yoriai_store::backend::catalog::describe(c).unwrap());
    let reference = describe(&app);
    assert!(!reference.is_empty());
    assert_eq!(describe(&a), reference, "city A's schema drifted from the main one");
    assert_eq!(describe(&b), reference, "city B's schema drifted from the main one");

    // Each city's lists, feeds, exports and APIs show its own content only.
    for path in [
        "/",
        "/processes/machi/proposals",
        "/reports",
        "/reports/feed.atom",
        "/reports/map.geojson?bbox=139.9,37.4,139.95,37.53",
        "/api/v1/processes/machi/proposals",
        "/open311/v2/requests.json",
        "/processes/machi/proposals/export.csv",
        "/search?q=proposal",
    ] {
        for (view, mine, theirs) in [(&a, "AIZUMARK", "KITAMARK"), (&b, "KITAMARK", "AIZUMARK")] {
            let mut anon = view.browser();
            let res = anon.get(path).await;
            assert_eq!(res.status, 200, "{path} on {:?}", view.host);
            // The home page and Open311 (which shows a report's description, not its title)
            // carry no marker of their own.
            let shows_titles = path != "/" && !path.starts_with("/open311/");
            assert!(!shows_titles || res.body.contains(mine), "{path} on {:?} lacks its own content", view.host);
            assert!(!res.body.contains(theirs), "{path} on {:?} shows the other city's content", view.host);
        }
    }
    // An id only B has is not found in A (ids are per city).
    let mut anon_a = a.browser();
    let res = anon_a.get(&format!("/proposals/{}", fb.proposal.0 + 2)).await;
    assert_eq!(res.status, 404);
    res.assert_not_contains("KITAMARK");

    // B's session, token and CSRF pair mean nothing in A.
    let mut stolen = with_cookies_of(&a, &fb.resident);
    let res = stolen.get("/account").await;
    assert_eq!(res.status, 302, "B's session is not a session in A");
    assert!(res.set_cookies().iter().any(|c| c.contains("yoriai_session=;") || c.contains("yoriai_session=\"\"")));
    let mut stolen = with_cookies_of(&a, &fb.resident);
    let res = stolen.post_form("/language", &[("lang", "en"), ("next", "/")]).await;
    assert_eq!(res.status, 403, "B's CSRF token is not valid in A (per-city keys)");
    let mut scripted = a.browser();
    let bearer = format!("Bearer {}", fb.token);
    let res = scripted.request("GET", "/api/v1/me", &[("authorization", &bearer)], None).await;
    assert_eq!(res.status, 401, "B's API token is not valid in A");
    let bearer_a = format!("Bearer {}", fa.token);
    scripted.request("GET", "/api/v1/me", &[("authorization", &bearer_a)], None).await.assert_status(200);

    // Uploads are per city.
    let mut anon_b = b.browser();
    anon_a.get(&fa.upload).await.assert_status(200);
    assert_eq!(anon_b.get(&fa.upload).await.status, 404, "A's picture is not served on B's host");
    anon_b.get(&fb.upload).await.assert_status(200);

    // The same email has separate accounts: a new sign-up in A is its own.
    let mut fresh_a = a.signed_in_resident("new-in-a@example.jp", "a password for aizu only").await;
    fresh_a.get("/account").await.assert_status(200);
    let mut in_b = b.browser();
    in_b.get("/sign-in").await;
    let res = in_b
        .post_form("/api/sign_in", &[("email", "new-in-a@example.jp"), ("password", "a password for aizu only")])
        .await;
    assert_ne!(res.location().as_deref(), Some("/"), "an account of A does not sign in to B");
    b.signed_in_resident("new-in-a@example.jp", "another password for kita").await;

    // Keys are per city: the same citizen number hashes differently.
    let number = "123456789012";
    assert_ne!(a.services.keys.keyed_hash("citizen_id", number), b.services.keys.keyed_hash("citizen_id", number));

    // The main database still answers on the configured address.
    app.browser().get("/").await.assert_status(200).assert_not_contains("AIZUMARK").assert_not_contains("KITAMARK");

    // An unknown or invalid host: a plain 404 naming no city.
    for host in ["nowhere.localhost:1", &format!("{}.localhost", "x".repeat(300)), "aizu.localhost.evil"] {
        let mut stranger = app.browser();
        stranger.host = Some(host.to_owned());
        stranger.accept_language = Some("en".into());
        let res = stranger.get("/").await;
        assert_eq!(res.status, 404, "{host}");
        res.assert_contains("No site at this address");
        for name in ["aizu", "kita", "City", "市"] {
            assert!(!res.body.contains(name), "the 404 for {host} names {name}");
        }
        let res = stranger.get_json("/api/v1/processes").await;
        assert_eq!(res.status, 404);
        assert_eq!(res.json()["code"], "not_found", "{}", res.body);
    }

    // Suspending a city pauses it alone; resuming brings it back with nothing lost.
    let base = app.tenants.base().clone();
    yoriai_server::tenants::set_state(&base, "kita", yoriai_store::control::TenantState::Suspended, Some("test"))
        .unwrap();
    app.tenants.reload().unwrap();
    let mut paused = b.browser();
    paused.accept_language = Some("en".into());
    let res = paused.get("/processes/machi").await;
    assert_eq!(res.status, 503);
    res.assert_contains("This site is paused").assert_not_contains("KITAMARK");
    a.browser().get("/processes/machi").await.assert_status(200);
    yoriai_server::tenants::set_state(&base, "kita", yoriai_store::control::TenantState::Active, None).unwrap();
    app.tenants.reload().unwrap();
    fb.resident.get("/account").await.assert_status(200);

    // Deleting a city removes it, its files included; a signed-in resident then gets the
    // unknown-site page, and the other city is untouched.
    let kita_dir = app.data_dir().join("tenants").join("kita");
    assert!(kita_dir.join("uploads").exists());
    yoriai_server::tenants::delete_city(&base, "kita").unwrap();
    app.tenants.reload().unwrap();
    assert!(!kita_dir.exists());
    assert_eq!(fb.resident.get("/account").await.status, 404);
    a.browser().get("/processes/machi/proposals").await.assert_status(200).assert_contains("AIZUMARK");
    // A city made again under the same id and host is a new city: nothing of the old
    // one, and the old one's sessions and tokens mean nothing (its keys are new too).
    let again = app.add_city("kita", "kita.localhost");
    assert_eq!(again.browser().get("/processes/machi/proposals").await.status, 404);
    assert_eq!(fb.resident.get("/account").await.status, 302, "the old city's session is not a session here");
    let mut scripted = again.browser();
    let res = scripted.request("GET", "/api/v1/me", &[("authorization", &format!("Bearer {}", fb.token))], None).await;
    assert_eq!(res.status, 401);
    let _ = (fa.report, fb.report, &fb.admin);
});

both_backends!(every_route_of_city_a_is_walled_off_from_city_b, |app| async move {
    let a = app.add_city("aizu", "aizu.localhost");
    let b = app.add_city("kita", "kita.localhost");
    let fa = furnish(&a, "AIZUMARK", 3).await;
    let mut fb = furnish(&b, "KITAMARK", 0).await;
    let routes = every_route(&mut fb.admin).await;
    let before = contents(&a);
    assert!(before.iter().map(|(_, rows)| rows.len()).sum::<usize>() > 20);
    let bearer = format!("Bearer {}", fb.token);
    let mut checked = 0;
    for (method, pattern) in &routes {
        if pattern == "/sign-out" {
            continue; // would end the walking administrator's session; covered in accounts tests
        }
        let path = fill(pattern, &fa);
        // B's administrator, on B's host, with A's ids: never A's content, never a 500.
        let res = if method == "GET" {
            fb.admin.get(&path).await
        } else if path.starts_with("/api/v1/") || path.starts_with("/open311/") {
            let csrf = fb.admin.csrf.clone().unwrap_or_default();
            fb.admin
                .request(
                    method,
                    &path,
                    &[("authorization", &bearer), ("x-csrf-token", &csrf)],
                    Some(serde_json::json!({"id": fa.proposal.0, "title": "x", "body": "y"})),
                )
                .await
        } else {
            let id = fa.proposal.0.to_string();
            fb.admin.post_form(&path, &[("id", &id), ("process_id", &fa.process.0.to_string())]).await
        };
        assert_ne!(res.status, 500, "{method} {path} on B: {}", &res.body[..res.body.len().min(500)]);
        assert!(!res.body.contains("AIZUMARK"), "{method} {path} on B's host shows A's content");
        for (name, value) in res.headers.iter() {
            let value = value.to_str().unwrap_or("");
            assert!(!value.contains("aizu"), "{method} {path} on B answers with {name}: {value}");
        }
        // A's own visitors with B's session are strangers.
        if method == "GET" && !pattern.contains("{name}") {
            let mut stranger = with_cookies_of(&a, &fb.admin);
            let res = stranger.get(&path).await;
            assert_ne!(res.status, 500, "GET {path} on A with B's session");
            res.assert_not_contains("KITAMARK");
        }
        checked += 1;
        if !fb.admin.cookies.keys().any(|k| k.ends_with("yoriai_session")) {
            b.sign_in(&mut fb.admin, "admin-machi@example.jp").await;
        }
    }
    assert_eq!(checked, routes.len() - 1);
    let after = contents(&a);
    for ((table, rows_before), (_, rows_after)) in before.iter().zip(&after) {
        assert_eq!(rows_before, rows_after, "{table} of A changed while B's administrator walked every route");
    }
    assert_eq!(before.len(), after.len());
    // Every route of A still answers A's own content.
    let mut anon = a.browser();
    anon.get(&format!("/proposals/{}", fa.proposal)).await.assert_status(200).assert_contains("AIZUMARK");
});
