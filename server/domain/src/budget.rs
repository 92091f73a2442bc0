//! Participatory budgets: what a ballot may contain under each ballot rule, and how
//! results are tallied. Pure: the same checks run when a resident adds a project (to
//! refuse at once) and at checkout (to refuse an incomplete ballot).

use crate::error::ErrorCode;
use serde::{Deserialize, Serialize};

/// Where a budget is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "diesel", derive(diesel::expression::AsExpression, diesel::deserialize::FromSqlRow), diesel(sql_type = diesel::sql_types::Text))]
pub enum BudgetState {
    /// Staff set it up; only staff see it.
    Preparing,
    /// Public: residents read the projects; no voting yet.
    Informing,
    /// Residents build and confirm ballots.
    Voting,
    /// Voting is over and results are computed; staff check them before publishing.
    Closed,
    /// Results are public.
    Published,
}

impl BudgetState {
    pub const ALL: [BudgetState; 5] = [
        BudgetState::Preparing,
        BudgetState::Informing,
        BudgetState::Voting,
        BudgetState::Closed,
        BudgetState::Published,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            BudgetState::Preparing => "preparing",
            BudgetState::Informing => "informing",
            BudgetState::Voting => "voting",
            BudgetState::Closed => "closed",
            BudgetState::Published => "published",
        }
    }

    pub fn parse(s: &str) -> Option<BudgetState> {
        BudgetState::ALL.into_iter().find(|r| r.as_str() == s)
    }

    /// Projects, headings and ballot settings may change only before voting opens.
    pub fn projects_editable(self) -> bool {
        matches!(self, BudgetState::Preparing | BudgetState::Informing)
    }

    /// The state a staff member may move the budget to next.
    pub fn next(self) -> Option<BudgetState> {
        match self {
            BudgetState::Preparing => Some(BudgetState::Informing),
            BudgetState::Informing => Some(BudgetState::Voting),
            BudgetState::Voting => Some(BudgetState::Closed),
            BudgetState::Closed => Some(BudgetState::Published),
            BudgetState::Published => None,
        }
    }
}

/// What staff found when they checked a project.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "diesel", derive(diesel::expression::AsExpression, diesel::deserialize::FromSqlRow), diesel(sql_type = diesel::sql_types::Text))]
pub enum Feasibility {
    /// Not checked yet: shown (with a badge) only while projects may still change.
    Pending,
    /// On the ballot.
    Feasible,
    /// Not on the ballot; the reason is public.
    Unfeasible,
}

impl Feasibility {
    pub const ALL: [Feasibility; 3] = [Feasibility::Pending, Feasibility::Feasible, Feasibility::Unfeasible];

    pub fn as_str(self) -> &'static str {
        match self {
            Feasibility::Pending => "pending",
            Feasibility::Feasible => "feasible",
            Feasibility::Unfeasible => "unfeasible",
        }
    }

    pub fn parse(s: &str) -> Option<Feasibility> {
        Feasibility::ALL.into_iter().find(|f| f.as_str() == s)
    }
}

/// A resident's ballot: being filled, or confirmed (then it counts and cannot change).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "diesel", derive(diesel::expression::AsExpression, diesel::deserialize::FromSqlRow), diesel(sql_type = diesel::sql_types::Text))]
pub enum BallotState {
    Open,
    CheckedOut,
}

impl BallotState {
    pub const ALL: [BallotState; 2] = [BallotState::Open, BallotState::CheckedOut];

    pub fn as_str(self) -> &'static str {
        match self {
            BallotState::Open => "open",
            BallotState::CheckedOut => "checked_out",
        }
    }
}

crate::stored::text_enum!(
    BudgetState => &BudgetState::ALL,
    BallotRule => &BallotRule::ALL,
    TallyRule => &TallyRule::ALL,
    Feasibility => &Feasibility::ALL,
    BallotState => &BallotState::ALL,
);

/// How residents fill their ballot.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "diesel", derive(diesel::expression::AsExpression, diesel::deserialize::FromSqlRow), diesel(sql_type = diesel::sql_types::Text))]
pub enum BallotRule {
    /// Choose projects whose total cost fits the budget.
    Knapsack,
    /// Choose between a minimum and a maximum number of projects, whatever they cost.
    Approval,
    /// Like knapsack, and the chosen projects must use at least a share of the budget.
    MinShare,
    /// Share a number of points among the projects.
    Cumulative,
}

