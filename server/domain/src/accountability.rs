//! Council decisions, accountability results and KPIs: the rules that need no database.

use crate::ErrorCode;

/// What a council or committee decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "diesel", derive(diesel::expression::AsExpression, diesel::deserialize::FromSqlRow), diesel(sql_type = diesel::sql_types::Text))]
pub enum Outcome {
    Approved,
    Rejected,
    Deferred,
    Amended,
}

impl Outcome {
    pub const ALL: &'static [Outcome] = &[Outcome::Approved, Outcome::Rejected, Outcome::Deferred, Outcome::Amended];

    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Approved => "approved",
            Outcome::Rejected => "rejected",
            Outcome::Deferred => "deferred",
            Outcome::Amended => "amended",
        }
    }

    pub fn parse(raw: &str) -> Option<Outcome> {
        Outcome::ALL.iter().copied().find(|o| o.as_str() == raw.trim())
    }
}

/// Where a result stands (Decidim's accountability statuses, plus one the city names).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "diesel", derive(diesel::expression::AsExpression, diesel::deserialize::FromSqlRow), diesel(sql_type = diesel::sql_types::Text))]
pub enum ResultStatus {
    NotStarted,
    InProgress,
    Completed,
    Cancelled,
    Custom,
}

impl ResultStatus {
    pub const ALL: &'static [ResultStatus] = &[
        ResultStatus::NotStarted,
        ResultStatus::InProgress,
        ResultStatus::Completed,
        ResultStatus::Cancelled,
        ResultStatus::Custom,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ResultStatus::NotStarted => "not_started",
            ResultStatus::InProgress => "in_progress",
            ResultStatus::Completed => "completed",
            ResultStatus::Cancelled => "cancelled",
            ResultStatus::Custom => "custom",
        }
    }

    pub fn parse(raw: &str) -> Option<ResultStatus> {
        ResultStatus::ALL.iter().copied().find(|s| s.as_str() == raw.trim())
    }
}

crate::stored::text_enum!(Outcome => Outcome::ALL, ResultStatus => ResultStatus::ALL);

/// A progress percentage typed by staff: a whole number from 0 to 100 (a trailing `%`
/// is fine). 140 % is an error, not 100.
pub fn parse_progress(raw: &str) -> Result<i32, ErrorCode> {
    let t = raw.trim().trim_end_matches(['%', '％']).trim();
    if t.is_empty() {
        return Err(ErrorCode::Required);
    }
    let n: i64 = t.parse().map_err(|_| ErrorCode::NotANumber)?;
    if (0..=100).contains(&n) {
        Ok(n as i32)
    } else {
        Err(ErrorCode::ProgressOutOfRange)
    }
}

/// Item numbers typed as a list ("12, 15 #18"): each a positive id, duplicates dropped,
/// at most 100. Order is kept so errors point at the first bad one.
pub fn parse_ids(raw: &str) -> Result<Vec<i64>, ErrorCode> {
    let mut ids = Vec::new();
    for part in raw.split(|c: char| c == ',' || c == '、' || c == '，' || c.is_whitespace()) {
        let p = part.trim().trim_start_matches(['#', '＃']);
        if p.is_empty() {
            continue;
        }
        let id: i64 = p.parse().map_err(|_| ErrorCode::NotANumber)?;
        if id <= 0 {
            return Err(ErrorCode::NotANumber);
        }
        if !ids.contains(&id) {
            ids.push(id);
        }
        if ids.len() > 100 {
            return Err(ErrorCode::TooLong);
        }
    }
    Ok(ids)
}

/// A parent's progress: the rounded average of its children's (Decidim's rule), or
/// `None` when it has none and keeps its own.
pub fn rollup(children: &[i32]) -> Option<i32> {
    if children.is_empty() {
        return None;
    }
    let sum: i64 = children.iter().map(|&p| i64::from(p.clamp(0, 100))).sum();
    let n = children.len() as i64;
    Some(((sum * 2 + n) / (2 * n)) as i32)
}

/// The Japanese fiscal year (April to March) a day `(year, month)` falls in.
pub fn fiscal_year(year: i32, month: u32) -> i32 {
    if month >= 4 {
        year
    } else {
        year - 1
    }
}

/// A KPI's target year must not have ended: it is this fiscal year or later, and not
/// absurdly far (50 years).
pub fn check_target_year(target: i32, current_fiscal_year: i32) -> Result<i32, ErrorCode> {
    if target < current_fiscal_year {
        Err(ErrorCode::TargetYearPast)
    } else if target > current_fiscal_year + 50 {
        Err(ErrorCode::InvalidInput)
    } else {
        Ok(target)
    }
}

/// How far a KPI has come from its baseline towards its target, in percent (0 at the
/// baseline, 100 at the target, more past it; targets may be below the baseline, e.g.
/// days to fix). `None` when baseline and target are equal.
pub fn kpi_progress(baseline: f64, target: f64, current: f64) -> Option<f64> {
    let span = target - baseline;
    if span.abs() < f64::EPSILON || !current.is_finite() {
        return None;
    }
    Some(((current - baseline) / span * 100.0).max(0.0))
}

/// The built-in calculations a KPI can follow. Every one is an SQL aggregate or a
/// maintained counter (see the services' `dashboard`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Metric {
    /// Residents who took part (proposed, supported, commented, voted or reported).
    Participants,
    Proposals,
    Supports,
    Comments,
    /// Share of published proposals with a published answer, in percent.
    AnsweredShare,
    /// Share of published proposals accepted, in percent.
    AcceptedShare,
    /// Ballots over eligible residents of the district budgets (registered accounts
    /// when no budget gives its eligible count), in percent.
    BallotTurnout,
    ReportsReceived,
    ReportsFixed,
    /// Median days from a report to its fix.
    MedianDaysToFix,
    /// Registered accounts over the population figure, in percent.
    RegisteredShare,
    /// Accounts holding a verified citizen ID over the population figure, in percent.
    VerifiedShare,
}

