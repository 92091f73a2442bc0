//! The kinds of item a council decision or an accountability result points at and
//! the search box finds. A link to "any item" is this kind beside the item's number;
//! the number's type depends on the kind, so it stays an `i64` only in these links.

use serde::{Deserialize, Serialize};

/// What a link or a search hit points at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "diesel", derive(diesel::expression::AsExpression, diesel::deserialize::FromSqlRow), diesel(sql_type = diesel::sql_types::Text))]
pub enum ItemKind {
    Proposal,
    /// A participatory-budget project.
    Project,
    /// A street report.
    Report,
    /// A council decision.
    Decision,
    /// An accountability result.
    Result,
}

impl ItemKind {
    /// In the order the search filters list them.
    pub const ALL: [ItemKind; 5] =
        [ItemKind::Proposal, ItemKind::Project, ItemKind::Report, ItemKind::Decision, ItemKind::Result];

    pub fn as_str(self) -> &'static str {
        match self {
            ItemKind::Proposal => "proposal",
            ItemKind::Project => "project",
            ItemKind::Report => "report",
            ItemKind::Decision => "decision",
            ItemKind::Result => "result",
        }
    }

    /// Where its pages live: the item's page is this, `/`, and its number.
    pub fn base_path(self) -> &'static str {
        match self {
            ItemKind::Proposal => "/proposals",
            ItemKind::Project => "/projects",
            ItemKind::Report => "/reports",
            ItemKind::Decision => "/decisions",
            ItemKind::Result => "/results",
        }
    }
}

crate::stored::text_enum!(ItemKind => &ItemKind::ALL);

#[cfg(test)]
mod tests {
    use super::ItemKind;
    use crate::stored::TextEnum;

    #[test]
    fn every_kind_has_its_own_page() {
        let paths: std::collections::BTreeSet<&str> = ItemKind::ALL.iter().map(|k| k.base_path()).collect();
        assert_eq!(paths.len(), ItemKind::ALL.len());
        assert_eq!(ItemKind::from_word("project").map(ItemKind::base_path), Some("/projects"));
        assert_eq!(ItemKind::from_word("decision"), Some(ItemKind::Decision));
    }
}
