//! Rule tests: hand-checked small instances, and a property test comparing the
//! optimized engines with naive per-voter implementations written directly from
//! RULES.md (exact rationals, no grouping, no float filter, no lazy heap).

use proptest::prelude::*;

use super::*;
use crate::pb::{Decimal, Instance, Project, VoteType, Voter};

fn dec(s: &str) -> Decimal {
    Decimal::parse(s).unwrap()
}

/// Builds an instance from `(id, cost)` pairs and ballots of project ids.
fn instance(budget: &str, projects: &[(&str, &str)], ballots: &[&[&str]]) -> Instance {
    let mut inst = Instance::new(dec(budget), VoteType::Approval);
    for (id, cost) in projects {
        inst.add_project(Project::new(*id, dec(cost)));
    }
    for (i, b) in ballots.iter().enumerate() {
        let ballot = b.iter().map(|id| inst.project_index(id).unwrap() as u32).collect();
        inst.add_voter(Voter::new(format!("v{i}"), ballot, None));
    }
    inst
}

fn run(inst: &Instance, rule: Rule) -> Outcome {
    tally(inst, rule, None).unwrap()
}

fn order(o: &Outcome) -> Vec<&str> {
    o.selection_order.iter().map(String::as_str).collect()
}

fn picks(o: &Outcome) -> Vec<&str> {
    o.pick_order.iter().map(String::as_str).collect()
}

#[test]
fn greedy_ties_go_to_the_smallest_id_in_byte_order() {
    // "10" and "2" both have one vote: "10" < "2" as strings.
    let inst = instance("80", &[("2", "30"), ("10", "30"), ("3", "50")], &[&["2", "10"], &["3"], &["3"]]);
    let o = run(&inst, Rule::GreedyVotes);
    assert_eq!(order(&o), ["3", "10"]);
    assert_eq!(o.winners, ["10", "3"]);
    assert_eq!(o.total_cost.to_string(), "80");
    assert_eq!(o.selected, vec![2, 1]);
    // Densities 2/50 > 1/30 = 1/30.
    assert_eq!(order(&run(&inst, Rule::GreedyVotesPerCost)), ["3", "10"]);
}

#[test]
fn greedy_skips_what_does_not_fit_and_adds_unsupported_projects() {
    let inst =
        instance("10", &[("a", "8"), ("b", "5"), ("c", "2"), ("z", "1")], &[&["a", "b"], &["a", "b"], &["b", "c"]]);
    // Order b(3) a(2) c(1) z(0): b fits, a does not, c fits, z (no votes) fits.
    assert_eq!(order(&run(&inst, Rule::GreedyVotes)), ["b", "c", "z"]);
    // Densities: b 3/5 > c 1/2 > a 1/4 > z 0.
    assert_eq!(order(&run(&inst, Rule::GreedyVotesPerCost)), ["b", "c", "z"]);
}

/// Four voters with 10 each; X(16) by v1 v2, Y(20) by v1 v2 v3, Z(12) by v3 v4,
/// W(5) by nobody.
fn xyz() -> Instance {
    instance(
        "40",
        &[("X", "16"), ("Y", "20"), ("Z", "12"), ("W", "5")],
        &[&["X", "Y"], &["X", "Y"], &["Y", "Z"], &["Z"]],
    )
}

#[test]
fn mes_card_caps_poor_supporters_and_breaks_exact_ties_by_id() {
    // Round 1 prices (per supporter): X 8, Y 20/3, Z 6 -> Z; v3, v4 keep 4.
    // Round 2: X 8; Y: v3 pays its 4, v1 v2 pay (20-4)/2 = 8 -> exact tie, X wins.
    // Round 3: Y's supporters hold 2+2+4 < 20: dropped.
    let o = run(&xyz(), Rule::MesCard);
    assert_eq!(order(&o), ["Z", "X"]);
    assert_eq!(o.total_cost.to_string(), "28");
}

