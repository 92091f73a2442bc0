//! What the budget pages show.

use super::ballot::ballot_view;
use super::{info, load_budget, LoadedBudget};
use crate::processes::{district_names, load, ProcessRef};
use crate::{ServiceResult, Services};
use yoriai_domain::budget::{check_contents, BallotRule, BudgetState, Feasibility, Line};
use yoriai_domain::proposal::ProposalState;
use yoriai_domain::text::render;
use yoriai_domain::{
    authorize, reach, Action, Actor, BudgetId, CategoryId, DistrictId, ErrorCode, HeadingId, ProcessId, ProjectId,
    ProposalId, Rejection,
};
use yoriai_store::ballots::{self, BallotRow};
use yoriai_store::budgets::{self, HeadingRow, ProjectRow};
use yoriai_store::uploads::UploadRow;
use yoriai_store::{processes, proposals, DbConn};
use yoriai_views::budgets::{
    AdminBudgetPage, BallotView, BudgetPage, BudgetSummary, HeadingTally, HeadingView, ProjectCard, ProjectLink,
    ProjectPage, ResultRow, TallyPage,
};
use yoriai_views::{Bilingual, ImageView, Named, Permission};

fn excerpt(text: &str) -> String {
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() <= 160 {
        flat
    } else {
        flat.chars().take(157).collect::<String>() + "…"
    }
}

fn image_view(u: &UploadRow) -> ImageView {
    ImageView { id: u.id, key: u.storage_key.clone(), alt: u.alt_text.clone(), width: u.width, height: u.height }
}

fn heading_view(h: &HeadingRow, districts: &[Named<DistrictId>], projects: &[ProjectRow]) -> HeadingView {
    HeadingView {
        id: h.id,
        name: Bilingual::new(&h.name_ja, &h.name_en),
        district: h.district_id.and_then(|d| districts.iter().find(|n| n.id == d).cloned()),
        amount: h.amount,
        ballot_count: h.ballot_count,
        eligible_count: h.eligible_count,
        funded_cost: h.funded_cost,
        project_count: projects
            .iter()
            .filter(|p| p.heading_id == h.id && p.feasibility == Feasibility::Feasible)
            .count(),
    }
}

fn categories(conn: &mut DbConn, process_id: ProcessId) -> ServiceResult<Vec<Named<CategoryId>>> {
    Ok(processes::categories_of(conn, process_id)?
        .into_iter()
        .map(|c| Named { id: c.id, name: Bilingual::new(c.name_ja, c.name_en) })
        .collect())
}

fn permission(r: Result<(), yoriai_domain::Denied>) -> Permission {
    match r {
        Ok(()) => Permission::yes(),
        Err(d) => Permission { allowed: false, reason: Some(d.code().as_str().to_owned()) },
    }
}

/// The viewer's ballot, if they have one in this budget.
fn my_ballot(conn: &mut DbConn, actor: &Actor, b: &LoadedBudget) -> ServiceResult<Option<(BallotRow, BallotView)>> {
    let Some(uid) = actor.user_id() else { return Ok(None) };
    let Some(row) = ballots::find_of_user(conn, b.row.id, uid)? else { return Ok(None) };
    let view = ballot_view(conn, b, &row)?;
    Ok(Some((row, view)))
}

/// Whether adding `p` to the ballot keeps it within the rule (always true for an
/// empty or absent ballot when the project alone fits).
fn fits(b: &LoadedBudget, heading: &HeadingRow, ballot: Option<&BallotView>, p: &ProjectRow) -> bool {
    let mut lines: Vec<Line> = match ballot {
        Some(v) if v.heading_id == p.heading_id => {
            v.lines.iter().filter(|l| l.0 != p.id).map(|l| Line { cost: l.2, points: l.3 }).collect()
        }
        _ => Vec::new(),
    };
    lines.push(Line { cost: p.cost, points: 1 });
    check_contents(&b.limits(heading), &lines).is_ok()
}

