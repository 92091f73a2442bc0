//! Open311 GeoReport v2 on top of the same commands: services are the enabled
//! categories (their questions are the attributes), requests are the public reports.
//! Nothing personal is ever in a response: not the reporter's name (unless they chose
//! to show it on the site), email, phone, account, nor internal notes.

use super::create::{check_answers, store_report, Checked, Reporter};
use super::pages::{utc_range, Names};
use crate::{ServiceError, ServiceResult, Services};
use yoriai_domain::geo::LatLon;
use yoriai_domain::report::{QuestionKind, ReportState, DESCRIPTION_MAX_CHARS};
use yoriai_domain::text::{multi_line, single_line};
use yoriai_domain::{Actor, Email, ErrorCode, FieldErrors, Locale, Rejection, ReportId};
use yoriai_store::report_settings as rs;
use yoriai_store::reports::{self, ListQuery, Order, ReportRow, StateSet};
use yoriai_views::open311::{
    format_w3c_datetime, parse_w3c_datetime, Attribute, AttributeValue, RequestCreated, Service, ServiceDefinition,
    ServiceRequest, TokenStatus, MAX_QUERY_RESULTS, MAX_QUERY_SPAN_DAYS,
};
use yoriai_views::Bilingual;

/// Open311 dates are shown in city time.
const OFFSET_MINUTES: i32 = (crate::CITY_UTC_OFFSET_HOURS * 60) as i32;

fn pick(b: &Bilingual, locale: Locale) -> String {
    b.get(locale).to_owned()
}

fn w3c(t: chrono::NaiveDateTime) -> String {
    format_w3c_datetime(t.and_utc().timestamp(), OFFSET_MINUTES)
}

/// A refusal with Open311's status: 400 for a bad request, 403 for a bad key, 404 for
/// something that does not exist.
fn bad(description: &str) -> ServiceError {
    Rejection::field(description, ErrorCode::InvalidInput).into()
}

/// The enabled categories as Open311 services.
pub fn open311_services(svc: &Services, locale: Locale) -> ServiceResult<Vec<Service>> {
    let mut conn = svc.conn()?;
    let questions = rs::all_questions(&mut conn)?;
    Ok(rs::categories(&mut conn, true)?
        .into_iter()
        .map(|c| Service {
            service_code: c.code.clone(),
            service_name: pick(&Bilingual::new(&c.name_ja, &c.name_en), locale),
            description: pick(&Bilingual::new(&c.description_ja, &c.description_en), locale),
            metadata: questions.iter().any(|q| q.category_id == c.id),
            r#type: "realtime".into(),
            keywords: c.keywords.clone(),
            group: c.group_name.clone(),
        })
        .collect())
}

/// A service's attributes (the category's questions).
pub fn open311_definition(svc: &Services, code: &str, locale: Locale) -> ServiceResult<ServiceDefinition> {
    let mut conn = svc.conn()?;
    let category =
        rs::find_category_by_code(&mut conn, code)?.filter(|c| c.enabled).ok_or(Rejection::new(ErrorCode::NotFound))?;
    let attributes = rs::questions_of(&mut conn, category.id)?
        .iter()
        .enumerate()
        .map(|(i, q)| {
            let kind = q.kind;
            let values = match kind {
                QuestionKind::List => q
                    .option_list()
                    .into_iter()
                    .map(|(key, ja, en)| AttributeValue { key, name: pick(&Bilingual::new(ja, en), locale) })
                    .collect(),
                QuestionKind::YesNo => vec![
                    AttributeValue { key: "yes".into(), name: pick(&Bilingual::new("はい", "Yes"), locale) },
                    AttributeValue { key: "no".into(), name: pick(&Bilingual::new("いいえ", "No"), locale) },
                ],
                _ => Vec::new(),
            };
            Attribute {
                variable: true,
                code: q.code.clone(),
                datatype: kind.open311_datatype().into(),
                required: q.required,
                datatype_description: String::new(),
                order: i as i32 + 1,
                description: pick(&Bilingual::new(&q.label_ja, &q.label_en), locale),
                values,
            }
        })
        .collect();
    Ok(ServiceDefinition { service_code: category.code, attributes })
}

/// What a client POSTs to `requests.json` (form fields).
#[derive(Debug, Clone, Default)]
pub struct Open311Post {
    pub api_key: String,
    pub service_code: String,
    pub lat: String,
    pub long: String,
    pub address_string: String,
    pub description: String,
    /// `attribute[code]` fields.
    pub attributes: Vec<(String, String)>,
    pub email: String,
    pub first_name: String,
    pub last_name: String,
    pub phone: String,
}

