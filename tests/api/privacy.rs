//! The privacy model end to end: citizen-ID verification (census, letter codes, the
//! counter) with its throttles and one-ID-one-account rule, revocation, consents with
//! receipts, attributes released only to a purpose that is on, the "for you" list,
//! and staff looks at personal data that the resident sees.

use yoriai_domain::{Actor, DistrictId, Role};
use yoriai_services::processes::{add_phase, create_process, PhaseInput, ProcessInput};
use yoriai_services::proposals as p;
use yoriai_store::districts::{self, NewDistrict};
use yoriai_tests::{both_backends, Browser, TestApp};

fn district(app: &TestApp, code: &str, ja: &str, en: &str) -> DistrictId {
    app.with_conn(|c| {
        districts::insert(
            c,
            &NewDistrict {
                code: Some(code),
                name_ja: ja,
                name_en: en,
                geometry: None,
                min_lat: None,
                max_lat: None,
                min_lon: None,
                max_lon: None,
                created_at: yoriai_store::now(),
            },
        )
        .unwrap()
    })
}

use yoriai_tests::multipart_file as multipart;

async fn upload_census(admin: &mut Browser, csv: &str) -> String {
    admin.get("/admin/verification").await.assert_status(200);
    let csrf = admin.csrf.clone().unwrap();
    let (ct, body) = multipart("census", "census.csv", csv.as_bytes());
    let res = admin.request_raw("POST", &format!("/admin/verification/census?csrf={csrf}"), &ct, body).await;
    res.location().unwrap_or_default()
}

fn count(app: &TestApp, table: &str) -> i64 {
    use diesel::prelude::*;
    #[derive(QueryableByName)]
    struct N {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        n: i64,
    }
    let sql = format!("SELECT COUNT(*) AS n FROM {table}");
    app.with_conn(|c| yoriai_store::on_each_backend!(c, |c| diesel::sql_query(&sql).get_result::<N>(c)).unwrap().n)
}

/// A published process `slug` with one open phase (supports only for verified
/// residents when `verified_supports`).
async fn open_process(app: &TestApp, admin: &Actor, slug: &str, verified_supports: bool) {
    let (a, slug) = (admin.clone(), slug.to_owned());
    app.run(move |svc| {
        let process = create_process(
            svc,
            &a,
            ProcessInput {
                title_ja: format!("{slug}（テスト）"),
                title_en: format!("{slug} (test)"),
                slug,
                published: true,
                ..Default::default()
            },
        )?;
        add_phase(
            svc,
            &a,
            process,
            PhaseInput {
                title_ja: "募集".into(),
                title_en: "Call".into(),
                proposals_open: true,
                supports_open: true,
                supports_require_verification: verified_supports,
                comments_open: true,
                ..Default::default()
            },
        )
    })
    .await
    .unwrap();
}

/// A proposal by `author` in process `slug`, published unless `draft`.
async fn proposal_in(
    app: &TestApp,
    author: &Actor,
    slug: &str,
    title: &str,
    district: Option<DistrictId>,
    draft: bool,
) -> yoriai_domain::ProposalId {
    let (r, slug, title) = (author.clone(), slug.to_owned(), title.to_owned());
    app.run(move |svc| {
        let id = p::create_draft(
            svc,
            &r,
            &slug,
            p::ProposalInput {
                title,
                body: "A body long enough to be a proposal.".into(),
                district_id: district,
                ..Default::default()
            },
        )?;
        if !draft {
            p::publish_proposal(svc, &r, id)?;
        }
        Ok(id)
    })
    .await
    .unwrap()
}

