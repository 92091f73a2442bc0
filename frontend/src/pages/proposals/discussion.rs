//! The discussion under a proposal: the official answer (and the staff form to give
//! it), and the comments with the form to add one.

use super::*;
use yoriai_domain::{CommentId, ProposalId};
use yoriai_views::{AnswerView, CustomStateView, Permission};

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

/// Comments in thread order (each reply after its parent), depth-first.
fn thread_order(comments: &[CommentView]) -> Vec<CommentView> {
    fn walk(all: &[CommentView], parent: Option<CommentId>, out: &mut Vec<CommentView>) {
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
pub(super) fn AnswerSection(
    id: ProposalId,
    answer: Option<AnswerView>,
    can_answer: bool,
    answer_states: Vec<CustomStateView>,
    refresh: RwSignal<u32>,
) -> impl IntoView {
    let locale = use_page().locale;
    let action = ServerAction::<AnswerProposal>::new();
    let answer_error = form_outcome_then(action, Some(refresh));
    let answer_pending: Signal<bool> = action.pending().into();
    view! {
        {answer
            .clone()
            .map(|a| {
                view! {
                    <section id="answer" aria-labelledby="answer-title" class="answer">
                        <h2 id="answer-title">{t("proposal-answer-title")}</h2>
                        <p>
                            <span class=format!(
                                "badge answer-{}",
                                a.state,
                            )>{answer_label(a.state, a.custom_label.as_ref(), locale)}</span>
                            " "
                            <time class="meta">{a.answered_at.clone()}</time>
                            {(!a.published)
                                .then(|| {
                                    view! {
                                        " "
                                        <span class="badge warn">{t("proposal-answer-unpublished")}</span>
                                    }
                                })}
                        </p>
                        <div class="prose" inner_html=a.text_html.clone()></div>
                        {a
                            .cost
                            .map(|c| {
                                view! { <p>{t_args("proposal-answer-cost", &[("cost", group_digits(c).into())])}</p> }
                            })}
                    </section>
                }
                    .into_any()
            })}

        {can_answer
            .then(|| {
                let mut options: Vec<(String, String)> = AnswerState::BUILT_IN
                    .iter()
                    .map(|s| (s.as_str().to_owned(), t(&format!("answer-state-{s}"))))
                    .collect();
                options
                    .extend(answer_states.iter().map(|s| (format!("custom:{}", s.id), s.label.get(locale).to_owned())));
                view! {
                    <details class="staff-box" open=answer_error.get_untracked().is_some()>
                        <summary>{t("proposal-answer-form")}</summary>
                        <ActionForm action=action attr:id="answer-form" attr:novalidate=true>
                            <ErrorSummary error=answer_error form_id="answer-form" />
                            <CsrfField />
                            <input type="hidden" name="id" value=id.to_string() />
                            <Select
                                form_id="answer-form"
                                name="state"
                                label="proposal-answer-state"
                                options
                                error=answer_error
                                required=true
                                value=answer.as_ref().map(|a| a.state.as_str().to_owned()).unwrap_or_default()
                            />
                            <TextArea
                                form_id="answer-form"
                                name="text"
                                label="proposal-answer-text"
                                error=answer_error
                                rows=5
                            />
                            <Field
                                form_id="answer-form"
                                name="cost"
                                label="proposal-answer-cost-field"
                                hint="proposal-answer-cost-hint"
                                required=false
                                error=answer_error
                            />
                            <div class="field checkbox">
                                <input type="checkbox" id="answer-form-publish" name="publish" checked=true />
                                <label for="answer-form-publish">{t("proposal-answer-publish-now")}</label>
                            </div>
                            <SubmitButton label="proposal-answer-save" pending=answer_pending />
                        </ActionForm>
                    </details>
                }
                    .into_any()
            })}
    }
}

#[component]
pub(super) fn CommentsSection(
    id: ProposalId,
    comments: Vec<CommentView>,
    comment_count: i32,
    can_comment: Permission,
    signed_in: bool,
    refresh: RwSignal<u32>,
) -> impl IntoView {
    let comment = ServerAction::<AddComment>::new();
    let comment_error = form_outcome_then(comment, Some(refresh));
    let comment_form: NodeRef<leptos::html::Form> = NodeRef::new();
    reset_on_success(comment, comment_form);
    let comment_pending: Signal<bool> = comment.pending().into();
    let stance_options: Vec<(String, String)> = Stance::ALL
        .iter()
        .map(|s| (s.as_str().to_owned(), t(&format!("stance-{}", s.as_str().replace('_', "-")))))
        .collect();
    let thread = thread_order(&comments);
    view! {
        <section id="comments" aria-labelledby="comments-title">
            <h2 id="comments-title">
                {t_args("proposal-comments-count", &[("count", i64::from(comment_count).into())])}
            </h2>
            {if can_comment.allowed {
                view! {
                    <ActionForm action=comment node_ref=comment_form attr:id="comment-new" attr:novalidate=true>
                        <ErrorSummary error=comment_error form_id="comment-new" />
                        <CsrfField />
                        <input type="hidden" name="id" value=id.to_string() />
                        <fieldset class="stance">
                            <legend>{t("comment-stance")}</legend>
                            {stance_options
                                .iter()
                                .map(|(v, l)| {
                                    let rid = format!("comment-new-stance-{v}");
                                    let is_neutral = v == "neutral";
                                    view! {
                                        <span class="radio">
                                            <input
                                                type="radio"
                                                id=rid.clone()
                                                name="stance"
                                                value=v.clone()
                                                checked=is_neutral
                                            />
                                            <label for=rid>{l.clone()}</label>
                                        </span>
                                    }
                                })
                                .collect_view()}
                        </fieldset>
                        <TextArea
                            form_id="comment-new"
                            name="body"
                            label="comment-body"
                            maxlength=COMMENT_MAX_CHARS
                            rows=4
                            error=comment_error
                        />
                        <SubmitButton label="comment-submit" pending=comment_pending />
                    </ActionForm>
                }
                    .into_any()
            } else if !signed_in {
                view! {
                    <p>
                        <a href=format!("/sign-in?next=/proposals/{id}%23comments")>{t("comment-sign-in")}</a>
                    </p>
                }
                    .into_any()
            } else {
                view! { <p class="reason">{can_comment.reason.as_deref().map(reason_text)}</p> }.into_any()
            }}
            <CommentThread proposal_id=id comments=thread can_comment=can_comment.allowed signed_in=signed_in refresh />
        </section>
    }
}
