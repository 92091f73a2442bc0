//! Moving a city: `yoriai tenant export` writes one city's whole database content and
//! uploads into one ZIP archive; `yoriai tenant import` makes a city of it on another
//! installation (or fills a fresh installation's main database with it), on either
//! backend. The archive:
//!
//! * `city.json` — format, id, names, hosts, the migrations its rows fit, when;
//! * `tables/<table>.jsonl` — the column names, then one JSON array per row;
//! * `uploads/<name>` — the stored pictures and documents.
//!
//! Residents' data is in it (accounts, password hashes, contact details): it is for the
//! operator moving the city, to be kept like a database backup.

use super::{create_city_as, delete_city, Base, NewCity};
use std::io::{BufRead, Read, Write};
use std::path::Path;
use yoriai_store::backend::dump;
use yoriai_store::control::{self, TenantId, TenantState};
use yoriai_store::{Backend, DbConn};

const FORMAT: &str = "yoriai-city/1";
const BATCH: i64 = 2_000;

#[derive(serde::Serialize, serde::Deserialize)]
struct Manifest {
    format: String,
    id: String,
    name_ja: String,
    name_en: String,
    hosts: Vec<String>,
    migrations: Vec<String>,
    exported_at: String,
    /// Rows per table.
    tables: std::collections::BTreeMap<String, u64>,
}

/// What an export or import moved.
#[derive(Debug, Default)]
pub struct Moved {
    pub tables: usize,
    pub rows: u64,
    pub files: usize,
}

fn err(e: impl std::fmt::Display) -> String {
    e.to_string()
}

/// Why an import stopped inside its transaction: either rolls everything back.
#[derive(Debug)]
enum ImportError {
    Db(diesel::result::Error),
    Bad(String),
}

impl From<diesel::result::Error> for ImportError {
    fn from(e: diesel::result::Error) -> Self {
        ImportError::Db(e)
    }
}

impl yoriai_store::TxError for ImportError {
    fn database_error(&self) -> Option<&diesel::result::Error> {
        match self {
            ImportError::Db(e) => Some(e),
            ImportError::Bad(_) => None,
        }
    }
}

fn city_conn(base: &Base, id: &TenantId) -> Result<DbConn, String> {
    let url = control::tenant_url(&base.main_url, &base.data_dir, id);
    yoriai_store::conn::establish(&url).map_err(|e| format!("cannot open the city {id}'s database: {e}"))
}

/// Writes the city `id` (or `main`) into the archive `out` (through a temporary file
/// beside it, so a failed export leaves nothing behind).
pub fn export_city(base: &Base, id: &str, out: &Path) -> Result<Moved, String> {
    let id = TenantId::parse(id)?;
    let record = super::list_cities(base)?.into_iter().find(|c| c.id == id);
    if record.is_none() && !id.is_main() {
        return Err(format!("no city has the id {id}"));
    }
    let mut conn = city_conn(base, &id)?;
    let tmp = out.with_extension("partial");
    let result = write_archive(base, &id, record.as_ref(), &mut conn, &tmp);
    match result {
        Ok(moved) => {
            std::fs::rename(&tmp, out).map_err(|e| format!("cannot write {}: {e}", out.display()))?;
            Ok(moved)
        }
        Err(e) => {
            let _ = std::fs::remove_file(&tmp);
            Err(e)
        }
    }
}

fn write_archive(
    base: &Base,
    id: &TenantId,
    record: Option<&control::TenantRecord>,
    conn: &mut DbConn,
    path: &Path,
) -> Result<Moved, String> {
    use zip::write::SimpleFileOptions;
    let file = std::fs::File::create(path).map_err(|e| format!("cannot create {}: {e}", path.display()))?;
    let mut zip = zip::ZipWriter::new(std::io::BufWriter::new(file));
    let options = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    let mut moved = Moved::default();
    let mut counts = std::collections::BTreeMap::new();
    dump::begin_snapshot(conn).map_err(err)?;
    let tables = dump::tables(conn).map_err(err)?;
    for table in tables {
        zip.start_file(format!("tables/{}.jsonl", table.name), options).map_err(err)?;
        let names: Vec<&str> = table.columns.iter().map(|(c, _)| c.as_str()).collect();
        writeln!(zip, "{}", serde_json::to_string(&names).map_err(err)?).map_err(err)?;
        let mut offset = 0;
        loop {
            let rows = dump::read_rows(conn, &table, offset, BATCH).map_err(err)?;
            for row in &rows {
                writeln!(zip, "{row}").map_err(err)?;
            }
            offset += rows.len() as i64;
            if (rows.len() as i64) < BATCH {
                break;
            }
        }
        counts.insert(table.name.clone(), offset as u64);
        moved.tables += 1;
        moved.rows += offset as u64;
    }
    let migrations = dump::migrations(conn).map_err(err)?;
    dump::end_snapshot(conn).map_err(err)?;
    let uploads = control::tenant_dir(&base.data_dir, id).join("uploads");
    let mut files = Vec::new();
    stored_files(&uploads, &mut files);
    files.sort();
    for path in files {
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        zip.start_file(format!("uploads/{name}"), SimpleFileOptions::default()).map_err(err)?;
        let bytes = std::fs::read(&path).map_err(err)?;
        zip.write_all(&bytes).map_err(err)?;
        moved.files += 1;
    }
    let manifest = Manifest {
        format: FORMAT.into(),
        id: id.to_string(),
        name_ja: record.map(|r| r.name_ja.clone()).unwrap_or_default(),
        name_en: record.map(|r| r.name_en.clone()).unwrap_or_default(),
        hosts: record.map(|r| r.hosts.clone()).unwrap_or_default(),
        migrations,
        exported_at: chrono::Utc::now().to_rfc3339(),
        tables: counts,
    };
    zip.start_file("city.json", options).map_err(err)?;
    zip.write_all(serde_json::to_string_pretty(&manifest).map_err(err)?.as_bytes()).map_err(err)?;
    let mut inner = zip.finish().map_err(err)?;
    inner.flush().map_err(err)?;
    Ok(moved)
}

