//! What proposals add to the public dashboard: how many, their supports and comments,
//! and the shares answered and accepted.

use crate::dashboard::{share, Figures};
use yoriai_domain::accountability::Metric;

pub(crate) const FIGURES: Figures = Figures {
    metrics: &[Metric::Proposals, Metric::Supports, Metric::Comments, Metric::AnsweredShare, Metric::AcceptedShare],
    count: |i| {
        let t = yoriai_store::dashboard::proposal_totals(i.conn, i.process)?;
        Ok(vec![
            (Metric::Proposals, t.proposals as f64),
            (Metric::Supports, t.supports as f64),
            (Metric::Comments, t.comments as f64),
            (Metric::AnsweredShare, share(t.answered, t.proposals)),
            (Metric::AcceptedShare, share(t.accepted, t.proposals)),
        ])
    },
};
