//! Council decisions, accountability results and the dashboard: publishing through the
//! forms, links that must exist, documents checked by content, progress that rolls up,
//! proposal pages that show what happened, and figures computed by SQL.

use yoriai_domain::{Actor, Role};
use yoriai_services::accountability as acc;
use yoriai_services::processes::{add_phase, create_process, PhaseInput, ProcessInput};
use yoriai_services::proposals as p;
use yoriai_tests::{both_backends, TestApp};

/// A published process with an open phase and one published proposal by a resident
/// who follows it; returns (the author, the proposal id).
async fn proposal(app: &TestApp, slug: &str) -> (Actor, yoriai_domain::ProposalId) {
    let admin = app.account(&format!("admin-{slug}@example.jp"), Role::Admin).await;
    let author = app.account(&format!("author-{slug}@example.jp"), Role::Resident).await;
    let (a, r, slug) = (admin.clone(), author.clone(), slug.to_owned());
    let id = app
        .run(move |svc| {
            let pid = create_process(
                svc,
                &a,
                ProcessInput {
                    slug: slug.clone(),
                    title_ja: "公園の計画".into(),
                    title_en: "Park plans".into(),
                    published: true,
                    ..Default::default()
                },
            )?;
            add_phase(
                svc,
                &a,
                pid,
                PhaseInput {
                    title_ja: "募集".into(),
                    title_en: "Call".into(),
                    proposals_open: true,
                    supports_open: true,
                    comments_open: true,
                    ..Default::default()
                },
            )?;
            let id = p::create_draft(
                svc,
                &r,
                &slug,
                p::ProposalInput {
                    title: "鶴ヶ城公園にベンチを".into(),
                    body: "A body long enough to be a proposal.".into(),
                    ..Default::default()
                },
            )?;
            p::publish_proposal(svc, &r, id)?;
            Ok(id)
        })
        .await
        .unwrap();
    (author, id)
}

fn notifications_of(app: &TestApp, user: i64, kind: &str) -> i64 {
    use diesel::prelude::*;
    use yoriai_store::schema::notifications as n;
    app.with_conn(|c| n::table.filter(n::user_id.eq(user).and(n::kind.eq(kind))).count().get_result::<i64>(c).unwrap())
}

both_backends!(a_secretary_publishes_a_decision_and_the_proposal_shows_it, |app| async move {
    let (author, pid) = proposal(&app, "benches").await;
    let (mut sec, _) = app.signed_in("secretary@example.jp", Role::CouncilSecretary).await;
    sec.accept_language = Some("en".into());
    sec.get("/decisions/new").await.assert_status(200).assert_contains("Publish a decision");
    let fields = |ids: &'static str| {
        vec![
            ("body_name", "会津若松市議会 総務委員会"),
            ("decided_on", "2026-11-20"),
            ("title_ja", "ベンチ設置の請願"),
            ("title_en", "Petition for benches"),
            ("outcome", "approved"),
            ("body_ja", "全会一致で可決。"),
            ("votes_for", "12"),
            ("votes_against", "0"),
            ("votes_abstain", ""),
            ("proposal_ids", ids),
        ]
    };
    // A link to an item that does not exist: a field error naming it, nothing saved.
    let res = sec.call_server_fn("/api/save_decision", &fields("999999")).await;
    assert_eq!(res.status, 422, "{}", res.body);
    assert_eq!(res.json()["fields"][0]["code"], "linked_item_missing");
    assert_eq!(res.json()["fields"][0]["args"][0][1], 999999);
    let count = app.with_conn(|c| yoriai_store::accountability::count_decisions(c).unwrap());
    assert_eq!(count, 0);
    // A bad date and an unknown outcome are field errors too.
    let mut bad = fields("");
    bad[1] = ("decided_on", "2026-13-45");
    bad[4] = ("outcome", "vetoed");
    let res = sec.call_server_fn("/api/save_decision", &bad).await;
    let codes: Vec<String> =
        res.json()["fields"].as_array().unwrap().iter().map(|f| f["field"].as_str().unwrap().to_owned()).collect();
    assert!(codes.contains(&"decided_on".to_owned()) && codes.contains(&"outcome".to_owned()), "{codes:?}");
    // Published without JavaScript: a redirect to the decision.
    let pid_text = pid.to_string();
    let mut ok = fields("");
    ok[9] = ("proposal_ids", &pid_text);
    let res = sec.post_form("/api/save_decision", &ok).await;
    res.assert_status(303);
    let location = res.location().unwrap();
    assert!(location.starts_with("/decisions/") && location.contains("notice=decision-published"), "{location}");
    let page = sec.get(&location).await;
    page.assert_status(200).assert_contains("Petition for benches").assert_contains("Approved");
    page.assert_contains(&format!("/proposals/{pid}"));
    // The proposal page says what happened, for anyone.
    let mut anyone = app.browser();
    anyone.accept_language = Some("en".into());
    anyone
        .get(&format!("/proposals/{pid}"))
        .await
        .assert_contains("What happened")
        .assert_contains("Petition for benches");
    // The author is told; the list shows it.
    assert_eq!(notifications_of(&app, author.user_id().unwrap().0, "proposal_decided"), 1);
    anyone.get("/decisions?outcome=approved").await.assert_contains("Petition for benches");
    anyone.get("/decisions?outcome=rejected").await.assert_not_contains("Petition for benches");
    // A resident cannot publish.
    let mut resident = app.signed_in_resident("kazu@example.jp", yoriai_tests::PASSWORD).await;
    resident.get("/decisions").await;
    let res = resident.call_server_fn("/api/save_decision", &ok).await;
    assert_eq!(res.status, 403);
});