impl BallotRule {
    pub const ALL: [BallotRule; 4] =
        [BallotRule::Knapsack, BallotRule::Approval, BallotRule::MinShare, BallotRule::Cumulative];

    pub fn as_str(self) -> &'static str {
        match self {
            BallotRule::Knapsack => "knapsack",
            BallotRule::Approval => "approval",
            BallotRule::MinShare => "min_share",
            BallotRule::Cumulative => "cumulative",
        }
    }

    pub fn parse(s: &str) -> Option<BallotRule> {
        BallotRule::ALL.into_iter().find(|r| r.as_str() == s)
    }
}

/// How votes become funded projects.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "diesel", derive(diesel::expression::AsExpression, diesel::deserialize::FromSqlRow), diesel(sql_type = diesel::sql_types::Text))]
pub enum TallyRule {
    /// Most votes first, skipping what no longer fits (what Decidim and CONSUL do).
    GreedyVotes,
    /// The Method of Equal Shares, completed by Add1 budget increments and then greedy
    /// by votes (the variant that reproduces the official Wieliczka 2023 result).
    EqualShares,
}

impl TallyRule {
    pub const ALL: [TallyRule; 2] = [TallyRule::GreedyVotes, TallyRule::EqualShares];

    pub fn as_str(self) -> &'static str {
        match self {
            TallyRule::GreedyVotes => "greedy_votes",
            TallyRule::EqualShares => "equal_shares",
        }
    }

    pub fn parse(s: &str) -> Option<TallyRule> {
        TallyRule::ALL.into_iter().find(|r| r.as_str() == s)
    }

    /// The Pabulib rule id computing it (see `pb::Rule`); cumulative ballots use points.
    pub fn pb_rule(self, cumulative: bool) -> crate::pb::Rule {
        match (self, cumulative) {
            (TallyRule::GreedyVotes, false) => crate::pb::Rule::GreedyVotes,
            (TallyRule::GreedyVotes, true) => crate::pb::Rule::GreedyScore,
            (TallyRule::EqualShares, false) => crate::pb::Rule::MesCostAdd1InfstopGreedy,
            (TallyRule::EqualShares, true) => crate::pb::Rule::MesPoints,
        }
    }
}

/// The limits of one budget's ballots.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BallotLimits {
    pub rule: BallotRule,
    /// The amount available in the ballot's heading (yen).
    pub amount: i64,
    pub min_projects: Option<i32>,
    pub max_projects: Option<i32>,
    /// Percent of the amount the chosen projects must use (min-share rule).
    pub min_share_percent: Option<i32>,
    /// Points to distribute (cumulative rule).
    pub points: Option<i32>,
}

/// One line of a ballot: a project's cost and the points given (1 unless cumulative).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Line {
    pub cost: i64,
    pub points: i32,
}

/// Totals of a ballot, as the page shows them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Totals {
    pub projects: i32,
    pub cost: i64,
    pub points: i32,
}

pub fn totals(lines: &[Line]) -> Totals {
    Totals {
        projects: lines.len() as i32,
        cost: lines.iter().map(|l| l.cost).sum(),
        points: lines.iter().map(|l| l.points).sum(),
    }
}

/// Whether the ballot may hold these lines at all (checked on every change: nothing can
/// be added that breaks the rule).
pub fn check_contents(limits: &BallotLimits, lines: &[Line]) -> Result<(), ErrorCode> {
    let t = totals(lines);
    if lines.iter().any(|l| l.points < 1) {
        return Err(ErrorCode::InvalidInput);
    }
    match limits.rule {
        BallotRule::Knapsack | BallotRule::MinShare => {
            if t.cost > limits.amount {
                return Err(ErrorCode::OverBudget);
            }
        }
        BallotRule::Approval => {
            if limits.max_projects.is_some_and(|max| t.projects > max) {
                return Err(ErrorCode::TooManyProjects);
            }
        }
        BallotRule::Cumulative => {
            if limits.points.is_some_and(|p| t.points > p) {
                return Err(ErrorCode::TooManyPoints);
            }
        }
    }
    Ok(())
}

