//! Participatory budgets on both backends: staff set-up through the forms, ballots
//! (rules, eligibility, concurrency), checkout and receipts, closing and tallying,
//! results, Pabulib and CSV downloads, Pabulib import.

use yoriai_domain::{Actor, BudgetId, HeadingId, ProjectId, Role};
use yoriai_services::budgets as b;
use yoriai_services::processes::{create_process, ProcessInput};
use yoriai_tests::{both_backends, spawn_app_with, Backend, Browser, Spawn, TestApp};

/// A published process; returns (admin, process id).
async fn process(app: &TestApp, slug: &str) -> (Actor, yoriai_domain::ProcessId) {
    let admin = app.account(&format!("admin-{slug}@example.jp"), Role::Admin).await;
    let (a, slug) = (admin.clone(), slug.to_owned());
    let pid = app
        .run(move |svc| {
            create_process(
                svc,
                &a,
                ProcessInput {
                    slug,
                    title_ja: "予算".into(),
                    title_en: "Budget".into(),
                    published: true,
                    ..Default::default()
                },
            )
        })
        .await
        .unwrap();
    (admin, pid)
}

fn budget_input(rule: &str, amount: &str) -> b::BudgetInput {
    b::BudgetInput {
        title_ja: "緑の予算".into(),
        title_en: "Green budget".into(),
        ballot_rule: rule.into(),
        tally_rule: "greedy_votes".into(),
        amount: amount.into(),
        ..Default::default()
    }
}

/// A budget in voting with feasible projects of the given costs (first heading);
/// returns (admin, budget id, project ids).
async fn voting_budget(
    app: &TestApp,
    slug: &str,
    input: b::BudgetInput,
    costs: &[i64],
) -> (Actor, BudgetId, Vec<ProjectId>) {
    let (admin, pid) = process(app, slug).await;
    let (a, costs) = (admin.clone(), costs.to_vec());
    let (bid, projects) = app
        .run(move |svc| {
            let bid = b::create_budget(svc, &a, pid, input)?;
            let mut ids = Vec::new();
            for (i, cost) in costs.iter().enumerate() {
                let id = b::create_project(
                    svc,
                    &a,
                    bid,
                    b::ProjectInput {
                        title: format!("Project {}", i + 1),
                        description: "Trees and benches.".into(),
                        cost: cost.to_string(),
                        ..Default::default()
                    },
                )?;
                b::valuate_project(
                    svc,
                    &a,
                    id,
                    b::ValuationInput { feasibility: "feasible".into(), ..Default::default() },
                )?;
                ids.push(id);
            }
            b::advance_budget(svc, &a, bid, "informing")?;
            b::advance_budget(svc, &a, bid, "voting")?;
            Ok((bid, ids))
        })
        .await
        .unwrap();
    (admin, bid, projects)
}

fn code(res: &yoriai_tests::Response) -> String {
    res.json()["code"].as_str().unwrap_or_default().to_owned()
}

async fn add(browser: &mut Browser, project: ProjectId) -> yoriai_tests::Response {
    browser.call_server_fn("/api/add_to_ballot", &[("id", &project.to_string())]).await
}

fn receipt_in(html: &str) -> String {
    html.split("class=\"receipt-code\"><code>")
        .nth(1)
        .and_then(|rest| rest.split("</code>").next())
        .unwrap_or_else(|| panic!("no receipt on the page"))
        .to_owned()
}

