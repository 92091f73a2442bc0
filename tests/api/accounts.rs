//! Account flows through the forms, as a browser without JavaScript uses them
//! (and, where noted, as the hydrated page's server-function client does).

use yoriai_tests::{both_backends, spawn_app_with, Backend, Spawn};

const PASSWORD: &str = "tsuruga castle in spring";

both_backends!(a_newcomer_signs_up_confirms_by_the_emailed_link_and_signs_in, |app| async move {
    let mut b = app.browser();
    b.get("/sign-up").await.assert_status(200).assert_contains("name=\"csrf\"");
    let res = b
        .post_form(
            "/api/sign_up",
            &[("email", "Aiko.Sato@Example.jp"), ("display_name", "Aiko"), ("password", PASSWORD)],
        )
        .await;
    res.assert_status(303);
    assert_eq!(res.location().as_deref(), Some("/sign-up/check-email"));
    b.get("/sign-up/check-email").await.assert_status(200);

    let mail = app.wait_for_mail("aiko.sato@example.jp", "").await;
    assert!(mail.body.contains("Aiko"), "greets by name: {}", mail.body);
    let link = app.link_path(&mail);
    assert!(link.starts_with("/confirm-email?token="), "{link}");

    // Opening the link shows a button; nothing is used up by a mere GET.
    b.get(&link).await.assert_status(200).assert_contains("name=\"token\"");
    let token = link.split("token=").nth(1).unwrap().to_owned();
    let res = b.post_form("/api/confirm_email", &[("token", &token)]).await;
    res.assert_status(303);
    assert_eq!(res.location().as_deref(), Some("/sign-in?notice=email-confirmed"));

    let res =
        b.post_form("/api/sign_in", &[("email", "aiko.sato@example.jp"), ("password", PASSWORD), ("next", "")]).await;
    res.assert_status(303);
    assert!(b.cookies.contains_key("yoriai_session"), "session cookie set");
    let home = b.get("/").await;
    home.assert_status(200).assert_contains("Aiko");
    b.get("/account").await.assert_status(200).assert_contains("aiko.sato@example.jp");
});

both_backends!(sign_up_errors_are_shown_on_the_page_and_typed_values_are_kept, |app| async move {
    let mut b = app.browser();
    b.accept_language = Some("en".into());
    b.get("/sign-up").await;
    let res = b
        .post_form("/api/sign_up", &[("email", "not-an-email"), ("display_name", "Aiko"), ("password", "short")])
        .await;
    res.assert_status(303);
    let back = res.location().expect("redirected back to the form");
    assert!(back.contains("__err="), "{back}");
    let path = back.strip_prefix(&b.url("")).unwrap_or(&back).to_owned();
    let page = b.get(&path).await;
    page.assert_status(200)
        .assert_contains("Enter an email address like name@example.jp.")
        .assert_contains("Use at least 10 characters.")
        .assert_contains("value=\"not-an-email\"")
        .assert_contains("aria-invalid=\"true\"")
        .assert_not_contains("value=\"short\"");
    app.with_conn(|c| assert_eq!(yoriai_store::users::count(c).unwrap(), 0, "nothing saved"));
});