/// Creates a request for a client application holding a valid `api_key`.
pub fn open311_create(svc: &Services, post: Open311Post) -> ServiceResult<Vec<RequestCreated>> {
    let mut conn = svc.conn()?;
    let key = post.api_key.trim();
    let client =
        if key.is_empty() { None } else { rs::client_by_key_hash(&mut conn, &crate::crypto::token_hash(key))? };
    let client = client.ok_or(Rejection::new(ErrorCode::Forbidden))?;
    let category = rs::find_category_by_code(&mut conn, post.service_code.trim())?
        .filter(|c| c.enabled)
        .ok_or_else(|| bad("service_code: unknown or disabled service"))?;
    let point = match (post.lat.trim(), post.long.trim()) {
        ("", "") => None,
        (lat, lon) => Some(LatLon::parse(lat, lon).map_err(|_| bad("lat/long: not a valid position"))?),
    };
    let address = if post.address_string.trim().is_empty() {
        None
    } else {
        Some(single_line(&post.address_string, 1, 200).map_err(|_| bad("address_string: too long or empty"))?)
    };
    if point.is_none() && address.is_none() {
        return Err(bad("lat and long, or address_string, are required"));
    }
    let raw_description = post.description.trim();
    if raw_description.chars().count() > DESCRIPTION_MAX_CHARS {
        return Err(bad("description: longer than 4000 characters"));
    }
    let description = if raw_description.is_empty() {
        category.name_ja.clone()
    } else {
        multi_line(raw_description, 1, DESCRIPTION_MAX_CHARS).map_err(|_| bad("description: not valid text"))?
    };
    let title: String = {
        let first = description.lines().next().unwrap_or_default().trim();
        let first = if first.chars().count() < 3 { category.name_ja.as_str() } else { first };
        let t: String = first.chars().take(110).collect();
        if t.chars().count() < first.chars().count() {
            format!("{t}…")
        } else {
            t
        }
    };
    let questions = rs::questions_of(&mut conn, category.id)?;
    let mut e = FieldErrors::new();
    let answers = check_answers(&questions, &post.attributes, &mut e, |code| format!("attribute[{code}]"));
    if !e.is_empty() {
        let r = e.into_rejection();
        let field = r.fields.first().map(|f| format!("{}: {}", f.field, f.code)).unwrap_or_default();
        return Err(bad(&field));
    }
    let email = match post.email.trim() {
        "" => None,
        raw => Some(Email::parse(raw).map_err(|_| bad("email: not a valid address"))?.as_str().to_owned()),
    };
    let name =
        format!("{} {}", post.first_name.trim(), post.last_name.trim()).trim().chars().take(100).collect::<String>();
    let phone: String = post.phone.trim().chars().take(30).collect();
    let district_id = match point {
        Some(p) => super::district_at(&mut conn, p)?,
        None => None,
    };
    let checked = Checked { category, title, description, point, address, district_id, answers, show_name: false };
    let reporter = Reporter::Client {
        client_id: client.id,
        name: (!name.is_empty()).then_some(name),
        email,
        phone: (!phone.is_empty()).then_some(phone),
    };
    let now = yoriai_store::now();
    let id = yoriai_store::write_tx(&mut conn, |c| {
        rs::touch_client(c, client.id, now)?;
        store_report(c, &Actor::System, &checked, &reporter, now)
    })?;
    Ok(vec![RequestCreated {
        service_request_id: Some(id.to_string()),
        token: None,
        service_notice: None,
        account_id: None,
    }])
}

/// The filters of `GET requests`.
#[derive(Debug, Clone, Default)]
pub struct Open311Query {
    pub service_request_id: String,
    pub service_code: String,
    pub start_date: String,
    pub end_date: String,
    pub status: String,
}

fn to_request(
    r: &ReportRow,
    names: &Names,
    locale: Locale,
    notes: &[(ReportId, String)],
    departments: &[yoriai_store::report_settings::DepartmentRow],
    photos: &[(ReportId, yoriai_store::uploads::UploadRow)],
    public_url: &str,
) -> ServiceRequest {
    let category = names.categories.iter().find(|c| c.id == r.category_id);
    ServiceRequest {
        service_request_id: r.id.to_string(),
        status: r.state.open311_status().into(),
        status_notes: notes.iter().find(|(id, _)| *id == r.id).map(|(_, n)| n.clone()),
        service_name: category.map(|c| pick(&Bilingual::new(&c.name_ja, &c.name_en), locale)).unwrap_or_default(),
        service_code: category.map(|c| c.code.clone()).unwrap_or_default(),
        description: r.description.clone(),
        agency_responsible: r
            .department_id
            .and_then(|d| departments.iter().find(|x| x.id == d))
            .map(|d| pick(&Bilingual::new(&d.name_ja, &d.name_en), locale)),
        service_notice: None,
        requested_datetime: w3c(r.created_at),
        updated_datetime: w3c(r.updated_at),
        expected_datetime: None,
        address: r.address.clone(),
        address_id: None,
        zipcode: None,
        lat: r.latitude,
        long: r.longitude,
        media_url: photos
            .iter()
            .find(|(id, _)| *id == r.id)
            .map(|(_, u)| format!("{}/uploads/{}.jpg", public_url.trim_end_matches('/'), u.storage_key)),
    }
}

