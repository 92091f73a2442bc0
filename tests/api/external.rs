//! Signing in with an external account against a real OpenID Connect provider running
//! locally (oauth2-mock-server): new accounts, linking and unlinking, never merging by
//! email, and every way the answer can be wrong (state, replay, nonce, expiry,
//! signature, audience, cancel, unknown or unreachable provider).

use yoriai_domain::Role;
use yoriai_store::schema::{external_identities, users};
use yoriai_tests::{spawn_app_with, Backend, Browser, OidcProvider, Spawn, TestApp};

use diesel::prelude::*;

async fn setup(backend: Backend) -> (TestApp, OidcProvider) {
    let idp = OidcProvider::start();
    let app =
        spawn_app_with(backend, Spawn { oidc: vec![("local".into(), idp.issuer.clone())], ..Spawn::default() }).await;
    (app, idp)
}

macro_rules! with_provider {
    ($name:ident, |$app:ident, $idp:ident| $body:expr) => {
        mod $name {
            #[allow(unused_imports)]
            use super::*;

            #[actix_web::test]
            async fn sqlite() {
                let ($app, $idp) = setup(Backend::Sqlite).await;
                $body.await
            }

            #[actix_web::test]
            async fn postgres() {
                let ($app, $idp) = setup(Backend::Postgres).await;
                $body.await
            }
        }
    };
}

/// Starts at our site, logs in at the provider as `hint`, and returns the callback path
/// the provider sent the browser back to (not yet opened).
async fn to_provider_and_back(b: &mut Browser, idp: &OidcProvider, hint: &str, link: bool) -> String {
    b.get(if link { "/account" } else { "/sign-in" }).await.assert_status(200);
    let fields: Vec<(&str, &str)> = if link { vec![("link", "1")] } else { vec![("next", "/processes")] };
    let res = b.post_form("/auth/oidc/local/start", &fields).await;
    res.assert_status(303);
    let authorize = res.location().unwrap();
    assert!(authorize.contains("code_challenge="), "PKCE is used: {authorize}");
    assert!(authorize.contains("code_challenge_method=S256"), "{authorize}");
    assert!(authorize.contains("nonce="), "{authorize}");
    assert!(authorize.contains("state="), "{authorize}");
    let back = idp.authorize(&authorize, hint).await;
    let path = back.split_once("//").and_then(|(_, rest)| rest.find('/').map(|i| rest[i..].to_owned())).unwrap();
    assert!(path.starts_with("/auth/oidc/local/callback?"), "{path}");
    path
}

/// The whole trip; returns the callback's answer.
async fn external_sign_in(b: &mut Browser, idp: &OidcProvider, hint: &str) -> yoriai_tests::Response {
    let path = to_provider_and_back(b, idp, hint, false).await;
    b.get(&path).await
}

fn error_of(location: &str) -> String {
    location.split("error=").nth(1).map(|s| s.split('&').next().unwrap().to_owned()).unwrap_or_default()
}

fn identities(app: &TestApp) -> Vec<(i64, String, String)> {
    app.with_conn(|c| {
        external_identities::table
            .select((external_identities::user_id, external_identities::provider, external_identities::subject))
            .order(external_identities::id)
            .load(c)
            .unwrap()
    })
}

fn user_id(app: &TestApp, email: &str) -> Option<i64> {
    app.with_conn(|c| users::table.filter(users::email.eq(email)).select(users::id).first(c).optional().unwrap())
}

async fn signed_in_as(b: &mut Browser) -> String {
    let page = b.get("/account").await;
    page.assert_status(200);
    page.body
}

