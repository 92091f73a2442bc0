//! Staff commands: create and edit processes, their phases and categories.

use crate::audit::{self, Visibility};
use crate::{ServiceError, ServiceResult, Services};
use chrono::{NaiveDate, NaiveDateTime};
use serde_json::json;
use yoriai_domain::process::{parse_slug, DEFAULT_EDIT_WINDOW_MINUTES};
use yoriai_domain::text::{multi_line, single_line};
use yoriai_domain::{
    authorize, Action, Actor, CategoryId, ErrorCode, FieldError, FieldErrors, PhaseId, ProcessId, Rejection,
};
use yoriai_store::processes::{self, PhaseFields, ProcessFields};

pub use yoriai_views::processes::{PhaseInput, ProcessInput};

#[derive(Debug)]
struct ParsedProcess {
    slug: String,
    title_ja: String,
    title_en: String,
    description_ja: String,
    description_en: String,
    edit_window: i32,
}

fn parse_process(input: &ProcessInput) -> Result<ParsedProcess, Rejection> {
    let mut e = FieldErrors::new();
    let slug = e.check("slug", parse_slug(&input.slug));
    let title_ja = e.check("title_ja", single_line(&input.title_ja, 2, 150));
    let title_en = e.check("title_en", single_line(&input.title_en, 2, 150));
    let optional_text = |raw: &str| if raw.trim().is_empty() { Ok(String::new()) } else { multi_line(raw, 1, 20_000) };
    let description_ja = e.check("description_ja", optional_text(&input.description_ja));
    let description_en = e.check("description_en", optional_text(&input.description_en));
    let edit_window = match input.edit_window_minutes.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        None => Some(DEFAULT_EDIT_WINDOW_MINUTES),
        Some(raw) => e.check(
            "edit_window_minutes",
            raw.parse::<i32>().map_err(|_| ErrorCode::NotANumber).and_then(|m| {
                if (0..=10_080).contains(&m) {
                    Ok(m)
                } else {
                    Err(ErrorCode::NotANumber)
                }
            }),
        ),
    };
    match (slug, title_ja, title_en, description_ja, description_en, edit_window) {
        (Some(slug), Some(title_ja), Some(title_en), Some(description_ja), Some(description_en), Some(edit_window)) => {
            Ok(ParsedProcess { slug, title_ja, title_en, description_ja, description_en, edit_window })
        }
        _ => Err(e.into_rejection()),
    }
}

/// Creates a participatory process (unpublished until staff publish it).
pub fn create_process(svc: &Services, actor: &Actor, input: ProcessInput) -> ServiceResult<ProcessId> {
    authorize(actor, &Action::ManageProcesses)?;
    let p = parse_process(&input)?;
    let mut conn = svc.conn()?;
    let now = yoriai_store::now();
    yoriai_store::write_tx(&mut conn, |c| {
        let fields = ProcessFields {
            slug: &p.slug,
            title_ja: &p.title_ja,
            title_en: &p.title_en,
            description_ja: &p.description_ja,
            description_en: &p.description_en,
            district_id: input.district_id,
            edit_window_minutes: p.edit_window,
            published: input.published,
            updated_at: now,
        };
        let id = processes::insert(c, &fields, now)?.ok_or(Rejection::field("slug", ErrorCode::SlugTaken))?;
        audit::log(
            c,
            actor,
            "create_process",
            ("process", Some(id)),
            Visibility::Public,
            None,
            json!({ "slug": p.slug }),
        )?;
        Ok(id)
    })
}

pub fn update_process(svc: &Services, actor: &Actor, id: ProcessId, input: ProcessInput) -> ServiceResult<()> {
    authorize(actor, &Action::ManageProcess { process: id })?;
    let p = parse_process(&input)?;
    let mut conn = svc.conn()?;
    let now = yoriai_store::now();
    yoriai_store::write_tx(&mut conn, |c| {
        processes::find(c, id)?.ok_or(Rejection::new(ErrorCode::NotFound))?;
        let fields = ProcessFields {
            slug: &p.slug,
            title_ja: &p.title_ja,
            title_en: &p.title_en,
            description_ja: &p.description_ja,
            description_en: &p.description_en,
            district_id: input.district_id,
            edit_window_minutes: p.edit_window,
            published: input.published,
            updated_at: now,
        };
        if !processes::update(c, id, &fields)? {
            return Err(Rejection::field("slug", ErrorCode::SlugTaken).into());
        }
        audit::log(
            c,
            actor,
            "update_process",
            ("process", Some(id)),
            Visibility::Public,
            None,
            json!({ "published": input.published }),
        )
    })
}

/// City time for date-only fields: Japan (UTC+9), where Yoriai's cities are.
const CITY_UTC_OFFSET_HOURS: i64 = 9;

fn parse_day(raw: &str) -> Result<Option<NaiveDateTime>, ErrorCode> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Ok(None);
    }
    let day = NaiveDate::parse_from_str(raw, "%Y-%m-%d").map_err(|_| ErrorCode::DateInvalid)?;
    let local_midnight = day.and_hms_opt(0, 0, 0).ok_or(ErrorCode::DateInvalid)?;
    Ok(Some(local_midnight - chrono::Duration::hours(CITY_UTC_OFFSET_HOURS)))
}

