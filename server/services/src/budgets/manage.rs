//! Staff commands: budgets, headings, projects, promotion of proposals, valuation,
//! pictures and the budget's life (informing → voting; closing is in `tally`).

use super::{load_budget, parse_amount, LoadedBudget};
use crate::audit::{self, Visibility};
use crate::images::{add_to_gallery, discard, remove_from_gallery, GalleryLimit};
use crate::{ServiceError, ServiceResult, Services};
use serde_json::json;
use yoriai_domain::budget::{BallotRule, BudgetState, Feasibility, TallyRule};
use yoriai_domain::geo::LatLon;
use yoriai_domain::proposal::ProposalState;
use yoriai_domain::search::index_text;
use yoriai_domain::text::{multi_line, single_line};
use yoriai_domain::{authorize, reach, Action, Actor, ErrorCode, FieldError, FieldErrors, ProcessId, Rejection};
use yoriai_store::budgets::{self, BudgetFields, HeadingFields, ProjectFields};
use yoriai_store::uploads::Gallery;
use yoriai_store::{districts, processes, proposals, uploads, DbConn};

pub const PROJECT_TITLE_MAX: usize = 150;
pub const PROJECT_DESCRIPTION_MAX: usize = 20_000;
pub const MAX_PROJECT_IMAGES: i64 = 5;

// ---- budgets ----

#[derive(Debug, Clone, Default)]
pub struct BudgetInput {
    pub title_ja: String,
    pub title_en: String,
    pub description_ja: String,
    pub description_en: String,
    /// ISO 4217 code; empty means JPY.
    pub currency: String,
    pub ballot_rule: String,
    pub min_projects: String,
    pub max_projects: String,
    pub min_share_percent: String,
    pub points: String,
    pub tally_rule: String,
    pub requires_verification: bool,
    /// Only when creating: the amount of the first (city-wide) heading.
    pub amount: String,
}

struct ParsedBudget {
    title_ja: String,
    title_en: String,
    description_ja: String,
    description_en: String,
    currency: String,
    ballot_rule: BallotRule,
    min_projects: Option<i32>,
    max_projects: Option<i32>,
    min_share_percent: Option<i32>,
    points: Option<i32>,
    tally_rule: TallyRule,
}

fn optional_count(raw: &str, min: i32, max: i32) -> Result<Option<i32>, ErrorCode> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Ok(None);
    }
    match raw.parse::<i32>() {
        Ok(n) if (min..=max).contains(&n) => Ok(Some(n)),
        _ => Err(ErrorCode::NotANumber),
    }
}

fn optional_text(raw: &str) -> Result<String, ErrorCode> {
    if raw.trim().is_empty() {
        Ok(String::new())
    } else {
        multi_line(raw, 1, 20_000)
    }
}

