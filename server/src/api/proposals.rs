//! Processes and proposals in the JSON API.

use super::{ctx, run};
use crate::errors::ApiError;
use actix_web::{web, HttpRequest, HttpResponse};
use serde::Deserialize;
use yoriai_domain::{CategoryId, CommentId, DistrictId, ProposalId};
use yoriai_services::processes;
use yoriai_services::proposals as cmd;

pub async fn list_processes(req: HttpRequest) -> Result<HttpResponse, ApiError> {
    let ctx = ctx(&req)?;
    let actor = ctx.actor();
    Ok(HttpResponse::Ok().json(run(&ctx, move |svc| processes::list_processes(svc, &actor)).await?))
}

pub async fn get_process(req: HttpRequest, path: web::Path<String>) -> Result<HttpResponse, ApiError> {
    let ctx = ctx(&req)?;
    let actor = ctx.actor();
    let key = path.into_inner();
    Ok(HttpResponse::Ok().json(run(&ctx, move |svc| processes::process_detail(svc, &actor, &key)).await?))
}

/// The orders the list offers; anything else is refused (400), not silently replaced.
#[derive(Deserialize, Clone, Copy, Default)]
#[serde(rename_all = "snake_case")]
pub enum SortParam {
    #[default]
    Recent,
    Supported,
    Commented,
    Random,
}

impl SortParam {
    fn as_str(self) -> &'static str {
        match self {
            SortParam::Recent => "recent",
            SortParam::Supported => "supported",
            SortParam::Commented => "commented",
            SortParam::Random => "random",
        }
    }
}

/// The state filters the list offers; without one, every published proposal.
#[derive(Deserialize, Clone, Copy)]
#[serde(rename_all = "snake_case")]
pub enum StateParam {
    NotAnswered,
    Evaluating,
    Accepted,
    Rejected,
    Withdrawn,
    Reached,
}

impl StateParam {
    fn as_str(self) -> &'static str {
        match self {
            StateParam::NotAnswered => "not_answered",
            StateParam::Evaluating => "evaluating",
            StateParam::Accepted => "accepted",
            StateParam::Rejected => "rejected",
            StateParam::Withdrawn => "withdrawn",
            StateParam::Reached => "reached",
        }
    }
}

#[derive(Deserialize, Default)]
pub struct ListQuery {
    #[serde(default)]
    sort: SortParam,
    state: Option<StateParam>,
    category: Option<CategoryId>,
    district: Option<DistrictId>,
    #[serde(default)]
    mine: bool,
    #[serde(default)]
    supported: bool,
    cursor: Option<String>,
    seed: Option<i32>,
}

pub async fn list_proposals(
    req: HttpRequest,
    path: web::Path<String>,
    q: web::Query<ListQuery>,
) -> Result<HttpResponse, ApiError> {
    let ctx = ctx(&req)?;
    let actor = ctx.actor();
    let key = path.into_inner();
    let q = q.into_inner();
    let params = cmd::ListParams {
        sort: q.sort.as_str().into(),
        state: q.state.map(StateParam::as_str).unwrap_or_default().into(),
        category: q.category,
        district: q.district,
        mine: q.mine,
        supported: q.supported,
        cursor: q.cursor,
        seed: q.seed.unwrap_or(0),
    };
    let list = run(&ctx, move |svc| cmd::list_proposals(svc, &actor, &key, params)).await?;
    Ok(HttpResponse::Ok().json(serde_json::json!({ "proposals": list.cards, "next_cursor": list.next_cursor })))
}

/// An optional integer in a JSON body. JSON (and JSON Schema) does not tell `4` from
/// `4.0`, so an integral number is read either way; `4.5` or a string is refused (400).
fn opt_int<'de, D: serde::Deserializer<'de>, T: From<i64>>(d: D) -> Result<Option<T>, D::Error> {
    use serde::de::Error;
    match Option::<serde_json::Number>::deserialize(d)? {
        None => Ok(None),
        Some(n) => n
            .as_i64()
            .or_else(|| {
                n.as_f64()
                    .filter(|f| f.fract() == 0.0 && (-9.223_372_036_854_776e18..9.223_372_036_854_776e18).contains(f))
                    .map(|f| f as i64)
            })
            .map(|n| Some(T::from(n)))
            .ok_or_else(|| D::Error::custom("not an integer")),
    }
}

