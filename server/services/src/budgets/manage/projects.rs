//! Projects: staff add, edit and delete them, or promote a proposal into one.

use super::*;
use yoriai_domain::{BudgetId, HeadingId, ProjectId, ProposalId};

struct ParsedProject {
    heading_id: HeadingId,
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

pub fn create_project(
    svc: &Services,
    actor: &Actor,
    budget_id: BudgetId,
    input: ProjectInput,
) -> ServiceResult<ProjectId> {
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

pub fn update_project(svc: &Services, actor: &Actor, project_id: ProjectId, input: ProjectInput) -> ServiceResult<()> {
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

pub fn delete_project(svc: &Services, actor: &Actor, project_id: ProjectId) -> ServiceResult<BudgetId> {
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
    budget_id: BudgetId,
    proposal_id: ProposalId,
    heading_id: Option<HeadingId>,
    cost: &str,
) -> ServiceResult<ProjectId> {
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
