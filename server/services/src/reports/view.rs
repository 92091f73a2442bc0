//! What the report pages show: the public list and map data, a report with its
//! timeline, the new-report form, the department inbox and the staff settings page
//! (area alerts and the Atom feeds are in `feed.rs`).

use super::{facts, in_department, load_for};
use crate::{city_date, city_time, ServiceResult, Services};
use yoriai_domain::geo::{haversine_m, BoundingBox, LatLon};
use yoriai_domain::report::{staff_may_move, QuestionKind, ReportState};
use yoriai_domain::text::render;
use yoriai_domain::{authorize, Action, Actor, ErrorCode, Rejection, Role};
use yoriai_store::report_settings::{self as rs, CategoryRow, QuestionRow};
use yoriai_store::reports::{self, Cursor, ListQuery, Order, ReportRow, StateSet};
use yoriai_store::uploads::UploadRow;
use yoriai_store::{users, DbConn};
use yoriai_views::reports::{
    CategoryView, ClientView, DepartmentView, InboxItem, InboxPage, MapConfig, NewReportPage, QuestionView, ReportCard,
    ReportList, ReportPage, ReportSettingsPage, StaffPanel, TemplateView, TimelineEntry,
};
use yoriai_views::{Bilingual, ImageView, Named, Permission};

pub(crate) fn map_config(svc: &Services) -> MapConfig {
    let s = &svc.settings;
    MapConfig {
        tile_url: s.map_tile_url.clone(),
        attribution: s.map_attribution.clone(),
        center_lat: s.map_center.0,
        center_lon: s.map_center.1,
        zoom: s.map_zoom,
    }
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
    pub districts: Vec<Named>,
}

impl Names {
    pub fn load(conn: &mut DbConn) -> ServiceResult<Names> {
        Ok(Names { categories: rs::categories(conn, false)?, districts: crate::processes::district_names(conn)? })
    }

    pub fn category(&self, id: i64) -> Bilingual {
        self.categories.iter().find(|c| c.id == id).map(|c| Bilingual::new(&c.name_ja, &c.name_en)).unwrap_or_default()
    }

    pub fn district(&self, id: Option<i64>) -> Option<Bilingual> {
        id.and_then(|d| self.districts.iter().find(|n| n.id == d)).map(|n| n.name.clone())
    }

    pub fn category_options(&self, enabled_only: bool) -> Vec<Named> {
        self.categories
            .iter()
            .filter(|c| c.enabled || !enabled_only)
            .map(|c| Named { id: c.id, name: Bilingual::new(&c.name_ja, &c.name_en) })
            .collect()
    }
}

