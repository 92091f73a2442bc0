//! The comment thread of a proposal, and the form to flag content to the moderators.

use super::*;
use yoriai_domain::{CommentId, ProposalId};

#[component]
pub(super) fn ReportForm(
    action: ServerAction<ReportContent>,
    id: ProposalId,
    comment_id: Option<CommentId>,
    error: crate::components::form::FormError,
) -> impl IntoView {
    let form_id = match comment_id {
        Some(c) => format!("report-{c}"),
        None => "report".to_owned(),
    };
    let reasons: Vec<(String, String)> =
        FlagReason::ALL.iter().map(|r| (r.as_str().to_owned(), t(&format!("report-reason-{}", r.as_str())))).collect();
    let f = form_id.clone();
    view! {
        <ActionForm action=action attr:id=form_id>
            <ErrorSummary error form_id=f.clone() />
            <CsrfField />
            <input type="hidden" name="id" value=id.to_string() />
            {comment_id.map(|c| view! { <input type="hidden" name="comment_id" value=c.to_string() /> })}
            <Select form_id=f.clone() name="reason" label="report-reason" options=reasons error required=true />
            <TextArea form_id=f.clone() name="details" label="report-details" required=false rows=2 error />
            <button type="submit" class="button secondary">
                {t("report-submit")}
            </button>
        </ActionForm>
    }
}

