//! The privacy notice: administrators publish versions; widening a purpose asks
//! residents again, withdrawing one switches it off for everyone.

use yoriai_domain::Role;
use yoriai_tests::{both_backends, Browser};

fn publish_fields<'a>(
    changes: &'a str,
    offered: &[&'a str],
    widens: &[&'a str],
    body: &'a str,
) -> Vec<(String, String)> {
    let mut f: Vec<(String, String)> = vec![
        ("body_ja".into(), format!("{body}（日本語）")),
        ("body_en".into(), body.into()),
        ("changes_ja".into(), if changes.is_empty() { String::new() } else { format!("{changes}（日本語）") }),
        ("changes_en".into(), changes.into()),
    ];
    for p in offered {
        f.push((format!("offer_{p}"), "on".into()));
    }
    for p in widens {
        f.push((format!("widen_{p}"), "on".into()));
    }
    f
}

async fn publish(b: &mut Browser, fields: Vec<(String, String)>) -> yoriai_tests::Response {
    let refs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    b.call_server_fn("/api/publish_notice", &refs).await
}

const ALL: [&str; 6] =
    ["for_you", "budget_eligibility", "email_updates", "accessibility", "show_verified", "statistics"];

both_backends!(a_new_notice_version_asks_again_for_widened_purposes_and_stops_withdrawn_ones, |app| async move {
    let (mut admin, _) = app.signed_in("nadmin@example.jp", Role::Admin).await;
    let (mut aiko, me) = app.signed_in("aiko@example.jp", Role::Resident).await;
    aiko.accept_language = Some("en".into());
    let uid = me.user_id().unwrap().0;
    // Before any publication the standard notice (version 1) is in force, for anyone.
    let mut anon = app.browser();
    anon.accept_language = Some("en".into());
    anon.get("/privacy")
        .await
        .assert_status(200)
        .assert_contains("Version 1: the platform")
        .assert_contains("Check my eligibility for district budgets");
    aiko.get("/account/privacy").await;
    for p in ["for_you", "email_updates"] {
        aiko.call_server_fn("/api/set_consent", &[("purpose", p), ("granted", "true")]).await.assert_status(200);
    }
    let later = yoriai_store::now() + chrono::Duration::hours(1);
    let waiting =
        app.queue_mail("aiko@example.jp", "waiting", Some(yoriai_domain::UserId(uid)), Some("email_updates"), later);

    // Only administrators publish; a resident (or a moderator) is refused.
    let (mut moderator, _) = app.signed_in("nmod@example.jp", Role::Moderator).await;
    moderator.get("/").await;
    let res = publish(&mut moderator, publish_fields("Nothing", &ALL, &[], "Text")).await;
    assert_eq!(res.json()["code"], "forbidden", "{}", res.body);
    let res = publish(&mut aiko, publish_fields("Nothing", &ALL, &[], "Text")).await;
    assert_eq!(res.json()["code"], "forbidden", "{}", res.body);

    // Bad input: every problem named, nothing published.
    admin.get("/admin/privacy").await.assert_status(200);
    let mut fields = publish_fields("", &ALL, &[], "Text");
    fields[1].1 = "x".repeat(20_001);
    let res = publish(&mut admin, fields).await;
    let json = res.json();
    let codes: Vec<(String, String)> = json["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["field"].as_str().unwrap().to_owned(), f["code"].as_str().unwrap().to_owned()))
        .collect();
    assert!(codes.contains(&("body_en".into(), "too_long".into())), "{codes:?}");
    assert!(codes.contains(&("changes_en".into(), "required".into())), "{codes:?}");
    assert!(codes.contains(&("changes_ja".into(), "required".into())), "{codes:?}");
    anon.get("/privacy").await.assert_contains("Version 1: the platform");

    // Version 2 widens "for you" and stops offering email updates.
    let offered = ["for_you", "budget_eligibility", "accessibility", "show_verified", "statistics"];
    let res = publish(
        &mut admin,
        publish_fields("For you now also uses your age band.", &offered, &["for_you"], "Our city notice."),
    )
    .await;
    res.assert_status(200);
    let page = anon.get("/privacy").await;
    page.assert_contains("Our city notice.")
        .assert_contains("Version 2, in force since")
        .assert_contains("For you now also uses your age band.")
        .assert_contains("This version widened: Show me information for my district and interests");
    page.assert_contains("Not offered under this version: Email me updates on what I follow");
    // Earlier versions stay readable (receipts name them); an unknown one is not found.
    anon.get("/privacy?version=1")
        .await
        .assert_contains("This is an earlier version")
        .assert_contains("This platform uses your personal data only");
    anon.get("/privacy?version=99").await.assert_not_contains("Our city notice.");
    // The resident is asked again for "for you"; email updates are gone, and so is the waiting mail.
    let privacy = aiko.get("/account/privacy").await;
    privacy.assert_contains("Privacy notice version 2").assert_contains("This purpose was widened since you agreed");
    privacy.assert_not_contains("id=\"purpose-email_updates\"");
    let receipt = aiko.get("/account/privacy/receipt.json").await.json();
    assert_eq!(receipt["granted"], serde_json::json!([]));
    assert_eq!(receipt["notice_version"], 2);
    let unsent = |id: i64| {
        app.with_conn(|c| yoriai_store::outbox::all(c).unwrap().into_iter().any(|r| r.id == id && r.sent_at.is_none()))
    };
    assert!(!unsent(waiting), "mail for a purpose no longer offered is not sent");
    // A purpose not offered cannot be turned on; the widened one can, under version 2.
    let res = aiko.call_server_fn("/api/set_consent", &[("purpose", "email_updates"), ("granted", "true")]).await;
    assert_eq!(res.json()["fields"][0]["code"], "purpose_unknown");
    // Agreeing from a page that showed version 1 is refused: she agrees only to what she read.
    let res = aiko
        .call_server_fn("/api/set_consent", &[("purpose", "for_you"), ("granted", "true"), ("notice_version", "1")])
        .await;
    assert_eq!(res.json()["code"], "notice_changed_meanwhile", "{}", res.body);
    aiko.call_server_fn("/api/set_consent", &[("purpose", "for_you"), ("granted", "true"), ("notice_version", "2")])
        .await
        .assert_status(200);
    let receipt = aiko.get("/account/privacy/receipt.json").await.json();
    assert_eq!(receipt["granted"], serde_json::json!(["for_you"]));
    assert_eq!(receipt["history"].as_array().unwrap().last().unwrap()["notice_version"], 2);
    aiko.get("/account/privacy").await.assert_not_contains("This purpose was widened since you agreed");

    // An administrator's form opened on version 1 cannot publish over version 2.
    let mut stale = publish_fields("Stale", &ALL, &[], "Stale text");
    stale.push(("base_version".into(), "1".into()));
    let res = publish(&mut admin, stale).await;
    assert_eq!(res.json()["code"], "notice_changed_meanwhile", "{}", res.body);
    anon.get("/privacy").await.assert_not_contains("Stale text");
    // Version 3 offers email updates again: the old consent does not switch it back on.
    publish(&mut admin, publish_fields("Email updates are back.", &ALL, &[], "Our city notice, v3."))
        .await
        .assert_status(200);
    let privacy = aiko.get("/account/privacy").await;
    privacy
        .assert_contains("id=\"purpose-email_updates\"")
        .assert_contains("This purpose was widened since you agreed");
    let receipt = aiko.get("/account/privacy/receipt.json").await.json();
    assert_eq!(receipt["granted"], serde_json::json!(["for_you"]));
    // Every publication is in the public action log, by whom.
    let logged: i64 = app.with_conn(|c| {
        use diesel::prelude::*;
        yoriai_store::schema::action_log::table
            .filter(yoriai_store::schema::action_log::action.eq("publish_privacy_notice"))
            .filter(yoriai_store::schema::action_log::visibility.eq("public"))
            .count()
            .get_result(c)
            .unwrap()
    });
    assert_eq!(logged, 2);
    // The console shows the texts in force for the next version.
    admin.get("/admin/privacy").await.assert_contains("Our city notice, v3.（日本語）");
});
