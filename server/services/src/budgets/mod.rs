//! Participatory budgets: staff set budgets, headings and projects up, valuators review
//! projects, residents build and confirm ballots, staff close voting, the domain's
//! tally rules compute results, and anyone checks a receipt or downloads the ballots
//! as a Pabulib file.

mod ballot;
mod dashboard;
mod manage;
mod pages;
mod pbfile;
mod tally;

pub use ballot::*;
pub use manage::*;
pub(crate) use pages::project_links;
pub use pages::*;
pub use pbfile::*;
pub use tally::*;

use crate::processes::{load, LoadedProcess, ProcessRef};
use crate::ServiceResult;
use yoriai_domain::budget::{BallotLimits, BallotRule, BudgetState, TallyRule};
use yoriai_domain::text::render;
use yoriai_domain::{
    authorize, Action, Actor, BudgetFacts, BudgetId, ErrorCode, HeadingId, ProcessId, Rejection, UserId,
};
use yoriai_store::budgets::{self, BudgetRow, HeadingRow};
use yoriai_store::DbConn;
use yoriai_views::budgets::BudgetInfo;
use yoriai_views::Bilingual;

/// Participatory budgets and their projects (see `crate::features`).
pub const MANIFEST: crate::features::Manifest = crate::features::Manifest {
    name: "budgets",
    datasets: &[
        crate::opendata::Dataset {
            name: "budgets",
            title: "Participatory budgets",
            fields: &[
                crate::opendata::ID,
                ("process_id", "integer", true, "processes.id"),
                ("title_ja", "string", true, "Title in Japanese."),
                ("title_en", "string", false, "Title in English."),
                ("currency", "string", true, "ISO 4217 currency code."),
                ("ballot_rule", "string", true, "knapsack, approval, min_share or cumulative."),
                ("tally_rule", "string", true, "greedy or equal_shares."),
                ("state", "string", true, "informing, voting, closed or published."),
                ("results_published_at", "datetime", false, "When the results were published (UTC)."),
            ],
            fetch: yoriai_store::opendata::budgets,
        },
        crate::opendata::Dataset {
            name: "budget_projects",
            title: "Budget projects and their results",
            fields: &[
                crate::opendata::ID,
                ("budget_id", "integer", true, "budgets.id"),
                ("heading_id", "integer", true, "The district budget (heading) the project belongs to."),
                ("title", "string", true, "Title."),
                ("description", "string", false, "Description."),
                ("cost", "integer", true, "Cost in the budget's currency."),
                ("feasibility", "string", true, "undecided, feasible or unfeasible."),
                ("feasibility_reason", "string", false, "The published reason of the review."),
                ("proposal_id", "integer", false, "The proposal the project came from (proposals.id)."),
                ("votes", "integer", false, "Votes, once the results are published."),
                ("selected", "boolean", true, "Funded, once the results are published."),
            ],
            fetch: yoriai_store::opendata::projects,
        },
    ],
    search: &[yoriai_domain::item::ItemKind::Project],
    notifications: &[],
    figures: Some(dashboard::FIGURES),
};

/// A budget with its process and headings, as commands and pages load it.
pub struct LoadedBudget {
    pub row: BudgetRow,
    pub state: BudgetState,
    pub process: LoadedProcess,
    pub headings: Vec<HeadingRow>,
}

impl LoadedBudget {
    pub fn heading(&self, id: HeadingId) -> Option<&HeadingRow> {
        self.headings.iter().find(|h| h.id == id)
    }

    pub fn ballot_rule(&self) -> BallotRule {
        self.row.ballot_rule
    }

    pub fn tally_rule(&self) -> TallyRule {
        self.row.tally_rule
    }

    pub fn limits(&self, heading: &HeadingRow) -> BallotLimits {
        limits(&self.row, heading)
    }

    /// What the policy needs to decide on a vote in `heading`.
    pub fn facts(&self, heading: &HeadingRow) -> BudgetFacts {
        BudgetFacts {
            state: self.state,
            requires_verification: self.row.requires_verification,
            heading_district: heading.district_id,
        }
    }

    pub fn info(&self) -> BudgetInfo {
        info(&self.row, &self.process, &self.headings)
    }

    /// The process the budget belongs to, for process-scoped staff rights.
    pub fn in_process(&self) -> Option<ProcessId> {
        Some(self.row.process_id)
    }

    /// The budget, if the actor manages budgets in its process.
    pub fn managed_by(self, actor: &Actor) -> ServiceResult<Self> {
        authorize(actor, &Action::ManageBudgets { process: self.in_process() })?;
        Ok(self)
    }

