//! Street reports on both backends: reporting (with an account, and confirmed by an
//! emailed link), routing by district and category, the inbox and staff actions,
//! notifications, reopening, "me too", alerts and feeds, privacy, bad input, and
//! Open311 (status codes and bodies here; the full conformance suite with a real client
//! in `open311_conformance`).

use yoriai_domain::{Actor, DepartmentId, DistrictId, ReportCategoryId, ReportId, Role};
use yoriai_services::reports as r;
use yoriai_tests::{both_backends, Backend, Browser, TestApp};

const DISTRICTS: &str = r#"{"type":"FeatureCollection","features":[
{"type":"Feature","properties":{"code":"north","name_ja":"北","name_en":"North"},"geometry":{"type":"Polygon","coordinates":[[[139.88,37.4947],[139.98,37.4947],[139.98,37.54],[139.88,37.54],[139.88,37.4947]]]}},
{"type":"Feature","properties":{"code":"south","name_ja":"南","name_en":"South"},"geometry":{"type":"Polygon","coordinates":[[[139.88,37.45],[139.98,37.45],[139.98,37.4947],[139.88,37.4947],[139.88,37.45]]]}}]}"#;

struct Setup {
    admin: Actor,
    /// (general advice = default, roads, parks)
    depts: (DepartmentId, DepartmentId, DepartmentId),
    pothole: ReportCategoryId,
    graffiti: ReportCategoryId,
    north: DistrictId,
    south: DistrictId,
}

/// Departments (advice is the default), two districts, a pothole category (roads, with
/// a required list question and an optional yes/no one) routed to parks in the south,
/// and a graffiti category without a department; `staff@` is a roads member.
async fn setup(app: &TestApp) -> Setup {
    let admin = app.account("admin@example.jp", Role::Admin).await;
    app.account("staff@example.jp", Role::DepartmentStaff).await;
    app.account("parks@example.jp", Role::DepartmentStaff).await;
    let a = admin.clone();
    let (depts, pothole, graffiti, north, south) = app
        .run(move |svc| {
            let advice = r::create_department(svc, &a, "市民相談課", "Advice")?;
            let roads = r::create_department(svc, &a, "道路課", "Roads")?;
            let parks = r::create_department(svc, &a, "公園課", "Parks")?;
            r::add_department_member(svc, &a, roads, "staff@example.jp")?;
            r::add_department_member(svc, &a, parks, "parks@example.jp")?;
            r::import_districts(svc, &a, DISTRICTS.as_bytes())?;
            let mut conn = svc.conn()?;
            let north = yoriai_store::districts::find_by_code(&mut conn, "north")?.unwrap().id;
            let south = yoriai_store::districts::find_by_code(&mut conn, "south")?.unwrap().id;
            drop(conn);
            let pothole = r::create_category(
                svc,
                &a,
                r::CategoryInput {
                    code: "pothole".into(),
                    name_ja: "道路の穴".into(),
                    name_en: "Pothole".into(),
                    enabled: true,
                    department_id: Some(roads),
                    ..Default::default()
                },
            )?;
            r::add_question(
                svc,
                &a,
                pothole,
                r::QuestionInput {
                    code: "size".into(),
                    kind: "list".into(),
                    label_ja: "大きさ".into(),
                    label_en: "Size".into(),
                    required: true,
                    options: "small|小|Small\nlarge|大|Large".into(),
                },
            )?;
            r::add_question(
                svc,
                &a,
                pothole,
                r::QuestionInput {
                    code: "blocking".into(),
                    kind: "yes_no".into(),
                    label_ja: "通行の妨げ".into(),
                    label_en: "Blocking".into(),
                    required: false,
                    options: String::new(),
                },
            )?;
            r::set_route(svc, &a, pothole, south, Some(parks))?;
            let graffiti = r::create_category(
                svc,
                &a,
                r::CategoryInput {
                    code: "graffiti".into(),
                    name_ja: "落書き".into(),
                    name_en: "Graffiti".into(),
                    enabled: true,
                    ..Default::default()
                },
            )?;
            r::save_template(
                svc,
                &a,
                None,
                r::TemplateInput {
                    department_id: None,
                    title: "Seen".into(),
                    body_ja: "確認しました。".into(),
                    body_en: "We have seen it.".into(),
                    state: "acknowledged".into(),
                },
            )?;
            Ok(((advice, roads, parks), pothole, graffiti, north, south))
        })
        .await
        .unwrap();
    Setup { admin, depts, pothole, graffiti, north, south }
}

fn code(res: &yoriai_tests::Response) -> String {
    res.json()["code"].as_str().unwrap_or_default().to_owned()
}

fn report_of(app: &TestApp, id: ReportId) -> yoriai_store::reports::ReportRow {
    app.with_conn(|c| yoriai_store::reports::find(c, id).unwrap().unwrap())
}

/// The inbox's stored counts equal a count of the reports themselves.
fn assert_counts(app: &TestApp) {
    app.with_conn(|c| {
        let mut slow: Vec<(DepartmentId, String, i64)> = yoriai_store::reports::count_by_state_slow(c)
            .unwrap()
            .into_iter()
            .map(|(d, s, n)| (d.unwrap_or_default(), s, n))
            .collect();
        let mut stored = yoriai_store::reports::stored_counts(c).unwrap();
        slow.sort();
        stored.sort();
        assert_eq!(stored, slow, "stored inbox counts drifted from the reports");
    });
}

