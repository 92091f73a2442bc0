//! `/admin/settings`: the city's own name, colour, first language, where its maps open
//! and the sender of its mail. Each empty field means the installation's value, which
//! the page shows beside the form.

use crate::api::admin::{get_city_settings, SaveCitySettings};
use crate::components::form::{form_outcome, CsrfField, ErrorSummary, Field, Select, SubmitButton};
use crate::components::notice::Notice;
use crate::context::t;
use crate::pages::common::{Loading, PageError};
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn CitySettingsPageView() -> impl IntoView {
    if let Some(r) = super::require_staff() {
        return r;
    }
    let data = Resource::new_blocking(|| (), |_| get_city_settings());
    let save = ServerAction::<SaveCitySettings>::new();
    let error = form_outcome(save);
    view! {
        <Title text=t("city-settings-title") />
        <nav aria-label=t("breadcrumb-label") class="breadcrumb">
            <a href="/admin">{t("admin-title")}</a>
        </nav>
        <Notice />
        <h1>{t("city-settings-title")}</h1>
        <p>{t("city-settings-intro")}</p>
        <p>
            <a href="/admin/sign-in">{t("sign-in-providers-title")}</a>
            " — "
            {t("sign-in-providers-link-hint")}
        </p>
        <Suspense fallback=Loading>
            {move || {
                data.get()
                    .map(|r| match r {
                        Err(e) => view! { <PageError error=e /> }.into_any(),
                        Ok(p) => {
                            let s = p.saved.clone();
                            let locales = vec![
                                (String::new(), t("city-settings-locale-installation")),
                                ("ja".to_owned(), "日本語".to_owned()),
                                ("en".to_owned(), "English".to_owned()),
                            ];
                            let defaults = [
                                ("city-settings-field-brand", p.brand_colour.clone()),
                                (
                                    "city-settings-field-locale",
                                    if p.default_locale == "en" { "English" } else { "日本語" }.to_owned(),
                                ),
                                (
                                    "city-settings-map",
                                    crate::context::t_args(
                                        "city-settings-map-value",
                                        &[
                                            ("lat", p.map_lat.to_string().into()),
                                            ("lon", p.map_lon.to_string().into()),
                                            ("zoom", i64::from(p.map_zoom).into()),
                                        ],
                                    ),
                                ),
                                ("city-settings-field-tiles", format!("{} ({})", p.map_tiles, p.map_attribution)),
                                ("city-settings-field-mail-from", p.mail_from.clone()),
                            ];
                            let updated = p
                                .updated_at
                                .clone()
                                .zip(p.updated_by.clone())
                                .map(|(at, by)| {
                                    // Saved by an administrator (a new city's first row comes from the operator).
                                    view! {
                                        <p class="hint">
                                            {crate::context::t_args(
                                                "city-settings-updated",
                                                &[("at", at.into()), ("by", by.into())],
                                            )}
                                        </p>
                                    }
                                });
                            view! {
                                {updated}
                                <ActionForm action=save attr:id="city-form" attr:novalidate=true>
                                    <ErrorSummary error form_id="city-form" />
                                    <CsrfField />
                                    <fieldset>
                                        <legend>{t("city-settings-name")}</legend>
                                        <Field
                                            form_id="city-form"
                                            name="name_ja"
                                            label="city-settings-field-name-ja"
                                            hint="city-settings-field-name-hint"
                                            maxlength=60
                                            required=false
                                            value=s.name_ja.clone()
                                            error
                                        />
                                        <Field
                                            form_id="city-form"
                                            name="name_en"
                                            label="city-settings-field-name-en"
                                            maxlength=60
                                            required=false
                                            value=s.name_en.clone()
                                            error
                                        />
                                    </fieldset>
                                    <Field
                                        form_id="city-form"
                                        name="brand_colour"
                                        label="city-settings-field-brand"
                                        hint="city-settings-field-brand-hint"
                                        maxlength=7
                                        required=false
                                        value=s.brand_colour.clone()
                                        error
                                    />
                                    <Select
                                        form_id="city-form"
                                        name="default_locale"
                                        label="city-settings-field-locale"
                                        hint="city-settings-field-locale-hint"
                                        options=locales
                                        value=s.default_locale.clone()
                                        error
                                    />
                                    <fieldset>
                                        <legend>{t("city-settings-map")}</legend>
                                        <p class="hint">{t("city-settings-map-hint")}</p>
                                        <Field
                                            form_id="city-form"
                                            name="map_lat"
                                            label="city-settings-field-lat"
                                            input_type="text"
                                            maxlength=20
                                            required=false
                                            value=s.map_lat.clone()
                                            error
                                        />
                                        <Field
                                            form_id="city-form"
                                            name="map_lon"
                                            label="city-settings-field-lon"
                                            maxlength=20
                                            required=false
                                            value=s.map_lon.clone()
                                            error
                                        />
                                        <Field
                                            form_id="city-form"
                                            name="map_zoom"
                                            label="city-settings-field-zoom"
                                            hint="city-settings-field-zoom-hint"
                                            maxlength=2
                                            required=false
                                            value=s.map_zoom.clone()
                                            error
                                        />
                                        <Field
                                            form_id="city-form"
                                            name="map_tiles"
                                            label="city-settings-field-tiles"
                                            hint="city-settings-field-tiles-hint"
                                            maxlength=300
                                            required=false
                                            value=s.map_tiles.clone()
                                            error
                                        />
                                        <Field
                                            form_id="city-form"
                                            name="map_attribution"
                                            label="city-settings-field-attribution"
                                            hint="city-settings-field-attribution-hint"
                                            maxlength=300
                                            required=false
                                            value=s.map_attribution.clone()
                                            error
                                        />
                                    </fieldset>
                                    <Field
                                        form_id="city-form"
                                        name="mail_from"
                                        label="city-settings-field-mail-from"
                                        hint="city-settings-field-mail-from-hint"
                                        input_type="email"
                                        maxlength=254
                                        required=false
                                        value=s.mail_from.clone()
                                        error
                                    />
                                    <SubmitButton label="city-settings-save" pending=save.pending().into() />
                                </ActionForm>
                                <section aria-labelledby="city-defaults-title" id="city-defaults">
                                    <h2 id="city-defaults-title">{t("city-settings-defaults")}</h2>
                                    <p>{t("city-settings-defaults-intro")}</p>
                                    <dl class="facts">
                                        {defaults
                                            .into_iter()
                                            .map(|(label, value)| {
                                                view! {
                                                    <dt>{t(label)}</dt>
                                                    <dd>{value}</dd>
                                                }
                                            })
                                            .collect_view()}
                                    </dl>
                                </section>
                            }
                                .into_any()
                        }
                    })
            }}
        </Suspense>
    }
    .into_any()
}
