//! The only place with backend-specific SQL. Each function has a test on both backends.

use crate::outbox::OutboxRow;
use crate::{DbConn, DbResult};
use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Timestamp};
use yoriai_domain::ids::{ProcessId, ProposalId};

pub mod catalog;
pub mod dump;

/// Claims up to `limit` due messages for this worker until `lease_until`.
///
/// PostgreSQL: `FOR UPDATE SKIP LOCKED` lets several nodes claim disjoint batches
/// without waiting on each other. SQLite has one writer at a time, so the same
/// statement without the locking clause is already exclusive.
pub fn claim_outbox(
    conn: &mut DbConn,
    now: NaiveDateTime,
    lease_until: NaiveDateTime,
    limit: i64,
) -> DbResult<Vec<OutboxRow>> {
    // Numbered placeholders: `$n` on PostgreSQL, `?n` on SQLite (where `$1` would be a
    // *named* parameter numbered by first appearance, silently swapping the binds).
    let (now_p, lease_p, limit_p) = match conn {
        DbConn::Pg(_) => ("$1", "$2", "$3"),
        DbConn::Sqlite(_) => ("?1", "?2", "?3"),
    };
    let pick = format!(
        "SELECT id FROM outbox \
         WHERE sent_at IS NULL AND next_attempt_at <= {now_p} AND (lease_until IS NULL OR lease_until < {now_p}) \
         ORDER BY id LIMIT {limit_p}"
    );
    let sql = match conn {
        DbConn::Pg(_) => format!(
            "UPDATE outbox SET lease_until = {lease_p}, attempts = attempts + 1 \
             WHERE id IN ({pick} FOR UPDATE SKIP LOCKED) RETURNING *"
        ),
        DbConn::Sqlite(_) => {
            format!(
                "UPDATE outbox SET lease_until = {lease_p}, attempts = attempts + 1 WHERE id IN ({pick}) RETURNING *"
            )
        }
    };
    let query =
        diesel::sql_query(sql).bind::<Timestamp, _>(now).bind::<Timestamp, _>(lease_until).bind::<BigInt, _>(limit);
    let mut rows: Vec<OutboxRow> = match conn {
        DbConn::Pg(c) => query.load(c)?,
        DbConn::Sqlite(c) => query.load(c)?,
    };
    rows.sort_by_key(|r| r.id);
    Ok(rows)
}

/// Locks proposal rows in ascending id order until the transaction ends. A transaction
/// that changes the counters of several proposals (a resident's supports starting or
/// stopping to count together) calls it first, so all of them take their row locks in
/// one global order and two can never wait on each other in a circle.
///
/// PostgreSQL: `FOR NO KEY UPDATE`, the lock an `UPDATE` of a counter takes anyway.
/// SQLite: nothing to do, `BEGIN IMMEDIATE` already admits one writer at a time.
pub fn lock_proposals(conn: &mut DbConn, ids: &[ProposalId]) -> DbResult<()> {
    use crate::schema::proposals;
    if ids.len() < 2 {
        return Ok(());
    }
    match conn {
        DbConn::Pg(c) => proposals::table
            .filter(proposals::id.eq_any(ids))
            .order(proposals::id.asc())
            .select(proposals::id)
            .for_no_key_update()
            .load::<i64>(c)
            .map(|_| ()),
        DbConn::Sqlite(_) => Ok(()),
    }
}

/// Tables whose rows [`lock_row`] may lock.
#[derive(Debug, Clone, Copy)]
pub enum LockTable {
    Proposals,
    BudgetProjects,
    Reports,
    Decisions,
}

impl LockTable {
    fn name(self) -> &'static str {
        match self {
            LockTable::Proposals => "proposals",
            LockTable::BudgetProjects => "budget_projects",
            LockTable::Reports => "reports",
            LockTable::Decisions => "decisions",
        }
    }
}

/// Locks one row until the transaction ends: what hangs off it (pictures, documents)
/// can then be counted and added to as one step, whatever runs in parallel.
///
/// PostgreSQL: `FOR NO KEY UPDATE`. SQLite: nothing to do, `BEGIN IMMEDIATE` already
/// admits one writer at a time.
pub fn lock_row(conn: &mut DbConn, table: LockTable, id: i64) -> DbResult<()> {
    match conn {
        DbConn::Pg(c) => diesel::sql_query(format!("SELECT id FROM {} WHERE id = $1 FOR NO KEY UPDATE", table.name()))
            .bind::<BigInt, _>(id)
            .execute(c)
            .map(|_| ()),
        DbConn::Sqlite(_) => Ok(()),
    }
}