fn parse_budget(input: &BudgetInput) -> Result<ParsedBudget, Rejection> {
    let mut e = FieldErrors::new();
    let title_ja = e.check("title_ja", single_line(&input.title_ja, 2, 150));
    let title_en = e.check("title_en", single_line(&input.title_en, 2, 150));
    let description_ja = e.check("description_ja", optional_text(&input.description_ja));
    let description_en = e.check("description_en", optional_text(&input.description_en));
    let currency = {
        let c = input.currency.trim().to_ascii_uppercase();
        let c = if c.is_empty() { "JPY".to_owned() } else { c };
        e.check(
            "currency",
            if c.len() == 3 && c.chars().all(|ch| ch.is_ascii_uppercase()) {
                Ok(c)
            } else {
                Err(ErrorCode::InvalidInput)
            },
        )
    };
    let ballot_rule =
        e.check("ballot_rule", BallotRule::parse(input.ballot_rule.trim()).ok_or(ErrorCode::InvalidInput));
    let tally_rule = e.check("tally_rule", TallyRule::parse(input.tally_rule.trim()).ok_or(ErrorCode::InvalidInput));
    let min_projects = e.check("min_projects", optional_count(&input.min_projects, 1, 10_000));
    let max_projects = e.check("max_projects", optional_count(&input.max_projects, 1, 10_000));
    let min_share_percent = e.check("min_share_percent", optional_count(&input.min_share_percent, 1, 100));
    let points = e.check("points", optional_count(&input.points, 1, 1_000));
    if let (Some(Some(min)), Some(Some(max))) = (min_projects, max_projects) {
        if min > max {
            e.push(FieldError::new("min_projects", ErrorCode::NotANumber));
        }
    }
    // Each rule needs its own setting.
    match ballot_rule {
        Some(BallotRule::MinShare) if min_share_percent == Some(None) => {
            e.push(FieldError::new("min_share_percent", ErrorCode::Required))
        }
        Some(BallotRule::Cumulative) if points == Some(None) => e.push(FieldError::new("points", ErrorCode::Required)),
        _ => {}
    }
    match (
        title_ja,
        title_en,
        description_ja,
        description_en,
        currency,
        ballot_rule,
        tally_rule,
        min_projects,
        max_projects,
        min_share_percent,
        points,
    ) {
        (
            Some(title_ja),
            Some(title_en),
            Some(description_ja),
            Some(description_en),
            Some(currency),
            Some(ballot_rule),
            Some(tally_rule),
            Some(min_projects),
            Some(max_projects),
            Some(min_share_percent),
            Some(points),
        ) if e.is_empty() => Ok(ParsedBudget {
            title_ja,
            title_en,
            description_ja,
            description_en,
            currency,
            // Settings that do not belong to the rule are not kept.
            min_projects: min_projects.filter(|_| ballot_rule == BallotRule::Approval),
            max_projects: max_projects.filter(|_| ballot_rule == BallotRule::Approval),
            min_share_percent: min_share_percent.filter(|_| ballot_rule == BallotRule::MinShare),
            points: points.filter(|_| ballot_rule == BallotRule::Cumulative),
            ballot_rule,
            tally_rule,
        }),
        _ => Err(e.into_rejection()),
    }
}

fn budget_fields(p: &ParsedBudget, requires_verification: bool) -> BudgetFields<'_> {
    BudgetFields {
        title_ja: &p.title_ja,
        title_en: &p.title_en,
        description_ja: &p.description_ja,
        description_en: &p.description_en,
        currency: &p.currency,
        ballot_rule: p.ballot_rule,
        min_projects: p.min_projects,
        max_projects: p.max_projects,
        min_share_percent: p.min_share_percent,
        points: p.points,
        tally_rule: p.tally_rule,
        requires_verification,
        updated_at: yoriai_store::now(),
    }
}

/// Creates a budget in a process, with one city-wide heading holding the amount.
pub fn create_budget(svc: &Services, actor: &Actor, process_id: i64, input: BudgetInput) -> ServiceResult<i64> {
    authorize(actor, &Action::ManageBudgets { process: Some(ProcessId(process_id)) })?;
    let parsed = parse_budget(&input);
    let amount = parse_amount(&input.amount);
    let parsed = match (parsed, amount) {
        (Ok(p), Ok(a)) => (p, a),
        (Err(mut r), Err(code)) => {
            r.fields.push(FieldError::new("amount", code));
            return Err(r.into());
        }
        (Err(r), Ok(_)) => return Err(r.into()),
        (Ok(_), Err(code)) => return Err(Rejection::field("amount", code).into()),
    };
    let (p, amount) = parsed;
    let mut conn = svc.conn()?;
    let now = yoriai_store::now();
    yoriai_store::write_tx(&mut conn, |c| {
        processes::find(c, process_id)?.ok_or(Rejection::new(ErrorCode::NotFound))?;
        let id = budgets::insert_budget(c, process_id, &budget_fields(&p, input.requires_verification), None, now)?;
        budgets::insert_heading(
            c,
            id,
            &HeadingFields { name_ja: "全市", name_en: "City-wide", district_id: None, amount },
        )?;
        audit::log(
            c,
            actor,
            "create_budget",
            ("budget", Some(id)),
            Visibility::Public,
            None,
            json!({ "process_id": process_id, "amount": amount }),
        )?;
        Ok(id)
    })
}

