//! What the proposal pages show.

use super::{facts, load_for};
use crate::bylines::Bylines;
use crate::processes::{detail, district_names, load, summary, ProcessRef};
use crate::{city_time, ServiceResult, Services};
use yoriai_domain::proposal::ProposalState;
use yoriai_domain::search::terms;
use yoriai_domain::text::render;
use yoriai_domain::{authorize, Action, Actor, CategoryId, Denied, DistrictId, ProposalId, UserId};
use yoriai_store::proposals::{self, Cursor, ListQuery, ProposalListRow, Sort, StateFilter};
use yoriai_store::{backend, comments, follows, proposal_states, supports, uploads};
use yoriai_views::{
    AnswerView, Bilingual, Byline, CommentView, CustomStateView, ImageView, Named, Permission, ProposalCard,
    ProposalList, ProposalPage,
};

/// Proposals per list page.
pub const PAGE_SIZE: i64 = 20;

#[derive(Debug, Clone, Default)]
pub struct ListParams {
    /// `random` (default), `recent`, `supported`, `commented`.
    pub sort: String,
    /// `` (all published), `not_answered`, `evaluating`, `accepted`, `rejected`, `withdrawn`, `reached`.
    pub state: String,
    pub category: Option<CategoryId>,
    pub district: Option<DistrictId>,
    pub mine: bool,
    pub supported: bool,
    pub cursor: Option<String>,
    /// The visitor's seed for the random order.
    pub seed: i32,
}

fn permission(result: Result<(), Denied>) -> Permission {
    match result {
        Ok(()) => Permission::yes(),
        Err(d) => Permission { allowed: false, reason: Some(d.code().as_str().to_owned()) },
    }
}

fn excerpt(body: &str) -> String {
    let flat = body.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() <= 180 {
        flat
    } else {
        flat.chars().take(177).collect::<String>() + "…"
    }
}

fn card(
    r: &ProposalListRow,
    threshold: Option<i32>,
    thumbs: &[(ProposalId, uploads::UploadRow)],
    supported: &[ProposalId],
    bylines: &Bylines,
) -> ProposalCard {
    let p = &r.proposal;
    let answer_public = p.answer_published_at.is_some();
    ProposalCard {
        id: p.id,
        title: p.title.clone(),
        excerpt: excerpt(&p.body),
        category: r.category_ja.clone().zip(r.category_en.clone()).map(|(ja, en)| Bilingual::new(ja, en)),
        author: bylines.of(p.process_id, p.author_id, r.author_name.clone()),
        state: p.state,
        support_count: p.support_count,
        comment_count: p.comment_count,
        threshold,
        reached: p.reached_at.is_some(),
        hidden: p.hidden_at.is_some(),
        answer_state: p.answer_state.filter(|_| answer_public),
        answer_label: r.custom_state.clone().filter(|_| answer_public).map(|(ja, en, _)| Bilingual::new(ja, en)),
        answer_colour: r.custom_state.clone().filter(|_| answer_public).map(|(_, _, c)| c),
        published_at: p.published_at.map(city_time),
        thumbnail: thumbs.iter().find(|(pid, _)| *pid == p.id).map(|(_, u)| u.storage_key.clone()),
        supported_by_me: supported.contains(&p.id),
    }
}

fn pivot(seed: i32) -> i32 {
    // Spread small seeds over the whole rank range.
    ((i64::from(seed).wrapping_mul(2_654_435_761)) & 0x7FFF_FFFF) as i32
}

/// One page of a process's proposals, filtered and sorted; a constant number of
/// queries whatever the page size (no N+1).
pub fn list_proposals(svc: &Services, actor: &Actor, slug: &str, params: ListParams) -> ServiceResult<ProposalList> {
    let mut conn = svc.conn()?;
    let process = load(&mut conn, actor, ProcessRef::Slug(slug))?;
    let viewer = actor.user_id();
    let sort = match params.sort.as_str() {
        "recent" => Sort::Recent,
        "supported" => Sort::MostSupported,
        "commented" => Sort::MostCommented,
        _ => Sort::Random { pivot: pivot(params.seed) },
    };
    let state = match params.state.as_str() {
        "not_answered" => StateFilter::NotAnswered,
        "evaluating" => StateFilter::Evaluating,
        "accepted" => StateFilter::Accepted,
        "rejected" => StateFilter::Rejected,
        "withdrawn" => StateFilter::Withdrawn,
        "reached" => StateFilter::Reached,
        _ => StateFilter::Published,
    };
    let query = ListQuery {
        process_id: process.row.id,
        sort,
        state,
        category_id: params.category,
        district_id: params.district,
        author_id: if params.mine { Some(viewer.unwrap_or_default()) } else { None },
        supported_by: if params.supported { Some(viewer.unwrap_or_default()) } else { None },
        include_hidden: authorize(actor, &Action::Moderate { process: Some(process.row.id) }).is_ok(),
        after: params.cursor.as_deref().and_then(Cursor::decode),
        limit: PAGE_SIZE,
    };
    let (rows, next) = proposals::list(&mut conn, &query)?;
    let ids: Vec<ProposalId> = rows.iter().map(|r| r.proposal.id).collect();
    let thumbs = uploads::first_of_proposals(&mut conn, &ids)?;
    let supported = match viewer {
        Some(uid) => proposals::supported_among(&mut conn, uid, &ids)?,
        None => Vec::new(),
    };
    let threshold = process.active.as_ref().and_then(|a| a.threshold);
    let authors: Vec<UserId> = rows.iter().filter_map(|r| r.proposal.author_id).collect();
    let bylines = Bylines::load(svc, &mut conn, &authors)?;
    let cards = rows.iter().map(|r| card(r, threshold, &thumbs, &supported, &bylines)).collect();
    let drafts = match viewer {
        Some(uid) => proposals::drafts_of(&mut conn, process.row.id, uid)?
            .into_iter()
            .map(|p| {
                let row = ProposalListRow {
                    proposal: p,
                    category_ja: None,
                    category_en: None,
                    author_name: None,
                    custom_state: None,
                };
                card(&row, threshold, &[], &[], &bylines)
            })
            .collect(),
        None => Vec::new(),
    };
    let process_detail = detail(&mut conn, actor, &process)?;
    Ok(ProposalList {
        can_propose: process_detail.can_propose,
        supports_left: process_detail.supports_left,
        signed_in: viewer.is_some(),
        process: summary(&mut conn, &process.row, &process.phases, yoriai_store::now())?,
        cards,
        next_cursor: next.map(|c| c.encode()),
        categories: process_detail.categories,
        districts: process_detail.districts,
        total: 0,
        seed: params.seed,
        drafts,
    })
}

