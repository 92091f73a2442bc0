//! Sequential Phragmén (RULES.md #11), exact.
//!
//! A voter's load is the `t` of the last funded project they support (or 0), so
//! voters are grouped by identical ballot and groups by that last project (their
//! *load class*); `sum_{S_p} load_i` is a short sum over classes. Loads are
//! integers over one common denominator `D` (rescaled when a new `t` needs it), so
//! no gcd of big numbers is ever taken, and a project's numerator is only
//! recomputed when one of its supporters changed class.

use std::cmp::Ordering;

use num_bigint::BigUint;
use num_integer::Integer;
use num_traits::{ToPrimitive, Zero};

use super::Prepared;

pub(super) fn seq_phragmen(prep: &Prepared<'_>, on_step: &mut dyn FnMut(usize)) -> Vec<usize> {
    let profile = prep.approval_profile();
    let groups = profile.weight.len();
    // Projects each group supports, to know whose sums a funding step changes.
    let mut group_projects: Vec<Vec<u32>> = vec![Vec::new(); groups];
    let mut support = vec![0u64; prep.m];
    for (p, chunks) in profile.supporters.iter().enumerate() {
        for (_, gs) in chunks {
            for &g in gs {
                group_projects[g as usize].push(p as u32);
                support[p] += profile.weight[g as usize];
            }
        }
    }

    // Class 0: load 0. Loads are load_num[c] / d.
    let mut d = BigUint::from(1u32);
    let mut class_of = vec![0u32; groups];
    let mut load_num: Vec<BigUint> = vec![BigUint::zero()];
    let mut acc: Vec<u64> = vec![0];
    let mut touched: Vec<u32> = Vec::new();

    // Projects costing more than the whole budget never enter.
    let mut remaining: Vec<usize> = (0..prep.m).filter(|&p| prep.cost_units[p] <= prep.budget_units).collect();
    let mut left = prep.budget_units;
    let mut selected = Vec::new();
    // t_p = t_num[p] / (d * support[p]); infinite when support[p] == 0.
    let mut t_num: Vec<BigUint> = vec![BigUint::zero(); prep.m];
    let mut dirty = vec![true; prep.m];

    while !remaining.is_empty() {
        for &p in &remaining {
            if !dirty[p] || support[p] == 0 {
                continue;
            }
            dirty[p] = false;
            for (_, gs) in &profile.supporters[p] {
                for &g in gs {
                    let c = class_of[g as usize] as usize;
                    if acc[c] == 0 {
                        touched.push(c as u32);
                    }
                    acc[c] += profile.weight[g as usize];
                }
            }
            let mut sum = &d * (prep.cost_units[p] as u128);
            for c in touched.drain(..) {
                let c = c as usize;
                if !load_num[c].is_zero() {
                    sum += &load_num[c] * acc[c];
                }
                acc[c] = 0;
            }
            t_num[p] = sum;
        }
        // t_a vs t_b, exactly: infinite (no supporter) is the largest, and ties with itself.
        let cmp_t = |a: usize, b: usize| -> Ordering {
            match (support[a], support[b]) {
                (0, 0) => Ordering::Equal,
                (0, _) => Ordering::Greater,
                (_, 0) => Ordering::Less,
                (sa, sb) => (&t_num[a] * sb).cmp(&(&t_num[b] * sa)),
            }
        };
        let mut best = remaining[0];
        for &p in &remaining[1..] {
            if cmp_t(p, best) == Ordering::Less {
                best = p;
            }
        }
        let argmin: Vec<usize> = remaining.iter().copied().filter(|&p| cmp_t(p, best) == Ordering::Equal).collect();
        // RULES.md: stop as soon as any project of the argmin set does not fit.
        if argmin.iter().any(|&p| prep.cost_units[p] > left) {
            break;
        }
        let Some(&chosen) = argmin.iter().min_by_key(|&&p| prep.rank[p]) else {
            break;
        };
        left -= prep.cost_units[chosen];
        selected.push(chosen);
        remaining.retain(|&p| p != chosen);
        on_step(selected.len());
        let s_c = support[chosen] as u128;
        if s_c == 0 {
            continue;
        }
        // New load t = t_num / (d * s_c); rescale d by s_c / g so it is an integer over d.
        let t = std::mem::take(&mut t_num[chosen]);
        let g = (&t % s_c).to_u128().unwrap_or(0).gcd(&s_c).max(1);
        let scale = s_c / g;
        let new_load = t / g;
        if scale > 1 {
            d *= scale;
            for l in load_num.iter_mut() {
                *l *= scale;
            }
            for &p in &remaining {
                if !dirty[p] {
                    t_num[p] *= scale;
                }
            }
        }
        let class = load_num.len() as u32;
        load_num.push(new_load);
        acc.push(0);
        for (_, gs) in &profile.supporters[chosen] {
            for &g in gs {
                class_of[g as usize] = class;
                for &q in &group_projects[g as usize] {
                    dirty[q as usize] = true;
                }
            }
        }
    }
    selected
}