fn pdf() -> Vec<u8> {
    b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n".to_vec()
}

use yoriai_tests::multipart_file as multipart;

both_backends!(decision_documents_are_pdfs_checked_by_content, |app| async move {
    let (mut sec, secretary) = app.signed_in("clerk@example.jp", Role::CouncilSecretary).await;
    let s = secretary.clone();
    let did = app
        .run(move |svc| {
            acc::publish_decision(
                svc,
                &s,
                acc::DecisionInput {
                    body_name: "市議会".into(),
                    decided_on: "2026-11-01".into(),
                    title_ja: "予算の議決".into(),
                    outcome: "amended".into(),
                    ..Default::default()
                },
            )
        })
        .await
        .unwrap();
    sec.get(&format!("/decisions/{did}")).await.assert_status(200);
    let csrf = sec.csrf.clone().unwrap();
    let url = format!("/admin/decisions/{did}/documents?csrf={csrf}");
    let (ct, body) = multipart("document", "議事録.pdf", &pdf());
    let res = sec.request_raw("POST", &url, &ct, body).await;
    assert!(res.location().unwrap().contains("notice=document-added"), "{:?}", res.location());
    // HTML named .pdf is refused.
    let (ct, body) = multipart("document", "evil.pdf", b"<html><script>alert(1)</script></html>");
    let res = sec.request_raw("POST", &url, &ct, body).await;
    assert!(res.location().unwrap().contains("error=pdf_invalid"), "{:?}", res.location());
    // Without the CSRF token: refused.
    let (ct, body) = multipart("document", "x.pdf", &pdf());
    assert_eq!(sec.request_raw("POST", &format!("/admin/decisions/{did}/documents"), &ct, body).await.status, 403);
    // Anyone downloads it, as a PDF that browsers will not sniff into something else.
    let mut anyone = app.browser();
    let page = anyone.get(&format!("/decisions/{did}")).await;
    page.assert_contains("議事録.pdf");
    let link = page.body.split(&format!("/decisions/{did}/documents/")).nth(1).unwrap().split('"').next().unwrap();
    let doc = anyone.get(&format!("/decisions/{did}/documents/{link}")).await;
    doc.assert_status(200);
    assert_eq!(doc.header("content-type").as_deref(), Some("application/pdf"));
    assert_eq!(doc.header("x-content-type-options").as_deref(), Some("nosniff"));
    assert!(doc.body.starts_with("%PDF-"));
    assert_eq!(anyone.get(&format!("/decisions/{did}/documents/999999")).await.status, 404);
});

