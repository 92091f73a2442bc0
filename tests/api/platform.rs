//! Probes, metrics, the outbox, pages and the operator's account tools.

use yoriai_domain::{Actor, Role};
use yoriai_services::accounts::{create_user, CreateUserInput};
use yoriai_tests::both_backends;

const PASSWORD: &str = "tsuruga castle in spring";

both_backends!(health_readiness_and_metrics_answer, |app| async move {
    let mut b = app.browser();
    b.get("/healthz").await.assert_status(200);
    b.get("/readyz").await.assert_status(200).assert_contains("ready");
    b.get("/").await;
    let metrics = b.get("/metrics").await;
    metrics.assert_status(200).assert_contains("yoriai_http_requests_total").assert_contains("yoriai_db_connections");
});

both_backends!(every_page_renders_and_unknown_pages_are_404, |app| async move {
    let mut b = app.browser();
    for path in [
        "/",
        "/sign-up",
        "/sign-up/check-email",
        "/sign-in",
        "/confirm-email",
        "/resend-confirmation",
        "/forgot-password",
        "/reset-password?token=x",
    ] {
        let res = b.get(path).await;
        res.assert_status(200).assert_contains("<main id=\"main\"").assert_contains("skip-link");
    }
    let res = b.get("/no/such/page").await;
    res.assert_status(404);
    res.assert_contains("<main id=\"main\"");
    // The account page sends visitors to sign in first.
    let res = b.get("/account").await;
    assert_eq!(res.status, 302);
    assert_eq!(res.location().as_deref(), Some("/sign-in?next=/account"));
});

both_backends!(mail_is_queued_in_the_outbox_and_sent_by_the_worker, |app| async move {
    let mut b = app.browser();
    b.get("/sign-up").await;
    b.post_form("/api/sign_up", &[("email", "outbox@example.jp"), ("display_name", "Outbox"), ("password", PASSWORD)])
        .await;
    app.wait_for_mail("outbox@example.jp", "").await;
    // Delivered rows keep no body (it held a one-time link).
    for _ in 0..100 {
        let rows = app.with_conn(|c| yoriai_store::outbox::all(c).unwrap());
        if rows.iter().all(|r| r.sent_at.is_some()) {
            assert!(rows.iter().all(|r| r.body_text.is_empty()));
            return;
        }
        actix_web::rt::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    panic!("outbox rows not marked sent");
});

both_backends!(an_operator_created_admin_can_sign_in_and_the_act_is_logged, |app| async move {
    let services = app.services.clone();
    actix_web::web::block(move || {
        create_user(
            &services,
            &Actor::System,
            CreateUserInput {
                email: "chief@example.jp".into(),
                display_name: "Chief".into(),
                password: PASSWORD.into(),
                role: Role::Admin,
            },
        )
    })
    .await
    .unwrap()
    .unwrap();
    let mut b = app.browser();
    b.accept_language = Some("en".into());
    b.get("/sign-in").await;
    b.post_form("/api/sign_in", &[("email", "chief@example.jp"), ("password", PASSWORD)]).await.assert_status(303);
    b.get("/account").await.assert_contains("Administrator");
    let log = app.with_conn(|c| yoriai_store::action_log::recent(c, 10).unwrap());
    assert_eq!(log.len(), 1);
    assert_eq!(log[0].action, "create_user");
    assert_eq!(log[0].visibility, "staff");
    // A second account with the same email is refused.
    let services = app.services.clone();
    let again = actix_web::web::block(move || {
        create_user(
            &services,
            &Actor::System,
            CreateUserInput {
                email: "Chief@Example.jp".into(),
                display_name: "Chief".into(),
                password: PASSWORD.into(),
                role: Role::Moderator,
            },
        )
    })
    .await
    .unwrap();
    assert!(again.is_err());
});

#[actix_web::test]
async fn mail_goes_out_through_smtp_when_configured() {
    let sink = yoriai_tests::smtp::SmtpSink::start();
    let app = yoriai_tests::spawn_app_with(
        yoriai_tests::Backend::Sqlite,
        yoriai_tests::Spawn { smtp_url: Some(sink.url.clone()), ..Default::default() },
    )
    .await;
    let mut b = app.browser();
    b.accept_language = Some("en".into());
    b.get("/sign-up").await;
    b.post_form("/api/sign_up", &[("email", "smtp@example.jp"), ("display_name", "Smtp"), ("password", PASSWORD)])
        .await
        .assert_status(303);
    for _ in 0..200 {
        if let Some(message) = sink.messages.lock().unwrap().first().cloned() {
            assert!(message.contains("To: smtp@example.jp"), "{message}");
            assert!(message.contains("Subject: [Yoriai] Confirm your email address"), "{message}");
            assert!(message.contains("/confirm-email?token="), "{message}");
            return;
        }
        actix_web::rt::time::sleep(std::time::Duration::from_millis(25)).await;
    }
    panic!("no message reached the SMTP server");
}
