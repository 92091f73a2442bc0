//! Staff set-up for street reports.

use crate::audit::{self, Visibility};
use crate::{ServiceError, ServiceResult, Services};
use serde_json::json;
use yoriai_domain::geo::{parse_districts, DistrictOptions};
use yoriai_domain::report::{parse_code, QuestionKind, ReportState};
use yoriai_domain::text::{multi_line, single_line};
use yoriai_domain::{
    authorize, Action, Actor, ClientId, DepartmentId, DistrictId, ErrorCode, FieldError, FieldErrors, QuestionId,
    Rejection, ReportCategoryId, Role, TemplateId, UserId,
};
use yoriai_store::districts::{self, NewDistrict};
use yoriai_store::report_settings::{self as rs, CategoryFields, NewQuestion, TemplateFields};
use yoriai_store::users;
use yoriai_views::reports::{CategoryInput, QuestionInput};

fn names(name_ja: &str, name_en: &str) -> Result<(String, String), Rejection> {
    let mut e = FieldErrors::new();
    let ja = e.check("name_ja", single_line(name_ja, 1, 100));
    let en = e.check("name_en", single_line(name_en, 1, 100));
    match (ja, en) {
        (Some(ja), Some(en)) => Ok((ja, en)),
        _ => Err(e.into_rejection()),
    }
}

// ---- departments ----

pub fn create_department(svc: &Services, actor: &Actor, name_ja: &str, name_en: &str) -> ServiceResult<DepartmentId> {
    authorize(actor, &Action::ManageReportSettings)?;
    let (ja, en) = names(name_ja, name_en)?;
    let mut conn = svc.conn()?;
    let now = yoriai_store::now();
    yoriai_store::write_tx(&mut conn, |c| {
        let id = rs::insert_department(c, &ja, &en, now)?;
        // The first department is the default until staff choose another.
        if rs::default_department(c)?.is_none() {
            rs::set_default_department(c, id)?;
        }
        audit::log(c, actor, "create_department", ("department", Some(id)), Visibility::Public, None, json!({}))?;
        Ok(id)
    })
}

pub fn update_department(
    svc: &Services,
    actor: &Actor,
    id: DepartmentId,
    name_ja: &str,
    name_en: &str,
    is_default: bool,
) -> ServiceResult<()> {
    authorize(actor, &Action::ManageReportSettings)?;
    let (ja, en) = names(name_ja, name_en)?;
    let mut conn = svc.conn()?;
    yoriai_store::write_tx(&mut conn, |c| {
        if !rs::update_department(c, id, &ja, &en)? {
            return Err(ServiceError::from(ErrorCode::NotFound));
        }
        if is_default {
            rs::set_default_department(c, id)?;
        }
        audit::log(c, actor, "update_department", ("department", Some(id)), Visibility::Public, None, json!({}))
    })
}

/// Adds a staff member to a department by email (the account must be department staff
/// or an administrator).
pub fn add_department_member(
    svc: &Services,
    actor: &Actor,
    department_id: DepartmentId,
    email: &str,
) -> ServiceResult<()> {
    authorize(actor, &Action::ManageReportSettings)?;
    let mut conn = svc.conn()?;
    rs::find_department(&mut conn, department_id)?.ok_or(Rejection::new(ErrorCode::NotFound))?;
    let email = yoriai_domain::Email::parse(email).map_err(|c| Rejection::field("email", c))?;
    let user =
        users::find_by_email(&mut conn, email.as_str())?.ok_or(Rejection::field("email", ErrorCode::NotFound))?;
    let role = user.role;
    if !matches!(role, Role::DepartmentStaff | Role::Admin) {
        return Err(Rejection::field("email", ErrorCode::Forbidden).into());
    }
    yoriai_store::write_tx(&mut conn, |c| {
        rs::add_member(c, department_id, user.id)?;
        audit::log(
            c,
            actor,
            "add_department_member",
            ("department", Some(department_id)),
            Visibility::Staff,
            None,
            json!({ "user_id": user.id }),
        )
    })
}

pub fn remove_department_member(
    svc: &Services,
    actor: &Actor,
    department_id: DepartmentId,
    user_id: UserId,
) -> ServiceResult<()> {
    authorize(actor, &Action::ManageReportSettings)?;
    let mut conn = svc.conn()?;
    yoriai_store::write_tx(&mut conn, |c| {
        rs::remove_member(c, department_id, user_id)?;
        audit::log(
            c,
            actor,
            "remove_department_member",
            ("department", Some(department_id)),
            Visibility::Staff,
            None,
            json!({ "user_id": user_id }),
        )
    })
}