/// Checks that the database answers (for `/readyz`).
pub fn ping(conn: &mut DbConn) -> DbResult<()> {
    use diesel::connection::SimpleConnection;
    conn.batch_execute("SELECT 1")
}

/// A search hit: a proposal's id and title.
#[derive(Debug, Clone, QueryableByName)]
pub struct Hit {
    #[diesel(sql_type = BigInt)]
    pub id: i64,
    #[diesel(sql_type = diesel::sql_types::Text)]
    pub title: String,
}

/// Published proposals of a process that share search terms with `terms` (words and
/// CJK bigrams from `domain::search`), best match first. The database does the work:
/// PostgreSQL's GIN index over `to_tsvector('simple', search_terms)`, SQLite's FTS5
/// table `proposals_fts` (ranked by bm25).
pub fn similar_proposals(
    conn: &mut DbConn,
    process_id: ProcessId,
    terms: &[String],
    exclude: Option<ProposalId>,
    limit: i64,
) -> DbResult<Vec<Hit>> {
    // Terms are letters and digits only; quotes are dropped all the same so that no
    // input can change the query's syntax.
    let clean: Vec<String> = terms
        .iter()
        .map(|t| t.chars().filter(|c| *c != '\'' && *c != '"' && *c != '\\').collect::<String>())
        .filter(|t| !t.is_empty())
        .take(64)
        .collect();
    if clean.is_empty() {
        return Ok(Vec::new());
    }
    let exclude = exclude.map_or(-1, |p| p.0);
    match conn {
        DbConn::Pg(c) => {
            let tsquery = clean.iter().map(|t| format!("'{t}'")).collect::<Vec<_>>().join(" | ");
            diesel::sql_query(
                "SELECT id, title FROM proposals \
                 WHERE process_id = $1 AND state = 'published' AND hidden_at IS NULL AND id <> $2 \
                   AND to_tsvector('simple', search_terms) @@ to_tsquery('simple', $3) \
                 ORDER BY ts_rank(to_tsvector('simple', search_terms), to_tsquery('simple', $3)) DESC, id DESC \
                 LIMIT $4",
            )
            .bind::<BigInt, _>(process_id)
            .bind::<BigInt, _>(exclude)
            .bind::<diesel::sql_types::Text, _>(tsquery)
            .bind::<BigInt, _>(limit)
            .load(c)
        }
        DbConn::Sqlite(c) => {
            let matcher = clean.iter().map(|t| format!("\"{t}\"")).collect::<Vec<_>>().join(" OR ");
            diesel::sql_query(
                "SELECT p.id AS id, p.title AS title FROM proposals_fts f JOIN proposals p ON p.id = f.rowid \
                 WHERE proposals_fts MATCH ?3 AND p.process_id = ?1 AND p.state = 'published' \
                   AND p.hidden_at IS NULL AND p.id <> ?2 \
                 ORDER BY bm25(proposals_fts), p.id DESC LIMIT ?4",
            )
            .bind::<BigInt, _>(process_id)
            .bind::<BigInt, _>(exclude)
            .bind::<diesel::sql_types::Text, _>(matcher)
            .bind::<BigInt, _>(limit)
            .load(c)
        }
    }
}

/// One hit of the cross search.
#[derive(Debug, Clone, QueryableByName)]
pub struct SearchHit {
    #[diesel(sql_type = diesel::sql_types::Text)]
    pub item_type: yoriai_domain::item::ItemKind,
    #[diesel(sql_type = BigInt)]
    pub item_id: i64,
    #[diesel(sql_type = diesel::sql_types::Text)]
    pub title: String,
}

#[derive(Debug, Clone, QueryableByName)]
pub struct TypeCount {
    #[diesel(sql_type = diesel::sql_types::Text)]
    pub item_type: yoriai_domain::item::ItemKind,
    #[diesel(sql_type = BigInt)]
    pub n: i64,
}

/// What the public may find: visible rows, and projects only once their budget is out
/// of preparation.
const SEARCH_VISIBLE: &str = "s.visible AND (s.item_type <> 'project' OR EXISTS (SELECT 1 FROM budget_projects bp \
     JOIN budgets b ON b.id = bp.budget_id WHERE bp.id = s.item_id AND b.state <> 'preparing'))";

