//! What the report pages show: the public list and map data, a report with its
//! timeline, the new-report form, the department inbox and the staff settings page
//! (area alerts and the Atom feeds are in `feed.rs`).

use super::{facts, in_department, load_for};
use crate::{city_date, city_time, ServiceResult, Services};
use yoriai_domain::geo::{haversine_m, BoundingBox, LatLon};
use yoriai_domain::report::{staff_may_move, QuestionKind, ReportState};
use yoriai_domain::text::render;
use yoriai_domain::{authorize, Action, Actor, DistrictId, ErrorCode, Rejection, ReportCategoryId, ReportId, Role};
use yoriai_store::report_settings::{self as rs, CategoryRow, QuestionRow};
use yoriai_store::reports::{self, Cursor, ListQuery, Order, ReportRow, StateSet};
use yoriai_store::uploads::UploadRow;
use yoriai_store::{users, DbConn};
use yoriai_views::reports::{
    CategoryView, ClientView, DepartmentView, InboxItem, InboxPage, MapConfig, NewReportPage, QuestionView, ReportCard,
    ReportList, ReportPage, ReportSettingsPage, StaffPanel, TemplateView, TimelineEntry,
};
use yoriai_views::{Bilingual, ImageView, Named, Permission};

mod inbox;
mod list;
mod page;
mod settings;

pub use inbox::*;
pub use list::*;
pub use page::*;
pub use settings::*;

pub(crate) fn map_config(svc: &Services) -> MapConfig {
    let (center_lat, center_lon, zoom) = svc.map_view();
    let (tile_url, attribution) = svc.map_tiles();
    MapConfig { tile_url, attribution, center_lat, center_lon, zoom }
}

fn image(u: &UploadRow) -> ImageView {
    ImageView { id: u.id, key: u.storage_key.clone(), alt: u.alt_text.clone(), width: u.width, height: u.height }
}

fn question_view(q: &QuestionRow) -> QuestionView {
    QuestionView {
        id: q.id,
        code: q.code.clone(),
        kind: q.kind,
        label: Bilingual::new(&q.label_ja, &q.label_en),
        required: q.required,
        options: q.option_list().into_iter().map(|(k, ja, en)| (k, Bilingual::new(ja, en))).collect(),
    }
}

fn category_view(c: &CategoryRow, questions: &[QuestionRow]) -> CategoryView {
    CategoryView {
        id: c.id,
        code: c.code.clone(),
        name: Bilingual::new(&c.name_ja, &c.name_en),
        description: Bilingual::new(&c.description_ja, &c.description_en),
        group: c.group_name.clone(),
        keywords: c.keywords.clone(),
        enabled: c.enabled,
        department_id: c.department_id,
        questions: questions.iter().filter(|q| q.category_id == c.id).map(question_view).collect(),
    }
}

/// Names the lists need, loaded once per page.
pub(crate) struct Names {
    pub categories: Vec<CategoryRow>,
    pub districts: Vec<Named<DistrictId>>,
}

impl Names {
    pub fn load(conn: &mut DbConn) -> ServiceResult<Names> {
        Ok(Names { categories: rs::categories(conn, false)?, districts: crate::processes::district_names(conn)? })
    }

    pub fn category(&self, id: ReportCategoryId) -> Bilingual {
        self.categories.iter().find(|c| c.id == id).map(|c| Bilingual::new(&c.name_ja, &c.name_en)).unwrap_or_default()
    }

    pub fn district(&self, id: Option<DistrictId>) -> Option<Bilingual> {
        id.and_then(|d| self.districts.iter().find(|n| n.id == d)).map(|n| n.name.clone())
    }

    pub fn category_options(&self, enabled_only: bool) -> Vec<Named<ReportCategoryId>> {
        self.categories
            .iter()
            .filter(|c| c.enabled || !enabled_only)
            .map(|c| Named { id: c.id, name: Bilingual::new(&c.name_ja, &c.name_en) })
            .collect()
    }
}

pub(crate) fn card(r: &ReportRow, names: &Names, photos: &[(ReportId, UploadRow)], from: Option<LatLon>) -> ReportCard {
    let distance_m = match (from, r.latitude, r.longitude) {
        (Some(p), Some(lat), Some(lon)) => LatLon::new(lat, lon).ok().map(|q| haversine_m(p, q).round() as i64),
        _ => None,
    };
    ReportCard {
        id: r.id,
        title: r.title.clone(),
        category: names.category(r.category_id),
        state: r.state,
        created_at: city_time(r.created_at),
        me_too_count: r.me_too_count,
        district: names.district(r.district_id),
        latitude: r.latitude,
        longitude: r.longitude,
        address: r.address.clone(),
        photo: photos.iter().find(|(id, _)| *id == r.id).map(|(_, u)| image(u)),
        distance_m,
        own: false,
    }
}

fn states_of(filter: &str) -> Result<StateSet, ErrorCode> {
    Ok(match filter.trim() {
        "" | "all" => StateSet::All,
        "open" => StateSet::These(ReportState::with_status(true)),
        // The single state `open` (reported, not yet acknowledged): "open" above means
        // every state still open.
        "new" => StateSet::These(vec![ReportState::Open]),
        "closed" => StateSet::These(ReportState::with_status(false)),
        s => StateSet::These(vec![ReportState::parse(s).ok_or(ErrorCode::InvalidInput)?]),
    })
}
