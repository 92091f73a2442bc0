//! What staff set up for street reports: departments and their members, categories
//! with their extra questions, routes, response templates and Open311 client keys.

use crate::schema::{
    category_questions, category_routes, department_members, departments, open311_clients, report_categories,
    response_templates, users,
};
use crate::{DbConn, DbResult};
use chrono::NaiveDateTime;
use diesel::prelude::*;
use yoriai_domain::ids::{ClientId, DepartmentId, DistrictId, QuestionId, ReportCategoryId, TemplateId, UserId};
use yoriai_domain::report::ReportState;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = departments)]
pub struct DepartmentRow {
    pub id: DepartmentId,
    pub name_ja: String,
    pub name_en: String,
    pub is_default: bool,
    pub created_at: NaiveDateTime,
}

pub fn insert_department(
    conn: &mut DbConn,
    name_ja: &str,
    name_en: &str,
    now: NaiveDateTime,
) -> DbResult<DepartmentId> {
    diesel::insert_into(departments::table)
        .values((
            departments::name_ja.eq(name_ja),
            departments::name_en.eq(name_en),
            departments::is_default.eq(false),
            departments::created_at.eq(now),
        ))
        .returning(departments::id)
        .get_result(conn)
}

pub fn update_department(conn: &mut DbConn, id: DepartmentId, name_ja: &str, name_en: &str) -> DbResult<bool> {
    diesel::update(departments::table.find(id))
        .set((departments::name_ja.eq(name_ja), departments::name_en.eq(name_en)))
        .execute(conn)
        .map(|n| n == 1)
}

/// Makes `id` the one default department.
pub fn set_default_department(conn: &mut DbConn, id: DepartmentId) -> DbResult<()> {
    diesel::update(departments::table.filter(departments::id.ne(id)))
        .set(departments::is_default.eq(false))
        .execute(conn)?;
    diesel::update(departments::table.find(id)).set(departments::is_default.eq(true)).execute(conn).map(|_| ())
}

pub fn departments(conn: &mut DbConn) -> DbResult<Vec<DepartmentRow>> {
    departments::table.order(departments::id.asc()).select(DepartmentRow::as_select()).load(conn)
}

pub fn find_department(conn: &mut DbConn, id: DepartmentId) -> DbResult<Option<DepartmentRow>> {
    departments::table.find(id).select(DepartmentRow::as_select()).first(conn).optional()
}

pub fn default_department(conn: &mut DbConn) -> DbResult<Option<DepartmentId>> {
    departments::table.filter(departments::is_default.eq(true)).select(departments::id).first(conn).optional()
}

pub fn add_member(conn: &mut DbConn, department_id: DepartmentId, user_id: UserId) -> DbResult<bool> {
    let q = diesel::insert_into(department_members::table)
        .values((department_members::department_id.eq(department_id), department_members::user_id.eq(user_id)))
        .on_conflict_do_nothing();
    crate::on_each_backend!(conn, |c| q.execute(c)).map(|n| n == 1)
}

pub fn remove_member(conn: &mut DbConn, department_id: DepartmentId, user_id: UserId) -> DbResult<bool> {
    diesel::delete(department_members::table.find((department_id, user_id))).execute(conn).map(|n| n == 1)
}

/// (department id, user id, display name, email) of every member.
pub fn members(conn: &mut DbConn) -> DbResult<Vec<(DepartmentId, UserId, String, String)>> {
    department_members::table
        .inner_join(users::table)
        .order((department_members::department_id.asc(), users::display_name.asc()))
        .select((department_members::department_id, users::id, users::display_name, users::email))
        .load(conn)
}

/// The departments a staff member belongs to.
pub fn departments_of(conn: &mut DbConn, user_id: UserId) -> DbResult<Vec<DepartmentId>> {
    department_members::table
        .filter(department_members::user_id.eq(user_id))
        .select(department_members::department_id)
        .load(conn)
}

