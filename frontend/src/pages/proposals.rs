//! Proposal pages: the list with filters, the new-proposal form with similar hints,
//! a proposal with its supports, answer and comments, and the edit page.

use crate::api::processes::{get_process_detail, list_proposals, similar_proposals, ListFilters};
use crate::api::proposals::*;
use crate::components::form::{
    form_outcome, form_outcome_then, CsrfField, ErrorSummary, Field, Select, SubmitButton, TextArea,
};
use crate::components::head::ShareMeta;
use crate::components::notice::Notice;
use crate::context::{t, t_args, use_page};
use crate::pages::common::{byline_name, reason_text, upload_url, Loading, PageError, VerifiedMark};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};
use yoriai_domain::proposal::{
    AnswerState, ProposalState, ReportReason, Stance, BODY_MAX_CHARS, COMMENT_MAX_CHARS, COMMENT_MAX_DEPTH,
    TITLE_MAX_CHARS,
};
use yoriai_domain::Locale;
use yoriai_views::{Bilingual, CommentView, Named, ProposalCard, ProposalPage as Page};

fn named_options(items: &[Named], locale: Locale, none_key: &str) -> Vec<(String, String)> {
    std::iter::once((String::new(), t(none_key)))
        .chain(items.iter().map(|n| (n.id.to_string(), n.name.get(locale).to_owned())))
        .collect()
}

fn answer_label(state: AnswerState, custom: Option<&Bilingual>, locale: Locale) -> String {
    match custom {
        Some(label) => label.get(locale).to_owned(),
        None => t(&format!("answer-state-{state}")),
    }
}

/// 1200000 → "1,200,000".
fn group_digits(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    if n < 0 {
        format!("-{out}")
    } else {
        out
    }
}

/// "12 supports" or "12 of 100 supports".
fn support_text(count: i32, threshold: Option<i32>) -> String {
    match threshold {
        Some(goal) => {
            t_args("proposal-supports-of", &[("count", i64::from(count).into()), ("goal", i64::from(goal).into())])
        }
        None => t_args("proposal-supports", &[("count", i64::from(count).into())]),
    }
}

#[component]
fn Card(card: ProposalCard) -> impl IntoView {
    let locale = use_page().locale;
    let href = format!("/proposals/{}", card.id);
    view! {
        <li>
            <article class="proposal-card" class:hidden-item=card.hidden>
                {card.thumbnail.clone().map(|k| view! { <img class="thumb" src=upload_url(&k, true) alt="" loading="lazy"/> })}
                <h2><a href=href>{card.title.clone()}</a></h2>
                <p class="meta">
                    {card.category.as_ref().map(|c| view! { <span class="tag">{c.get(locale).to_owned()}</span> " " })}
                    <span>{byline_name(&card.author)}<VerifiedMark verified=card.author.verified/></span> " · "
                    {card.published_at.clone().map(|d| view! { <time>{d}</time> })}
                </p>
                <p>{card.excerpt.clone()}</p>
                <p class="counts">
                    <span>{support_text(card.support_count, card.threshold)}</span>
                    " · "
                    <span>{t_args("proposal-comments-count", &[("count", i64::from(card.comment_count).into())])}</span>
                    {card.reached.then(|| view! { " " <span class="badge ok">{t("proposal-reached")}</span> })}
                    {card.answer_state.map(|s| view! { " " <span class=format!("badge answer-{s}")>{answer_label(s, card.answer_label.as_ref(), locale)}</span> })}
                    {(card.state == ProposalState::Withdrawn).then(|| view! { " " <span class="badge">{t("proposal-state-withdrawn")}</span> })}
                    {card.hidden.then(|| view! { " " <span class="badge warn">{t("proposal-hidden-badge")}</span> })}
                    {card.supported_by_me.then(|| view! { " " <span class="badge mine">{t("proposal-you-support")}</span> })}
                </p>
            </article>
        </li>
    }
}

fn filters_of(q: &leptos_router::params::ParamsMap) -> ListFilters {
    let get = |k: &str| q.get(k).filter(|v| !v.is_empty());
    ListFilters {
        sort: get("sort"),
        state: get("state"),
        category: get("category"),
        district: get("district"),
        mine: get("mine"),
        supported: get("supported"),
        cursor: get("cursor"),
    }
}

/// The URL of the next page: the same filters, and the cursor.
fn next_url(slug: &str, f: &ListFilters, cursor: &str) -> String {
    let mut pairs: Vec<(&str, String)> = Vec::new();
    for (k, v) in [
        ("sort", &f.sort),
        ("state", &f.state),
        ("category", &f.category),
        ("district", &f.district),
        ("mine", &f.mine),
        ("supported", &f.supported),
    ] {
        if let Some(v) = v {
            pairs.push((k, v.clone()));
        }
    }
    pairs.push(("cursor", cursor.to_owned()));
    let query: Vec<String> = pairs.iter().map(|(k, v)| format!("{k}={}", urlencode(v))).collect();
    format!("/processes/{slug}/proposals?{}", query.join("&"))
}

fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[component]
pub fn ProposalListPage() -> impl IntoView {
    let locale = use_page().locale;
    let params = use_params_map();
    let query = use_query_map();
    let slug = move || params.read().get("slug").unwrap_or_default();
    let data = Resource::new_blocking(move || (slug(), filters_of(&query.read())), |(s, f)| list_proposals(s, f));
    view! {
        <Suspense fallback=Loading>
            {move || data.get().map(|r| match r {
                Err(e) => view! { <PageError error=e/> }.into_any(),
                Ok(list) => {
                    let f = filters_of(&query.read_untracked());
                    let slug = list.process.slug.clone();
                    let title = list.process.title.get(locale).to_owned();
                    let sel = |v: &Option<String>| v.clone().unwrap_or_default();
                    let opt = |value: &str, key: &str, current: &str| {
                        let is = value == current;
                        view! { <option value=value.to_owned() selected=is>{t(key)}</option> }
                    };
                    let (sort, state, category, district) = (sel(&f.sort), sel(&f.state), sel(&f.category), sel(&f.district));
                    view! {
                        <Title text=format!("{} – {}", t("proposals-title"), title)/>
                        <nav aria-label=t("breadcrumb-label") class="breadcrumb">
                            <a href="/processes">{t("processes-title")}</a> " › " <a href=format!("/processes/{slug}")>{title.clone()}</a>
                        </nav>
                        <Notice/>
                        <h1>{t("proposals-title")}</h1>
                        <p class="actions">
                            {list.can_propose.then(|| view! { <a class="button" href=format!("/processes/{slug}/proposals/new")>{t("proposal-new")}</a> })}
                        </p>
                        {list.supports_left.filter(|_| list.signed_in).map(|n| view! { <p>{t_args("process-supports-left", &[("count", i64::from(n).into())])}</p> })}
                        <form method="get" class="filters" role="search" aria-label=t("filters-label")>
                            <div class="field">
                                <label for="filter-sort">{t("filter-sort")}</label>
                                <select id="filter-sort" name="sort">
                                    {opt("", "sort-random", &sort)}
                                    {opt("recent", "sort-recent", &sort)}
                                    {opt("supported", "sort-supported", &sort)}
                                    {opt("commented", "sort-commented", &sort)}
                                </select>
                            </div>
                            <div class="field">
                                <label for="filter-state">{t("filter-state")}</label>
                                <select id="filter-state" name="state">
                                    {opt("", "filter-state-all", &state)}
                                    {opt("not_answered", "filter-state-not-answered", &state)}
                                    {opt("evaluating", "answer-state-evaluating", &state)}
                                    {opt("accepted", "answer-state-accepted", &state)}
                                    {opt("rejected", "answer-state-rejected", &state)}
                                    {opt("reached", "proposal-reached", &state)}
                                    {opt("withdrawn", "proposal-state-withdrawn", &state)}
                                </select>
                            </div>
                            <div class="field">
                                <label for="filter-category">{t("filter-category")}</label>
                                <select id="filter-category" name="category">
                                    {named_options(&list.categories, locale, "filter-any").into_iter().map(|(v, l)| { let is = v == category; view! { <option value=v selected=is>{l}</option> } }).collect_view()}
                                </select>
                            </div>
                            <div class="field">
                                <label for="filter-district">{t("filter-district")}</label>
                                <select id="filter-district" name="district">
                                    {named_options(&list.districts, locale, "filter-any").into_iter().map(|(v, l)| { let is = v == district; view! { <option value=v selected=is>{l}</option> } }).collect_view()}
                                </select>
                            </div>
                            {list.signed_in.then(|| view! {
                                <div class="field checkbox"><input type="checkbox" id="filter-mine" name="mine" checked=f.mine.is_some()/><label for="filter-mine">{t("filter-mine")}</label></div>
                                <div class="field checkbox"><input type="checkbox" id="filter-supported" name="supported" checked=f.supported.is_some()/><label for="filter-supported">{t("filter-supported")}</label></div>
                            })}
                            <button type="submit" class="button secondary">{t("filter-apply")}</button>
                        </form>
                        {(!list.drafts.is_empty()).then(|| view! {
                            <section aria-labelledby="drafts-title" class="drafts">
                                <h2 id="drafts-title">{t("proposal-your-drafts")}</h2>
                                <ul>{list.drafts.iter().map(|d| view! { <li><a href=format!("/proposals/{}", d.id)>{d.title.clone()}</a></li> }).collect_view()}</ul>
                            </section>
                        })}
                        {if list.cards.is_empty() {
                            view! { <p class="empty">{t("proposals-empty")}</p> }.into_any()
                        } else {
                            view! { <ul class="proposal-list">{list.cards.into_iter().map(|c| view! { <Card card=c/> }).collect_view()}</ul> }.into_any()
                        }}
                        {list.next_cursor.as_ref().map(|c| view! {
                            <nav aria-label=t("pagination-label") class="pagination"><a rel="next" href=next_url(&slug, &f, c)>{t("pagination-next")}</a></nav>
                        })}
                        <p class="downloads">
                            {t("proposals-download")} " "
                            <a href=format!("/processes/{slug}/proposals/export.csv") download="">"CSV"</a> " · "
                            <a href=format!("/processes/{slug}/proposals/export.json") download="">"JSON"</a>
                        </p>
                    }
                    .into_any()
                }
            })}
        </Suspense>
    }
}

