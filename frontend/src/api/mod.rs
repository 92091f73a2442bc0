//! Server functions: thin. Each builds the actor from the request, runs one command
//! and says where to go next. Every one is a public endpoint; authorization happens in
//! the command. `csrf` is checked by the server's middleware before the function runs;
//! it is an argument so the browser sends it with JavaScript on.

pub mod accountability;
pub mod accounts;
pub mod admin;
pub mod budgets;
pub mod moderation;
pub mod notifications;
pub mod privacy;
pub mod processes;
pub mod proposals;
pub mod reports;
pub mod staff;

pub use accounts::*;

/// What was typed, to refill a form after a failed no-JS post (never passwords).
#[cfg(feature = "ssr")]
pub(crate) fn echo(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect()
}

/// A form's optional id field: empty means none.
#[cfg(feature = "ssr")]
pub(crate) fn opt_id(raw: &Option<String>) -> Option<i64> {
    raw.as_deref().map(str::trim).filter(|s| !s.is_empty()).and_then(|s| s.parse().ok())
}

/// An HTML checkbox: present ("on", "true", "1") means checked.
#[cfg(feature = "ssr")]
pub(crate) fn checked(raw: &Option<String>) -> bool {
    matches!(raw.as_deref(), Some("on" | "true" | "1" | "yes"))
}