#[derive(Deserialize)]
pub struct ProposalBody {
    title: String,
    body: String,
    #[serde(default, deserialize_with = "opt_int")]
    category_id: Option<CategoryId>,
    #[serde(default, deserialize_with = "opt_int")]
    district_id: Option<DistrictId>,
    address: Option<String>,
    latitude: Option<f64>,
    longitude: Option<f64>,
    #[serde(default)]
    publish: bool,
}

impl ProposalBody {
    fn input(&self) -> cmd::ProposalInput {
        cmd::ProposalInput {
            title: self.title.clone(),
            body: self.body.clone(),
            category_id: self.category_id,
            district_id: self.district_id,
            address: self.address.clone().unwrap_or_default(),
            latitude: self.latitude.map(|v| v.to_string()).unwrap_or_default(),
            longitude: self.longitude.map(|v| v.to_string()).unwrap_or_default(),
        }
    }
}

/// `POST /processes/{id}/proposals`: a draft, published at once with `"publish": true`.
pub async fn create_proposal(
    req: HttpRequest,
    path: web::Path<String>,
    body: web::Json<ProposalBody>,
) -> Result<HttpResponse, ApiError> {
    let ctx = ctx(&req)?;
    let actor = ctx.actor();
    let key = path.into_inner();
    let body = body.into_inner();
    let id = run(&ctx, move |svc| cmd::create_proposal(svc, &actor, &key, body.input(), body.publish)).await?;
    Ok(HttpResponse::Created()
        .insert_header(("location", format!("/api/v1/proposals/{id}")))
        .json(serde_json::json!({ "id": id })))
}

pub async fn get_proposal(req: HttpRequest, path: web::Path<ProposalId>) -> Result<HttpResponse, ApiError> {
    let ctx = ctx(&req)?;
    let actor = ctx.actor();
    let id = path.into_inner();
    Ok(HttpResponse::Ok().json(run(&ctx, move |svc| cmd::proposal_page(svc, &actor, id)).await?))
}

pub async fn update_proposal(
    req: HttpRequest,
    path: web::Path<ProposalId>,
    body: web::Json<ProposalBody>,
) -> Result<HttpResponse, ApiError> {
    let ctx = ctx(&req)?;
    let actor = ctx.actor();
    let id = path.into_inner();
    let input = body.into_inner().input();
    run(&ctx, move |svc| cmd::update_proposal(svc, &actor, id, input)).await?;
    Ok(HttpResponse::NoContent().finish())
}

pub async fn publish(req: HttpRequest, path: web::Path<ProposalId>) -> Result<HttpResponse, ApiError> {
    let ctx = ctx(&req)?;
    let actor = ctx.actor();
    let id = path.into_inner();
    run(&ctx, move |svc| cmd::publish_proposal(svc, &actor, id)).await?;
    Ok(HttpResponse::NoContent().finish())
}