    /// The budget, if the actor valuates projects in its process.
    pub fn valuated_by(self, actor: &Actor) -> ServiceResult<Self> {
        authorize(actor, &Action::ValuateProjects { process: self.in_process() })?;
        Ok(self)
    }

    /// Whether the actor may see the results in the budget's state.
    pub fn tally_for(&self, actor: &Actor) -> Result<(), yoriai_domain::Denied> {
        authorize(actor, &Action::ViewTally { state: self.state, process: self.in_process() })
    }
}

pub(crate) fn limits(budget: &BudgetRow, heading: &HeadingRow) -> BallotLimits {
    BallotLimits {
        rule: budget.ballot_rule,
        amount: heading.amount,
        min_projects: budget.min_projects,
        max_projects: budget.max_projects,
        min_share_percent: budget.min_share_percent,
        points: budget.points,
    }
}

pub(crate) fn info(row: &BudgetRow, process: &LoadedProcess, headings: &[HeadingRow]) -> BudgetInfo {
    BudgetInfo {
        id: row.id,
        process_slug: process.row.slug.clone(),
        process_title: Bilingual::new(&process.row.title_ja, &process.row.title_en),
        title: Bilingual::new(&row.title_ja, &row.title_en),
        description: Bilingual::new(&row.description_ja, &row.description_en),
        description_html: Bilingual::new(render(&row.description_ja), render(&row.description_en)),
        currency: row.currency.clone(),
        state: row.state,
        ballot_rule: row.ballot_rule,
        min_projects: row.min_projects,
        max_projects: row.max_projects,
        min_share_percent: row.min_share_percent,
        points: row.points,
        tally_rule: row.tally_rule,
        requires_verification: row.requires_verification,
        total_amount: headings.iter().map(|h| h.amount).sum(),
        imported_from: row.imported_from.clone(),
        tallied_rule: row.tallied_rule.clone(),
    }
}

/// Loads a budget the actor may see (budgets in preparation only for staff, and only
/// in processes the actor may see).
pub fn load_budget(conn: &mut DbConn, actor: &Actor, id: BudgetId) -> ServiceResult<LoadedBudget> {
    let row = budgets::find_budget(conn, id)?.ok_or(Rejection::new(ErrorCode::NotFound))?;
    let state = row.state;
    authorize(actor, &Action::ViewBudget { state, process: Some(row.process_id) })?;
    let process = load(conn, actor, ProcessRef::Id(row.process_id))?;
    let headings = budgets::headings_of(conn, id)?;
    Ok(LoadedBudget { row, state, process, headings })
}

pub(crate) fn user_id(actor: &Actor) -> UserId {
    actor.user_id().unwrap_or_default()
}

/// An amount of money as typed: digits with optional thousands separators, a currency
/// sign or 円, full-width digits. Whole units only, more than zero.
pub fn parse_amount(raw: &str) -> Result<i64, ErrorCode> {
    let mut digits = String::new();
    for c in raw.trim().chars() {
        let c = match c {
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
            c => c,
        };
        match c {
            '0'..='9' => digits.push(c),
            ',' | '，' | ' ' | '_' | '¥' | '￥' | '円' | '$' | '€' => {}
            _ => return Err(ErrorCode::NotANumber),
        }
    }
    if digits.is_empty() {
        return Err(ErrorCode::Required);
    }
    let v: i64 = digits.parse().map_err(|_| ErrorCode::NotANumber)?;
    if v <= 0 || v > 1_000_000_000_000_000 {
        return Err(ErrorCode::NotANumber);
    }
    Ok(v)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_accept_what_people_type() {
        assert_eq!(parse_amount("1,000,000"), Ok(1_000_000));
        assert_eq!(parse_amount("¥ 25,000"), Ok(25_000));
        assert_eq!(parse_amount("３００万"), Err(ErrorCode::NotANumber));
        assert_eq!(parse_amount("３００００円"), Ok(30_000));
        assert_eq!(parse_amount(""), Err(ErrorCode::Required));
        assert_eq!(parse_amount("0"), Err(ErrorCode::NotANumber));
        assert_eq!(parse_amount("-5"), Err(ErrorCode::NotANumber));
        assert_eq!(parse_amount("12.5"), Err(ErrorCode::NotANumber));
        assert_eq!(parse_amount("99999999999999999999999"), Err(ErrorCode::NotANumber));
    }
}
