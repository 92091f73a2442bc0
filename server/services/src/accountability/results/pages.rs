//! What the result pages show.

use super::*;

pub fn list_results(svc: &Services, actor: &Actor, after: Option<ResultId>) -> ServiceResult<ResultList> {
    const PAGE: i64 = 50;
    let mut conn = svc.conn()?;
    let mut rows = store::list_results(&mut conn, None, after, PAGE + 1)?;
    let next = if rows.len() as i64 > PAGE {
        rows.truncate(PAGE as usize);
        rows.last().map(|r| r.id)
    } else {
        None
    };
    Ok(ResultList {
        items: rows.iter().map(result_summary).collect(),
        next,
        can_manage: reach(actor, |process| Action::ManageResults { process }).is_ok(),
    })
}

pub fn result_page(svc: &Services, actor: &Actor, id: ResultId) -> ServiceResult<ResultPage> {
    let mut conn = svc.conn()?;
    let r = store::find_result(&mut conn, id)?.ok_or(ErrorCode::NotFound)?;
    let links = store::result_links_of(&mut conn, id)?;
    let parent = match r.parent_id {
        Some(pid) => store::find_result(&mut conn, pid)?.map(|p| (p.id, Bilingual::new(p.title_ja, p.title_en))),
        None => None,
    };
    let children = store::list_results(&mut conn, Some(id), None, 500)?;
    let rows = store::updates_of(&mut conn, id)?;
    let image_ids: Vec<UploadId> = rows.iter().filter_map(|u| u.image_id).collect();
    let images = uploads::find_many(&mut conn, &image_ids)?;
    let mut updates = Vec::new();
    for u in rows {
        let image = u.image_id.and_then(|img| images.iter().find(|up| up.id == img)).map(|up| ImageView {
            id: up.id,
            key: up.storage_key.clone(),
            alt: up.alt_text.clone(),
            width: up.width,
            height: up.height,
        });
        updates.push(ResultUpdateView {
            id: u.id,
            body_html: render(&u.body),
            progress: u.progress,
            status: u.status,
            image,
            created_at: city_time(u.created_at),
        });
    }
    let can_manage = authorize(actor, &manage(r.process_id)).is_ok();
    let form = can_manage.then(|| ResultForm {
        id: Some(r.id),
        input: ResultInput {
            process_id: r.process_id,
            parent_id: r.parent_id,
            title_ja: r.title_ja.clone(),
            title_en: r.title_en.clone(),
            description_ja: r.description_ja.clone(),
            description_en: r.description_en.clone(),
            status: r.status.as_str().to_owned(),
            custom_status_ja: r.custom_status_ja.clone(),
            custom_status_en: r.custom_status_en.clone(),
            progress: r.progress.to_string(),
            starts_on: r.starts_on.clone().unwrap_or_default(),
            ends_on: r.ends_on.clone().unwrap_or_default(),
            budget: r.budget.map(|b| b.to_string()).unwrap_or_default(),
            proposal_ids: ids_text(&links, ItemKind::Proposal),
            project_ids: ids_text(&links, ItemKind::Project),
            report_ids: ids_text(&links, ItemKind::Report),
            decision_ids: ids_text(&links, ItemKind::Decision),
        },
    });
    Ok(ResultPage {
        summary: result_summary(&r),
        description_html: Bilingual::new(render(&r.description_ja), render(&r.description_en)),
        parent,
        children: children.iter().map(result_summary).collect(),
        links: linked_items(&mut conn, &links)?,
        updates,
        can_manage,
        form,
    })
}
