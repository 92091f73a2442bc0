//! Reporting in two steps: where and what, then the details and the category's questions.

use super::*;

/// One extra question as a form control, named `answers[code]`.
#[component]
fn QuestionField(q: QuestionView, error: FormError) -> impl IntoView {
    let locale = use_page().locale;
    let field = format!("q_{}", q.code);
    let id = format!("report-form-q-{}", q.code.replace('_', "-"));
    let name = format!("answers[{}]", q.code);
    let echoed = error.get_untracked().and_then(|e| e.value(&field).map(str::to_owned)).unwrap_or_default();
    let field_for_error = field.clone();
    let message = move || {
        error
            .get()
            .and_then(|e| e.field(&field_for_error).cloned())
            .map(|f| crate::error::AppError::field_message(locale, &f))
    };
    let label = q.label.get(locale).to_owned();
    let required = q.required;
    let control = match q.kind.as_str() {
        "yes_no" | "list" => {
            let options: Vec<(String, String)> = if q.kind == QuestionKind::YesNo {
                vec![("yes".into(), t("answer-yes")), ("no".into(), t("answer-no"))]
            } else {
                q.options.iter().map(|(k, l)| (k.clone(), l.get(locale).to_owned())).collect()
            };
            view! {
                <select id=id.clone() name=name.clone() required=required>
                    <option value="">{t("answer-choose")}</option>
                    {options
                        .into_iter()
                        .map(|(k, l)| {
                            let s = k == echoed;
                            view! {
                                <option value=k selected=s>
                                    {l}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
            }.into_any()
        }
        "number" => view! { <input id=id.clone() name=name.clone() inputmode="decimal" required=required value=echoed.clone() /> }.into_any(),
        _ => view! { <input id=id.clone() name=name.clone() maxlength=500 required=required value=echoed.clone() /> }.into_any(),
    };
    view! {
        <div class="field">
            <label for=id
                .clone()>
                {label} {required.then(|| view! { <span class="required">" (" {t("form-required")} ")"</span> })}
            </label>
            {move || message().map(|m| view! { <p class="field-error-message">{m}</p> })}
            {control}
        </div>
    }
}

#[component]
pub fn NewReportPageView() -> impl IntoView {
    let locale = use_page().locale;
    let query = use_query_map();
    let get = move |k: &str| query.read().get(k).filter(|v| !v.trim().is_empty());
    let data = Resource::new_blocking(
        move || (get("category"), get("lat"), get("lon")),
        |(c, lat, lon)| get_new_report_page(c, lat, lon),
    );
    let create = ServerAction::<CreateReport>::new();
    let error = form_outcome(create);
    let pending: Signal<bool> = create.pending().into();
    let me_too = ServerAction::<MeToo>::new();
    let me_too_error = form_outcome(me_too);
    view! {
        <Title text=t("report-new") />
        <h1>{t("report-new")}</h1>
        <Suspense fallback=Loading>
            {move || {
                data.get()
                    .map(|r| match r {
                        Err(e) => view! { <PageError error=e /> }.into_any(),
                        Ok(page) => {
                            let category = get("category").unwrap_or_default();
                            let lat = get("lat").unwrap_or_default();
                            let lon = get("lon").unwrap_or_default();
                            let address = get("address").unwrap_or_default();
                            let district = get("district").unwrap_or_default();
                            let chosen = page.categories.iter().find(|c| c.id.to_string() == category).cloned();
                            let has_place = (!lat.is_empty() && !lon.is_empty()) || !address.is_empty();
                            let step_two = chosen.is_some() && has_place && get("step").as_deref() == Some("details");
                            if !step_two {
                                let cat_opts: Vec<(String, String)> = std::iter::once((
                                        String::new(),
                                        t("answer-choose"),
                                    ))
                                    .chain(
                                        page
                                            .categories
                                            .iter()
                                            .map(|c| (c.id.to_string(), c.name.get(locale).to_owned())),
                                    )
                                    .collect();
                                let dist_opts = named_options(
                                    &page.districts,
                                    locale,
                                    Some(t("report-district-unknown")),
                                );
                                let missing_place = get("step").is_some() && !has_place;
                                let missing_category = get("step").is_some() && chosen.is_none();
                                view! {
                                    <p class="steps">{t("report-step-1")}</p>
                                    <form method="get" action="/reports/new" id="report-where" class="report-where">
                                        {(missing_place || missing_category)
                                            .then(|| {
                                                view! {
                                                    <div class="error-summary" role="alert">
                                                        <ul>
                                                            {missing_category
                                                                .then(|| {
                                                                    view! {
                                                                        <li>
                                                                            <a href="#where-category" target="_self">
                                                                                {t("error-category-unavailable")}
                                                                            </a>
                                                                        </li>
                                                                    }
                                                                })}
                                                            {missing_place
                                                                .then(|| {
                                                                    view! {
                                                                        <li>
                                                                            <a href="#where-address" target="_self">
                                                                                {t("report-place-needed")}
                                                                            </a>
                                                                        </li>
                                                                    }
                                                                })}
                                                        </ul>
                                                    </div>
                                                }
                                            })}
                                        <input type="hidden" name="step" value="details" />
                                        <div class="field">
                                            <label for="where-category">
                                                {t("report-field-category")}
                                                <span class="required">" (" {t("form-required")} ")"</span>
                                            </label>
                                            <select id="where-category" name="category" required=true>
                                                {cat_opts
                                                    .into_iter()
                                                    .map(|(val, label)| {
                                                        let s = val == category;
                                                        view! {
                                                            <option value=val selected=s>
                                                                {label}
                                                            </option>
                                                        }
                                                    })
                                                    .collect_view()}
                                            </select>
                                        </div>
                                        <fieldset>
                                            <legend>{t("report-where-legend")}</legend>
                                            <p class="hint">{t("report-where-hint")}</p>
                                            <MapBox
                                                map=page.map.clone()
                                                id="report-pick-map"
                                                kind="pick"
                                                label=t("report-map-pick-label")
                                                lat_input="#where-lat"
                                                lon_input="#where-lon"
                                                status="#where-status"
                                            />
                                            <p class="map-tools">
                                                <button
                                                    type="button"
                                                    class="button secondary"
                                                    data-pin-center="report-pick-map"
                                                    hidden=true
                                                >
                                                    {t("report-pin-center")}
                                                </button>
                                                " "
                                                <button
                                                    type="button"
                                                    class="button secondary"
                                                    data-locate="report-pick-map"
                                                    hidden=true
                                                >
                                                    {t("report-use-location")}
                                                </button>
                                            </p>
                                            <p id="where-status" class="hint" role="status" aria-live="polite"></p>
                                            <div class="field">
                                                <label for="where-address">{t("report-field-address")}</label>
                                                <p class="hint">{t("report-field-address-hint")}</p>
                                                <input
                                                    id="where-address"
                                                    name="address"
                                                    maxlength=200
                                                    value=address.clone()
                                                />
                                            </div>
                                            <div class="field">
                                                <label for="where-district">{t("report-field-district")}</label>
                                                <p class="hint">{t("report-field-district-hint")}</p>
                                                <select id="where-district" name="district">
                                                    {dist_opts
                                                        .into_iter()
                                                        .map(|(val, label)| {
                                                            let s = val == district;
                                                            view! {
                                                                <option value=val selected=s>
                                                                    {label}
                                                                </option>
                                                            }
                                                        })
                                                        .collect_view()}
                                                </select>
                                            </div>
                                            <details class="coordinates" open=!lat.is_empty()>
                                                <summary>{t("report-coordinates")}</summary>
                                                <div class="field">
                                                    <label for="where-lat">{t("proposal-field-latitude")}</label>
                                                    <input
                                                        id="where-lat"
                                                        name="lat"
                                                        inputmode="decimal"
                                                        value=lat.clone()
                                                    />
                                                </div>
                                                <div class="field">
                                                    <label for="where-lon">{t("proposal-field-longitude")}</label>
                                                    <input
                                                        id="where-lon"
                                                        name="lon"
                                                        inputmode="decimal"
                                                        value=lon.clone()
                                                    />
                                                </div>
                                            </details>
                                        </fieldset>
                                        <button type="submit" class="button">
                                            {t("report-continue")}
                                        </button>
                                    </form>
                                }
                                    .into_any()
                            } else {
                                let c = chosen.unwrap_or_else(|| page.categories[0].clone());
                                let back = format!(
                                    "/reports/new?category={}&lat={}&lon={}&address={}&district={}",
                                    c.id,
                                    lat,
                                    lon,
                                    urlencode(&address),
                                    district,
                                );
                                let place = if !lat.is_empty() { format!("{lat}, {lon}") } else { address.clone() };
                                let nearby = page.nearby.clone();
                                let signed_in = page.signed_in;
                                let display_name = page.display_name.clone();
                                let questions = c.questions.clone();
                                view! {
                                    <p class="steps">{t("report-step-2")}</p>
                                    <div class="summary-box">
                                        <p>
                                            <strong>{c.name.get(locale).to_owned()}</strong>
                                            " · "
                                            {place}
                                            {(!address.is_empty() && !lat.is_empty())
                                                .then(|| {
                                                    view! {
                                                        " · "
                                                        {address.clone()}
                                                    }
                                                })}
                                        </p>
                                        <p>
                                            <a href=back>{t("report-change-where")}</a>
                                        </p>
                                    </div>
                                    {(!nearby.is_empty())
                                        .then(|| {
                                            view! {
                                                <section class="callout" aria-labelledby="nearby-title">
                                                    <h2 id="nearby-title">{t("report-nearby-title")}</h2>
                                                    <p>{t("report-nearby-intro")}</p>
                                                    <ErrorSummary error=me_too_error form_id="me-too" />
                                                    <ul class="nearby">
                                                        {nearby
                                                            .into_iter()
                                                            .map(|n| {
                                                                let nid = n.id;
                                                                view! {
                                                                    <li>
                                                                        <a href=format!("/reports/{nid}")>{n.title.clone()}</a>
                                                                        " "
                                                                        <span class="meta">
                                                                            {n.distance_m.map(distance_text)} " · "
                                                                            {state_label(n.state)}
                                                                        </span>
                                                                        {if n.own {
                                                                            view! {
                                                                                " "
                                                                                <span class="tag">{t("report-your-own")}</span>
                                                                            }
                                                                                .into_any()
                                                                        } else if signed_in {
                                                                            view! {
                                                                                <ActionForm action=me_too attr:class="inline-form">
                                                                                    <CsrfField />
                                                                                    <input type="hidden" name="id" value=nid.to_string() />
                                                                                    <button type="submit" class="button secondary">
                                                                                        {t("report-me-too")}
                                                                                        <span class="visually-hidden">
                                                                                            {format!(" – {}", n.title)}
                                                                                        </span>
                                                                                    </button>
                                                                                </ActionForm>
                                                                            }
                                                                                .into_any()
                                                                        } else {
                                                                            view! {
                                                                                <a href=format!(
                                                                                    "/sign-in?next=/reports/{nid}",
                                                                                )>{t("report-me-too-sign-in")}</a>
                                                                            }
                                                                                .into_any()
                                                                        }}
                                                                    </li>
                                                                }
                                                            })
                                                            .collect_view()}
                                                    </ul>
                                                    <p>{t("report-nearby-continue")}</p>
                                                </section>
                                            }
                                                .into_any()
                                        })}
                                    <ActionForm action=create attr:id="report-form" attr:novalidate=true>
                                        <ErrorSummary error form_id="report-form" />
                                        <CsrfField />
                                        <input type="hidden" name="category_id" value=c.id.to_string() />
                                        <input type="hidden" name="latitude" value=lat.clone() />
                                        <input type="hidden" name="longitude" value=lon.clone() />
                                        <input type="hidden" name="address" value=address.clone() />
                                        <input type="hidden" name="district_id" value=district.clone() />
                                        {questions
                                            .into_iter()
                                            .map(|q| view! { <QuestionField q error /> })
                                            .collect_view()}
                                        <Field
                                            form_id="report-form"
                                            name="title"
                                            label="report-field-title"
                                            hint="report-field-title-hint"
                                            maxlength=TITLE_MAX_CHARS
                                            error
                                        />
                                        <TextArea
                                            form_id="report-form"
                                            name="description"
                                            label="report-field-description"
                                            hint="report-field-description-hint"
                                            maxlength=DESCRIPTION_MAX_CHARS
                                            error
                                        />
                                        {if signed_in {
                                            view! {
                                                <Checkbox
                                                    form_id="report-form"
                                                    name="show_name"
                                                    label="report-field-show-name"
                                                    hint="report-field-show-name-hint"
                                                    checked=false
                                                />
                                                <p class="hint">
                                                    {t_args(
                                                        "report-you-are",
                                                        &[("name", display_name.clone().unwrap_or_default().into())],
                                                    )}
                                                </p>
                                            }
                                                .into_any()
                                        } else {
                                            view! {
                                                <fieldset>
                                                    <legend>{t("report-contact-legend")}</legend>
                                                    <p class="hint">{t("report-contact-hint")}</p>
                                                    <Field
                                                        form_id="report-form"
                                                        name="email"
                                                        label="field-email"
                                                        input_type="email"
                                                        autocomplete="email"
                                                        error
                                                    />
                                                    <Field
                                                        form_id="report-form"
                                                        name="name"
                                                        label="report-field-name"
                                                        required=false
                                                        autocomplete="name"
                                                        error
                                                    />
                                                    <Field
                                                        form_id="report-form"
                                                        name="phone"
                                                        label="report-field-phone"
                                                        required=false
                                                        input_type="tel"
                                                        autocomplete="tel"
                                                        error
                                                    />
                                                    <Checkbox
                                                        form_id="report-form"
                                                        name="show_name"
                                                        label="report-field-show-name"
                                                        hint="report-field-show-name-hint"
                                                        checked=false
                                                    />
                                                </fieldset>
                                            }
                                                .into_any()
                                        }}
                                        <p class="hint">{t("report-photos-next")}</p>
                                        <SubmitButton label="report-send" pending />
                                    </ActionForm>
                                }
                                    .into_any()
                            }
                        }
                    })
            }}
        </Suspense>
    }
}

fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}