both_backends!(census_verification_matches_by_keyed_hash_and_one_id_verifies_one_account, |app| async move {
    let north = district(&app, "north", "北地区", "North");
    let _ = north;
    let (mut admin, _) = app.signed_in("admin@example.jp", Role::Admin).await;
    admin.accept_language = Some("en".into());
    // A bad line is reported by number and nothing changes.
    let loc =
        upload_census(&mut admin, "number,birth,district\n1234-5678-9012,1980-04-01,north\nnot a number,1980,north\n")
            .await;
    assert!(loc.contains("error=census_line_invalid") && loc.contains("line=3"), "{loc}");
    assert_eq!(count(&app, "census_entries"), 0);
    let loc = upload_census(
        &mut admin,
        "number,birth,district\n1234-5678-9012,1980-04-01,north\n2222 3333 4444,1975/12/31,\n",
    )
    .await;
    assert!(loc.contains("notice=census-imported") && loc.contains("n=2"), "{loc}");
    // Only keyed hashes are stored: the number appears nowhere in the database.
    let stored: Vec<String> = app.with_conn(|c| {
        use diesel::prelude::*;
        use yoriai_store::schema::census_entries as ce;
        ce::table.select(ce::citizen_key).load(c).unwrap()
    });
    assert_eq!(stored.len(), 2);
    assert!(stored.iter().all(|k| k.len() == 64 && !k.contains("123456789012")));
    admin.get("/admin/verification").await.assert_contains("2 residents loaded");

    // A wrong birth date is refused without saying whether the number exists.
    let mut aiko = app.signed_in("aiko@example.jp", Role::Resident).await.0;
    aiko.accept_language = Some("en".into());
    aiko.get("/account/privacy").await.assert_status(200).assert_contains("With your resident number");
    let res =
        aiko.call_server_fn("/api/verify_census", &[("number", "123456789012"), ("birth_date", "1980-04-02")]).await;
    assert_eq!(res.status, 422, "{}", res.body);
    assert_eq!(res.json()["fields"][0]["code"], "census_no_match");
    let unknown =
        aiko.call_server_fn("/api/verify_census", &[("number", "999999999"), ("birth_date", "1980-04-01")]).await;
    assert_eq!(unknown.json()["fields"][0]["code"], "census_no_match");
    // Malformed input is a field error, not a failure counted against the throttle.
    let bad = aiko.call_server_fn("/api/verify_census", &[("number", "12ab"), ("birth_date", "1980-02-30")]).await;
    let json = bad.json();
    let fields: Vec<&str> = json["fields"].as_array().unwrap().iter().map(|f| f["field"].as_str().unwrap()).collect();
    assert_eq!(fields, vec!["number", "birth_date"]);
    // The right answer verifies, with the census district; the page says so.
    aiko.call_server_fn("/api/verify_census", &[("number", " 1234 5678 9012 "), ("birth_date", "1980-04-01")])
        .await
        .assert_status(200);
    let page = aiko.get("/account/privacy").await;
    page.assert_contains("Verified by the resident register for North");
    page.assert_not_contains("123456789012");
    let again =
        aiko.call_server_fn("/api/verify_census", &[("number", "123456789012"), ("birth_date", "1980-04-01")]).await;
    assert_eq!(again.json()["code"], "already_verified");

    // The same number cannot verify a second account.
    let mut ken = app.signed_in("ken@example.jp", Role::Resident).await.0;
    ken.get("/account/privacy").await;
    let res =
        ken.call_server_fn("/api/verify_census", &[("number", "123456789012"), ("birth_date", "1980-04-01")]).await;
    assert_eq!(res.status, 409, "{}", res.body);
    assert_eq!(res.json()["code"], "citizen_id_in_use");
    // Revoking removes the record at once; the number is free again.
    aiko.call_server_fn("/api/revoke_verification", &[]).await.assert_status(200);
    assert_eq!(count(&app, "verifications"), 0);
    ken.call_server_fn("/api/verify_census", &[("number", "123456789012"), ("birth_date", "1980-04-01")])
        .await
        .assert_status(200);
    // A resident cannot upload a census.
    let (ct, body) = multipart("census", "c.csv", b"1,1980-01-01,north\n");
    let csrf = ken.csrf.clone().unwrap();
    let res = ken.request_raw("POST", &format!("/admin/verification/census?csrf={csrf}"), &ct, body).await;
    assert!(res.location().unwrap_or_default().contains("error=forbidden"), "{:?}", res.location());
    assert_eq!(count(&app, "census_entries"), 2);
});

both_backends!(wrong_census_answers_and_letter_codes_are_throttled, |app| async move {
    let north = district(&app, "north", "北地区", "North");
    let (_, a) = app.signed_in("admin@example.jp", Role::Admin).await;
    let codes = app.run(move |svc| yoriai_services::privacy::generate_letter_codes(svc, &a, north, 3)).await.unwrap();
    assert_eq!(codes.len(), 3);
    assert!(codes.iter().all(|c| c.len() == 14 && c.chars().nth(4) == Some('-')), "{codes:?}");
    let mut r = app.signed_in("taro@example.jp", Role::Resident).await.0;
    r.get("/account/privacy").await;
    // Five wrong codes lock verification for a while; the right code is refused too.
    for _ in 0..5 {
        let res = r.call_server_fn("/api/verify_letter", &[("code", "ABCD-EFGH-JKMN")]).await;
        assert_eq!(res.json()["fields"][0]["code"], "letter_code_invalid", "{}", res.body);
    }
    let locked = r.call_server_fn("/api/verify_letter", &[("code", &codes[0])]).await;
    assert_eq!(locked.status, 429, "{}", locked.body);
    assert_eq!(count(&app, "verifications"), 0);
    // Another resident uses a good code (lower case, without hyphens, works).
    let mut s = app.signed_in("sachi@example.jp", Role::Resident).await.0;
    s.accept_language = Some("en".into());
    s.get("/account/privacy").await;
    let typed = codes[1].replace('-', "").to_lowercase();
    s.call_server_fn("/api/verify_letter", &[("code", &typed)]).await.assert_status(200);
    s.get("/account/privacy").await.assert_contains("Verified by a letter code for North");
    // A code works once.
    s.call_server_fn("/api/revoke_verification", &[]).await.assert_status(200);
    let reused = s.call_server_fn("/api/verify_letter", &[("code", &codes[1])]).await;
    assert_eq!(reused.json()["fields"][0]["code"], "letter_code_invalid");
    // The console counts issued and used codes.
    let (mut admin, _) = app.signed_in("admin2@example.jp", Role::Admin).await;
    admin.accept_language = Some("en".into());
    let console = admin.get("/admin/verification").await;
    console.assert_status(200).assert_contains("North");
    // Letter codes download as CSV for the printer, and only hashes are kept.
    let csrf = admin.csrf.clone().unwrap();
    let res = admin
        .post_form_raw(
            "/admin/verification/letters",
            &[("csrf", &csrf), ("district_id", &north.to_string()), ("count", "4")],
        )
        .await;
    assert_eq!(res.status, 200, "{}", res.body);
    assert!(res.header("content-type").unwrap_or_default().starts_with("text/csv"));
    let printed: Vec<&str> = res.body.lines().skip(1).collect();
    assert_eq!(printed.len(), 4);
    assert_eq!(count(&app, "letter_codes"), 7);
    let hashes: Vec<String> = app.with_conn(|c| {
        use diesel::prelude::*;
        use yoriai_store::schema::letter_codes as l;
        l::table.select(l::code_hash).load(c).unwrap()
    });
    assert!(printed.iter().all(|p| !hashes.iter().any(|h| h.contains(&p.replace('-', "")))));
    // Too many at once: a clear error, nothing made.
    let res = admin
        .post_form_raw(
            "/admin/verification/letters",
            &[("csrf", &csrf), ("district_id", &north.to_string()), ("count", "50000")],
        )
        .await;
    assert!(res.location().unwrap_or_default().contains("error=invalid_input"), "{:?}", res.location());
    assert_eq!(count(&app, "letter_codes"), 7);
});

