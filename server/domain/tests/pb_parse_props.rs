#![allow(clippy::unwrap_used, clippy::expect_used, clippy::print_stderr)]
//! Robustness and round-trip properties of the Pabulib parser and writer.
//!
//! * Arbitrary bytes and mutated valid files never make `parse`/`check` panic,
//!   and whatever parses can be tallied without panicking.
//! * `parse(write(i)) == i` for parsed files, for instances built in memory, and
//!   (when `PABULIB_DIR` is set) for every real Pabulib file.

use proptest::prelude::*;
use yoriai_domain::pb::{self, Decimal, Instance, Project, Rule, Severity, VoteType, Voter};

const TEMPLATE: &str = "META\r\nkey;value\r\ndescription;\"a;b \"\"c\"\"\"\r\nnum_projects;3\r\nnum_votes;4\r\nbudget;10.5\r\nvote_type;cumulative\r\nmax_sum_points;6\r\nPROJECTS\r\nproject_id;cost;votes;name\r\n1;4;3;One\r\n10;3,5;2;\"Two\r\nlines\"\r\n2;5;none;Three\r\nVOTES\r\nvoter_id;vote;points;age\r\nv1;1,10;3,3;20\r\nv2;10,2;1,2;\r\nv3;1;6;none\r\nv4;1,2;0,1;44\r\n";

/// Tallies with every applicable rule; Add1 only when the scan is short.
fn tally_everything(inst: &Instance) {
    let small =
        inst.projects.iter().all(|p| p.cost <= Decimal::from_int(1000)) && inst.budget <= Decimal::from_int(1000);
    let rules: Vec<Rule> = Rule::ALL.into_iter().filter(|r| small || !r.is_add1()).collect();
    for r in pb::tally_many(inst, &rules, None).into_iter().flatten() {
        assert!(r.winners.len() == r.selection_order.len());
    }
}

/// `parse(write(i))` equals `i`, except that the writer appends the META keys a
/// file must have (counts, budget, vote type, limits) when `i.meta` lacks them;
/// and writing again gives the same text.
fn assert_round_trip(inst: &Instance) {
    let text = pb::write(inst);
    let again = match pb::parse(&text) {
        Ok(again) => again,
        Err(e) => panic!("written file does not parse: {e}\n{text}"),
    };
    let typed = [
        "num_projects",
        "num_votes",
        "budget",
        "vote_type",
        "min_length",
        "max_length",
        "min_sum_cost",
        "max_sum_cost",
        "min_points",
        "max_points",
        "min_sum_points",
        "max_sum_points",
    ];
    let n = inst.meta.len();
    assert!(again.meta.len() >= n, "meta lost:\n{text}");
    for ((k, v), (k2, v2)) in inst.meta.iter().zip(&again.meta) {
        // A typed key left empty (or `none`) is filled in from the typed field.
        let filled = typed.contains(&k.as_str()) && (v.is_empty() || v.eq_ignore_ascii_case("none"));
        assert!(k == k2 && (v == v2 || filled), "meta {k}={v:?} became {k2}={v2:?}:\n{text}");
    }
    assert!(again.meta[n..].iter().all(|(k, _)| typed.contains(&k.as_str())), "unexpected meta:\n{text}");
    let mut same_meta = again.clone();
    same_meta.meta = inst.meta.clone();
    assert_eq!(&same_meta, inst, "round trip changed the instance:\n{text}");
    assert_eq!(pb::write(&again), text, "writing is not idempotent");
}

fn mutate(text: &str, edits: &[(usize, u8, usize)]) -> String {
    // Mutation alphabet: the characters that matter to the format.
    const PIECES: [&str; 16] =
        [";", "\"", "\n", "\r\n", ",", "-", ".", "0", "9", "none", "META", "PROJECTS", "VOTES", "1", " ", "é"];
    let mut s: Vec<char> = text.chars().collect();
    for &(pos, op, piece) in edits {
        if s.is_empty() {
            break;
        }
        let at = pos % s.len();
        let ins: Vec<char> = PIECES[piece % PIECES.len()].chars().collect();
        match op % 3 {
            0 => {
                s.remove(at);
            }
            1 => {
                s.splice(at..at, ins);
            }
            _ => {
                s.splice(at..(at + 1).min(s.len()), ins);
            }
        }
    }
    s.into_iter().collect()
}

