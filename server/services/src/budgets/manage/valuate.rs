//! Valuation: a valuator marks a project feasible or not, with a public reason and a cost.

use super::*;
use yoriai_domain::{BudgetId, ProjectId};

pub use yoriai_views::budgets::ValuationInput;

pub fn valuate_project(
    svc: &Services,
    actor: &Actor,
    project_id: ProjectId,
    input: ValuationInput,
) -> ServiceResult<BudgetId> {
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
    let by = actor.user_id().unwrap_or_default();
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
