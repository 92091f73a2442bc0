//! What street reports add to the public dashboard: received, fixed, and the median
//! days to a fix. City-wide only (a report belongs to no process).

use crate::dashboard::{median_of, Figures};
use yoriai_domain::accountability::Metric;

pub(crate) const FIGURES: Figures = Figures {
    metrics: &[Metric::ReportsReceived, Metric::ReportsFixed, Metric::MedianDaysToFix],
    count: |i| {
        if i.process.is_some() {
            return Ok(Vec::new());
        }
        let stats = i.report_stats()?;
        let received: i64 = stats.iter().map(|s| s.received).sum();
        let fixed: i64 = stats.iter().map(|s| s.fixed).sum();
        let mut out = vec![(Metric::ReportsReceived, received as f64), (Metric::ReportsFixed, fixed as f64)];
        if let Some(m) = median_of(stats) {
            out.push((Metric::MedianDaysToFix, m));
        }
        Ok(out)
    },
};