fn parse_count(raw: &str, min: i32) -> Result<Option<i32>, ErrorCode> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Ok(None);
    }
    let n: i32 = raw.parse().map_err(|_| ErrorCode::NotANumber)?;
    if n < min || n > 1_000_000 {
        return Err(ErrorCode::NotANumber);
    }
    Ok(Some(n))
}

#[derive(Debug)]
struct ParsedPhase {
    title_ja: String,
    title_en: String,
    starts_at: Option<NaiveDateTime>,
    ends_at: Option<NaiveDateTime>,
    support_limit: Option<i32>,
    min_supports: i32,
    threshold: Option<i32>,
}

fn parse_phase(input: &PhaseInput) -> Result<ParsedPhase, Rejection> {
    let mut e = FieldErrors::new();
    let title_ja = e.check("title_ja", single_line(&input.title_ja, 2, 100));
    let title_en = e.check("title_en", single_line(&input.title_en, 2, 100));
    let starts_at = e.check("starts_on", parse_day(&input.starts_on));
    // The end date is the last day of the phase: it ends at the following midnight.
    let ends_at = e.check("ends_on", parse_day(&input.ends_on).map(|d| d.map(|d| d + chrono::Duration::days(1))));
    let support_limit = e.check("support_limit", parse_count(&input.support_limit, 1));
    let min_supports =
        e.check("min_supports_to_count", parse_count(&input.min_supports_to_count, 0).map(|n| n.unwrap_or(0)));
    let threshold = e.check("threshold", parse_count(&input.threshold, 1));
    if let (Some(Some(s)), Some(Some(end))) = (starts_at, ends_at) {
        if end <= s {
            e.push(FieldError::new("ends_on", ErrorCode::DateInvalid));
        }
    }
    if let (Some(Some(limit)), Some(min)) = (support_limit, min_supports) {
        if min > limit {
            e.push(FieldError::new("min_supports_to_count", ErrorCode::NotANumber));
        }
    }
    match (title_ja, title_en, starts_at, ends_at, support_limit, min_supports, threshold) {
        (
            Some(title_ja),
            Some(title_en),
            Some(starts_at),
            Some(ends_at),
            Some(support_limit),
            Some(min_supports),
            Some(threshold),
        ) if e.is_empty() => {
            Ok(ParsedPhase { title_ja, title_en, starts_at, ends_at, support_limit, min_supports, threshold })
        }
        _ => Err(e.into_rejection()),
    }
}

fn phase_fields<'a>(process_id: ProcessId, position: i32, p: &'a ParsedPhase, input: &PhaseInput) -> PhaseFields<'a> {
    PhaseFields {
        process_id,
        position,
        title_ja: &p.title_ja,
        title_en: &p.title_en,
        starts_at: p.starts_at,
        ends_at: p.ends_at,
        proposals_open: input.proposals_open,
        supports_open: input.supports_open,
        support_limit: p.support_limit,
        min_supports_to_count: p.min_supports,
        threshold: p.threshold,
        accumulate_beyond_threshold: input.accumulate_beyond_threshold,
        supports_require_verification: input.supports_require_verification,
        support_own_allowed: input.support_own_allowed,
        comments_open: input.comments_open,
    }
}

pub fn add_phase(svc: &Services, actor: &Actor, process_id: ProcessId, input: PhaseInput) -> ServiceResult<PhaseId> {
    authorize(actor, &Action::ManageProcess { process: process_id })?;
    let p = parse_phase(&input)?;
    let mut conn = svc.conn()?;
    yoriai_store::write_tx(&mut conn, |c| {
        processes::find(c, process_id)?.ok_or(Rejection::new(ErrorCode::NotFound))?;
        let position = processes::next_phase_position(c, process_id)?;
        let id = processes::insert_phase(c, &phase_fields(process_id, position, &p, &input))?;
        audit::log(
            c,
            actor,
            "add_phase",
            ("process", Some(process_id)),
            Visibility::Public,
            None,
            json!({ "phase_id": id }),
        )?;
        Ok(id)
    })
}

pub fn update_phase(
    svc: &Services,
    actor: &Actor,
    process_id: ProcessId,
    phase_id: PhaseId,
    input: PhaseInput,
) -> ServiceResult<()> {
    authorize(actor, &Action::ManageProcess { process: process_id })?;
    let p = parse_phase(&input)?;
    let mut conn = svc.conn()?;
    yoriai_store::write_tx(&mut conn, |c| {
        let phases = processes::phases_of(c, process_id)?;
        let existing = phases.iter().find(|ph| ph.id == phase_id).ok_or(Rejection::new(ErrorCode::NotFound))?;
        processes::update_phase(c, phase_id, &phase_fields(process_id, existing.position, &p, &input))?;
        audit::log(
            c,
            actor,
            "update_phase",
            ("process", Some(process_id)),
            Visibility::Public,
            None,
            json!({ "phase_id": phase_id }),
        )
    })
}