pub(crate) fn card(r: &ReportRow, names: &Names, photos: &[(i64, UploadRow)], from: Option<LatLon>) -> ReportCard {
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

/// The filters of the public list, as its URL carries them.
#[derive(Debug, Clone, Default)]
pub struct ReportFilters {
    pub category: Option<i64>,
    /// `open`, `closed`, a state name, or empty for all.
    pub state: String,
    pub district: Option<i64>,
    /// `YYYY-MM-DD`, city time.
    pub from: String,
    pub to: String,
    /// `newest`, `me_too` or `nearest` (needs `lat`/`lon`).
    pub sort: String,
    pub lat: String,
    pub lon: String,
    pub cursor: String,
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

/// City-time dates to an inclusive id range; `Ok(None)` when no date is given, and an
/// empty range when nothing was reported in it.
pub(crate) fn date_range(conn: &mut DbConn, from: &str, to: &str) -> ServiceResult<Option<(i64, i64)>> {
    let day = |raw: &str| -> Result<Option<chrono::NaiveDateTime>, ErrorCode> {
        let raw = raw.trim();
        if raw.is_empty() {
            return Ok(None);
        }
        let d = chrono::NaiveDate::parse_from_str(raw, "%Y-%m-%d").map_err(|_| ErrorCode::DateInvalid)?;
        Ok(d.and_hms_opt(0, 0, 0).map(|t| t - chrono::Duration::hours(crate::CITY_UTC_OFFSET_HOURS)))
    };
    let from = day(from).map_err(|c| Rejection::field("from", c))?;
    let to = day(to).map_err(|c| Rejection::field("to", c))?.map(|t| t + chrono::Duration::days(1));
    utc_range(conn, from, to)
}

/// UTC bounds (`to` exclusive) to an inclusive id range.
pub(crate) fn utc_range(
    conn: &mut DbConn,
    from: Option<chrono::NaiveDateTime>,
    to: Option<chrono::NaiveDateTime>,
) -> ServiceResult<Option<(i64, i64)>> {
    if from.is_none() && to.is_none() {
        return Ok(None);
    }
    let lo = match from {
        Some(f) => reports::first_id_from(conn, f)?.unwrap_or(i64::MAX),
        None => 0,
    };
    let hi = match to {
        Some(t) => reports::last_id_until(conn, t - chrono::Duration::microseconds(1))?.unwrap_or(-1),
        None => i64::MAX,
    };
    Ok(Some((lo, hi)))
}

/// The public list (and map) of reports.
pub fn report_list(svc: &Services, actor: &Actor, f: &ReportFilters) -> ServiceResult<ReportList> {
    let _ = actor;
    let mut conn = svc.conn()?;
    let names = Names::load(&mut conn)?;
    let states = states_of(&f.state).map_err(|c| Rejection::field("state", c))?;
    let id_range = date_range(&mut conn, &f.from, &f.to)?;
    let point = if f.sort == "nearest" || (!f.lat.trim().is_empty() && !f.lon.trim().is_empty()) {
        Some(LatLon::parse(&f.lat, &f.lon).map_err(|_| Rejection::field("lat", ErrorCode::LocationInvalid))?)
    } else {
        None
    };
    let base = ListQuery {
        categories: f.category.into_iter().collect(),
        states,
        district_id: f.district,
        id_range,
        ..Default::default()
    };
    let (items, next) = if f.sort == "nearest" {
        // Nearest first among the reports within 5 km, in pages of 25.
        let p = point.ok_or(Rejection::field("lat", ErrorCode::LocationInvalid))?;
        let boxes = BoundingBox::around(p, 5_000.0)
            .into_iter()
            .map(|b| (b.min_lat(), b.max_lat(), b.min_lon(), b.max_lon()))
            .collect();
        let (rows, _) = reports::list(&mut conn, &ListQuery { boxes: Some(boxes), limit: 2_000, ..base })?;
        let mut near: Vec<(ReportRow, f64)> = rows
            .into_iter()
            .filter_map(|r| {
                let q = LatLon::new(r.latitude?, r.longitude?).ok()?;
                let d = haversine_m(p, q);
                (d <= 5_000.0).then_some((r, d))
            })
            .collect();
        near.sort_by(|a, b| a.1.total_cmp(&b.1).then(b.0.id.cmp(&a.0.id)));
        let offset: usize = f.cursor.parse().unwrap_or(0);
        let page: Vec<ReportRow> = near.iter().skip(offset).take(25).map(|(r, _)| r.clone()).collect();
        let next = (near.len() > offset + 25).then(|| (offset + 25).to_string());
        (page, next)
    } else {
        let order = if f.sort == "me_too" { Order::MostMeToo } else { Order::Newest };
        let (rows, next) =
            reports::list(&mut conn, &ListQuery { order, after: Cursor::decode(&f.cursor), limit: 25, ..base })?;
        (rows, next.map(|c| c.encode()))
    };
    let ids: Vec<i64> = items.iter().map(|r| r.id).collect();
    let photos = reports::first_photos(&mut conn, &ids)?;
    Ok(ReportList {
        items: items.iter().map(|r| card(r, &names, &photos, point)).collect(),
        next,
        categories: names.category_options(false),
        districts: names.districts.clone(),
        map: map_config(svc),
    })
}

/// Public reports in a box, as GeoJSON points for the map (newest 1,000).
pub fn map_geojson(
    svc: &Services,
    bbox: (f64, f64, f64, f64),
    category: Option<i64>,
    state: &str,
) -> ServiceResult<String> {
    let mut conn = svc.conn()?;
    let (min_lon, min_lat, max_lon, max_lat) = bbox;
    let ok = |v: f64, lim: f64| v.is_finite() && v.abs() <= lim;
    if !(ok(min_lon, 180.0) && ok(max_lon, 180.0) && ok(min_lat, 90.0) && ok(max_lat, 90.0)) {
        return Err(Rejection::field("bbox", ErrorCode::LocationInvalid).into());
    }
    let names = Names::load(&mut conn)?;
    let states = states_of(state).map_err(|c| Rejection::field("state", c))?;
    let q = ListQuery {
        categories: category.into_iter().collect(),
        states,
        boxes: Some(vec![(min_lat.min(max_lat), max_lat.max(min_lat), min_lon.min(max_lon), max_lon.max(min_lon))]),
        limit: 1_000,
        ..Default::default()
    };
    let (rows, _) = reports::list(&mut conn, &q)?;
    let features: Vec<serde_json::Value> = rows
        .iter()
        .filter_map(|r| {
            let (lat, lon) = (r.latitude?, r.longitude?);
            let c = names.category(r.category_id);
            Some(serde_json::json!({
                "type": "Feature",
                "id": r.id,
                "geometry": { "type": "Point", "coordinates": [lon, lat] },
                "properties": {
                    "title": r.title,
                    "state": r.state,
                    "open": r.state.is_open(),
                    "category_ja": c.ja,
                    "category_en": c.en,
                    "url": format!("/reports/{}", r.id),
                }
            }))
        })
        .collect();
    Ok(serde_json::json!({ "type": "FeatureCollection", "features": features }).to_string())
}

/// Whether `token` is a live "add photos" token of this report.
pub(crate) fn edit_token_valid(conn: &mut DbConn, report_id: i64, token: &str) -> ServiceResult<bool> {
    use diesel::prelude::*;
    use yoriai_store::schema::email_links;
    let now = yoriai_store::now();
    let n: i64 = email_links::table
        .filter(email_links::purpose.eq("edit_report"))
        .filter(email_links::token_hash.eq(crate::crypto::token_hash(token)))
        .filter(email_links::report_id.eq(report_id))
        .filter(email_links::expires_at.gt(now))
        .count()
        .get_result(conn)?;
    Ok(n > 0)
}

fn answer_text(kind: QuestionKind, value: &str, options: &str) -> Bilingual {
    match kind {
        QuestionKind::YesNo if value == "yes" => Bilingual::new("はい", "Yes"),
        QuestionKind::YesNo => Bilingual::new("いいえ", "No"),
        QuestionKind::List => {
            let q = QuestionRow {
                id: 0,
                category_id: 0,
                code: String::new(),
                kind: QuestionKind::List,
                label_ja: String::new(),
                label_en: String::new(),
                required: false,
                options: options.into(),
                position: 0,
            };
            q.option_list()
                .into_iter()
                .find(|o| o.0 == value)
                .map(|(_, ja, en)| Bilingual::new(ja, en))
                .unwrap_or_else(|| Bilingual::new(value, value))
        }
        _ => Bilingual::new(value, value),
    }
}

/// One report, for anyone who may see it; staff also get their panel and the internal
/// timeline. `edit_token`: a reporter without an account adding photos.
pub fn report_page(svc: &Services, actor: &Actor, id: i64, edit_token: Option<&str>) -> ServiceResult<ReportPage> {
    let mut conn = svc.conn()?;
    let has_token = match edit_token {
        Some(t) => edit_token_valid(&mut conn, id, t)?,
        None => false,
    };
    let row = if has_token {
        reports::find(&mut conn, id)?.ok_or(Rejection::new(ErrorCode::NotFound))?
    } else {
        load_for(&mut conn, actor, id)?
    };
    let names = Names::load(&mut conn)?;
    let state = row.state;
    let viewer = actor.user_id().map(|u| u.0);
    let in_dept = in_department(&mut conn, actor, &row)?;
    let staff = authorize(actor, &Action::HandleReport { in_department: in_dept }).is_ok();
    let viewer_is_staff = actor.role().is_some_and(|r| matches!(r, Role::Admin | Role::DepartmentStaff));
    let updates = reports::updates_of(&mut conn, id, staff)?;
    let department_name = match row.department_id {
        Some(d) => rs::find_department(&mut conn, d)?.map(|d| Bilingual::new(d.name_ja, d.name_en)),
        None => None,
    };
    let timeline = updates
        .into_iter()
        .map(|(u, author)| TimelineEntry {
            id: u.id,
            kind: u.kind,
            public: u.public,
            state_from: u.state_from,
            state_to: u.state_to,
            body_html: render(&u.body),
            // The public sees which department answered, staff see who.
            author: if viewer_is_staff { author } else { None },
            created_at: city_time(u.created_at),
        })
        .collect();
    let reporter_name = if row.show_name {
        match row.reporter_id {
            Some(u) => users::find(&mut conn, u)?.map(|u| u.display_name),
            None => row.reporter_name.clone(),
        }
    } else {
        None
    };
    let f = facts(&row);
    let now = yoriai_store::now();
    let days = row.fixed_at.map(|x| (now - x).num_days());
    let window = svc.settings.report_reopen_days;
    let permission = |r: Result<(), yoriai_domain::Denied>| match r {
        Ok(()) => Permission::yes(),
        Err(d) => Permission { allowed: false, reason: Some(d.code().as_str().to_owned()) },
    };
    let can_reopen = permission(authorize(
        actor,
        &Action::ReopenReport { report: f.clone(), days_since_fixed: days, window_days: window },
    ));
    let duplicate_of = match row.duplicate_of {
        Some(d) => reports::find(&mut conn, d)?.filter(|r| r.visible).map(|r| (r.id, r.title)),
        None => None,
    };
    let staff_panel = if staff {
        let members = match row.department_id {
            Some(d) => rs::members_of(&mut conn, d)?,
            None => Vec::new(),
        };
        let assignee = row.assignee_id.and_then(|a| members.iter().find(|m| m.0 == a).cloned());
        Some(StaffPanel {
            department_id: row.department_id,
            assignee,
            members,
            departments: rs::departments(&mut conn)?
                .into_iter()
                .map(|d| Named { id: d.id, name: Bilingual::new(d.name_ja, d.name_en) })
                .collect(),
            templates: rs::templates(&mut conn)?
                .into_iter()
                .filter(|t| t.department_id.is_none() || t.department_id == row.department_id)
                .map(|t| TemplateView {
                    id: t.id,
                    department_id: t.department_id,
                    title: t.title,
                    body: Bilingual::new(t.body_ja, t.body_en),
                    state: t.state,
                })
                .collect(),
            next_states: ReportState::ALL.into_iter().filter(|to| staff_may_move(state, *to).is_ok()).collect(),
            has_contact: row.reporter_id.is_some()
                || row.reporter_email.is_some()
                || row.reporter_phone.is_some()
                || row.reporter_name.is_some(),
            source: row.source.clone(),
        })
    } else {
        None
    };
    let answers = reports::answers_of(&mut conn, id)?
        .into_iter()
        .map(|(_, ja, en, kind, value, options)| (Bilingual::new(ja, en), answer_text(kind, &value, &options)))
        .collect();
    let photos = reports::photos_of(&mut conn, id)?;
    let fresh = now - row.created_at < chrono::Duration::minutes(60);
    let mine = viewer.is_some() && viewer == row.reporter_id;
    let outcomes = crate::accountability::outcomes_of(&mut conn, yoriai_domain::accountability::ItemType::Report, id)?;
    Ok(ReportPage {
        outcomes,
        id,
        title: row.title.clone(),
        description_html: render(&row.description),
        category: names.category(row.category_id),
        category_id: row.category_id,
        state: row.state,
        reporter_name,
        created_at: city_time(row.created_at),
        latitude: row.latitude,
        longitude: row.longitude,
        address: row.address.clone(),
        district: names.district(row.district_id),
        department: department_name,
        answers,
        photos: photos.iter().map(image).collect(),
        timeline,
        me_too_count: row.me_too_count,
        me_too_by_me: match viewer {
            Some(v) => reports::has_me_too(&mut conn, id, v)?,
            None => false,
        },
        following: match viewer {
            Some(v) => reports::is_following(&mut conn, v, id)?,
            None => false,
        },
        can_me_too: permission(authorize(actor, &Action::MeToo { report: f.clone() })),
        can_follow: authorize(actor, &Action::FollowReport { report: f.clone() }).is_ok(),
        can_reopen,
        reopen_until: (state == ReportState::Fixed)
            .then(|| row.fixed_at.map(|x| city_date(x + chrono::Duration::days(window))))
            .flatten(),
        confirmed: row.confirmed_at.is_some(),
        can_add_photos: (photos.len() as i64) < yoriai_domain::report::MAX_PHOTOS
            && (staff || has_token || (mine && fresh)),
        duplicate_of,
        referred_to: row.referred_to.clone(),
        signed_in: actor.is_signed_in(),
        mine,
        staff: staff_panel,
        map: map_config(svc),
    })
}

/// The form's data: categories with their questions, districts, and — when a category
/// and a point are chosen — the open reports of that category nearby.
pub fn new_report_page(
    svc: &Services,
    actor: &Actor,
    category: Option<i64>,
    lat: &str,
    lon: &str,
) -> ServiceResult<NewReportPage> {
    let mut conn = svc.conn()?;
    let categories = rs::categories(&mut conn, true)?;
    let questions = rs::all_questions(&mut conn)?;
    let names = Names::load(&mut conn)?;
    let display_name = match actor.user_id() {
        Some(u) => users::find(&mut conn, u.0)?.map(|u| u.display_name),
        None => None,
    };
    drop(conn);
    let nearby = match (category, LatLon::parse(lat, lon)) {
        (Some(c), Ok(p)) => {
            let near = super::create::nearby_open(svc, c, p, 5)?;
            let mut conn = svc.conn()?;
            let ids: Vec<i64> = near.iter().map(|(r, _)| r.id).collect();
            let photos = reports::first_photos(&mut conn, &ids)?;
            let viewer = actor.user_id().map(|u| u.0);
            near.iter()
                .map(|(r, _)| ReportCard {
                    own: viewer.is_some() && r.reporter_id == viewer,
                    ..card(r, &names, &photos, Some(p))
                })
                .collect()
        }
        _ => Vec::new(),
    };
    Ok(NewReportPage {
        categories: categories.iter().map(|c| category_view(c, &questions)).collect(),
        districts: names.districts.clone(),
        signed_in: actor.is_signed_in(),
        display_name,
        nearby,
        map: map_config(svc),
    })
}

/// The inbox's filters.
#[derive(Debug, Clone, Default)]
pub struct InboxFilters {
    /// A department id, or none for "my departments" (all, for administrators).
    pub department: Option<i64>,
    pub state: String,
    pub category: Option<i64>,
    /// `me`, `unassigned` or empty for anyone.
    pub assignee: String,
    /// `oldest` (waiting longest) or `newest`.
    pub sort: String,
    pub cursor: String,
}

/// A department inbox: the reports routed to the actor's departments.
pub fn inbox(svc: &Services, actor: &Actor, f: &InboxFilters) -> ServiceResult<InboxPage> {
    authorize(actor, &Action::ViewInbox)?;
    let mut conn = svc.conn()?;
    let uid = actor.user_id().map(|u| u.0).unwrap_or_default();
    let admin = actor.role() == Some(Role::Admin);
    let mine = rs::departments_of(&mut conn, uid)?;
    let departments = match f.department {
        Some(d) if admin || mine.contains(&d) => Some(vec![d]),
        Some(_) => return Err(ErrorCode::Forbidden.into()),
        None if admin => None,
        None => Some(mine.clone()),
    };
    let names = Names::load(&mut conn)?;
    let states =
        states_of(if f.state.is_empty() { "open" } else { &f.state }).map_err(|c| Rejection::field("state", c))?;
    let assignee = match f.assignee.as_str() {
        "me" => Some(Some(uid)),
        "unassigned" => Some(None),
        _ => None,
    };
    let order = if f.sort == "newest" { Order::Newest } else { Order::Oldest };
    let (rows, next) = reports::list(
        &mut conn,
        &ListQuery {
            visible_only: false,
            confirmed_only: true,
            categories: f.category.into_iter().collect(),
            states,
            department_ids: departments.clone(),
            assignee,
            order,
            after: Cursor::decode(&f.cursor),
            limit: 50,
            ..Default::default()
        },
    )?;
    let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
    let photos = reports::first_photos(&mut conn, &ids)?;
    let depts = rs::departments(&mut conn)?;
    let dept_name = |id: Option<i64>| {
        id.and_then(|d| depts.iter().find(|x| x.id == d)).map(|d| Bilingual::new(&d.name_ja, &d.name_en))
    };
    let now = yoriai_store::now();
    let assignee_ids: Vec<i64> = rows.iter().filter_map(|r| r.assignee_id).collect();
    let assignees = users::display_names(&mut conn, &assignee_ids)?;
    let mut items = Vec::new();
    for r in &rows {
        let assignee = r.assignee_id.and_then(|a| assignees.iter().find(|(id, _)| *id == a)).map(|(_, n)| n.clone());
        items.push(InboxItem {
            card: card(r, &names, &photos, None),
            department: dept_name(r.department_id),
            assignee,
            waiting_days: (now - r.state_changed_at).num_days(),
        });
    }
    let counts = reports::count_by_state(&mut conn, departments.as_deref())?;
    Ok(InboxPage {
        items,
        next: next.map(|c| c.encode()),
        counts,
        departments: depts
            .iter()
            .filter(|d| admin || mine.contains(&d.id))
            .map(|d| Named { id: d.id, name: Bilingual::new(&d.name_ja, &d.name_en) })
            .collect(),
        my_departments: mine,
        categories: names.category_options(false),
    })
}

/// Everything staff set up for reports.
pub fn report_settings_page(svc: &Services, actor: &Actor) -> ServiceResult<ReportSettingsPage> {
    authorize(actor, &Action::ManageReportSettings)?;
    let mut conn = svc.conn()?;
    let members = rs::members(&mut conn)?;
    let questions = rs::all_questions(&mut conn)?;
    Ok(ReportSettingsPage {
        departments: rs::departments(&mut conn)?
            .into_iter()
            .map(|d| DepartmentView {
                id: d.id,
                name: Bilingual::new(&d.name_ja, &d.name_en),
                is_default: d.is_default,
                members: members.iter().filter(|m| m.0 == d.id).map(|m| (m.1, m.2.clone(), m.3.clone())).collect(),
            })
            .collect(),
        categories: rs::categories(&mut conn, false)?.iter().map(|c| category_view(c, &questions)).collect(),
        routes: rs::all_routes(&mut conn)?,
        districts: crate::processes::district_names(&mut conn)?,
        templates: rs::templates(&mut conn)?
            .into_iter()
            .map(|t| TemplateView {
                id: t.id,
                department_id: t.department_id,
                title: t.title,
                body: Bilingual::new(t.body_ja, t.body_en),
                state: t.state,
            })
            .collect(),
        clients: rs::clients(&mut conn)?
            .into_iter()
            .map(|c| ClientView {
                id: c.id,
                name: c.name,
                created_at: city_time(c.created_at),
                last_used_at: c.last_used_at.map(city_time),
                revoked: c.revoked_at.is_some(),
            })
            .collect(),
    })
}