fn card(
    b: &LoadedBudget,
    p: &ProjectRow,
    cats: &[Named<CategoryId>],
    thumbs: &[(ProjectId, UploadRow)],
    ballot: Option<&BallotView>,
    tally_visible: bool,
) -> ProjectCard {
    let heading = b.heading(p.heading_id);
    ProjectCard {
        id: p.id,
        heading_id: p.heading_id,
        title: p.title.clone(),
        summary: excerpt(&p.description),
        cost: p.cost,
        category: p.category_id.and_then(|c| cats.iter().find(|n| n.id == c).cloned()),
        feasibility: p.feasibility,
        feasibility_reason: p.feasibility_reason.clone(),
        image: thumbs.iter().find(|(id, _)| *id == p.id).map(|(_, u)| image_view(u)),
        proposal_id: p.proposal_id,
        in_ballot: ballot.and_then(|v| v.lines.iter().find(|l| l.0 == p.id).map(|l| l.3)),
        fits: heading.is_some_and(|h| fits(b, h, ballot, p)),
        votes: if tally_visible { p.votes } else { None },
        selected: tally_visible && p.selected,
        selection_order: if tally_visible { p.selection_order } else { None },
    }
}

/// The budgets of a process, for its page.
pub fn budgets_of_process(svc: &Services, actor: &Actor, slug: &str) -> ServiceResult<Vec<BudgetSummary>> {
    let mut conn = svc.conn()?;
    let process = load(&mut conn, actor, ProcessRef::Slug(slug))?;
    let rows = budgets::budgets_of(&mut conn, process.row.id)?;
    let ids: Vec<BudgetId> = rows.iter().map(|r| r.id).collect();
    let headings = budgets::headings_of_many(&mut conn, &ids)?;
    let mut out = Vec::new();
    for row in rows {
        let state = row.state;
        if authorize(actor, &Action::ViewBudget { state, process: Some(row.process_id) }).is_err() {
            continue;
        }
        let hs: Vec<HeadingRow> = headings.iter().filter(|h| h.budget_id == row.id).cloned().collect();
        let projects = budgets::projects_of(&mut conn, row.id)?;
        out.push(BudgetSummary {
            info: info(&row, &process, &hs),
            heading_count: hs.len(),
            project_count: projects.iter().filter(|p| p.feasibility == Feasibility::Feasible).count(),
            ballot_count: hs.iter().map(|h| i64::from(h.ballot_count)).sum(),
        });
    }
    Ok(out)
}

/// The budget page: headings, the projects of one heading, and the viewer's ballot.
pub fn budget_page(
    svc: &Services,
    actor: &Actor,
    id: BudgetId,
    heading: Option<HeadingId>,
) -> ServiceResult<BudgetPage> {
    let mut conn = svc.conn()?;
    let b = load_budget(&mut conn, actor, id)?;
    let districts = district_names(&mut conn)?;
    let projects = budgets::projects_of(&mut conn, id)?;
    let cats = categories(&mut conn, b.process.row.id)?;
    let thumbs = budgets::first_images_of_budget(&mut conn, id)?;
    let mine = my_ballot(&mut conn, actor, &b)?;
    let ballot = mine.as_ref().map(|m| m.1.clone());
    // Where a resident lands: the heading asked for, else their ballot's, else the
    // first they may vote in that has projects, else the first with projects.
    let has_projects =
        |h: &HeadingRow| projects.iter().any(|p| p.heading_id == h.id && p.feasibility != Feasibility::Unfeasible);
    let heading_id = heading
        .filter(|h| b.heading(*h).is_some())
        .or(ballot.as_ref().map(|v| v.heading_id))
        .or_else(|| {
            b.headings
                .iter()
                .find(|h| has_projects(h) && authorize(actor, &Action::Vote { budget: b.facts(h) }).is_ok())
                .map(|h| h.id)
        })
        .or_else(|| b.headings.iter().find(|h| has_projects(h)).map(|h| h.id))
        .or(b.headings.first().map(|h| h.id));
    let tally_visible = b.tally_for(actor).is_ok();
    let can_vote = match heading_id.and_then(|h| b.heading(h)) {
        Some(h) => permission(authorize(actor, &Action::Vote { budget: b.facts(h) })),
        None => Permission { allowed: false, reason: Some(ErrorCode::NotFound.as_str().to_owned()) },
    };
    let in_heading = |p: &&ProjectRow| Some(p.heading_id) == heading_id;
    let cards: Vec<ProjectCard> = projects
        .iter()
        .filter(in_heading)
        .filter(|p| {
            p.feasibility == Feasibility::Feasible
                || (b.state.projects_editable() && p.feasibility == Feasibility::Pending)
        })
        .map(|p| card(&b, p, &cats, &thumbs, ballot.as_ref(), tally_visible))
        .collect();
    let unfeasible: Vec<ProjectCard> = projects
        .iter()
        .filter(in_heading)
        .filter(|p| p.feasibility == Feasibility::Unfeasible)
        .map(|p| card(&b, p, &cats, &thumbs, ballot.as_ref(), tally_visible))
        .collect();
    Ok(BudgetPage {
        info: b.info(),
        headings: b.headings.iter().map(|h| heading_view(h, &districts, &projects)).collect(),
        heading_id,
        projects: cards,
        ballot,
        can_vote,
        signed_in: actor.is_signed_in(),
        can_manage: authorize(actor, &Action::ManageBudgets { process: b.in_process() }).is_ok(),
        can_valuate: authorize(actor, &Action::ValuateProjects { process: b.in_process() }).is_ok(),
        can_view_tally: tally_visible,
        unfeasible,
    })
}

