//! The two migration folders stay in step and every migration reverts cleanly.

use yoriai_domain::stored::TextEnum;
use yoriai_store::backend::catalog::{self, Catalog};
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

fn schema_after_up_down_up(backend: Backend) -> Catalog {
    let dir = TempDir::new("yoriai-migrations");
    let db = TestDatabase::create(backend, &dir.0);
    conn::prepare_database(&db.url).unwrap();
    let mut c = conn::establish(&db.url).unwrap();
    migrate::run_pending(&mut c).unwrap();
    let first = catalog::describe(&mut c).unwrap();
    migrate::revert_all(&mut c).unwrap();
    let left = catalog::describe(&mut c).unwrap();
    assert!(left.is_empty(), "down leaves nothing behind: {left:?}");
    migrate::run_pending(&mut c).unwrap();
    let second = catalog::describe(&mut c).unwrap();
    assert_eq!(first, second);
    first
}

/// Both backends' catalogs, compared part by part so a failure names what differs.
#[test]
fn migrations_go_up_down_and_up_and_give_the_same_schema_on_both_backends() {
    let sqlite = schema_after_up_down_up(Backend::Sqlite);
    let postgres = schema_after_up_down_up(Backend::Postgres);
    assert!(sqlite.columns.len() > 100 && sqlite.indexes.len() > 50 && sqlite.foreign_keys.len() > 50);
    assert!(sqlite.value_lists.len() > 20 && sqlite.uniques.len() > 20 && sqlite.primary_keys.len() > 40);
    fn same<T: PartialEq + std::fmt::Debug>(what: &str, a: &[T], b: &[T]) {
        let only_a: Vec<_> = a.iter().filter(|x| !b.contains(x)).collect();
        let only_b: Vec<_> = b.iter().filter(|x| !a.contains(x)).collect();
        assert!(only_a.is_empty() && only_b.is_empty(), "{what}: only SQLite {only_a:#?}\nonly PostgreSQL {only_b:#?}");
    }
    same("columns (type, NOT NULL)", &sqlite.columns, &postgres.columns);
    same("CHECK value lists", &sqlite.value_lists, &postgres.value_lists);
    same("foreign keys", &sqlite.foreign_keys, &postgres.foreign_keys);
    same("primary keys", &sqlite.primary_keys, &postgres.primary_keys);
    same("UNIQUE constraints", &sqlite.uniques, &postgres.uniques);
    same("indexes", &sqlite.indexes, &postgres.indexes);
    assert_eq!(sqlite, postgres);
}

/// Every state column's CHECK lists exactly the words its domain enum reads and writes,
/// so a row the database accepts is a row the code can read.
#[test]
fn every_state_column_checks_the_words_of_its_enum() {
    use yoriai_domain::accountability::{Outcome, ResultStatus};
    use yoriai_domain::budget::{BallotRule, BallotState, BudgetState, Feasibility, TallyRule};
    use yoriai_domain::notification::{NotificationKind, NotificationReason};
    use yoriai_domain::privacy::AccessKind;
    use yoriai_domain::proposal::{AnswerState, ModerationState, ProposalState, Stance};
    use yoriai_domain::report::{QuestionKind, ReportState, UpdateKind};
    use yoriai_domain::Role;
    fn words<T: TextEnum>() -> Vec<String> {
        let mut w: Vec<String> = T::VALUES.iter().map(|v| v.word().to_owned()).collect();
        w.sort();
        w
    }
    let columns: Vec<(&str, &str, Vec<String>)> = vec![
        ("users", "role", words::<Role>()),
        ("proposals", "state", words::<ProposalState>()),
        ("proposals", "answer_state", words::<AnswerState>()),
        ("comments", "stance", words::<Stance>()),
        ("moderations", "state", words::<ModerationState>()),
        ("budgets", "state", words::<BudgetState>()),
        ("budgets", "ballot_rule", words::<BallotRule>()),
        ("budgets", "tally_rule", words::<TallyRule>()),
        ("budget_projects", "feasibility", words::<Feasibility>()),
        ("ballots", "state", words::<BallotState>()),
        ("reports", "state", words::<ReportState>()),
        ("report_updates", "kind", words::<UpdateKind>()),
        ("notifications", "kind", words::<NotificationKind>()),
        ("notifications", "reason", words::<NotificationReason>()),
        ("personal_data_access", "what", words::<AccessKind>()),
        ("report_updates", "state_from", words::<ReportState>()),
        ("report_updates", "state_to", words::<ReportState>()),
        ("response_templates", "state", words::<ReportState>()),
        ("report_counts", "state", words::<ReportState>()),
        ("category_questions", "kind", words::<QuestionKind>()),
        ("process_roles", "role", words::<Role>()),
        ("decisions", "outcome", words::<Outcome>()),
        ("results", "status", words::<ResultStatus>()),
        ("result_updates", "status", words::<ResultStatus>()),
    ];
    for backend_kind in [Backend::Sqlite, Backend::Postgres] {
        let dir = TempDir::new("yoriai-enum-checks");
        let db = TestDatabase::create(backend_kind, &dir.0);
        conn::prepare_database(&db.url).unwrap();
        let mut c = conn::establish(&db.url).unwrap();
        migrate::run_pending(&mut c).unwrap();
        let cat = catalog::describe(&mut c).unwrap();
        for (table, column, expected) in &columns {
            let found: Vec<&Vec<String>> = cat
                .value_lists
                .iter()
                .filter(|l| l.table == *table && l.column == *column)
                .map(|l| &l.values)
                .collect();
            assert_eq!(found, vec![expected], "{backend_kind:?}: CHECK on {table}.{column}");
        }
    }
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