pub async fn withdraw(req: HttpRequest, path: web::Path<ProposalId>) -> Result<HttpResponse, ApiError> {
    let ctx = ctx(&req)?;
    let actor = ctx.actor();
    let id = path.into_inner();
    run(&ctx, move |svc| cmd::withdraw_proposal(svc, &actor, id)).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// `PUT /proposals/{id}/support` supports; `DELETE` withdraws the support.
pub async fn support(req: HttpRequest, path: web::Path<ProposalId>) -> Result<HttpResponse, ApiError> {
    let ctx = ctx(&req)?;
    let actor = ctx.actor();
    let id = path.into_inner();
    Ok(HttpResponse::Ok().json(run(&ctx, move |svc| cmd::support_proposal(svc, &actor, id)).await?))
}

pub async fn unsupport(req: HttpRequest, path: web::Path<ProposalId>) -> Result<HttpResponse, ApiError> {
    let ctx = ctx(&req)?;
    let actor = ctx.actor();
    let id = path.into_inner();
    Ok(HttpResponse::Ok().json(run(&ctx, move |svc| cmd::withdraw_support(svc, &actor, id)).await?))
}

pub async fn follow(req: HttpRequest, path: web::Path<ProposalId>) -> Result<HttpResponse, ApiError> {
    let ctx = ctx(&req)?;
    let actor = ctx.actor();
    let id = path.into_inner();
    run(&ctx, move |svc| cmd::follow_proposal(svc, &actor, id)).await?;
    Ok(HttpResponse::NoContent().finish())
}

pub async fn unfollow(req: HttpRequest, path: web::Path<ProposalId>) -> Result<HttpResponse, ApiError> {
    let ctx = ctx(&req)?;
    let actor = ctx.actor();
    let id = path.into_inner();
    run(&ctx, move |svc| cmd::unfollow_proposal(svc, &actor, id)).await?;
    Ok(HttpResponse::NoContent().finish())
}

pub async fn list_comments(req: HttpRequest, path: web::Path<ProposalId>) -> Result<HttpResponse, ApiError> {
    let ctx = ctx(&req)?;
    let actor = ctx.actor();
    let id = path.into_inner();
    let page = run(&ctx, move |svc| cmd::proposal_page(svc, &actor, id)).await?;
    Ok(HttpResponse::Ok().json(page.comments))
}

#[derive(Deserialize)]
pub struct CommentBody {
    body: String,
    stance: Option<String>,
    #[serde(default, deserialize_with = "opt_int")]
    parent_id: Option<CommentId>,
}

pub async fn add_comment(
    req: HttpRequest,
    path: web::Path<ProposalId>,
    body: web::Json<CommentBody>,
) -> Result<HttpResponse, ApiError> {
    let ctx = ctx(&req)?;
    let actor = ctx.actor();
    let id = path.into_inner();
    let b = body.into_inner();
    let input = cmd::CommentInput { body: b.body, stance: b.stance.unwrap_or_default(), parent_id: b.parent_id };
    let cid = run(&ctx, move |svc| cmd::add_comment(svc, &actor, id, input)).await?;
    Ok(HttpResponse::Created().json(serde_json::json!({ "id": cid })))
}

#[derive(Deserialize)]
pub struct AnswerBody {
    state: String,
    text: String,
    #[serde(default, deserialize_with = "opt_int")]
    cost: Option<i64>,
    #[serde(default)]
    publish: bool,
}

pub async fn answer(
    req: HttpRequest,
    path: web::Path<ProposalId>,
    body: web::Json<AnswerBody>,
) -> Result<HttpResponse, ApiError> {
    let ctx = ctx(&req)?;
    let actor = ctx.actor();
    let id = path.into_inner();
    let b = body.into_inner();
    let input = cmd::AnswerInput {
        state: b.state,
        text: b.text,
        cost: b.cost.map(|c| c.to_string()).unwrap_or_default(),
        publish: b.publish,
    };
    run(&ctx, move |svc| cmd::answer_proposal(svc, &actor, id, input)).await?;
    Ok(HttpResponse::NoContent().finish())
}

#[derive(Deserialize)]
pub struct ReportBody {
    reason: String,
    details: Option<String>,
    #[serde(default, deserialize_with = "opt_int")]
    comment_id: Option<CommentId>,
}

pub async fn report(
    req: HttpRequest,
    path: web::Path<ProposalId>,
    body: web::Json<ReportBody>,
) -> Result<HttpResponse, ApiError> {
    let ctx = ctx(&req)?;
    let actor = ctx.actor();
    let id = path.into_inner();
    let b = body.into_inner();
    let target = match b.comment_id {
        Some(c) => cmd::Target::Comment(c),
        None => cmd::Target::Proposal(id),
    };
    let hidden =
        run(&ctx, move |svc| cmd::flag_content(svc, &actor, target, &b.reason, b.details.as_deref().unwrap_or("")))
            .await?;
    Ok(HttpResponse::Ok().json(serde_json::json!({ "hidden": hidden })))
}
