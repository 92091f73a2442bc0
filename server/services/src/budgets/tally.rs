//! Closing voting and computing results with the domain's Pabulib rules.
//!
//! Each heading is its own instance (as Pabulib publishes one file per district):
//! the heading's amount, its feasible projects, its confirmed ballots. Project ids
//! are the database ids as text (an imported project keeps the id it had in its
//! file), so ties go to the smaller id *as text* — Pabulib's convention, which keeps
//! our results identical to pabutools' on the exported (or imported) file.

use super::{load_budget, LoadedBudget};
use crate::audit::{self, Visibility};
use crate::{ServiceError, ServiceResult, Services};
use serde_json::json;
use std::collections::HashMap;
use yoriai_domain::budget::{BallotRule, BudgetState, Feasibility, TallyRule};
use yoriai_domain::pb::{self, Decimal, Instance, Project, VoteType, Voter};
use yoriai_domain::{reach, Action, Actor, BallotId, BudgetId, ErrorCode, HeadingId, ProjectId};
use yoriai_store::budgets::{self, HeadingRow, ProjectRow};
use yoriai_store::{ballots, DbConn};

/// One heading's outcome.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeadingOutcome {
    pub heading_id: HeadingId,
    /// (project id, votes, selected, selection order from 1)
    pub projects: Vec<(ProjectId, i64, bool, Option<i32>)>,
    pub funded_cost: i64,
    pub ballots: usize,
}

/// The heading as a Pabulib instance: what the tally reads and what the `.pb` export
/// writes, with the database id of each of its projects (same order). Unfeasible and
/// pending projects are not on the ballot and not included.
pub fn heading_instance(
    conn: &mut DbConn,
    budget: &LoadedBudget,
    heading: &HeadingRow,
    projects: &[ProjectRow],
) -> ServiceResult<(Instance, Vec<ProjectId>)> {
    let cumulative = budget.ballot_rule() == BallotRule::Cumulative;
    let vote_type = if cumulative { VoteType::Cumulative } else { VoteType::Approval };
    let mut instance = Instance::new(Decimal::from_int(heading.amount), vote_type);
    let mut index: HashMap<ProjectId, u32> = HashMap::new();
    let mut db_ids = Vec::new();
    for p in projects.iter().filter(|p| p.heading_id == heading.id && p.feasibility == Feasibility::Feasible) {
        let id = p.external_id.clone().unwrap_or_else(|| p.id.to_string());
        let mut project = Project::new(id, Decimal::from_int(p.cost));
        project.name = Some(p.title.clone());
        index.insert(p.id, instance.add_project(project));
        db_ids.push(p.id);
    }
    instance.project_columns = vec!["name".into()];
    let votes = ballots::votes_of_heading(conn, heading.id)?;
    let mut current: Option<(BallotId, Voter)> = None;
    let voter_name =
        |ballot_id: BallotId, voter_id: &Option<String>| voter_id.clone().unwrap_or_else(|| format!("b{ballot_id}"));
    for (ballot_id, voter_id, project_id, points) in votes {
        if current.as_ref().is_none_or(|(id, _)| *id != ballot_id) {
            if let Some((_, v)) = current.take() {
                instance.add_voter(v);
            }
            let points = cumulative.then(Vec::new);
            current = Some((ballot_id, Voter::new(voter_name(ballot_id, &voter_id), Vec::new(), points)));
        }
        let Some(&idx) = index.get(&project_id) else { continue };
        if let Some((_, v)) = current.as_mut() {
            v.ballot.push(idx);
            if let Some(pts) = v.points.as_mut() {
                pts.push(Decimal::from_int(i64::from(points)));
            }
        }
    }
    if let Some((_, v)) = current.take() {
        instance.add_voter(v);
    }
    // Confirmed ballots without lines (possible in imported files) still count as voters.
    for (ballot_id, voter_id) in ballots::empty_checked_out(conn, heading.id)? {
        instance.add_voter(Voter::new(voter_name(ballot_id, &voter_id), Vec::new(), cumulative.then(Vec::new)));
    }
    instance.meta = vec![
        ("description".into(), format!("{} — {}", budget.row.title_en, heading.name_en)),
        ("country".into(), "Japan".into()),
        ("unit".into(), heading.name_en.clone()),
        ("instance".into(), format!("yoriai-budget-{}-heading-{}", budget.row.id, heading.id)),
        ("num_projects".into(), instance.projects.len().to_string()),
        ("num_votes".into(), instance.voters.len().to_string()),
        ("budget".into(), heading.amount.to_string()),
        ("vote_type".into(), vote_type.as_str().into()),
        ("rule".into(), budget.tally_rule().pb_rule(cumulative).as_str().into()),
        ("currency".into(), budget.row.currency.clone()),
    ];
    match budget.ballot_rule() {
        BallotRule::Knapsack | BallotRule::MinShare => {
            instance.limits.max_sum_cost = Some(Decimal::from_int(heading.amount));
            if let Some(share) = budget.row.min_share_percent {
                instance.limits.min_sum_cost = Some(Decimal::from_int(heading.amount * i64::from(share) / 100));
            }
        }
        BallotRule::Approval => {
            instance.limits.min_length = budget.row.min_projects.map(|v| v as u64);
            instance.limits.max_length = budget.row.max_projects.map(|v| v as u64);
        }
        BallotRule::Cumulative => {
            instance.limits.max_sum_points = budget.row.points.map(|p| Decimal::from_int(i64::from(p)));
        }
    }
    Ok((instance, db_ids))
}

