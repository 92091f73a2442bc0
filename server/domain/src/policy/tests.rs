//! The policy as tables: every action for every kind of actor, and for the phase-
//! dependent actions every phase switch on and off. A change to the policy shows up
//! as a change to these tables.

use super::*;

fn user(role: Role) -> Actor {
    Actor::User(UserActor::new(UserId(7), role))
}

fn verified(role: Role) -> Actor {
    Actor::User(UserActor { verified: true, verified_district: Some(DistrictId(3)), ..UserActor::new(UserId(7), role) })
}

const P1: ProcessId = ProcessId(1);
const P2: ProcessId = ProcessId(2);

fn actors() -> Vec<(&'static str, Actor)> {
    let mut all = vec![("anonymous", Actor::Anonymous), ("system", Actor::System)];
    for r in Role::ALL {
        all.push((r.as_str(), user(*r)));
    }
    all
}

/// A published proposal by someone else, with no supports.
fn published() -> ProposalFacts {
    ProposalFacts {
        process: P1,
        author: Some(UserId(99)),
        state: ProposalState::Published,
        hidden: false,
        minutes_since_published: Some(5),
        edit_window_minutes: 30,
        support_count: 0,
        supported_by_actor: false,
    }
}

fn own(state: ProposalState) -> ProposalFacts {
    ProposalFacts { author: Some(UserId(7)), state, ..published() }
}

fn open_phase() -> PhaseSettings {
    PhaseSettings {
        proposals_open: true,
        supports_open: true,
        support_limit: Some(10),
        min_supports_to_count: 0,
        threshold: Some(100),
        accumulate_beyond_threshold: false,
        supports_require_verification: false,
        support_own_allowed: false,
        comments_open: true,
    }
}

// ---- accounts ----

fn account_actions() -> Vec<(&'static str, Action)> {
    vec![
        ("sign_up", Action::SignUp),
        ("sign_in", Action::SignIn),
        ("sign_out", Action::SignOut),
        ("view_own_account", Action::ViewOwnAccount),
        ("change_own_password", Action::ChangeOwnPassword),
        ("change_own_email", Action::ChangeOwnEmail),
        ("change_own_locale", Action::ChangeOwnLocale),
        ("sign_out_other_sessions", Action::SignOutOtherSessions),
        ("manage_own_sign_in_methods", Action::ManageOwnSignInMethods),
        ("manage_own_two_factor", Action::ManageOwnTwoFactor),
        ("manage_own_notifications", Action::ManageOwnNotifications),
        ("manage_own_privacy", Action::ManageOwnPrivacy),
        ("create_user", Action::CreateUser { role: Role::Moderator }),
        ("issue_own_api_token", Action::IssueApiToken { owner: UserId(7) }),
        ("issue_others_api_token", Action::IssueApiToken { owner: UserId(8) }),
    ]
}

fn expected_account(action: &str, actor: &str) -> Result<(), Denied> {
    match (action, actor) {
        ("sign_up", "anonymous") => Ok(()),
        ("sign_up", "system") => Err(Denied::Forbidden),
        ("sign_up", _) => Err(Denied::AlreadySignedIn),
        ("sign_in", "system") => Err(Denied::Forbidden),
        ("sign_in", _) => Ok(()),
        (
            "sign_out"
            | "view_own_account"
            | "change_own_password"
            | "change_own_email"
            | "change_own_locale"
            | "sign_out_other_sessions"
            | "manage_own_sign_in_methods"
            | "manage_own_two_factor"
            | "manage_own_notifications"
            | "manage_own_privacy",
            a,
        ) => match a {
            "anonymous" => Err(Denied::NotSignedIn),
            "system" => Err(Denied::Forbidden),
            _ => Ok(()),
        },
        ("create_user", "system" | "admin") => Ok(()),
        ("create_user", "anonymous") => Err(Denied::NotSignedIn),
        ("create_user", _) => Err(Denied::Forbidden),
        ("issue_own_api_token", "anonymous") => Err(Denied::NotSignedIn),
        ("issue_own_api_token", _) => Ok(()),
        ("issue_others_api_token", "system") => Ok(()),
        ("issue_others_api_token", "anonymous") => Err(Denied::NotSignedIn),
        ("issue_others_api_token", _) => Err(Denied::Forbidden),
        other => panic!("no expectation for {other:?}"),
    }
}