fn clean_terms(terms: &[String]) -> Vec<String> {
    terms
        .iter()
        .map(|t| t.chars().filter(|c| c.is_alphanumeric()).collect::<String>())
        .filter(|t| !t.is_empty())
        .take(32)
        .collect()
}

/// Items whose search terms contain every one of `terms` (AND), best match first
/// (PostgreSQL `ts_rank` over the GIN-indexed `search_index`, SQLite FTS5 `bm25`).
/// `item_type` narrows to one kind.
pub fn search(
    conn: &mut DbConn,
    terms: &[String],
    item_type: Option<yoriai_domain::item::ItemKind>,
    limit: i64,
    offset: i64,
) -> DbResult<Vec<SearchHit>> {
    let clean = clean_terms(terms);
    if clean.is_empty() {
        return Ok(Vec::new());
    }
    let kind = item_type.map_or("", |k| k.as_str()).to_owned();
    match conn {
        DbConn::Pg(c) => {
            let tsquery = clean.iter().map(|t| format!("'{t}'")).collect::<Vec<_>>().join(" & ");
            diesel::sql_query(format!(
                "SELECT s.item_type, s.item_id, s.title FROM search_index s \
                 WHERE to_tsvector('simple', s.search_terms) @@ to_tsquery('simple', $1) \
                   AND ($2 = '' OR s.item_type = $2) AND {SEARCH_VISIBLE} \
                 ORDER BY ts_rank(to_tsvector('simple', s.search_terms), to_tsquery('simple', $1)) DESC, s.id DESC \
                 LIMIT $3 OFFSET $4"
            ))
            .bind::<diesel::sql_types::Text, _>(tsquery)
            .bind::<diesel::sql_types::Text, _>(kind)
            .bind::<BigInt, _>(limit)
            .bind::<BigInt, _>(offset)
            .load(c)
        }
        DbConn::Sqlite(c) => {
            let matcher = clean.iter().map(|t| format!("\"{t}\"")).collect::<Vec<_>>().join(" AND ");
            diesel::sql_query(format!(
                "SELECT s.item_type AS item_type, s.item_id AS item_id, s.title AS title \
                 FROM search_fts f JOIN search_index s ON s.id = f.rowid \
                 WHERE search_fts MATCH ?1 AND (?2 = '' OR s.item_type = ?2) AND {SEARCH_VISIBLE} \
                 ORDER BY bm25(search_fts), s.id DESC LIMIT ?3 OFFSET ?4"
            ))
            .bind::<diesel::sql_types::Text, _>(matcher)
            .bind::<diesel::sql_types::Text, _>(kind)
            .bind::<BigInt, _>(limit)
            .bind::<BigInt, _>(offset)
            .load(c)
        }
    }
}

/// How many items of each kind match (for the type filters).
pub fn search_counts(conn: &mut DbConn, terms: &[String]) -> DbResult<Vec<TypeCount>> {
    let clean = clean_terms(terms);
    if clean.is_empty() {
        return Ok(Vec::new());
    }
    match conn {
        DbConn::Pg(c) => {
            let tsquery = clean.iter().map(|t| format!("'{t}'")).collect::<Vec<_>>().join(" & ");
            diesel::sql_query(format!(
                "SELECT s.item_type, CAST(COUNT(*) AS BIGINT) AS n FROM search_index s \
                 WHERE to_tsvector('simple', s.search_terms) @@ to_tsquery('simple', $1) AND {SEARCH_VISIBLE} \
                 GROUP BY s.item_type"
            ))
            .bind::<diesel::sql_types::Text, _>(tsquery)
            .load(c)
        }
        DbConn::Sqlite(c) => {
            let matcher = clean.iter().map(|t| format!("\"{t}\"")).collect::<Vec<_>>().join(" AND ");
            diesel::sql_query(format!(
                "SELECT s.item_type AS item_type, CAST(COUNT(*) AS BIGINT) AS n \
                 FROM search_fts f JOIN search_index s ON s.id = f.rowid \
                 WHERE search_fts MATCH ?1 AND {SEARCH_VISIBLE} GROUP BY s.item_type"
            ))
            .bind::<diesel::sql_types::Text, _>(matcher)
            .load(c)
        }
    }
}