// ---- categories and questions ----

struct ParsedCategory {
    code: String,
    name_ja: String,
    name_en: String,
    description_ja: String,
    description_en: String,
    group_name: String,
    keywords: String,
}

fn optional(raw: &str, max: usize) -> Result<String, ErrorCode> {
    if raw.trim().is_empty() {
        Ok(String::new())
    } else {
        multi_line(raw, 1, max)
    }
}

fn parse_category(input: &CategoryInput) -> Result<ParsedCategory, Rejection> {
    let mut e = FieldErrors::new();
    let code = e.check("code", parse_code(&input.code));
    let name_ja = e.check("name_ja", single_line(&input.name_ja, 1, 100));
    let name_en = e.check("name_en", single_line(&input.name_en, 1, 100));
    let description_ja = e.check("description_ja", optional(&input.description_ja, 2_000));
    let description_en = e.check("description_en", optional(&input.description_en, 2_000));
    let group_name = e.check("group_name", optional(&input.group_name, 100));
    let keywords = e.check("keywords", optional(&input.keywords, 500));
    match (code, name_ja, name_en, description_ja, description_en, group_name, keywords) {
        (Some(code), Some(name_ja), Some(name_en), Some(description_ja), Some(description_en), Some(g), Some(k)) => {
            Ok(ParsedCategory { code, name_ja, name_en, description_ja, description_en, group_name: g, keywords: k })
        }
        _ => Err(e.into_rejection()),
    }
}

fn category_fields<'a>(p: &'a ParsedCategory, input: &CategoryInput) -> CategoryFields<'a> {
    CategoryFields {
        code: &p.code,
        name_ja: &p.name_ja,
        name_en: &p.name_en,
        description_ja: &p.description_ja,
        description_en: &p.description_en,
        group_name: &p.group_name,
        keywords: &p.keywords,
        enabled: input.enabled,
        department_id: input.department_id,
    }
}

pub fn create_category(svc: &Services, actor: &Actor, input: CategoryInput) -> ServiceResult<ReportCategoryId> {
    authorize(actor, &Action::ManageReportSettings)?;
    let p = parse_category(&input)?;
    let mut conn = svc.conn()?;
    let now = yoriai_store::now();
    yoriai_store::write_tx(&mut conn, |c| {
        let id = rs::insert_category(c, &category_fields(&p, &input), now)?
            .ok_or(Rejection::field("code", ErrorCode::SlugTaken))?;
        audit::log(
            c,
            actor,
            "create_report_category",
            ("report_category", Some(id)),
            Visibility::Public,
            None,
            json!({ "code": p.code }),
        )?;
        Ok(id)
    })
}

pub fn update_category(svc: &Services, actor: &Actor, id: ReportCategoryId, input: CategoryInput) -> ServiceResult<()> {
    authorize(actor, &Action::ManageReportSettings)?;
    let p = parse_category(&input)?;
    let mut conn = svc.conn()?;
    rs::find_category(&mut conn, id)?.ok_or(Rejection::new(ErrorCode::NotFound))?;
    yoriai_store::write_tx(&mut conn, |c| {
        if !rs::update_category(c, id, &category_fields(&p, &input))? {
            return Err(Rejection::field("code", ErrorCode::SlugTaken).into());
        }
        audit::log(
            c,
            actor,
            "update_report_category",
            ("report_category", Some(id)),
            Visibility::Public,
            None,
            json!({ "enabled": input.enabled }),
        )
    })
}