#[test]
fn staff_cannot_turn_two_step_sign_in_off() {
    let resident = Actor::User(UserActor::new(UserId(7), Role::Resident));
    assert_eq!(
        authorize(&resident, &Action::TurnOffOwnTwoFactor { role: Role::Resident, process_roles: false }),
        Ok(())
    );
    // A staff role in one process is staff too.
    assert_eq!(
        authorize(&resident, &Action::TurnOffOwnTwoFactor { role: Role::Resident, process_roles: true }),
        Err(Denied::TwoFactorRequired)
    );
    for role in Role::ALL.iter().copied().filter(|r| r.is_staff()) {
        // The stored role decides, even while the session acts as a resident.
        assert_eq!(
            authorize(&resident, &Action::TurnOffOwnTwoFactor { role, process_roles: false }),
            Err(Denied::TwoFactorRequired)
        );
    }
    assert_eq!(
        authorize(&Actor::Anonymous, &Action::TurnOffOwnTwoFactor { role: Role::Resident, process_roles: false }),
        Err(Denied::NotSignedIn)
    );
}

#[test]
fn every_account_action_for_every_actor_matches_the_table() {
    for (action_name, action) in account_actions() {
        for (actor_name, actor) in actors() {
            assert_eq!(
                authorize(&actor, &action),
                expected_account(action_name, actor_name),
                "{action_name} by {actor_name}"
            );
        }
    }
}

// ---- staff actions ----

#[test]
fn staff_actions_go_to_their_roles_only() {
    let table: Vec<(&str, Action, &[&str])> = vec![
        ("manage_processes", Action::ManageProcesses, &["system", "admin"]),
        ("manage_process", Action::ManageProcess { process: P1 }, &["system", "admin"]),
        ("manage_proposal_states", Action::ManageProposalStates, &["system", "admin"]),
        ("answer_proposal", Action::AnswerProposal { process: Some(P1) }, &["system", "admin", "valuator"]),
        ("moderate", Action::Moderate { process: Some(P1) }, &["system", "admin", "moderator"]),
        ("block_resident", Action::BlockUser { target_role: Role::Resident }, &["system", "admin", "moderator"]),
        ("block_staff", Action::BlockUser { target_role: Role::DepartmentStaff }, &["system", "admin"]),
        ("manage_budgets", Action::ManageBudgets { process: Some(P1) }, &["system", "admin"]),
        ("valuate_projects", Action::ValuateProjects { process: Some(P1) }, &["system", "admin", "valuator"]),
        ("manage_report_settings", Action::ManageReportSettings, &["system", "admin"]),
        ("publish_decision", Action::PublishDecision { process: Some(P1) }, &["system", "admin", "council_secretary"]),
        (
            "manage_results",
            Action::ManageResults { process: Some(P1) },
            &["system", "admin", "department_staff", "council_secretary"],
        ),
        ("manage_kpis", Action::ManageKpis, &["system", "admin"]),
        ("export_open_data", Action::ExportOpenData, &["system", "admin"]),
        ("view_action_log", Action::ViewActionLog, &["system", "admin"]),
        ("manage_users", Action::ManageUsers, &["system", "admin"]),
        ("manage_verification", Action::ManageVerification, &["system", "admin"]),
        ("manage_privacy_notice", Action::ManagePrivacyNotice, &["system", "admin"]),
        ("manage_city_settings", Action::ManageCitySettings, &["system", "admin"]),
        ("verify_at_counter", Action::VerifyAtCounter, &["system", "admin", "department_staff"]),
        ("view_personal_data", Action::ViewPersonalData, &["system", "admin", "department_staff"]),
    ];
    for (name, action, allowed) in table {
        for (actor_name, actor) in actors() {
            let got = authorize(&actor, &action);
            if allowed.contains(&actor_name) {
                assert_eq!(got, Ok(()), "{name} by {actor_name}");
            } else if actor_name == "anonymous" {
                assert_eq!(got, Err(Denied::NotSignedIn), "{name} by {actor_name}");
            } else {
                assert_eq!(got, Err(Denied::Forbidden), "{name} by {actor_name}");
            }
        }
    }
}

