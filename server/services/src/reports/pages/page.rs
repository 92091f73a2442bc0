//! One report's page, and the new-report page.

use super::*;
use yoriai_domain::{QuestionId, ReportCategoryId, ReportId};

/// Whether `token` is a live "add photos" token of this report.
pub(crate) fn edit_token_valid(conn: &mut DbConn, report_id: ReportId, token: &str) -> ServiceResult<bool> {
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
                id: QuestionId(0),
                category_id: ReportCategoryId(0),
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
pub fn report_page(svc: &Services, actor: &Actor, id: ReportId, edit_token: Option<&str>) -> ServiceResult<ReportPage> {
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
    let viewer = actor.user_id();
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
    let outcomes = crate::accountability::outcomes_of(&mut conn, yoriai_domain::item::ItemKind::Report, id)?;
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
    category: Option<ReportCategoryId>,
    lat: &str,
    lon: &str,
) -> ServiceResult<NewReportPage> {
    let mut conn = svc.conn()?;
    let categories = rs::categories(&mut conn, true)?;
    let questions = rs::all_questions(&mut conn)?;
    let names = Names::load(&mut conn)?;
    let display_name = match actor.user_id() {
        Some(u) => users::find(&mut conn, u)?.map(|u| u.display_name),
        None => None,
    };
    drop(conn);
    let nearby = match (category, LatLon::parse(lat, lon)) {
        (Some(c), Ok(p)) => {
            let near = crate::reports::create::nearby_open(svc, c, p, 5)?;
            let mut conn = svc.conn()?;
            let ids: Vec<ReportId> = near.iter().map(|(r, _)| r.id).collect();
            let photos = reports::first_photos(&mut conn, &ids)?;
            let viewer = actor.user_id();
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