pub fn add_question(
    svc: &Services,
    actor: &Actor,
    category_id: ReportCategoryId,
    input: QuestionInput,
) -> ServiceResult<QuestionId> {
    authorize(actor, &Action::ManageReportSettings)?;
    let mut e = FieldErrors::new();
    let code = e.check("code", parse_code(&input.code));
    let kind = e.check("kind", QuestionKind::parse(input.kind.trim()).ok_or(ErrorCode::InvalidInput));
    let label_ja = e.check("label_ja", single_line(&input.label_ja, 1, 200));
    let label_en = e.check("label_en", single_line(&input.label_en, 1, 200));
    let options: Vec<String> =
        input.options.lines().map(str::trim).filter(|l| !l.is_empty()).map(str::to_owned).collect();
    if kind == Some(QuestionKind::List) {
        let keys_ok = !options.is_empty()
            && options.len() <= 50
            && options.iter().all(|l| parse_code(l.split('|').next().unwrap_or_default()).is_ok() && l.len() <= 300);
        if !keys_ok {
            e.push(FieldError::new("options", ErrorCode::InvalidInput));
        }
    }
    let (Some(code), Some(kind), Some(label_ja), Some(label_en)) = (code, kind, label_ja, label_en) else {
        return Err(e.into_rejection().into());
    };
    if !e.is_empty() {
        return Err(e.into_rejection().into());
    }
    let options = if kind == QuestionKind::List { options.join("\n") } else { String::new() };
    let mut conn = svc.conn()?;
    rs::find_category(&mut conn, category_id)?.ok_or(Rejection::new(ErrorCode::NotFound))?;
    let position = rs::questions_of(&mut conn, category_id)?.len() as i32 + 1;
    yoriai_store::write_tx(&mut conn, |c| {
        let id = rs::insert_question(
            c,
            &NewQuestion {
                category_id,
                code: &code,
                kind: kind.as_str(),
                label_ja: &label_ja,
                label_en: &label_en,
                required: input.required,
                options: &options,
                position,
            },
        )?
        .ok_or(Rejection::field("code", ErrorCode::SlugTaken))?;
        audit::log(
            c,
            actor,
            "add_category_question",
            ("report_category", Some(category_id)),
            Visibility::Public,
            None,
            json!({ "question_id": id }),
        )?;
        Ok(id)
    })
}

pub fn delete_question(svc: &Services, actor: &Actor, question_id: QuestionId) -> ServiceResult<ReportCategoryId> {
    authorize(actor, &Action::ManageReportSettings)?;
    let mut conn = svc.conn()?;
    let q = rs::find_question(&mut conn, question_id)?.ok_or(Rejection::new(ErrorCode::NotFound))?;
    yoriai_store::write_tx(&mut conn, |c| {
        rs::delete_question(c, question_id)?;
        audit::log(
            c,
            actor,
            "delete_category_question",
            ("report_category", Some(q.category_id)),
            Visibility::Public,
            None,
            json!({ "question_id": question_id }),
        )?;
        Ok(q.category_id)
    })
}

/// Routes a category in a district to a department (`None` removes the route).
pub fn set_route(
    svc: &Services,
    actor: &Actor,
    category_id: ReportCategoryId,
    district_id: DistrictId,
    department_id: Option<DepartmentId>,
) -> ServiceResult<()> {
    authorize(actor, &Action::ManageReportSettings)?;
    let mut conn = svc.conn()?;
    rs::find_category(&mut conn, category_id)?.ok_or(Rejection::new(ErrorCode::NotFound))?;
    districts::find(&mut conn, district_id)?.ok_or(Rejection::field("district_id", ErrorCode::NotFound))?;
    if let Some(d) = department_id {
        rs::find_department(&mut conn, d)?.ok_or(Rejection::field("department_id", ErrorCode::NotFound))?;
    }
    yoriai_store::write_tx(&mut conn, |c| {
        rs::set_route(c, category_id, district_id, department_id)?;
        audit::log(
            c,
            actor,
            "set_report_route",
            ("report_category", Some(category_id)),
            Visibility::Public,
            None,
            json!({ "district_id": district_id, "department_id": department_id }),
        )
    })
}

// ---- response templates ----

pub use yoriai_views::reports::TemplateInput;

pub fn save_template(
    svc: &Services,
    actor: &Actor,
    id: Option<TemplateId>,
    input: TemplateInput,
) -> ServiceResult<TemplateId> {
    authorize(actor, &Action::ManageReportSettings)?;
    let mut e = FieldErrors::new();
    let title = e.check("title", single_line(&input.title, 1, 100));
    let body_ja = e.check("body_ja", multi_line(&input.body_ja, 1, 4_000));
    let body_en = e.check("body_en", multi_line(&input.body_en, 1, 4_000));
    let state = match input.state.trim() {
        "" => Some(None),
        s => e.check("state", ReportState::parse(s).map(Some).ok_or(ErrorCode::InvalidInput)),
    };
    let (Some(title), Some(body_ja), Some(body_en), Some(state)) = (title, body_ja, body_en, state) else {
        return Err(e.into_rejection().into());
    };
    let fields = TemplateFields {
        department_id: input.department_id,
        title: &title,
        body_ja: &body_ja,
        body_en: &body_en,
        state,
    };
    let mut conn = svc.conn()?;
    let now = yoriai_store::now();
    yoriai_store::write_tx(&mut conn, |c| {
        let id = match id {
            Some(id) => {
                if !rs::update_template(c, id, &fields)? {
                    return Err(ServiceError::from(ErrorCode::NotFound));
                }
                id
            }
            None => rs::insert_template(c, &fields, now)?,
        };
        audit::log(
            c,
            actor,
            "save_response_template",
            ("response_template", Some(id)),
            Visibility::Staff,
            None,
            json!({}),
        )?;
        Ok(id)
    })
}

