//! Making a report: on the web (with an account, or confirmed by an emailed link) or
//! through Open311; "open reports nearby" before submitting; photos.

use super::{department_for, district_at, load_for};
use crate::audit::{self, Visibility};
use crate::images::{add_to_gallery, GalleryLimit};
use crate::mail::{self, MailKind};
use crate::{ServiceError, ServiceResult, Services};
use serde_json::json;
use yoriai_domain::geo::{BoundingBox, LatLon};
use yoriai_domain::report::{
    check_answer, ReportState, UpdateKind, DESCRIPTION_MAX_CHARS, MAX_PHOTOS, NEARBY_RADIUS_M, TITLE_MAX_CHARS,
    TITLE_MIN_CHARS,
};
use yoriai_domain::search::index_text;
use yoriai_domain::text::{multi_line, single_line};
use yoriai_domain::{
    authorize, Action, Actor, ClientId, DistrictId, Email, ErrorCode, FieldError, FieldErrors, Locale, QuestionId,
    Rejection, ReportCategoryId, ReportId, UploadId, UserId,
};
use yoriai_i18n::Arg;
use yoriai_store::report_settings::{self as rs, CategoryRow, QuestionRow};
use yoriai_store::reports::{self, ListQuery, NewReport, NewUpdate, StateSet};
use yoriai_store::uploads::Gallery;
use yoriai_store::{districts, DbConn};
use yoriai_views::reports::ReportInput;

/// Who made the report.
#[derive(Debug, Clone)]
pub(crate) enum Reporter {
    Account(UserId),
    /// Confirms by an emailed link.
    Email {
        name: Option<String>,
        email: String,
        phone: Option<String>,
    },
    /// An Open311 client application (the contact, if any, is kept for staff).
    Client {
        client_id: ClientId,
        name: Option<String>,
        email: Option<String>,
        phone: Option<String>,
    },
}

/// A checked report, ready to store.
#[derive(Debug, Clone)]
pub(crate) struct Checked {
    pub category: CategoryRow,
    pub title: String,
    pub description: String,
    pub point: Option<LatLon>,
    pub address: Option<String>,
    pub district_id: Option<DistrictId>,
    pub answers: Vec<(QuestionId, String)>,
    pub show_name: bool,
}

/// Field names the page uses for each question: `q_<code>`.
pub fn answer_field(code: &str) -> String {
    format!("q_{code}")
}

pub(crate) fn check_answers(
    questions: &[QuestionRow],
    given: &[(String, String)],
    e: &mut FieldErrors,
    field: impl Fn(&str) -> String,
) -> Vec<(QuestionId, String)> {
    let mut out = Vec::new();
    for q in questions {
        let kind = q.kind;
        let keys: Vec<String> = q.option_list().into_iter().map(|o| o.0).collect();
        let raw = given.iter().find(|(code, _)| *code == q.code).map(|(_, v)| v.as_str()).unwrap_or("");
        match check_answer(kind, q.required, &keys, raw) {
            Ok(Some(v)) => out.push((q.id, v)),
            Ok(None) => {}
            Err(code) => e.push(FieldError::new(field(&q.code), code)),
        }
    }
    out
}

/// Checks everything a reporter sends (all problems at once) and finds the district.
pub(crate) fn check(conn: &mut DbConn, input: &ReportInput) -> ServiceResult<Checked> {
    let mut e = FieldErrors::new();
    let category = match input.category_id {
        Some(id) => rs::find_category(conn, id)?.filter(|c| c.enabled),
        None => None,
    };
    if category.is_none() {
        e.push(FieldError::new("category_id", ErrorCode::CategoryUnavailable));
    }
    let title = e.check("title", single_line(&input.title, TITLE_MIN_CHARS, TITLE_MAX_CHARS));
    let description = e.check("description", multi_line(&input.description, 1, DESCRIPTION_MAX_CHARS));
    let address = if input.address.trim().is_empty() {
        Some(None)
    } else {
        e.check("address", single_line(&input.address, 1, 200).map(Some))
    };
    let point = match (input.latitude.trim(), input.longitude.trim()) {
        ("", "") => Some(None),
        (lat, lon) => match LatLon::parse(lat, lon) {
            Ok(p) => Some(Some(p)),
            Err(_) => {
                e.push(FieldError::new("latitude", ErrorCode::LocationInvalid));
                None
            }
        },
    };
    // A place is needed: a pin, or words saying where.
    if matches!((&point, &address), (Some(None), Some(None))) {
        e.push(FieldError::new("address", ErrorCode::Required));
    }
    if let Some(d) = input.district_id {
        if districts::find(conn, d)?.is_none() {
            e.push(FieldError::new("district_id", ErrorCode::InvalidInput));
        }
    }
    let answers = match &category {
        Some(c) => {
            let questions = rs::questions_of(conn, c.id)?;
            let given: Vec<(String, String)> = input.answers.clone().into_iter().collect();
            check_answers(&questions, &given, &mut e, answer_field)
        }
        None => Vec::new(),
    };
    match (category, title, description, address, point) {
        (Some(category), Some(title), Some(description), Some(address), Some(point)) if e.is_empty() => {
            // The pin decides the district; outside every district the report is still
            // taken, with no district, and goes to the default department.
            let district_id = match point {
                Some(p) => district_at(conn, p)?,
                None => input.district_id,
            };
            Ok(Checked {
                category,
                title,
                description,
                point,
                address,
                district_id,
                answers,
                show_name: input.show_name,
            })
        }
        _ => Err(e.into_rejection().into()),
    }
}