/// Members of a department: (user id, display name).
pub fn members_of(conn: &mut DbConn, department_id: DepartmentId) -> DbResult<Vec<(UserId, String)>> {
    department_members::table
        .inner_join(users::table)
        .filter(department_members::department_id.eq(department_id))
        .order(users::display_name.asc())
        .select((users::id, users::display_name))
        .load(conn)
}

pub fn is_member(conn: &mut DbConn, department_id: DepartmentId, user_id: UserId) -> DbResult<bool> {
    department_members::table.find((department_id, user_id)).count().get_result::<i64>(conn).map(|n| n > 0)
}

// ---- categories ----

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = report_categories)]
pub struct CategoryRow {
    pub id: ReportCategoryId,
    pub code: String,
    pub name_ja: String,
    pub name_en: String,
    pub description_ja: String,
    pub description_en: String,
    pub group_name: String,
    pub keywords: String,
    pub enabled: bool,
    pub department_id: Option<DepartmentId>,
    pub position: i32,
    pub created_at: NaiveDateTime,
}

#[derive(Debug, Clone, Insertable, AsChangeset)]
#[diesel(table_name = report_categories)]
#[diesel(treat_none_as_null = true)]
pub struct CategoryFields<'a> {
    pub code: &'a str,
    pub name_ja: &'a str,
    pub name_en: &'a str,
    pub description_ja: &'a str,
    pub description_en: &'a str,
    pub group_name: &'a str,
    pub keywords: &'a str,
    pub enabled: bool,
    pub department_id: Option<DepartmentId>,
}

/// `Ok(None)` when the code is taken.
pub fn insert_category(
    conn: &mut DbConn,
    f: &CategoryFields<'_>,
    now: NaiveDateTime,
) -> DbResult<Option<ReportCategoryId>> {
    let position: Option<i32> =
        report_categories::table.select(diesel::dsl::max(report_categories::position)).first(conn)?;
    let q = diesel::insert_into(report_categories::table)
        .values((f, report_categories::position.eq(position.unwrap_or(0) + 1), report_categories::created_at.eq(now)))
        .on_conflict(report_categories::code)
        .do_nothing()
        .returning(report_categories::id);
    crate::on_each_backend!(conn, |c| q.get_result(c).optional())
}

/// `false` when the code is taken by another category.
pub fn update_category(conn: &mut DbConn, id: ReportCategoryId, f: &CategoryFields<'_>) -> DbResult<bool> {
    match diesel::update(report_categories::table.find(id)).set(f).execute(conn) {
        Ok(n) => Ok(n == 1),
        Err(diesel::result::Error::DatabaseError(diesel::result::DatabaseErrorKind::UniqueViolation, _)) => Ok(false),
        Err(e) => Err(e),
    }
}

pub fn categories(conn: &mut DbConn, enabled_only: bool) -> DbResult<Vec<CategoryRow>> {
    let mut q = report_categories::table.into_boxed();
    if enabled_only {
        q = q.filter(report_categories::enabled.eq(true));
    }
    q.order((report_categories::position.asc(), report_categories::id.asc()))
        .select(CategoryRow::as_select())
        .load(conn)
}

pub fn find_category(conn: &mut DbConn, id: ReportCategoryId) -> DbResult<Option<CategoryRow>> {
    report_categories::table.find(id).select(CategoryRow::as_select()).first(conn).optional()
}

pub fn find_category_by_code(conn: &mut DbConn, code: &str) -> DbResult<Option<CategoryRow>> {
    report_categories::table
        .filter(report_categories::code.eq(code))
        .select(CategoryRow::as_select())
        .first(conn)
        .optional()
}

// ---- questions ----

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = category_questions)]
pub struct QuestionRow {
    pub id: QuestionId,
    pub category_id: ReportCategoryId,
    pub code: String,
    pub kind: yoriai_domain::report::QuestionKind,
    pub label_ja: String,
    pub label_en: String,
    pub required: bool,
    pub options: String,
    pub position: i32,
}

