//! Editing a proposal within its edit window.

use super::*;
use yoriai_domain::ProposalId;

#[component]
pub fn EditProposalPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let id = move || params.read().get("id").and_then(|v| v.parse::<ProposalId>().ok()).unwrap_or_default();
    let refresh = RwSignal::new(0u32);
    let page = Resource::new_blocking(move || (id(), refresh.get()), |(id, _)| get_proposal_page(id));
    let save = ServerAction::<UpdateProposal>::new();
    let error = form_outcome(save);
    let pending = save.pending().into();
    let remove = ServerAction::<RemoveProposalImage>::new();
    let remove_error = form_outcome_then(remove, Some(refresh));
    let csrf = use_page().csrf;
    view! {
        <Suspense fallback=Loading>
            {move || {
                page.get()
                    .map(|r| match r {
                        Err(e) => view! { <PageError error=e /> }.into_any(),
                        Ok(p) if !p.can_edit.allowed => {
                            view! {
                                <h1>{t("proposal-edit")}</h1>
                                <div class="error-summary" role="alert">
                                    <p>{p.can_edit.reason.as_deref().map(reason_text)}</p>
                                </div>
                                <p>
                                    <a href=format!("/proposals/{}", p.id)>{p.title.clone()}</a>
                                </p>
                            }
                                .into_any()
                        }
                        Ok(p) => {
                            let pid = p.id;
                            let upload_error = query.read_untracked().get("error").map(|code| reason_text(&code));
                            let images_view = p
                                .images
                                .clone()
                                .into_iter()
                                .map(|i| {
                                    let upload_id = i.id;
                                    view! {
                                        <li>
                                            <img src=upload_url(&i.key, true) alt=i.alt.clone() />
                                            <ActionForm action=remove attr:class="inline-form">
                                                <CsrfField />
                                                <input type="hidden" name="id" value=pid.to_string() />
                                                <input type="hidden" name="upload_id" value=upload_id.to_string() />
                                                <button type="submit" class="link-button danger">
                                                    {t("proposal-image-remove")}
                                                </button>
                                            </ActionForm>
                                        </li>
                                    }
                                })
                                .collect_view();
                            let (categories, districts) = (p.categories.clone(), p.districts.clone());
                            view! {
                                <Title text=t("proposal-edit") />
                                <Notice />
                                <h1>{t("proposal-edit")}</h1>
                                <ActionForm action=save attr:id="proposal-edit" attr:novalidate=true>
                                    <ErrorSummary error form_id="proposal-edit" />
                                    <CsrfField />
                                    <input type="hidden" name="id" value=pid.to_string() />
                                    <ProposalFields form_id="proposal-edit" error categories districts current=p />
                                    <SubmitButton label="proposal-save" pending />
                                </ActionForm>
                                <section id="images" aria-labelledby="images-title">
                                    <h2 id="images-title">{t("proposal-images-title")}</h2>
                                    <ErrorSummary error=remove_error form_id="images" />
                                    <ul class="image-list">{images_view}</ul>
                                    {upload_error
                                        .map(|m| {
                                            view! {
                                                <div class="error-summary" role="alert">
                                                    <p>{m}</p>
                                                </div>
                                            }
                                        })}
                                    // A plain multipart form: works the same with and without JavaScript.
                                    <form
                                        method="post"
                                        enctype="multipart/form-data"
                                        action=format!("/proposals/{pid}/images?csrf={csrf}")
                                        class="upload"
                                    >
                                        <div class="field">
                                            <label for="image-file">{t("proposal-image-file")}</label>
                                            <p class="hint" id="image-file-hint">
                                                {t("proposal-image-hint")}
                                            </p>
                                            <input
                                                type="file"
                                                id="image-file"
                                                name="image"
                                                accept="image/jpeg,image/png,image/webp,image/gif"
                                                required=true
                                                aria-describedby="image-file-hint"
                                            />
                                        </div>
                                        <div class="field">
                                            <label for="image-alt">{t("proposal-image-alt")}</label>
                                            <input type="text" id="image-alt" name="alt" maxlength=200 />
                                        </div>
                                        <button type="submit" class="button secondary">
                                            {t("proposal-image-upload")}
                                        </button>
                                    </form>
                                </section>
                                <p>
                                    <a href=format!("/proposals/{pid}")>{t("proposal-back")}</a>
                                </p>
                            }
                                .into_any()
                        }
                    })
            }}
        </Suspense>
    }
}