/// Stores a checked report with its answers and first timeline entry; returns its id.
pub(crate) fn store_report(
    conn: &mut DbConn,
    actor: &Actor,
    c: &Checked,
    reporter: &Reporter,
    now: chrono::NaiveDateTime,
) -> ServiceResult<ReportId> {
    let department = department_for(conn, c.category.id, c.district_id)?;
    let confirmed = !matches!(reporter, Reporter::Email { .. });
    let (reporter_id, name, email, phone, client_id) = match reporter {
        Reporter::Account(id) => (Some(*id), None, None, None, None),
        Reporter::Email { name, email, phone } => (None, name.clone(), Some(email.clone()), phone.clone(), None),
        Reporter::Client { client_id, name, email, phone } => {
            (None, name.clone(), email.clone(), phone.clone(), Some(*client_id))
        }
    };
    let terms = index_text(&format!("{} {}", c.title, c.description));
    let id = reports::insert(
        conn,
        &NewReport {
            category_id: c.category.id,
            district_id: c.district_id,
            department_id: department,
            reporter_id,
            reporter_name: name.as_deref(),
            reporter_email: email.as_deref(),
            reporter_phone: phone.as_deref(),
            show_name: c.show_name && (reporter_id.is_some() || name.is_some()),
            title: &c.title,
            description: &c.description,
            latitude: c.point.map(|p| p.lat.get()),
            longitude: c.point.map(|p| p.lon.get()),
            address: c.address.as_deref(),
            state: ReportState::Open,
            confirmed_at: confirmed.then_some(now),
            visible: confirmed,
            state_changed_at: now,
            source: if client_id.is_some() { "open311" } else { "web" },
            client_id,
            search_terms: &terms,
            created_at: now,
            updated_at: now,
        },
    )?;
    reports::insert_answers(conn, id, &c.answers)?;
    reports::insert_update(
        conn,
        &NewUpdate {
            report_id: id,
            author_id: None,
            kind: UpdateKind::Created,
            public: true,
            state_from: None,
            state_to: Some(ReportState::Open),
            body: "",
            created_at: now,
        },
    )?;
    if let Reporter::Account(uid) = reporter {
        reports::follow(conn, *uid, id, now)?;
    }
    if confirmed {
        reports::bump_count(conn, department, ReportState::Open, 1)?;
    }
    // No personal data in the action log: the reporter is the actor (or nobody).
    audit::log(
        conn,
        actor,
        "create_report",
        ("report", Some(id)),
        Visibility::Public,
        None,
        json!({ "category": c.category.code, "department_id": department, "district_id": c.district_id }),
    )?;
    if confirmed {
        super::resident::alert_watchers(conn, id, now)?;
    }
    Ok(id)
}

/// The result of reporting on the web.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Reported {
    pub id: ReportId,
    /// Made without an account: sent once the emailed link is opened.
    pub needs_confirmation: bool,
    /// Lets the reporter without an account add photos for the next hour.
    pub edit_token: Option<String>,
}

const EDIT_TOKEN_MINUTES: i64 = 60;