pub fn project_page(svc: &Services, actor: &Actor, project_id: ProjectId) -> ServiceResult<ProjectPage> {
    let mut conn = svc.conn()?;
    let p = budgets::find_project(&mut conn, project_id)?.ok_or(Rejection::new(ErrorCode::NotFound))?;
    let b = load_budget(&mut conn, actor, p.budget_id)?;
    let districts = district_names(&mut conn)?;
    let projects = budgets::projects_of(&mut conn, b.row.id)?;
    let heading = b.heading(p.heading_id).ok_or(Rejection::new(ErrorCode::NotFound))?;
    let cats = categories(&mut conn, b.process.row.id)?;
    let images = budgets::images_of_project(&mut conn, project_id)?;
    let mine = my_ballot(&mut conn, actor, &b)?;
    let ballot = mine.map(|m| m.1);
    let tally_visible = b.tally_for(actor).is_ok();
    let proposal = match p.proposal_id {
        Some(pid) => proposals::find(&mut conn, pid)?
            .filter(|r| r.state == ProposalState::Published && r.hidden_at.is_none())
            .map(|r| (r.id, r.title)),
        None => None,
    };
    let outcomes = crate::accountability::outcomes_of(&mut conn, yoriai_domain::item::ItemKind::Project, p.id)?;
    Ok(ProjectPage {
        outcomes,
        info: b.info(),
        id: p.id,
        heading: heading_view(heading, &districts, &projects),
        title: p.title.clone(),
        description: p.description.clone(),
        description_html: render(&p.description),
        cost: p.cost,
        category: p.category_id.and_then(|c| cats.iter().find(|n| n.id == c).cloned()),
        address: p.address.clone(),
        latitude: p.latitude,
        longitude: p.longitude,
        feasibility: p.feasibility,
        feasibility_reason: p.feasibility_reason.clone(),
        valuated_at: p.valuated_at.map(crate::city_date),
        images: images.iter().map(image_view).collect(),
        proposal,
        external_id: p.external_id.clone(),
        votes: if tally_visible { p.votes } else { None },
        selected: tally_visible && p.selected,
        tally_visible,
        in_ballot: ballot.as_ref().and_then(|v| v.lines.iter().find(|l| l.0 == p.id).map(|l| l.3)),
        fits: fits(&b, heading, ballot.as_ref(), &p),
        ballot,
        can_vote: permission(authorize(actor, &Action::Vote { budget: b.facts(heading) })),
        signed_in: actor.is_signed_in(),
        can_manage: authorize(actor, &Action::ManageBudgets { process: b.in_process() }).is_ok(),
        can_valuate: authorize(actor, &Action::ValuateProjects { process: b.in_process() }).is_ok(),
        categories: cats,
    })
}