#[test]
fn mes_cost_prices_per_unit_of_cost() {
    // rho = share / cost: X 1/2, Y 1/3, Z 1/2 -> Y (v1 v2 v3 keep 10/3).
    // Then X: 20/3 < 16 dropped; Z: v3 capped at 10/3, v4 pays 26/3 -> funded.
    let o = run(&xyz(), Rule::MesCost);
    assert_eq!(order(&o), ["Y", "Z"]);
    assert_eq!(o.total_cost.to_string(), "32");
    assert!(o.add1.is_none());
}

#[test]
fn add1_variants() {
    let inst = xyz();
    // b = 10: {Y, Z} costs 32 and X (16) no longer fits: exhaustive at once.
    let o = run(&inst, Rule::MesCostAdd1);
    assert_eq!(order(&o), ["Y", "Z"]);
    let a = o.add1.unwrap();
    assert_eq!((a.final_per_voter_budget.to_string(), a.iterations, a.stop), ("10".into(), 1, Add1Stop::Exhaustive));
    // Without the exhaustiveness stop: X becomes affordable at b = 15 (after Y,
    // v1 and v2 hold 25/3 each), giving {Y, X, Z} = 48 > 40, so b = 14 is kept.
    let o = run(&inst, Rule::MesCostAdd1Infstop);
    assert_eq!(order(&o), ["Y", "Z"]);
    let a = o.add1.unwrap();
    assert_eq!(
        (a.final_per_voter_budget.to_string(), a.iterations, a.stop),
        ("14".into(), 6, Add1Stop::NextInfeasible)
    );
    // Greedy completion by votes: X (48 > 40) is skipped, W (no votes) fits.
    assert_eq!(order(&run(&inst, Rule::MesCostAdd1Greedy)), ["Y", "Z", "W"]);
    let o = run(&inst, Rule::MesCostAdd1InfstopGreedy);
    assert_eq!(order(&o), ["Y", "Z", "W"]);
    assert_eq!(o.total_cost.to_string(), "37");
    assert_eq!(o.winners, ["W", "Y", "Z"]);
}

#[test]
fn add1_guard_stops_when_every_fundable_project_is_funded() {
    // One voter, B = 10: b0 = 10 funds "a" (10); "b" (20) exceeds B on its own.
    let inst = instance("10", &[("a", "10"), ("b", "20")], &[&["a", "b"]]);
    let o = run(&inst, Rule::MesCostAdd1Infstop);
    assert_eq!(order(&o), ["a"]);
    let a = o.add1.unwrap();
    assert_eq!((a.iterations, a.stop), (1, Add1Stop::AllFundableSupportedProjectsFunded));
}

#[test]
fn seq_phragmen_stops_at_the_first_project_that_does_not_fit() {
    // t: X 8, Y 20/3, Z 6 -> Z (loads v3 v4 = 6); then X 8 < Y 26/3 -> X
    // (loads v1 v2 = 8); then Y (8+8+6+20)/3 = 14 costs 20 > 12 left: stop,
    // W (no supporters) is never reached.
    let o = run(&xyz(), Rule::SeqPhragmen);
    assert_eq!(picks(&o), ["Z", "X"]);
    assert_eq!(o.winners, ["X", "Z"]);
    // Reported like pabutools: sorted by id.
    assert_eq!(order(&o), ["X", "Z"]);
}

#[test]
fn seq_phragmen_funds_unsupported_projects_last_when_all_fit() {
    let inst = instance("100", &[("b", "10"), ("a", "10"), ("s", "50")], &[&["s"]]);
    assert_eq!(picks(&run(&inst, Rule::SeqPhragmen)), ["s", "a", "b"]);
}

