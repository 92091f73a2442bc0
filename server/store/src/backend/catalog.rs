//! What each database says its schema is, in one backend-neutral shape, so a test can
//! hold the two migration folders to the same tables, columns, types, nullability,
//! CHECK lists, keys, foreign keys and indexes.
//!
//! Left out on purpose, each the other backend's form of the same thing: SQLite's FTS5
//! tables (`*_fts*`) and PostgreSQL's GIN text indexes (`USING gin`).

use crate::{DbConn, DbResult};
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Nullable, Text};

/// A column: its type as one of `bigint`, `integer`, `boolean`, `double`, `text`,
/// `timestamp` (anything else is spelled as the database spells it, so a test fails).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Column {
    pub table: String,
    pub column: String,
    pub kind: String,
    pub not_null: bool,
}

/// `CHECK (column IN (...))`: the allowed values, sorted.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct ValueList {
    pub table: String,
    pub column: String,
    pub values: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct ForeignKey {
    pub table: String,
    pub column: String,
    pub references: String,
    pub referenced_column: String,
    /// `CASCADE`, `SET NULL`, `NO ACTION`, `RESTRICT`.
    pub on_delete: String,
}

/// A primary key or a UNIQUE constraint: its columns in order.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Key {
    pub table: String,
    pub columns: String,
}

/// A `CREATE [UNIQUE] INDEX`. `columns` is `None` when an expression is indexed
/// (expressions are written in each backend's own functions).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Index {
    pub table: String,
    pub name: String,
    pub unique: bool,
    pub partial: bool,
    pub columns: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Catalog {
    pub columns: Vec<Column>,
    pub value_lists: Vec<ValueList>,
    pub foreign_keys: Vec<ForeignKey>,
    pub primary_keys: Vec<Key>,
    pub uniques: Vec<Key>,
    pub indexes: Vec<Index>,
}

impl Catalog {
    pub fn is_empty(&self) -> bool {
        self.columns.is_empty() && self.indexes.is_empty()
    }

    fn sorted(mut self) -> Catalog {
        self.columns.sort();
        self.value_lists.sort();
        self.foreign_keys.sort();
        self.primary_keys.sort();
        self.uniques.sort();
        self.indexes.sort();
        self
    }
}

#[derive(QueryableByName)]
struct Row4 {
    #[diesel(sql_type = Text)]
    a: String,
    #[diesel(sql_type = Text)]
    b: String,
    #[diesel(sql_type = Nullable<Text>)]
    c: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    d: Option<String>,
}

#[derive(QueryableByName)]
struct ColRow {
    #[diesel(sql_type = Text)]
    table_name: String,
    #[diesel(sql_type = Text)]
    column_name: String,
    #[diesel(sql_type = Text)]
    kind: String,
    #[diesel(sql_type = BigInt)]
    not_null: i64,
    #[diesel(sql_type = BigInt)]
    pk: i64,
}

fn kind_name(raw: &str) -> String {
    match raw.to_ascii_lowercase().as_str() {
        "bigint" => "bigint",
        "integer" => "integer",
        "boolean" => "boolean",
        "real" | "double precision" => "double",
        "text" => "text",
        "timestamp" | "timestamp without time zone" => "timestamp",
        other => return other.to_owned(),
    }
    .to_owned()
}

/// The text between the parenthesis at `open` and its match.
fn parenthesised(s: &str, open: usize) -> Option<(&str, usize)> {
    let mut depth = 0usize;
    for (i, ch) in s[open..].char_indices() {
        match ch {
            '(' => depth += 1,
            ')' => {
                depth = depth.checked_sub(1)?;
                if depth == 0 {
                    return Some((&s[open + 1..open + i], open + i + 1));
                }
            }
            _ => {}
        }
    }
    None
}

fn column_list(raw: &str) -> String {
    raw.split(',').map(|c| c.trim().replace('"', "").to_ascii_lowercase()).collect::<Vec<_>>().join(", ")
}