/// Edits a budget. Ballot and tally settings are fixed once voting opens (changing
/// them would change ballots already cast); texts can always be corrected.
pub fn update_budget(svc: &Services, actor: &Actor, id: i64, input: BudgetInput) -> ServiceResult<()> {
    reach(actor, |process| Action::ManageBudgets { process })?;
    let p = parse_budget(&input)?;
    let mut conn = svc.conn()?;
    let b = load_budget(&mut conn, actor, id)?.managed_by(actor)?;
    let settings_changed = p.ballot_rule != b.ballot_rule()
        || p.tally_rule != b.tally_rule()
        || p.min_projects != b.row.min_projects
        || p.max_projects != b.row.max_projects
        || p.min_share_percent != b.row.min_share_percent
        || p.points != b.row.points
        || p.currency != b.row.currency
        || input.requires_verification != b.row.requires_verification;
    if settings_changed && !b.state.projects_editable() {
        return Err(ErrorCode::BudgetLocked.into());
    }
    yoriai_store::write_tx(&mut conn, |c| {
        budgets::update_budget(c, id, &budget_fields(&p, input.requires_verification))?;
        audit::log(c, actor, "update_budget", ("budget", Some(id)), Visibility::Public, None, json!({}))
    })
}

/// Deletes a budget that never opened to voting.
pub fn delete_budget(svc: &Services, actor: &Actor, id: i64) -> ServiceResult<i64> {
    reach(actor, |process| Action::ManageBudgets { process })?;
    let mut conn = svc.conn()?;
    let b = load_budget(&mut conn, actor, id)?.managed_by(actor)?;
    if !b.state.projects_editable() && b.row.imported_from.is_none() {
        return Err(ErrorCode::BudgetLocked.into());
    }
    yoriai_store::write_tx(&mut conn, |c| {
        budgets::delete_budget(c, id)?;
        audit::log(c, actor, "delete_budget", ("budget", Some(id)), Visibility::Public, None, json!({}))?;
        Ok(b.process.row.id)
    })
}

/// Moves a budget to its next state: preparing → informing → voting. (Closing and
/// publishing results have their own commands.)
pub fn advance_budget(svc: &Services, actor: &Actor, id: i64, to: &str) -> ServiceResult<()> {
    reach(actor, |process| Action::ManageBudgets { process })?;
    let to = BudgetState::parse(to).ok_or(ErrorCode::InvalidInput)?;
    let mut conn = svc.conn()?;
    let b = load_budget(&mut conn, actor, id)?.managed_by(actor)?;
    if b.state.next() != Some(to) || !matches!(to, BudgetState::Informing | BudgetState::Voting) {
        return Err(ErrorCode::InvalidInput.into());
    }
    if to == BudgetState::Voting {
        let feasible =
            budgets::projects_of(&mut conn, id)?.iter().filter(|p| p.feasibility == Feasibility::Feasible).count();
        if feasible == 0 {
            return Err(ErrorCode::BallotEmpty.into());
        }
    }
    let now = yoriai_store::now();
    yoriai_store::write_tx(&mut conn, |c| {
        if !budgets::transition(c, id, b.state, to, now)? {
            return Err(ServiceError::from(ErrorCode::InvalidInput));
        }
        audit::log(
            c,
            actor,
            "advance_budget",
            ("budget", Some(id)),
            Visibility::Public,
            None,
            json!({ "from": b.state.as_str(), "to": to.as_str() }),
        )
    })
}

fn editable(b: &LoadedBudget) -> ServiceResult<()> {
    if b.state.projects_editable() {
        Ok(())
    } else {
        Err(ErrorCode::BudgetLocked.into())
    }
}

// ---- headings ----

#[derive(Debug, Clone, Default)]
pub struct HeadingInput {
    pub name_ja: String,
    pub name_en: String,
    pub district_id: Option<i64>,
    pub amount: String,
}

struct ParsedHeading {
    name_ja: String,
    name_en: String,
    amount: i64,
}