/// Whether the ballot is complete enough to check out.
pub fn check_checkout(limits: &BallotLimits, lines: &[Line]) -> Result<(), ErrorCode> {
    check_contents(limits, lines)?;
    let t = totals(lines);
    if t.projects == 0 {
        return Err(ErrorCode::BallotEmpty);
    }
    match limits.rule {
        BallotRule::Approval => {
            if limits.min_projects.is_some_and(|min| t.projects < min) {
                return Err(ErrorCode::TooFewProjects);
            }
        }
        BallotRule::MinShare => {
            let share = i64::from(limits.min_share_percent.unwrap_or(0));
            // cost / amount >= share / 100, in integers.
            if t.cost * 100 < share * limits.amount {
                return Err(ErrorCode::BelowMinimumShare);
            }
        }
        BallotRule::Knapsack | BallotRule::Cumulative => {}
    }
    Ok(())
}

/// Crockford's base-32 alphabet: no I, L, O or U, so a code read aloud or copied by
/// hand survives.
const RECEIPT_ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/// Length of a receipt code without dashes: 20 symbols, 100 bits.
pub const RECEIPT_LEN: usize = 20;

/// A receipt code from 13 random bytes (the first 100 bits are used), written in
/// groups of four: `7K3M-Q9XD-2FHN-W8RT-5BCA`.
pub fn format_receipt(random: &[u8; 13]) -> String {
    let mut bits: u128 = 0;
    for b in random {
        bits = (bits << 8) | u128::from(*b);
    }
    bits >>= 4; // 104 bits → 100 bits
    let mut symbols = Vec::with_capacity(RECEIPT_LEN);
    for i in (0..RECEIPT_LEN).rev() {
        let v = ((bits >> (i * 5)) & 0x1f) as usize;
        symbols.push(RECEIPT_ALPHABET[v] as char);
    }
    symbols.chunks(4).map(|c| c.iter().collect::<String>()).collect::<Vec<_>>().join("-")
}

/// A receipt code as typed by a person, in canonical form (20 symbols, no dashes):
/// case, spaces, dashes and full-width characters do not matter, and the letters
/// Crockford reads as digits (O → 0, I and L → 1) are accepted. `None` when it cannot
/// be a receipt.
pub fn normalize_receipt(raw: &str) -> Option<String> {
    let mut out = String::with_capacity(RECEIPT_LEN);
    for c in raw.chars() {
        // Full-width ASCII (ＡＢＣ１２３) as typed on Japanese keyboards.
        let c = match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            _ => c,
        };
        let c = match c.to_ascii_uppercase() {
            '-' | ' ' | '\u{3000}' | '\u{30FC}' | '\u{2010}'..='\u{2015}' => continue,
            'O' => '0',
            'I' | 'L' => '1',
            c => c,
        };
        if !c.is_ascii() || !RECEIPT_ALPHABET.contains(&(c as u8)) {
            return None;
        }
        out.push(c);
        if out.len() > RECEIPT_LEN {
            return None;
        }
    }
    (out.len() == RECEIPT_LEN).then_some(out)
}