impl QuestionRow {
    /// List options as (key, Japanese, English), from `key|日本語|English` lines.
    pub fn option_list(&self) -> Vec<(String, String, String)> {
        self.options
            .lines()
            .filter(|l| !l.trim().is_empty())
            .map(|l| {
                let mut parts = l.split('|').map(str::trim);
                let key = parts.next().unwrap_or_default().to_owned();
                let ja = parts.next().filter(|s| !s.is_empty()).unwrap_or(&key).to_owned();
                let en = parts.next().filter(|s| !s.is_empty()).unwrap_or(&ja).to_owned();
                (key, ja, en)
            })
            .collect()
    }
}

#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = category_questions)]
pub struct NewQuestion<'a> {
    pub category_id: ReportCategoryId,
    pub code: &'a str,
    pub kind: &'a str,
    pub label_ja: &'a str,
    pub label_en: &'a str,
    pub required: bool,
    pub options: &'a str,
    pub position: i32,
}

/// `Ok(None)` when the category already has a question with that code.
pub fn insert_question(conn: &mut DbConn, q: &NewQuestion<'_>) -> DbResult<Option<QuestionId>> {
    let query = diesel::insert_into(category_questions::table)
        .values(q)
        .on_conflict((category_questions::category_id, category_questions::code))
        .do_nothing()
        .returning(category_questions::id);
    crate::on_each_backend!(conn, |c| query.get_result(c).optional())
}

pub fn delete_question(conn: &mut DbConn, id: QuestionId) -> DbResult<bool> {
    diesel::delete(category_questions::table.find(id)).execute(conn).map(|n| n == 1)
}

pub fn find_question(conn: &mut DbConn, id: QuestionId) -> DbResult<Option<QuestionRow>> {
    category_questions::table.find(id).select(QuestionRow::as_select()).first(conn).optional()
}

pub fn questions_of(conn: &mut DbConn, category_id: ReportCategoryId) -> DbResult<Vec<QuestionRow>> {
    category_questions::table
        .filter(category_questions::category_id.eq(category_id))
        .order((category_questions::position.asc(), category_questions::id.asc()))
        .select(QuestionRow::as_select())
        .load(conn)
}

pub fn all_questions(conn: &mut DbConn) -> DbResult<Vec<QuestionRow>> {
    category_questions::table
        .order((
            category_questions::category_id.asc(),
            category_questions::position.asc(),
            category_questions::id.asc(),
        ))
        .select(QuestionRow::as_select())
        .load(conn)
}

// ---- routes ----

/// Routes of a category: (district id, department id).
pub fn routes_of(conn: &mut DbConn, category_id: ReportCategoryId) -> DbResult<Vec<(DistrictId, DepartmentId)>> {
    category_routes::table
        .filter(category_routes::category_id.eq(category_id))
        .select((category_routes::district_id, category_routes::department_id))
        .load(conn)
}

/// Every route: (category id, district id, department id).
pub fn all_routes(conn: &mut DbConn) -> DbResult<Vec<(ReportCategoryId, DistrictId, DepartmentId)>> {
    category_routes::table
        .order((category_routes::category_id.asc(), category_routes::district_id.asc()))
        .select((category_routes::category_id, category_routes::district_id, category_routes::department_id))
        .load(conn)
}

/// Sets (or with `None` removes) the department for a category in a district.
pub fn set_route(
    conn: &mut DbConn,
    category_id: ReportCategoryId,
    district_id: DistrictId,
    department_id: Option<DepartmentId>,
) -> DbResult<()> {
    diesel::delete(category_routes::table.find((category_id, district_id))).execute(conn)?;
    if let Some(dept) = department_id {
        diesel::insert_into(category_routes::table)
            .values((
                category_routes::category_id.eq(category_id),
                category_routes::district_id.eq(district_id),
                category_routes::department_id.eq(dept),
            ))
            .execute(conn)?;
    }
    Ok(())
}

