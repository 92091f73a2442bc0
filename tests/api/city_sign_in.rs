//! A city's own sign-in services (issue 16): each city's administrators register its
//! own OpenID Connect clients; only that city offers them, residents sign in through
//! them end to end against a real provider, the secret is stored sealed and never
//! shown, bad input is refused field by field, and the issuer of an id through which
//! accounts are linked cannot change.

use diesel::prelude::*;
use yoriai_domain::Role;
use yoriai_store::schema::{external_identities, sign_in_providers};
use yoriai_tests::{both_backends, Browser, OidcProvider, Response, TestApp};

const SECRET: &str = "aizu-channel-secret-7Q2";

async fn save(b: &mut Browser, fields: &[(&str, &str)]) -> Response {
    b.call_server_fn("/api/save_sign_in_provider", fields).await
}

fn good(issuer: &str) -> Vec<(&str, &str)> {
    vec![
        ("id", "city-id"),
        ("label", "会津ID"),
        ("issuer", issuer),
        ("client_id", "aizu-web"),
        ("client_secret", SECRET),
    ]
}

/// Sign-in with `provider` as `hint`, from the sign-in page to the callback's answer.
async fn sign_in_with(b: &mut Browser, idp: &OidcProvider, provider: &str, hint: &str) -> Response {
    b.get("/sign-in").await.assert_status(200);
    let res = b.post_form(&format!("/auth/oidc/{provider}/start"), &[("next", "/processes")]).await;
    res.assert_status(303);
    let back = idp.authorize(&res.location().unwrap(), hint).await;
    let path = back.split_once("//").and_then(|(_, rest)| rest.find('/').map(|i| rest[i..].to_owned())).unwrap();
    assert!(path.starts_with(&format!("/auth/oidc/{provider}/callback?")), "{path}");
    b.get(&path).await
}

fn linked(city: &TestApp) -> Vec<(String, String)> {
    city.with_conn(|c| {
        external_identities::table
            .select((external_identities::provider, external_identities::subject))
            .load(c)
            .unwrap()
    })
}

both_backends!(a_city_registers_its_own_sign_in_service_and_only_it_offers_it, |app| async move {
    let idp = OidcProvider::start();
    let a = app.add_city("aizu", "aizu.localhost");
    let b = app.add_city("kita", "kita.localhost");

    // Nothing is offered until the city adds it.
    let mut resident = a.browser();
    resident.get("/sign-in").await.assert_status(200);
    let res = resident.post_form("/auth/oidc/city-id/start", &[]).await;
    assert!(res.location().unwrap().contains("error=external_provider_unknown"), "{:?}", res.location());

    // Only administrators may look or change.
    let (mut clerk, _) = a.signed_in("clerk@example.jp", Role::Moderator).await;
    clerk.get("/admin").await;
    let res = save(&mut clerk, &good(&idp.issuer)).await;
    assert_eq!(res.json()["code"], "forbidden", "{}", res.body);

    let (mut admin, _) = a.signed_in("nadmin@example.jp", Role::Admin).await;
    admin.accept_language = Some("en".into());
    admin.get("/admin").await.assert_status(200).assert_contains("href=\"/admin/sign-in\"");
    admin.get("/admin/sign-in").await.assert_status(200).assert_contains("name=\"client_secret\"");
    save(&mut admin, &good(&idp.issuer)).await.assert_status(200);

    // The page shows where to register the city and never the secret.
    let page = admin.get("/admin/sign-in").await;
    page.assert_status(200).assert_contains("会津ID").assert_contains("/auth/oidc/city-id/callback");
    assert!(page.body.contains("aizu.localhost"), "the redirect address is on the city's own host");
    assert!(!page.body.contains(SECRET), "the secret is never shown");
    let json = admin.get_json("/api/sign_in_providers").await;
    assert!(!json.body.contains(SECRET), "{}", json.body);
    // Stored sealed.
    let sealed: Option<String> = a.with_conn(|c| {
        sign_in_providers::table.find("city-id").select(sign_in_providers::client_secret_sealed).first(c).unwrap()
    });
    let sealed = sealed.expect("a sealed secret");
    assert!(!sealed.contains(SECRET) && sealed.len() > SECRET.len(), "{sealed}");

    // City A offers it; residents sign in through it end to end.
    let mut resident = a.browser();
    let page = resident.get("/sign-in").await;
    page.assert_contains("/auth/oidc/city-id/start").assert_contains("会津ID");
    // The start form is redirected to the provider: the page's form-action allows it.
    let origin = idp.issuer.split('/').take(3).collect::<Vec<_>>().join("/");
    let csp = page.header("content-security-policy").unwrap_or_default();
    assert!(csp.contains(&format!("form-action 'self' {origin}")), "{csp}");
    let res = sign_in_with(&mut resident, &idp, "city-id", "sub=hana-1|email=hana@example.jp|verified=1").await;
    res.assert_status(303);
    assert_eq!(res.location().as_deref(), Some("/sign-in/external"));
    let res =
        resident.post_form("/api/complete_external", &[("display_name", "Hana"), ("email", "hana@example.jp")]).await;
    res.assert_status(303);
    assert!(resident.get("/account").await.body.contains("hana@example.jp"));
    assert_eq!(linked(&a), vec![("city-id".to_owned(), "hana-1".to_owned())]);

    // City B neither offers it nor knows the account.
    let mut other = b.browser();
    let page = other.get("/sign-in").await;
    assert!(!page.body.contains("city-id") && !page.body.contains("会津ID"), "city B offers nothing of A's");
    assert!(!page.header("content-security-policy").unwrap_or_default().contains(&origin), "nor its provider's origin");
    let res = other.post_form("/auth/oidc/city-id/start", &[]).await;
    assert!(res.location().unwrap().contains("error=external_provider_unknown"), "{:?}", res.location());
    assert!(linked(&b).is_empty());

    // The change is in the action log, without the secret.
    let log = admin.get("/admin/log").await;
    log.assert_status(200).assert_contains("Saved a sign-in service");
    assert!(!log.body.contains(SECRET));
});

