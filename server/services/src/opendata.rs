//! The open-data archive: every public dataset as CSV and JSON in one ZIP file, with a
//! Frictionless Data Package descriptor (`datapackage.json`) as its documented schema.
//! Written a batch at a time, so memory stays flat however large the city.

use crate::{ServiceError, ServiceResult, Services};
use std::io::{Seek, Write};
use yoriai_store::opendata::{self as store, Batch, Cell};
use yoriai_store::DbConn;

/// A column: name, Table Schema type (`integer`, `number`, `string`, `boolean`,
/// `datetime`), required, description.
pub type Field = (&'static str, &'static str, bool, &'static str);

pub struct Dataset {
    pub name: &'static str,
    pub title: &'static str,
    pub fields: &'static [Field],
    /// Rows after a cursor; `linked` datasets page by ranges of the parent id.
    pub(crate) fetch: fn(&mut DbConn, i64, i64) -> yoriai_store::DbResult<Batch>,
}

/// The first column of every dataset.
pub const ID: Field = ("id", "integer", true, "Identifier, stable across exports.");

/// Each feature declares its datasets in its manifest; this is all of them.
pub use crate::features::datasets;

const BATCH: i64 = 1_000;

pub fn dataset(name: &str) -> Option<&'static Dataset> {
    datasets().find(|d| d.name == name)
}

impl Dataset {
    /// Rows after `cursor`, at most `limit` (ranges of the parent id for link tables).
    pub fn rows(&self, conn: &mut DbConn, cursor: i64, limit: i64) -> yoriai_store::DbResult<Batch> {
        (self.fetch)(conn, cursor, limit)
    }
}

fn time(t: &chrono::NaiveDateTime) -> String {
    t.format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

/// A row as a CSV line (`crate::csv`: one rule for every file).
fn csv_line(row: &[Cell]) -> String {
    row.iter()
        .fold(crate::csv::Row::new(), |line, c| match c {
            Cell::Int(v) => line.opt_num(*v),
            Cell::Num(v) => line.opt_num(*v),
            Cell::Bool(b) => line.num(b),
            Cell::Time(t) => line.opt_text(t.as_ref().map(time).as_deref()),
            Cell::Text(v) => line.opt_text(v.as_deref()),
        })
        .line()
}

pub fn json_value(c: &Cell) -> serde_json::Value {
    use serde_json::Value;
    match c {
        Cell::Int(v) => v.map(Value::from).unwrap_or(Value::Null),
        Cell::Num(v) => v.and_then(serde_json::Number::from_f64).map(Value::Number).unwrap_or(Value::Null),
        Cell::Bool(b) => Value::Bool(*b),
        Cell::Time(t) => t.as_ref().map(|t| Value::String(time(t))).unwrap_or(Value::Null),
        Cell::Text(v) => v.clone().map(Value::String).unwrap_or(Value::Null),
    }
}

/// One row as a JSON object keyed by the dataset's field names.
pub fn json_row(d: &Dataset, row: &[Cell]) -> serde_json::Value {
    let map: serde_json::Map<String, serde_json::Value> =
        d.fields.iter().zip(row).map(|(f, c)| (f.0.to_owned(), json_value(c))).collect();
    serde_json::Value::Object(map)
}

/// The Data Package descriptor: every resource (CSV and JSON) with its Table Schema.
pub fn datapackage(created: &str) -> serde_json::Value {
    let mut resources = Vec::new();
    for d in datasets() {
        let schema = serde_json::json!({
            "fields": d.fields.iter().map(|(name, kind, required, description)| {
                let mut f = serde_json::json!({ "name": name, "type": kind, "description": description });
                if *required {
                    f["constraints"] = serde_json::json!({ "required": true });
                }
                if *kind == "datetime" {
                    f["format"] = serde_json::json!("%Y-%m-%dT%H:%M:%SZ");
                }
                f
            }).collect::<Vec<_>>(),
        });
        resources.push(serde_json::json!({
            "name": d.name,
            "title": d.title,
            "path": format!("{}.csv", d.name),
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8",
            "schema": schema,
        }));
        resources.push(serde_json::json!({
            "name": format!("{}-json", d.name),
            "title": d.title,
            "path": format!("{}.json", d.name),
            "format": "json",
            "mediatype": "application/json",
            "encoding": "utf-8",
            "schema": schema,
        }));
    }
    serde_json::json!({
        "profile": "tabular-data-package",
        "name": "yoriai-open-data",
        "title": "Yoriai open data: participation, decisions and accountability",
        "licenses": [{ "name": "CC-BY-4.0", "path": "https://creativecommons.org/licenses/by/4.0/", "title": "Creative Commons Attribution 4.0" }],
        "created": created,
        "resources": resources,
    })
}

/// What an export wrote.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ExportSummary {
    pub rows: u64,
    pub datasets: usize,
}

