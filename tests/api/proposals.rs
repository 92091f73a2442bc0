//! Processes and proposals: staff set-up, drafting and publishing, supports (exact
//! under concurrency), comments, reports and moderation, answers and notifications,
//! keyset pagination, exports, pictures, the JSON API.

use yoriai_domain::{Actor, Role};
use yoriai_services::processes::{add_category, add_phase, create_process, PhaseInput, ProcessInput};
use yoriai_services::proposals as p;
use yoriai_tests::{both_backends, spawn_app, Backend, Browser, TestApp};

fn phase(limit: &str, threshold: &str) -> PhaseInput {
    PhaseInput {
        title_ja: "募集".into(),
        title_en: "Call".into(),
        proposals_open: true,
        supports_open: true,
        comments_open: true,
        support_limit: limit.into(),
        threshold: threshold.into(),
        ..Default::default()
    }
}

/// A published process with one open phase; returns (admin, process id).
async fn process(app: &TestApp, slug: &str, phase_input: PhaseInput) -> (Actor, yoriai_domain::ProcessId) {
    let admin = app.account(&format!("admin-{slug}@example.jp"), Role::Admin).await;
    let a = admin.clone();
    let slug = slug.to_owned();
    let pid = app
        .run(move |svc| {
            let pid = create_process(
                svc,
                &a,
                ProcessInput {
                    slug,
                    title_ja: "まちづくり".into(),
                    title_en: "Town ideas".into(),
                    description_ja: "説明".into(),
                    description_en: "About".into(),
                    published: true,
                    ..Default::default()
                },
            )?;
            add_phase(svc, &a, pid, phase_input)?;
            add_category(svc, &a, pid, "公園", "Parks")?;
            Ok(pid)
        })
        .await
        .unwrap();
    (admin, pid)
}

async fn published(app: &TestApp, author: &Actor, slug: &str, title: &str) -> yoriai_domain::ProposalId {
    let (a, slug, title) = (author.clone(), slug.to_owned(), title.to_owned());
    app.run(move |svc| {
        let id = p::create_draft(
            svc,
            &a,
            &slug,
            p::ProposalInput { title, body: "A body long enough to be a proposal.".into(), ..Default::default() },
        )?;
        p::publish_proposal(svc, &a, id)?;
        Ok(id)
    })
    .await
    .unwrap()
}

fn json_code(b: &yoriai_tests::Response) -> String {
    b.json()["code"].as_str().unwrap_or_default().to_owned()
}

both_backends!(staff_set_up_a_process_with_phases_and_categories_through_the_forms, |app| async move {
    let (mut admin, _) = app.signed_in("chief@example.jp", Role::Admin).await;
    admin.accept_language = Some("en".into());
    admin.get("/admin/processes/new").await.assert_status(200);
    let res = admin
        .post_form(
            "/api/save_process",
            &[
                ("id", ""),
                ("slug", "Budget-2026"),
                ("title_ja", "予算 2026"),
                ("title_en", "Budget 2026"),
                ("description_ja", "説明"),
                ("published", "on"),
            ],
        )
        .await;
    res.assert_status(303);
    let location = res.location().unwrap();
    assert!(location.starts_with("/admin/processes/"), "{location}");
    let pid = location.trim_start_matches("/admin/processes/").split('?').next().unwrap().to_owned();
    // The same slug twice is a field error, not a crash.
    let dup = admin
        .call_server_fn(
            "/api/save_process",
            &[("id", ""), ("slug", "budget-2026"), ("title_ja", "x x"), ("title_en", "y y")],
        )
        .await;
    assert_eq!(dup.json()["fields"][0]["code"], "slug_taken");
    admin.get(&format!("/admin/processes/{pid}")).await.assert_status(200);
    let res = admin
        .post_form(
            "/api/save_phase",
            &[
                ("process_id", &pid),
                ("title_ja", "提案"),
                ("title_en", "Proposals"),
                ("starts_on", "2020-01-01"),
                ("ends_on", "2099-12-31"),
                ("proposals_open", "on"),
                ("supports_open", "on"),
                ("support_limit", "10"),
                ("threshold", "100"),
            ],
        )
        .await;
    res.assert_status(303);
    let bad = admin
        .call_server_fn(
            "/api/save_phase",
            &[
                ("process_id", &pid),
                ("title_ja", "x x"),
                ("title_en", "y y"),
                ("starts_on", "2026-05-01"),
                ("ends_on", "2026-04-01"),
            ],
        )
        .await;
    assert_eq!(bad.json()["fields"][0]["code"], "date_invalid");
    admin
        .post_form("/api/add_category", &[("process_id", &pid), ("name_ja", "交通"), ("name_en", "Transport")])
        .await
        .assert_status(303);
    let page = admin.get("/processes/budget-2026").await;
    page.assert_status(200).assert_contains("Budget 2026").assert_contains("New proposals are welcome.");
    // Residents cannot reach the console's commands.
    let (mut resident, _) = app.signed_in("nosy@example.jp", Role::Resident).await;
    let res =
        resident.call_server_fn("/api/add_category", &[("process_id", &pid), ("name_ja", "x"), ("name_en", "x")]).await;
    res.assert_status(403);
    assert_eq!(json_code(&res), "forbidden");
    let log = app.with_conn(|c| yoriai_store::action_log::recent(c, 50).unwrap());
    assert!(log.iter().any(|l| l.action == "create_process") && log.iter().any(|l| l.action == "add_phase"));
});