/// Runs the budget's tally rule on one heading.
pub fn tally_heading(
    budget: &LoadedBudget,
    heading: &HeadingRow,
    instance: &Instance,
    db_ids: &[ProjectId],
    rule: TallyRule,
) -> ServiceResult<HeadingOutcome> {
    let cumulative = budget.ballot_rule() == BallotRule::Cumulative;
    let votes: Vec<i64> = if cumulative {
        instance.scores().unwrap_or_default().iter().map(|s| s.to_string().parse::<i64>().unwrap_or_default()).collect()
    } else {
        instance.approval_votes().into_iter().map(|v| v as i64).collect()
    };
    let (selected, order): (Vec<String>, Vec<String>) = if instance.voters.is_empty() {
        // Nobody voted: nothing is funded (MES is undefined without voters).
        (Vec::new(), Vec::new())
    } else {
        let outcome = pb::tally(instance, rule.pb_rule(cumulative), None)
            .map_err(|e| ServiceError::internal(format!("tally failed: {e}")))?;
        (outcome.winners, outcome.pick_order)
    };
    let mut projects = Vec::with_capacity(instance.projects.len());
    let mut funded_cost = 0i64;
    for (i, p) in instance.projects.iter().enumerate() {
        let id = *db_ids.get(i).ok_or(ServiceError::internal("project id"))?;
        let is_selected = selected.contains(&p.id);
        let position = order.iter().position(|o| *o == p.id).map(|pos| pos as i32 + 1);
        if is_selected {
            funded_cost += p.cost.to_integer().unwrap_or_default();
        }
        projects.push((id, votes.get(i).copied().unwrap_or_default(), is_selected, position));
    }
    Ok(HeadingOutcome { heading_id: heading.id, projects, funded_cost, ballots: instance.voters.len() })
}

/// Computes and stores the results of every heading with `rule`.
fn compute_and_store(conn: &mut DbConn, b: &LoadedBudget, rule: TallyRule) -> ServiceResult<Vec<HeadingOutcome>> {
    let projects = budgets::projects_of(conn, b.row.id)?;
    let mut outcomes = Vec::new();
    for heading in &b.headings {
        let (instance, db_ids) = heading_instance(conn, b, heading, &projects)?;
        outcomes.push(tally_heading(b, heading, &instance, &db_ids, rule)?);
    }
    let eligible = if b.row.requires_verification {
        // Verified residents per district come with citizen IDs; until then unknown.
        None
    } else {
        Some(budgets::count_active_accounts(conn)?.min(i64::from(i32::MAX)) as i32)
    };
    let now = yoriai_store::now();
    yoriai_store::write_tx(conn, |c| {
        budgets::clear_tally(c, b.row.id)?;
        for o in &outcomes {
            for (id, votes, selected, order) in &o.projects {
                budgets::set_project_tally(c, *id, *votes, *selected, *order)?;
            }
            budgets::set_heading_tally(c, o.heading_id, eligible, Some(o.funded_cost))?;
            let confirmed = ballots::count_checked_out(c, o.heading_id)?;
            budgets::set_ballot_count(c, o.heading_id, confirmed.min(i64::from(i32::MAX)) as i32)?;
        }
        budgets::set_tallied(c, b.row.id, rule.as_str(), now)?;
        Ok::<_, ServiceError>(())
    })?;
    Ok(outcomes)
}

