//! Writing a proposal: the fields, and the new-proposal page (a draft first).

use super::*;

/// The proposal form's fields, shared by "new" and "edit".
#[component]
pub(super) fn ProposalFields(
    form_id: &'static str,
    error: crate::components::form::FormError,
    categories: Vec<Named<CategoryId>>,
    districts: Vec<Named<DistrictId>>,
    #[prop(optional)] current: Option<Page>,
    #[prop(optional)] on_title: Option<Callback<String>>,
) -> impl IntoView {
    let locale = use_page().locale;
    let c = current.as_ref();
    let value = |f: &dyn Fn(&Page) -> Option<String>| c.and_then(f);
    view! {
        <Field
            form_id=form_id
            name="title"
            label="proposal-field-title"
            hint="proposal-field-title-hint"
            maxlength=TITLE_MAX_CHARS
            error
            value=value(&|p| Some(p.title.clone())).unwrap_or_default()
            on_input=on_title
        />
        <TextArea
            form_id=form_id
            name="body"
            label="proposal-field-body"
            hint="proposal-field-body-hint"
            maxlength=BODY_MAX_CHARS
            rows=10
            error
            value=value(&|p| Some(p.body.clone())).unwrap_or_default()
        />
        {(!categories.is_empty())
            .then(|| {
                view! {
                    <Select
                        form_id=form_id
                        name="category_id"
                        label="proposal-field-category"
                        options=named_options(&categories, locale, Some(t("filter-none")))
                        error
                        value=value(&|p| p.category.as_ref().map(|c| c.id.to_string())).unwrap_or_default()
                    />
                }
            })}
        {(!districts.is_empty())
            .then(|| {
                view! {
                    <Select
                        form_id=form_id
                        name="district_id"
                        label="proposal-field-district"
                        options=named_options(&districts, locale, Some(t("filter-none")))
                        error
                        value=value(&|p| p.district.as_ref().map(|d| d.id.to_string())).unwrap_or_default()
                    />
                }
            })}
        <Field
            form_id=form_id
            name="address"
            label="proposal-field-address"
            hint="proposal-field-address-hint"
            required=false
            maxlength=300usize
            error
            value=value(&|p| p.address.clone()).unwrap_or_default()
        />
        <fieldset class="coordinates">
            <legend>{t("proposal-field-location")}</legend>
            <p class="hint">{t("proposal-field-location-hint")}</p>
            <Field
                form_id=form_id
                name="latitude"
                label="proposal-field-latitude"
                required=false
                input_type="text"
                error
                value=value(&|p| p.latitude.map(|v| v.to_string())).unwrap_or_default()
            />
            <Field
                form_id=form_id
                name="longitude"
                label="proposal-field-longitude"
                required=false
                input_type="text"
                error
                value=value(&|p| p.longitude.map(|v| v.to_string())).unwrap_or_default()
            />
        </fieldset>
    }
}

#[component]
pub fn NewProposalPage() -> impl IntoView {
    let params = use_params_map();
    let slug = move || params.read().get("slug").unwrap_or_default();
    let detail = Resource::new_blocking(slug, get_process_detail);
    let action = ServerAction::<CreateDraft>::new();
    let error = form_outcome(action);
    let pending = action.pending().into();
    // Similar proposals while typing the title (with JavaScript; without it the draft
    // page shows them before publishing).
    let similar = Action::new(|(s, text): &(String, String)| similar_proposals(s.clone(), text.clone()));
    let typed = RwSignal::new(0u32);
    let on_title = Callback::new(move |text: String| {
        typed.update(|n| *n += 1);
        let mine = typed.get_untracked();
        let s = slug();
        set_timeout(
            move || {
                if typed.get_untracked() == mine && text.trim().chars().count() >= 4 {
                    similar.dispatch((s, text));
                }
            },
            std::time::Duration::from_millis(400),
        );
    });
    let locale = use_page().locale;
    view! {
        <Suspense fallback=Loading>
            {move || {
                detail
                    .get()
                    .map(|r| match r {
                        Err(e) => view! { <PageError error=e /> }.into_any(),
                        Ok(p) if !p.can_propose => {
                            view! {
                                <h1>{t("proposal-new")}</h1>
                                <div class="error-summary" role="alert">
                                    <p>
                                        {reason_text(
                                            if p.active_phase.is_none() {
                                                "no_active_phase"
                                            } else if use_page().user.is_none() {
                                                "not_signed_in"
                                            } else {
                                                "proposals_closed"
                                            },
                                        )}
                                    </p>
                                </div>
                                <p>
                                    <a href=format!("/processes/{}", p.slug)>{p.title.get(locale).to_owned()}</a>
                                </p>
                            }
                                .into_any()
                        }
                        Ok(p) => {
                            view! {
                                <Title text=t("proposal-new") />
                                <nav aria-label=t("breadcrumb-label") class="breadcrumb">
                                    <a href=format!("/processes/{}", p.slug)>{p.title.get(locale).to_owned()}</a>
                                </nav>
                                <h1>{t("proposal-new")}</h1>
                                <p>{t("proposal-new-intro")}</p>
                                <ActionForm action=action attr:id="proposal-new" attr:novalidate=true>
                                    <ErrorSummary error form_id="proposal-new" />
                                    <CsrfField />
                                    <input type="hidden" name="slug" value=p.slug.clone() />
                                    <ProposalFields
                                        form_id="proposal-new"
                                        error
                                        categories=p.categories.clone()
                                        districts=p.districts.clone()
                                        on_title=on_title
                                    />
                                    <div aria-live="polite" class="similar">
                                        {move || {
                                            similar
                                                .value()
                                                .get()
                                                .and_then(|r| r.ok())
                                                .filter(|v| !v.is_empty())
                                                .map(|items| {
                                                    view! {
                                                        <h2>{t("proposal-similar-title")}</h2>
                                                        <p class="hint">{t("proposal-similar-hint")}</p>
                                                        <ul>
                                                            {items
                                                                .into_iter()
                                                                .map(|(id, title)| {
                                                                    view! {
                                                                        <li>
                                                                            <a href=format!("/proposals/{id}") target="_blank">
                                                                                {title}
                                                                            </a>
                                                                        </li>
                                                                    }
                                                                })
                                                                .collect_view()}
                                                        </ul>
                                                    }
                                                })
                                        }}
                                    </div>
                                    <SubmitButton label="proposal-save-draft" pending />
                                </ActionForm>
                            }
                                .into_any()
                        }
                    })
            }}
        </Suspense>
    }
}