both_backends!(results_roll_up_take_progress_updates_and_show_on_the_proposal, |app| async move {
    let (author, pid) = proposal(&app, "lights").await;
    let staff = app.account("roads@example.jp", Role::DepartmentStaff).await;
    let s = staff.clone();
    let (parent, a, b) = app
        .run(move |svc| {
            let parent = acc::create_result(
                svc,
                &s,
                acc::ResultInput {
                    title_ja: "公園の改修".into(),
                    status: "in_progress".into(),
                    proposal_ids: pid.to_string(),
                    ..Default::default()
                },
            )?;
            let child = |title: &str, progress: &str| acc::ResultInput {
                parent_id: Some(parent),
                title_ja: title.into(),
                status: "in_progress".into(),
                progress: progress.into(),
                ..Default::default()
            };
            let a = acc::create_result(svc, &s, child("ベンチ", "0"))?;
            let b = acc::create_result(svc, &s, child("照明", "0"))?;
            Ok((parent, a, b))
        })
        .await
        .unwrap();
    // 140 % is an error and changes nothing.
    let s = staff.clone();
    let err = app.run(move |svc| acc::add_progress_update(svc, &s, a, "done?", "140", "", None)).await.unwrap_err();
    match err {
        yoriai_services::ServiceError::Rejected(r) => {
            assert_eq!(r.field_error("progress").unwrap().code, yoriai_domain::ErrorCode::ProgressOutOfRange)
        }
        other => panic!("{other:?}"),
    }
    // Through the no-JS form: one child done; the parent is at the average.
    let (mut b_staff, _) = app.signed_in("parks@example.jp", Role::DepartmentStaff).await;
    b_staff.accept_language = Some("en".into());
    b_staff.get(&format!("/results/{a}")).await.assert_status(200).assert_contains("Post a progress update");
    let csrf = b_staff.csrf.clone().unwrap();
    let boundary = "yoriaiboundary";
    let mut body = String::new();
    for (k, v) in [("body", "ベンチを設置しました。"), ("progress", "100"), ("status", "completed")] {
        body.push_str(&format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n"));
    }
    body.push_str(&format!("--{boundary}--\r\n"));
    let res = b_staff
        .request_raw(
            "POST",
            &format!("/admin/results/{a}/updates?csrf={csrf}"),
            &format!("multipart/form-data; boundary={boundary}"),
            body.into_bytes(),
        )
        .await;
    assert!(res.location().unwrap().contains("notice=update-added"), "{:?}", res.location());
    let rows =
        app.with_conn(|c| [parent, a, b].map(|id| yoriai_store::accountability::find_result(c, id).unwrap().unwrap()));
    assert_eq!((rows[0].progress, rows[1].progress, rows[2].progress), (50, 100, 0));
    assert_eq!(rows[1].status.as_str(), "completed");
    assert_eq!(rows[0].child_count, 2);
    // A result cannot become part of its own part.
    let s = staff.clone();
    let err = app
        .run(move |svc| {
            acc::update_result(
                svc,
                &s,
                parent,
                acc::ResultInput {
                    parent_id: Some(a),
                    title_ja: "公園の改修".into(),
                    status: "in_progress".into(),
                    ..Default::default()
                },
            )
        })
        .await
        .unwrap_err();
    assert!(format!("{err:?}").contains("ResultCycle"), "{err:?}");
    // The proposal page shows the result and its progress; the timeline is public.
    let mut anyone = app.browser();
    anyone.accept_language = Some("en".into());
    let page = anyone.get(&format!("/proposals/{pid}")).await;
    page.assert_contains("What happened").assert_contains("公園の改修").assert_contains("50%");
    anyone.get(&format!("/results/{a}")).await.assert_contains("ベンチを設置しました。").assert_contains("Completed");
    anyone.get(&format!("/results/{parent}")).await.assert_contains("The progress is the average of its parts.");
    // Residents cannot manage results.
    let r = author.clone();
    assert!(app.run(move |svc| acc::add_progress_update(svc, &r, a, "x", "", "", None)).await.is_err());
});

both_backends!(the_dashboard_counts_with_sql_and_kpis_are_checked, |app| async move {
    let (_, pid) = proposal(&app, "dash").await;
    let (mut admin, admin_actor) = app.signed_in("mayor-office@example.jp", Role::Admin).await;
    admin.accept_language = Some("en".into());
    let s = admin_actor.clone();
    app.run(move |svc| {
        p::answer_proposal(
            svc,
            &s,
            pid,
            p::AnswerInput {
                state: "accepted".into(),
                text: "We will do it.".into(),
                publish: true,
                ..Default::default()
            },
        )
    })
    .await
    .unwrap();
    let page = admin.get("/dashboard").await;
    page.assert_status(200).assert_contains("Participation dashboard").assert_contains("<svg");
    let d = app.run(|svc| yoriai_services::dashboard::dashboard(svc, &Actor::Anonymous, None)).await.unwrap();
    let fig = |k: &str| d.figures.iter().find(|f| f.key == k).map(|f| f.value);
    assert_eq!(fig("proposals"), Some(1.0));
    assert_eq!(fig("participants"), Some(1.0));
    assert_eq!(fig("answered_share"), Some(100.0));
    assert_eq!(fig("accepted_share"), Some(100.0));
    // A KPI whose target year has ended is refused, with nothing saved.
    let past = (yoriai_services::dashboard::current_fiscal_year() - 1).to_string();
    let this = yoriai_services::dashboard::current_fiscal_year().to_string();
    fn kpi(year: &str) -> Vec<(&'static str, &str)> {
        vec![
            ("process_slug", ""),
            ("name_ja", "回答率"),
            ("name_en", "Answered"),
            ("metric", "answered_share"),
            ("baseline", "20"),
            ("target", "80"),
            ("target_year", year),
            ("data_source", ""),
            ("update_cycle", "yearly"),
        ]
    }
    let past_kpi = kpi(&past);
    let res = admin.call_server_fn("/api/add_kpi", &past_kpi).await;
    assert_eq!(res.json()["fields"][0]["code"], "target_year_past", "{}", res.body);
    let this_kpi = kpi(&this);
    admin.post_form("/api/add_kpi", &this_kpi).await.assert_status(303);
    admin.post_form("/api/set_population", &[("population", "115,000")]).await.assert_status(303);
    let page = admin.get("/dashboard").await;
    page.assert_contains("Answered").assert_contains("Population used for shares: 115,000");
    // Every chart downloads as CSV.
    let mut anyone = app.browser();
    let csv = anyone.get("/dashboard/kpis.csv").await;
    csv.assert_status(200);
    assert!(csv.header("content-type").unwrap().starts_with("text/csv"));
    assert!(csv.body.contains("answered_share,20,100,80"), "{}", csv.body);
    let figures = anyone.get("/dashboard/figures.csv").await;
    assert!(figures.body.contains("registered_share"), "{}", figures.body);
    assert_eq!(anyone.get("/dashboard/nope.csv").await.status, 404);
    // The other charts read only their own data, with the same columns as before.
    for (chart, header) in [
        ("turnout", "budget_ja,budget_en,heading_ja,heading_en,ballots,eligible"),
        ("reports_by_category", "name_ja,name_en,received,fixed,median_days_to_fix"),
        ("reports_by_department", "name_ja,name_en,received,fixed,median_days_to_fix"),
        ("results", "status,results"),
    ] {
        let csv = anyone.get(&format!("/dashboard/{chart}.csv")).await;
        csv.assert_status(200);
        assert!(csv.body.trim_start_matches('\u{feff}').starts_with(header), "{chart}: {}", csv.body);
    }
    assert_eq!(anyone.get("/dashboard/turnout.csv?process=nope").await.status, 404);
    assert_eq!(anyone.get("/dashboard?process=nope").await.status, 404);
    anyone.get("/dashboard?process=dash").await.assert_status(200);
    // Residents cannot define KPIs.
    let mut resident = app.signed_in_resident("emi@example.jp", yoriai_tests::PASSWORD).await;
    resident.get("/dashboard").await;
    assert_eq!(resident.call_server_fn("/api/add_kpi", &this_kpi).await.status, 403);
});

both_backends!(one_search_box_finds_every_kind_in_japanese_and_english, |app| async move {
    let (author, pid) = proposal(&app, "search").await;
    let sec = app.account("giin@example.jp", Role::CouncilSecretary).await;
    let a = author.clone();
    let s = sec.clone();
    app.run(move |svc| {
        // A draft must never be found.
        p::create_draft(
            svc,
            &a,
            "search",
            p::ProposalInput {
                title: "鶴ヶ城公園の秘密の下書き".into(),
                body: "A draft body long enough to be a proposal.".into(),
                ..Default::default()
            },
        )?;
        acc::publish_decision(
            svc,
            &s,
            acc::DecisionInput {
                body_name: "City Council".into(),
                decided_on: "2026-10-01".into(),
                title_ja: "公園ベンチの請願".into(),
                title_en: "Petition for park benches".into(),
                outcome: "approved".into(),
                proposal_ids: pid.to_string(),
                ..Default::default()
            },
        )?;
        acc::create_result(
            svc,
            &s,
            acc::ResultInput {
                title_ja: "ベンチの設置工事".into(),
                status: "in_progress".into(),
                ..Default::default()
            },
        )
    })
    .await
    .unwrap();
    let mut b = app.browser();
    b.accept_language = Some("en".into());
    // Japanese without spaces: a part of the title is enough.
    let page = b.get("/search?q=%E5%9F%8E%E5%85%AC%E5%9C%92").await; // 城公園
    page.assert_status(200).assert_contains("鶴ヶ城公園にベンチを").assert_not_contains("秘密の下書き");
    // English words, any case; every word must match.
    // English readers see the decision's English title; Japanese readers the Japanese.
    b.get("/search?q=PARK+benches")
        .await
        .assert_contains("Petition for park benches")
        .assert_contains("One item matches");
    let mut ja = app.browser();
    ja.accept_language = Some("ja".into());
    ja.get("/search?q=PARK+benches").await.assert_contains("公園ベンチの請願");
    b.get("/search?q=park+benches+tuesday").await.assert_contains("0 items match");
    // Kind filter.
    let page = b.get("/search?q=%E3%83%99%E3%83%B3%E3%83%81&kind=result").await; // ベンチ
    page.assert_contains("ベンチの設置工事").assert_not_contains("鶴ヶ城公園にベンチを");
    let page = b.get("/search?q=%E3%83%99%E3%83%B3%E3%83%81").await;
    page.assert_contains("ベンチの設置工事")
        .assert_contains("鶴ヶ城公園にベンチを")
        .assert_contains("Petition for park benches");
    // Only punctuation: a clear message, not an error.
    b.get("/search?q=%21%21%3F%3F").await.assert_status(200).assert_contains("nothing to search for");
    // 10,000 characters: refused with a translated message.
    let long = "a".repeat(10_000);
    let res = b.get(&format!("/search?q={long}")).await;
    assert_eq!(res.status, 422);
    res.assert_contains("200");
    // A proposal hidden by moderation disappears from the results.
    app.with_conn(|c| {
        use diesel::prelude::*;
        use yoriai_store::schema::proposals as pr;
        diesel::update(pr::table.find(pid)).set(pr::hidden_at.eq(Some(yoriai_store::now()))).execute(c).unwrap();
    });
    b.get("/search?q=%E5%9F%8E%E5%85%AC%E5%9C%92").await.assert_not_contains("鶴ヶ城公園にベンチを");
});

/// RFC 4180 records of a CSV text (quoted fields may hold commas, quotes, newlines).
fn csv_records(text: &str) -> Vec<Vec<String>> {
    let mut records = Vec::new();
    let mut record = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => field.push(c),
            (false, '"') if field.is_empty() => quoted = true,
            (false, ',') => record.push(std::mem::take(&mut field)),
            (false, '\r') => {}
            (false, '\n') => {
                record.push(std::mem::take(&mut field));
                records.push(std::mem::take(&mut record));
            }
            (false, c) => field.push(c),
        }
    }
    if !field.is_empty() || !record.is_empty() {
        record.push(field);
        records.push(record);
    }
    records
}

