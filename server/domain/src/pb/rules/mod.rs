//! Tally rules (definitions: RULES.md of the Pabulib conformance data).
//!
//! Money is handled as exact integers: every cost and the budget are scaled by
//! `10^s` (`s` = most decimals used), so greedy rules compare integers. MES and
//! Phragmén keep budgets and loads as big integers over one common denominator
//! (see `mes.rs` and `phragmen.rs`); results are reported as [`Rational`]s.

mod greedy;
mod mes;
mod phragmen;

use std::cell::OnceCell;
use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use super::instance::{Instance, VoteType};
use super::rational::Rational;
use super::Progress;

/// A tally rule. The ids (`as_str`/`FromStr`) are those of the conformance data.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(into = "&'static str", try_from = "String")]
pub enum Rule {
    /// `greedy_votes`: by number of supporters, skipping projects that do not fit.
    GreedyVotes,
    /// `greedy_votes_per_cost`: by supporters per unit of cost.
    GreedyVotesPerCost,
    /// `greedy_score`: by total points (cumulative, scoring and ordinal ballots).
    GreedyScore,
    /// `mes_cost`: Method of Equal Shares with cost utilities, no completion.
    MesCost,
    /// `mes_card`: Method of Equal Shares with cardinality (approval-count) utilities.
    MesCard,
    /// `mes_points`: Method of Equal Shares with points as utilities.
    MesPoints,
    /// `mes_cost_add1`: `mes_cost` with the per-voter budget raised by 1 until the
    /// outcome is exhaustive or the next one overspends (pabutools default).
    MesCostAdd1,
    /// `mes_cost_add1` completed greedily by votes.
    MesCostAdd1Greedy,
    /// `mes_cost_add1_infstop`: Add1 without the exhaustiveness stop (raise until
    /// the next outcome overspends); reproduces Wieliczka 2023's official result.
    MesCostAdd1Infstop,
    /// `mes_cost_add1_infstop` completed greedily by votes.
    MesCostAdd1InfstopGreedy,
    /// `seq_phragmen`: sequential Phragmén, stopping at the first project that does not fit.
    SeqPhragmen,
}

impl Rule {
    /// Every rule, in the conformance data's order.
    pub const ALL: [Rule; 11] = [
        Rule::GreedyVotes,
        Rule::GreedyVotesPerCost,
        Rule::GreedyScore,
        Rule::MesCost,
        Rule::MesCard,
        Rule::MesPoints,
        Rule::MesCostAdd1,
        Rule::MesCostAdd1Greedy,
        Rule::MesCostAdd1Infstop,
        Rule::MesCostAdd1InfstopGreedy,
        Rule::SeqPhragmen,
    ];

    /// The rule id, e.g. `mes_cost_add1_infstop`.
    pub fn as_str(self) -> &'static str {
        match self {
            Rule::GreedyVotes => "greedy_votes",
            Rule::GreedyVotesPerCost => "greedy_votes_per_cost",
            Rule::GreedyScore => "greedy_score",
            Rule::MesCost => "mes_cost",
            Rule::MesCard => "mes_card",
            Rule::MesPoints => "mes_points",
            Rule::MesCostAdd1 => "mes_cost_add1",
            Rule::MesCostAdd1Greedy => "mes_cost_add1_greedy",
            Rule::MesCostAdd1Infstop => "mes_cost_add1_infstop",
            Rule::MesCostAdd1InfstopGreedy => "mes_cost_add1_infstop_greedy",
            Rule::SeqPhragmen => "seq_phragmen",
        }
    }

    /// Whether the rule needs per-project points (cumulative, scoring or ordinal ballots).
    pub fn needs_points(self) -> bool {
        matches!(self, Rule::GreedyScore | Rule::MesPoints)
    }

    /// Whether the rule runs the Add1 budget-increase scan (possibly many MES runs).
    pub fn is_add1(self) -> bool {
        matches!(
            self,
            Rule::MesCostAdd1 | Rule::MesCostAdd1Greedy | Rule::MesCostAdd1Infstop | Rule::MesCostAdd1InfstopGreedy
        )
    }
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Error for an unknown rule id.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown tally rule {0:?}")]
pub struct UnknownRule(pub String);

