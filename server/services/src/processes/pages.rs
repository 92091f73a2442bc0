//! What the process pages show.

use crate::{city_date, ServiceResult, Services};
use yoriai_domain::text::render;
use yoriai_domain::{
    authorize, reach, Action, Actor, DistrictId, ErrorCode, PhaseId, ProcessId, Reach, Rejection, UploadId,
};
use yoriai_store::processes::{self, active_phase, PhaseRow, ProcessRow};
use yoriai_store::{districts, proposals, supports, uploads, DbConn};
use yoriai_views::{Bilingual, Named, PhaseView, ProcessDetail, ProcessSummary};

fn phase_view(p: &PhaseRow, active: Option<PhaseId>) -> PhaseView {
    PhaseView {
        id: p.id,
        position: p.position,
        title: Bilingual::new(&p.title_ja, &p.title_en),
        starts_on: p.starts_at.map(city_date),
        // Stored as the exclusive end; shown as the last day.
        ends_on: p.ends_at.map(|e| city_date(e - chrono::Duration::seconds(1))),
        active: Some(p.id) == active,
        settings: p.settings(),
    }
}

fn image_key(conn: &mut DbConn, image_id: Option<UploadId>) -> ServiceResult<Option<String>> {
    Ok(match image_id {
        Some(id) => uploads::find(conn, id)?.map(|u| u.storage_key),
        None => None,
    })
}

pub(crate) fn summary(
    conn: &mut DbConn,
    p: &ProcessRow,
    phases: &[PhaseRow],
    now: chrono::NaiveDateTime,
) -> ServiceResult<ProcessSummary> {
    let active = active_phase(p, phases, now);
    Ok(ProcessSummary {
        id: p.id,
        slug: p.slug.clone(),
        title: Bilingual::new(&p.title_ja, &p.title_en),
        description: Bilingual::new(&p.description_ja, &p.description_en),
        image: image_key(conn, p.image_id)?,
        active_phase: active.map(|a| Bilingual::new(&a.title_ja, &a.title_en)),
        published: p.published,
        proposal_count: proposals::count_published(conn, p.id)?,
    })
}

/// Processes for the public list (staff also see unpublished ones).
pub fn list_processes(svc: &Services, actor: &Actor) -> ServiceResult<Vec<ProcessSummary>> {
    let staff = managing(actor).is_ok() || matches!(actor, Actor::User(u) if !u.process_roles.is_empty());
    let mut conn = svc.conn()?;
    let mut rows = processes::list(&mut conn, !staff)?;
    // Process administrators see their own unpublished processes, not others'.
    rows.retain(|p| authorize(actor, &Action::ViewProcess { process: p.id, published: p.published }).is_ok());
    let ids: Vec<ProcessId> = rows.iter().map(|p| p.id).collect();
    let all_phases = processes::phases_of_many(&mut conn, &ids)?;
    let now = yoriai_store::now();
    rows.iter()
        .map(|p| {
            let phases: Vec<PhaseRow> = all_phases.iter().filter(|ph| ph.process_id == p.id).cloned().collect();
            summary(&mut conn, p, &phases, now)
        })
        .collect()
}

/// A process loaded for a page or a command: its row, phases and the active phase.
pub struct LoadedProcess {
    pub row: ProcessRow,
    pub phases: Vec<PhaseRow>,
    pub active: Option<PhaseRow>,
}

/// Loads a process the actor may see (unpublished ones only for staff).
pub fn load(conn: &mut DbConn, actor: &Actor, slug_or_id: ProcessRef<'_>) -> ServiceResult<LoadedProcess> {
    let row = match slug_or_id {
        // Slugs are never all digits, so a number is an id.
        ProcessRef::Slug(s) => match s.parse::<i64>() {
            Ok(id) => processes::find(conn, ProcessId(id))?,
            Err(_) => processes::find_by_slug(conn, s)?,
        },
        ProcessRef::Id(id) => processes::find(conn, id)?,
    }
    .ok_or(Rejection::new(ErrorCode::NotFound))?;
    authorize(actor, &Action::ViewProcess { process: row.id, published: row.published })?;
    let phases = processes::phases_of(conn, row.id)?;
    let active = active_phase(&row, &phases, yoriai_store::now()).cloned();
    Ok(LoadedProcess { row, phases, active })
}

#[derive(Debug, Clone, Copy)]
pub enum ProcessRef<'a> {
    Slug(&'a str),
    Id(ProcessId),
}

