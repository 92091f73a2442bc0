//! Method of Equal Shares (RULES.md #4-#6), exact and fast enough to be run
//! hundreds of times by the Add1 scan.
//!
//! The result is exactly that of the textbook algorithm (every decision is
//! certified exactly); the engine only avoids needless work:
//!
//! * **Groups.** Voters with identical ballots always hold identical budgets, so
//!   they are grouped ([`Profile`]); a run touches groups, not voters.
//! * **Budget classes.** A voter's budget is `b0` minus what they paid for the
//!   funded projects they support (or 0 once capped), so groups that paid the same
//!   share one class; a price computation works per class, not per voter.
//! * **Exact budgets over one denominator.** A class budget is an integer `N`
//!   over a common denominator `D` (`BigUint`s), so exact comparisons are integer
//!   comparisons and no gcd of big numbers is ever taken. When a funding step needs
//!   a finer denominator, `D` is multiplied by a small factor and each class
//!   numerator is brought up to date lazily, the next time that class is used.
//! * **Float filter.** Each class also carries an `f64` of its budget, accurate to
//!   2^-50 because it is rounded once from the exact value. Prices are computed in
//!   `f64` with a rigorous error bound; a decision (is this class capped? is this
//!   price smaller?) is taken in floats only when the bounds leave no doubt, and
//!   otherwise recomputed exactly. The exact price of a project is only needed
//!   when it is funded or tied within float precision with another candidate.
//! * **Lazy prices.** Prices only rise as budgets fall, so a price bound from an
//!   earlier round is a valid lower bound. Candidates sit in a min-heap keyed by it;
//!   the top is recomputed until it is current, then every candidate whose bound
//!   does not exceed the top's upper bound is made current too, and the smallest
//!   price wins (exactly compared if the intervals overlap; ties go to the
//!   smallest project-id rank).
//! * **Checked runs (Add1).** The Add1 scan runs MES at many budgets whose
//!   outcomes rarely differ. [`Mes::run_checked`] runs at a budget `b1` while
//!   checking, round by round, that the winners of an earlier run at `b0 < b1`
//!   still win against that run's (exact) prices; if they do, MES has the same
//!   outcome at every budget in `[b0, b1]` (a monotonicity argument, given there),
//!   so the scan skips them. When a check fails the run just goes on normally.

use std::cmp::{Ordering, Reverse};
use std::collections::BinaryHeap;

use num_bigint::BigUint;
use num_integer::Integer;
use num_traits::{ToPrimitive, Zero};

use super::{Prepared, Profile};
use crate::pb::rational::Rational;

/// Utility model of a MES variant.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Util {
    /// `u_i(p) = c(p)` for supporters (`mes_cost`).
    Cost,
    /// `u_i(p) = 1` for supporters (`mes_card`).
    Card,
    /// `u_i(p) = s_i(p)` (`mes_points`), from the points profile.
    Points,
}

/// Class 0 is "no money left": such voters can never pay again and are skipped.
const ZERO_CLASS: u32 = 0;
const UNSET: u32 = u32::MAX;

/// Relative error bound of a class's `f64` budget (actual: below 2^-50).
const DELTA: f64 = 1.0 / (1u64 << 48) as f64;
/// Extra relative margin required before a float comparison is trusted.
const MARGIN: f64 = 1.0 / (1u64 << 40) as f64;
/// One rounding of an `f64` operation, rounded up generously.
const ULP: f64 = 1.0 / (1u64 << 52) as f64;

#[derive(Clone, Copy)]
struct Bucket {
    class: u32,
    util: u128,
    weight: u64,
    /// `f64` of budget / util.
    key: f64,
    /// Set by [`Mes::float_price`]: certainly capped (pays all it has).
    capped: bool,
}

/// A heap key: an `f64` lower bound on a price, totally ordered.
#[derive(Clone, Copy, PartialEq)]
struct Bound(f64);

impl Eq for Bound {}
impl PartialOrd for Bound {
    fn partial_cmp(&self, o: &Bound) -> Option<Ordering> {
        Some(self.cmp(o))
    }
}
impl Ord for Bound {
    fn cmp(&self, o: &Bound) -> Ordering {
        self.0.total_cmp(&o.0)
    }
}

