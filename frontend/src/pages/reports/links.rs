//! Pages reached from emailed links: confirming a report, stopping its updates.

use super::*;

/// The emailed link of a report made without an account: one button sends it.
#[component]
pub fn ReportConfirmPage() -> impl IntoView {
    let query = use_query_map();
    let token = move || query.read().get("token").unwrap_or_default();
    let action = ServerAction::<ConfirmReport>::new();
    let error = form_outcome(action);
    let pending: Signal<bool> = action.pending().into();
    view! {
        <Title text=t("report-confirm-title") />
        <h1>{t("report-confirm-title")}</h1>
        <p>{t("report-confirm-body")}</p>
        <ActionForm action attr:id="confirm-report">
            <ErrorSummary error form_id="confirm-report" />
            <CsrfField />
            <input type="hidden" name="token" value=token />
            <SubmitButton label="report-confirm-button" pending />
        </ActionForm>
    }
}

/// The "stop emails about this report" link.
#[component]
pub fn StopUpdatesPage() -> impl IntoView {
    let query = use_query_map();
    let token = move || query.read().get("token").unwrap_or_default();
    let action = ServerAction::<StopReportUpdates>::new();
    let error = form_outcome(action);
    let pending: Signal<bool> = action.pending().into();
    view! {
        <Title text=t("report-stop-title") />
        <h1>{t("report-stop-title")}</h1>
        <p>{t("report-stop-body")}</p>
        <ActionForm action attr:id="stop-updates">
            <ErrorSummary error form_id="stop-updates" />
            <CsrfField />
            <input type="hidden" name="token" value=token />
            <SubmitButton label="report-stop-button" pending />
        </ActionForm>
    }
}