#[test]
fn template_is_valid() {
    let inst = pb::parse(TEMPLATE).unwrap();
    assert!(pb::check(TEMPLATE).iter().all(|p| p.severity == Severity::Warning));
    assert_round_trip(&inst);
    tally_everything(&inst);
}

proptest! {
    // PROPTEST_CASES overrides the default number of cases.
    #![proptest_config(ProptestConfig::with_cases(std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(2000)))]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        let _ = pb::check_bytes(&bytes);
        if let Ok(inst) = pb::parse_bytes(&bytes) {
            tally_everything(&inst);
        }
    }

    #[test]
    fn mutated_files_never_panic_and_round_trip(edits in prop::collection::vec((any::<usize>(), any::<u8>(), any::<usize>()), 1..6)) {
        let text = mutate(TEMPLATE, &edits);
        let problems = pb::check(&text);
        match pb::parse(&text) {
            Ok(inst) => {
                prop_assert!(problems.iter().all(|p| p.severity == Severity::Warning));
                assert_round_trip(&inst);
                tally_everything(&inst);
            }
            Err(e) => {
                prop_assert!(e.errors().count() > 0);
                prop_assert!(e.problems.iter().all(|p| !p.detail.is_empty()));
            }
        }
    }

    #[test]
    fn built_instances_round_trip(
        costs in prop::collection::vec((1i64..1_000_000, 0u8..3), 1..6),
        names in prop::collection::vec("[a-zA-Z0-9;\",.' éß]{0,12}", 6),
        ballots in prop::collection::vec(prop::collection::vec((0usize..6, 0i64..5), 0..6), 0..8),
        cumulative in any::<bool>(),
    ) {
        let vt = if cumulative { VoteType::Cumulative } else { VoteType::Approval };
        let mut inst = Instance::new(Decimal::new(123_456, 2).unwrap(), vt);
        inst.meta.push(("description".into(), "built; in \"memory\"".into()));
        inst.voter_columns.push("note".into());
        for (i, &(c, scale)) in costs.iter().enumerate() {
            let mut p = Project::new(format!("P{i}"), Decimal::new(c, scale).unwrap());
            // Cells are trimmed and empty ones mean "missing": mirror that here.
            let name = names[i].trim();
            p.name = (!name.is_empty() && !name.eq_ignore_ascii_case("none")).then(|| name.to_string());
            p.fields.insert("category".into(), format!("c{i}"));
            inst.add_project(p);
        }
        for (i, b) in ballots.into_iter().enumerate() {
            let mut ballot = Vec::new();
            let mut points = Vec::new();
            for (p, s) in b {
                let p = (p % costs.len()) as u32;
                if !ballot.contains(&p) {
                    ballot.push(p);
                    points.push(Decimal::from_int(s));
                }
            }
            let mut v = Voter::new(format!("voter {i}"), ballot, cumulative.then_some(points));
            v.fields.push((i % 2 == 0).then(|| format!("n{i}").into()));
            inst.add_voter(v);
        }
        // The writer adds the counts and typed keys; parse them back into meta.
        let text = pb::write(&inst);
        let again = pb::parse(&text).unwrap_or_else(|e| panic!("{e}\n{text}"));
        prop_assert_eq!(&again.projects, &inst.projects);
        prop_assert_eq!(&again.voters, &inst.voters);
        prop_assert_eq!(again.budget, inst.budget);
        prop_assert_eq!(again.vote_type, inst.vote_type);
        assert_round_trip(&again);
    }
}

#[test]
fn real_files_round_trip() {
    let Some(dir) = std::env::var_os("PABULIB_DIR") else {
        eprintln!("real_files_round_trip: SKIPPED (PABULIB_DIR not set)");
        return;
    };
    let mut n = 0;
    for entry in std::fs::read_dir(dir).expect("read PABULIB_DIR") {
        let path = entry.expect("dir entry").path();
        if path.extension().and_then(|e| e.to_str()) != Some("pb") {
            continue;
        }
        let bytes = std::fs::read(&path).expect("read");
        let inst = pb::parse_bytes(&bytes).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let errors: Vec<_> = pb::check_bytes(&bytes).into_iter().filter(|p| p.severity == Severity::Error).collect();
        assert!(errors.is_empty(), "{}: {errors:?}", path.display());
        assert_round_trip(&inst);
        n += 1;
    }
    assert!(n > 0, "no .pb files in PABULIB_DIR");
}