#[test]
fn points_rules_on_ordinal_ballots() {
    let mut inst = instance("10", &[("A", "5"), ("B", "5"), ("C", "5")], &[&["A", "B"], &["B"], &["C", "A", "B"]]);
    inst.vote_type = VoteType::Ordinal;
    // Points len - pos: v1 A2 B1; v2 B1; v3 C3 A2 B1.
    let scores: Vec<String> = inst.scores().unwrap().iter().map(|s| s.to_string()).collect();
    assert_eq!(scores, ["4", "3", "3"]);
    assert_eq!(inst.approval_votes(), [2, 3, 1]);
    // greedy_score: A(4), then B and C tie at 3 -> B; budget 10 holds two.
    assert_eq!(order(&run(&inst, Rule::GreedyScore)), ["A", "B"]);
    // mes_points: b = 10/3. Prices per point: A 5/4, B 5/3; C (v3 alone, 10/3 < 5)
    // is dropped. A: v1 and v3 pay 2 * 5/4 and keep 5/6. Then B's supporters hold
    // 5/6 + 10/3 + 5/6 = 5 = c(B) exactly: affordable, everyone pays all they have.
    let o = run(&inst, Rule::MesPoints);
    assert_eq!(order(&o), ["A", "B"]);
    assert_eq!(o.total_cost.to_string(), "10");
}

#[test]
fn errors_are_reported_not_panicked() {
    let inst = xyz();
    assert!(matches!(tally(&inst, Rule::MesPoints, None), Err(TallyError::NeedsPoints { .. })));
    assert!(matches!(tally(&inst, Rule::GreedyScore, None), Err(TallyError::NeedsPoints { .. })));
    let empty = instance("10", &[("a", "1")], &[]);
    assert!(matches!(tally(&empty, Rule::MesCost, None), Err(TallyError::NoVoters { .. })));
    assert!(matches!(tally(&empty, Rule::MesCostAdd1, None), Err(TallyError::NoVoters { .. })));
    assert_eq!(order(&run(&empty, Rule::GreedyVotes)), ["a"]);
    let mut bad = xyz();
    bad.voters[0].ballot.push(99);
    assert!(matches!(tally(&bad, Rule::GreedyVotes, None), Err(TallyError::InvalidInstance(_))));
    let mut dup = xyz();
    dup.voters[0].ballot.push(0);
    assert!(matches!(tally(&dup, Rule::MesCost, None), Err(TallyError::InvalidInstance(_))));
    let mut same_id = xyz();
    same_id.projects[1].id = "X".into();
    assert!(matches!(tally(&same_id, Rule::MesCost, None), Err(TallyError::InvalidInstance(_))));
}

#[test]
fn rule_ids_round_trip() {
    for r in Rule::ALL {
        assert_eq!(r.as_str().parse::<Rule>().unwrap(), r);
        assert_eq!(serde_json::to_string(&r).unwrap(), format!("\"{}\"", r.as_str()));
    }
    assert!("mes".parse::<Rule>().is_err());
}

#[test]
fn tally_many_matches_single_calls_and_reports_progress() {
    let inst = xyz();
    let mut steps = 0;
    let mut cb = |p: Progress| {
        if let Progress::Tally { .. } = p {
            steps += 1;
        }
    };
    let many = tally_many(&inst, &Rule::ALL, Some(&mut cb));
    for (r, res) in Rule::ALL.iter().zip(many) {
        assert_eq!(res, tally(&inst, *r, None));
    }
    assert!(steps > 0);
}

// ---------------------------------------------------------------------------
// The Add1 scan skips budgets; it must give exactly what running every budget gives.