/// Closes voting: unconfirmed ballots are dropped, confirmed ones detached from their
/// accounts (only anonymous ballots remain), and results computed for staff to check.
pub fn close_voting(svc: &Services, actor: &Actor, budget_id: BudgetId) -> ServiceResult<()> {
    reach(actor, |process| Action::ManageBudgets { process })?;
    let mut conn = svc.conn()?;
    let b = load_budget(&mut conn, actor, budget_id)?.managed_by(actor)?;
    if b.state != BudgetState::Voting {
        return Err(ErrorCode::VotingClosed.into());
    }
    let now = yoriai_store::now();
    yoriai_store::write_tx(&mut conn, |c| {
        if !budgets::transition(c, budget_id, BudgetState::Voting, BudgetState::Closed, now)? {
            return Err(ServiceError::from(ErrorCode::VotingClosed));
        }
        let (dropped, sealed) = ballots::seal(c, budget_id)?;
        crate::privacy::close_participation(c, &format!("budget:{budget_id}"))?;
        audit::log(
            c,
            actor,
            "close_voting",
            ("budget", Some(budget_id)),
            Visibility::Public,
            None,
            json!({ "ballots": sealed, "unconfirmed_dropped": dropped }),
        )
    })?;
    let b = load_budget(&mut conn, actor, budget_id)?;
    let rule = b.tally_rule();
    compute_and_store(&mut conn, &b, rule)?;
    tracing::info!(budget_id = budget_id.0, rule = rule.as_str(), "budget tallied");
    Ok(())
}

/// Recomputes the results of a closed (not yet published) budget, optionally with
/// another tally rule: staff may compare greedy and equal shares before publishing.
pub fn recompute_tally(svc: &Services, actor: &Actor, budget_id: BudgetId, rule: &str) -> ServiceResult<()> {
    reach(actor, |process| Action::ManageBudgets { process })?;
    let rule = TallyRule::parse(rule.trim()).ok_or(ErrorCode::InvalidInput)?;
    let mut conn = svc.conn()?;
    let b = load_budget(&mut conn, actor, budget_id)?.managed_by(actor)?;
    if b.state != BudgetState::Closed {
        return Err(ErrorCode::BudgetLocked.into());
    }
    let now = yoriai_store::now();
    yoriai_store::write_tx(&mut conn, |c| {
        budgets::set_tally_rule(c, budget_id, rule, now)?;
        audit::log(
            c,
            actor,
            "recompute_results", // stored word (the action log keeps its history)
            ("budget", Some(budget_id)),
            Visibility::Public,
            None,
            json!({ "rule": rule.as_str() }),
        )
    })?;
    let b = load_budget(&mut conn, actor, budget_id)?;
    compute_and_store(&mut conn, &b, rule)?;
    Ok(())
}

/// Publishes the computed results.
pub fn publish_tally(svc: &Services, actor: &Actor, budget_id: BudgetId) -> ServiceResult<()> {
    reach(actor, |process| Action::ManageBudgets { process })?;
    let mut conn = svc.conn()?;
    let b = load_budget(&mut conn, actor, budget_id)?.managed_by(actor)?;
    if b.state != BudgetState::Closed || b.row.tallied_at.is_none() {
        return Err(ErrorCode::InvalidInput.into());
    }
    let now = yoriai_store::now();
    yoriai_store::write_tx(&mut conn, |c| {
        if !budgets::transition(c, budget_id, BudgetState::Closed, BudgetState::Published, now)? {
            return Err(ServiceError::from(ErrorCode::InvalidInput));
        }
        audit::log(
            c,
            actor,
            "publish_results", // stored word
            ("budget", Some(budget_id)),
            Visibility::Public,
            None,
            json!({ "rule": b.row.tallied_rule }),
        )
    })
}

/// Computes results right after an import (the imported ballots are already closed).
pub(crate) fn tally_imported(conn: &mut DbConn, actor: &Actor, budget_id: BudgetId) -> ServiceResult<()> {
    let b = load_budget(conn, actor, budget_id)?;
    let rule = b.tally_rule();
    compute_and_store(conn, &b, rule)?;
    Ok(())
}
