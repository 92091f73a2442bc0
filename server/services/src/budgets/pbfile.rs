//! Pabulib files: the anonymized ballots of a finished budget as `.pb` (one file per
//! heading, as Pabulib publishes districts) and CSV, and the import of a `.pb` file
//! from another city or year as a closed budget (for simulation and comparison).

use super::tally::{heading_instance, tally_imported};
use super::{load_budget, LoadedBudget};
use crate::audit::{self, Visibility};
use crate::csv;
use crate::{ServiceError, ServiceResult, Services};
use serde_json::json;
use yoriai_domain::budget::{BallotRule, BudgetState, TallyRule};
use yoriai_domain::pb::{self, Instance, Severity, VoteType};
use yoriai_domain::search::index_text;
use yoriai_domain::{authorize, Action, Actor, BudgetId, ErrorCode, FieldError, HeadingId, ProcessId, Rejection};
use yoriai_store::ballots::{self, ImportedBallot};
use yoriai_store::budgets::{self, BudgetFields, HeadingFields, ImportedProject};
use yoriai_store::processes;

/// Problems listed when a file is refused (the rest are counted, not listed).
const MAX_LISTED_PROBLEMS: usize = 20;

fn tally_visible(conn: &mut yoriai_store::DbConn, actor: &Actor, budget_id: BudgetId) -> ServiceResult<LoadedBudget> {
    let b = load_budget(conn, actor, budget_id)?;
    b.tally_for(actor)?;
    Ok(b)
}

/// A heading's projects and confirmed ballots as a Pabulib file. Voter ids are the
/// receipts' public ids: a resident finds their line with their receipt, nobody else
/// can link a line to a person.
pub fn export_pb(
    svc: &Services,
    actor: &Actor,
    budget_id: BudgetId,
    heading_id: Option<HeadingId>,
) -> ServiceResult<(String, String)> {
    let mut conn = svc.conn()?;
    let b = tally_visible(&mut conn, actor, budget_id)?;
    let heading = match heading_id {
        Some(h) => b.heading(h),
        None => b.headings.first(),
    }
    .ok_or(Rejection::new(ErrorCode::NotFound))?
    .clone();
    let projects = budgets::projects_of(&mut conn, budget_id)?;
    let (mut instance, db_ids) = heading_instance(&mut conn, &b, &heading, &projects)?;
    // Results columns, as Pabulib files carry them.
    instance.project_columns = vec!["name".into(), "votes".into(), "selected".into()];
    for (p, db_id) in instance.projects.iter_mut().zip(&db_ids) {
        if let Some(row) = projects.iter().find(|r| r.id == *db_id) {
            p.fields.insert("votes".into(), row.votes.unwrap_or_default().to_string());
            p.fields.insert("selected".into(), if row.selected { "1" } else { "0" }.into());
        }
    }
    let name = format!("yoriai_budget_{}_heading_{}.pb", budget_id, heading.id);
    Ok((name, pb::write(&instance)))
}

/// CSV: `projects` (one row per project with cost, votes and result) or `ballots`
/// (one row per confirmed ballot: voter id, heading, project ids, points).
pub fn export_csv(svc: &Services, actor: &Actor, budget_id: BudgetId, kind: &str) -> ServiceResult<(String, String)> {
    let mut conn = svc.conn()?;
    let b = tally_visible(&mut conn, actor, budget_id)?;
    let projects = budgets::projects_of(&mut conn, budget_id)?;
    let mut out = String::new();
    match kind {
        "projects" => {
            out.push_str(&csv::header(&[
                "project_id",
                "heading_id",
                "heading_ja",
                "heading_en",
                "title",
                "cost",
                "feasibility",
                "votes",
                "selected",
                "selection_order",
            ]));
            for p in &projects {
                let h = b.heading(p.heading_id);
                out.push_str(
                    &csv::Row::new()
                        .num(p.id)
                        .num(p.heading_id)
                        .opt_text(h.map(|h| h.name_ja.as_str()))
                        .opt_text(h.map(|h| h.name_en.as_str()))
                        .text(&p.title)
                        .num(p.cost)
                        .text(p.feasibility.as_str())
                        .opt_num(p.votes)
                        .num(u8::from(p.selected))
                        .opt_num(p.selection_order)
                        .line(),
                );
            }
        }
        "ballots" => {
            out.push_str(&csv::header(&["voter_id", "heading_id", "vote", "points"]));
            for h in &b.headings {
                let (instance, _) = heading_instance(&mut conn, &b, h, &projects)?;
                for v in &instance.voters {
                    let vote: Vec<&str> = v
                        .ballot
                        .iter()
                        .filter_map(|&i| instance.projects.get(i as usize))
                        .map(|p| p.id.as_str())
                        .collect();
                    let points = v
                        .points
                        .as_ref()
                        .map(|p| p.iter().map(|d| d.to_string()).collect::<Vec<_>>().join(","))
                        .unwrap_or_default();
                    out.push_str(&csv::Row::new().text(&v.id).num(h.id).text(&vote.join(",")).text(&points).line());
                }
            }
        }
        _ => return Err(ErrorCode::NotFound.into()),
    }
    Ok((format!("yoriai_budget_{budget_id}_{kind}.csv"), out))
}

