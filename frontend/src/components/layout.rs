//! The page frame: skip link, header with navigation and language switch, main
//! landmark, footer. Sign-out and the language switch are plain forms: they change
//! who or what the whole page is for, so a full page load is what we want anyway.

use crate::components::form::CsrfField;
use crate::context::{site_name, t, t_args, use_page};
use leptos::prelude::*;
use leptos_router::hooks::use_location;
use yoriai_domain::Locale;

#[component]
pub fn Layout(children: Children) -> impl IntoView {
    let page = use_page();
    use yoriai_domain::Action;
    // What the policy lets the account do, platform-wide or in one of its processes.
    let moderator = page.may_somewhere(|process| Action::Moderate { process });
    let admin = page.may_somewhere(|p| p.map_or(Action::ManageProcesses, |process| Action::ManageProcess { process }));
    let department = page.may(&Action::ViewInbox);
    let unread = page.unread;
    let nav = match &page.user {
        Some(user) => view! {
            <li>
                <a href="/notifications">
                    {t("nav-notifications")}
                    {(unread > 0)
                        .then(|| {
                            view! {
                                " "
                                <span class="count-badge">{unread}</span>
                                <span class="visually-hidden">{t_args("nav-unread", &[("count", unread.into())])}</span>
                            }
                        })}
                </a>
            </li>
            {department
                .then(|| {
                    view! {
                        <li>
                            <a href="/inbox">{t("nav-inbox")}</a>
                        </li>
                    }
                })}
            {moderator
                .then(|| {
                    view! {
                        <li>
                            <a href="/moderation">{t("nav-moderation")}</a>
                        </li>
                    }
                })}
            {admin
                .then(|| {
                    view! {
                        <li>
                            <a href="/admin">{t("nav-admin")}</a>
                        </li>
                    }
                })}
            <li>
                <a href="/account">{t("nav-account")}</a>
            </li>
            <li>
                <form method="post" action="/sign-out" class="inline-form">
                    <CsrfField />
                    <button type="submit" class="link-button">
                        {t("nav-sign-out")}
                    </button>
                </form>
            </li>
            <li class="signed-in-as">{t_args("signed-in-as", &[("name", user.display_name.clone().into())])}</li>
        }
        .into_any(),
        None => view! {
            <li>
                <a href="/sign-in">{t("nav-sign-in")}</a>
            </li>
            <li>
                <a href="/sign-up">{t("nav-sign-up")}</a>
            </li>
        }
        .into_any(),
    };
    view! {
        // `target="_self"`: the browser follows the link itself and moves the keyboard
        // focus to <main>; the router would only scroll.
        <a class="skip-link" href="#main" target="_self">
            {t("skip-to-content")}
        </a>
        <header class="site-header">
            <div class="wrap header-row">
                <a class="brand" href="/">
                    {site_name()}
                </a>
                <nav aria-label=t("nav-main-label")>
                    <ul class="nav-list">
                        <li>
                            <a href="/">{t("nav-home")}</a>
                        </li>
                        <li>
                            <a href="/processes">{t("nav-processes")}</a>
                        </li>
                        <li>
                            <a href="/reports">{t("nav-reports")}</a>
                        </li>
                        <li>
                            <a href="/decisions">{t("nav-decisions")}</a>
                        </li>
                        <li>
                            <a href="/dashboard">{t("nav-dashboard")}</a>
                        </li>
                        <li>
                            <a href="/search">{t("nav-search")}</a>
                        </li>
                        <li>
                            <a href="/open-data">{t("nav-open-data")}</a>
                        </li>
                        {nav}
                    </ul>
                </nav>
                <LanguageSwitch />
            </div>
        </header>
        <main id="main" tabindex="-1" class="wrap">
            {use_page()
                .two_factor_missing
                .then(|| {
                    view! {
                        <div class="notice warning" role="status">
                            <p>
                                {t("two-factor-missing")} " "
                                <a href="/account/two-factor">{t("two-factor-set-up-link")}</a>
                            </p>
                        </div>
                    }
                })}
            {children()}
        </main>
        <footer class="site-footer">
            <div class="wrap">
                <p>{t("footer-text")}</p>
                <p>{t("footer-privacy")} " " <a href="/privacy">{t("privacy-notice-title")}</a></p>
            </div>
        </footer>
    }
}

/// A form per language, posting to `/language` with the page to come back to.
#[component]
fn LanguageSwitch() -> impl IntoView {
    let page = use_page();
    let location = use_location();
    let next = move || {
        let search = location.search.get();
        let path = location.pathname.get();
        if search.is_empty() {
            path
        } else {
            format!("{path}?{search}")
        }
    };
    let buttons = Locale::ALL
        .iter()
        .map(|l| {
            let current = *l == page.locale;
            view! {
                <button
                    type="submit"
                    name="lang"
                    value=l.as_str()
                    lang=l.as_str()
                    class="lang-button"
                    aria-pressed=if current { "true" } else { "false" }
                >
                    {l.native_name()}
                </button>
            }
        })
        .collect_view();
    view! {
        <form method="post" action="/language" class="language-switch" aria-label=t("language-switch-label")>
            <CsrfField />
            <input type="hidden" name="next" value=next />
            <span class="visually-hidden">{t("language-switch-label")}</span>
            {buttons}
        </form>
    }
}
