//! Staff roles held in one process: granted and taken back on the process's console
//! page, in force only with two-step sign-in, and reaching that process only.

use yoriai_domain::policy::UserActor;
use yoriai_domain::{Actor, ProcessId, Role, UserId};
use yoriai_services::accountability as acc;
use yoriai_services::budgets as b;
use yoriai_services::processes::{add_phase, create_process, PhaseInput, ProcessInput};
use yoriai_services::proposals as p;
use yoriai_services::ServiceError;
use yoriai_tests::{both_backends, Browser, TestApp, TWO_FACTOR_KEY};

async fn process(app: &TestApp, admin: &Actor, slug: &str, published: bool) -> yoriai_domain::ProcessId {
    let (a, slug) = (admin.clone(), slug.to_owned());
    app.run(move |svc| {
        let pid = create_process(
            svc,
            &a,
            ProcessInput {
                slug,
                title_ja: "まちづくり".into(),
                title_en: "Town ideas".into(),
                published,
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
        Ok(pid)
    })
    .await
    .unwrap()
}

/// A published proposal in the process `slug`, reported once; returns its moderation item.
async fn reported(app: &TestApp, slug: &str, title: &str) -> yoriai_domain::ModerationId {
    let author = app.account(&format!("author-{slug}@example.jp"), Role::Resident).await;
    let reporter = app.account(&format!("reporter-{slug}@example.jp"), Role::Resident).await;
    let (slug, title) = (slug.to_owned(), title.to_owned());
    let id = app
        .run(move |svc| {
            let id = p::create_draft(
                svc,
                &author,
                &slug,
                p::ProposalInput { title, body: "A body long enough to be a proposal.".into(), ..Default::default() },
            )?;
            p::publish_proposal(svc, &author, id)?;
            p::flag_content(svc, &reporter, p::Target::Proposal(id), "spam", "")?;
            Ok(id)
        })
        .await
        .unwrap();
    app.with_conn(|c| {
        yoriai_store::moderation::queue(c, yoriai_domain::proposal::ModerationState::Pending, None, 100)
            .unwrap()
            .into_iter()
            .find(|m| m.target_type == "proposal" && m.target_id == id.0)
            .unwrap()
            .id
    })
}

async fn grant(b: &mut Browser, pid: yoriai_domain::ProcessId, email: &str, role: &str) -> yoriai_tests::Response {
    b.get(&format!("/admin/processes/{pid}")).await;
    b.call_server_fn("/api/grant_process_role", &[("process_id", &pid.to_string()), ("email", email), ("role", role)])
        .await
}

/// The code of a command's error on `field`.
fn field_error(err: ServiceError, field: &str) -> Option<yoriai_domain::ErrorCode> {
    match err {
        ServiceError::Rejected(r) => r.field_error(field).map(|f| f.code),
        other => panic!("{other:?}"),
    }
}

fn holders(app: &TestApp, pid: yoriai_domain::ProcessId) -> Vec<(yoriai_domain::UserId, String)> {
    app.with_conn(|c| {
        yoriai_store::process_roles::of_process(c, pid)
            .unwrap()
            .into_iter()
            .map(|h| (h.user_id, h.role.as_str().to_owned()))
            .collect()
    })
}

fn user_id(app: &TestApp, email: &str) -> yoriai_domain::UserId {
    app.with_conn(|c| yoriai_store::users::find_by_email(c, email).unwrap().unwrap().id)
}

/// The actor a session of this account resolves to (process roles included).
fn in_process(id: UserId, roles: &[(ProcessId, Role)]) -> Actor {
    Actor::User(UserActor::new(id, Role::Resident).with_process_roles(roles.to_vec()))
}

both_backends!(a_moderator_of_one_process_moderates_that_process_only, |app| async move {
    let (mut admin, admin_actor) = app.signed_in("platform@example.jp", Role::Admin).await;
    admin.accept_language = Some("en".into());
    let east = process(&app, &admin_actor, "east", true).await;
    process(&app, &admin_actor, "west", true).await;
    let east_item = reported(&app, "east", "Benches by the east river").await;
    let west_item = reported(&app, "west", "Lights on the west bridge").await;
    app.account("mika@example.jp", Role::Resident).await;

    // Bad input: each problem named on its field, nothing granted.
    let res = grant(&mut admin, east, "nobody@example.jp", "mayor").await;
    let codes = res.field_codes();
    assert!(codes.contains(&("email".into(), "account_unknown".into())), "{codes:?}");
    assert!(codes.contains(&("role".into(), "invalid_input".into())), "{codes:?}");
    let res = grant(&mut admin, east, "not an address", "resident").await;
    let codes = res.field_codes();
    assert!(codes.contains(&("email".into(), "email_invalid".into())), "{codes:?}");
    assert!(codes.contains(&("role".into(), "invalid_input".into())), "a resident is not a staff role: {codes:?}");
    assert!(holders(&app, east).is_empty());
    // Nobody changes their own roles.
    let res = grant(&mut admin, east, "platform@example.jp", "moderator").await;
    assert_eq!(res.field_codes(), vec![("email".to_owned(), "forbidden".to_owned())]);

    // Granted: listed on the page, waiting until the account has two-step sign-in.
    grant(&mut admin, east, "mika@example.jp", "moderator").await.assert_status(200);
    grant(&mut admin, east, "mika@example.jp", "moderator").await.assert_status(200);
    let mika = user_id(&app, "mika@example.jp");
    assert_eq!(holders(&app, east), vec![(mika, "moderator".to_owned())], "granting twice holds it once");
    admin
        .get(&format!("/admin/processes/{east}"))
        .await
        .assert_contains("Staff of this process")
        .assert_contains("mika@example.jp")
        .assert_contains("Waiting for two-step sign-in");
    let mut mika_b = app.browser();
    app.sign_in(&mut mika_b, "mika@example.jp").await;
    let res = mika_b.get("/api/moderation_queue").await;
    assert_eq!(res.json()["code"], "forbidden", "not in force without two-step sign-in: {}", res.body);

    // With two-step sign-in the role counts, in its own process only.
    app.run(move |svc| yoriai_services::accounts::enable_with_key(svc, mika, TWO_FACTOR_KEY)).await.unwrap();
    let mut mika_b = app.browser();
    mika_b.accept_language = Some("en".into());
    app.sign_in(&mut mika_b, "mika@example.jp").await;
    mika_b.get("/").await.assert_contains("href=\"/moderation\"");
    let queue = mika_b.get("/api/moderation_queue").await;
    queue.assert_contains("Benches by the east river").assert_not_contains("west bridge");
    admin.get("/api/moderation_queue").await.assert_contains("west bridge").assert_contains("east river");
    mika_b.get("/moderation").await.assert_status(200);
    let res = mika_b
        .call_server_fn(
            "/api/moderate",
            &[("moderation_id", &west_item.to_string()), ("decision", "hide"), ("reason", "Spam.")],
        )
        .await;
    assert_eq!(res.json()["code"], "forbidden", "{}", res.body);
    mika_b
        .post_form(
            "/api/moderate",
            &[("moderation_id", &east_item.to_string()), ("decision", "hide"), ("reason", "Spam.")],
        )
        .await
        .assert_status(303);
    // Blocking accounts stays with platform moderators.
    let author = user_id(&app, "author-east@example.jp");
    let res = mika_b.call_server_fn("/api/block_user", &[("user_id", &author.to_string()), ("reason", "Spam.")]).await;
    assert_eq!(res.json()["code"], "forbidden", "{}", res.body);
    // A staff role in a process needs two-step sign-in, so it cannot be turned off.
    let actor = in_process(mika, &[(east, Role::Moderator)]);
    let status = app.run(move |svc| yoriai_services::accounts::two_factor_status(svc, &actor)).await.unwrap();
    assert!(status.required);
    // No console for a moderator.
    let res = mika_b.get(&format!("/api/admin_process?id={east}")).await;
    assert_eq!(res.json()["code"], "forbidden", "{}", res.body);

    // Taken back: the next request has no moderation rights.
    admin.get(&format!("/admin/processes/{east}")).await;
    admin
        .post_form(
            "/api/revoke_process_role",
            &[("process_id", &east.to_string()), ("user_id", &mika.to_string()), ("role", "moderator")],
        )
        .await
        .assert_status(303);
    assert!(holders(&app, east).is_empty());
    assert_eq!(mika_b.get("/api/moderation_queue").await.json()["code"], "forbidden");
    let log = app.with_conn(|c| yoriai_store::action_log::recent(c, 20).unwrap());
    for action in ["grant_process_role", "revoke_process_role", "hide_content"] {
        assert!(log.iter().any(|l| l.action == action), "{action} is logged");
    }
    assert_eq!(log.iter().filter(|l| l.action == "grant_process_role").count(), 1, "a repeated grant logs nothing");
});

both_backends!(a_process_administrator_runs_their_process_and_no_other, |app| async move {
    let (mut admin, admin_actor) = app.signed_in("platform@example.jp", Role::Admin).await;
    let east = process(&app, &admin_actor, "east", false).await;
    let west = process(&app, &admin_actor, "west", false).await;
    app.account("kenji@example.jp", Role::Resident).await;
    let kenji = user_id(&app, "kenji@example.jp");
    app.run(move |svc| yoriai_services::accounts::enable_with_key(svc, kenji, TWO_FACTOR_KEY)).await.unwrap();
    grant(&mut admin, east, "kenji@example.jp", "admin").await.assert_status(200);
    app.account("yui@example.jp", Role::Resident).await;
    app.account("sato@example.jp", Role::Resident).await;

    let mut kenji_b = app.browser();
    kenji_b.accept_language = Some("en".into());
    app.sign_in(&mut kenji_b, "kenji@example.jp").await;
    // The console lists their (unpublished) process only; the platform's parts are hidden.
    let home = kenji_b.get("/admin").await;
    home.assert_status(200).assert_contains(&format!("/admin/processes/{east}"));
    home.assert_not_contains(&format!("/admin/processes/{west}"));
    let overview = kenji_b.get("/api/admin_overview").await;
    assert_eq!(overview.json()[0].as_array().unwrap().len(), 1, "{}", overview.body);
    assert_eq!(kenji_b.get("/processes/west").await.status, 404, "another unpublished process stays hidden");
    kenji_b.get("/processes/east").await.assert_status(200);
    kenji_b.get(&format!("/admin/processes/{east}")).await.assert_status(200).assert_contains("Staff of this process");
    let res = kenji_b.get(&format!("/api/admin_process?id={west}")).await;
    assert_eq!(res.json()["code"], "forbidden", "{}", res.body);
    // They staff their own process, not the other.
    grant(&mut kenji_b, east, "yui@example.jp", "valuator").await.assert_status(200);
    let res = grant(&mut kenji_b, west, "yui@example.jp", "valuator").await;
    assert_eq!(res.json()["code"], "forbidden", "{}", res.body);
    let res = kenji_b
        .call_server_fn(
            "/api/revoke_process_role",
            &[("process_id", &east.to_string()), ("user_id", &kenji.to_string()), ("role", "admin")],
        )
        .await;
    assert_eq!(res.json()["code"], "forbidden", "not their own role: {}", res.body);
    // Platform-wide acts stay with platform administrators.
    for path in ["/api/users", "/api/action_log"] {
        let res = kenji_b.get(path).await;
        assert_ne!(res.status, 200, "{path}: {}", res.body);
    }

    // Budgets, answers, decisions and results: in their process only.
    let k = in_process(kenji, &[(east, Role::Admin)]);
    let input = || b::BudgetInput {
        title_ja: "緑の予算".into(),
        title_en: "Green budget".into(),
        ballot_rule: "knapsack".into(),
        tally_rule: "greedy_votes".into(),
        amount: "1000000".into(),
        ..Default::default()
    };
    let a = k.clone();
    let budget = app.run(move |svc| b::create_budget(svc, &a, east, input())).await.unwrap();
    let a = k.clone();
    let err = app.run(move |svc| b::create_budget(svc, &a, west, input())).await.unwrap_err();
    assert_eq!(err.code(), yoriai_domain::ErrorCode::Forbidden);
    let (a, other) = (admin_actor.clone(), west);
    let west_budget = app.run(move |svc| b::create_budget(svc, &a, other, input())).await.unwrap();
    let a = k.clone();
    app.run(move |svc| b::update_budget(svc, &a, budget, input())).await.unwrap();
    let a = k.clone();
    let err = app.run(move |svc| b::update_budget(svc, &a, west_budget, input())).await.unwrap_err();
    assert_ne!(err.code(), yoriai_domain::ErrorCode::Internal);
    assert!(app.with_conn(|c| yoriai_store::budgets::find_budget(c, west_budget).unwrap()).is_some());

    let yui = user_id(&app, "yui@example.jp");
    let sato = user_id(&app, "sato@example.jp");
    app.with_conn(|c| {
        let now = yoriai_store::now();
        yoriai_store::process_roles::grant(c, east, sato, Role::CouncilSecretary, None, now).unwrap();
    });
    let sec = in_process(sato, &[(east, Role::CouncilSecretary)]);
    let decision = |process_id: Option<i64>| acc::DecisionInput {
        process_id: process_id.map(yoriai_domain::ProcessId),
        body_name: "市議会".into(),
        decided_on: "2026-11-01".into(),
        title_ja: "議決".into(),
        outcome: "approved".into(),
        ..Default::default()
    };
    let a = sec.clone();
    let did = app.run(move |svc| acc::publish_decision(svc, &a, decision(Some(east.0)))).await.unwrap();
    for other in [Some(west), None] {
        let a = sec.clone();
        // The process field says why.
        let err = app.run(move |svc| acc::publish_decision(svc, &a, decision(other.map(|x| x.0)))).await.unwrap_err();
        assert_eq!(field_error(err, "process_id"), Some(yoriai_domain::ErrorCode::Forbidden), "{other:?}");
        let a = sec.clone();
        let err =
            app.run(move |svc| acc::update_decision(svc, &a, did, decision(other.map(|x| x.0)))).await.unwrap_err();
        assert_eq!(field_error(err, "process_id"), Some(yoriai_domain::ErrorCode::Forbidden), "moving it: {other:?}");
    }
    // Links, too, stay in the process: a proposal of the other process is refused, and
    // nothing is saved or told.
    let author = app.account("author@example.jp", Role::Resident).await;
    let a = admin_actor.clone();
    app.run(move |svc| {
        yoriai_services::processes::update_process(
            svc,
            &a,
            west,
            ProcessInput {
                slug: "west".into(),
                title_ja: "まちづくり".into(),
                title_en: "Town ideas".into(),
                published: true,
                ..Default::default()
            },
        )
    })
    .await
    .unwrap();
    let a = author.clone();
    let west_proposal = app
        .run(move |svc| {
            let id = p::create_draft(
                svc,
                &a,
                "west",
                p::ProposalInput {
                    title: "Trees along the west road".into(),
                    body: "A body long enough to be a proposal.".into(),
                    ..Default::default()
                },
            )?;
            p::publish_proposal(svc, &a, id)?;
            Ok(id)
        })
        .await
        .unwrap();
    let decisions_before =
        app.with_conn(|c| yoriai_store::accountability::list_decisions(c, None, None, 100).unwrap().len());
    let a = sec.clone();
    let err = app
        .run(move |svc| {
            acc::publish_decision(
                svc,
                &a,
                acc::DecisionInput { proposal_ids: west_proposal.to_string(), ..decision(Some(east.0)) },
            )
        })
        .await
        .unwrap_err();
    let ServiceError::Rejected(r) = err else { panic!("{err:?}") };
    assert_eq!(r.field_error("proposal_ids").map(|f| f.code), Some(yoriai_domain::ErrorCode::LinkedItemOutsideProcess));
    assert_eq!(
        app.with_conn(|c| yoriai_store::accountability::list_decisions(c, None, None, 100).unwrap().len()),
        decisions_before
    );
    // A platform secretary may link across processes.
    let platform_sec = app.account("clerk@example.jp", Role::CouncilSecretary).await;
    app.run(move |svc| {
        acc::publish_decision(
            svc,
            &platform_sec,
            acc::DecisionInput { proposal_ids: west_proposal.to_string(), ..decision(Some(east.0)) },
        )
    })
    .await
    .unwrap();
    // A result of the process cannot hang under another process's result (its progress
    // would roll up there).
    let result = |process_id: Option<i64>, parent_id| acc::ResultInput {
        process_id: process_id.map(yoriai_domain::ProcessId),
        parent_id,
        title_ja: "公園の整備".into(),
        title_en: "Park works".into(),
        status: "in_progress".into(),
        progress: "10".into(),
        ..Default::default()
    };
    let a = admin_actor.clone();
    let west_result = app.run(move |svc| acc::create_result(svc, &a, result(Some(west.0), None))).await.unwrap();
    let a = sec.clone();
    let err =
        app.run(move |svc| acc::create_result(svc, &a, result(Some(east.0), Some(west_result)))).await.unwrap_err();
    assert_eq!(field_error(err, "parent_id"), Some(yoriai_domain::ErrorCode::Forbidden));
    let a = sec.clone();
    app.run(move |svc| acc::create_result(svc, &a, result(Some(east.0), None))).await.unwrap();
    // Staff of a process are staff: a platform moderator cannot block them.
    let moderator = app.account("moderator@example.jp", Role::Moderator).await;
    let err = app
        .run(move |svc| yoriai_services::moderation::block_user(svc, &moderator, sato, "Because."))
        .await
        .unwrap_err();
    assert_eq!(err.code(), yoriai_domain::ErrorCode::Forbidden);

    // A valuator of the process sees its budgets in preparation; not other processes'.
    let val = in_process(yui, &[(east, Role::Valuator)]);
    let a = val.clone();
    app.run(move |svc| b::admin_budget_page(svc, &a, budget)).await.unwrap();
    let a = val.clone();
    assert!(app.run(move |svc| b::admin_budget_page(svc, &a, west_budget)).await.is_err());
    let log = app.with_conn(|c| yoriai_store::action_log::recent(c, 30).unwrap());
    assert_eq!(log.iter().filter(|l| l.action == "grant_process_role").count(), 2);
});