// ---- phase-dependent actions: every switch on and off, for every actor ----

/// The actions that depend on the phase, built for a given phase.
fn phase_actions(phase: Option<PhaseSettings>) -> Vec<(&'static str, Action)> {
    vec![
        ("create_proposal", Action::CreateProposal { phase: phase.clone() }),
        ("publish_proposal", Action::PublishProposal { proposal: own(ProposalState::Draft), phase: phase.clone() }),
        ("support", Action::SupportProposal { proposal: published(), phase: phase.clone(), supports_given: 0 }),
        (
            "withdraw_support",
            Action::WithdrawSupport {
                proposal: ProposalFacts { supported_by_actor: true, ..published() },
                phase: phase.clone(),
            },
        ),
        ("comment", Action::Comment { proposal: published(), phase: phase.clone(), depth: 0 }),
    ]
}

/// The switch each phase-dependent action needs, and the reason when it is off.
fn switch_of(action: &str) -> (&'static str, Denied) {
    match action {
        "create_proposal" | "publish_proposal" => ("proposals_open", Denied::ProposalsClosed),
        "support" | "withdraw_support" => ("supports_open", Denied::SupportsClosed),
        "comment" => ("comments_open", Denied::CommentsClosed),
        other => panic!("{other}"),
    }
}

fn with_switch(mut p: PhaseSettings, switch: &str, on: bool) -> PhaseSettings {
    match switch {
        "proposals_open" => p.proposals_open = on,
        "supports_open" => p.supports_open = on,
        "comments_open" => p.comments_open = on,
        "supports_require_verification" => p.supports_require_verification = on,
        "support_own_allowed" => p.support_own_allowed = on,
        "accumulate_beyond_threshold" => p.accumulate_beyond_threshold = on,
        other => panic!("{other}"),
    }
    p
}

#[test]
fn every_phase_dependent_action_follows_its_switch_for_every_actor() {
    let switches = [
        "proposals_open",
        "supports_open",
        "comments_open",
        "supports_require_verification",
        "support_own_allowed",
        "accumulate_beyond_threshold",
    ];
    for switch in switches {
        for on in [true, false] {
            let phase = with_switch(open_phase(), switch, on);
            for (name, action) in phase_actions(Some(phase.clone())) {
                let (needed, closed) = switch_of(name);
                for (actor_name, actor) in actors() {
                    let got = authorize(&actor, &action);
                    let expected = match actor_name {
                        "anonymous" => Err(Denied::NotSignedIn),
                        "system" => Err(Denied::Forbidden),
                        _ if needed == switch && !on => Err(closed),
                        _ if name == "support" && switch == "supports_require_verification" && on => {
                            Err(Denied::VerificationRequired)
                        }
                        _ => Ok(()),
                    };
                    assert_eq!(got, expected, "{name} by {actor_name} with {switch}={on}");
                }
            }
        }
    }
}

#[test]
fn without_an_active_phase_nothing_phase_dependent_is_allowed() {
    for (name, action) in phase_actions(None) {
        for (actor_name, actor) in actors() {
            let expected = match actor_name {
                "anonymous" => Err(Denied::NotSignedIn),
                "system" => Err(Denied::Forbidden),
                _ => Err(Denied::NoActivePhase),
            };
            assert_eq!(authorize(&actor, &action), expected, "{name} by {actor_name}");
        }
    }
}

// ---- supports: the facts that refuse them ----

fn support(proposal: ProposalFacts, phase: PhaseSettings, given: i32) -> Result<(), Denied> {
    authorize(&user(Role::Resident), &Action::SupportProposal { proposal, phase: Some(phase), supports_given: given })
}