/// Titles of published proposals in the process similar to `text` (while typing a
/// new one, and on a draft before publishing).
pub fn similar_proposals(
    svc: &Services,
    actor: &Actor,
    slug: &str,
    text: &str,
    exclude: Option<ProposalId>,
) -> ServiceResult<Vec<(ProposalId, String)>> {
    if text.chars().count() > 500 {
        return Ok(Vec::new());
    }
    let mut conn = svc.conn()?;
    let process = load(&mut conn, actor, ProcessRef::Slug(slug))?;
    let t = terms(text, 32);
    Ok(backend::similar_proposals(&mut conn, process.row.id, &t, exclude, 5)?
        .into_iter()
        .map(|h| (ProposalId(h.id), h.title))
        .collect())
}

pub fn proposal_page(svc: &Services, actor: &Actor, id: ProposalId) -> ServiceResult<ProposalPage> {
    let mut conn = svc.conn()?;
    let loaded = load_for(&mut conn, actor, id)?;
    let p = &loaded.row;
    let viewer = actor.user_id();
    let phase = loaded.process.active.as_ref().map(|a| a.settings());
    let given = match viewer {
        Some(uid) => supports::given(&mut conn, loaded.process.row.id, uid)?,
        None => 0,
    };
    let in_process = Some(loaded.process.row.id);
    let staff_answers = authorize(actor, &Action::AnswerProposal { process: in_process }).is_ok();
    let moderator = authorize(actor, &Action::Moderate { process: in_process }).is_ok();
    let answer = p.answered_at.zip(p.answer_state).filter(|_| p.answer_published_at.is_some() || staff_answers).map(
        |(at, state)| {
            let custom = p.answer_custom_state_id.and_then(|cid| proposal_states::find(&mut conn, cid).ok().flatten());
            AnswerView {
                state,
                custom_label: custom.as_ref().map(|c| Bilingual::new(&c.label_ja, &c.label_en)),
                colour: custom.map(|c| c.colour),
                text_html: render(p.answer_text.as_deref().unwrap_or("")),
                cost: p.answer_cost,
                published: p.answer_published_at.is_some(),
                answered_at: city_time(at),
            }
        },
    );
    let thread = comments::thread(&mut conn, id, viewer)?;
    let mut authors: Vec<UserId> = thread.iter().filter_map(|v| v.comment.author_id).collect();
    authors.extend(p.author_id);
    let bylines = Bylines::load(svc, &mut conn, &authors)?;
    let comments = thread
        .into_iter()
        .map(|v| {
            let c = v.comment;
            let hidden = c.hidden_at.is_some();
            let deleted = c.deleted_at.is_some();
            let readable = !deleted && (!hidden || moderator);
            CommentView {
                id: c.id,
                parent_id: c.parent_id,
                depth: c.depth,
                author: if deleted { Byline::default() } else { bylines.of(p.process_id, c.author_id, v.author_name) },
                body_html: if readable { render(&c.body) } else { String::new() },
                body: if readable && viewer.is_some() && viewer == c.author_id {
                    c.body.clone()
                } else {
                    String::new()
                },
                stance: c.stance,
                up: c.up_count,
                down: c.down_count,
                my_vote: v.my_vote.unwrap_or(0),
                deleted,
                hidden,
                edited: c.edited_at.is_some(),
                created_at: city_time(c.created_at),
                mine: viewer.is_some() && viewer == c.author_id,
            }
        })
        .collect();
    let images = uploads::of_proposal(&mut conn, id)?
        .into_iter()
        .map(|u| ImageView { id: u.id, key: u.storage_key, alt: u.alt_text, width: u.width, height: u.height })
        .collect();
    let category = match p.category_id {
        Some(cid) => yoriai_store::processes::categories_of(&mut conn, p.process_id)?
            .into_iter()
            .find(|c| c.id == cid)
            .map(|c| Named { id: c.id, name: Bilingual::new(c.name_ja, c.name_en) }),
        None => None,
    };
    let districts = district_names(&mut conn)?;
    let district = p.district_id.and_then(|d| districts.iter().find(|n| n.id == d).cloned());
    let author = match p.author_id {
        Some(a) => bylines.of(p.process_id, Some(a), yoriai_store::users::find(&mut conn, a)?.map(|u| u.display_name)),
        None => Byline::default(),
    };
    let following = match viewer {
        Some(uid) => follows::is_following(&mut conn, uid, id)?,
        None => false,
    };
    let f = facts(p, &loaded.process, loaded.facts.supported_by_actor);
    let similar = if p.state == ProposalState::Draft {
        let t = terms(&p.title, 32);
        backend::similar_proposals(&mut conn, p.process_id, &t, Some(id), 5)?
            .into_iter()
            .map(|h| (ProposalId(h.id), h.title))
            .collect()
    } else {
        Vec::new()
    };
    let answer_states = if staff_answers {
        proposal_states::list(&mut conn)?
            .into_iter()
            .map(|s| CustomStateView {
                id: s.id,
                key: s.key,
                label: Bilingual::new(s.label_ja, s.label_en),
                colour: s.colour,
            })
            .collect()
    } else {
        Vec::new()
    };
    let categories = yoriai_store::processes::categories_of(&mut conn, p.process_id)?
        .into_iter()
        .map(|c| Named { id: c.id, name: Bilingual::new(c.name_ja, c.name_en) })
        .collect();
    let budget_projects = crate::budgets::project_links(&mut conn, actor, id)?;
    Ok(ProposalPage {
        outcomes: crate::accountability::outcomes_of(&mut conn, yoriai_domain::item::ItemKind::Proposal, id)?,
        budget_projects,
        id,
        process_slug: loaded.process.row.slug.clone(),
        process_title: Bilingual::new(&loaded.process.row.title_ja, &loaded.process.row.title_en),
        title: p.title.clone(),
        body: p.body.clone(),
        body_html: render(&p.body),
        state: p.state,
        author,
        mine: viewer.is_some() && viewer == p.author_id,
        category,
        district,
        address: p.address.clone(),
        latitude: p.latitude,
        longitude: p.longitude,
        support_count: p.support_count,
        comment_count: p.comment_count,
        follower_count: p.follower_count,
        threshold: phase.as_ref().and_then(|s| s.threshold),
        reached: p.reached_at.is_some(),
        hidden: p.hidden_at.is_some(),
        published_at: p.published_at.map(city_time),
        images,
        answer,
        comments,
        supported_by_me: f.supported_by_actor,
        following,
        supports_left: phase.as_ref().and_then(|s| s.support_limit).map(|l| (l - given).max(0)),
        can_support: permission(authorize(
            actor,
            &Action::SupportProposal { proposal: f.clone(), phase: phase.clone(), supports_given: given },
        )),
        can_withdraw_support: permission(authorize(
            actor,
            &Action::WithdrawSupport { proposal: f.clone(), phase: phase.clone() },
        )),
        can_comment: permission(authorize(
            actor,
            &Action::Comment { proposal: f.clone(), phase: phase.clone(), depth: 0 },
        )),
        can_edit: permission(authorize(actor, &Action::EditProposal { proposal: f.clone() })),
        can_withdraw: permission(authorize(actor, &Action::WithdrawProposal { proposal: f.clone() })),
        can_publish: permission(authorize(actor, &Action::PublishProposal { proposal: f.clone(), phase })),
        can_answer: staff_answers && p.state != ProposalState::Draft,
        can_moderate: moderator,
        signed_in: actor.is_signed_in(),
        similar,
        categories,
        districts,
        answer_states,
    })
}

/// The answer states administrators defined.
pub fn answer_states(svc: &Services) -> ServiceResult<Vec<CustomStateView>> {
    let mut conn = svc.conn()?;
    Ok(proposal_states::list(&mut conn)?
        .into_iter()
        .map(|s| CustomStateView {
            id: s.id,
            key: s.key,
            label: Bilingual::new(s.label_ja, s.label_en),
            colour: s.colour,
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excerpts_are_flat_and_short() {
        assert_eq!(excerpt("a\n\nb"), "a b");
        let long = "あ".repeat(300);
        assert_eq!(excerpt(&long).chars().count(), 178);
    }

    #[test]
    fn seeds_spread_over_the_rank_range() {
        assert!(pivot(1) > 1_000_000);
        assert!(pivot(-5) >= 0);
        assert_ne!(pivot(1), pivot(2));
    }

    #[test]
    fn denials_become_reasons() {
        assert_eq!(permission(Err(Denied::SupportsClosed)).reason.as_deref(), Some("supports_closed"));
        assert!(permission(Ok(())).allowed);
    }
}