type Entry = Reverse<(Bound, u32, usize)>;

/// Price of a project in the current round. Supporters pay `min(budget, x * u)`;
/// `rho = x / k` with `k = c(p)` for cost utilities, else 1; `lo <= rho <= hi`.
/// `exact`, when computed, is `(num, den)` with `x * D = num / den` for the
/// current `D`.
#[derive(Default, Clone)]
struct Price {
    lo: f64,
    hi: f64,
    exact: Option<(BigUint, u128)>,
}

/// Outcome of the float computation of a price.
enum FloatPrice {
    /// Certainly unaffordable (supporters hold less than the cost).
    Unaffordable,
    /// `x` is certainly within `[lo, hi]`, and the buckets marked `capped` are
    /// exactly the capped ones.
    Bounds(f64, f64),
    /// Too close to call: compute exactly.
    Unsure,
}

/// Supporter lists as one flat array of group ids, split into chunks (one per
/// project and utility value). Each run works on a copy from which groups that ran
/// out of money are removed as they are met, so later rounds scan fewer groups.
struct Chunks {
    util: Vec<u128>,
    start: Vec<usize>,
    len: Vec<usize>,
    /// Chunk index range of each project.
    of_project: Vec<(usize, usize)>,
    groups: Vec<u32>,
}

impl Chunks {
    fn new(profile: &Profile) -> Chunks {
        let mut c =
            Chunks { util: Vec::new(), start: Vec::new(), len: Vec::new(), of_project: Vec::new(), groups: Vec::new() };
        for chunks in &profile.supporters {
            let first = c.util.len();
            for (u, gs) in chunks {
                c.util.push(*u as u128);
                c.start.push(c.groups.len());
                c.len.push(gs.len());
                c.groups.extend_from_slice(gs);
            }
            c.of_project.push((first, c.util.len()));
        }
        c
    }
}

pub(crate) struct Mes<'p> {
    profile: &'p Profile,
    template: Chunks,
    /// This run's copy of `template.groups` (compacted in place) and chunk lengths.
    groups: Vec<u32>,
    len: Vec<usize>,
    util: Util,
    rank: &'p [u32],
    /// Project costs in money units.
    cost: &'p [i128],
    /// Supported projects with a positive cost.
    candidates: Vec<usize>,
    /// Supported cost-0 projects, funded up-front (in id order).
    upfront: Vec<usize>,
    // Per-run state, kept between runs to reuse allocations.
    /// The common denominator of the current epoch.
    d: BigUint,
    /// `factors[e]`: what `D` was multiplied by when epoch `e` began.
    factors: Vec<u128>,
    class_of: Vec<u32>,
    /// Class numerators, each valid for the epoch in `epoch`.
    num: Vec<BigUint>,
    epoch: Vec<u32>,
    /// `f64` of each class budget `N / D` (invariant under rescaling).
    val: Vec<f64>,
    acc: Vec<u64>,
    touched: Vec<u32>,
    remap: Vec<u32>,
    remapped: Vec<u32>,
    buckets: Vec<Bucket>,
    fresh: Vec<u64>,
    price: Vec<Price>,
    /// Whether this run records `trace`.
    tracing: bool,
    /// The trace being recorded (see [`Trace`]).
    trace: Option<Vec<Paid>>,
    /// `done[p] == stamp`: p was funded or found unaffordable in this run.
    done: Vec<u64>,
    stamp: u64,
}

/// The funded projects of a run (after the cost-0 ones, in order) with their
/// exact prices, for [`Mes::run_checked`]; `None` if a price could not be recorded.
pub(crate) struct Trace(Option<Vec<Paid>>);

/// A funded project and its price `rho = num / den` (`x / k` as in [`Price`]),
/// with `f64` bounds `lo <= rho <= hi`.
struct Paid {
    p: usize,
    lo: f64,
    hi: f64,
    num: BigUint,
    den: BigUint,
}