#[test]
fn a_resident_cannot_support_twice() {
    assert_eq!(
        support(ProposalFacts { supported_by_actor: true, ..published() }, open_phase(), 1),
        Err(Denied::AlreadySupported)
    );
}

#[test]
fn the_support_limit_counts_supports_already_given() {
    assert_eq!(support(published(), open_phase(), 9), Ok(()));
    assert_eq!(support(published(), open_phase(), 10), Err(Denied::SupportLimitReached));
    let unlimited = PhaseSettings { support_limit: None, ..open_phase() };
    assert_eq!(support(published(), unlimited, 10_000), Ok(()));
}

#[test]
fn the_threshold_closes_supports_unless_they_may_accumulate() {
    let at = ProposalFacts { support_count: 100, ..published() };
    assert_eq!(support(at.clone(), open_phase(), 0), Err(Denied::ThresholdReached));
    assert_eq!(support(at, PhaseSettings { accumulate_beyond_threshold: true, ..open_phase() }, 0), Ok(()));
}

#[test]
fn supporting_ones_own_proposal_depends_on_the_setting() {
    assert_eq!(support(own(ProposalState::Published), open_phase(), 0), Err(Denied::OwnProposal));
    assert_eq!(
        support(own(ProposalState::Published), PhaseSettings { support_own_allowed: true, ..open_phase() }, 0),
        Ok(())
    );
}

#[test]
fn drafts_withdrawn_and_hidden_proposals_cannot_be_supported() {
    for p in [
        ProposalFacts { state: ProposalState::Draft, ..published() },
        ProposalFacts { state: ProposalState::Withdrawn, ..published() },
        ProposalFacts { hidden: true, ..published() },
    ] {
        assert_eq!(support(p, open_phase(), 0), Err(Denied::NotSupportable));
    }
}

#[test]
fn a_verified_resident_may_support_where_verification_is_required() {
    let phase = PhaseSettings { supports_require_verification: true, ..open_phase() };
    let action = Action::SupportProposal { proposal: published(), phase: Some(phase), supports_given: 0 };
    assert_eq!(authorize(&user(Role::Resident), &action), Err(Denied::VerificationRequired));
    assert_eq!(authorize(&verified(Role::Resident), &action), Ok(()));
}

#[test]
fn withdrawing_a_support_needs_one() {
    let action = Action::WithdrawSupport { proposal: published(), phase: Some(open_phase()) };
    assert_eq!(authorize(&user(Role::Resident), &action), Err(Denied::NotSupported));
}

// ---- proposals: viewing, editing, withdrawing ----

#[test]
fn drafts_are_visible_to_their_author_only_and_hidden_proposals_to_staff() {
    let draft = |author| Action::ViewProposal {
        proposal: ProposalFacts { author: Some(UserId(author)), state: ProposalState::Draft, ..published() },
    };
    assert_eq!(authorize(&user(Role::Resident), &draft(7)), Ok(()));
    assert_eq!(authorize(&user(Role::Resident), &draft(8)), Err(Denied::NotFound));
    assert_eq!(authorize(&user(Role::Admin), &draft(8)), Err(Denied::NotFound));
    assert_eq!(authorize(&Actor::Anonymous, &draft(8)), Err(Denied::NotFound));
    let hidden = Action::ViewProposal { proposal: ProposalFacts { hidden: true, ..published() } };
    for (name, actor) in actors() {
        let expected =
            if ["system", "admin", "moderator", "valuator"].contains(&name) { Ok(()) } else { Err(Denied::NotFound) };
        assert_eq!(authorize(&actor, &hidden), expected, "{name}");
    }
    for (name, actor) in actors() {
        assert_eq!(authorize(&actor, &Action::ViewProposal { proposal: published() }), Ok(()), "{name}");
    }
}