fn parse_heading(conn: &mut DbConn, input: &HeadingInput) -> ServiceResult<ParsedHeading> {
    let mut e = FieldErrors::new();
    let name_ja = e.check("name_ja", single_line(&input.name_ja, 1, 100));
    let name_en = e.check("name_en", single_line(&input.name_en, 1, 100));
    let amount = e.check("amount", parse_amount(&input.amount));
    if let Some(d) = input.district_id {
        if districts::find(conn, d)?.is_none() {
            e.push(FieldError::new("district_id", ErrorCode::InvalidInput));
        }
    }
    match (name_ja, name_en, amount) {
        (Some(name_ja), Some(name_en), Some(amount)) if e.is_empty() => Ok(ParsedHeading { name_ja, name_en, amount }),
        _ => Err(e.into_rejection().into()),
    }
}

pub fn add_heading(svc: &Services, actor: &Actor, budget_id: i64, input: HeadingInput) -> ServiceResult<i64> {
    reach(actor, |process| Action::ManageBudgets { process })?;
    let mut conn = svc.conn()?;
    let b = load_budget(&mut conn, actor, budget_id)?.managed_by(actor)?;
    editable(&b)?;
    let h = parse_heading(&mut conn, &input)?;
    // A new budget starts with one city-wide heading holding the whole amount. The
    // first district heading splits the budget: the city-wide heading goes, as long as
    // nothing was put in it yet. Otherwise it would stay as a phantom heading with the
    // full amount, doubling the total residents see and funding nothing.
    let replaced = match b.headings.as_slice() {
        [only] if input.district_id.is_some() && only.district_id.is_none() && only.ballot_count == 0 => {
            (budgets::count_projects_in_heading(&mut conn, only.id)? == 0).then_some(only.id)
        }
        _ => None,
    };
    yoriai_store::write_tx(&mut conn, |c| {
        let id = budgets::insert_heading(
            c,
            budget_id,
            &HeadingFields {
                name_ja: &h.name_ja,
                name_en: &h.name_en,
                district_id: input.district_id,
                amount: h.amount,
            },
        )?;
        if let Some(old) = replaced {
            // Checked again inside the transaction: a project may have just been added.
            if budgets::count_projects_in_heading(c, old)? == 0 {
                budgets::delete_heading(c, old)?;
            }
        }
        audit::log(
            c,
            actor,
            "add_heading",
            ("budget", Some(budget_id)),
            Visibility::Public,
            None,
            json!({ "heading_id": id, "amount": h.amount, "replaced_heading_id": replaced }),
        )?;
        Ok(id)
    })
}

pub fn update_heading(svc: &Services, actor: &Actor, heading_id: i64, input: HeadingInput) -> ServiceResult<i64> {
    reach(actor, |process| Action::ManageBudgets { process })?;
    let mut conn = svc.conn()?;
    let heading = budgets::find_heading(&mut conn, heading_id)?.ok_or(Rejection::new(ErrorCode::NotFound))?;
    let b = load_budget(&mut conn, actor, heading.budget_id)?.managed_by(actor)?;
    editable(&b)?;
    let h = parse_heading(&mut conn, &input)?;
    yoriai_store::write_tx(&mut conn, |c| {
        budgets::update_heading(
            c,
            heading_id,
            &HeadingFields {
                name_ja: &h.name_ja,
                name_en: &h.name_en,
                district_id: input.district_id,
                amount: h.amount,
            },
        )?;
        audit::log(
            c,
            actor,
            "update_heading",
            ("budget", Some(b.row.id)),
            Visibility::Public,
            None,
            json!({ "heading_id": heading_id, "amount": h.amount }),
        )?;
        Ok(b.row.id)
    })
}

/// Removes a heading without projects; a budget keeps at least one.
pub fn delete_heading(svc: &Services, actor: &Actor, heading_id: i64) -> ServiceResult<i64> {
    reach(actor, |process| Action::ManageBudgets { process })?;
    let mut conn = svc.conn()?;
    let heading = budgets::find_heading(&mut conn, heading_id)?.ok_or(Rejection::new(ErrorCode::NotFound))?;
    let b = load_budget(&mut conn, actor, heading.budget_id)?.managed_by(actor)?;
    editable(&b)?;
    if b.headings.len() <= 1 || budgets::count_projects_in_heading(&mut conn, heading_id)? > 0 {
        return Err(ErrorCode::BudgetLocked.into());
    }
    yoriai_store::write_tx(&mut conn, |c| {
        budgets::delete_heading(c, heading_id)?;
        audit::log(
            c,
            actor,
            "delete_heading",
            ("budget", Some(b.row.id)),
            Visibility::Public,
            None,
            json!({ "heading_id": heading_id }),
        )?;
        Ok(b.row.id)
    })
}

