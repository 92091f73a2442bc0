//! Participatory budgeting: the Pabulib format and tally rules (pure, exact arithmetic).
//!
//! * [`parse`] / [`parse_bytes`] read a Pabulib (`.pb`) file into an [`Instance`];
//!   [`check`] lists every [`Problem`] (line, stable [`Code`], English detail);
//!   [`write()`] exports an instance again.
//! * [`tally`] runs one [`Rule`] (greedy, Method of Equal Shares and its Add1
//!   completions, sequential Phragmén) and returns an [`Outcome`]. The rules follow
//!   the conformance spec (`RULES.md` of the Pabulib test data) and reproduce
//!   pabutools 1.2.3 outcomes exactly: all arithmetic is exact (integers and
//!   rationals, see [`Rational`]); ties go to the smallest project id string in
//!   byte order (`"10" < "2"`).
//! * An [`Instance`] can also be built in memory from the application's own
//!   ballots; nothing here does IO, so the module compiles to wasm.
//!
//! Long operations take an optional progress callback (`&mut dyn FnMut(Progress)`)
//! so a CLI can draw a progress bar.

mod csv;
mod decimal;
mod instance;
mod parse;
mod rational;
mod rules;
mod write;

pub use decimal::{Decimal, DecimalError};
pub use instance::{Instance, Limits, Project, UnknownVoteType, VoteType, Voter};
/// Re-exported because [`Rational::numer`]/[`Rational::denom`] return it.
pub use num_bigint::BigInt;
pub use parse::{
    check, check_bytes, parse, parse_bytes, parse_bytes_with_progress, parse_with_progress, Code, ParseErrors, Problem,
    Severity,
};
pub use rational::{ParseRationalError, Rational};
pub use rules::{tally, tally_many, Add1Details, Add1Stop, Outcome, Rule, TallyError, UnknownRule};
pub use write::write;

/// Progress of a long operation, passed to the optional callback.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Progress {
    /// Parsing: `bytes_done` of `bytes_total` bytes read (reported about every MiB and at the end).
    Parse {
        /// Bytes read so far.
        bytes_done: u64,
        /// Input size.
        bytes_total: u64,
    },
    /// A tally advanced: for MES and Phragmén a step is a funded project; for the
    /// Add1 variants a step is one per-voter budget of the scan (budgets shown to
    /// keep the outcome are skipped, so the count may jump).
    Tally {
        /// The rule being computed.
        rule: Rule,
        /// Steps done so far.
        steps_done: u64,
        /// Upper bound on the number of steps, when known.
        steps_total: Option<u64>,
    },
}
