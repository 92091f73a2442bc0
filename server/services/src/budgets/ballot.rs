//! A resident's ballot: add and remove projects, confirm (check out), change a
//! confirmed vote, and check a receipt.
//!
//! Every change runs in one transaction that first locks the ballot's row (see
//! `store::ballots::lock`), then re-reads the budget's state inside the transaction,
//! then checks the whole ballot against the rule with the domain's `check_contents` /
//! `check_checkout`. Parallel requests on one ballot therefore run one after the
//! other, each seeing the other's lines: the ballot can never exceed the budget or
//! break the rule, and nothing is added after voting closed.

use super::{load_budget, user_id, LoadedBudget};
use crate::{ServiceError, ServiceResult, Services};
use rand::RngCore;
use yoriai_domain::budget::{
    check_checkout, check_contents, format_receipt, normalize_receipt, receipt_voter_id, BallotRule, BudgetState,
    Feasibility, Line,
};
use yoriai_domain::{authorize, Action, Actor, BudgetId, ErrorCode, ProjectId, Rejection};
use yoriai_store::ballots::{self, BallotRow, LineRow};
use yoriai_store::budgets::{self, ProjectRow};
use yoriai_store::DbConn;
use yoriai_views::budgets::{BallotView, ReceiptCheck};
use yoriai_views::Bilingual;

fn domain_lines(lines: &[LineRow]) -> Vec<Line> {
    lines.iter().map(|l| Line { cost: l.cost, points: l.points }).collect()
}

/// The ballot as pages show it.
pub(crate) fn ballot_view(conn: &mut DbConn, b: &LoadedBudget, ballot: &BallotRow) -> ServiceResult<BallotView> {
    let heading = b.heading(ballot.heading_id).ok_or(Rejection::new(ErrorCode::NotFound))?;
    let lines = ballots::lines_of(conn, ballot.id)?;
    let projects = budgets::projects_of(conn, b.row.id)?;
    let title_of = |id: ProjectId| projects.iter().find(|p| p.id == id).map(|p| p.title.clone()).unwrap_or_default();
    let checkout_blocked_by = if ballot.is_checked_out() {
        None
    } else {
        check_checkout(&b.limits(heading), &domain_lines(&lines)).err().map(|c| c.as_str().to_owned())
    };
    Ok(BallotView {
        heading_id: ballot.heading_id,
        checked_out: ballot.is_checked_out(),
        line_count: ballot.line_count,
        total_cost: ballot.total_cost,
        total_points: ballot.total_points,
        amount: heading.amount,
        lines: lines.iter().map(|l| (l.project_id, title_of(l.project_id), l.cost, l.points)).collect(),
        checkout_blocked_by,
        checked_out_at: ballot.checked_out_at.map(crate::city_time),
    })
}

/// Inside a ballot transaction: the budget must still be voting.
fn still_voting(conn: &mut DbConn, budget_id: BudgetId) -> ServiceResult<()> {
    let row = budgets::find_budget(conn, budget_id)?.ok_or(Rejection::new(ErrorCode::NotFound))?;
    if row.state == BudgetState::Voting {
        Ok(())
    } else {
        Err(ErrorCode::VotingClosed.into())
    }
}

fn load_project(conn: &mut DbConn, actor: &Actor, project_id: ProjectId) -> ServiceResult<(ProjectRow, LoadedBudget)> {
    let project = budgets::find_project(conn, project_id)?.ok_or(Rejection::new(ErrorCode::NotFound))?;
    let b = load_budget(conn, actor, project.budget_id)?;
    Ok((project, b))
}

/// Puts a project in the resident's ballot (creating the ballot in the project's
/// heading if they have none). On cumulative ballots `points` sets the points given
/// (replacing earlier ones); otherwise it is ignored.
pub fn add_to_ballot(
    svc: &Services,
    actor: &Actor,
    project_id: ProjectId,
    points: Option<i32>,
) -> ServiceResult<BallotView> {
    let mut conn = svc.conn()?;
    let (project, b) = load_project(&mut conn, actor, project_id)?;
    let heading = b.heading(project.heading_id).ok_or(Rejection::new(ErrorCode::NotFound))?;
    authorize(actor, &Action::Vote { budget: b.facts(heading) })?;
    if project.feasibility != Feasibility::Feasible {
        return Err(ErrorCode::ProjectUnfeasible.into());
    }
    let cumulative = b.ballot_rule() == BallotRule::Cumulative;
    let points = if cumulative { points.unwrap_or(1) } else { 1 };
    if points < 1 {
        return Err(Rejection::field("points", ErrorCode::NotANumber).into());
    }
    let uid = user_id(actor);
    let now = yoriai_store::now();
    yoriai_store::write_tx(&mut conn, |c| {
        let ballot = ballots::find_or_create(c, b.row.id, project.heading_id, uid, now)?;
        let mut ballot = ballots::lock(c, ballot.id, now)?.ok_or(Rejection::new(ErrorCode::VotingClosed))?;
        still_voting(c, b.row.id)?;
        if ballot.is_checked_out() {
            return Err(ErrorCode::BallotCheckedOut.into());
        }
        if ballot.heading_id != project.heading_id {
            // An empty ballot follows the resident to another heading (the policy
            // already said they may vote there); a filled one stays where it is.
            if ballot.line_count == 0 && ballots::set_heading(c, ballot.id, project.heading_id)? {
                ballot.heading_id = project.heading_id;
            } else {
                return Err(ErrorCode::WrongHeading.into());
            }
        }
        let mut lines = ballots::lines_of(c, ballot.id)?;
        let position = lines.iter().map(|l| l.position + 1).max().unwrap_or(0);
        match lines.iter_mut().find(|l| l.project_id == project_id) {
            Some(line) if cumulative => line.points = points,
            Some(_) => return Err(ErrorCode::AlreadyInBallot.into()),
            None => {
                lines.push(LineRow { project_id, points, position, cost: project.cost, heading_id: project.heading_id })
            }
        }
        check_contents(&b.limits(heading), &domain_lines(&lines))?;
        ballots::put_line(c, ballot.id, project_id, points, position)?;
        store_totals(c, &mut ballot, &lines)?;
        ballot_view(c, &b, &ballot)
    })
}