/// The stored pictures and documents under `dir` (kept two folders deep by the storage).
fn stored_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let path = entry.path();
        if entry.file_type().is_ok_and(|t| t.is_dir()) {
            stored_files(&path, out);
        } else if is_stored_name(&entry.file_name().to_string_lossy()) {
            out.push(path);
        }
    }
}

fn is_stored_name(name: &str) -> bool {
    yoriai_services::images::valid_name(name) || yoriai_services::images::valid_document_name(name)
}

/// Where an archive goes.
pub struct ImportTarget {
    /// A new city's id (default: the archive's), or `main` for a fresh installation's
    /// main database (refused if it holds any account or process).
    pub id: Option<String>,
    /// The new city's hosts (default: the archive's).
    pub hosts: Vec<String>,
}

/// Makes a city of an archive. On any failure a city created for it is removed again.
pub fn import_city(base: &Base, archive: &Path, target: ImportTarget) -> Result<(TenantId, Moved), String> {
    let file = std::fs::File::open(archive).map_err(|e| format!("cannot open {}: {e}", archive.display()))?;
    let mut zip =
        zip::ZipArchive::new(file).map_err(|e| format!("{} is not a city archive: {e}", archive.display()))?;
    let manifest: Manifest = {
        let mut text = String::new();
        zip.by_name("city.json")
            .map_err(|_| "the archive has no city.json: it is not a city export".to_owned())?
            .read_to_string(&mut text)
            .map_err(err)?;
        serde_json::from_str(&text).map_err(|e| format!("city.json cannot be read: {e}"))?
    };
    if manifest.format != FORMAT {
        return Err(format!("the archive's format is {}, this version reads {FORMAT}", manifest.format));
    }
    let id = TenantId::parse(target.id.as_deref().unwrap_or(&manifest.id))?;
    let created = if id.is_main() {
        let mut conn = city_conn(base, &id)?;
        if main_has_content(&mut conn)? {
            return Err("the main database already holds accounts or processes: import into a fresh installation, or as a new city (--id)".into());
        }
        false
    } else {
        let hosts = if target.hosts.is_empty() { manifest.hosts.clone() } else { target.hosts.clone() };
        let (name_ja, name_en) = (manifest.name_ja.clone(), manifest.name_en.clone());
        let names_missing = name_ja.is_empty() || name_en.is_empty();
        // Suspended until it is filled: not served, not worked on by the worker.
        create_city_as(
            base,
            NewCity {
                id: Some(id.to_string()),
                name_ja: if names_missing { id.to_string() } else { name_ja },
                name_en: if names_missing { id.to_string() } else { name_en },
                hosts,
            },
            TenantState::Suspended,
        )?;
        true
    };
    match fill(base, &id, &manifest, &mut zip) {
        Ok(moved) if created => match super::set_state(base, id.as_str(), TenantState::Active, None) {
            Ok(()) => Ok((id, moved)),
            Err(e) => Err(format!("the city was filled but could not be served: {e}")),
        },
        Ok(moved) => Ok((id, moved)),
        Err(e) => {
            if created {
                let _ = delete_city(base, id.as_str());
            }
            Err(e)
        }
    }
}

fn main_has_content(conn: &mut DbConn) -> Result<bool, String> {
    use diesel::prelude::*;
    use yoriai_store::schema::{processes, users};
    let users: i64 = users::table.count().get_result(conn).map_err(err)?;
    let processes: i64 = processes::table.count().get_result(conn).map_err(err)?;
    Ok(users + processes > 0)
}

