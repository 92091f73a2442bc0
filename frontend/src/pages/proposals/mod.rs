//! Proposal pages: the list with filters, the new-proposal form with similar hints,
//! a proposal with its supports, answer and comments, and the edit page.

use crate::api::processes::{get_process_detail, list_proposals, similar_proposals, ListFilters};
use crate::api::proposals::*;
use crate::components::form::{
    form_outcome, form_outcome_then, named_options, CsrfField, ErrorSummary, Field, Select, SubmitButton, TextArea,
};
use crate::components::head::ShareMeta;
use crate::components::notice::Notice;
use crate::context::{t, t_args, use_page};
use crate::pages::budgets::group_digits;
use crate::pages::common::{byline_name, reason_text, upload_url, Loading, PageError, VerifiedMark};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};
use yoriai_domain::proposal::{
    AnswerState, FlagReason, ProposalState, Stance, BODY_MAX_CHARS, COMMENT_MAX_CHARS, COMMENT_MAX_DEPTH,
    TITLE_MAX_CHARS,
};
use yoriai_domain::{CategoryId, DistrictId, Locale};
use yoriai_views::{Bilingual, CommentView, Named, ProposalCard, ProposalPage as Page};

mod discussion;
mod edit;
mod list;
mod new;
mod page;
mod thread;

pub use edit::EditProposalPage;
pub use list::ProposalListPage;
pub use new::NewProposalPage;
use new::ProposalFields;
pub use page::ProposalPageView;
use thread::{CommentThread, ReportForm};

fn answer_label(state: AnswerState, custom: Option<&Bilingual>, locale: Locale) -> String {
    match custom {
        Some(label) => label.get(locale).to_owned(),
        None => t(&format!("answer-state-{state}")),
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
                {card
                    .thumbnail
                    .clone()
                    .map(|k| view! { <img class="thumb" src=upload_url(&k, true) alt="" loading="lazy" /> })}
                <h2>
                    <a href=href>{card.title.clone()}</a>
                </h2>
                <p class="meta">
                    {card
                        .category
                        .as_ref()
                        .map(|c| {
                            view! {
                                <span class="tag">{c.get(locale).to_owned()}</span>
                                " "
                            }
                        })} <span>{byline_name(&card.author)}<VerifiedMark verified=card.author.verified /></span>
                    " · " {card.published_at.clone().map(|d| view! { <time>{d}</time> })}
                </p>
                <p>{card.excerpt.clone()}</p>
                <p class="counts">
                    <span>{support_text(card.support_count, card.threshold)}</span>
                    " · "
                    <span>{t_args("proposal-comments-count", &[("count", i64::from(card.comment_count).into())])}</span>
                    {card
                        .reached
                        .then(|| {
                            view! {
                                " "
                                <span class="badge ok">{t("proposal-reached")}</span>
                            }
                        })}
                    {card
                        .answer_state
                        .map(|s| {
                            view! {
                                " "
                                <span class=format!(
                                    "badge answer-{s}",
                                )>{answer_label(s, card.answer_label.as_ref(), locale)}</span>
                            }
                        })}
                    {(card.state == ProposalState::Withdrawn)
                        .then(|| {
                            view! {
                                " "
                                <span class="badge">{t("proposal-state-withdrawn")}</span>
                            }
                        })}
                    {card
                        .hidden
                        .then(|| {
                            view! {
                                " "
                                <span class="badge warn">{t("proposal-hidden-badge")}</span>
                            }
                        })}
                    {card
                        .supported_by_me
                        .then(|| {
                            view! {
                                " "
                                <span class="badge mine">{t("proposal-you-support")}</span>
                            }
                        })}
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