/// Why an import was refused, as field errors the form lists: `pb:<code>` with the
/// line, so the page can say "line 12: two projects share an id".
fn problems_rejection(problems: impl Iterator<Item = (usize, String)>) -> Rejection {
    let all: Vec<(usize, String)> = problems.collect();
    let mut fields: Vec<FieldError> = all
        .iter()
        .take(MAX_LISTED_PROBLEMS)
        .map(|(line, code)| FieldError::new(format!("pb:{code}"), ErrorCode::PbInvalid).with_arg("line", *line as i64))
        .collect();
    if all.len() > MAX_LISTED_PROBLEMS {
        fields.push(
            FieldError::new("pb:more_problems", ErrorCode::PbInvalid)
                .with_arg("count", (all.len() - MAX_LISTED_PROBLEMS) as i64),
        );
    }
    Rejection { code: ErrorCode::PbInvalid, fields, args: Vec::new() }
}

fn whole(d: &pb::Decimal) -> Option<i64> {
    d.to_integer()
}

/// What an import created.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Imported {
    pub budget_id: BudgetId,
    pub projects: usize,
    pub ballots: usize,
}

/// Imports a Pabulib file into a process as a closed budget with its projects and
/// anonymous ballots, then tallies it with the rule named in the file (greedy unless
/// it names equal shares). Everything is saved in one transaction: a bad file saves
/// nothing.
pub fn import_pb(
    svc: &Services,
    actor: &Actor,
    process_id: ProcessId,
    file_name: &str,
    bytes: &[u8],
) -> ServiceResult<Imported> {
    authorize(actor, &Action::ManageBudgets { process: Some(process_id) })?;
    if bytes.len() > svc.settings.max_import_bytes {
        return Err(Rejection::field("file", ErrorCode::FileTooLarge)
            .with_arg("max_mb", (svc.settings.max_import_bytes / (1024 * 1024)) as i64)
            .into());
    }
    if bytes.is_empty() {
        return Err(Rejection::field("file", ErrorCode::Required).into());
    }
    let instance = pb::parse_bytes(bytes).map_err(|e| {
        problems_rejection(
            e.problems.iter().filter(|p| p.severity == Severity::Error).map(|p| (p.line, p.code.as_str().to_owned())),
        )
    })?;
    let plan = plan_import(&instance, file_name)?;
    let mut conn = svc.conn()?;
    processes::find(&mut conn, process_id)?.ok_or(Rejection::new(ErrorCode::NotFound))?;
    let now = yoriai_store::now();
    let imported = yoriai_store::write_tx(&mut conn, |c| {
        let fields = BudgetFields {
            title_ja: &plan.title,
            title_en: &plan.title,
            description_ja: &plan.description,
            description_en: &plan.description,
            currency: &plan.currency,
            ballot_rule: plan.ballot_rule,
            min_projects: plan.min_projects,
            max_projects: plan.max_projects,
            min_share_percent: None,
            points: plan.points,
            tally_rule: plan.tally_rule,
            requires_verification: false,
            updated_at: now,
        };
        let budget_id = budgets::insert_budget(c, process_id, &fields, Some(&plan.source), now)?;
        let heading_id = budgets::insert_heading(
            c,
            budget_id,
            &HeadingFields { name_ja: &plan.unit, name_en: &plan.unit, district_id: None, amount: plan.amount },
        )?;
        let projects: Vec<ImportedProject> = plan
            .projects
            .iter()
            .map(|p| ImportedProject {
                heading_id,
                external_id: p.external_id.clone(),
                title: p.title.clone(),
                description: p.description.clone(),
                cost: p.cost,
                category_id: None,
                latitude: p.location.map(|l| l.0),
                longitude: p.location.map(|l| l.1),
                search_terms: index_text(&format!("{} {}", p.title, p.description)),
            })
            .collect();
        let ids = budgets::insert_imported_projects(c, budget_id, &projects, now)?;
        let ballots_in: Vec<ImportedBallot> = plan
            .ballots
            .iter()
            .map(|b| ImportedBallot {
                voter_id: b.voter_id.clone(),
                lines: b.lines.iter().map(|(idx, pts)| (ids[*idx], *pts)).collect(),
                total_cost: b.lines.iter().map(|(idx, _)| plan.projects[*idx].cost).sum(),
            })
            .collect();
        ballots::insert_imported(c, budget_id, heading_id, &ballots_in, now)?;
        budgets::set_ballot_count(c, heading_id, ballots_in.len().min(i32::MAX as usize) as i32)?;
        budgets::transition(c, budget_id, BudgetState::Preparing, BudgetState::Closed, now)?;
        audit::log(
            c,
            actor,
            "import_budget",
            ("budget", Some(budget_id)),
            Visibility::Public,
            None,
            json!({ "file": plan.source, "projects": projects.len(), "ballots": ballots_in.len() }),
        )?;
        Ok::<_, ServiceError>(Imported { budget_id, projects: projects.len(), ballots: ballots_in.len() })
    })?;
    tally_imported(&mut conn, &Actor::System, imported.budget_id)?;
    Ok(imported)
}