/// Checks every CSV and JSON resource of the archive against its Table Schema in
/// datapackage.json: the header, each value's type, required values, same rows in both.
fn validate_archive(files: &std::collections::BTreeMap<String, String>) -> usize {
    let package: serde_json::Value = serde_json::from_str(&files["datapackage.json"]).expect("datapackage.json");
    let mut rows_checked = 0;
    for resource in package["resources"].as_array().unwrap() {
        let path = resource["path"].as_str().unwrap();
        let text = files.get(path).unwrap_or_else(|| panic!("{path} missing from the archive"));
        let fields: Vec<(String, String, bool)> = resource["schema"]["fields"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| {
                (
                    f["name"].as_str().unwrap().to_owned(),
                    f["type"].as_str().unwrap().to_owned(),
                    f["constraints"]["required"].as_bool().unwrap_or(false),
                )
            })
            .collect();
        let check = |name: &str, kind: &str, required: bool, value: Option<&str>| {
            let Some(v) = value.filter(|v| !v.is_empty()) else {
                assert!(!required, "{path}: {name} is required");
                return;
            };
            let ok = match kind {
                "integer" => v.parse::<i64>().is_ok(),
                "number" => v.parse::<f64>().is_ok(),
                "boolean" => v == "true" || v == "false",
                "datetime" => chrono::NaiveDateTime::parse_from_str(v, "%Y-%m-%dT%H:%M:%SZ").is_ok(),
                _ => true,
            };
            assert!(ok, "{path}: {name} = {v:?} is not a {kind}");
        };
        match resource["format"].as_str().unwrap() {
            "csv" => {
                let records = csv_records(text);
                let header: Vec<String> = fields.iter().map(|f| f.0.clone()).collect();
                assert_eq!(records[0], header, "{path}: header");
                for r in &records[1..] {
                    assert_eq!(r.len(), fields.len(), "{path}: {r:?}");
                    for ((name, kind, required), v) in fields.iter().zip(r) {
                        // A defused formula keeps its leading quote.
                        check(name, kind, *required, Some(v.as_str()));
                    }
                    rows_checked += 1;
                }
            }
            _ => {
                let rows: Vec<serde_json::Value> = serde_json::from_str(text).expect(path);
                let csv_path = path.replace(".json", ".csv");
                assert_eq!(rows.len() + 1, csv_records(&files[&csv_path]).len(), "{path}: same rows as the CSV");
                for row in &rows {
                    let obj = row.as_object().unwrap();
                    assert_eq!(obj.len(), fields.len(), "{path}: {row}");
                    for (name, kind, required) in &fields {
                        let v = &obj[name];
                        let text = match v {
                            serde_json::Value::Null => None,
                            serde_json::Value::String(s) => Some(s.clone()),
                            other => Some(other.to_string()),
                        };
                        check(name, kind, *required, text.as_deref());
                    }
                }
            }
        }
    }
    rows_checked
}

