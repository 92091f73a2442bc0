//! The participation features and what each adds to the platform's shared lists.
//!
//! Each feature declares a [`Manifest`] beside its code (`proposals::MANIFEST`, …) and
//! [`FEATURES`] collects them, so open data, search, notifications and the dashboard take each
//! feature's part from one list instead of being wired by hand. A new component adds
//! its manifest here; the tests below make sure every dataset, searchable kind,
//! notification kind and dashboard figure belongs to exactly one feature.

use crate::opendata::Dataset;
use yoriai_domain::item::ItemKind;
use yoriai_domain::notification::NotificationKind;

/// What one feature contributes.
pub struct Manifest {
    /// The feature's name, as its folder is named (`proposals`).
    pub name: &'static str,
    /// Its tables in the open-data archive and `/api/v1/open-data`, in archive order.
    pub datasets: &'static [Dataset],
    /// What `/search` finds of it.
    pub search: &'static [ItemKind],
    /// The notifications it writes.
    pub notifications: &'static [NotificationKind],
    /// The figures it adds to the public dashboard (and that KPIs can follow).
    pub figures: Option<crate::dashboard::Figures>,
}

/// Every feature, in the order their datasets and search filters are listed.
pub const FEATURES: &[&Manifest] = &[
    &crate::processes::MANIFEST,
    &crate::proposals::MANIFEST,
    &crate::budgets::MANIFEST,
    &crate::reports::MANIFEST,
    &crate::accountability::MANIFEST,
];

/// Every open-data dataset, feature by feature.
pub fn datasets() -> impl Iterator<Item = &'static Dataset> {
    FEATURES.iter().flat_map(|f| f.datasets.iter())
}

/// Every kind of item the search box finds, feature by feature.
pub fn searchable() -> impl Iterator<Item = ItemKind> {
    FEATURES.iter().flat_map(|f| f.search.iter().copied())
}

#[cfg(test)]
mod tests {
    use super::*;
    use yoriai_domain::accountability::Metric;

    fn once<T: PartialEq + std::fmt::Debug>(what: &str, all: &[T], declared: &[T]) {
        for x in all {
            let n = declared.iter().filter(|d| *d == x).count();
            assert_eq!(n, 1, "{what} {x:?} is declared by {n} features; exactly one must own it");
        }
        assert_eq!(declared.len(), all.len(), "{what}: a feature declares something twice");
    }

    #[test]
    fn every_kind_belongs_to_exactly_one_feature() {
        let notes: Vec<NotificationKind> = FEATURES.iter().flat_map(|f| f.notifications.iter().copied()).collect();
        once("notification", &NotificationKind::ALL, &notes);
        once("search kind", &ItemKind::ALL, &searchable().collect::<Vec<_>>());
        let names: Vec<&str> = datasets().map(|d| d.name).collect();
        let mut unique = names.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), names.len(), "two datasets share a name: {names:?}");
        let metrics: Vec<Metric> = crate::dashboard::figure_parts().flat_map(|p| p.metrics.iter().copied()).collect();
        once("dashboard figure", Metric::ALL, &metrics);
        let features: Vec<&str> = FEATURES.iter().map(|f| f.name).collect();
        once("feature", &features, &features);
    }
}