both_backends!(a_whole_budget_runs_from_projects_to_published_results_and_receipts, |app| async move {
    // Staff create the budget and its projects through the forms (no JavaScript).
    let (_, pid) = process(&app, "green").await;
    let (mut admin, _) = app.signed_in("chief@example.jp", Role::Admin).await;
    admin.accept_language = Some("en".into());
    admin.get(&format!("/admin/processes/{pid}")).await.assert_status(200);
    let res = admin
        .post_form(
            "/api/save_budget",
            &[
                ("id", ""),
                ("process_id", &pid.to_string()),
                ("title_ja", "緑の予算"),
                ("title_en", "Green budget"),
                ("ballot_rule", "knapsack"),
                ("tally_rule", "greedy_votes"),
                ("amount", "1,000,000"),
            ],
        )
        .await;
    res.assert_status(303);
    let location = res.location().unwrap();
    let bid: i64 = location.trim_start_matches("/admin/budgets/").split('?').next().unwrap().parse().unwrap();
    let page = admin.get(&format!("/admin/budgets/{bid}")).await;
    page.assert_status(200).assert_contains("Green budget").assert_contains("In preparation");
    let mut projects = Vec::new();
    for (title, cost) in [("Pocket park", "600,000"), ("Street trees", "500,000"), ("Benches", "300,000")] {
        let res = admin
            .post_form(
                "/api/save_project",
                &[("id", ""), ("budget_id", &bid.to_string()), ("title", title), ("cost", cost), ("description", "")],
            )
            .await;
        res.assert_status(303);
        let loc = res.location().unwrap();
        projects
            .push(loc.trim_start_matches("/admin/projects/").split('?').next().unwrap().parse::<ProjectId>().unwrap());
    }
    // A project with no cost is refused with the field named, nothing saved.
    admin.get(&format!("/admin/budgets/{bid}")).await;
    let res = admin
        .call_server_fn(
            "/api/save_project",
            &[("id", ""), ("budget_id", &bid.to_string()), ("title", "Free lunch"), ("cost", "0")],
        )
        .await;
    assert_eq!(res.status, 422);
    assert_eq!(res.json()["fields"][0]["field"], "cost");
    // Valuation: two feasible, one not (with its published reason); the cost is corrected.
    for (id, feasibility, reason, cost) in [
        (projects[0], "feasible", "", "650000"),
        (projects[1], "feasible", "", ""),
        (projects[2], "unfeasible", "The site is private land.", ""),
    ] {
        admin.get(&format!("/admin/projects/{id}")).await;
        let res = admin
            .post_form(
                "/api/valuate_project",
                &[("id", &id.to_string()), ("feasibility", feasibility), ("reason", reason), ("cost", cost)],
            )
            .await;
        res.assert_status(303);
    }
    let res = admin
        .call_server_fn("/api/valuate_project", &[("id", &projects[2].to_string()), ("feasibility", "unfeasible")])
        .await;
    assert_eq!(res.status, 422, "an unfeasible verdict needs its reason");
    for to in ["informing", "voting"] {
        admin.post_form("/api/advance_budget", &[("id", &bid.to_string()), ("to", to)]).await.assert_status(303);
    }
    // A resident builds a ballot without JavaScript: add, over budget, remove, add, confirm.
    let (mut resident, _) = app.signed_in("hanako@example.jp", Role::Resident).await;
    resident.accept_language = Some("en".into());
    let page = resident.get(&format!("/budgets/{bid}")).await;
    page.assert_status(200).assert_contains("Pocket park").assert_contains("Street trees");
    page.assert_contains("The site is private land.");
    let back = format!("/budgets/{bid}?heading=0");
    let res = resident.post_form("/api/add_to_ballot", &[("id", &projects[0].to_string()), ("back", &back)]).await;
    res.assert_status(303);
    let page = resident.get(&format!("/budgets/{bid}")).await;
    page.assert_contains("¥650,000 of ¥1,000,000 used, ¥350,000 left");
    // Street trees (500,000) no longer fits: the page says so, the server refuses it.
    page.assert_contains("This does not fit in what is left of your ballot.");
    let res = add(&mut resident, projects[1]).await;
    assert_eq!((res.status, code(&res)), (422, "over_budget".into()));
    let res = add(&mut resident, projects[2]).await;
    assert_eq!(code(&res), "project_unfeasible");
    resident.post_form("/api/remove_from_ballot", &[("id", &projects[0].to_string())]).await.assert_status(303);
    assert_eq!(add(&mut resident, projects[1]).await.status, 200);
    let res = resident.post_form("/api/check_out_ballot", &[("id", &bid.to_string())]).await;
    res.assert_status(303);
    let page = resident.get(&format!("/budgets/{bid}")).await;
    page.assert_contains("Your vote is confirmed and will be counted.");
    let receipt = receipt_in(&page.body);
    assert_eq!(receipt.len(), 24, "{receipt}");
    // Shown once: the next visit has no receipt.
    resident.get(&format!("/budgets/{bid}")).await.assert_not_contains(&receipt);
    // Confirmed ballots cannot change without reopening; a second checkout is refused.
    let res = add(&mut resident, projects[0]).await;
    assert_eq!((res.status, code(&res)), (409, "ballot_checked_out".into()));
    let res = resident.call_server_fn("/api/check_out_ballot", &[("id", &bid.to_string())]).await;
    assert_eq!(code(&res), "ballot_checked_out");
    // A second resident votes for the pocket park and changes their vote once.
    let (mut other, _) = app.signed_in("taro@example.jp", Role::Resident).await;
    other.get(&format!("/budgets/{bid}")).await;
    assert_eq!(add(&mut other, projects[1]).await.status, 200);
    assert_eq!(other.call_server_fn("/api/check_out_ballot", &[("id", &bid.to_string())]).await.status, 200);
    assert_eq!(other.call_server_fn("/api/reopen_ballot", &[("id", &bid.to_string())]).await.status, 200);
    assert_eq!(other.call_server_fn("/api/remove_from_ballot", &[("id", &projects[1].to_string())]).await.status, 200);
    assert_eq!(add(&mut other, projects[0]).await.status, 200);
    assert_eq!(other.call_server_fn("/api/check_out_ballot", &[("id", &bid.to_string())]).await.status, 200);
    // A third resident leaves an unconfirmed ballot: it is not counted.
    let (mut idle, _) = app.signed_in("idle@example.jp", Role::Resident).await;
    idle.get(&format!("/budgets/{bid}")).await;
    assert_eq!(add(&mut idle, projects[0]).await.status, 200);
    // Results are not public before closing.
    let res = resident.get(&format!("/budgets/{bid}/results")).await;
    res.assert_contains("The results of this budget are not published yet.");
    assert_eq!(resident.get(&format!("/budgets/{bid}/ballots.pb")).await.status, 422);
    // Staff close voting: results computed; ballots detached from accounts.
    admin.get(&format!("/admin/budgets/{bid}")).await;
    admin.post_form("/api/advance_budget", &[("id", &bid.to_string()), ("to", "closed")]).await.assert_status(303);
    app.with_conn(|c| {
        use diesel::prelude::*;
        use yoriai_store::schema::ballots;
        let rows: Vec<(Option<i64>, String)> = ballots::table
            .filter(ballots::budget_id.eq(bid))
            .select((ballots::user_id, ballots::state))
            .load(c)
            .unwrap();
        assert_eq!(rows.len(), 2, "the unconfirmed ballot is gone");
        assert!(rows.iter().all(|(user, state)| user.is_none() && state == "checked_out"), "{rows:?}");
    });
    let res = add(&mut idle, projects[0]).await;
    assert_eq!(code(&res), "voting_closed");
    // Greedy: 650,000 (1 vote, id smaller) then 500,000 does not fit → only one funded
    // unless Street trees has more votes. Both have one vote: the tie goes to the
    // smaller id as text.
    let results = admin.get(&format!("/budgets/{bid}/results")).await;
    results.assert_status(200).assert_contains("These results are not published yet");
    results.assert_contains("<svg").assert_contains("Votes per project");
    let (first, second) = (projects[0].to_string(), projects[1].to_string());
    let expected_winner = if first < second { projects[0] } else { projects[1] };
    let funded = app.with_conn(|c| {
        yoriai_store::budgets::projects_of(c, BudgetId(bid))
            .unwrap()
            .into_iter()
            .filter(|p| p.selected)
            .map(|p| p.id)
            .collect::<Vec<_>>()
    });
    assert_eq!(funded, vec![expected_winner]);
    // Staff compare with equal shares, then publish.
    admin
        .post_form("/api/recompute_tally", &[("id", &bid.to_string()), ("rule", "equal_shares")])
        .await
        .assert_status(303);
    admin.post_form("/api/advance_budget", &[("id", &bid.to_string()), ("to", "published")]).await.assert_status(303);
    // Anyone sees the results and checks a receipt (typed sloppily).
    let mut anyone = app.browser();
    anyone.accept_language = Some("en".into());
    let results = anyone.get(&format!("/budgets/{bid}/results")).await;
    results.assert_status(200).assert_contains("Method of Equal Shares").assert_contains("2 ballots were counted");
    let res = anyone
        .post_form(
            "/api/check_receipt",
            &[("id", &bid.to_string()), ("receipt", &receipt.to_lowercase().replace('-', " "))],
        )
        .await;
    res.assert_status(303);
    let to = res.location().unwrap();
    assert!(to.contains("voter="), "{to}");
    let page = anyone.get(&to).await;
    page.assert_contains("Yes: your ballot is counted.").assert_contains("Street trees");
    let res = anyone
        .call_server_fn("/api/check_receipt", &[("id", &bid.to_string()), ("receipt", "ZZZZ-ZZZZ-ZZZZ-ZZZZ-ZZZZ")])
        .await;
    assert_eq!(res.status, 422);
    assert_eq!(res.json()["fields"][0]["code"], "receipt_unknown");
    // The Pabulib file re-tallies to the published result; the resident's line is in it.
    let pb = anyone.get(&format!("/budgets/{bid}/ballots.pb")).await;
    pb.assert_status(200);
    let instance = yoriai_domain::pb::parse(&pb.body).expect("a valid Pabulib file");
    assert_eq!(instance.voters.len(), 2);
    let voter = to.split("voter=").nth(1).unwrap().split('#').next().unwrap();
    assert!(instance.voters.iter().any(|v| v.id == voter), "the receipt's voter id is in the file");
    let outcome = yoriai_domain::pb::tally(&instance, yoriai_domain::pb::Rule::MesCostAdd1InfstopGreedy, None).unwrap();
    let funded: Vec<String> = app.with_conn(|c| {
        let mut ids: Vec<String> = yoriai_store::budgets::projects_of(c, BudgetId(bid))
            .unwrap()
            .into_iter()
            .filter(|p| p.selected)
            .map(|p| p.id.to_string())
            .collect();
        ids.sort();
        ids
    });
    assert_eq!(outcome.winners, funded);
    let csv = anyone.get(&format!("/budgets/{bid}/projects.csv")).await;
    csv.assert_status(200).assert_contains("Pocket park").assert_contains("unfeasible");
    assert!(!csv.body.contains("hanako"), "no personal data in open data");
    let csv = anyone.get(&format!("/budgets/{bid}/ballots.csv")).await;
    csv.assert_status(200).assert_contains(voter);
});