with_provider!(new_account_then_sign_in_again, |app, idp| async move {
    let mut b = app.browser();
    let res = external_sign_in(&mut b, &idp, "sub=aoi-1|email=aoi@example.jp|verified=1|name=Aoi Sato").await;
    res.assert_status(303);
    assert_eq!(res.location().as_deref(), Some("/sign-in/external"));
    // Nothing exists until the resident chose their name and address.
    assert!(user_id(&app, "aoi@example.jp").is_none());
    let page = b.get("/sign-in/external").await;
    page.assert_status(200).assert_contains("Local ID").assert_contains("Aoi Sato").assert_contains("aoi@example.jp");

    // A bad name keeps the sign-in in progress and says why.
    let res = b.call_server_fn("/api/complete_external", &[("display_name", ""), ("email", "aoi@example.jp")]).await;
    assert_eq!(res.status, 422, "{}", res.body);
    let res = b.post_form("/api/complete_external", &[("display_name", "Aoi"), ("email", "aoi@example.jp")]).await;
    res.assert_status(303);
    assert_eq!(res.location().as_deref(), Some("/processes"), "back where the sign-in started");
    let account = signed_in_as(&mut b).await;
    assert!(account.contains("Aoi") && account.contains("aoi@example.jp"));
    assert!(account.contains("/forgot-password"), "an account without password is offered to set one");
    let id = user_id(&app, "aoi@example.jp").unwrap();
    assert_eq!(identities(&app), vec![(id, "local".to_owned(), "aoi-1".to_owned())]);
    let (password, confirmed): (Option<String>, Option<chrono::NaiveDateTime>) = app.with_conn(|c| {
        users::table.find(id).select((users::password_hash, users::email_confirmed_at)).first(c).unwrap()
    });
    assert!(password.is_none());
    assert!(confirmed.is_some(), "the provider vouched for the address");
    // The finished sign-in cannot be used again.
    let again =
        b.call_server_fn("/api/complete_external", &[("display_name", "Aoi"), ("email", "aoi@example.jp")]).await;
    assert!(again.body.contains("external_sign_in_expired"), "{}", again.body);

    // Later: a new browser signs straight in.
    let mut other = app.browser();
    let res = external_sign_in(&mut other, &idp, "sub=aoi-1|email=aoi@example.jp|verified=1").await;
    res.assert_status(303);
    assert_eq!(res.location().as_deref(), Some("/processes"));
    assert!(signed_in_as(&mut other).await.contains("aoi@example.jp"));
    // Its only way in cannot be unlinked.
    let res = other.call_server_fn("/api/unlink_external", &[("provider", "local")]).await;
    assert_eq!(res.status, 422, "{}", res.body);
    assert!(res.body.contains("last_sign_in_method"), "{}", res.body);
    assert_eq!(identities(&app).len(), 1);
});

with_provider!(another_address_is_confirmed_by_email, |app, idp| async move {
    let mut b = app.browser();
    let res = external_sign_in(&mut b, &idp, "sub=ken-2|email=ken@example.jp|verified=0|name=Ken").await;
    assert_eq!(res.location().as_deref(), Some("/sign-in/external"));
    let res = b.post_form("/api/complete_external", &[("display_name", "Ken"), ("email", "ken.home@example.jp")]).await;
    assert_eq!(res.location().as_deref(), Some("/sign-up/check-email"));
    app.wait_for_mail("ken.home@example.jp", "confirm_email").await;
    // Until confirmed, the external account does not sign in.
    let mut b2 = app.browser();
    let res = external_sign_in(&mut b2, &idp, "sub=ken-2|email=ken@example.jp|verified=0").await;
    assert_eq!(error_of(&res.location().unwrap()), "email_not_confirmed");
});

with_provider!(never_merged_by_email_but_linked_explicitly, |app, idp| async move {
    let (mut alice, _) = app.signed_in("alice@example.jp", Role::Resident).await;
    let mut stranger = app.browser();
    let res = external_sign_in(&mut stranger, &idp, "sub=alice-ext|email=alice@example.jp|verified=1").await;
    assert_eq!(error_of(&res.location().unwrap()), "external_email_has_account");
    assert!(res.location().unwrap().starts_with("/sign-in?"));
    assert!(identities(&app).is_empty());
    assert!(!stranger.cookies.keys().any(|k| k.contains("session")));

    // Alice links it herself from her account page.
    let path = to_provider_and_back(&mut alice, &idp, "sub=alice-ext|email=alice@example.jp|verified=1", true).await;
    let res = alice.get(&path).await;
    assert_eq!(res.location().as_deref(), Some("/account?notice=external-linked#sign-in-methods"));
    let alice_id = user_id(&app, "alice@example.jp").unwrap();
    assert_eq!(identities(&app), vec![(alice_id, "local".to_owned(), "alice-ext".to_owned())]);
    alice.get("/account").await.assert_contains("name=\"provider\" value=\"local\"");

    // Now the external account signs in to hers.
    let mut phone = app.browser();
    let res = external_sign_in(&mut phone, &idp, "sub=alice-ext|email=alice@example.jp|verified=1").await;
    assert_eq!(res.location().as_deref(), Some("/processes"));
    assert!(signed_in_as(&mut phone).await.contains("alice@example.jp"));

    // Nobody else can link the same external account.
    let (mut bob, _) = app.signed_in("bob@example.jp", Role::Resident).await;
    let path = to_provider_and_back(&mut bob, &idp, "sub=alice-ext|email=alice@example.jp|verified=1", true).await;
    let res = bob.get(&path).await;
    assert_eq!(error_of(&res.location().unwrap()), "external_account_in_use");
    assert!(res.location().unwrap().starts_with("/account?"));

    // Alice has a password, so she may unlink.
    alice.get("/account").await;
    alice.post_form("/api/unlink_external", &[("provider", "local")]).await.assert_status(303);
    assert!(identities(&app).is_empty());
});

