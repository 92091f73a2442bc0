//! Language: from Accept-Language by default, switchable without JavaScript, remembered.

use yoriai_tests::both_backends;

const PASSWORD: &str = "tsuruga castle in spring";

both_backends!(the_language_follows_accept_language_and_sets_html_lang, |app| async move {
    let mut b = app.browser();
    b.accept_language = Some("en-GB,en;q=0.9,ja;q=0.5".into());
    b.get("/").await.assert_contains("<html lang=\"en\"").assert_contains("Welcome to Yoriai");
    let mut j = app.browser();
    j.accept_language = Some("ja-JP".into());
    j.get("/").await.assert_contains("<html lang=\"ja\"").assert_contains("寄合へようこそ");
    let mut other = app.browser();
    other.accept_language = Some("fr-FR".into());
    other.get("/").await.assert_contains("<html lang=\"ja\"");
});

both_backends!(switching_language_works_without_javascript_and_is_remembered, |app| async move {
    let mut b = app.browser();
    b.accept_language = Some("ja".into());
    b.get("/sign-in").await;
    let res = b.post_form("/language", &[("lang", "en"), ("next", "/sign-in?next=/account")]).await;
    res.assert_status(303);
    assert_eq!(res.location().as_deref(), Some("/sign-in?next=/account"));
    b.get("/sign-in").await.assert_contains("<html lang=\"en\"");
    // An open redirect is not possible through `next`.
    let res = b.post_form("/language", &[("lang", "ja"), ("next", "https://evil.example/")]).await;
    assert_eq!(res.location().as_deref(), Some("/"));
    let res = b.post_form("/language", &[("lang", "xx")]).await;
    assert_eq!(res.status, 400);
});

both_backends!(a_signed_in_resident_keeps_their_language_on_other_devices, |app| async move {
    let mut b = app.signed_in_resident("lang@example.jp", PASSWORD).await;
    b.get("/account").await;
    b.post_form("/language", &[("lang", "en"), ("next", "/account")]).await.assert_status(303);
    let mut other = app.browser();
    other.accept_language = Some("ja".into());
    other.get("/sign-in").await;
    other.post_form("/api/sign_in", &[("email", "lang@example.jp"), ("password", PASSWORD)]).await.assert_status(303);
    other.get("/account").await.assert_contains("<html lang=\"en\"");
    // Emails follow the account's language too.
    other.get("/forgot-password").await;
    other.post_form("/api/request_password_reset", &[("email", "lang@example.jp")]).await;
    let mail = app.wait_for_mail("lang@example.jp", "reset_password").await;
    assert!(mail.body.contains("Hello"));
});
