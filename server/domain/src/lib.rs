//! Yoriai's pure domain: typed ids, newtypes that parse (never merely validate),
//! roles and locales, error codes, and the one permission policy.
//!
//! No IO lives here, so the same rules run on the server and in the browser (wasm).

pub mod accountability;
pub mod budget;
pub mod city;
pub mod email;
pub mod error;
pub mod geo;
pub mod ids;
pub mod item;
pub mod locale;
pub mod name;
pub mod notification;
pub mod password;
pub mod pb;
pub mod policy;
pub mod privacy;
pub mod process;
pub mod proposal;
pub mod redirect;
pub mod report;
pub mod role;
pub mod search;
pub mod security;
pub mod stored;
pub mod text;

pub use email::Email;
pub use error::{ErrorCode, FieldError, FieldErrors, Rejection};
pub use ids::*;
pub use locale::Locale;
pub use name::DisplayName;
pub use password::Password;
pub use policy::{authorize, reach, Action, Actor, BudgetFacts, Denied, ProposalFacts, Reach, ReportFacts, UserActor};
pub use role::Role;
