pub mod form;
pub mod head;
pub mod layout;
pub mod notice;
