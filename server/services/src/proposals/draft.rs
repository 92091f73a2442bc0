//! Drafting, editing, publishing and withdrawing a proposal.

use super::{load_for, user_id};
use crate::audit::{self, Visibility};
use crate::processes::{load, ProcessRef};
use crate::{ServiceResult, Services};
use rand::Rng;
use serde_json::json;
use yoriai_domain::geo::LatLon;
use yoriai_domain::proposal::{ADDRESS_MAX_CHARS, BODY_MAX_CHARS, BODY_MIN_CHARS, TITLE_MAX_CHARS, TITLE_MIN_CHARS};
use yoriai_domain::search::index_text;
use yoriai_domain::text::{multi_line, single_line};
use yoriai_domain::{authorize, Action, Actor, ErrorCode, FieldError, FieldErrors, ProcessId, ProposalId, Rejection};
use yoriai_store::proposals::{self, ProposalContent};
use yoriai_store::{follows, processes, DbConn};

pub use yoriai_views::proposals::ProposalInput;

#[derive(Debug)]
pub(crate) struct ParsedProposal {
    title: String,
    body: String,
    address: Option<String>,
    location: Option<(f64, f64)>,
}

pub(crate) fn parse(input: &ProposalInput) -> Result<ParsedProposal, Rejection> {
    let mut e = FieldErrors::new();
    let title = e.check("title", single_line(&input.title, TITLE_MIN_CHARS, TITLE_MAX_CHARS));
    let body = e.check("body", multi_line(&input.body, BODY_MIN_CHARS, BODY_MAX_CHARS));
    let address = if input.address.trim().is_empty() {
        Some(None)
    } else {
        e.check("address", single_line(&input.address, 1, ADDRESS_MAX_CHARS).map(Some))
    };
    let location = match (input.latitude.trim(), input.longitude.trim()) {
        ("", "") => Some(None),
        (lat, lon) => match LatLon::parse(lat, lon) {
            Ok(p) => Some(Some((p.lat.get(), p.lon.get()))),
            Err(_) => {
                e.push(FieldError::new("latitude", ErrorCode::LocationInvalid));
                None
            }
        },
    };
    match (title, body, address, location) {
        (Some(title), Some(body), Some(address), Some(location)) => {
            Ok(ParsedProposal { title, body, address, location })
        }
        _ => Err(e.into_rejection()),
    }
}

/// The category and district must belong to this process / exist.
fn check_refs(conn: &mut DbConn, process_id: ProcessId, input: &ProposalInput) -> ServiceResult<()> {
    let mut e = FieldErrors::new();
    if let Some(cid) = input.category_id {
        if !processes::categories_of(conn, process_id)?.iter().any(|c| c.id == cid) {
            e.push(FieldError::new("category_id", ErrorCode::InvalidInput));
        }
    }
    if let Some(did) = input.district_id {
        if yoriai_store::districts::find(conn, did)?.is_none() {
            e.push(FieldError::new("district_id", ErrorCode::InvalidInput));
        }
    }
    if e.is_empty() {
        Ok(())
    } else {
        Err(e.into_rejection().into())
    }
}

fn content<'a>(p: &'a ParsedProposal, input: &ProposalInput, terms: &'a str) -> ProposalContent<'a> {
    ProposalContent {
        title: &p.title,
        body: &p.body,
        category_id: input.category_id,
        district_id: input.district_id,
        address: p.address.as_deref(),
        latitude: p.location.map(|l| l.0),
        longitude: p.location.map(|l| l.1),
        search_terms: terms,
        updated_at: yoriai_store::now(),
    }
}

/// Saves a new draft, visible only to its author until published.
pub fn create_draft(
    svc: &Services,
    actor: &Actor,
    process_slug: &str,
    input: ProposalInput,
) -> ServiceResult<ProposalId> {
    create_proposal(svc, actor, process_slug, input, false)
}

/// Makes a proposal: a draft, or with `publish` a published proposal, in one
/// transaction, so a publication the phase refuses leaves no draft behind.
pub fn create_proposal(
    svc: &Services,
    actor: &Actor,
    process_slug: &str,
    input: ProposalInput,
    publish: bool,
) -> ServiceResult<ProposalId> {
    let mut conn = svc.conn()?;
    let process = load(&mut conn, actor, ProcessRef::Slug(process_slug))?;
    authorize(actor, &Action::CreateProposal { phase: process.active.as_ref().map(|p| p.settings()) })?;
    let parsed = parse(&input)?;
    check_refs(&mut conn, process.row.id, &input)?;
    let terms = index_text(&format!("{} {}", parsed.title, parsed.body));
    let now = yoriai_store::now();
    let rank: i32 = rand::rng().random_range(0..i32::MAX);
    yoriai_store::write_tx(&mut conn, |c| {
        let id =
            proposals::insert_draft(c, process.row.id, user_id(actor), &content(&parsed, &input, &terms), rank, now)?;
        if publish {
            publish_in(c, actor, &process, id, now)?;
        }
        Ok(id)
    })
}