#[test]
fn authors_edit_drafts_always_and_published_proposals_within_the_window_before_any_support() {
    let edit = |p: ProposalFacts| authorize(&user(Role::Resident), &Action::EditProposal { proposal: p });
    assert_eq!(edit(own(ProposalState::Draft)), Ok(()));
    assert_eq!(edit(own(ProposalState::Published)), Ok(()));
    assert_eq!(
        edit(ProposalFacts { minutes_since_published: Some(30), ..own(ProposalState::Published) }),
        Err(Denied::EditWindowClosed)
    );
    assert_eq!(
        edit(ProposalFacts { support_count: 1, ..own(ProposalState::Published) }),
        Err(Denied::EditWindowClosed)
    );
    assert_eq!(edit(own(ProposalState::Withdrawn)), Err(Denied::NotSupportable));
    assert_eq!(edit(published()), Err(Denied::Forbidden));
}

#[test]
fn only_the_author_withdraws_and_only_a_published_proposal() {
    let withdraw = |p: ProposalFacts| authorize(&user(Role::Resident), &Action::WithdrawProposal { proposal: p });
    assert_eq!(withdraw(own(ProposalState::Published)), Ok(()));
    assert_eq!(withdraw(own(ProposalState::Draft)), Err(Denied::NotSupportable));
    assert_eq!(withdraw(own(ProposalState::Withdrawn)), Err(Denied::NotSupportable));
    assert_eq!(withdraw(published()), Err(Denied::Forbidden));
}

// ---- comments ----

#[test]
fn replies_nest_three_levels_below_the_top() {
    let comment = |depth| {
        authorize(&user(Role::Resident), &Action::Comment { proposal: published(), phase: Some(open_phase()), depth })
    };
    for depth in 0..=COMMENT_MAX_DEPTH {
        assert_eq!(comment(depth), Ok(()), "depth {depth}");
    }
    assert_eq!(comment(COMMENT_MAX_DEPTH + 1), Err(Denied::ReplyTooDeep));
}

#[test]
fn comments_are_edited_by_their_author_and_voted_on_by_others() {
    let me = Some(UserId(7));
    let other = Some(UserId(8));
    assert_eq!(authorize(&user(Role::Resident), &Action::EditComment { author: me, deleted: false }), Ok(()));
    assert_eq!(
        authorize(&user(Role::Resident), &Action::EditComment { author: me, deleted: true }),
        Err(Denied::NotFound)
    );
    assert_eq!(
        authorize(&user(Role::Admin), &Action::EditComment { author: other, deleted: false }),
        Err(Denied::Forbidden)
    );
    assert_eq!(authorize(&user(Role::Resident), &Action::VoteComment { author: other }), Ok(()));
    assert_eq!(authorize(&user(Role::Resident), &Action::VoteComment { author: me }), Err(Denied::Forbidden));
    assert_eq!(authorize(&user(Role::Resident), &Action::Report { author: other }), Ok(()));
    assert_eq!(authorize(&user(Role::Resident), &Action::Report { author: me }), Err(Denied::Forbidden));
    assert_eq!(authorize(&Actor::Anonymous, &Action::Report { author: other }), Err(Denied::NotSignedIn));
}

#[test]
fn every_denial_has_a_translated_error_code() {
    let all = [
        Denied::NotSignedIn,
        Denied::AlreadySignedIn,
        Denied::Forbidden,
        Denied::NotFound,
        Denied::ProposalsClosed,
        Denied::SupportsClosed,
        Denied::CommentsClosed,
        Denied::SupportLimitReached,
        Denied::AlreadySupported,
        Denied::NotSupported,
        Denied::ThresholdReached,
        Denied::OwnProposal,
        Denied::NotSupportable,
        Denied::EditWindowClosed,
        Denied::VerificationRequired,
        Denied::ReplyTooDeep,
        Denied::NoActivePhase,
        Denied::VotingClosed,
        Denied::NotEligible,
        Denied::ResultsNotPublished,
        Denied::OwnReport,
        Denied::ReportClosed,
        Denied::ReopenWindowClosed,
    ];
    let mut codes: Vec<_> = all.iter().map(|d| d.code()).collect();
    codes.dedup();
    assert_eq!(codes.len(), all.len(), "each denial has its own code");
    assert!(codes.iter().all(|c| ErrorCode::ALL.contains(c)));
}

// ---- participatory budgets ----