/// A ballot receipt's public identifier, as listed in the published ballot file: the
/// first 16 hex digits of the SHA-256 of the receipt. The resident can find their line
/// with their receipt; nobody else can link it to them.
pub fn receipt_voter_id(receipt_digest_hex: &str) -> String {
    receipt_digest_hex.chars().take(16).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn limits(rule: BallotRule) -> BallotLimits {
        BallotLimits {
            rule,
            amount: 1_000,
            min_projects: Some(2),
            max_projects: Some(3),
            min_share_percent: Some(50),
            points: Some(10),
        }
    }

    fn l(cost: i64) -> Line {
        Line { cost, points: 1 }
    }

    #[test]
    fn knapsack_refuses_what_does_not_fit() {
        let k = limits(BallotRule::Knapsack);
        assert_eq!(check_contents(&k, &[l(600), l(400)]), Ok(()));
        assert_eq!(check_contents(&k, &[l(600), l(401)]), Err(ErrorCode::OverBudget));
        assert_eq!(check_checkout(&k, &[]), Err(ErrorCode::BallotEmpty));
        assert_eq!(check_checkout(&k, &[l(10)]), Ok(()));
    }

    #[test]
    fn approval_counts_projects_not_money() {
        let a = limits(BallotRule::Approval);
        assert_eq!(check_contents(&a, &[l(5_000), l(5_000), l(5_000)]), Ok(()));
        assert_eq!(check_contents(&a, &[l(1), l(1), l(1), l(1)]), Err(ErrorCode::TooManyProjects));
        assert_eq!(check_checkout(&a, &[l(1)]), Err(ErrorCode::TooFewProjects));
        assert_eq!(check_checkout(&a, &[l(1), l(1)]), Ok(()));
    }

    #[test]
    fn min_share_needs_half_the_budget_at_checkout_only() {
        let m = limits(BallotRule::MinShare);
        assert_eq!(check_contents(&m, &[l(100)]), Ok(()));
        assert_eq!(check_checkout(&m, &[l(499)]), Err(ErrorCode::BelowMinimumShare));
        assert_eq!(check_checkout(&m, &[l(500)]), Ok(()));
        assert_eq!(check_checkout(&m, &[l(600), l(401)]), Err(ErrorCode::OverBudget));
    }

    #[test]
    fn cumulative_shares_points() {
        let c = limits(BallotRule::Cumulative);
        let lines = [Line { cost: 5_000, points: 6 }, Line { cost: 1, points: 4 }];
        assert_eq!(check_checkout(&c, &lines), Ok(()));
        let too_many = [Line { cost: 1, points: 7 }, Line { cost: 1, points: 4 }];
        assert_eq!(check_contents(&c, &too_many), Err(ErrorCode::TooManyPoints));
        assert_eq!(check_contents(&c, &[Line { cost: 1, points: 0 }]), Err(ErrorCode::InvalidInput));
    }

    #[test]
    fn receipts_are_twenty_symbols_in_groups_and_survive_sloppy_typing() {
        let code = format_receipt(&[0xff; 13]);
        assert_eq!(code, "ZZZZ-ZZZZ-ZZZZ-ZZZZ-ZZZZ");
        let code = format_receipt(&[0x12, 0x34, 0x56, 0x78, 0x9a, 0xbc, 0xde, 0xf0, 0x01, 0x23, 0x45, 0x67, 0x89]);
        assert_eq!(code.len(), 24);
        let canonical = code.replace('-', "");
        assert_eq!(normalize_receipt(&code).as_deref(), Some(canonical.as_str()));
        assert_eq!(normalize_receipt(&code.to_lowercase()).as_deref(), Some(canonical.as_str()));
        assert_eq!(normalize_receipt(&canonical.replace('0', "o")).as_deref(), Some(canonical.as_str()));
        let full_width: String =
            code.chars().map(|c| if c == '-' { 'ー' } else { char::from_u32(c as u32 + 0xFEE0).unwrap() }).collect();
        assert_eq!(normalize_receipt(&full_width).as_deref(), Some(canonical.as_str()));
        assert_eq!(normalize_receipt("ZZZZ-ZZZZ"), None);
        assert_eq!(normalize_receipt("ZZZZ-ZZZZ-ZZZZ-ZZZZ-ZZZZ-Z"), None);
        assert_eq!(normalize_receipt("UUUU-ZZZZ-ZZZZ-ZZZZ-ZZZZ"), None);
        assert_eq!(normalize_receipt("ZZZZ-ZZZZ-ZZZZ-ZZZZ-ZZZé"), None);
        assert_eq!(normalize_receipt(""), None);
    }

    #[test]
    fn budget_states_move_forward_only() {
        let mut s = BudgetState::Preparing;
        let mut seen = vec![s];
        while let Some(n) = s.next() {
            seen.push(n);
            s = n;
        }
        assert_eq!(seen, BudgetState::ALL.to_vec());
        assert!(BudgetState::Informing.projects_editable());
        assert!(!BudgetState::Voting.projects_editable());
    }

    #[test]
    fn rules_round_trip_and_map_to_pabulib_rules() {
        for r in BallotRule::ALL {
            assert_eq!(BallotRule::parse(r.as_str()), Some(r));
        }
        for r in TallyRule::ALL {
            assert_eq!(TallyRule::parse(r.as_str()), Some(r));
        }
        assert_eq!(TallyRule::EqualShares.pb_rule(false).as_str(), "mes_cost_add1_infstop_greedy");
        assert_eq!(TallyRule::GreedyVotes.pb_rule(true).as_str(), "greedy_score");
    }
}
