//! TEMPORARY scratch tests (golden dump / analysis). Removed before hand-off.
use super::*;
use std::io::Write;
use std::time::Instant;

fn files() -> Vec<(String, Instance)> {
    let dir = std::env::var("PABULIB_DIR").unwrap();
    let filter = std::env::var("PABULIB_FILTER").unwrap_or_default();
    let mut out = Vec::new();
    for e in std::fs::read_dir(&dir).unwrap() {
        let p = e.unwrap().path();
        let name = p.file_stem().unwrap().to_string_lossy().to_string();
        if p.extension().and_then(|e| e.to_str()) == Some("pb") && name.contains(&filter) {
            out.push((name, crate::pb::parse_bytes(&std::fs::read(&p).unwrap()).unwrap()));
        }
    }
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

fn fmt(o: &Outcome) -> String {
    let a = o.add1.as_ref().unwrap();
    format!("{:?} it={} b={} stop={:?}", o.selection_order, a.iterations, a.final_per_voter_budget, a.stop)
}

#[test]
#[ignore]
fn golden_dump() {
    let out_path = std::env::var("GOLDEN_OUT").unwrap();
    let mut f = std::fs::File::create(out_path).unwrap();
    for (name, inst) in files() {
        let t = Instant::now();
        let r = tally_many(&inst, &[Rule::MesCostAdd1], None);
        let t1 = t.elapsed();
        let t = Instant::now();
        let r2 = tally_many(&inst, &[Rule::MesCostAdd1Infstop], None);
        let t2 = t.elapsed();
        let a = r[0].as_ref().unwrap();
        let b = r2[0].as_ref().unwrap();
        writeln!(f, "{name} add1: {}", fmt(a)).unwrap();
        writeln!(f, "{name} infstop: {}", fmt(b)).unwrap();
        eprintln!("{name:<70} add1 {t1:>10.3?} infstop {t2:>10.3?}  it {} / {}", a.add1.as_ref().unwrap().iterations, b.add1.as_ref().unwrap().iterations);
    }
}

#[test]
#[ignore]
fn change_points() {
    for (name, inst) in files() {
        let prep = Prepared::new(&inst).unwrap();
        let profile = prep.approval_profile();
        let mut engine = mes::Mes::new(&prep, profile, mes::Util::Cost);
        let base = prep.base_voter_budget();
        let unit = Rational::from_integer(prep.unit);
        let kmax: u64 = std::env::var("KMAX").ok().and_then(|v| v.parse().ok()).unwrap_or(100000);
        let mut b = base.clone();
        let mut last: Vec<usize> = Vec::new();
        let mut changes = 0;
        let mut setchanges = 0;
        let mut lastset: Vec<usize> = Vec::new();
        for k in 0..kmax {
            let sel = engine.run(&b, &mut |_| {});
            let cost: i128 = sel.iter().map(|&p| prep.cost_units[p]).sum();
            if sel != last { changes += 1; }
            let mut s = sel.clone(); s.sort();
            if s != lastset { setchanges += 1; }
            last = sel; lastset = s;
            if cost > prep.budget_units { eprintln!("{name}: overspend at k={k}"); break; }
            b = &b + &unit;
        }
        eprintln!("{name}: order changes {changes}, set changes {setchanges}");
    }
}