fn io(e: impl std::error::Error + Send + Sync + 'static) -> ServiceError {
    ServiceError::Internal(Box::new(e))
}

/// Rows the export will write (for a progress bar).
pub fn total_rows(svc: &Services) -> ServiceResult<u64> {
    let mut conn = svc.conn()?;
    let mut n = 0u64;
    for d in datasets() {
        n += store::count(&mut conn, d.name)? as u64;
    }
    Ok(n)
}

/// Writes the archive to `out`; `progress` is called with the rows written so far.
/// The output is finished only when this returns `Ok`.
pub fn export<W: Write + Seek>(svc: &Services, out: W, mut progress: impl FnMut(u64)) -> ServiceResult<ExportSummary> {
    use zip::write::SimpleFileOptions;
    let options = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    let mut zip = zip::ZipWriter::new(out);
    let now = yoriai_store::now();
    let created = time(&now);
    let mut conn = svc.conn()?;
    zip.start_file("datapackage.json", options).map_err(io)?;
    zip.write_all(serde_json::to_string_pretty(&datapackage(&created)).map_err(io)?.as_bytes()).map_err(io)?;
    let mut rows = 0u64;
    for d in datasets() {
        // CSV, then the same rows as JSON (a second pass: never the whole table in memory).
        zip.start_file(format!("{}.csv", d.name), options).map_err(io)?;
        let header: Vec<&str> = d.fields.iter().map(|f| f.0).collect();
        zip.write_all(crate::csv::header(&header).as_bytes()).map_err(io)?;
        let mut cursor = 0;
        loop {
            let (batch, next) = d.rows(&mut conn, cursor, BATCH)?;
            let mut buf = String::new();
            for row in &batch {
                buf.push_str(&csv_line(row));
            }
            zip.write_all(buf.as_bytes()).map_err(io)?;
            rows += batch.len() as u64;
            progress(rows);
            match next {
                Some(n) => cursor = n,
                None => break,
            }
        }
        zip.start_file(format!("{}.json", d.name), options).map_err(io)?;
        zip.write_all(b"[").map_err(io)?;
        let mut cursor = 0;
        let mut first = true;
        loop {
            let (batch, next) = d.rows(&mut conn, cursor, BATCH)?;
            let mut buf = String::new();
            for row in &batch {
                if !first {
                    buf.push(',');
                }
                first = false;
                buf.push('\n');
                buf.push_str(&json_row(d, row).to_string());
            }
            zip.write_all(buf.as_bytes()).map_err(io)?;
            match next {
                Some(n) => cursor = n,
                None => break,
            }
        }
        zip.write_all(b"\n]\n").map_err(io)?;
    }
    zip.finish().map_err(io)?;
    Ok(ExportSummary { rows, datasets: datasets().count() })
}

/// Writes the archive to `path` through a temporary file in the same folder, renamed
/// into place at the end: a failed export leaves no partial file behind.
pub fn export_to_path(
    svc: &Services,
    path: &std::path::Path,
    progress: impl FnMut(u64),
) -> Result<ExportSummary, String> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => std::path::PathBuf::from("."),
    };
    if path.is_dir() {
        return Err(format!("{} is a folder; give a file name such as open-data.zip", path.display()));
    }
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "open-data.zip".into());
    let tmp = dir.join(format!(".{name}.partial"));
    let file = std::fs::File::create(&tmp).map_err(|e| format!("cannot write in {}: {e}", dir.display()))?;
    let result = export(svc, std::io::BufWriter::new(file), progress);
    match result {
        Ok(summary) => std::fs::rename(&tmp, path).map(|_| summary).map_err(|e| {
            let _ = std::fs::remove_file(&tmp);
            format!("cannot write {}: {e}", path.display())
        }),
        Err(e) => {
            let _ = std::fs::remove_file(&tmp);
            Err(format!("the export failed: {e}"))
        }
    }
}

/// The archive's file name in `open_data_dir`.
pub const ARCHIVE: &str = "yoriai-open-data.zip";