pub fn delete_phase(svc: &Services, actor: &Actor, process_id: ProcessId, phase_id: PhaseId) -> ServiceResult<()> {
    authorize(actor, &Action::ManageProcess { process: process_id })?;
    let mut conn = svc.conn()?;
    yoriai_store::write_tx(&mut conn, |c| {
        if !processes::delete_phase(c, process_id, phase_id)? {
            return Err(ErrorCode::NotFound.into());
        }
        let process = processes::find(c, process_id)?.ok_or(Rejection::new(ErrorCode::NotFound))?;
        if process.manual_phase_id == Some(phase_id) {
            processes::set_manual_phase(c, process_id, None, yoriai_store::now())?;
        }
        audit::log(
            c,
            actor,
            "delete_phase",
            ("process", Some(process_id)),
            Visibility::Public,
            None,
            json!({ "phase_id": phase_id }),
        )
    })
}

/// Switches phases by hand (`Some`) or back to the dates (`None`).
pub fn set_manual_phase(
    svc: &Services,
    actor: &Actor,
    process_id: ProcessId,
    phase_id: Option<PhaseId>,
) -> ServiceResult<()> {
    authorize(actor, &Action::ManageProcess { process: process_id })?;
    let mut conn = svc.conn()?;
    yoriai_store::write_tx(&mut conn, |c| {
        if let Some(pid) = phase_id {
            let phases = processes::phases_of(c, process_id)?;
            if !phases.iter().any(|p| p.id == pid) {
                return Err(ErrorCode::NotFound.into());
            }
        }
        processes::set_manual_phase(c, process_id, phase_id, yoriai_store::now())?;
        audit::log(
            c,
            actor,
            "switch_phase",
            ("process", Some(process_id)),
            Visibility::Public,
            None,
            json!({ "phase_id": phase_id }),
        )
    })
}

pub fn add_category(
    svc: &Services,
    actor: &Actor,
    process_id: ProcessId,
    name_ja: &str,
    name_en: &str,
) -> ServiceResult<CategoryId> {
    authorize(actor, &Action::ManageProcess { process: process_id })?;
    let mut e = FieldErrors::new();
    let ja = e.check("name_ja", single_line(name_ja, 1, 80));
    let en = e.check("name_en", single_line(name_en, 1, 80));
    let (Some(ja), Some(en)) = (ja, en) else { return Err(e.into_rejection().into()) };
    let mut conn = svc.conn()?;
    yoriai_store::write_tx(&mut conn, |c| {
        processes::find(c, process_id)?.ok_or(Rejection::new(ErrorCode::NotFound))?;
        let id = processes::insert_category(c, process_id, &ja, &en)?;
        audit::log(
            c,
            actor,
            "add_category",
            ("process", Some(process_id)),
            Visibility::Public,
            None,
            json!({ "category_id": id }),
        )?;
        Ok(id)
    })
}

pub fn delete_category(
    svc: &Services,
    actor: &Actor,
    process_id: ProcessId,
    category_id: CategoryId,
) -> ServiceResult<()> {
    authorize(actor, &Action::ManageProcess { process: process_id })?;
    let mut conn = svc.conn()?;
    yoriai_store::write_tx(&mut conn, |c| {
        if !processes::delete_category(c, process_id, category_id)? {
            return Err(ServiceError::from(ErrorCode::NotFound));
        }
        audit::log(
            c,
            actor,
            "delete_category",
            ("process", Some(process_id)),
            Visibility::Public,
            None,
            json!({ "category_id": category_id }),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn date_fields_are_city_midnights_in_utc_and_the_end_day_is_included() {
        let input = PhaseInput {
            title_ja: "募集".into(),
            title_en: "Call".into(),
            starts_on: "2026-04-01".into(),
            ends_on: "2026-04-30".into(),
            ..Default::default()
        };
        let p = parse_phase(&input).unwrap();
        assert_eq!(p.starts_at.unwrap().to_string(), "2026-03-31 15:00:00");
        assert_eq!(p.ends_at.unwrap().to_string(), "2026-04-30 15:00:00");
    }

    #[test]
    fn an_end_before_the_start_and_a_minimum_above_the_limit_are_field_errors() {
        let input = PhaseInput {
            title_ja: "募集".into(),
            title_en: "Call".into(),
            starts_on: "2026-04-10".into(),
            ends_on: "2026-04-01".into(),
            support_limit: "3".into(),
            min_supports_to_count: "5".into(),
            ..Default::default()
        };
        let r = parse_phase(&input).unwrap_err();
        assert_eq!(r.field_error("ends_on").unwrap().code, ErrorCode::DateInvalid);
        assert!(r.field_error("min_supports_to_count").is_some());
    }

    #[test]
    fn counts_must_be_positive_numbers() {
        assert_eq!(parse_count("0", 1), Err(ErrorCode::NotANumber));
        assert_eq!(parse_count("ten", 1), Err(ErrorCode::NotANumber));
        assert_eq!(parse_count(" ", 1), Ok(None));
        assert_eq!(parse_count("10", 1), Ok(Some(10)));
    }
}
