//! Typed ids: a `UserId` can never be passed where a `SessionId` is expected.

use serde::{Deserialize, Serialize};

macro_rules! typed_id {
    ($($name:ident),* $(,)?) => {$(
        #[derive(Debug, Default, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[cfg_attr(feature = "diesel", derive(diesel::expression::AsExpression, diesel::deserialize::FromSqlRow), diesel(sql_type = diesel::sql_types::BigInt))]
        #[serde(transparent)]
        pub struct $name(pub i64);

        crate::stored::diesel_id!($name);

        impl From<i64> for $name {
            fn from(raw: i64) -> Self {
                Self(raw)
            }
        }

        /// Reads an id from a URL segment or a form field.
        impl std::str::FromStr for $name {
            type Err = std::num::ParseIntError;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                s.trim().parse().map(Self)
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                self.0.fmt(f)
            }
        }
    )*};
}

typed_id!(UserId, SessionId, ApiTokenId, OutboxId, ProcessId);

// Council decisions and accountability results.
typed_id!(DecisionId, DocumentId, ResultId, ResultUpdateId);

// Proposals and their discussion.
typed_id!(ProposalId, CommentId);

// Participatory budgets.
typed_id!(BudgetId, HeadingId, ProjectId, BallotId);