impl Metric {
    pub const ALL: &'static [Metric] = &[
        Metric::Participants,
        Metric::Proposals,
        Metric::Supports,
        Metric::Comments,
        Metric::AnsweredShare,
        Metric::AcceptedShare,
        Metric::BallotTurnout,
        Metric::ReportsReceived,
        Metric::ReportsFixed,
        Metric::MedianDaysToFix,
        Metric::RegisteredShare,
        Metric::VerifiedShare,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Metric::Participants => "participants",
            Metric::Proposals => "proposals",
            Metric::Supports => "supports",
            Metric::Comments => "comments",
            Metric::AnsweredShare => "answered_share",
            Metric::AcceptedShare => "accepted_share",
            Metric::BallotTurnout => "ballot_turnout",
            Metric::ReportsReceived => "reports_received",
            Metric::ReportsFixed => "reports_fixed",
            Metric::MedianDaysToFix => "median_days_to_fix",
            Metric::RegisteredShare => "registered_share",
            Metric::VerifiedShare => "verified_share",
        }
    }

    pub fn parse(raw: &str) -> Option<Metric> {
        Metric::ALL.iter().copied().find(|m| m.as_str() == raw.trim())
    }

    /// Whether the figure is a percentage.
    pub fn is_share(self) -> bool {
        matches!(
            self,
            Metric::AnsweredShare
                | Metric::AcceptedShare
                | Metric::BallotTurnout
                | Metric::RegisteredShare
                | Metric::VerifiedShare
        )
    }
}

/// How often a KPI's figure is reviewed (the guidebook's "update cycle").
pub const UPDATE_CYCLES: &[&str] = &["live", "monthly", "quarterly", "yearly"];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn progress_is_a_percentage_and_140_is_an_error() {
        assert_eq!(parse_progress("40"), Ok(40));
        assert_eq!(parse_progress(" 100 % "), Ok(100));
        assert_eq!(parse_progress("0％"), Ok(0));
        assert_eq!(parse_progress("140"), Err(ErrorCode::ProgressOutOfRange));
        assert_eq!(parse_progress("-1"), Err(ErrorCode::ProgressOutOfRange));
        assert_eq!(parse_progress("half"), Err(ErrorCode::NotANumber));
        assert_eq!(parse_progress("99999999999999999999999"), Err(ErrorCode::NotANumber));
        assert_eq!(parse_progress(""), Err(ErrorCode::Required));
    }

    #[test]
    fn id_lists_accept_commas_spaces_and_hashes() {
        assert_eq!(parse_ids("12, 15 #18、12"), Ok(vec![12, 15, 18]));
        assert_eq!(parse_ids(""), Ok(vec![]));
        assert_eq!(parse_ids("3, x"), Err(ErrorCode::NotANumber));
        assert_eq!(parse_ids("0"), Err(ErrorCode::NotANumber));
        let many: Vec<String> = (1..=101).map(|i| i.to_string()).collect();
        assert_eq!(parse_ids(&many.join(",")), Err(ErrorCode::TooLong));
    }

    #[test]
    fn a_parent_is_the_rounded_average_of_its_children() {
        assert_eq!(rollup(&[]), None);
        assert_eq!(rollup(&[100, 0]), Some(50));
        assert_eq!(rollup(&[100, 0, 0]), Some(33));
        assert_eq!(rollup(&[100, 100, 0]), Some(67));
        assert_eq!(rollup(&[25]), Some(25));
    }

    #[test]
    fn the_fiscal_year_starts_in_april() {
        assert_eq!(fiscal_year(2026, 3), 2025);
        assert_eq!(fiscal_year(2026, 4), 2026);
        assert_eq!(fiscal_year(2026, 11), 2026);
    }

    #[test]
    fn a_kpi_target_year_in_the_past_is_refused() {
        assert_eq!(check_target_year(2025, 2026), Err(ErrorCode::TargetYearPast));
        assert_eq!(check_target_year(2026, 2026), Ok(2026));
        assert_eq!(check_target_year(2030, 2026), Ok(2030));
        assert_eq!(check_target_year(2300, 2026), Err(ErrorCode::InvalidInput));
    }

    #[test]
    fn kpi_progress_runs_from_baseline_to_target_either_way() {
        assert_eq!(kpi_progress(10.0, 20.0, 15.0), Some(50.0));
        assert_eq!(kpi_progress(10.0, 20.0, 25.0), Some(150.0));
        assert_eq!(kpi_progress(10.0, 20.0, 5.0), Some(0.0));
        // Fewer days to fix is better.
        assert_eq!(kpi_progress(30.0, 10.0, 20.0), Some(50.0));
        assert_eq!(kpi_progress(5.0, 5.0, 7.0), None);
    }

    #[test]
    fn names_round_trip() {
        for m in Metric::ALL {
            assert_eq!(Metric::parse(m.as_str()), Some(*m));
        }
        for o in Outcome::ALL {
            assert_eq!(Outcome::parse(o.as_str()), Some(*o));
        }
        for s in ResultStatus::ALL {
            assert_eq!(ResultStatus::parse(s.as_str()), Some(*s));
        }
        assert_eq!(Outcome::parse("vetoed"), None);
    }
}
