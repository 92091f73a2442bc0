#![recursion_limit = "512"]
//! Yoriai's web pages: rendered on the server, hydrated in the browser, and fully
//! usable before (or without) the WebAssembly arriving.

pub mod api;
pub mod components;
pub mod context;
pub mod error;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod ssr;

use components::layout::Layout;
#[cfg(feature = "ssr")]
use context::CONTEXT_META_NAME;
use leptos::prelude::*;
use leptos_meta::{provide_meta_context, Title};
use leptos_router::components::{Route, Router, Routes};
use leptos_router::{path, SsrMode};
use pages::account::{AccountPage, ConfirmEmailChangePage, SignInCodePage, TwoFactorPage};
use pages::accountability::{
    AccountabilityListPage, AccountabilityResultPage, DashboardPage, DecisionListPage, DecisionPageView,
    NewDecisionPage, NewResultPage, OpenDataPageView, SearchPageView,
};
use pages::admin::{
    AdminHomePage, AdminNewProcessPage, AdminProcessPage, CitySettingsPageView, SignInProvidersPageView,
};
use pages::admin_budgets::{AdminBudgetPageView, AdminProjectPageView};
use pages::admin_reports::ReportSettingsPageView;
use pages::auth::{
    CheckEmailPage, ConfirmEmailPage, ExternalSignUpPage, ForgotPasswordPage, ResendConfirmationPage,
    ResetPasswordPage, SignInPage, SignUpPage,
};
use pages::budgets::{BudgetPageView, ProjectPageView, TallyPageView};
use pages::home::HomePage;
use pages::moderation::ModerationPage;
use pages::not_found::NotFound;
use pages::notice::{NoticeConsolePage, NoticePageView};
use pages::notifications::NotificationsPage;
use pages::privacy::{ConsentReceiptPage, MyDataPage, PersonalRecordPage, PrivacyPageView, VerificationConsolePage};
use pages::processes::{ProcessPage, ProcessesPage};
use pages::proposals::{EditProposalPage, NewProposalPage, ProposalListPage, ProposalPageView};
use pages::reports::{
    AlertsPageView, InboxPageView, NewReportPageView, ReportConfirmPage, ReportListPage, ReportPageView,
    ReporterContactPage, StopUpdatesPage,
};
use pages::staff::{ActionLogPageView, UsersPageView};

/// The application. Every route renders completely on the server before it is sent
/// (`SsrMode::Async`): out-of-order streaming would need JavaScript to show data.
#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    let site = context::site_name();
    view! {
        <Title formatter=move |text: String| head_text(
            if text.is_empty() { site.clone() } else { format!("{text} – {site}") },
        ) />
        <Router>
            <Layout>
                <Routes fallback=|| view! { <NotFound /> }>
                    <Route path=path!("/") view=HomePage ssr=SsrMode::Async />
                    <Route path=path!("/sign-up") view=SignUpPage ssr=SsrMode::Async />
                    <Route path=path!("/sign-up/check-email") view=CheckEmailPage ssr=SsrMode::Async />
                    <Route path=path!("/sign-in") view=SignInPage ssr=SsrMode::Async />
                    <Route path=path!("/sign-in/external") view=ExternalSignUpPage ssr=SsrMode::Async />
                    <Route path=path!("/sign-in/two-factor") view=SignInCodePage ssr=SsrMode::Async />
                    <Route path=path!("/account/two-factor") view=TwoFactorPage ssr=SsrMode::Async />
                    <Route path=path!("/confirm-email") view=ConfirmEmailPage ssr=SsrMode::Async />
                    <Route path=path!("/resend-confirmation") view=ResendConfirmationPage ssr=SsrMode::Async />
                    <Route path=path!("/forgot-password") view=ForgotPasswordPage ssr=SsrMode::Async />
                    <Route path=path!("/reset-password") view=ResetPasswordPage ssr=SsrMode::Async />
                    <Route path=path!("/account") view=AccountPage ssr=SsrMode::Async />
                    <Route path=path!("/account/confirm-email") view=ConfirmEmailChangePage ssr=SsrMode::Async />
                    <Route path=path!("/account/privacy") view=PrivacyPageView ssr=SsrMode::Async />
                    <Route path=path!("/account/privacy/receipt") view=ConsentReceiptPage ssr=SsrMode::Async />
                    <Route path=path!("/account/privacy/my-data") view=MyDataPage ssr=SsrMode::Async />
                    <Route path=path!("/privacy") view=NoticePageView ssr=SsrMode::Async />
                    <Route path=path!("/admin/privacy") view=NoticeConsolePage ssr=SsrMode::Async />
                    <Route path=path!("/admin/verification") view=VerificationConsolePage ssr=SsrMode::Async />
                    <Route path=path!("/admin/users/:id/personal") view=PersonalRecordPage ssr=SsrMode::Async />
                    <Route path=path!("/processes") view=ProcessesPage ssr=SsrMode::Async />
                    <Route path=path!("/processes/:slug") view=ProcessPage ssr=SsrMode::Async />
                    <Route path=path!("/processes/:slug/proposals") view=ProposalListPage ssr=SsrMode::Async />
                    <Route path=path!("/processes/:slug/proposals/new") view=NewProposalPage ssr=SsrMode::Async />
                    <Route path=path!("/proposals/:id") view=ProposalPageView ssr=SsrMode::Async />
                    <Route path=path!("/proposals/:id/edit") view=EditProposalPage ssr=SsrMode::Async />
                    <Route path=path!("/budgets/:id") view=BudgetPageView ssr=SsrMode::Async />
                    <Route path=path!("/budgets/:id/results") view=TallyPageView ssr=SsrMode::Async />
                    <Route path=path!("/projects/:id") view=ProjectPageView ssr=SsrMode::Async />
                    <Route path=path!("/reports") view=ReportListPage ssr=SsrMode::Async />
                    <Route path=path!("/reports/new") view=NewReportPageView ssr=SsrMode::Async />
                    <Route path=path!("/reports/confirm") view=ReportConfirmPage ssr=SsrMode::Async />
                    <Route path=path!("/reports/stop-updates") view=StopUpdatesPage ssr=SsrMode::Async />
                    <Route path=path!("/reports/:id") view=ReportPageView ssr=SsrMode::Async />
                    <Route path=path!("/reports/:id/contact") view=ReporterContactPage ssr=SsrMode::Async />
                    <Route path=path!("/inbox") view=InboxPageView ssr=SsrMode::Async />
                    <Route path=path!("/alerts") view=AlertsPageView ssr=SsrMode::Async />
                    <Route path=path!("/admin/reports") view=ReportSettingsPageView ssr=SsrMode::Async />
                    <Route path=path!("/notifications") view=NotificationsPage ssr=SsrMode::Async />
                    <Route path=path!("/decisions") view=DecisionListPage ssr=SsrMode::Async />
                    <Route path=path!("/decisions/new") view=NewDecisionPage ssr=SsrMode::Async />
                    <Route path=path!("/decisions/:id") view=DecisionPageView ssr=SsrMode::Async />
                    <Route path=path!("/results") view=AccountabilityListPage ssr=SsrMode::Async />
                    <Route path=path!("/results/new") view=NewResultPage ssr=SsrMode::Async />
                    <Route path=path!("/results/:id") view=AccountabilityResultPage ssr=SsrMode::Async />
                    <Route path=path!("/dashboard") view=DashboardPage ssr=SsrMode::Async />
                    <Route path=path!("/search") view=SearchPageView ssr=SsrMode::Async />
                    <Route path=path!("/open-data") view=OpenDataPageView ssr=SsrMode::Async />
                    <Route path=path!("/admin/log") view=ActionLogPageView ssr=SsrMode::Async />
                    <Route path=path!("/admin/users") view=UsersPageView ssr=SsrMode::Async />
                    <Route path=path!("/moderation") view=ModerationPage ssr=SsrMode::Async />
                    <Route path=path!("/admin") view=AdminHomePage ssr=SsrMode::Async />
                    <Route path=path!("/admin/settings") view=CitySettingsPageView ssr=SsrMode::Async />
                    <Route path=path!("/admin/sign-in") view=SignInProvidersPageView ssr=SsrMode::Async />
                    <Route path=path!("/admin/processes/new") view=AdminNewProcessPage ssr=SsrMode::Async />
                    <Route path=path!("/admin/processes/:id") view=AdminProcessPage ssr=SsrMode::Async />
                    <Route path=path!("/admin/budgets/:id") view=AdminBudgetPageView ssr=SsrMode::Async />
                    <Route path=path!("/admin/projects/:id") view=AdminProjectPageView ssr=SsrMode::Async />
                </Routes>
            </Layout>
        </Router>
    }
}