/// The plain Add1 scan: one MES run per budget `B/n + k`, `k = 0, 1, ...` (the
/// scan as it was before it learnt to skip budgets).
fn linear_add1_scan(prep: &Prepared<'_>, want_infstop: bool) -> Add1Scan {
    let mut engine = mes::Mes::new(prep, prep.approval_profile(), mes::Util::Cost);
    let base = prep.base_voter_budget();
    let unit = Rational::from_integer(prep.unit);
    let supported: Vec<bool> = (0..prep.m).map(|p| prep.votes[p] > 0).collect();
    let mut exhaustive: Option<Add1Result> = None;
    let mut prev: Option<(Vec<usize>, Rational)> = None;
    let mut b = base.clone();
    let mut k: u64 = 0;
    loop {
        let selected = engine.run(&b, &mut |_| {});
        k += 1;
        let cost: i128 = selected.iter().map(|&p| prep.cost_units[p]).sum();
        let result = |selected: Vec<usize>, b: &Rational, stop: Add1Stop| Add1Result {
            selected,
            details: Add1Details { final_per_voter_budget: prep.money(b), iterations: k, stop },
        };
        if cost > prep.budget_units {
            let (sel, pb) = prev.take().unwrap_or_else(|| (Vec::new(), base.clone()));
            let res = result(sel, &pb, Add1Stop::NextInfeasible);
            return Add1Scan { exhaustive: exhaustive.unwrap_or_else(|| res.clone()), infstop: Some(res) };
        }
        let in_w = |p: usize| selected.contains(&p);
        if exhaustive.is_none()
            && !(0..prep.m).any(|p| {
                !in_w(p) && supported[p] && prep.cost_units[p] > 0 && cost + prep.cost_units[p] <= prep.budget_units
            })
        {
            let res = result(selected.clone(), &b, Add1Stop::Exhaustive);
            if !want_infstop {
                return Add1Scan { exhaustive: res, infstop: None };
            }
            exhaustive = Some(res);
        }
        if (0..prep.m).all(|p| in_w(p) || !supported[p] || prep.cost_units[p] > prep.budget_units) {
            let res = result(selected, &b, Add1Stop::AllFundableSupportedProjectsFunded);
            return Add1Scan { exhaustive: exhaustive.unwrap_or_else(|| res.clone()), infstop: Some(res) };
        }
        let next = &b + &unit;
        prev = Some((selected, std::mem::replace(&mut b, next)));
    }
}

/// Deterministic xorshift generator for the scan tests.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
}

/// A small random approval instance whose Add1 scan has some length. Costs come
/// from a few values (equal prices, exact ties), some projects are copies of
/// another (same cost and supporters: ties at every budget), voters come in
/// repeated ballots of very different lengths (long ballots run dry, so payments
/// get capped), and budgets or costs sometimes have decimals (a unit of 10^-s).
fn scan_instance(seed: u64) -> Instance {
    let mut rng = Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
    let ids = ["2", "10", "1", "30", "3", "20", "100", "4", "5", "11"];
    let m = 3 + rng.below(8) as usize;
    let scale: u8 = if rng.chance(20) { 1 } else { 0 };
    let levels = [12, 20, 30, 30, 45, 60, 90];
    // Larger amounts make longer scans (one currency unit per step).
    let magnitude = [1, 10, 100][rng.below(3) as usize];
    let mut costs: Vec<i64> = (0..m)
        .map(|_| {
            let c = levels[rng.below(levels.len() as u64) as usize] * magnitude * 10i64.pow(scale as u32);
            if scale > 0 && rng.chance(30) {
                c + 5
            } else {
                c
            }
        })
        .collect();
    let mut ballots: Vec<Vec<u32>> = Vec::new();
    for _ in 0..2 + rng.below(10) {
        let len = 1 + rng.below(m as u64) as usize;
        let mut b: Vec<u32> = Vec::new();
        while b.len() < len {
            let p = rng.below(m as u64) as u32;
            if !b.contains(&p) {
                b.push(p);
            }
        }
        for _ in 0..1 + rng.below(4) {
            ballots.push(b.clone());
        }
    }
    // A copy of project 0 (same cost, same supporters): a tie at every budget.
    if m >= 4 && rng.chance(40) {
        costs[m - 1] = costs[0];
        for b in &mut ballots {
            b.retain(|&p| p as usize != m - 1);
            if b.contains(&0) {
                b.push(m as u32 - 1);
            }
        }
    }
    let total: i64 = costs.iter().sum();
    let budget = total * (25 + rng.below(60) as i64) / 100 + rng.below(7) as i64;
    let mut inst = Instance::new(Decimal::new(budget.max(1), scale).unwrap(), VoteType::Approval);
    for (p, &c) in costs.iter().enumerate() {
        inst.add_project(Project::new(ids[p], Decimal::new(c, scale).unwrap()));
    }
    for (i, b) in ballots.into_iter().enumerate() {
        inst.add_voter(Voter::new(format!("v{i}"), b, None));
    }
    inst
}