both_backends!(ballots_follow_their_rule_and_only_eligible_residents_vote, |app| async move {
    // Approval: 2 to 3 projects.
    let mut input = budget_input("approval", "10000");
    input.min_projects = "2".into();
    input.max_projects = "3".into();
    let (_, bid, p) = voting_budget(&app, "approval", input, &[5000, 6000, 7000, 8000]).await;
    let mut anonymous = app.browser();
    anonymous.get(&format!("/budgets/{bid}")).await;
    assert_eq!(add(&mut anonymous, p[0]).await.status, 401);
    let (mut r, _) = app.signed_in("ap@example.jp", Role::Resident).await;
    r.get(&format!("/budgets/{bid}")).await;
    assert_eq!(add(&mut r, p[0]).await.status, 200, "approval counts projects, not money");
    let res = r.call_server_fn("/api/check_out_ballot", &[("id", &bid.to_string())]).await;
    assert_eq!(code(&res), "too_few_projects");
    for id in &p[1..3] {
        assert_eq!(add(&mut r, *id).await.status, 200);
    }
    assert_eq!(code(&add(&mut r, p[3]).await), "too_many_projects");
    assert_eq!(code(&add(&mut r, p[1]).await), "already_in_ballot");
    assert_eq!(r.call_server_fn("/api/check_out_ballot", &[("id", &bid.to_string())]).await.status, 200);

    // Cumulative: 10 points.
    let mut input = budget_input("cumulative", "10000");
    input.points = "10".into();
    let (_, bid, p) = voting_budget(&app, "points", input, &[5000, 6000]).await;
    let (mut r, _) = app.signed_in("pt@example.jp", Role::Resident).await;
    r.get(&format!("/budgets/{bid}")).await;
    let give = |id: ProjectId, pts: &'static str| (id.to_string(), pts);
    let (id0, pts) = give(p[0], "7");
    assert_eq!(r.call_server_fn("/api/add_to_ballot", &[("id", &id0), ("points", pts)]).await.status, 200);
    let (id1, _) = give(p[1], "4");
    let res = r.call_server_fn("/api/add_to_ballot", &[("id", &id1), ("points", "4")]).await;
    assert_eq!(code(&res), "too_many_points");
    // Lowering the first project's points makes room.
    assert_eq!(r.call_server_fn("/api/add_to_ballot", &[("id", &id0), ("points", "6")]).await.status, 200);
    assert_eq!(r.call_server_fn("/api/add_to_ballot", &[("id", &id1), ("points", "4")]).await.status, 200);
    let res = r.call_server_fn("/api/add_to_ballot", &[("id", &id1), ("points", "lots")]).await;
    assert_eq!((res.status, res.json()["fields"][0]["code"].as_str()), (422, Some("not_a_number")));

    // Minimum share: at least half of 10,000.
    let mut input = budget_input("min_share", "10000");
    input.min_share_percent = "50".into();
    let (_, bid, p) = voting_budget(&app, "share", input, &[3000, 4000]).await;
    let (mut r, _) = app.signed_in("ms@example.jp", Role::Resident).await;
    r.get(&format!("/budgets/{bid}")).await;
    assert_eq!(add(&mut r, p[0]).await.status, 200);
    let res = r.call_server_fn("/api/check_out_ballot", &[("id", &bid.to_string())]).await;
    assert_eq!(code(&res), "below_minimum_share");
    assert_eq!(add(&mut r, p[1]).await.status, 200);
    assert_eq!(r.call_server_fn("/api/check_out_ballot", &[("id", &bid.to_string())]).await.status, 200);

    // District headings: one ballot holds one district's projects.
    let (admin, pid) = process(&app, "districts").await;
    let a = admin.clone();
    let (bid, east, west) = app
        .run(move |svc| {
            let bid = b::create_budget(svc, &a, pid, budget_input("knapsack", "1000"))?;
            let page = b::admin_budget_page(svc, &a, bid)?;
            let h1 = page.headings[0].id;
            let h2 = b::add_heading(
                svc,
                &a,
                bid,
                b::HeadingInput {
                    name_ja: "西".into(),
                    name_en: "West".into(),
                    district_id: None,
                    amount: "500".into(),
                },
            )?;
            let mk = |h: HeadingId, title: &str| {
                b::create_project(
                    svc,
                    &a,
                    bid,
                    b::ProjectInput {
                        heading_id: Some(h),
                        title: title.into(),
                        cost: "100".into(),
                        ..Default::default()
                    },
                )
            };
            let east = mk(h1, "East library")?;
            let west = mk(h2, "West pool")?;
            for id in [east, west] {
                b::valuate_project(
                    svc,
                    &a,
                    id,
                    b::ValuationInput { feasibility: "feasible".into(), ..Default::default() },
                )?;
            }
            b::advance_budget(svc, &a, bid, "informing")?;
            b::advance_budget(svc, &a, bid, "voting")?;
            Ok((bid, east, west))
        })
        .await
        .unwrap();
    let (mut r, _) = app.signed_in("ds@example.jp", Role::Resident).await;
    r.get(&format!("/budgets/{bid}")).await;
    assert_eq!(add(&mut r, east).await.status, 200);
    assert_eq!(code(&add(&mut r, west).await), "wrong_heading");
    assert_eq!(r.call_server_fn("/api/remove_from_ballot", &[("id", &east.to_string())]).await.status, 200);
    assert_eq!(add(&mut r, west).await.status, 200, "an empty ballot follows the resident to another district");
    // Projects and settings are locked while voting.
    let a = admin.clone();
    let res = app
        .run(move |svc| {
            b::create_project(
                svc,
                &a,
                bid,
                b::ProjectInput { title: "Late idea".into(), cost: "10".into(), ..Default::default() },
            )
        })
        .await;
    assert_eq!(res.unwrap_err().code(), yoriai_domain::ErrorCode::BudgetLocked);

    // Verification required: an unverified resident is told why.
    let mut input = budget_input("knapsack", "1000");
    input.requires_verification = true;
    let (_, bid, p) = voting_budget(&app, "verified", input, &[100]).await;
    let (mut r, _) = app.signed_in("nv@example.jp", Role::Resident).await;
    r.get(&format!("/budgets/{bid}")).await;
    let res = add(&mut r, p[0]).await;
    assert_eq!((res.status, code(&res)), (403, "verification_required".into()));
});