both_backends!(the_open_data_archive_validates_and_carries_no_personal_data, |app| async move {
    let (author, pid) = proposal(&app, "opendata").await;
    // Planted personal data that must never appear in the archive.
    let planted_user = app.account("planted.person@example.jp", Role::Resident).await;
    let admin = app.account("od-admin@example.jp", Role::Admin).await;
    let a = admin.clone();
    let u = planted_user.clone();
    app.run(move |svc| {
        use yoriai_services::reports as r;
        let cat = r::create_category(
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
        let report = |title: &str, name: &str, email: &str, phone: &str| r::ReportInput {
            category_id: Some(cat),
            title: title.into(),
            description: "Spray paint on the wall, \"fresh\", with a comma.".into(),
            latitude: "37.49".into(),
            longitude: "139.93".into(),
            address: "会津若松市 秘密町 1-2-3".into(),
            show_name: true,
            name: name.into(),
            email: email.into(),
            phone: phone.into(),
            ..Default::default()
        };
        r::create_report(svc, &u, report("=HYPERLINK(\"x\")", "", "", ""), yoriai_domain::Locale::Ja)?;
        r::create_report(
            svc,
            &Actor::Anonymous,
            report("壁の落書き", "Hanako Secretname", "secret.reporter@example.jp", "090-1234-5678"),
            yoriai_domain::Locale::Ja,
        )?;
        Ok(())
    })
    .await
    .unwrap();
    // The anonymous report confirms (as by its emailed link).
    app.with_conn(|c| {
        use diesel::prelude::*;
        use yoriai_store::schema::reports as rp;
        diesel::update(rp::table)
            .set((rp::confirmed_at.eq(Some(yoriai_store::now())), rp::visible.eq(true)))
            .execute(c)
            .unwrap();
    });
    let s = admin.clone();
    app.run(move |svc| {
        acc::publish_decision(
            svc,
            &s,
            acc::DecisionInput {
                body_name: "市議会".into(),
                decided_on: "2026-11-02".into(),
                title_ja: "落書き対策の請願".into(),
                outcome: "deferred".into(),
                proposal_ids: pid.to_string(),
                report_ids: "1".into(),
                ..Default::default()
            },
        )?;
        acc::create_result(
            svc,
            &s,
            acc::ResultInput {
                title_ja: "工事".into(),
                status: "cancelled".into(),
                proposal_ids: pid.to_string(),
                ..Default::default()
            },
        )
    })
    .await
    .unwrap();
    // Export to a file, through the same code as the command line and the nightly job.
    let dir = std::env::temp_dir().join(format!("yoriai-od-{}", yoriai_tests::random_suffix()));
    std::fs::create_dir_all(&dir).unwrap();
    let out = dir.join("open-data.zip");
    let o = out.clone();
    let mut seen = 0u64;
    let summary = app
        .run(move |svc| {
            yoriai_services::opendata::export_to_path(svc, &o, |n| seen = n)
                .map_err(yoriai_services::ServiceError::internal)
        })
        .await
        .unwrap();
    assert!(summary.rows >= 6, "{summary:?}");
    let mut zip = zip::ZipArchive::new(std::fs::File::open(&out).unwrap()).unwrap();
    let mut files = std::collections::BTreeMap::new();
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).unwrap();
        let mut text = String::new();
        std::io::Read::read_to_string(&mut f, &mut text).unwrap();
        files.insert(f.name().unwrap().to_string(), text);
    }
    let rows = validate_archive(&files);
    assert_eq!(rows as u64, summary.rows);
    assert!(files["proposals.csv"].contains("鶴ヶ城公園にベンチを"));
    assert!(files["reports.csv"].contains("壁の落書き"));
    assert!(files["reports.csv"].contains("'=HYPERLINK"), "formulas are defused");
    assert!(files["decisions.json"].contains("deferred"));
    assert!(files["results.csv"].contains("cancelled"), "failures are published too");
    let everything: String = files.values().cloned().collect();
    let author_name =
        app.with_conn(|c| yoriai_store::users::find(c, author.user_id().unwrap()).unwrap().unwrap().display_name);
    for secret in [
        "planted.person@example.jp",
        "planted.person",
        "secret.reporter@example.jp",
        "Hanako Secretname",
        "090-1234-5678",
        "秘密町",
        "author-opendata@example.jp",
        "Test Resident",
        author_name.as_str(),
    ] {
        assert!(!everything.contains(secret), "{secret:?} leaked into the open-data archive");
    }
    // A path that cannot be written: a clear error and no partial file.
    let bad = dir.join("missing-folder").join("x.zip");
    let b = bad.clone();
    let err = app
        .run(move |svc| {
            yoriai_services::opendata::export_to_path(svc, &b, |_| {}).map_err(yoriai_services::ServiceError::internal)
        })
        .await
        .unwrap_err();
    assert!(format!("{err:?}").contains("cannot write"), "{err:?}");
    assert!(!bad.exists());
    assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 1, "only the finished archive");
    // The same rows through the JSON API, page by page.
    let mut b = app.browser();
    let page = b.get_json("/api/v1/open-data/reports?limit=1").await;
    page.assert_status(200);
    let json = page.json();
    assert_eq!(json["data"].as_array().unwrap().len(), 1);
    let next = json["next"].as_str().unwrap().to_owned();
    let second = b.get_json(&next).await.json();
    assert_eq!(second["data"].as_array().unwrap().len(), 1);
    assert!(!page.body.contains("secret.reporter") && !second.to_string().contains("secret.reporter"));
    assert_eq!(b.get_json("/api/v1/open-data/users").await.status, 404);
    // The report page says what happened to it.
    b.accept_language = Some("en".into());
    b.get("/reports/1").await.assert_contains("What happened").assert_contains("落書き対策の請願");
    // The public page documents every dataset.
    b.get("/open-data").await.assert_status(200).assert_contains("decision_links").assert_contains("datapackage.json");
    // Every dataset's title is translated (the schema's field notes stay English).
    for d in yoriai_services::features::datasets() {
        let key = format!("dataset-{}", d.name.replace('_', "-"));
        for locale in yoriai_domain::Locale::ALL {
            assert!(yoriai_i18n::has(*locale, &key), "{key} missing in {}", locale.as_str());
        }
    }
    let mut ja = app.browser();
    ja.accept_language = Some("ja".into());
    ja.get("/open-data").await.assert_contains("議会の議決");
    let _ = std::fs::remove_dir_all(&dir);
});