pub fn process_detail(svc: &Services, actor: &Actor, slug: &str) -> ServiceResult<ProcessDetail> {
    let mut conn = svc.conn()?;
    let loaded = load(&mut conn, actor, ProcessRef::Slug(slug))?;
    detail(&mut conn, actor, &loaded)
}

pub(crate) fn detail(conn: &mut DbConn, actor: &Actor, loaded: &LoadedProcess) -> ServiceResult<ProcessDetail> {
    let p = &loaded.row;
    let active_id = loaded.active.as_ref().map(|a| a.id);
    let categories = processes::categories_of(conn, p.id)?
        .into_iter()
        .map(|c| Named { id: c.id, name: Bilingual::new(c.name_ja, c.name_en) })
        .collect();
    let district = match p.district_id {
        Some(id) => districts::find(conn, id)?.map(|d| Named { id: d.id, name: Bilingual::new(d.name_ja, d.name_en) }),
        None => None,
    };
    let settings = loaded.active.as_ref().map(|a| a.settings());
    let supports_given = match actor.user_id() {
        Some(uid) => supports::given(conn, p.id, uid)?,
        None => 0,
    };
    let supports_left = settings.as_ref().and_then(|s| s.support_limit).map(|l| (l - supports_given).max(0));
    Ok(ProcessDetail {
        id: p.id,
        slug: p.slug.clone(),
        title: Bilingual::new(&p.title_ja, &p.title_en),
        description_html: Bilingual::new(render(&p.description_ja), render(&p.description_en)),
        description: Bilingual::new(&p.description_ja, &p.description_en),
        image: image_key(conn, p.image_id)?,
        district,
        district_id: p.district_id,
        phases: loaded.phases.iter().map(|ph| phase_view(ph, active_id)).collect(),
        categories,
        districts: district_names(conn)?,
        active_phase: loaded.active.as_ref().map(|a| phase_view(a, active_id)),
        manual_phase_id: p.manual_phase_id,
        edit_window_minutes: p.edit_window_minutes,
        published: p.published,
        proposal_count: proposals::count_published(conn, p.id)?,
        can_propose: authorize(actor, &Action::CreateProposal { phase: settings }).is_ok(),
        can_manage: authorize(actor, &Action::ManageProcess { process: p.id }).is_ok(),
        supports_given,
        supports_left,
        waiting_answers: if authorize(actor, &Action::AnswerProposal { process: Some(p.id) }).is_ok() {
            proposals::unpublished_answer_titles(conn, p.id, 200)?
        } else {
            Vec::new()
        },
    })
}

/// Districts for forms and filters.
pub fn district_names(conn: &mut DbConn) -> ServiceResult<Vec<Named<DistrictId>>> {
    Ok(districts::list(conn)?
        .into_iter()
        .map(|d| Named { id: d.id, name: Bilingual::new(d.name_ja, d.name_en) })
        .collect())
}

/// The staff console's page of one process.
pub fn admin_process_page(
    svc: &Services,
    actor: &Actor,
    id: ProcessId,
) -> ServiceResult<yoriai_views::AdminProcessPage> {
    authorize(actor, &Action::ManageProcess { process: id })?;
    let mut conn = svc.conn()?;
    let loaded = load(&mut conn, actor, ProcessRef::Id(id))?;
    let process = detail(&mut conn, actor, &loaded)?;
    let pending_answers = proposals::unpublished_answers(&mut conn, id)?.len() as i64;
    let answer_states = crate::proposals::answer_states(svc)?;
    Ok(yoriai_views::AdminProcessPage {
        process,
        districts: district_names(&mut conn)?,
        pending_answers,
        answer_states,
        proposals: Vec::new(),
        roles: crate::processes::roles::holders(&mut conn, id)?,
    })
}

/// The staff console's home: every process and the answer states.
pub fn admin_overview(
    svc: &Services,
    actor: &Actor,
) -> ServiceResult<(Vec<ProcessSummary>, Vec<yoriai_views::CustomStateView>)> {
    let reach = managing(actor)?;
    let mut list = list_processes(svc, actor)?;
    list.retain(|p| reach.covers(p.id));
    Ok((list, crate::proposals::answer_states(svc)?))
}

/// Where the actor may manage processes: everywhere (platform administrators) or in
/// the processes they administer.
pub fn managing(actor: &Actor) -> Result<Reach, yoriai_domain::Denied> {
    reach(actor, |p| match p {
        Some(process) => Action::ManageProcess { process },
        None => Action::ManageProcesses,
    })
}
