//! Moving a city between installations and backends (issue 16): `tenant export` and
//! `tenant import` round trips, and archives that must be refused whole.

use super::tenancy::{furnish, row_counts};
use std::collections::BTreeMap;
use yoriai_domain::Role;
use yoriai_tests::fixtures::published_proposal;
use yoriai_tests::{Backend, TestApp};

/// Rows per table, without SQLite's full-text tables (the other backend indexes text
/// differently), for comparing a city before and after a move.
fn portable_counts(app: &TestApp) -> BTreeMap<String, i64> {
    row_counts(app).into_iter().filter(|(t, _)| !t.contains("_fts")).collect()
}

/// Exports the city `aizu` of an install on `from`, imports it into a fresh install on
/// `to` (as a city, or as the main database), and checks that its content, pictures,
/// search, passwords and id sequences came along.
async fn a_city_moves(from: Backend, to: Backend, into_main: bool) {
    let source = yoriai_tests::spawn_app(from).await;
    let a = source.add_city("aizu", "aizu.localhost");
    let fa = furnish(&a, "AIZUMARK", 2).await;
    a.signed_in_resident("mover@example.jp", "a password that moves along").await;
    let before = portable_counts(&a);
    let archive = source.data_dir().join("aizu.zip");
    let moved = yoriai_server::tenants::export_city(source.tenants.base(), "aizu", &archive).unwrap();
    assert!(moved.rows > 20 && moved.files >= 1, "{moved:?}");

    let target = yoriai_tests::spawn_app(to).await;
    let (id, _) = yoriai_server::tenants::import_city(
        target.tenants.base(),
        &archive,
        yoriai_server::tenants::ImportTarget { id: into_main.then(|| "main".into()), hosts: vec![] },
    )
    .unwrap();
    target.tenants.reload().unwrap();
    // Into the main database of a single-city install, the city answers on any host.
    let t = target.city(id.as_str());
    assert_eq!(portable_counts(&t), before, "every table came along, row for row");

    let mut anon = t.browser();
    anon.get("/processes/machi/proposals").await.assert_status(200).assert_contains("AIZUMARK proposal");
    anon.get(&format!("/proposals/{}", fa.proposal)).await.assert_status(200).assert_contains("AIZUMARK");
    anon.get(&format!("/reports/{}", fa.report)).await.assert_status(200).assert_contains("AIZUMARK pothole");
    anon.get(&fa.upload).await.assert_status(200);
    anon.get("/search?q=proposal").await.assert_status(200).assert_contains("AIZUMARK proposal");
    // A resident signs in with the password they had.
    anon.get("/sign-in").await;
    let res = anon
        .post_form("/api/sign_in", &[("email", "mover@example.jp"), ("password", "a password that moves along")])
        .await;
    res.assert_status(303);
    anon.get("/account").await.assert_status(200);
    // New rows get new ids after the copied ones.
    let author = t.account("newcomer@example.jp", Role::Resident).await;
    let fresh = published_proposal(&t, &author, "machi", "After the move").await;
    assert!(fresh.0 > fa.proposal.0 + 2, "the id sequence moved past the copied rows: {fresh:?}");
    // An archive that is not one is refused with a reason, and nothing is created.
    let junk = target.data_dir().join("junk.zip");
    std::fs::write(&junk, b"not a zip").unwrap();
    let e = yoriai_server::tenants::import_city(
        target.tenants.base(),
        &junk,
        yoriai_server::tenants::ImportTarget { id: Some("junk".into()), hosts: vec!["junk.localhost".into()] },
    )
    .unwrap_err();
    assert!(e.contains("not a city archive"), "{e}");
    assert!(target.tenants.get("junk").is_none());
}

/// An archive whose rows do not fit together (accounts removed, their proposals kept) is
/// refused whole: no city is left behind, nothing is half-imported.
async fn a_broken_archive_changes_nothing(backend: Backend) {
    use std::io::{Read, Write};
    let source = yoriai_tests::spawn_app(backend).await;
    let a = source.add_city("aizu", "aizu.localhost");
    furnish(&a, "AIZUMARK", 0).await;
    let good = source.data_dir().join("good.zip");
    yoriai_server::tenants::export_city(source.tenants.base(), "aizu", &good).unwrap();
    let broken = source.data_dir().join("broken.zip");
    {
        let mut input = zip::ZipArchive::new(std::fs::File::open(&good).unwrap()).unwrap();
        let mut output = zip::ZipWriter::new(std::fs::File::create(&broken).unwrap());
        for i in 0..input.len() {
            let mut entry = input.by_index(i).unwrap();
            let name = entry.name().unwrap().into_owned();
            let mut bytes = Vec::new();
            entry.read_to_end(&mut bytes).unwrap();
            if name == "tables/users.jsonl" {
                // Keep the column line, drop every account.
                let text = String::from_utf8(bytes).unwrap();
                bytes = format!("{}\n", text.lines().next().unwrap()).into_bytes();
            }
            output.start_file(name, zip::write::SimpleFileOptions::default()).unwrap();
            output.write_all(&bytes).unwrap();
        }
        output.finish().unwrap();
    }
    let target = yoriai_tests::spawn_app(backend).await;
    let e = yoriai_server::tenants::import_city(
        target.tenants.base(),
        &broken,
        yoriai_server::tenants::ImportTarget { id: None, hosts: vec![] },
    )
    .unwrap_err();
    assert!(e.contains("not in the archive"), "{e}");
    target.tenants.reload().unwrap();
    assert!(target.tenants.get("aizu").is_none(), "the half-imported city was removed");
    assert!(!target.data_dir().join("tenants").join("aizu").exists());
    // Into the main database: refused, and the main database is still empty and usable.
    let e = yoriai_server::tenants::import_city(
        target.tenants.base(),
        &broken,
        yoriai_server::tenants::ImportTarget { id: Some("main".into()), hosts: vec![] },
    )
    .unwrap_err();
    assert!(e.contains("not in the archive"), "{e}");
    let users = target.with_conn(|c| {
        use diesel::prelude::*;
        yoriai_store::schema::users::table.count().get_result::<i64>(c).unwrap()
    });
    assert_eq!(users, 0);
    // The good archive still imports into it afterwards.
    yoriai_server::tenants::import_city(
        target.tenants.base(),
        &good,
        yoriai_server::tenants::ImportTarget { id: Some("main".into()), hosts: vec![] },
    )
    .unwrap();
    target.browser().get("/processes/machi/proposals").await.assert_status(200).assert_contains("AIZUMARK");
}

#[actix_web::test]
async fn a_broken_archive_changes_nothing_sqlite() {
    a_broken_archive_changes_nothing(Backend::Sqlite).await;
}

#[actix_web::test]
async fn a_broken_archive_changes_nothing_postgres() {
    a_broken_archive_changes_nothing(Backend::Postgres).await;
}

#[actix_web::test]
async fn a_city_moves_from_sqlite_to_postgres() {
    a_city_moves(Backend::Sqlite, Backend::Postgres, false).await;
}

#[actix_web::test]
async fn a_city_moves_from_postgres_to_its_own_sqlite_server() {
    a_city_moves(Backend::Postgres, Backend::Sqlite, true).await;
}