impl FromStr for Rule {
    type Err = UnknownRule;
    fn from_str(s: &str) -> Result<Rule, UnknownRule> {
        Rule::ALL.into_iter().find(|r| r.as_str() == s).ok_or_else(|| UnknownRule(s.to_string()))
    }
}

impl From<Rule> for &'static str {
    fn from(r: Rule) -> &'static str {
        r.as_str()
    }
}

impl TryFrom<String> for Rule {
    type Error = UnknownRule;
    fn try_from(s: String) -> Result<Rule, UnknownRule> {
        s.parse()
    }
}

/// Why the Add1 scan stopped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Add1Stop {
    /// The outcome left no supported project that still fits the budget (`mes_cost_add1` only).
    Exhaustive,
    /// One more unit per voter would overspend the budget; the last feasible outcome is kept.
    NextInfeasible,
    /// Every supported project that fits the budget on its own is funded.
    AllFundableSupportedProjectsFunded,
}

impl Add1Stop {
    /// Snake-case name, as in the conformance data's `stop_reason`.
    pub fn as_str(self) -> &'static str {
        match self {
            Add1Stop::Exhaustive => "exhaustive",
            Add1Stop::NextInfeasible => "next_infeasible",
            Add1Stop::AllFundableSupportedProjectsFunded => "all_fundable_supported_projects_funded",
        }
    }
}

/// Details of an Add1 scan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Add1Details {
    /// The per-voter budget `B/n + k` of the returned MES outcome (exact).
    pub final_per_voter_budget: Rational,
    /// Number of budgets `B/n + 0`, `+1`, ... the scan went through (one MES run
    /// each in pabutools; here budgets shown to keep the outcome are skipped),
    /// including the one that showed the next budget overspends.
    pub iterations: u64,
    /// Why the scan stopped.
    pub stop: Add1Stop,
}

/// The result of a tally.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Outcome {
    /// The rule that produced it.
    pub rule: Rule,
    /// Selected projects as indexes into [`Instance::projects`], in selection order.
    pub selected: Vec<usize>,
    /// Ids of the selected projects, sorted by id string (byte order).
    pub winners: Vec<String>,
    /// Ids in the order pabutools reports them, so results compare one to one with
    /// pabutools and the Pabulib reference outcomes: the pick order for every rule
    /// except `seq_phragmen`, for which pabutools records the winners sorted by id.
    pub selection_order: Vec<String>,
    /// Ids of the selected projects in the order the rule actually picked them.
    pub pick_order: Vec<String>,
    /// Total cost of the selected projects, exact (`Display` gives `p` or `p/q`).
    pub total_cost: Rational,
    /// For the Add1 variants: the final per-voter budget and the scan length.
    pub add1: Option<Add1Details>,
}

/// Why a rule could not be computed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TallyError {
    /// The rule uses points but the ballots are approval / choose-1.
    #[error("rule {rule} needs points (cumulative, scoring or ordinal ballots) but the vote type is {vote_type}")]
    NeedsPoints {
        /// The requested rule.
        rule: Rule,
        /// The instance's vote type.
        vote_type: VoteType,
    },
    /// The rule divides the budget among voters and there are none.
    #[error("rule {rule} needs at least one voter")]
    NoVoters {
        /// The requested rule.
        rule: Rule,
    },
    /// The instance is inconsistent (e.g. a ballot refers to a missing project).
    #[error("invalid instance: {0}")]
    InvalidInstance(String),
}

/// Computes one rule on an instance.
pub fn tally(
    instance: &Instance,
    rule: Rule,
    progress: Option<&mut dyn FnMut(Progress)>,
) -> Result<Outcome, TallyError> {
    tally_many(instance, &[rule], progress).pop().unwrap_or_else(|| Err(TallyError::InvalidInstance("no rule".into())))
}

/// Computes several rules, sharing work: the instance is validated and the
/// ballots grouped once, and the Add1 variants share one budget scan.
/// Results are in the order of `rules`.
pub fn tally_many(
    instance: &Instance,
    rules: &[Rule],
    mut progress: Option<&mut dyn FnMut(Progress)>,
) -> Vec<Result<Outcome, TallyError>> {
    let prep = match Prepared::new(instance) {
        Ok(p) => p,
        Err(e) => return rules.iter().map(|_| Err(e.clone())).collect(),
    };
    let mut scan: Option<Add1Scan> = None;
    let mut out = Vec::with_capacity(rules.len());
    for &rule in rules {
        let mut report = |done: u64, total: Option<u64>| {
            if let Some(cb) = progress.as_deref_mut() {
                cb(Progress::Tally { rule, steps_done: done, steps_total: total });
            }
        };
        out.push(run_rule(&prep, rule, rules, &mut scan, &mut report));
    }
    out
}