fn store_totals(conn: &mut DbConn, ballot: &mut BallotRow, lines: &[LineRow]) -> ServiceResult<()> {
    ballot.line_count = lines.len() as i32;
    ballot.total_cost = lines.iter().map(|l| l.cost).sum();
    ballot.total_points = lines.iter().map(|l| l.points).sum();
    ballots::set_totals(conn, ballot.id, ballot.line_count, ballot.total_cost, ballot.total_points)?;
    Ok(())
}

pub fn remove_from_ballot(svc: &Services, actor: &Actor, project_id: ProjectId) -> ServiceResult<BallotView> {
    let mut conn = svc.conn()?;
    let (project, b) = load_project(&mut conn, actor, project_id)?;
    let heading = b.heading(project.heading_id).ok_or(Rejection::new(ErrorCode::NotFound))?;
    authorize(actor, &Action::Vote { budget: b.facts(heading) })?;
    let uid = user_id(actor);
    let now = yoriai_store::now();
    yoriai_store::write_tx(&mut conn, |c| {
        let ballot = ballots::find_of_user(c, b.row.id, uid)?.ok_or(Rejection::new(ErrorCode::NotInBallot))?;
        let mut ballot = ballots::lock(c, ballot.id, now)?.ok_or(Rejection::new(ErrorCode::VotingClosed))?;
        still_voting(c, b.row.id)?;
        if ballot.is_checked_out() {
            return Err(ErrorCode::BallotCheckedOut.into());
        }
        if !ballots::delete_line(c, ballot.id, project_id)? {
            return Err(ErrorCode::NotInBallot.into());
        }
        let lines = ballots::lines_of(c, ballot.id)?;
        store_totals(c, &mut ballot, &lines)?;
        ballot_view(c, &b, &ballot)
    })
}

/// A confirmed ballot: its receipt code, shown once and never stored.
#[derive(Debug, Clone, serde::Serialize)]
pub struct CheckedOut {
    pub receipt: String,
    pub ballot: BallotView,
}

/// The public voter id of a receipt: what the published ballot file lists.
pub fn voter_id_of_receipt(canonical_receipt: &str) -> String {
    receipt_voter_id(&crate::crypto::token_hash(canonical_receipt))
}

