//! A city's rows in a backend-neutral form, for moving a city from one installation to
//! another (`yoriai tenant export|import`), SQLite and PostgreSQL either way: each row
//! is read as a JSON array by the database's own JSON function, and written back as
//! literals of the target's column types (booleans, timestamps and numbers are spelled
//! differently by the two).
//!
//! Derived data is rebuilt, not copied, where the target rebuilds it itself: SQLite's
//! search index is filled by its triggers as the rows it indexes arrive (its FTS5
//! tables are not listed at all, see `catalog`). Every foreign key is checked once all
//! rows are in, inside the import's transaction, so a broken archive changes nothing.

use super::catalog;
use crate::{Backend, DbConn, DbResult};
use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use diesel::sql_types::Text;
use serde_json::Value;

/// A table to copy: its columns (name, kind as `catalog` spells it) in name order, and
/// its primary key's columns (to read rows in a stable order).
#[derive(Debug, Clone)]
pub struct Table {
    pub name: String,
    pub columns: Vec<(String, String)>,
    pub order_by: String,
}

/// Every table of the connected city, in name order.
pub fn tables(conn: &mut DbConn) -> DbResult<Vec<Table>> {
    let cat = catalog::describe(conn)?;
    let mut out: Vec<Table> = Vec::new();
    for c in &cat.columns {
        match out.iter_mut().find(|t| t.name == c.table) {
            Some(t) => t.columns.push((c.column.clone(), c.kind.clone())),
            None => out.push(Table {
                name: c.table.clone(),
                columns: vec![(c.column.clone(), c.kind.clone())],
                order_by: String::new(),
            }),
        }
    }
    for t in &mut out {
        t.columns.sort();
        t.order_by = cat
            .primary_keys
            .iter()
            .find(|k| k.table == t.name)
            .map(|k| k.columns.split(',').map(|c| quote_ident(c.trim())).collect::<Vec<_>>().join(", "))
            .unwrap_or_else(|| "1".into());
    }
    out.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(out)
}

/// Whether the target backend rebuilds this table itself from the others.
pub fn rebuilt_by(backend: Backend, table: &str) -> bool {
    backend == Backend::Sqlite && table == "search_index"
}

