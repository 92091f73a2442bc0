//! Participatory processes: the staff commands that shape them and the queries that
//! show them.

mod manage;
mod view;

pub use manage::*;
pub use view::*;
