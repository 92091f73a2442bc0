//! Read models of the street-report pages.

use crate::{Bilingual, ImageView, Named, Permission};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use yoriai_domain::{
    AlertId, ClientId, DepartmentId, DistrictId, QuestionId, ReportCategoryId, ReportId, ReportUpdateId, TemplateId,
    UserId,
};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuestionView {
    pub id: QuestionId,
    pub code: String,
    pub kind: yoriai_domain::report::QuestionKind,
    pub label: Bilingual,
    pub required: bool,
    /// List options: (key, label).
    pub options: Vec<(String, Bilingual)>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CategoryView {
    pub id: ReportCategoryId,
    pub code: String,
    pub name: Bilingual,
    pub description: Bilingual,
    pub group: String,
    pub keywords: String,
    pub enabled: bool,
    pub department_id: Option<DepartmentId>,
    pub questions: Vec<QuestionView>,
}

/// Where maps start and what they draw on.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MapConfig {
    /// Tile URL template (`{z}/{x}/{y}`); empty: no background tiles.
    pub tile_url: String,
    pub attribution: String,
    pub center_lat: f64,
    pub center_lon: f64,
    pub zoom: i32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReportCard {
    pub id: ReportId,
    pub title: String,
    pub category: Bilingual,
    /// One of `domain::report::ReportState`'s names.
    pub state: yoriai_domain::report::ReportState,
    pub created_at: String,
    pub me_too_count: i32,
    pub district: Option<Bilingual>,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    pub address: Option<String>,
    pub photo: Option<ImageView>,
    /// From the point the list was sorted by, in metres.
    pub distance_m: Option<i64>,
    /// The viewer's own report (no "me too" on it).
    #[serde(default)]
    pub own: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReportList {
    pub items: Vec<ReportCard>,
    /// Cursor of the next page, if any.
    pub next: Option<String>,
    pub categories: Vec<Named<ReportCategoryId>>,
    pub districts: Vec<Named<DistrictId>>,
    pub map: MapConfig,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimelineEntry {
    pub id: ReportUpdateId,
    pub kind: yoriai_domain::report::UpdateKind,
    pub public: bool,
    pub state_from: Option<yoriai_domain::report::ReportState>,
    pub state_to: Option<yoriai_domain::report::ReportState>,
    pub body_html: String,
    /// Staff see who wrote it; the public sees the department.
    pub author: Option<String>,
    pub created_at: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TemplateView {
    pub id: TemplateId,
    pub department_id: Option<DepartmentId>,
    pub title: String,
    pub body: Bilingual,
    pub state: Option<yoriai_domain::report::ReportState>,
}

/// What department staff see and may do on a report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffPanel {
    pub department_id: Option<DepartmentId>,
    pub assignee: Option<(yoriai_domain::UserId, String)>,
    /// Colleagues the report can be assigned to.
    pub members: Vec<(yoriai_domain::UserId, String)>,
    pub departments: Vec<Named<DepartmentId>>,
    pub templates: Vec<TemplateView>,
    /// States the report may move to now.
    pub next_states: Vec<yoriai_domain::report::ReportState>,
    /// The reporter left contact details (shown on request, logged).
    pub has_contact: bool,
    pub source: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReportPage {
    pub id: ReportId,
    pub title: String,
    pub description_html: String,
    pub category: Bilingual,
    pub category_id: ReportCategoryId,
    pub state: yoriai_domain::report::ReportState,
    /// Only when the reporter chose to show it.
    pub reporter_name: Option<String>,
    pub created_at: String,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    pub address: Option<String>,
    pub district: Option<Bilingual>,
    pub department: Option<Bilingual>,
    /// (question, answer as shown)
    pub answers: Vec<(Bilingual, Bilingual)>,
    pub photos: Vec<ImageView>,
    pub timeline: Vec<TimelineEntry>,
    pub me_too_count: i32,
    pub me_too_by_me: bool,
    pub following: bool,
    pub can_me_too: Permission,
    pub can_follow: bool,
    pub can_reopen: Permission,
    /// Last day the reporter may reopen it (when fixed).
    pub reopen_until: Option<String>,
    pub confirmed: bool,
    pub can_add_photos: bool,
    pub duplicate_of: Option<(ReportId, String)>,
    pub referred_to: Option<String>,
    pub signed_in: bool,
    pub mine: bool,
    pub staff: Option<StaffPanel>,
    pub map: MapConfig,
    /// Council decisions on it and the results that carry it out.
    #[serde(default)]
    pub outcomes: crate::accountability::Outcomes,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InboxItem {
    pub card: ReportCard,
    pub department: Option<Bilingual>,
    pub assignee: Option<String>,
    /// Days since the last change of state.
    pub waiting_days: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InboxPage {
    pub items: Vec<InboxItem>,
    pub next: Option<String>,
    /// Reports per state in the departments shown.
    pub counts: Vec<(yoriai_domain::report::ReportState, i64)>,
    pub departments: Vec<Named<DepartmentId>>,
    pub my_departments: Vec<DepartmentId>,
    pub categories: Vec<Named<ReportCategoryId>>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NewReportPage {
    pub categories: Vec<CategoryView>,
    pub districts: Vec<Named<DistrictId>>,
    pub signed_in: bool,
    pub display_name: Option<String>,
    /// Open reports of the chosen category near the chosen point.
    pub nearby: Vec<ReportCard>,
    pub map: MapConfig,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DepartmentView {
    pub id: DepartmentId,
    pub name: Bilingual,
    pub is_default: bool,
    /// (user id, display name, email)
    pub members: Vec<(UserId, String, String)>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClientView {
    pub id: ClientId,
    pub name: String,
    pub created_at: String,
    pub last_used_at: Option<String>,
    pub revoked: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReportSettingsPage {
    pub departments: Vec<DepartmentView>,
    pub categories: Vec<CategoryView>,
    /// (category id, district id, department id)
    pub routes: Vec<(ReportCategoryId, DistrictId, DepartmentId)>,
    pub districts: Vec<Named<DistrictId>>,
    pub templates: Vec<TemplateView>,
    pub clients: Vec<ClientView>,
}

/// A reporter's contact details, for staff (each view is logged).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReporterContact {
    pub name: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    /// The account's display name and email, when reported while signed in.
    pub account: Option<(String, String)>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AlertView {
    pub id: AlertId,
    pub district: Option<Bilingual>,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    pub radius_m: Option<i32>,
    /// The Atom feed of the same area.
    pub feed: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AlertsPage {
    pub alerts: Vec<AlertView>,
    pub districts: Vec<Named<DistrictId>>,
    pub map: MapConfig,
}

/// What the category form of the street-report settings sends.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct CategoryInput {
    pub code: String,
    pub name_ja: String,
    pub name_en: String,
    pub description_ja: String,
    pub description_en: String,
    pub group_name: String,
    pub keywords: String,
    #[serde(deserialize_with = "crate::input::checkbox")]
    pub enabled: bool,
    #[serde(deserialize_with = "crate::input::opt_id")]
    pub department_id: Option<DepartmentId>,
}

/// What the form adding a category's extra question sends.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct QuestionInput {
    pub code: String,
    pub kind: String,
    pub label_ja: String,
    pub label_en: String,
    #[serde(deserialize_with = "crate::input::checkbox")]
    pub required: bool,
    /// For lists: one option per line, `key|日本語|English`.
    pub options: String,
}

/// What a reporter typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ReportInput {
    #[serde(deserialize_with = "crate::input::opt_id")]
    pub category_id: Option<ReportCategoryId>,
    pub title: String,
    pub description: String,
    pub latitude: String,
    pub longitude: String,
    pub address: String,
    /// Chosen when there is no pin, so the report can still be routed.
    #[serde(deserialize_with = "crate::input::opt_id")]
    pub district_id: Option<DistrictId>,
    /// Answers by question code (the form names them `answers[code]`).
    pub answers: BTreeMap<String, String>,
    #[serde(deserialize_with = "crate::input::checkbox")]
    pub show_name: bool,
    /// Without an account: who to ask for confirmation and send updates to.
    pub name: String,
    pub email: String,
    pub phone: String,
    /// The client's address, for the limit on confirmation mail it may ask for: set by
    /// the server from the request, never read from the form.
    #[serde(skip)]
    pub client: Option<std::net::IpAddr>,
}

/// What the response-template form sends: for one department or all (none), and
/// optionally the state it goes with (a word; empty for none).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct TemplateInput {
    #[serde(deserialize_with = "crate::input::opt_id")]
    pub department_id: Option<DepartmentId>,
    pub title: String,
    pub body_ja: String,
    pub body_en: String,
    pub state: String,
}

/// What staff send to change a report's state: a public text (or a template's text when
/// it is empty) and, for "referred", where it went.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct StateInput {
    pub state: String,
    pub body: String,
    #[serde(deserialize_with = "crate::input::opt_id")]
    pub template_id: Option<TemplateId>,
    pub referred_to: String,
}

/// What the alert form sends: a district, or a point and a radius in metres.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct AlertInput {
    #[serde(deserialize_with = "crate::input::opt_id")]
    pub district_id: Option<DistrictId>,
    pub latitude: String,
    pub longitude: String,
    pub radius_m: String,
}

/// What the department form sends.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct DepartmentInput {
    pub name_ja: String,
    pub name_en: String,
    #[serde(deserialize_with = "crate::input::checkbox")]
    pub is_default: bool,
}

/// What the staff's public update form sends: the text, or a response template to start from.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct PublicUpdateInput {
    pub body: String,
    #[serde(deserialize_with = "crate::input::opt_id")]
    pub template_id: Option<TemplateId>,
}

/// What a routing cell sends: for this category in this district, this department (none:
/// the category's default).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct RouteInput {
    #[serde(deserialize_with = "crate::input::opt_id")]
    pub district_id: Option<DistrictId>,
    #[serde(deserialize_with = "crate::input::opt_id")]
    pub department_id: Option<DepartmentId>,
}