both_backends!(a_resident_drafts_sees_similar_proposals_and_publishes, |app| async move {
    let (_, _) = process(&app, "ideas", phase("10", "100")).await;
    let other = app.account("first@example.jp", Role::Resident).await;
    published(&app, &other, "ideas", "鶴ヶ城公園にベンチを増やす").await;
    published(&app, &other, "ideas", "More benches in the castle park").await;
    let (mut b, _) = app.signed_in("drafter@example.jp", Role::Resident).await;
    // While typing (JavaScript): the database finds the similar titles, Japanese too.
    let hints = b
        .get_json("/api/similar_proposals?slug=ideas&text=%E5%85%AC%E5%9C%92%E3%81%AE%E3%83%99%E3%83%B3%E3%83%81")
        .await;
    hints.assert_status(200);
    assert!(hints.body.contains("鶴ヶ城公園にベンチを増やす"), "{}", hints.body);
    let hints = b.get_json("/api/similar_proposals?slug=ideas&text=park%20benches").await;
    assert!(hints.body.contains("More benches in the castle park"), "{}", hints.body);
    // Drafting without JavaScript.
    b.get("/processes/ideas/proposals/new").await.assert_status(200);
    let res = b
        .post_form(
            "/api/create_draft",
            &[("slug", "ideas"), ("title", "公園にベンチがほしい"), ("body", "散歩の途中で休める場所がほしいです。")],
        )
        .await;
    res.assert_status(303);
    let draft = res.location().unwrap();
    let id = draft.trim_start_matches("/proposals/").split('?').next().unwrap().to_owned();
    // The draft page shows the similar proposals before publishing; others cannot see it.
    b.get(&format!("/proposals/{id}")).await.assert_status(200).assert_contains("鶴ヶ城公園にベンチを増やす");
    let mut stranger = app.browser();
    assert_eq!(stranger.get(&format!("/proposals/{id}")).await.status, 404);
    b.post_form("/api/publish_proposal", &[("id", &id)]).await.assert_status(303);
    stranger.get(&format!("/proposals/{id}")).await.assert_status(200).assert_contains("公園にベンチがほしい");
    stranger.get("/processes/ideas/proposals?sort=recent").await.assert_contains("公園にベンチがほしい");
});