both_backends!(bad_sign_in_services_are_refused_and_linked_issuers_stay, |app| async move {
    let idp = OidcProvider::start();
    let (mut admin, _) = app.signed_in("nadmin@example.jp", Role::Admin).await;
    admin.get("/admin/sign-in").await.assert_status(200);

    let res = save(
        &mut admin,
        &[("id", "City ID!"), ("issuer", "http://idp.example"), ("client_id", " "), ("client_secret", "x")],
    )
    .await;
    assert_eq!(res.status, 422, "{}", res.body);
    let got = res.field_codes();
    for want in [("id", "provider_id_invalid"), ("issuer", "url_not_https"), ("client_id", "required")] {
        assert!(got.contains(&(want.0.to_owned(), want.1.to_owned())), "{want:?} in {got:?}");
    }
    let long = "x".repeat(501);
    let mut fields = good(&idp.issuer);
    fields.push(("scopes", &long));
    assert_eq!(save(&mut admin, &fields).await.field_codes(), vec![("scopes".to_owned(), "too_long".to_owned())]);
    // An issuer that does not answer is refused before anything is saved.
    let res = save(&mut admin, &good("https://127.0.0.1:9")).await;
    assert_eq!(res.field_codes(), vec![("issuer".to_owned(), "issuer_unreachable".to_owned())], "{}", res.body);
    let none: i64 = app.with_conn(|c| sign_in_providers::table.count().get_result(c).unwrap());
    assert_eq!(none, 0);

    // Without JavaScript: back to the form with what was typed, except the secret.
    let mut fields = good("https://127.0.0.1:9");
    fields.retain(|(k, _)| *k != "label");
    fields.push(("label", "会津くらしID"));
    let res = admin.post_form("/api/save_sign_in_provider", &fields).await;
    assert_eq!(res.status, 303, "{}", res.body);
    let page = admin.get(&res.location().unwrap()).await;
    page.assert_status(200).assert_contains("value=\"会津くらしID\"").assert_contains("応答しませんでした");
    assert!(!page.body.contains(SECRET), "a refused secret is not kept");

    // Saved; a resident links an account through it.
    save(&mut admin, &good(&idp.issuer)).await.assert_status(200);
    let mut resident = app.browser();
    sign_in_with(&mut resident, &idp, "city-id", "sub=ken-1|email=ken@example.jp|verified=1").await.assert_status(303);
    resident
        .post_form("/api/complete_external", &[("display_name", "Ken"), ("email", "ken@example.jp")])
        .await
        .assert_status(303);

    // Changing the label keeps the saved secret when the field is left empty.
    let before: Option<String> = app.with_conn(|c| {
        sign_in_providers::table.find("city-id").select(sign_in_providers::client_secret_sealed).first(c).unwrap()
    });
    let mut fields = good(&idp.issuer);
    fields.retain(|(k, _)| !matches!(*k, "client_secret" | "label"));
    fields.push(("label", "あいづID"));
    save(&mut admin, &fields).await.assert_status(200);
    let after: Option<String> = app.with_conn(|c| {
        sign_in_providers::table.find("city-id").select(sign_in_providers::client_secret_sealed).first(c).unwrap()
    });
    assert_eq!(before, after);
    app.browser().get("/sign-in").await.assert_contains("あいづID");

    // The saved secret is never sent to another client or issuer: give it again.
    let mut fields = good(&idp.issuer);
    fields.retain(|(k, _)| !matches!(*k, "client_secret" | "client_id"));
    fields.push(("client_id", "aizu-web-2"));
    let res = save(&mut admin, &fields).await;
    assert_eq!(res.field_codes(), vec![("client_secret".to_owned(), "required".to_owned())], "{}", res.body);

    // Its issuer cannot change while accounts are linked through it, not even after removal.
    let res = save(&mut admin, &good("https://other-idp.example")).await;
    assert_eq!(res.field_codes(), vec![("issuer".to_owned(), "issuer_in_use".to_owned())], "{}", res.body);
    let res = admin.call_server_fn("/api/remove_sign_in_provider", &[("id", "city-id")]).await;
    res.assert_status(200);
    let page = app.browser().get("/sign-in").await;
    assert!(!page.body.contains("/auth/oidc/city-id/start"), "a removed service is not offered");
    admin.call_server_fn("/api/remove_sign_in_provider", &[("id", "city-id")]).await.assert_status(404);
    let res = save(&mut admin, &good("https://other-idp.example")).await;
    assert_eq!(res.field_codes(), vec![("issuer".to_owned(), "issuer_in_use".to_owned())], "{}", res.body);
    // The same issuer brings it back, and the linked resident signs straight in.
    save(&mut admin, &good(&idp.issuer)).await.assert_status(200);
    let mut again = app.browser();
    let res = sign_in_with(&mut again, &idp, "city-id", "sub=ken-1|email=ken@example.jp|verified=1").await;
    res.assert_status(303);
    assert_eq!(res.location().as_deref(), Some("/processes"));
    admin.get("/admin/log").await.assert_contains("サインインサービスを削除");
});