/// The document title as it goes into `<head>`. leptos_meta 0.8 writes the server's
/// `<title>` into the HTML as it is given, so titles made of what residents typed are
/// escaped here; in the browser the same text becomes `document.title`, which is plain
/// text and must not be escaped.
fn head_text(text: String) -> String {
    #[cfg(feature = "ssr")]
    {
        yoriai_domain::text::escape(&text)
    }
    #[cfg(not(feature = "ssr"))]
    {
        text
    }
}

/// The HTML document around the app, rendered on the server only.
#[cfg(feature = "ssr")]
pub fn shell(options: LeptosOptions) -> impl IntoView {
    use leptos::hydration::HydrationScripts;
    use leptos_meta::MetaTags;
    let page = ssr::request_context().map(|c| {
        provide_context(leptos::nonce::Nonce::from_value(c.nonce.clone()));
        c.page_context()
    });
    let page = page.unwrap_or_else(|_| context::use_page());
    provide_context(page.clone());
    let json = serde_json::to_string(&page).unwrap_or_default();
    let needs: Vec<String> = page.needs.iter().map(|n| format!("need-{}", n.replace('_', "-"))).collect();
    let needs = (!needs.is_empty()).then(|| needs.join(" "));
    view! {
        <!DOCTYPE html>
        <html lang=page.locale.as_str() class=needs>
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <meta name=CONTEXT_META_NAME content=json />
                <link rel="stylesheet" href="/assets/main.css" />
                {page
                    .brand
                    .as_deref()
                    .map(|hex| {
                        let hex = hex.trim_start_matches('#');
                        view! { <link rel="stylesheet" href=format!("/city.css?brand={hex}") /> }
                    })}
                <link rel="icon" href="/assets/favicon.svg" type="image/svg+xml" />
                <script defer src="/assets/map.js"></script>
                <HydrationScripts options />
                <MetaTags />
            </head>
            <body>
                <App />
            </body>
        </html>
    }
}

/// Browser entry point: read the server's page context, then hydrate.
#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    let page = context::PageContext::from_document();
    leptos::mount::hydrate_body(move || {
        if let Some(page) = page {
            provide_context(page);
        }
        view! { <App /> }
    });
    // Browser tests wait for this before clicking: before hydration, clicks only
    // follow links and submit forms the plain way.
    if let Some(root) = document().document_element() {
        let _ = root.set_attribute("data-hydrated", "true");
    }
}