#[test]
fn add1_scan_skipping_budgets_matches_the_plain_scan() {
    let mut skipped = 0;
    for seed in 0..400 {
        let inst = scan_instance(seed);
        let prep = Prepared::new(&inst).unwrap();
        for want_infstop in [false, true] {
            let mut reported = Vec::new();
            let got = add1_scan(&prep, want_infstop, &mut |k| reported.push(k));
            let want = linear_add1_scan(&prep, want_infstop);
            assert_eq!(got, want, "seed {seed}, infstop {want_infstop}: {inst:?}");
            assert!(reported.windows(2).all(|w| w[0] < w[1]), "progress must increase: {reported:?}");
            skipped += reported.windows(2).filter(|w| w[1] > w[0] + 1).count();
        }
    }
    // The instances do exercise the skipping.
    assert!(skipped > 100, "only {skipped} skips");
}

/// The same comparison on the real Pabulib files in `$PABULIB_DIR` (`PABULIB_FILTER=
/// substring` narrows them), with both scans' times. The plain scan runs every budget,
/// so by default it is compared only where that is quick (at most `PLAIN_MAX` budgets;
/// Hungary_Budapest_2022_VIII_Jozsefvaros has 153,146); `PLAIN_MAX=0` compares all:
/// `PABULIB_DIR=... PLAIN_MAX=0 cargo test --release -p yoriai-domain --lib add1_scan_on_pabulib -- --nocapture`.
#[test]
fn add1_scan_on_pabulib_files_matches_the_plain_scan() {
    let Some(dir) = std::env::var_os("PABULIB_DIR") else {
        eprintln!("skipped: PABULIB_DIR is not set");
        return;
    };
    let filter = std::env::var("PABULIB_FILTER").unwrap_or_default();
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "pb"))
        .filter(|p| p.file_stem().is_some_and(|s| s.to_string_lossy().contains(&filter)))
        .collect();
    paths.sort();
    let plain_max: u64 = std::env::var("PLAIN_MAX").ok().and_then(|v| v.parse().ok()).unwrap_or(3_000);
    for path in paths {
        let inst = crate::pb::parse_bytes(&std::fs::read(&path).unwrap()).unwrap();
        let prep = Prepared::new(&inst).unwrap();
        if prep.n == 0 {
            continue;
        }
        prep.approval_profile();
        let budgets = add1_scan(&prep, true, &mut |_| {}).infstop.map_or(0, |r| r.details.iterations);
        if plain_max > 0 && budgets > plain_max {
            eprintln!("{}: {budgets} budgets, plain scan not run (PLAIN_MAX)", path.display());
            continue;
        }
        let mut times = Vec::new();
        for want_infstop in [false, true] {
            // Best of `REPEAT` runs each (default 1), alternating.
            let (mut plain, mut skipping) = (std::time::Duration::MAX, std::time::Duration::MAX);
            let (mut got, mut want) = (None, None);
            for _ in 0..std::env::var("REPEAT").ok().and_then(|r| r.parse().ok()).unwrap_or(1) {
                let t = std::time::Instant::now();
                got = Some(add1_scan(&prep, want_infstop, &mut |_| {}));
                skipping = skipping.min(t.elapsed());
                let t = std::time::Instant::now();
                want = Some(linear_add1_scan(&prep, want_infstop));
                plain = plain.min(t.elapsed());
            }
            let (got, want) = (got.unwrap(), want.unwrap());
            assert_eq!(got, want, "{}, infstop {want_infstop}", path.display());
            let it = got.infstop.as_ref().unwrap_or(&got.exhaustive).details.iterations;
            times.push(format!("{it:>7} runs: plain {plain:>9.3?}, skipping {skipping:>9.3?}"));
        }
        let name = path.file_stem().unwrap().to_string_lossy().to_string();
        eprintln!("{name:<68} add1 {} | infstop {}", times[0], times[1]);
    }
}

