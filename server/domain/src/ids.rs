//! Typed ids: a `UserId` can never be passed where a `SessionId` is expected.

use serde::{Deserialize, Serialize};

/// Any id as the number a polymorphic link stores (the audit log's target names its
/// kind beside it), so such a link takes every typed id without a `.0` at each call.
pub trait RawId: Copy {
    fn raw(self) -> i64;
}

impl RawId for i64 {
    fn raw(self) -> i64 {
        self
    }
}

macro_rules! typed_id {
    ($($name:ident),* $(,)?) => {$(
        #[derive(Debug, Default, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[cfg_attr(feature = "diesel", derive(diesel::expression::AsExpression, diesel::deserialize::FromSqlRow), diesel(sql_type = diesel::sql_types::BigInt))]
        #[serde(transparent)]
        pub struct $name(pub i64);

        crate::stored::diesel_id!($name);

        impl RawId for $name {
            fn raw(self) -> i64 {
                self.0
            }
        }

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

// Street reports: the report, its public updates and alerts, and the city's settings
// (departments, categories and their questions, reply templates, Open311 clients).
typed_id!(ReportId, ReportUpdateId, AlertId);
typed_id!(DepartmentId, ReportCategoryId, QuestionId, TemplateId, ClientId);

// Shared by several features: districts, uploaded files, a process's phases and
// proposal categories, and a city's own proposal states.
typed_id!(DistrictId, UploadId, PhaseId, CategoryId, CustomStateId);

// What staff and residents keep track of: notifications, moderation flags, the
// dashboard's indicators and the action log.
typed_id!(NotificationId, ModerationId, KpiId, ActionLogId);