fn budget(state: BudgetState, requires_verification: bool, heading_district: Option<DistrictId>) -> Action {
    Action::Vote { budget: BudgetFacts { state, requires_verification, heading_district } }
}

#[test]
fn voting_is_for_signed_in_residents_while_the_budget_is_voting() {
    for state in BudgetState::ALL {
        for (actor_name, actor) in actors() {
            let got = authorize(&actor, &budget(state, false, None));
            let expected = match (actor_name, state) {
                ("anonymous", _) => Err(Denied::NotSignedIn),
                ("system", _) => Err(Denied::Forbidden),
                (_, BudgetState::Voting) => Ok(()),
                _ => Err(Denied::VotingClosed),
            };
            assert_eq!(got, expected, "vote by {actor_name} while {state:?}");
        }
    }
}

#[test]
fn district_budgets_that_require_verification_take_residents_of_that_district_only() {
    let resident = user(Role::Resident);
    let verified_in_3 = verified(Role::Resident);
    // Verification switched on, city-wide heading: any verified resident.
    assert_eq!(authorize(&resident, &budget(BudgetState::Voting, true, None)), Err(Denied::VerificationRequired));
    assert_eq!(authorize(&verified_in_3, &budget(BudgetState::Voting, true, None)), Ok(()));
    // A district heading: only that district's verified residents.
    assert_eq!(authorize(&verified_in_3, &budget(BudgetState::Voting, true, Some(DistrictId(3)))), Ok(()));
    assert_eq!(
        authorize(&verified_in_3, &budget(BudgetState::Voting, true, Some(DistrictId(4)))),
        Err(Denied::NotEligible)
    );
    assert_eq!(
        authorize(&resident, &budget(BudgetState::Voting, true, Some(DistrictId(3)))),
        Err(Denied::VerificationRequired)
    );
    // Verification switched off: the heading is the resident's choice.
    assert_eq!(authorize(&resident, &budget(BudgetState::Voting, false, Some(DistrictId(4)))), Ok(()));
}

#[test]
fn budgets_in_preparation_and_unpublished_results_are_for_staff() {
    for state in BudgetState::ALL {
        for (actor_name, actor) in actors() {
            let staff = matches!(actor_name, "system" | "admin" | "valuator");
            let view = authorize(&actor, &Action::ViewBudget { state, process: Some(P1) });
            let expected_view = if state == BudgetState::Preparing && !staff { Err(Denied::NotFound) } else { Ok(()) };
            assert_eq!(view, expected_view, "view budget by {actor_name} while {state:?}");
            let results = authorize(&actor, &Action::ViewTally { state, process: Some(P1) });
            let expected_results = match state {
                BudgetState::Published => Ok(()),
                BudgetState::Closed if staff => Ok(()),
                BudgetState::Preparing if !staff => Err(Denied::NotFound),
                _ => Err(Denied::ResultsNotPublished),
            };
            assert_eq!(results, expected_results, "results by {actor_name} while {state:?}");
        }
    }
}

// ---- street reports ----

fn report(state: ReportState) -> ReportFacts {
    ReportFacts { reporter: Some(UserId(99)), confirmed: true, hidden: false, state }
}

#[test]
fn anyone_reports_and_sees_confirmed_visible_reports() {
    for (name, actor) in actors() {
        assert_eq!(authorize(&actor, &Action::CreateReport), Ok(()), "{name}");
        assert_eq!(authorize(&actor, &Action::ViewReport { report: report(ReportState::Open) }), Ok(()), "{name}");
        let unconfirmed = ReportFacts { confirmed: false, ..report(ReportState::Open) };
        let hidden = ReportFacts { hidden: true, ..report(ReportState::Open) };
        let staff = matches!(name, "system" | "admin" | "department_staff" | "moderator");
        for r in [unconfirmed, hidden] {
            let expected = if staff { Ok(()) } else { Err(Denied::NotFound) };
            assert_eq!(authorize(&actor, &Action::ViewReport { report: r }), expected, "{name}");
        }
    }
    // The reporter sees their own unconfirmed report.
    let mine = ReportFacts { reporter: Some(UserId(7)), confirmed: false, hidden: false, state: ReportState::Open };
    assert_eq!(authorize(&user(Role::Resident), &Action::ViewReport { report: mine }), Ok(()));
}