both_backends!(the_staff_console_searches_the_log_and_changes_roles, |app| async move {
    let (mut admin, admin_actor) = app.signed_in("console@example.jp", Role::Admin).await;
    admin.accept_language = Some("en".into());
    let clerk = app.account("clerk.sato@example.jp", Role::Resident).await;
    let clerk_id = clerk.user_id().unwrap().0;
    // Through the form: the resident becomes a council secretary; logged for staff.
    admin.get("/admin/users?q=clerk").await.assert_status(200).assert_contains("clerk.sato@example.jp");
    let res = admin
        .post_form("/api/set_user_role", &[("user_id", &clerk_id.to_string()), ("role", "council_secretary")])
        .await;
    res.assert_status(303);
    let role = app.with_conn(|c| yoriai_store::users::find(c, yoriai_domain::UserId(clerk_id)).unwrap().unwrap().role);
    assert_eq!(role.as_str(), "council_secretary");
    // Unknown roles and one's own role are refused.
    let res =
        admin.call_server_fn("/api/set_user_role", &[("user_id", &clerk_id.to_string()), ("role", "mayor")]).await;
    assert_eq!(res.json()["fields"][0]["code"], "invalid_input");
    let me = admin_actor.user_id().unwrap().0.to_string();
    let res = admin.call_server_fn("/api/set_user_role", &[("user_id", &me), ("role", "resident")]).await;
    assert_eq!(res.json()["fields"][0]["code"], "forbidden");
    // The log: filter by who, by action, by day.
    let page = admin.get("/admin/log?action=set_role").await;
    page.assert_status(200).assert_contains("set_role").assert_contains("council_secretary");
    admin.get("/admin/log?who=console").await.assert_contains("set_role");
    admin.get("/admin/log?who=nobody-at-all").await.assert_contains("Nothing matches these filters.");
    // The hydrated page asks the server function with the filters as one query struct.
    let hydrated = admin.get_json("/api/action_log?q%5Bwho%5D=console&q%5Baction%5D=set_role").await;
    assert!(hydrated.json()["entries"].as_array().is_some_and(|e| !e.is_empty()), "{}", hydrated.body);
    let none = admin.get_json("/api/action_log?q%5Bwho%5D=nobody-at-all&q%5Bbefore%5D=").await;
    assert_eq!(none.json()["entries"].as_array().map(Vec::len), Some(0), "{}", none.body);
    admin.get("/admin/log?from=2000-01-01&until=2000-01-02").await.assert_contains("Nothing matches these filters.");
    let bad = admin.get("/admin/log?from=yesterday").await;
    assert_eq!(bad.status, 422);
    // Residents see neither page's data.
    let mut resident = app.signed_in_resident("curious@example.jp", yoriai_tests::PASSWORD).await;
    resident.accept_language = Some("en".into());
    assert_eq!(resident.get("/admin/log").await.status, 403);
    let res = resident.call_server_fn("/api/set_user_role", &[("user_id", &me), ("role", "resident")]).await;
    assert_eq!(res.status, 403);
});