// ---------------------------------------------------------------------------
// Naive reference implementations (straight from RULES.md, per voter).

fn q(d: Decimal) -> Rational {
    d.to_rational()
}

/// `u_i(p)` per voter and project (0 = not a supporter).
fn utilities(inst: &Instance, util: mes::Util) -> Vec<Vec<Rational>> {
    let m = inst.projects.len();
    inst.voters
        .iter()
        .map(|v| {
            let mut u = vec![Rational::ZERO; m];
            for (pos, &p) in v.ballot.iter().enumerate() {
                let p = p as usize;
                u[p] = match util {
                    mes::Util::Cost if inst.approves(v, pos) => q(inst.projects[p].cost),
                    mes::Util::Card if inst.approves(v, pos) => Rational::ONE,
                    mes::Util::Points => {
                        let s = inst.point_units(v, pos, 18);
                        if s > 0 {
                            Rational::new(s, 10i128.pow(18)).unwrap()
                        } else {
                            Rational::ZERO
                        }
                    }
                    _ => Rational::ZERO,
                };
            }
            u
        })
        .collect()
}

fn ref_mes(inst: &Instance, util: mes::Util, b0: &Rational) -> Vec<usize> {
    let m = inst.projects.len();
    let u = utilities(inst, util);
    let cost: Vec<Rational> = inst.projects.iter().map(|p| q(p.cost)).collect();
    let mut b: Vec<Rational> = vec![b0.clone(); inst.voters.len()];
    // Supporters: the approval projection (points > 0 for mes_points). A cost-0
    // project has utility 0 under cost utilities but still counts as supported.
    let supp = |p: usize| -> Vec<usize> {
        (0..inst.voters.len())
            .filter(|&i| {
                let v = &inst.voters[i];
                match util {
                    mes::Util::Points => u[i][p] > Rational::ZERO,
                    _ => v.ballot.iter().enumerate().any(|(pos, &x)| x as usize == p && inst.approves(v, pos)),
                }
            })
            .collect()
    };
    let mut ids: Vec<usize> = (0..m).collect();
    ids.sort_by(|&a, &c| inst.projects[a].id.cmp(&inst.projects[c].id));
    let mut selected: Vec<usize> = ids.iter().copied().filter(|&p| cost[p].is_zero() && !supp(p).is_empty()).collect();
    let mut alive: Vec<usize> = ids.iter().copied().filter(|&p| !cost[p].is_zero() && !supp(p).is_empty()).collect();
    loop {
        let mut best: Option<(Rational, usize)> = None;
        let mut keep = Vec::new();
        for &p in &alive {
            let s = supp(p);
            let total = s.iter().fold(Rational::ZERO, |a, &i| &a + &b[i]);
            if total < cost[p] {
                continue; // dropped for good
            }
            keep.push(p);
            // Smallest rho with sum min(b_i, rho u_i) = c: walk by b_i/u_i.
            let mut s = s;
            s.sort_by(|&i, &j| (&b[i] / &u[i][p]).cmp(&(&b[j] / &u[j][p])));
            let mut rem = cost[p].clone();
            let mut urem = s.iter().fold(Rational::ZERO, |a, &i| &a + &u[i][p]);
            let mut rho = None;
            for &i in &s {
                let r = &rem / &urem;
                if r <= &b[i] / &u[i][p] {
                    rho = Some(r);
                    break;
                }
                rem = &rem - &b[i];
                urem = &urem - &u[i][p];
            }
            let rho = rho.unwrap_or_else(|| s.iter().map(|&i| &b[i] / &u[i][p]).max().unwrap());
            // `alive` is in id order, so strict < keeps the smallest id on ties.
            if best.as_ref().is_none_or(|(r, _)| rho < *r) {
                best = Some((rho, p));
            }
        }
        alive = keep;
        let Some((rho, p)) = best else { break };
        for i in supp(p) {
            let pay = std::cmp::min(b[i].clone(), &rho * &u[i][p]);
            b[i] = &b[i] - &pay;
        }
        selected.push(p);
        alive.retain(|&x| x != p);
    }
    selected
}