#[test]
fn me_too_needs_an_account_an_open_report_and_someone_else_s() {
    let me = user(Role::Resident);
    assert_eq!(authorize(&me, &Action::MeToo { report: report(ReportState::InProgress) }), Ok(()));
    assert_eq!(
        authorize(&Actor::Anonymous, &Action::MeToo { report: report(ReportState::Open) }),
        Err(Denied::NotSignedIn)
    );
    assert_eq!(authorize(&me, &Action::MeToo { report: report(ReportState::Fixed) }), Err(Denied::ReportClosed));
    let own = ReportFacts { reporter: Some(UserId(7)), ..report(ReportState::Open) };
    assert_eq!(authorize(&me, &Action::MeToo { report: own }), Err(Denied::OwnReport));
}

#[test]
fn only_the_reporter_reopens_a_fixed_report_within_the_window() {
    let me = user(Role::Resident);
    let own = |state| ReportFacts { reporter: Some(UserId(7)), ..report(state) };
    let reopen = |r, days| Action::ReopenReport { report: r, days_since_fixed: days, window_days: 28 };
    assert_eq!(authorize(&me, &reopen(own(ReportState::Fixed), Some(10))), Ok(()));
    assert_eq!(authorize(&me, &reopen(own(ReportState::Fixed), Some(29))), Err(Denied::ReopenWindowClosed));
    assert_eq!(authorize(&me, &reopen(own(ReportState::Closed), Some(1))), Err(Denied::ReportClosed));
    assert_eq!(authorize(&me, &reopen(report(ReportState::Fixed), Some(1))), Err(Denied::Forbidden));
}

#[test]
fn department_staff_handle_their_department_s_reports_and_admins_all() {
    for (name, actor) in actors() {
        for in_department in [true, false] {
            let expected = match name {
                "system" | "admin" => Ok(()),
                "department_staff" if in_department => Ok(()),
                "anonymous" => Err(Denied::NotSignedIn),
                _ => Err(Denied::Forbidden),
            };
            assert_eq!(authorize(&actor, &Action::HandleReport { in_department }), expected, "{name} {in_department}");
            assert_eq!(
                authorize(&actor, &Action::ViewReporterContact { in_department }),
                expected,
                "{name} {in_department}"
            );
        }
        let inbox = match name {
            "system" | "admin" | "department_staff" => Ok(()),
            "anonymous" => Err(Denied::NotSignedIn),
            _ => Err(Denied::Forbidden),
        };
        assert_eq!(authorize(&actor, &Action::ViewInbox), inbox, "{name}");
    }
}

// ---- roles held in one process ----

fn in_process(role: Role) -> Actor {
    Actor::User(UserActor::new(UserId(7), Role::Resident).with_process_roles(vec![(P1, role)]))
}

/// Each process-scoped action, for process 1, process 2 and no process.
fn scoped_actions(process: Option<ProcessId>) -> Vec<(&'static str, Action)> {
    let mut all = vec![
        ("answer_proposal", Action::AnswerProposal { process }),
        ("moderate", Action::Moderate { process }),
        ("manage_budgets", Action::ManageBudgets { process }),
        ("valuate_projects", Action::ValuateProjects { process }),
        ("publish_decision", Action::PublishDecision { process }),
        ("manage_results", Action::ManageResults { process }),
        ("view_preparing_budget", Action::ViewBudget { state: BudgetState::Preparing, process }),
        ("view_closed_tally", Action::ViewTally { state: BudgetState::Closed, process }),
    ];
    if let Some(p) = process {
        all.push(("manage_process", Action::ManageProcess { process: p }));
        let hidden = ProposalFacts { process: p, hidden: true, ..published() };
        all.push(("view_hidden_proposal", Action::ViewProposal { proposal: hidden }));
    }
    all
}