fn run_rule(
    prep: &Prepared<'_>,
    rule: Rule,
    all: &[Rule],
    scan: &mut Option<Add1Scan>,
    report: &mut dyn FnMut(u64, Option<u64>),
) -> Result<Outcome, TallyError> {
    if rule.needs_points() && !prep.inst.vote_type.has_points() {
        return Err(TallyError::NeedsPoints { rule, vote_type: prep.inst.vote_type });
    }
    if (matches!(rule, Rule::MesCost | Rule::MesCard | Rule::MesPoints) || rule.is_add1()) && prep.n == 0 {
        return Err(TallyError::NoVoters { rule });
    }
    let (selected, add1) = match rule {
        Rule::GreedyVotes => (greedy::greedy(prep, &greedy::votes_order(prep), &[]), None),
        Rule::GreedyVotesPerCost => (greedy::greedy(prep, &greedy::votes_per_cost_order(prep), &[]), None),
        Rule::GreedyScore => (greedy::greedy(prep, &greedy::score_order(prep), &[]), None),
        Rule::MesCost | Rule::MesCard | Rule::MesPoints => {
            let util = match rule {
                Rule::MesCost => mes::Util::Cost,
                Rule::MesCard => mes::Util::Card,
                _ => mes::Util::Points,
            };
            let profile = if util == mes::Util::Points { prep.points_profile() } else { prep.approval_profile() };
            let mut engine = mes::Mes::new(prep, profile, util);
            let b0 = prep.base_voter_budget();
            (engine.run(&b0, &mut |r| report(r as u64, Some(prep.m as u64))), None)
        }
        Rule::MesCostAdd1 | Rule::MesCostAdd1Greedy | Rule::MesCostAdd1Infstop | Rule::MesCostAdd1InfstopGreedy => {
            let infstop = matches!(rule, Rule::MesCostAdd1Infstop | Rule::MesCostAdd1InfstopGreedy);
            if scan.as_ref().is_none_or(|s| infstop && s.infstop.is_none()) {
                // Scan as far as any requested variant needs; the exhaustive
                // variant's answer is found on the way.
                let need_infstop = infstop
                    || all.iter().any(|r| matches!(r, Rule::MesCostAdd1Infstop | Rule::MesCostAdd1InfstopGreedy));
                *scan = Some(add1_scan(prep, need_infstop, &mut |k| report(k, None)));
            }
            let res = scan.as_ref().and_then(|s| if infstop { s.infstop.clone() } else { Some(s.exhaustive.clone()) });
            let res = res.ok_or_else(|| TallyError::InvalidInstance("internal: Add1 scan incomplete".into()))?;
            let selected = if matches!(rule, Rule::MesCostAdd1Greedy | Rule::MesCostAdd1InfstopGreedy) {
                greedy::greedy(prep, &greedy::votes_order(prep), &res.selected)
            } else {
                res.selected
            };
            (selected, Some(res.details))
        }
        Rule::SeqPhragmen => (phragmen::seq_phragmen(prep, &mut |r| report(r as u64, Some(prep.m as u64))), None),
    };
    Ok(prep.outcome(rule, selected, add1))
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Add1Result {
    selected: Vec<usize>,
    details: Add1Details,
}

#[derive(Debug, PartialEq, Eq)]
struct Add1Scan {
    /// `mes_cost_add1` (exhaustiveness stop).
    exhaustive: Add1Result,
    /// `mes_cost_add1_infstop`, when the scan was asked to go that far.
    infstop: Option<Add1Result>,
}

/// Runs MES (cost utilities) with per-voter budget `B/n + k` for `k = 0, 1, ...`
/// and records where the two Add1 variants stop. The exhaustive variant always
/// stops no later than the infstop one: the infstop guard ("every supported
/// project that fits on its own is funded") implies exhaustiveness.
///
/// The result is that of running every `k` in turn, but runs are skipped where the
/// outcome is shown not to change: each run is checked against the last outcome
/// (see [`mes::Mes::run_checked`]), which proves the outcome constant on the whole
/// budget interval between them. Both stops depend on the outcome only, so an
/// unchanged outcome cannot stop the scan; a changed one is always first met by a
/// run one unit after a budget with the old outcome, so it is seen at its first `k`.
fn add1_scan(prep: &Prepared<'_>, want_infstop: bool, report: &mut dyn FnMut(u64)) -> Add1Scan {
    let profile = prep.approval_profile();
    let mut engine = mes::Mes::new(prep, profile, mes::Util::Cost);
    let base = prep.base_voter_budget();
    let unit = Rational::from_integer(prep.unit);
    let supported: Vec<bool> = (0..prep.m).map(|p| prep.votes[p] > 0).collect();
    let mut exhaustive: Option<Add1Result> = None;
    // The previous outcome and the last budget known to give it.
    let mut prev: Option<(Vec<usize>, Rational)> = None;
    let mut b = base.clone();
    let (mut selected, mut trace, _) = engine.run_checked(&b, None);
    // `b = B/n + (k - 1)`: budgets covered so far, as in the plain scan.
    let mut k: u64 = 0;
    let mut stride = Stride::default();
    loop {
        // `selected`, the outcome at `b`, is the first outcome or differs from
        // the previous one: it is checked at its first budget, as in the plain scan.
        k += 1;
        report(k);
        let cost: i128 = selected.iter().fold(0i128, |a, &p| a.saturating_add(prep.cost_units[p]));
        let result = |selected: Vec<usize>, b: &Rational, stop: Add1Stop| Add1Result {
            selected,
            details: Add1Details { final_per_voter_budget: prep.money(b), iterations: k, stop },
        };
        if cost > prep.budget_units {
            // W_k overspends: both variants return W_{k-1}. (W_0 never overspends:
            // n voters holding B/n each cannot pay more than B.)
            let (sel, pb) = prev.take().unwrap_or_else(|| (Vec::new(), base.clone()));
            let res = result(sel, &pb, Add1Stop::NextInfeasible);
            return Add1Scan { exhaustive: exhaustive.unwrap_or_else(|| res.clone()), infstop: Some(res) };
        }
        let mut in_w = vec![false; prep.m];
        for &p in &selected {
            in_w[p] = true;
        }
        if exhaustive.is_none() {
            // Exhaustive w.r.t. the MES candidates: no supported, positive-cost
            // project outside W still fits the remaining budget.
            let fits_more = (0..prep.m).any(|p| {
                !in_w[p]
                    && supported[p]
                    && prep.cost_units[p] > 0
                    && cost.saturating_add(prep.cost_units[p]) <= prep.budget_units
            });
            if !fits_more {
                let res = result(selected.clone(), &b, Add1Stop::Exhaustive);
                if !want_infstop {
                    return Add1Scan { exhaustive: res, infstop: None };
                }
                exhaustive = Some(res);
            }
        }
        // The infstop guard: every supported project that fits on its own is funded.
        let all_fundable = (0..prep.m).all(|p| in_w[p] || !supported[p] || prep.cost_units[p] > prep.budget_units);
        if all_fundable {
            let res = result(selected, &b, Add1Stop::AllFundableSupportedProjectsFunded);
            return Add1Scan { exhaustive: exhaustive.unwrap_or_else(|| res.clone()), infstop: Some(res) };
        }
        // On to the next budget whose outcome may differ: skip `j` budgets at a
        // time while the check shows the outcome unchanged up to `b + j`. (This
        // ends: the outcome cannot stay the same forever, as at a large enough
        // budget MES funds every candidate, which stops the scan.)
        let (mut last_b, mut last_trace) = (b, trace);
        loop {
            let j = stride.j;
            let b1 = &last_b + &unit.mul_int(j as i128);
            let (sel1, trace1, same) = engine.run_checked(&b1, Some(&last_trace));
            if same {
                // W_{k+1} = ... = W_{k+j} = W_k: none of them stops the scan.
                k += j;
                report(k);
                (last_b, last_trace) = (b1, trace1);
                stride.hit();
            } else {
                stride.miss();
                if j == 1 {
                    // The exact outcome at the very next budget.
                    prev = Some((std::mem::replace(&mut selected, sel1), last_b));
                    (b, trace) = (b1, trace1);
                    break;
                }
            }
        }
    }
}

/// How many budgets the Add1 scan tries to skip. Only speed depends on it: a
/// checked run costs about as much as a plain one, a failed check at `j = 1` still
/// gives the next budget's outcome, and only failed checks at `j > 1` are wasted
/// work, so they make it wary (tuned on the Pabulib files: never much slower than
/// the plain scan, much faster where outcomes rarely change).
struct Stride {
    /// Budgets to skip in the next check.
    j: u64,
    /// Successful checks at `j = 1` in a row.
    streak: u64,
    /// How many such successes to wait for before trying `j = 2`.
    need: u64,
}

impl Default for Stride {
    fn default() -> Stride {
        Stride { j: 1, streak: 0, need: 0 }
    }
}

impl Stride {
    fn hit(&mut self) {
        if self.j == 1 {
            self.streak += 1;
            if self.streak > self.need {
                self.j = 2;
            }
        } else {
            self.j = self.j.saturating_mul(2).min(1 << 40);
            self.need /= 2;
        }
    }

    fn miss(&mut self) {
        if self.j > 1 {
            self.j = (self.j / 4).max(1);
            self.need = (self.need * 2).clamp(1, 8);
        }
        self.streak = 0;
    }
}

/// Validated, preprocessed view of an instance shared by all rules.
pub(crate) struct Prepared<'a> {
    pub inst: &'a Instance,
    /// Number of voters.
    pub n: u64,
    /// Number of projects.
    pub m: usize,
    /// One currency unit in money units (`10^s`, `s` = most decimals of any amount).
    pub unit: i128,
    pub cost_units: Vec<i128>,
    pub budget_units: i128,
    /// Position of each project when sorted by id (byte order): the tie-breaker.
    pub rank: Vec<u32>,
    /// `votes(p)`: supporters in the approval projection.
    pub votes: Vec<u64>,
    /// Grouped ballots, built on first use and shared by the rules of one call.
    approval: OnceCell<Profile>,
    points: OnceCell<Profile>,
}

