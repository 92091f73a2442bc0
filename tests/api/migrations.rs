//! The two migration folders stay in step and every migration reverts cleanly.

use yoriai_store::{backend, conn, migrate};
use yoriai_tests::{Backend, TempDir, TestDatabase};

fn names(folder: &str) -> Vec<String> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../migrations").join(folder);
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.path().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn both_migration_folders_hold_the_same_names_each_with_up_and_down() {
    let sqlite = names("sqlite");
    assert!(!sqlite.is_empty());
    assert_eq!(sqlite, names("postgres"));
    for folder in ["sqlite", "postgres"] {
        for name in &sqlite {
            let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../migrations").join(folder).join(name);
            assert!(dir.join("up.sql").exists() && dir.join("down.sql").exists(), "{folder}/{name}");
        }
    }
}

fn schema_after_up_down_up(backend: Backend) -> Vec<(String, String)> {
    let dir = TempDir::new("yoriai-migrations");
    let db = TestDatabase::create(backend, &dir.0);
    conn::prepare_database(&db.url).unwrap();
    let mut c = conn::establish(&db.url).unwrap();
    migrate::run_pending(&mut c).unwrap();
    let first = backend::describe_schema(&mut c).unwrap();
    migrate::revert_all(&mut c).unwrap();
    assert!(backend::describe_schema(&mut c).unwrap().is_empty(), "down leaves nothing behind");
    migrate::run_pending(&mut c).unwrap();
    let second = backend::describe_schema(&mut c).unwrap();
    assert_eq!(first, second);
    first
}

#[test]
fn migrations_go_up_down_and_up_and_give_the_same_schema_on_both_backends() {
    let sqlite = schema_after_up_down_up(Backend::Sqlite);
    let postgres = schema_after_up_down_up(Backend::Postgres);
    assert_eq!(sqlite, postgres, "the two backends' tables and columns differ");
}

#[test]
fn the_outbox_claim_hands_each_message_to_one_worker_only() {
    for backend_kind in [Backend::Sqlite, Backend::Postgres] {
        let dir = TempDir::new("yoriai-claim");
        let db = TestDatabase::create(backend_kind, &dir.0);
        conn::prepare_database(&db.url).unwrap();
        let mut c = conn::establish(&db.url).unwrap();
        migrate::run_pending(&mut c).unwrap();
        let now = yoriai_store::now();
        for i in 0..5 {
            let subject = format!("m{i}");
            yoriai_store::outbox::insert(
                &mut c,
                &yoriai_store::outbox::NewOutbox {
                    kind: "test",
                    recipient: "a@example.jp",
                    subject: &subject,
                    body_text: "b",
                    created_at: now,
                    next_attempt_at: now,
                    user_id: None,
                    purpose: None,
                },
            )
            .unwrap();
        }
        let lease = now + chrono::Duration::seconds(60);
        let first = backend::claim_outbox(&mut c, now, lease, 3).unwrap();
        let mut other = conn::establish(&db.url).unwrap();
        let second = backend::claim_outbox(&mut other, now, lease, 10).unwrap();
        assert_eq!(first.len(), 3, "{backend_kind:?}");
        assert_eq!(second.len(), 2, "{backend_kind:?}: the other worker gets only the rest");
        assert!(first.iter().all(|r| r.attempts == 1));
        assert!(backend::claim_outbox(&mut c, now, lease, 10).unwrap().is_empty(), "{backend_kind:?}");
        // After the lease passes, unsent messages can be claimed again.
        let later = lease + chrono::Duration::seconds(1);
        assert_eq!(backend::claim_outbox(&mut c, later, later + chrono::Duration::seconds(60), 10).unwrap().len(), 5);
    }
}