#[test]
fn a_role_held_in_a_process_acts_in_that_process_only() {
    // What each process role may do in its own process (a process administrator: all).
    let expected: &[(Role, &[&str])] = &[
        (Role::Moderator, &["moderate", "view_hidden_proposal"]),
        (
            Role::Valuator,
            &[
                "answer_proposal",
                "valuate_projects",
                "view_preparing_budget",
                "view_closed_tally",
                "view_hidden_proposal",
            ],
        ),
        (Role::DepartmentStaff, &["manage_results"]),
        (Role::CouncilSecretary, &["publish_decision", "manage_results"]),
    ];
    for (role, allowed) in expected {
        let actor = in_process(*role);
        for (name, action) in scoped_actions(Some(P1)) {
            assert_eq!(authorize(&actor, &action).is_ok(), allowed.contains(&name), "{name} by {role} of process 1");
        }
        for process in [Some(P2), None] {
            for (name, action) in scoped_actions(process) {
                assert!(authorize(&actor, &action).is_err(), "{name} by {role} of process 1 in {process:?}");
            }
        }
    }
    let process_admin = in_process(Role::Admin);
    for (name, action) in scoped_actions(Some(P1)) {
        assert_eq!(authorize(&process_admin, &action), Ok(()), "{name} by the administrator of process 1");
    }
    for (name, action) in scoped_actions(Some(P2)) {
        assert!(authorize(&process_admin, &action).is_err(), "{name} by the administrator of process 1 in 2");
    }
    // Platform-wide acts stay with platform roles.
    for action in [Action::ManageProcesses, Action::ManageUsers, Action::ViewActionLog, Action::ManageKpis] {
        assert_eq!(authorize(&process_admin, &action), Err(Denied::Forbidden), "{action:?}");
    }
    assert_eq!(
        authorize(&in_process(Role::Moderator), &Action::BlockUser { target_role: Role::Resident }),
        Err(Denied::Forbidden)
    );
}

#[test]
fn an_unpublished_process_is_seen_by_administrators_and_its_own_staff() {
    let hidden = Action::ViewProcess { process: P1, published: false };
    for (name, actor) in actors() {
        let expected = if matches!(name, "system" | "admin") { Ok(()) } else { Err(Denied::NotFound) };
        assert_eq!(authorize(&actor, &hidden), expected, "{name}");
        assert_eq!(authorize(&actor, &Action::ViewProcess { process: P1, published: true }), Ok(()), "{name}");
    }
    for role in Role::ALL.iter().copied().filter(|r| r.is_staff()) {
        assert_eq!(authorize(&in_process(role), &hidden), Ok(()), "{role} of process 1");
        let other = Action::ViewProcess { process: P2, published: false };
        assert_eq!(authorize(&in_process(role), &other), Err(Denied::NotFound), "{role} of process 1 in 2");
    }
}

#[test]
fn reach_is_everywhere_for_platform_roles_and_the_processes_otherwise() {
    let moderate = |process| Action::Moderate { process };
    assert_eq!(reach(&user(Role::Moderator), moderate), Ok(Reach::Everywhere));
    assert_eq!(reach(&Actor::System, moderate), Ok(Reach::Everywhere));
    let both = Actor::User(UserActor::new(UserId(7), Role::Resident).with_process_roles(vec![
        (P2, Role::Moderator),
        (P1, Role::Admin),
        (P1, Role::Moderator),
        (ProcessId(3), Role::Valuator),
    ]));
    let r = reach(&both, moderate).unwrap();
    assert_eq!(r, Reach::Processes(vec![P1, P2]));
    assert!(r.covers(P1) && !r.covers(ProcessId(3)));
    assert_eq!(reach(&in_process(Role::Valuator), moderate), Err(Denied::Forbidden));
    assert_eq!(reach(&Actor::Anonymous, moderate), Err(Denied::NotSignedIn));
}

#[test]
fn every_refusal_maps_to_the_error_code_of_its_own_name() {
    use strum::VariantArray;
    for denied in Denied::VARIANTS {
        let name: &'static str = (*denied).into();
        assert_eq!(denied.code().as_str(), name, "{denied:?}");
    }
}