fn fill(
    base: &Base,
    id: &TenantId,
    manifest: &Manifest,
    zip: &mut zip::ZipArchive<std::fs::File>,
) -> Result<Moved, String> {
    let mut conn = city_conn(base, id)?;
    let here = dump::migrations(&mut conn).map_err(err)?;
    if here != manifest.migrations {
        return Err(format!(
            "the archive's rows fit {} migrations and this installation has {}: export and import with the same version of Yoriai",
            manifest.migrations.len(),
            here.len()
        ));
    }
    let tables = dump::tables(&mut conn).map_err(err)?;
    for name in manifest.tables.keys() {
        if !tables.iter().any(|t| &t.name == name) {
            return Err(format!("the archive holds a table {name} this installation does not have"));
        }
    }
    // The files first: a failure after them leaves only files a later try overwrites.
    use yoriai_services::images::Storage as _;
    let storage = yoriai_services::images::LocalStorage::new(control::tenant_dir(&base.data_dir, id).join("uploads"));
    let names: Vec<String> =
        zip.file_names().filter_map(|n| n.ok()).filter(|n| n.starts_with("uploads/")).map(|n| n.into_owned()).collect();
    let mut files = 0;
    for name in names {
        let file_name = &name["uploads/".len()..];
        if !is_stored_name(file_name) {
            return Err(format!("the archive holds a file this installation would not have stored: {name}"));
        }
        let mut bytes = Vec::new();
        zip.by_name(&name).map_err(err)?.read_to_end(&mut bytes).map_err(err)?;
        storage.put(file_name, &bytes).map_err(err)?;
        files += 1;
    }
    let backend = conn.backend();
    if backend == Backend::Sqlite {
        dump::begin_import(&mut conn).map_err(err)?;
    }
    let copied = yoriai_store::write_tx(&mut conn, |c| -> Result<Moved, ImportError> {
        if backend == Backend::Postgres {
            dump::begin_import(c).map_err(|e| {
                ImportError::Bad(format!(
                    "importing into PostgreSQL needs a role that may set session_replication_role (a superuser): {e}"
                ))
            })?;
        }
        for t in &tables {
            dump::clear(c, &t.name)?;
        }
        let mut moved = Moved::default();
        for t in tables.iter().filter(|t| manifest.tables.contains_key(&t.name)) {
            if dump::rebuilt_by(backend, &t.name) {
                continue;
            }
            moved.rows += copy_table(c, zip, t)?;
            moved.tables += 1;
        }
        // Every foreign key checked before the commit: a broken archive changes nothing.
        dump::finish_import(c)?.map_err(ImportError::Bad)?;
        Ok(moved)
    });
    dump::end_import(&mut conn).map_err(err)?;
    let mut moved = match copied {
        Ok(m) => m,
        Err(ImportError::Bad(e)) => return Err(e),
        Err(ImportError::Db(e)) => return Err(format!("the rows could not be written: {e}")),
    };
    moved.files = files;
    Ok(moved)
}

/// One table's rows from the archive into the target; the row count.
fn copy_table(
    conn: &mut DbConn,
    zip: &mut zip::ZipArchive<std::fs::File>,
    table: &dump::Table,
) -> Result<u64, ImportError> {
    let bad = ImportError::Bad;
    let entry = zip
        .by_name(&format!("tables/{}.jsonl", table.name))
        .map_err(|e| bad(format!("the archive lacks the rows of {}: {e}", table.name)))?;
    let mut lines = std::io::BufReader::new(entry).lines();
    let columns: Vec<String> = lines
        .next()
        .and_then(|l| l.ok())
        .and_then(|l| serde_json::from_str(&l).ok())
        .ok_or_else(|| bad(format!("the rows of {} have no column list", table.name)))?;
    if let Some(missing) = columns.iter().find(|c| !table.columns.iter().any(|(n, _)| n == *c)) {
        return Err(bad(format!(
            "the archive's table {} has a column {missing} this installation does not",
            table.name
        )));
    }
    let mut batch = Vec::new();
    let mut count = 0u64;
    for line in lines {
        let row: Vec<serde_json::Value> = line
            .map_err(err)
            .and_then(|l| serde_json::from_str(&l).map_err(err))
            .map_err(|e| bad(format!("a row of {} cannot be read: {e}", table.name)))?;
        if row.len() != columns.len() {
            return Err(bad(format!("a row of {} has {} values for {} columns", table.name, row.len(), columns.len())));
        }
        batch.push(row);
        count += 1;
        if batch.len() == BATCH as usize {
            dump::insert_rows(conn, table, &columns, &batch)?;
            batch.clear();
        }
    }
    dump::insert_rows(conn, table, &columns, &batch)?;
    Ok(count)
}
