//! What participatory budgets add to the public dashboard: the ballot turnout.

use crate::dashboard::{share, Figures};
use yoriai_domain::accountability::Metric;

pub(crate) const FIGURES: Figures = Figures {
    metrics: &[Metric::BallotTurnout],
    count: |i| {
        // Turnout over the district budgets that know their eligible residents; without
        // any, over the registered accounts.
        let (ballots, eligible) = i
            .turnout()?
            .iter()
            .filter_map(|r| r.5.filter(|e| *e > 0).map(|e| (i64::from(r.4), i64::from(e))))
            .fold((0, 0), |(b, e), (rb, re)| (b + rb, e + re));
        let (ballots, eligible) = if eligible > 0 {
            (ballots, eligible)
        } else {
            let all: i64 = i.turnout()?.iter().map(|r| i64::from(r.4)).sum();
            (all, i.registered()?)
        };
        Ok(vec![(Metric::BallotTurnout, share(ballots, eligible))])
    },
};
