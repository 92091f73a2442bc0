//! Read models of council decisions, accountability results and the KPI dashboard.

use crate::{Bilingual, ImageView};
use serde::{Deserialize, Serialize};
use yoriai_domain::item::ItemKind;
use yoriai_domain::{DecisionId, DocumentId, ProcessId, ResultId, ResultUpdateId};

/// Something a decision or result points at, or a search hit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LinkedItem {
    pub item_type: ItemKind,
    pub id: i64,
    pub title: String,
}

impl LinkedItem {
    pub fn href(&self) -> String {
        format!("{}/{}", self.item_type.base_path(), self.id)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DecisionSummary {
    pub id: DecisionId,
    pub title: Bilingual,
    pub body_name: String,
    /// `YYYY-MM-DD`.
    pub decided_on: String,
    /// `approved`, `rejected`, `deferred` or `amended`.
    pub outcome: yoriai_domain::accountability::Outcome,
    /// Members' votes for, against, abstaining, when the council published them.
    pub votes: Option<(i32, i32, i32)>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocumentView {
    pub id: DocumentId,
    pub file_name: String,
    pub bytes: i64,
}

/// A decision's edit form: its id and the fields the form sends, as saved.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct DecisionForm {
    pub id: Option<DecisionId>,
    pub input: DecisionInput,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DecisionPage {
    pub summary: DecisionSummary,
    pub body_html: Bilingual,
    pub links: Vec<LinkedItem>,
    pub documents: Vec<DocumentView>,
    pub results: Vec<ResultSummary>,
    pub can_edit: bool,
    pub form: Option<DecisionForm>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DecisionList {
    pub items: Vec<DecisionSummary>,
    /// The `before` cursor of the next page.
    pub next: Option<String>,
    pub can_publish: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResultSummary {
    pub id: ResultId,
    pub title: Bilingual,
    /// `not_started`, `in_progress`, `completed`, `cancelled` or `custom`.
    pub status: yoriai_domain::accountability::ResultStatus,
    /// The city's own name for a `custom` status.
    pub custom_status: Option<Bilingual>,
    pub progress: i32,
    pub parent_id: Option<ResultId>,
    pub child_count: i32,
    pub starts_on: Option<String>,
    pub ends_on: Option<String>,
    pub budget: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResultUpdateView {
    pub id: ResultUpdateId,
    pub body_html: String,
    pub progress: Option<i32>,
    pub status: Option<yoriai_domain::accountability::ResultStatus>,
    pub image: Option<ImageView>,
    pub created_at: String,
}

/// A result's edit form: its id and the fields the form sends, as saved.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct ResultForm {
    pub id: Option<ResultId>,
    pub input: ResultInput,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResultPage {
    pub summary: ResultSummary,
    pub description_html: Bilingual,
    pub parent: Option<(ResultId, Bilingual)>,
    pub children: Vec<ResultSummary>,
    pub links: Vec<LinkedItem>,
    pub updates: Vec<ResultUpdateView>,
    pub can_manage: bool,
    pub form: Option<ResultForm>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResultList {
    pub items: Vec<ResultSummary>,
    /// The `after` cursor of the next page.
    pub next: Option<ResultId>,
    pub can_manage: bool,
}

/// What became of an item: the decisions on it and the results that carry it out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Outcomes {
    pub decisions: Vec<DecisionSummary>,
    pub results: Vec<ResultSummary>,
}

impl Outcomes {
    pub fn is_empty(&self) -> bool {
        self.decisions.is_empty() && self.results.is_empty()
    }
}

/// A figure of the dashboard: `key` names it (`participants`, `answered_share`, …).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Figure {
    pub key: String,
    pub value: f64,
    pub share: bool,
}

/// One row of a "reports by category / department" table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReportStat {
    pub label: Bilingual,
    pub received: i64,
    pub fixed: i64,
    pub median_days_to_fix: Option<f64>,
}

/// Turnout of one district budget.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TurnoutRow {
    pub budget: Bilingual,
    pub heading: Bilingual,
    pub ballots: i64,
    pub eligible: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct KpiView {
    pub id: yoriai_domain::KpiId,
    pub name: Bilingual,
    pub metric: String,
    pub process: Option<Bilingual>,
    pub baseline: f64,
    pub target: f64,
    pub target_year: i32,
    pub data_source: String,
    pub update_cycle: String,
    pub current: f64,
    /// Percent of the way from baseline to target.
    pub progress: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Dashboard {
    /// The process the figures are for (`None`: the whole city).
    pub process: Option<(String, Bilingual)>,
    pub processes: Vec<(String, Bilingual)>,
    pub figures: Vec<Figure>,
    pub turnout: Vec<TurnoutRow>,
    pub reports_by_category: Vec<ReportStat>,
    pub reports_by_department: Vec<ReportStat>,
    pub results_by_status: Vec<(String, i64)>,
    /// City-wide: residents per age band among those who agreed to anonymous
    /// statistics (`None`: a group too small to show). Empty when not offered.
    pub age_bands: Vec<(String, Option<i64>)>,
    pub kpis: Vec<KpiView>,
    pub population: Option<i64>,
    pub can_manage: bool,
    /// The current fiscal year (for the KPI form).
    pub fiscal_year: i32,
}

/// The cross search's answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct SearchPage {
    pub query: String,
    /// The kind the results are narrowed to, if any.
    pub kind: Option<ItemKind>,
    pub hits: Vec<LinkedItem>,
    /// Matches per kind, for the filters.
    pub counts: Vec<(ItemKind, i64)>,
    pub page: i64,
    pub has_next: bool,
    /// The query had nothing to search for (only punctuation, one kana…).
    pub no_terms: bool,
}

/// One dataset of the open-data archive and its documented columns.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DatasetView {
    pub name: String,
    pub title: String,
    /// `(name, type, required, description)`.
    pub fields: Vec<(String, String, bool, String)>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OpenDataPage {
    pub datasets: Vec<DatasetView>,
    /// When the archive was written (city time) and its size in bytes.
    pub archive: Option<(String, u64)>,
    pub can_export: bool,
}

/// What the decision form sends.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct DecisionInput {
    #[serde(deserialize_with = "crate::input::opt_id")]
    pub process_id: Option<ProcessId>,
    pub body_name: String,
    pub decided_on: String,
    pub title_ja: String,
    pub title_en: String,
    pub body_ja: String,
    pub body_en: String,
    pub outcome: String,
    pub votes_for: String,
    pub votes_against: String,
    pub votes_abstain: String,
    pub proposal_ids: String,
    pub project_ids: String,
    pub report_ids: String,
}

/// What the result form sends.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ResultInput {
    #[serde(deserialize_with = "crate::input::opt_id")]
    pub process_id: Option<ProcessId>,
    #[serde(deserialize_with = "crate::input::opt_id")]
    pub parent_id: Option<ResultId>,
    pub title_ja: String,
    pub title_en: String,
    pub description_ja: String,
    pub description_en: String,
    pub status: String,
    pub custom_status_ja: String,
    pub custom_status_en: String,
    /// Only for a result without children (a parent's progress is its children's).
    pub progress: String,
    pub starts_on: String,
    pub ends_on: String,
    pub budget: String,
    pub proposal_ids: String,
    pub project_ids: String,
    pub report_ids: String,
    pub decision_ids: String,
}

/// What the KPI form sends.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct KpiInput {
    pub process_slug: String,
    pub name_ja: String,
    pub name_en: String,
    pub metric: String,
    pub baseline: String,
    pub target: String,
    pub target_year: String,
    pub data_source: String,
    pub update_cycle: String,
}