/// The proposal form's fields, shared by "new" and "edit".
#[component]
fn ProposalFields(
    form_id: &'static str,
    error: crate::components::form::FormError,
    categories: Vec<Named>,
    districts: Vec<Named>,
    #[prop(optional)] current: Option<Page>,
    #[prop(optional)] on_title: Option<Callback<String>>,
) -> impl IntoView {
    let locale = use_page().locale;
    let c = current.as_ref();
    let value = |f: &dyn Fn(&Page) -> Option<String>| c.and_then(f);
    view! {
        <Field form_id=form_id name="title" label="proposal-field-title" hint="proposal-field-title-hint" maxlength=TITLE_MAX_CHARS error
            value=value(&|p| Some(p.title.clone())).unwrap_or_default() on_input=on_title/>
        <TextArea form_id=form_id name="body" label="proposal-field-body" hint="proposal-field-body-hint" maxlength=BODY_MAX_CHARS rows=10 error
            value=value(&|p| Some(p.body.clone())).unwrap_or_default()/>
        {(!categories.is_empty()).then(|| view! {
            <Select form_id=form_id name="category_id" label="proposal-field-category" options=named_options(&categories, locale, "filter-none") error
                value=value(&|p| p.category.as_ref().map(|c| c.id.to_string())).unwrap_or_default()/>
        })}
        {(!districts.is_empty()).then(|| view! {
            <Select form_id=form_id name="district_id" label="proposal-field-district" options=named_options(&districts, locale, "filter-none") error
                value=value(&|p| p.district.as_ref().map(|d| d.id.to_string())).unwrap_or_default()/>
        })}
        <Field form_id=form_id name="address" label="proposal-field-address" hint="proposal-field-address-hint" required=false maxlength=300usize error
            value=value(&|p| p.address.clone()).unwrap_or_default()/>
        <fieldset class="coordinates">
            <legend>{t("proposal-field-location")}</legend>
            <p class="hint">{t("proposal-field-location-hint")}</p>
            <Field form_id=form_id name="latitude" label="proposal-field-latitude" required=false input_type="text" error
                value=value(&|p| p.latitude.map(|v| v.to_string())).unwrap_or_default()/>
            <Field form_id=form_id name="longitude" label="proposal-field-longitude" required=false input_type="text" error
                value=value(&|p| p.longitude.map(|v| v.to_string())).unwrap_or_default()/>
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
            {move || detail.get().map(|r| match r {
                Err(e) => view! { <PageError error=e/> }.into_any(),
                Ok(p) if !p.can_propose => view! {
                    <h1>{t("proposal-new")}</h1>
                    <div class="error-summary" role="alert"><p>{reason_text(if p.active_phase.is_none() { "no_active_phase" } else if use_page().user.is_none() { "not_signed_in" } else { "proposals_closed" })}</p></div>
                    <p><a href=format!("/processes/{}", p.slug)>{p.title.get(locale).to_owned()}</a></p>
                }.into_any(),
                Ok(p) => view! {
                    <Title text=t("proposal-new")/>
                    <nav aria-label=t("breadcrumb-label") class="breadcrumb">
                        <a href=format!("/processes/{}", p.slug)>{p.title.get(locale).to_owned()}</a>
                    </nav>
                    <h1>{t("proposal-new")}</h1>
                    <p>{t("proposal-new-intro")}</p>
                    <ActionForm action=action attr:id="proposal-new" attr:novalidate=true>
                        <ErrorSummary error form_id="proposal-new"/>
                        <CsrfField/>
                        <input type="hidden" name="slug" value=p.slug.clone()/>
                        <ProposalFields form_id="proposal-new" error categories=p.categories.clone() districts=p.districts.clone() on_title=on_title/>
                        <div aria-live="polite" class="similar">
                            {move || similar.value().get().and_then(|r| r.ok()).filter(|v| !v.is_empty()).map(|items| view! {
                                <h2>{t("proposal-similar-title")}</h2>
                                <p class="hint">{t("proposal-similar-hint")}</p>
                                <ul>{items.into_iter().map(|(id, title)| view! { <li><a href=format!("/proposals/{id}") target="_blank">{title}</a></li> }).collect_view()}</ul>
                            })}
                        </div>
                        <SubmitButton label="proposal-save-draft" pending/>
                    </ActionForm>
                }.into_any(),
            })}
        </Suspense>
    }
}

/// Empties a form once its action succeeded (JavaScript keeps the page, and with it
/// what was typed; a posted comment should not stay in the box).
fn reset_on_success<S>(action: ServerAction<S>, form: NodeRef<leptos::html::Form>)
where
    S: leptos::server_fn::ServerFn<Output = crate::components::form::Done, Error = crate::error::AppError>
        + Clone
        + Send
        + Sync
        + 'static,
{
    let value = action.value();
    Effect::new(move |_| {
        if let Some(Ok(_)) = value.get() {
            if let Some(f) = form.get_untracked() {
                f.reset();
            }
        }
    });
}

/// A small form with one button, posting `fields` to a proposal action.
macro_rules! button_form {
    ($action:expr, $id:expr, $label:expr, $class:expr, [$($name:literal => $value:expr),*]) => {
        view! {
            <ActionForm action=$action attr:class="inline-form">
                <CsrfField/>
                <input type="hidden" name="id" value=$id/>
                $(<input type="hidden" name=$name value=$value/>)*
                <button type="submit" class=$class>{$label}</button>
            </ActionForm>
        }
    };
}

