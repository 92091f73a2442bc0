//! Two-step sign-in: staff act as residents until they set it up and sign in with it;
//! codes work once, recovery codes once each, wrong codes are limited; residents may
//! turn it on and off, staff may not turn it off.

use yoriai_domain::{Actor, Role};
use yoriai_services::accounts::{code_at, create_user, CreateUserInput};
use yoriai_tests::{both_backends, Browser, PASSWORD};

fn now_step() -> u64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs() / 30
}

/// The role the page context says this browser acts with.
async fn acting_role(b: &mut Browser) -> String {
    let page = b.get("/account").await;
    let marker = "&quot;role&quot;:&quot;";
    let i = page.body.find(marker).expect("signed in");
    page.body[i + marker.len()..].split("&quot;").next().unwrap().to_owned()
}

async fn password_step(b: &mut Browser, email: &str) -> Option<String> {
    b.get("/sign-in").await;
    let res = b.post_form("/api/sign_in", &[("email", email), ("password", PASSWORD)]).await;
    res.assert_status(303);
    res.location()
}

both_backends!(staff_must_set_it_up_and_codes_work_once, |app| async move {
    // An administrator made from the command line, without two-step sign-in yet.
    let email = "chief@example.jp";
    app.run(move |svc| {
        create_user(
            svc,
            &Actor::System,
            CreateUserInput {
                email: email.into(),
                display_name: "Chief".into(),
                password: PASSWORD.into(),
                role: Role::Admin,
            },
        )
    })
    .await
    .unwrap();
    let mut b = app.browser();
    b.accept_language = Some("en".into());
    assert_eq!(password_step(&mut b, email).await.as_deref(), Some("/?notice=signed-in"));
    assert_eq!(acting_role(&mut b).await, "resident", "no staff rights without two-step sign-in");
    b.get("/").await.assert_contains("Your staff role needs two-step sign-in");
    let res = b.get_json("/api/users").await;
    assert_eq!(res.status, 403, "{}", res.body);

    // Setting it up: the key, a wrong code, the right code, recovery codes once.
    let page = b.get("/account/two-factor").await;
    page.assert_status(200).assert_contains("Staff accounts must use two-step sign-in");
    b.post_form("/api/start_two_factor", &[]).await.assert_status(303);
    let page = b.get("/account/two-factor").await;
    let key = page.body.split("data-key=\"").nth(1).unwrap().split('"').next().unwrap().to_owned();
    assert_eq!(key.len(), 32, "{key}");
    assert!(page.body.contains("otpauth://totp/Yoriai:chief@example.jp?secret="), "the app link");
    let wrong = b.call_server_fn("/api/confirm_two_factor", &[("code", "000000")]).await;
    assert!(wrong.body.contains("two_factor_code_wrong"), "{}", wrong.body);
    let step = now_step();
    let code = code_at(&key, step * 30).unwrap();
    b.post_form("/api/confirm_two_factor", &[("code", &code)]).await.assert_status(303);
    let page = b.get("/account/two-factor?notice=two-factor-on").await;
    let codes: Vec<String> =
        page.body.split("<li><code>").skip(1).map(|s| s.split("</code>").next().unwrap().to_owned()).collect();
    assert_eq!(codes.len(), 10, "ten recovery codes");
    b.get("/account/two-factor").await.assert_not_contains(&codes[0]);
    assert_eq!(acting_role(&mut b).await, "admin", "this session passed the second step");

    // A new sign-in asks for the code; the code just used does not work again.
    let mut other = app.browser();
    other.accept_language = Some("en".into());
    assert_eq!(password_step(&mut other, email).await.as_deref(), Some("/sign-in/two-factor"));
    other.get("/sign-in/two-factor").await.assert_contains("Enter your code");
    let replay = other.call_server_fn("/api/sign_in_code", &[("code", &code)]).await;
    assert!(replay.body.contains("two_factor_code_wrong"), "{}", replay.body);
    let next = code_at(&key, (step + 1) * 30).unwrap();
    other.post_form("/api/sign_in_code", &[("code", &next)]).await.assert_status(303);
    assert_eq!(acting_role(&mut other).await, "admin");

    // A recovery code works once (typed in capitals, without the hyphen).
    let mut phone_lost = app.browser();
    password_step(&mut phone_lost, email).await;
    let typed = codes[3].replace('-', "").to_uppercase();
    phone_lost.post_form("/api/sign_in_code", &[("code", &typed)]).await.assert_status(303);
    assert_eq!(acting_role(&mut phone_lost).await, "admin");
    let mut again = app.browser();
    password_step(&mut again, email).await;
    let res = again.call_server_fn("/api/sign_in_code", &[("code", &codes[3])]).await;
    assert!(res.body.contains("two_factor_code_wrong"), "{}", res.body);

    // Five wrong codes end the attempt: even a right one is refused after.
    for _ in 0..4 {
        again.call_server_fn("/api/sign_in_code", &[("code", "123456")]).await;
    }
    let res = again.call_server_fn("/api/sign_in_code", &[("code", &codes[5])]).await;
    assert!(res.body.contains("token_invalid"), "{}", res.body);

    // Staff cannot turn it off.
    let res = b.call_server_fn("/api/disable_two_factor", &[("code", &codes[6])]).await;
    assert!(res.body.contains("two_factor_required"), "{}", res.body);
});

both_backends!(residents_may_turn_it_on_and_off, |app| async move {
    let mut b: Browser = app.signed_in_resident("mio@example.jp", PASSWORD).await;
    b.get("/account/two-factor").await.assert_status(200);
    b.post_form("/api/start_two_factor", &[]).await.assert_status(303);
    let page = b.get("/account/two-factor").await;
    let key = page.body.split("data-key=\"").nth(1).unwrap().split('"').next().unwrap().to_owned();
    let step = now_step();
    b.post_form("/api/confirm_two_factor", &[("code", &code_at(&key, step * 30).unwrap())]).await.assert_status(303);
    let mut other = app.browser();
    assert_eq!(password_step(&mut other, "mio@example.jp").await.as_deref(), Some("/sign-in/two-factor"));
    // Turning it off needs a current code.
    let res = b.call_server_fn("/api/disable_two_factor", &[("code", "999999")]).await;
    assert!(res.body.contains("two_factor_code_wrong"), "{}", res.body);
    let next = code_at(&key, (step + 1) * 30).unwrap();
    b.post_form("/api/disable_two_factor", &[("code", &next)]).await.assert_status(303);
    let mut third = app.browser();
    assert_eq!(password_step(&mut third, "mio@example.jp").await.as_deref(), Some("/?notice=signed-in"));
});