/// Publishes a draft inside the caller's transaction, asking the policy with the row as
/// it is now; its author follows it from then on.
fn publish_in(
    c: &mut DbConn,
    actor: &Actor,
    process: &crate::processes::LoadedProcess,
    id: ProposalId,
    now: chrono::NaiveDateTime,
) -> ServiceResult<()> {
    let row = proposals::find(c, id)?.ok_or(Rejection::new(ErrorCode::NotFound))?;
    let phase = process.active.as_ref().map(|p| p.settings());
    authorize(actor, &Action::PublishProposal { proposal: super::facts(&row, process, false), phase })?;
    if !proposals::publish(c, id, now)? {
        return Err(Rejection::new(ErrorCode::NotSupportable).into());
    }
    if follows::follow(c, user_id(actor), id, now)? {
        proposals::add_follower_count(c, id, 1)?;
    }
    Ok(())
}

/// Edits a draft, or a published proposal within the edit window and before any support.
pub fn update_proposal(svc: &Services, actor: &Actor, id: ProposalId, input: ProposalInput) -> ServiceResult<()> {
    let mut conn = svc.conn()?;
    let loaded = load_for(&mut conn, actor, id)?;
    authorize(actor, &Action::EditProposal { proposal: loaded.facts.clone() })?;
    let parsed = parse(&input)?;
    check_refs(&mut conn, loaded.process.row.id, &input)?;
    let terms = index_text(&format!("{} {}", parsed.title, parsed.body));
    yoriai_store::write_tx(&mut conn, |c| {
        // Re-checked under the write lock: a support may have arrived meanwhile.
        let fresh = proposals::find(c, id)?.ok_or(Rejection::new(ErrorCode::NotFound))?;
        let facts = super::facts(&fresh, &loaded.process, loaded.facts.supported_by_actor);
        authorize(actor, &Action::EditProposal { proposal: facts })?;
        proposals::update_content(c, id, &content(&parsed, &input, &terms))?;
        Ok(())
    })
}

/// Publishes a draft; its author follows it from then on.
pub fn publish_proposal(svc: &Services, actor: &Actor, id: ProposalId) -> ServiceResult<()> {
    let mut conn = svc.conn()?;
    let loaded = load_for(&mut conn, actor, id)?;
    let phase = loaded.process.active.as_ref().map(|p| p.settings());
    authorize(actor, &Action::PublishProposal { proposal: loaded.facts.clone(), phase })?;
    let now = yoriai_store::now();
    yoriai_store::write_tx(&mut conn, |c| publish_in(c, actor, &loaded.process, id, now))
}

/// Withdraws a published proposal: it stays readable, and takes no more supports.
pub fn withdraw_proposal(svc: &Services, actor: &Actor, id: ProposalId) -> ServiceResult<()> {
    let mut conn = svc.conn()?;
    let loaded = load_for(&mut conn, actor, id)?;
    authorize(actor, &Action::WithdrawProposal { proposal: loaded.facts.clone() })?;
    let now = yoriai_store::now();
    yoriai_store::write_tx(&mut conn, |c| {
        if !proposals::withdraw(c, id, now)? {
            return Err(Rejection::new(ErrorCode::NotSupportable).into());
        }
        // A resident's public act, recorded for the proposal's history.
        audit::log(c, actor, "withdraw_proposal", ("proposal", Some(id)), Visibility::Public, None, json!({}))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(title: &str, body: &str) -> ProposalInput {
        ProposalInput { title: title.into(), body: body.into(), ..Default::default() }
    }

    #[test]
    fn title_and_body_limits_are_field_errors() {
        let r = parse(&input("", "short")).unwrap_err();
        assert_eq!(r.field_error("title").unwrap().code, ErrorCode::Required);
        assert_eq!(r.field_error("body").unwrap().code, ErrorCode::TooShort);
        let r = parse(&input(&"長".repeat(151), &"x".repeat(1024 * 1024))).unwrap_err();
        assert_eq!(r.field_error("title").unwrap().code, ErrorCode::TooLong);
        assert_eq!(r.field_error("body").unwrap().code, ErrorCode::TooLong);
    }

    #[test]
    fn a_location_needs_both_coordinates_in_range() {
        let mut i = input("Benches in the park", "Please add benches along the river path.");
        i.latitude = "37.49".into();
        i.longitude = "139.93".into();
        assert_eq!(parse(&i).unwrap().location, Some((37.49, 139.93)));
        i.latitude = "97".into();
        assert_eq!(parse(&i).unwrap_err().field_error("latitude").unwrap().code, ErrorCode::LocationInvalid);
        i.latitude = "37.49".into();
        i.longitude = String::new();
        assert!(parse(&i).is_err());
    }
}