impl<'p> Mes<'p> {
    pub(crate) fn new(prep: &'p Prepared<'p>, profile: &'p Profile, util: Util) -> Mes<'p> {
        let supported = |p: usize| profile.supporters[p].iter().any(|(_, gs)| !gs.is_empty());
        let mut upfront: Vec<usize> = (0..prep.m).filter(|&p| supported(p) && prep.cost_units[p] == 0).collect();
        upfront.sort_by_key(|&p| prep.rank[p]);
        Mes {
            profile,
            template: Chunks::new(profile),
            groups: Vec::new(),
            len: Vec::new(),
            util,
            rank: &prep.rank,
            cost: &prep.cost_units,
            candidates: (0..prep.m).filter(|&p| supported(p) && prep.cost_units[p] > 0).collect(),
            upfront,
            d: BigUint::from(1u32),
            factors: Vec::new(),
            class_of: Vec::new(),
            num: Vec::new(),
            epoch: Vec::new(),
            val: Vec::new(),
            acc: Vec::new(),
            touched: Vec::new(),
            remap: Vec::new(),
            remapped: Vec::new(),
            buckets: Vec::new(),
            fresh: vec![0; prep.m],
            price: vec![Price::default(); prep.m],
            tracing: false,
            trace: None,
            done: vec![0; prep.m],
            stamp: 0,
        }
    }

    /// Resets the per-run state for a run with every voter starting at `b0`.
    fn start(&mut self, b0: &Rational) {
        let groups = self.profile.weight.len();
        self.d = b0.denom().to_biguint().unwrap_or_else(|| BigUint::from(1u32));
        let n0 = b0.numer().to_biguint().unwrap_or_default();
        self.factors.clear();
        self.factors.push(1);
        self.class_of.clear();
        self.num.clear();
        self.epoch.clear();
        self.val.clear();
        self.acc.clear();
        self.remap.clear();
        // Class 0: empty purse; class 1: the initial budget.
        self.new_class(BigUint::zero());
        if n0.is_zero() {
            self.class_of.resize(groups, ZERO_CLASS);
        } else {
            let c = self.new_class(n0);
            self.class_of.resize(groups, c);
        }
        self.fresh.iter_mut().for_each(|f| *f = 0);
        self.groups.clear();
        self.groups.extend_from_slice(&self.template.groups);
        self.len.clear();
        self.len.extend_from_slice(&self.template.len);
    }

    /// Runs MES with every voter starting at `b0 >= 0` (money units); returns the
    /// funded projects in selection order. `on_step` gets the number funded so far.
    pub(crate) fn run(&mut self, b0: &Rational, on_step: &mut dyn FnMut(usize)) -> Vec<usize> {
        self.run_inner(b0, false, None, on_step).0
    }

    /// [`Mes::run`] for the Add1 scan: also returns the [`Trace`] of this run and,
    /// given the trace of an earlier run at `b0 <= b1`, whether the outcome is shown
    /// to be the same for every per-voter budget in `[b0, b1]` (`false` means "not
    /// shown": the outcome at `b1` is still exact).
    ///
    /// Why the check covers the whole interval (monotonicity). Fix the winners
    /// `p_1, p_2, ...` of the run at `b0` and follow that same sequence at any `b` in
    /// `[b0, b1]`. Every voter's budget at the start of each round is then
    /// nondecreasing in `b`, and so every price is nonincreasing in `b`: in round 1
    /// all budgets are `b`; and if budgets `B <= B'` (voter by voter), a project's
    /// price `x = min{x : sum_i min(B_i, x u_i) >= cost}` has `x(B) >= x(B')`, what
    /// each supporter keeps, `max(0, B_i - x u_i)`, is at most its value under `B'`,
    /// and a project unaffordable under `B'` is unaffordable under `B`. By induction
    /// on rounds, suppose the run at `b` followed the sequence before round `r`. The
    /// check asserts that at `b1` (largest budgets, so smallest prices) every other
    /// candidate of round `r` is unaffordable, or priced above `rho_r(b0)` (the
    /// winner's price at `b0`, its largest over the interval), or priced equal to it
    /// with a larger id rank than `p_r`. Then at `b` each of them is unaffordable or
    /// priced `rho_q(b) >= rho_q(b1) >= rho_r(b0) >= rho_r(b)` (with the same tie
    /// rule), while `p_r` stays affordable (budgets only grew): the run at `b` funds
    /// `p_r` too. Finally nothing is left affordable at `b1`, so nothing is at `b`.
    /// Every comparison is exact (floats only decide when their bounds leave no doubt).
    ///
    /// The check is the run at `b1` itself: while it holds, `p_r` really is round
    /// `r`'s winner at `b1` (every rival is dearer or loses the tie), so when it
    /// fails the run simply goes on from that round as an ordinary run.
    pub(crate) fn run_checked(&mut self, b1: &Rational, earlier: Option<&Trace>) -> (Vec<usize>, Trace, bool) {
        let (selected, same) = self.run_inner(b1, true, earlier.and_then(|t| t.0.as_deref()), &mut |_| {});
        let trace = Trace(self.trace.take());
        (selected, trace, same)
    }

    /// The run, recording `self.trace` if `tracing`, and checked against the
    /// `earlier` trace if given (see [`Mes::run_checked`]).
    fn run_inner(
        &mut self,
        b0: &Rational,
        tracing: bool,
        earlier: Option<&[Paid]>,
        on_step: &mut dyn FnMut(usize),
    ) -> (Vec<usize>, bool) {
        self.start(b0);
        self.stamp += 1;
        let stamp = self.stamp;
        self.tracing = tracing;
        self.trace = tracing.then(Vec::new);
        let mut selected = self.upfront.clone();
        let mut heap: BinaryHeap<Entry> =
            self.candidates.iter().map(|&p| Reverse((Bound(0.0), self.rank[p], p))).collect();
        let mut round: u64 = 1;
        let mut same = false;
        if let Some(earlier) = earlier {
            same = true;
            for paid in earlier {
                if !self.follow(paid, &mut heap, round) {
                    same = false;
                    break;
                }
                selected.push(paid.p);
                on_step(selected.len());
                round += 1;
            }
        }
        let followed = selected.len();
        let mut contenders: Vec<(Bound, u32, usize)> = Vec::new();
        while let Some(Reverse(top)) = heap.pop() {
            let p = top.2;
            if self.done[p] == stamp {
                continue;
            }
            if self.fresh[p] != round {
                match self.refresh(p, round) {
                    Some(e) => heap.push(e),
                    None => self.done[p] = stamp,
                }
                continue;
            }
            // `p` is current and has the smallest lower bound: only candidates whose
            // bound does not exceed p's upper bound can still beat or tie it.
            let hi = self.price[p].hi;
            contenders.clear();
            contenders.push(top);
            let mut stale = false;
            while let Some(Reverse(next)) = heap.peek() {
                if next.0 .0 > hi {
                    break;
                }
                if self.done[next.2] != stamp {
                    stale |= self.fresh[next.2] != round;
                    contenders.push(*next);
                }
                heap.pop();
            }
            if stale {
                for &(b, r, q) in &contenders {
                    if self.fresh[q] == round {
                        heap.push(Reverse((b, r, q)));
                    } else {
                        match self.refresh(q, round) {
                            Some(e) => heap.push(e),
                            None => self.done[q] = stamp,
                        }
                    }
                }
                continue;
            }
            let best = self.pick(&contenders);
            for &e in &contenders {
                if e.2 != best {
                    heap.push(Reverse(e));
                }
            }
            self.fund_traced(best);
            self.done[best] = stamp;
            selected.push(best);
            on_step(selected.len());
            round += 1;
        }
        self.tracing = false;
        let same = same && selected.len() == followed;
        (selected, same)
    }

    /// One round of a checked run (see [`Mes::run_checked`]): whether every other
    /// live candidate is dearer than `paid` was at the earlier budget, or ties it
    /// and loses on rank; if so, funds `paid.p` at its current price. If not, the
    /// heap is left as an ordinary run expects it.
    fn follow(&mut self, paid: &Paid, heap: &mut BinaryHeap<Entry>, round: u64) -> bool {
        let (p, stamp) = (paid.p, self.stamp);
        if self.done[p] == stamp {
            return false;
        }
        // Heap keys are lower bounds: candidates whose bound certainly exceeds
        // `paid.hi` are fine as they are.
        let mut passed: Vec<Entry> = Vec::new();
        let mut ok = true;
        while let Some(&Reverse(top)) = heap.peek() {
            if top.0 .0 > paid.hi {
                break;
            }
            heap.pop();
            let q = top.2;
            if self.done[q] == stamp {
                continue;
            }
            if q == p {
                // Funded below, or put back if the round fails.
                passed.push(Reverse(top));
                continue;
            }
            let entry = if self.fresh[q] == round {
                Reverse(top)
            } else {
                match self.refresh(q, round) {
                    Some(e) => e,
                    None => {
                        self.done[q] = stamp;
                        continue;
                    }
                }
            };
            passed.push(entry);
            if !self.dearer(q, paid) {
                ok = false;
                break;
            }
        }
        heap.extend(passed);
        if !ok {
            return false;
        }
        // p is affordable at this budget (budgets are at least the earlier ones).
        if self.fresh[p] != round && self.refresh(p, round).is_none() {
            self.done[p] = stamp;
            return false;
        }
        self.fund_traced(p);
        self.done[p] = stamp;
        true
    }

    /// Whether the current price of `q` exceeds `paid`'s, or equals it and `q`
    /// loses the tie (larger rank).
    fn dearer(&mut self, q: usize, paid: &Paid) -> bool {
        let Price { lo, hi, .. } = self.price[q];
        if lo > paid.hi {
            return true;
        }
        if hi < paid.lo {
            return false;
        }
        self.ensure_exact(q);
        let Some((num, den)) = &self.price[q].exact else {
            return false;
        };
        // rho_q = num / (D * den * k_q) against paid.num / paid.den.
        let lhs = num * &paid.den;
        let rhs = &paid.num * &self.d * *den * self.k(q);
        match lhs.cmp(&rhs) {
            Ordering::Greater => true,
            Ordering::Equal => self.rank[paid.p] < self.rank[q],
            Ordering::Less => false,
        }
    }

    /// Funds `p` (current), first recording its exact price when tracing.
    fn fund_traced(&mut self, p: usize) {
        if self.tracing {
            self.ensure_exact(p);
            let k = self.k(p);
            let Price { lo, hi, exact } = &self.price[p];
            let paid = exact.as_ref().map(|(num, den)| Paid {
                p,
                lo: *lo,
                hi: *hi,
                num: num.clone(),
                den: &self.d * *den * k,
            });
            match (paid, self.trace.as_mut()) {
                (Some(e), Some(t)) => t.push(e),
                _ => self.trace = None,
            }
        }
        self.fund(p);
    }

    /// `k` of [`Price`]: prices are compared as `x / k`.
    fn k(&self, p: usize) -> u128 {
        match self.util {
            Util::Cost => self.cost[p] as u128,
            _ => 1,
        }
    }

    /// The contender with the smallest price (ties: smallest rank). All are current.
    fn pick(&mut self, contenders: &[(Bound, u32, usize)]) -> usize {
        let min_hi = contenders.iter().map(|e| self.price[e.2].hi).fold(f64::INFINITY, f64::min);
        // Only those whose interval reaches down to the smallest upper bound can win.
        let mut possible: Vec<(u32, usize)> =
            contenders.iter().filter(|e| self.price[e.2].lo <= min_hi).map(|e| (e.1, e.2)).collect();
        if possible.len() == 1 {
            return possible[0].1;
        }
        for &(_, q) in &possible {
            self.ensure_exact(q);
        }
        possible.sort_by(|a, b| self.cmp_rho(a.1, b.1).then(a.0.cmp(&b.0)));
        possible[0].1
    }

    /// Recomputes `p`'s price for this round; `None` if p became unaffordable
    /// (dropped for good: budgets only decrease).
    fn refresh(&mut self, p: usize, round: u64) -> Option<Entry> {
        self.gather(p)?;
        let k = match self.util {
            Util::Cost => self.cost[p] as f64,
            _ => 1.0,
        };
        let (lo, hi, exact) = match self.float_price(p) {
            FloatPrice::Unaffordable => return None,
            FloatPrice::Bounds(lo, hi) => (lo, hi, None),
            FloatPrice::Unsure => {
                let (num, den) = self.exact_price(p)?;
                let (lo, hi) = ratio_bounds(&num, &self.d, den as f64);
                (lo, hi, Some((num, den)))
            }
        };
        let (lo, hi) = ((lo / k) * (1.0 - 4.0 * ULP), (hi / k) * (1.0 + 4.0 * ULP));
        if lo.is_nan() || lo < 0.0 || hi.is_nan() {
            // Out of float range: keep the ordering sound, decide exactly later.
            self.price[p] = Price { lo: 0.0, hi: f64::INFINITY, exact };
        } else {
            self.price[p] = Price { lo, hi, exact };
        }
        self.fresh[p] = round;
        Some(Reverse((Bound(self.price[p].lo), self.rank[p], p)))
    }

    fn ensure_exact(&mut self, p: usize) {
        if self.price[p].exact.is_none() && self.gather(p).is_some() {
            // p was found affordable this round, so this is always `Some`.
            self.price[p].exact = match self.float_price(p) {
                FloatPrice::Bounds(..) => Some(self.exact_from_capped(p)),
                _ => self.exact_price(p),
            };
        }
    }

    /// Exact comparison of the current prices `rho` of two fresh projects.
    fn cmp_rho(&self, a: usize, b: usize) -> Ordering {
        if a == b {
            return Ordering::Equal;
        }
        let (Some((na, da)), Some((nb, db))) = (&self.price[a].exact, &self.price[b].exact) else {
            return Ordering::Equal;
        };
        // rho = num / (D * den * k); D is common.
        let (ka, kb) = match self.util {
            Util::Cost => (self.cost[a] as u128, self.cost[b] as u128),
            _ => (1, 1),
        };
        (na * *db * kb).cmp(&(nb * *da * ka))
    }

    fn new_class(&mut self, numerator: BigUint) -> u32 {
        self.val.push(if numerator.is_zero() { 0.0 } else { ratio(&numerator, &self.d) });
        self.num.push(numerator);
        self.epoch.push((self.factors.len() - 1) as u32);
        self.acc.push(0);
        self.remap.push(UNSET);
        (self.num.len() - 1) as u32
    }

    /// Brings class `c`'s numerator to the current epoch.
    fn normalize(&mut self, c: u32) {
        let c = c as usize;
        let now = self.factors.len() - 1;
        let from = self.epoch[c] as usize;
        if from < now {
            for &f in &self.factors[from + 1..] {
                if f > 1 {
                    self.num[c] *= f;
                }
            }
            self.epoch[c] = now as u32;
        }
    }

    /// Collects p's supporters per (class, utility) into `buckets`, dropping
    /// groups without money from this run's lists; `None` if nobody with money is left.
    fn gather(&mut self, p: usize) -> Option<()> {
        self.buckets.clear();
        let (first, end) = self.template.of_project[p];
        for ch in first..end {
            let start = self.template.start[ch];
            let mut kept = start;
            for i in start..start + self.len[ch] {
                let g = self.groups[i];
                let c = self.class_of[g as usize];
                if c == ZERO_CLASS {
                    continue;
                }
                self.groups[kept] = g;
                kept += 1;
                if self.acc[c as usize] == 0 {
                    self.touched.push(c);
                }
                self.acc[c as usize] += self.profile.weight[g as usize];
            }
            self.len[ch] = kept - start;
            let u = self.template.util[ch];
            let uf = u as f64;
            for c in self.touched.drain(..) {
                let key = self.val[c as usize] / uf;
                self.buckets.push(Bucket { class: c, util: u, weight: self.acc[c as usize], key, capped: false });
                self.acc[c as usize] = 0;
            }
        }
        (!self.buckets.is_empty()).then_some(())
    }

    /// Float computation of the per-utility price `x` (in money units) from
    /// `buckets`, with certified bounds, or `Unsure`.
    ///
    /// Fixed-point iteration: with a set `K` of supporters known to be capped, the
    /// price `x_K = (cost - sum_K budgets) / (utility outside K)` never exceeds the
    /// true price (capping more voters can only raise it), so any class whose
    /// budget per utility is certainly below `x_K` is capped too. When no class is
    /// added and every other class is certainly above `x_K`, `K` is exactly the
    /// capped set and `x_K` the price. Typically two or three passes, no sorting.
    fn float_price(&mut self, p: usize) -> FloatPrice {
        let cost = self.cost[p] as f64;
        if self.buckets.iter().any(|b| !b.key.is_normal()) || !cost.is_normal() {
            return FloatPrice::Unsure;
        }
        // Utilities are at most 2^60 and weights at most the voter count: exact in u128.
        let mut u_rem: u128 = self.buckets.iter().map(|b| b.weight as u128 * b.util).sum();
        // Bounds of a key's exact value budget/util (val: 2^-50; /u: two roundings).
        let key_lo = |k: f64| k * (1.0 - 3.0 * DELTA) * (1.0 - MARGIN);
        let key_hi = |k: f64| k * (1.0 + 3.0 * DELTA) * (1.0 + MARGIN);
        let mut capped_sum = 0.0f64;
        let mut sum_err = 0.0f64;
        for _pass in 0..64 {
            let rem = cost - capped_sum;
            let err = cost * ULP + sum_err + rem.abs() * ULP;
            let uf = u_rem as f64;
            let x = rem / uf;
            let ex = err / uf * (1.0 + 4.0 * ULP) + x.abs() * 4.0 * ULP;
            let (x_lo, x_hi) = (x - ex, x + ex);
            if x_lo <= 0.0 {
                return FloatPrice::Unsure;
            }
            let mut added = false;
            let mut unsure = false;
            for b in self.buckets.iter_mut().filter(|b| !b.capped) {
                if key_hi(b.key) < x_lo {
                    b.capped = true;
                    added = true;
                    let paid = b.weight as f64 * self.val[b.class as usize];
                    capped_sum += paid;
                    sum_err += paid * (DELTA + 2.0 * ULP) + capped_sum * ULP;
                    u_rem -= b.weight as u128 * b.util;
                } else if key_lo(b.key) <= x_hi {
                    unsure = true;
                }
            }
            if u_rem == 0 {
                // Everyone capped: unaffordable if the money certainly falls short.
                let rem = cost - capped_sum;
                let err = cost * ULP + sum_err + rem.abs() * ULP;
                return if rem - err > 0.0 { FloatPrice::Unaffordable } else { FloatPrice::Unsure };
            }
            if !added {
                return if unsure { FloatPrice::Unsure } else { FloatPrice::Bounds(x_lo, x_hi) };
            }
        }
        FloatPrice::Unsure
    }

    /// Exact price when `float_price` has certified which buckets are capped.
    fn exact_from_capped(&mut self, p: usize) -> (BigUint, u128) {
        let mut num = &self.d * (self.cost[p] as u128);
        let mut u_rem: u128 = self.buckets.iter().map(|b| b.weight as u128 * b.util).sum();
        for i in 0..self.buckets.len() {
            let b = self.buckets[i];
            if b.capped {
                self.normalize(b.class);
                let paid = &self.num[b.class as usize] * b.weight;
                num = if paid < num { num - paid } else { BigUint::zero() };
                u_rem -= b.weight as u128 * b.util;
            }
        }
        (num, u_rem)
    }

    /// Exact price from `buckets` as `x * D = num / den` (the utility left to the
    /// uncapped supporters), or `None` if their total budget is below `c(p)`.
    fn exact_price(&mut self, p: usize) -> Option<(BigUint, u128)> {
        let classes: Vec<u32> = self.buckets.iter().map(|b| b.class).collect();
        for c in classes {
            self.normalize(c);
        }
        let total_u: u128 = self.buckets.iter().map(|b| b.weight as u128 * b.util).sum();
        let num = &self.num;
        // Exact order by budget per utility (all numerators are over the same D now).
        self.buckets.sort_by(|a, b| {
            let (na, nb) = (&num[a.class as usize], &num[b.class as usize]);
            if a.util == b.util {
                na.cmp(nb)
            } else {
                (na * b.util).cmp(&(nb * a.util))
            }
        });
        let mut rem = &self.d * (self.cost[p] as u128);
        let mut u_rem = total_u;
        for b in &self.buckets {
            let n = &num[b.class as usize];
            // x*D = rem / u_rem is the answer iff it does not exceed this class's n/u.
            if &rem * b.util <= n * u_rem {
                return Some((rem, u_rem));
            }
            // Capped: they pay everything, strictly less than their share, so
            // `rem` stays positive.
            let paid = n * b.weight;
            rem = if paid < rem { rem - paid } else { BigUint::zero() };
            u_rem -= b.weight as u128 * b.util;
            if u_rem == 0 {
                break;
            }
        }
        None
    }

    /// Funds `p` at its current price: every supporter pays `min(budget, x·u)`.
    fn fund(&mut self, p: usize) {
        self.ensure_exact(p);
        let Some((num, den)) = std::mem::take(&mut self.price[p]).exact else {
            return;
        };
        // x*D = num/den. Start an epoch with D' = D * den/g so payments are integers.
        let r = (&num % den).to_u128().unwrap_or(0);
        let g = r.gcd(&den).max(1);
        let s = den / g;
        let unit_pay = &num / g; // x * D'
        if s > 1 {
            self.d *= s;
        }
        self.factors.push(s);
        let (first, end) = self.template.of_project[p];
        for ch in first..end {
            let pay = &unit_pay * self.template.util[ch];
            let start = self.template.start[ch];
            for i in start..start + self.len[ch] {
                let g = self.groups[i];
                let c = self.class_of[g as usize];
                if c == ZERO_CLASS {
                    continue;
                }
                let mut nc = self.remap[c as usize];
                if nc == UNSET {
                    self.normalize(c);
                    nc = if self.num[c as usize] <= pay {
                        ZERO_CLASS
                    } else {
                        let left = &self.num[c as usize] - &pay;
                        self.new_class(left)
                    };
                    self.remap[c as usize] = nc;
                    self.remapped.push(c);
                }
                self.class_of[g as usize] = nc;
            }
            for c in self.remapped.drain(..) {
                self.remap[c as usize] = UNSET;
            }
        }
    }
}

/// Top 64 bits of `x` as `(mantissa, exponent)` with `x ≈ mantissa * 2^exponent`,
/// relative error below 2^-52.
fn approx(x: &BigUint) -> (f64, i64) {
    let bits = x.bits();
    if bits <= 64 {
        return (x.to_u64().unwrap_or(0) as f64, 0);
    }
    let shift = bits - 64;
    let (word, off) = ((shift / 64) as usize, (shift % 64) as u32);
    let mut digits = x.iter_u64_digits().skip(word);
    let lo = digits.next().unwrap_or(0) as u128;
    let hi = digits.next().unwrap_or(0) as u128;
    let top = ((hi << 64 | lo) >> off) as u64;
    (top as f64, shift as i64)
}

/// `num / d` as an `f64` with relative error below 2^-50 (two truncations to 64
/// bits, two roundings to `f64`, one division, an exact power of two), or NaN when
/// the value is zero or leaves the normal `f64` range.
fn ratio(num: &BigUint, d: &BigUint) -> f64 {
    let (mn, en) = approx(num);
    let (md, ed) = approx(d);
    let e = en - ed;
    if mn == 0.0 || md == 0.0 || e.abs() > 900 {
        return f64::NAN;
    }
    let v = mn / md * 2f64.powi(e as i32);
    if v.is_normal() {
        v
    } else {
        f64::NAN
    }
}

/// Rigorous bounds `lo <= num / (d * k) <= hi` (`k > 0`): `(0, inf)` when the value
/// cannot be approximated.
fn ratio_bounds(num: &BigUint, d: &BigUint, k: f64) -> (f64, f64) {
    let v = ratio(num, d) / k;
    if v.is_normal() {
        (v * (1.0 - MARGIN), v * (1.0 + MARGIN))
    } else {
        (0.0, f64::INFINITY)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bounds_contain_the_value() {
        let cases: [(&str, &str, f64); 4] = [
            ("1", "3", 1.0),
            ("123456789012345678901234567890123456789", "98765432109876543210987654321", 7.0),
            ("5", "100000000000000000000000000000000000000000000000000000000000", 1e-3),
            ("340282366920938463463374607431768211455", "18446744073709551615", 3.0),
        ];
        for (n, d, k) in cases {
            let (n, d): (BigUint, BigUint) = (n.parse().unwrap(), d.parse().unwrap());
            let (lo, hi) = ratio_bounds(&n, &d, k);
            let exact = Rational::from_bigints(n.into(), d.into()).unwrap().to_f64() / k;
            assert!(lo <= exact && exact <= hi, "{lo} {exact} {hi}");
            assert!(hi - lo <= exact * 1e-11);
        }
        assert_eq!(ratio_bounds(&BigUint::from(1u32), &BigUint::zero(), 1.0), (0.0, f64::INFINITY));
    }
}
