//! The consent receipt: what the resident agreed to, and when.

use super::*;

#[component]
pub fn ConsentReceiptPage() -> impl IntoView {
    if use_page().user.is_none() {
        return view! { <Redirect path="/sign-in?next=/account/privacy/receipt" /> }.into_any();
    }
    let data = Resource::new_blocking(|| (), |_| get_consent_receipt());
    view! {
        <Title text=t("privacy-receipt-title") />
        <nav aria-label=t("breadcrumb-label") class="breadcrumb">
            <a href="/account/privacy">{t("privacy-title")}</a>
        </nav>
        <h1>{t("privacy-receipt-title")}</h1>
        <Suspense fallback=Loading>
            {move || {
                data.get()
                    .map(|r| match r {
                        Err(e) => view! { <PageError error=e /> }.into_any(),
                        Ok(rc) => {
                            view! {
                                <dl class="details">
                                    <dt>{t("privacy-receipt-account")}</dt>
                                    <dd>{rc.account.clone()}</dd>
                                    <dt>{t("privacy-receipt-generated")}</dt>
                                    <dd>{rc.generated_at.clone()}</dd>
                                    <dt>{t("privacy-receipt-notice")}</dt>
                                    <dd>{rc.notice_version}</dd>
                                    <dt>{t("privacy-receipt-granted")}</dt>
                                    <dd>
                                        {if rc.granted.is_empty() {
                                            t("privacy-receipt-none")
                                        } else {
                                            rc.granted
                                                .iter()
                                                .map(|p| t(&key("purpose", p)))
                                                .collect::<Vec<_>>()
                                                .join(&t("list-separator"))
                                        }}
                                    </dd>
                                </dl>
                                <div class="table-wrap">
                                    <table class="table">
                                        <caption>{t("privacy-receipt-history")}</caption>
                                        <thead>
                                            <tr>
                                                <th scope="col">{t("log-col-when")}</th>
                                                <th scope="col">{t("privacy-receipt-purpose")}</th>
                                                <th scope="col">{t("privacy-receipt-choice")}</th>
                                                <th scope="col">{t("privacy-receipt-notice")}</th>
                                            </tr>
                                        </thead>
                                        <tbody>
                                            {rc
                                                .history
                                                .into_iter()
                                                .map(|h| {
                                                    view! {
                                                        <tr>
                                                            <td>{h.at}</td>
                                                            <td>{t(&key("purpose", &h.purpose))}</td>
                                                            <td>
                                                                {if h.granted { t("privacy-on") } else { t("privacy-off") }}
                                                            </td>
                                                            <td>{h.notice_version}</td>
                                                        </tr>
                                                    }
                                                })
                                                .collect_view()}
                                        </tbody>
                                    </table>
                                </div>
                                <p>
                                    <a href="/account/privacy/receipt.json" download="yoriai-consent-receipt.json">
                                        {t("privacy-receipt-json")}
                                    </a>
                                </p>
                            }
                                .into_any()
                        }
                    })
            }}
        </Suspense>
    }
    .into_any()
}
