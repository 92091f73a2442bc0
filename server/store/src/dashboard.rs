//! The figures of the public dashboard: every one an SQL aggregate (or a maintained
//! counter), never rows loaded into memory. Staff-defined KPIs and the population
//! figure live here too.

use crate::schema::{budget_headings, budgets, departments, kpis, platform_figures, report_categories, results, users};
use crate::{DbConn, DbResult};
use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Double, Nullable};
use yoriai_domain::ids::{KpiId, ProcessId};

#[derive(Debug, Clone, Default, QueryableByName)]
pub struct ProposalTotals {
    #[diesel(sql_type = BigInt)]
    pub proposals: i64,
    #[diesel(sql_type = BigInt)]
    pub supports: i64,
    #[diesel(sql_type = BigInt)]
    pub comments: i64,
    #[diesel(sql_type = BigInt)]
    pub answered: i64,
    #[diesel(sql_type = BigInt)]
    pub accepted: i64,
}

#[derive(Debug, QueryableByName)]
struct Count {
    #[diesel(sql_type = BigInt)]
    n: i64,
}

fn placeholder(conn: &DbConn, n: usize) -> String {
    match conn {
        DbConn::Pg(_) => format!("${n}"),
        DbConn::Sqlite(_) => format!("?{n}"),
    }
}

/// Published proposals with their supports, comments, published answers and
/// acceptances, city-wide or for one process: one scan.
pub fn proposal_totals(conn: &mut DbConn, process: Option<ProcessId>) -> DbResult<ProposalTotals> {
    let filter = match process {
        Some(_) => format!(" AND process_id = {}", placeholder(conn, 1)),
        None => String::new(),
    };
    let sql = format!(
        "SELECT CAST(COUNT(*) AS BIGINT) AS proposals, \
         CAST(COALESCE(SUM(support_count), 0) AS BIGINT) AS supports, \
         CAST(COALESCE(SUM(comment_count), 0) AS BIGINT) AS comments, \
         CAST(COALESCE(SUM(CASE WHEN answer_published_at IS NOT NULL THEN 1 ELSE 0 END), 0) AS BIGINT) AS answered, \
         CAST(COALESCE(SUM(CASE WHEN answer_published_at IS NOT NULL AND answer_state = 'accepted' THEN 1 ELSE 0 END), 0) \
         AS BIGINT) AS accepted \
         FROM proposals WHERE state <> 'draft'{filter}"
    );
    let q = diesel::sql_query(sql);
    let rows: Vec<ProposalTotals> = match (conn, process) {
        (DbConn::Pg(c), Some(p)) => q.bind::<BigInt, _>(p).load(c)?,
        (DbConn::Pg(c), None) => q.load(c)?,
        (DbConn::Sqlite(c), Some(p)) => q.bind::<BigInt, _>(p).load(c)?,
        (DbConn::Sqlite(c), None) => q.load(c)?,
    };
    Ok(rows.into_iter().next().unwrap_or_default())
}

/// Accounts that took part: proposed, supported, commented, voted or reported.
/// One index probe per table and account (for a process: its authors, supporters and
/// commenters).
pub fn participants(conn: &mut DbConn, process: Option<ProcessId>) -> DbResult<i64> {
    let rows: Vec<Count> = match process {
        None => {
            let sql = "SELECT CAST(COUNT(*) AS BIGINT) AS n FROM users u WHERE \
                EXISTS (SELECT 1 FROM proposals p WHERE p.author_id = u.id AND p.state <> 'draft') \
                OR EXISTS (SELECT 1 FROM supports s WHERE s.user_id = u.id) \
                OR EXISTS (SELECT 1 FROM comments c WHERE c.author_id = u.id) \
                OR EXISTS (SELECT 1 FROM ballots b WHERE b.user_id = u.id) \
                OR EXISTS (SELECT 1 FROM reports r WHERE r.reporter_id = u.id)";
            let q = diesel::sql_query(sql);
            match conn {
                DbConn::Pg(c) => q.load(c)?,
                DbConn::Sqlite(c) => q.load(c)?,
            }
        }
        Some(pid) => {
            let p = placeholder(conn, 1);
            let sql = format!(
                "SELECT CAST(COUNT(*) AS BIGINT) AS n FROM users u WHERE \
                 EXISTS (SELECT 1 FROM proposals p WHERE p.author_id = u.id AND p.process_id = {p} \
                   AND p.state <> 'draft') \
                 OR EXISTS (SELECT 1 FROM process_participants pp WHERE pp.process_id = {p} AND pp.user_id = u.id) \
                 OR EXISTS (SELECT 1 FROM comments c JOIN proposals pr ON pr.id = c.proposal_id \
                   WHERE c.author_id = u.id AND pr.process_id = {p})"
            );
            let q = diesel::sql_query(sql).bind::<BigInt, _>(pid);
            match conn {
                DbConn::Pg(c) => q.load(c)?,
                DbConn::Sqlite(c) => q.load(c)?,
            }
        }
    };
    Ok(rows.first().map(|c| c.n).unwrap_or(0))
}