both_backends!(counter_verification_is_logged_for_the_resident_and_unlocks_verified_supports, |app| async move {
    let north = district(&app, "north", "北地区", "North");
    // A process whose supports need a verified citizen ID.
    let admin = app.account("padmin@example.jp", Role::Admin).await;
    let author = app.account("author@example.jp", Role::Resident).await;
    open_process(&app, &admin, "verified", true).await;
    let pid = proposal_in(&app, &author, "verified", "北地区に街灯を", None, false).await;
    let mut aiko = app.signed_in("aiko@example.jp", Role::Resident).await.0;
    aiko.accept_language = Some("en".into());
    aiko.get(&format!("/proposals/{pid}")).await;
    let res = aiko.call_server_fn("/api/support_proposal", &[("id", &pid.to_string())]).await;
    assert_eq!(res.json()["code"], "verification_required", "{}", res.body);

    // A clerk confirms her at the counter.
    let (mut clerk, _) = app.signed_in("clerk@example.jp", Role::DepartmentStaff).await;
    clerk.accept_language = Some("en".into());
    clerk
        .get("/admin/verification")
        .await
        .assert_status(200)
        .assert_contains("Confirm at the counter")
        .assert_not_contains("Letter codes");
    let missing = clerk
        .call_server_fn("/api/verify_at_counter", &[("email", "aiko@example.jp"), ("number", ""), ("district_id", "")])
        .await;
    let json = missing.json();
    let fields: Vec<&str> = json["fields"].as_array().unwrap().iter().map(|f| f["field"].as_str().unwrap()).collect();
    assert_eq!(fields, vec!["number", "district_id"]);
    let north_s = north.to_string();
    clerk
        .call_server_fn(
            "/api/verify_at_counter",
            &[("email", "Aiko@example.jp"), ("number", "555566667777"), ("district_id", &north_s)],
        )
        .await
        .assert_status(200);
    // The next request sees her verified: the support counts.
    aiko.call_server_fn("/api/support_proposal", &[("id", &pid.to_string())]).await.assert_status(200);
    // She sees who handled her data, and why.
    let page = aiko.get("/account/privacy").await;
    page.assert_contains("Citizen ID at a counter").assert_contains("ID card checked at a city counter");
    page.assert_contains("Verified by a city counter for North");
    // The dashboard counts verified residents against the population (a count only).
    let (mut admin_b, _) = app.signed_in("dash@example.jp", Role::Admin).await;
    admin_b.get("/dashboard").await;
    admin_b.post_form("/api/set_population", &[("population", "200")]).await.assert_status(303);
    let figures = app.browser().get("/dashboard/figures.csv").await;
    assert!(figures.body.contains("verified_share,0.5"), "{}", figures.body);
    // A resident cannot use the counter.
    let res = aiko
        .call_server_fn(
            "/api/verify_at_counter",
            &[("email", "x@example.jp"), ("number", "1111"), ("district_id", &north_s)],
        )
        .await;
    assert_eq!(res.status, 403);

    // Staff look at her personal data only with a reason; the look is in her log.
    let uid = app.with_conn(|c| yoriai_store::users::find_by_email(c, "aiko@example.jp").unwrap().unwrap().id);
    let ask = clerk.get(&format!("/admin/users/{uid}/personal")).await;
    ask.assert_status(200).assert_contains("reason-form").assert_not_contains("aiko@example.jp");
    let csrf = clerk.csrf.clone().unwrap();
    let short = clerk.get_json(&format!("/api/personal_record?user_id={uid}&reason=x&csrf={csrf}")).await;
    assert_eq!(short.json()["fields"][0]["code"], "too_short");
    // A link from elsewhere (no token from the form) cannot make a clerk "look".
    let forged = clerk.get(&format!("/admin/users/{uid}/personal?reason=Planted+by+a+link")).await;
    forged.assert_not_contains("aiko@example.jp");
    assert_eq!(count(&app, "personal_data_access"), 1, "only the counter verification is logged");
    clerk
        .get(&format!("/admin/users/{uid}/personal?reason=Calling+back+about+report+12&csrf={csrf}"))
        .await
        .assert_status(200)
        .assert_contains("aiko@example.jp")
        .assert_contains("This look is recorded");
    let page = aiko.get("/account/privacy").await;
    page.assert_contains("Calling back about report 12").assert_not_contains("Planted by a link");
    // Residents cannot look at others.
    let acsrf = aiko.csrf.clone().unwrap();
    let res = aiko.get_json(&format!("/api/personal_record?user_id={uid}&reason=just+curious&csrf={acsrf}")).await;
    assert_eq!(res.status, 403);
});

