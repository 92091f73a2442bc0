//! Limits on what a stranger can make Yoriai do: guess two-step codes (counted per
//! account across sign-ins, locked with a clear message, in the owner's security log
//! and inbox) and send mail to an address they type (per recipient, quietly, and per
//! client, visibly, without telling whether an account exists).

use yoriai_domain::Role;
use yoriai_tests::fixtures::street_category;
use yoriai_tests::{both_backends, Browser, TestApp, PASSWORD, TWO_FACTOR_KEY};

/// The password step of a sign-in; true when the code is asked for next.
async fn password_step(b: &mut Browser, email: &str) -> bool {
    b.get("/sign-in").await;
    let res = b.post_form("/api/sign_in", &[("email", email), ("password", PASSWORD)]).await;
    res.assert_status(303);
    res.location().as_deref() == Some("/sign-in/two-factor")
}

fn queued_for(app: &TestApp, to: &str, kind: &str) -> i64 {
    use diesel::prelude::*;
    use yoriai_store::schema::outbox;
    app.with_conn(|c| {
        outbox::table
            .filter(outbox::recipient.eq(to))
            .filter(outbox::kind.eq(kind))
            .count()
            .get_result::<i64>(c)
            .unwrap()
    })
}

both_backends!(wrong_two_step_codes_are_counted_across_sign_ins_and_lock_the_account, |app| async move {
    let email = "chief@example.jp";
    app.account(email, Role::Admin).await;
    // Someone with the password tries codes, starting a new sign-in whenever the old one
    // runs out of tries; one of the guesses is shaped like a recovery code.
    let guesses = ["000000", "111111", "abcde-fghjk", "222222", "333333"];
    let mut b = app.browser();
    b.accept_language = Some("en".into());
    for (n, guess) in guesses.iter().enumerate() {
        if n % 2 == 0 {
            b = app.browser();
            b.accept_language = Some("en".into());
            assert!(password_step(&mut b, email).await);
        }
        let res = b.call_server_fn("/api/sign_in_code", &[("code", guess)]).await;
        assert_eq!(res.json()["fields"][0]["code"], "two_factor_code_wrong", "guess {n}: {}", res.body);
    }
    // Now even the right code is refused, with a clear message, on a fresh sign-in too.
    let mut fresh = app.browser();
    fresh.accept_language = Some("en".into());
    assert!(password_step(&mut fresh, email).await);
    let code = app.two_factor_code(email).await;
    let res = fresh.call_server_fn("/api/sign_in_code", &[("code", &code)]).await;
    res.assert_status(429);
    assert_eq!(res.json()["code"], "second_step_locked");
    assert_eq!(res.json()["args"], serde_json::json!([["minutes", 60]]), "{}", res.body);
    assert!(res.header("retry-after").is_some());
    // Without JavaScript the form says the same on its page.
    fresh.get("/sign-in/two-factor").await;
    let res = fresh.post_form("/api/sign_in_code", &[("code", &code)]).await;
    let page = fresh.get(&res.location().unwrap_or_else(|| panic!("{} {}", res.status, res.body))).await;
    page.assert_contains("two-step sign-in to this account is locked for 60 minutes");
    // The owner is told by mail, and the security log says what happened.
    let mail = app.wait_for_mail(email, "second_step_locked").await;
    assert!(mail.body.contains("5"), "{}", mail.body);
    let events = app.with_conn(|c| {
        let id = yoriai_store::users::find_by_email(c, email).unwrap().unwrap().id;
        yoriai_store::security_events::recent(c, id, 20).unwrap()
    });
    let kinds: Vec<&str> = events.iter().map(|e| e.kind.as_str()).collect();
    assert_eq!(kinds.iter().filter(|k| **k == "second_step_failed").count(), 5, "{kinds:?}");
    assert_eq!(kinds[0], "second_step_locked", "{kinds:?}");
    // A resident account shows its own log on the account page.
    let page = fresh.get("/account").await;
    assert!(!page.body.contains("Security activity"), "not signed in: no account page");
});