pub fn tally_page(svc: &Services, actor: &Actor, id: BudgetId) -> ServiceResult<TallyPage> {
    let mut conn = svc.conn()?;
    let b = load_budget(&mut conn, actor, id)?;
    b.tally_for(actor)?;
    let districts = district_names(&mut conn)?;
    let projects = budgets::projects_of(&mut conn, id)?;
    // A heading without any project has no results to show (and "0 funded of the
    // amount" would only mislead); with no projects at all, every heading is shown.
    let any_projects = projects.iter().any(|p| p.feasibility == Feasibility::Feasible);
    let headings = b
        .headings
        .iter()
        .filter(|h| {
            !any_projects || projects.iter().any(|p| p.heading_id == h.id && p.feasibility == Feasibility::Feasible)
        })
        .map(|h| {
            let mut rows: Vec<ResultRow> = projects
                .iter()
                .filter(|p| p.heading_id == h.id && p.feasibility == Feasibility::Feasible)
                .map(|p| ResultRow {
                    id: p.id,
                    title: p.title.clone(),
                    cost: p.cost,
                    votes: p.votes.unwrap_or_default(),
                    selected: p.selected,
                    selection_order: p.selection_order,
                })
                .collect();
            rows.sort_by(|a, b| b.votes.cmp(&a.votes).then(a.id.cmp(&b.id)));
            let mut funded: Vec<&ResultRow> = rows.iter().filter(|r| r.selected).collect();
            funded.sort_by_key(|r| (r.selection_order.unwrap_or(i32::MAX), r.id));
            HeadingTally {
                heading: heading_view(h, &districts, &projects),
                funded_cost: rows.iter().filter(|r| r.selected).map(|r| r.cost).sum(),
                funded_in_order: funded.iter().map(|r| (r.id, r.title.clone(), r.cost)).collect(),
                rows,
            }
        })
        .collect();
    Ok(TallyPage {
        info: b.info(),
        headings,
        published: b.state == BudgetState::Published,
        tallied_at: b.row.tallied_at.map(crate::city_time),
        total_ballots: b.headings.iter().map(|h| i64::from(h.ballot_count)).sum(),
        can_manage: authorize(actor, &Action::ManageBudgets { process: b.in_process() }).is_ok(),
    })
}

/// The staff console page of a budget.
pub fn admin_budget_page(svc: &Services, actor: &Actor, id: BudgetId) -> ServiceResult<AdminBudgetPage> {
    let manage = |process| Action::ManageBudgets { process };
    let valuate = |process| Action::ValuateProjects { process };
    if reach(actor, valuate).is_err() {
        reach(actor, manage)?;
    }
    let mut conn = svc.conn()?;
    let b = load_budget(&mut conn, actor, id)?;
    let can_manage = authorize(actor, &manage(b.in_process())).is_ok();
    let can_valuate = authorize(actor, &valuate(b.in_process())).is_ok();
    if !can_manage && !can_valuate {
        authorize(actor, &manage(b.in_process()))?;
    }
    let districts = district_names(&mut conn)?;
    let projects = budgets::projects_of(&mut conn, id)?;
    let cats = categories(&mut conn, b.process.row.id)?;
    let thumbs = budgets::first_images_of_budget(&mut conn, id)?;
    let promoted: Vec<ProposalId> = projects.iter().filter_map(|p| p.proposal_id).collect();
    let promotable = if b.state.projects_editable() && can_manage {
        proposals::promotable(&mut conn, b.process.row.id, 200)?
            .into_iter()
            .filter(|(pid, _, _)| !promoted.contains(pid))
            .collect()
    } else {
        Vec::new()
    };
    let next_state = match b.state {
        BudgetState::Closed if b.row.tallied_at.is_none() => None,
        s => s.next().map(|n| n.as_str().to_owned()),
    };
    Ok(AdminBudgetPage {
        info: b.info(),
        headings: b.headings.iter().map(|h| heading_view(h, &districts, &projects)).collect(),
        projects: projects.iter().map(|p| card(&b, p, &cats, &thumbs, None, true)).collect(),
        districts,
        categories: cats,
        promotable,
        pending_count: projects.iter().filter(|p| p.feasibility == Feasibility::Pending).count(),
        next_state,
        can_manage,
        can_valuate,
    })
}

/// Whether a ballot rule needs points per project (for forms).
pub fn uses_points(rule: &str) -> bool {
    BallotRule::parse(rule) == Some(BallotRule::Cumulative)
}

/// Budget projects made from a proposal, for the proposal page (only budgets the actor
/// may see; funded or not once the results are public to them).
pub(crate) fn project_links(
    conn: &mut DbConn,
    actor: &Actor,
    proposal_id: ProposalId,
) -> ServiceResult<Vec<ProjectLink>> {
    let mut out = Vec::new();
    for p in budgets::projects_of_proposal(conn, proposal_id)? {
        let Some(row) = budgets::find_budget(conn, p.budget_id)? else { continue };
        let state = row.state;
        let process = Some(row.process_id);
        if authorize(actor, &Action::ViewBudget { state, process }).is_err() {
            continue;
        }
        let results = authorize(actor, &Action::ViewTally { state, process }).is_ok();
        out.push(ProjectLink {
            id: p.id,
            budget_id: p.budget_id,
            budget_title: Bilingual::new(&row.title_ja, &row.title_en),
            title: p.title,
            funded: results.then_some(p.selected),
        });
    }
    Ok(out)
}