both_backends!(the_median_days_to_fix_is_the_middle_fixed_report, |app| async move {
    let admin = app.account("median-admin@example.jp", Role::Admin).await;
    let reporter = app.account("median-reporter@example.jp", Role::Resident).await;
    let (a, r) = (admin.clone(), reporter.clone());
    let ids = app
        .run(move |svc| {
            use yoriai_services::reports as rs;
            let dept = rs::create_department(svc, &a, "道路課", "Roads")?;
            let cat = rs::create_category(
                svc,
                &a,
                rs::CategoryInput {
                    code: "pothole".into(),
                    name_ja: "穴".into(),
                    name_en: "Pothole".into(),
                    enabled: true,
                    department_id: Some(dept),
                    ..Default::default()
                },
            )?;
            let mut ids = Vec::new();
            for i in 0..5 {
                let made = rs::create_report(
                    svc,
                    &r,
                    rs::ReportInput {
                        category_id: Some(cat),
                        title: format!("Hole number {i}"),
                        description: "A deep hole in the road.".into(),
                        latitude: "37.49".into(),
                        longitude: "139.93".into(),
                        ..Default::default()
                    },
                    yoriai_domain::Locale::Ja,
                )?;
                ids.push(made.id);
            }
            Ok(ids)
        })
        .await
        .unwrap();
    // Fixed after 1, 2, 3 and 10 days; the fifth is still open.
    app.with_conn(|c| {
        use diesel::prelude::*;
        use yoriai_store::schema::reports as rp;
        for (id, days) in ids.iter().zip([1i64, 2, 3, 10]) {
            let created: chrono::NaiveDateTime = rp::table.find(id).select(rp::created_at).first(c).unwrap();
            diesel::update(rp::table.find(id))
                .set(rp::fixed_at.eq(Some(created + chrono::Duration::days(days))))
                .execute(c)
                .unwrap();
        }
    });
    let d = app.run(|svc| yoriai_services::dashboard::dashboard(svc, &Actor::Anonymous, None)).await.unwrap();
    let cat = &d.reports_by_category[0];
    assert_eq!((cat.received, cat.fixed), (5, 4));
    assert_eq!(cat.median_days_to_fix, Some(2.5));
    assert_eq!(d.reports_by_department[0].median_days_to_fix, Some(2.5));
    // An odd number: the middle one.
    app.with_conn(|c| {
        use diesel::prelude::*;
        use yoriai_store::schema::reports as rp;
        let created: chrono::NaiveDateTime = rp::table.find(ids[4]).select(rp::created_at).first(c).unwrap();
        diesel::update(rp::table.find(ids[4]))
            .set(rp::fixed_at.eq(Some(created + chrono::Duration::days(30))))
            .execute(c)
            .unwrap();
    });
    let d = app.run(|svc| yoriai_services::dashboard::dashboard(svc, &Actor::Anonymous, None)).await.unwrap();
    assert_eq!(d.reports_by_category[0].median_days_to_fix, Some(3.0));
    let fig = d.figures.iter().find(|f| f.key == "median_days_to_fix").unwrap();
    assert_eq!(fig.value, 3.0);
});
