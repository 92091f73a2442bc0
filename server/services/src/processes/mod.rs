//! Participatory processes: the staff commands that shape them and the queries that
//! show them.

mod manage;
pub mod roles;
mod view;

pub use manage::*;
pub use view::*;
