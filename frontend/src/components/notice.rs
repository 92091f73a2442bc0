//! One-line confirmations after a form ("Your password has been changed"), carried in
//! the `notice` query parameter so they survive the redirect of a no-JS form post.

use crate::context::{t, t_args, use_page};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// The message of a notice code; unknown codes show nothing.
fn message(code: &str, n: i64) -> Option<String> {
    let page = use_page();
    Some(match code {
        "signed-in" => t("sign-in-done"),
        "signed-out" => t("sign-out-done"),
        "email-confirmed" => format!("{} {}", t("confirm-done-title"), t("confirm-done-body")),
        "confirmation-sent" => t("resend-done"),
        "reset-sent" => t_args("forgot-done", &[("minutes", page.reset_minutes.into())]),
        "password-reset" => format!("{} {}", t("reset-done-title"), t("reset-done-body")),
        "password-changed" => t("account-password-done"),
        "email-change-sent" => t("account-email-done"),
        "email-changed" => t("account-email-confirm-done"),
        "others-signed-out" => t_args("account-sign-out-others-done", &[("count", n.into())]),
        "answers-published" => t_args("notice-answers-published", &[("count", n.into())]),
        "draft-saved"
        | "proposal-saved"
        | "published"
        | "withdrawn"
        | "supported"
        | "support-withdrawn"
        | "following"
        | "not-following"
        | "commented"
        | "comment-saved"
        | "comment-deleted"
        | "voted"
        | "reported"
        | "answered"
        | "image-added"
        | "image-removed"
        | "notifications-read"
        | "settings-saved"
        | "content-hidden"
        | "content-restored"
        | "user-blocked"
        | "process-saved"
        | "phase-saved"
        | "phase-deleted"
        | "phase-switched"
        | "category-added"
        | "process-role-granted"
        | "process-role-revoked"
        | "category-deleted"
        | "state-added"
        | "ballot-confirmed"
        | "ballot-reopened"
        | "budget-created"
        | "budget-saved"
        | "budget-deleted"
        | "budget-informing"
        | "budget-voting"
        | "budget-closed"
        | "budget-published"
        | "budget-imported"
        | "results-recomputed"
        | "heading-saved"
        | "heading-deleted"
        | "project-saved"
        | "project-deleted"
        | "proposal-promoted"
        | "project-valuated"
        | "report-created"
        | "report-check-email"
        | "report-confirmed"
        | "updates-stopped"
        | "me-too"
        | "report-reopened"
        | "report-updated"
        | "note-added"
        | "report-assigned"
        | "report-moved"
        | "report-merged"
        | "photo-added"
        | "alert-created"
        | "alert-deleted"
        | "key-created"
        | "decision-published"
        | "decision-saved"
        | "document-added"
        | "document-removed"
        | "result-saved"
        | "update-added"
        | "kpi-added"
        | "kpi-removed"
        | "population-saved"
        | "export-started"
        | "role-changed"
        | "consent-given"
        | "consent-withdrawn"
        | "verified"
        | "verification-revoked"
        | "counter-verified"
        | "privacy-notice-published"
        | "city-settings-saved"
        | "appearance-saved"
        | "attributes-saved"
        | "account-deleted"
        | "external-linked"
        | "external-unlinked"
        | "two-factor-on"
        | "two-factor-off"
        | "recovery-codes-renewed" => t(&format!("notice-{code}")),
        "districts-imported" => t_args("notice-districts-imported", &[("count", n.into())]),
        "census-imported" => t_args("notice-census-imported", &[("count", n.into())]),
        _ => return None,
    })
}

#[component]
pub fn Notice() -> impl IntoView {
    let query = use_query_map();
    move || {
        let q = query.get();
        let code = q.get("notice")?;
        let n = q.get("n").and_then(|n| n.parse().ok()).unwrap_or(0);
        message(&code, n).map(|m| {
            view! {
                <div class="notice" role="status">
                    <p>{m}</p>
                </div>
            }
        })
    }
}
