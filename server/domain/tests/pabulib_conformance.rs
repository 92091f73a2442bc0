#![allow(clippy::unwrap_used, clippy::expect_used, clippy::print_stderr)]
//! Conformance against pabutools 1.2.3 on real Pabulib files.
//!
//! For every `NAME.pb` in `$PABULIB_DIR` that has `expected/NAME.json`: parse it,
//! compare per-project supporter counts and scores with `instance`, then run every
//! rule listed in `rules` and compare winners, selection order and total cost
//! exactly (plus the Add1 per-voter budget, iteration count and stop reason where
//! given). All mismatches are collected and reported together at the end.
//!
//! The data files are test data only and never live in the repository: without
//! `PABULIB_DIR` the test is skipped (and fails if `CI=true`, so CI cannot pass
//! silently). `PABULIB_FILTER=substring` restricts the run to matching files.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use serde_json::Value;
use yoriai_domain::pb::{self, Rule};

struct FileReport {
    name: String,
    lines: Vec<String>,
    mismatches: Vec<String>,
}

fn expected_str(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn str_list(v: &Value) -> Vec<String> {
    v.as_array().map(|a| a.iter().filter_map(|x| x.as_str().map(str::to_string)).collect()).unwrap_or_default()
}

fn check_file(pb_path: &Path, json_path: &Path) -> FileReport {
    let name = pb_path.file_stem().unwrap_or_default().to_string_lossy().to_string();
    let mut rep = FileReport { name: name.clone(), lines: Vec::new(), mismatches: Vec::new() };
    let bad = |rep: &mut FileReport, msg: String| rep.mismatches.push(format!("{name}: {msg}"));

    let bytes = std::fs::read(pb_path).expect("read .pb");
    let expected: Value = serde_json::from_slice(&std::fs::read(json_path).expect("read json")).expect("parse json");
    let t0 = Instant::now();
    let inst = match pb::parse_bytes(&bytes) {
        Ok(i) => i,
        Err(e) => {
            bad(&mut rep, format!("parse failed: {e}"));
            return rep;
        }
    };
    let parse_time = t0.elapsed();
    // Published files are clean: no errors and no warnings either.
    for p in pb::check_bytes(&bytes) {
        bad(&mut rep, format!("check: {p}"));
    }

    // Parser check against the instance summary.
    let ei = &expected["instance"];
    if ei["n_voters"].as_u64() != Some(inst.voters.len() as u64) {
        bad(&mut rep, format!("n_voters {} != expected {}", inst.voters.len(), ei["n_voters"]));
    }
    if ei["n_projects"].as_u64() != Some(inst.projects.len() as u64) {
        bad(&mut rep, format!("n_projects {} != expected {}", inst.projects.len(), ei["n_projects"]));
    }
    if expected_str(&ei["budget"]) != Some(inst.budget.to_rational().to_string()) {
        bad(&mut rep, format!("budget {} != expected {}", inst.budget.to_rational(), ei["budget"]));
    }
    if ei["vote_type"].as_str() != Some(inst.vote_type.as_str()) {
        bad(&mut rep, format!("vote_type {} != expected {}", inst.vote_type, ei["vote_type"]));
    }
    let votes = inst.approval_votes();
    let scores = inst.scores();
    if let Some(ev) = ei["approval_votes"].as_object() {
        if ev.len() != inst.projects.len() {
            bad(&mut rep, format!("approval_votes lists {} projects, file has {}", ev.len(), inst.projects.len()));
        }
        for (i, p) in inst.projects.iter().enumerate() {
            if ev.get(&p.id).and_then(Value::as_u64) != Some(votes[i]) {
                bad(&mut rep, format!("approval_votes[{}] = {} != expected {:?}", p.id, votes[i], ev.get(&p.id)));
            }
        }
    }
    if let Some(es) = ei["score"].as_object() {
        match &scores {
            None => bad(&mut rep, "expected scores but the instance has no points".into()),
            Some(sc) => {
                for (i, p) in inst.projects.iter().enumerate() {
                    let want = es.get(&p.id).and_then(expected_str);
                    if want.as_deref() != Some(sc[i].to_string().as_str()) {
                        bad(&mut rep, format!("score[{}] = {} != expected {want:?}", p.id, sc[i]));
                    }
                }
            }
        }
    }
    rep.lines.push(format!(
        "{name}: parsed {} voters, {} projects in {:.3?}",
        inst.voters.len(),
        inst.projects.len(),
        parse_time
    ));

    // Rules, in the JSON's order; Add1 variants share one scan inside tally_many,
    // but each rule is timed on its own for the report.
    let Some(rules_json) = expected["rules"].as_object() else {
        bad(&mut rep, "no rules in expected JSON".into());
        return rep;
    };
    let mut rules: Vec<(Rule, &Value)> = Vec::new();
    for (rule_id, exp) in rules_json {
        match rule_id.parse::<Rule>() {
            Ok(r) => rules.push((r, exp)),
            Err(e) => bad(&mut rep, format!("{e}")),
        }
    }
    // One call for all rules: the Add1 variants share a single budget scan.
    let ids: Vec<Rule> = rules.iter().map(|(r, _)| *r).collect();
    let t = Instant::now();
    let results = pb::tally_many(&inst, &ids, None);
    rep.lines.push(format!("  all {} rules in {:.3?}", ids.len(), t.elapsed()));
    for ((rule, exp), result) in rules.into_iter().zip(results) {
        let rule_id = rule.as_str();
        let out = match result {
            Ok(o) => o,
            Err(e) => {
                bad(&mut rep, format!("{rule_id}: tally failed: {e}"));
                continue;
            }
        };
        let mut rule_ok = true;
        let mut fail = |rep: &mut FileReport, msg: String| {
            rule_ok = false;
            rep.mismatches.push(format!("{name}: {rule_id}: {msg}"));
        };
        let want_winners = str_list(&exp["winners"]);
        if out.winners != want_winners {
            fail(&mut rep, format!("winners\n      got      {:?}\n      expected {:?}", out.winners, want_winners));
        }
        let want_order = str_list(&exp["selection_order"]);
        // `selection_order` follows pabutools (for seq_phragmen: the winners sorted by
        // id); the real pick order is `pick_order` and must hold the same projects.
        let got_order = out.selection_order.clone();
        let mut picked = out.pick_order.clone();
        picked.sort();
        if picked != out.winners {
            fail(&mut rep, format!("pick_order {:?} is not a permutation of the winners", out.pick_order));
        }
        if got_order != want_order {
            fail(
                &mut rep,
                format!("selection_order\n      got      {:?}\n      expected {:?}", out.selection_order, want_order),
            );
        }
        let want_cost = expected_str(&exp["total_cost"]);
        if Some(out.total_cost.to_string()) != want_cost {
            fail(&mut rep, format!("total_cost {} != expected {want_cost:?}", out.total_cost));
        }
        if let Some(want) = exp.get("final_per_voter_budget").and_then(expected_str) {
            let got = out.add1.as_ref().map(|a| a.final_per_voter_budget.to_string());
            if got.as_deref() != Some(want.as_str()) {
                fail(&mut rep, format!("final_per_voter_budget {got:?} != expected {want}"));
            }
        }
        if let Some(want) = exp.get("iterations").and_then(Value::as_u64) {
            let got = out.add1.as_ref().map(|a| a.iterations);
            if got != Some(want) {
                fail(&mut rep, format!("iterations {got:?} != expected {want}"));
            }
        }
        if let Some(want) = exp.get("stop_reason").and_then(Value::as_str) {
            let got = out.add1.as_ref().map(|a| a.stop.as_str());
            if got != Some(want) {
                fail(&mut rep, format!("stop_reason {got:?} != expected {want}"));
            }
        }
        rep.lines.push(format!("  {:<30} {}", rule_id, if rule_ok { "PASS" } else { "FAIL" }));
    }
    rep
}

#[test]
fn pabulib_conformance() {
    let Some(dir) = std::env::var_os("PABULIB_DIR").map(PathBuf::from) else {
        if std::env::var("CI").is_ok_and(|v| v == "true") {
            panic!("PABULIB_DIR is not set but CI=true: the Pabulib conformance test must run in CI");
        }
        eprintln!("pabulib_conformance: SKIPPED (set PABULIB_DIR to the folder with the .pb files and expected/)");
        return;
    };
    let filter = std::env::var("PABULIB_FILTER").unwrap_or_default();
    let mut pairs: Vec<(PathBuf, PathBuf)> = Vec::new();
    for entry in std::fs::read_dir(&dir).expect("read PABULIB_DIR") {
        let path = entry.expect("dir entry").path();
        if path.extension().and_then(|e| e.to_str()) != Some("pb") {
            continue;
        }
        let stem = path.file_stem().unwrap_or_default().to_string_lossy().to_string();
        if !stem.contains(&filter) {
            continue;
        }
        let json = dir.join("expected").join(format!("{stem}.json"));
        if json.exists() {
            pairs.push((path, json));
        } else {
            eprintln!("pabulib_conformance: no expected JSON for {stem}, skipped");
        }
    }
    pairs.sort();
    assert!(!pairs.is_empty(), "no .pb files with expected JSON in {}", dir.display());

    // Files are independent: check them on all cores, largest first.
    pairs.sort_by_key(|(p, _)| std::cmp::Reverse(std::fs::metadata(p).map(|m| m.len()).unwrap_or(0)));
    let threads = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1).min(pairs.len());
    let next = std::sync::atomic::AtomicUsize::new(0);
    let start = Instant::now();
    let mut reports: BTreeMap<String, FileReport> = BTreeMap::new();
    std::thread::scope(|s| {
        let handles: Vec<_> = (0..threads)
            .map(|_| {
                s.spawn(|| {
                    let mut mine = Vec::new();
                    loop {
                        let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        let Some((pb_path, json)) = pairs.get(i) else {
                            break;
                        };
                        let r = check_file(pb_path, json);
                        // Progress as files finish (the summary below is in name order).
                        eprintln!("done: {} ({} mismatches)", r.name, r.mismatches.len());
                        mine.push(r);
                    }
                    mine
                })
            })
            .collect();
        for h in handles {
            for r in h.join().expect("worker panicked") {
                reports.insert(r.name.clone(), r);
            }
        }
    });
    let elapsed: Duration = start.elapsed();

    let mut mismatches = Vec::new();
    for r in reports.values() {
        for l in &r.lines {
            eprintln!("{l}");
        }
        mismatches.extend(r.mismatches.iter().cloned());
    }
    eprintln!("pabulib_conformance: {} files in {elapsed:.1?}, {} mismatches", reports.len(), mismatches.len());
    if !mismatches.is_empty() {
        for m in &mismatches {
            eprintln!("MISMATCH {m}");
        }
        panic!("{} mismatches against pabutools (see above)", mismatches.len());
    }
}