fn ref_phragmen(inst: &Instance) -> Vec<usize> {
    let m = inst.projects.len();
    let n = inst.voters.len();
    let budget = q(inst.budget);
    let cost: Vec<Rational> = inst.projects.iter().map(|p| q(p.cost)).collect();
    let appr = |i: usize, p: usize| {
        let v = &inst.voters[i];
        v.ballot.iter().enumerate().any(|(pos, &x)| x as usize == p && inst.approves(v, pos))
    };
    let mut load = vec![Rational::ZERO; n];
    let mut left = budget.clone();
    let mut remaining: Vec<usize> = (0..m).filter(|&p| cost[p] <= budget).collect();
    remaining.sort_by(|&a, &c| inst.projects[a].id.cmp(&inst.projects[c].id));
    let mut selected = Vec::new();
    while !remaining.is_empty() {
        let t: Vec<Option<Rational>> = remaining
            .iter()
            .map(|&p| {
                let s: Vec<usize> = (0..n).filter(|&i| appr(i, p)).collect();
                (!s.is_empty()).then(|| {
                    let sum = s.iter().fold(cost[p].clone(), |a, &i| &a + &load[i]);
                    sum.div_int(s.len() as i128)
                })
            })
            .collect();
        let min = t.iter().flatten().min().cloned();
        let argmin: Vec<usize> = (0..remaining.len()).filter(|&k| t[k] == min).collect();
        if argmin.iter().any(|&k| cost[remaining[k]] > left) {
            break;
        }
        let k = argmin[0];
        let p = remaining.remove(k);
        left = &left - &cost[p];
        if let Some(tp) = &t[k] {
            for (i, l) in load.iter_mut().enumerate() {
                if appr(i, p) {
                    *l = tp.clone();
                }
            }
        }
        selected.push(p);
    }
    selected
}

/// Reference Add1 scan: (exhaustive-stop outcome, infstop outcome).
fn ref_add1(inst: &Instance) -> ((Vec<usize>, Rational), (Vec<usize>, Rational)) {
    let n = inst.voters.len() as i128;
    let budget = q(inst.budget);
    let cost: Vec<Rational> = inst.projects.iter().map(|p| q(p.cost)).collect();
    let votes = inst.approval_votes();
    let total = |w: &[usize]| w.iter().fold(Rational::ZERO, |a, &p| &a + &cost[p]);
    let mut b = budget.div_int(n);
    let mut prev: Option<(Vec<usize>, Rational)> = None;
    let mut exh: Option<(Vec<usize>, Rational)> = None;
    loop {
        let w = ref_mes(inst, mes::Util::Cost, &b);
        let cw = total(&w);
        if cw > budget {
            let p = prev.unwrap();
            return (exh.unwrap_or_else(|| p.clone()), p);
        }
        let exhaustive =
            (0..cost.len()).all(|p| w.contains(&p) || votes[p] == 0 || cost[p].is_zero() || &cw + &cost[p] > budget);
        if exh.is_none() && exhaustive {
            exh = Some((w.clone(), b.clone()));
        }
        if (0..cost.len()).all(|p| w.contains(&p) || votes[p] == 0 || cost[p] > budget) {
            let r = (w, b);
            return (exh.unwrap_or_else(|| r.clone()), r);
        }
        let next = &b + &Rational::ONE;
        prev = Some((w, std::mem::replace(&mut b, next)));
    }
}