both_backends!(parallel_ballot_changes_never_break_the_budget_or_the_one_ballot_rule, |app| async move {
    // Ten projects of 300 against 1,000: one resident fires all ten at once.
    let (_, bid, p) = voting_budget(&app, "race", budget_input("knapsack", "1000"), &[300; 10]).await;
    let (mut greedy, _) = app.signed_in("greedy@example.jp", Role::Resident).await;
    greedy.get(&format!("/budgets/{bid}")).await;
    let (csrf, cookies) = (greedy.csrf.clone().unwrap(), greedy.cookies.clone());
    let results = futures::future::join_all(p.iter().map(|id| {
        let mut b = app.browser();
        b.cookies = cookies.clone();
        b.csrf = Some(csrf.clone());
        let id = id.to_string();
        async move {
            let res = b.call_server_fn("/api/add_to_ballot", &[("id", &id)]).await;
            (res.status, code(&res))
        }
    }))
    .await;
    let ok = results.iter().filter(|(s, _)| *s == 200).count();
    assert_eq!(ok, 3, "{results:?}");
    assert!(results.iter().all(|(s, c)| *s == 200 || c == "over_budget"), "{results:?}");
    app.with_conn(|c| {
        use diesel::prelude::*;
        use yoriai_store::schema::{ballot_lines, ballots};
        let rows: Vec<(i64, i64, i32)> = ballots::table
            .filter(ballots::budget_id.eq(bid))
            .select((ballots::id, ballots::total_cost, ballots::line_count))
            .load(c)
            .unwrap();
        assert_eq!(rows.len(), 1, "one ballot per resident, however many first requests race");
        let lines: i64 =
            ballot_lines::table.filter(ballot_lines::ballot_id.eq(rows[0].0)).count().get_result(c).unwrap();
        assert_eq!((rows[0].1, rows[0].2, lines), (900, 3, 3));
    });
    // The database itself refuses a second ballot for the same resident.
    let dup = app.with_conn(|c| {
        use diesel::prelude::*;
        use yoriai_store::schema::ballots;
        let (heading, user): (i64, Option<i64>) = ballots::table
            .filter(ballots::budget_id.eq(bid))
            .select((ballots::heading_id, ballots::user_id))
            .first(c)
            .unwrap();
        let now = yoriai_store::now();
        diesel::insert_into(ballots::table)
            .values((
                ballots::budget_id.eq(bid),
                ballots::heading_id.eq(heading),
                ballots::user_id.eq(user),
                ballots::state.eq("open"),
                ballots::created_at.eq(now),
                ballots::updated_at.eq(now),
            ))
            .execute(c)
    });
    assert!(matches!(
        dup,
        Err(diesel::result::Error::DatabaseError(diesel::result::DatabaseErrorKind::UniqueViolation, _))
    ));
    // Twelve residents confirm at the same moment: the stored count is exact.
    let mut voters: Vec<Browser> = Vec::new();
    for i in 0..12 {
        let (mut v, _) = app.signed_in(&format!("v{i}@example.jp"), Role::Resident).await;
        v.get(&format!("/budgets/{bid}")).await;
        assert_eq!(add(&mut v, p[i % 10]).await.status, 200);
        voters.push(v);
    }
    let bid_s = bid.to_string();
    let statuses = futures::future::join_all(voters.iter_mut().map(|v| {
        let bid_s = bid_s.clone();
        async move { v.call_server_fn("/api/check_out_ballot", &[("id", &bid_s)]).await.status }
    }))
    .await;
    assert!(statuses.iter().all(|s| *s == 200), "{statuses:?}");
    let counted = app.with_conn(|c| yoriai_store::budgets::headings_of(c, bid).unwrap()[0].ballot_count);
    assert_eq!(counted, 12);
    // A checkout racing an add on the same ballot: whichever wins, the ballot is sound.
    let (mut racer, _) = app.signed_in("racer@example.jp", Role::Resident).await;
    racer.get(&format!("/budgets/{bid}")).await;
    assert_eq!(add(&mut racer, p[0]).await.status, 200);
    let (csrf, cookies) = (racer.csrf.clone().unwrap(), racer.cookies.clone());
    let mk = || {
        let mut b = app.browser();
        b.cookies = cookies.clone();
        b.csrf = Some(csrf.clone());
        b
    };
    let (mut b1, mut b2) = (mk(), mk());
    let p1 = p[1].to_string();
    let f1 = [("id", bid_s.as_str())];
    let f2 = [("id", p1.as_str())];
    let (r1, r2) =
        futures::join!(b1.call_server_fn("/api/check_out_ballot", &f1), b2.call_server_fn("/api/add_to_ballot", &f2));
    assert_eq!(r1.status, 200);
    assert!(r2.status == 200 || code(&r2) == "ballot_checked_out", "{} {}", r2.status, r2.body);
    app.with_conn(|c| {
        let uid = {
            use diesel::prelude::*;
            use yoriai_store::schema::users;
            users::table
                .filter(users::email.eq("racer@example.jp"))
                .select(users::id)
                .first::<yoriai_domain::UserId>(c)
                .unwrap()
        };
        let ballots = yoriai_store::ballots::find_of_user(c, bid, uid).unwrap().unwrap();
        let lines = yoriai_store::ballots::lines_of(c, ballots.id).unwrap();
        assert_eq!(ballots.line_count as usize, lines.len());
        assert_eq!(ballots.total_cost, lines.iter().map(|l| l.cost).sum::<i64>());
        assert!(ballots.total_cost <= 1000);
    });
});