// ---- projects ----

#[derive(Debug, Clone, Default)]
pub struct ProjectInput {
    pub heading_id: Option<i64>,
    pub title: String,
    pub description: String,
    pub cost: String,
    pub category_id: Option<i64>,
    pub address: String,
    pub latitude: String,
    pub longitude: String,
}

struct ParsedProject {
    heading_id: i64,
    title: String,
    description: String,
    cost: i64,
    address: Option<String>,
    location: Option<(f64, f64)>,
    terms: String,
}

fn parse_project(conn: &mut DbConn, b: &LoadedBudget, input: &ProjectInput) -> ServiceResult<ParsedProject> {
    let mut e = FieldErrors::new();
    let heading_id = match input.heading_id.or_else(|| (b.headings.len() == 1).then(|| b.headings[0].id)) {
        Some(h) if b.heading(h).is_some() => Some(h),
        _ => {
            e.push(FieldError::new("heading_id", ErrorCode::Required));
            None
        }
    };
    let title = e.check("title", single_line(&input.title, 3, PROJECT_TITLE_MAX));
    let description = e.check("description", optional_text(&input.description));
    let cost = e.check("cost", parse_amount(&input.cost));
    let address = if input.address.trim().is_empty() {
        Some(None)
    } else {
        e.check("address", single_line(&input.address, 1, 200).map(Some))
    };
    let location = match (input.latitude.trim(), input.longitude.trim()) {
        ("", "") => Some(None),
        (lat, lon) => match LatLon::parse(lat, lon) {
            Ok(p) => Some(Some((p.lat.get(), p.lon.get()))),
            Err(_) => {
                e.push(FieldError::new("latitude", ErrorCode::LocationInvalid));
                None
            }
        },
    };
    if let Some(cid) = input.category_id {
        if !processes::categories_of(conn, b.process.row.id)?.iter().any(|c| c.id == cid) {
            e.push(FieldError::new("category_id", ErrorCode::InvalidInput));
        }
    }
    match (heading_id, title, description, cost, address, location) {
        (Some(heading_id), Some(title), Some(description), Some(cost), Some(address), Some(location))
            if e.is_empty() =>
        {
            let terms = index_text(&format!("{title} {description}"));
            Ok(ParsedProject { heading_id, title, description, cost, address, location, terms })
        }
        _ => Err(e.into_rejection().into()),
    }
}

fn project_fields<'a>(p: &'a ParsedProject, input: &ProjectInput) -> ProjectFields<'a> {
    ProjectFields {
        heading_id: p.heading_id,
        title: &p.title,
        description: &p.description,
        cost: p.cost,
        category_id: input.category_id,
        address: p.address.as_deref(),
        latitude: p.location.map(|l| l.0),
        longitude: p.location.map(|l| l.1),
        search_terms: &p.terms,
        updated_at: yoriai_store::now(),
    }
}

pub fn create_project(svc: &Services, actor: &Actor, budget_id: i64, input: ProjectInput) -> ServiceResult<i64> {
    reach(actor, |process| Action::ManageBudgets { process })?;
    let mut conn = svc.conn()?;
    let b = load_budget(&mut conn, actor, budget_id)?.managed_by(actor)?;
    editable(&b)?;
    let p = parse_project(&mut conn, &b, &input)?;
    let now = yoriai_store::now();
    yoriai_store::write_tx(&mut conn, |c| {
        let id = budgets::insert_project(c, budget_id, &project_fields(&p, &input), None, now)?;
        audit::log(
            c,
            actor,
            "create_project",
            ("budget_project", Some(id)),
            Visibility::Public,
            None,
            json!({ "budget_id": budget_id, "cost": p.cost }),
        )?;
        Ok(id)
    })
}