fn requests_of(svc: &Services, rows: &[ReportRow], locale: Locale) -> ServiceResult<Vec<ServiceRequest>> {
    let mut conn = svc.conn()?;
    let names = Names::load(&mut conn)?;
    let ids: Vec<ReportId> = rows.iter().map(|r| r.id).collect();
    let notes = reports::latest_public_notes(&mut conn, &ids)?;
    let photos = reports::first_photos(&mut conn, &ids)?;
    let departments = rs::departments(&mut conn)?;
    Ok(rows
        .iter()
        .map(|r| to_request(r, &names, locale, &notes, &departments, &photos, &svc.settings.public_url))
        .collect())
}

/// `GET requests`: public reports, newest first, at most 1,000, by default those of the
/// last 90 days; a date range may not span more than 90 days.
pub fn open311_requests(svc: &Services, q: &Open311Query, locale: Locale) -> ServiceResult<Vec<ServiceRequest>> {
    let mut conn = svc.conn()?;
    let ids = q.service_request_id.trim();
    let rows = if !ids.is_empty() {
        // service_request_id overrides every other parameter.
        let ids: Vec<ReportId> = ids
            .split(',')
            .map(|s| s.trim().parse::<ReportId>().map_err(|_| bad("service_request_id: not a list of ids")))
            .collect::<Result<_, _>>()?;
        if ids.len() > MAX_QUERY_RESULTS {
            return Err(bad("service_request_id: too many ids"));
        }
        reports::find_many(&mut conn, &ids)?.into_iter().filter(|r| r.visible).collect()
    } else {
        let date = |raw: &str, name: &str| -> ServiceResult<Option<chrono::NaiveDateTime>> {
            if raw.trim().is_empty() {
                return Ok(None);
            }
            let secs = parse_w3c_datetime(raw.trim()).ok_or_else(|| bad(&format!("{name}: not a W3C datetime")))?;
            Ok(chrono::DateTime::from_timestamp(secs, 0).map(|d| d.naive_utc()))
        };
        let start = date(&q.start_date, "start_date")?;
        let end = date(&q.end_date, "end_date")?;
        let span = chrono::Duration::days(MAX_QUERY_SPAN_DAYS);
        let (start, end) = match (start, end) {
            (Some(s), Some(e)) => {
                if e < s {
                    return Err(bad("end_date is before start_date"));
                }
                if e - s > span {
                    return Err(bad("the date range may not span more than 90 days"));
                }
                (s, e)
            }
            (Some(s), None) => (s, s + span),
            (None, Some(e)) => (e - span, e),
            (None, None) => {
                let now = yoriai_store::now();
                (now - span, now)
            }
        };
        let mut states = Vec::new();
        for s in q.status.split(',').map(str::trim).filter(|s| !s.is_empty()) {
            match s {
                "open" => states.extend(ReportState::with_status(true)),
                "closed" => states.extend(ReportState::with_status(false)),
                _ => return Err(bad("status: use open or closed")),
            }
        }
        let mut categories = Vec::new();
        let mut unknown_code = false;
        for code in q.service_code.split(',').map(str::trim).filter(|s| !s.is_empty()) {
            match rs::find_category_by_code(&mut conn, code)? {
                Some(c) => categories.push(c.id),
                None => unknown_code = true,
            }
        }
        if unknown_code && categories.is_empty() {
            return Ok(Vec::new());
        }
        let id_range = utc_range(&mut conn, Some(start), Some(end + chrono::Duration::seconds(1)))?;
        let (rows, _) = reports::list(
            &mut conn,
            &ListQuery {
                categories,
                states: if states.is_empty() { StateSet::All } else { StateSet::These(states.clone()) },
                id_range,
                order: Order::Newest,
                limit: MAX_QUERY_RESULTS as i64,
                ..Default::default()
            },
        )?;
        rows
    };
    drop(conn);
    requests_of(svc, &rows, locale)
}

/// `GET requests/{id}`.
pub fn open311_request(svc: &Services, id: &str, locale: Locale) -> ServiceResult<Vec<ServiceRequest>> {
    let id: ReportId = id.trim().parse().map_err(|_| Rejection::new(ErrorCode::NotFound))?;
    let mut conn = svc.conn()?;
    let row = reports::find(&mut conn, id)?.filter(|r| r.visible).ok_or(Rejection::new(ErrorCode::NotFound))?;
    drop(conn);
    requests_of(svc, &[row], locale)
}

/// `GET tokens/{token}`. Requests are created at once and answered with their id, so a
/// token is the request id itself (as FixMyStreet does).
pub fn open311_token(svc: &Services, token: &str) -> ServiceResult<Vec<TokenStatus>> {
    let id: ReportId = token.trim().parse().map_err(|_| Rejection::new(ErrorCode::NotFound))?;
    let mut conn = svc.conn()?;
    let row = reports::find(&mut conn, id)?.filter(|r| r.visible).ok_or(Rejection::new(ErrorCode::NotFound))?;
    Ok(vec![TokenStatus { service_request_id: Some(row.id.to_string()), token: token.trim().to_owned() }])
}