/// The open-data folders an export is being written to in this process: one export
/// per city at a time, and one city's long export never turns another city's away.
static RUNNING: std::sync::Mutex<std::collections::BTreeSet<std::path::PathBuf>> =
    std::sync::Mutex::new(std::collections::BTreeSet::new());

/// An export running into one folder; the folder is free again when it is dropped.
pub(crate) struct Running(std::path::PathBuf);

/// Exports running at once in one process: each reads a whole city and compresses it,
/// and fifty cities' nightly exports must not all start in the same turn.
pub(crate) const MAX_PARALLEL: usize = 2;

impl Running {
    /// Claims `dir`, unless an export into it is already running or [`MAX_PARALLEL`]
    /// exports are (the worker tries again on its next turn).
    pub(crate) fn claim(dir: &std::path::Path) -> Option<Running> {
        let mut running = RUNNING.lock().unwrap_or_else(|e| e.into_inner());
        if running.len() >= MAX_PARALLEL {
            return None;
        }
        running.insert(dir.to_path_buf()).then(|| Running(dir.to_path_buf()))
    }

    /// Whether an export into `dir` is running.
    fn is_running(dir: &std::path::Path) -> bool {
        RUNNING.lock().unwrap_or_else(|e| e.into_inner()).contains(dir)
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        RUNNING.lock().unwrap_or_else(|e| e.into_inner()).remove(&self.0);
    }
}

/// Writes the published archive (`open_data_dir/ARCHIVE`) unless an export into the
/// same folder (the same city) is already running in this process; returns `Ok(None)`
/// in that case.
pub fn publish_archive(svc: &Services) -> Result<Option<ExportSummary>, String> {
    let dir = &svc.settings.open_data_dir;
    let Some(_running) = Running::claim(dir) else {
        return Ok(None);
    };
    std::fs::create_dir_all(dir)
        .map_err(|e| format!("cannot create {}: {e}", dir.display()))
        .and_then(|_| export_to_path(svc, &dir.join(ARCHIVE), |_| {}))
        .map(Some)
}

/// Starts an export now (staff); the page says it started. Logged.
pub fn request_export(svc: &Services, actor: &yoriai_domain::Actor) -> ServiceResult<()> {
    yoriai_domain::authorize(actor, &yoriai_domain::Action::ExportOpenData)?;
    let mut conn = svc.conn()?;
    crate::audit::log(
        &mut conn,
        actor,
        "export_open_data",
        ("open_data", None::<i64>),
        crate::audit::Visibility::Public,
        None,
        serde_json::json!({}),
    )?;
    let svc = svc.clone();
    std::thread::spawn(move || {
        // Staff asked: wait (up to an hour) for other cities' exports to make room,
        // unless this city's own export is already running.
        let dir = svc.settings.open_data_dir.clone();
        for _ in 0..3600 {
            match publish_archive(&svc) {
                Ok(Some(s)) => return tracing::info!(rows = s.rows, "open-data archive written"),
                Ok(None) if Running::is_running(&dir) => return,
                Ok(None) => std::thread::sleep(std::time::Duration::from_secs(1)),
                Err(e) => return tracing::warn!(error = %e, "open-data export failed"),
            }
        }
        tracing::warn!("open-data export not run: other cities' exports kept every slot for an hour");
    });
    Ok(())
}

/// The open-data page: datasets with their documented columns, and the archive.
pub fn page(svc: &Services, actor: &yoriai_domain::Actor) -> ServiceResult<yoriai_views::accountability::OpenDataPage> {
    use yoriai_views::accountability::{DatasetView, OpenDataPage};
    Ok(OpenDataPage {
        datasets: datasets()
            .map(|d| DatasetView {
                name: d.name.to_owned(),
                title: d.title.to_owned(),
                fields: d.fields.iter().map(|f| (f.0.to_owned(), f.1.to_owned(), f.2, f.3.to_owned())).collect(),
            })
            .collect(),
        archive: archive_info(svc).map(|(at, bytes)| (crate::city_time(at), bytes)),
        can_export: yoriai_domain::authorize(actor, &yoriai_domain::Action::ExportOpenData).is_ok(),
    })
}

/// When the published archive was written and its size, if it exists.
pub fn archive_info(svc: &Services) -> Option<(chrono::NaiveDateTime, u64)> {
    let meta = std::fs::metadata(svc.settings.open_data_dir.join(ARCHIVE)).ok()?;
    let modified: chrono::DateTime<chrono::Utc> = meta.modified().ok()?.into();
    Some((modified.naive_utc(), meta.len()))
}

#[cfg(test)]
mod tests;
