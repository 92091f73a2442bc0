//! Assigning a report to a colleague, and moving it to another department.

use super::*;

/// Assigns the report to a colleague of its department (or nobody).
pub fn assign_report(svc: &Services, actor: &Actor, id: ReportId, assignee: Option<UserId>) -> ServiceResult<()> {
    let mut conn = svc.conn()?;
    let row = load_handled(&mut conn, actor, id)?;
    if let Some(a) = assignee {
        let ok = match row.department_id {
            Some(d) => rs::is_member(&mut conn, d, a)?,
            None => false,
        };
        if !ok {
            return Err(Rejection::field("assignee_id", ErrorCode::InvalidInput).into());
        }
    }
    let now = yoriai_store::now();
    let name = match assignee {
        Some(a) => users::find(&mut conn, a)?.map(|u| u.display_name).unwrap_or_default(),
        None => String::new(),
    };
    yoriai_store::write_tx(&mut conn, |c| {
        reports::set_assignee(c, id, assignee, now)?;
        reports::insert_update(
            c,
            &NewUpdate {
                report_id: id,
                author_id: uid(actor),
                kind: UpdateKind::Assigned,
                public: false,
                state_from: None,
                state_to: None,
                body: &name,
                created_at: now,
            },
        )?;
        audit::log(
            c,
            actor,
            "assign_report",
            ("report", Some(id)),
            Visibility::Staff,
            None,
            json!({ "assignee_id": assignee }),
        )
    })
}

/// Moves a wrongly routed report to another department.
pub fn move_report(svc: &Services, actor: &Actor, id: ReportId, department_id: DepartmentId) -> ServiceResult<()> {
    let mut conn = svc.conn()?;
    let row = load_handled(&mut conn, actor, id)?;
    let dept = rs::find_department(&mut conn, department_id)?
        .ok_or(Rejection::field("department_id", ErrorCode::InvalidInput))?;
    if row.department_id == Some(department_id) {
        return Err(Rejection::field("department_id", ErrorCode::StateUnchanged).into());
    }
    let now = yoriai_store::now();
    yoriai_store::write_tx(&mut conn, |c| {
        reports::set_department(c, id, Some(department_id), now)?;
        crate::reports::recount(c, &row, Some(department_id), row.state)?;
        reports::insert_update(
            c,
            &NewUpdate {
                report_id: id,
                author_id: uid(actor),
                kind: UpdateKind::Moved,
                public: false,
                state_from: None,
                state_to: None,
                body: &format!("{} / {}", dept.name_ja, dept.name_en),
                created_at: now,
            },
        )?;
        audit::log(
            c,
            actor,
            "move_report",
            ("report", Some(id)),
            Visibility::Staff,
            None,
            json!({ "from": row.department_id, "to": department_id }),
        )
    })
}