both_backends!(consents_are_off_until_given_recorded_with_receipts_and_gate_for_you, |app| async move {
    let north = district(&app, "north", "北地区", "North");
    let south = district(&app, "south", "南地区", "South");
    // A published proposal in the North and one in the South.
    let admin = app.account("padmin@example.jp", Role::Admin).await;
    let author = app.account("author@example.jp", Role::Resident).await;
    open_process(&app, &admin, "city", false).await;
    proposal_in(&app, &author, "city", "北の公園に遊具を", Some(north), false).await;
    proposal_in(&app, &author, "city", "南の駅に駐輪場を", Some(south), false).await;
    let mut aiko = app.signed_in("aiko@example.jp", Role::Resident).await.0;
    aiko.accept_language = Some("en".into());
    // Everything is off to start with; the home page explains how to turn "for you" on.
    let page = aiko.get("/account/privacy").await;
    page.assert_status(200).assert_contains("Show me information for my district and interests");
    assert!(!page.body.contains("class=\"badge on\""), "a purpose is on by default");
    aiko.get("/").await.assert_contains("Choose in your privacy settings");
    // Attributes alone release nothing: the purpose is still off.
    let csrf = aiko.csrf.clone().unwrap();
    let north_s = north.to_string();
    let res = aiko
        .post_form_raw(
            "/account/privacy/attributes",
            &[
                ("csrf", &csrf),
                ("district_id", &north_s),
                ("age_band", "30_39"),
                ("accessibility", "larger_text"),
                ("accessibility", "reduced_motion"),
            ],
        )
        .await;
    assert!(res.location().unwrap_or_default().contains("notice=attributes-saved"), "{:?}", res.location());
    let home = aiko.get("/").await;
    home.assert_not_contains("北の公園に遊具を");
    assert!(!home.body.contains("need-larger-text"));
    // Bad attribute values: a clear error, and what was saved stays.
    let res = aiko.post_form_raw("/account/privacy/attributes", &[("csrf", &csrf), ("age_band", "ancient")]).await;
    assert!(res.location().unwrap_or_default().contains("error=invalid_input"), "{:?}", res.location());
    aiko.get("/account/privacy").await.assert_contains(&format!("<option value=\"{north}\" selected"));
    // Turning the purpose on shows the district's items first — and only the district's.
    let res = aiko.call_server_fn("/api/set_consent", &[("purpose", "for_you"), ("granted", "true")]).await;
    res.assert_status(200);
    let home = aiko.get("/").await;
    home.assert_contains("北の公園に遊具を").assert_contains("In North");
    home.assert_not_contains("南の駅に駐輪場を");
    // Accessibility needs apply only once that purpose is on.
    aiko.call_server_fn("/api/set_consent", &[("purpose", "accessibility"), ("granted", "true")])
        .await
        .assert_status(200);
    let home = aiko.get("/").await;
    assert!(home.body.contains("class=\"need-larger-text need-reduced-motion\""), "needs not applied");
    // Turning it off stops it at once.
    aiko.call_server_fn("/api/set_consent", &[("purpose", "for_you"), ("granted", "false")]).await.assert_status(200);
    aiko.get("/").await.assert_not_contains("北の公園に遊具を");
    // An unknown purpose is a field error.
    let res = aiko.call_server_fn("/api/set_consent", &[("purpose", "marketing"), ("granted", "true")]).await;
    assert_eq!(res.json()["fields"][0]["code"], "purpose_unknown");
    // The receipt lists every change with its notice version, as JSON and as a page.
    let receipt = aiko.get("/account/privacy/receipt.json").await;
    receipt.assert_status(200);
    let json = receipt.json();
    assert_eq!(json["granted"], serde_json::json!(["accessibility"]));
    let history = json["history"].as_array().unwrap();
    assert_eq!(history.len(), 3);
    assert_eq!(history[0]["purpose"], "for_you");
    assert_eq!(history[0]["granted"], true);
    assert_eq!(history[2]["granted"], false);
    assert!(history.iter().all(|h| h["notice_version"] == 1));
    aiko.get("/account/privacy/receipt").await.assert_status(200).assert_contains("Every change");
    // Signed out: no receipt.
    let mut anon = app.browser();
    assert_eq!(anon.get("/account/privacy/receipt.json").await.status, 401);
});

