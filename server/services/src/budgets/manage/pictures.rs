//! A project's pictures.

use super::*;
use yoriai_domain::ProjectId;
use yoriai_domain::UploadId;

pub fn add_project_image(
    svc: &Services,
    actor: &Actor,
    project_id: ProjectId,
    bytes: &[u8],
    alt_text: &str,
) -> ServiceResult<UploadId> {
    reach(actor, |process| Action::ManageBudgets { process })?;
    let mut conn = svc.conn()?;
    let project = budgets::find_project(&mut conn, project_id)?.ok_or(Rejection::new(ErrorCode::NotFound))?;
    let b = load_budget(&mut conn, actor, project.budget_id)?.managed_by(actor)?;
    editable(&b)?;
    drop(conn);
    let limit = GalleryLimit { max: MAX_PROJECT_IMAGES, full: ErrorCode::TooManyImages };
    add_to_gallery(svc, actor.user_id(), Gallery::Project(project_id), bytes, alt_text, limit)
}

pub fn remove_project_image(
    svc: &Services,
    actor: &Actor,
    project_id: ProjectId,
    upload_id: UploadId,
) -> ServiceResult<()> {
    reach(actor, |process| Action::ManageBudgets { process })?;
    let mut conn = svc.conn()?;
    let project = budgets::find_project(&mut conn, project_id)?.ok_or(Rejection::new(ErrorCode::NotFound))?;
    let b = load_budget(&mut conn, actor, project.budget_id)?.managed_by(actor)?;
    editable(&b)?;
    drop(conn);
    remove_from_gallery(svc, Gallery::Project(project_id), upload_id)
}