both_backends!(sign_up_errors_come_back_as_json_for_the_hydrated_page, |app| async move {
    let mut b = app.browser();
    b.get("/sign-up").await;
    let res = b
        .call_server_fn(
            "/api/sign_up",
            &[("email", "aiko@example.jp"), ("display_name", ""), ("password", "aiko@example.jp")],
        )
        .await;
    res.assert_status(422);
    let json = res.json();
    assert_eq!(json["code"], "invalid_input");
    let fields: Vec<(String, String)> = json["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["field"].as_str().unwrap().to_owned(), f["code"].as_str().unwrap().to_owned()))
        .collect();
    assert!(fields.contains(&("display_name".into(), "required".into())), "{fields:?}");
    assert!(fields.contains(&("password".into(), "password_contains_email".into())), "{fields:?}");
});

both_backends!(a_second_sign_up_with_the_same_email_looks_the_same_and_tells_the_owner, |app| async move {
    let mut b = app.browser();
    b.get("/sign-up").await;
    let first = b
        .post_form("/api/sign_up", &[("email", "ken@example.jp"), ("display_name", "Ken"), ("password", PASSWORD)])
        .await;
    let second = b
        .post_form(
            "/api/sign_up",
            &[("email", "ken@example.jp"), ("display_name", "Other"), ("password", "an entirely different passphrase")],
        )
        .await;
    assert_eq!(first.status, second.status);
    assert_eq!(first.location(), second.location());
    app.wait_for_mail("ken@example.jp", "confirm_email").await;
    let notice = app.wait_for_mail("ken@example.jp", "existing_account").await;
    assert!(notice.body.contains("/forgot-password"));
    app.with_conn(|c| assert_eq!(yoriai_store::users::count(c).unwrap(), 1));
});

both_backends!(an_unconfirmed_account_cannot_sign_in_and_can_ask_for_a_new_link, |app| async move {
    let mut b = app.browser();
    b.accept_language = Some("en".into());
    b.get("/sign-up").await;
    b.post_form("/api/sign_up", &[("email", "mei@example.jp"), ("display_name", "Mei"), ("password", PASSWORD)]).await;
    let res = b.call_server_fn("/api/sign_in", &[("email", "mei@example.jp"), ("password", PASSWORD)]).await;
    res.assert_status(403);
    assert_eq!(res.json()["code"], "email_not_confirmed");
    assert!(!b.cookies.contains_key("yoriai_session"));
});

both_backends!(a_confirmation_link_works_once, |app| async move {
    let mut b = app.browser();
    b.get("/sign-up").await;
    b.post_form("/api/sign_up", &[("email", "yui@example.jp"), ("display_name", "Yui"), ("password", PASSWORD)]).await;
    let mail = app.wait_for_mail("yui@example.jp", "").await;
    let token = app.link_path(&mail).split("token=").nth(1).unwrap().to_owned();
    b.post_form("/api/confirm_email", &[("token", &token)]).await.assert_status(303);
    let again = b.call_server_fn("/api/confirm_email", &[("token", &token)]).await;
    again.assert_status(422);
    assert_eq!(again.json()["code"], "token_invalid");
    let garbage = b.call_server_fn("/api/confirm_email", &[("token", "not-a-token")]).await;
    assert_eq!(garbage.json()["code"], "token_invalid");
});

#[actix_web::test]
async fn an_expired_confirmation_link_is_refused() {
    let settings = yoriai_services::Settings { confirm_ttl: chrono::Duration::seconds(0), ..Default::default() };
    let app = spawn_app_with(Backend::Sqlite, Spawn { settings: Some(settings), ..Default::default() }).await;
    let mut b = app.browser();
    b.get("/sign-up").await;
    b.post_form("/api/sign_up", &[("email", "old@example.jp"), ("display_name", "Old"), ("password", PASSWORD)]).await;
    let mail = app.wait_for_mail("old@example.jp", "").await;
    let token = app.link_path(&mail).split("token=").nth(1).unwrap().to_owned();
    let res = b.call_server_fn("/api/confirm_email", &[("token", &token)]).await;
    assert_eq!(res.json()["code"], "token_invalid");
}

both_backends!(a_wrong_password_and_an_unknown_email_get_the_same_answer, |app| async move {
    let mut b = app.signed_in_resident("sora@example.jp", PASSWORD).await;
    b.post_form("/sign-out", &[]).await.assert_status(303);
    let wrong =
        b.call_server_fn("/api/sign_in", &[("email", "sora@example.jp"), ("password", "not the password")]).await;
    let unknown =
        b.call_server_fn("/api/sign_in", &[("email", "nobody@example.jp"), ("password", "not the password")]).await;
    assert_eq!(wrong.status, 401);
    assert_eq!(wrong.status, unknown.status);
    assert_eq!(wrong.json()["code"], unknown.json()["code"]);
    assert_eq!(wrong.json()["code"], "invalid_credentials");
});

both_backends!(sign_in_is_throttled_per_account_with_a_clear_message, |app| async move {
    let mut b = app.signed_in_resident("riku@example.jp", PASSWORD).await;
    b.post_form("/sign-out", &[]).await;
    b.accept_language = Some("en".into());
    for _ in 0..4 {
        let res = b
            .call_server_fn("/api/sign_in", &[("email", "riku@example.jp"), ("password", "wrong password here")])
            .await;
        assert_eq!(res.json()["code"], "invalid_credentials");
    }
    let fifth =
        b.call_server_fn("/api/sign_in", &[("email", "riku@example.jp"), ("password", "wrong password here")]).await;
    fifth.assert_status(429);
    let json = fifth.json();
    assert_eq!(json["code"], "too_many_attempts");
    assert!(json["args"].to_string().contains("15"), "{json}");
    // Even the right password waits until the lock ends.
    let right = b.call_server_fn("/api/sign_in", &[("email", "riku@example.jp"), ("password", PASSWORD)]).await;
    assert_eq!(right.json()["code"], "too_many_attempts");
    // And the page says so in words.
    b.get("/sign-in").await;
    let res = b.post_form("/api/sign_in", &[("email", "riku@example.jp"), ("password", PASSWORD)]).await;
    let back = res.location().unwrap();
    let path = back.strip_prefix(&b.url("")).unwrap_or(&back).to_owned();
    // The account was created in Japanese, so its language cookie says ja.
    b.get(&path).await.assert_contains("試行回数が多すぎます。15 分待ってからもう一度お試しください。");
});

#[actix_web::test]
async fn sign_in_is_throttled_per_client_address() {
    let settings = yoriai_services::Settings { ip_max_failures: 3, ..Default::default() };
    let app = spawn_app_with(Backend::Sqlite, Spawn { settings: Some(settings), ..Default::default() }).await;
    let mut b = app.browser();
    b.get("/sign-in").await;
    for i in 0..2 {
        let email = format!("someone{i}@example.jp");
        let res = b.call_server_fn("/api/sign_in", &[("email", &email), ("password", "wrong password here")]).await;
        assert_eq!(res.json()["code"], "invalid_credentials");
    }
    let res = b
        .call_server_fn("/api/sign_in", &[("email", "someone9@example.jp"), ("password", "wrong password here")])
        .await;
    assert_eq!(res.json()["code"], "too_many_attempts");
    let res =
        b.call_server_fn("/api/sign_in", &[("email", "fresh@example.jp"), ("password", "wrong password here")]).await;
    assert_eq!(res.json()["code"], "too_many_attempts", "a new email from the same address is locked too");
}

both_backends!(changing_the_password_needs_the_current_one_and_signs_out_other_devices, |app| async move {
    let mut phone = app.signed_in_resident("hana@example.jp", PASSWORD).await;
    let mut laptop = app.browser();
    laptop.get("/sign-in").await;
    laptop.post_form("/api/sign_in", &[("email", "hana@example.jp"), ("password", PASSWORD)]).await.assert_status(303);
    laptop.get("/account").await.assert_status(200);

    phone.get("/account").await;
    let wrong = phone
        .call_server_fn(
            "/api/change_password",
            &[("current_password", "not it at all"), ("new_password", "a brand new passphrase")],
        )
        .await;
    assert_eq!(wrong.json()["fields"][0]["code"], "current_password_wrong");
    let weak = phone
        .call_server_fn("/api/change_password", &[("current_password", PASSWORD), ("new_password", "hana@example.jp")])
        .await;
    assert_eq!(weak.json()["fields"][0]["field"], "new_password");

    let res = phone
        .post_form(
            "/api/change_password",
            &[("current_password", PASSWORD), ("new_password", "a brand new passphrase")],
        )
        .await;
    res.assert_status(303);
    assert_eq!(res.location().as_deref(), Some("/account?notice=password-changed"));
    phone.get("/account").await.assert_status(200);
    // The laptop's session ended.
    let res = laptop.get("/account").await;
    assert_eq!(res.status, 302, "signed-out browsers are sent to sign in");
    app.wait_for_mail("hana@example.jp", "password_changed").await;
    // Old password no longer works; the new one does.
    let mut other = app.browser();
    other.get("/sign-in").await;
    assert_eq!(
        other.call_server_fn("/api/sign_in", &[("email", "hana@example.jp"), ("password", PASSWORD)]).await.status,
        401
    );
    other
        .post_form("/api/sign_in", &[("email", "hana@example.jp"), ("password", "a brand new passphrase")])
        .await
        .assert_status(303);
});

both_backends!(a_forgotten_password_is_reset_by_the_emailed_link_once, |app| async move {
    let mut signed_in = app.signed_in_resident("taro@example.jp", PASSWORD).await;
    let mut b = app.browser();
    b.get("/forgot-password").await;
    let res = b.post_form("/api/request_password_reset", &[("email", "taro@example.jp")]).await;
    assert_eq!(res.location().as_deref(), Some("/forgot-password?notice=reset-sent"));
    let mail = app.wait_for_mail("taro@example.jp", "reset_password").await;
    let link = app.link_path(&mail);
    assert!(link.starts_with("/reset-password?token="), "{link}");
    b.get(&link).await.assert_status(200).assert_contains("name=\"new_password\"");
    let token = link.split("token=").nth(1).unwrap().to_owned();
    let res =
        b.post_form("/api/reset_password", &[("token", &token), ("new_password", "completely different words")]).await;
    res.assert_status(303);
    assert_eq!(res.location().as_deref(), Some("/sign-in?notice=password-reset"));
    // Used once only.
    let again = b
        .call_server_fn("/api/reset_password", &[("token", &token), ("new_password", "yet another set of words")])
        .await;
    assert_eq!(again.json()["code"], "token_invalid");
    b.get(&link).await.assert_contains("error-summary");
    // Every session ended.
    assert_eq!(signed_in.get("/account").await.status, 302);
    b.post_form("/api/sign_in", &[("email", "taro@example.jp"), ("password", "completely different words")])
        .await
        .assert_status(303);
});

both_backends!(a_reset_request_for_an_unknown_email_answers_the_same_and_sends_nothing, |app| async move {
    let mut b = app.browser();
    b.get("/forgot-password").await;
    let res = b.post_form("/api/request_password_reset", &[("email", "ghost@example.jp")]).await;
    assert_eq!(res.location().as_deref(), Some("/forgot-password?notice=reset-sent"));
    actix_web::rt::time::sleep(std::time::Duration::from_millis(300)).await;
    assert_eq!(app.mail_count("ghost@example.jp"), 0);
});

both_backends!(an_email_change_takes_effect_only_when_the_new_address_confirms, |app| async move {
    let mut b = app.signed_in_resident("kumi@example.jp", PASSWORD).await;
    b.get("/account").await;
    let same = b
        .call_server_fn("/api/change_email", &[("new_email", "kumi@example.jp"), ("current_password", PASSWORD)])
        .await;
    assert_eq!(same.json()["fields"][0]["code"], "email_unchanged");
    let res =
        b.post_form("/api/change_email", &[("new_email", "kumi.new@example.jp"), ("current_password", PASSWORD)]).await;
    assert_eq!(res.location().as_deref(), Some("/account?notice=email-change-sent"));
    let notice = app.wait_for_mail("kumi@example.jp", "change_email_notice").await;
    assert!(notice.body.contains("k***@example.jp"), "masked new address: {}", notice.body);
    // Still the old address until confirmed.
    b.get("/account").await.assert_contains("kumi@example.jp");
    let mail = app.wait_for_mail("kumi.new@example.jp", "change_email").await;
    let link = app.link_path(&mail);
    assert!(link.starts_with("/account/confirm-email?token="));
    let token = link.split("token=").nth(1).unwrap().to_owned();
    b.post_form("/api/confirm_email_change", &[("token", &token)]).await.assert_status(303);
    b.get("/account").await.assert_contains("kumi.new@example.jp");
});

both_backends!(signing_out_ends_the_session_and_other_devices_can_be_signed_out, |app| async move {
    let mut a = app.signed_in_resident("nao@example.jp", PASSWORD).await;
    let mut b2 = app.browser();
    b2.get("/sign-in").await;
    b2.post_form("/api/sign_in", &[("email", "nao@example.jp"), ("password", PASSWORD)]).await;
    let mut b3 = app.browser();
    b3.get("/sign-in").await;
    b3.post_form("/api/sign_in", &[("email", "nao@example.jp"), ("password", PASSWORD)]).await;
    a.get("/account").await.assert_contains("この端末を含め 3 台の端末でログインしています。");
    let res = a.post_form("/api/sign_out_others", &[]).await;
    assert_eq!(res.location().as_deref(), Some("/account?notice=others-signed-out&n=2"));
    a.get("/account?notice=others-signed-out&n=2").await.assert_status(200);
    assert_eq!(b2.get("/account").await.status, 302);
    assert_eq!(b3.get("/account").await.status, 302);
    let res = a.post_form("/sign-out", &[]).await;
    assert_eq!(res.location().as_deref(), Some("/?notice=signed-out"));
    assert!(!a.cookies.contains_key("yoriai_session"));
    assert_eq!(a.get("/account").await.status, 302);
});

both_backends!(signing_in_again_renews_the_session, |app| async move {
    let mut b = app.signed_in_resident("rin@example.jp", PASSWORD).await;
    let first = b.cookies.get("yoriai_session").cloned().unwrap();
    b.get("/sign-in").await;
    b.post_form("/api/sign_in", &[("email", "rin@example.jp"), ("password", PASSWORD)]).await.assert_status(303);
    let second = b.cookies.get("yoriai_session").cloned().unwrap();
    assert_ne!(first, second);
});

both_backends!(over_long_fields_get_clear_errors_and_nothing_is_saved, |app| async move {
    let mut b = app.browser();
    b.get("/sign-up").await;
    let long_name = "あ".repeat(51);
    let long_email = format!("{}@example.jp", "a".repeat(250));
    let res = b
        .call_server_fn("/api/sign_up", &[("email", &long_email), ("display_name", &long_name), ("password", PASSWORD)])
        .await;
    let json = res.json();
    let codes: Vec<&str> = json["fields"].as_array().unwrap().iter().map(|f| f["code"].as_str().unwrap()).collect();
    assert_eq!(codes, vec!["too_long", "too_long"]);
    // A megabyte body is refused with a page, not a crash.
    let huge = "x".repeat(1024 * 1024);
    let res =
        b.post_form("/api/sign_up", &[("email", "big@example.jp"), ("display_name", "Big"), ("password", &huge)]).await;
    res.assert_status(413);
    res.assert_contains("送信内容が大きすぎます");
    app.with_conn(|c| assert_eq!(yoriai_store::users::count(c).unwrap(), 0));
});