/// An index's columns (or `None` for an expression) and whether it has a WHERE clause,
/// from `... ON table [USING method] (columns) [WHERE ...]`.
fn index_shape(def: &str) -> Option<(Option<String>, bool)> {
    let on = def.find(" ON ")?;
    let open = on + def[on..].find('(')?;
    let (inside, end) = parenthesised(def, open)?;
    let columns = (!inside.contains('(')).then(|| column_list(inside));
    Some((columns, def[end..].trim_start().to_ascii_uppercase().starts_with("WHERE")))
}

/// The values of every `column IN (...)` (SQLite) or `column = ANY (ARRAY[...])`
/// (PostgreSQL) in a table's DDL or a CHECK's definition.
fn value_lists(table: &str, sql: &str, out: &mut Vec<ValueList>) {
    let lower = sql.to_ascii_lowercase();
    for marker in [" in (", " = any (array["] {
        let mut from = 0;
        while let Some(pos) = lower[from..].find(marker) {
            let at = from + pos;
            let column: String = lower[..at]
                .chars()
                .rev()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect::<Vec<_>>()
                .into_iter()
                .rev()
                .collect();
            let start = at + marker.len();
            let Some(len) = sql[start..].find([')', ']']) else { break };
            let mut values: Vec<String> = sql[start..start + len]
                .split(',')
                .map(|v| {
                    let v = v.trim();
                    let v = v.split("::").next().unwrap_or(v);
                    v.trim_matches('\'').to_owned()
                })
                .filter(|v| !v.is_empty())
                .collect();
            values.sort();
            if !column.is_empty() {
                out.push(ValueList { table: table.to_owned(), column, values });
            }
            from = start + len;
        }
    }
}