fn id_from(location: &str) -> ReportId {
    location.trim_start_matches("/reports/").split(['?', '#']).next().unwrap().parse().unwrap()
}

async fn staff(app: &TestApp, email: &str) -> Browser {
    let mut b = app.browser();
    b.accept_language = Some("en".into());
    app.sign_in(&mut b, email).await;
    b
}

both_backends!(a_report_goes_from_a_resident_to_the_right_department_and_back, |app| async move {
    let s = setup(&app).await;
    let (mut hanako, _) = app.signed_in("hanako@example.jp", Role::Resident).await;
    hanako.get("/account/privacy").await;
    hanako
        .call_server_fn("/api/set_consent", &[("purpose", "email_updates"), ("granted", "true")])
        .await
        .assert_status(200);
    hanako.accept_language = Some("en".into());
    // Step 1 (where and what) is a GET form; step 2 shows the details form.
    let page = hanako.get(&format!("/reports/new?step=details&category={}&lat=37.5100&lon=139.9300", s.pothole)).await;
    page.assert_status(200).assert_contains("Size").assert_contains("answers[size]");
    // Without JavaScript: the form posts and the browser follows the redirect.
    let cat = s.pothole.to_string();
    let res = hanako
        .post_form(
            "/api/create_report",
            &[
                ("category_id", &cat),
                ("latitude", "37.5100"),
                ("longitude", "139.9300"),
                ("address", ""),
                ("district_id", ""),
                ("answers[size]", "large"),
                ("answers[blocking]", "yes"),
                ("title", "Deep pothole at the bus stop"),
                ("description", "Filled with water when it rains."),
            ],
        )
        .await;
    res.assert_status(303);
    let id = id_from(&res.location().unwrap());
    let row = report_of(&app, id);
    // The pin is in the north: no route there, so the category's department (roads).
    assert_eq!((row.district_id, row.department_id, row.visible), (Some(s.north), Some(s.depts.1), true));
    assert!(!row.show_name);
    // The same category in the south goes where the route says (parks).
    let (h, pc) = (app.account("h2@example.jp", Role::Resident).await, s.pothole);
    let south = app
        .run(move |svc| {
            r::create_report(
                svc,
                &h,
                r::ReportInput {
                    category_id: Some(pc),
                    title: "Hole in the south".into(),
                    description: "South side.".into(),
                    latitude: "37.4700".into(),
                    longitude: "139.9300".into(),
                    answers: [("size".into(), "small".into())].into(),
                    ..Default::default()
                },
                yoriai_domain::Locale::En,
            )
        })
        .await
        .unwrap();
    assert_eq!(report_of(&app, south.id).department_id, Some(s.depts.2));
    // The public page shows the answers, not the reporter's name.
    let mut visitor = app.browser();
    visitor.accept_language = Some("en".into());
    let page = visitor.get(&format!("/reports/{id}")).await;
    page.assert_status(200)
        .assert_contains("Deep pothole")
        .assert_contains("Large")
        .assert_contains("Reported by a resident");
    page.assert_not_contains("hanako");
    // The roads department's inbox has it; the parks member cannot act on it.
    let mut roads = staff(&app, "staff@example.jp").await;
    roads.get("/inbox").await.assert_contains("Deep pothole").assert_not_contains("Hole in the south");
    let mut parks = staff(&app, "parks@example.jp").await;
    parks.get(&format!("/reports/{id}")).await;
    let res = parks.call_server_fn("/api/report_internal_note", &[("id", &id.to_string()), ("note", "Not ours")]).await;
    assert_eq!(res.status, 403);
    // Roads: acknowledged (with the template), an internal note, then fixed with a text.
    roads.get(&format!("/reports/{id}")).await.assert_contains("For staff");
    let templates = app.with_conn(|c| yoriai_store::report_settings::templates(c).unwrap());
    let res = roads
        .post_form(
            "/api/change_report_state",
            &[
                ("id", &id.to_string()),
                ("state", "acknowledged"),
                ("body", ""),
                ("template_id", &templates[0].id.to_string()),
            ],
        )
        .await;
    res.assert_status(303);
    roads
        .post_form("/api/report_internal_note", &[("id", &id.to_string()), ("note", "Crew B, bring asphalt")])
        .await
        .assert_status(303);
    roads
        .post_form(
            "/api/change_report_state",
            &[("id", &id.to_string()), ("state", "fixed"), ("body", "Repaired today.")],
        )
        .await
        .assert_status(303);
    let res = roads.call_server_fn("/api/change_report_state", &[("id", &id.to_string()), ("state", "fixed")]).await;
    assert_eq!(res.field_codes(), vec![("state".into(), "state_unchanged".into())]);
    // Public: the template text and the fix, never the internal note.
    let page = visitor.get(&format!("/reports/{id}")).await;
    page.assert_contains("We have seen it.").assert_contains("Repaired today.").assert_contains("Fixed");
    page.assert_not_contains("Crew B");
    let feed = visitor.get(&format!("/reports/feed.atom?report={id}")).await;
    feed.assert_status(200).assert_contains("Repaired today.").assert_not_contains("Crew B");
    let o311 = visitor.get_json(&format!("/open311/v2/requests/{id}.json")).await;
    o311.assert_status(200).assert_contains("\"status\":\"closed\"").assert_not_contains("Crew B");
    // The staff page shows the note, with who wrote it.
    roads.get(&format!("/reports/{id}")).await.assert_contains("Crew B");
    // The reporter is notified (in the site, and by email as they chose).
    let kinds: Vec<String> = app.with_conn(|c| {
        use diesel::prelude::*;
        use yoriai_store::schema::notifications;
        notifications::table.filter(notifications::report_id.eq(id)).select(notifications::kind).load(c).unwrap()
    });
    assert_eq!(kinds, vec!["report_update".to_owned(), "report_update".to_owned()]);
    app.wait_for_mail("hanako@example.jp", "notification").await;
    // The reporter reopens within the window, saying why.
    let res = hanako
        .post_form("/api/reopen_report", &[("id", &id.to_string()), ("comment", "Still a hole on the left side.")])
        .await;
    res.assert_status(303);
    assert_eq!(report_of(&app, id).state.as_str(), "open");
    // After the window, no more: fix again and age the fix by 29 days.
    roads
        .post_form("/api/change_report_state", &[("id", &id.to_string()), ("state", "fixed"), ("body", "")])
        .await
        .assert_status(303);
    app.with_conn(|c| {
        use diesel::prelude::*;
        use yoriai_store::schema::reports;
        diesel::update(reports::table.find(id))
            .set(reports::fixed_at.eq(yoriai_store::now() - chrono::Duration::days(29)))
            .execute(c)
            .unwrap();
    });
    let res = hanako.call_server_fn("/api/reopen_report", &[("id", &id.to_string()), ("comment", "Again")]).await;
    assert_eq!((res.status, code(&res)), (422, "reopen_window_closed".into()));
    // Every state change is in the report's history and in the action log.
    let timeline = app.with_conn(|c| yoriai_store::reports::updates_of(c, id, true).unwrap());
    let kinds: Vec<&str> = timeline.iter().map(|(u, _)| u.kind.as_str()).collect();
    assert_eq!(kinds, vec!["created", "state", "note", "state", "reopened", "state"]);
    let logged: i64 = app.with_conn(|c| {
        use diesel::prelude::*;
        use yoriai_store::schema::action_log;
        action_log::table
            .filter(action_log::target_type.eq("report"))
            .filter(action_log::target_id.eq(id))
            .count()
            .get_result(c)
            .unwrap()
    });
    assert_eq!(logged, 6);
    assert_counts(&app);
});

