//! Read models of the participatory-budget pages.

use crate::{Bilingual, ImageView, Named, Permission};
use serde::{Deserialize, Serialize};
use yoriai_domain::{BudgetId, CategoryId, DistrictId, HeadingId, ProjectId};

/// A budget as every budget page shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BudgetInfo {
    pub id: BudgetId,
    pub process_slug: String,
    pub process_title: Bilingual,
    pub title: Bilingual,
    pub description: Bilingual,
    /// Rendered descriptions (safe HTML from `domain::text`).
    pub description_html: Bilingual,
    pub currency: String,
    /// `preparing`, `informing`, `voting`, `closed` or `published`.
    pub state: yoriai_domain::budget::BudgetState,
    /// `knapsack`, `approval`, `min_share` or `cumulative`.
    pub ballot_rule: yoriai_domain::budget::BallotRule,
    pub min_projects: Option<i32>,
    pub max_projects: Option<i32>,
    pub min_share_percent: Option<i32>,
    pub points: Option<i32>,
    /// `greedy_votes` or `equal_shares`.
    pub tally_rule: yoriai_domain::budget::TallyRule,
    pub requires_verification: bool,
    /// Sum of the headings' amounts.
    pub total_amount: i64,
    pub imported_from: Option<String>,
    /// The rule the stored results were computed with.
    pub tallied_rule: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BudgetSummary {
    pub info: BudgetInfo,
    pub heading_count: usize,
    pub project_count: usize,
    pub ballot_count: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HeadingView {
    pub id: HeadingId,
    pub name: Bilingual,
    pub district: Option<Named<DistrictId>>,
    pub amount: i64,
    /// Confirmed ballots.
    pub ballot_count: i32,
    /// Accounts that could vote here when voting closed.
    pub eligible_count: Option<i32>,
    pub funded_cost: Option<i64>,
    pub project_count: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProjectCard {
    pub id: ProjectId,
    pub heading_id: HeadingId,
    pub title: String,
    /// The description's first lines, plain text.
    pub summary: String,
    pub cost: i64,
    pub category: Option<Named<CategoryId>>,
    /// `pending`, `feasible` or `unfeasible`.
    pub feasibility: yoriai_domain::budget::Feasibility,
    pub feasibility_reason: String,
    pub image: Option<ImageView>,
    pub proposal_id: Option<yoriai_domain::ProposalId>,
    /// In the viewer's ballot, with the points given (1 unless cumulative).
    pub in_ballot: Option<i32>,
    /// Whether adding it to the viewer's ballot would keep the ballot within the rule.
    pub fits: bool,
    /// Results (after the tally).
    pub votes: Option<i64>,
    pub selected: bool,
    pub selection_order: Option<i32>,
}

/// The viewer's ballot.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BallotView {
    pub heading_id: HeadingId,
    pub checked_out: bool,
    pub line_count: i32,
    pub total_cost: i64,
    pub total_points: i32,
    /// The heading's amount.
    pub amount: i64,
    /// Projects in the ballot: (id, title, cost, points).
    pub lines: Vec<(ProjectId, String, i64, i32)>,
    /// Why the ballot cannot be confirmed yet (an error code), if it cannot.
    pub checkout_blocked_by: Option<String>,
    pub checked_out_at: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BudgetPage {
    pub info: BudgetInfo,
    pub headings: Vec<HeadingView>,
    /// The heading whose projects are listed (the ballot's, the one asked for, or the first).
    pub heading_id: Option<HeadingId>,
    /// Projects of that heading that are on the ballot (or all, for staff).
    pub projects: Vec<ProjectCard>,
    pub ballot: Option<BallotView>,
    pub can_vote: Permission,
    pub signed_in: bool,
    pub can_manage: bool,
    pub can_valuate: bool,
    pub can_view_tally: bool,
    /// Projects not shown because they were found unfeasible (listed separately with reasons).
    pub unfeasible: Vec<ProjectCard>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProjectPage {
    pub info: BudgetInfo,
    pub id: ProjectId,
    pub heading: HeadingView,
    pub title: String,
    pub description: String,
    pub description_html: String,
    pub cost: i64,
    pub category: Option<Named<CategoryId>>,
    pub address: Option<String>,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    pub feasibility: yoriai_domain::budget::Feasibility,
    pub feasibility_reason: String,
    pub valuated_at: Option<String>,
    pub images: Vec<ImageView>,
    /// The proposal it came from: (id, title).
    pub proposal: Option<(yoriai_domain::ProposalId, String)>,
    pub external_id: Option<String>,
    pub votes: Option<i64>,
    pub selected: bool,
    pub tally_visible: bool,
    pub in_ballot: Option<i32>,
    pub fits: bool,
    pub ballot: Option<BallotView>,
    pub can_vote: Permission,
    pub signed_in: bool,
    pub can_manage: bool,
    pub can_valuate: bool,
    pub categories: Vec<Named<CategoryId>>,
    /// Council decisions on it and the results that carry it out.
    #[serde(default)]
    pub outcomes: crate::accountability::Outcomes,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResultRow {
    pub id: ProjectId,
    pub title: String,
    pub cost: i64,
    pub votes: i64,
    pub selected: bool,
    pub selection_order: Option<i32>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HeadingTally {
    pub heading: HeadingView,
    /// Projects by votes (most first), ties by id.
    pub rows: Vec<ResultRow>,
    pub funded_cost: i64,
    /// Funded projects in the order the rule picked them.
    pub funded_in_order: Vec<(ProjectId, String, i64)>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TallyPage {
    pub info: BudgetInfo,
    pub headings: Vec<HeadingTally>,
    pub published: bool,
    pub tallied_at: Option<String>,
    pub total_ballots: i64,
    pub can_manage: bool,
}

/// A budget project made from a proposal, as the proposal page links to it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProjectLink {
    pub id: ProjectId,
    pub budget_id: BudgetId,
    pub budget_title: Bilingual,
    pub title: String,
    /// Funded or not, once the results are public.
    pub funded: Option<bool>,
}

/// The answer to "is my ballot counted?".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReceiptCheck {
    pub voter_id: String,
    pub heading: Bilingual,
    /// The projects on the counted ballot: (title, points).
    pub projects: Vec<(String, i32)>,
}

/// What staff see on a budget's console page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AdminBudgetPage {
    pub info: BudgetInfo,
    pub headings: Vec<HeadingView>,
    /// Every project, with feasibility (staff see pending and unfeasible ones too).
    pub projects: Vec<ProjectCard>,
    pub districts: Vec<Named<DistrictId>>,
    pub categories: Vec<Named<CategoryId>>,
    /// Published proposals of the process not made into a project yet: (id, title, answer state).
    pub promotable: Vec<(yoriai_domain::ProposalId, String, Option<String>)>,
    pub pending_count: usize,
    pub next_state: Option<String>,
    pub can_manage: bool,
    pub can_valuate: bool,
}

/// What the budget form sends (a new budget and an edit).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
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
    #[serde(deserialize_with = "crate::input::checkbox")]
    pub requires_verification: bool,
    /// Only when creating: the amount of the first (city-wide) heading.
    pub amount: String,
}

/// What the project form sends (a new project and an edit).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ProjectInput {
    #[serde(deserialize_with = "crate::input::opt_id")]
    pub heading_id: Option<HeadingId>,
    pub title: String,
    pub description: String,
    pub cost: String,
    #[serde(deserialize_with = "crate::input::opt_id")]
    pub category_id: Option<yoriai_domain::CategoryId>,
    pub address: String,
    pub latitude: String,
    pub longitude: String,
}

/// What the heading form sends (a new heading names its budget beside it).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct HeadingInput {
    pub name_ja: String,
    pub name_en: String,
    #[serde(deserialize_with = "crate::input::opt_id")]
    pub district_id: Option<DistrictId>,
    pub amount: String,
}

/// What the "make a project of this proposal" form sends.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct PromoteInput {
    #[serde(deserialize_with = "crate::input::opt_id")]
    pub proposal_id: Option<yoriai_domain::ProposalId>,
    #[serde(deserialize_with = "crate::input::opt_id")]
    pub heading_id: Option<HeadingId>,
    pub cost: String,
}

/// What the valuation form sends.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ValuationInput {
    /// `feasible`, `unfeasible` or `pending`.
    pub feasibility: String,
    /// Published with the decision; required when unfeasible.
    pub reason: String,
    /// A corrected cost, or empty to keep it.
    pub cost: String,
}

/// What "add to my ballot" sends: the points given (cumulative and approval-with-points
/// votes) and the page to return to.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct BallotInput {
    pub points: String,
    pub back: Option<String>,
}
