//! The JSON API under /api/v1 and its OpenAPI document.

use yoriai_tests::both_backends;

const PASSWORD: &str = "tsuruga castle in spring";

both_backends!(the_api_signs_up_signs_in_and_reports_the_current_account, |app| async move {
    let mut api = app.browser();
    let res = api
        .post_json(
            "/api/v1/users",
            &serde_json::json!({"email": "api@example.jp", "display_name": "API", "password": PASSWORD}),
        )
        .await;
    res.assert_status(202);
    let mail = app.wait_for_mail("api@example.jp", "").await;
    let token = app.link_path(&mail).split("token=").nth(1).unwrap().to_owned();
    yoriai_services::accounts::confirm_email(&app.services, &token).unwrap();

    api.get_json("/api/v1/me").await.assert_status(401);
    let res =
        api.post_json("/api/v1/session", &serde_json::json!({"email": "api@example.jp", "password": PASSWORD})).await;
    res.assert_status(200);
    assert_eq!(res.json()["display_name"], "API");
    let me = api.get_json("/api/v1/me").await;
    me.assert_status(200);
    let json = me.json();
    assert_eq!(json["email"], "api@example.jp");
    assert_eq!(json["role"], "resident");
    assert_eq!(json["email_confirmed"], true);
    // Signing out with the cookie needs the CSRF header (not JSON).
    let res = api.request("DELETE", "/api/v1/session", &[], None).await;
    res.assert_status(403);
    api.get("/").await;
    let res = api.delete("/api/v1/session").await;
    res.assert_status(204);
    api.get_json("/api/v1/me").await.assert_status(401);
});

both_backends!(api_errors_have_a_stable_code_and_a_translated_message, |app| async move {
    let mut api = app.browser();
    api.accept_language = Some("ja".into());
    let res = api
        .post_json("/api/v1/users", &serde_json::json!({"email": "bad", "display_name": "X", "password": PASSWORD}))
        .await;
    res.assert_status(422);
    let json = res.json();
    assert_eq!(json["code"], "invalid_input");
    assert_eq!(json["fields"][0]["field"], "email");
    assert_eq!(json["fields"][0]["code"], "email_invalid");
    assert!(json["fields"][0]["message"].as_str().unwrap().contains("メールアドレス"));
    api.accept_language = Some("en".into());
    let res = api
        .post_json("/api/v1/session", &serde_json::json!({"email": "nobody@example.jp", "password": "wrong one"}))
        .await;
    res.assert_status(401);
    assert_eq!(res.json()["message"], "The email address or password is not correct.");
    // Malformed JSON is the caller's fault, not ours.
    let res = api.request("POST", "/api/v1/users", &[("content-type", "application/json")], None).await;
    assert_eq!(res.status, 400);
    let res = api.get_json("/api/v1/nothing-here").await;
    res.assert_status(404);
    assert_eq!(res.json()["code"], "not_found");
});

both_backends!(the_openapi_document_lists_only_routes_that_exist, |app| async move {
    // Something for the documented paths to find.
    let admin = app.account("doc-admin@example.jp", yoriai_domain::Role::Admin).await;
    let proposal_id = app
        .run(move |svc| {
            use yoriai_services::processes::*;
            let pid = create_process(
                svc,
                &admin,
                ProcessInput {
                    slug: "doc".into(),
                    title_ja: "文書".into(),
                    title_en: "Docs".into(),
                    published: true,
                    ..Default::default()
                },
            )?;
            add_phase(
                svc,
                &admin,
                pid,
                PhaseInput {
                    title_ja: "募集".into(),
                    title_en: "Call".into(),
                    proposals_open: true,
                    ..Default::default()
                },
            )?;
            let id = yoriai_services::proposals::create_draft(
                svc,
                &admin,
                "doc",
                yoriai_services::proposals::ProposalInput {
                    title: "Documented".into(),
                    body: "A body long enough to count.".into(),
                    ..Default::default()
                },
            )?;
            yoriai_services::proposals::publish_proposal(svc, &admin, id)?;
            Ok(id)
        })
        .await
        .unwrap();
    // A client with a token, as API clients are: a cookie-less unsafe request is
    // otherwise refused by the CSRF guard (403) before routing decides on 405.
    let (_, token) = app
        .run(|svc| {
            yoriai_services::accounts::issue_api_token(
                svc,
                &yoriai_domain::Actor::System,
                "doc-admin@example.jp",
                "doc",
            )
        })
        .await
        .unwrap();
    let bearer = format!("Bearer {token}");
    let mut api = app.browser();
    let doc = api.get_json("/api/v1/openapi.json").await;
    doc.assert_status(200);
    let json = doc.json();
    assert_eq!(json["openapi"], "3.1.0");
    let paths = json["paths"].as_object().unwrap();
    assert!(paths.len() >= 5);
    for (path, methods) in paths {
        for method in methods.as_object().unwrap().keys() {
            let id = if path.starts_with("/processes") { "doc".to_owned() } else { proposal_id.to_string() };
            let concrete = path.replace("{id}", &id).replace("{dataset}", "processes");
            let res = api
                .request(&method.to_uppercase(), &format!("/api/v1{concrete}"), &[], Some(serde_json::json!({})))
                .await;
            assert_ne!(res.status, 404, "{method} {path} is documented but not routed");
            assert_ne!(res.status, 405, "{method} {path} is documented but not routed");
            assert!(res.status < 500, "{method} {path} answered {}", res.status);
        }
        // Any other method is 405 with an Allow header naming exactly the documented ones.
        let mut documented: Vec<String> = methods.as_object().unwrap().keys().map(|m| m.to_uppercase()).collect();
        documented.sort();
        let id = if path.starts_with("/processes") { "doc".to_owned() } else { proposal_id.to_string() };
        let concrete = path.replace("{id}", &id).replace("{dataset}", "processes");
        for other in ["GET", "POST", "PUT", "PATCH", "DELETE", "TRACE"] {
            if documented.iter().any(|m| m == other) {
                continue;
            }
            let res = api.request(other, &format!("/api/v1{concrete}"), &[("authorization", &bearer)], None).await;
            assert_eq!(res.status, 405, "{other} {path} answered {}", res.status);
            let mut allowed: Vec<String> =
                res.header("allow").unwrap_or_default().split(',').map(|m| m.trim().to_owned()).collect();
            allowed.sort();
            assert_eq!(allowed, documented, "Allow of {path}");
            assert_eq!(res.json()["code"], "method_not_allowed");
        }
    }
});