/// Makes a report. With an account it is public at once; without one, the reporter
/// gives an email address and the report waits for the link sent there.
pub fn create_report(svc: &Services, actor: &Actor, input: ReportInput, locale: Locale) -> ServiceResult<Reported> {
    authorize(actor, &Action::CreateReport)?;
    let mut conn = svc.conn()?;
    let checked = check(&mut conn, &input);
    let reporter = match actor.user_id() {
        Some(uid) => Ok(Reporter::Account(uid)),
        None => {
            let mut e = FieldErrors::new();
            let email = e.check("email", Email::parse(&input.email));
            let name = if input.name.trim().is_empty() {
                if input.show_name {
                    e.push(FieldError::new("name", ErrorCode::Required));
                }
                Some(None)
            } else {
                e.check("name", single_line(&input.name, 1, 100).map(Some))
            };
            let phone = if input.phone.trim().is_empty() {
                Some(None)
            } else {
                e.check("phone", single_line(&input.phone, 3, 30).map(Some))
            };
            match (email, name, phone) {
                (Some(email), Some(name), Some(phone)) if e.is_empty() => {
                    Ok(Reporter::Email { name, email: email.as_str().to_owned(), phone })
                }
                _ => Err(e.into_rejection()),
            }
        }
    };
    // Report every problem of the form at once.
    let (checked, reporter) = match (checked, reporter) {
        (Ok(c), Ok(r)) => (c, r),
        (Err(ServiceError::Rejected(mut a)), Err(b)) => {
            a.fields.extend(b.fields);
            return Err(a.into());
        }
        (Err(e), _) => return Err(e),
        (_, Err(b)) => return Err(b.into()),
    };
    let now = yoriai_store::now();
    let reported = yoriai_store::write_tx(&mut conn, |c| {
        if matches!(reporter, Reporter::Email { .. }) {
            mail::client_may_request_mail(svc, c, input.client)?;
        }
        let id = store_report(c, actor, &checked, &reporter, now)?;
        let mut edit_token = None;
        if let Reporter::Email { name, email, .. } = &reporter {
            let token = crate::crypto::random_token();
            let days = svc.settings.unconfirmed_report_days;
            reports::insert_link(
                c,
                "confirm_report",
                &crate::crypto::token_hash(&token),
                id,
                now,
                now + chrono::Duration::days(days),
            )?;
            let link = svc.link(&format!("/reports/confirm?token={token}"));
            let rendered = mail::render(
                MailKind::ConfirmReport,
                locale,
                name.as_deref().unwrap_or(email),
                &svc.mail_site(),
                &[("title", Arg::from(checked.title.as_str())), ("link", Arg::from(link)), ("days", Arg::Num(days))],
            );
            mail::enqueue_unsolicited(svc, c, MailKind::ConfirmReport, email, &rendered)?;
            let edit = crate::crypto::random_token();
            reports::insert_link(
                c,
                "edit_report",
                &crate::crypto::token_hash(&edit),
                id,
                now,
                now + chrono::Duration::minutes(EDIT_TOKEN_MINUTES),
            )?;
            edit_token = Some(edit);
        }
        Ok::<_, ServiceError>(Reported {
            id,
            needs_confirmation: matches!(reporter, Reporter::Email { .. }),
            edit_token,
        })
    })?;
    if reported.needs_confirmation {
        (svc.mail_queued)();
    }
    Ok(reported)
}

/// Open reports of a category near a point (nearest first), to offer "me too" before
/// a duplicate is made.
pub fn nearby_open(
    svc: &Services,
    category_id: ReportCategoryId,
    point: LatLon,
    limit: usize,
) -> ServiceResult<Vec<(yoriai_store::reports::ReportRow, f64)>> {
    let mut conn = svc.conn()?;
    let boxes = BoundingBox::around(point, NEARBY_RADIUS_M)
        .into_iter()
        .map(|b| (b.min_lat(), b.max_lat(), b.min_lon(), b.max_lon()))
        .collect();
    let q = ListQuery {
        categories: vec![category_id],
        states: StateSet::These(ReportState::with_status(true)),
        boxes: Some(boxes),
        limit: 200,
        ..Default::default()
    };
    let (rows, _) = reports::list(&mut conn, &q)?;
    let mut near: Vec<_> = rows
        .into_iter()
        .filter_map(|r| {
            let p = LatLon::new(r.latitude?, r.longitude?).ok()?;
            let d = yoriai_domain::geo::haversine_m(point, p);
            (d <= NEARBY_RADIUS_M).then_some((r, d))
        })
        .collect();
    near.sort_by(|a, b| a.1.total_cmp(&b.1).then(b.0.id.cmp(&a.0.id)));
    near.truncate(limit);
    Ok(near)
}

/// Whether the actor (or the holder of `edit_token`) may add photos to the report:
/// its reporter during the first hour, or staff handling it.
fn may_add_photos(
    conn: &mut DbConn,
    actor: &Actor,
    row: &yoriai_store::reports::ReportRow,
    edit_token: Option<&str>,
) -> ServiceResult<bool> {
    let now = yoriai_store::now();
    let fresh = now - row.created_at < chrono::Duration::minutes(EDIT_TOKEN_MINUTES);
    if fresh && row.reporter_id.is_some() && actor.user_id() == row.reporter_id {
        return Ok(true);
    }
    if let Some(token) = edit_token {
        if super::pages::edit_token_valid(conn, row.id, token)? {
            return Ok(true);
        }
    }
    let in_dept = super::in_department(conn, actor, row)?;
    Ok(authorize(actor, &Action::HandleReport { in_department: in_dept }).is_ok())
}

/// Adds a photo (checked, re-encoded without location data, thumbnail made).
pub fn add_report_photo(
    svc: &Services,
    actor: &Actor,
    report_id: ReportId,
    bytes: &[u8],
    alt_text: &str,
    edit_token: Option<&str>,
) -> ServiceResult<UploadId> {
    let mut conn = svc.conn()?;
    let row = match edit_token {
        // The reporter without an account sees their unconfirmed report through the token.
        Some(_) => yoriai_store::reports::find(&mut conn, report_id)?.ok_or(Rejection::new(ErrorCode::NotFound))?,
        None => load_for(&mut conn, actor, report_id)?,
    };
    if !may_add_photos(&mut conn, actor, &row, edit_token)? {
        return Err(ErrorCode::Forbidden.into());
    }
    drop(conn);
    let limit = GalleryLimit { max: MAX_PHOTOS, full: ErrorCode::PhotoLimit };
    add_to_gallery(svc, actor.user_id(), Gallery::Report(report_id), bytes, alt_text, limit)
}