pub fn update_project(svc: &Services, actor: &Actor, project_id: i64, input: ProjectInput) -> ServiceResult<()> {
    reach(actor, |process| Action::ManageBudgets { process })?;
    let mut conn = svc.conn()?;
    let project = budgets::find_project(&mut conn, project_id)?.ok_or(Rejection::new(ErrorCode::NotFound))?;
    let b = load_budget(&mut conn, actor, project.budget_id)?.managed_by(actor)?;
    editable(&b)?;
    let p = parse_project(&mut conn, &b, &input)?;
    yoriai_store::write_tx(&mut conn, |c| {
        budgets::update_project(c, project_id, &project_fields(&p, &input))?;
        audit::log(
            c,
            actor,
            "update_project",
            ("budget_project", Some(project_id)),
            Visibility::Public,
            None,
            json!({ "cost": p.cost }),
        )
    })
}

pub fn delete_project(svc: &Services, actor: &Actor, project_id: i64) -> ServiceResult<i64> {
    reach(actor, |process| Action::ManageBudgets { process })?;
    let mut conn = svc.conn()?;
    let project = budgets::find_project(&mut conn, project_id)?.ok_or(Rejection::new(ErrorCode::NotFound))?;
    let b = load_budget(&mut conn, actor, project.budget_id)?.managed_by(actor)?;
    editable(&b)?;
    let images = budgets::images_of_project(&mut conn, project_id)?;
    yoriai_store::write_tx(&mut conn, |c| {
        budgets::delete_project(c, project_id)?;
        for img in &images {
            uploads::delete(c, img.id)?;
        }
        audit::log(
            c,
            actor,
            "delete_project",
            ("budget_project", Some(project_id)),
            Visibility::Public,
            None,
            json!({ "budget_id": b.row.id }),
        )
    })?;
    for img in images {
        discard(&svc.storage, &img.storage_key);
    }
    Ok(b.row.id)
}

/// Makes a project of a published proposal of the same process: its title, text,
/// category and place; the cost from its official answer unless given.
pub fn promote_proposal(
    svc: &Services,
    actor: &Actor,
    budget_id: i64,
    proposal_id: i64,
    heading_id: Option<i64>,
    cost: &str,
) -> ServiceResult<i64> {
    reach(actor, |process| Action::ManageBudgets { process })?;
    let mut conn = svc.conn()?;
    let b = load_budget(&mut conn, actor, budget_id)?.managed_by(actor)?;
    editable(&b)?;
    let proposal = proposals::find(&mut conn, proposal_id)?.ok_or(Rejection::new(ErrorCode::NotFound))?;
    if proposal.process_id != b.process.row.id
        || proposal.state != ProposalState::Published
        || proposal.hidden_at.is_some()
    {
        return Err(ErrorCode::NotFound.into());
    }
    if budgets::projects_of_proposal(&mut conn, proposal_id)?.iter().any(|p| p.budget_id == budget_id) {
        return Err(ErrorCode::AlreadyInBallot.into());
    }
    let cost = if cost.trim().is_empty() {
        proposal.answer_cost.filter(|c| *c > 0).ok_or(Rejection::field("cost", ErrorCode::Required))?
    } else {
        parse_amount(cost).map_err(|c| Rejection::field("cost", c))?
    };
    let heading_id = match heading_id.or_else(|| (b.headings.len() == 1).then(|| b.headings[0].id)) {
        Some(h) if b.heading(h).is_some() => h,
        _ => return Err(Rejection::field("heading_id", ErrorCode::Required).into()),
    };
    let title: String = proposal.title.chars().take(PROJECT_TITLE_MAX).collect();
    let terms = index_text(&format!("{} {}", proposal.title, proposal.body));
    let now = yoriai_store::now();
    yoriai_store::write_tx(&mut conn, |c| {
        let fields = ProjectFields {
            heading_id,
            title: &title,
            description: &proposal.body,
            cost,
            category_id: proposal.category_id,
            address: proposal.address.as_deref(),
            latitude: proposal.latitude,
            longitude: proposal.longitude,
            search_terms: &terms,
            updated_at: now,
        };
        let id = budgets::insert_project(c, budget_id, &fields, Some(proposal_id), now)?;
        audit::log(
            c,
            actor,
            "promote_proposal",
            ("budget_project", Some(id)),
            Visibility::Public,
            None,
            json!({ "budget_id": budget_id, "proposal_id": proposal_id, "cost": cost }),
        )?;
        Ok(id)
    })
}