/// The schema as the connected database reports it.
pub fn describe(conn: &mut DbConn) -> DbResult<Catalog> {
    let mut cat = Catalog::default();
    match conn {
        DbConn::Pg(c) => {
            let cols: Vec<ColRow> = diesel::sql_query(
                "SELECT c.table_name::text AS table_name, c.column_name::text AS column_name, \
                        c.data_type::text AS kind, (CASE WHEN c.is_nullable = 'NO' THEN 1 ELSE 0 END)::int8 AS not_null, \
                        0::int8 AS pk \
                 FROM information_schema.columns c \
                 WHERE c.table_schema = current_schema() AND c.table_name <> '__diesel_schema_migrations'",
            )
            .load(c)?;
            for r in cols {
                cat.columns.push(Column {
                    table: r.table_name,
                    column: r.column_name,
                    kind: kind_name(&r.kind),
                    not_null: r.not_null != 0,
                });
            }
            let cons: Vec<Row4> = diesel::sql_query(
                "SELECT cl.relname::text AS a, con.contype::text AS b, pg_get_constraintdef(con.oid) AS c, \
                        con.conname::text AS d \
                 FROM pg_constraint con JOIN pg_class cl ON cl.oid = con.conrelid \
                 JOIN pg_namespace n ON n.oid = cl.relnamespace \
                 WHERE n.nspname = current_schema() AND cl.relname <> '__diesel_schema_migrations'",
            )
            .load(c)?;
            for r in &cons {
                let def = r.c.clone().unwrap_or_default();
                let key_columns = || def.find('(').and_then(|o| parenthesised(&def, o)).map(|(i, _)| column_list(i));
                match r.b.as_str() {
                    "c" => value_lists(&r.a, &def, &mut cat.value_lists),
                    "p" => {
                        cat.primary_keys.push(Key { table: r.a.clone(), columns: key_columns().unwrap_or_default() })
                    }
                    "u" => cat.uniques.push(Key { table: r.a.clone(), columns: key_columns().unwrap_or_default() }),
                    _ => {}
                }
            }
            let fks: Vec<Row4> = diesel::sql_query(
                "SELECT cl.relname::text AS a, a.attname::text AS b, \
                        (rcl.relname::text || '.' || ra.attname::text) AS c, \
                        CASE con.confdeltype WHEN 'a' THEN 'NO ACTION' WHEN 'r' THEN 'RESTRICT' \
                             WHEN 'c' THEN 'CASCADE' WHEN 'n' THEN 'SET NULL' ELSE 'SET DEFAULT' END AS d \
                 FROM pg_constraint con \
                 JOIN pg_class cl ON cl.oid = con.conrelid JOIN pg_class rcl ON rcl.oid = con.confrelid \
                 JOIN pg_namespace n ON n.oid = cl.relnamespace \
                 JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = con.conkey[1] \
                 JOIN pg_attribute ra ON ra.attrelid = con.confrelid AND ra.attnum = con.confkey[1] \
                 WHERE con.contype = 'f' AND n.nspname = current_schema()",
            )
            .load(c)?;
            cat.foreign_keys.extend(fks.into_iter().map(foreign_key));
            let constraint_names: Vec<&str> =
                cons.iter().filter(|r| r.b == "p" || r.b == "u").filter_map(|r| r.d.as_deref()).collect();
            let idx: Vec<Row4> = diesel::sql_query(
                "SELECT tablename::text AS a, indexname::text AS b, indexdef AS c, NULL::text AS d FROM pg_indexes \
                 WHERE schemaname = current_schema() AND indexdef NOT LIKE '% USING gin %' \
                   AND tablename <> '__diesel_schema_migrations'",
            )
            .load(c)?;
            for r in idx.into_iter().filter(|r| !constraint_names.contains(&r.b.as_str())) {
                let def = r.c.unwrap_or_default();
                let (columns, partial) = index_shape(&def).unwrap_or((Some(def.clone()), false));
                cat.indexes.push(Index {
                    table: r.a,
                    name: r.b,
                    unique: def.starts_with("CREATE UNIQUE"),
                    partial,
                    columns,
                });
            }
        }
        DbConn::Sqlite(c) => {
            const TABLES: &str = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' \
                                  AND name <> '__diesel_schema_migrations' AND name NOT LIKE '%_fts%'";
            let cols: Vec<ColRow> = diesel::sql_query(format!(
                "SELECT m.name AS table_name, p.name AS column_name, p.type AS kind, p.\"notnull\" AS not_null, \
                        p.pk AS pk \
                 FROM sqlite_master m, pragma_table_info(m.name) p WHERE m.name IN ({TABLES})"
            ))
            .load(c)?;
            let ddl: Vec<Row4> = diesel::sql_query(format!(
                "SELECT name AS a, '' AS b, sql AS c, NULL AS d FROM sqlite_master WHERE name IN ({TABLES})"
            ))
            .load(c)?;
            let autoincrement: Vec<&str> = ddl
                .iter()
                .filter(|r| r.c.as_deref().is_some_and(|s| s.to_ascii_uppercase().contains("AUTOINCREMENT")))
                .map(|r| r.a.as_str())
                .collect();
            let mut pks: Vec<(String, i64, String)> = Vec::new();
            for r in cols {
                // `INTEGER PRIMARY KEY AUTOINCREMENT` is SQLite's 64-bit rowid, PostgreSQL's
                // BIGINT identity.
                let single_pk = r.pk == 1
                    && r.kind.eq_ignore_ascii_case("integer")
                    && autoincrement.contains(&r.table_name.as_str());
                if r.pk > 0 {
                    pks.push((r.table_name.clone(), r.pk, r.column_name.clone()));
                }
                cat.columns.push(Column {
                    table: r.table_name,
                    column: r.column_name,
                    kind: if single_pk { "bigint".into() } else { kind_name(&r.kind) },
                    not_null: r.not_null != 0 || r.pk > 0,
                });
            }
            pks.sort();
            for (table, _, column) in pks {
                match cat.primary_keys.last_mut() {
                    Some(k) if k.table == table => k.columns = format!("{}, {column}", k.columns),
                    _ => cat.primary_keys.push(Key { table, columns: column }),
                }
            }
            for r in &ddl {
                value_lists(&r.a, r.c.as_deref().unwrap_or(""), &mut cat.value_lists);
            }
            let fks: Vec<Row4> = diesel::sql_query(format!(
                "SELECT m.name AS a, f.\"from\" AS b, (f.\"table\" || '.' || COALESCE(f.\"to\", 'id')) AS c, \
                        f.on_delete AS d \
                 FROM sqlite_master m, pragma_foreign_key_list(m.name) f WHERE m.name IN ({TABLES})"
            ))
            .load(c)?;
            cat.foreign_keys.extend(fks.into_iter().map(foreign_key));
            // Indexes: `origin` is `c` for CREATE INDEX, `u` for a UNIQUE constraint.
            let idx: Vec<Row4> = diesel::sql_query(format!(
                "SELECT m.name AS a, il.name AS b, il.origin AS c, s.sql AS d \
                 FROM sqlite_master m, pragma_index_list(m.name) il \
                 LEFT JOIN sqlite_master s ON s.type = 'index' AND s.name = il.name \
                 WHERE m.name IN ({TABLES}) AND il.origin IN ('c', 'u')"
            ))
            .load(c)?;
            for r in idx {
                if r.c.as_deref() == Some("u") {
                    #[derive(QueryableByName)]
                    struct Col {
                        #[diesel(sql_type = Text)]
                        name: String,
                    }
                    let cols: Vec<Col> = diesel::sql_query("SELECT name FROM pragma_index_info(?1) ORDER BY seqno")
                        .bind::<Text, _>(&r.b)
                        .load(c)?;
                    let columns = cols.into_iter().map(|c| c.name.to_ascii_lowercase()).collect::<Vec<_>>().join(", ");
                    cat.uniques.push(Key { table: r.a, columns });
                } else {
                    let def = r.d.unwrap_or_default();
                    let (columns, partial) = index_shape(&def).unwrap_or((Some(def.clone()), false));
                    let unique = def.to_ascii_uppercase().starts_with("CREATE UNIQUE");
                    cat.indexes.push(Index { table: r.a, name: r.b, unique, partial, columns });
                }
            }
        }
    }
    Ok(cat.sorted())
}