/// Confirms the resident's ballot. It counts from now on; they get a receipt code
/// with which they can later find it, anonymously, in the published ballot file.
pub fn check_out(svc: &Services, actor: &Actor, budget_id: BudgetId) -> ServiceResult<CheckedOut> {
    let mut conn = svc.conn()?;
    let b = load_budget(&mut conn, actor, budget_id)?;
    let uid = user_id(actor);
    let mine = ballots::find_of_user(&mut conn, budget_id, uid)?;
    let heading_id = mine.as_ref().map(|m| m.heading_id).or_else(|| b.headings.first().map(|h| h.id));
    let heading = heading_id.and_then(|h| b.heading(h)).ok_or(Rejection::new(ErrorCode::NotFound))?;
    authorize(actor, &Action::Vote { budget: b.facts(heading) })?;
    let mine = mine.ok_or(Rejection::new(ErrorCode::BallotEmpty))?;
    let now = yoriai_store::now();
    yoriai_store::write_tx(&mut conn, |c| {
        let ballot = ballots::lock(c, mine.id, now)?.ok_or(Rejection::new(ErrorCode::VotingClosed))?;
        still_voting(c, budget_id)?;
        if ballot.is_checked_out() {
            return Err(ErrorCode::BallotCheckedOut.into());
        }
        let lines = ballots::lines_of(c, ballot.id)?;
        let heading = b.heading(ballot.heading_id).ok_or(Rejection::new(ErrorCode::NotFound))?;
        if lines.iter().any(|l| l.heading_id != ballot.heading_id) {
            return Err(ErrorCode::WrongHeading.into());
        }
        check_checkout(&b.limits(heading), &domain_lines(&lines))?;
        // Where a verified citizen ID is needed, one ID casts one ballot, whichever
        // account it verifies now.
        if b.row.requires_verification || heading.district_id.is_some() {
            crate::privacy::claim_participation(svc, c, uid, &format!("budget:{budget_id}"))?;
        }
        // 100 random bits; a collision with another ballot's voter id (64 bits) is
        // refused by the unique constraint and the resident simply confirms again.
        let mut random = [0u8; 13];
        rand::rng().fill_bytes(&mut random);
        let receipt = format_receipt(&random);
        let canonical = normalize_receipt(&receipt).ok_or(ServiceError::internal("receipt format"))?;
        let voter_id = voter_id_of_receipt(&canonical);
        if !ballots::check_out(c, ballot.id, &voter_id, now)? {
            return Err(ErrorCode::BallotCheckedOut.into());
        }
        budgets::add_ballot_count(c, ballot.heading_id, 1)?;
        let ballot = ballots::find(c, ballot.id)?.ok_or(Rejection::new(ErrorCode::NotFound))?;
        Ok(CheckedOut { receipt, ballot: ballot_view(c, &b, &ballot)? })
    })
}

/// Reopens a confirmed ballot while voting is open, so the resident can change it.
/// The old receipt stops counting; confirming again gives a new one.
pub fn reopen_ballot(svc: &Services, actor: &Actor, budget_id: BudgetId) -> ServiceResult<BallotView> {
    let mut conn = svc.conn()?;
    let b = load_budget(&mut conn, actor, budget_id)?;
    let uid = user_id(actor);
    let mine = ballots::find_of_user(&mut conn, budget_id, uid)?.ok_or(Rejection::new(ErrorCode::NotFound))?;
    let heading = b.heading(mine.heading_id).ok_or(Rejection::new(ErrorCode::NotFound))?;
    authorize(actor, &Action::Vote { budget: b.facts(heading) })?;
    let now = yoriai_store::now();
    yoriai_store::write_tx(&mut conn, |c| {
        let ballot = ballots::lock(c, mine.id, now)?.ok_or(Rejection::new(ErrorCode::VotingClosed))?;
        still_voting(c, budget_id)?;
        if !ballots::reopen(c, ballot.id)? {
            return Err(ErrorCode::InvalidInput.into());
        }
        budgets::add_ballot_count(c, ballot.heading_id, -1)?;
        let ballot = ballots::find(c, ballot.id)?.ok_or(Rejection::new(ErrorCode::NotFound))?;
        ballot_view(c, &b, &ballot)
    })
}

/// "Is my ballot counted?": finds the confirmed ballot of a receipt in a budget whose
/// results the actor may see.
pub fn check_receipt(svc: &Services, actor: &Actor, budget_id: BudgetId, receipt: &str) -> ServiceResult<ReceiptCheck> {
    let mut conn = svc.conn()?;
    let b = load_budget(&mut conn, actor, budget_id)?;
    b.tally_for(actor)?;
    let canonical = normalize_receipt(receipt).ok_or(Rejection::field("receipt", ErrorCode::ReceiptUnknown))?;
    let voter_id = voter_id_of_receipt(&canonical);
    counted_ballot(&mut conn, &b, &voter_id)
}

/// A counted ballot by its public voter id (as listed in the published file).
pub fn published_ballot(
    svc: &Services,
    actor: &Actor,
    budget_id: BudgetId,
    voter_id: &str,
) -> ServiceResult<ReceiptCheck> {
    let mut conn = svc.conn()?;
    let b = load_budget(&mut conn, actor, budget_id)?;
    b.tally_for(actor)?;
    counted_ballot(&mut conn, &b, voter_id.trim())
}

fn counted_ballot(conn: &mut DbConn, b: &LoadedBudget, voter_id: &str) -> ServiceResult<ReceiptCheck> {
    let budget_id = b.row.id;
    let ballot = ballots::find_by_voter_id(conn, budget_id, voter_id)?
        .ok_or(Rejection::field("receipt", ErrorCode::ReceiptUnknown))?;
    let heading = b.heading(ballot.heading_id).ok_or(Rejection::new(ErrorCode::NotFound))?;
    let lines = ballots::lines_of(conn, ballot.id)?;
    let projects = budgets::projects_of(conn, budget_id)?;
    Ok(ReceiptCheck {
        voter_id: voter_id.to_owned(),
        heading: Bilingual::new(&heading.name_ja, &heading.name_en),
        projects: lines
            .iter()
            .map(|l| {
                let title = projects.iter().find(|p| p.id == l.project_id).map(|p| p.title.clone()).unwrap_or_default();
                (title, l.points)
            })
            .collect(),
    })
}
