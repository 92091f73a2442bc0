//! Staff set a budget up and move it through its life (informing → voting; closing is in `tally`).

use super::*;
use yoriai_domain::{BudgetId, ProcessId};

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
pub fn create_budget(
    svc: &Services,
    actor: &Actor,
    process_id: ProcessId,
    input: BudgetInput,
) -> ServiceResult<BudgetId> {
    authorize(actor, &Action::ManageBudgets { process: Some(process_id) })?;
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
pub fn update_budget(svc: &Services, actor: &Actor, id: BudgetId, input: BudgetInput) -> ServiceResult<()> {
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
pub fn delete_budget(svc: &Services, actor: &Actor, id: BudgetId) -> ServiceResult<ProcessId> {
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
pub fn advance_budget(svc: &Services, actor: &Actor, id: BudgetId, to: &str) -> ServiceResult<()> {
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