/// Comments in thread order (each reply after its parent), depth-first.
fn thread_order(comments: &[CommentView]) -> Vec<CommentView> {
    fn walk(all: &[CommentView], parent: Option<i64>, out: &mut Vec<CommentView>) {
        for c in all.iter().filter(|c| c.parent_id == parent) {
            out.push(c.clone());
            walk(all, Some(c.id), out);
        }
    }
    let mut out = Vec::with_capacity(comments.len());
    walk(comments, None, &mut out);
    out
}

#[component]
pub fn ProposalPageView() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.read().get("id").and_then(|v| v.parse::<i64>().ok()).unwrap_or(0);
    let refresh = RwSignal::new(0u32);
    let page = Resource::new_blocking(move || (id(), refresh.get()), |(id, _)| get_proposal_page(id));
    view! {
        <Suspense fallback=Loading>
            {move || page.get().map(|r| match r {
                Err(e) => view! { <PageError error=e/> }.into_any(),
                Ok(p) => view! { <ProposalBody page=p refresh/> }.into_any(),
            })}
        </Suspense>
    }
}

#[component]
fn ProposalBody(page: Page, refresh: RwSignal<u32>) -> impl IntoView {
    let ctx = use_page();
    let locale = ctx.locale;
    let p = page;
    let id = p.id;
    let support = ServerAction::<SupportProposal>::new();
    let unsupport = ServerAction::<WithdrawSupport>::new();
    let follow = ServerAction::<FollowProposal>::new();
    let publish = ServerAction::<PublishProposal>::new();
    let withdraw = ServerAction::<WithdrawProposal>::new();
    let report = ServerAction::<ReportContent>::new();
    let answer = ServerAction::<AnswerProposal>::new();
    let comment = ServerAction::<AddComment>::new();
    let support_error = form_outcome_then(support, Some(refresh));
    let unsupport_error = form_outcome_then(unsupport, Some(refresh));
    let follow_error = form_outcome_then(follow, Some(refresh));
    let publish_error = form_outcome_then(publish, Some(refresh));
    let withdraw_error = form_outcome_then(withdraw, Some(refresh));
    let report_error = form_outcome_then(report, Some(refresh));
    let answer_error = form_outcome_then(answer, Some(refresh));
    let comment_error = form_outcome_then(comment, Some(refresh));
    let comment_form: NodeRef<leptos::html::Form> = NodeRef::new();
    reset_on_success(comment, comment_form);
    let comment_pending: Signal<bool> = comment.pending().into();
    let answer_pending: Signal<bool> = answer.pending().into();
    let draft = p.state == ProposalState::Draft;
    let progress = p.threshold.map(|goal| (p.support_count.min(goal), goal));
    let stance_options: Vec<(String, String)> = Stance::ALL
        .iter()
        .map(|s| (s.as_str().to_owned(), t(&format!("stance-{}", s.as_str().replace('_', "-")))))
        .collect();
    let thread = thread_order(&p.comments);
    // A hidden proposal's text is not for link previews.
    let preview = if p.hidden { String::new() } else { p.body.clone() };
    view! {
        <Title text=p.title.clone()/>
        <ShareMeta title=p.title.clone() description=preview/>
        <nav aria-label=t("breadcrumb-label") class="breadcrumb">
            <a href=format!("/processes/{}", p.process_slug)>{p.process_title.get(locale).to_owned()}</a>
            " › " <a href=format!("/processes/{}/proposals", p.process_slug)>{t("proposals-title")}</a>
        </nav>
        <Notice/>
        {draft.then(|| view! {
            <div class="callout" role="note">
                <p><strong>{t("proposal-draft-notice")}</strong></p>
                {(!p.similar.is_empty()).then(|| view! {
                    <h2>{t("proposal-similar-title")}</h2>
                    <p>{t("proposal-similar-hint")}</p>
                    <ul>{p.similar.iter().map(|(sid, title)| view! { <li><a href=format!("/proposals/{sid}")>{title.clone()}</a></li> }).collect_view()}</ul>
                })}
                <ErrorSummary error=publish_error form_id="publish"/>
                // A <div>, not a <p>: a <p> cannot hold a <form>, and the browser would
                // move the form out of it, so hydration would find another tree.
                <div class="actions">
                    {p.can_edit.allowed.then(|| view! { <a class="button secondary" href=format!("/proposals/{id}/edit")>{t("proposal-edit")}</a> })}
                    {if p.can_publish.allowed {
                        button_form!(publish, id, t("proposal-publish"), "button", []).into_any()
                    } else {
                        view! { <span>{p.can_publish.reason.as_deref().map(reason_text)}</span> }.into_any()
                    }}
                </div>
            </div>
        }.into_any())}
        <article class="proposal">
            <h1>{p.title.clone()}</h1>
            <p class="meta">
                <span>{t_args("proposal-by", &[("name", byline_name(&p.author).into())])}<VerifiedMark verified=p.author.verified/></span>
                {p.published_at.clone().map(|d| view! { " · " <time>{d}</time> })}
                {p.category.as_ref().map(|c| view! { " " <span class="tag">{c.name.get(locale).to_owned()}</span> })}
                {p.district.as_ref().map(|d| view! { " " <span class="tag">{d.name.get(locale).to_owned()}</span> })}
                {(p.state == ProposalState::Withdrawn).then(|| view! { " " <span class="badge">{t("proposal-state-withdrawn")}</span> })}
                {p.hidden.then(|| view! { " " <span class="badge warn">{t("proposal-hidden-badge")}</span> })}
            </p>
            {p.address.clone().map(|a| view! { <p class="meta">{t_args("proposal-address", &[("address", a.into())])}</p> })}
            {p.latitude.zip(p.longitude).map(|(lat, lon)| view! { <p class="meta">{t_args("proposal-coordinates", &[("lat", format!("{lat:.5}").into()), ("lon", format!("{lon:.5}").into())])}</p> })}
            <div class="gallery">
                {p.images.iter().map(|i| view! { <img src=upload_url(&i.key, false) alt=i.alt.clone() width=i.width height=i.height loading="lazy"/> }).collect_view()}
            </div>
            <div class="prose" inner_html=p.body_html.clone()></div>
        </article>

        {(!draft).then(|| view! {
            <section id="supports" aria-labelledby="supports-title" class="support-box">
                <h2 id="supports-title">{t("proposal-supports-title")}</h2>
                <p class="big-count">{support_text(p.support_count, p.threshold)}</p>
                {progress.map(|(value, goal)| view! {
                    <progress max=goal value=value aria-label=t("proposal-progress-label")>{format!("{value}/{goal}")}</progress>
                })}
                {p.reached.then(|| view! { <p class="badge ok">{t("proposal-reached")}</p> })}
                <ErrorSummary error=support_error form_id="support"/>
                <ErrorSummary error=unsupport_error form_id="unsupport"/>
                {if p.supported_by_me {
                    view! {
                        <p>{t("proposal-you-support")}</p>
                        {p.can_withdraw_support.allowed.then(|| button_form!(unsupport, id, t("proposal-withdraw-support"), "button secondary", []))}
                    }.into_any()
                } else if p.can_support.allowed {
                    button_form!(support, id, t("proposal-support"), "button", []).into_any()
                } else if !p.signed_in {
                    view! { <p><a href=format!("/sign-in?next=/proposals/{id}")>{t("proposal-sign-in-to-support")}</a></p> }.into_any()
                } else {
                    view! { <p class="reason">{p.can_support.reason.as_deref().map(reason_text)}</p> }.into_any()
                }}
                {p.supports_left.filter(|_| p.signed_in).map(|n| view! { <p class="hint">{t_args("process-supports-left", &[("count", i64::from(n).into())])}</p> })}
            </section>
        }.into_any())}

        {(p.signed_in && !draft && !p.mine).then(|| view! {
            <section id="follow" class="follow">
                <ErrorSummary error=follow_error form_id="follow"/>
                {if p.following {
                    button_form!(follow, id, t("proposal-unfollow"), "button secondary", ["follow" => "false"]).into_any()
                } else {
                    button_form!(follow, id, t("proposal-follow"), "button secondary", ["follow" => "true"]).into_any()
                }}
                <span class="hint">{t_args("proposal-followers", &[("count", i64::from(p.follower_count).into())])}</span>
            </section>
        }.into_any())}

        {(p.mine && !draft).then(|| view! {
            <section class="author-actions">
                {p.can_edit.allowed.then(|| view! { <a class="button secondary" href=format!("/proposals/{id}/edit")>{t("proposal-edit")}</a> })}
                {p.can_withdraw.allowed.then(|| view! {
                    <details>
                        <summary>{t("proposal-withdraw")}</summary>
                        <p>{t("proposal-withdraw-explain")}</p>
                        <ErrorSummary error=withdraw_error form_id="withdraw"/>
                        {button_form!(withdraw, id, t("proposal-withdraw-confirm"), "button", [])}
                    </details>
                })}
            </section>
        }.into_any())}

        <crate::pages::accountability::OutcomesSection outcomes=p.outcomes.clone()/>
        {(!p.budget_projects.is_empty()).then(|| view! {
            <section id="budget-projects" aria-labelledby="budget-projects-title">
                <h2 id="budget-projects-title">{t("proposal-became-project")}</h2>
                <ul>
                    {p.budget_projects.iter().map(|l| view! {
                        <li>
                            <a href=format!("/projects/{}", l.id)>{l.title.clone()}</a>
                            " (" {l.budget_title.get(locale).to_owned()} ")"
                            {l.funded.map(|f| if f {
                                view! { " " <span class="badge ok">{t("project-funded")}</span> }.into_any()
                            } else {
                                view! { " " <span class="badge">{t("project-not-funded")}</span> }.into_any()
                            })}
                        </li>
                    }).collect_view()}
                </ul>
            </section>
        }.into_any())}
        {p.answer.clone().map(|a| view! {
            <section id="answer" aria-labelledby="answer-title" class="answer">
                <h2 id="answer-title">{t("proposal-answer-title")}</h2>
                <p><span class=format!("badge answer-{}", a.state)>{answer_label(a.state, a.custom_label.as_ref(), locale)}</span>
                    " " <time class="meta">{a.answered_at.clone()}</time>
                    {(!a.published).then(|| view! { " " <span class="badge warn">{t("proposal-answer-unpublished")}</span> })}</p>
                <div class="prose" inner_html=a.text_html.clone()></div>
                {a.cost.map(|c| view! { <p>{t_args("proposal-answer-cost", &[("cost", group_digits(c).into())])}</p> })}
            </section>
        }.into_any())}

        {p.can_answer.then(|| {
            let mut options: Vec<(String, String)> = AnswerState::BUILT_IN.iter().map(|s| (s.as_str().to_owned(), t(&format!("answer-state-{s}")))).collect();
            options.extend(p.answer_states.iter().map(|s| (format!("custom:{}", s.id), s.label.get(locale).to_owned())));
            view! {
                <details class="staff-box" open=answer_error.get_untracked().is_some()>
                    <summary>{t("proposal-answer-form")}</summary>
                    <ActionForm action=answer attr:id="answer-form" attr:novalidate=true>
                        <ErrorSummary error=answer_error form_id="answer-form"/>
                        <CsrfField/>
                        <input type="hidden" name="id" value=id/>
                        <Select form_id="answer-form" name="state" label="proposal-answer-state" options error=answer_error required=true
                            value=p.answer.as_ref().map(|a| a.state.as_str().to_owned()).unwrap_or_default()/>
                        <TextArea form_id="answer-form" name="text" label="proposal-answer-text" error=answer_error rows=5/>
                        <Field form_id="answer-form" name="cost" label="proposal-answer-cost-field" hint="proposal-answer-cost-hint" required=false error=answer_error/>
                        <div class="field checkbox"><input type="checkbox" id="answer-form-publish" name="publish" checked=true/><label for="answer-form-publish">{t("proposal-answer-publish-now")}</label></div>
                        <SubmitButton label="proposal-answer-save" pending=answer_pending/>
                    </ActionForm>
                </details>
            }.into_any()
        })}

        {(!draft).then(|| view! {
            <section id="comments" aria-labelledby="comments-title">
                <h2 id="comments-title">{t_args("proposal-comments-count", &[("count", i64::from(p.comment_count).into())])}</h2>
                {if p.can_comment.allowed {
                    view! {
                        <ActionForm action=comment node_ref=comment_form attr:id="comment-new" attr:novalidate=true>
                            <ErrorSummary error=comment_error form_id="comment-new"/>
                            <CsrfField/>
                            <input type="hidden" name="id" value=id/>
                            <fieldset class="stance">
                                <legend>{t("comment-stance")}</legend>
                                {stance_options.iter().map(|(v, l)| {
                                    let rid = format!("comment-new-stance-{v}");
                                    let is_neutral = v == "neutral";
                                    view! { <span class="radio"><input type="radio" id=rid.clone() name="stance" value=v.clone() checked=is_neutral/><label for=rid>{l.clone()}</label></span> }
                                }).collect_view()}
                            </fieldset>
                            <TextArea form_id="comment-new" name="body" label="comment-body" maxlength=COMMENT_MAX_CHARS rows=4 error=comment_error/>
                            <SubmitButton label="comment-submit" pending=comment_pending/>
                        </ActionForm>
                    }.into_any()
                } else if !p.signed_in {
                    view! { <p><a href=format!("/sign-in?next=/proposals/{id}%23comments")>{t("comment-sign-in")}</a></p> }.into_any()
                } else {
                    view! { <p class="reason">{p.can_comment.reason.as_deref().map(reason_text)}</p> }.into_any()
                }}
                <CommentThread proposal_id=id comments=thread can_comment=p.can_comment.allowed signed_in=p.signed_in refresh/>
            </section>
        }.into_any())}

        {(p.signed_in && !p.mine && !draft).then(|| view! {
            <details class="report" open=report_error.get_untracked().is_some()>
                <summary>{t("report-proposal")}</summary>
                <ReportForm action=report id=id comment_id=None error=report_error/>
            </details>
        }.into_any())}
    }
}