both_backends!(bad_proposal_input_gets_field_errors_and_saves_nothing, |app| async move {
    process(&app, "bad", phase("10", "100")).await;
    let (mut b, _) = app.signed_in("bad@example.jp", Role::Resident).await;
    b.get("/processes/bad/proposals/new").await;
    let huge = "x".repeat(200_000);
    let res = b
        .call_server_fn(
            "/api/create_draft",
            &[("slug", "bad"), ("title", ""), ("body", &huge), ("latitude", "95"), ("longitude", "10")],
        )
        .await;
    res.assert_status(422);
    let fields: Vec<String> = res.json()["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| format!("{}:{}", f["field"].as_str().unwrap(), f["code"].as_str().unwrap()))
        .collect();
    assert_eq!(fields, vec!["title:required", "body:too_long", "latitude:location_invalid"]);
    let res = b
        .call_server_fn(
            "/api/create_draft",
            &[
                ("slug", "bad"),
                ("title", "A fine title"),
                ("body", "A fine body for a proposal."),
                ("category_id", "99999"),
            ],
        )
        .await;
    assert_eq!(res.json()["fields"][0]["field"], "category_id");
    app.with_conn(|c| {
        use diesel::prelude::*;
        let n: i64 = yoriai_store::schema::proposals::table.count().get_result(c).unwrap();
        assert_eq!(n, 0);
    });
});

both_backends!(supports_follow_the_rules_and_counts_stay_exact, |app| async move {
    let (_, pid) = process(&app, "rules", phase("2", "100")).await;
    let author = app.account("author@example.jp", Role::Resident).await;
    let a = published(&app, &author, "rules", "Proposal A").await;
    let b2 = published(&app, &author, "rules", "Proposal B").await;
    let c = published(&app, &author, "rules", "Proposal C").await;
    let (mut r, _) = app.signed_in("supporter@example.jp", Role::Resident).await;
    r.accept_language = Some("en".into());
    r.get(&format!("/proposals/{a}")).await.assert_contains("Support this proposal");
    r.post_form("/api/support_proposal", &[("id", &a.to_string())]).await.assert_status(303);
    let twice = r.call_server_fn("/api/support_proposal", &[("id", &a.to_string())]).await;
    assert_eq!(twice.status, 409);
    assert_eq!(json_code(&twice), "already_supported");
    r.call_server_fn("/api/support_proposal", &[("id", &b2.to_string())]).await.assert_status(200);
    let over = r.call_server_fn("/api/support_proposal", &[("id", &c.to_string())]).await;
    assert_eq!(json_code(&over), "support_limit_reached");
    assert_eq!(over.json()["code"], "support_limit_reached");
    // The page says how many are left and why no more.
    r.get(&format!("/proposals/{c}")).await.assert_contains("You have used all your supports in this process.");
    // Withdrawing gives the support back.
    r.post_form("/api/withdraw_support", &[("id", &b2.to_string())]).await.assert_status(303);
    r.call_server_fn("/api/support_proposal", &[("id", &c.to_string())]).await.assert_status(200);
    let not = r.call_server_fn("/api/withdraw_support", &[("id", &b2.to_string())]).await;
    assert_eq!(json_code(&not), "not_supported");
    // Own proposals: refused by this phase's setting.
    let (mut own, author2) = app.signed_in("own@example.jp", Role::Resident).await;
    let mine = published(&app, &author2, "rules", "My own").await;
    let res = own.call_server_fn("/api/support_proposal", &[("id", &mine.to_string())]).await;
    assert_eq!(json_code(&res), "own_proposal");
    // A withdrawn proposal takes no supports.
    let au = author.clone();
    app.run(move |svc| p::withdraw_proposal(svc, &au, a)).await.unwrap();
    let res = own.call_server_fn("/api/support_proposal", &[("id", &a.to_string())]).await;
    assert_eq!(json_code(&res), "not_supportable");
    // Stored counters equal the rows they count.
    for id in [a, b2, c] {
        app.with_conn(|conn| {
            let row = yoriai_store::proposals::find(conn, id).unwrap().unwrap();
            assert_eq!(
                i64::from(row.support_count),
                yoriai_store::supports::count_counted(conn, id).unwrap(),
                "proposal {id}"
            );
        });
    }
    let _ = pid;
});

both_backends!(a_closed_phase_refuses_supports_and_comments, |app| async move {
    let closed = PhaseInput { title_ja: "終了".into(), title_en: "Closed".into(), ..Default::default() };
    let (admin, pid) = process(&app, "closed", phase("10", "100")).await;
    let author = app.account("author@example.jp", Role::Resident).await;
    let id = published(&app, &author, "closed", "Proposal").await;
    let a = admin.clone();
    app.run(move |svc| {
        let phase = yoriai_services::processes::add_phase(svc, &a, pid, closed)?;
        yoriai_services::processes::set_manual_phase(svc, &a, pid, Some(phase))
    })
    .await
    .unwrap();
    let (mut r, _) = app.signed_in("late@example.jp", Role::Resident).await;
    r.get(&format!("/proposals/{id}")).await;
    assert_eq!(
        json_code(&r.call_server_fn("/api/support_proposal", &[("id", &id.to_string())]).await),
        "supports_closed"
    );
    assert_eq!(
        json_code(&r.call_server_fn("/api/add_comment", &[("id", &id.to_string()), ("body", "Hello")]).await),
        "comments_closed"
    );
    assert_eq!(
        json_code(
            &r.call_server_fn(
                "/api/create_draft",
                &[("slug", "closed"), ("title", "Too late now"), ("body", "A body long enough to count.")]
            )
            .await
        ),
        "proposals_closed"
    );
});

both_backends!(parallel_supports_never_pass_the_threshold_or_the_limit, |app| async move {
    // Goal 12, no accumulating: 20 residents support at once, exactly 12 count.
    let (_, _) = process(&app, "race", phase("3", "12")).await;
    let author = app.account("author@example.jp", Role::Resident).await;
    let target = published(&app, &author, "race", "Popular").await;
    let mut browsers: Vec<Browser> = Vec::new();
    for i in 0..20 {
        let (mut b, _) = app.signed_in(&format!("r{i}@example.jp"), Role::Resident).await;
        b.get(&format!("/proposals/{target}")).await;
        browsers.push(b);
    }
    let id = target.to_string();
    let results = futures::future::join_all(browsers.iter_mut().map(|b| {
        let id = id.clone();
        async move { b.call_server_fn("/api/support_proposal", &[("id", &id)]).await.status }
    }))
    .await;
    let ok = results.iter().filter(|s| **s == 200).count();
    assert_eq!(ok, 12, "statuses: {results:?}");
    assert!(results.iter().all(|s| *s == 200 || *s == 422), "{results:?}");
    app.with_conn(|c| {
        let row = yoriai_store::proposals::find(c, target).unwrap().unwrap();
        assert_eq!(row.support_count, 12);
        assert_eq!(yoriai_store::supports::count_counted(c, target).unwrap(), 12);
        assert!(row.reached_at.is_some());
    });
    // One resident fires 8 supports at once at 8 proposals: the limit of 3 holds.
    let mut many = Vec::new();
    for n in 0..8 {
        many.push(published(&app, &author, "race", &format!("Idea {n}")).await);
    }
    let (mut greedy, _) = app.signed_in("greedy@example.jp", Role::Resident).await;
    greedy.get("/").await;
    let csrf = greedy.csrf.clone().unwrap();
    let cookies = greedy.cookies.clone();
    let results = futures::future::join_all(many.iter().map(|pid| {
        let mut b = app.browser();
        b.cookies = cookies.clone();
        b.csrf = Some(csrf.clone());
        let id = pid.to_string();
        async move { b.call_server_fn("/api/support_proposal", &[("id", &id)]).await.status }
    }))
    .await;
    assert_eq!(results.iter().filter(|s| **s == 200).count(), 3, "{results:?}");
    app.with_conn(|c| {
        use diesel::prelude::*;
        use yoriai_store::schema::{process_participants, supports};
        let given: Vec<i32> = process_participants::table.select(process_participants::supports_given).load(c).unwrap();
        let rows: i64 = supports::table.count().get_result(c).unwrap();
        assert_eq!(i64::from(given.iter().sum::<i32>()), rows, "allowance counters match the support rows");
    });
});

#[actix_web::test]
async fn supports_count_only_after_the_minimum_and_stop_counting_below_it() {
    let app = spawn_app(Backend::Sqlite).await;
    let mut ph = phase("10", "");
    ph.min_supports_to_count = "3".into();
    process(&app, "minimum", ph).await;
    let author = app.account("author@example.jp", Role::Resident).await;
    let ids: Vec<yoriai_domain::ProposalId> = futures::future::join_all((0..3).map(|n| {
        let app = &app;
        let author = author.clone();
        async move { published(app, &author, "minimum", &format!("Idea {n}")).await }
    }))
    .await;
    let r = app.account("fan@example.jp", Role::Resident).await;
    let count = |app: &TestApp, id: yoriai_domain::ProposalId| {
        app.with_conn(|c| yoriai_store::proposals::find(c, id).unwrap().unwrap().support_count)
    };
    for (n, id) in ids.iter().enumerate() {
        let (rr, id) = (r.clone(), *id);
        let out = app.run(move |svc| p::support_proposal(svc, &rr, id)).await.unwrap();
        assert_eq!(out.counted, n == 2, "support {n}");
    }
    assert!(ids.iter().all(|id| count(&app, *id) == 1), "all three count once the third is given");
    let (rr, first) = (r.clone(), ids[0]);
    app.run(move |svc| p::withdraw_support(svc, &rr, first)).await.unwrap();
    assert!(ids.iter().all(|id| count(&app, *id) == 0), "below the minimum nothing counts");
}

both_backends!(comments_thread_three_levels_with_stances_votes_and_edits, |app| async move {
    process(&app, "talk", phase("10", "100")).await;
    let author = app.account("author@example.jp", Role::Resident).await;
    let id = published(&app, &author, "talk", "Let us talk").await;
    let (mut a, _) = app.signed_in("alice@example.jp", Role::Resident).await;
    let (mut b, _) = app.signed_in("bob@example.jp", Role::Resident).await;
    a.get(&format!("/proposals/{id}")).await;
    let res = a
        .post_form("/api/add_comment", &[("id", &id.to_string()), ("body", "I am for it."), ("stance", "in_favour")])
        .await;
    res.assert_status(303);
    let c0 = res.location().unwrap().rsplit("comment-").next().unwrap().to_owned();
    b.get(&format!("/proposals/{id}")).await;
    let mut parent = c0.clone();
    for depth in 1..=3 {
        let res = b
            .call_server_fn(
                "/api/add_comment",
                &[("id", &id.to_string()), ("body", &format!("Reply at depth {depth}")), ("parent_id", &parent)],
            )
            .await;
        res.assert_status(200);
        parent = res.json()["to"].as_str().unwrap().rsplit("comment-").next().unwrap().to_owned();
    }
    let too_deep = b
        .call_server_fn("/api/add_comment", &[("id", &id.to_string()), ("body", "Too deep"), ("parent_id", &parent)])
        .await;
    assert_eq!(json_code(&too_deep), "reply_too_deep");
    // Votes: once each, changeable; not on one's own comment.
    b.call_server_fn("/api/vote_comment", &[("id", &id.to_string()), ("comment_id", &c0), ("value", "1")])
        .await
        .assert_status(200);
    b.call_server_fn("/api/vote_comment", &[("id", &id.to_string()), ("comment_id", &c0), ("value", "1")])
        .await
        .assert_status(200);
    let own =
        a.call_server_fn("/api/vote_comment", &[("id", &id.to_string()), ("comment_id", &c0), ("value", "1")]).await;
    assert_eq!(json_code(&own), "forbidden");
    // Edits by the author only; deleting keeps the thread.
    let other = b
        .call_server_fn("/api/edit_comment", &[("id", &id.to_string()), ("comment_id", &c0), ("body", "hijack")])
        .await;
    assert_eq!(json_code(&other), "forbidden");
    a.call_server_fn(
        "/api/edit_comment",
        &[("id", &id.to_string()), ("comment_id", &c0), ("body", "I am strongly for it."), ("stance", "in_favour")],
    )
    .await
    .assert_status(200);
    a.call_server_fn("/api/delete_comment", &[("id", &id.to_string()), ("comment_id", &c0)]).await.assert_status(200);
    let page = a.get(&format!("/proposals/{id}")).await;
    page.assert_contains("Reply at depth 3").assert_not_contains("strongly");
    let (row, up) = app.with_conn(|c| {
        let p = yoriai_store::proposals::find(c, id).unwrap().unwrap();
        let cm = yoriai_store::comments::find(c, c0.parse().unwrap()).unwrap().unwrap();
        (p, cm.up_count)
    });
    assert_eq!(row.comment_count, 3, "the deleted comment no longer counts");
    assert_eq!(up, 1, "voting twice the same way counts once");
    // The author follows and was notified of the comments; Alice of Bob's reply.
    let notes = app.with_conn(|c| yoriai_store::notifications::recent_for(c, row.author_id.unwrap(), 20).unwrap());
    assert!(notes.iter().any(|n| n.notification.kind == yoriai_domain::notification::NotificationKind::NewComment));
});

both_backends!(three_reports_hide_a_comment_until_a_moderator_decides, |app| async move {
    process(&app, "mod", phase("10", "100")).await;
    let author = app.account("author@example.jp", Role::Resident).await;
    let id = published(&app, &author, "mod", "Moderate me").await;
    let (mut troll, _) = app.signed_in("troll@example.jp", Role::Resident).await;
    troll.get(&format!("/proposals/{id}")).await;
    let res = troll.call_server_fn("/api/add_comment", &[("id", &id.to_string()), ("body", "Rude words here")]).await;
    let cid = res.json()["to"].as_str().unwrap().rsplit("comment-").next().unwrap().to_owned();
    for n in 0..3 {
        let (mut r, _) = app.signed_in(&format!("reporter{n}@example.jp"), Role::Resident).await;
        r.get(&format!("/proposals/{id}")).await;
        r.call_server_fn(
            "/api/report_content",
            &[("id", &id.to_string()), ("comment_id", &cid), ("reason", "offensive")],
        )
        .await
        .assert_status(200);
        if n == 0 {
            let again = r
                .call_server_fn(
                    "/api/report_content",
                    &[("id", &id.to_string()), ("comment_id", &cid), ("reason", "spam")],
                )
                .await;
            assert_eq!(json_code(&again), "already_reported");
        }
    }
    let mut public = app.browser();
    public.get(&format!("/proposals/{id}")).await.assert_not_contains("Rude words here");
    let (mut moderator, _) = app.signed_in("mod@example.jp", Role::Moderator).await;
    moderator.accept_language = Some("en".into());
    let queue = moderator.get("/moderation").await;
    queue.assert_status(200).assert_contains("Rude words here").assert_contains("reported 3 times");
    let mid = app.with_conn(|c| {
        yoriai_store::moderation::queue(c, yoriai_domain::proposal::ModerationState::Pending, None, 10).unwrap()[0].id
    });
    moderator
        .post_form(
            "/api/moderate",
            &[("moderation_id", &mid.to_string()), ("decision", "restore"), ("reason", "Heated but not abusive.")],
        )
        .await
        .assert_status(303);
    public.get(&format!("/proposals/{id}")).await.assert_contains("Rude words here");
    // Blocking the author hides everything they wrote and signs them out.
    let troll_id = app.with_conn(|c| yoriai_store::users::find_by_email(c, "troll@example.jp").unwrap().unwrap().id);
    moderator
        .post_form("/api/block_user", &[("user_id", &troll_id.to_string()), ("reason", "Repeated insults.")])
        .await
        .assert_status(303);
    public.get(&format!("/proposals/{id}")).await.assert_not_contains("Rude words here");
    assert_eq!(troll.get("/notifications").await.status, 302, "the blocked account is signed out");
    let log = app.with_conn(|c| yoriai_store::action_log::recent(c, 10).unwrap());
    assert!(log.iter().any(|l| l.action == "restore_content") && log.iter().any(|l| l.action == "block_user"));
    // Residents cannot moderate.
    let (mut resident, _) = app.signed_in("just@example.jp", Role::Resident).await;
    let res = resident
        .call_server_fn(
            "/api/moderate",
            &[("moderation_id", &mid.to_string()), ("decision", "hide"), ("reason", "because")],
        )
        .await;
    assert_eq!(json_code(&res), "forbidden");
});

both_backends!(an_answer_notifies_the_author_and_followers_by_email, |app| async move {
    let (_, pid) = process(&app, "answers", phase("10", "100")).await;
    let (mut author_b, author) = app.signed_in("author@example.jp", Role::Resident).await;
    let id = published(&app, &author, "answers", "Answer me").await;
    let (mut follower, _) = app.signed_in("follower@example.jp", Role::Resident).await;
    follower.get(&format!("/proposals/{id}")).await;
    follower.post_form("/api/follow_proposal", &[("id", &id.to_string()), ("follow", "true")]).await.assert_status(303);
    // Both allow update emails (off until a resident turns them on); a third follower
    // does not, and is told only in the site.
    for b in [&mut author_b, &mut follower] {
        b.get("/account/privacy").await;
        b.call_server_fn("/api/set_consent", &[("purpose", "email_updates"), ("granted", "true")])
            .await
            .assert_status(200);
    }
    let (mut quiet, _) = app.signed_in("quiet@example.jp", Role::Resident).await;
    quiet.get(&format!("/proposals/{id}")).await;
    quiet.post_form("/api/follow_proposal", &[("id", &id.to_string()), ("follow", "true")]).await.assert_status(303);
    // The follower prefers a daily summary; the author immediate mail (the default).
    follower.get("/notifications").await;
    follower.post_form("/api/set_notification_email", &[("email", "daily")]).await.assert_status(303);
    let (mut staff, _) = app.signed_in("valuator@example.jp", Role::Valuator).await;
    staff.get(&format!("/proposals/{id}")).await;
    // Saved without publishing: nobody is told, the public sees nothing.
    staff
        .post_form(
            "/api/answer_proposal",
            &[
                ("id", &id.to_string()),
                ("state", "accepted"),
                ("text", "We will do it next year."),
                ("cost", "1,200,000"),
            ],
        )
        .await
        .assert_status(303);
    let mut public = app.browser();
    public.get(&format!("/proposals/{id}")).await.assert_not_contains("We will do it next year.");
    let bad = staff
        .call_server_fn("/api/answer_proposal", &[("id", &id.to_string()), ("state", "maybe"), ("text", "")])
        .await;
    assert_eq!(bad.status, 422);
    // Published in bulk from the console.
    let (mut admin, _) = app.signed_in("boss@example.jp", Role::Admin).await;
    admin.get(&format!("/admin/processes/{pid}")).await.assert_status(200);
    let res = admin.post_form("/api/publish_answers", &[("process_id", &pid.to_string())]).await;
    assert!(res.location().unwrap().contains("n=1"), "{:?}", res.location());
    public
        .get(&format!("/proposals/{id}"))
        .await
        .assert_contains("We will do it next year.")
        .assert_contains("1,200,000");
    let mail = app.wait_for_mail("author@example.jp", "notification").await;
    assert!(mail.body.contains(&format!("/proposals/{id}")), "{}", mail.body);
    assert!(mail.body.contains("/notifications"), "the email links to its settings");
    author_b.accept_language = Some("ja".into());
    author_b.get("/notifications").await.assert_contains("回答がありました");
    // The follower gets a digest instead (the worker sends it: their first of the day).
    let digest = app.wait_for_mail("follower@example.jp", "digest").await;
    assert!(digest.body.contains("Answer me"), "{}", digest.body);
    assert_eq!(
        app.mailbox
            .lock()
            .unwrap()
            .iter()
            .filter(|m| m.to == "follower@example.jp" && m.kind == "notification")
            .count(),
        0
    );
    let log = app.with_conn(|c| yoriai_store::action_log::recent(c, 20).unwrap());
    assert!(log.iter().any(|l| l.action == "publish_answers" && l.visibility == "public"));
    // Without consent: the notification is in the site, and no email was sent.
    quiet.accept_language = Some("en".into());
    quiet.get("/notifications").await.assert_contains("Answer me").assert_contains("No emails are sent now");
    assert_eq!(app.mail_count("quiet@example.jp"), 0);
});

both_backends!(the_edit_window_closes_after_time_or_a_first_support, |app| async move {
    process(&app, "edits", phase("10", "100")).await;
    let (mut b, author) = app.signed_in("writer@example.jp", Role::Resident).await;
    let id = published(&app, &author, "edits", "First title").await;
    b.get(&format!("/proposals/{id}/edit")).await.assert_status(200);
    b.call_server_fn(
        "/api/update_proposal",
        &[("id", &id.to_string()), ("title", "Better title"), ("body", "A body long enough to be a proposal.")],
    )
    .await
    .assert_status(200);
    let fan = app.account("fan@example.jp", Role::Resident).await;
    app.run(move |svc| p::support_proposal(svc, &fan, id)).await.unwrap();
    let res = b
        .call_server_fn(
            "/api/update_proposal",
            &[("id", &id.to_string()), ("title", "Sneaky change"), ("body", "A body long enough to be a proposal.")],
        )
        .await;
    assert_eq!(json_code(&res), "edit_window_closed");
    app.with_conn(|c| assert_eq!(yoriai_store::proposals::find(c, id).unwrap().unwrap().title, "Better title"));
});

both_backends!(keyset_pages_walk_every_proposal_once_in_every_order, |app| async move {
    process(&app, "pages", phase("100", "")).await;
    let author = app.account("prolific@example.jp", Role::Resident).await;
    let mut ids = Vec::new();
    for n in 0..45 {
        ids.push(published(&app, &author, "pages", &format!("Idea number {n}")).await);
    }
    // Unequal support counts, with ties.
    for (k, id) in ids.iter().enumerate().take(6) {
        for s in 0..(k % 3 + 1) {
            let fan = app.account(&format!("fan{k}-{s}@example.jp"), Role::Resident).await;
            let id = *id;
            app.run(move |svc| p::support_proposal(svc, &fan, id)).await.unwrap();
        }
    }
    let mut api = app.browser();
    for sort in ["recent", "supported", "commented", "random"] {
        let mut seen = Vec::new();
        let mut cursor: Option<String> = None;
        let mut pages = 0;
        loop {
            let url = match &cursor {
                Some(c) => format!("/api/v1/processes/pages/proposals?sort={sort}&seed=7&cursor={c}"),
                None => format!("/api/v1/processes/pages/proposals?sort={sort}&seed=7"),
            };
            let res = api.get_json(&url).await;
            res.assert_status(200);
            let json = res.json();
            for card in json["proposals"].as_array().unwrap() {
                seen.push(card["id"].as_i64().unwrap());
            }
            pages += 1;
            match json["next_cursor"].as_str() {
                Some(c) => cursor = Some(c.to_owned()),
                None => break,
            }
            assert!(pages < 10);
        }
        let mut sorted = seen.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(sorted.len(), 45, "{sort}: every proposal exactly once ({} seen)", seen.len());
        assert_eq!(seen.len(), 45, "{sort}: no duplicates");
        assert_eq!(pages, 3, "{sort}: 20 + 20 + 5");
    }
    // A tampered cursor is ignored, not a crash.
    api.get_json("/api/v1/processes/pages/proposals?cursor=garbage").await.assert_status(200);
});

/// The list page's queries do not grow with the number of proposals (no N+1).
#[actix_web::test]
async fn the_list_costs_the_same_number_of_queries_for_5_or_40_proposals() {
    for backend in [Backend::Sqlite, Backend::Postgres] {
        let app = spawn_app(backend).await;
        process(&app, "count", phase("100", "")).await;
        let author = app.account("many@example.jp", Role::Resident).await;
        let counter = yoriai_store::conn::QueryCounter::default();
        let pool = yoriai_store::conn::build_counting_pool(&app.database_url, 2, counter.clone()).unwrap();
        let mut svc = app.services.clone();
        svc.pool = pool;
        let viewer = author.clone();
        let mut costs = Vec::new();
        let mut made = 0;
        for target in [5, 40] {
            while made < target {
                let id = published(&app, &author, "count", &format!("Idea {made}")).await;
                let fan = app.account(&format!("f{made}@example.jp"), Role::Resident).await;
                app.run(move |s| p::support_proposal(s, &fan, id)).await.unwrap();
                made += 1;
            }
            let (svc2, v) = (svc.clone(), viewer.clone());
            let before = counter.get();
            let list = actix_web::web::block(move || {
                p::list_proposals(&svc2, &v, "count", p::ListParams { sort: "supported".into(), ..Default::default() })
            })
            .await
            .unwrap()
            .unwrap();
            assert_eq!(list.cards.len(), target.min(20));
            costs.push(counter.get() - before);
        }
        assert_eq!(costs[0], costs[1], "{backend:?}: queries for 5 and for 20 cards: {costs:?}");
    }
}

both_backends!(open_data_exports_carry_counts_and_answers_but_no_personal_data, |app| async move {
    let (admin, _) = process(&app, "export", phase("10", "100")).await;
    let author = app.account("private.person@example.jp", Role::Resident).await;
    let id = published(&app, &author, "export", "=cmd|' /C calc'!A0").await;
    let a = admin.clone();
    app.run(move |svc| {
        p::answer_proposal(
            svc,
            &a,
            id,
            p::AnswerInput {
                state: "rejected".into(),
                text: "Not feasible.".into(),
                cost: String::new(),
                publish: true,
            },
        )
    })
    .await
    .unwrap();
    let mut b = app.browser();
    let csv = b.get("/processes/export/proposals/export.csv").await;
    csv.assert_status(200)
        .assert_contains("support_count")
        .assert_contains("rejected")
        .assert_contains("Not feasible.");
    assert!(csv.header("content-type").unwrap().starts_with("text/csv"));
    assert!(csv.body.contains("\"'=cmd"), "formulas are defused: {}", csv.body);
    let json = b.get("/processes/export/proposals/export.json").await;
    json.assert_status(200);
    let parsed: serde_json::Value = serde_json::from_str(&json.body).expect("valid JSON");
    assert_eq!(parsed.as_array().unwrap().len(), 1);
    for body in [&csv.body, &json.body] {
        assert!(!body.contains("private.person"), "no emails or names in open data");
    }
    assert_eq!(b.get("/processes/nope/proposals/export.csv").await.status, 404);
});

fn png() -> Vec<u8> {
    // A 2×2 PNG.
    let mut out = Vec::new();
    let img = image::RgbImage::from_pixel(2, 2, image::Rgb([200, 30, 30]));
    image::DynamicImage::ImageRgb8(img).write_to(&mut std::io::Cursor::new(&mut out), image::ImageFormat::Png).unwrap();
    out
}

fn multipart(file: &[u8], alt: &str) -> (String, Vec<u8>) {
    let boundary = "yoriaiboundary";
    let mut body = Vec::new();
    body.extend_from_slice(
        format!("--{boundary}\r\nContent-Disposition: form-data; name=\"alt\"\r\n\r\n{alt}\r\n").as_bytes(),
    );
    body.extend_from_slice(format!("--{boundary}\r\nContent-Disposition: form-data; name=\"image\"; filename=\"photo.jpg\"\r\nContent-Type: image/jpeg\r\n\r\n").as_bytes());
    body.extend_from_slice(file);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

both_backends!(pictures_are_checked_by_content_and_re_encoded, |app| async move {
    process(&app, "pics", phase("10", "100")).await;
    let (mut b, author) = app.signed_in("photographer@example.jp", Role::Resident).await;
    let id = published(&app, &author, "pics", "With a picture").await;
    b.get(&format!("/proposals/{id}/edit")).await;
    let csrf = b.csrf.clone().unwrap();
    let url = format!("/proposals/{id}/images?csrf={csrf}");
    let (ct, body) = multipart(&png(), "A red square");
    let res = b.request_raw("POST", &url, &ct, body).await;
    assert_eq!(res.status, 303);
    assert!(res.location().unwrap().contains("notice=image-added"), "{:?}", res.location());
    let (ct, body) = multipart(b"PK\x03\x04not really a picture", "zip");
    let res = b.request_raw("POST", &url, &ct, body).await;
    assert!(res.location().unwrap().contains("error=image_invalid"), "{:?}", res.location());
    let (ct, body) = multipart(&vec![0u8; 11 * 1024 * 1024], "huge");
    let res = b.request_raw("POST", &url, &ct, body).await;
    assert!(res.status == 303 || res.status == 413, "{}", res.status);
    // Without the CSRF token: refused.
    let (ct, body) = multipart(&png(), "x");
    assert_eq!(b.request_raw("POST", &format!("/proposals/{id}/images"), &ct, body).await.status, 403);
    let page = b.get(&format!("/proposals/{id}")).await;
    let key = page.body.split("/uploads/").nth(1).unwrap().split(".jpg").next().unwrap().to_owned();
    let img = b.get(&format!("/uploads/{key}.jpg")).await;
    img.assert_status(200);
    assert_eq!(img.header("content-type").as_deref(), Some("image/jpeg"));
    assert_eq!(b.get("/uploads/..%2Fsecret.key").await.status, 404);
    let stored = app.with_conn(|c| yoriai_store::uploads::of_proposal(c, id).unwrap());
    assert_eq!(stored.len(), 1);
    assert_eq!(stored[0].alt_text, "A red square");
});

both_backends!(the_json_api_covers_proposals_supports_and_comments, |app| async move {
    process(&app, "api", phase("10", "100")).await;
    let (mut b, _) = app.signed_in("api@example.jp", Role::Resident).await;
    b.accept_language = Some("en".into());
    let res = b.post_json("/api/v1/processes/api/proposals", &serde_json::json!({"title": "Via the API", "body": "Created by a script, published at once.", "publish": true})).await;
    res.assert_status(201);
    let id = res.json()["id"].as_i64().unwrap();
    let (mut other, _) = app.signed_in("other@example.jp", Role::Resident).await;
    other.accept_language = Some("en".into());
    other.get("/").await;
    let csrf = other.csrf.clone().unwrap();
    let res = other.request("PUT", &format!("/api/v1/proposals/{id}/support"), &[("x-csrf-token", &csrf)], None).await;
    res.assert_status(200);
    assert_eq!(res.json()["support_count"], 1);
    assert_eq!(res.json()["supports_left"], 9);
    let res = other.request("PUT", &format!("/api/v1/proposals/{id}/support"), &[("x-csrf-token", &csrf)], None).await;
    res.assert_status(409);
    assert_eq!(res.json()["code"], "already_supported");
    assert_eq!(res.json()["message"], "You already support this proposal.");
    other
        .request("DELETE", &format!("/api/v1/proposals/{id}/support"), &[("x-csrf-token", &csrf)], None)
        .await
        .assert_status(200);
    other
        .post_json(
            &format!("/api/v1/proposals/{id}/comments"),
            &serde_json::json!({"body": "From the API", "stance": "in_favour"}),
        )
        .await
        .assert_status(201);
    let comments = other.get_json(&format!("/api/v1/proposals/{id}/comments")).await;
    assert!(comments.body.contains("From the API"));
    let page = other.get_json(&format!("/api/v1/proposals/{id}")).await;
    assert_eq!(page.json()["title"], "Via the API");
    assert_eq!(other.get_json("/api/v1/proposals/999999").await.status, 404);
    assert_eq!(other.get_json("/api/v1/proposals/not-a-number").await.status, 404);
    let list = other.get_json("/api/v1/processes").await;
    assert!(list.body.contains("\"slug\":\"api\""));
});