/// A tiny Pabulib file: ties that only the original project ids break.
const TIE_FILE: &str = "META\nkey;value\ndescription;Tie town\ncountry;Japan\nunit;Tie town\nnum_projects;3\nnum_votes;4\nbudget;10\nvote_type;approval\nrule;greedy\nPROJECTS\nproject_id;cost;name\n10;6;Ten\n2;6;Two\n3;4;Three\nVOTES\nvoter_id;vote\na;10,2\nb;10,2,3\nc;3\nd;2,10\n";

fn multipart_file(name: &str, content: &[u8]) -> (String, Vec<u8>) {
    let boundary = "yoriaipbboundary";
    let mut body = Vec::new();
    body.extend_from_slice(
        format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\nContent-Type: text/plain\r\n\r\n"
        )
        .as_bytes(),
    );
    body.extend_from_slice(content);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

fn budget_count(app: &TestApp) -> i64 {
    app.with_conn(|c| {
        use diesel::prelude::*;
        yoriai_store::schema::budgets::table.count().get_result(c).unwrap()
    })
}

both_backends!(pabulib_files_are_imported_whole_or_not_at_all, |app| async move {
    let (_, pid) = process(&app, "import").await;
    let (mut admin, _) = app.signed_in("importer@example.jp", Role::Admin).await;
    admin.accept_language = Some("en".into());
    admin.get(&format!("/admin/processes/{pid}")).await;
    let csrf = admin.csrf.clone().unwrap();
    let url = format!("/admin/processes/{pid}/budgets/import?csrf={csrf}");
    let (ct, body) = multipart_file("tie.pb", TIE_FILE.as_bytes());
    let res = admin.request_raw("POST", &url, &ct, body).await;
    assert_eq!(res.status, 303);
    let to = res.location().unwrap();
    assert!(to.contains("notice=budget-imported"), "{to}");
    let bid: i64 = to.trim_start_matches("/admin/budgets/").split('?').next().unwrap().parse().unwrap();
    // Greedy: "10" and "2" both have 3 votes and cost 6; only one fits with "3".
    // Ties go to the smaller id as text: "10" < "2".
    let funded: Vec<String> = app.with_conn(|c| {
        let mut ids: Vec<String> = yoriai_store::budgets::projects_of(c, BudgetId(bid))
            .unwrap()
            .into_iter()
            .filter(|p| p.selected)
            .filter_map(|p| p.external_id)
            .collect();
        ids.sort();
        ids
    });
    assert_eq!(funded, vec!["10".to_owned(), "3".to_owned()]);
    let page = admin.get(&format!("/budgets/{bid}/results")).await;
    page.assert_status(200).assert_contains("Tie town").assert_contains("4 ballots were counted");
    // The export round-trips the original project ids.
    let pb = admin.get(&format!("/budgets/{bid}/ballots.pb")).await;
    let back = yoriai_domain::pb::parse(&pb.body).unwrap();
    let mut ids: Vec<&str> = back.projects.iter().map(|p| p.id.as_str()).collect();
    ids.sort();
    assert_eq!(ids, vec!["10", "2", "3"]);
    assert_eq!(back.voters.len(), 4);

    // Bad files: each refused with its problems and their lines; nothing saved.
    let before = budget_count(&app);
    let duplicated = TIE_FILE.replace("2;6;Two", "10;6;Two");
    let unknown = TIE_FILE.replace("c;3", "c;99");
    let miscounted = TIE_FILE.replace("num_votes;4", "num_votes;5");
    let fractional = TIE_FILE.replace("3;4;Three", "3;4.5;Three");
    let ordinal = TIE_FILE.replace("vote_type;approval", "vote_type;ordinal");
    for (content, expected) in [
        (duplicated.as_str(), "problems=count_mismatch:6,duplicate_project_id:14"),
        (unknown.as_str(), "problems=unknown_project_in_vote:20"),
        (miscounted.as_str(), "problems=count_mismatch"),
        (fractional.as_str(), "problems=fractional_amount"),
        (ordinal.as_str(), "problems=unsupported_vote_type"),
        ("not a pabulib file", "import_error=pb_invalid"),
        ("", "import_error=required"),
    ] {
        let (ct, body) = multipart_file("bad.pb", content.as_bytes());
        let res = admin.request_raw("POST", &url, &ct, body).await;
        assert_eq!(res.status, 303);
        let to = res.location().unwrap();
        assert!(to.contains("import_error="), "{to}");
        assert!(to.contains(expected), "{expected} in {to}");
        let page = admin.get(&to).await;
        page.assert_status(200);
        if expected.contains("duplicate_project_id") {
            page.assert_contains("Line 14: Two projects share the same id.");
        }
    }
    assert_eq!(budget_count(&app), before, "nothing partial is saved");
    // Residents cannot import.
    let (mut resident, _) = app.signed_in("nosy@example.jp", Role::Resident).await;
    resident.get("/").await;
    let url = format!("/admin/processes/{pid}/budgets/import?csrf={}", resident.csrf.clone().unwrap());
    let (ct, body) = multipart_file("tie.pb", TIE_FILE.as_bytes());
    let res = resident.request_raw("POST", &url, &ct, body).await;
    assert!(res.location().unwrap().contains("import_error=forbidden"), "{:?}", res.location());
});