#[component]
fn ReportForm(
    action: ServerAction<ReportContent>,
    id: i64,
    comment_id: Option<i64>,
    error: crate::components::form::FormError,
) -> impl IntoView {
    let form_id = match comment_id {
        Some(c) => format!("report-{c}"),
        None => "report".to_owned(),
    };
    let reasons: Vec<(String, String)> = ReportReason::ALL
        .iter()
        .map(|r| (r.as_str().to_owned(), t(&format!("report-reason-{}", r.as_str()))))
        .collect();
    let f = form_id.clone();
    view! {
        <ActionForm action=action attr:id=form_id>
            <ErrorSummary error form_id=f.clone()/>
            <CsrfField/>
            <input type="hidden" name="id" value=id/>
            {comment_id.map(|c| view! { <input type="hidden" name="comment_id" value=c/> })}
            <Select form_id=f.clone() name="reason" label="report-reason" options=reasons error required=true/>
            <TextArea form_id=f.clone() name="details" label="report-details" required=false rows=2 error/>
            <button type="submit" class="button secondary">{t("report-submit")}</button>
        </ActionForm>
    }
}

#[component]
fn CommentThread(
    proposal_id: i64,
    comments: Vec<CommentView>,
    can_comment: bool,
    signed_in: bool,
    refresh: RwSignal<u32>,
) -> impl IntoView {
    let reply = ServerAction::<AddComment>::new();
    let edit = ServerAction::<EditComment>::new();
    let delete = ServerAction::<DeleteComment>::new();
    let vote = ServerAction::<VoteComment>::new();
    let report = ServerAction::<ReportContent>::new();
    let errors = [
        form_outcome_then(reply, Some(refresh)),
        form_outcome_then(edit, Some(refresh)),
        form_outcome_then(delete, Some(refresh)),
        form_outcome_then(vote, Some(refresh)),
    ];
    let report_error = form_outcome_then(report, Some(refresh));
    let any_error: crate::components::form::FormError = Signal::derive(move || errors.iter().find_map(|e| e.get()));
    // A posted reply leaves an empty, closed box behind (JavaScript keeps the page, and
    // a box still holding the text invites posting it twice).
    let reply_forms: Vec<NodeRef<leptos::html::Form>> = comments.iter().map(|_| NodeRef::new()).collect();
    let replied = reply.value();
    let to_clear = reply_forms.clone();
    Effect::new(move |_| {
        if let Some(Ok(_)) = replied.get() {
            for form in to_clear.iter().filter_map(|f| f.get_untracked()) {
                form.reset();
                if let Some(details) = form.parent_element() {
                    let _ = details.remove_attribute("open");
                }
            }
        }
    });
    view! {
        <ErrorSummary error=any_error form_id="thread"/>
        <ol class="comments">
            {comments.into_iter().zip(reply_forms).map(|(c, reply_form)| {
                let cid = c.id;
                let stance_key = format!("stance-{}", c.stance.kebab());
                let author = byline_name(&c.author);
                let author_verified = c.author.verified;
                view! {
                    <li id=format!("comment-{cid}") class=format!("comment depth-{}", c.depth.min(COMMENT_MAX_DEPTH))>
                        <article>
                            <header class="meta">
                                <strong>{author}</strong><VerifiedMark verified=author_verified/> " · " <time>{c.created_at.clone()}</time>
                                " · " <span class=format!("stance {}", c.stance)>{t(&stance_key)}</span>
                                {c.edited.then(|| view! { " · " <span>{t("comment-edited")}</span> })}
                            </header>
                            {if c.deleted {
                                view! { <p class="placeholder">{t("comment-was-deleted")}</p> }.into_any()
                            } else if c.hidden && c.body_html.is_empty() {
                                view! { <p class="placeholder">{t("comment-was-hidden")}</p> }.into_any()
                            } else {
                                view! { <div class="prose" inner_html=c.body_html.clone()></div> }.into_any()
                            }}
                            {(!c.deleted && !c.hidden).then(|| view! {
                                <div class="comment-actions">
                                    {signed_in.then(|| {
                                        let up = if c.my_vote == 1 { 0 } else { 1 };
                                        let down = if c.my_vote == -1 { 0 } else { -1 };
                                        view! {
                                            <ActionForm action=vote attr:class="inline-form">
                                                <CsrfField/><input type="hidden" name="id" value=proposal_id/><input type="hidden" name="comment_id" value=cid/><input type="hidden" name="value" value=up/>
                                                <button type="submit" class="link-button" aria-pressed=if c.my_vote == 1 { "true" } else { "false" } aria-label=t_args("comment-vote-up", &[("count", i64::from(c.up).into())])>{format!("▲ {}", c.up)}</button>
                                            </ActionForm>
                                            <ActionForm action=vote attr:class="inline-form">
                                                <CsrfField/><input type="hidden" name="id" value=proposal_id/><input type="hidden" name="comment_id" value=cid/><input type="hidden" name="value" value=down/>
                                                <button type="submit" class="link-button" aria-pressed=if c.my_vote == -1 { "true" } else { "false" } aria-label=t_args("comment-vote-down", &[("count", i64::from(c.down).into())])>{format!("▼ {}", c.down)}</button>
                                            </ActionForm>
                                        }
                                    })}
                                    {(!signed_in).then(|| view! { <span class="meta">{format!("▲ {} ▼ {}", c.up, c.down)}</span> })}
                                    {(can_comment && c.depth < COMMENT_MAX_DEPTH).then(|| view! {
                                        <details>
                                            <summary>{t("comment-reply")}</summary>
                                            <ActionForm action=reply node_ref=reply_form attr:id=format!("reply-{cid}") attr:class="reply-form">
                                                <CsrfField/><input type="hidden" name="id" value=proposal_id/><input type="hidden" name="parent_id" value=cid/>
                                                <fieldset class="stance">
                                                    <legend>{t("comment-stance")}</legend>
                                                    {Stance::ALL.iter().map(|s| {
                                                        let v = s.as_str();
                                                        let rid = format!("reply-{cid}-stance-{v}");
                                                        let label = t(&format!("stance-{}", v.replace('_', "-")));
                                                        view! { <span class="radio"><input type="radio" id=rid.clone() name="stance" value=v checked=v == "neutral"/><label for=rid>{label}</label></span> }
                                                    }).collect_view()}
                                                </fieldset>
                                                <div class="field">
                                                    <label for=format!("reply-{cid}-body")>{t("comment-body")}</label>
                                                    <textarea id=format!("reply-{cid}-body") name="body" rows=3 maxlength=COMMENT_MAX_CHARS required=true></textarea>
                                                </div>
                                                <button type="submit" class="button secondary">{t("comment-reply-submit")}</button>
                                            </ActionForm>
                                        </details>
                                    })}
                                    {c.mine.then(|| view! {
                                        <details>
                                            <summary>{t("comment-edit")}</summary>
                                            <ActionForm action=edit attr:id=format!("edit-{cid}")>
                                                <CsrfField/><input type="hidden" name="id" value=proposal_id/><input type="hidden" name="comment_id" value=cid/><input type="hidden" name="stance" value=c.stance.as_str()/>
                                                <div class="field">
                                                    <label for=format!("edit-{cid}-body")>{t("comment-body")}</label>
                                                    <textarea id=format!("edit-{cid}-body") name="body" rows=3 maxlength=COMMENT_MAX_CHARS required=true>{c.body.clone()}</textarea>
                                                </div>
                                                <button type="submit" class="button secondary">{t("comment-save")}</button>
                                            </ActionForm>
                                            <ActionForm action=delete attr:class="inline-form">
                                                <CsrfField/><input type="hidden" name="id" value=proposal_id/><input type="hidden" name="comment_id" value=cid/>
                                                <button type="submit" class="link-button danger">{t("comment-delete")}</button>
                                            </ActionForm>
                                        </details>
                                    })}
                                    {(signed_in && !c.mine).then(|| view! {
                                        <details>
                                            <summary>{t("report-comment")}</summary>
                                            <ReportForm action=report id=proposal_id comment_id=Some(cid) error=report_error/>
                                        </details>
                                    })}
                                </div>
                            })}
                        </article>
                    </li>
                }
            }).collect_view()}
        </ol>
    }
}