both_backends!(residents_download_their_data_and_delete_their_account, |app| async move {
    let admin = app.account("padmin@example.jp", Role::Admin).await;
    let (mut aiko, me) = app.signed_in("aiko@example.jp", Role::Resident).await;
    aiko.accept_language = Some("en".into());
    let other = app.account("ken@example.jp", Role::Resident).await;
    open_process(&app, &admin, "parks", false).await;
    let mine = proposal_in(&app, &me, "parks", "鶴ヶ城公園に水飲み場を", None, false).await;
    let theirs = proposal_in(&app, &other, "parks", "公園のトイレを洋式に", None, false).await;
    let m = me.clone();
    app.run(move |svc| {
        p::support_proposal(svc, &m, theirs)?;
        p::add_comment(
            svc,
            &m,
            theirs,
            p::CommentInput { body: "Yes, please do this soon.".into(), stance: "in_favour".into(), parent_id: None },
        )
    })
    .await
    .unwrap();
    aiko.call_server_fn("/api/set_consent", &[("purpose", "for_you"), ("granted", "true")]).await.assert_status(200);
    // The download holds the account, consents, proposals, comments and supports.
    let res = aiko.get("/account/privacy/my-data.json").await;
    res.assert_status(200);
    assert!(res.header("content-disposition").unwrap_or_default().contains("attachment"));
    let data = res.json();
    assert_eq!(data["account"]["email"], "aiko@example.jp");
    assert_eq!(data["proposals"][0]["id"], mine.0);
    assert_eq!(data["supports"][0]["proposal_id"], theirs.0);
    assert_eq!(data["comments"][0]["body"], "Yes, please do this soon.");
    assert_eq!(data["purposes_on"], serde_json::json!(["for_you"]));
    assert!(data["citizen_id"].is_null());
    let page = aiko.get("/account/privacy/my-data").await;
    page.assert_status(200).assert_contains("Your comments").assert_contains("Yes, please do this soon.");
    // The readable page shows every part of the download.
    for key in data.as_object().unwrap().keys() {
        page.assert_contains(&format!("id=\"data-{key}\""));
    }
    // Deleting needs the password.
    aiko.get("/account/privacy").await;
    let wrong = aiko.call_server_fn("/api/delete_account", &[("password", "not my password at all")]).await;
    assert_eq!(wrong.json()["fields"][0]["code"], "current_password_wrong", "{}", wrong.body);
    let res = aiko.post_form("/api/delete_account", &[("password", yoriai_tests::PASSWORD)]).await;
    res.assert_status(303);
    assert!(res.location().unwrap().contains("notice=account-deleted"));
    // Gone: no account, no consents; the session no longer works.
    assert!(app.with_conn(|c| yoriai_store::users::find_by_email(c, "aiko@example.jp").unwrap()).is_none());
    assert_eq!(count(&app, "consent_events"), 0);
    assert_eq!(aiko.get("/account/privacy/my-data.json").await.status, 401);
    // Her proposal and comment stay, by a deleted participant; her support still counts.
    let mut anyone = app.browser();
    anyone.accept_language = Some("en".into());
    anyone.get(&format!("/proposals/{mine}")).await.assert_status(200).assert_contains("Deleted participant");
    let page = anyone.get(&format!("/proposals/{theirs}")).await;
    page.assert_contains("Yes, please do this soon.").assert_contains("Deleted participant");
    let supports: i32 = app.with_conn(|c| yoriai_store::proposals::find(c, theirs).unwrap().unwrap().support_count);
    assert_eq!(supports, 1);
    // An administrator may go while another remains; the last one cannot.
    let (mut chief, _) = app.signed_in("chief@example.jp", Role::Admin).await;
    chief.call_server_fn("/api/delete_account", &[("password", yoriai_tests::PASSWORD)]).await.assert_status(200);
    let mut last = app.browser();
    app.sign_in(&mut last, "padmin@example.jp").await;
    last.get("/account/privacy").await;
    let res = last.call_server_fn("/api/delete_account", &[("password", yoriai_tests::PASSWORD)]).await;
    assert_eq!(res.json()["code"], "last_admin", "{}", res.body);
});

