//! How far the Add1 scan can jump: the budget range over which an MES run
//! (cost utilities) keeps its outcome. PROTOTYPE.

use std::cmp::Ordering;

use super::{Prepared, Profile};
use crate::pb::rational::Rational;

/// The affine function `a + b·t` of the budget increase `t >= 0`, ordered by its
/// germ at `0+` (value first, then slope).
#[derive(Clone, Debug, PartialEq, Eq)]
struct Aff {
    a: Rational,
    b: Rational,
}

impl Aff {
    fn constant(a: Rational) -> Aff {
        Aff { a, b: Rational::ZERO }
    }
    fn germ_cmp(&self, o: &Aff) -> Ordering {
        self.a.cmp(&o.a).then_with(|| self.b.cmp(&o.b))
    }
    fn at(&self, t: &Rational) -> Rational {
        &self.a + &(&self.b * t)
    }
    fn sub(&self, o: &Aff) -> Aff {
        Aff { a: &self.a - &o.a, b: &self.b - &o.b }
    }
    fn add(&self, o: &Aff) -> Aff {
        Aff { a: &self.a + &o.a, b: &self.b + &o.b }
    }
    fn mul_int(&self, k: i128) -> Aff {
        Aff { a: self.a.mul_int(k), b: self.b.mul_int(k) }
    }
    fn div_int(&self, k: i128) -> Aff {
        Aff { a: self.a.div_int(k), b: self.b.div_int(k) }
    }
    fn scale(&self, k: &Rational) -> Aff {
        Aff { a: &self.a * k, b: &self.b * k }
    }
    fn is_zero(&self) -> bool {
        self.a.is_zero() && self.b.is_zero()
    }
    /// The root of `self` when its value and slope have strictly opposite signs
    /// (the first `t > 0` where its sign at `0+` stops holding), else `None`.
    fn root_ahead(&self) -> Option<Rational> {
        let (sa, sb) = (self.a.signum(), self.b.signum());
        (sa * sb < 0).then(|| -(&self.a / &self.b))
    }
}

fn min_limit(limit: &mut Option<Rational>, t: Option<Rational>) {
    if let Some(t) = t {
        if limit.as_ref().is_none_or(|l| t < *l) {
            *limit = Some(t);
        }
    }
}

pub(crate) struct Region<'p> {
    profile: &'p Profile,
    rank: &'p [u32],
    cost: &'p [i128],
    /// Supporter groups of each project (approval profile: utility 1).
    supporters: Vec<Vec<u32>>,
    candidates: Vec<usize>,
    pub stats_newton: u64,
}

impl<'p> Region<'p> {
    pub(crate) fn new(prep: &'p Prepared<'p>, profile: &'p Profile) -> Region<'p> {
        let supporters: Vec<Vec<u32>> =
            profile.supporters.iter().map(|ch| ch.iter().flat_map(|(_, gs)| gs.iter().copied()).collect()).collect();
        let candidates = (0..prep.m).filter(|&p| !supporters[p].is_empty() && prep.cost_units[p] > 0).collect();
        Region { profile, rank: &prep.rank, cost: &prep.cost_units, supporters, candidates, stats_newton: 0 }
    }

    /// Given the outcome `selected` of MES at per-voter budget `b0`, returns `T`
    /// such that MES at every `b0 + t`, `0 <= t < T`, has the same outcome (`None`:
    /// no limit). `Some(0)` when nothing can be certified.
    pub(crate) fn extent(&mut self, b0: &Rational, selected: &[usize]) -> Option<Rational> {
        let zero = Some(Rational::ZERO);
        if self.profile.supporters.iter().any(|ch| ch.iter().any(|(u, _)| *u != 1)) {
            return zero;
        }
        let groups = self.profile.weight.len();
        let weight = &self.profile.weight;
        let mut class: Vec<Aff> = vec![Aff::constant(Rational::ZERO), Aff { a: b0.clone(), b: Rational::ONE }];
        let mut class_of: Vec<u32> = vec![1; groups];
        let mut acc: Vec<u64> = vec![0; 2];
        let mut touched: Vec<u32> = Vec::new();
        let mut lists = self.supporters.clone();
        let mut remaining: Vec<usize> = self.candidates.clone();
        let mut limit: Option<Rational> = None;
        let mut buckets: Vec<(u32, u64)> = Vec::new();
        for &p in selected {
            if self.cost[p] == 0 {
                continue;
            }
            let Some(pos) = remaining.iter().position(|&q| q == p) else {
                return zero;
            };
            // Gather p's supporters per class.
            gather(&mut lists[p], &class_of, weight, &mut acc, &mut touched, &mut buckets);
            buckets.sort_by(|x, y| class[x.0 as usize].germ_cmp(&class[y.0 as usize]));
            let mut rem = Aff::constant(Rational::from_integer(self.cost[p]));
            let mut u_rem: u64 = buckets.iter().map(|b| b.1).sum();
            let mut n_capped = 0;
            let mut x = None;
            for (i, &(c, w)) in buckets.iter().enumerate() {
                let share = rem.div_int(u_rem as i128);
                if share.germ_cmp(&class[c as usize]) != Ordering::Greater {
                    x = Some(share);
                    n_capped = i;
                    break;
                }
                rem = rem.sub(&class[c as usize].mul_int(w as i128));
                u_rem -= w;
            }
            let Some(x) = x else {
                return zero;
            };
            // Structure validity.
            for &(c, _) in &buckets {
                min_limit(&mut limit, class[c as usize].sub(&x).root_ahead());
            }
            // Nobody else beats p.
            remaining.swap_remove(pos);
            for &q in &remaining {
                gather(&mut lists[q], &class_of, weight, &mut acc, &mut touched, &mut buckets_q_placeholder());
            }
            let _ = n_capped;
            todo!()
        }
        limit
    }
}

fn buckets_q_placeholder() -> Vec<(u32, u64)> {
    Vec::new()
}

/// Collects `list`'s groups per class into `out` (dropping groups without money).
fn gather(
    list: &mut Vec<u32>,
    class_of: &[u32],
    weight: &[u64],
    acc: &mut [u64],
    touched: &mut Vec<u32>,
    out: &mut Vec<(u32, u64)>,
) {
    out.clear();
    list.retain(|&g| {
        let c = class_of[g as usize];
        if c == 0 {
            return false;
        }
        if acc[c as usize] == 0 {
            touched.push(c);
        }
        acc[c as usize] += weight[g as usize];
        true
    });
    for c in touched.drain(..) {
        out.push((c, acc[c as usize]));
        acc[c as usize] = 0;
    }
}