// ---- valuation ----

#[derive(Debug, Clone, Default)]
pub struct ValuationInput {
    /// `feasible`, `unfeasible` or `pending`.
    pub feasibility: String,
    /// Published with the decision; required when unfeasible.
    pub reason: String,
    /// A corrected cost, or empty to keep it.
    pub cost: String,
}

pub fn valuate_project(svc: &Services, actor: &Actor, project_id: i64, input: ValuationInput) -> ServiceResult<i64> {
    reach(actor, |process| Action::ValuateProjects { process })?;
    let mut conn = svc.conn()?;
    let project = budgets::find_project(&mut conn, project_id)?.ok_or(Rejection::new(ErrorCode::NotFound))?;
    let b = load_budget(&mut conn, actor, project.budget_id)?.valuated_by(actor)?;
    editable(&b)?;
    let mut e = FieldErrors::new();
    let feasibility =
        e.check("feasibility", Feasibility::parse(input.feasibility.trim()).ok_or(ErrorCode::InvalidInput));
    let reason = if input.reason.trim().is_empty() {
        if feasibility == Some(Feasibility::Unfeasible) {
            e.push(FieldError::new("reason", ErrorCode::Required));
        }
        Some(String::new())
    } else {
        e.check("reason", multi_line(&input.reason, 1, 5_000))
    };
    let cost =
        if input.cost.trim().is_empty() { Some(None) } else { e.check("cost", parse_amount(&input.cost).map(Some)) };
    let (Some(feasibility), Some(reason), Some(cost)) = (feasibility, reason, cost) else {
        return Err(e.into_rejection().into());
    };
    if !e.is_empty() {
        return Err(e.into_rejection().into());
    }
    let now = yoriai_store::now();
    let by = actor.user_id().map(|u| u.0).unwrap_or_default();
    yoriai_store::write_tx(&mut conn, |c| {
        budgets::set_feasibility(c, project_id, feasibility, &reason, cost, by, now)?;
        audit::log(
            c,
            actor,
            "valuate_project",
            ("budget_project", Some(project_id)),
            Visibility::Public,
            None,
            json!({ "feasibility": feasibility, "old_cost": project.cost, "cost": cost.unwrap_or(project.cost) }),
        )?;
        Ok(b.row.id)
    })
}

// ---- pictures ----

pub fn add_project_image(
    svc: &Services,
    actor: &Actor,
    project_id: i64,
    bytes: &[u8],
    alt_text: &str,
) -> ServiceResult<i64> {
    reach(actor, |process| Action::ManageBudgets { process })?;
    let mut conn = svc.conn()?;
    let project = budgets::find_project(&mut conn, project_id)?.ok_or(Rejection::new(ErrorCode::NotFound))?;
    let b = load_budget(&mut conn, actor, project.budget_id)?.managed_by(actor)?;
    editable(&b)?;
    drop(conn);
    let limit = GalleryLimit { max: MAX_PROJECT_IMAGES, full: ErrorCode::TooManyImages };
    add_to_gallery(svc, actor.user_id().map(|u| u.0), Gallery::Project(project_id), bytes, alt_text, limit)
}

pub fn remove_project_image(svc: &Services, actor: &Actor, project_id: i64, upload_id: i64) -> ServiceResult<()> {
    reach(actor, |process| Action::ManageBudgets { process })?;
    let mut conn = svc.conn()?;
    let project = budgets::find_project(&mut conn, project_id)?.ok_or(Rejection::new(ErrorCode::NotFound))?;
    let b = load_budget(&mut conn, actor, project.budget_id)?.managed_by(actor)?;
    editable(&b)?;
    drop(conn);
    remove_from_gallery(svc, Gallery::Project(project_id), upload_id)
}
