//! Fix-my-street reports: staff set-up (departments, categories, questions, routes,
//! templates, districts, Open311 keys), reporting (with an account, or confirmed by an
//! emailed link), "me too", follows and alerts, the department inbox (assign, states,
//! public updates, internal notes, merge, move), reopening, Atom feeds and Open311.
//!
//! Privacy: a reporter's name is public only when they chose so; email, phone and the
//! reporter's account never leave staff screens, and each staff view of them is logged.

mod create;
mod dashboard;
mod feed;
mod handle;
mod open311;
mod pages;
mod resident;
mod settings;

pub use create::*;
pub use feed::*;
pub use handle::*;
pub use open311::*;
pub use pages::*;
pub use resident::*;
pub use settings::*;
pub use yoriai_views::reports::{CategoryInput, QuestionInput, ReportInput};

use crate::ServiceResult;
use yoriai_domain::geo::{locate, parse_districts, DistrictOptions, LatLon};
use yoriai_domain::report::ReportState;
use yoriai_domain::{
    authorize, Action, Actor, DepartmentId, DistrictId, ErrorCode, Rejection, ReportCategoryId, ReportFacts, ReportId,
    Role,
};
use yoriai_store::reports::{self, ReportRow};
use yoriai_store::{districts, report_settings, DbConn};

/// Street reports, their categories and the departments that handle them (see `crate::features`).
pub const MANIFEST: crate::features::Manifest = crate::features::Manifest {
    name: "reports",
    datasets: &[
        crate::opendata::Dataset {
            name: "departments",
            title: "City departments",
            fields: &[crate::opendata::ID, ("name_ja", "string", true, "Name in Japanese."), ("name_en", "string", true, "Name in English.")],
            fetch: yoriai_store::opendata::departments,
        },
        crate::opendata::Dataset {
            name: "report_categories",
            title: "Street report categories",
            fields: &[
                crate::opendata::ID,
                ("code", "string", true, "Service code (also used by Open311)."),
                ("name_ja", "string", true, "Name in Japanese."),
                ("name_en", "string", true, "Name in English."),
                ("department_id", "integer", false, "Default department (departments.id)."),
            ],
            fetch: yoriai_store::opendata::report_categories,
        },
        crate::opendata::Dataset {
            name: "reports",
            title: "Street reports (no personal data)",
            fields: &[
                crate::opendata::ID,
                ("category_id", "integer", true, "report_categories.id"),
                ("district_id", "integer", false, "districts.id"),
                ("department_id", "integer", false, "The department handling it (departments.id)."),
                ("title", "string", true, "Title."),
                ("description", "string", false, "Description."),
                (
                    "state",
                    "string",
                    true,
                    "open, acknowledged, in_progress, action_scheduled, fixed, closed, duplicate, not_responsible or referred.",
                ),
                ("latitude", "number", false, "WGS 84 latitude."),
                ("longitude", "number", false, "WGS 84 longitude."),
                ("me_too_count", "integer", true, "Residents who reported the same."),
                ("duplicate_of", "integer", false, "The report this one duplicates (reports.id)."),
                ("created_at", "datetime", true, "When it was reported (UTC)."),
                ("fixed_at", "datetime", false, "When it was marked fixed (UTC)."),
            ],
            fetch: yoriai_store::opendata::reports,
        },
    ],
    search: &[yoriai_domain::item::ItemKind::Report],
    notifications: &[yoriai_domain::notification::NotificationKind::ReportUpdate, yoriai_domain::notification::NotificationKind::ReportNearby],
    figures: Some(dashboard::FIGURES),
};

pub(crate) fn facts(row: &ReportRow) -> ReportFacts {
    ReportFacts {
        reporter: row.reporter_id,
        confirmed: row.confirmed_at.is_some(),
        hidden: row.hidden_at.is_some(),
        state: row.state,
    }
}

/// Loads a report the actor may see (unconfirmed and hidden ones are "not found" to
/// everyone but staff and the reporter).
pub(crate) fn load_for(conn: &mut DbConn, actor: &Actor, id: ReportId) -> ServiceResult<ReportRow> {
    let row = reports::find(conn, id)?.ok_or(Rejection::new(ErrorCode::NotFound))?;
    authorize(actor, &Action::ViewReport { report: facts(&row) })?;
    Ok(row)
}

/// Whether the actor belongs to the report's department (a report without one can be
/// taken by any department's staff).
pub(crate) fn in_department(conn: &mut DbConn, actor: &Actor, row: &ReportRow) -> ServiceResult<bool> {
    let Some(uid) = actor.user_id() else { return Ok(matches!(actor, Actor::System)) };
    if actor.role() == Some(Role::Admin) {
        return Ok(true);
    }
    Ok(match row.department_id {
        Some(d) => report_settings::is_member(conn, d, uid)?,
        None => !report_settings::departments_of(conn, uid)?.is_empty(),
    })
}

/// The district a point is in: districts whose bounding box holds the point are read
/// from their stored GeoJSON and tested exactly (point in polygon).
pub(crate) fn district_at(conn: &mut DbConn, point: LatLon) -> ServiceResult<Option<DistrictId>> {
    let (lat, lon) = (point.lat.get(), point.lon.get());
    let candidates: Vec<_> = districts::list(conn)?
        .into_iter()
        .filter(|d| d.geometry.is_some())
        .filter(|d| match (d.min_lat, d.max_lat, d.min_lon, d.max_lon) {
            (Some(a), Some(b), Some(c), Some(e)) => lat >= a && lat <= b && lon >= c && lon <= e,
            _ => true,
        })
        .collect();
    let mut shapes = Vec::new();
    let mut ids = Vec::new();
    for d in &candidates {
        let Some(geometry) = d.geometry.as_deref() else { continue };
        if let Ok(mut parsed) = parse_districts(geometry.as_bytes(), &DistrictOptions::default()) {
            for shape in parsed.drain(..) {
                shapes.push(shape);
                ids.push(d.id);
            }
        }
    }
    Ok(locate(point, &shapes).map(|i| ids[i]))
}

/// Keeps the inbox's stored counts in step when a confirmed report changes department
/// or state (call in the same transaction, with the row as it was before).
pub(crate) fn recount(
    conn: &mut DbConn,
    before: &ReportRow,
    department: Option<DepartmentId>,
    state: ReportState,
) -> ServiceResult<()> {
    if before.confirmed_at.is_some() {
        reports::bump_count(conn, before.department_id, before.state, -1)?;
        reports::bump_count(conn, department, state, 1)?;
    }
    Ok(())
}

/// The department for a category in a district (see `domain::report::route`).
pub(crate) fn department_for(
    conn: &mut DbConn,
    category_id: ReportCategoryId,
    district: Option<DistrictId>,
) -> ServiceResult<Option<DepartmentId>> {
    let category = report_settings::find_category(conn, category_id)?;
    let routes = report_settings::routes_of(conn, category_id)?;
    let default = report_settings::default_department(conn)?;
    Ok(yoriai_domain::report::route(district, &routes, category.and_then(|c| c.department_id), default))
}