fn quote_ident(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

#[derive(QueryableByName)]
struct JsonRow {
    #[diesel(sql_type = Text)]
    row: String,
}

/// Rows `offset..offset+limit` of a table, each a JSON array of its columns' values.
pub fn read_rows(conn: &mut DbConn, table: &Table, offset: i64, limit: i64) -> DbResult<Vec<String>> {
    let columns = table.columns.iter().map(|(c, _)| quote_ident(c)).collect::<Vec<_>>().join(", ");
    let array = match conn.backend() {
        Backend::Postgres => format!("json_build_array({columns})::text"),
        Backend::Sqlite => format!("json_array({columns})"),
    };
    let sql = format!(
        "SELECT {array} AS row FROM {} ORDER BY {} LIMIT {limit} OFFSET {offset}",
        quote_ident(&table.name),
        table.order_by
    );
    Ok(diesel::sql_query(sql).load::<JsonRow>(conn)?.into_iter().map(|r| r.row).collect())
}

/// The migrations applied to the connected city, oldest first.
pub fn migrations(conn: &mut DbConn) -> DbResult<Vec<String>> {
    #[derive(QueryableByName)]
    struct V {
        #[diesel(sql_type = Text)]
        version: String,
    }
    let rows: Vec<V> =
        diesel::sql_query("SELECT version FROM __diesel_schema_migrations ORDER BY version").load(conn)?;
    Ok(rows.into_iter().map(|v| v.version).collect())
}

/// A value as a literal of a column of `kind` on `backend`.
fn literal(value: &Value, kind: &str, backend: Backend) -> String {
    let text = |s: &str| format!("'{}'", s.replace('\'', "''"));
    match value {
        Value::Null => "NULL".into(),
        Value::Bool(b) if backend == Backend::Postgres => if *b { "TRUE" } else { "FALSE" }.into(),
        Value::Bool(b) => if *b { "1" } else { "0" }.into(),
        Value::Number(n) if kind == "boolean" && backend == Backend::Postgres => {
            if n.as_f64().is_some_and(|f| f != 0.0) { "TRUE" } else { "FALSE" }.into()
        }
        Value::Number(n) => n.to_string(),
        // PostgreSQL's JSON writes timestamps with a `T`; both read them with a space.
        Value::String(s) if kind == "timestamp" => text(&s.replacen('T', " ", 1)),
        Value::String(s) => text(s),
        other => text(&other.to_string()),
    }
}

/// Prepares the connected (freshly migrated) city for rows copied in, inside the import's
/// transaction on PostgreSQL (it runs as a replica: triggers and the row-by-row foreign
/// key checks stay off, so derived tables are copied as they were; string literals are
/// read standard-conforming, whatever the server's default), before it on SQLite
/// (foreign keys off until [`end_import`]; its triggers rebuild the search index).
/// [`finish_import`] checks every foreign key once the rows are in.
pub fn begin_import(conn: &mut DbConn) -> DbResult<()> {
    match conn.backend() {
        Backend::Sqlite => conn.batch_execute("PRAGMA foreign_keys = OFF"),
        Backend::Postgres => conn
            .batch_execute("SET LOCAL session_replication_role = replica; SET LOCAL standard_conforming_strings = on"),
    }
}

/// Switches SQLite's foreign keys back on, after the import's transaction.
pub fn end_import(conn: &mut DbConn) -> DbResult<()> {
    match conn.backend() {
        Backend::Sqlite => conn.batch_execute("PRAGMA foreign_keys = ON"),
        Backend::Postgres => Ok(()),
    }
}

/// Empties a table (rows a migration seeded are replaced by the city's own).
pub fn clear(conn: &mut DbConn, table: &str) -> DbResult<()> {
    conn.batch_execute(&format!("DELETE FROM {}", quote_ident(table)))
}

/// Writes rows (JSON arrays in `columns`' order) into a table of the target, whose
/// columns of the same names take them.
pub fn insert_rows(conn: &mut DbConn, table: &Table, columns: &[String], rows: &[Vec<Value>]) -> DbResult<()> {
    let backend = conn.backend();
    let kinds: Vec<&str> = columns
        .iter()
        .map(|c| table.columns.iter().find(|(n, _)| n == c).map(|(_, k)| k.as_str()).unwrap_or("text"))
        .collect();
    let head = format!(
        "INSERT INTO {} ({}) VALUES ",
        quote_ident(&table.name),
        columns.iter().map(|c| quote_ident(c)).collect::<Vec<_>>().join(", ")
    );
    let mut sql = head.clone();
    let mut pending = 0;
    for row in rows {
        let values: Vec<String> = row.iter().zip(&kinds).map(|(v, k)| literal(v, k, backend)).collect();
        if pending > 0 {
            sql.push_str(", ");
        }
        sql.push('(');
        sql.push_str(&values.join(", "));
        sql.push(')');
        pending += 1;
        // SQLite takes statements up to 1,000,000 bytes by default.
        if sql.len() > 200_000 || pending == 500 {
            conn.batch_execute(&sql)?;
            sql = head.clone();
            pending = 0;
        }
    }
    if pending > 0 {
        conn.batch_execute(&sql)?;
    }
    Ok(())
}

/// Inside the import's transaction: checks that every copied foreign key points at a row
/// (the catalog's keys, on both backends), and moves every PostgreSQL id sequence past
/// the copied ids, so the next row gets a fresh id. `Err` names the first broken key.
pub fn finish_import(conn: &mut DbConn) -> DbResult<Result<(), String>> {
    #[derive(QueryableByName)]
    struct Count {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        n: i64,
    }
    #[derive(QueryableByName)]
    struct Pair {
        #[diesel(sql_type = Text)]
        a: String,
        #[diesel(sql_type = Text)]
        b: String,
    }
    let cat = catalog::describe(conn)?;
    for fk in &cat.foreign_keys {
        let (t, c) = (quote_ident(&fk.table), quote_ident(&fk.column));
        let (rt, rc) = (quote_ident(&fk.references), quote_ident(&fk.referenced_column));
        let broken: Count = diesel::sql_query(format!(
            "SELECT count(*) AS n FROM {t} x WHERE x.{c} IS NOT NULL AND NOT EXISTS (SELECT 1 FROM {rt} r WHERE r.{rc} = x.{c})"
        ))
        .get_result(conn)?;
        if broken.n > 0 {
            return Ok(Err(format!(
                "{} rows of {}.{} point at rows of {} that are not in the archive",
                broken.n, fk.table, fk.column, fk.references
            )));
        }
    }
    if conn.backend() == Backend::Postgres {
        let serials: Vec<Pair> = diesel::sql_query(
            "SELECT table_name::text AS a, column_name::text AS b FROM information_schema.columns \
             WHERE table_schema = current_schema() AND (column_default LIKE 'nextval(%' OR is_identity = 'YES')",
        )
        .load(conn)?;
        for s in serials {
            conn.batch_execute(&format!(
                "SELECT setval(pg_get_serial_sequence('{t}', '{c}'), COALESCE((SELECT MAX({qc}) FROM {qt}), 0) + 1, false)",
                t = quote_ident(&s.a).replace('\'', "''"),
                c = s.b.replace('\'', "''"),
                qc = quote_ident(&s.b),
                qt = quote_ident(&s.a),
            ))?;
        }
    }
    Ok(Ok(()))
}

/// Starts a read-only snapshot for an export, so a city that keeps working while it is
/// exported still gives rows that fit together; [`end_snapshot`] ends it.
pub fn begin_snapshot(conn: &mut DbConn) -> DbResult<()> {
    match conn.backend() {
        Backend::Postgres => conn.batch_execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"),
        // A read transaction on a WAL database sees one snapshot until it ends.
        Backend::Sqlite => conn.batch_execute("BEGIN DEFERRED"),
    }
}

pub fn end_snapshot(conn: &mut DbConn) -> DbResult<()> {
    conn.batch_execute("COMMIT")
}