#[component]
pub(super) fn CommentThread(
    proposal_id: ProposalId,
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
        <ErrorSummary error=any_error form_id="thread" />
        <ol class="comments">
            {comments
                .into_iter()
                .zip(reply_forms)
                .map(|(c, reply_form)| {
                    let cid = c.id;
                    let stance_key = format!("stance-{}", c.stance.kebab());
                    let author = byline_name(&c.author);
                    let author_verified = c.author.verified;
                    view! {
                        <li
                            id=format!("comment-{cid}")
                            class=format!("comment depth-{}", c.depth.min(COMMENT_MAX_DEPTH))
                        >
                            <article>
                                <header class="meta">
                                    <strong>{author}</strong>
                                    <VerifiedMark verified=author_verified />
                                    " · "
                                    <time>{c.created_at.clone()}</time>
                                    " · "
                                    <span class=format!("stance {}", c.stance)>{t(&stance_key)}</span>
                                    {c
                                        .edited
                                        .then(|| {
                                            view! {
                                                " · "
                                                <span>{t("comment-edited")}</span>
                                            }
                                        })}
                                </header>
                                {if c.deleted {
                                    view! { <p class="placeholder">{t("comment-was-deleted")}</p> }.into_any()
                                } else if c.hidden && c.body_html.is_empty() {
                                    view! { <p class="placeholder">{t("comment-was-hidden")}</p> }.into_any()
                                } else {
                                    view! { <div class="prose" inner_html=c.body_html.clone()></div> }.into_any()
                                }}
                                {(!c.deleted && !c.hidden)
                                    .then(|| {
                                        view! {
                                            <div class="comment-actions">
                                                {signed_in
                                                    .then(|| {
                                                        let up = if c.my_vote == 1 { 0 } else { 1 };
                                                        let down = if c.my_vote == -1 { 0 } else { -1 };
                                                        view! {
                                                            <ActionForm action=vote attr:class="inline-form">
                                                                <CsrfField />
                                                                <input
                                                                    type="hidden"
                                                                    name="id"
                                                                    value=proposal_id.to_string()
                                                                />
                                                                <input
                                                                    type="hidden"
                                                                    name="comment_id"
                                                                    value=cid.to_string()
                                                                />
                                                                <input type="hidden" name="value" value=up />
                                                                <button
                                                                    type="submit"
                                                                    class="link-button"
                                                                    aria-pressed=if c.my_vote == 1 { "true" } else { "false" }
                                                                    aria-label=t_args(
                                                                        "comment-vote-up",
                                                                        &[("count", i64::from(c.up).into())],
                                                                    )
                                                                >
                                                                    {format!("▲ {}", c.up)}
                                                                </button>
                                                            </ActionForm>
                                                            <ActionForm action=vote attr:class="inline-form">
                                                                <CsrfField />
                                                                <input
                                                                    type="hidden"
                                                                    name="id"
                                                                    value=proposal_id.to_string()
                                                                />
                                                                <input
                                                                    type="hidden"
                                                                    name="comment_id"
                                                                    value=cid.to_string()
                                                                />
                                                                <input type="hidden" name="value" value=down />
                                                                <button
                                                                    type="submit"
                                                                    class="link-button"
                                                                    aria-pressed=if c.my_vote == -1 { "true" } else { "false" }
                                                                    aria-label=t_args(
                                                                        "comment-vote-down",
                                                                        &[("count", i64::from(c.down).into())],
                                                                    )
                                                                >
                                                                    {format!("▼ {}", c.down)}
                                                                </button>
                                                            </ActionForm>
                                                        }
                                                    })}
                                                {(!signed_in)
                                                    .then(|| {
                                                        view! {
                                                            <span class="meta">
                                                                {format!("▲ {} ▼ {}", c.up, c.down)}
                                                            </span>
                                                        }
                                                    })}
                                                {(can_comment && c.depth < COMMENT_MAX_DEPTH)
                                                    .then(|| {
                                                        view! {
                                                            <details>
                                                                <summary>{t("comment-reply")}</summary>
                                                                <ActionForm
                                                                    action=reply
                                                                    node_ref=reply_form
                                                                    attr:id=format!("reply-{cid}")
                                                                    attr:class="reply-form"
                                                                >
                                                                    <CsrfField />
                                                                    <input
                                                                        type="hidden"
                                                                        name="id"
                                                                        value=proposal_id.to_string()
                                                                    />
                                                                    <input
                                                                        type="hidden"
                                                                        name="parent_id"
                                                                        value=cid.to_string()
                                                                    />
                                                                    <fieldset class="stance">
                                                                        <legend>{t("comment-stance")}</legend>
                                                                        {Stance::ALL
                                                                            .iter()
                                                                            .map(|s| {
                                                                                let v = s.as_str();
                                                                                let rid = format!("reply-{cid}-stance-{v}");
                                                                                let label = t(&format!("stance-{}", v.replace('_', "-")));
                                                                                view! {
                                                                                    <span class="radio">
                                                                                        <input
                                                                                            type="radio"
                                                                                            id=rid.clone()
                                                                                            name="stance"
                                                                                            value=v
                                                                                            checked=v == "neutral"
                                                                                        />
                                                                                        <label for=rid>{label}</label>
                                                                                    </span>
                                                                                }
                                                                            })
                                                                            .collect_view()}
                                                                    </fieldset>
                                                                    <div class="field">
                                                                        <label for=format!(
                                                                            "reply-{cid}-body",
                                                                        )>{t("comment-body")}</label>
                                                                        <textarea
                                                                            id=format!("reply-{cid}-body")
                                                                            name="body"
                                                                            rows=3
                                                                            maxlength=COMMENT_MAX_CHARS
                                                                            required=true
                                                                        ></textarea>
                                                                    </div>
                                                                    <button type="submit" class="button secondary">
                                                                        {t("comment-reply-submit")}
                                                                    </button>
                                                                </ActionForm>
                                                            </details>
                                                        }
                                                    })}
                                                {c
                                                    .mine
                                                    .then(|| {
                                                        view! {
                                                            <details>
                                                                <summary>{t("comment-edit")}</summary>
                                                                <ActionForm action=edit attr:id=format!("edit-{cid}")>
                                                                    <CsrfField />
                                                                    <input
                                                                        type="hidden"
                                                                        name="id"
                                                                        value=proposal_id.to_string()
                                                                    />
                                                                    <input
                                                                        type="hidden"
                                                                        name="comment_id"
                                                                        value=cid.to_string()
                                                                    />
                                                                    <input
                                                                        type="hidden"
                                                                        name="stance"
                                                                        value=c.stance.as_str()
                                                                    />
                                                                    <div class="field">
                                                                        <label for=format!(
                                                                            "edit-{cid}-body",
                                                                        )>{t("comment-body")}</label>
                                                                        <textarea
                                                                            id=format!("edit-{cid}-body")
                                                                            name="body"
                                                                            rows=3
                                                                            maxlength=COMMENT_MAX_CHARS
                                                                            required=true
                                                                        >
                                                                            {c.body.clone()}
                                                                        </textarea>
                                                                    </div>
                                                                    <button type="submit" class="button secondary">
                                                                        {t("comment-save")}
                                                                    </button>
                                                                </ActionForm>
                                                                <ActionForm action=delete attr:class="inline-form">
                                                                    <CsrfField />
                                                                    <input
                                                                        type="hidden"
                                                                        name="id"
                                                                        value=proposal_id.to_string()
                                                                    />
                                                                    <input
                                                                        type="hidden"
                                                                        name="comment_id"
                                                                        value=cid.to_string()
                                                                    />
                                                                    <button type="submit" class="link-button danger">
                                                                        {t("comment-delete")}
                                                                    </button>
                                                                </ActionForm>
                                                            </details>
                                                        }
                                                    })}
                                                {(signed_in && !c.mine)
                                                    .then(|| {
                                                        view! {
                                                            <details>
                                                                <summary>{t("report-comment")}</summary>
                                                                <ReportForm
                                                                    action=report
                                                                    id=proposal_id
                                                                    comment_id=Some(cid)
                                                                    error=report_error
                                                                />
                                                            </details>
                                                        }
                                                    })}
                                            </div>
                                        }
                                    })}
                            </article>
                        </li>
                    }
                })
                .collect_view()}
        </ol>
    }
}
