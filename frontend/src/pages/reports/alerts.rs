//! Area alerts: reports near a place or in a district, by email.

use super::*;

#[component]
pub fn AlertsPageView() -> impl IntoView {
    let locale = use_page().locale;
    if use_page().user.is_none() {
        return view! { <leptos_router::components::Redirect path="/sign-in?next=/alerts" /> }.into_any();
    }
    // Every create or delete bumps `refresh`, so the list reloads each time (the URL's
    // notice stays the same from the second time on).
    let refresh = RwSignal::new(0u32);
    let data = Resource::new_blocking(move || refresh.get(), |_| get_alerts());
    let create = ServerAction::<CreateAlert>::new();
    let delete = ServerAction::<DeleteAlert>::new();
    let error = form_outcome_then(create, Some(refresh));
    let delete_error = form_outcome_then(delete, Some(refresh));
    let pending: Signal<bool> = create.pending().into();
    view! {
        <Title text=t("alerts-title") />
        <Notice />
        <h1>{t("alerts-title")}</h1>
        <p class="lead">{t("alerts-intro")}</p>
        <Suspense fallback=Loading>
            {move || {
                data.get()
                    .map(|r| match r {
                        Err(e) => view! { <PageError error=e /> }.into_any(),
                        Ok(page) => {
                            let dist_opts = named_options(&page.districts, locale, Some(t("alerts-no-district")));
                            let radius_opts: Vec<(String, String)> = [200, 500, 1000, 2000]
                                .iter()
                                .map(|r| (r.to_string(), t_args("report-distance-m", &[("m", i64::from(*r).into())])))
                                .collect();
                            view! {
                                <ErrorSummary error=delete_error form_id="alert-delete" />
                                {if page.alerts.is_empty() {
                                    view! { <p>{t("alerts-none")}</p> }.into_any()
                                } else {
                                    view! {
                                        <ul class="alerts">
                                            {page
                                                .alerts
                                                .iter()
                                                .map(|a| {
                                                    let aid = a.id;
                                                    let what = match (
                                                        &a.district,
                                                        a.latitude,
                                                        a.longitude,
                                                        a.radius_m,
                                                    ) {
                                                        (Some(d), ..) => d.get(locale).to_owned(),
                                                        (None, Some(lat), Some(lon), Some(r)) => {
                                                            t_args(
                                                                "alerts-around",
                                                                &[
                                                                    ("lat", format!("{lat:.4}").into()),
                                                                    ("lon", format!("{lon:.4}").into()),
                                                                    ("m", i64::from(r).into()),
                                                                ],
                                                            )
                                                        }
                                                        _ => String::new(),
                                                    };
                                                    view! {
                                                        <li>
                                                            {what} " · "
                                                            <a href=a.feed.clone()>{t("report-feed-atom")}</a> " "
                                                            <ActionForm action=delete attr:class="inline-form">
                                                                <CsrfField />
                                                                <input type="hidden" name="id" value=aid.to_string() />
                                                                <button type="submit" class="link-button danger">
                                                                    {t("alerts-delete")}
                                                                </button>
                                                            </ActionForm>
                                                        </li>
                                                    }
                                                })
                                                .collect_view()}
                                        </ul>
                                    }
                                        .into_any()
                                }}
                                <h2>{t("alerts-new")}</h2>
                                <ActionForm action=create attr:id="alert-form" attr:novalidate=true>
                                    <ErrorSummary error form_id="alert-form" />
                                    <CsrfField />
                                    <Select
                                        form_id="alert-form"
                                        name="district_id"
                                        label="alerts-district"
                                        options=dist_opts
                                        error
                                    />
                                    <fieldset>
                                        <legend>{t("alerts-or-point")}</legend>
                                        <MapBox
                                            map=page.map.clone()
                                            id="alert-pick-map"
                                            kind="pick"
                                            label=t("report-map-pick-label")
                                            lat_input="#alert-form-latitude"
                                            lon_input="#alert-form-longitude"
                                        />
                                        <Field
                                            form_id="alert-form"
                                            name="latitude"
                                            label="proposal-field-latitude"
                                            required=false
                                            error
                                        />
                                        <Field
                                            form_id="alert-form"
                                            name="longitude"
                                            label="proposal-field-longitude"
                                            required=false
                                            error
                                        />
                                        <Select
                                            form_id="alert-form"
                                            name="radius_m"
                                            label="alerts-radius"
                                            options=radius_opts
                                            value="500"
                                            error
                                        />
                                    </fieldset>
                                    <SubmitButton label="alerts-create" pending />
                                </ActionForm>
                            }
                                .into_any()
                        }
                    })
            }}
        </Suspense>
    }
    .into_any()
}