#[actix_web::test]
async fn files_over_the_import_limit_are_refused_while_streaming() {
    let app = spawn_app_with(Backend::Sqlite, Spawn { import_max_mb: Some(1), ..Default::default() }).await;
    let (_, pid) = process(&app, "big").await;
    let (mut admin, _) = app.signed_in("big@example.jp", Role::Admin).await;
    admin.get(&format!("/admin/processes/{pid}")).await;
    let url = format!("/admin/processes/{pid}/budgets/import?csrf={}", admin.csrf.clone().unwrap());
    let big = format!("{TIE_FILE}{}", "e;3\n".repeat(300_000));
    let (ct, body) = multipart_file("big.pb", big.as_bytes());
    let res = admin.request_raw("POST", &url, &ct, body).await;
    assert!(res.location().unwrap().contains("import_error=file_too_large"), "{:?}", res.location());
    assert_eq!(budget_count(&app), 0);
}

/// With the shared Pabulib data: importing Wieliczka 2023 reproduces its official result.
#[actix_web::test]
async fn importing_wieliczka_2023_reproduces_the_official_result() {
    let Some(dir) = std::env::var_os("PABULIB_DIR").map(std::path::PathBuf::from) else {
        assert_ne!(std::env::var("CI").as_deref(), Ok("true"), "PABULIB_DIR must be set in CI");
        eprintln!("SKIPPED: PABULIB_DIR is not set");
        return;
    };
    let app = yoriai_tests::spawn_app(Backend::Sqlite).await;
    let (admin, pid) = process(&app, "wieliczka").await;
    let bytes = std::fs::read(dir.join("Poland_Wieliczka_2023_Green_Budget.pb")).unwrap();
    let expected: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(dir.join("expected/Poland_Wieliczka_2023_Green_Budget.json")).unwrap(),
    )
    .unwrap();
    let imported = app
        .run(move |svc| b::import_pb(svc, &admin, pid, "Poland_Wieliczka_2023_Green_Budget.pb", &bytes))
        .await
        .unwrap();
    assert_eq!(imported.ballots, 6586);
    let mut funded: Vec<String> = app.with_conn(|c| {
        yoriai_store::budgets::projects_of(c, imported.budget_id)
            .unwrap()
            .into_iter()
            .filter(|p| p.selected)
            .filter_map(|p| p.external_id)
            .collect()
    });
    funded.sort();
    let mut official: Vec<String> =
        expected["official_selected"].as_array().unwrap().iter().map(|v| v.as_str().unwrap().to_owned()).collect();
    official.sort();
    assert_eq!(funded, official);
}