struct PlannedProject {
    external_id: String,
    title: String,
    description: String,
    cost: i64,
    location: Option<(f64, f64)>,
}

struct PlannedBallot {
    voter_id: String,
    /// (project index, points)
    lines: Vec<(usize, i32)>,
}

struct Plan {
    title: String,
    description: String,
    source: String,
    unit: String,
    currency: String,
    amount: i64,
    ballot_rule: BallotRule,
    tally_rule: TallyRule,
    min_projects: Option<i32>,
    max_projects: Option<i32>,
    points: Option<i32>,
    projects: Vec<PlannedProject>,
    ballots: Vec<PlannedBallot>,
}

/// Checks that the file fits Yoriai's model (whole-unit amounts, ballots we can hold)
/// and maps it, before anything is written.
fn plan_import(inst: &Instance, file_name: &str) -> Result<Plan, Rejection> {
    let mut problems: Vec<(usize, String)> = Vec::new();
    let (ballot_rule, points_ballots) = match inst.vote_type {
        VoteType::Approval | VoteType::Choose1 => {
            if inst.limits.min_length.is_some()
                || inst.limits.max_length.is_some()
                || inst.vote_type == VoteType::Choose1
            {
                (BallotRule::Approval, false)
            } else {
                (BallotRule::Knapsack, false)
            }
        }
        VoteType::Cumulative => (BallotRule::Cumulative, true),
        VoteType::Ordinal | VoteType::Scoring => {
            problems.push((0, "unsupported_vote_type".into()));
            (BallotRule::Approval, false)
        }
    };
    let amount = whole(&inst.budget).filter(|a| *a > 0);
    if amount.is_none() {
        problems.push((0, "fractional_amount".into()));
    }
    let mut projects = Vec::with_capacity(inst.projects.len());
    for p in &inst.projects {
        let cost = match whole(&p.cost) {
            Some(c) if c > 0 => c,
            Some(_) => {
                problems.push((0, "negative_or_zero_cost".into()));
                continue;
            }
            None => {
                problems.push((0, "fractional_amount".into()));
                continue;
            }
        };
        let title = p.name.clone().filter(|n| !n.trim().is_empty()).unwrap_or_else(|| format!("Project {}", p.id));
        let title: String = title.chars().take(super::manage::PROJECT_TITLE_MAX).collect();
        let description = p
            .fields
            .iter()
            .filter(|(k, _)| !matches!(k.as_str(), "name" | "votes" | "score" | "selected" | "latitude" | "longitude"))
            .map(|(k, v)| format!("{k}: {v}"))
            .collect::<Vec<_>>()
            .join("\n");
        let location = match (p.fields.get("latitude"), p.fields.get("longitude")) {
            (Some(lat), Some(lon)) => {
                yoriai_domain::geo::LatLon::parse(lat, lon).ok().map(|l| (l.lat.get(), l.lon.get()))
            }
            _ => None,
        };
        projects.push(PlannedProject { external_id: p.id.clone(), title, description, cost, location });
    }
    let mut seen = std::collections::HashSet::new();
    let mut ballots = Vec::with_capacity(inst.voters.len());
    let mut max_points = 0i64;
    for v in &inst.voters {
        let mut lines = Vec::with_capacity(v.ballot.len());
        let mut total = 0i64;
        for (pos, &idx) in v.ballot.iter().enumerate() {
            let pts = if points_ballots {
                match v.points.as_ref().and_then(|p| p.get(pos)).and_then(whole) {
                    Some(p) if p > 0 && p <= i64::from(i32::MAX) => p as i32,
                    // Zero points mean "not chosen" in a cumulative ballot.
                    Some(0) => continue,
                    _ => {
                        problems.push((0, "fractional_points".into()));
                        continue;
                    }
                }
            } else {
                1
            };
            total += i64::from(pts);
            lines.push((idx as usize, pts));
        }
        max_points = max_points.max(total);
        // Voter ids are unique per budget; repeated ids in a file (a warning in
        // Pabulib) get a suffix, and each row still counts as one voter.
        let mut voter_id = v.id.clone();
        let mut n = 2;
        while !seen.insert(voter_id.clone()) {
            voter_id = format!("{}#{n}", v.id);
            n += 1;
        }
        ballots.push(PlannedBallot { voter_id, lines });
    }
    if !problems.is_empty() {
        problems.sort();
        problems.dedup();
        return Err(problems_rejection(problems.into_iter()));
    }
    let meta = |k: &str| inst.meta_value(k).map(str::trim).filter(|v| !v.is_empty()).map(str::to_owned);
    let source = meta("description").unwrap_or_else(|| file_name.to_owned());
    let title: String = source.chars().take(150).collect();
    let title = if title.chars().count() < 2 { format!("Imported {title}") } else { title };
    let currency = meta("currency")
        .map(|c| c.to_ascii_uppercase())
        .filter(|c| c.len() == 3 && c.chars().all(|ch| ch.is_ascii_uppercase()))
        .unwrap_or_else(|| "XXX".into());
    let rule_named = meta("rule").unwrap_or_default().to_ascii_lowercase();
    let tally_rule = if rule_named.contains("equal") || rule_named.contains("mes") {
        TallyRule::EqualShares
    } else {
        TallyRule::GreedyVotes
    };
    let unit = meta("district").or_else(|| meta("unit")).unwrap_or_else(|| "—".into());
    let unit: String = unit.chars().take(100).collect();
    let description = [
        meta("country"),
        meta("unit"),
        meta("instance"),
        meta("date_begin").map(|d| format!("{d} – {}", meta("date_end").unwrap_or_default())),
        Some(format!("Pabulib: {file_name}")),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join("\n");
    let to_i32 = |v: Option<u64>| v.map(|v| v.min(10_000) as i32).filter(|v| *v > 0);
    Ok(Plan {
        title,
        description,
        source,
        unit,
        currency,
        amount: amount.unwrap_or(1),
        ballot_rule,
        tally_rule,
        min_projects: if ballot_rule == BallotRule::Approval { to_i32(inst.limits.min_length) } else { None },
        max_projects: if ballot_rule == BallotRule::Approval {
            to_i32(inst.limits.max_length).or((inst.vote_type == VoteType::Choose1).then_some(1))
        } else {
            None
        },
        points: if points_ballots {
            inst.limits.max_sum_points.as_ref().and_then(whole).or(Some(max_points)).map(|p| p.clamp(1, 1_000) as i32)
        } else {
            None
        },
        projects,
        ballots,
    })
}