/// Confirmed accounts (the registered share's numerator).
pub fn registered(conn: &mut DbConn) -> DbResult<i64> {
    users::table.filter(users::email_confirmed_at.is_not_null()).count().get_result(conn)
}

/// `(budget title ja, en, heading ja, en, ballots, eligible)` per district budget.
pub type TurnoutRow = (String, String, String, String, i32, Option<i32>);

/// Ballots per heading of this city's own budgets. Budgets imported from a Pabulib
/// file are another city's or year's vote: never part of this city's participation.
pub fn turnout(conn: &mut DbConn, process: Option<ProcessId>) -> DbResult<Vec<TurnoutRow>> {
    let mut q = budget_headings::table
        .inner_join(budgets::table)
        .filter(budgets::imported_from.is_null())
        .select((
            budgets::title_ja,
            budgets::title_en,
            budget_headings::name_ja,
            budget_headings::name_en,
            budget_headings::ballot_count,
            budget_headings::eligible_count,
        ))
        .into_boxed();
    if let Some(p) = process {
        q = q.filter(budgets::process_id.eq(p));
    }
    q.order((budgets::id.asc(), budget_headings::position.asc())).limit(200).load(conn)
}

#[derive(Debug, Clone, QueryableByName)]
pub struct GroupStat {
    #[diesel(sql_type = BigInt)]
    pub group_id: i64,
    #[diesel(sql_type = BigInt)]
    pub received: i64,
    #[diesel(sql_type = BigInt)]
    pub fixed: i64,
    #[diesel(sql_type = Nullable<Double>)]
    pub median_days: Option<f64>,
}

#[derive(Debug, Clone, QueryableByName)]
struct GroupCount {
    #[diesel(sql_type = BigInt)]
    group_id: i64,
    #[diesel(sql_type = BigInt)]
    received: i64,
    #[diesel(sql_type = BigInt)]
    fixed: i64,
}

#[derive(Debug, Clone, QueryableByName)]
struct Days {
    #[diesel(sql_type = Double)]
    d: f64,
}

/// Confirmed reports received and fixed, and the median days from report to fix, per
/// `category_id` or `department_id`. Counts read a covering index; each group's median
/// is the middle row (or the mean of the two middle rows) of a partial index ordered
/// by the duration, reached with `OFFSET` — no sort, on both backends (the duration
/// expression is the only backend-specific part, and must match the index's).
pub fn report_stats(conn: &mut DbConn, by_department: bool) -> DbResult<Vec<GroupStat>> {
    let group = if by_department { "department_id" } else { "category_id" };
    let days = match conn {
        DbConn::Pg(_) => "(EXTRACT(EPOCH FROM (fixed_at - created_at)) / 86400.0)",
        DbConn::Sqlite(_) => "(julianday(fixed_at) - julianday(created_at))",
    };
    let counts_sql = format!(
        "SELECT {group} AS group_id, CAST(COUNT(*) AS BIGINT) AS received, \
         CAST(COALESCE(SUM(CASE WHEN fixed_at IS NOT NULL THEN 1 ELSE 0 END), 0) AS BIGINT) AS fixed \
         FROM reports WHERE confirmed_at IS NOT NULL AND {group} IS NOT NULL GROUP BY {group}"
    );
    let q = diesel::sql_query(counts_sql);
    let mut counts: Vec<GroupCount> = match conn {
        DbConn::Pg(c) => q.load(c)?,
        DbConn::Sqlite(c) => q.load(c)?,
    };
    counts.sort_by(|a, b| b.received.cmp(&a.received).then(a.group_id.cmp(&b.group_id)));
    let (p1, p2, p3) = (placeholder(conn, 1), placeholder(conn, 2), placeholder(conn, 3));
    let median_sql = format!(
        "SELECT CAST({days} AS DOUBLE PRECISION) AS d FROM reports \
         WHERE {group} = {p1} AND fixed_at IS NOT NULL AND confirmed_at IS NOT NULL \
         ORDER BY {days} LIMIT {p2} OFFSET {p3}"
    );
    let mut out = Vec::with_capacity(counts.len());
    for g in counts {
        let median_days = if g.fixed > 0 {
            let (take, skip) = if g.fixed % 2 == 0 { (2, g.fixed / 2 - 1) } else { (1, g.fixed / 2) };
            let q = diesel::sql_query(median_sql.clone())
                .bind::<BigInt, _>(g.group_id)
                .bind::<BigInt, _>(take)
                .bind::<BigInt, _>(skip);
            let rows: Vec<Days> = match conn {
                DbConn::Pg(c) => q.load(c)?,
                DbConn::Sqlite(c) => q.load(c)?,
            };
            (!rows.is_empty()).then(|| rows.iter().map(|r| r.d).sum::<f64>() / rows.len() as f64)
        } else {
            None
        };
        out.push(GroupStat { group_id: g.group_id, received: g.received, fixed: g.fixed, median_days });
    }
    Ok(out)
}

