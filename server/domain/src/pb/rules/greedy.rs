//! Greedy rules: walk the projects once in a fixed order and fund each one that
//! still fits (skipping, not stopping at, those that do not).

use std::cmp::Ordering;

use super::Prepared;
use crate::pb::rational::Rational;

/// Sorts project indexes by `key` descending, ties by project id ascending.
fn order_by(prep: &Prepared<'_>, mut cmp_desc: impl FnMut(usize, usize) -> Ordering) -> Vec<usize> {
    let mut order: Vec<usize> = (0..prep.m).collect();
    order.sort_by(|&a, &b| cmp_desc(a, b).then(prep.rank[a].cmp(&prep.rank[b])));
    order
}

/// `greedy_votes` order: `votes(p)` descending. Under pabutools' Cost_Sat the
/// density of a cost-0 project is 0, so such projects sort as if they had no votes.
pub(super) fn votes_order(prep: &Prepared<'_>) -> Vec<usize> {
    let key = |p: usize| {
        if prep.cost_units[p] > 0 {
            prep.votes[p]
        } else {
            0
        }
    };
    order_by(prep, |a, b| key(b).cmp(&key(a)))
}

/// `greedy_votes_per_cost` order: `votes(p) / c(p)` descending, compared as exact
/// rationals. Cost-0 projects get density 0 (as for `greedy_votes`).
pub(super) fn votes_per_cost_order(prep: &Prepared<'_>) -> Vec<usize> {
    let density: Vec<Rational> = (0..prep.m)
        .map(|p| Rational::new(prep.votes[p] as i128, prep.cost_units[p]).unwrap_or(Rational::ZERO))
        .collect();
    order_by(prep, |a, b| density[b].cmp(&density[a]))
}

/// `greedy_score` order: `score(p)` descending (cost-0 projects: density 0).
pub(super) fn score_order(prep: &Prepared<'_>) -> Vec<usize> {
    let inst = prep.inst;
    let pscale = inst.points_scale();
    let mut score = vec![0i128; prep.m];
    for v in &inst.voters {
        for (pos, &p) in v.ballot.iter().enumerate() {
            let s = &mut score[p as usize];
            *s = s.saturating_add(inst.point_units(v, pos, pscale));
        }
    }
    let key = |p: usize| if prep.cost_units[p] > 0 { score[p] } else { 0 };
    order_by(prep, |a, b| key(b).cmp(&key(a)))
}

/// Walks `order`, starting from the already funded `initial` projects (kept first,
/// in their order), and funds every project that still fits the budget.
pub(super) fn greedy(prep: &Prepared<'_>, order: &[usize], initial: &[usize]) -> Vec<usize> {
    let mut funded = vec![false; prep.m];
    let mut spent: i128 = 0;
    let mut selected = Vec::with_capacity(prep.m);
    for &p in initial {
        funded[p] = true;
        spent = spent.saturating_add(prep.cost_units[p]);
        selected.push(p);
    }
    for &p in order {
        if funded[p] {
            continue;
        }
        let after = spent.saturating_add(prep.cost_units[p]);
        if after <= prep.budget_units {
            spent = after;
            funded[p] = true;
            selected.push(p);
        }
    }
    selected
}