both_backends!(proposals_become_projects_that_link_back, |app| async move {
    use yoriai_services::processes::{add_phase, PhaseInput};
    use yoriai_services::proposals as p;
    let (admin, pid) = process(&app, "promote").await;
    let author = app.account("author@example.jp", Role::Resident).await;
    let (a, au) = (admin.clone(), author.clone());
    let (bid, proposal) = app
        .run(move |svc| {
            add_phase(
                svc,
                &a,
                pid,
                PhaseInput {
                    title_ja: "募集".into(),
                    title_en: "Call".into(),
                    proposals_open: true,
                    ..Default::default()
                },
            )?;
            let id = p::create_draft(
                svc,
                &au,
                "promote",
                p::ProposalInput {
                    title: "A shelter at the bus stop".into(),
                    body: "Waiting in the snow is hard.".into(),
                    ..Default::default()
                },
            )?;
            p::publish_proposal(svc, &au, id)?;
            p::answer_proposal(
                svc,
                &a,
                id,
                p::AnswerInput {
                    state: "accepted".into(),
                    text: "We will do it.".into(),
                    cost: "480000".into(),
                    publish: true,
                },
            )?;
            let bid = b::create_budget(svc, &a, pid, budget_input("knapsack", "1000000"))?;
            Ok((bid, id))
        })
        .await
        .unwrap();
    let (mut staff, _) = app.signed_in("promoter@example.jp", Role::Admin).await;
    staff.accept_language = Some("en".into());
    let page = staff.get(&format!("/admin/budgets/{bid}")).await;
    page.assert_contains("A shelter at the bus stop");
    let res = staff
        .post_form("/api/promote_proposal", &[("budget_id", &bid.to_string()), ("proposal_id", &proposal.to_string())])
        .await;
    res.assert_status(303);
    let project: i64 =
        res.location().unwrap().trim_start_matches("/admin/projects/").split('?').next().unwrap().parse().unwrap();
    let row = app.with_conn(|c| yoriai_store::budgets::find_project(c, ProjectId(project)).unwrap().unwrap());
    assert_eq!((row.cost, row.proposal_id, row.feasibility.as_str()), (480_000, Some(proposal), "pending"));
    // Once per budget.
    let res = staff
        .call_server_fn(
            "/api/promote_proposal",
            &[("budget_id", &bid.to_string()), ("proposal_id", &proposal.to_string())],
        )
        .await;
    assert_eq!(code(&res), "already_in_ballot");
    let res =
        staff.call_server_fn("/api/promote_proposal", &[("budget_id", &bid.to_string()), ("proposal_id", "")]).await;
    assert_eq!((res.status, res.json()["fields"][0]["field"].as_str()), (422, Some("proposal_id")));
    // The budget is still in preparation: residents see neither the budget nor the link.
    let mut resident = app.browser();
    resident.accept_language = Some("en".into());
    resident.get(&format!("/proposals/{proposal}")).await.assert_not_contains("became a budget project");
    assert_eq!(resident.get(&format!("/projects/{project}")).await.status, 404);
    let a = admin.clone();
    app.run(move |svc| b::advance_budget(svc, &a, bid, "informing")).await.unwrap();
    let page = resident.get(&format!("/proposals/{proposal}")).await;
    page.assert_contains("This proposal became a budget project").assert_contains(&format!("/projects/{project}"));
    resident.get(&format!("/projects/{project}")).await.assert_contains(&format!("/proposals/{proposal}"));
});

const TWO_DISTRICTS: &str = r#"{"type":"FeatureCollection","features":[
{"type":"Feature","properties":{"code":"north","name_ja":"北","name_en":"North"},"geometry":{"type":"Polygon","coordinates":[[[139.88,37.4947],[139.98,37.4947],[139.98,37.54],[139.88,37.54],[139.88,37.4947]]]}},
{"type":"Feature","properties":{"code":"south","name_ja":"南","name_en":"South"},"geometry":{"type":"Polygon","coordinates":[[[139.88,37.45],[139.98,37.45],[139.98,37.4947],[139.88,37.4947],[139.88,37.45]]]}}]}"#;

