//! Server functions: thin. Each builds the actor from the request, runs one command
//! and says where to go next. Every one is a public endpoint; authorization happens in
//! the command. CSRF is the server middleware's job, never an argument: a form without
//! JavaScript carries the hidden `csrf` field, and the hydrated page sends the same token
//! in the `X-CSRF-Token` header through [`CsrfHeader`], the client every state-changing
//! server function names (`tests/api/shape.rs` checks that each one does).

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

use leptos::server_fn::client::{browser::BrowserClient, Client};
use leptos::server_fn::error::FromServerFnError;
use leptos::server_fn::request::browser::BrowserRequest;
use leptos::server_fn::response::browser::BrowserResponse;

/// The browser's `fetch`, with the page's CSRF token in the `X-CSRF-Token` header (the
/// token the server rendered into the page context). On the server it is never used:
/// server functions called during rendering run in place.
pub struct CsrfHeader;

impl<E, I, O> Client<E, I, O> for CsrfHeader
where
    E: FromServerFnError,
    I: FromServerFnError,
    O: FromServerFnError,
{
    type Request = BrowserRequest;
    type Response = BrowserResponse;

    fn send(req: Self::Request) -> impl std::future::Future<Output = Result<Self::Response, E>> + Send {
        #[cfg(feature = "hydrate")]
        if let Some(page) = crate::context::PageContext::from_document() {
            req.headers().set("x-csrf-token", &page.csrf);
        }
        <BrowserClient as Client<E, I, O>>::send(req)
    }

    fn open_websocket(
        path: &str,
    ) -> impl std::future::Future<
        Output = Result<
            (
                impl futures::Stream<Item = Result<leptos::server_fn::Bytes, leptos::server_fn::Bytes>> + Send + 'static,
                impl futures::Sink<leptos::server_fn::Bytes> + Send + 'static,
            ),
            E,
        >,
    > + Send {
        <BrowserClient as Client<E, I, O>>::open_websocket(path)
    }

    fn spawn(future: impl std::future::Future<Output = ()> + Send + 'static) {
        <BrowserClient as Client<E, I, O>>::spawn(future)
    }
}

/// What was typed, to refill a form after a failed no-JS post (never passwords).
#[cfg(feature = "ssr")]
pub(crate) fn echo(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect()
}

/// What was typed, read off a form's input struct (see `yoriai_views::input`): each
/// field under its own name, numbers as text, a ticked box as "on", an emptied choice as
/// "" (so the refilled form does not fall back to the saved value). A field whose name
/// says password, and a citizen number, birth date or token, is never kept.
#[cfg(feature = "ssr")]
pub(crate) fn echo_of<T: serde::Serialize>(input: &T) -> Vec<(String, String)> {
    use serde_json::Value;
    const NEVER_KEPT: &[&str] = &["number", "birth_date", "token"];
    let Ok(Value::Object(fields)) = serde_json::to_value(input) else { return Vec::new() };
    fields
        .into_iter()
        .filter(|(name, _)| {
            !name.contains("password") && !name.contains("secret") && !NEVER_KEPT.contains(&name.as_str())
        })
        .filter_map(|(name, value)| match value {
            Value::String(s) => Some((name, s)),
            Value::Number(n) => Some((name, n.to_string())),
            Value::Bool(true) => Some((name, "on".to_owned())),
            Value::Null => Some((name, String::new())),
            _ => None,
        })
        .collect()
}

/// A form's optional id field: empty means none.
#[cfg(feature = "ssr")]
pub(crate) fn opt_id<T: std::str::FromStr>(raw: &Option<String>) -> Option<T> {
    raw.as_deref().map(str::trim).filter(|s| !s.is_empty()).and_then(|s| s.parse().ok())
}

/// An HTML checkbox: present ("on", "true", "1") means checked.
#[cfg(feature = "ssr")]
pub(crate) fn checked(raw: &Option<String>) -> bool {
    matches!(raw.as_deref(), Some("on" | "true" | "1" | "yes"))
}