both_backends!(accounts_never_confirmed_are_purged_and_confirmed_ones_stay, |app| async move {
    let _confirmed = app.account("kept@example.jp", Role::Resident).await;
    let mut b = app.browser();
    b.get("/sign-up").await;
    b.post_form(
        "/api/sign_up",
        &[("email", "never@example.jp"), ("display_name", "Never"), ("password", yoriai_tests::PASSWORD)],
    )
    .await
    .assert_status(303);
    let exists =
        |email: &'static str| app.with_conn(|c| yoriai_store::users::find_by_email(c, email).unwrap().is_some());
    assert!(exists("never@example.jp"));
    // Not yet past the window: kept.
    let now = yoriai_store::now();
    app.with_conn(|c| yoriai_store::users::purge_unconfirmed(c, now - chrono::Duration::days(14)).unwrap());
    assert!(exists("never@example.jp"));
    // Past it: gone, with its confirmation token; the confirmed account stays.
    let n = app.with_conn(|c| yoriai_store::users::purge_unconfirmed(c, now + chrono::Duration::seconds(1)).unwrap());
    assert_eq!(n, 1);
    assert!(!exists("never@example.jp"));
    assert!(exists("kept@example.jp"));
    assert_eq!(count(&app, "user_tokens"), 0);
});

