//! CSRF, cookies, sessions, headers and bearer tokens.

use yoriai_domain::{Actor, Role};
use yoriai_services::accounts::{create_user, issue_api_token, CreateUserInput};
use yoriai_tests::{both_backends, spawn_app_with, Backend, Spawn};

const PASSWORD: &str = "tsuruga castle in spring";

both_backends!(a_form_post_with_a_forged_csrf_token_is_refused_and_changes_nothing, |app| async move {
    let mut b = app.browser();
    b.accept_language = Some("en".into());
    b.get("/sign-up").await;
    let res = b
        .post_form_raw(
            "/api/sign_up",
            &[("csrf", "forged"), ("email", "x@example.jp"), ("display_name", "X"), ("password", PASSWORD)],
        )
        .await;
    res.assert_status(403).assert_contains("This form has expired");
    let res = b
        .post_form_raw("/api/sign_up", &[("email", "x@example.jp"), ("display_name", "X"), ("password", PASSWORD)])
        .await;
    res.assert_status(403);
    // A token valid for another browser's cookie does not transfer.
    let mut other = app.browser();
    other.get("/sign-up").await;
    let stolen = other.csrf.clone().unwrap();
    let res = b
        .post_form_raw(
            "/api/sign_up",
            &[("csrf", &stolen), ("email", "x@example.jp"), ("display_name", "X"), ("password", PASSWORD)],
        )
        .await;
    res.assert_status(403);
    app.with_conn(|c| assert_eq!(yoriai_store::users::count(c).unwrap(), 0));
});

// The hydrated page sends the token in `X-CSRF-Token` (server functions take no `csrf`
// argument): a forged, missing or borrowed header is refused before the function runs.
both_backends!(a_server_function_call_needs_the_csrf_header_of_its_own_browser, |app| async move {
    let mut b = app.browser();
    b.accept_language = Some("en".into());
    b.get("/sign-up").await;
    let own = b.csrf.clone().unwrap();
    let fields = [("email", "x@example.jp"), ("display_name", "X"), ("password", PASSWORD)];
    let mut other = app.browser();
    other.get("/sign-up").await;
    for presented in ["forged".to_owned(), String::new(), other.csrf.clone().unwrap()] {
        b.csrf = Some(presented);
        let res = b.call_server_fn("/api/sign_up", &fields).await;
        res.assert_status(403);
        assert_eq!(res.json()["code"], "csrf_invalid");
    }
    app.with_conn(|c| assert_eq!(yoriai_store::users::count(c).unwrap(), 0));
    b.csrf = Some(own);
    let res = b.call_server_fn("/api/sign_up", &fields).await;
    assert!(res.status < 400, "{} {}", res.status, res.body);
    app.with_conn(|c| assert_eq!(yoriai_store::users::count(c).unwrap(), 1));
});

both_backends!(sign_out_and_language_forms_need_the_csrf_token_too, |app| async move {
    let mut b = app.signed_in_resident("ami@example.jp", PASSWORD).await;
    assert_eq!(b.post_form_raw("/sign-out", &[]).await.status, 403);
    assert_eq!(b.post_form_raw("/language", &[("lang", "en")]).await.status, 403);
    b.get("/account").await.assert_status(200);
});

both_backends!(a_cross_site_request_is_refused_even_as_json, |app| async move {
    let mut b = app.browser();
    let res = b
        .request(
            "POST",
            "/api/v1/session",
            &[("origin", "https://evil.example")],
            Some(serde_json::json!({"email": "a@example.jp", "password": "whatever it is"})),
        )
        .await;
    res.assert_status(403);
    assert_eq!(res.json()["code"], "csrf_invalid");
    let res = b
        .request(
            "POST",
            "/api/v1/session",
            &[("sec-fetch-site", "cross-site")],
            Some(serde_json::json!({"email": "a@example.jp", "password": "x"})),
        )
        .await;
    res.assert_status(403);
});

both_backends!(session_cookies_are_http_only_and_same_site_lax, |app| async move {
    let b = app.signed_in_resident("cookie@example.jp", PASSWORD).await;
    let _ = b;
    let mut c = app.browser();
    c.get("/sign-in").await;
    let res = c.post_form("/api/sign_in", &[("email", "cookie@example.jp"), ("password", PASSWORD)]).await;
    let session = res.set_cookies().into_iter().find(|c| c.starts_with("yoriai_session=")).expect("session cookie");
    assert!(session.contains("HttpOnly"), "{session}");
    assert!(session.contains("SameSite=Lax"), "{session}");
    assert!(!session.contains("Secure"), "plain http: not Secure ({session})");
});