both_backends!(a_resident_sees_wrong_codes_in_the_security_log_of_the_account_page, |app| async move {
    let email = "ami@example.jp";
    app.account(email, Role::Resident).await;
    app.run(|svc| {
        let id = {
            let mut c = svc.conn()?;
            yoriai_store::users::find_by_email(&mut c, "ami@example.jp")?.unwrap().id
        };
        yoriai_services::accounts::enable_with_key(svc, id, TWO_FACTOR_KEY)
    })
    .await
    .unwrap();
    let mut attacker = app.browser();
    assert!(password_step(&mut attacker, email).await);
    attacker.call_server_fn("/api/sign_in_code", &[("code", "000000")]).await;
    let mut ami = app.browser();
    ami.accept_language = Some("en".into());
    app.sign_in(&mut ami, email).await;
    let page = ami.get("/account").await;
    page.assert_contains("Security activity").assert_contains("A wrong two-step code was entered.");
});

both_backends!(thirty_anonymous_reports_naming_one_address_send_at_most_five_mails, |app| async move {
    let admin = app.account("admin@example.jp", Role::Admin).await;
    let category = street_category(&app, &admin).await.to_string();
    let mut b = app.browser();
    b.accept_language = Some("en".into());
    b.get("/reports/new").await;
    let victim = "victim@example.jp";
    for n in 0..30 {
        let title = format!("Pothole number {n}");
        let res = b
            .post_form(
                "/api/create_report",
                &[
                    ("category_id", &category),
                    ("title", &title),
                    ("description", "A hole in the road."),
                    ("latitude", "37.4950"),
                    ("longitude", "139.9300"),
                    ("email", victim),
                ],
            )
            .await;
        // The answer is the same every time: check your email.
        res.assert_status(303);
        assert!(res.location().unwrap().contains("notice=report-check-email"), "{n}: {:?}", res.location());
    }
    assert_eq!(queued_for(&app, victim, "confirm_report"), 5);
    // The client has had its share of mail-sending requests: the next is refused, and
    // says when to come back.
    let res = b
        .call_server_fn(
            "/api/create_report",
            &[
                ("category_id", &category),
                ("title", "One more pothole"),
                ("description", "A hole in the road."),
                ("latitude", "37.4950"),
                ("longitude", "139.9300"),
                ("email", "someone.else@example.jp"),
            ],
        )
        .await;
    res.assert_status(429);
    assert!(res.header("retry-after").is_some());
});

both_backends!(sign_ups_with_an_existing_address_send_at_most_five_mails_and_look_the_same, |app| async move {
    app.account("owner@example.jp", Role::Resident).await;
    for n in 0..12 {
        let mut b = app.browser();
        b.get("/sign-up").await;
        let res = b
            .post_form(
                "/api/sign_up",
                &[("email", "owner@example.jp"), ("display_name", "Someone"), ("password", PASSWORD)],
            )
            .await;
        res.assert_status(303);
        assert_eq!(res.location().as_deref(), Some("/sign-up/check-email"), "attempt {n}");
    }
    assert_eq!(queued_for(&app, "owner@example.jp", "existing_account"), 5);
    // Password resets and confirmation requests share the address's hourly share.
    let mut b = app.browser();
    b.get("/forgot-password").await;
    b.post_form("/api/request_password_reset", &[("email", "owner@example.jp")]).await.assert_status(303);
    assert_eq!(queued_for(&app, "owner@example.jp", "reset_password"), 0);
});

both_backends!(one_client_asking_for_mail_to_many_addresses_is_refused_the_same_either_way, |app| async move {
    app.account("owner@example.jp", Role::Resident).await;
    let mut b = app.browser();
    b.get("/forgot-password").await;
    for n in 0..30 {
        let email = format!("nobody{n}@example.jp");
        b.call_server_fn("/api/request_password_reset", &[("email", &email)]).await.assert_status(200);
    }
    // Over the client's share: refused for an unknown address and for a real account
    // alike, so the refusal tells nothing.
    for email in ["nobody99@example.jp", "owner@example.jp"] {
        let res = b.call_server_fn("/api/request_password_reset", &[("email", email)]).await;
        res.assert_status(429);
        assert_eq!(res.json()["code"], "too_many_attempts");
    }
    assert_eq!(queued_for(&app, "owner@example.jp", "reset_password"), 0);
});