both_backends!(update_mail_goes_only_while_the_resident_allows_it, |app| async move {
    let (mut aiko, me) = app.signed_in("aiko@example.jp", Role::Resident).await;
    let uid = me.user_id().unwrap();
    let queue = |subject: &'static str, at: chrono::NaiveDateTime| {
        app.queue_mail("aiko@example.jp", subject, Some(uid), Some("email_updates"), at)
    };
    let queued = |id: i64| {
        app.with_conn(|c| yoriai_store::outbox::all(c).unwrap().into_iter().any(|r| r.id == id && r.sent_at.is_none()))
    };
    // Consent given, then withdrawn while a message waits: it is never sent.
    aiko.get("/account/privacy").await;
    aiko.call_server_fn("/api/set_consent", &[("purpose", "email_updates"), ("granted", "true")])
        .await
        .assert_status(200);
    let later = yoriai_store::now() + chrono::Duration::hours(1);
    let waiting = queue("waiting", later);
    assert!(queued(waiting));
    aiko.call_server_fn("/api/set_consent", &[("purpose", "email_updates"), ("granted", "false")])
        .await
        .assert_status(200);
    assert!(!queued(waiting), "withdrawing consent drops waiting mail");
    // A message that reaches the sender without consent is dropped there, unsent.
    let due = queue("due", yoriai_store::now());
    for _ in 0..100 {
        if !queued(due) {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert!(!queued(due));
    assert_eq!(app.mail_count("aiko@example.jp"), 0);
});

both_backends!(guesses_at_one_number_are_limited_across_accounts_and_one_id_has_one_voice, |app| async move {
    district(&app, "north", "北地区", "North");
    let (mut admin, _) = app.signed_in("admin@example.jp", Role::Admin).await;
    // A number given twice with different birth dates is refused, line named.
    let loc = upload_census(&mut admin, "111122223333,1980-04-01,north\n111122223333,1981-04-01,north\n").await;
    assert!(loc.contains("error=census_line_invalid") && loc.contains("line=2"), "{loc}");
    let loc = upload_census(&mut admin, "111122223333,1980-04-01,north\n111122223333,1980-04-01,north\n").await;
    assert!(loc.contains("n=1"), "an exact repeat is fine: {loc}");
    // Guessing someone's birth date: every attempt counts against the number, from
    // any account, and a success does not reset it.
    let mut guesses = 0;
    for n in 0..3 {
        let (mut b, _) = app.signed_in(&format!("guesser{n}@example.jp"), Role::Resident).await;
        b.get("/account/privacy").await;
        for day in 1..=2 {
            let date = format!("1970-01-0{}", day + 2 * n);
            let res =
                b.call_server_fn("/api/verify_census", &[("number", "111122223333"), ("birth_date", &date)]).await;
            guesses += 1;
            if guesses <= 5 {
                assert_eq!(res.json()["fields"][0]["code"], "census_no_match", "guess {guesses}: {}", res.body);
            } else {
                assert_eq!(res.status, 429, "guess {guesses}: {}", res.body);
            }
        }
    }
    // The real resident is locked out too for a while (the lock protects the number).
    let (mut owner, _) = app.signed_in("owner@example.jp", Role::Resident).await;
    owner.get("/account/privacy").await;
    let res =
        owner.call_server_fn("/api/verify_census", &[("number", "111122223333"), ("birth_date", "1980-04-01")]).await;
    assert_eq!(res.status, 429);
});

async fn verify_as_resident(b: &mut Browser) {
    b.call_server_fn("/api/verify_census", &[("number", "444455556666"), ("birth_date", "1990-01-01")])
        .await
        .assert_status(200);
}

both_backends!(one_citizen_id_supports_once_whichever_account_it_verifies, |app| async move {
    district(&app, "north", "北地区", "North");
    let (mut admin, a) = app.signed_in("admin@example.jp", Role::Admin).await;
    upload_census(&mut admin, "444455556666,1990-01-01,north\n").await;
    let author = app.account("author@example.jp", Role::Resident).await;
    open_process(&app, &a, "verified", true).await;
    let pid = proposal_in(&app, &author, "verified", "北地区に街灯を", None, false).await;
    let pid_s = pid.to_string();
    let (mut first, _) = app.signed_in("first@example.jp", Role::Resident).await;
    first.get("/account/privacy").await;
    verify_as_resident(&mut first).await;
    first.call_server_fn("/api/support_proposal", &[("id", &pid_s)]).await.assert_status(200);
    // The same person revokes, verifies a second account and tries again: refused.
    first.call_server_fn("/api/revoke_verification", &[]).await.assert_status(200);
    let (mut second, _) = app.signed_in("second@example.jp", Role::Resident).await;
    second.get("/account/privacy").await;
    verify_as_resident(&mut second).await;
    let res = second.call_server_fn("/api/support_proposal", &[("id", &pid_s)]).await;
    assert_eq!(res.json()["code"], "citizen_id_took_part", "{}", res.body);
    assert_eq!(app.with_conn(|c| yoriai_store::proposals::find(c, pid).unwrap().unwrap().support_count), 1);
});

both_backends!(deleting_an_account_drops_its_drafts_and_unsent_mail, |app| async move {
    let admin = app.account("padmin@example.jp", Role::Admin).await;
    let (mut aiko, me) = app.signed_in("aiko@example.jp", Role::Resident).await;
    open_process(&app, &admin, "drafts", false).await;
    let draft = proposal_in(&app, &me, "drafts", "まだ公開しない案", None, true).await;
    // Service mail to her address waiting to be sent (retried later).
    let later = yoriai_store::now() + chrono::Duration::hours(1);
    app.queue_mail("aiko@example.jp", "s", None, None, later);
    aiko.get("/account/privacy").await;
    aiko.call_server_fn("/api/delete_account", &[("password", yoriai_tests::PASSWORD)]).await.assert_status(200);
    assert!(app.with_conn(|c| yoriai_store::proposals::find(c, draft).unwrap()).is_none());
    let waiting = app.with_conn(|c| {
        yoriai_store::outbox::all(c)
            .unwrap()
            .into_iter()
            .filter(|r| r.recipient == "aiko@example.jp" && r.sent_at.is_none())
            .count()
    });
    assert_eq!(waiting, 0);
});

both_backends!(pseudonyms_differ_per_process_and_verified_shows_without_who, |app| async move {
    district(&app, "north", "北地区", "North");
    let (mut admin, a) = app.signed_in("admin@example.jp", Role::Admin).await;
    upload_census(&mut admin, "444455556666,1990-01-01,north\n").await;
    open_process(&app, &a, "parks", false).await;
    open_process(&app, &a, "roads", false).await;
    let (mut kenta, me) = app.signed_in("kenta.tanaka@example.jp", Role::Resident).await;
    kenta.accept_language = Some("en".into());
    let in_parks = proposal_in(&app, &me, "parks", "公園にベンチを", None, false).await;
    let in_roads = proposal_in(&app, &me, "roads", "歩道を広く", None, false).await;
    kenta
        .post_form(
            "/api/add_comment",
            &[("id", &in_parks.to_string()), ("body", "My own note."), ("stance", "neutral")],
        )
        .await;
    let mut anon = app.browser();
    anon.accept_language = Some("en".into());
    // By default the display name shows, and nothing about verification.
    anon.get(&format!("/proposals/{in_parks}"))
        .await
        .assert_contains("kenta.tanaka")
        .assert_not_contains("verified resident");
    // A pseudonym per process: the name disappears everywhere, the two processes differ,
    // and the same process keeps one pseudonym (proposal, comment, list).
    kenta.get("/account/privacy").await.assert_contains("A different pseudonym in each process");
    kenta.call_server_fn("/api/set_appearance", &[("appear_as", "pseudonym")]).await.assert_status(200);
    let pseudonym_in = |body: &str| -> Vec<String> {
        body.match_indices("Participant ")
            .map(|(i, _)| body[i + 12..].chars().take(8).collect::<String>())
            .collect::<Vec<_>>()
    };
    let parks_page = anon.get(&format!("/proposals/{in_parks}")).await;
    parks_page.assert_not_contains("kenta.tanaka");
    let parks = pseudonym_in(&parks_page.body);
    assert!(parks.len() >= 2, "proposal and comment bylines: {parks:?}");
    assert!(parks.iter().all(|p| *p == parks[0]), "{parks:?}");
    let roads_page = anon.get(&format!("/proposals/{in_roads}")).await;
    roads_page.assert_not_contains("kenta.tanaka");
    let roads = pseudonym_in(&roads_page.body);
    assert_ne!(parks[0], roads[0], "the same pseudonym in two processes links them");
    let list = anon.get("/processes/parks/proposals").await;
    list.assert_not_contains("kenta.tanaka");
    assert_eq!(pseudonym_in(&list.body).first(), Some(&parks[0]));
    // The JSON API shows the same byline as the page.
    let json = anon.get(&format!("/api/v1/proposals/{in_parks}")).await;
    json.assert_status(200).assert_not_contains("kenta.tanaka");
    assert_eq!(json.json()["author"]["pseudonym"], parks[0].as_str(), "{}", json.body);
    // Verified, but not shown until the resident turns that purpose on.
    verify_as_resident(&mut kenta).await;
    anon.get(&format!("/proposals/{in_parks}")).await.assert_not_contains("verified resident");
    kenta
        .call_server_fn("/api/set_consent", &[("purpose", "show_verified"), ("granted", "true")])
        .await
        .assert_status(200);
    let page = anon.get(&format!("/proposals/{in_parks}")).await;
    page.assert_contains("verified resident")
        .assert_not_contains("kenta.tanaka")
        .assert_not_contains("resident register");
    // Revoking the verification removes the mark at once; so does turning the purpose off.
    kenta.call_server_fn("/api/revoke_verification", &[]).await.assert_status(200);
    anon.get(&format!("/proposals/{in_parks}")).await.assert_not_contains("verified resident");
    // Back to the display name: shown again, in both processes.
    kenta.call_server_fn("/api/set_appearance", &[("appear_as", "name")]).await.assert_status(200);
    anon.get(&format!("/proposals/{in_roads}")).await.assert_contains("kenta.tanaka");
    // Junk is a field error, and the choice stays.
    let res = kenta.call_server_fn("/api/set_appearance", &[("appear_as", "ghost")]).await;
    assert_eq!(res.json()["fields"][0]["code"], "invalid_input", "{}", res.body);
    assert_eq!(
        app.with_conn(|c| yoriai_store::users::find(c, me.user_id().unwrap()).unwrap().unwrap().appear_as),
        "name"
    );
});

both_backends!(anonymous_statistics_count_only_those_who_agreed_and_hide_small_groups, |app| async move {
    let mut n = 0;
    // (age band, turns "statistics" on, turns it off again)
    let people = [("30_39", true, false); 5]
        .into_iter()
        .chain([("40_49", true, false); 2])
        .chain([("50_59", false, false); 6])
        .chain([("60_69", true, true); 5]);
    for (band, on, off) in people {
        n += 1;
        let actor = app.account(&format!("stat{n}@example.jp"), Role::Resident).await;
        let band = band.to_owned();
        app.run(move |svc| {
            yoriai_services::privacy::save_attributes(
                svc,
                &actor,
                yoriai_services::privacy::AttributesInput { age_band: band, ..Default::default() },
            )?;
            if on {
                yoriai_services::privacy::set_consent(svc, &actor, "statistics", true, None)?;
            }
            if off {
                yoriai_services::privacy::set_consent(svc, &actor, "statistics", false, None)?;
            }
            Ok(())
        })
        .await
        .unwrap();
    }
    let mut anyone = app.browser();
    anyone.accept_language = Some("en".into());
    let csv = anyone.get("/dashboard/age_bands.csv").await;
    csv.assert_status(200);
    let lines: Vec<&str> = csv.body.trim_start_matches('\u{feff}').lines().collect();
    assert_eq!(lines[0], "age_band,residents,note");
    assert!(lines.contains(&"30_39,5,"), "{lines:?}");
    assert!(lines.contains(&"40_49,,fewer than 5"), "a group of 2 is withheld: {lines:?}");
    assert!(lines.contains(&"50_59,0,"), "without consent nobody is counted: {lines:?}");
    assert!(lines.contains(&"60_69,0,"), "the newest choice counts: {lines:?}");
    let page = anyone.get("/dashboard").await;
    page.assert_contains("Residents by age band").assert_contains("fewer than 5");
    // Not per process, and nothing when the city stops offering the purpose.
    let (mut admin, _) = app.signed_in("statadmin@example.jp", Role::Admin).await;
    admin.get("/admin/privacy").await;
    let mut fields: Vec<(&str, &str)> = vec![
        ("body_ja", "お知らせ"),
        ("body_en", "Notice"),
        ("changes_ja", "統計をやめます"),
        ("changes_en", "No more statistics"),
    ];
    for p in ["for_you", "budget_eligibility", "email_updates", "accessibility", "show_verified"] {
        fields.push((Box::leak(format!("offer_{p}").into_boxed_str()), "on"));
    }
    admin.call_server_fn("/api/publish_notice", &fields).await.assert_status(200);
    let csv = anyone.get("/dashboard/age_bands.csv").await;
    assert_eq!(csv.body.lines().count(), 1, "{}", csv.body);
    anyone.get("/dashboard").await.assert_not_contains("Residents by age band");
});