#[component]
pub fn EditProposalPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let id = move || params.read().get("id").and_then(|v| v.parse::<i64>().ok()).unwrap_or(0);
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
            {move || page.get().map(|r| match r {
                Err(e) => view! { <PageError error=e/> }.into_any(),
                Ok(p) if !p.can_edit.allowed => view! {
                    <h1>{t("proposal-edit")}</h1>
                    <div class="error-summary" role="alert"><p>{p.can_edit.reason.as_deref().map(reason_text)}</p></div>
                    <p><a href=format!("/proposals/{}", p.id)>{p.title.clone()}</a></p>
                }.into_any(),
                Ok(p) => {
                    let pid = p.id;
                    let upload_error = query.read_untracked().get("error").map(|code| reason_text(&code));
                    let images_view = p.images.clone().into_iter().map(|i| {
                        let upload_id = i.id;
                        view! {
                            <li>
                                <img src=upload_url(&i.key, true) alt=i.alt.clone()/>
                                <ActionForm action=remove attr:class="inline-form">
                                    <CsrfField/><input type="hidden" name="id" value=pid/><input type="hidden" name="upload_id" value=upload_id/>
                                    <button type="submit" class="link-button danger">{t("proposal-image-remove")}</button>
                                </ActionForm>
                            </li>
                        }
                    }).collect_view();
                    let (categories, districts) = (p.categories.clone(), p.districts.clone());
                    view! {
                        <Title text=t("proposal-edit")/>
                        <Notice/>
                        <h1>{t("proposal-edit")}</h1>
                        <ActionForm action=save attr:id="proposal-edit" attr:novalidate=true>
                            <ErrorSummary error form_id="proposal-edit"/>
                            <CsrfField/>
                            <input type="hidden" name="id" value=pid/>
                            <ProposalFields form_id="proposal-edit" error categories districts current=p/>
                            <SubmitButton label="proposal-save" pending/>
                        </ActionForm>
                        <section id="images" aria-labelledby="images-title">
                            <h2 id="images-title">{t("proposal-images-title")}</h2>
                            <ErrorSummary error=remove_error form_id="images"/>
                            <ul class="image-list">{images_view}</ul>
                            {upload_error.map(|m| view! { <div class="error-summary" role="alert"><p>{m}</p></div> })}
                            // A plain multipart form: works the same with and without JavaScript.
                            <form method="post" enctype="multipart/form-data" action=format!("/proposals/{pid}/images?csrf={csrf}") class="upload">
                                <div class="field">
                                    <label for="image-file">{t("proposal-image-file")}</label>
                                    <p class="hint" id="image-file-hint">{t("proposal-image-hint")}</p>
                                    <input type="file" id="image-file" name="image" accept="image/jpeg,image/png,image/webp,image/gif" required=true aria-describedby="image-file-hint"/>
                                </div>
                                <div class="field">
                                    <label for="image-alt">{t("proposal-image-alt")}</label>
                                    <input type="text" id="image-alt" name="alt" maxlength=200/>
                                </div>
                                <button type="submit" class="button secondary">{t("proposal-image-upload")}</button>
                            </form>
                        </section>
                        <p><a href=format!("/proposals/{pid}")>{t("proposal-back")}</a></p>
                    }
                    .into_any()
                }
            })}
        </Suspense>
    }
}

#[cfg(test)]
mod tests {
    use super::group_digits;

    #[test]
    fn amounts_are_grouped_by_thousands() {
        assert_eq!(group_digits(1_200_000), "1,200,000");
        assert_eq!(group_digits(999), "999");
        assert_eq!(group_digits(-45_000), "-45,000");
        assert_eq!(group_digits(0), "0");
    }
}