/// Random instances with up to `max_m` projects and `max_n` voters. Small numbers
/// make exact ties (the hard part) frequent.
fn arb_instance(max_m: usize, max_n: usize, max_cost: u32) -> impl Strategy<Value = Instance> {
    let vote_type = prop_oneof![Just(VoteType::Approval), Just(VoteType::Cumulative), Just(VoteType::Ordinal)];
    (1..=max_m, 0..max_cost * 4, vote_type, prop::collection::vec((0..max_cost, prop::bool::weighted(0.1)), max_m))
        .prop_flat_map(move |(m, budget, vt, costs)| {
            let ballot = prop::collection::vec((0..m as u32, 0u32..4), 0..=m);
            (Just(m), Just(budget), Just(vt), Just(costs), prop::collection::vec(ballot, 0..max_n), 0u8..3)
        })
        .prop_map(|(m, budget, vt, costs, ballots, scale)| {
            let mut inst = Instance::new(Decimal::from_int(budget as i64 + 1), vt);
            for (p, &(c, zero)) in costs.iter().take(m).enumerate() {
                // Ids whose byte order differs from numeric order ("10" < "2").
                let cost = if zero {
                    Decimal::ZERO
                } else {
                    Decimal::new(c as i64 * 10i64.pow(scale as u32) + 1, scale).unwrap()
                };
                inst.add_project(Project::new(format!("{}", [2, 10, 1, 30, 3, 20, 100, 4][p]), cost));
            }
            for (i, b) in ballots.into_iter().enumerate() {
                let mut seen = Vec::new();
                let mut pts = Vec::new();
                for (p, s) in b {
                    if !seen.contains(&p) {
                        seen.push(p);
                        pts.push(Decimal::from_int(s as i64));
                    }
                }
                let points = (vt == VoteType::Cumulative).then_some(pts);
                inst.add_voter(Voter::new(format!("v{i}"), seen, points));
            }
            inst
        })
}

proptest! {
    // PROPTEST_CASES overrides the default number of cases.
    #![proptest_config(ProptestConfig::with_cases(std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(400)))]

    #[test]
    fn engines_match_the_naive_definitions(inst in arb_instance(5, 8, 12)) {
        check_against_reference(&inst)?;
    }
}

proptest! {
    // Larger instances: budget classes, capped voters and Add1 scans of some length.
    #![proptest_config(ProptestConfig::with_cases(std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(60)))]

    #[test]
    fn engines_match_the_naive_definitions_on_larger_instances(inst in arb_instance(8, 40, 60)) {
        check_against_reference(&inst)?;
    }
}

fn check_against_reference(inst: &Instance) -> Result<(), TestCaseError> {
    {
        let ids = |v: &[usize]| v.iter().map(|&p| inst.projects[p].id.clone()).collect::<Vec<_>>();
        let inst = inst.clone();
        if !inst.voters.is_empty() {
            let b0 = q(inst.budget).div_int(inst.voters.len() as i128);
            let mut utils = vec![mes::Util::Cost, mes::Util::Card];
            if inst.vote_type.has_points() {
                utils.push(mes::Util::Points);
            }
            for util in utils {
                let rule = match util {
                    mes::Util::Cost => Rule::MesCost,
                    mes::Util::Card => Rule::MesCard,
                    mes::Util::Points => Rule::MesPoints,
                };
                let got = tally(&inst, rule, None).unwrap();
                prop_assert_eq!(&got.selection_order, &ids(&ref_mes(&inst, util, &b0)), "{:?}", util);
            }
            let ((exh, exh_b), (inf, inf_b)) = ref_add1(&inst);
            let got = tally(&inst, Rule::MesCostAdd1, None).unwrap();
            prop_assert_eq!(&got.selection_order, &ids(&exh));
            prop_assert_eq!(&got.add1.unwrap().final_per_voter_budget, &exh_b);
            let got = tally(&inst, Rule::MesCostAdd1Infstop, None).unwrap();
            prop_assert_eq!(&got.selection_order, &ids(&inf));
            prop_assert_eq!(&got.add1.unwrap().final_per_voter_budget, &inf_b);
        }
        let got = tally(&inst, Rule::SeqPhragmen, None).unwrap();
        prop_assert_eq!(&got.pick_order, &ids(&ref_phragmen(&inst)));
        let mut sorted = got.pick_order.clone();
        sorted.sort();
        prop_assert_eq!(&got.selection_order, &sorted);
    }
    Ok(())
}