/// Voters with identical ballots grouped together (the rules treat them alike).
pub(crate) struct Profile {
    /// Number of voters in each group.
    pub weight: Vec<u64>,
    /// Per project, its supporting groups split by utility:
    /// `(utility, groups)`; the approval profile has the single utility 1.
    pub supporters: Vec<Vec<(i128, Vec<u32>)>>,
}

/// Points above this (in units of the finest points scale) are rejected so that
/// sums of weights times utilities stay far from `i128` overflow.
const MAX_POINT_UNITS: i128 = 1 << 60;

impl<'a> Prepared<'a> {
    fn new(inst: &'a Instance) -> Result<Prepared<'a>, TallyError> {
        let m = inst.projects.len();
        if m >= u32::MAX as usize {
            return Err(TallyError::InvalidInstance("too many projects".into()));
        }
        if inst.budget.is_negative() {
            return Err(TallyError::InvalidInstance(format!("negative budget {}", inst.budget)));
        }
        if let Some(p) = inst.projects.iter().find(|p| p.cost.is_negative()) {
            return Err(TallyError::InvalidInstance(format!("project {:?} has a negative cost", p.id)));
        }
        let scale = inst.projects.iter().map(|p| p.cost.scale()).chain([inst.budget.scale()]).max().unwrap_or(0);
        let cost_units: Vec<i128> = inst.projects.iter().map(|p| p.cost.scaled_to(scale)).collect();
        let mut order: Vec<usize> = (0..m).collect();
        order.sort_by(|&a, &b| inst.projects[a].id.as_bytes().cmp(inst.projects[b].id.as_bytes()));
        let mut rank = vec![0u32; m];
        for (r, &p) in order.iter().enumerate() {
            rank[p] = r as u32;
        }
        if let Some(w) = order.windows(2).find(|w| inst.projects[w[0]].id == inst.projects[w[1]].id) {
            return Err(TallyError::InvalidInstance(format!("duplicate project id {:?}", inst.projects[w[0]].id)));
        }
        let mut seen = vec![usize::MAX; m];
        let pscale = inst.points_scale();
        for (i, v) in inst.voters.iter().enumerate() {
            for (pos, &p) in v.ballot.iter().enumerate() {
                let p = p as usize;
                if p >= m {
                    return Err(TallyError::InvalidInstance(format!(
                        "voter {:?} votes for unknown project #{p}",
                        v.id
                    )));
                }
                if seen[p] == i {
                    return Err(TallyError::InvalidInstance(format!(
                        "voter {:?} lists project {:?} twice",
                        v.id, inst.projects[p].id
                    )));
                }
                seen[p] = i;
                if inst.point_units(v, pos, pscale).abs() > MAX_POINT_UNITS {
                    return Err(TallyError::InvalidInstance(format!("voter {:?} gives too many points", v.id)));
                }
            }
            if inst.vote_type.has_points_column() && v.points.as_ref().is_some_and(|pts| pts.len() != v.ballot.len()) {
                return Err(TallyError::InvalidInstance(format!(
                    "voter {:?} has {} points for {} projects",
                    v.id,
                    v.points.as_ref().map_or(0, Vec::len),
                    v.ballot.len()
                )));
            }
        }
        Ok(Prepared {
            inst,
            n: inst.voters.len() as u64,
            m,
            unit: 10i128.pow(scale as u32),
            cost_units,
            budget_units: inst.budget.scaled_to(scale),
            rank,
            votes: inst.approval_votes(),
            approval: OnceCell::new(),
            points: OnceCell::new(),
        })
    }

    /// `B/n` in money units.
    fn base_voter_budget(&self) -> Rational {
        Rational::new(self.budget_units, self.n.max(1) as i128).unwrap_or(Rational::ZERO)
    }

    /// Converts money units to currency.
    fn money(&self, units: &Rational) -> Rational {
        units.div_int(self.unit)
    }

    fn outcome(&self, rule: Rule, selected: Vec<usize>, add1: Option<Add1Details>) -> Outcome {
        let ids = |p: &usize| self.inst.projects[*p].id.clone();
        let mut winners: Vec<String> = selected.iter().map(ids).collect();
        winners.sort();
        let total = selected.iter().fold(Rational::ZERO, |acc, &p| &acc + &Rational::from_integer(self.cost_units[p]));
        let pick_order: Vec<String> = selected.iter().map(ids).collect();
        let selection_order = if rule == Rule::SeqPhragmen { winners.clone() } else { pick_order.clone() };
        Outcome { rule, selection_order, pick_order, selected, winners, total_cost: self.money(&total), add1 }
    }

    /// Groups identical approval projections.
    fn approval_profile(&self) -> &Profile {
        self.approval.get_or_init(|| self.build_profile(false))
    }

    /// Groups identical (project, points) ballots; utilities are points in integer
    /// units of the finest points scale (a common factor does not change MES).
    fn points_profile(&self) -> &Profile {
        self.points.get_or_init(|| self.build_profile(true))
    }

    fn build_profile(&self, with_points: bool) -> Profile {
        let inst = self.inst;
        let pscale = inst.points_scale();
        let mut index: std::collections::HashMap<Vec<(u32, i128)>, u32> = std::collections::HashMap::new();
        let mut weight: Vec<u64> = Vec::new();
        let mut supporters: Vec<Vec<(i128, Vec<u32>)>> = vec![Vec::new(); self.m];
        let mut key: Vec<(u32, i128)> = Vec::new();
        for v in &inst.voters {
            key.clear();
            for (pos, &p) in v.ballot.iter().enumerate() {
                if !inst.approves(v, pos) {
                    continue;
                }
                let u = if with_points { inst.point_units(v, pos, pscale) } else { 1 };
                if u > 0 {
                    key.push((p, u));
                }
            }
            key.sort_unstable();
            match index.get(&key) {
                Some(&g) => weight[g as usize] += 1,
                None => {
                    let g = weight.len() as u32;
                    weight.push(1);
                    for &(p, u) in &key {
                        let chunks = &mut supporters[p as usize];
                        match chunks.iter_mut().find(|(cu, _)| *cu == u) {
                            Some((_, gs)) => gs.push(g),
                            None => chunks.push((u, vec![g])),
                        }
                    }
                    index.insert(key.clone(), g);
                }
            }
        }
        Profile { weight, supporters }
    }
}

#[cfg(test)]
mod tests;
