//! Staff: looking at a resident's personal data, with a stated reason.

use super::*;

#[component]
pub fn PersonalRecordPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let user_id = move || params.read().get("id").and_then(|i| i.parse::<UserId>().ok()).unwrap_or_default();
    let reason = move || query.read().get("reason").unwrap_or_default();
    let csrf = move || query.read().get("csrf").unwrap_or_default();
    let data = Resource::new_blocking(
        move || (user_id(), reason(), csrf()),
        |(id, r, c)| async move {
            if r.trim().is_empty() {
                None
            } else {
                Some(get_personal_record(id, r, c).await)
            }
        },
    );
    view! {
        <Title text=t("personal-title") />
        <nav aria-label=t("breadcrumb-label") class="breadcrumb">
            <a href="/admin/users">{t("users-title")}</a>
        </nav>
        <h1>{t("personal-title")}</h1>
        <p>{t("personal-intro")}</p>
        <Suspense fallback=Loading>
            {move || {
                data.get()
                    .map(|r| match r {
                        None => {
                            view! {
                                <form
                                    method="get"
                                    action=format!("/admin/users/{}/personal", user_id())
                                    id="reason-form"
                                >
                                    <CsrfField />
                                    <div class="field">
                                        <label for="reason-form-reason">{t("personal-reason")}</label>
                                        <p class="hint" id="reason-hint">
                                            {t("personal-reason-hint")}
                                        </p>
                                        <input
                                            type="text"
                                            id="reason-form-reason"
                                            name="reason"
                                            required=true
                                            minlength=5
                                            maxlength=300
                                            aria-describedby="reason-hint"
                                        />
                                    </div>
                                    <button type="submit" class="button">
                                        {t("personal-show")}
                                    </button>
                                </form>
                            }
                                .into_any()
                        }
                        Some(Err(e)) => view! { <PageError error=e /> }.into_any(),
                        Some(Ok(p)) => {
                            view! {
                                <p class="notice">{t("personal-logged")}</p>
                                <dl class="details">
                                    <dt>{t("field-display-name")}</dt>
                                    <dd>{p.display_name.clone()}</dd>
                                    <dt>{t("field-email")}</dt>
                                    <dd>{p.email.clone()}</dd>
                                    <dt>{t("privacy-verification-title")}</dt>
                                    <dd>
                                        {p
                                            .verification
                                            .as_ref()
                                            .map(verification_text)
                                            .unwrap_or_else(|| t("personal-not-verified"))}
                                    </dd>
                                    <dt>{t("privacy-attr-district")}</dt>
                                    <dd>{p.district.clone().unwrap_or_else(|| t("privacy-not-given"))}</dd>
                                    <dt>{t("privacy-attr-age")}</dt>
                                    <dd>
                                        {p
                                            .age_band
                                            .clone()
                                            .map(|a| t(&key("age-band", &a)))
                                            .unwrap_or_else(|| t("privacy-not-given"))}
                                    </dd>
                                    <dt>{t("personal-purposes")}</dt>
                                    <dd>
                                        {if p.granted.is_empty() {
                                            t("privacy-receipt-none")
                                        } else {
                                            p.granted
                                                .iter()
                                                .map(|g| t(&key("purpose", g)))
                                                .collect::<Vec<_>>()
                                                .join(&t("list-separator"))
                                        }}
                                    </dd>
                                </dl>
                            }
                                .into_any()
                        }
                    })
            }}
        </Suspense>
    }
}
