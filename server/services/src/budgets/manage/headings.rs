//! Headings: the parts of a budget (a district or a theme) with their own amount.

use super::*;
use yoriai_domain::{BudgetId, HeadingId};
pub use yoriai_views::budgets::HeadingInput;

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

pub fn add_heading(
    svc: &Services,
    actor: &Actor,
    budget_id: BudgetId,
    input: HeadingInput,
) -> ServiceResult<HeadingId> {
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

pub fn update_heading(
    svc: &Services,
    actor: &Actor,
    heading_id: HeadingId,
    input: HeadingInput,
) -> ServiceResult<BudgetId> {
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
pub fn delete_heading(svc: &Services, actor: &Actor, heading_id: HeadingId) -> ServiceResult<BudgetId> {
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
