//! Closed sets of words stored as text, and ids stored as integers.
//!
//! A state column is `TEXT NOT NULL CHECK (col IN (...))` in both databases and a domain
//! enum in Rust. With the `diesel` feature (the store turns it on; the browser build does
//! not), each enum reads and writes itself through diesel: a word the enum does not know
//! is an error when the row is read, never a silent default. `store`'s schema test checks
//! that every CHECK lists exactly [`TextEnum::VALUES`].

/// An enum stored as one of a fixed list of words.
pub trait TextEnum: Copy + Eq + std::fmt::Debug + 'static {
    /// Every value, in the order the CHECK lists them.
    const VALUES: &'static [Self];
    /// The word stored for this value (also its serde name).
    fn word(self) -> &'static str;
    /// The value stored as `word`; `None` for a word this enum does not know.
    fn from_word(word: &str) -> Option<Self> {
        Self::VALUES.iter().copied().find(|v| v.word() == word)
    }
}

/// Implements [`TextEnum`] from an enum's `as_str` and its list of values, and, with the
/// `diesel` feature, diesel's text mapping on both backends.
macro_rules! text_enum {
    ($($t:ty => $values:expr),* $(,)?) => {$(
        impl $crate::stored::TextEnum for $t {
            const VALUES: &'static [Self] = $values;
            fn word(self) -> &'static str {
                self.as_str()
            }
        }

        impl $t {
            /// The word with `-` for `_`, as message keys and CSS classes spell it.
            pub fn kebab(self) -> String {
                self.as_str().replace('_', "-")
            }
        }

        /// The stored word (what CSS classes, message keys and URLs use).
        impl std::fmt::Display for $t {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        #[cfg(feature = "diesel")]
        impl<DB> diesel::deserialize::FromSql<diesel::sql_types::Text, DB> for $t
        where
            DB: diesel::backend::Backend,
            String: diesel::deserialize::FromSql<diesel::sql_types::Text, DB>,
        {
            fn from_sql(bytes: DB::RawValue<'_>) -> diesel::deserialize::Result<Self> {
                let word = String::from_sql(bytes)?;
                <$t as $crate::stored::TextEnum>::from_word(&word)
                    .ok_or_else(|| format!("unknown {} {word:?} in the database", stringify!($t)).into())
            }
        }

        #[cfg(feature = "diesel")]
        impl<DB> diesel::serialize::ToSql<diesel::sql_types::Text, DB> for $t
        where
            DB: diesel::backend::Backend,
            str: diesel::serialize::ToSql<diesel::sql_types::Text, DB>,
        {
            fn to_sql<'b>(&'b self, out: &mut diesel::serialize::Output<'b, '_, DB>) -> diesel::serialize::Result {
                <str as diesel::serialize::ToSql<diesel::sql_types::Text, DB>>::to_sql(self.as_str(), out)
            }
        }
    )*};
}
pub(crate) use text_enum;

/// With the `diesel` feature, maps a typed id to a BIGINT column on both backends.
macro_rules! diesel_id {
    ($($t:ty),* $(,)?) => {$(
        #[cfg(feature = "diesel")]
        impl<DB> diesel::deserialize::FromSql<diesel::sql_types::BigInt, DB> for $t
        where
            DB: diesel::backend::Backend,
            i64: diesel::deserialize::FromSql<diesel::sql_types::BigInt, DB>,
        {
            fn from_sql(bytes: DB::RawValue<'_>) -> diesel::deserialize::Result<Self> {
                i64::from_sql(bytes).map(Self)
            }
        }

        #[cfg(feature = "diesel")]
        impl<DB> diesel::serialize::ToSql<diesel::sql_types::BigInt, DB> for $t
        where
            DB: diesel::backend::Backend,
            i64: diesel::serialize::ToSql<diesel::sql_types::BigInt, DB>,
        {
            fn to_sql<'b>(&'b self, out: &mut diesel::serialize::Output<'b, '_, DB>) -> diesel::serialize::Result {
                <i64 as diesel::serialize::ToSql<diesel::sql_types::BigInt, DB>>::to_sql(&self.0, out)
            }
        }
    )*};
}
pub(crate) use diesel_id;

#[cfg(test)]
mod tests {
    use super::TextEnum;
    use crate::accountability::{Outcome, ResultStatus};
    use crate::budget::{BallotRule, BallotState, BudgetState, Feasibility, TallyRule};
    use crate::notification::{NotificationKind, NotificationReason};
    use crate::privacy::AccessKind;
    use crate::proposal::{AnswerState, ModerationState, ProposalState, Stance};
    use crate::report::{QuestionKind, ReportState, UpdateKind};
    use crate::Role;

    fn check<T: TextEnum + serde::Serialize + serde::de::DeserializeOwned>() {
        let mut seen = std::collections::HashSet::new();
        for v in T::VALUES {
            assert!(seen.insert(v.word()), "{v:?}: word listed twice");
            assert_eq!(T::from_word(v.word()), Some(*v));
            // The JSON name is the stored word, so the API and the database agree.
            assert_eq!(serde_json::to_value(v).ok(), Some(serde_json::Value::String(v.word().into())));
            let back: T = serde_json::from_value(serde_json::Value::String(v.word().into())).expect("own word reads");
            assert_eq!(back, *v);
        }
        assert_eq!(T::from_word("no-such-word"), None);
        assert_eq!(T::from_word(""), None);
    }

    #[test]
    fn every_stored_word_reads_back_and_is_its_json_name() {
        check::<ProposalState>();
        check::<AnswerState>();
        check::<Stance>();
        check::<ModerationState>();
        check::<BudgetState>();
        check::<BallotRule>();
        check::<TallyRule>();
        check::<Feasibility>();
        check::<BallotState>();
        check::<ReportState>();
        check::<QuestionKind>();
        check::<UpdateKind>();
        check::<Role>();
        check::<NotificationKind>();
        check::<NotificationReason>();
        check::<AccessKind>();
        check::<Outcome>();
        check::<ResultStatus>();
    }
}