#[actix_web::test]
async fn over_https_cookies_are_secure_and_host_prefixed() {
    let app = spawn_app_with(
        Backend::Sqlite,
        Spawn { public_url: Some("https://yoriai.city.example".into()), ..Default::default() },
    )
    .await;
    let mut b = app.browser();
    let res = b.get("/sign-in").await;
    let csrf =
        res.set_cookies().into_iter().find(|c| c.starts_with("__Host-yoriai_csrf=")).expect("prefixed CSRF cookie");
    assert!(csrf.contains("Secure") && csrf.contains("HttpOnly") && csrf.contains("Path=/"), "{csrf}");
    assert!(res.header("strict-transport-security").is_some());
}

both_backends!(a_tampered_session_cookie_counts_as_signed_out_and_is_cleared, |app| async move {
    let mut b = app.signed_in_resident("mio@example.jp", PASSWORD).await;
    let token = b.cookies.get("yoriai_session").unwrap().clone();
    let mut tampered = token.clone();
    tampered.replace_range(0..1, if token.starts_with('A') { "B" } else { "A" });
    b.cookies.insert("yoriai_session".into(), tampered);
    let res = b.get("/").await;
    res.assert_status(200).assert_contains("/sign-in");
    assert!(res
        .set_cookies()
        .iter()
        .any(|c| c.starts_with("yoriai_session=") && (c.contains("Max-Age=0") || c.contains("1970"))));
    b.cookies.insert("yoriai_session".into(), "x".repeat(5000));
    assert!(b.get("/").await.status < 500);
});

both_backends!(pages_carry_security_headers_and_a_request_id, |app| async move {
    let mut b = app.browser();
    let res = b.get("/sign-in").await;
    let csp = res.header("content-security-policy").expect("CSP");
    let script_src = csp.split(';').find(|d| d.trim().starts_with("script-src")).unwrap();
    assert!(!script_src.contains("unsafe-inline"), "{csp}");
    assert!(script_src.contains("'nonce-"), "{csp}");
    assert!(csp.contains("frame-ancestors 'none'"), "{csp}");
    assert_eq!(res.header("x-content-type-options").as_deref(), Some("nosniff"));
    assert_eq!(res.header("referrer-policy").as_deref(), Some("same-origin"));
    assert!(res.header("x-request-id").is_some_and(|id| id.len() >= 12));
    // The nonce in the header is the one on the page's inline script.
    let nonce = script_src.split("'nonce-").nth(1).unwrap().split('\'').next().unwrap();
    assert!(res.body.contains(&format!("nonce=\"{nonce}\"")), "the hydration script carries the nonce");
    assert_eq!(res.header("cache-control").as_deref(), Some("no-store"));
});

both_backends!(a_personal_access_token_authenticates_api_calls, |app| async move {
    let services = app.services.clone();
    let token = actix_web::web::block(move || {
        create_user(
            &services,
            &Actor::System,
            CreateUserInput {
                email: "script@example.jp".into(),
                display_name: "Script".into(),
                password: PASSWORD.into(),
                role: Role::Admin,
            },
        )
        .unwrap();
        issue_api_token(&services, &Actor::System, "script@example.jp", "ci").unwrap().1
    })
    .await
    .unwrap();
    assert!(token.starts_with("yoriai_pat_"));
    let mut b = app.browser();
    let auth = format!("Bearer {token}");
    let res = b.request("GET", "/api/v1/me", &[("authorization", &auth)], None).await;
    res.assert_status(200);
    assert_eq!(res.json()["role"], "admin");
    let res = b.request("GET", "/api/v1/me", &[("authorization", "Bearer yoriai_pat_wrong")], None).await;
    res.assert_status(401);
    assert_eq!(res.json()["code"], "not_signed_in");
    // A bearer request needs no CSRF token.
    let res = b.request("DELETE", "/api/v1/session", &[("authorization", &auth)], None).await;
    assert_eq!(res.status, 204);
    // Only the hash is stored.
    let stored: Vec<String> = app.with_conn(|c| {
        use diesel::prelude::*;
        yoriai_store::schema::api_tokens::table.select(yoriai_store::schema::api_tokens::token_hash).load(c).unwrap()
    });
    assert!(!stored.iter().any(|h| h.contains(&token)));
});

both_backends!(tokens_and_passwords_are_stored_hashed, |app| async move {
    let _b = app.signed_in_resident("hash@example.jp", PASSWORD).await;
    let (password_hash, session_hashes): (Option<String>, Vec<String>) = app.with_conn(|c| {
        use diesel::prelude::*;
        use yoriai_store::schema::{sessions, users};
        let h = users::table.select(users::password_hash).first(c).unwrap();
        let s = sessions::table.select(sessions::token_hash).load(c).unwrap();
        (h, s)
    });
    assert!(password_hash.unwrap().starts_with("$argon2id$v=19$m=19456,t=2,p=1$"));
    assert_eq!(session_hashes.len(), 1);
    assert_eq!(session_hashes[0].len(), 64, "SHA-256 hex, not the cookie value");
});