fn png() -> Vec<u8> {
    let mut out = Vec::new();
    let img = image::RgbImage::from_pixel(4, 4, image::Rgb([20, 120, 200]));
    image::DynamicImage::ImageRgb8(img).write_to(&mut std::io::Cursor::new(&mut out), image::ImageFormat::Png).unwrap();
    out
}

fn multipart(file: &[u8]) -> (String, Vec<u8>) {
    let boundary = "yoriaireportboundary";
    let mut body = Vec::new();
    body.extend_from_slice(
        format!("--{boundary}\r\nContent-Disposition: form-data; name=\"alt\"\r\n\r\nThe hole\r\n").as_bytes(),
    );
    body.extend_from_slice(
        format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"image\"; filename=\"p.jpg\"\r\nContent-Type: image/jpeg\r\n\r\n"
        )
        .as_bytes(),
    );
    body.extend_from_slice(file);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

both_backends!(a_report_without_an_account_waits_for_its_emailed_link, |app| async move {
    let s = setup(&app).await;
    let mut anon = app.browser();
    anon.accept_language = Some("en".into());
    anon.get(&format!("/reports/new?step=details&category={}&address=x", s.graffiti)).await;
    // No email: refused, with every problem at once, nothing saved.
    let cat = s.graffiti.to_string();
    let res = anon
        .call_server_fn(
            "/api/create_report",
            &[("category_id", &cat), ("address", "Behind the station"), ("title", "G"), ("description", "")],
        )
        .await;
    assert_eq!(res.status, 422);
    let fields: Vec<String> = res.field_codes().into_iter().map(|f| f.0).collect();
    assert!(fields.contains(&"email".to_owned()) && fields.contains(&"title".to_owned()), "{fields:?}");
    assert_eq!(
        app.with_conn(|c| yoriai_store::reports::unconfirmed_before(c, yoriai_store::now(), 10).unwrap()).len(),
        0
    );
    let res = anon
        .post_form(
            "/api/create_report",
            &[
                ("category_id", &cat),
                ("address", "Behind the station, north exit"),
                ("district_id", &s.north.to_string()),
                ("title", "Graffiti on the wall"),
                ("description", "Fresh graffiti."),
                ("email", "walker@example.jp"),
                ("name", "Walker"),
            ],
        )
        .await;
    res.assert_status(303);
    let to = res.location().unwrap();
    assert!(to.contains("notice=report-check-email"), "{to}");
    let id = id_from(&to);
    let row = report_of(&app, id);
    // No pin: the chosen district routes it; no category department: the default one.
    assert_eq!((row.district_id, row.department_id, row.visible), (Some(s.north), Some(s.depts.0), false));
    // Not public yet; the reporter (holding the edit cookie) sees it and adds a photo.
    let mut visitor = app.browser();
    assert_eq!(visitor.get(&format!("/reports/{id}")).await.status, 404);
    assert!(!visitor.get_json("/open311/v2/requests.json").await.body.contains("Graffiti on the wall"));
    let page = anon.get(&format!("/reports/{id}")).await;
    page.assert_status(200).assert_contains("This report is not sent yet.");
    let csrf = anon.csrf.clone().unwrap();
    let (ct, body) = multipart(&png());
    let res = anon.request_raw("POST", &format!("/reports/{id}/photos?csrf={csrf}"), &ct, body).await;
    assert!(res.location().unwrap().contains("notice=photo-added"), "{:?}", res.location());
    // A "photo" that is really HTML is refused.
    let (ct, body) = multipart(b"<html><script>alert(1)</script></html>");
    let res = anon.request_raw("POST", &format!("/reports/{id}/photos?csrf={csrf}"), &ct, body).await;
    assert!(res.location().unwrap().contains("error=image_invalid"), "{:?}", res.location());
    // A stranger cannot add photos.
    let (ct, body) = multipart(&png());
    visitor.get("/").await;
    let vcsrf = visitor.csrf.clone().unwrap();
    let res = visitor.request_raw("POST", &format!("/reports/{id}/photos?csrf={vcsrf}"), &ct, body).await;
    assert!(res.location().unwrap().contains("error="), "{:?}", res.location());
    // The emailed link sends it.
    let mail = app.wait_for_mail("walker@example.jp", "confirm_report").await;
    let link = mail.links().into_iter().find(|l| l.contains("/reports/confirm")).unwrap();
    let token = link.split("token=").nth(1).unwrap().to_owned();
    let mut b = app.browser();
    b.get(&format!("/reports/confirm?token={token}")).await.assert_status(200);
    let res = b.post_form("/api/confirm_report", &[("token", &token)]).await;
    res.assert_status(303);
    assert!(report_of(&app, id).visible);
    visitor.get(&format!("/reports/{id}")).await.assert_status(200).assert_not_contains("Walker");
    // Used once.
    let res = b.call_server_fn("/api/confirm_report", &[("token", &token)]).await;
    assert_eq!(code(&res), "token_invalid");
    // A public update emails the reporter, with a link to stop it.
    let a = s.admin.clone();
    app.run(move |svc| r::public_update(svc, &a, id, "We will clean it on Monday.")).await.unwrap();
    let mail = app.wait_for_mail("walker@example.jp", "report_update").await;
    assert!(mail.body.contains("We will clean it on Monday."));
    let stop = mail.links().into_iter().find(|l| l.contains("stop-updates")).unwrap();
    let stop_token = stop.split("token=").nth(1).unwrap().to_owned();
    b.post_form("/api/stop_report_updates", &[("token", &stop_token)]).await.assert_status(303);
    assert!(!report_of(&app, id).reporter_updates);
    // Staff of another department may not see the contact details; staff handling it
    // see them only with a reason, and the look is logged.
    let mut roads = staff(&app, "staff@example.jp").await;
    let csrf = roads.csrf.clone().unwrap();
    let res = roads.get(&format!("/reports/{id}/contact?reason=curious&csrf={csrf}")).await;
    assert_eq!(res.status, 403);
    res.assert_not_contains("walker@example.jp");
    let mut chief = staff(&app, "admin@example.jp").await;
    // A link planted elsewhere (no token, or someone else's) shows nothing and logs nothing.
    for planted in ["", "&csrf=forged"] {
        let res = chief.get(&format!("/reports/{id}/contact?reason=planted+reason{planted}")).await;
        res.assert_not_contains("walker@example.jp");
    }
    let csrf = chief.csrf.clone().unwrap();
    let res = chief.get(&format!("/reports/{id}/contact?reason=call+about+access&csrf={csrf}")).await;
    res.assert_status(200).assert_contains("walker@example.jp");
    let logged: Vec<Option<String>> = app.with_conn(|c| {
        use diesel::prelude::*;
        use yoriai_store::schema::action_log;
        action_log::table
            .filter(action_log::action.eq("view_reporter_contact"))
            .select(action_log::reason)
            .load(c)
            .unwrap()
    });
    assert_eq!(logged, vec![Some("call about access".to_owned())]);
    // Unconfirmed reports are deleted after the configured days (photos too).
    let res = anon
        .call_server_fn(
            "/api/create_report",
            &[
                ("category_id", &cat),
                ("address", "Park"),
                ("title", "Never confirmed"),
                ("description", "x"),
                ("email", "ghost@example.jp"),
            ],
        )
        .await;
    assert_eq!(res.status, 200);
    app.with_conn(|c| {
        use diesel::prelude::*;
        use yoriai_store::schema::reports;
        diesel::update(reports::table.filter(reports::title.eq("Never confirmed")))
            .set(reports::created_at.eq(yoriai_store::now() - chrono::Duration::days(8)))
            .execute(c)
            .unwrap();
    });
    let purged = app.run(r::purge_unconfirmed).await.unwrap();
    assert_eq!(purged, 1);
    assert!(app.with_conn(|c| yoriai_store::reports::find(c, id).unwrap()).is_some());
    assert_counts(&app);
});