// ---- response templates ----

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = response_templates)]
pub struct TemplateRow {
    pub id: TemplateId,
    pub department_id: Option<DepartmentId>,
    pub title: String,
    pub body_ja: String,
    pub body_en: String,
    pub state: Option<ReportState>,
    pub created_at: NaiveDateTime,
}

#[derive(Debug, Clone, Insertable, AsChangeset)]
#[diesel(table_name = response_templates)]
#[diesel(treat_none_as_null = true)]
pub struct TemplateFields<'a> {
    pub department_id: Option<DepartmentId>,
    pub title: &'a str,
    pub body_ja: &'a str,
    pub body_en: &'a str,
    pub state: Option<ReportState>,
}

pub fn insert_template(conn: &mut DbConn, f: &TemplateFields<'_>, now: NaiveDateTime) -> DbResult<TemplateId> {
    diesel::insert_into(response_templates::table)
        .values((f, response_templates::created_at.eq(now)))
        .returning(response_templates::id)
        .get_result(conn)
}

pub fn update_template(conn: &mut DbConn, id: TemplateId, f: &TemplateFields<'_>) -> DbResult<bool> {
    diesel::update(response_templates::table.find(id)).set(f).execute(conn).map(|n| n == 1)
}

pub fn delete_template(conn: &mut DbConn, id: TemplateId) -> DbResult<bool> {
    diesel::delete(response_templates::table.find(id)).execute(conn).map(|n| n == 1)
}

pub fn templates(conn: &mut DbConn) -> DbResult<Vec<TemplateRow>> {
    response_templates::table.order(response_templates::id.asc()).select(TemplateRow::as_select()).load(conn)
}

// ---- Open311 clients ----

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = open311_clients)]
pub struct ClientRow {
    pub id: ClientId,
    pub name: String,
    pub key_hash: String,
    pub created_by: Option<UserId>,
    pub created_at: NaiveDateTime,
    pub last_used_at: Option<NaiveDateTime>,
    pub revoked_at: Option<NaiveDateTime>,
}

pub fn insert_client(
    conn: &mut DbConn,
    name: &str,
    key_hash: &str,
    created_by: Option<UserId>,
    now: NaiveDateTime,
) -> DbResult<ClientId> {
    diesel::insert_into(open311_clients::table)
        .values((
            open311_clients::name.eq(name),
            open311_clients::key_hash.eq(key_hash),
            open311_clients::created_by.eq(created_by),
            open311_clients::created_at.eq(now),
        ))
        .returning(open311_clients::id)
        .get_result(conn)
}

/// An active client by its key's hash.
pub fn client_by_key_hash(conn: &mut DbConn, key_hash: &str) -> DbResult<Option<ClientRow>> {
    open311_clients::table
        .filter(open311_clients::key_hash.eq(key_hash))
        .filter(open311_clients::revoked_at.is_null())
        .select(ClientRow::as_select())
        .first(conn)
        .optional()
}

pub fn touch_client(conn: &mut DbConn, id: ClientId, now: NaiveDateTime) -> DbResult<()> {
    diesel::update(open311_clients::table.find(id)).set(open311_clients::last_used_at.eq(now)).execute(conn).map(|_| ())
}

pub fn revoke_client(conn: &mut DbConn, id: ClientId, now: NaiveDateTime) -> DbResult<bool> {
    diesel::update(open311_clients::table.find(id).filter(open311_clients::revoked_at.is_null()))
        .set(open311_clients::revoked_at.eq(now))
        .execute(conn)
        .map(|n| n == 1)
}

pub fn clients(conn: &mut DbConn) -> DbResult<Vec<ClientRow>> {
    open311_clients::table.order(open311_clients::id.asc()).select(ClientRow::as_select()).load(conn)
}