both_backends!(splitting_a_budget_into_districts_leaves_no_phantom_city_wide_heading, |app| async move {
    let (admin, pid) = process(&app, "split").await;
    let a = admin.clone();
    let bid = app
        .run(move |svc| {
            yoriai_services::reports::import_districts(svc, &a, TWO_DISTRICTS.as_bytes())?;
            let (north, south) = {
                let mut c = svc.conn()?;
                (
                    yoriai_store::districts::find_by_code(&mut c, "north")?.unwrap().id,
                    yoriai_store::districts::find_by_code(&mut c, "south")?.unwrap().id,
                )
            };
            let bid = b::create_budget(svc, &a, pid, budget_input("knapsack", "3000000"))?;
            let mut heads = Vec::new();
            for (ja, en, d) in [("北", "North", north), ("南", "South", south)] {
                heads.push(b::add_heading(
                    svc,
                    &a,
                    bid,
                    b::HeadingInput {
                        name_ja: ja.into(),
                        name_en: en.into(),
                        district_id: Some(d),
                        amount: "1500000".into(),
                    },
                )?);
            }
            for (i, h) in heads.iter().enumerate() {
                let id = b::create_project(
                    svc,
                    &a,
                    bid,
                    b::ProjectInput {
                        heading_id: Some(*h),
                        title: format!("Park {i}"),
                        cost: "1000000".into(),
                        ..Default::default()
                    },
                )?;
                b::valuate_project(
                    svc,
                    &a,
                    id,
                    b::ValuationInput { feasibility: "feasible".into(), ..Default::default() },
                )?;
            }
            b::advance_budget(svc, &a, bid, "informing")?;
            b::advance_budget(svc, &a, bid, "voting")?;
            Ok(bid)
        })
        .await
        .unwrap();
    let headings = app.with_conn(|c| yoriai_store::budgets::headings_of(c, bid).unwrap());
    let names: Vec<&str> = headings.iter().map(|h| h.name_en.as_str()).collect();
    assert_eq!(names, ["North", "South"], "the empty city-wide heading was replaced");
    assert_eq!(headings.iter().map(|h| h.amount).sum::<i64>(), 3_000_000);
    let (mut r, _) = app.signed_in("resident@example.jp", Role::Resident).await;
    r.accept_language = Some("en".into());
    let page = r.get(&format!("/budgets/{bid}")).await;
    page.assert_status(200)
        .assert_not_contains("City-wide")
        .assert_contains("3,000,000")
        .assert_not_contains("6,000,000");
    // The resident lands on a district with projects, not on an empty one.
    page.assert_contains("Park 0");
    // A city-wide heading that already holds projects is kept when a district is added.
    let a = admin.clone();
    let kept = app
        .run(move |svc| {
            let bid = b::create_budget(svc, &a, pid, budget_input("knapsack", "1000"))?;
            b::create_project(
                svc,
                &a,
                bid,
                b::ProjectInput { title: "Library".into(), cost: "100".into(), ..Default::default() },
            )?;
            let north = {
                let mut c = svc.conn()?;
                yoriai_store::districts::find_by_code(&mut c, "north")?.unwrap().id
            };
            b::add_heading(
                svc,
                &a,
                bid,
                b::HeadingInput {
                    name_ja: "北".into(),
                    name_en: "North".into(),
                    district_id: Some(north),
                    amount: "500".into(),
                },
            )?;
            let mut c = svc.conn()?;
            Ok(yoriai_store::budgets::headings_of(&mut c, bid)?.len())
        })
        .await
        .unwrap();
    assert_eq!(kept, 2);
});

/// A tiny Pabulib file: 2 projects, 6 approval ballots.
const SMALL_PB: &str = "META\nkey;value\ndescription;Test\ncountry;Nowhere\nunit;Test\ninstance;2024\nnum_projects;2\nnum_votes;6\nbudget;100\nvote_type;approval\nrule;greedy\nPROJECTS\nproject_id;cost;votes;name\n1;60;4;Benches\n2;50;3;Lights\nVOTES\nvoter_id;vote\nv1;1\nv2;1,2\nv3;1\nv4;2\nv5;1,2\nv6;2\n";

both_backends!(imported_ballots_are_shown_as_imported_and_never_count_as_this_citys_turnout, |app| async move {
    let (admin, pid) = process(&app, "imported").await;
    let imported =
        app.run(move |svc| b::import_pb(svc, &admin, pid, "Nowhere_2024.pb", SMALL_PB.as_bytes())).await.unwrap();
    assert_eq!(imported.ballots, 6);
    let mut v = app.browser();
    v.accept_language = Some("en".into());
    let dashboard = v.get("/dashboard").await;
    dashboard.assert_status(200).assert_not_contains("Nowhere");
    let csv = v.get("/dashboard/turnout.csv").await;
    assert_eq!(csv.body.lines().count(), 1, "only the header: {}", csv.body);
    let figures = v.get("/dashboard/figures.csv").await;
    let turnout = figures.body.lines().find(|l| l.starts_with("ballot_turnout")).unwrap_or("ballot_turnout,0,percent");
    assert!(turnout.starts_with("ballot_turnout,0,"), "{turnout}");
    let page = v.get(&format!("/budgets/{}", imported.budget_id)).await;
    page.assert_contains("imported from another city").assert_contains("Imported from: Test");
    // Staff see its results (not published to residents), marked as imported too.
    let mut staff = app.browser();
    staff.accept_language = Some("en".into());
    app.sign_in(&mut staff, "admin-imported@example.jp").await;
    let results = staff.get(&format!("/budgets/{}/results", imported.budget_id)).await;
    results.assert_contains("are not votes in this city");
    let open_data = v.get_json("/api/v1/open-data/budgets").await;
    assert_eq!(open_data.json()["data"], serde_json::json!([]), "not this city's open data");
});
