//! Staff: the citizen-ID verification console (census, letters, the counter).

use super::*;

#[component]
pub fn VerificationConsolePage() -> impl IntoView {
    let data = Resource::new_blocking(|| (), |_| get_verification_console());
    let counter = ServerAction::<VerifyAtCounter>::new();
    let counter_error = form_outcome(counter);
    view! {
        <Title text=t("verification-console-title") />
        <nav aria-label=t("breadcrumb-label") class="breadcrumb">
            <a href="/admin">{t("admin-title")}</a>
        </nav>
        <Notice />
        <h1>{t("verification-console-title")}</h1>
        <p>{t("verification-console-intro")}</p>
        <Suspense fallback=Loading>
            {move || {
                data.get()
                    .map(|r| match r {
                        Err(e) => view! { <PageError error=e /> }.into_any(),
                        Ok(c) => {
                            let mut districts = vec![(String::new(), t("verification-choose-district"))];
                            districts.extend(c.districts.iter().map(|d| (d.id.to_string(), d.name.clone())));
                            let letter_districts = districts.clone();
                            view! {
                                <p>{t_args("verification-verified-count", &[("count", c.verified_accounts.into())])}</p>
                                <section aria-labelledby="counter-title" id="counter">
                                    <h2 id="counter-title">{t("verification-counter-title")}</h2>
                                    <p>{t("verification-counter-intro")}</p>
                                    <ActionForm action=counter attr:id="counter-form" attr:novalidate=true>
                                        <ErrorSummary error=counter_error form_id="counter-form" />
                                        <CsrfField />
                                        <Field
                                            form_id="counter-form"
                                            name="email"
                                            label="field-email"
                                            input_type="email"
                                            maxlength=254
                                            error=counter_error
                                        />
                                        <Field
                                            form_id="counter-form"
                                            name="number"
                                            label="privacy-census-number"
                                            maxlength=30
                                            error=counter_error
                                        />
                                        <Select
                                            form_id="counter-form"
                                            name="district_id"
                                            label="privacy-attr-district"
                                            options=districts
                                            required=true
                                            error=counter_error
                                        />
                                        <SubmitButton
                                            label="verification-counter-submit"
                                            pending=counter.pending().into()
                                        />
                                    </ActionForm>
                                </section>
                                {c
                                    .can_manage
                                    .then(|| {
                                        view! {
                                            <section aria-labelledby="census-title" id="census">
                                                <h2 id="census-title">{t("verification-census-title")}</h2>
                                                <p>
                                                    {match c.census_imported_at.clone() {
                                                        Some(at) => {
                                                            t_args(
                                                                "verification-census-loaded",
                                                                &[("count", c.census_rows.into()), ("at", at.into())],
                                                            )
                                                        }
                                                        None => t("verification-census-none"),
                                                    }}
                                                </p>
                                                <p class="hint">{t("verification-census-format")}</p>
                                                {query_error("census")}
                                                <form
                                                    method="post"
                                                    action=format!(
                                                        "/admin/verification/census?csrf={}",
                                                        use_page().csrf,
                                                    )
                                                    enctype="multipart/form-data"
                                                    id="census-form"
                                                >
                                                    <div class="field">
                                                        <label for="census-file">{t("verification-census-file")}</label>
                                                        <input
                                                            type="file"
                                                            id="census-file"
                                                            name="census"
                                                            accept=".csv,text/csv"
                                                            required=true
                                                        />
                                                    </div>
                                                    <button type="submit" class="button">
                                                        {t("verification-census-upload")}
                                                    </button>
                                                </form>
                                            </section>
                                            <section aria-labelledby="letters-title" id="letters">
                                                <h2 id="letters-title">{t("verification-letters-title")}</h2>
                                                <p>{t("verification-letters-intro")}</p>
                                                {(!c.letters.is_empty())
                                                    .then(|| {
                                                        view! {
                                                            <div class="table-wrap">
                                                                <table class="table">
                                                                    <caption>{t("verification-letters-title")}</caption>
                                                                    <thead>
                                                                        <tr>
                                                                            <th scope="col">{t("privacy-attr-district")}</th>
                                                                            <th scope="col">{t("verification-letters-issued")}</th>
                                                                            <th scope="col">{t("verification-letters-used")}</th>
                                                                            <th scope="col">{t("verification-letters-open")}</th>
                                                                        </tr>
                                                                    </thead>
                                                                    <tbody>
                                                                        {c
                                                                            .letters
                                                                            .iter()
                                                                            .map(|l| {
                                                                                view! {
                                                                                    <tr>
                                                                                        <th scope="row">{l.district.clone()}</th>
                                                                                        <td>{l.issued}</td>
                                                                                        <td>{l.used}</td>
                                                                                        <td>{l.open}</td>
                                                                                    </tr>
                                                                                }
                                                                            })
                                                                            .collect_view()}
                                                                    </tbody>
                                                                </table>
                                                            </div>
                                                        }
                                                    })}
                                                {query_error("letters")}
                                                <form
                                                    method="post"
                                                    action="/admin/verification/letters"
                                                    id="letters-form"
                                                >
                                                    <CsrfField />
                                                    <div class="field">
                                                        <label for="letters-district">
                                                            {t("privacy-attr-district")}
                                                        </label>
                                                        <select id="letters-district" name="district_id" required=true>
                                                            {letter_districts
                                                                .into_iter()
                                                                .map(|(v, l)| view! { <option value=v>{l}</option> })
                                                                .collect_view()}
                                                        </select>
                                                    </div>
                                                    <div class="field">
                                                        <label for="letters-count">
                                                            {t("verification-letters-count")}
                                                        </label>
                                                        <input
                                                            type="number"
                                                            id="letters-count"
                                                            name="count"
                                                            min=1
                                                            max=5000
                                                            value=100
                                                            required=true
                                                        />
                                                    </div>
                                                    <button type="submit" class="button">
                                                        {t("verification-letters-generate")}
                                                    </button>
                                                </form>
                                            </section>
                                        }
                                    })}
                            }
                                .into_any()
                        }
                    })
            }}
        </Suspense>
    }
}
