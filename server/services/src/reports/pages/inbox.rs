//! The department inbox.

use super::*;
use yoriai_domain::UserId;
use yoriai_domain::{DepartmentId, ReportCategoryId, ReportId};

/// The inbox's filters.
#[derive(Debug, Clone, Default)]
pub struct InboxFilters {
    /// A department id, or none for "my departments" (all, for administrators).
    pub department: Option<DepartmentId>,
    pub state: String,
    pub category: Option<ReportCategoryId>,
    /// `me`, `unassigned` or empty for anyone.
    pub assignee: String,
    /// `oldest` (waiting longest) or `newest`.
    pub sort: String,
    pub cursor: String,
}

/// A department inbox: the reports routed to the actor's departments.
pub fn inbox(svc: &Services, actor: &Actor, f: &InboxFilters) -> ServiceResult<InboxPage> {
    authorize(actor, &Action::ViewInbox)?;
    let mut conn = svc.conn()?;
    let uid = actor.user_id().unwrap_or_default();
    let admin = actor.role() == Some(Role::Admin);
    let mine = rs::departments_of(&mut conn, uid)?;
    let departments = match f.department {
        Some(d) if admin || mine.contains(&d) => Some(vec![d]),
        Some(_) => return Err(ErrorCode::Forbidden.into()),
        None if admin => None,
        None => Some(mine.clone()),
    };
    let names = Names::load(&mut conn)?;
    let states =
        states_of(if f.state.is_empty() { "open" } else { &f.state }).map_err(|c| Rejection::field("state", c))?;
    let assignee = match f.assignee.as_str() {
        "me" => Some(Some(uid)),
        "unassigned" => Some(None),
        _ => None,
    };
    let order = if f.sort == "newest" { Order::Newest } else { Order::Oldest };
    let (rows, next) = reports::list(
        &mut conn,
        &ListQuery {
            visible_only: false,
            confirmed_only: true,
            categories: f.category.into_iter().collect(),
            states,
            department_ids: departments.clone(),
            assignee,
            order,
            after: Cursor::decode(&f.cursor),
            limit: 50,
            ..Default::default()
        },
    )?;
    let ids: Vec<ReportId> = rows.iter().map(|r| r.id).collect();
    let photos = reports::first_photos(&mut conn, &ids)?;
    let depts = rs::departments(&mut conn)?;
    let dept_name = |id: Option<DepartmentId>| {
        id.and_then(|d| depts.iter().find(|x| x.id == d)).map(|d| Bilingual::new(&d.name_ja, &d.name_en))
    };
    let now = yoriai_store::now();
    let assignee_ids: Vec<UserId> = rows.iter().filter_map(|r| r.assignee_id).collect();
    let assignees = users::display_names(&mut conn, &assignee_ids)?;
    let mut items = Vec::new();
    for r in &rows {
        let assignee = r.assignee_id.and_then(|a| assignees.iter().find(|(id, _)| *id == a)).map(|(_, n)| n.clone());
        items.push(InboxItem {
            card: card(r, &names, &photos, None),
            department: dept_name(r.department_id),
            assignee,
            waiting_days: (now - r.state_changed_at).num_days(),
        });
    }
    let counts = reports::count_by_state(&mut conn, departments.as_deref())?;
    Ok(InboxPage {
        items,
        next: next.map(|c| c.encode()),
        counts,
        departments: depts
            .iter()
            .filter(|d| admin || mine.contains(&d.id))
            .map(|d| Named { id: d.id, name: Bilingual::new(&d.name_ja, &d.name_en) })
            .collect(),
        my_departments: mine,
        categories: names.category_options(false),
    })
}