both_backends!(bad_reports_get_clear_errors_and_save_nothing, |app| async move {
    let s = setup(&app).await;
    let (mut b, _) = app.signed_in("careful@example.jp", Role::Resident).await;
    b.accept_language = Some("en".into());
    b.get("/reports/new").await;
    let cat = s.pothole.to_string();
    let post = |fields: Vec<(&'static str, String)>| fields;
    type Case = (Vec<(&'static str, String)>, &'static str, &'static str);
    let cases: Vec<Case> = vec![
        (
            post(vec![
                ("category_id", cat.clone()),
                ("latitude", "95".into()),
                ("longitude", "139".into()),
                ("answers[size]", "small".into()),
                ("title", "A hole".into()),
                ("description", "x".into()),
            ]),
            "latitude",
            "location_invalid",
        ),
        (
            post(vec![
                ("category_id", "99999".into()),
                ("address", "x".into()),
                ("title", "A hole".into()),
                ("description", "x".into()),
            ]),
            "category_id",
            "category_unavailable",
        ),
        (
            post(vec![
                ("category_id", cat.clone()),
                ("address", "x".into()),
                ("title", "A hole".into()),
                ("description", "x".into()),
            ]),
            "q_size",
            "required",
        ),
        (
            post(vec![
                ("category_id", cat.clone()),
                ("address", "x".into()),
                ("answers[size]", "huge".into()),
                ("title", "A hole".into()),
                ("description", "x".into()),
            ]),
            "q_size",
            "invalid_input",
        ),
        (
            post(vec![
                ("category_id", cat.clone()),
                ("address", "x".into()),
                ("answers[size]", "small".into()),
                ("title", "A hole".into()),
                ("description", "x".repeat(4001)),
            ]),
            "description",
            "too_long",
        ),
        (
            post(vec![
                ("category_id", cat.clone()),
                ("answers[size]", "small".into()),
                ("title", "A hole".into()),
                ("description", "x".into()),
            ]),
            "address",
            "required",
        ),
    ];
    for (fields, field, expected) in cases {
        let pairs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let res = b.call_server_fn("/api/create_report", &pairs).await;
        assert_eq!(res.status, 422, "{field}: {}", res.body);
        assert!(
            res.field_codes().contains(&(field.to_owned(), expected.to_owned())),
            "{field}: {:?}",
            res.field_codes()
        );
    }
    // A disabled category is refused.
    let a = s.admin.clone();
    let g = s.graffiti;
    app.run(move |svc| {
        r::update_category(
            svc,
            &a,
            g,
            r::CategoryInput {
                code: "graffiti".into(),
                name_ja: "落書き".into(),
                name_en: "Graffiti".into(),
                enabled: false,
                ..Default::default()
            },
        )
    })
    .await
    .unwrap();
    let res = b
        .call_server_fn(
            "/api/create_report",
            &[("category_id", &g.to_string()), ("address", "x"), ("title", "Paint"), ("description", "x")],
        )
        .await;
    assert!(res.field_codes().contains(&("category_id".into(), "category_unavailable".into())));
    assert_eq!(
        app.with_conn(|c| yoriai_store::reports::first_id_from(c, chrono::NaiveDateTime::default()).unwrap()),
        None
    );
    // Outside every district: accepted, no district, sent to the default department.
    let res = b
        .call_server_fn(
            "/api/create_report",
            &[("category_id", &g.to_string()), ("address", "x"), ("title", "Paint"), ("description", "x")],
        )
        .await;
    assert_eq!(res.status, 422);
    let res = b
        .call_server_fn(
            "/api/create_report",
            &[
                ("category_id", &cat),
                ("latitude", "35.0"),
                ("longitude", "135.0"),
                ("answers[size]", "small"),
                ("title", "Far away"),
                ("description", "Outside the city."),
                ("show_name", "on"),
            ],
        )
        .await;
    assert_eq!(res.status, 200, "{}", res.body);
    let id = id_from(res.json()["to"].as_str().unwrap());
    let row = report_of(&app, id);
    assert_eq!((row.district_id, row.department_id), (None, Some(s.depts.1)));
    // The reporter chose to show their name.
    app.browser().get(&format!("/reports/{id}")).await.assert_contains("careful");
    // A 50 MB photo is cut off while streaming.
    let (ct, body) = multipart(&vec![0u8; 50 * 1024 * 1024]);
    let csrf = b.csrf.clone().unwrap();
    let res = b.request_raw("POST", &format!("/reports/{id}/photos?csrf={csrf}"), &ct, body).await;
    assert!(
        res.status == 413 || res.location().is_some_and(|l| l.contains("image_too_large")),
        "{} {:?}",
        res.status,
        res.location()
    );
    assert_eq!(app.with_conn(|c| yoriai_store::uploads::Gallery::Report(id).count(c).unwrap()), 0);
});

both_backends!(me_too_follows_alerts_and_feeds, |app| async move {
    let s = setup(&app).await;
    let author = app.account("author@example.jp", Role::Resident).await;
    let pc = s.pothole;
    let make = move |svc: &yoriai_services::Services, who: &Actor, lat: &str, title: &str| {
        r::create_report(
            svc,
            who,
            r::ReportInput {
                category_id: Some(pc),
                title: title.into(),
                description: "A hole.".into(),
                latitude: lat.into(),
                longitude: "139.9300".into(),
                answers: [("size".into(), "small".into())].into(),
                ..Default::default()
            },
            yoriai_domain::Locale::En,
        )
        .map(|r| r.id)
    };
    let au = author.clone();
    let first = app.run(move |svc| make(svc, &au, "37.5100", "First hole")).await.unwrap();
    // "Me too": once per resident, not on one's own report; the count is stored.
    let (mut neighbour, _) = app.signed_in("neighbour@example.jp", Role::Resident).await;
    neighbour.get(&format!("/reports/{first}")).await;
    assert_eq!(neighbour.call_server_fn("/api/me_too", &[("id", &first.to_string())]).await.status, 200);
    let res = neighbour.call_server_fn("/api/me_too", &[("id", &first.to_string())]).await;
    assert_eq!((res.status, code(&res)), (409, "already_me_too".into()));
    let au = author.clone();
    let own = app.run(move |svc| r::me_too(svc, &au, first)).await;
    assert_eq!(own.unwrap_err().code(), yoriai_domain::ErrorCode::OwnReport);
    assert_eq!(report_of(&app, first).me_too_count, 1);
    // Before reporting nearby, the form offers the open report of the same kind.
    neighbour
        .get(&format!("/reports/new?step=details&category={}&lat=37.5101&lon=139.9301", s.pothole))
        .await
        .assert_contains("First hole");
    // Alerts: a district and a point; a new report in both notifies once.
    let (mut watcher, watcher_actor) = app.signed_in("watcher@example.jp", Role::Resident).await;
    watcher.get("/alerts").await;
    watcher.post_form("/api/create_alert", &[("district_id", &s.north.to_string())]).await.assert_status(303);
    watcher
        .post_form("/api/create_alert", &[("latitude", "37.5200"), ("longitude", "139.9300"), ("radius_m", "500")])
        .await
        .assert_status(303);
    let res = watcher
        .call_server_fn("/api/create_alert", &[("latitude", "37.52"), ("longitude", "139.93"), ("radius_m", "7")])
        .await;
    assert_eq!(res.status, 422);
    // The same alert twice is refused, and so is a district together with a point
    // (one of the two was silently dropped before).
    let res = watcher.call_server_fn("/api/create_alert", &[("district_id", &s.north.to_string())]).await;
    assert_eq!((res.status, code(&res)), (422, "invalid_input".to_owned()));
    assert_eq!(res.json()["fields"][0]["code"], "alert_exists");
    let res = watcher
        .call_server_fn("/api/create_alert", &[("latitude", "37.5200"), ("longitude", "139.9300"), ("radius_m", "500")])
        .await;
    assert_eq!(res.json()["fields"][0]["code"], "alert_exists");
    let res = watcher
        .call_server_fn(
            "/api/create_alert",
            &[
                ("district_id", &s.south.to_string()),
                ("latitude", "37.47"),
                ("longitude", "139.93"),
                ("radius_m", "500"),
            ],
        )
        .await;
    assert_eq!(res.json()["fields"][0]["code"], "alert_district_or_point");
    let alerts = app.with_conn(|c| yoriai_store::reports::alerts_of(c, watcher_actor.user_id().unwrap()).unwrap());
    assert_eq!(alerts.len(), 2, "nothing was added by the refused requests");
    let au = author.clone();
    let second = app.run(move |svc| make(svc, &au, "37.5210", "Second hole")).await.unwrap();
    let au = author.clone();
    app.run(move |svc| make(svc, &au, "37.4700", "Southern hole")).await.unwrap();
    let wid = watcher_actor.user_id().unwrap().0;
    let nearby: Vec<Option<ReportId>> = app.with_conn(|c| {
        use diesel::prelude::*;
        use yoriai_store::schema::notifications;
        notifications::table
            .filter(notifications::user_id.eq(wid))
            .filter(notifications::kind.eq("report_nearby"))
            .select(notifications::report_id)
            .load(c)
            .unwrap()
    });
    assert_eq!(nearby, vec![Some(second)], "one notification, only for the report in the area");
    // Atom feeds: by district and around a point.
    let mut anyone = app.browser();
    let feed = anyone.get(&format!("/reports/feed.atom?district={}", s.north)).await;
    feed.assert_status(200)
        .assert_contains("<feed")
        .assert_contains("Second hole")
        .assert_not_contains("Southern hole");
    let feed = anyone.get("/reports/feed.atom?lat=37.5210&lon=139.9300&radius=200").await;
    feed.assert_contains("Second hole").assert_not_contains("First hole");
    assert_eq!(anyone.get("/reports/feed.atom?lat=99&lon=1").await.status, 400);
    // The list: filters, sorts, and the map's GeoJSON.
    let list = anyone.get("/reports?sort=me_too").await;
    let (a, b) = (list.body.find("First hole").unwrap(), list.body.find("Second hole").unwrap());
    assert!(a < b, "most me-too first");
    let list = anyone.get(&format!("/reports?district={}", s.south)).await;
    list.assert_contains("Southern hole").assert_not_contains("First hole");
    let list = anyone.get("/reports?sort=nearest&lat=37.4700&lon=139.9300").await;
    let (a, b) = (list.body.find("Southern hole").unwrap(), list.body.find("First hole").unwrap());
    assert!(a < b, "nearest first");
    let geo = anyone.get("/reports/map.geojson?bbox=139.9,37.5,139.95,37.53").await;
    geo.assert_status(200).assert_contains("First hole").assert_not_contains("Southern hole");
    assert_eq!(anyone.get("/reports/map.geojson?bbox=a,b").await.status, 400);
});

both_backends!(staff_move_merge_and_assign_reports, |app| async move {
    let s = setup(&app).await;
    let author = app.account("author@example.jp", Role::Resident).await;
    let pc = s.pothole;
    let ids = app
        .run(move |svc| {
            let mut ids = Vec::new();
            for title in ["Hole A", "Hole A again"] {
                ids.push(
                    r::create_report(
                        svc,
                        &author,
                        r::ReportInput {
                            category_id: Some(pc),
                            title: title.into(),
                            description: "A hole.".into(),
                            latitude: "37.5100".into(),
                            longitude: "139.9300".into(),
                            answers: [("size".into(), "small".into())].into(),
                            ..Default::default()
                        },
                        yoriai_domain::Locale::En,
                    )?
                    .id,
                );
            }
            Ok(ids)
        })
        .await
        .unwrap();
    let (first, dup) = (ids[0], ids[1]);
    let mut roads = staff(&app, "staff@example.jp").await;
    roads.get(&format!("/reports/{first}")).await;
    // Assign to a colleague of the department only.
    let staff_id = app.with_conn(|c| yoriai_store::users::find_by_email(c, "staff@example.jp").unwrap().unwrap().id);
    let parks_id = app.with_conn(|c| yoriai_store::users::find_by_email(c, "parks@example.jp").unwrap().unwrap().id);
    roads
        .post_form("/api/assign_report", &[("id", &first.to_string()), ("assignee_id", &staff_id.to_string())])
        .await
        .assert_status(303);
    assert_eq!(report_of(&app, first).assignee_id, Some(staff_id));
    let res = roads
        .call_server_fn("/api/assign_report", &[("id", &first.to_string()), ("assignee_id", &parks_id.to_string())])
        .await;
    assert_eq!(res.field_codes(), vec![("assignee_id".into(), "invalid_input".into())]);
    roads.get("/inbox?assignee=me").await.assert_contains("Hole A");
    // Merge the duplicate: it closes, pointing to the first.
    let res = roads.post_form("/api/merge_report", &[("id", &dup.to_string()), ("into", &format!("#{first}"))]).await;
    res.assert_status(303);
    let d = report_of(&app, dup);
    assert_eq!((d.state.as_str(), d.duplicate_of), ("duplicate", Some(first)));
    let res =
        roads.call_server_fn("/api/merge_report", &[("id", &first.to_string()), ("into", &first.to_string())]).await;
    assert_eq!(res.field_codes(), vec![("into".into(), "merge_invalid".into())]);
    let mut visitor = app.browser();
    visitor.accept_language = Some("en".into());
    visitor.get(&format!("/reports/{dup}")).await.assert_contains("already reported");
    // Move the first to parks: it leaves the roads inbox and loses its assignee.
    roads
        .post_form("/api/move_report", &[("id", &first.to_string()), ("department_id", &s.depts.2.to_string())])
        .await
        .assert_status(303);
    let f = report_of(&app, first);
    assert_eq!((f.department_id, f.assignee_id), (Some(s.depts.2), None));
    roads.get("/inbox").await.assert_not_contains("Hole A</a>");
    let mut parks = staff(&app, "parks@example.jp").await;
    parks.get("/inbox").await.assert_contains("Hole A");
    // A resident cannot open the inbox or act as staff.
    let (mut resident, _) = app.signed_in("r@example.jp", Role::Resident).await;
    resident.get(&format!("/reports/{first}")).await.assert_not_contains("For staff");
    let res = resident.call_server_fn("/api/report_public_update", &[("id", &first.to_string()), ("body", "hi")]).await;
    assert_eq!(res.status, 403);
    let res = resident.get_json("/api/inbox?params[state]=open").await;
    assert_eq!(res.status, 403);
    assert_counts(&app);
});

// The Open311 status codes and bodies; the full suite with a real client is
// `open311_conformance`.
both_backends!(open311_answers_in_the_spec_s_shape, |app| async move {
    let s = setup(&app).await;
    let a = s.admin.clone();
    let (_, key) = app.run(move |svc| r::create_open311_client(svc, &a, "Test client")).await.unwrap();
    let mut client = app.browser();
    let services = client.get_json("/open311/v2/services.json").await;
    services.assert_status(200).assert_contains("\"service_code\":\"pothole\"");
    let xml = client.get("/open311/v2/services.xml").await;
    xml.assert_status(200).assert_contains("<services>").assert_contains("<service_code>pothole</service_code>");
    let def = client.get_json("/open311/v2/services/pothole.json").await;
    def.assert_status(200).assert_contains("\"code\":\"size\"").assert_contains("singlevaluelist");
    let post = |fields: &[(&str, &str)]| serde_urlencoded::to_string(fields).unwrap().into_bytes();
    let form = "application/x-www-form-urlencoded";
    // Without a key, with a wrong key: 403 with the spec's body.
    for body in [
        post(&[("service_code", "pothole"), ("lat", "37.51"), ("long", "139.93"), ("attribute[size]", "small")]),
        post(&[("api_key", "nope"), ("service_code", "pothole"), ("lat", "37.51"), ("long", "139.93")]),
    ] {
        let res = client.request_raw("POST", "/open311/v2/requests.json", form, body).await;
        assert_eq!(res.status, 403);
        assert_eq!(res.json()[0]["code"], 403, "{}", res.body);
    }
    // Bad input: 400, never 500.
    for body in [
        post(&[("api_key", &key), ("service_code", "nope"), ("lat", "37.51"), ("long", "139.93")]),
        post(&[("api_key", &key), ("service_code", "pothole"), ("lat", "37.51"), ("long", "139.93")]),
        post(&[
            ("api_key", &key),
            ("service_code", "pothole"),
            ("lat", "200"),
            ("long", "139.93"),
            ("attribute[size]", "small"),
        ]),
        post(&[("api_key", &key), ("service_code", "pothole"), ("attribute[size]", "small")]),
        post(&[
            ("api_key", &key),
            ("service_code", "pothole"),
            ("lat", "37.51"),
            ("long", "139.93"),
            ("attribute[size]", "small"),
            ("description", &"x".repeat(4001)),
        ]),
    ] {
        let res = client.request_raw("POST", "/open311/v2/requests.json", form, body).await;
        assert_eq!(res.status, 400, "{}", res.body);
        assert_eq!(res.json()[0]["code"], 400);
    }
    let res = client
        .request_raw(
            "POST",
            "/open311/v2/requests.xml",
            "application/xml",
            b"<!DOCTYPE x [<!ENTITY e \"boom\">]><x>&e;</x>".to_vec(),
        )
        .await;
    assert_eq!(res.status, 400);
    assert!(res.body.contains("<errors>"), "{}", res.body);
    // A good request: 201, then readable, without the personal data posted.
    let res = client
        .request_raw(
            "POST",
            "/open311/v2/requests.json",
            form,
            post(&[
                ("api_key", &key),
                ("service_code", "pothole"),
                ("lat", "37.5100"),
                ("long", "139.9300"),
                ("attribute[size]", "large"),
                ("description", "Big hole & deep"),
                ("email", "private.person@example.org"),
                ("first_name", "Private"),
                ("last_name", "Person"),
            ]),
        )
        .await;
    assert_eq!(res.status, 201, "{}", res.body);
    let id = res.json()[0]["service_request_id"].as_str().unwrap().to_owned();
    let one = client.get_json(&format!("/open311/v2/requests/{id}.json")).await;
    one.assert_status(200).assert_contains("Big hole & deep").assert_contains("\"agency_responsible\":\"道路課\"");
    let list = client.get_json("/open311/v2/requests.json?status=open&service_code=pothole").await;
    list.assert_contains(&format!("\"service_request_id\":\"{id}\""));
    for body in [&one.body, &list.body, &client.get(&format!("/open311/v2/requests/{id}.xml")).await.body] {
        assert!(!body.contains("private.person") && !body.contains("Private"), "personal data leaked: {body}");
    }
    let row = report_of(&app, id.parse().unwrap());
    assert_eq!((row.source.as_str(), row.reporter_email.as_deref()), ("open311", Some("private.person@example.org")));
    // Filters, limits and errors of GET requests.
    assert_eq!(client.get_json("/open311/v2/requests.json?status=closed").await.json().as_array().unwrap().len(), 0);
    assert_eq!(client.get_json("/open311/v2/requests.json?start_date=garbage").await.status, 400);
    let span = client
        .get_json("/open311/v2/requests.json?start_date=2020-01-01T00:00:00Z&end_date=2021-01-01T00:00:00Z")
        .await;
    assert_eq!((span.status, span.json()[0]["code"].as_i64()), (400, Some(400)));
    assert_eq!(client.get_json("/open311/v2/requests/999999.json").await.status, 404);
    assert_eq!(client.get_json("/open311/v2/services/nope.json").await.status, 404);
    assert_eq!(client.get("/open311/v2/requests/999999.xml").await.status, 404);
    client.get_json(&format!("/open311/v2/tokens/{id}.json")).await.assert_status(200);
    client.get_json("/open311/v2/discovery.json").await.assert_status(200).assert_contains("GeoReport_v2");
    // A revoked key no longer works.
    let a = s.admin.clone();
    let client_id = app.with_conn(|c| yoriai_store::report_settings::clients(c).unwrap()[0].id);
    app.run(move |svc| r::revoke_open311_client(svc, &a, client_id)).await.unwrap();
    let res = client
        .request_raw(
            "POST",
            "/open311/v2/requests.json",
            form,
            post(&[
                ("api_key", &key),
                ("service_code", "pothole"),
                ("lat", "37.51"),
                ("long", "139.93"),
                ("attribute[size]", "small"),
            ]),
        )
        .await;
    assert_eq!(res.status, 403);
});

/// The Open311 conformance suite (tests/open311/conformance.py) driven by a real
/// client (the `georeport` package from PyPI), against a fresh server on each backend.
/// `./dev test` prepares its Python (YORIAI_OPEN311_PYTHON); it must run in CI.
#[actix_web::test]
async fn open311_conformance() {
    let Some(python) = std::env::var_os("YORIAI_OPEN311_PYTHON") else {
        assert_ne!(std::env::var("CI").as_deref(), Ok("true"), "YORIAI_OPEN311_PYTHON must be set in CI");
        eprintln!("SKIPPED: YORIAI_OPEN311_PYTHON is not set (./dev test sets it)");
        return;
    };
    for backend in [Backend::Sqlite, Backend::Postgres] {
        let app = yoriai_tests::spawn_app(backend).await;
        let s = setup(&app).await;
        let a = s.admin.clone();
        let (_, key) = app.run(move |svc| r::create_open311_client(svc, &a, "Conformance")).await.unwrap();
        let base = format!("{}/open311/v2", app.base_url);
        let script = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("open311/conformance.py");
        let py = python.clone();
        let out = actix_web::web::block(move || {
            // `--api-key=…` in one argument: a key may begin with `-`, which argparse would
            // otherwise take for an option.
            std::process::Command::new(py).arg(script).args(["--base", &base, &format!("--api-key={key}")]).output()
        })
        .await
        .unwrap()
        .expect("the conformance suite runs");
        let report = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
        assert!(out.status.success(), "{backend:?}: Open311 conformance failed:\n{report}");
        let _ = s.south;
    }
}