fn foreign_key(r: Row4) -> ForeignKey {
    let target = r.c.unwrap_or_default();
    let (references, referenced_column) = target.split_once('.').unwrap_or((target.as_str(), "id"));
    ForeignKey {
        table: r.a,
        column: r.b,
        references: references.to_owned(),
        referenced_column: referenced_column.to_owned(),
        on_delete: r.d.unwrap_or_else(|| "NO ACTION".into()).to_ascii_uppercase(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn value_lists_read_both_spellings() {
        let mut out = Vec::new();
        value_lists("t", "state TEXT NOT NULL CHECK (state IN ('b', 'a')), v INTEGER CHECK (v IN (-1, 1))", &mut out);
        value_lists("t", "CHECK ((state = ANY (ARRAY['b'::text, 'a'::text])))", &mut out);
        value_lists("t", "CHECK ((v = ANY (ARRAY['-1'::integer, 1])))", &mut out);
        let l = |c: &str, v: &[&str]| ValueList {
            table: "t".into(),
            column: c.into(),
            values: v.iter().map(|s| s.to_string()).collect(),
        };
        assert_eq!(
            out,
            vec![l("state", &["a", "b"]), l("v", &["-1", "1"]), l("state", &["a", "b"]), l("v", &["-1", "1"])]
        );
    }

    #[test]
    fn index_shapes() {
        assert_eq!(
            index_shape("CREATE INDEX i ON public.t USING btree (a, \"position\") WHERE (x IS NULL)"),
            Some((Some("a, position".into()), true))
        );
        assert_eq!(index_shape("CREATE INDEX i ON t (a, (julianday(b) - julianday(c)))"), Some((None, false)));
    }
}
