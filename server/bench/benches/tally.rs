//! Tally benchmark on the real Pabulib files in `$PABULIB_DIR`.
//!
//! `./dev bench` (or `cargo bench -p yoriai-bench --bench tally`) first prints a table with one
//! timed run of every applicable rule on every file (the numbers to compare with
//! pabutools' `cpu_times_s` in `expected/*.json`), then lets criterion measure
//! parsing and `tally_many` (all rules, Add1 scan shared) per file.
//! Without `PABULIB_DIR` it prints that it is skipped and does nothing.
//! `PABULIB_FILTER=substring` restricts the files; criterion's own name filter
//! works too (`./dev bench -- Lodz`).

use std::path::PathBuf;
use std::time::{Duration, Instant};

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, SamplingMode};
use yoriai_domain::pb::{self, Instance, Rule};

fn files() -> Option<Vec<(String, Vec<u8>)>> {
    let dir = PathBuf::from(std::env::var_os("PABULIB_DIR")?);
    let filter = std::env::var("PABULIB_FILTER").unwrap_or_default();
    let mut out = Vec::new();
    for entry in std::fs::read_dir(&dir).expect("read PABULIB_DIR") {
        let path = entry.expect("dir entry").path();
        let name = path.file_stem().unwrap_or_default().to_string_lossy().to_string();
        if path.extension().and_then(|e| e.to_str()) == Some("pb") && name.contains(&filter) {
            out.push((name, std::fs::read(&path).expect("read .pb")));
        }
    }
    out.sort_by_key(|(_, b)| b.len());
    Some(out)
}

fn rules_for(inst: &Instance) -> Vec<Rule> {
    Rule::ALL.into_iter().filter(|r| !r.needs_points() || inst.vote_type.has_points()).collect()
}

fn table(files: &[(String, Vec<u8>, Instance)]) {
    eprintln!("{:<70} {:<30} {:>12}", "file", "rule", "time");
    for (name, bytes, inst) in files {
        let t = Instant::now();
        let parsed = pb::parse_bytes(bytes).expect("parse");
        eprintln!("{name:<70} {:<30} {:>12.3?}   ({} voters)", "parse", t.elapsed(), parsed.voters.len());
        for rule in rules_for(inst) {
            let t = Instant::now();
            let out = pb::tally(inst, rule, None);
            let took = t.elapsed();
            let note = match &out {
                Ok(o) => match &o.add1 {
                    Some(a) => format!("{} winners, {} Add1 budgets", o.winners.len(), a.iterations),
                    None => format!("{} winners", o.winners.len()),
                },
                Err(e) => e.to_string(),
            };
            eprintln!("{name:<70} {:<30} {took:>12.3?}   {note}", rule.as_str());
        }
    }
}

fn bench(c: &mut Criterion) {
    let Some(raw) = files() else {
        eprintln!("tally bench: SKIPPED (set PABULIB_DIR to the folder with the Pabulib .pb files)");
        return;
    };
    let files: Vec<(String, Vec<u8>, Instance)> = raw
        .into_iter()
        .map(|(n, b)| {
            let inst = pb::parse_bytes(&b).unwrap_or_else(|e| panic!("{n}: {e}"));
            (n, b, inst)
        })
        .collect();
    if std::env::var_os("PABULIB_NO_TABLE").is_none() {
        table(&files);
    }
    let mut group = c.benchmark_group("pabulib");
    group
        .sample_size(10)
        .sampling_mode(SamplingMode::Flat)
        .warm_up_time(Duration::from_millis(200))
        .measurement_time(Duration::from_secs(1));
    for (name, bytes, inst) in &files {
        group.bench_with_input(BenchmarkId::new("parse", name), bytes, |b, bytes| b.iter(|| pb::parse_bytes(bytes)));
        let rules = rules_for(inst);
        group.bench_with_input(BenchmarkId::new("all_rules", name), inst, |b, inst| {
            b.iter(|| pb::tally_many(inst, &rules, None))
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
