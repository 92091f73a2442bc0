//! The web edge under hostile or mistaken input: what residents type never becomes
//! markup in `<head>`; every server function answers malformed input with a 4xx; typed
//! text never rides in a URL; redirect targets stay on this site; oversized bodies are
//! 413; every 429 and 503 says when to come back.

use yoriai_domain::Role;
use yoriai_tests::fixtures::{open_phase, open_process, published_proposal, street_category, street_report};
use yoriai_tests::{both_backends, TestApp};

const EVIL: &str =
    r#"Benches</title><meta http-equiv="refresh" content="0;url=https://evil.example/"><script>x</script>"#;

/// The `<head>` of a served page.
fn head(html: &str) -> &str {
    html.split("</head>").next().unwrap_or("")
}

#[track_caller]
fn assert_head_is_inert(html: &str, page: &str) {
    let head = head(html);
    assert!(!head.contains("<meta http-equiv"), "{page}: a typed <meta> reached the head:\n{head}");
    assert!(!head.contains("<script>x"), "{page}: a typed <script> reached the head:\n{head}");
    assert!(!head.contains("evil.example/\">"), "{page}: {head}");
    // Exactly one <title>, and it holds the escaped text.
    assert_eq!(head.matches("<title>").count(), 1, "{page}: {head}");
    assert!(head.contains("<title>Benches&lt;/title&gt;"), "{page}: the title is not escaped:\n{head}");
}