/// Names of a statistic's groups (categories or departments: a group id is either).
pub fn category_names(conn: &mut DbConn) -> DbResult<Vec<(i64, String, String)>> {
    report_categories::table
        .select((report_categories::id, report_categories::name_ja, report_categories::name_en))
        .load(conn)
}

pub fn department_names(conn: &mut DbConn) -> DbResult<Vec<(i64, String, String)>> {
    departments::table.select((departments::id, departments::name_ja, departments::name_en)).load(conn)
}

pub fn results_by_status(conn: &mut DbConn, process: Option<ProcessId>) -> DbResult<Vec<(String, i64)>> {
    let mut q =
        results::table.group_by(results::status).select((results::status, diesel::dsl::count_star())).into_boxed();
    if let Some(p) = process {
        q = q.filter(results::process_id.eq(p));
    }
    q.order(results::status.asc()).load(conn)
}

// ---- figures staff enter ----

pub fn figure(conn: &mut DbConn, key: &str) -> DbResult<Option<i64>> {
    platform_figures::table.find(key).select(platform_figures::value).first(conn).optional()
}

pub fn set_figure(conn: &mut DbConn, key: &str, value: i64, now: NaiveDateTime) -> DbResult<()> {
    let updated = diesel::update(platform_figures::table.find(key))
        .set((platform_figures::value.eq(value), platform_figures::updated_at.eq(now)))
        .execute(conn)?;
    if updated == 0 {
        diesel::insert_into(platform_figures::table)
            .values((
                platform_figures::key.eq(key),
                platform_figures::value.eq(value),
                platform_figures::updated_at.eq(now),
            ))
            .execute(conn)?;
    }
    Ok(())
}

// ---- KPIs ----

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = kpis)]
pub struct KpiRow {
    pub id: KpiId,
    pub process_id: Option<ProcessId>,
    pub name_ja: String,
    pub name_en: String,
    pub metric: String,
    pub baseline: f64,
    pub target: f64,
    pub target_year: i32,
    pub data_source: String,
    pub update_cycle: String,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

#[derive(Debug, Clone, Insertable, AsChangeset)]
#[diesel(table_name = kpis, treat_none_as_null = true)]
pub struct KpiFields<'a> {
    pub process_id: Option<ProcessId>,
    pub name_ja: &'a str,
    pub name_en: &'a str,
    pub metric: &'a str,
    pub baseline: f64,
    pub target: f64,
    pub target_year: i32,
    pub data_source: &'a str,
    pub update_cycle: &'a str,
}

pub fn insert_kpi(conn: &mut DbConn, f: &KpiFields<'_>, now: NaiveDateTime) -> DbResult<KpiId> {
    diesel::insert_into(kpis::table)
        .values((f, kpis::created_at.eq(now), kpis::updated_at.eq(now)))
        .returning(kpis::id)
        .get_result(conn)
}

pub fn delete_kpi(conn: &mut DbConn, id: KpiId) -> DbResult<bool> {
    diesel::delete(kpis::table.find(id)).execute(conn).map(|n| n == 1)
}

/// KPIs of a process (or the city-wide ones).
pub fn kpis_of(conn: &mut DbConn, process: Option<ProcessId>) -> DbResult<Vec<KpiRow>> {
    let q = kpis::table.select(KpiRow::as_select()).order(kpis::id.asc()).into_boxed();
    match process {
        Some(p) => q.filter(kpis::process_id.eq(p)).load(conn),
        None => q.filter(kpis::process_id.is_null()).load(conn),
    }
}