pub fn delete_template(svc: &Services, actor: &Actor, id: TemplateId) -> ServiceResult<()> {
    authorize(actor, &Action::ManageReportSettings)?;
    let mut conn = svc.conn()?;
    yoriai_store::write_tx(&mut conn, |c| {
        rs::delete_template(c, id)?;
        audit::log(
            c,
            actor,
            "delete_response_template",
            ("response_template", Some(id)),
            Visibility::Staff,
            None,
            json!({}),
        )
    })
}

// ---- districts ----

/// Imports district boundaries from GeoJSON: one district per feature, named from
/// `name_ja`/`name_en` (or `name`), coded from `code`/`id`. Existing districts with
/// the same code get the new boundary; the rest are added. All or nothing.
pub fn import_districts(svc: &Services, actor: &Actor, bytes: &[u8]) -> ServiceResult<usize> {
    authorize(actor, &Action::ManageReportSettings)?;
    let shapes = parse_districts(bytes, &DistrictOptions::default()).map_err(|e| {
        Rejection::field("file", ErrorCode::GeoJsonInvalid).with_arg("feature", e.feature.map_or(0, |f| f as i64 + 1))
    })?;
    let mut conn = svc.conn()?;
    let now = yoriai_store::now();
    yoriai_store::write_tx(&mut conn, |c| {
        for shape in &shapes {
            let name = shape.name.clone().unwrap_or_else(|| shape.code.clone().unwrap_or_else(|| "—".into()));
            let ja = shape.names.get("name_ja").cloned().unwrap_or_else(|| name.clone());
            let en = shape.names.get("name_en").cloned().unwrap_or_else(|| name.clone());
            let geometry = yoriai_domain::geo::to_geojson(shape);
            let bbox = shape.bbox();
            let existing = match shape.code.as_deref() {
                Some(code) => districts::find_by_code(c, code)?,
                None => None,
            };
            match existing {
                Some(d) => districts::set_shape(
                    c,
                    d.id,
                    &ja,
                    &en,
                    &geometry,
                    (bbox.min_lat(), bbox.max_lat(), bbox.min_lon(), bbox.max_lon()),
                )?,
                None => {
                    districts::insert(
                        c,
                        &NewDistrict {
                            code: shape.code.as_deref(),
                            name_ja: &ja,
                            name_en: &en,
                            geometry: Some(&geometry),
                            min_lat: Some(bbox.min_lat()),
                            max_lat: Some(bbox.max_lat()),
                            min_lon: Some(bbox.min_lon()),
                            max_lon: Some(bbox.max_lon()),
                            created_at: now,
                        },
                    )?;
                }
            }
        }
        audit::log(
            c,
            actor,
            "import_districts",
            ("district", None::<i64>),
            Visibility::Public,
            None,
            json!({ "count": shapes.len() }),
        )?;
        Ok(shapes.len())
    })
}

// ---- Open311 clients ----

/// Issues an Open311 API key for a client application; the key is shown once.
pub fn create_open311_client(svc: &Services, actor: &Actor, name: &str) -> ServiceResult<(ClientId, String)> {
    authorize(actor, &Action::ManageReportSettings)?;
    let name = single_line(name, 1, 100).map_err(|c| Rejection::field("name", c))?;
    let key = crate::crypto::random_token();
    let mut conn = svc.conn()?;
    let now = yoriai_store::now();
    yoriai_store::write_tx(&mut conn, |c| {
        let id = rs::insert_client(c, &name, &crate::crypto::token_hash(&key), actor.user_id(), now)?;
        audit::log(
            c,
            actor,
            "create_open311_client",
            ("open311_client", Some(id)),
            Visibility::Staff,
            None,
            json!({}),
        )?;
        Ok((id, key.clone()))
    })
}

pub fn revoke_open311_client(svc: &Services, actor: &Actor, id: ClientId) -> ServiceResult<()> {
    authorize(actor, &Action::ManageReportSettings)?;
    let mut conn = svc.conn()?;
    let now = yoriai_store::now();
    yoriai_store::write_tx(&mut conn, |c| {
        rs::revoke_client(c, id, now)?;
        audit::log(c, actor, "revoke_open311_client", ("open311_client", Some(id)), Visibility::Staff, None, json!({}))
    })
}