both_backends!(what_residents_type_never_becomes_markup_in_the_head, |app| async move {
    let (admin, _) = open_process(&app, "ideas", open_phase("", "")).await;
    let author = app.account("author@example.jp", Role::Resident).await;
    let proposal = published_proposal(&app, &author, "ideas", EVIL).await;
    let category = street_category(&app, &admin).await;
    let report = street_report(&app, &author, category, EVIL).await;
    let mut visitor = app.browser();
    let page = visitor.get(&format!("/proposals/{proposal}")).await;
    page.assert_status(200);
    assert_head_is_inert(&page.body, "proposal");
    // The link preview carries the same text, escaped as an attribute value.
    assert!(head(&page.body).contains(r#"property="og:title" content="Benches&lt;/title&gt;"#), "{}", head(&page.body));
    let page = visitor.get(&format!("/reports/{report}")).await;
    page.assert_status(200);
    assert_head_is_inert(&page.body, "report");
    // A display name is in the page context's JSON (a <meta> attribute): escaped there.
    let mut b = app.signed_in_resident("evil@example.jp", yoriai_tests::PASSWORD).await;
    let id = app.with_conn(|c| yoriai_store::users::find_by_email(c, "evil@example.jp").unwrap().unwrap().id);
    app.with_conn(|c| {
        use diesel::prelude::*;
        use yoriai_store::schema::users;
        diesel::update(users::table.find(id)).set(users::display_name.eq(EVIL)).execute(c).unwrap()
    });
    let page = b.get("/account").await;
    let head = head(&page.body);
    assert!(!head.contains("<meta http-equiv") && !head.contains("<script>x"), "{head}");
});

/// Field values that no server function can read: not numbers where numbers go, wrong
/// shapes, and so on.
const GARBAGE: &[(&str, &str)] = &[
    ("id", "abc"),
    ("user_id", "-"),
    ("process_id", "1e309"),
    ("heading", "[]"),
    ("params[cursor]", "%%%"),
    ("page", "NaN"),
    ("version", "x"),
];

#[track_caller]
fn assert_not_5xx(status: u16, what: &str, body: &str) {
    assert!(status < 500, "{what} answered {status}: {}", &body[..body.len().min(400)]);
}

async fn every_server_function_refuses_garbage_with_a_4xx(app: &TestApp, mut b: yoriai_tests::Browser, who: &str) {
    let functions = yoriai_server::server_fns::registered();
    assert!(functions.len() > 80, "the registry lists the server functions: {functions:?}");
    b.get("/").await;
    let garbage = serde_urlencoded::to_string(GARBAGE).unwrap();
    for (path, method) in &functions {
        // As the page's own JavaScript would call it, with nonsense.
        let res = if method == "GET" {
            b.get_json(&format!("{path}?{garbage}")).await
        } else {
            b.call_server_fn(path, GARBAGE).await
        };
        assert_not_5xx(res.status, &format!("{who}: {method} {path} with garbage"), &res.body);
        // Nothing at all.
        let res = if method == "GET" { b.get_json(path).await } else { b.call_server_fn(path, &[]).await };
        assert_not_5xx(res.status, &format!("{who}: {method} {path} without arguments"), &res.body);
        // A JSON body where a form is expected, and the other method.
        let res = b.post_json(path, &serde_json::json!({"id": 1, "csrf": b.csrf})).await;
        assert_not_5xx(res.status, &format!("{who}: JSON to {path}"), &res.body);
        let res = b.request(if method == "GET" { "POST" } else { "GET" }, path, &[], None).await;
        assert_not_5xx(res.status, &format!("{who}: wrong method to {path}"), &res.body);
        // A plain form post (no JavaScript) with garbage: sent back to its page.
        if method != "GET" {
            let res = b.post_form(path, GARBAGE).await;
            assert_not_5xx(res.status, &format!("{who}: form post to {path}"), &res.body);
        }
    }
    let _ = app;
}

both_backends!(every_server_function_answers_malformed_input_with_a_4xx, |app| async move {
    every_server_function_refuses_garbage_with_a_4xx(&app, app.browser(), "a visitor").await;
    let (admin, _) = app.signed_in("admin@example.jp", Role::Admin).await;
    every_server_function_refuses_garbage_with_a_4xx(&app, admin, "an administrator").await;
});

both_backends!(malformed_calls_named_in_the_outside_test_are_4xx_with_a_translated_message, |app| async move {
    let (mut staff, _) = app.signed_in("staff@example.jp", Role::Admin).await;
    staff.accept_language = Some("en".into());
    staff.get("/").await;
    let res = staff.call_server_fn("/api/add_to_ballot", &[("id", "abc"), ("project_id", "1")]).await;
    res.assert_status(422);
    assert_eq!(res.json()["code"], "invalid_input");
    // The inbox and the action log, called with nothing (as client-side navigation did).
    let res = staff.get_json("/api/inbox").await;
    assert!(res.status == 200, "inbox without arguments: {} {}", res.status, res.body);
    let res = staff.get_json("/api/report_list").await;
    assert!(res.status == 200, "report list without arguments: {} {}", res.status, res.body);
    staff.get_json("/api/action_log").await.assert_status(200);
    // JSON where a form is expected.
    let res = staff.post_json("/api/follow_proposal", &serde_json::json!({"id": 1})).await;
    assert_eq!((res.status, res.json()["code"].as_str()), (422, Some("invalid_input")));
    // The wrong CSRF token on the staff record lookup (a GET that writes the log).
    let res = staff.get_json("/api/personal_record?user_id=1&reason=audit&csrf=forged").await;
    res.assert_status(403);
    assert_eq!(res.json()["code"], "csrf_invalid");
});

both_backends!(oversized_bodies_are_413_before_they_are_read, |app| async move {
    app.account("admin@example.jp", Role::Admin).await;
    let (_, token) = app
        .run(|svc| {
            yoriai_services::accounts::issue_api_token(svc, &yoriai_domain::Actor::System, "admin@example.jp", "t")
        })
        .await
        .unwrap();
    let mut b = app.browser();
    let big = "x".repeat(300 * 1024);
    let body = serde_urlencoded::to_string([("id", "1"), ("body", big.as_str())]).unwrap();
    let auth = format!("Bearer {token}");
    let res = b
        .request_raw_with(
            "POST",
            "/api/add_comment",
            "application/x-www-form-urlencoded",
            body.into_bytes(),
            &[("authorization", &auth)],
        )
        .await;
    assert_eq!(res.status, 413, "{}", res.body);
    // A 1 MB JSON body to the REST API.
    let json = serde_json::json!({"title": "x".repeat(1024 * 1024), "body": "y"});
    let res = b.request("POST", "/api/v1/processes/1/proposals", &[("authorization", &auth)], Some(json)).await;
    assert_eq!(res.status, 413, "{}", res.body);
    assert_eq!(res.json()["code"], "request_too_large");
});

both_backends!(a_refused_form_keeps_what_was_typed_off_the_url_and_on_the_page, |app| async move {
    let (_, _) = open_process(&app, "ideas", open_phase("", "")).await;
    let mut b = app.signed_in_resident("ami@example.jp", yoriai_tests::PASSWORD).await;
    b.accept_language = Some("en".into());
    // An earlier success notice is in the page's URL.
    b.get("/processes/ideas/proposals/new?notice=draft-saved").await.assert_status(200);
    let secret_body = format!("My phone is 090-1234-5678. {}", "long text ".repeat(900));
    let res = b.post_form("/api/create_draft", &[("slug", "ideas"), ("title", "x"), ("body", &secret_body)]).await;
    res.assert_status(303);
    let location = res.location().unwrap();
    assert!(location.len() < 600, "the URL carries only the error: {} bytes", location.len());
    assert!(!location.contains("090") && !location.contains("long"), "typed text in the URL: {location}");
    assert!(!location.contains("notice="), "the old success notice is dropped: {location}");
    assert!(location.starts_with("/processes/ideas/proposals/new?"), "{location}");
    // The page shows the error and what was typed.
    let cookies = b.cookies.clone();
    let page = b.get(&location).await;
    page.assert_status(200);
    page.assert_contains("090-1234-5678").assert_contains("error-summary");
    page.assert_not_contains("Your draft is saved");
    // A render that stalled is done again (render_guard) by the same browser, whose
    // cookie was not yet cleared: the text is still there for it.
    let mut redo = app.browser();
    redo.cookies = cookies;
    redo.get(&location).await.assert_status(200).assert_contains("090-1234-5678");
    // Read once: opening the page again does not show it to whoever comes next.
    let again = b.get(&location).await;
    again.assert_not_contains("090-1234-5678");
});

both_backends!(redirect_targets_are_only_paths_on_this_site, |app| async move {
    app.account("ami@example.jp", Role::Resident).await;
    // (`?next=/%09/evil.example` in a link arrives in the form as a real tab.)
    for next in ["/\t/evil.example", "/\n/evil.example", "//evil.example", "/\\evil.example", "https://evil.example"] {
        let mut b = app.browser();
        b.get("/sign-in").await;
        let res = b
            .post_form(
                "/api/sign_in",
                &[("email", "ami@example.jp"), ("password", yoriai_tests::PASSWORD), ("next", next)],
            )
            .await;
        res.assert_status(303);
        let location = res.location().unwrap();
        assert!(location.starts_with('/') && !location.starts_with("//"), "{next:?} → {location}");
        assert!(!location.contains("evil"), "{next:?} → {location}");
        let res = b.post_form("/language", &[("lang", "en"), ("next", next)]).await;
        let location = res.location().unwrap();
        assert!(!location.contains("evil"), "language {next:?} → {location}");
    }
});

both_backends!(every_429_says_when_to_try_again, |app| async move {
    app.account("ami@example.jp", Role::Resident).await;
    let mut b = app.browser();
    let mut last = None;
    for _ in 0..6 {
        let res = b
            .request(
                "POST",
                "/api/v1/session",
                &[],
                Some(serde_json::json!({"email": "ami@example.jp", "password": "wrong password here"})),
            )
            .await;
        last = Some(res);
    }
    let res = last.unwrap();
    res.assert_status(429);
    let retry: i64 = res.header("retry-after").expect("Retry-After").parse().unwrap();
    assert!((60..=15 * 60).contains(&retry), "{retry}");
    // The same lock through the sign-in form, called as the page's JavaScript does.
    b.get("/sign-in").await;
    let res =
        b.call_server_fn("/api/sign_in", &[("email", "ami@example.jp"), ("password", "wrong password here")]).await;
    res.assert_status(429);
    assert!(res.header("retry-after").is_some());
});

/// A small PNG.
fn png() -> Vec<u8> {
    let img = image::RgbImage::from_fn(40, 30, |x, y| image::Rgb([x as u8 * 5, y as u8 * 7, 90]));
    let mut out = Vec::new();
    image::DynamicImage::ImageRgb8(img).write_to(&mut std::io::Cursor::new(&mut out), image::ImageFormat::Png).unwrap();
    out
}

both_backends!(parallel_uploads_cannot_pass_a_gallery_limit, |app| async move {
    let (admin, _) = open_process(&app, "ideas", open_phase("", "")).await;
    let author = app.account("author@example.jp", Role::Resident).await;
    let proposal = {
        let a = author.clone();
        app.run(move |svc| {
            yoriai_services::proposals::create_draft(
                svc,
                &a,
                "ideas",
                yoriai_services::proposals::ProposalInput {
                    title: "Benches by the river".into(),
                    body: "A body long enough to be a proposal.".into(),
                    ..Default::default()
                },
            )
        })
        .await
        .unwrap()
    };
    let category = street_category(&app, &admin).await;
    let report = street_report(&app, &author, category, "A hole in the road").await;
    let bytes = png();
    // Eight pictures at once at a proposal (limit 5), six at a report (limit 3).
    let uploads = (0..14).map(|n| {
        let (a, bytes) = (author.clone(), bytes.clone());
        app.run(move |svc| {
            if n < 8 {
                yoriai_services::proposals::add_proposal_image(svc, &a, proposal, &bytes, "")
            } else {
                yoriai_services::reports::add_report_photo(svc, &a, report, &bytes, "", None)
            }
        })
    });
    let results = futures::future::join_all(uploads).await;
    for r in &results {
        if let Err(e) = r {
            let full = match e {
                yoriai_services::ServiceError::Rejected(r) => r.fields.iter().any(|f| {
                    matches!(f.code, yoriai_domain::ErrorCode::TooManyImages | yoriai_domain::ErrorCode::PhotoLimit)
                }),
                _ => false,
            };
            assert!(full, "{e:?}");
        }
    }
    let (images, photos) = app.with_conn(|c| {
        use yoriai_store::uploads::Gallery;
        (Gallery::Proposal(proposal).count(c).unwrap(), Gallery::Report(report).count(c).unwrap())
    });
    assert_eq!((images, photos), (5, 3));
    let stored = results.iter().filter(|r| r.is_ok()).count();
    assert_eq!(stored, 5 + 3, "every refused upload left nothing behind");
    // Refused uploads leave no files: one display version and one thumbnail per picture.
    let files = walk(&app.data_dir().join("uploads"));
    assert_eq!(files, (5 + 3) * 2, "files on disk");
});

fn walk(dir: &std::path::Path) -> usize {
    let Ok(entries) = std::fs::read_dir(dir) else { return 0 };
    entries
        .map(|e| e.unwrap().path())
        .map(|p| if p.is_dir() { walk(&p) } else { usize::from(p.extension().is_some_and(|x| x == "jpg")) })
        .sum()
}

both_backends!(a_proposal_the_json_api_cannot_publish_leaves_no_draft_behind, |app| async move {
    use diesel::connection::SimpleConnection;
    open_process(&app, "ideas", open_phase("", "")).await;
    app.account("ami@example.jp", Role::Resident).await;
    let (_, token) = app
        .run(|svc| {
            yoriai_services::accounts::issue_api_token(svc, &yoriai_domain::Actor::System, "ami@example.jp", "t")
        })
        .await
        .unwrap();
    let auth = format!("Bearer {token}");
    // The database refuses the publication itself (a fault injected with a trigger).
    let refuse = match app.backend {
        yoriai_tests::Backend::Postgres => {
            "CREATE FUNCTION refuse_publication() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'refused'; END $$ \
             LANGUAGE plpgsql; CREATE TRIGGER refuse_publication BEFORE UPDATE ON proposals FOR EACH ROW \
             WHEN (NEW.state = 'published') EXECUTE FUNCTION refuse_publication();"
        }
        yoriai_tests::Backend::Sqlite => {
            "CREATE TRIGGER refuse_publication BEFORE UPDATE ON proposals WHEN NEW.state = 'published' \
             BEGIN SELECT RAISE(ABORT, 'refused'); END;"
        }
    };
    app.with_conn(|c| c.batch_execute(refuse).unwrap());
    let body = serde_json::json!({"title": "Benches by the river", "body": "Please put benches by the river.", "publish": true});
    let mut b = app.browser();
    let res =
        b.request("POST", "/api/v1/processes/ideas/proposals", &[("authorization", &auth)], Some(body.clone())).await;
    assert_eq!(res.status, 500, "{}", res.body);
    assert!(res.json()["request_id"].is_string(), "an internal error carries its reference: {}", res.body);
    let count = app.with_conn(|c| {
        use diesel::prelude::*;
        yoriai_store::schema::proposals::table.count().get_result::<i64>(c).unwrap()
    });
    assert_eq!(count, 0, "no draft was left behind");
    app.with_conn(|c| {
        c.batch_execute("DROP TRIGGER refuse_publication ON proposals")
            .or_else(|_| c.batch_execute("DROP TRIGGER refuse_publication"))
            .unwrap()
    });
    let res = b.request("POST", "/api/v1/processes/ideas/proposals", &[("authorization", &auth)], Some(body)).await;
    assert_eq!(res.status, 201, "{}", res.body);
});