with_provider!(wrong_answers_are_refused, |app, idp| async move {
    let hint = "sub=mallory|email=m@example.jp|verified=1";
    // A tampered state.
    let mut b = app.browser();
    let path = to_provider_and_back(&mut b, &idp, hint, false).await;
    let tampered = path.replace("state=", "state=x");
    let res = b.get(&tampered).await;
    assert_eq!(error_of(&res.location().unwrap()), "external_sign_in_expired");
    // A failed answer ends that attempt. A good one works once… and a replay of it (even
    // with the same cookie) does not.
    let path = to_provider_and_back(&mut b, &idp, hint, false).await;
    let cookies_before = b.cookies.clone();
    let res = b.get(&path).await;
    assert_eq!(res.location().as_deref(), Some("/sign-in/external"));
    b.cookies = cookies_before;
    let res = b.get(&path).await;
    assert_eq!(error_of(&res.location().unwrap()), "external_sign_in_expired");

    // The answer opened in another browser (a planted link) signs nobody in.
    let mut victim = app.browser();
    let mut attacker = app.browser();
    let path = to_provider_and_back(&mut attacker, &idp, hint, false).await;
    victim.get("/").await;
    let res = victim.get(&path).await;
    assert_eq!(error_of(&res.location().unwrap()), "external_sign_in_expired");

    // The provider's token misbehaving in each way.
    for fault in ["wrong-nonce", "expired", "bad-sig", "wrong-aud"] {
        let mut b = app.browser();
        let res =
            external_sign_in(&mut b, &idp, &format!("sub=f-{fault}|email=f@example.jp|verified=1|fault={fault}")).await;
        assert_eq!(error_of(&res.location().unwrap()), "external_sign_in_failed", "{fault}");
        assert!(!b.cookies.keys().any(|k| k.contains("session")), "{fault}");
    }
    assert!(user_id(&app, "f@example.jp").is_none());

    // The resident cancelled at the provider.
    let mut b = app.browser();
    let path = to_provider_and_back(&mut b, &idp, hint, false).await;
    let state = path.split("state=").nth(1).unwrap().split('&').next().unwrap().to_owned();
    let res = b.get(&format!("/auth/oidc/local/callback?error=access_denied&state={state}")).await;
    assert_eq!(error_of(&res.location().unwrap()), "external_sign_in_cancelled");

    // Junk and unknown providers.
    let res = b.get("/auth/oidc/local/callback?code=abc").await;
    assert_eq!(error_of(&res.location().unwrap()), "external_sign_in_expired");
    b.get("/sign-in").await;
    let res = b.post_form("/auth/oidc/nowhere/start", &[]).await;
    assert_eq!(error_of(&res.location().unwrap()), "external_provider_unknown");
    // The sign-in page shows the error, translated.
    b.accept_language = Some("en".into());
    b.get("/sign-in?error=external_sign_in_failed&at=external").await.assert_contains("could not be verified");
    assert!(identities(&app).iter().all(|(_, _, s)| s != "mallory"));
});

/// A provider that does not answer: a clear error, and the password form still works.
#[actix_web::test]
async fn an_unreachable_provider_is_reported() {
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let issuer = format!("http://127.0.0.1:{}", closed.local_addr().unwrap().port());
    drop(closed);
    let app = spawn_app_with(Backend::Sqlite, Spawn { oidc: vec![("city".into(), issuer)], ..Spawn::default() }).await;
    let mut b = app.browser();
    b.accept_language = Some("en".into());
    b.get("/sign-in").await.assert_contains("Sign in with Local ID");
    let res = b.post_form("/auth/oidc/city/start", &[]).await;
    assert_eq!(error_of(&res.location().unwrap()), "external_provider_unavailable");
    b.get(&res.location().unwrap()).await.assert_contains("could not be reached");
}
