//! What every page needs to know about the request, identical on the server and in
//! the browser so hydration matches: the language, who is signed in, the CSRF token.
//!
//! The server renders it into a `<meta name="yoriai-context">` tag; the browser reads it
//! back before hydrating. No request is needed to start the app.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use yoriai_domain::{Action, Actor, Locale, ProcessId, Role, UserActor, UserId};
use yoriai_i18n::Arg;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PageUser {
    pub display_name: String,
    pub role: Role,
    /// Staff roles held in single processes (in force: after two-step sign-in).
    #[serde(default)]
    pub process_roles: Vec<(ProcessId, Role)>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PageContext {
    pub locale: Locale,
    pub user: Option<PageUser>,
    /// Put in every state-changing form (field `csrf`).
    pub csrf: String,
    /// Link lifetimes, for the messages that mention them.
    pub confirm_hours: i64,
    pub reset_minutes: i64,
    /// Unread notifications of the signed-in account.
    #[serde(default)]
    pub unread: i64,
    /// Accessibility needs the pages adapt to (`larger_text`, …), with consent.
    #[serde(default)]
    pub needs: Vec<String>,
    /// External sign-in providers: (id, label).
    #[serde(default)]
    pub providers: Vec<(String, String)>,
    /// A staff account that must sign in with two-step sign-in to act as staff.
    #[serde(default)]
    pub two_factor_missing: bool,
    /// What was typed into the form that was just refused (no JavaScript): the page
    /// puts it back into the fields of the form whose error it shows.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub echo: Vec<(String, String)>,
    /// The city's own name in this language, if its administrators set one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub city_name: Option<String>,
    /// The city's brand colour `#rrggbb`, if set (the page links `/city.css` for it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub brand: Option<String>,
}

impl PageContext {
    /// The signed-in account as the policy sees it, for deciding what to show (the
    /// command asks the policy again, with the real account, when a form is sent).
    pub fn actor(&self) -> Actor {
        match &self.user {
            Some(u) => Actor::User(UserActor::new(UserId(0), u.role).with_process_roles(u.process_roles.clone())),
            None => Actor::Anonymous,
        }
    }

    /// Whether the account may do `action`.
    pub fn may(&self, action: &Action) -> bool {
        yoriai_domain::authorize(&self.actor(), action).is_ok()
    }

    /// Whether the account may do a process-scoped action anywhere: platform-wide or in
    /// one of its processes.
    pub fn may_somewhere(&self, action: impl Fn(Option<ProcessId>) -> Action) -> bool {
        yoriai_domain::reach(&self.actor(), action).is_ok()
    }
}

pub const CONTEXT_META_NAME: &str = "yoriai-context";

impl PageContext {
    /// Reads the context the server rendered into the page.
    #[cfg(feature = "hydrate")]
    pub fn from_document() -> Option<PageContext> {
        let meta = document().query_selector(&format!("meta[name={CONTEXT_META_NAME}]")).ok()??;
        let json = meta.get_attribute("content")?;
        serde_json::from_str(&json).ok()
    }
}

pub fn use_page() -> PageContext {
    use_context::<PageContext>().unwrap_or_else(|| PageContext {
        locale: Locale::default(),
        user: None,
        csrf: String::new(),
        confirm_hours: 48,
        reset_minutes: 60,
        unread: 0,
        needs: Vec::new(),
        providers: Vec::new(),
        two_factor_missing: false,
        echo: Vec::new(),
        city_name: None,
        brand: None,
    })
}

/// The site's name: the city's own, else the product's.
pub fn site_name() -> String {
    use_page().city_name.unwrap_or_else(|| t("site-name"))
}

/// The message `key` in the page's language.
pub fn t(key: &str) -> String {
    yoriai_i18n::t(use_page().locale, key)
}

/// The message `key` with arguments.
pub fn t_args(key: &str, args: &[(&str, Arg)]) -> String {
    yoriai_i18n::t_args(use_page().locale, key, args)
}
